"""Place nodes in columns, left to right by level, in an order that keeps edges short.

:func:`layered_positions` is pure and deterministic (ties broken by node id). Each level is
one column, split into side-by-side sub-columns when it holds more nodes than fit in one (the
row budget is chosen so the drawing's shape suits a wide screen). Within a level, nodes are
ordered by the weighted mean position of their neighbours (barycentre sweeps), which
untangles the edges; a split level puts the nodes whose edges lead mostly to earlier levels
in its leftmost sub-column. Every column is spread evenly over the full height, and the
sub-columns of a level are staggered so that an edge passing through never grazes a node.
"""

from __future__ import annotations

import math
from collections import defaultdict

#: Vertical distance between rows, horizontal distance between sub-columns and between
#: levels, in canvas units.
ROW = 84
SUB_COLUMN = 240
LEVEL_GAP = 400
#: Room for the labels that stick out left and right of the outer columns.
MARGIN = 300
#: The width-to-height ratio the drawing aims at (the view's canvas in a wide window).
ASPECT = 1.6
#: Barycentre sweeps over all levels.
SWEEPS = 4


def layered_positions(levels: dict, edges, *, groups: dict | None = None) -> dict:
    """Positions ``{node: (x, y)}`` (integers, y growing downwards) for a layered drawing.

    Parameters
    ----------
    levels : dict
        ``{node: level}``, levels being small integers (0 is drawn leftmost).
    edges : iterable of (u, v, weight)
        Edges between nodes of ``levels`` (others are ignored); weights are positive.
    groups : dict, optional
        ``{node: rank}``: within a level, lower ranks come first (top), whatever the edges.

    Examples
    --------
    >>> pos = layered_positions({"a": 0, "b": 1, "c": 2}, [("a", "b", 1), ("b", "c", 1)])
    >>> [pos[n][0] for n in "abc"], pos["a"][1] == pos["b"][1] == pos["c"][1]
    ([0, 400, 800], True)
    """
    groups = groups or {}
    by_level: dict[int, list] = defaultdict(list)
    for node, level in levels.items():
        by_level[level].append(node)
    if not by_level:
        return {}
    neighbours: dict = defaultdict(list)
    weight: dict = defaultdict(float)
    for u, v, w in edges:
        if u in levels and v in levels and u != v:
            neighbours[u].append((v, w))
            neighbours[v].append((u, w))
            weight[u] += w
            weight[v] += w
    order = {
        level: sorted(nodes, key=lambda n: (groups.get(n, 0), -weight[n], str(n)))
        for level, nodes in by_level.items()
    }
    rank = _ranks(order)
    for _ in range(SWEEPS):
        for level in sorted(order, key=lambda lv: (-len(order[lv]), lv)):
            bary = {n: _barycentre(n, neighbours[n], rank) for n in order[level]}
            order[level] = sorted(order[level], key=lambda n: (groups.get(n, 0), bary[n], str(n)))
            rank.update(_ranks({level: order[level]}))
    rows = _row_budget([len(order[lv]) for lv in sorted(order)])
    height = rows * ROW
    positions = {}
    x = 0
    for level in sorted(order):
        nodes = order[level]
        n_sub = math.ceil(len(nodes) / rows)
        for sub, column in enumerate(_sub_columns(nodes, n_sub, neighbours, levels, rank)):
            step = height / len(column)
            offset = (sub + 1) / (n_sub + 1)
            for row, node in enumerate(column):
                positions[node] = (x + sub * SUB_COLUMN, round((row + offset) * step))
        x += (n_sub - 1) * SUB_COLUMN + LEVEL_GAP
    return positions


def _ranks(order: dict) -> dict:
    """Each node's place in its level, scaled to [0, 1]."""
    rank = {}
    for nodes in order.values():
        span = max(len(nodes) - 1, 1)
        for i, node in enumerate(nodes):
            rank[node] = i / span if len(nodes) > 1 else 0.5
    return rank


def _barycentre(node, links, rank) -> float:
    total = sum(w for _, w in links)
    if not total:
        return rank[node]
    return sum(w * rank[m] for m, w in links) / total


def _row_budget(sizes: list[int]) -> int:
    """Most rows per sub-column: the budget whose drawing best fills an ``ASPECT`` screen."""
    best, best_cost = 1, math.inf
    for rows in range(1, max(sizes) + 1):
        subs = [math.ceil(n / rows) for n in sizes]
        width = sum(s - 1 for s in subs) * SUB_COLUMN + (len(sizes) - 1) * LEVEL_GAP + MARGIN
        height = (rows + 1) * ROW
        cost = max(width / ASPECT, height)
        if cost < best_cost:
            best, best_cost = rows, cost
    return best


def _sub_columns(nodes, n_sub, neighbours, levels, rank) -> list[list]:
    """Split a level's ordered nodes into ``n_sub`` sub-columns, those leaning left first."""
    if n_sub <= 1:
        return [list(nodes)]

    def lean(n):
        links = neighbours[n]
        total = sum(w for _, w in links)
        back = sum(w for m, w in links if levels[m] < levels[n])
        return back / total if total else 0.5

    by_lean = sorted(nodes, key=lambda n: (-lean(n), rank[n], str(n)))
    small, extra = divmod(len(nodes), n_sub)
    chunks, start = [], 0
    for i in range(n_sub):
        end = start + small + (1 if i < extra else 0)
        chunks.append(sorted(by_lean[start:end], key=lambda n: (rank[n], str(n))))
        start = end
    return chunks
