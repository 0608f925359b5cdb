"""The citation network: the seeds and the most central works (PageRank), laid out by year."""

from __future__ import annotations

from collections import Counter

from kg.views import style
from kg.views.spec.parts import (
    check_cap, design_legend, edge_legend, filters, pagerank, work_cites, work_marks_legend,
    work_node,
)

#: Works labelled on the canvas besides the seeds: the most cited ones (the rest on hover).
LABELLED = 20
#: Canvas units per year (x) and between works of one year (y); a year holding more than
#: ``ROWS`` works splits into side-by-side sub-columns.
YEAR_WIDTH = 110
ROW = 80
LABELLED_ROW = 130
ROWS = 30
SUB_COLUMN = 40
#: Labels large enough to read when the whole network fits the window, with a white halo;
#: two labelled works (other than seeds) are at least ``LABEL_YEARS`` years apart, so that
#: their labels never overlap.
LABEL_FONT = {"size": 56, "strokeWidth": 10, "strokeColor": "#ffffff"}
LABEL_YEARS = 5
SEED_SIZE = 24
MAX_SIZE = 36
#: Citations are many: faint lines, opaque when hovered or selected.
EDGE_OPACITY = 0.12


def readable_labels(G, works, cited) -> set:
    """The works labelled on the canvas: every seed and retracted work, then the most cited, at most
    :data:`LABELLED`, each at least :data:`LABEL_YEARS` years from any other labelled year."""
    marked = {n for n in works if G.nodes[n].get("seed") or G.nodes[n].get("retracted")}
    labelled = set(marked)
    taken = {G.nodes[n].get("year") for n in marked}
    for n in sorted(works, key=lambda n: (-cited[n], n)):
        if len(labelled) - len(marked) >= LABELLED:
            break
        year = G.nodes[n].get("year")
        if year is None or any(t is not None and abs(year - t) < LABEL_YEARS for t in taken):
            continue
        labelled.add(n)
        taken.add(year)
    return labelled


def year_positions(G, works, cited, labelled=frozenset()) -> dict:
    """``{work: (x, y)}``: x proportional to the publication year (works without one at the far
    left), within a year the seeds first, then the most cited, centred on y = 0; a labelled
    work gets the room of its label (:data:`LABELLED_ROW`)."""
    by_year: dict = {}
    for n in works:
        by_year.setdefault(G.nodes[n].get("year"), []).append(n)
    known = sorted(y for y in by_year if y is not None)
    first = known[0] if known else 0
    positions = {}
    for year, members in by_year.items():
        x0 = (year - first + 1) * YEAR_WIDTH if year is not None else 0
        members.sort(key=lambda n: (not G.nodes[n].get("seed"), -cited[n], n))
        per_column = min(ROWS, len(members))
        for start in range(0, len(members), per_column):
            column = members[start:start + per_column]
            steps = [LABELLED_ROW if n in labelled else ROW for n in column]
            y = -sum(steps[1:]) / 2
            for k, (n, step) in enumerate(zip(column, steps)):
                y += step if k else 0
                positions[n] = (x0 + start // per_column * SUB_COLUMN, round(y))
    return positions


def citations(G, *, max_nodes: int = 500) -> dict:
    check_cap(max_nodes)
    all_works = sorted(n for n, k in G.nodes(data="kind") if k == "work")
    works = all_works
    cites = sorted(work_cites(G))
    all_cited = Counter(v for _, v in cites)
    seeds = [n for n in works if G.nodes[n].get("seed")]
    notes = [
        "Works are laid out left to right by publication year (one column per year, oldest on the"
        " left); the seeds are stars with a dark border. Only they, retracted works and a few of the most cited"
        f" works (at most {LABELLED}, {LABEL_YEARS} years apart) carry a label: hover or search for the others."
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
    labelled = readable_labels(G, works, all_cited)
    positions = year_positions(G, works, all_cited, labelled)
    nodes = []
    for n in works:
        size = min(style.node_size(all_cited[n], base=8, scale=3), MAX_SIZE)
        node = work_node(G, n, size=max(size, SEED_SIZE) if G.nodes[n].get("seed") else size)
        node["info"]["rows"].append(["cited by (in this graph)", all_cited[n]])
        if n in labelled:
            node["font"] = dict(LABEL_FONT)
        else:
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
            "color": style.see_through(style.EDGE_COLORS["CITES"], EDGE_OPACITY),
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
