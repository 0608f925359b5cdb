"""The claims view: practitioner articles, their claims and the works that support or contradict them.

A board: each article heads a block of its claims, boxes labelled with the claim's short text
and coloured by the claims audit's verdict (given as ``verdicts``, claim id -> its audit row;
without it, by what the claim's edges hold); the works that bear on claims stand to the right.
With more than a few works, the page first fits the board, so every claim's label is readable;
the works are a pan away.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping

from kg.model import design_level
from kg.views import style
from kg.views.spec.parts import (
    MAX_ITEMS, check_cap, claim_state, design_legend, edge_legend, filters, item, kind_legend,
    short, truncate, work_node,
)

#: Board geometry (canvas units): claims per row, cell size, box width, label length.
COLUMNS = 7
CELL_W, CELL_H = 250, 84
BOX_W = 232
LABEL_CHARS = 54
#: Claim label size (canvas units): the board fitted in a 1,000-pixel canvas draws it at 10 px.
FONT_SIZE = 18
#: Works to the right of the board: per row, spacing; up to this many, the page first shows all.
WORK_COLUMNS, WORK_STEP = 16, 44
FIT_ALL_WORKS = 2 * WORK_COLUMNS
_DARK_TEXT = {"supported_animal_only", "not_found", "untested"}


def claims(G, *, max_nodes: int = 500, verdicts: Mapping[str, Mapping] | None = None) -> dict:
    check_cap(max_nodes)
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
    support, contra = Counter(), Counter()
    items = defaultdict(list)
    for u, v, d in evidence:
        (support if d["type"] == "SUPPORTED_BY" else contra)[u] += 1
        items[u].append((d["type"], v, d.get("sentence")))
    if verdicts is None:
        notes.append("Colours say what each claim's edges hold; the claims audit (acukg view claims, "
                     "the report) colours claims by verdict.")
    by_source = defaultdict(list)
    for n in claims:
        by_source[G.nodes[n].get("source")].append(n)
    nodes, row = [], 0
    for source in sources + sorted(s for s in by_source if s not in sources):
        block = ([source] if source in sources else []) + by_source.get(source, [])
        for i, n in enumerate(block):
            x, y = (i % COLUMNS) * CELL_W, (row + i // COLUMNS) * CELL_H
            node = _source_node(G, n) if n == source else _claim_node(
                G, n, (verdicts or {}).get(n), verdicts is not None, support[n], contra[n], items[n])
            nodes.append(node | {"x": x, "y": y})
        row += -(-len(block) // COLUMNS)
    board = [n["id"] for n in nodes]
    left = COLUMNS * CELL_W + 120
    for i, n in enumerate(sorted(chosen)):
        node = work_node(G, n)
        node["font"] = {"size": 10}
        nodes.append(node | {"x": left + (i % WORK_COLUMNS) * WORK_STEP, "y": (i // WORK_COLUMNS) * WORK_STEP})
    shown = {n["id"] for n in nodes}
    edges = []
    for u, v, d in G.edges(data=True):
        t = d.get("type")
        if t not in ("SUPPORTED_BY", "CONTRADICTED_BY") or u not in shown or v not in shown:
            continue
        edges.append(
            {
                "id": f"{u}->{v}:{t}",
                "from": u,
                "to": v,
                "type": t,
                "width": 1,
                "color": {"color": style.EDGE_COLORS[t], "opacity": 0.35},
                "dashes": False,
                "arrows": "to",
                "info": {
                    "title": f"{short(G, u)} {t.replace('_', ' ').lower()} {short(G, v)}",
                    "rows": [["sentence", d.get("sentence")], ["field", d.get("field")]],
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
            kind_legend(["source"]),
            _verdict_legend(nodes) if verdicts is not None else _state_legend(),
            design_legend(nodes),
            edge_legend(["SUPPORTED_BY", "CONTRADICTED_BY"]),
        ],
        "filters": filters(nodes),
        "notes": notes,
        "positions": True,
        # many works would shrink the board's labels: show the board first, the works a pan away
        "fit": board if len(chosen) > FIT_ALL_WORKS else None,
    }


def short_text(G, claim: str) -> str:
    """A claim as its box shows it: the claim's words, without an acupuncture subject the
    article's heading already gives ("increases BDNF (neuropathy)"), cut to fit the box."""
    a = G.nodes[claim]
    text = a.get("label") or claim
    subject = a.get("subject") or ""
    if (a.get("subject_concept") or "").startswith(("intervention:", "acupoint:")) and text.startswith(subject + " "):
        text = text[len(subject) + 1:]
    return truncate(text, LABEL_CHARS)


def _source_node(G, n) -> dict:
    a = G.nodes[n]
    return {
        "id": n,
        "label": truncate(a.get("label") or n, LABEL_CHARS),
        "kind": "source",
        "shape": "box",
        "color": style.KIND_COLORS["source"],
        "font": {"color": "#ffffff", "size": FONT_SIZE, "strokeWidth": 0},
        "widthConstraint": {"minimum": BOX_W, "maximum": BOX_W},
        "info": {
            "title": a.get("label") or n,
            "rows": [["kind", "practitioner article"], ["file", a.get("file")]],
        },
    }


def _claim_node(G, n, audit: Mapping | None, audited: bool, n_support: int, n_contra: int, found) -> dict:
    a = G.nodes[n]
    state = ((audit or {}).get("verdict") or "not_found") if audited else claim_state(n_support, n_contra)
    colors = style.VERDICT_COLORS if audited else style.CLAIM_COLORS
    work_items = [
        item(G, v, ("supports: " if t == "SUPPORTED_BY" else "contradicts: ") + (s or ""))
        for t, v, s in sorted(found, key=lambda x: (x[0] != "SUPPORTED_BY", x[1]))
    ]
    rows = []
    if audited:
        audit = audit or {}
        rows += [
            ["verdict", style.VERDICT_LABELS.get(state, state)],
            ["rule", style.VERDICT_RULES.get(state)],
            ["works on point", audit.get("n_on_point")],
            ["works mentioning the object", audit.get("n_mention_object")],
            ["best design", style.DESIGN_LABELS.get(audit.get("best_design"), audit.get("best_design"))],
        ]
    rows += [
        ["claim", f"{a.get('subject')} {a.get('relation')} {a.get('object')}"],
        ["context", a.get("context")],
        ["expected direction", a.get("expected_direction")],
        ["cited DOI", a.get("cited_doi")],
        ["citation tie", a.get("citation_tie")],
        ["supporting works", n_support],
        ["contradicting works", n_contra],
        ["note", a.get("note")],
    ]
    return {
        "id": n,
        "label": short_text(G, n),
        "kind": "claim",
        "shape": "box",
        "color": colors[state],
        "verdict": state,
        "font": {"size": FONT_SIZE, "strokeWidth": 0, "color": "#111111" if state in _DARK_TEXT else "#ffffff"},
        "widthConstraint": {"minimum": BOX_W, "maximum": BOX_W},
        "info": {
            "title": (f"{style.VERDICT_LABELS.get(state, state)}: " if audited else "") + (a.get("label") or n),
            "rows": rows,
            "items": work_items[:MAX_ITEMS],
            "more": max(len(work_items) - MAX_ITEMS, 0),
        },
    }


def _verdict_legend(nodes) -> dict:
    counts = Counter(n["verdict"] for n in nodes if n["kind"] == "claim")
    return {
        "title": "Claims by verdict",
        "items": [
            {"label": f"{style.VERDICT_LABELS[k]} ({counts.get(k, 0)})", "color": c, "shape": "box"}
            for k, c in style.VERDICT_COLORS.items()
        ],
    }


def _state_legend() -> dict:
    return {
        "title": "Claims",
        "items": [
            {"label": style.CLAIM_LABELS[k], "color": c, "shape": "box"} for k, c in style.CLAIM_COLORS.items()
        ],
    }
