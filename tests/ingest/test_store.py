"""The record store: raw JSON kept exactly, hops, runs, missing ids, crawl state, lock, bad files."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest

from ingest.lock import StoreLock
from ingest.store import RecordStore, index_columns
from kg.errors import StoreError, StoreInUse

RAW_A = '{"id": "https://openalex.org/W12", "doi": "https://doi.org/10.1000/ABC", "ids": {"pmid": "https://pubmed.ncbi.nlm.nih.gov/123"}, "referenced_works": ["https://openalex.org/W3", "https://openalex.org/W100"], "title": "caf\u00e9  spaced"}'
RAW_B = '{"id":"https://openalex.org/W3","doi":null,"referenced_works":[]}'


def pair(raw):
    return raw, json.loads(raw)


@pytest.fixture
def store(tmp_path):
    s = RecordStore(tmp_path / "records.sqlite", create=True)
    yield s
    s.close()


def test_raw_json_is_kept_byte_for_byte_with_hop_and_index_columns(store):
    assert store.put_batch([pair(RAW_A), pair(RAW_B)], hop=1, via="references", run_id="r1") == 2
    assert list(store.raw_works()) == [("W3", 1, RAW_B), ("W12", 1, RAW_A)]
    assert [w["id"] for w in store.works()] == ["https://openalex.org/W3", "https://openalex.org/W12"]
    assert store.hops() == {"W3": 1, "W12": 1}
    assert store.count() == 2
    assert store.lookup("doi", ["10.1000/abc", "10.1/none"]) == {"10.1000/abc": "W12"}
    assert store.lookup("pmid", ["123"]) == {"123": "W12"}
    assert dict(store.refs(["W12"])) == {"W12": ["W3", "W100"]}
    row = store.conn.execute("SELECT first_fetched, last_fetched, run_id, via FROM works WHERE id='W12'").fetchone()
    assert row[0] == row[1] and row[0].endswith("+00:00") and row[2:] == ("r1", "references")


def test_a_work_already_held_keeps_its_json_and_takes_the_smaller_hop(store):
    store.put_batch([pair(RAW_B)], hop=2, via="references", run_id="r1")
    changed = RAW_B.replace("[]", '["https://openalex.org/W1"]')
    assert store.put_batch([pair(changed)], hop=1, via="references", run_id="r2") == 0
    assert list(store.raw_works()) == [("W3", 1, RAW_B)]
    assert store.put_batch([pair(RAW_B)], hop=0, via="cited_by", run_id="r3", lower_hops=False) == 0
    assert store.hops() == {"W3": 1}


def test_missing_ids_are_recorded_with_reasons_and_cleared_when_found(store):
    store.put_batch([], hop=1, via="references", run_id="r1",
                    missing=[("W3", "404 Not Found"), ("W9", "merged into W12")])
    assert store.missing() == {"W3": "404 Not Found", "W9": "merged into W12"}
    assert store.merged(["W9", "W3"]) == {"W9": "W12"}
    store.put_batch([pair(RAW_B)], hop=1, via="references", run_id="r2")
    assert store.missing() == {"W9": "merged into W12"}


def test_batches_are_atomic(store):
    bad = ("{}", {"no": "id"})
    with pytest.raises(KeyError):
        store.put_batch([pair(RAW_A), bad], hop=0, via="seed", run_id="r1")
    assert store.count() == 0


def test_runs_keep_each_manifest_and_stale_running_runs_become_interrupted(store):
    assert store.latest_manifest() is None
    store.begin_run("a", {"run_id": "a", "started_at": "2026-01-01T00:00:00", "status": "running"})
    store.begin_run("b", {"run_id": "b", "started_at": "2026-01-02T00:00:00", "status": "running"})
    store.finish_run("b", {"run_id": "b", "started_at": "2026-01-02T00:00:00", "status": "completed",
                           "finished_at": "2026-01-02T00:01:00"})
    assert [m["status"] for m in store.manifests()] == ["interrupted", "completed"]
    assert store.latest_manifest()["run_id"] == "b"


def test_crawl_state_round_trips(store):
    assert store.ensure_crawl("c", {"seeds": ["W1"]}) is False
    assert store.ensure_crawl("c", {"seeds": ["W1"]}) is True
    assert store.frontier("c", 0) is None
    store.save_frontier("c", 0, [], 0)
    assert store.frontier("c", 0) == []
    store.save_frontier("c", 1, ["W10", "W9"], 5)
    assert store.frontier("c", 1) == ["W9", "W10"]
    store.mark_hop_done("c", 1)
    assert store.hop_info("c") == {0: {"size": 0, "candidates": 0, "done": False},
                                   1: {"size": 2, "candidates": 5, "done": True}}
    store.put_batch([], hop=1, via="cited_by", run_id="r", cursor=("c/cites", 0, "abc", 1, False),
                    resolution=("c", {"10.1/x": "W1", "pmid:5": None}))
    assert store.cursors("c/cites") == {0: ("abc", 1, False)}
    assert store.seed_resolution("c") == {"10.1/x": "W1", "pmid:5": None}


def test_reopening_keeps_everything(tmp_path):
    path = tmp_path / "r.sqlite"
    with RecordStore(path, create=True) as s:
        s.put_batch([pair(RAW_A)], hop=0, via="seed", run_id="r")
    with RecordStore(path) as s:
        assert list(s.raw_works()) == [("W12", 0, RAW_A)]
        assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_missing_store_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="no record store at .*acukg ingest"):
        RecordStore(tmp_path / "nope.sqlite")


def test_a_foreign_file_is_a_clear_error_naming_the_path(tmp_path):
    text = tmp_path / "notes.sqlite"
    text.write_text("hello, not a database\n" * 10)
    with pytest.raises(StoreError, match=f"{text}.*not an SQLite file"):
        RecordStore(text)
    other = tmp_path / "other.sqlite"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match=f"{other} is an SQLite file but not an acukg record store"):
        RecordStore(other, create=True)
    folder = tmp_path / "dir.sqlite"
    folder.mkdir()
    with pytest.raises(StoreError, match="is a directory"):
        RecordStore(folder, create=True)


def test_a_corrupt_store_is_a_clear_error_naming_the_path(tmp_path):
    path = tmp_path / "r.sqlite"
    with RecordStore(path, create=True) as s:
        s.put_batch([pair(RAW_A)], hop=0, via="seed", run_id="r")
        s.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match=f"{path}"):
        with RecordStore(path) as s:
            list(s.works())


def test_the_lock_names_the_pid_that_holds_it(tmp_path):
    path = tmp_path / "r.sqlite"
    with StoreLock(path):
        with pytest.raises(StoreInUse, match=f"in use by pid {os.getpid()}"):
            StoreLock(path).acquire()
    with StoreLock(path) as lock:  # released: free again
        assert lock.path.read_text().strip() == str(os.getpid())


def test_a_lock_left_by_a_dead_process_is_taken_over(tmp_path):
    path = tmp_path / "r.sqlite"
    code = ("import os, sys; from ingest.lock import StoreLock; "
            f"StoreLock({str(path)!r}).acquire(); os._exit(0)")  # dies holding the lock
    subprocess.run([sys.executable, "-c", code], check=True)
    lock_file = path.with_name(path.name + ".lock")
    dead_pid = lock_file.read_text().strip()
    assert dead_pid and dead_pid != str(os.getpid())
    with StoreLock(path):
        assert lock_file.read_text().strip() == str(os.getpid())


def test_index_columns_of_a_bare_work():
    assert index_columns({"id": "W1"}) == (None, None, "")
