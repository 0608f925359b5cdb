"""The Neo4j backend, through the official ``neo4j`` driver (Bolt).

- One driver per process for each (URI, user): drivers are cached at module level and shared
  by every :class:`Neo4jBackend` (a driver owns the connection pool); :func:`close_drivers` closes
  them (also at interpreter exit). ``Neo4jBackend.close`` leaves the shared driver open.
- Batches are written with ``session.execute_write`` transaction functions: one transaction per
  batch, retried by the driver on transient errors and rolled back as a whole on failure.
- Causal consistency: every session and every ``execute_query`` call uses the driver's
  ``execute_query_bookmark_manager``, so a read (``run``, ``load_graph``) issued after a push in
  the same process sees the push, also on a cluster.
- Settings: ``NEO4J_URI`` (``neo4j://``, ``neo4j+s://`` for Aura, ``bolt://``), ``NEO4J_USER``,
  ``NEO4J_PASSWORD``, ``NEO4J_DATABASE`` (default: the server's home database); options win.
  The password is handed to the driver only: it is in no message, log record or ``repr``.
"""

from __future__ import annotations

import atexit
import hashlib
import threading
from typing import Any
from urllib.parse import urlsplit

from kg.backends import Backend, dialect
from kg.errors import BackendError


SCHEMES = ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc")
CONNECT_TIMEOUT = 10.0

_DRIVERS: dict[tuple[str, str | None], tuple[Any, str]] = {}
_LOCK = threading.Lock()
_ATEXIT = []


def public_uri(uri: str) -> str:
    """``uri`` without user info."""
    parts = urlsplit(uri)
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.hostname or ''}{port}"


def _fingerprint(password: str | None) -> str:
    return hashlib.sha256((password or "").encode()).hexdigest()


def get_driver(uri: str, user: str | None, password: str | None):
    """The process's driver for (uri, user), created on first use (replaced if the password changed)."""
    from neo4j import GraphDatabase

    key = (uri, user)
    with _LOCK:
        cached = _DRIVERS.get(key)
        if cached and cached[1] == _fingerprint(password):
            return cached[0]
        if cached:
            cached[0].close()
        auth = (user or "neo4j", password) if password is not None else None
        driver = GraphDatabase.driver(uri, auth=auth, connection_timeout=CONNECT_TIMEOUT)
        _DRIVERS[key] = (driver, _fingerprint(password))
        if not _ATEXIT:
            atexit.register(close_drivers)
            _ATEXIT.append(True)
        return driver


def _forget_driver(uri: str, user: str | None) -> None:
    with _LOCK:
        cached = _DRIVERS.pop((uri, user), None)
    if cached:
        cached[0].close()


def close_drivers() -> None:
    """Close every cached driver."""
    with _LOCK:
        drivers = [d for d, _ in _DRIVERS.values()]
        _DRIVERS.clear()
    for driver in drivers:
        driver.close()


def _run_batch(tx, query: str, rows: list[dict]) -> None:
    tx.run(query, rows=rows).consume()


class Neo4jBackend(Backend):
    """A graph in a Neo4j 5 database."""

    name = "neo4j"

    def __init__(self, uri: str, *, user: str | None = None, password: str | None = None,
                 database: str | None = None):
        scheme = urlsplit(uri).scheme
        if scheme not in SCHEMES:
            raise BackendError(f"Neo4j URI must start with one of {', '.join(s + '://' for s in SCHEMES)};"
                               f" got {public_uri(uri)!r}")
        self._uri, self._user, self._database = uri, user, database
        self._secret = password
        self._driver = get_driver(uri, user, password)
        try:
            self._driver.verify_connectivity()
        except Exception as exc:
            _forget_driver(uri, user)
            raise BackendError(f"cannot open Neo4j at {self.where}: {self._reason(exc)}") from None

    @classmethod
    def from_settings(cls, settings, *, uri: str | None = None, user: str | None = None,
                      password: str | None = None, database: str | None = None,
                      graph: str | None = None) -> "Neo4jBackend":
        """Open from ``NEO4J_URI`` / ``NEO4J_USER`` / ``NEO4J_PASSWORD`` / ``NEO4J_DATABASE``,
        options winning (``graph`` is taken as the database name)."""
        uri = uri or settings.neo4j_uri
        if not uri:
            raise BackendError("no Neo4j URI: set NEO4J_URI (e.g. neo4j://localhost:7687) or pass --uri")
        return cls(uri, user=user or settings.neo4j_user,
                   password=password if password is not None else settings.neo4j_password,
                   database=database or graph or settings.neo4j_database)

    @property
    def where(self) -> str:
        db = f" database {self._database!r}" if self._database else ""
        return f"{public_uri(self._uri)}{db}"

    def _reason(self, exc: BaseException) -> str:
        from neo4j.exceptions import AuthError, ServiceUnavailable, SessionExpired

        if isinstance(exc, AuthError):
            text = f"the server refused the credentials for user {self._user or 'neo4j'!r}"
        elif isinstance(exc, (ServiceUnavailable, SessionExpired)):
            text = f"the server cannot be reached or went away [{type(exc).__name__}: {exc}]"
        else:
            text = f"{type(exc).__name__}: {exc}"
        if self._secret:
            text = text.replace(self._secret, "***")
        return text

    def _session(self):
        return self._driver.session(database=self._database,
                                    bookmark_manager=self._driver.execute_query_bookmark_manager)

    def run(self, query: str, **params: Any) -> list[dict]:
        try:
            records, _, _ = self._driver.execute_query(query, parameters_=params,
                                                       database_=self._database)
        except Exception as exc:
            raise BackendError(f"Neo4j at {self.where}: query failed: {self._reason(exc)}") from None
        return [record.data() for record in records]

    def _write(self, query: str, rows: list[dict]) -> None:
        with self._session() as session:
            session.execute_write(_run_batch, query, rows)

    def _ensure_schema(self) -> None:
        for statement in dialect.Neo4jSchema().statements():
            self._driver.execute_query(statement, database_=self._database)

    def close(self) -> None:
        """Nothing to release per backend: the driver is shared (see :func:`close_drivers`)."""
