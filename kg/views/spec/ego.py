"""An ego view: a node and its neighbourhood up to a radius."""

from __future__ import annotations

from kg import resolve
from kg.views.spec.parts import (
    ViewError, any_node, bg, check_cap, collapsed_edges, design_legend, direction_legend,
    edge_legend, filters, kind_legend, kinds_in, neighbours,
)


#: Most nodes drawn two or more steps from the centre (a note says how many were left out).
OUTER_CAP = 100


def ego(G, *, center: str, radius: int = 1, max_nodes: int = 500) -> dict:
    check_cap(max_nodes)
    if not isinstance(radius, int) or radius < 1:
        raise ViewError(f"radius must be a whole number of at least 1, got {radius!r}")
    center = resolve.node(G, center)
    dist = {center: 0}
    frontier = [center]
    for depth in range(1, radius + 1):
        nxt = set()
        for n in frontier:
            for m in neighbours(G, n):
                if m not in dist:
                    nxt.add(m)
        for m in nxt:
            dist[m] = depth
        frontier = sorted(nxt)
    notes = []
    if len(dist) == 1:
        notes.append(f"{G.nodes[center].get('label') or center} has no links in this graph.")
    keep = list(dist)
    outer = [n for n in keep if dist[n] >= 2]
    if len(outer) > OUTER_CAP:  # beyond the first ring, only what ties in most with the nearer rings
        ties = {n: sum(1 for m in neighbours(G, n) if dist.get(m, radius + 1) < dist[n]) for n in outer}
        shown = set(sorted(outer, key=lambda n: (dist[n], -ties[n], n))[:OUTER_CAP])
        keep = [n for n in keep if dist[n] < 2 or n in shown]
        notes.append(
            f"Beyond the first ring, showing the {OUTER_CAP:,} nodes linked to the most nodes nearer "
            f"the centre, of {len(outer):,} within {radius} steps; {len(outer) - OUTER_CAP:,} left out "
            f"to keep the view readable."
        )
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
        node = any_node(G, n)
        node["info"]["rows"].append(["steps from the centre", dist[n]])
        if n == center:
            node["size"] = max(node["size"], 30)
            node["borderWidth"] = 5
            node["color"] = {"background": bg(node["color"]), "border": "#000000"}
        nodes.append(node)
    edges = collapsed_edges(G, keep_set)
    types = sorted({e["type"] for e in edges})
    label = G.nodes[center].get("label") or center
    return {
        "title": f"Neighbourhood of {label} (radius {radius})",
        "nodes": nodes,
        "edges": edges,
        "legend": [kind_legend(kinds_in(nodes)), design_legend(nodes),
                   edge_legend([t for t in types if t != "ASSOCIATED_WITH"])]
                  + ([direction_legend("Associations: direction of the mechanism's change")]
                     if "ASSOCIATED_WITH" in types else []),
        "filters": filters(nodes),
        "notes": notes,
        "center": center,
    }
