"""The per-graph memo of pair evidence reads what access reads and follows the graph's edits."""

from kg import graph_cache
from queries import in_memory
from queries.associations import evidence_matrix, gaps
from queries.pair_evidence import pair_evidence
from tests.queries.graphs import BDNF, NP, mention, tiny, work


def test_findings_and_works_are_those_access_reads(synthetic_graph):
    G = synthetic_graph
    memo = pair_evidence(G)
    concepts = [n for n, k in G.nodes(data="kind") if k in ("mechanism", "condition", "intervention")]
    assert concepts
    for concept in concepts:
        assert memo.findings(G, concept) == in_memory.findings(G, concept)
        assert memo.works(G, concept) == in_memory.works_mentioning(G, concept)


def test_summaries_equal_one_pair_at_a_time(synthetic_graph):
    G = synthetic_graph
    mechanisms = in_memory.concepts_in_graph(G, ["mechanism"])
    conditions = in_memory.concepts_in_graph(G, ["condition"])
    batch = pair_evidence(G).summaries(G, mechanisms, conditions)
    graph_cache.clear(G)
    single = pair_evidence(G)
    assert batch == {(m, c): single.summary(G, m, c) for m in mechanisms for c in conditions}
    assert any(s["studies"] for s in batch.values())


def test_answers_follow_edits():
    G = tiny()
    before = evidence_matrix(G).loc["brain-derived neurotrophic factor", "neuropathic pain"]
    w7 = work(G, "W7", "rct", "human", 2022)
    mention(G, w7, BDNF, direction="up")
    mention(G, w7, NP, start=40)
    assert evidence_matrix(G).loc["brain-derived neurotrophic factor", "neuropathic pain"] == before + 1
    G.nodes[w7]["retracted"] = True  # an attribute edit keeps the counts: clear by hand
    graph_cache.clear(G)
    assert evidence_matrix(G).loc["brain-derived neurotrophic factor", "neuropathic pain"] == before
    assert len(gaps(G)) == len(gaps(tiny()))
