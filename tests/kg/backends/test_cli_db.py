"""``acukg db push | pull | export-csv`` end to end against the local FalkorDB server."""

from __future__ import annotations

import pytest

from kg.backends.csv_export import read_export
from kg.backends.rows import graph_diff
from kg.backends.server import free_port
from acukg.cli import main
from kg.store import load, save
from tests.kg.backends.conftest import hand_graph


@pytest.fixture
def data_dir(tmp_path):
    save(hand_graph(), tmp_path / "data" / "graph")
    return tmp_path / "data"


def test_push_then_pull_into_another_directory(data_dir, tmp_path, falkordb_server, capsys):
    main(["db", "push", "--backend", "falkordb", "--data", str(data_dir), "--graph", "cli",
          "--uri", falkordb_server.url, "--batch-size", "2", "-q"])
    out = capsys.readouterr().out
    assert "pushed 9 nodes and 14 relationships to falkordb at" in out and "graph 'cli'" in out
    main(["db", "pull", "--backend", "falkordb", "--data", str(data_dir), "--graph", "cli",
          "--uri", falkordb_server.url, "--out", str(tmp_path / "pulled")])
    assert "pulled 9 nodes and 14 relationships" in capsys.readouterr().out
    assert graph_diff(load(data_dir / "graph"), load(tmp_path / "pulled")) == []


def test_url_from_the_environment_and_pull_replaces_the_graph_dir(data_dir, falkordb_server,
                                                                  monkeypatch, capsys):
    monkeypatch.setenv("FALKORDB_URL", falkordb_server.url)
    main(["db", "push", "--backend", "falkordb", "--data", str(data_dir), "--graph", "env", "-q"])
    main(["db", "pull", "--backend", "falkordb", "--data", str(data_dir), "--graph", "env"])
    assert graph_diff(hand_graph(), load(data_dir / "graph")) == []


def test_export_csv(data_dir, tmp_path, capsys):
    main(["db", "export-csv", str(tmp_path / "csv"), "--data", str(data_dir)])
    out = capsys.readouterr().out
    assert "README.txt" in out and "nodes_Work.csv" in out
    assert graph_diff(load(data_dir / "graph"), read_export(tmp_path / "csv")) == []


def test_unreachable_server_is_one_line_and_exit_1(data_dir, capsys):
    port = free_port()
    with pytest.raises(SystemExit) as info:
        main(["db", "push", "--backend", "falkordb", "--data", str(data_dir),
              "--uri", f"redis://127.0.0.1:{port}", "-q"])
    assert info.value.code == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith(f"acukg: error: cannot open FalkorDB at redis://127.0.0.1:{port}")


def test_neo4j_without_uri_is_a_clear_error(data_dir, capsys, monkeypatch):
    monkeypatch.delenv("NEO4J_URI", raising=False)
    with pytest.raises(SystemExit):
        main(["db", "push", "--backend", "neo4j", "--data", str(data_dir)])
    assert "acukg: error: no Neo4j URI: set NEO4J_URI" in capsys.readouterr().err


def test_pull_from_an_empty_graph_keeps_the_saved_graph(data_dir, falkordb_server, capsys):
    with pytest.raises(SystemExit):
        main(["db", "pull", "--backend", "falkordb", "--data", str(data_dir), "--graph", "nothing",
              "--uri", falkordb_server.url])
    assert "holds no acukg graph" in capsys.readouterr().err
    assert graph_diff(hand_graph(), load(data_dir / "graph")) == []
