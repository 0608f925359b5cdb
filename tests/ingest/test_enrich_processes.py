"""``acukg enrich`` as a separate process: killed with SIGKILL mid-run, then the same command."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.ingest.conftest import run_ingest
from tests.ingest.processes import count_rows, kill_once, start
from tests.ingest.test_enrich import pubmed_settings, run, stored

CORPUS = dict(size=2000, seed=11)


@pytest.fixture(scope="module")
def big_standin():
    from ingest.standin.server import start_standin

    with start_standin(**CORPUS) as s:
        yield s


def start_enrich(standin, data_dir) -> subprocess.Popen:
    return start(["enrich", "--data", str(data_dir), "--quiet"],
                 {"PUBMED_URL": standin.url + "/entrez/eutils", "NCBI_EMAIL": "someone@example.org", "NCBI_API_KEY": ""})


def count_records(path) -> int:
    return count_rows(path, "pubmed")


@pytest.mark.slow
def test_enrich_killed_mid_run_resumes_to_the_store_of_an_uninterrupted_run(big_standin, tmp_path):
    ingested = tmp_path / "ingested"
    run_ingest(big_standin, ingested, depth=2)
    reference, killed = tmp_path / "reference", tmp_path / "killed"
    for d in (reference, killed):
        d.mkdir()
        shutil.copy(ingested / "records.sqlite", d / "records.sqlite")
    manifest = run(big_standin, reference)
    total = manifest["found"]
    assert total > 1000  # several batches of 200

    job = start_enrich(big_standin, killed)
    kill_once(job, big_standin, lambda: count_records(killed / "records.sqlite") >= 400,  # two batches
              latency=0.2, timeout=90)
    at_kill = count_records(killed / "records.sqlite")
    assert 400 <= at_kill < total and at_kill % 200 == 0  # whole batches only

    resumed = start_enrich(big_standin, killed)
    out, err = resumed.communicate(timeout=120)
    assert resumed.returncode == 0, err
    assert stored(killed) == stored(reference)
    assert f"{at_kill} already held" in out
    assert "someone@example.org" not in out + err


def test_a_second_enrich_on_the_same_store_is_refused(big_standin, tmp_path):
    from ingest.store import RecordStore
    from kg.errors import StoreInUse

    run_ingest(big_standin, tmp_path, depth=0)
    with RecordStore(tmp_path / "records.sqlite") as store, store.lock():
        with pytest.raises(StoreInUse):
            run(big_standin, tmp_path)
    assert pubmed_settings(big_standin, tmp_path).store_path.exists()
