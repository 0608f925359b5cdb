"""``acukg standin`` as a subprocess: serves, prints URL and demo seeds, stops on signals."""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from ingest.standin.corpus import SyntheticCorpus


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _acukg() -> list[str]:
    exe = Path(sys.executable).with_name("acukg")
    return [str(exe)] if exe.exists() else [shutil.which("acukg") or "acukg"]


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_standin_command_serves_and_stops(sig):
    port = _free_port()
    proc = subprocess.Popen([*_acukg(), "standin", "--port", str(port), "--works", "150", "--seed", "4"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = proc.stdout.readline()
        assert first.strip() == f"serving synthetic OpenAlex at http://127.0.0.1:{port}"
        assert proc.stdout.readline().startswith("demo seeds")
        seeds = [proc.stdout.readline().split("\t") for _ in range(18)]
        expected = SyntheticCorpus(150, seed=4).seed_map()
        assert {doi.strip(): wid for wid, doi in seeds} == expected
        r = requests.get(f"http://127.0.0.1:{port}/works/{seeds[0][0]}", timeout=10)
        assert r.status_code == 200 and r.json()["title"].startswith("[synthetic] ")
        proc.send_signal(sig)
        assert proc.wait(timeout=15) == 0
        assert "stand-in stopped" in proc.stderr.read()
        with socket.socket() as s:
            assert s.connect_ex(("127.0.0.1", port)) != 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()


def test_standin_command_rejects_a_tiny_corpus():
    out = subprocess.run([*_acukg(), "standin", "--works", "5"], capture_output=True, text=True, timeout=60)
    assert out.returncode != 0 and "--works" in out.stderr


@pytest.mark.slow
def test_standin_command_reports_a_busy_port():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        out = subprocess.run([*_acukg(), "standin", "--port", str(port), "--works", "60"],
                             capture_output=True, text=True, timeout=60)
    assert out.returncode == 1 and f"cannot listen on 127.0.0.1:{port}" in out.stderr
    assert "Traceback" not in out.stderr
