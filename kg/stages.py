"""The build stage with its I/O: read the record store, build the graph, save it.

``acukg build`` and the ``acukg run`` pipeline both call :func:`build_from_store`; the
transform itself is the pure :func:`kg.build.build_graph`.
"""

from __future__ import annotations

import logging

import networkx as nx

from kg.settings import Settings

log = logging.getLogger(__name__)


class _Counted:
    """An iterator that counts what passes through it."""

    def __init__(self, items):
        self.items, self.count = iter(items), 0

    def __iter__(self):
        for item in self.items:
            self.count += 1
            yield item


def build_from_store(settings: Settings) -> tuple[nx.MultiDiGraph, dict]:
    """Build the graph from the record store at ``settings.store_path``; save it to ``settings.graph_dir``.

    The latest run's manifest gives the seed map and whether the records are synthetic.

    Returns
    -------
    (networkx.MultiDiGraph, dict)
        The graph and the manifest saved with it.

    Raises
    ------
    kg.errors.StoreError
        No record store (or an unreadable one), or the graph cannot be saved.
    """
    from ingest.store import RecordStore
    from kg.build import build_graph
    from kg.store import save

    with RecordStore(settings.store_path) as store:
        manifests = store.manifests()
        latest = store.latest_manifest() or {}
        records = _Counted(store.works())
        G = build_graph(
            records,
            hops=store.hops(),
            seed_map=latest.get("seed_map") or {},
            synthetic=bool(latest.get("synthetic")),
        )
    inputs = {
        "records": records.count,
        "store": str(settings.store_path),
        "run_ids": [m["run_id"] for m in manifests if m.get("run_id")],
    }
    manifest = save(G, settings.graph_dir, inputs=inputs)
    log.debug("built graph from %d records into %s", records.count, settings.graph_dir)
    return G, manifest
