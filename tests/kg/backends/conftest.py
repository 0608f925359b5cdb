"""Fixtures for the graph database tests: a real local FalkorDB server, a fresh graph per test
on each backend (Neo4j only where NEO4J_URI points at a server), and small hand-made graphs."""

from __future__ import annotations

import uuid

import networkx as nx
import pytest

from kg.model import (
    AssociatedWith, Claim, Cites, Concept, ContradictedBy, Makes, Mentions, Source, SupportedBy,
    Work, add_edge, add_node,
)

NEO4J_SKIP = "NEO4J_URI not set: Neo4j integration tests skipped"
#: A title that would end a quoted string and delete nodes if it were spliced into Cypher.
NASTY = "It's \"quoted\", back\\slash\\, new\nline, tab\t, ünïcødé 针灸 '}) DETACH DELETE n //"


@pytest.fixture(scope="session")
def falkordb_server():
    """One FalkorDB server on 127.0.0.1 at a free port for the whole session."""
    from kg.backends.server import start_falkordb

    server = start_falkordb()
    yield server
    server.stop()


def _neo4j_backend():
    from kg.backends import open_backend
    from kg.settings import Settings

    settings = Settings.from_env()
    if not settings.neo4j_uri:
        pytest.skip(NEO4J_SKIP)
    backend = open_backend(settings, "neo4j")
    backend.clear()
    return backend


@pytest.fixture(params=["falkordb", "neo4j"])
def backend(request, falkordb_server):
    """An empty acukg graph on each backend (FalkorDB: a new graph name; Neo4j: cleared)."""
    if request.param == "falkordb":
        from kg.backends.falkordb import FalkorDBBackend

        db = FalkorDBBackend(falkordb_server.url, graph=f"test-{uuid.uuid4().hex[:8]}")
        yield db
        db.drop()
        db.close()
    else:
        db = _neo4j_backend()
        yield db
        db.clear()
        db.close()


def hand_graph() -> nx.MultiDiGraph:
    """Every node kind and edge type once or twice, lists, None, booleans, parallel mentions."""
    G = nx.MultiDiGraph()
    G.graph.update(synthetic=True, works=3, dangling_references=1, vocabulary_version="t1",
                   built_at="2026-11-21T00:00:00Z")
    add_node(G, Work(id="work:W1", label="Smith 2001", openalex_id="W1", doi="10.5555/a;b",
                     title=NASTY, year=2001, cited_by_count=12, hop=0, seed=True, design="rct",
                     species="human", first_author="Smith", authors=["Smith; J", 'O"Brien', "李"]))
    add_node(G, Work(id="work:W2", label="Doe 2010", openalex_id="W2", year=2010, design="animal",
                     species="rat", retracted=True))
    add_node(G, Work(id="work:W3", label="W3", openalex_id="W3"))
    add_node(G, Concept(id="mechanism:bdnf", label="BDNF", kind="mechanism", mesh_id="D019208"))
    add_node(G, Concept(id="condition:neuropathic_pain", label="neuropathic pain", kind="condition"))
    add_node(G, Concept(id="intervention:electroacupuncture", label="electroacupuncture",
                        kind="intervention"))
    add_node(G, Concept(id="acupoint:st36", label="ST36 Zusanli", kind="acupoint"))
    add_node(G, Source(id="source:000_x", label="Practitioner's article", file="000.md"))
    add_node(G, Claim(id="claim:000_x-01", label="EA increases BDNF", source="source:000_x",
                      subject="electroacupuncture", relation="increases", object="BDNF",
                      object_kind="mechanism", object_concept="mechanism:bdnf",
                      expected_direction="up", cited_doi="10.5555/a;b"))
    add_edge(G, Cites(source="work:W2", target="work:W1"))
    add_edge(G, Cites(source="work:W3", target="work:W1"))
    add_edge(G, Cites(source="source:000_x", target="work:W1", confidence="explicit"))
    for start, field_, direction in ((0, "title", None), (40, "abstract", "up"), (90, "abstract", "up")):
        add_edge(G, Mentions(source="work:W1", target="mechanism:bdnf", field=field_,
                             sentence_index=start // 40, start=start, end=start + 4,
                             sentence=NASTY if start == 40 else "BDNF rose.", matched="BDNF",
                             direction=direction))
    add_edge(G, Mentions(source="work:W2", target="mechanism:bdnf", field="abstract",
                         sentence_index=0, start=5, end=9, sentence="BDNF did not change.",
                         matched="BDNF", negated=True))
    add_edge(G, Mentions(source="work:W1", target="condition:neuropathic_pain", field="mesh",
                         sentence_index=0, start=0, end=0, sentence="Neuralgia", matched="Neuralgia",
                         method="mesh"))
    add_edge(G, Mentions(source="work:W1", target="acupoint:st36", field="keywords",
                         sentence_index=0, start=1, end=1, sentence="ST36", matched="ST36"))
    add_edge(G, AssociatedWith(source="mechanism:bdnf", target="condition:neuropathic_pain",
                               studies=1, works=["work:W1"], n_up=1, direction="up", n_human=1,
                               n_rct=1, best_level=6, first_year=2001, last_year=2001))
    add_edge(G, AssociatedWith(source="intervention:electroacupuncture", target="mechanism:bdnf",
                               studies=2, works=["work:W1", "work:W2"], n_null=1))
    add_edge(G, Makes(source="source:000_x", target="claim:000_x-01"))
    add_edge(G, SupportedBy(source="claim:000_x-01", target="work:W1", field="abstract",
                            sentence=NASTY, direction="up"))
    add_edge(G, ContradictedBy(source="claim:000_x-01", target="work:W2", field="abstract",
                               sentence="BDNF did not change.", negated=True))
    return G


def many_works(n: int) -> nx.MultiDiGraph:
    """``n`` works, each citing the two before it: enough rows for many small batches."""
    G = nx.MultiDiGraph(works=n)
    for i in range(n):
        add_node(G, Work(id=f"work:W{i}", label=f"W{i}", openalex_id=f"W{i}", year=1990 + i % 30,
                         authors=[f"A{i}", f"B{i}"]))
        for j in (i - 1, i - 2):
            if j >= 0:
                add_edge(G, Cites(source=f"work:W{i}", target=f"work:W{j}"))
    return G
