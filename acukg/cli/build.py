"""``acukg build``: build the graph from the record store and save it (Parquet + manifest)."""

from __future__ import annotations

import click

from acukg.cli.common import data_option, quiet_option, settings_for


@click.command("build")
@data_option
@quiet_option
def build(data_dir, quiet):
    """Build the graph from the record store in the data directory and save it to DATA/graph."""
    from acukg.pipeline import build_from_store

    settings = settings_for(data_dir)
    G, manifest = build_from_store(settings, quiet=quiet)
    counts = manifest["counts"]
    if not quiet:
        if manifest["synthetic"]:
            click.echo("Synthetic data: this graph was built from the stand-in corpus, not OpenAlex.")
        click.echo(f"Records read: {manifest['inputs']['records']}")
        for kind, n in counts["nodes"].items():
            click.echo(f"  nodes {kind:<14} {n:>9}")
        for type_, n in counts["edges"].items():
            click.echo(f"  edges {type_:<14} {n:>9}")
        click.echo(f"  dangling references {G.graph['dangling_references']:>5}")
    click.echo(
        f"Graph saved to {settings.graph_dir}: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges."
    )
