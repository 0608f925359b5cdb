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
    ``{"seed", "iterations", "theta", "solver", "hide_isolated", "positions", "fit"}``
    (``positions``: the nodes carry their places and are drawn without physics; ``fit``: the
    nodes the page first fits in view, None for all).

``info`` is ``{"title", "rows": [[name, value], ...], "doi", "openalex", "items": [...]}``
where ``items`` lists works (``label``, ``title``, ``doi``, ``note``) behind an edge or claim.
"""

from __future__ import annotations

import inspect

from kg.views.spec.citations import citations
from kg.views.spec.claims import claims
from kg.views.spec.ego import ego
from kg.views.spec.evidence import MAX_EDGES, evidence
from kg.views.spec.parts import ViewError, pagerank

VIEWS = ("evidence", "citations", "ego", "claims")
#: The fixed layout seed: the same graph is laid out the same way every time.
LAYOUT_SEED = 7


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
    builders = {"evidence": evidence, "citations": citations, "ego": ego, "claims": claims}
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
    spec["layout"]["fit"] = spec.pop("fit", None)
    return spec


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


__all__ = ["VIEWS", "MAX_EDGES", "ViewError", "view_spec", "pagerank"]
