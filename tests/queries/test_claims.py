"""claims_audit on the hand-built graph: one claim per verdict, and the cited-work columns."""

import networkx as nx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

from kg.claims import on_point, works_mentioning
from kg.vocabulary import narrower
from queries.claims import claims_audit
from queries.shaping import CLAIM_COLUMNS, claim_row
from tests.queries import graphs
from tests.queries.graphs import BDNF, GABA, NGF, NP, S1, SEROTONIN, tiny
from tests.queries.test_purity import graph as purity_graph
from tests.queries.helpers import expect

W = {n: f"work:W{n}" for n in range(1, 7)}
TITLE = "Acupuncture heals nerves"


def claim(n, relation, obj, concept, expected, doi):
    return (f"claim:s1-{n:02d}", S1, TITLE, f"acupuncture {relation} {obj}", "acupuncture", relation, obj, concept,
            None, [], expected, doi)


def test_claims_audit():
    rows = [
        # supported by W1 (rct), W2; contradicted by W3 (animal), W4 (systematic review, 7 >= 6)
        claim(1, "increases", "BDNF", BDNF, "up", "10.5555/w1")
        + ("work:W1", True, True, "supports", 4, 4, 2, 2, 0, [W[1], W[2]], [W[3], W[4]], [], "rct", 6, True, "contested"),
        # supported by the in vitro W6 only (no intervention: not on point); W2 (EA) is on point, silent
        claim(2, "increases", "GABA", GABA, "up", "10.5555/w6")
        + ("work:W6", True, True, "supports", 1, 2, 1, 0, 1, [W[6]], [], [W[2]], "in_vitro", 2, False, "supported_animal_only"),
        # no work mentions serotonin
        claim(3, "modulates", "serotonin", SEROTONIN, None, None)
        + (None, False, False, None, 0, 0, 0, 0, 0, [], [], [], None, None, False, "not_found"),
        # supported by the RCT W1; W2-W4 silent, W5 retracted; the cited DOI is not in the graph
        claim(4, "treats", "neuropathic pain", NP, None, "10.5555/w9")
        + (None, False, False, "not_in_graph", 4, 4, 1, 0, 3, [W[1]], [], [W[2], W[3], W[4]], "rct", 6, True, "supported"),
        # W6 mentions NGF only as a null finding, with no intervention: nothing on point
        claim(5, "increases", "NGF", NGF, "up", None)
        + (None, False, False, None, 0, 1, 0, 1, 0, [], [W[6]], [], None, None, False, "not_supported"),
        # "qi flow" is no concept
        claim(6, "restores", "qi flow", None, None, None)
        + (None, False, False, None, 0, 0, 0, 0, 0, [], [], [], None, None, False, "not_found"),
    ]
    assert_frame_equal(claims_audit(tiny()), expect(CLAIM_COLUMNS, rows))


def test_graph_without_claims_gives_empty_frame():
    assert_frame_equal(claims_audit(nx.MultiDiGraph()), expect(CLAIM_COLUMNS, []))


def test_cited_work_through_seed_map():
    G = tiny()
    G.graph["seed_map"] = {"https://doi.org/10.5555/W9": "https://openalex.org/W4"}
    row = claims_audit(G).set_index("claim").loc["claim:s1-04"]
    assert (row["cited_work"], row["cited_in_graph"], row["cited_mentions_object"], row["cited_stance"]) == (
        "work:W4", True, True, "silent")


def test_claim_row_cited_stances():
    base = {"id": "claim:x-01", "label": "x", "object_concept": BDNF, "cited_doi": "10.1/a"}
    works = {"work:A": {"design": "rct", "retracted": False}, "work:B": {"design": "animal", "retracted": True},
             "work:C": {"design": "animal", "retracted": False}}

    def stance(cited, **sets):
        kw = dict(supporting=(), contradicting=(), mentioning=(), on_point=()) | sets
        return claim_row(base, source_title=None, works=works, cited_work=cited, **kw)["cited_stance"]

    assert stance("work:A", contradicting=["work:A"], mentioning=["work:A"]) == "contradicts"
    assert stance("work:B", supporting=["work:B"]) == "retracted"
    assert stance("work:C") == "no_mention"
    row = claim_row(base, source_title=None, works=works, cited_work="work:C", supporting=["work:B"],
                    contradicting=[], mentioning=["work:B", "work:C"], on_point=["work:B", "work:C"])
    # the only supporter is retracted: mentions exist, none supports
    assert (row["n_supporting"], row["n_silent"], row["cited_stance"], row["verdict"]) == (0, 1, "silent", "not_supported")


def reference_audit(G):
    """The audit through the generic ``claim_row`` (the path the Cypher twin takes), read
    straight from the edges."""
    from queries.shaping import claims_frame

    rows = []
    for node in sorted(n for n in G.nodes if n.startswith("claim:")):
        claim_ = dict(G.nodes[node], id=node)
        obj = claim_.get("object_concept")
        out = [(v, t) for _, v, t in G.out_edges(node, data="type")]
        mentioning = {u for c in narrower(obj or "") if c in G for u, _, t in G.in_edges(c, data="type")
                      if t == "MENTIONS"}
        on = on_point(claim_, works_mentioning(G))
        cites = sorted(v for _, v, t in G.out_edges(S1, data="type") if t == "CITES")
        cited = next((v for v in cites if claim_.get("cited_doi") and G.nodes[v].get("doi") == claim_["cited_doi"]), None)
        rows.append(claim_row(claim_, source_title=G.nodes[S1].get("label") or S1, works=dict(G.nodes),
                              supporting=[v for v, t in out if t == "SUPPORTED_BY"],
                              contradicting=[v for v, t in out if t == "CONTRADICTED_BY"],
                              mentioning=mentioning, on_point=on, cited_work=cited))
    return claims_frame(rows)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_claims_audit_agrees_with_claim_row(data):
    # random works, mentions, citations and support, with claims repeated on one object
    G = data.draw(purity_graph())
    ids = sorted(n for n in G.nodes if n.startswith("work:"))
    for number in (2, 3):
        same = data.draw(st.booleans())
        support = ids[:2] if same else data.draw(st.lists(st.sampled_from(ids), max_size=4))
        contradict = [] if same else data.draw(st.lists(st.sampled_from(ids), max_size=3))
        graphs.claim(G, number, "increases", "BDNF", BDNF, "up", "10.5555/w0", support=support, contradict=contradict)
    graphs.claim(G, 4, "increases", "BDNF", BDNF, "up", "10.5555/w0", support=ids[:2])
    got = claims_audit(G)
    assert_frame_equal(got, reference_audit(G))
    # rows alike share no list: each cell is its own
    lists = [cell for column in ("supporting", "contradicting", "silent") for cell in got[column]]
    assert len({id(cell) for cell in lists}) == len(lists)


def test_claims_with_the_same_works_get_the_same_row():
    G = tiny()
    graphs.claim(G, 7, "increases", "BDNF", BDNF, "up", "10.5555/w1", support=[W[1], W[2]], contradict=[W[3], W[4]])
    rows = claims_audit(G).set_index("claim")
    a, b = rows.loc["claim:s1-01"], rows.loc["claim:s1-07"]
    assert a.drop("text").equals(b.drop("text"))
    assert a["silent"] is not b["silent"] and a["supporting"] is not b["supporting"]


def test_work_both_supporting_and_contradicting_counts_as_support():
    G = tiny()
    graphs.claim(G, 8, "increases", "GABA", GABA, "up", None, support=[W[6], W[5]], contradict=[W[6], W[2]])
    row = claims_audit(G).set_index("claim").loc["claim:s1-08"]
    # W5 is retracted; W6 supports (and contradicts); W2 contradicts
    assert (row["supporting"], row["contradicting"], row["silent"]) == ([W[6]], [W[2]], [])
    assert row["verdict"] == "contested"  # animal against in vitro: 3 >= 2
