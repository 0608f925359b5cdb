"""A running ingest holds the store: ``acukg build`` refuses it, naming its pid; Ctrl-C in an
ingest says what was saved and how to resume, and exits 130."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from acukg.cli import cli
from ingest.store import RecordStore

ROOT = Path(__file__).resolve().parents[2]


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ACUKG_", "OPENALEX_"))}
    return {**env, "PYTHONPATH": str(ROOT), **extra}


def test_build_refuses_a_store_an_ingest_holds(tmp_path):
    with RecordStore(tmp_path / "records.sqlite", create=True):
        pass
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from ingest.lock import StoreLock\n"
         f"with StoreLock(__import__('pathlib').Path({str(tmp_path / 'records.sqlite')!r})):\n"
         "    print('held', flush=True); time.sleep(60)"],
        env=_env(), stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        result = CliRunner().invoke(cli, ["build", "--data", str(tmp_path)])
        assert result.exit_code != 0
        assert f"in use by pid {holder.pid}" in str(result.exception) + result.output
        assert not (tmp_path / "graph").exists()  # no partial graph
    finally:
        holder.kill()
        holder.wait()
    assert CliRunner().invoke(cli, ["build", "--data", str(tmp_path)]).exit_code == 0  # free again


@pytest.mark.slow
def test_ctrl_c_in_ingest_says_what_was_saved(tmp_path, synthetic_corpus):
    from ingest.standin.server import start_standin

    seeds = tmp_path / "seeds.txt"
    seeds.write_text("\n".join(d.openalex_id for d in synthetic_corpus.demo_seeds()) + "\n")
    data = tmp_path / "data"
    with start_standin(corpus=synthetic_corpus, latency=0.3) as standin:
        job = subprocess.Popen([sys.executable, "-m", "acukg", "ingest", "--seeds", str(seeds), "--data", str(data)],
                               env=_env(OPENALEX_URL=standin.url, ACUKG_RATE_LIMIT="20"),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not _held(data):
            time.sleep(0.1)
        job.send_signal(signal.SIGINT)
        out, err = job.communicate(timeout=60)
    assert job.returncode == 130, err
    with RecordStore(data / "records.sqlite") as store:
        saved = store.count()
    assert saved > 0
    assert err.strip().splitlines()[-1] == (
        f"interrupted: {saved:,} works saved in {data / 'records.sqlite'}; run the same command to resume")


def _held(data: Path) -> bool:
    if not (data / "records.sqlite").is_file():
        return False
    try:
        with RecordStore(data / "records.sqlite") as store:
            return store.count() > 0
    except Exception:
        return False
