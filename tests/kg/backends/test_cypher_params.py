"""The fast parameter header renders exactly what the falkordb client renders, and a real server
reads hostile strings back literally through it."""

from __future__ import annotations

import random

import pytest
from falkordb.graph import Graph
from falkordb.helpers import stringify_param_value

from kg.backends.cypher_params import params_header, render
from kg.backends.falkordb import FalkorDBBackend
from kg.backends.rows import edge_groups, node_groups
from tests.kg.backends.conftest import NASTY, hand_graph

HOSTILE = [
    NASTY, "'}) DETACH DELETE n //", '"}) DETACH DELETE n //', "\\", "\\\\", '\\"', '"', "'",
    "", " ", "\n", "\r\n", "\t", "\x00", "\x1b[31m", "ünïcødé 针灸 💥", "\u2028\u2029",
    "`", "`}) MATCH (n) DETACH DELETE n //", "$rows", "CYPHER x=1", "a\\\nb", '\\"})//',
]
VALUES = [None, True, False, 0, -1, 2**70, 1.5, -0.0, 1e-7, 1e300, float("nan"), float("inf"),
          [], [1, "a", None, [True]], {}, ("t", 1), b"bytes"] + HOSTILE


def _client(params):
    return Graph._build_params_header(None, params)


@pytest.mark.parametrize("value", VALUES + [{k: v} for k in ("k", "with space", "ü") for v in VALUES])
def test_each_value_renders_as_the_client_renders_it(value):
    assert render(value) == stringify_param_value(value)
    assert params_header({"p": value}) == _client({"p": value})


def test_rows_of_a_whole_graph_render_as_the_client_renders_them():
    G = hand_graph()
    for group in node_groups(G) + edge_groups(G):
        rows = list(group.rows)
        assert params_header({"rows": rows}) == _client({"rows": rows})


def test_random_nested_values_render_as_the_client_renders_them():
    rng = random.Random(7)
    atoms = HOSTILE + [None, True, False, 3, -2.5, 10**20]

    def value(depth):
        roll = rng.random()
        if depth > 3 or roll < 0.5:
            return rng.choice(atoms)
        if roll < 0.75:
            return [value(depth + 1) for _ in range(rng.randrange(4))]
        return {rng.choice(["id", "props", "a b", "ü", "x"]) + str(i): value(depth + 1)
                for i in range(rng.randrange(4))}

    for _ in range(500):
        params = {"rows": value(0), "n": value(1)}
        assert params_header(params) == _client(params)


@pytest.mark.parametrize("bad", [{"": 1}, {"a`b": 1}])
def test_bad_names_and_keys_are_refused_like_the_client_refuses_them(bad):
    for build in (params_header, _client):
        with pytest.raises(ValueError):
            build(bad)
    with pytest.raises(ValueError):
        render(bad)
    with pytest.raises(ValueError):
        stringify_param_value(bad)


def test_hostile_strings_come_back_literally_and_delete_nothing(falkordb_server):
    db = FalkorDBBackend(falkordb_server.url, graph="hostile-params")
    try:
        texts = [t for t in HOSTILE if "\x00" not in t]
        rows = [{"id": f"mechanism:h{i}", "props": {"label": t, "aliases": [t, t + "x"], "odd key ü": t}}
                for i, t in enumerate(texts)]
        db._write("UNWIND $rows AS row MERGE (n:Mechanism {id: row.id}) SET n += row.props", rows)
        got = db.run("MATCH (n:Mechanism) RETURN n.id AS id, n.label AS label, n.aliases AS aliases, "
                     "n.`odd key ü` AS odd "
                     "ORDER BY id")
        want = sorted(({"id": r["id"], "label": r["props"]["label"], "aliases": r["props"]["aliases"],
                        "odd": r["props"]["label"]}
                       for r in rows), key=lambda r: r["id"])
        assert got == want
        for text in texts:
            assert db.run("RETURN $t AS t, size($t) AS n", t=text) == [{"t": text, "n": len(text)}]
        assert db.run("MATCH (n) RETURN count(n) AS n") == [{"n": len(texts)}]
    finally:
        db.drop()
        db.close()
