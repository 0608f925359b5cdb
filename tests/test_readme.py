"""README's shell commands, run in order in a temporary folder, exit as README says.

The commands are the ```bash fenced blocks of README.md, each run whole by ``bash -e`` in one
temporary folder (so a block sees what earlier blocks wrote), with this checkout's ``acukg``
and ``python`` first on PATH. The line before a block may mark it (HTML comments, invisible
on GitHub):

- ``<!-- not run: REASON -->``: skipped (it needs the internet, a server, or installs things);
- ``<!-- background -->``: started and left running until the test ends (a server); the next
  block starts once it has printed its first line on standard output;
- ``<!-- exits N -->``: expected to exit with status N (default 0).

Two things differ from a user's shell, so the test can run anywhere: the stand-in's port 8765
becomes a free one, and ``ACUKG_RATE_LIMIT`` allows 50 requests/s against it.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
BLOCK = re.compile(r"^```bash[ \t]*\n(.*?)^```[ \t]*$", re.S | re.M)
MARK = re.compile(r"<!--\s*(not run|background|exits\s+(\d+))\b[^>]*-->\s*$")
PORT = "8765"


def blocks(text: str) -> list[dict]:
    """The bash blocks of ``text`` with their marks: ``{"code", "line", "run", "background", "exit"}``."""
    found = []
    for match in BLOCK.finditer(text):
        before = text[: match.start()].rstrip("\n").rsplit("\n", 1)[-1].strip()
        mark = MARK.search(before)
        kind = mark.group(1) if mark else ""
        found.append({
            "code": match.group(1),
            "line": text.count("\n", 0, match.start()) + 1,
            "run": kind != "not run",
            "background": kind == "background",
            "exit": int(mark.group(2)) if mark and mark.group(2) else 0,
        })
    return found


def test_blocks_and_marks_are_read():
    text = ("intro\n\n```bash\necho one\n```\n<!-- not run: needs the internet -->\n```bash\ncurl x\n```\n"
            "<!-- background -->\n```bash\nsleep 9\n```\n<!-- exits 1 -->\n```bash\nfalse\n```\n```python\nx\n```\n")
    got = [(b["code"], b["run"], b["background"], b["exit"]) for b in blocks(text)]
    assert got == [("echo one\n", True, False, 0), ("curl x\n", False, False, 0),
                   ("sleep 9\n", True, True, 0), ("false\n", True, False, 1)]


def _free_port() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return str(sock.getsockname()[1])


def _environment(tmp_path: Path) -> dict:
    bin_dir = tmp_path / ".bin"
    bin_dir.mkdir()
    script = bin_dir / "acukg"
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m acukg "$@"\n')
    script.chmod(0o755)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("ACUKG_", "OPENALEX_", "NEO4J_", "FALKORDB_"))}
    env.update(PATH=f"{bin_dir}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
               PYTHONPATH=str(ROOT), ACUKG_RATE_LIMIT="50", COLUMNS="100")
    return env


@pytest.mark.slow
def test_readme_commands_run_as_written(tmp_path):
    work = tmp_path / "readme"
    work.mkdir()
    env = _environment(tmp_path)
    port = _free_port()
    runnable = [b for b in blocks(README.read_text(encoding="utf-8")) if b["run"]]
    assert any(b["background"] for b in runnable) and len(runnable) >= 4  # the marks are being read
    servers = []
    try:
        for block in runnable:
            code = block["code"].replace(PORT, port)
            where = f"README.md line {block['line']}:\n{block['code']}"
            if block["background"]:
                server = subprocess.Popen(["bash", "-e", "-c", code], cwd=work, env=env, text=True,
                                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                          start_new_session=True)
                servers.append(server)
                ready = threading.Event()
                threading.Thread(target=lambda s=server: (s.stdout.readline(), ready.set()), daemon=True).start()
                assert ready.wait(60) and server.poll() is None, f"{where}did not start"
                threading.Thread(target=server.stdout.read, daemon=True).start()  # keep the pipe drained
                continue
            done = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", code], cwd=work, env=env,
                                  capture_output=True, text=True, timeout=600)
            assert done.returncode == block["exit"], (
                f"{where}exited {done.returncode}, README says {block['exit']}\n"
                f"stdout:\n{done.stdout[-3000:]}\nstderr:\n{done.stderr[-3000:]}")
    finally:
        for server in servers:
            if server.poll() is None:
                os.killpg(server.pid, signal.SIGINT)
                try:
                    server.wait(10)
                except subprocess.TimeoutExpired:
                    os.killpg(server.pid, signal.SIGKILL)
