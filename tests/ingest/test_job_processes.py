"""Jobs as separate processes: killed with SIGKILL mid-hop and resumed; two jobs on one store."""

from __future__ import annotations

import math
import os
import subprocess
import sys
import time

import pytest

from ingest.store import RecordStore
from kg.errors import StoreInUse
from tests.ingest.conftest import run_ingest, snapshot
from tests.ingest.processes import count_rows, kill_once, start

CORPUS = dict(size=2000, seed=11)


@pytest.fixture(scope="module")
def big_standin():
    from ingest.standin.server import start_standin

    with start_standin(**CORPUS) as s:
        yield s


@pytest.fixture(scope="module")
def seed_file(big_standin, tmp_path_factory):
    path = tmp_path_factory.mktemp("seeds") / "seeds.txt"
    path.write_text("# demo seeds\n" + "\n".join(d.openalex_id for d in big_standin.corpus.demo_seeds()) + "\n")
    return path


def start_job(standin, seed_file, data_dir, rate: float) -> subprocess.Popen:
    """``acukg ingest`` in a child process against the stand-in."""
    return start(["ingest", "--seeds", str(seed_file), "--data", str(data_dir), "--depth", "2", "--quiet"],
                 {"OPENALEX_URL": standin.url, "ACUKG_RATE_LIMIT": str(rate), "OPENALEX_API_KEY": ""})


def count_works(path) -> int:
    return count_rows(path, "works")


def settled_stats(standin, quiet: float = 2.0) -> dict:
    """The stand-in's counters once they have not changed for ``quiet`` seconds (a request of a
    killed job may still be generating its answer on a loaded machine)."""
    last = standin.stats
    while True:
        time.sleep(quiet)
        now = standin.stats
        if now == last:
            return now
        last = now


@pytest.mark.slow
def test_a_job_killed_mid_hop_resumes_to_exactly_the_store_of_an_uninterrupted_run(
        big_standin, seed_file, tmp_path):
    corpus = big_standin.corpus
    hops = corpus.hops()
    n0 = sum(1 for h in hops.values() if h == 0)
    n1 = sum(1 for h in hops.values() if h == 1)
    assert n1 > 400  # hop 1 takes several batches

    reference = tmp_path / "reference"
    run_ingest(big_standin, reference, depth=2)

    data = tmp_path / "killed"
    store_path = data / "records.sqlite"
    job = start_job(big_standin, seed_file, data, rate=6)
    kill_once(job, big_standin, lambda: count_works(store_path) >= n0 + 200,  # hop 0 and two batches of hop 1
              latency=0.05, timeout=60)

    with RecordStore(store_path) as store:
        at_kill = store.hops()
        missing_at_kill = store.missing()
        running = store.latest_manifest()
        crawl = running["crawl"]
        frontier1 = store.frontier(crawl, 1)
        held1 = store.held(frontier1)
        assert store.frontier(crawl, 2) is None  # killed inside hop 1
    assert running["status"] == "running"
    assert 200 <= sum(1 for h in at_kill.values() if h == 1) < n1

    before = settled_stats(big_standin)  # requests of the killed job may still be in the server
    resumed = start_job(big_standin, seed_file, data, rate=500)
    out, err = resumed.communicate(timeout=120)
    assert resumed.returncode == 0, err
    after = big_standin.stats

    assert snapshot(data) == snapshot(reference)
    with RecordStore(store_path) as store:
        manifests = store.manifests()
        frontier2 = store.frontier(crawl, 2)
        missing = store.missing()
    assert [m["status"] for m in manifests] == ["interrupted", "completed"]
    last = manifests[-1]
    assert last["counts"]["works_fetched_this_run"] == len(snapshot(reference)[0]) - len(at_kill)
    # nothing held was fetched again: one batch per 100 ids still lacking, plus the probe
    lacking1 = len(frontier1) - len(held1)
    expected_lists = math.ceil(lacking1 / 100) + math.ceil(len(frontier2) / 100)
    assert after["list"] - before["list"] == expected_lists
    singletons = len(set(missing) - set(missing_at_kill))  # one 404 singleton per id a batch lacked
    probe = 1  # the job's first request: a singleton the stand-in answers 404
    assert after.get("not_found", 0) - before.get("not_found", 0) == singletons + probe
    assert last["requests"] == expected_lists + singletons + probe
    assert after["requests"] - before["requests"] == last["requests"]
    assert "works in" in out


@pytest.mark.slow
def test_a_second_job_on_the_same_store_is_refused_naming_the_pid(big_standin, seed_file, tmp_path):
    big_standin.latency = 0.3
    job = start_job(big_standin, seed_file, tmp_path, rate=2)
    lock = tmp_path / "records.sqlite.lock"
    try:
        deadline = time.monotonic() + 30
        while not (lock.exists() and lock.read_text().strip() == str(job.pid)):
            assert job.poll() is None, job.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.01)
        with pytest.raises(StoreInUse, match=f"records.sqlite is in use by pid {job.pid}"):
            run_ingest(big_standin, tmp_path, depth=2)
        env = dict(os.environ, OPENALEX_URL=big_standin.url)
        cli = subprocess.run(
            [sys.executable, "-c", "from acukg.cli import main; main()", "ingest", "--data", str(tmp_path)],
            env=env, capture_output=True, text=True, timeout=60)
        assert cli.returncode == 1
        assert cli.stderr.strip().splitlines()[-1] == (
            f"acukg: error: record store {tmp_path / 'records.sqlite'} is in use by pid {job.pid}"
            " (another acukg job); wait for it to finish or stop it, then run the command again")
    finally:
        big_standin.latency = 0.0
        job.kill()
        job.wait()
