"""kg.store: exact save/load round trips, atomic replace, and clear errors on damaged files."""

from __future__ import annotations

import json

import networkx as nx
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

import kg
from kg import store
from kg.errors import StoreError
from kg.model import (
    AssociatedWith,
    Cites,
    Claim,
    Concept,
    ContradictedBy,
    Makes,
    Mentions,
    Source,
    SupportedBy,
    Work,
    add_edge,
    add_node,
)

TRICKY = 'He said "BDNF\'s rise" —\nthen\tβ-endorphin 🙂 \\ fell'


def small_graph() -> nx.MultiDiGraph:
    """Every node kind and edge type once or twice, with None values, empty lists, odd text."""
    G = nx.MultiDiGraph()
    add_node(G, Work(id="work:W1", label=TRICKY, openalex_id="W1", doi="10.5555/a", title=TRICKY,
                     year=2020, venue=None, type="article", cited_by_count=3, hop=0, seed=True,
                     design="rct", species="human", first_author="Ä Ö", authors=["Ä Ö", "B"]))
    add_node(G, Work(id="work:W2", label="W2", openalex_id="W2", authors=[]))
    add_node(G, Concept(id="mechanism:bdnf", label="BDNF", kind="mechanism", mesh_id="D019208"))
    add_node(G, Concept(id="condition:stroke", label="stroke", kind="condition"))
    add_node(G, Concept(id="intervention:acupuncture", label="acupuncture", kind="intervention"))
    add_node(G, Source(id="source:000_x", label="A title: with 'quotes'", file="000_x.txt"))
    add_node(G, Claim(id="claim:000_x-01", label="acupuncture increases BDNF", source="source:000_x",
                      subject="acupuncture", relation="increases", object="BDNF", object_kind="mechanism",
                      subject_concept="intervention:acupuncture", object_concept="mechanism:bdnf",
                      expected_direction="up"))
    add_edge(G, Cites(source="work:W1", target="work:W2"))
    add_edge(G, Cites(source="source:000_x", target="work:W1", confidence="high"))
    for start in (0, 40):
        add_edge(G, Mentions(source="work:W1", target="mechanism:bdnf", field="abstract", sentence_index=start // 40,
                             start=start, end=start + 4, sentence=TRICKY, matched="BDNF", direction="up"))
    add_edge(G, Mentions(source="work:W1", target="condition:stroke", field="mesh", sentence_index=0, start=0,
                         end=6, sentence="Stroke", matched="Stroke", negated=True, method="mesh"))
    add_edge(G, AssociatedWith(source="mechanism:bdnf", target="condition:stroke", studies=1, works=["work:W1"],
                               n_up=1, direction="up", n_human=1, n_rct=1, best_level=6, first_year=2020,
                               last_year=2020))
    add_edge(G, AssociatedWith(source="intervention:acupuncture", target="mechanism:bdnf", studies=0, works=[]))
    add_edge(G, Makes(source="source:000_x", target="claim:000_x-01"))
    add_edge(G, SupportedBy(source="claim:000_x-01", target="work:W1", field="abstract", sentence=TRICKY,
                            direction="up"))
    add_edge(G, ContradictedBy(source="claim:000_x-01", target="work:W2", field="title", sentence="",
                               negated=True))
    G.graph.update(synthetic=True, vocabulary_version="v1", built_at="2026-01-01T00:00:00Z", works=2,
                   dangling_references=5, mentions=3, claims=1)
    return G


def assert_same_graph(G, H):
    assert dict(G.nodes(data=True)) == dict(H.nodes(data=True))
    assert list(G.nodes) == list(H.nodes)
    edges = lambda g: sorted((u, v, k, tuple(sorted(d.items()))) for u, v, k, d in g.edges(keys=True, data=True))
    assert edges(G) == edges(H)
    assert G.graph == H.graph


def test_round_trip_is_exact(tmp_path):
    G = small_graph()
    manifest = kg.save(G, tmp_path / "graph")
    H = kg.load(tmp_path / "graph")
    assert_same_graph(G, H)
    assert H.nodes["work:W1"]["title"] == TRICKY and H.nodes["work:W2"]["authors"] == []
    assert H.nodes["work:W2"]["year"] is None and H.nodes["work:W2"]["doi"] is None
    assert H.edges["work:W1", "mechanism:bdnf", "MENTIONS:abstract:40"]["start"] == 40
    assert manifest["counts"] == {
        "nodes": {"claim": 1, "condition": 1, "intervention": 1, "mechanism": 1, "source": 1, "work": 2},
        "edges": {"ASSOCIATED_WITH": 2, "CITES": 2, "CONTRADICTED_BY": 1, "MAKES": 1, "MENTIONS": 3,
                  "SUPPORTED_BY": 1},
    }
    on_disk = json.loads((tmp_path / "graph" / "manifest.json").read_text(encoding="utf-8"))
    assert on_disk == manifest
    assert (on_disk["synthetic"], on_disk["vocabulary_version"], on_disk["built_at"]) == (
        True, "v1", "2026-01-01T00:00:00Z")


def test_tables_are_typed_from_the_model(tmp_path):
    kg.save(small_graph(), tmp_path / "g")
    works = pq.read_table(tmp_path / "g" / "nodes_work.parquet")
    assert works.schema.field("authors").type.value_type == pa.string()
    assert str(works.schema.field("year").type) == "int64"
    assert works.column("year").to_pylist() == [2020, None]
    mentions = pq.read_table(tmp_path / "g" / "edges_mentions.parquet")
    assert mentions.column("key").to_pylist() == ["MENTIONS:abstract:0", "MENTIONS:abstract:40", "MENTIONS:mesh:0"]


def test_empty_graph_round_trips(tmp_path):
    G = nx.MultiDiGraph()
    kg.save(G, tmp_path / "g")
    H = kg.load(tmp_path / "g")
    assert H.number_of_nodes() == 0 and H.graph == {}


def test_save_replaces_a_previous_graph_and_leaves_no_temporary_files(tmp_path):
    kg.save(small_graph(), tmp_path / "g")
    G = nx.MultiDiGraph(works=0)
    add_node(G, Concept(id="mechanism:gaba", label="GABA", kind="mechanism"))
    kg.save(G, tmp_path / "g")
    assert_same_graph(G, kg.load(tmp_path / "g"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g"]


def test_an_interrupted_save_keeps_the_previous_graph(tmp_path, monkeypatch):
    G = small_graph()
    kg.save(G, tmp_path / "g")
    calls = []
    real = pq.write_table

    def failing_write(table, where, **kw):
        calls.append(where)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(table, where, **kw)

    monkeypatch.setattr(store.pq, "write_table", failing_write)
    H = small_graph()
    H.graph["works"] = 99
    with pytest.raises(KeyboardInterrupt):
        kg.save(H, tmp_path / "g")
    monkeypatch.undo()
    assert_same_graph(G, kg.load(tmp_path / "g"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g"]


def test_save_refuses_to_replace_a_directory_that_is_not_a_graph(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(StoreError, match="refusing to replace"):
        kg.save(small_graph(), tmp_path)
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_save_rejects_nodes_and_edges_outside_the_model(tmp_path):
    G = small_graph()
    G.add_node("x:1", kind="gizmo", label="x")
    with pytest.raises(StoreError, match="unknown kind 'gizmo'"):
        kg.save(G, tmp_path / "g")
    G = small_graph()
    G.nodes["work:W2"]["extra"] = 1
    with pytest.raises(StoreError, match=r"node 'work:W2' has attributes \['extra'\]"):
        kg.save(G, tmp_path / "g")
    G = small_graph()
    G.add_edge("work:W1", "work:W2", key="LIKES", type="LIKES")
    with pytest.raises(StoreError, match="unknown type 'LIKES'"):
        kg.save(G, tmp_path / "g")
    assert not (tmp_path / "g").exists()


def test_truncated_table_is_a_clear_error(tmp_path):
    kg.save(small_graph(), tmp_path / "g")
    table = tmp_path / "g" / "edges_mentions.parquet"
    table.write_bytes(table.read_bytes()[:50])
    with pytest.raises(StoreError, match=r"edges_mentions\.parquet is corrupt"):
        kg.load(tmp_path / "g")


def test_unreadable_table_with_matching_checksum_is_a_clear_error(tmp_path):
    kg.save(small_graph(), tmp_path / "g")
    table = tmp_path / "g" / "nodes_work.parquet"
    table.write_bytes(b"not parquet at all")
    manifest = json.loads((tmp_path / "g" / "manifest.json").read_text())
    manifest["tables"]["nodes_work.parquet"]["sha256"] = store._sha256(table)
    (tmp_path / "g" / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(StoreError, match=r"nodes_work\.parquet is unreadable"):
        kg.load(tmp_path / "g")


def test_missing_files_are_clear_errors(tmp_path):
    with pytest.raises(StoreError, match=r"no saved graph at .*manifest\.json is missing"):
        kg.load(tmp_path / "nothing")
    kg.save(small_graph(), tmp_path / "g")
    (tmp_path / "g" / "edges_cites.parquet").unlink()
    with pytest.raises(StoreError, match=r"edges_cites\.parquet is missing"):
        kg.load(tmp_path / "g")


def test_corrupt_manifest_is_a_clear_error(tmp_path):
    kg.save(small_graph(), tmp_path / "g")
    (tmp_path / "g" / "manifest.json").write_text('{"format": "acukg-graph", ')
    with pytest.raises(StoreError, match=r"manifest\.json is corrupt"):
        kg.load(tmp_path / "g")
    (tmp_path / "g" / "manifest.json").write_text('{"format": "acukg-graph", "format_version": 99}')
    with pytest.raises(StoreError, match="format version 99"):
        kg.load(tmp_path / "g")


def test_an_edge_whose_end_is_not_a_node_is_a_clear_error(tmp_path):
    kg.save(small_graph(), tmp_path / "g")
    table = tmp_path / "g" / "nodes_concept.parquet"
    rows = pq.read_table(table)
    pq.write_table(rows.filter(pc.not_equal(rows.column("id"), "condition:stroke")), table)
    manifest = json.loads((tmp_path / "g" / "manifest.json").read_text())
    manifest["tables"]["nodes_concept.parquet"]["sha256"] = store._sha256(table)
    (tmp_path / "g" / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(StoreError, match=r"edge to or from 'condition:stroke', which is not a node"):
        kg.load(tmp_path / "g")


@pytest.mark.slow
def test_synthetic_graph_round_trips(tmp_path, synthetic_graph):
    kg.save(synthetic_graph, tmp_path / "g", inputs={"records": 400})
    H = kg.load(tmp_path / "g")
    assert_same_graph(synthetic_graph, H)
    assert store.read_manifest(tmp_path / "g")["inputs"] == {"records": 400}
