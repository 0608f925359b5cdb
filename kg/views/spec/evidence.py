"""The evidence map: interventions and acupoints, mechanisms and conditions in columns, linked by
the strongest associations the works support."""

from __future__ import annotations

import math
from collections import Counter, defaultdict

from kg.model import CONCEPT_KINDS
from kg.views import style
from kg.views.layered import layered_positions
from kg.views.spec.parts import (
    DESIGN_CHOICES, ViewError, concept_node, direction_legend, edges_of_type, evidence_edge,
    kind_legend, mention_counts, plural,
)

EVIDENCE_KINDS = ("intervention", "acupoint", "mechanism", "condition")
#: The evidence map's columns, left to right (other kinds go in the middle).
EVIDENCE_LEVELS = {"intervention": 0, "acupoint": 0, "mechanism": 1, "condition": 2}
#: Associations the evidence map draws by default (the strongest).
MAX_EDGES = 300
#: Share of the drawn associations kept for acupoints' strongest ones, when they would not
#: otherwise be among the strongest overall.
ACUPOINT_SHARE = 0.1
#: Average character width as a share of the font size, and the smallest label size used to
#: keep a long label on two lines.
CHAR_WIDTH = 0.55
MIN_FONT_SIZE = 14


def label_font_size(label: str, width: int) -> int:
    """The largest label size (down from :data:`style.EVIDENCE_FONT_SIZE`) at which ``label``
    wraps to at most two lines of ``width`` canvas units, so that it stays within its row.

    >>> label_font_size("IL-6", 230), label_font_size("glial cell line-derived neurotrophic factor", 230)
    (24, 18)
    """
    for size in range(style.EVIDENCE_FONT_SIZE, MIN_FONT_SIZE - 1, -1):
        per_line = max(1, int(width / (size * CHAR_WIDTH)))
        lines, line = 1, 0
        for word in label.split():
            if line and line + 1 + len(word) > per_line:
                lines, line = lines + 1, len(word)
            else:
                line += (1 if line else 0) + len(word)
        if lines <= 2:
            return size
    return MIN_FONT_SIZE


def evidence(G, *, min_studies: int = 1, max_edges: int = MAX_EDGES, kinds=EVIDENCE_KINDS) -> dict:
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
        for u, v, data in edges_of_type(G, "ASSOCIATED_WITH")
        if G.nodes[u].get("kind") in kinds
        and G.nodes[v].get("kind") in kinds
        and data.get("studies", 0) >= min_studies
    ]
    # the strongest first: most studies, then the best design level, then ids
    candidates.sort(key=lambda e: (-e[2].get("studies", 0), -e[2].get("best_level", 0), e[0], e[1]))
    drawn, dropped = candidates[:max_edges], candidates[max_edges:]
    # acupoints have fewer studies than the interventions: keep a share of the map for theirs
    on_acupoint = [i for i, (u, v, _) in enumerate(candidates)
                   if "acupoint" in (G.nodes[u].get("kind"), G.nodes[v].get("kind"))]
    reserved = set(on_acupoint[:math.ceil(max_edges * ACUPOINT_SHARE)])
    added = sorted(i for i in reserved if i >= max_edges)
    if added:
        chosen = reserved | set([i for i in range(len(candidates)) if i not in reserved][: max_edges - len(reserved)])
        drawn = [e for i, e in enumerate(candidates) if i in chosen]
        dropped = [e for i, e in enumerate(candidates) if i not in chosen]
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
    mentions = mention_counts(G, used)
    level = {n: EVIDENCE_LEVELS.get(G.nodes[n].get("kind"), 1) for n in used}
    most = Counter()  # sizes compare within a column
    for n in used:
        most[level[n]] = max(most[level[n]], len(evidence[n]))
    nodes = []
    for n in sorted(used, key=lambda n: (positions[n][0], positions[n][1], n)):
        node = concept_node(G, n, size=style.evidence_node_size(len(evidence[n]), most[level[n]]))
        node["level"] = level[n]
        node["x"], node["y"] = positions[n]
        # labels wrap: narrow in the crowded middle, wide on the sides
        node["widthConstraint"] = {"maximum": 230 if level[n] == 1 else 300}
        size = label_font_size(node["label"], node["widthConstraint"]["maximum"])
        if size != style.EVIDENCE_FONT_SIZE:
            node["font"] = {"size": size}
        node["info"]["rows"].append(["studies behind its associations", len(evidence[n])])
        node["info"]["rows"].append(["works mentioning it", mentions[n]])
        nodes.append(node)
    edges = [evidence_edge(G, u, v, data) for u, v, data in drawn]
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
        least = min(data.get("studies", 0) for _, _, data in drawn)
        notes.append(
            f"Showing the {len(drawn):,} strongest of {len(candidates):,} associations (most "
            f"studies first, then the best study design; the weakest drawn has {least:,} "
            f"{plural(least, 'study', 'studies')}); left out {len(dropped):,} weaker "
            f"{plural(len(dropped), 'association', 'associations')}"
            + (f" and {len(left_nodes):,} {plural(len(left_nodes), 'concept', 'concepts')} "
               f"linked only by them" if left_nodes else "")
            + f". Draw more with --max-edges (--max-edges {len(candidates)} draws all) or "
            f"raise the bar with --min-studies."
        )
    if added:
        notes.append(
            f"Acupoints have fewer studies than the interventions: a tenth of the map (up to "
            f"{len(reserved):,} associations) is kept for the strongest associations of acupoints, "
            f"{len(added):,} of which would not be among the strongest overall."
        )
    if not edges:
        notes.append("No associations between these kinds of concepts in this graph.")
    return {
        "title": "Evidence map: interventions, mechanisms and conditions",
        "nodes": nodes,
        "edges": edges,
        "legend": [
            kind_legend(k for k in EVIDENCE_KINDS if k in kinds),
            direction_legend("Edges: direction of the mechanism's change"),
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
            "studies": [min(e["studies"] for e in edges), max(e["studies"] for e in edges)] if edges else None,
        },
        "notes": notes,
        "hide_isolated": True,
        "positions": True,
    }
