"""Graph database backends: one interface, a Neo4j and a FalkorDB implementation.

A :class:`Backend` pushes a graph (:meth:`Backend.save_graph`), reads it back
(:meth:`Backend.load_graph`) and runs Cypher (:meth:`Backend.run`). The push and the pull are
written once here over two primitives each implementation provides (``_write`` one batch,
``run`` one query); the statements come from :mod:`kg.backends.dialect` and the rows from the
pure :mod:`kg.backends.rows`. Implementations are imported only by :func:`open_backend`.

Examples
--------
>>> from kg.settings import Settings
>>> with open_backend(Settings.from_env(), "falkordb", url="redis://127.0.0.1:6379") as db:  # doctest: +SKIP
...     db.save_graph(G)
...     H = db.load_graph()
"""

from __future__ import annotations

import importlib
import logging
import time
from abc import ABC, abstractmethod
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Callable

from kg.backends import dialect
from kg.backends.rows import Group, edge_groups, facts_json, graph_from_rows, node_groups
from kg.gc_pause import gc_paused
from kg.errors import BackendError
from kg.model import EDGE_TYPES

log = logging.getLogger(__name__)

BACKENDS = {"neo4j": ("kg.backends.neo4j", "Neo4jBackend"),
            "falkordb": ("kg.backends.falkordb", "FalkorDBBackend")}
DEFAULT_BATCH_SIZE = 5000
#: Nodes per read query when pulling.
PAGE_SIZE = 5000

#: Called after each written batch with (group name, batch number, first row, end row).
BatchHook = Callable[[str, int, int, int], None]


@dataclass(frozen=True)
class _Batch:
    """Rows ``start:end`` of a group, batch ``number`` of ``count``, and their statement."""

    group: Group
    query: str
    number: int
    count: int
    start: int
    end: int

    @property
    def where(self) -> str:
        n = len(self.group.rows)
        return (f"{self.group.name} batch {self.number}/{self.count} "
                f"(rows {self.start}-{self.end - 1} of {n})")


def _statements(groups: list[Group]):
    """(group, its batched MERGE statement) for each group."""
    for group in groups:
        yield group, (dialect.merge_nodes(group.label) if group.label
                      else dialect.merge_edges(group.type, group.start, group.end))


class Backend(ABC):
    """A graph database acukg can push to, pull from and query. Use as a context manager."""

    #: "neo4j" or "falkordb"
    name: str = ""

    # -- what each database provides ---------------------------------------------------
    @abstractmethod
    def run(self, query: str, **params: Any) -> list[dict]:
        """Run one Cypher statement with ``params`` as parameters; rows as dicts."""

    @abstractmethod
    def _write(self, query: str, rows: list[dict]) -> None:
        """Run one batched write statement with ``$rows`` (one transaction where the database has them)."""

    def _encode(self, query: str, rows: list[dict]) -> Any:
        """One batch made ready for :meth:`_write_encoded`. Pure (no I/O): the push runs it in a
        helper thread for the next batch while the current one is written."""
        return query, rows

    def _write_encoded(self, batch: Any) -> None:
        """Write one batch made by :meth:`_encode`."""
        self._write(*batch)

    @abstractmethod
    def _ensure_schema(self) -> None:
        """Create the constraints and indexes if missing (idempotent)."""

    @abstractmethod
    def _reason(self, exc: BaseException) -> str:
        """A one-line description of a driver error, with no credentials in it."""

    @abstractmethod
    def close(self) -> None:
        """Release this backend's connections."""

    @property
    @abstractmethod
    def where(self) -> str:
        """Where the data goes, for messages (no credentials)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.where}>"

    # -- push ------------------------------------------------------------------------------
    def save_graph(self, G, *, batch_size: int = DEFAULT_BATCH_SIZE, progress: bool = False,
                   on_batch: BatchHook | None = None) -> dict:
        """Push ``G``: schema first, then nodes by label, then relationships by type, in batches.

        Every statement is an ``UNWIND $rows … MERGE … SET += row.props``: pushing twice leaves
        the same counts, pushing an updated graph updates properties and adds what is new (it
        never deletes). A failed batch raises :class:`BackendError` naming it; rerunning
        completes the push.

        Returns
        -------
        dict
            ``nodes``, ``relationships``, ``batches`` written and ``seconds`` taken.
        """
        if batch_size < 1:
            raise BackendError(f"batch size must be at least 1, got {batch_size}")
        from tqdm import tqdm

        with gc_paused():
            nodes, edges = node_groups(G), edge_groups(G)
        facts = facts_json(G)
        t0 = time.perf_counter()
        try:
            self._ensure_schema()
        except BackendError:
            raise
        except Exception as exc:
            raise BackendError(f"{self.name} at {self.where}: creating the schema failed: "
                               f"{self._reason(exc)}") from None
        total = sum(len(g.rows) for g in nodes + edges)
        plan = [_Batch(group, query, number, count, start, min(start + batch_size, len(group.rows)))
                for group, query in _statements(nodes + edges)
                for count in [(len(group.rows) + batch_size - 1) // batch_size]
                for number, start in enumerate(range(0, len(group.rows), batch_size), 1)]
        with tqdm(total=total, unit="row", desc=f"push to {self.name}", disable=not progress) as bar:
            self._push_batches(plan, bar, on_batch)
        batches = len(plan)
        self._write_meta(facts)
        seconds = time.perf_counter() - t0
        n_nodes = sum(len(g.rows) for g in nodes)
        n_edges = sum(len(g.rows) for g in edges)
        log.debug("pushed %d nodes and %d relationships to %s at %s in %d batches (%.1f s)",
                 n_nodes, n_edges, self.name, self.where, batches, seconds)
        return {"nodes": n_nodes, "relationships": n_edges, "batches": batches, "seconds": seconds}

    def _push_batches(self, plan: list[_Batch], bar, on_batch) -> None:
        """Write the batches in order; batch k + 1 is encoded in a helper thread while batch k
        is written (the server works while the client encodes)."""
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="acukg-encode") as pool:
            ahead = pool.submit(self._encode_batch, plan[0]) if plan else None
            for i, batch in enumerate(plan):
                try:
                    payload = ahead.result()
                    ahead = pool.submit(self._encode_batch, plan[i + 1]) if i + 1 < len(plan) else None
                    self._write_encoded(payload)
                except Exception as exc:
                    if ahead is not None:
                        ahead.cancel()
                    raise BackendError(
                        f"{self.name} at {self.where}: push failed at {batch.where}: "
                        f"{self._reason(exc)}; rerun the push to complete it (every write is a "
                        f"MERGE)") from None
                bar.update(batch.end - batch.start)
                if on_batch is not None:
                    on_batch(batch.group.name, batch.number, batch.start, batch.end)

    def _encode_batch(self, batch: _Batch) -> Any:
        return self._encode(batch.query, list(batch.group.rows[batch.start:batch.end]))

    def _write_meta(self, facts: str) -> None:
        try:
            self.run(dialect.MERGE_META, id=dialect.META_ID, facts=facts)
        except BackendError:
            raise
        except Exception as exc:
            raise BackendError(f"{self.name} at {self.where}: writing the graph facts failed: "
                               f"{self._reason(exc)}; rerun the push") from None

    # -- pull ------------------------------------------------------------------------------
    def load_graph(self, *, page_size: int = PAGE_SIZE):
        """Read acukg's graph back as a MultiDiGraph equal to the one pushed.

        Nodes are read label by label in pages of ``page_size`` (keyset paging on ``id``), each
        with its outgoing relationships of the model's types; null properties come back as None
        from the model schema; ``G.graph`` from the ``AcukgGraph`` node.
        """
        nodes, edges = [], []
        for label in dialect.ALL_LABELS[:-1]:
            after = ""
            while True:
                page = self.run(dialect.read_nodes_page(label), after=after, limit=page_size)
                for row in page:
                    nodes.append((row["id"], dict(row["props"])))
                    for rel in row["out"]:
                        if rel["type"] in EDGE_TYPES:
                            edges.append((row["id"], rel["target"], rel["type"], dict(rel["props"])))
                if len(page) < page_size:
                    break
                after = page[-1]["id"]
        meta = self.run(dialect.READ_META, id=dialect.META_ID)
        if not nodes and not meta:
            raise BackendError(f"{self.name} at {self.where} holds no acukg graph (nothing was pushed there)")
        return graph_from_rows(nodes, edges, meta[0]["facts"] if meta else None)

    # -- housekeeping ----------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        """Number of nodes per acukg label and relationships per model type."""
        out = {label: self.run(dialect.count_nodes(label))[0]["n"] for label in dialect.ALL_LABELS}
        out |= {t: self.run(dialect.count_edges(t))[0]["n"] for t in EDGE_TYPES}
        return out

    def clear(self, *, batch_size: int = 10000) -> None:
        """Delete every node with one of acukg's labels (and its relationships); nothing else."""
        for label in dialect.ALL_LABELS:
            while self.run(dialect.delete_label_batch(label), limit=batch_size)[0]["deleted"]:
                pass


def open_backend(settings, name: str, **options) -> Backend:
    """Open the backend ``name`` ("neo4j" or "falkordb") from settings, options winning.

    Options: Neo4j ``uri``, ``user``, ``password``, ``database``; FalkorDB ``url``, ``password``,
    ``graph`` (graph name, default "acukg"). The connection is checked before this returns.
    """
    if name not in BACKENDS:
        raise BackendError(f"unknown backend {name!r}; expected one of {tuple(BACKENDS)}")
    module, cls = BACKENDS[name]
    return getattr(importlib.import_module(module), cls).from_settings(settings, **options)
