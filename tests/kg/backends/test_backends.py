"""Push, pull, re-push and update against real servers: FalkorDB (started locally) always,
Neo4j where NEO4J_URI is set (its database's acukg labels are cleared before and after)."""

from __future__ import annotations

import copy

import networkx as nx
import pytest

from kg.backends.rows import graph_diff
from kg.errors import BackendError
from kg.model import Concept, Mentions, Work, add_edge, add_node
from tests.kg.backends.conftest import NASTY, hand_graph


def _live_counts(db) -> dict:
    return {k: v for k, v in db.counts().items() if v}


def test_push_then_pull_returns_an_equal_graph(backend):
    G = hand_graph()
    report = backend.save_graph(G, batch_size=2)
    assert report["nodes"] == G.number_of_nodes()
    assert report["relationships"] == G.number_of_edges()
    H = backend.load_graph()
    assert graph_diff(G, H) == []
    assert H.graph == G.graph
    assert H.nodes["work:W3"]["title"] is None and H.nodes["work:W3"]["authors"] == []


@pytest.mark.slow
def test_synthetic_graph_round_trips_and_repushes_idempotently(backend, synthetic_graph):
    backend.save_graph(synthetic_graph, batch_size=500)
    counts = _live_counts(backend)
    assert sum(v for k, v in counts.items() if k[0].isupper() and not k.isupper()) == \
        synthetic_graph.number_of_nodes() + 1  # + the AcukgGraph node
    assert graph_diff(synthetic_graph, backend.load_graph(page_size=97)) == []
    backend.save_graph(synthetic_graph, batch_size=2000)
    assert _live_counts(backend) == counts


def test_pushing_twice_leaves_the_same_counts(backend):
    G = hand_graph()
    backend.save_graph(G)
    first = _live_counts(backend)
    backend.save_graph(G, batch_size=1)
    assert _live_counts(backend) == first
    assert first["Work"] == 3 and first["MENTIONS"] == 6 and first["AcukgGraph"] == 1


def test_pushing_an_updated_graph_updates_properties_and_adds_what_is_new(backend):
    G = hand_graph()
    backend.save_graph(G)
    H = copy.deepcopy(G)
    H.nodes["work:W2"]["title"] = "Corrected title"
    H.nodes["work:W1"]["species"] = None  # cleared: the property is removed
    H.graph["works"] = 4
    add_node(H, Work(id="work:W4", label="New", openalex_id="W4", year=2024))
    add_edge(H, Mentions(source="work:W4", target="mechanism:bdnf", field="title",
                         sentence_index=0, start=0, end=4, sentence="BDNF", matched="BDNF"))
    backend.save_graph(H)
    assert graph_diff(H, backend.load_graph()) == []
    counts = _live_counts(backend)
    assert counts["Work"] == 4 and counts["MENTIONS"] == 7


def test_hostile_strings_are_stored_literally_and_delete_nothing(backend):
    G = hand_graph()
    backend.save_graph(G)
    before = _live_counts(backend)
    rows = backend.run("MATCH (w:Work {id: $id}) RETURN w.title AS title", id="work:W1")
    assert rows == [{"title": NASTY}]
    for text in ["x' }) MATCH (n) DETACH DELETE n //", 'a"b\\"c', "\\", "\n", "💥"]:
        H = nx.MultiDiGraph(G)
        add_node(H, Concept(id="mechanism:x", label=text, kind="mechanism"))
        backend.save_graph(H)
        assert backend.run("MATCH (c:Mechanism {id: $id}) RETURN c.label AS l",
                           id="mechanism:x") == [{"l": text}]
    after = _live_counts(backend)
    assert after.pop("Mechanism") == before.pop("Mechanism") + 1
    assert after == before


def test_run_returns_rows_as_dicts_and_names_bad_queries(backend):
    backend.save_graph(hand_graph())
    rows = backend.run("MATCH (w:Work) WHERE w.year >= $y RETURN w.id AS id ORDER BY id", y=2005)
    assert rows == [{"id": "work:W2"}]
    with pytest.raises(BackendError, match="query failed"):
        backend.run("MATCH (w:Work RETURN w")


def test_pulling_an_empty_database_is_an_error(backend):
    with pytest.raises(BackendError, match="holds no acukg graph"):
        backend.load_graph()


def test_clear_removes_only_acukg_nodes(backend):
    backend.save_graph(hand_graph())
    backend.clear(batch_size=2)
    assert not _live_counts(backend)
