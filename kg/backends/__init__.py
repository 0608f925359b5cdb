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
from typing import Any, Callable

from kg.backends import dialect
from kg.backends.rows import Group, edge_groups, facts_json, graph_from_rows, node_groups
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
        batches = 0
        with tqdm(total=total, unit="row", desc=f"push to {self.name}", disable=not progress) as bar:
            for group in nodes + edges:
                query = (dialect.merge_nodes(group.label) if group.label
                         else dialect.merge_edges(group.type, group.start, group.end))
                batches += self._push_group(group, query, batch_size, bar, on_batch)
        self._write_meta(facts)
        seconds = time.perf_counter() - t0
        n_nodes = sum(len(g.rows) for g in nodes)
        n_edges = sum(len(g.rows) for g in edges)
        log.debug("pushed %d nodes and %d relationships to %s at %s in %d batches (%.1f s)",
                 n_nodes, n_edges, self.name, self.where, batches, seconds)
        return {"nodes": n_nodes, "relationships": n_edges, "batches": batches, "seconds": seconds}

    def _push_group(self, group: Group, query: str, batch_size: int, bar, on_batch) -> int:
        n = len(group.rows)
        count = (n + batch_size - 1) // batch_size
        for number, start in enumerate(range(0, n, batch_size), 1):
            end = min(start + batch_size, n)
            try:
                self._write(query, list(group.rows[start:end]))
            except Exception as exc:
                raise BackendError(
                    f"{self.name} at {self.where}: push failed at {group.name} batch "
                    f"{number}/{count} (rows {start}-{end - 1} of {n}): {self._reason(exc)}; "
                    f"rerun the push to complete it (every write is a MERGE)") from None
            bar.update(end - start)
            if on_batch is not None:
                on_batch(group.name, number, start, end)
        return count

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
