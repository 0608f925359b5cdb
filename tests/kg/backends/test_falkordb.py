"""FalkorDB specifics against real servers: credentials, unreachable servers, a server killed
mid-push (the error names the batch; a rerun after restart completes), the schema it creates."""

from __future__ import annotations

import logging

import pytest

from kg.backends import open_backend
from kg.backends.falkordb import FalkorDBBackend
from kg.backends.server import free_port, start_falkordb
from kg.errors import BackendError
from kg.settings import Settings
from tests.kg.backends.conftest import hand_graph, many_works

SECRET = "s3cr3t-Pa55word"


@pytest.fixture(scope="module")
def locked_server():
    server = start_falkordb(password=SECRET)
    yield server
    server.stop()


def test_url_and_graph_come_from_settings(falkordb_server):
    settings = Settings.from_env({"FALKORDB_URL": falkordb_server.url})
    with open_backend(settings, "falkordb", graph="from-settings") as db:
        assert db.where == f"{falkordb_server.url} graph 'from-settings'"
        db.save_graph(hand_graph())
        assert db.counts()["Work"] == 3
        db.drop()


def test_password_works_and_is_never_shown(locked_server, caplog):
    caplog.set_level(logging.DEBUG)
    url = f"redis://:{SECRET}@127.0.0.1:{locked_server.port}"
    with open_backend(Settings.from_env({"FALKORDB_URL": url}), "falkordb", graph="locked") as db:
        db.save_graph(hand_graph())
        assert SECRET not in repr(db) and SECRET not in db.where
        with pytest.raises(BackendError) as info:
            db.run("THIS IS NOT CYPHER")
        assert SECRET not in str(info.value)
    with pytest.raises(BackendError) as info:
        FalkorDBBackend(f"redis://127.0.0.1:{locked_server.port}", password=SECRET + "x")
    assert SECRET not in str(info.value)
    assert any("pushed" in r.getMessage() for r in caplog.records)
    for record in caplog.records:
        assert SECRET not in record.getMessage()


@pytest.mark.parametrize("password", ["Wr0ng-Pa55", None])
def test_wrong_or_missing_password_is_a_clear_error(locked_server, password):
    with pytest.raises(BackendError, match="refused the credentials") as info:
        FalkorDBBackend(f"redis://127.0.0.1:{locked_server.port}", password=password)
    assert f"127.0.0.1:{locked_server.port}" in str(info.value)
    if password:
        assert password not in str(info.value)


def test_unreachable_server_is_a_clear_error():
    port = free_port()
    with pytest.raises(BackendError, match=f"cannot open FalkorDB at redis://127.0.0.1:{port}.*"
                                           "cannot be reached"):
        FalkorDBBackend(f"redis://127.0.0.1:{port}")


def test_bad_url_is_refused():
    with pytest.raises(BackendError, match="must start with"):
        FalkorDBBackend("http://user:pw@127.0.0.1:1")


def test_server_killed_mid_push_names_the_batch_and_a_rerun_completes():
    graph = many_works(600)
    server = start_falkordb()
    try:
        db = FalkorDBBackend(server.url, graph="crash")

        def kill_after_third(name, number, start, end):
            if name == "Work" and number == 3:
                server.kill()

        with pytest.raises(BackendError) as info:
            db.save_graph(graph, batch_size=50, on_batch=kill_after_third)
        message = str(info.value)
        assert "push failed at Work batch 4/12 (rows 150-199 of 600)" in message
        assert "cannot be reached or closed the connection" in message
        assert "rerun the push" in message
        db.close()
        server = start_falkordb(server.port)
        with FalkorDBBackend(server.url, graph="crash") as db:
            db.save_graph(graph, batch_size=50)
            counts = db.counts()
        with FalkorDBBackend(server.url, graph="clean") as clean:
            clean.save_graph(graph, batch_size=5000)
            assert clean.counts() == counts
        assert counts["Work"] == 600 and counts["CITES"] == graph.number_of_edges()
    finally:
        server.stop()


def test_failure_message_names_group_batch_and_rows(falkordb_server):
    with FalkorDBBackend(falkordb_server.url, graph="fail-hook") as db:
        seen = []

        def fail_on_second_work_batch(name, number, start, end):
            seen.append((name, number, start, end))

        db.save_graph(hand_graph(), batch_size=2, on_batch=fail_on_second_work_batch)
        assert ("Work", 1, 0, 2) in seen and ("Work", 2, 2, 3) in seen
        real_write = db._write_encoded

        def flaky(batch):
            if "MERGE (n:Work" in batch and '`id`:"work:W3"' in batch:
                raise ConnectionError("connection reset")
            return real_write(batch)

        db._write_encoded = flaky
        with pytest.raises(BackendError, match=r"push failed at Work batch 2/2 \(rows 2-2 of 3\)"):
            db.save_graph(hand_graph(), batch_size=2)
        db.drop()


def test_schema_has_indexes_and_unique_constraints(falkordb_server):
    with FalkorDBBackend(falkordb_server.url, graph="schema") as db:
        db.save_graph(hand_graph())
        db.save_graph(hand_graph())  # creating the schema again is harmless
        indexes = {(r["label"], p) for r in db.run("CALL db.indexes() YIELD label, properties "
                                                    "RETURN label, properties")
                   for p in r["properties"]}
        assert {("Work", "id"), ("Work", "doi"), ("Work", "year"), ("Claim", "id")} <= indexes
        unique = {r["label"] for r in db.run("CALL db.constraints() YIELD type, label "
                                             "RETURN type, label") if r["type"] == "UNIQUE"}
        assert {"Work", "Mechanism", "AcukgGraph"} <= unique
        db.drop()


def test_a_batch_that_cannot_be_encoded_is_named_and_nothing_after_it_is_written(falkordb_server):
    with FalkorDBBackend(falkordb_server.url, graph="fail-encode") as db:
        real_encode = db._encode

        def refuse_w3(query, rows):
            if any(r.get("id") == "work:W3" for r in rows):
                raise ValueError("Cypher map key cannot be empty")
            return real_encode(query, rows)

        db._encode = refuse_w3
        with pytest.raises(BackendError, match=r"push failed at Work batch 2/2 \(rows 2-2 of 3\): "
                                               r"ValueError: Cypher map key cannot be empty"):
            db.save_graph(hand_graph(), batch_size=2)
        assert db.counts()["Work"] == 2 and db.counts()["CITES"] == 0
        db.drop()
