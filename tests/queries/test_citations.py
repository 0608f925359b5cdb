"""Citation analytics on the hand-built graphs."""

from collections import Counter
from itertools import combinations

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import example, given, settings
from hypothesis import strategies as st
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
    references,
)
from queries.pair_counts import top_pairs
from queries.shaping import WORK_TABLE_COLUMNS
from tests.queries.graphs import cite, tiny, two_clusters, work
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
    """At networkx's default tolerance (1e-6) its ranks on two_clusters are still 1.4e-6 from
    the fixed point; at the tolerance kg.pagerank uses (1e-10) both agree to 1e-9."""
    G = make()
    expected = nx.pagerank(citation_digraph(G), tol=1e-10)
    got = pagerank(G)
    assert got.keys() == expected.keys()
    assert all(got[w] == pytest.approx(expected[w], abs=1e-9) for w in got)


def test_central_works():
    G = tiny()
    ranks = nx.pagerank(citation_digraph(G), tol=1e-12)
    got = central_works(G, n=3)
    rows = [
        ("work:W2", "10.5555/w2", "Study W2", 2012, "animal", "rat", ranks["work:W2"], 3),
        ("work:W1", "10.5555/w1", "Study W1", 2015, "rct", "human", ranks["work:W1"], 3),
        ("work:W3", "10.5555/w3", "Study W3", 2018, "animal", "rat", ranks["work:W3"], 1),
    ]
    assert_frame_equal(got, expect(CENTRAL_COLUMNS, rows), rtol=1e-8)


def test_answers_follow_the_graph_as_it_grows():
    G = tiny()
    assert most_cited(G, n=1)["work"].tolist() == ["work:W1"]
    before = pagerank(G)
    for short in ("W7", "W8", "W9"):
        cite(G, work(G, short, "animal", "rat", 2021), "work:W2")
    assert most_cited(G, n=1)["work"].tolist() == ["work:W2"]
    assert pagerank(G)["work:W2"] > before["work:W2"]
    assert co_cited(G, n=1)["count"].tolist() == [2]
    assert coupled(G, n=1, min_count=1)[["work_a", "work_b"]].values.tolist() == [["work:W3", "work:W4"]]


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
    got = communities(two_clusters())
    assert_frame_equal(got, expect(COMMUNITY_COLUMNS, rows))
    U = citation_digraph(two_clusters()).to_undirected()
    by_louvain = nx.community.modularity(U, nx.community.louvain_communities(U, seed=0))
    assert got.attrs["modularity"] == pytest.approx(by_louvain) and got.attrs["communities"] == 2
    empty = communities(nx.MultiDiGraph())
    assert_frame_equal(empty, expect(COMMUNITY_COLUMNS, []))
    assert empty.attrs["modularity"] == 0.0


def brute_force_pairs(groups: dict, n: int, min_count: int) -> list[tuple]:
    counts = Counter(p for members in groups.values() for p in combinations(sorted(members), 2))
    return sorted(((a, b, c) for (a, b), c in counts.items() if c >= min_count), key=lambda t: (-t[2], t[0], t[1]))[:n]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 6), st.integers(0, 14)), min_size=10, max_size=80),
    st.integers(1, 6),
    st.integers(1, 3),
    st.sampled_from([1, 4, 1 << 22]),
    st.sampled_from([0, 1, 3, 256]),
)
@example([(0, 0), (0, 1), (0, 2), (0, 3), (1, 0), (1, 1), (2, 1), (2, 2)], 3, 2, 1 << 22, 0)  # group 0: a hub
def test_top_pairs_matches_counting_combinations(memberships, n, min_count, budget, first_rows):
    """Whatever the blocks and however many rows are counted whole before hubs are set apart."""
    groups: dict[int, set[int]] = {}
    for g, m in memberships:
        groups.setdefault(g, set()).add(m)
    arrays = np.array(memberships, dtype=np.int64).reshape(-1, 2)
    matrix = sp.coo_array((np.ones(len(arrays)), (arrays[:, 0], arrays[:, 1])), shape=(7, 15))
    got = top_pairs(matrix, n=n, min_count=min_count, budget=budget, first_rows=first_rows)
    assert got == brute_force_pairs(groups, n, min_count)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(2, 25).flatmap(
        lambda size: st.tuples(st.just(size), st.lists(st.tuples(st.integers(0, size - 1), st.integers(0, size - 1)), max_size=120))
    ),
    st.integers(1, 8),
    st.integers(1, 3),
)
def test_co_citation_and_coupling_equal_brute_force_on_random_graphs(graph, n, min_count):
    size, edges = graph
    G = nx.MultiDiGraph()
    ids = [work(G, f"W{i:02d}", "animal", "rat", 2020) for i in range(size)]
    for a, b in edges:
        cite(G, ids[a], ids[b])
    refs: dict[str, set] = {}
    citers: dict[str, set] = {}
    for a, b in edges:
        refs.setdefault(ids[a], set()).add(ids[b])
        citers.setdefault(ids[b], set()).add(ids[a])
    for helper, groups in ((co_cited, refs), (coupled, citers)):
        got = helper(G, n=n, min_count=min_count)
        assert list(zip(got["work_a"], got["work_b"], got["count"])) == brute_force_pairs(groups, n, min_count)


@pytest.mark.parametrize("seed", range(8))
def test_top_pairs_with_large_counts_equals_the_dense_product(seed):
    """Counts in the tens, so pairs must meet several times in their prefixes (k > 1)."""
    rng = np.random.default_rng(seed)
    dense = (rng.random((80, 40)) < 0.5).astype(np.int64)
    shared = dense.T @ dense
    a, b = np.triu_indices(40, k=1)
    expected = sorted(zip(a.tolist(), b.tolist(), shared[a, b].tolist()), key=lambda t: (-t[2], t[0], t[1]))[:15]
    assert expected[-1][2] >= 12
    for first_rows, budget in ((256, 1 << 22), (2, 50), (0, 1)):
        got = top_pairs(sp.csr_array(dense), n=15, min_count=2, budget=budget, first_rows=first_rows)
        assert got == expected
