"""The citation network: the seeds and the most central works (PageRank), laid out by year."""

from __future__ import annotations

from collections import Counter

from kg.views import style
from kg.views.layered import layered_positions
from kg.views.spec.parts import (
    check_cap, design_legend, edge_legend, filters, pagerank, work_cites, work_marks_legend,
    work_node,
)

#: Works labelled on the canvas besides the seeds: the most cited ones (the rest on hover).
LABELLED = 20


def citations(G, *, max_nodes: int = 500) -> dict:
    check_cap(max_nodes)
    all_works = sorted(n for n, k in G.nodes(data="kind") if k == "work")
    works = all_works
    cites = sorted(work_cites(G))
    all_cited = Counter(v for _, v in cites)
    seeds = [n for n in works if G.nodes[n].get("seed")]
    notes = [
        "Works are laid out left to right by publication year (one column per year, oldest on the"
        " left); the seeds are stars with a dark border, and only they and the"
        f" {LABELLED} most cited works carry a label: hover or search for the others."
    ]
    if len(works) > max_nodes:
        rank = pagerank(works, cites)
        keep = set(seeds[:max_nodes])  # the seeds always, then the most central works
        keep.update([n for n in sorted(works, key=lambda n: (-rank[n], n)) if n not in keep][: max_nodes - len(keep)])
        kept_edges = [(u, v) for u, v in cites if u in keep and v in keep]
        notes.append(
            f"Showing the {sum(1 for n in seeds if n in keep):,} seeds"
            f" and the most central of the other works (PageRank over citations), {len(keep):,} of "
            f"{len(works):,} works; left out {len(works) - len(keep):,} works and "
            f"{len(cites) - len(kept_edges):,} of {len(cites):,} citations. Draw more with --max-nodes."
        )
        works, cites = [n for n in works if n in keep], kept_edges
    labelled = set(seeds) | set(sorted(works, key=lambda n: (-all_cited[n], n))[:LABELLED])
    years = sorted({G.nodes[n].get("year") for n in works} - {None})
    column = {y: i + 1 for i, y in enumerate(years)}  # column 0: year unknown
    positions = layered_positions({n: column.get(G.nodes[n].get("year"), 0) for n in works},
                                  [(u, v, 1) for u, v in cites],
                                  groups={n: 0 if G.nodes[n].get("seed") else 1 for n in works})
    nodes = []
    for n in works:
        node = work_node(G, n, size=style.node_size(all_cited[n], base=8, scale=3))
        node["info"]["rows"].append(["cited by (in this graph)", all_cited[n]])
        if n not in labelled:
            node["label"] = ""
        node["x"], node["y"] = positions[n]
        nodes.append(node)
    # citation edges carry no info of their own: the page titles them "A → B" from the labels
    edges = [
        {
            "id": f"{u}->{v}:CITES",
            "from": u,
            "to": v,
            "type": "CITES",
            "width": 1,
            "color": style.see_through(style.EDGE_COLORS["CITES"]),
            "dashes": False,
            "arrows": "to",
        }
        for u, v in cites
    ]
    page_filters = filters(nodes)
    all_years = [G.nodes[n].get("year") for n in all_works if G.nodes[n].get("year") is not None]
    page_filters["years"] = [min(all_years), max(all_years)] if all_years else None
    return {
        "title": "Citation network",
        "nodes": nodes,
        "edges": edges,
        "legend": [design_legend(nodes), work_marks_legend(), edge_legend(["CITES"])],
        "filters": page_filters,
        "notes": notes,
        "positions": True,
    }
