"""The ingest job: seeds → hop 0, then hop by hop over ``referenced_works``, then citing works.

A *crawl* is defined by its seeds and its per-hop cap; its state (seed resolution, the ids
planned for each hop, saved cursors) lives in the record store, so running the same command
again after a kill, a budget stop or an error resumes it: nothing held is fetched again, and
the store ends exactly as an uninterrupted run would leave it. Raising ``--depth`` later
continues the same crawl from its last hop.

Hop ``k+1`` holds the works cited by hop ``k`` that no earlier hop planned. With
``max_works_per_hop`` a hop keeps the candidates cited by the most works already fetched in
the crawl (ties broken by id). Works citing the seeds (``cited_by``) are stored at hop 1 with
``via = "cited_by"`` and are not expanded further; works already held keep their hop.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import secrets
import time
from collections import Counter, deque
from concurrent.futures import CancelledError, ThreadPoolExecutor
from dataclasses import dataclass
from importlib import metadata
from typing import Callable, Iterable
from urllib.parse import urlsplit, urlunsplit

from ingest.fetch import BATCH_SIZE, Fetched, chunk_values, citing_page, fetch_by_ids, probe_url, resolve_batch
from ingest.progress import Progress
from ingest.seeds import SeedList
from ingest.lock import StoreLock
from ingest.store import RecordStore, utc_now
from ingest.transport import Transport, redact_url
from kg.errors import BudgetExhausted, SettingsError, StoreError
from kg.settings import Settings

DEFAULT_DEPTH = 2
#: The ``Server`` header of the loopback stand-in: its records are synthetic.
STANDIN_SERVER = "acukg-standin"


@dataclass(frozen=True)
class IngestOptions:
    """How far and how wide a crawl goes."""

    depth: int = DEFAULT_DEPTH
    max_works_per_hop: int | None = None
    cited_by: bool = False

    def __post_init__(self):
        if self.depth < 0:
            raise SettingsError(f"--depth must be 0 or more, got {self.depth}")
        if self.max_works_per_hop is not None and self.max_works_per_hop < 1:
            raise SettingsError(f"--max-works-per-hop must be 1 or more, got {self.max_works_per_hop}")


def id_key(work_id: str) -> tuple[int, str]:
    """Sort key putting ``W`` ids in numeric order."""
    return len(work_id), work_id


def crawl_key(seeds: SeedList, max_works_per_hop: int | None) -> str:
    """The identity of a crawl: its seed identifiers and its cap (not its depth)."""
    text = json.dumps({"seeds": sorted(s.identifier for s in seeds.seeds), "cap": max_works_per_hop})
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def plan_hop(
    member_refs: dict[str, list[str]],
    planned: set[str],
    cap: int | None = None,
    citing_refs: Iterable[list[str]] = (),
) -> tuple[list[str], int]:
    """The ids of the next hop and how many candidates there were.

    Candidates are the ids that the current hop's works cite and no earlier hop planned.
    With ``cap``, the kept ones are those cited by the most works in ``citing_refs`` (every
    work fetched so far in the crawl), ties broken by id.

    Examples
    --------
    >>> plan_hop({"W1": ["W2", "W3"], "W4": ["W3"]}, {"W1", "W4"})
    (['W2', 'W3'], 2)
    >>> plan_hop({"W1": ["W2", "W3"], "W4": ["W3"]}, {"W1", "W4"}, cap=1,
    ...          citing_refs=[["W2", "W3"], ["W3"]])
    (['W3'], 2)
    """
    candidates = {r for refs in member_refs.values() for r in refs if r not in planned}
    if cap is None or len(candidates) <= cap:
        return sorted(candidates, key=id_key), len(candidates)
    counts: Counter[str] = Counter()
    for refs in citing_refs:
        counts.update(r for r in set(refs) if r in candidates)
    kept = sorted(candidates, key=lambda r: (-counts[r], len(r), r))[:cap]
    return sorted(kept, key=id_key), len(candidates)


def safe_url(url: str) -> str:
    """A base URL fit for a manifest: no user info, no secret query parameters."""
    parts = urlsplit(redact_url(url))
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit(parts._replace(netloc=host))


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "unknown"


def _new_run_id() -> str:
    return f"{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}-{os.getpid()}-{secrets.token_hex(3)}"


def default_workers(rate_limit: float) -> int:
    """Concurrent requests: enough to keep the rate limit busy while a reply is in flight."""
    return max(2, min(8, math.ceil(rate_limit / 2)))


class _Job:
    """One ingest run against one store (the lock is held by the caller)."""

    def __init__(self, settings: Settings, seeds: SeedList, options: IngestOptions, *, store: RecordStore,
                 transport: Transport, progress: Progress, workers: int, synthetic: dict | None,
                 seed_map: dict | None):
        self.settings, self.seeds, self.options = settings, seeds, options
        self.store, self.transport, self.progress = store, transport, progress
        self.workers = workers
        self.synthetic = synthetic
        self.given_seed_map = seed_map
        self.crawl = crawl_key(seeds, options.max_works_per_hop)
        self.run_id = _new_run_id()
        self.fetched: Counter[str] = Counter()
        self.durations: dict[str, float] = {}
        self.t0 = time.monotonic()
        self.started_at = utc_now()

    # -- the run -------------------------------------------------------------------------
    def run(self) -> dict:
        resumed = self.store.ensure_crawl(self.crawl, {
            "seeds": [s.identifier for s in self.seeds.seeds],
            "max_works_per_hop": self.options.max_works_per_hop,
        })
        if resumed:
            self.progress.note(f"resuming the crawl already in {self.store.path}: works held are not fetched again")
        self.store.begin_run(self.run_id, self.manifest("running"))
        try:
            self._timed("seeds", self.resolve_seeds)
            for hop in range(0, self.options.depth + 1):
                self._timed(f"hop_{hop}", lambda h=hop: self.do_hop(h))
            if self.options.cited_by:
                self._timed("cited_by", self.do_cited_by)
        except BudgetExhausted as exc:
            self._finish("stopped: budget exhausted", str(exc))
            raise
        except Exception as exc:
            self._finish("failed", f"{type(exc).__name__}: {exc}")
            raise
        except BaseException:
            self._finish("interrupted", "interrupted")
            raise
        return self._finish("completed", None)

    def _timed(self, name: str, step: Callable[[], None]) -> None:
        t = time.monotonic()
        try:
            step()
        finally:
            self.durations[name] = round(self.durations.get(name, 0.0) + time.monotonic() - t, 3)

    def _finish(self, status: str, error: str | None) -> dict:
        self.progress.finish()
        manifest = self.manifest(status, error)
        self.store.finish_run(self.run_id, manifest)
        return manifest

    # -- batches -------------------------------------------------------------------------
    def _run_batches(self, items: list, fetch: Callable[[object], Fetched], save: Callable[[Fetched], int]) -> None:
        """Fetch ``items`` on a few threads; store each result in order as it arrives.

        If one fails, the others already under way are still stored before the error is raised.
        """
        if not items:
            return
        window = self.workers * 2
        error: BaseException | None = None
        with ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="ingest") as pool:
            queue: deque = deque()
            pending = iter(items)

            def fill():
                while error is None and len(queue) < window:
                    item = next(pending, None)
                    if item is None:
                        return
                    queue.append(pool.submit(fetch, item))

            fill()
            while queue:
                future = queue.popleft()
                try:
                    result = future.result()
                except CancelledError:
                    continue
                except BaseException as exc:  # stored below, raised after the rest is saved
                    if error is None:
                        error = exc
                        for other in queue:
                            other.cancel()
                    continue
                try:
                    new = save(result)
                except BaseException:
                    for other in queue:
                        other.cancel()
                    raise
                self.progress.advance(new, self.transport.stats.requests)
                fill()
        if error is not None:
            raise error

    def _save(self, hop: int, via: str, *, lower_hops: bool = True, resolution: bool = False):
        def save(fetched: Fetched) -> int:
            new = self.store.put_batch(
                fetched.works, hop=hop, via=via, run_id=self.run_id, missing=fetched.missing,
                resolution=(self.crawl, fetched.resolved) if resolution else None, lower_hops=lower_hops,
            )
            self.fetched[str(hop) if via != "cited_by" else "cited_by"] += new
            return new
        return save

    # -- stages --------------------------------------------------------------------------
    def resolve_seeds(self) -> None:
        """Turn DOI and PMID seeds into W ids (the store first, then OpenAlex) and plan hop 0."""
        if self.store.frontier(self.crawl, 0) is not None:
            return
        resolution = self.store.seed_resolution(self.crawl)
        batches: list[tuple[str, list[str]]] = []
        for kind in ("doi", "pmid"):
            todo = [s.value for s in self.seeds.of_kind(kind) if s.identifier not in resolution]
            local = self.store.lookup(kind, todo)
            if local:
                found = {(v if kind == "doi" else f"pmid:{v}"): w for v, w in local.items()}
                self.store.save_seed_resolution(self.crawl, found)
                resolution.update(found)
            batches += [(kind, chunk) for chunk in chunk_values([v for v in todo if v not in local])]
        if batches:
            self.progress.start("seeds", sum(len(c) for _, c in batches))
        self._run_batches(batches, lambda b: resolve_batch(self.transport, *b),
                          self._save(0, "seed", resolution=True))
        resolution = self.store.seed_resolution(self.crawl)
        members = {w for w in resolution.values() if w}
        members.update(s.value for s in self.seeds.of_kind("openalex"))
        self.store.save_frontier(self.crawl, 0, sorted(members, key=id_key), len(self.seeds.seeds))

    def _members(self, hop: int) -> list[str]:
        """The held works of a planned hop (merged ids replaced by the works they became)."""
        ids = self.store.frontier(self.crawl, hop) or []
        merged = self.store.merged(ids)
        ids = [merged.get(i, i) for i in ids]
        return sorted(self.store.held(ids), key=id_key)

    def do_hop(self, hop: int) -> None:
        """Plan hop ``hop`` (unless a previous run did) and fetch what it lacks."""
        frontier = self.store.frontier(self.crawl, hop)
        if frontier is None:
            planned: set[str] = set()
            for h in range(hop):
                planned.update(self.store.frontier(self.crawl, h) or [])
            member_refs = dict(self.store.refs(self._members(hop - 1)))
            citing: Iterable[list[str]] = ()
            if self.options.max_works_per_hop is not None:
                everyone = [w for h in range(hop) for w in self._members(h)]
                citing = [refs for _, refs in self.store.refs(everyone)]
            frontier, candidates = plan_hop(member_refs, planned, self.options.max_works_per_hop, citing)
            self.store.save_frontier(self.crawl, hop, frontier, candidates)
        held = self.store.held(frontier)
        gone = self.store.missing_ids(frontier)
        todo = [w for w in frontier if w not in held and w not in gone]
        self.progress.start(f"hop {hop}", len(todo))
        via = "seed" if hop == 0 else "references"
        self._run_batches(chunk_values(todo, BATCH_SIZE), lambda ids: fetch_by_ids(self.transport, ids),
                          self._save(hop, via))
        self.store.mark_hop_done(self.crawl, hop)

    def do_cited_by(self) -> None:
        """Page through the works citing the seeds, saving the cursor with every stored page."""
        seeds = self._members(0)
        self.progress.start("cited-by", None)
        for batch, ids in enumerate(chunk_values(seeds, BATCH_SIZE)):
            key = f"{self.crawl}/cites/{hashlib.sha256(' '.join(ids).encode()).hexdigest()[:12]}"
            cursor, pages, done = self.store.cursors(key).get(batch, ("*", 0, False))
            while not done:
                results, next_cursor = citing_page(self.transport, ids, cursor)
                done = next_cursor is None
                pages += 1
                new = self.store.put_batch(results, hop=1, via="cited_by", run_id=self.run_id,
                                           cursor=(key, batch, next_cursor, pages, done), lower_hops=False)
                self.fetched["cited_by"] += new
                self.progress.advance(new, self.transport.stats.requests)
                cursor = next_cursor

    # -- manifest ------------------------------------------------------------------------
    def manifest(self, status: str, error: str | None = None) -> dict:
        """The run's manifest: seeds, parameters, counts per hop, requests, missing, durations."""
        resolution = self.store.seed_resolution(self.crawl)
        if self.given_seed_map is not None:
            seed_map = dict(sorted(self.given_seed_map.items()))
        else:
            seed_map = {s.value: resolution[s.identifier] for s in self.seeds.of_kind("doi")
                        if resolution.get(s.identifier)}
        hops: dict[str, dict] = {}
        crawl_ids: list[str] = []
        for hop, info in self.store.hop_info(self.crawl).items():
            if hop > self.options.depth:
                continue
            ids = self.store.frontier(self.crawl, hop) or []
            crawl_ids += ids
            hops[str(hop)] = {
                "planned": info["size"],
                "candidates": info["candidates"],
                "held": len(self.store.held(ids)),
                "missing": len(self.store.missing_ids(ids)),
                "fetched_this_run": self.fetched.get(str(hop), 0),
                "done": info["done"],
            }
        seed_missing = [f"{s.kind}:{s.value}" for s in self.seeds.seeds if s.kind != "openalex"]
        missing = self.store.missing_reasons(crawl_ids + seed_missing)
        stats = self.transport.stats.as_dict()
        finished = status != "running"
        return {
            "run_id": self.run_id,
            "status": status,
            "error": error,
            "acukg_version": _version("acukg"),
            "pyalex_version": _version("pyalex"),
            "started_at": self.started_at,
            "finished_at": utc_now() if finished else None,
            "synthetic": self.synthetic is not None,
            "source": {
                "openalex_url": safe_url(self.settings.openalex_url),
                "synthetic": self.synthetic is not None,
                **({"corpus": self.synthetic} if self.synthetic is not None else {}),
                "api_key": "set" if self.settings.api_key else "not set",
                "email": "set" if self.settings.email else "not set",
            },
            "crawl": self.crawl,
            "parameters": {
                "depth": self.options.depth,
                "max_works_per_hop": self.options.max_works_per_hop,
                "cited_by": self.options.cited_by,
                "batch_size": BATCH_SIZE,
                "rate_limit": self.settings.rate_limit,
                "workers": self.workers,
            },
            "seeds": self.seeds.to_manifest(),
            "seed_map": seed_map,
            "seed_resolution": resolution,
            "hops": hops,
            "cited_by": {"fetched_this_run": self.fetched.get("cited_by", 0)} if self.options.cited_by else None,
            "counts": {
                "works_in_store": self.store.count(),
                "works_fetched_this_run": sum(self.fetched.values()),
                "missing": len(missing),
            },
            "requests": stats["requests"],
            "retries": stats["retries"],
            "retry_reasons": stats["retry_reasons"],
            "credits": stats["credits"],
            "missing": missing,
            "durations_s": {**self.durations, "total": round(time.monotonic() - self.t0, 3)},
        }


def _check_source(store: RecordStore, synthetic: dict | None) -> None:
    """Refuse to mix synthetic stand-in records and OpenAlex records (or two corpora) in one store."""
    wanted = json.dumps({"synthetic": synthetic}, sort_keys=True)
    current = store.meta("source")
    if current is None:
        store.set_meta("source", wanted)
    elif current != wanted:
        def describe(text):
            value = json.loads(text)["synthetic"]
            return "OpenAlex" if value is None else f"synthetic stand-in ({json.dumps(value, sort_keys=True)})"
        raise StoreError(
            f"record store {store.path} holds {describe(current)} records; this job would add"
            f" {describe(wanted)} records. Use another --data directory."
        )


def ingest(
    settings: Settings,
    seeds: SeedList,
    *,
    options: IngestOptions = IngestOptions(),
    progress: Progress | None = None,
    workers: int | None = None,
    synthetic: dict | None = None,
    seed_map: dict[str, str] | None = None,
    transport: Transport | None = None,
) -> dict:
    """Fetch ``seeds`` and what they cite into the record store at ``settings.store_path``.

    Parameters
    ----------
    settings
        Base URL, credentials, rate limit and data directory.
    seeds
        What to start from (:func:`ingest.seeds.default_seeds` or a user's file).
    options
        Depth, per-hop cap, whether to pull citing works.
    synthetic
        Facts about the synthetic corpus when the source is the stand-in (None for OpenAlex);
        the manifest then says ``synthetic: true``.
    seed_map
        ``{bibliography DOI: W id}`` to record instead of the one resolved from DOI seeds.

    Returns
    -------
    dict
        The run's manifest (also saved in the store's ``runs`` table).

    Raises
    ------
    StoreInUse
        Another job holds the store.
    BudgetExhausted
        The daily budget is spent; the store is consistent and the same call resumes.
    """
    progress = progress or Progress(quiet=True)
    workers = workers or default_workers(settings.rate_limit)
    own_transport = transport is None
    transport = transport or Transport(settings, pool_size=workers)
    try:
        if synthetic is None:  # one quick request first: an unreachable server stops us here
            server = transport.probe(probe_url())
            if server.startswith(STANDIN_SERVER):
                synthetic = {"server": server}
        with StoreLock(settings.store_path), RecordStore(settings.store_path, create=True) as store:
            _check_source(store, synthetic)
            job = _Job(settings, seeds, options, store=store, transport=transport, progress=progress,
                       workers=workers, synthetic=synthetic, seed_map=seed_map)
            return job.run()
    finally:
        if own_transport:
            transport.close()
