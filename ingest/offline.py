"""``acukg ingest --offline``: what the store holds for a crawl, read without any request."""

from __future__ import annotations

import json

from ingest.job import IngestOptions, crawl_key, id_key, plan_hop
from ingest.seeds import SeedList
from ingest.store import RecordStore
from kg.settings import Settings


def offline_report(settings: Settings, seeds: SeedList, *, options: IngestOptions = IngestOptions()) -> dict:
    """What the store holds for a crawl, without any request: per hop, held / missing / absent.

    Uses the crawl's saved plan where there is one, and plans the rest from the works held.
    Nothing is written.
    """
    store = RecordStore(settings.store_path)
    try:
        crawl = crawl_key(seeds, options.max_works_per_hop)
        resolution = store.seed_resolution(crawl)
        unresolved: list[str] = []
        for kind in ("doi", "pmid"):
            todo = [s.value for s in seeds.of_kind(kind) if s.identifier not in resolution]
            local = store.lookup(kind, todo)
            for v in todo:
                ident = v if kind == "doi" else f"pmid:{v}"
                resolution[ident] = local.get(v)
        unresolved = sorted(k for k, v in resolution.items() if not v)
        members0 = {w for w in resolution.values() if w} | {s.value for s in seeds.of_kind("openalex")}
        frontiers: list[list[str]] = []
        hops: dict[str, dict] = {}
        absent: dict[str, int] = {}
        for hop in range(options.depth + 1):
            saved = store.frontier(crawl, hop)
            if saved is not None:
                frontier = saved
            elif hop == 0:
                frontier = sorted(members0, key=id_key)
            else:
                planned = set().union(*frontiers)
                prev = sorted(store.held(frontiers[-1]), key=id_key)
                citing = []
                if options.max_works_per_hop is not None:
                    citing = [r for _, r in store.refs(sorted(store.held(planned), key=id_key))]
                frontier, _ = plan_hop(dict(store.refs(prev)), planned, options.max_works_per_hop, citing)
            frontiers.append(frontier)
            held = store.held(frontier)
            gone = store.missing_ids(frontier)
            lacking = [w for w in frontier if w not in held and w not in gone]
            absent.update((w, hop) for w in lacking)
            hops[str(hop)] = {"planned": len(frontier), "held": len(held), "missing": len(gone),
                              "not_in_store": len(lacking)}
        crawl_ids = [w for f in frontiers for w in f]
        seed_missing = [f"{s.kind}:{s.value}" for s in seeds.seeds if s.kind != "openalex"]
        return {
            "status": "offline",
            "store": str(store.path),
            "works_in_store": store.count(),
            "complete": not absent and not unresolved,
            "hops": hops,
            "unresolved_seeds": unresolved,
            "not_in_store": absent,
            "missing": store.missing_reasons(crawl_ids + seed_missing),
            "synthetic": bool(json.loads(store.meta("source") or '{"synthetic": null}')["synthetic"]),
        }
    finally:
        store.close()
