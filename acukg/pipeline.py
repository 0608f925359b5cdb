"""The main job, as a short sequence of stage calls: ingest, PubMed enrichment, build, then
views and the report.

:func:`build_from_store` is the build stage with its I/O (read the record store, build the
graph with :func:`kg.build.build_graph`, save it); ``acukg build`` calls it too.

``run(settings)`` works against OpenAlex (or any URL in ``settings.openalex_url``);
``run(settings, demo=True)`` starts the loopback stand-in in-process and runs the very same
stages against it through the same transport, recording that the data are synthetic.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import networkx as nx

from kg.errors import PubmedError, SeedError
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
    on_stage: Callable[[str, dict], None] | None = None,
    pubmed: bool = True,
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
    quiet
        No progress bars or stage lines.
    on_stage
        Called as ``on_stage(name, summary)`` as soon as each stage ("ingest", "enrich",
        "build", "report") ends, so its results print in the order they happen.
    pubmed
        Fetch the PubMed records of the stored works (``acukg enrich``) before the build.

    Returns
    -------
    dict
        ``{"synthetic": bool, "ingest": {...}, "enrich": {...} or None, "build": {...},
        "report": path of index.html, "files": [every report file written]}``. When PubMed
        fails (unreachable, retries spent, an error answer) the run goes on without it:
        ``"enrich"`` is ``{"failed": message}`` and a warning says how to add the records later.

    Raises
    ------
    kg.errors.SeedError
        No seed was found: nothing to build from (the message says why and what to do).

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

    on_stage = on_stage or (lambda name, summary: None)
    options = IngestOptions(depth=depth, max_works_per_hop=max_works_per_hop, cited_by=cited_by)
    progress = Progress(quiet=quiet)
    _say(quiet, f"ingest: the seed works and {depth} hop(s) of their references, into {settings.store_path}")

    def fetch(source: Settings, ingest_stage) -> tuple[dict, dict]:
        """The ingest stage, then (while the source still serves) the enrichment stage."""
        manifest = ingest_stage()
        progress.finish()
        summary = {"synthetic": manifest["synthetic"], "ingest": ingest_summary(settings, manifest), "enrich": None}
        on_stage("ingest", summary["ingest"])
        check_seeds(manifest, default_seeds=not demo and seeds_file is None)
        if pubmed:
            from ingest.enrich import enrich

            _say(quiet, f"enrich: PubMed records of the stored works, into {settings.store_path}")
            try:
                summary["enrich"] = enrich_summary(enrich(source, progress=progress))
            except PubmedError as exc:
                # PubMed adds to what OpenAlex gave: without it the graph is still worth building
                progress.finish()
                log.warning("enrich: PubMed failed, so the graph is built without the records it did not"
                            " give (run `acukg enrich`, then `acukg build`, to add them): %s", exc)
                summary["enrich"] = {"failed": str(exc)}
            on_stage("enrich", summary["enrich"])
        return manifest, summary

    if demo:
        from ingest.standin.server import start_standin

        with start_standin(size=works, seed=DEMO_SEED) as standin:
            local = settings.with_(openalex_url=standin.url, api_key=None, email=None,
                                   rate_limit=max(settings.rate_limit, DEMO_RATE_LIMIT),
                                   pubmed_url=standin.url + "/entrez/eutils", ncbi_api_key=None, ncbi_email=None,
                                   pubmed_rate_limit=None)
            manifest, summary = fetch(local, lambda: _ingest_demo(local, standin.corpus, options, progress))
    else:
        manifest, summary = fetch(settings, lambda: _ingest_live(settings, seeds_file, options, progress))
    _say(quiet, f"build: tagging the works' text and building the graph into {settings.graph_dir}")
    G, build_manifest = build_from_store(settings, quiet=quiet)
    summary["build"] = {"graph": str(settings.graph_dir), "counts": build_manifest["counts"]}
    on_stage("build", summary["build"])
    _say(quiet, f"report: views, plots and index.html into {settings.report_dir}")
    files = write_report_with_progress(G, settings.report_dir, quiet=quiet, ingest_manifest=manifest,
                                       build_manifest=build_manifest, enrich_manifest=_enrich_manifest(settings))
    summary["report"], summary["files"] = str(files[-1]), [str(f) for f in files]
    on_stage("report", {"report": summary["report"], "files": summary["files"]})
    return summary


def _say(quiet: bool, message: str) -> None:
    if not quiet:
        log.info("%s", message)


@contextmanager
def _bar(quiet: bool, **options):
    """A tqdm bar on a terminal (stderr), nothing otherwise; log lines print above it."""
    from tqdm import tqdm
    from tqdm.contrib.logging import logging_redirect_tqdm

    with tqdm(file=sys.stderr, disable=quiet or not sys.stderr.isatty(), dynamic_ncols=True, **options) as bar:
        if bar.disable:
            yield bar
        else:
            with logging_redirect_tqdm():
                yield bar


def check_seeds(manifest: dict, *, default_seeds: bool) -> None:
    """Stop when no seed work was found: say why and what to do instead of building nothing.

    Raises
    ------
    kg.errors.SeedError
    """
    hop0 = (manifest.get("hops") or {}).get("0") or {}
    if hop0.get("held"):
        return
    planned = len((manifest.get("seeds") or {}).get("seeds") or []) or hop0.get("planned", 0)
    url = (manifest.get("source") or {}).get("openalex_url", "the server")
    why = f"none of the {planned} seeds was found at {url} (each is listed with its reason under 'missing' in the run manifest)"
    if manifest.get("synthetic") and default_seeds:
        todo = ("the stand-in serves synthetic works only, which the bibliography's real DOIs do not name:"
                " give it the seeds file `acukg standin --seeds-out FILE` writes (--seeds FILE), or use"
                " `acukg run --demo`")
    elif manifest.get("synthetic"):
        todo = "check that the --seeds file lists works of this stand-in (same --works and --seed)"
    else:
        todo = "check the identifiers in the seeds file, and that OPENALEX_URL is OpenAlex (or the stand-in)"
    raise SeedError(f"{why}: {todo}")


def write_report_with_progress(G, out_dir, *, quiet: bool = False, **options) -> list[Path]:
    """:func:`acukg.report.write_report` with a bar of the files written; returns them, index.html last."""
    from acukg.report import write_report

    files: list[Path] = []
    with _bar(quiet, desc="report", unit="file") as bar:
        def wrote(path):
            files.append(Path(path))
            bar.update(1)

        index = write_report(G, out_dir, wrote=wrote, **options)
    if not files or files[-1] != index:
        files.append(index)
    return files


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


def _enrich_manifest(settings: Settings) -> dict | None:
    """The latest enrichment manifest kept in the record store, if any."""
    import json

    from ingest.store import RecordStore

    with RecordStore(settings.store_path) as store:
        kept = store.meta("pubmed_manifest")
    return json.loads(kept) if kept else None


def enrich_summary(manifest: dict) -> dict:
    """The few figures a user wants after an enrichment run."""
    keys = ("works_with_pmid", "asked", "already_held", "found", "with_abstract", "missing", "doi_lookups",
            "store", "requests", "retries", "rate_limit")
    return {k: manifest[k] for k in keys}


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
    """An iterator that counts what passes through it (and moves a progress bar)."""

    def __init__(self, items, bar=None):
        self.items, self.count, self.bar = iter(items), 0, bar

    def __iter__(self):
        for item in self.items:
            self.count += 1
            if self.bar is not None:
                self.bar.update(1)
            yield item


def _pubmed(rows) -> list:
    """PubMed records from the store's rows, read again from the raw XML when the reader changed."""
    from kg.pubmed import PARSER_VERSION, PubmedRecord, parse_fragments

    out, stale = [], []
    for _pmid, xml, record, parser in rows:
        if parser == PARSER_VERSION:
            out.append(PubmedRecord.from_dict(record))
        else:
            stale.append(xml.encode("utf-8"))
    for start in range(0, len(stale), 500):
        out.extend(parse_fragments(stale[start:start + 500]))
    return out


def build_from_store(settings: Settings, *, quiet: bool = True) -> tuple[nx.MultiDiGraph, dict]:
    """Build the graph from the record store at ``settings.store_path``; save it to ``settings.graph_dir``.

    The latest run's manifest gives the seed map and whether the records are synthetic.

    Returns
    -------
    (networkx.MultiDiGraph, dict)
        The graph and the manifest saved with it.

    With ``quiet=False`` a bar on a terminal shows the records read.

    Raises
    ------
    kg.errors.StoreInUse
        An ingest is writing the store (the error names its pid): a graph built now would be partial.
    kg.errors.StoreError
        No record store (or an unreadable one, the message says how to point at another data
        folder), or the graph cannot be saved.
    """
    from acukg.data import reading_store
    from ingest.pubmed_store import records as pubmed_records
    from ingest.seeds import bibliography_entries
    from ingest.store import RecordStore
    from kg.build import build_graph
    from kg.claims import articles
    from kg.store import save

    with reading_store(settings), RecordStore(settings.store_path) as store, \
            _bar(quiet, desc="build", unit="work", total=store.count()) as bar:
        manifests = store.manifests()
        latest = store.latest_manifest() or {}
        records = _Counted(store.works(), bar)
        pubmed = _pubmed(pubmed_records(store))
        G = build_graph(
            records,
            hops=store.hops(),
            seed_map=latest.get("seed_map") or {},
            articles=articles(bibliography_entries()),
            synthetic=bool(latest.get("synthetic")),
            built_at=datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            pubmed=pubmed,
        )
    inputs = {
        "records": records.count,
        "pubmed_records": len(pubmed),
        "store": str(settings.store_path),
        "run_ids": [m["run_id"] for m in manifests if m.get("run_id")],
    }
    manifest = save(G, settings.graph_dir, inputs=inputs)
    log.debug("built graph from %d records into %s", records.count, settings.graph_dir)
    return G, manifest
