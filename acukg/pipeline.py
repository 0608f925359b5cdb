"""The main job, as a short sequence of stage calls: ingest, build, then views and the report.

:func:`build_from_store` is the build stage with its I/O (read the record store, build the
graph with :func:`kg.build.build_graph`, save it); ``acukg build`` calls it too.

``run(settings)`` works against OpenAlex (or any URL in ``settings.openalex_url``);
``run(settings, demo=True)`` starts the loopback stand-in in-process and runs the very same
stages against it through the same transport, recording that the data are synthetic.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from pathlib import Path

import networkx as nx

from kg.settings import Settings

log = logging.getLogger(__name__)

#: Works in the demo's synthetic corpus (a depth-2 crawl reaches about two thirds of them).
DEMO_WORKS = 3000
#: Seed of the demo corpus; under it the headline mechanisms of the practitioner articles
#: (BDNF, NGF, GABA, IL-10, endorphins) all have synthetic evidence, of mixed strength.
DEMO_SEED = 24
#: Requests per second the demo allows itself against the loopback stand-in.
DEMO_RATE_LIMIT = 50.0


def run(
    settings: Settings,
    *,
    demo: bool = False,
    works: int = DEMO_WORKS,
    depth: int = 2,
    seeds_file: str | Path | None = None,
    max_works_per_hop: int | None = None,
    cited_by: bool = False,
    quiet: bool = False,
) -> dict:
    """Run the main job and return a summary of each stage.

    Parameters
    ----------
    settings
        From :meth:`Settings.from_env`; ``data_dir`` is where everything is written.
    demo
        Serve a synthetic corpus of ``works`` works on loopback and use it instead of OpenAlex.
        The seeds are the synthetic works standing in for the bibliography's works.
    depth, seeds_file, max_works_per_hop, cited_by
        As for ``acukg ingest``.

    Returns
    -------
    dict
        ``{"synthetic": bool, "ingest": {...}, "build": {...}, "report": path of index.html}``.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     summary = run(Settings(data_dir=Path(tmp)), demo=True, works=300, quiet=True)
    >>> summary["synthetic"], summary["ingest"]["works"] > 0
    (True, True)
    """
    from ingest.job import IngestOptions
    from ingest.progress import Progress
    from acukg.report import write_report

    options = IngestOptions(depth=depth, max_works_per_hop=max_works_per_hop, cited_by=cited_by)
    progress = Progress(quiet=quiet)
    if demo:
        from ingest.standin.server import start_standin

        with start_standin(size=works, seed=DEMO_SEED) as standin:
            local = settings.with_(openalex_url=standin.url, api_key=None, email=None,
                                   rate_limit=max(settings.rate_limit, DEMO_RATE_LIMIT))
            manifest = _ingest_demo(local, standin.corpus, options, progress)
    else:
        manifest = _ingest_live(settings, seeds_file, options, progress)
    summary = {"synthetic": manifest["synthetic"], "ingest": ingest_summary(settings, manifest)}
    G, build_manifest = build_from_store(settings)
    summary["build"] = {"graph": str(settings.graph_dir), "counts": build_manifest["counts"]}
    summary["report"] = str(write_report(G, settings.report_dir, ingest_manifest=manifest,
                                         build_manifest=build_manifest))
    return summary


def _ingest_demo(settings: Settings, corpus, options, progress) -> dict:
    from ingest.job import ingest
    from ingest.seeds import Seed, SeedList

    demo = corpus.demo_seeds()
    seeds = SeedList(
        seeds=tuple(Seed("openalex", d.openalex_id, title=d.title) for d in demo),
        source=f"demo: synthetic works standing in for the {len(demo)} bibliography works with a DOI",
    )
    return ingest(settings, seeds, options=options, progress=progress,
                  synthetic={"corpus": "SyntheticCorpus", "size": corpus.size, "seed": corpus.seed},
                  seed_map=corpus.seed_map())


def _ingest_live(settings: Settings, seeds_file, options, progress) -> dict:
    from ingest.job import ingest
    from ingest.seeds import default_seeds, read_seed_file

    seeds = read_seed_file(seeds_file) if seeds_file else default_seeds()
    return ingest(settings, seeds, options=options, progress=progress)


def ingest_summary(settings: Settings, manifest: dict) -> dict:
    """The few figures a user wants after an ingest run."""
    return {
        "store": str(settings.store_path),
        "status": manifest["status"],
        "run_id": manifest["run_id"],
        "works": manifest["counts"]["works_in_store"],
        "fetched": manifest["counts"]["works_fetched_this_run"],
        "hops": {h: v["held"] for h, v in manifest["hops"].items()},
        "missing": manifest["counts"]["missing"],
        "requests": manifest["requests"],
        "retries": manifest["retries"],
        "credits": manifest["credits"],
        "synthetic": manifest["synthetic"],
    }


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
    from ingest.seeds import bibliography_entries
    from ingest.store import RecordStore
    from kg.build import build_graph
    from kg.claims import articles
    from kg.store import save

    with RecordStore(settings.store_path) as store:
        manifests = store.manifests()
        latest = store.latest_manifest() or {}
        records = _Counted(store.works())
        G = build_graph(
            records,
            hops=store.hops(),
            seed_map=latest.get("seed_map") or {},
            articles=articles(bibliography_entries()),
            synthetic=bool(latest.get("synthetic")),
            built_at=datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        )
    inputs = {
        "records": records.count,
        "store": str(settings.store_path),
        "run_ids": [m["run_id"] for m in manifests if m.get("run_id")],
    }
    manifest = save(G, settings.graph_dir, inputs=inputs)
    log.debug("built graph from %d records into %s", records.count, settings.graph_dir)
    return G, manifest
