"""The citation network: the most central works (PageRank) and the citations among them."""

from __future__ import annotations

from collections import Counter

from kg.views import style
from kg.views.spec.parts import (
    check_cap, design_legend, edge_legend, filters, pagerank, work_cites, work_marks_legend,
    work_node,
)


def citations(G, *, max_nodes: int = 500) -> dict:
    check_cap(max_nodes)
    works = sorted(n for n, k in G.nodes(data="kind") if k == "work")
    cites = sorted(work_cites(G))
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
        node = work_node(G, n, size=style.node_size(all_cited[n], base=8, scale=3))
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
        "legend": [design_legend(nodes), work_marks_legend(), edge_legend(["CITES"])],
        "filters": filters(nodes),
        "notes": notes,
    }
