"""Pure graph <-> rows translation (no database)."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from kg.backends.rows import (
    edge_groups, facts_json, graph_diff, graph_from_rows, label_for, node_groups, plain,
)
from kg.errors import BackendError
from kg.model import Work, add_node
from tests.kg.backends.conftest import hand_graph


def _round_trip(G):
    """What a database hands back: rows without None properties (both databases drop nulls)."""
    nodes = [(r["id"], {k: v for k, v in r["props"].items() if v is not None})
             for g in node_groups(G) for r in g.rows]
    edges = [(r["source"], r["target"], g.type,
              {"key": r["key"], **{k: v for k, v in r["props"].items() if v is not None}})
             for g in edge_groups(G) for r in g.rows]
    return graph_from_rows(nodes, edges, facts_json(G))


def test_rows_round_trip_restores_none_from_the_schema():
    G = hand_graph()
    H = _round_trip(G)
    assert graph_diff(G, H) == []
    assert H.nodes["work:W3"]["doi"] is None and H.nodes["work:W3"]["authors"] == []
    assert H.edges["work:W1", "mechanism:bdnf", "MENTIONS:title:0"]["direction"] is None


def test_groups_by_label_and_by_type_and_end_labels():
    G = hand_graph()
    assert [g.label for g in node_groups(G)] == sorted(
        ["Work", "Mechanism", "Condition", "Intervention", "Acupoint", "Source", "Claim"])
    names = {g.name: len(g.rows) for g in edge_groups(G)}
    assert names["CITES Work->Work"] == 2 and names["CITES Source->Work"] == 1
    assert names["MENTIONS Work->Mechanism"] == 4
    assert names["ASSOCIATED_WITH Intervention->Mechanism"] == 1
    row = next(g for g in node_groups(G) if g.label == "Work").rows[0]
    assert set(row) == {"id", "props"} and "id" not in row["props"]


def test_graph_diff_tells_bool_from_int_and_names_the_difference():
    G = hand_graph()
    H = hand_graph()
    H.nodes["work:W1"]["seed"] = 1
    assert graph_diff(G, H) and "work:W1" in graph_diff(G, H)[0]
    H = hand_graph()
    H.remove_edge("work:W2", "work:W1", key="CITES")
    assert graph_diff(G, H) == ["edge ('work:W2', 'work:W1', 'CITES') only in first"]


def test_unknown_kind_and_type_are_refused_with_the_offender_named():
    G = nx.MultiDiGraph()
    G.add_node("evil:x", kind="Work) DETACH DELETE n //")
    with pytest.raises(BackendError, match="evil:x"):
        node_groups(G)
    G = hand_graph()
    G.add_edge("work:W1", "work:W2", key="X", type="CITES]->() DELETE r //")
    with pytest.raises(BackendError, match="refusing relationship type"):
        edge_groups(G)


def test_reserved_names_and_unstorable_values():
    G = nx.MultiDiGraph()
    G.add_node("work:W1", kind="work", id="other")
    with pytest.raises(BackendError, match="reserved"):
        node_groups(G)
    G = nx.MultiDiGraph()
    G.add_node("work:W1", kind="work", title={"a": 1})
    with pytest.raises(BackendError, match="'title'"):
        node_groups(G)


def test_plain_values():
    assert plain(np.int64(3), "x") == 3 and type(plain(np.int64(3), "x")) is int
    assert plain(np.array(["a", "b"]), "x") == ["a", "b"]
    assert plain(float("nan"), "x") is None
    assert plain((1, 2), "x") == [1, 2]


def test_label_from_id_when_kind_is_missing():
    assert label_for("mechanism:bdnf", {}) == "Mechanism"
    G = nx.MultiDiGraph()
    add_node(G, Work(id="work:W9", label="x", openalex_id="W9"))
    assert label_for("work:W9", G.nodes["work:W9"]) == "Work"


def test_graph_facts_must_be_json():
    G = nx.MultiDiGraph(when=object())
    with pytest.raises(BackendError, match="graph facts"):
        facts_json(G)
