"""The main job, as a short sequence of stage calls: ingest, build, then views and the report.

``run(settings)`` works against OpenAlex (or any URL in ``settings.openalex_url``);
``run(settings, demo=True)`` starts the loopback stand-in in-process and runs the very same
stages against it through the same transport, recording that the data are synthetic.
"""

from __future__ import annotations

from pathlib import Path

from kg.settings import Settings

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
    >>> summary = run(Settings(data_dir=tmp), demo=True, works=400)   # doctest: +SKIP
    >>> summary["synthetic"], summary["ingest"]["works"] > 0
    (True, True)
    """
    from ingest.job import IngestOptions
    from ingest.progress import Progress
    from kg.stages import build_from_store
    from kg.views import write_report

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
