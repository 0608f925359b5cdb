"""``acukg ingest``: fetch the seed works and what they cite from OpenAlex into the record store."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from acukg.cli.common import data_option, quiet_option, settings_for


def quiet_logs(quiet: bool) -> None:
    """With ``--quiet``, only warnings and errors from the ingest job and the build reach
    stderr until the running command ends."""
    if not quiet:
        return
    loggers = [logging.getLogger(name) for name in ("ingest", "kg")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)

    def restore() -> None:
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)

    click.get_current_context().call_on_close(restore)


def format_summary(summary: dict) -> str:
    """The lines printed after an ingest run."""
    hops = ", ".join(f"hop {h}: {n}" for h, n in summary["hops"].items())
    credits = f", {summary['credits']} credits" if summary.get("credits") is not None else ""
    lines = [
        f"{summary['works']} works in {summary['store']} ({hops});"
        f" {summary['fetched']} fetched by this run",
        f"{summary['requests']} requests, {summary['retries']} retries{credits};"
        f" {summary['missing']} ids missing (reasons in the run manifest)",
    ]
    if summary.get("synthetic"):
        lines.append("The records are SYNTHETIC (loopback stand-in), not OpenAlex data.")
    return "\n".join(lines)


def format_offline(report: dict) -> str:
    """The lines printed by ``acukg ingest --offline``."""
    lines = [f"{report['works_in_store']} works in {report['store']}"
             + (" (synthetic)" if report["synthetic"] else "")]
    for hop, info in report["hops"].items():
        lines.append(f"hop {hop}: {info['planned']} planned, {info['held']} held, {info['missing']} missing,"
                     f" {info['not_in_store']} not in the store")
    if report["unresolved_seeds"]:
        lines.append("seeds not resolved from the store: " + ", ".join(report["unresolved_seeds"]))
    if report["complete"]:
        lines.append("The store holds everything this crawl needs.")
    else:
        absent = list(report["not_in_store"])
        more = f" and {len(absent) - 20} more" if len(absent) > 20 else ""
        lines.append(f"Not in the store: {', '.join(absent[:20])}{more}." if absent else "")
        lines.append("Run the same command without --offline to fetch them.")
    return "\n".join(line for line in lines if line)


def _recorded_seeds(store_path):
    """The seeds of the latest run in the store, if there is one."""
    from ingest.seeds import seeds_from_manifest
    from ingest.store import RecordStore

    if not store_path.exists():
        return None
    with RecordStore(store_path) as store:
        manifest = store.latest_manifest()
    return seeds_from_manifest(manifest["seeds"]) if manifest and manifest["seeds"].get("seeds") else None


@click.command("ingest")
@data_option
@click.option("--seeds", "seeds_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File of identifiers, one per line (DOI, pmid:N, OpenAlex W id; # comments)."
                   " Default: the works cited by the practitioner articles.")
@click.option("--depth", type=click.IntRange(min=0), default=2, show_default=True,
              help="Hops to follow over referenced_works from the seeds.")
@click.option("--max-works-per-hop", type=click.IntRange(min=1), default=None,
              help="Cap each hop, keeping the works cited by the most works already fetched.")
@click.option("--cited-by", is_flag=True, help="Also fetch the works that cite the seeds.")
@click.option("--offline", is_flag=True, help="Fetch nothing: report what the store holds and lacks.")
@quiet_option
def ingest(data_dir, seeds_file, depth, max_works_per_hop, cited_by, offline, quiet):
    """Fetch the seed works and what they cite from OpenAlex.

    Resumable: run the same command again after an interruption or a spent daily budget.
    Uses OPENALEX_API_KEY, OPENALEX_EMAIL, OPENALEX_URL and ACUKG_RATE_LIMIT if set.
    """
    from acukg.data import reading_store
    from ingest.job import IngestOptions, ingest as run_ingest
    from ingest.offline import offline_report
    from ingest.progress import Progress
    from ingest.seeds import default_seeds, read_seed_file
    from acukg.interrupt import resumable, works_saved
    from acukg.pipeline import check_seeds, ingest_summary

    quiet_logs(quiet)
    settings = settings_for(data_dir)
    seeds = read_seed_file(seeds_file) if seeds_file else default_seeds()
    options = IngestOptions(depth=depth, max_works_per_hop=max_works_per_hop, cited_by=cited_by)
    if offline:
        if seeds_file is None:  # the seeds of the crawl the store holds (the demo has its own)
            seeds = _recorded_seeds(settings.store_path) or seeds
        with reading_store(settings):
            click.echo(format_offline(offline_report(settings, seeds, options=options)))
        return
    progress = Progress(quiet=quiet)
    with resumable(works_saved(settings.store_path)):
        manifest = run_ingest(settings, seeds, options=options, progress=progress)
    progress.finish()
    click.echo(format_summary(ingest_summary(settings, manifest)))
    check_seeds(manifest, default_seeds=seeds_file is None)
