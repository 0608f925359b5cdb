"""``acukg audit ARTICLE``: check what one article claims against the works it cites."""

from __future__ import annotations

from pathlib import Path

import click

from acukg.cli.common import data_option, quiet_option, settings_for


@click.command("audit")
@click.argument("article", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@data_option
@click.option("--demo", is_flag=True,
              help="Use the demo's synthetic stand-in instead of OpenAlex (real DOIs map to their stand-ins).")
@click.option("--works", type=click.IntRange(min=100), default=None,
              help="Works in the demo's synthetic corpus (with --demo; default 3000).")
@click.option("--depth", type=click.IntRange(min=0), default=1, show_default=True,
              help="Hops of references to fetch beyond the cited works.")
@quiet_option
def audit(article, data_dir, demo, works, depth, quiet):
    """Read ARTICLE (a text, Markdown or saved HTML file) for its claims and references, fetch
    the works it cites and theirs into the record store, and write an audit page and table
    (DATA/audit/<article>/index.html and claims.csv).

    Without --demo it uses the live OpenAlex API (OPENALEX_URL, OPENALEX_API_KEY, OPENALEX_EMAIL)."""
    from acukg.audit import audit as run_audit

    if works is not None and not demo:
        raise click.UsageError("--works sets the size of the demo corpus: use it with --demo")
    summary = run_audit(settings_for(data_dir), article, demo=demo, works=works, depth=depth, quiet=quiet)
    if summary["synthetic"] and not quiet:
        click.echo("Synthetic data: the works come from the stand-in corpus, not OpenAlex.")
    verdicts = ", ".join(f"{k.replace('_', ' ')} {n}" for k, n in summary["verdicts"].items()) or "none"
    click.echo(f"{summary['claims']} claims ({verdicts}); {summary['resolved']} of "
               f"{summary['references']} references resolved")
    click.echo(f"audit: {summary['page']}")
    click.echo(f"table: {summary['table']}")
