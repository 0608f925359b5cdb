"""``acukg run``: the main job (ingest, then build, views and report) against OpenAlex or the demo stand-in."""

from __future__ import annotations

from pathlib import Path

import click

from acukg.cli.common import data_option, quiet_option, settings_for


@click.command("run")
@click.option("--demo", is_flag=True,
              help="Serve a synthetic corpus on loopback and run against it (no internet needed).")
@data_option
@click.option("--works", type=click.IntRange(min=60), default=None,
              help="Works in the demo's synthetic corpus (with --demo; default 3000).")
@click.option("--depth", type=click.IntRange(min=0), default=2, show_default=True,
              help="Hops to follow over referenced_works from the seeds.")
@click.option("--seeds", "seeds_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File of identifiers to start from (not with --demo).")
@click.option("--no-pubmed", is_flag=True, help="Skip the PubMed enrichment stage (abstracts, MeSH, publication types).")
@quiet_option
def run(demo, data_dir, works, depth, seeds_file, no_pubmed, quiet):
    """Run the main job: ingest, PubMed enrichment, then build, views and report.

    Without --demo it uses the live OpenAlex API (OPENALEX_URL, OPENALEX_API_KEY, OPENALEX_EMAIL)
    and stops at once if it cannot be reached.
    """
    from acukg.cli.ingest import format_summary, quiet_logs
    from acukg.interrupt import resumable, works_saved
    from acukg.pipeline import DEMO_WORKS, run as run_pipeline

    if works is not None and not demo:
        raise click.UsageError("--works sets the size of the demo corpus: use it with --demo")
    if seeds_file is not None and demo:
        raise click.UsageError("--seeds cannot be used with --demo (the demo has its own seeds)")
    quiet_logs(quiet)
    settings = settings_for(data_dir)

    def on_stage(name: str, summary: dict) -> None:
        if name == "ingest":
            click.echo(format_summary(summary))
        elif name == "enrich" and "failed" in summary:
            click.echo("PubMed: not reached; the graph is built from the OpenAlex records (see the warning)")
        elif name == "enrich":
            from acukg.cli.enrich import format_summary as format_enrich

            click.echo(format_enrich(summary, str(settings.store_path)))
        elif name == "build":
            counts = summary["counts"]
            nodes, edges = sum(counts["nodes"].values()), sum(counts["edges"].values())
            click.echo(f"graph: {nodes:,} nodes, {edges:,} edges in {summary['graph']}")
        else:
            if not quiet:
                for path in summary["files"][:-1]:
                    click.echo(f"wrote {path}")
            click.echo(f"report: {summary['report']} (open it in a browser)")

    with resumable(works_saved(settings.store_path)):
        run_pipeline(settings, demo=demo, works=works or DEMO_WORKS, depth=depth, seeds_file=seeds_file,
                     quiet=quiet, on_stage=on_stage, pubmed=not no_pubmed)
