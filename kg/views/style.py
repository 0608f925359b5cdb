"""How views look: the colours, shapes and widths that encode kinds, designs and evidence.

Constants and small pure functions only; :mod:`kg.views.spec` applies them and builds the
legends from the same tables, so a legend can never disagree with what is drawn.
"""

from __future__ import annotations

import math

#: Node colour by kind (concepts, sources and claims).
KIND_COLORS = {
    "intervention": "#2a9d8f",
    "acupoint": "#7fb069",
    "mechanism": "#e9b949",
    "condition": "#e76f51",
    "anatomy": "#9c89b8",
    "outcome": "#f4a261",
    "source": "#264653",
    "claim": "#8d99ae",
    "work": "#6c8ebf",
}
KIND_SHAPES = {
    "intervention": "diamond",
    "acupoint": "triangle",
    "mechanism": "dot",
    "condition": "square",
    "anatomy": "triangleDown",
    "outcome": "hexagon",
    "source": "box",
    "claim": "ellipse",
    "work": "dot",
}
#: Work colour by study design, strongest evidence first; "unknown" when no design is known.
DESIGN_COLORS = {
    "systematic_review": "#1b7837",
    "rct": "#5aae61",
    "observational": "#a6dba0",
    "case_report": "#c2a5cf",
    "animal": "#d6604d",
    "in_vitro": "#f4a582",
    "review": "#4393c3",
    "protocol": "#bababa",
    "unknown": "#e0e0e0",
}
DESIGN_LABELS = {
    "systematic_review": "systematic review / meta-analysis",
    "rct": "randomised controlled trial",
    "observational": "observational / non-randomised clinical",
    "case_report": "case report / series",
    "animal": "animal study",
    "in_vitro": "in vitro",
    "review": "narrative review",
    "protocol": "protocol",
    "unknown": "design unknown",
}
#: Short design names for the page's filter (the full label is the checkbox's tooltip).
DESIGN_SHORT = {
    "systematic_review": "SR / MA",
    "rct": "RCT",
    "observational": "observational",
    "case_report": "case report",
    "animal": "animal",
    "in_vitro": "in vitro",
    "review": "review",
    "protocol": "protocol",
    "unknown": "unknown",
}
#: Evidence-map edge colour by direction consensus.
DIRECTION_COLORS = {"up": "#1a9850", "down": "#2166ac", "mixed": "#f28e2b", "none": "#9e9e9e"}
DIRECTION_LABELS = {
    "up": "increases (consensus up)",
    "down": "decreases (consensus down)",
    "mixed": "mixed directions",
    "none": "no direction reported",
}
#: Edge colour by edge type (ego and claims views).
EDGE_COLORS = {
    "CITES": "#9e9e9e",
    "MENTIONS": "#8fb3d9",
    "ASSOCIATED_WITH": "#e9b949",
    "MAKES": "#264653",
    "SUPPORTED_BY": "#1a9850",
    "CONTRADICTED_BY": "#d73027",
}
#: Claim colour by what the graph holds for it.
CLAIM_COLORS = {
    "supported": "#1a9850",
    "contradicted": "#d73027",
    "mixed": "#f28e2b",
    "untested": "#bdbdbd",
}
CLAIM_LABELS = {
    "supported": "claim with supporting works only",
    "contradicted": "claim with contradicting works only",
    "mixed": "claim with both",
    "untested": "claim with no evidence in the graph",
}
#: Claims audit verdicts (``queries.claims.claims_audit``): colour, the words a reader sees, and
#: the rule, one sentence each (the README and the report say the same).
VERDICT_COLORS = {
    "supported": "#1a9850",
    "supported_animal_only": "#a6d96a",
    "contested": "#f28e2b",
    "not_supported": "#d73027",
    "not_found": "#bdbdbd",
}
VERDICT_LABELS = {
    "supported": "supported in people",
    "supported_animal_only": "animal evidence only",
    "contested": "contested",
    "not_supported": "not supported",
    "not_found": "not found",
}
VERDICT_RULES = {
    "supported": "Works on point support the claim, at least one of them a study in people, and any "
                 "contradicting ones are fewer than half as many and lower on the evidence ladder.",
    "supported_animal_only": "Works on point support the claim, but only animal or cell studies do, and any "
                             "contradicting ones are fewer than half as many and lower on the evidence ladder.",
    "contested": "Works on point contradict the claim at least half as often as they support it, or "
                 "from as high on the evidence ladder as its best support.",
    "not_supported": "Works mention the claim's object, but no work on point (object, context and "
                     "intervention together) supports it.",
    "not_found": "The claim's object is no known concept, or no work in the graph mentions it.",
}
#: Evidence-map edges are drawn this opaque, so the labels and nodes beneath show through.
EVIDENCE_EDGE_OPACITY = 0.45
#: Label size in the evidence map (canvas units; a white halo keeps labels legible over edges).
EVIDENCE_FONT_SIZE = 24
SEED_BORDER = "#111111"
RETRACTED_BORDER = "#d00000"


def edge_width(studies: int) -> float:
    """Edge width for a number of studies: 1 for one study, growing with the logarithm."""
    return round(1.0 + 2.0 * math.log2(max(studies, 1)), 2)


def node_size(count: int, *, base: float = 10.0, scale: float = 4.0) -> float:
    """Node size for a count (citations, mentions): ``base`` plus a square-root growth."""
    return round(base + scale * math.sqrt(max(count, 0)), 2)


def evidence_node_size(studies: int, most: int) -> float:
    """Evidence-map node size: 5 to 18 by the square root of ``studies`` over the most any
    drawn concept has (so differences show within one map).

    >>> evidence_node_size(25, 100), evidence_node_size(100, 100)
    (11.5, 18.0)
    """
    share = max(studies, 0) / most if most > 0 else 0.0
    return round(5.0 + 13.0 * math.sqrt(min(share, 1.0)), 2)


def evidence_edge_width(studies: int) -> float:
    """Evidence-map edge width: thinner than :func:`edge_width`, as many edges share a column."""
    return round(0.8 + 0.9 * math.log2(max(studies, 1)), 2)


def see_through(color: str, opacity: float = EVIDENCE_EDGE_OPACITY) -> dict:
    """A vis-network colour object: ``color`` (``#rrggbb``) at ``opacity``, opaque when
    highlighted or hovered.

    >>> see_through("#ff8000", 0.5)
    {'color': 'rgba(255,128,0,0.5)', 'highlight': '#ff8000', 'hover': '#ff8000'}
    """
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return {"color": f"rgba({r},{g},{b},{opacity})", "highlight": color, "hover": color}
