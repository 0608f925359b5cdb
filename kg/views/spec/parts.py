"""What the views share: node, edge and legend builders, filters, and small helpers."""

from __future__ import annotations

from collections import Counter, defaultdict

from kg.errors import AcukgError
from kg.model import CONCEPT_KINDS, DESIGN_COUNT_FIELD, DESIGNS, design_level
from kg.pagerank import pagerank  # noqa: F401  (the views' PageRank, re-exported)
from kg.views import style

#: Most works an edge's or a claim's details list.
MAX_ITEMS = 15
#: Design filter choices (the designs, and works of no known design).
DESIGN_CHOICES = DESIGNS + ("unknown",)
#: The count field of each design on an ASSOCIATED_WITH edge.
AW_DESIGN_FIELDS = {**DESIGN_COUNT_FIELD, "unknown": "n_unknown_design"}


class ViewError(AcukgError, ValueError):
    """A view name or option that makes no sense (the message names it)."""


def any_node(G, n) -> dict:
    kind = G.nodes[n].get("kind")
    if kind == "work":
        return work_node(G, n)
    if kind in CONCEPT_KINDS:
        return concept_node(G, n)
    a = G.nodes[n]
    return {
        "id": n,
        "label": truncate(a.get("label") or n, 50),
        "kind": kind or "unknown",
        "shape": style.KIND_SHAPES.get(kind, "dot"),
        "color": style.KIND_COLORS.get(kind, "#cccccc"),
        "size": 16,
        "info": {"title": a.get("label") or n, "rows": [["kind", kind]]},
    }


def work_node(G, n, *, size: float = 12.0) -> dict:
    a = G.nodes[n]
    design = a.get("design") or "unknown"
    node = {
        "id": n,
        "label": short(G, n),
        "kind": "work",
        "shape": "star" if a.get("seed") else "dot",
        "color": style.DESIGN_COLORS.get(design, style.DESIGN_COLORS["unknown"]),
        "size": size,
        "design": design,
        "year": a.get("year"),
        "info": {
            "title": a.get("title") or a.get("label") or n,
            "rows": [
                ["authors", author_list(a)],
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
        node["color"] = {"background": bg(node["color"]), "border": style.RETRACTED_BORDER}
        node["label"] += " (retracted)"
    return node


def concept_node(G, n, *, size: float = 16.0) -> dict:
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


def item(G, n, note: str | None = None) -> dict:
    a = G.nodes[n] if n in G else {}
    return {
        "label": short(G, n),
        "title": a.get("title") or a.get("label") or n,
        "doi": a.get("doi"),
        "note": note,
    }


def evidence_edge(G, u, v, d) -> dict:
    direction = d.get("direction") or "none"
    designs = [k for k, f in AW_DESIGN_FIELDS.items() if d.get(f, 0)]
    animal_only = d.get("n_human", 0) == 0 and d.get("n_animal", 0) > 0
    works = sorted(
        d.get("works") or [],
        key=lambda w: (-design_level(G.nodes[w].get("design")) if w in G else 0, w),
    )
    by_design = ", ".join(f"{style.DESIGN_SHORT[k]} {d.get(f)}" for k, f in AW_DESIGN_FIELDS.items() if d.get(f))
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
                ["human / animal / other", f"{d.get('n_human', 0)} / {d.get('n_animal', 0)} / "
                                           f"{d.get('studies', 0) - d.get('n_human', 0) - d.get('n_animal', 0)}"
                                           + (" (animal or cell evidence only)" if animal_only else "")],
                ["designs", by_design or None],
                ["years", span(d.get("first_year"), d.get("last_year"))],
            ],
            "items": [item(G, w) for w in works[:MAX_ITEMS]],
            "more": max(len(works) - MAX_ITEMS, 0),
        },
    }


def collapsed_edges(G, keep: set) -> list[dict]:
    """One drawn edge per (source, target, type) among ``keep``; parallel mentions counted."""
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for u, v, d in G.edges(data=True):
        if u in keep and v in keep:
            groups[(u, v, d.get("type"))].append(d)
    edges = []
    for (u, v, t), ds in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1], str(kv[0][2]))):
        if t == "ASSOCIATED_WITH":
            edges.append(evidence_edge(G, u, v, ds[0]))
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
                "info": {"title": f"{short(G, u)} {str(t).replace('_', ' ').lower()} {short(G, v)}",
                         "rows": rows},
            }
        )
    return edges


def kind_legend(kinds) -> dict:
    return {
        "title": "Nodes",
        "items": [
            {"label": k, "color": style.KIND_COLORS[k], "shape": style.KIND_SHAPES[k]}
            for k in kinds
            if k != "work"
        ],
    }


def direction_legend(title: str) -> dict:
    return {
        "title": title,
        "items": [{"label": style.DIRECTION_LABELS[d], "color": c} for d, c in style.DIRECTION_COLORS.items()],
    }


def design_legend(nodes) -> dict:
    present = {n["design"] for n in nodes if "design" in n}
    return {
        "title": "Works: study design",
        "items": [
            {"label": style.DESIGN_LABELS[d], "color": c, "shape": "dot"}
            for d, c in style.DESIGN_COLORS.items()
            if d in present
        ],
    }


def work_marks_legend() -> dict:
    return {
        "title": "Works: marks",
        "items": [
            {"label": "seed (cited by the practitioner articles)", "color": "#ffffff", "shape": "star",
             "border": style.SEED_BORDER},
            {"label": "retracted", "color": "#ffffff", "shape": "dot", "border": style.RETRACTED_BORDER},
            {"label": "size grows with citations within the graph", "color": "#cccccc", "shape": "dot"},
        ],
    }


def edge_legend(types) -> dict:
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


def kinds_in(nodes) -> list[str]:
    order = ("source", "claim", "work") + CONCEPT_KINDS
    present = {n["kind"] for n in nodes}
    return [k for k in order if k in present]


def filters(nodes) -> dict:
    years = [n["year"] for n in nodes if n.get("year") is not None]
    designs = {n["design"] for n in nodes if "design" in n}
    return {
        "kinds": kinds_in(nodes),
        "designs": [d for d in DESIGN_CHOICES if d in designs],
        "years": [min(years), max(years)] if years else None,
        "studies": None,
    }


def edges_of_type(G, type_):
    for u, v, d in G.edges(data=True):
        if d.get("type") == type_:
            yield u, v, d


def work_cites(G):
    kinds = dict(G.nodes(data="kind"))
    return {
        (u, v)
        for u, v, t in G.edges(data="type")
        if t == "CITES" and kinds.get(u) == "work" and kinds.get(v) == "work"
    }


def mention_counts(G, concepts) -> Counter:
    counts = Counter()
    for c in concepts:
        counts[c] = len({u for u, _, d in G.in_edges(c, data=True) if d.get("type") == "MENTIONS"})
    return counts


def neighbours(G, n):
    yield from G.successors(n)
    yield from G.predecessors(n)


def short(G, n) -> str:
    """A short label for a node: ``Surname Year`` for works, the label otherwise."""
    a = G.nodes[n] if n in G else {}
    if a.get("kind") != "work":
        return truncate(a.get("label") or str(n), 40)
    author = a.get("first_author") or (a.get("authors") or [None])[0]
    surname = author.split()[-1] if author and author.split() else None
    year = a.get("year")
    if surname:
        return f"{surname} {year}" if year else surname
    return a.get("openalex_id") or str(n)


def author_list(a) -> str | None:
    authors = a.get("authors") or []
    if not authors:
        return a.get("first_author")
    return ", ".join(authors[:3]) + (" et al." if len(authors) > 3 else "")


def truncate(text: str, n: int) -> str:
    text = str(text)
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


def span(first, last) -> str | None:
    if first is None and last is None:
        return None
    return str(first) if first == last else f"{first}–{last}"


def claim_state(n_support: int, n_contra: int) -> str:
    if n_support and n_contra:
        return "mixed"
    if n_support:
        return "supported"
    if n_contra:
        return "contradicted"
    return "untested"


def bg(color) -> str:
    return color["background"] if isinstance(color, dict) else color


def check_cap(max_nodes) -> None:
    if not isinstance(max_nodes, int) or max_nodes < 1:
        raise ViewError(f"max_nodes must be a whole number of at least 1, got {max_nodes!r}")
