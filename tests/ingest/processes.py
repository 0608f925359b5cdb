"""Jobs in child processes for the kill-and-resume tests: start the command, count what its
store holds, and kill it with SIGKILL once enough is stored."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

ACUKG = "from acukg.cli import main; main()"


def start(args: list[str], env: dict) -> subprocess.Popen:
    """``acukg ARGS`` in a child process with ``env`` added to this one's environment."""
    return subprocess.Popen([sys.executable, "-c", ACUKG, *args], env=dict(os.environ, **env),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def count_rows(path, table: str) -> int:
    """Rows of ``table`` in the store at ``path``, read-only; 0 before the store or table exists."""
    if not path.exists():
        return 0
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    try:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    except sqlite3.OperationalError:  # the tables are not there yet
        return 0
    finally:
        con.close()


def kill_once(job: subprocess.Popen, standin, stored, *, latency: float, timeout: float) -> None:
    """SIGKILL ``job`` as soon as ``stored()`` is true, with the stand-in slowed by ``latency``
    seconds a request meanwhile (so the kill lands mid-run); the stand-in is fast again after."""
    standin.latency = latency
    try:
        deadline = time.monotonic() + timeout
        while not stored():
            assert job.poll() is None, job.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.005)
        os.kill(job.pid, signal.SIGKILL)
        job.wait()
    finally:
        standin.latency = 0.0
        if job.poll() is None:
            job.kill()
            job.wait()
    assert job.returncode == -signal.SIGKILL
