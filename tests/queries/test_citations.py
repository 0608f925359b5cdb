"""Citation analytics on the hand-built graphs."""

from collections import Counter
from itertools import combinations

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python
from pandas.testing import assert_frame_equal

from kg.errors import UnknownWorkError
from queries.citations import (
    CENTRAL_COLUMNS,
    COMMUNITY_COLUMNS,
    PAIR_COLUMNS,
    central_works,
    cited_by,
    co_cited,
    communities,
    coupled,
    most_cited,
    pagerank,
    top_pairs,
    references,
)
from queries.shaping import WORK_TABLE_COLUMNS
from tests.queries.graphs import tiny, two_clusters
from tests.queries.helpers import expect

W1 = ("work:W1", "10.5555/w1", "Study W1", 2015, "rct", "human", 3, 50)
W2 = ("work:W2", "10.5555/w2", "Study W2", 2012, "animal", "rat", 3, 10)
W3 = ("work:W3", "10.5555/w3", "Study W3", 2018, "animal", "rat", 1, 0)
W4 = ("work:W4", "10.5555/w4", "Study W4", 2020, "systematic_review", "human", 0, 5)
W5 = ("work:W5", "10.5555/w5", "Study W5", 2019, "rct", "human", 0, 0)


def test_references_and_cited_by():
    G = tiny()
    assert_frame_equal(references(G, "W4"), expect(WORK_TABLE_COLUMNS, [W1, W2, W3]))
    assert_frame_equal(references(G, "W6"), expect(WORK_TABLE_COLUMNS, []))
    # the source citing W1 is no work: it counts neither here nor in W1's citations
    assert_frame_equal(cited_by(G, "https://openalex.org/W1"), expect(WORK_TABLE_COLUMNS, [W3, W4, W5]))
    with pytest.raises(UnknownWorkError, match="W7"):
        cited_by(G, "work:W7")


def test_most_cited():
    assert_frame_equal(most_cited(tiny(), n=3), expect(WORK_TABLE_COLUMNS, [W1, W2, W3]))


def citation_digraph(G):
    D = nx.DiGraph()
    D.add_nodes_from(n for n, k in G.nodes(data="kind") if k == "work")
    D.add_edges_from((u, v) for u, v, t in G.edges(data="type") if t == "CITES" and u in D and v in D)
    return D


@pytest.mark.parametrize("make", [tiny, two_clusters])
def test_pagerank_matches_networkx(make):
    G = make()
    expected = _pagerank_python(citation_digraph(G))
    got = pagerank(G)
    assert got.keys() == expected.keys()
    assert all(got[w] == pytest.approx(expected[w], abs=1e-9) for w in got)


def test_central_works():
    G = tiny()
    ranks = _pagerank_python(citation_digraph(G))
    got = central_works(G, n=3)
    rows = [
        ("work:W2", "10.5555/w2", "Study W2", 2012, "animal", "rat", ranks["work:W2"], 3),
        ("work:W1", "10.5555/w1", "Study W1", 2015, "rct", "human", ranks["work:W1"], 3),
        ("work:W3", "10.5555/w3", "Study W3", 2018, "animal", "rat", ranks["work:W3"], 1),
    ]
    assert_frame_equal(got, expect(CENTRAL_COLUMNS, rows), rtol=1e-9)


def test_co_cited_and_coupled():
    G = tiny()
    # W1 and W2 are both cited by W3 and W4
    assert_frame_equal(co_cited(G), expect(PAIR_COLUMNS, [("work:W1", "work:W2", 2, "Study W1", "Study W2")]))
    # W3 and W4 both cite W1 and W2
    assert_frame_equal(coupled(G), expect(PAIR_COLUMNS, [("work:W3", "work:W4", 2, "Study W3", "Study W4")]))
    assert co_cited(G, min_count=1, n=2)[["work_a", "work_b", "count"]].values.tolist() == [
        ["work:W1", "work:W2", 2], ["work:W1", "work:W3", 1]]


def test_communities():
    rows = [
        (0, 4, "brain-derived neurotrophic factor (4), neuropathic pain (1)", "work:WA1", "Study WA1"),
        (1, 4, "GABA (4), neuropathic pain (1)", "work:WB1", "Study WB1"),
    ]
    assert_frame_equal(communities(two_clusters()), expect(COMMUNITY_COLUMNS, rows))
    assert_frame_equal(communities(nx.MultiDiGraph()), expect(COMMUNITY_COLUMNS, []))


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 6), st.integers(0, 9)), max_size=60),
    st.integers(1, 6),
    st.integers(1, 3),
)
def test_top_pairs_matches_counting_combinations(memberships, n, min_count):
    groups: dict[int, set[int]] = {}
    for g, m in memberships:
        groups.setdefault(g, set()).add(m)
    counts = Counter(p for members in groups.values() for p in combinations(sorted(members), 2))
    expected = sorted(((a, b, c) for (a, b), c in counts.items() if c >= min_count), key=lambda t: (-t[2], t[0], t[1]))[:n]
    arrays = np.array(memberships, dtype=np.int64).reshape(-1, 2)
    assert top_pairs(arrays[:, 0], arrays[:, 1], n=n, min_count=min_count) == expected
