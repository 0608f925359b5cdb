"""The helpers on the small synthetic graph (tests/conftest.py), checked against counts read
straight from the edges."""

from collections import Counter

import networkx as nx
import pytest

import queries
from kg.vocabulary import narrower
from queries.scoring import VERDICTS
from queries.shaping import CLAIM_COLUMNS, EVIDENCE_COLUMNS, association_columns


def mention_targets(G, kind):
    counts = Counter(v for u, v, t in G.edges(data="type") if t == "MENTIONS" and G.nodes[v]["kind"] == kind)
    assert counts, f"the synthetic graph mentions no {kind}"
    return counts


def works_mentioning(G, concept):
    return {u for u, _, t in G.in_edges(concept, data="type") if t == "MENTIONS"}


def live(G, works):
    return {w for w in works if not G.nodes[w]["retracted"]}


@pytest.fixture(scope="module")
def top(synthetic_graph):
    """The most mentioned condition, and the most mentioned mechanism associated with it."""
    G = synthetic_graph
    condition = mention_targets(G, "condition").most_common(1)[0][0]
    associated = {u for u, _, t in G.in_edges(condition, data="type") if t == "ASSOCIATED_WITH"}
    mechanism = next(m for m, _ in mention_targets(G, "mechanism").most_common() if m in associated)
    return mechanism, condition


def test_evidence_rows_are_the_mention_edges(synthetic_graph, top):
    G, (mechanism, condition) = synthetic_graph, top
    got = queries.evidence(G, mechanism=mechanism, exact=True)
    assert list(got.columns) == list(EVIDENCE_COLUMNS)
    assert len(got) == sum(1 for *_, t in G.in_edges(mechanism, data="type") if t == "MENTIONS")
    both = queries.evidence(G, mechanism=mechanism, condition=condition, exact=True)
    assert set(both["work"]) == works_mentioning(G, mechanism) & works_mentioning(G, condition)


def test_evidence_rolls_up_to_the_mentions_of_narrower_concepts(synthetic_graph):
    G = synthetic_graph
    parent = max((c for c in G if c.startswith("mechanism:") and len(narrower(c) & set(G)) > 1),
                 key=lambda c: len(narrower(c) & set(G)))
    under = narrower(parent) & set(G)
    got = queries.evidence(G, mechanism=parent)
    assert len(got) == sum(1 for c in under for *_, t in G.in_edges(c, data="type") if t == "MENTIONS")
    assert all(v == ([] if c == parent else [c]) for c, v in zip(got["concept"], got["via"]))


def test_mechanisms_for_counts_the_shared_works(synthetic_graph, top):
    G, (_, condition) = synthetic_graph, top
    got = queries.mechanisms_for(G, condition)
    assert list(got.columns) == list(association_columns("mechanism")) and len(got)
    cond_works = set().union(*(works_mentioning(G, c) for c in narrower(condition) if c in G))
    for row in got.itertuples():
        shared = works_mentioning(G, row.mechanism) & cond_works
        assert row.studies == len(live(G, shared))
        assert row.retracted == len(shared) - row.studies
    assert got["score"].is_monotonic_decreasing


def test_conditions_for_mirrors_mechanisms_for(synthetic_graph, top):
    G, (mechanism, condition) = synthetic_graph, top
    a = queries.mechanisms_for(G, condition, exact=True).set_index("mechanism").loc[mechanism]
    b = queries.conditions_for(G, mechanism, exact=True).set_index("condition").loc[condition]
    assert a.drop("label").equals(b.drop("label"))


def test_claims_audit(synthetic_graph):
    G = synthetic_graph
    got = queries.claims_audit(G)
    assert list(got.columns) == list(CLAIM_COLUMNS)
    assert len(got) == sum(1 for _, k in G.nodes(data="kind") if k == "claim")
    assert set(got["verdict"]) <= set(VERDICTS)
    for row in got.itertuples():
        supported = {v for _, v, t in G.out_edges(row.claim, data="type") if t == "SUPPORTED_BY"}
        assert row.n_supporting == len(live(G, supported))


def test_matrix_and_gaps_agree_with_mechanisms_for(synthetic_graph, top):
    G, (_, condition) = synthetic_graph, top
    label = G.nodes[condition]["label"]
    matrix = queries.evidence_matrix(G)
    ranked = queries.mechanisms_for(G, condition, exact=True)
    for row in ranked.itertuples():
        if row.studies:
            assert matrix.loc[row.label, label] == row.studies
    gaps = queries.gaps(G)
    single = gaps[gaps["reasons"].str.contains("single_study")]
    assert (single["studies"] == 1).all()


def test_timeline_totals(synthetic_graph, top):
    G, (mechanism, _) = synthetic_graph, top
    got = queries.timeline(G, mechanism)
    expected = {w for w in live(G, works_mentioning(G, mechanism)) if G.nodes[w]["year"] is not None}
    assert got["cumulative"].iloc[-1] == len(expected) == got["studies"].sum()


def test_citation_helpers(synthetic_graph):
    G = synthetic_graph
    top = queries.most_cited(G, n=5)
    assert top["citations"].is_monotonic_decreasing
    first = top["work"].iloc[0]
    assert len(queries.cited_by(G, first)) == top["citations"].iloc[0]
    refs = queries.references(G, first)
    assert set(refs["work"]) == {v for _, v, t in G.out_edges(first, data="type") if t == "CITES"}
    central = queries.central_works(G, n=5)
    W = nx.DiGraph()
    W.add_nodes_from(n for n, k in G.nodes(data="kind") if k == "work")
    W.add_edges_from((u, v) for u, v, t in G.edges(data="type") if t == "CITES" and u in W and v in W)
    ranks = nx.pagerank(W, tol=1e-10)
    assert central["pagerank"].tolist() == pytest.approx(sorted(ranks.values(), reverse=True)[:5], abs=1e-9)
    assert len(queries.co_cited(G, n=5)) <= 5 and len(queries.coupled(G, n=5)) <= 5
    found = queries.communities(G)
    assert found["size"].is_monotonic_decreasing
    # Leiden does at least as well as networkx's Louvain with the same seed
    U = nx.Graph((u, v) for u, v in W.edges() if u != v)
    louvain = nx.community.modularity(U, nx.community.louvain_communities(U, seed=0))
    assert found.attrs["modularity"] >= louvain - 1e-12
    assert found.attrs["modularity"] == pytest.approx(nx.community.modularity(U, leiden_parts(U, found, G)))


def leiden_parts(U, found, G):
    """The partition behind ``found`` rebuilt by hand: every work of U in one of its communities
    (sizes checked against the frame), read from the Leiden membership."""
    from kg.citation_matrix import citations
    from queries import leiden

    index = citations(G)
    membership, _ = leiden.partition(index.matrix, seed=0)
    parts: dict[int, set] = {}
    for work, c in zip(index.works, membership.tolist()):
        if c >= 0:
            parts.setdefault(c, set()).add(work)
    shown = [len(parts[c]) for c in sorted(parts) if len(parts[c]) >= 2]
    assert shown == found["size"].tolist() and set().union(*parts.values()) == set(U)
    return list(parts.values())


def test_chains_on_the_synthetic_graph(synthetic_graph, top):
    G, (_, condition) = synthetic_graph, top
    got = queries.chains(G, "acupuncture", condition, max_len=3)
    assert got["weakest_score"].is_monotonic_decreasing
    for row in got.itertuples():
        assert row.weakest_score == min(row.hop_scores) and min(row.hop_studies) >= 1


def test_co_citation_and_coupling_against_counting(synthetic_graph):
    from collections import Counter
    from itertools import combinations

    G = synthetic_graph
    cites = [(u, v) for u, v, t in G.edges(data="type") if t == "CITES" and u.startswith("work:")]
    refs, citers = {}, {}
    for u, v in cites:
        refs.setdefault(u, set()).add(v)
        citers.setdefault(v, set()).add(u)
    for helper, groups in ((queries.co_cited, refs), (queries.coupled, citers)):
        counts = Counter(p for g in groups.values() for p in combinations(sorted(g), 2))
        expected = sorted(((a, b, c) for (a, b), c in counts.items() if c >= 2), key=lambda r: (-r[2], r[0], r[1]))[:10]
        got = helper(G, n=10)
        assert list(zip(got["work_a"], got["work_b"], got["count"])) == expected
