"""Property: no helper mutates the graph it reads (nodes, edges, keys, attributes, G.graph)."""

import copy

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import queries
from kg.model import DESIGNS, FIELDS, SPECIES, Cites, ContradictedBy, SupportedBy, add_edge
from tests.queries import graphs
from tests.queries.graphs import ACU, BDNF, EA, GABA, NP, SNI

CONCEPTS = (EA, ACU, BDNF, GABA, NP, SNI)

works = st.lists(
    st.tuples(
        st.sampled_from((*DESIGNS, None)),
        st.sampled_from((*SPECIES, None)),
        st.one_of(st.none(), st.integers(2000, 2024)),
        st.booleans(),
    ),
    min_size=1,
    max_size=6,
)
mentions = st.lists(
    st.tuples(
        st.integers(0, 5),
        st.sampled_from(CONCEPTS),
        st.sampled_from(FIELDS),
        st.sampled_from(("up", "down", None)),
        st.booleans(),
        st.integers(0, 3),
    ),
    max_size=20,
)
pairs = st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)), max_size=12)


@st.composite
def graph(draw):
    G = nx.MultiDiGraph(synthetic=True, works=0)
    for cid in CONCEPTS:
        graphs.concept(G, cid)
    ids = [graphs.work(G, f"W{i}", d, s, y, retracted=r) for i, (d, s, y, r) in enumerate(draw(works))]
    for i, cid, field, direction, negated, start in draw(mentions):
        graphs.mention(G, ids[i % len(ids)], cid, field, direction, negated, start)
    for a, b in draw(pairs):
        if a % len(ids) != b % len(ids):
            add_edge(G, Cites(source=ids[a % len(ids)], target=ids[b % len(ids)]))
    graphs.claim(G, 1, "increases", "BDNF", BDNF, "up", "10.5555/w0")
    add_edge(G, Cites(source=graphs.S1, target=ids[0]))
    for a, b in draw(pairs):
        cls = SupportedBy if a % 2 else ContradictedBy
        add_edge(G, cls(source="claim:s1-01", target=ids[b % len(ids)], field="abstract", sentence="s"))
    return G


def snapshot(G):
    return (
        copy.deepcopy(G.graph),
        [(n, copy.deepcopy(a)) for n, a in G.nodes(data=True)],
        [(u, v, k, copy.deepcopy(a)) for u, v, k, a in G.edges(keys=True, data=True)],
    )


CALLS = [
    lambda G: queries.evidence(G),
    lambda G: queries.evidence(G, mechanism="BDNF", condition="neuropathic pain", intervention="EA", design=["rct", "animal"], species="animal", since=2005),
    lambda G: queries.timeline(G, "GABA"),
    lambda G: queries.mechanisms_for(G, "neuropathic pain"),
    lambda G: queries.conditions_for(G, "BDNF"),
    lambda G: queries.evidence_matrix(G, value="score"),
    lambda G: queries.gaps(G),
    lambda G: queries.chains(G, "acupuncture", "sciatic nerve injury"),
    lambda G: queries.claims_audit(G),
    lambda G: queries.references(G, "W0"),
    lambda G: queries.cited_by(G, "W0"),
    lambda G: queries.most_cited(G, n=3),
    lambda G: queries.central_works(G, n=3),
    lambda G: queries.co_cited(G, min_count=1),
    lambda G: queries.coupled(G, min_count=1),
    lambda G: queries.communities(G, min_size=1),
]


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graph())
def test_helpers_never_mutate_the_graph(G):
    before = snapshot(G)
    for call in CALLS:
        call(G)
        assert snapshot(G) == before


def test_snapshot_sees_attribute_and_order_changes():
    G = graphs.tiny()
    before = snapshot(G)
    G.nodes["work:W1"]["year"] = 1999
    assert snapshot(G) != before
    G = graphs.tiny()
    G.edges["work:W1", "mechanism:bdnf", "MENTIONS:abstract:10"]["negated"] = True
    assert snapshot(G) != before
