"""The FalkorDB backend, through FalkorDB's own Python client (``falkordb``, Redis protocol).

FalkorDB's experimental Bolt listener is never used: it splices parameters into the query text
without escaping. Through the Redis protocol parameters travel in a ``CYPHER`` header that the
server parses as values; :mod:`kg.backends.cypher_params` renders it (the very text the client's
own renderer makes, faster), and a push renders the next batch while the server writes this one.
The graph lives under a graph name (a Redis key, default "acukg"). FalkorDB has no
multi-statement transactions: each batch is applied on its own, which the push tolerates because
every write is a MERGE.

The URL comes from the ``url`` option or ``FALKORDB_URL`` (``redis://[:PASSWORD@]HOST:PORT``,
also ``falkor://``, ``rediss://``/``falkors://`` for TLS); a ``password`` option wins over none in
the URL. The password never appears in messages or ``repr``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from kg.backends import Backend, dialect
from kg.backends.cypher_params import params_header
from kg.errors import BackendError


DEFAULT_URL = "redis://127.0.0.1:6379"
DEFAULT_GRAPH = "acukg"
CONNECT_TIMEOUT = 5.0
#: Seconds to wait for one statement's answer (a 20,000-row batch takes seconds on a busy host).
STATEMENT_TIMEOUT = 300.0


def public_url(url: str) -> str:
    """``url`` without its user and password."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}"


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


class FalkorDBBackend(Backend):
    """A graph in a FalkorDB server. Not thread-safe: one per thread."""

    name = "falkordb"

    def __init__(self, url: str = DEFAULT_URL, *, password: str | None = None,
                 graph: str = DEFAULT_GRAPH, timeout: float = CONNECT_TIMEOUT,
                 statement_timeout: float = STATEMENT_TIMEOUT):
        from falkordb import FalkorDB
        from redis.backoff import ExponentialBackoff
        from redis.retry import Retry

        if not graph:
            raise BackendError("FalkorDB graph name must not be empty")
        if not url.startswith(("redis://", "rediss://", "falkor://", "falkors://", "unix://")):
            raise BackendError(f"FalkorDB URL must start with redis:// or falkor://, got {public_url(url)!r}")
        self._url = public_url(url)
        self._secret = password or urlsplit(url).password
        self.graph_name = graph
        options = dict(socket_connect_timeout=timeout, socket_timeout=statement_timeout,
                       retry=Retry(ExponentialBackoff(cap=1.0, base=0.1), 2))
        if password:
            options["password"] = password
        try:
            self._db = FalkorDB.from_url(url, **options)
            self._db.connection.ping()
        except Exception as exc:
            raise BackendError(f"cannot open FalkorDB at {self._url}: {self._reason(exc)}") from None
        self._graph = self._db.select_graph(graph)

    @classmethod
    def from_settings(cls, settings, *, url: str | None = None, password: str | None = None,
                      graph: str | None = None, **options) -> "FalkorDBBackend":
        """Open from ``FALKORDB_URL`` (or ``redis://127.0.0.1:6379``), options winning."""
        return cls(url or settings.falkordb_url or DEFAULT_URL, password=password,
                   graph=graph or DEFAULT_GRAPH, **options)

    @property
    def where(self) -> str:
        return f"{self._url} graph {self.graph_name!r}"

    def _reason(self, exc: BaseException) -> str:
        from redis.exceptions import AuthenticationError, ConnectionError, TimeoutError

        text = f"{type(exc).__name__}: {exc}"
        if self._secret:
            text = text.replace(self._secret, "***")
        if isinstance(exc, AuthenticationError) or "NOAUTH" in str(exc) or "WRONGPASS" in str(exc):
            return f"the server refused the credentials (wrong or missing password) [{text}]"
        if isinstance(exc, TimeoutError):
            return f"the server did not answer in time [{text}]"
        if isinstance(exc, ConnectionError):
            return f"the server cannot be reached or closed the connection [{text}]"
        return text

    def run(self, query: str, **params: Any) -> list[dict]:
        try:
            result = self._graph.query(params_header(params) + query if params else query)
        except Exception as exc:
            raise BackendError(f"FalkorDB at {self.where}: query failed: {self._reason(exc)}") from None
        names = [column[1] for column in result.header]
        return [dict(zip(names, map(_plain, row))) for row in result.result_set]

    def _write(self, query: str, rows: list[dict]) -> None:
        self._write_encoded(self._encode(query, rows))

    def _encode(self, query: str, rows: list[dict]) -> str:
        """The statement with ``rows`` in its ``CYPHER rows=…`` parameter header."""
        return params_header({"rows": rows}) + query

    def _write_encoded(self, batch: str) -> None:
        self._graph.query(batch)

    def _ensure_schema(self) -> None:
        forms = dialect.FalkorSchema()
        have = {(r["label"], p) for r in self.run(forms.list_indexes) for p in r["properties"]}
        for label, prop in forms.wanted_indexes():
            if (label, prop) not in have:
                self.run(forms.create_index(label, prop))
        unique = {r["label"] for r in self.run(forms.list_constraints)
                  if r["type"] == "UNIQUE" and list(r["properties"]) == ["id"]}
        for label in dialect.ALL_LABELS:
            if label not in unique:
                self._db.execute_command(*forms.unique_constraint_command(self.graph_name, label))

    def drop(self) -> None:
        """Delete the whole graph (its key, indexes and constraints) if it exists."""
        if self.graph_name in self._db.list_graphs():
            self._graph.delete()

    def close(self) -> None:
        self._db.connection.connection_pool.disconnect()
