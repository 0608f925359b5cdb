"""The graph model: ids, edge keys, the adders and the schema."""

import networkx as nx
import pytest

from kg import ids, model


def test_adders_put_every_field_but_the_ids_on_the_graph():
    G = nx.MultiDiGraph()
    work = model.Work(id="work:W1", label="t", openalex_id="W1", year=2020, authors=["A B"])
    model.add_node(G, work)
    model.add_node(G, model.Concept(id="mechanism:bdnf", label="BDNF", kind="mechanism"))
    mention = model.Mentions(source="work:W1", target="mechanism:bdnf", field="abstract",
                             sentence_index=2, start=30, end=34, sentence="s BDNF", matched="BDNF",
                             direction="up")
    model.add_edge(G, mention)
    model.add_edge(G, model.Cites(source="work:W1", target="work:W1"))

    assert G.nodes["work:W1"] == {
        "label": "t", "openalex_id": "W1", "doi": None, "pmid": None, "title": None, "year": 2020,
        "venue": None, "type": None, "cited_by_count": 0, "hop": None, "seed": False,
        "retracted": False, "design": None, "design_source": None, "species": None, "first_author": None,
        "authors": ["A B"], "abstract_source": None, "kind": "work",
    }
    assert G.nodes["mechanism:bdnf"] == {"label": "BDNF", "kind": "mechanism", "mesh_id": None}
    assert G.edges["work:W1", "mechanism:bdnf", "MENTIONS:abstract:30"] == {
        "field": "abstract", "sentence_index": 2, "start": 30, "end": 34, "sentence": "s BDNF",
        "matched": "BDNF", "negated": False, "direction": "up", "method": "vocabulary",
        "text_source": "openalex", "type": "MENTIONS",
    }
    assert list(G.edges("work:W1", keys=True)) == [
        ("work:W1", "mechanism:bdnf", "MENTIONS:abstract:30"), ("work:W1", "work:W1", "CITES"),
    ]


def test_add_edges_builds_the_graph_add_edge_builds():
    edges = [
        ("a", "b", "CITES", {"type": "CITES", "confidence": None}),
        ("a", "b", "MENTIONS:title:0", {"type": "MENTIONS", "start": 0}),
        ("b", "a", "CITES", {"type": "CITES", "confidence": None}),
        ("a", "b", "MENTIONS:title:0", {"start": 5, "end": 9}),  # the same key again merges
        ("c", "c", "CITES", {"type": "CITES"}),
    ]
    one_by_one, bulk = nx.MultiDiGraph(), nx.MultiDiGraph()
    for G in (one_by_one, bulk):
        G.add_nodes_from("abc")
    for u, v, key, attrs in edges:
        one_by_one.add_edge(u, v, key=key, **attrs)
    model.add_edges(bulk, [(u, v, key, dict(attrs)) for u, v, key, attrs in edges])

    assert list(bulk.edges(keys=True, data=True)) == list(one_by_one.edges(keys=True, data=True))
    assert list(bulk.in_edges("a", keys=True)) == list(one_by_one.in_edges("a", keys=True))
    assert bulk.edges["a", "b", "MENTIONS:title:0"] == {"type": "MENTIONS", "start": 5, "end": 9}
    assert bulk.number_of_edges() == 4 and nx.utils.graphs_equal(bulk, one_by_one)


def test_add_edges_refuses_an_end_that_is_not_a_node():
    G = nx.MultiDiGraph()
    G.add_nodes_from("ab")
    with pytest.raises(KeyError, match="'z'"):
        model.add_edges(G, [("a", "b", "CITES", {}), ("a", "z", "CITES", {})])
    with pytest.raises(KeyError, match="'y'"):
        model.add_edges(G, [("y", "a", "CITES", {})])
    assert list(G.edges(keys=True)) == [("a", "b", "CITES")] and set(G) == {"a", "b"}


def test_ids_and_keys():
    assert ids.work_node("https://openalex.org/w42") == "work:W42"
    assert ids.openalex_of("work:W42") == "W42"
    assert model.concept_id("acupoint", "st36") == "acupoint:st36"
    assert model.kind_of("condition:sciatica") == "condition"
    assert model.edge_key("MENTIONS", "mesh", 3) == "MENTIONS:mesh:3"
    assert model.edge_key("SUPPORTED_BY") == "SUPPORTED_BY"


def test_evidence_ladder_orders_designs():
    levels = [model.design_level(d) for d in model.DESIGNS]
    assert levels == sorted(levels, reverse=True) and levels[0] == 7 and levels[-1] == 0
    assert model.design_level(None) == 0 == model.design_level("unheard-of")


def test_schema_types():
    assert model.schema(model.Work)["seed"] is bool
    assert model.schema(model.AssociatedWith)["works"] is list
    assert model.schema(model.Mentions)["direction"] is str
