"""``acukg view``: write one interactive view, the plots or the whole report from the saved graph."""

from __future__ import annotations

from pathlib import Path

import click

from acukg.cli.common import data_option, quiet_option, settings_for

out_option = click.option(
    "--out", "out", type=click.Path(path_type=Path), default=None,
    help="Where to write (default: in DATA/report/).",
)
max_nodes_option = click.option(
    "--max-nodes", type=click.IntRange(min=1), default=500, show_default=True,
    help="Most nodes to draw; the rest are left out with a note.",
)


@click.group("view")
def view():
    """Write an interactive HTML view, the plots, or the report (into DATA/report/ by default)."""


def _load(data_dir):
    from acukg.data import load_graph

    settings = settings_for(data_dir)
    return settings, load_graph(settings)


def _write(data_dir, out, quiet, name, default_name, **options):
    settings, G = _load(data_dir)
    _write_loaded(settings, G, out, quiet, name, default_name, **options)


def _write_loaded(settings, G, out, quiet, name, default_name, **options):
    from kg.views import write_html

    path = write_html(G, name, out or settings.report_dir / default_name, **options)
    if G.graph.get("synthetic") and not quiet:
        click.echo("Synthetic data: this view was built from the stand-in corpus, not OpenAlex.")
    click.echo(f"Wrote {path}")


@view.command("evidence")
@data_option
@out_option
@click.option("--min-studies", type=click.IntRange(min=1), default=1, show_default=True,
              help="Draw only associations backed by at least this many studies.")
@click.option("--max-edges", type=click.IntRange(min=1), default=300, show_default=True,
              help="Most associations to draw (the strongest); a note says what was left out.")
@quiet_option
def evidence(data_dir, out, min_studies, max_edges, quiet):
    """The evidence map: interventions and acupoints, mechanisms, conditions in columns, left
    to right; edges by studies and direction."""
    _write(data_dir, out, quiet, "evidence", "evidence.html", min_studies=min_studies,
           max_edges=max_edges)


@view.command("citations")
@data_option
@out_option
@max_nodes_option
@quiet_option
def citations(data_dir, out, max_nodes, quiet):
    """The citation network: works by design, sized by citations, seeds marked."""
    _write(data_dir, out, quiet, "citations", "citations.html", max_nodes=max_nodes)


@view.command("ego")
@click.argument("target")
@data_option
@out_option
@click.option("--radius", type=click.IntRange(min=1), default=1, show_default=True,
              help="Steps from TARGET to include.")
@max_nodes_option
@quiet_option
def ego(target, data_dir, out, radius, max_nodes, quiet):
    """The neighbourhood of TARGET: a work (W…) or a concept (BDNF, "sciatic nerve injury")."""
    import re

    from kg.resolve import node as resolve_node

    settings, G = _load(data_dir)
    center = resolve_node(G, target)
    slug = re.sub(r"[^A-Za-z0-9]+", "-", center.split(":", 1)[-1]).strip("-").lower() or "node"
    _write_loaded(settings, G, out, quiet, "ego", f"ego-{slug}.html",
                  center=center, radius=radius, max_nodes=max_nodes)


@view.command("claims")
@data_option
@out_option
@max_nodes_option
@quiet_option
def claims(data_dir, out, max_nodes, quiet):
    """The claims view: practitioner articles, their claims coloured by verdict, supporting and
    contradicting works."""
    from acukg import claims as audit

    settings, G = _load(data_dir)
    _write_loaded(settings, G, out, quiet, "claims", "claims.html", max_nodes=max_nodes,
                  verdicts=audit.verdicts(audit.audit(G)))


@view.command("plots")
@data_option
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the PNG and SVG files (default: DATA/report/plots/).")
@quiet_option
def plots(data_dir, out, quiet):
    """The plots (PNG and SVG): evidence heatmap, works per year, design × species."""
    from kg.views import write_plots

    settings, G = _load(data_dir)
    written = write_plots(G, out or settings.report_dir / "plots")
    for paths in written.values():
        for path in paths:
            click.echo(f"Wrote {path}")


@view.command("report")
@data_option
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Report folder (default: DATA/report/).")
@max_nodes_option
@quiet_option
def report(data_dir, out, max_nodes, quiet):
    """The run report: index.html linking every view and plot, with the claims audit."""
    from kg.store import read_manifest
    from acukg.report import write_report

    settings, G = _load(data_dir)
    ingest_manifest, written = None, []
    if settings.store_path.exists():
        from acukg.data import reading_store
        from ingest.store import RecordStore

        with reading_store(settings), RecordStore(settings.store_path) as store:
            ingest_manifest = store.latest_manifest()
    index = write_report(G, out or settings.report_dir, ingest_manifest=ingest_manifest,
                         build_manifest=read_manifest(settings.graph_dir), max_nodes=max_nodes,
                         wrote=written.append)
    if G.graph.get("synthetic") and not quiet:
        click.echo("Synthetic data: this report was built from the stand-in corpus, not OpenAlex.")
    for path in written if not quiet else [index]:
        click.echo(f"Wrote {path}")


@view.command("screenshot")
@click.argument("page", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The PNG to write.")
@click.option("--width", type=click.IntRange(min=200), default=1400, show_default=True)
@click.option("--height", type=click.IntRange(min=200), default=900, show_default=True)
def screenshot(page, out, width, height):
    """A PNG of PAGE (a view or the report) in headless Chromium, offline, once laid out."""
    from kg.views.browser import Chromium

    with Chromium(width=width, height=height) as browser:
        tab = browser.open(page)
        tab.wait_for("!window.acukg || window.acukg.stabilized", timeout=60)
        browser.pump(0.3)
        tab.screenshot(out)
    click.echo(f"Wrote {out}")
