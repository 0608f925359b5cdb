"""Decide what a view draws: nodes, edges, styles, legend, filters and notes, as plain data.

:func:`view_spec` is pure: it reads the graph and returns a JSON-ready dict. Only
:mod:`kg.views.html` turns a spec into a page. Text from records goes into the spec as it
is; escaping is the page writer's job (and the page's script only ever uses ``textContent``).

The spec's keys:

``view``, ``title``, ``synthetic``
    which view, its heading, and whether the graph was built from the synthetic corpus;
``nodes``
    dicts with ``id``, ``label``, ``kind``, ``shape``, ``color``, ``size`` (and for works
    ``design``, ``year``), ``borderWidth`` where marked, and ``info`` for the tooltip;
    evidence-map nodes also carry their column ``level`` (0 interventions and acupoints,
    1 mechanisms, 2 conditions), their place ``x``, ``y`` and a label ``widthConstraint``;
``edges``
    dicts with ``id``, ``from``, ``to``, ``type``, ``width``, ``color``, ``dashes``,
    ``arrows`` (evidence-map edges also ``designs``, ``years`` and ``studies``) and, except
    for citations, ``info``;
``legend``
    sections ``{"title", "items": [{"label", "color", "shape" | "dashes"}]}``;
``filters``
    ``{"kinds": [...], "designs": [...], "years": [first, last] | None,
    "studies": [least, most] | None}`` (the page's controls);
``notes``
    sentences shown above the network (what was left out, why);
``layout``
    ``{"seed", "iterations", "theta", "solver", "hide_isolated", "positions"}``
    (``positions``: the nodes carry their places and are drawn without physics).

``info`` is ``{"title", "rows": [[name, value], ...], "doi", "openalex", "items": [...]}``
where ``items`` lists works (``label``, ``title``, ``doi``, ``note``) behind an edge or claim.
"""

from __future__ import annotations

import inspect
from collections import Counter, defaultdict

from kg import resolve
from kg.errors import AcukgError
from kg.model import CONCEPT_KINDS, DESIGN_COUNT_FIELD, DESIGNS, design_level
from kg.views import style
from kg.views.layered import layered_positions

VIEWS = ("evidence", "citations", "ego", "claims")
EVIDENCE_KINDS = ("intervention", "acupoint", "mechanism", "condition")
#: The evidence map's columns, left to right (other kinds go in the middle).
EVIDENCE_LEVELS = {"intervention": 0, "acupoint": 0, "mechanism": 1, "condition": 2}
#: Associations the evidence map draws by default (the strongest).
MAX_EDGES = 300
DESIGN_CHOICES = DESIGNS + ("unknown",)
#: The fixed layout seed: the same graph is laid out the same way every time.
LAYOUT_SEED = 7
#: Works listed behind one edge or claim in its tooltip.
MAX_ITEMS = 15
_AW_DESIGN_FIELDS = {**DESIGN_COUNT_FIELD, "unknown": "n_unknown_design"}


class ViewError(AcukgError, ValueError):
    """A view name or option that makes no sense (the message names it)."""


def view_spec(G, view: str, **options) -> dict:
    """What a view draws, as plain data (see the module docstring for the keys).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The graph (not modified).
    view : {"evidence", "citations", "ego", "claims"}
    **options
        evidence: ``min_studies`` (1), ``max_edges`` (300: the strongest associations,
        by studies then best design level), ``kinds``; citations: ``max_nodes`` (500);
        ego: ``center`` (node id, ``W…``, or a concept name), ``radius`` (1),
        ``max_nodes`` (500); claims: ``max_nodes`` (500).

    Examples
    --------
    >>> import networkx as nx
    >>> view_spec(nx.MultiDiGraph(), "evidence")["nodes"]
    []
    """
    builders = {
        "evidence": _evidence,
        "citations": _citations,
        "ego": _ego,
        "claims": _claims,
    }
    if view not in builders:
        raise ViewError(f"unknown view {view!r}; expected one of {', '.join(VIEWS)}")
    try:
        inspect.signature(builders[view]).bind(G, **options)
    except TypeError as exc:
        raise ViewError(f"bad options for the {view} view: {exc}") from None
    spec = builders[view](G, **options)
    spec["view"] = view
    spec["synthetic"] = bool(G.graph.get("synthetic", False))
    spec.setdefault("notes", [])
    if spec["synthetic"]:
        spec["notes"].insert(0, "Synthetic corpus: every work, DOI and finding here is made up.")
    spec["layout"] = _layout(len(spec["nodes"]), spec.pop("hide_isolated", False), spec.pop("positions", False))
    return spec


# ---------------------------------------------------------------------------------------
# The four views


def _evidence(G, *, min_studies: int = 1, max_edges: int = MAX_EDGES, kinds=EVIDENCE_KINDS) -> dict:
    kinds = tuple(kinds)
    bad = [k for k in kinds if k not in CONCEPT_KINDS]
    if bad:
        raise ViewError(f"unknown concept kinds {bad}; expected some of {CONCEPT_KINDS}")
    if not isinstance(min_studies, int) or min_studies < 1:
        raise ViewError(f"min_studies must be a whole number of at least 1, got {min_studies!r}")
    if not isinstance(max_edges, int) or max_edges < 1:
        raise ViewError(f"max_edges must be a whole number of at least 1, got {max_edges!r}")
    candidates = [
        (u, v, data)
        for u, v, data in _edges_of_type(G, "ASSOCIATED_WITH")
        if G.nodes[u].get("kind") in kinds
        and G.nodes[v].get("kind") in kinds
        and data.get("studies", 0) >= min_studies
    ]
    # the strongest first: most studies, then the best design level, then ids
    candidates.sort(key=lambda e: (-e[2].get("studies", 0), -e[2].get("best_level", 0), e[0], e[1]))
    drawn, dropped = candidates[:max_edges], candidates[max_edges:]
    used = {n for u, v, _ in drawn for n in (u, v)}
    evidence = defaultdict(set)  # the works behind each concept's associations (not only drawn)
    for u, v, data in candidates:
        for n in (u, v):
            evidence[n].update(data.get("works") or [])
    positions = layered_positions(
        {n: EVIDENCE_LEVELS.get(G.nodes[n].get("kind"), 1) for n in used},
        [(u, v, data.get("studies", 0) or 1) for u, v, data in drawn],
        groups={n: EVIDENCE_KINDS.index(G.nodes[n]["kind"]) if G.nodes[n].get("kind") in EVIDENCE_KINDS
                else len(EVIDENCE_KINDS) for n in used},
    )
    mentions = _mention_counts(G, used)
    level = {n: EVIDENCE_LEVELS.get(G.nodes[n].get("kind"), 1) for n in used}
    most = Counter()  # sizes compare within a column
    for n in used:
        most[level[n]] = max(most[level[n]], len(evidence[n]))
    nodes = []
    for n in sorted(used, key=lambda n: (positions[n][0], positions[n][1], n)):
        node = _concept_node(G, n, size=style.evidence_node_size(len(evidence[n]), most[level[n]]))
        node["level"] = level[n]
        node["x"], node["y"] = positions[n]
        # labels wrap: narrow in the crowded middle, wide on the sides
        node["widthConstraint"] = {"maximum": 230 if level[n] == 1 else 300}
        node["info"]["rows"].append(["studies behind its associations", len(evidence[n])])
        node["info"]["rows"].append(["works mentioning it", mentions[n]])
        nodes.append(node)
    edges = [_evidence_edge(G, u, v, data) for u, v, data in drawn]
    for edge in edges:  # see-through thinner lines, opaque when hovered or selected; the
        edge["color"] = style.see_through(edge["color"])  # columns show the direction
        edge["width"] = style.evidence_edge_width(edge["studies"])
        edge["arrows"] = ""
    years = [y for e in edges for y in e["years"] if y is not None]
    notes = []
    if min_studies > 1:
        notes.append(f"Only associations backed by at least {min_studies} studies are drawn.")
    if dropped:
        left_nodes = {n for u, v, _ in dropped for n in (u, v)} - used
        least = drawn[-1][2].get("studies", 0)
        notes.append(
            f"Showing the {len(drawn):,} strongest of {len(candidates):,} associations (most "
            f"studies first, then the best study design; the weakest drawn has {least:,} "
            f"{_plural(least, 'study', 'studies')}); left out {len(dropped):,} weaker "
            f"{_plural(len(dropped), 'association', 'associations')}"
            + (f" and {len(left_nodes):,} {_plural(len(left_nodes), 'concept', 'concepts')} "
               f"linked only by them" if left_nodes else "")
            + f". Draw more with --max-edges (--max-edges {len(candidates)} draws all) or "
            f"raise the bar with --min-studies."
        )
    if not edges:
        notes.append("No associations between these kinds of concepts in this graph.")
    return {
        "title": "Evidence map: interventions, mechanisms and conditions",
        "nodes": nodes,
        "edges": edges,
        "legend": [
            _kind_legend(k for k in EVIDENCE_KINDS if k in kinds),
            _direction_legend("Edges: direction of the mechanism's change"),
            {
                "title": "Sizes and styles",
                "items": [
                    {"label": "node size grows with the studies behind its associations "
                              "(compared within its column)", "color": "#cccccc", "shape": "dot"},
                    {"label": "edge width grows with the number of studies", "color": "#555555"},
                    {"label": "dashed: animal or cell evidence only", "color": "#555555", "dashes": True},
                ],
            },
            {
                "title": "Columns, left to right",
                "items": [
                    {"label": "interventions and acupoints", "color": style.KIND_COLORS["intervention"],
                     "shape": style.KIND_SHAPES["intervention"]},
                    {"label": "mechanisms", "color": style.KIND_COLORS["mechanism"],
                     "shape": style.KIND_SHAPES["mechanism"]},
                    {"label": "conditions", "color": style.KIND_COLORS["condition"],
                     "shape": style.KIND_SHAPES["condition"]},
                ],
            },
        ],
        "filters": {
            "kinds": [k for k in EVIDENCE_KINDS if any(n["kind"] == k for n in nodes)],
            "designs": list(DESIGN_CHOICES),
            "years": [min(years), max(years)] if years else None,
            "studies": [min_studies, max(e["studies"] for e in edges)] if edges else None,
        },
        "notes": notes,
        "hide_isolated": True,
        "positions": True,
    }


def _citations(G, *, max_nodes: int = 500) -> dict:
    _check_cap(max_nodes)
    works = sorted(n for n, k in G.nodes(data="kind") if k == "work")
    cites = sorted(_work_cites(G))
    all_cited = Counter(v for _, v in cites)
    notes = []
    if len(works) > max_nodes:
        rank = pagerank(works, cites)
        keep = set(sorted(works, key=lambda n: (-rank[n], n))[:max_nodes])
        kept_edges = [(u, v) for u, v in cites if u in keep and v in keep]
        left_seeds = sum(1 for n in works if n not in keep and G.nodes[n].get("seed"))
        notes.append(
            f"Showing the {max_nodes:,} most central of {len(works):,} works (PageRank over "
            f"citations); left out {len(works) - max_nodes:,} works"
            + (f" (including {left_seeds:,} seeds)" if left_seeds else "")
            + f" and {len(cites) - len(kept_edges):,} of {len(cites):,} citations."
        )
        works, cites = [n for n in works if n in keep], kept_edges
    nodes = []
    for n in works:
        node = _work_node(G, n, size=style.node_size(all_cited[n], base=8, scale=3))
        node["info"]["rows"].append(["cited by (in this graph)", all_cited[n]])
        nodes.append(node)
    # citation edges carry no info of their own: the page titles them "A → B" from the labels
    edges = [
        {
            "id": f"{u}->{v}:CITES",
            "from": u,
            "to": v,
            "type": "CITES",
            "width": 1,
            "color": style.EDGE_COLORS["CITES"],
            "dashes": False,
            "arrows": "to",
        }
        for u, v in cites
    ]
    return {
        "title": "Citation network",
        "nodes": nodes,
        "edges": edges,
        "legend": [_design_legend(nodes), _work_marks_legend(), _edge_legend(["CITES"])],
        "filters": _filters(nodes),
        "notes": notes,
    }


def _ego(G, *, center: str, radius: int = 1, max_nodes: int = 500) -> dict:
    _check_cap(max_nodes)
    if not isinstance(radius, int) or radius < 1:
        raise ViewError(f"radius must be a whole number of at least 1, got {radius!r}")
    center = resolve.node(G, center)
    dist = {center: 0}
    frontier = [center]
    for depth in range(1, radius + 1):
        nxt = set()
        for n in frontier:
            for m in _neighbours(G, n):
                if m not in dist:
                    nxt.add(m)
        for m in nxt:
            dist[m] = depth
        frontier = sorted(nxt)
    notes = []
    if len(dist) == 1:
        notes.append(f"{G.nodes[center].get('label') or center} has no links in this graph.")
    keep = list(dist)
    if len(keep) > max_nodes:
        order = sorted(keep, key=lambda n: (dist[n], -G.degree(n), n))
        keep = order[:max_nodes]
        notes.append(
            f"Showing {max_nodes:,} of the {len(dist):,} nodes within {radius} step(s) of "
            f"{G.nodes[center].get('label') or center} (nearest first, then most connected); "
            f"{len(dist) - max_nodes:,} left out."
        )
    keep_set = set(keep)
    nodes = []
    for n in sorted(keep, key=lambda n: (dist[n], n)):
        node = _any_node(G, n)
        node["info"]["rows"].append(["steps from the centre", dist[n]])
        if n == center:
            node["size"] = max(node["size"], 30)
            node["borderWidth"] = 5
            node["color"] = {"background": _bg(node["color"]), "border": "#000000"}
        nodes.append(node)
    edges = _collapsed_edges(G, keep_set)
    types = sorted({e["type"] for e in edges})
    label = G.nodes[center].get("label") or center
    return {
        "title": f"Neighbourhood of {label} (radius {radius})",
        "nodes": nodes,
        "edges": edges,
        "legend": [_kind_legend(_kinds_in(nodes)), _design_legend(nodes),
                   _edge_legend([t for t in types if t != "ASSOCIATED_WITH"])]
                  + ([_direction_legend("Associations: direction of the mechanism's change")]
                     if "ASSOCIATED_WITH" in types else []),
        "filters": _filters(nodes),
        "notes": notes,
        "center": center,
    }


def _claims(G, *, max_nodes: int = 500) -> dict:
    _check_cap(max_nodes)
    sources = sorted(n for n, k in G.nodes(data="kind") if k == "source")
    claims = sorted(n for n, k in G.nodes(data="kind") if k == "claim")
    evidence = [
        (u, v, d)
        for u, v, d in G.edges(data=True)
        if d.get("type") in ("SUPPORTED_BY", "CONTRADICTED_BY") and v in G
    ]
    works = Counter(v for _, v, _ in evidence)
    notes = []
    budget = max(max_nodes - len(sources) - len(claims), 0)
    chosen = sorted(works, key=lambda n: (-works[n], -design_level(G.nodes[n].get("design")), n))
    if len(chosen) > budget:
        notes.append(
            f"Showing {budget:,} of the {len(chosen):,} works that bear on claims (those bearing "
            f"on most claims, then strongest design first); {len(chosen) - budget:,} left out."
        )
        chosen = chosen[:budget]
    keep_works = set(chosen)
    support, contra = Counter(), Counter()
    items = defaultdict(list)
    for u, v, d in evidence:
        (support if d["type"] == "SUPPORTED_BY" else contra)[u] += 1
        items[u].append((d["type"], v, d.get("sentence")))
    nodes = []
    for n in sources:
        a = G.nodes[n]
        nodes.append(
            {
                "id": n,
                "label": _truncate(a.get("label") or n, 40),
                "kind": "source",
                "shape": style.KIND_SHAPES["source"],
                "color": style.KIND_COLORS["source"],
                "font": {"color": "#ffffff"},
                "size": 20,
                "info": {
                    "title": a.get("label") or n,
                    "rows": [["kind", "practitioner article"], ["file", a.get("file")]],
                },
            }
        )
    for n in claims:
        a = G.nodes[n]
        verdict = _claim_state(support[n], contra[n])
        work_items = [
            _item(G, v, ("supports: " if t == "SUPPORTED_BY" else "contradicts: ") + (s or ""))
            for t, v, s in sorted(items[n], key=lambda x: (x[0] != "SUPPORTED_BY", x[1]))
        ]
        nodes.append(
            {
                "id": n,
                "label": _truncate(a.get("label") or n, 50),
                "kind": "claim",
                "shape": style.KIND_SHAPES["claim"],
                "color": style.CLAIM_COLORS[verdict],
                "size": 16,
                "info": {
                    "title": a.get("label") or n,
                    "rows": [
                        ["claim", f"{a.get('subject')} {a.get('relation')} {a.get('object')}"],
                        ["context", a.get("context")],
                        ["expected direction", a.get("expected_direction")],
                        ["cited DOI", a.get("cited_doi")],
                        ["citation tie", a.get("citation_tie")],
                        ["supporting works", support[n]],
                        ["contradicting works", contra[n]],
                        ["note", a.get("note")],
                    ],
                    "items": work_items[:MAX_ITEMS],
                    "more": max(len(work_items) - MAX_ITEMS, 0),
                },
            }
        )
    nodes.extend(_work_node(G, n) for n in sorted(keep_works))
    shown = {n["id"] for n in nodes}
    edges = []
    for u, v, d in G.edges(data=True):
        t = d.get("type")
        if t not in ("MAKES", "SUPPORTED_BY", "CONTRADICTED_BY") or u not in shown or v not in shown:
            continue
        edges.append(
            {
                "id": f"{u}->{v}:{t}",
                "from": u,
                "to": v,
                "type": t,
                "width": 2 if t != "MAKES" else 1,
                "color": style.EDGE_COLORS[t],
                "dashes": False,
                "arrows": "to",
                "info": {
                    "title": f"{_short(G, u)} {t.replace('_', ' ').lower()} {_short(G, v)}",
                    "rows": [["sentence", d.get("sentence")], ["field", d.get("field")]]
                    if t != "MAKES"
                    else [],
                },
            }
        )
    edges.sort(key=lambda e: e["id"])
    if not claims:
        notes.append("This graph holds no claims.")
    return {
        "title": "Claims: practitioner articles, their claims, and the works that bear on them",
        "nodes": nodes,
        "edges": edges,
        "legend": [
            _kind_legend(["source"]),
            {
                "title": "Claims",
                "items": [
                    {"label": style.CLAIM_LABELS[k], "color": c, "shape": "ellipse"}
                    for k, c in style.CLAIM_COLORS.items()
                ],
            },
            _design_legend(nodes),
            _edge_legend(["MAKES", "SUPPORTED_BY", "CONTRADICTED_BY"]),
        ],
        "filters": _filters(nodes),
        "notes": notes,
    }


# ---------------------------------------------------------------------------------------
# Nodes


def _any_node(G, n) -> dict:
    kind = G.nodes[n].get("kind")
    if kind == "work":
        return _work_node(G, n)
    if kind in CONCEPT_KINDS:
        return _concept_node(G, n)
    a = G.nodes[n]
    return {
        "id": n,
        "label": _truncate(a.get("label") or n, 50),
        "kind": kind or "unknown",
        "shape": style.KIND_SHAPES.get(kind, "dot"),
        "color": style.KIND_COLORS.get(kind, "#cccccc"),
        "size": 16,
        "info": {"title": a.get("label") or n, "rows": [["kind", kind]]},
    }


def _work_node(G, n, *, size: float = 12.0) -> dict:
    a = G.nodes[n]
    design = a.get("design") or "unknown"
    node = {
        "id": n,
        "label": _short(G, n),
        "kind": "work",
        "shape": "star" if a.get("seed") else "dot",
        "color": style.DESIGN_COLORS.get(design, style.DESIGN_COLORS["unknown"]),
        "size": size,
        "design": design,
        "year": a.get("year"),
        "info": {
            "title": a.get("title") or a.get("label") or n,
            "rows": [
                ["authors", _authors(a)],
                ["year", a.get("year")],
                ["venue", a.get("venue")],
                ["design", style.DESIGN_LABELS.get(design, design)],
                ["species", a.get("species")],
                ["hop", a.get("hop")],
                ["seed", "yes" if a.get("seed") else None],
                ["retracted", "RETRACTED" if a.get("retracted") else None],
                ["cited by (OpenAlex)", a.get("cited_by_count")],
                ["PMID", a.get("pmid")],
            ],
            "doi": a.get("doi"),
            "openalex": a.get("openalex_id"),
        },
    }
    node["info"]["rows"] = [row for row in node["info"]["rows"] if row[1] is not None]
    if a.get("seed"):
        node["borderWidth"] = 3
        node["color"] = {"background": node["color"], "border": style.SEED_BORDER}
    if a.get("retracted"):
        node["borderWidth"] = 4
        node["color"] = {"background": _bg(node["color"]), "border": style.RETRACTED_BORDER}
        node["label"] += " (retracted)"
    return node


def _concept_node(G, n, *, size: float = 16.0) -> dict:
    a = G.nodes[n]
    kind = a.get("kind")
    return {
        "id": n,
        "label": a.get("label") or n,
        "kind": kind,
        "shape": style.KIND_SHAPES.get(kind, "dot"),
        "color": style.KIND_COLORS.get(kind, "#cccccc"),
        "size": size,
        "info": {
            "title": a.get("label") or n,
            "rows": [["kind", kind], ["id", n], ["MeSH", a.get("mesh_id")]],
        },
    }


def _item(G, n, note: str | None = None) -> dict:
    a = G.nodes[n] if n in G else {}
    return {
        "label": _short(G, n),
        "title": a.get("title") or a.get("label") or n,
        "doi": a.get("doi"),
        "note": note,
    }


# ---------------------------------------------------------------------------------------
# Edges


def _evidence_edge(G, u, v, d) -> dict:
    direction = d.get("direction") or "none"
    designs = [k for k, f in _AW_DESIGN_FIELDS.items() if d.get(f, 0)]
    animal_only = d.get("n_human", 0) == 0 and d.get("n_animal", 0) > 0
    works = sorted(
        d.get("works") or [],
        key=lambda w: (-design_level(G.nodes[w].get("design")) if w in G else 0, w),
    )
    by_design = ", ".join(f"{style.DESIGN_SHORT[k]} {d.get(f)}" for k, f in _AW_DESIGN_FIELDS.items() if d.get(f))
    return {
        "id": f"{u}->{v}:ASSOCIATED_WITH",
        "from": u,
        "to": v,
        "type": "ASSOCIATED_WITH",
        "width": style.edge_width(d.get("studies", 0)),
        "color": style.DIRECTION_COLORS.get(direction, style.DIRECTION_COLORS["none"]),
        "dashes": animal_only,
        "arrows": "to",
        "designs": designs,
        "years": [d.get("first_year"), d.get("last_year")],
        "studies": d.get("studies", 0),
        "direction": direction,
        "info": {
            "title": f"{G.nodes[u].get('label', u)} → {G.nodes[v].get('label', v)}",
            "rows": [
                ["studies", d.get("studies", 0)],
                ["direction", f"{direction} (up {d.get('n_up', 0)}, down {d.get('n_down', 0)}, "
                              f"null {d.get('n_null', 0)})"],
                ["human / animal", f"{d.get('n_human', 0)} / {d.get('n_animal', 0)}"
                                   + (" (animal or cell evidence only)" if animal_only else "")],
                ["designs", by_design or None],
                ["years", _span(d.get("first_year"), d.get("last_year"))],
            ],
            "items": [_item(G, w) for w in works[:MAX_ITEMS]],
            "more": max(len(works) - MAX_ITEMS, 0),
        },
    }


def _collapsed_edges(G, keep: set) -> list[dict]:
    """One drawn edge per (source, target, type) among ``keep``; parallel mentions counted."""
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for u, v, d in G.edges(data=True):
        if u in keep and v in keep:
            groups[(u, v, d.get("type"))].append(d)
    edges = []
    for (u, v, t), ds in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1], str(kv[0][2]))):
        if t == "ASSOCIATED_WITH":
            edges.append(_evidence_edge(G, u, v, ds[0]))
            continue
        rows = []
        if t == "MENTIONS":
            rows.append(["mentions", len(ds)])
            for d in ds[:3]:
                tag = d.get("field") or ""
                if d.get("negated"):
                    tag += ", negated"
                if d.get("direction"):
                    tag += f", {d['direction']}"
                rows.append([tag, d.get("sentence")])
        elif t in ("SUPPORTED_BY", "CONTRADICTED_BY"):
            rows.append(["sentence", ds[0].get("sentence")])
        edges.append(
            {
                "id": f"{u}->{v}:{t}",
                "from": u,
                "to": v,
                "type": t,
                "width": style.edge_width(len(ds)) if t == "MENTIONS" else 1.5,
                "color": style.EDGE_COLORS.get(t, "#999999"),
                "dashes": False,
                "arrows": "to",
                "info": {"title": f"{_short(G, u)} {str(t).replace('_', ' ').lower()} {_short(G, v)}",
                         "rows": rows},
            }
        )
    return edges


# ---------------------------------------------------------------------------------------
# Legends and filters


def _kind_legend(kinds) -> dict:
    return {
        "title": "Nodes",
        "items": [
            {"label": k, "color": style.KIND_COLORS[k], "shape": style.KIND_SHAPES[k]}
            for k in kinds
            if k != "work"
        ],
    }


def _direction_legend(title: str) -> dict:
    return {
        "title": title,
        "items": [{"label": style.DIRECTION_LABELS[d], "color": c} for d, c in style.DIRECTION_COLORS.items()],
    }


def _design_legend(nodes) -> dict:
    present = {n["design"] for n in nodes if "design" in n}
    return {
        "title": "Works: study design",
        "items": [
            {"label": style.DESIGN_LABELS[d], "color": c, "shape": "dot"}
            for d, c in style.DESIGN_COLORS.items()
            if d in present
        ],
    }


def _work_marks_legend() -> dict:
    return {
        "title": "Works: marks",
        "items": [
            {"label": "seed (cited by the practitioner articles)", "color": "#ffffff", "shape": "star",
             "border": style.SEED_BORDER},
            {"label": "retracted", "color": "#ffffff", "shape": "dot", "border": style.RETRACTED_BORDER},
            {"label": "size grows with citations within the graph", "color": "#cccccc", "shape": "dot"},
        ],
    }


def _edge_legend(types) -> dict:
    labels = {
        "CITES": "cites",
        "MENTIONS": "mentions",
        "ASSOCIATED_WITH": "associated with (derived)",
        "MAKES": "article makes claim",
        "SUPPORTED_BY": "claim supported by work",
        "CONTRADICTED_BY": "claim contradicted by work",
    }
    return {
        "title": "Edges",
        "items": [{"label": labels.get(t, str(t)), "color": style.EDGE_COLORS.get(t, "#999999")} for t in types],
    }


def _kinds_in(nodes) -> list[str]:
    order = ("source", "claim", "work") + CONCEPT_KINDS
    present = {n["kind"] for n in nodes}
    return [k for k in order if k in present]


def _filters(nodes) -> dict:
    years = [n["year"] for n in nodes if n.get("year") is not None]
    designs = {n["design"] for n in nodes if "design" in n}
    return {
        "kinds": _kinds_in(nodes),
        "designs": [d for d in DESIGN_CHOICES if d in designs],
        "years": [min(years), max(years)] if years else None,
        "studies": None,
    }


def _layout(n_nodes: int, hide_isolated: bool, positions: bool) -> dict:
    """Layout settings. With ``positions`` the nodes carry their places (``x``, ``y``) and
    the page draws them without physics. Otherwise physics with a fixed seed; as graphs
    grow, fewer stabilisation iterations and a coarser Barnes-Hut approximation
    (``theta``), so big views settle in seconds."""
    iterations = 600 if n_nodes <= 300 else max(40, min(400, int(100_000 / n_nodes)))
    theta = 0.5 if n_nodes <= 1000 else 1.5
    return {
        "seed": LAYOUT_SEED,
        "iterations": iterations,
        "theta": theta,
        "solver": "forceAtlas2Based",
        "hide_isolated": hide_isolated,
        "positions": positions,
    }


# ---------------------------------------------------------------------------------------
# Graph helpers


def pagerank(nodes, edges, *, alpha: float = 0.85, tol: float = 1e-10, max_iter: int = 200) -> dict:
    """PageRank of ``nodes`` over directed ``edges`` (power iteration; dangling mass spread evenly).

    >>> r = pagerank(["a", "b", "c"], [("a", "c"), ("b", "c")])
    >>> max(r, key=r.get)
    'c'
    """
    nodes = list(nodes)
    n = len(nodes)
    if n == 0:
        return {}
    out = defaultdict(list)
    for u, v in edges:
        out[u].append(v)
    rank = dict.fromkeys(nodes, 1.0 / n)
    for _ in range(max_iter):
        dangling = sum(rank[u] for u in nodes if not out[u])
        new = dict.fromkeys(nodes, (1.0 - alpha) / n + alpha * dangling / n)
        for u in nodes:
            targets = out[u]
            if targets:
                share = alpha * rank[u] / len(targets)
                for v in targets:
                    new[v] += share
        err = sum(abs(new[u] - rank[u]) for u in nodes)
        rank = new
        if err < n * tol:
            break
    return rank


def _edges_of_type(G, type_):
    for u, v, d in G.edges(data=True):
        if d.get("type") == type_:
            yield u, v, d


def _work_cites(G):
    kinds = dict(G.nodes(data="kind"))
    return {
        (u, v)
        for u, v, t in G.edges(data="type")
        if t == "CITES" and kinds.get(u) == "work" and kinds.get(v) == "work"
    }


def _mention_counts(G, concepts) -> Counter:
    counts = Counter()
    for c in concepts:
        counts[c] = len({u for u, _, d in G.in_edges(c, data=True) if d.get("type") == "MENTIONS"})
    return counts


def _neighbours(G, n):
    yield from G.successors(n)
    yield from G.predecessors(n)


def _short(G, n) -> str:
    """A short label for a node: ``Surname Year`` for works, the label otherwise."""
    a = G.nodes[n] if n in G else {}
    if a.get("kind") != "work":
        return _truncate(a.get("label") or str(n), 40)
    author = a.get("first_author") or (a.get("authors") or [None])[0]
    surname = author.split()[-1] if author and author.split() else None
    year = a.get("year")
    if surname:
        return f"{surname} {year}" if year else surname
    return a.get("openalex_id") or str(n)


def _authors(a) -> str | None:
    authors = a.get("authors") or []
    if not authors:
        return a.get("first_author")
    return ", ".join(authors[:3]) + (" et al." if len(authors) > 3 else "")


def _truncate(text: str, n: int) -> str:
    text = str(text)
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


def _span(first, last) -> str | None:
    if first is None and last is None:
        return None
    return str(first) if first == last else f"{first}–{last}"


def _claim_state(n_support: int, n_contra: int) -> str:
    if n_support and n_contra:
        return "mixed"
    if n_support:
        return "supported"
    if n_contra:
        return "contradicted"
    return "untested"


def _bg(color) -> str:
    return color["background"] if isinstance(color, dict) else color


def _check_cap(max_nodes) -> None:
    if not isinstance(max_nodes, int) or max_nodes < 1:
        raise ViewError(f"max_nodes must be a whole number of at least 1, got {max_nodes!r}")


__all__ = ["VIEWS", "ViewError", "view_spec", "pagerank"]
