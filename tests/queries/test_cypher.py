"""The Cypher twins return the very DataFrames the networkx helpers return, on real servers:
FalkorDB (started locally) always, Neo4j where NEO4J_URI is set."""

from __future__ import annotations

import uuid

import pytest
from pandas.testing import assert_frame_equal

from kg.errors import UnknownConceptError, UnknownWorkError
from queries import cypher
from queries.associations import chains, conditions_for, gaps, mechanisms_for
from queries.citations import cited_by, most_cited, references
from queries.claims import claims_audit
from queries.findings import evidence
from tests.kg.backends.conftest import NEO4J_SKIP, falkordb_server  # noqa: F401 (fixture)
from tests.queries.graphs import tiny

EVIDENCE_CASES = [
    dict(mechanism="BDNF"),
    dict(mechanism="BDNF", condition="neuropathic pain", species="animal"),
    dict(mechanism="BDNF", intervention="electroacupuncture"),
    dict(mechanism="BDNF", design=["rct", "systematic_review"], since=2016),
    dict(mechanism="BDNF", species=["human"], design="rct"),
    dict(condition="neuropathic pain", intervention="acupuncture"),
    dict(condition="sciatic nerve injury", species="human"),
    dict(),
    dict(species=["animal", "human"], since=2011),
    dict(mechanism="serotonin"),
    dict(mechanism="neurotrophins", condition="peripheral nerve injury"),
    dict(mechanism="neurotrophins", condition="peripheral nerve injury", exact=True),
    dict(condition="neuropathic pain", intervention="acupuncture", exact=True),
]


def _open(kind, server):
    if kind == "falkordb":
        from kg.backends.falkordb import FalkorDBBackend

        return FalkorDBBackend(server.url, graph=f"twins-{uuid.uuid4().hex[:8]}")
    from kg.backends import open_backend
    from kg.settings import Settings

    settings = Settings.from_env()
    if not settings.neo4j_uri:
        pytest.skip(NEO4J_SKIP)
    db = open_backend(settings, "neo4j")
    db.clear()
    return db


def _pushed(request, server, G):
    db = _open(request.param, server)
    db.save_graph(G)
    request.addfinalizer(lambda: (db.drop() if hasattr(db, "drop") else db.clear(), db.close()))
    return db


@pytest.fixture(scope="module", params=["falkordb", "neo4j"])
def tiny_db(request, falkordb_server):  # noqa: F811
    G = tiny()
    G.graph["seed_map"] = {"https://doi.org/10.5555/W9": "https://openalex.org/W4"}
    return G, _pushed(request, falkordb_server, G)


@pytest.fixture(scope="module", params=["falkordb", "neo4j"])
def synthetic_db(request, falkordb_server, synthetic_graph):  # noqa: F811
    return synthetic_graph, _pushed(request, falkordb_server, synthetic_graph)


@pytest.mark.parametrize("kwargs", EVIDENCE_CASES, ids=lambda k: ",".join(f"{a}={b}" for a, b in k.items()) or "all")
def test_evidence_twin(tiny_db, kwargs):
    G, db = tiny_db
    expected = evidence(G, **kwargs)
    assert_frame_equal(evidence(db, **kwargs), expected)
    assert_frame_equal(cypher.evidence(db, **kwargs), expected)


@pytest.mark.parametrize("condition", ["neuropathic pain", "sciatic nerve injury", "stroke", "BDNF",
                                       "peripheral nerve injury"])
def test_mechanisms_for_twin(tiny_db, condition):
    G, db = tiny_db
    assert_frame_equal(mechanisms_for(db, condition), mechanisms_for(G, condition))


def test_claims_audit_twin(tiny_db):
    G, db = tiny_db
    expected = claims_audit(G)
    assert expected["cited_work"].notna().sum() >= 2  # the seed-map and the source paths are used
    assert_frame_equal(claims_audit(db), expected)


@pytest.mark.parametrize("work", ["W1", "work:W2", "https://openalex.org/W4", "W6"])
def test_references_and_cited_by_twins(tiny_db, work):
    G, db = tiny_db
    assert_frame_equal(references(db, work), references(G, work))
    assert_frame_equal(cited_by(db, work), cited_by(G, work))


@pytest.mark.parametrize("n", [1, 3, 20, None])
def test_most_cited_twin(tiny_db, n):
    G, db = tiny_db
    assert_frame_equal(most_cited(db, n=n), most_cited(G, n=n))


@pytest.mark.parametrize("max_len", [2, 3])
@pytest.mark.parametrize("start, end", [("electroacupuncture", "neuropathic pain"),
                                        ("acupuncture", "sciatic nerve injury"),
                                        ("electroacupuncture", "stroke")])
def test_chains_twin(tiny_db, start, end, max_len):
    G, db = tiny_db
    assert_frame_equal(chains(db, start, end, max_len=max_len), chains(G, start, end, max_len=max_len))


def test_twins_raise_what_the_helpers_raise(tiny_db):
    G, db = tiny_db
    for graph in (G, db):
        with pytest.raises(UnknownConceptError, match="BDFN"):
            evidence(graph, mechanism="BDFN")
        with pytest.raises(UnknownWorkError, match="W99"):
            references(graph, "W99")
        with pytest.raises(UnknownWorkError, match="not a work id"):
            cited_by(graph, "mechanism:bdnf")
        with pytest.raises(ValueError, match="unknown design"):
            evidence(graph, mechanism="BDNF", design="anecdote")
        with pytest.raises(ValueError, match="max_len"):
            chains(graph, "acupuncture", "stroke", max_len=5)


def test_twins_on_the_synthetic_graph(synthetic_db):
    G, db = synthetic_db
    assert_frame_equal(claims_audit(db), claims_audit(G))
    assert_frame_equal(most_cited(db, n=25), most_cited(G, n=25))
    assert_frame_equal(evidence(db), evidence(G))
    assert_frame_equal(evidence(db, condition="neuropathic pain", species="animal", since=2010),
                       evidence(G, condition="neuropathic pain", species="animal", since=2010))
    for condition in ("neuropathic pain", "sciatic nerve injury", "peripheral nerve injury"):
        assert_frame_equal(mechanisms_for(db, condition), mechanisms_for(G, condition))
    for mechanism in ("neurotrophins", "ion channels", "BDNF"):  # rolled up
        assert_frame_equal(conditions_for(db, mechanism), conditions_for(G, mechanism))
    top = most_cited(G, n=3)["work"].tolist()
    for work in top:
        assert_frame_equal(references(db, work), references(G, work))
        assert_frame_equal(cited_by(db, work), cited_by(G, work))
    for max_len in (2, 3):
        assert_frame_equal(chains(db, "electroacupuncture", "neuropathic pain", max_len=max_len),
                           chains(G, "electroacupuncture", "neuropathic pain", max_len=max_len))


def _map_edges(G) -> dict:
    """The evidence map's mechanism -> condition edges: (studies, direction, human, animal)."""
    from kg.views.spec import view_spec

    n_associations = sum(1 for *_, t in G.edges(data="type") if t == "ASSOCIATED_WITH")
    spec = view_spec(G, "evidence", max_edges=n_associations, kinds=("mechanism", "condition"))
    out = {}
    for edge in spec["edges"]:
        rows = dict(edge["info"]["rows"])
        human, animal, other = (int(n) for n in rows["human / animal / other"].split(" (")[0].split(" / "))
        assert human + animal + other == edge["studies"]  # each work in one group (kg.evidence.group)
        out[edge["from"], edge["to"]] = (edge["studies"], edge["direction"], human, animal)
    return out


@pytest.mark.slow
def test_evidence_map_queries_and_twins_agree_on_every_association(synthetic_db):
    """One set of evidence rules (kg.evidence): the evidence map, mechanisms_for,
    conditions_for, gaps and their Cypher twins give every mechanism-condition association
    the same studies, direction and human / animal counts."""
    from queries.scoring import gap_reasons

    G, db = synthetic_db
    drawn = _map_edges(G)
    assert len(drawn) > 50
    by_mechanism: dict[str, set] = {}
    for m, c in drawn:
        by_mechanism.setdefault(m, set()).add(c)
    queried = {}
    for c in sorted({c for _, c in drawn}):  # the map's pairs are exact: no roll-up here
        frame = mechanisms_for(G, c, exact=True)
        assert_frame_equal(mechanisms_for(db, c, exact=True), frame)
        for row in frame.itertuples():
            queried[row.mechanism, c] = row
    for m, conditions in sorted(by_mechanism.items()):
        frame = conditions_for(G, m, exact=True)
        assert_frame_equal(conditions_for(db, m, exact=True), frame)
        for row in frame.itertuples():
            mirror = queried[m, row.condition]
            assert (row.studies, row.direction, row.human, row.animal, row.score) == (
                mirror.studies, mirror.direction, mirror.human, mirror.animal, mirror.score)
    live = {pair: row for pair, row in queried.items() if row.studies}
    assert set(live) == set(drawn)
    for pair, row in live.items():
        assert drawn[pair] == (row.studies, row.direction or "none", row.human, row.animal), pair
    expected_gaps = {pair: ", ".join(gap_reasons(row._asdict())) for pair, row in live.items() if gap_reasons(row._asdict())}
    found = gaps(G)
    assert_frame_equal(gaps(db), found)
    assert {(r.mechanism, r.condition): r.reasons for r in found.itertuples()} == expected_gaps
    for r in found.itertuples():
        assert drawn[r.mechanism, r.condition] == (r.studies, r.direction or "none", r.human, r.animal)
    assert {"up", "down", "mixed"} <= {d for _, d, _, _ in drawn.values()}
