"""``acukg db``: push the saved graph to Neo4j or FalkorDB, pull it back, export CSVs for neo4j-admin."""

from __future__ import annotations

from pathlib import Path

import click

from acukg.cli.common import data_option, quiet_option, settings_for

backend_option = click.option(
    "--backend", type=click.Choice(["neo4j", "falkordb"]), required=True,
    help="Graph database: neo4j (NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE) "
         "or falkordb (FALKORDB_URL).")
graph_option = click.option(
    "--graph", "graph", default=None,
    help="FalkorDB graph name (default: acukg); for Neo4j, the database (default: NEO4J_DATABASE "
         "or the server's home database).")
uri_option = click.option(
    "--uri", default=None, help="Server URI, overriding NEO4J_URI / FALKORDB_URL (no password in it).")


def _open(settings, backend: str, graph: str | None, uri: str | None):
    from kg.backends import open_backend

    options = {"graph": graph}
    if uri:
        options["uri" if backend == "neo4j" else "url"] = uri
    return open_backend(settings, backend, **options)


def _tty() -> bool:
    """Whether progress bars may be drawn: only on a terminal."""
    import sys

    return sys.stderr.isatty()


@click.group("db")
def db():
    """Push to, pull from and export for graph databases."""


@db.command("push")
@backend_option
@data_option
@click.option("--batch-size", type=click.IntRange(min=1), default=5000, show_default=True,
              help="Rows per UNWIND … MERGE statement.")
@graph_option
@uri_option
@quiet_option
def push(backend, data_dir, batch_size, graph, uri, quiet):
    """Push the saved graph (DATA/graph) to a graph database: schema first, then batched MERGEs.

    Safe to repeat: pushing the same graph twice leaves the same counts, a newer graph updates
    properties and adds what is new, and a push that failed midway completes when rerun.
    """
    from acukg.data import load_graph
    from acukg.interrupt import resumable

    settings = settings_for(data_dir)
    G = load_graph(settings)
    with _open(settings, backend, graph, uri) as database:
        where = database.where
        with resumable(lambda: f"the batches sent so far are saved in {backend} at {where}"):
            report = database.save_graph(G, batch_size=batch_size, progress=not quiet and _tty())
    click.echo(f"pushed {report['nodes']} nodes and {report['relationships']} relationships to "
               f"{backend} at {where} in {report['batches']} batches ({report['seconds']:.1f} s)")


@db.command("pull")
@backend_option
@data_option
@graph_option
@uri_option
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Graph directory to save to (default: DATA/graph, replaced as a whole).")
@quiet_option
def pull(backend, data_dir, graph, uri, out, quiet):
    """Read the graph back from a graph database and save it as a graph directory."""
    from kg.store import save

    settings = settings_for(data_dir)
    with _open(settings, backend, graph, uri) as database:
        G = database.load_graph()
    target = out or settings.graph_dir
    save(G, target)
    click.echo(f"pulled {G.number_of_nodes()} nodes and {G.number_of_edges()} relationships "
               f"into {target}")


@db.command("export-csv")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@data_option
@quiet_option
def export_csv(directory, data_dir, quiet):
    """Write the saved graph as CSV files for neo4j-admin database import full into DIRECTORY
    (with README.txt holding the exact import command)."""
    from acukg.data import load_graph
    from kg.backends.csv_export import export_csv as export

    settings = settings_for(data_dir)
    files = export(load_graph(settings), directory)
    if not quiet:
        for path in files:
            click.echo(str(path))
    click.echo(f"wrote {len(files)} files to {directory}; import command in {directory / 'README.txt'}")
