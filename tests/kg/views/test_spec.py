"""view_spec: what each view draws, on the hand-built graph (exact nodes, edges, styles)."""

from __future__ import annotations

import copy
import json
from collections import defaultdict

import networkx as nx
import pytest

from kg.errors import UnknownConceptError, UnknownWorkError
from kg.views import style
from kg.resolve import node as resolve_node
from kg.views.spec import ViewError, pagerank, view_spec
from tests.kg.views.graphs import EVIL, EVIL_ID, association_graph, random_graph, tiny_graph


def edges_by_pair(spec):
    return {(e["from"], e["to"]): e for e in spec["edges"]}


def test_evidence_map_draws_associations_with_width_colour_and_dashes(tiny):
    spec = view_spec(tiny, "evidence")
    assert {n["id"] for n in spec["nodes"]} == {
        "mechanism:bdnf", "condition:sciatic-nerve-injury", "mechanism:il-10",
        "condition:neuropathic-pain", "intervention:electroacupuncture", "mechanism:gaba",
        "acupoint:st36",
    }
    e = edges_by_pair(spec)
    assert len(e) == 4
    animal = e[("mechanism:bdnf", "condition:sciatic-nerve-injury")]
    assert animal["dashes"] is True and animal["color"] == style.see_through(style.DIRECTION_COLORS["up"])
    assert animal["color"]["color"] == "rgba(26,152,80,0.45)" and animal["color"]["highlight"] == "#1a9850"
    assert animal["designs"] == ["animal", "in_vitro"] and animal["years"] == [2012, 2015]
    mixed = e[("mechanism:il-10", "condition:neuropathic-pain")]
    assert mixed["dashes"] is False and mixed["color"]["highlight"] == style.DIRECTION_COLORS["mixed"]
    assert mixed["width"] == 1.7 > e[("acupoint:st36", "mechanism:gaba")]["width"] == 0.8
    assert e[("acupoint:st36", "mechanism:gaba")]["color"]["hover"] == style.DIRECTION_COLORS["none"]
    # the tooltip lists the works behind the edge, strongest design first, with DOIs
    assert [i["doi"] for i in mixed["info"]["items"]] == ["10.5555/w9", "10.5555/w5"]
    shapes = {n["id"]: n["shape"] for n in spec["nodes"]}
    assert shapes["intervention:electroacupuncture"] == "diamond" and shapes["acupoint:st36"] == "triangle"
    legend_colors = {i["color"] for s in spec["legend"] for i in s["items"]}
    assert set(style.DIRECTION_COLORS.values()) <= legend_colors
    assert any(i.get("dashes") for s in spec["legend"] for i in s["items"])
    assert spec["layout"]["hide_isolated"] is True and spec["filters"]["years"] == [2010, 2019]
    assert spec["filters"]["studies"] == [1, 2]


def test_evidence_map_places_kinds_in_columns_left_to_right(tiny):
    spec = view_spec(tiny, "evidence")
    placed = {n["id"]: (n["level"], n["x"], n["y"]) for n in spec["nodes"]}
    # interventions above acupoints on the left, mechanisms in the middle, conditions on the
    # right; within a column, the order that keeps the four edges from crossing
    assert placed == {
        "intervention:electroacupuncture": (0, 0, 63),
        "acupoint:st36": (0, 0, 189),
        "mechanism:il-10": (1, 400, 42),
        "mechanism:bdnf": (1, 400, 126),
        "mechanism:gaba": (1, 400, 210),
        "condition:neuropathic-pain": (2, 800, 63),
        "condition:sciatic-nerve-injury": (2, 800, 189),
    }
    assert [n["id"] for n in spec["nodes"]][:2] == ["intervention:electroacupuncture", "acupoint:st36"]
    assert spec["layout"]["positions"] is True
    assert view_spec(tiny, "ego", center="IL-10")["layout"]["positions"] is False
    assert all(e["arrows"] == "" for e in spec["edges"])
    # sizes by the studies behind a concept's associations, compared within its column:
    # BDNF has 2 works (W1, W4), GABA 1, IL-10 2 (the column's most)
    sizes = {n["id"]: n["size"] for n in spec["nodes"]}
    assert sizes["mechanism:bdnf"] == sizes["mechanism:il-10"] == 18.0
    assert sizes["mechanism:gaba"] == style.evidence_node_size(1, 2) == 14.19
    bdnf = next(n for n in spec["nodes"] if n["id"] == "mechanism:bdnf")
    assert ["studies behind its associations", 2] in bdnf["info"]["rows"]


def test_evidence_map_draws_the_strongest_associations_and_says_what_it_left_out(tiny):
    spec = view_spec(tiny, "evidence", max_edges=3)
    # most studies, then best design level (IL-10's RCT beats BDNF's animal work), then ids
    # (acupoint:st36 before intervention:electroacupuncture)
    assert [e["id"] for e in spec["edges"]] == [
        "mechanism:il-10->condition:neuropathic-pain:ASSOCIATED_WITH",
        "mechanism:bdnf->condition:sciatic-nerve-injury:ASSOCIATED_WITH",
        "acupoint:st36->mechanism:gaba:ASSOCIATED_WITH",
    ]
    assert "intervention:electroacupuncture" not in {n["id"] for n in spec["nodes"]}
    assert spec["notes"][-1] == (
        "Showing the 3 strongest of 4 associations (most studies first, then the best study "
        "design; the weakest drawn has 1 study); left out 1 weaker association and 1 concept "
        "linked only by them. Draw more with --max-edges (--max-edges 4 draws all) or raise "
        "the bar with --min-studies."
    )
    spec = view_spec(tiny, "evidence", max_edges=1, min_studies=2)
    assert [e["from"] for e in spec["edges"]] == ["mechanism:il-10"]
    assert spec["notes"][-2:] == [
        "Only associations backed by at least 2 studies are drawn.",
        "Showing the 1 strongest of 2 associations (most studies first, then the best study "
        "design; the weakest drawn has 2 studies); left out 1 weaker association and 2 concepts "
        "linked only by them. Draw more with --max-edges (--max-edges 2 draws all) or raise "
        "the bar with --min-studies.",
    ]
    # the default draws all four here, and says nothing about a cap
    assert view_spec(tiny, "evidence", max_edges=4)["notes"] == view_spec(tiny, "evidence")["notes"]
    assert not any("strongest" in n for n in view_spec(tiny, "evidence")["notes"])
    for bad in (0, -1, 2.5, "10"):
        with pytest.raises(ViewError, match="max_edges"):
            view_spec(tiny, "evidence", max_edges=bad)


def test_evidence_map_cap_on_a_larger_graph():
    G = association_graph(60, 40, 30)
    spec = view_spec(G, "evidence")
    assert len(spec["edges"]) == 300
    strongest = sorted(
        ((d["studies"], d["best_level"], u, v) for u, v, d in G.edges(data=True)),
        key=lambda t: (-t[0], -t[1], t[2], t[3]))[:300]
    assert [(e["from"], e["to"]) for e in spec["edges"]] == [(u, v) for _, _, u, v in strongest]
    used = {n for e in spec["edges"] for n in (e["from"], e["to"])}
    assert {n["id"] for n in spec["nodes"]} == used
    total = G.number_of_edges()
    assert f"Showing the 300 strongest of {total:,} associations" in spec["notes"][-1]
    assert f"left out {total - 300:,} weaker associations" in spec["notes"][-1]
    # every node in its kind's column; the crowded middle split into sub-columns, left of
    # the conditions and right of the interventions
    xs = defaultdict(set)
    for n in spec["nodes"]:
        xs[n["kind"]].add(n["x"])
    assert max(xs["intervention"]) < min(xs["mechanism"]) and max(xs["mechanism"]) < min(xs["condition"])
    assert len(xs["mechanism"]) > 1
    assert len({(n["x"], n["y"]) for n in spec["nodes"]}) == len(spec["nodes"])
    everything = view_spec(G, "evidence", max_edges=total)
    assert len(everything["edges"]) == total and not any("strongest" in n for n in everything["notes"])


def test_evidence_min_studies_and_kinds(tiny):
    spec = view_spec(tiny, "evidence", min_studies=2)
    assert set(edges_by_pair(spec)) == {
        ("mechanism:bdnf", "condition:sciatic-nerve-injury"),
        ("mechanism:il-10", "condition:neuropathic-pain"),
    }
    assert any("at least 2 studies" in n for n in spec["notes"])
    spec = view_spec(tiny, "evidence", kinds=["mechanism", "condition"])
    assert {n["kind"] for n in spec["nodes"]} == {"mechanism", "condition"}
    with pytest.raises(ViewError, match="planet"):
        view_spec(tiny, "evidence", kinds=["planet"])


def test_citations_colours_by_design_sizes_by_citations_marks_seeds(tiny):
    spec = view_spec(tiny, "citations")
    nodes = {n["id"]: n for n in spec["nodes"]}
    assert len(nodes) == 9 and len(spec["edges"]) == 11
    assert nodes["work:W2"]["shape"] == "star" and nodes["work:W3"]["shape"] == "dot"
    assert nodes["work:W2"]["color"]["border"] == style.SEED_BORDER
    assert nodes["work:W3"]["color"] == style.DESIGN_COLORS["systematic_review"]
    assert nodes["work:W8"]["design"] == "unknown"
    assert nodes["work:W5"]["color"]["border"] == style.RETRACTED_BORDER
    assert nodes["work:W5"]["label"].endswith("(retracted)")
    # W1 is cited 5 times within the graph, W3 never
    assert max(nodes.values(), key=lambda n: n["size"])["id"] == "work:W1"
    assert nodes["work:W3"]["size"] < nodes["work:W1"]["size"]
    assert nodes["work:W2"]["size"] >= 24  # a seed is drawn large enough to see
    assert nodes["work:W1"]["info"]["doi"] == "10.5555/w1"
    assert spec["notes"][0] == "Synthetic corpus: every work, DOI and finding here is made up."
    assert len(spec["notes"]) == 2 and "by publication year" in spec["notes"][1]


def test_citations_are_laid_out_by_year_and_label_only_seeds_and_most_cited(tiny, monkeypatch):
    import importlib

    monkeypatch.setattr(importlib.import_module("kg.views.spec.citations"), "LABELLED", 1)
    spec = view_spec(tiny, "citations")
    assert spec["layout"]["positions"] is True
    by_year = sorted((n["year"], n["x"]) for n in spec["nodes"] if n["year"] is not None)
    assert [x for _, x in by_year] == sorted(x for _, x in by_year)  # older works further left
    assert len({x for y, x in by_year}) >= len({y for y, _ in by_year})
    labelled = {n["id"] for n in spec["nodes"] if n["label"]}
    marked = {n for n, a in tiny.nodes(data=True) if a.get("kind") == "work" and (a.get("seed") or a.get("retracted"))}
    assert labelled == marked | {"work:W1"}  # seeds, retracted works and the single most cited work


def test_citations_cap_keeps_the_seeds_and_the_year_filter_spans_the_data(tiny):
    seeds = {n for n, a in tiny.nodes(data=True) if a.get("kind") == "work" and a.get("seed")}
    spec = view_spec(tiny, "citations", max_nodes=len(seeds) + 1)
    kept = {n["id"] for n in spec["nodes"]}
    assert seeds <= kept and len(kept) == len(seeds) + 1
    assert any(n["shape"] == "star" for n in spec["nodes"])
    years = [a["year"] for _, a in tiny.nodes(data=True) if a.get("kind") == "work" and a.get("year")]
    assert spec["filters"]["years"] == [min(years), max(years)]


def test_citations_cap_keeps_most_central_and_says_what_was_left_out(tiny):
    spec = view_spec(tiny, "citations", max_nodes=3)
    kept = {n["id"] for n in spec["nodes"]}
    assert len(kept) == 3 and "work:W1" in kept
    assert all(e["from"] in kept and e["to"] in kept for e in spec["edges"])
    note = spec["notes"][-1]
    assert "3 of 9 works" in note and "left out 6 works" in note
    assert f"of {len(view_spec(tiny, 'citations')['edges'])} citations" in note


def test_citations_cap_on_a_larger_graph():
    G = random_graph(1200, seed=3)
    spec = view_spec(G, "citations", max_nodes=500)
    assert len(spec["nodes"]) == 500
    assert "left out 700 works" in spec["notes"][-1]
    # the oldest works collect the most citations, so they are the most central
    assert "work:W0" in {n["id"] for n in spec["nodes"]}
    assert spec["layout"]["iterations"] < view_spec(G, "citations", max_nodes=100)["layout"]["iterations"]


def test_ego_of_concept_by_name_and_of_work_by_openalex_id(tiny):
    spec = view_spec(tiny, "ego", center="BDNF")
    assert spec["center"] == "mechanism:bdnf"
    assert {n["id"] for n in spec["nodes"]} == {
        "mechanism:bdnf", "work:W1", "work:W4", "condition:sciatic-nerve-injury",
        "intervention:electroacupuncture",
    }
    mentions = [e for e in spec["edges"] if e["type"] == "MENTIONS" and e["from"] == "work:W1"
                and e["to"] == "mechanism:bdnf"]
    assert len(mentions) == 1 and mentions[0]["info"]["rows"][0] == ["mentions", 2]
    assert spec["nodes"][0]["id"] == "mechanism:bdnf" and spec["nodes"][0]["borderWidth"] == 5
    # association edges keep their direction colour, and the legend explains it
    legend_colors = {i["color"] for sec in spec["legend"] for i in sec["items"]}
    assert style.DIRECTION_COLORS["up"] in legend_colors
    labels = {i["label"] for sec in spec["legend"] for i in sec["items"]}
    assert "associated with (derived)" not in labels and style.DIRECTION_LABELS["mixed"] in labels
    wider = view_spec(tiny, "ego", center="W1", radius=2)
    assert wider["center"] == "work:W1" and len(wider["nodes"]) > 6
    from kg.model import Concept, add_node

    lonely = tiny_graph()
    add_node(lonely, Concept(id="mechanism:gdnf", label="GDNF", kind="mechanism"))
    alone = view_spec(lonely, "ego", center="GDNF")
    assert len(alone["nodes"]) == 1 and alone["notes"] == ["GDNF has no links in this graph."]
    capped = view_spec(tiny, "ego", center="W1", radius=2, max_nodes=4)
    assert len(capped["nodes"]) == 4 and "left out" in capped["notes"][-1]


def test_ego_refuses_unknown_targets(tiny):
    with pytest.raises(UnknownWorkError, match="W404"):
        view_spec(tiny, "ego", center="W404")
    with pytest.raises(UnknownConceptError, match="moonlight"):
        view_spec(tiny, "ego", center="moonlight")
    with pytest.raises(UnknownConceptError, match="not in the graph"):
        resolve_node(tiny, "GDNF")  # in the vocabulary, not in this graph
    with pytest.raises(ViewError, match="radius"):
        view_spec(tiny, "ego", center="BDNF", radius=0)


def test_claims_view_links_sources_claims_and_works(tiny):
    spec = view_spec(tiny, "claims")
    nodes = {n["id"]: n for n in spec["nodes"]}
    assert {k for k, n in nodes.items() if n["kind"] == "work"} == {
        "work:W1", "work:W4", "work:W5", "work:W9"}
    assert nodes["claim:a1-01"]["color"] == style.CLAIM_COLORS["supported"]
    assert nodes["claim:evil-01"]["color"] == style.CLAIM_COLORS["mixed"]
    assert nodes["claim:a1-02"]["color"] == style.CLAIM_COLORS["untested"]
    types = sorted(e["type"] for e in spec["edges"])
    assert types == ["CONTRADICTED_BY"] + ["SUPPORTED_BY"] * 3
    # a board: every source and claim placed, labelled, and fitted first
    board = [n for n in spec["nodes"] if n["kind"] in ("source", "claim")]
    assert all(n["label"] and "x" in n and "y" in n for n in spec["nodes"])
    assert spec["layout"]["positions"] and spec["layout"]["fit"] is None  # four works: all shown at once
    assert len(board) == 2 + 3 and all(n["x"] < min(w["x"] for w in spec["nodes"] if w["kind"] == "work")
                                       for n in board)


def test_claims_view_colours_claims_by_the_verdicts_given(tiny):
    verdicts = {"claim:a1-01": {"verdict": "supported_animal_only", "n_on_point": 2, "n_mention_object": 5},
                "claim:evil-01": {"verdict": "contested"}}
    spec = view_spec(tiny, "claims", verdicts=verdicts)
    nodes = {n["id"]: n for n in spec["nodes"]}
    assert nodes["claim:a1-01"]["color"] == style.VERDICT_COLORS["supported_animal_only"]
    assert nodes["claim:evil-01"]["color"] == style.VERDICT_COLORS["contested"]
    assert nodes["claim:a1-02"]["color"] == style.VERDICT_COLORS["not_found"]  # not audited: nothing found
    rows = dict(nodes["claim:a1-01"]["info"]["rows"])
    assert rows["verdict"] == "animal evidence only" and rows["works on point"] == 2
    assert rows["rule"] == style.VERDICT_RULES["supported_animal_only"]
    legend = next(s for s in spec["legend"] if s["title"] == "Claims by verdict")
    assert [i["label"] for i in legend["items"]][:3] == [
        "supported in people (0)", "animal evidence only (1)", "contested (1)"]
    evil_items = nodes["claim:evil-01"]["info"]["items"]
    assert [i["note"].split(":")[0] for i in evil_items] == ["supports", "contradicts"]
    assert nodes[EVIL_ID]["info"]["title"] == EVIL  # raw in the spec; the page escapes it


def test_spec_is_plain_json_deterministic_and_leaves_the_graph_alone():
    G = tiny_graph()
    before = copy.deepcopy(G)
    for view, options in [("evidence", {}), ("citations", {}), ("ego", {"center": "IL-10"}), ("claims", {})]:
        spec = view_spec(G, view, **options)
        assert json.loads(json.dumps(spec)) == spec
        assert view_spec(G, view, **options) == spec
        assert spec["synthetic"] is False and spec["layout"]["seed"] == 7
    assert nx.utils.graphs_equal(G, before)
    assert dict(G.nodes(data=True)) == dict(before.nodes(data=True))


def test_unknown_view_and_bad_options(tiny):
    with pytest.raises(ViewError, match="unknown view 'galaxy'"):
        view_spec(tiny, "galaxy")
    with pytest.raises(ViewError, match="colour"):
        view_spec(tiny, "citations", colour="red")
    with pytest.raises(ViewError, match="max_nodes"):
        view_spec(tiny, "claims", max_nodes=0)


def test_empty_graph_gives_empty_views():
    G = nx.MultiDiGraph()
    for view in ("evidence", "citations", "claims"):
        spec = view_spec(G, view)
        assert spec["nodes"] == [] and spec["edges"] == []
    assert "No associations" in view_spec(G, "evidence")["notes"][0]


def test_pagerank_matches_the_textbook_values():
    # a 3-cycle is uniform; a star points all rank to its centre; ranks sum to 1
    r = pagerank("abc", [("a", "b"), ("b", "c"), ("c", "a")])
    assert all(abs(v - 1 / 3) < 1e-9 for v in r.values())
    r = pagerank("hxyz", [("x", "h"), ("y", "h"), ("z", "h")])
    assert abs(sum(r.values()) - 1) < 1e-9 and max(r, key=r.get) == "h"
    # h is dangling: with alpha 0.85, leaves get (0.15 + 0.85 * r_h) / 4 each
    leaf = (0.15 + 0.85 * r["h"]) / 4
    assert abs(r["x"] - leaf) < 1e-9


def test_evidence_map_keeps_room_for_acupoints_and_filters_from_the_weakest_edge(tiny):
    # with room for 2 edges the acupoint's association (the 3rd strongest) is kept anyway
    spec = view_spec(tiny, "evidence", max_edges=2)
    ids = [e["id"] for e in spec["edges"]]
    assert len(ids) == 2 and "acupoint:st36->mechanism:gaba:ASSOCIATED_WITH" in ids
    assert "mechanism:il-10->condition:neuropathic-pain:ASSOCIATED_WITH" in ids  # the strongest stays
    assert any(n.startswith("Acupoints have fewer studies") for n in spec["notes"])
    assert any(n["kind"] == "acupoint" for n in spec["nodes"])
    least = min(e["studies"] for e in spec["edges"])
    assert spec["filters"]["studies"][0] == least
    assert f"the weakest drawn has {least} stud" in " ".join(spec["notes"])


def test_ego_at_radius_two_caps_the_outer_rings_with_a_note():
    from kg.views.spec.ego import OUTER_CAP

    G = random_graph(1200, seed=3)
    center = max((n for n, k in G.nodes(data="kind") if k == "work"), key=G.degree)
    spec = view_spec(G, "ego", center=center, radius=2)
    steps = [dict(n["info"]["rows"])["steps from the centre"] for n in spec["nodes"]]
    assert steps.count(2) == OUTER_CAP
    assert any(n.startswith("Beyond the first ring, showing the 100 nodes") for n in spec["notes"])
    assert len(spec["nodes"]) == steps.count(0) + steps.count(1) + OUTER_CAP
