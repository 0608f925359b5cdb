"""layered_positions: columns by level, orders that untangle edges, sub-columns when crowded."""

from __future__ import annotations

from kg.views.layered import LEVEL_GAP, ROW, SUB_COLUMN, layered_positions


def test_a_chain_lies_on_one_row_one_column_per_level():
    pos = layered_positions({"a": 0, "b": 1, "c": 2}, [("a", "b", 1), ("b", "c", 1)])
    assert pos == {"a": (0, ROW // 2), "b": (LEVEL_GAP, ROW // 2), "c": (2 * LEVEL_GAP, ROW // 2)}


def test_barycentre_sweeps_uncross_edges():
    # left x1 x2, middle m1 m2, right r1 r2; the initial order (by weight, then id) crosses
    levels = {"x1": 0, "x2": 0, "m1": 1, "m2": 1, "r1": 2, "r2": 2}
    edges = [("x1", "m2", 5), ("x2", "m1", 1), ("m2", "r1", 1), ("m1", "r2", 1)]
    pos = layered_positions(levels, edges)
    y = {n: p[1] for n, p in pos.items()}
    assert (y["x1"] < y["x2"]) == (y["m2"] < y["m1"]) == (y["r1"] < y["r2"])
    assert layered_positions(levels, edges) == pos  # deterministic


def test_groups_keep_their_order_within_a_level():
    levels = {"i": 0, "a": 0, "m1": 1, "m2": 1}
    edges = [("i", "m2", 1), ("a", "m1", 1)]
    pos = layered_positions(levels, edges, groups={"i": 0, "a": 1})
    assert pos["i"][1] < pos["a"][1]
    assert pos["m2"][1] < pos["m1"][1]


def test_a_crowded_level_is_split_into_staggered_sub_columns_leaning_left_first():
    levels = {"x": 0, "r": 2}
    edges = []
    for i in range(60):
        levels[f"m{i:02d}"] = 1
        edges.append(("x", f"m{i:02d}", 1) if i < 30 else (f"m{i:02d}", "r", 1))
    pos = layered_positions(levels, edges)
    middle_xs = sorted({pos[n][0] for n in levels if n.startswith("m")})
    assert len(middle_xs) > 1
    assert [b - a for a, b in zip(middle_xs, middle_xs[1:])] == [SUB_COLUMN] * (len(middle_xs) - 1)
    assert pos["x"][0] < middle_xs[0] and middle_xs[-1] < pos["r"][0]
    # nodes linked to the left column sit in the leftmost sub-columns
    assert pos["m00"][0] == middle_xs[0] and pos["m59"][0] == middle_xs[-1]
    assert len(set(pos.values())) == len(levels)
    # sub-columns are staggered: no two share a row
    ys = {}
    for n, (x, y) in pos.items():
        if n.startswith("m"):
            ys.setdefault(x, set()).add(y)
    columns = list(ys.values())
    assert all(not (a & b) for i, a in enumerate(columns) for b in columns[i + 1:])


def test_empty_and_edgeless():
    assert layered_positions({}, []) == {}
    pos = layered_positions({"b": 1, "a": 1}, [("a", "zzz", 1)])
    assert pos["a"][1] < pos["b"][1] and pos["a"][0] == pos["b"][0] == 0
