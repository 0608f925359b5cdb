"""The ``acukg`` command: a thin client of the library, one module per command.

Command modules are imported only when their command runs, so ``acukg --help`` stays fast
and one command's dependencies never slow another.
"""

from __future__ import annotations

import importlib
import logging
import sys

import click

from kg.errors import AcukgError

COMMANDS = {
    "ingest": ("acukg.cli.ingest", "ingest", "Fetch the seed works and what they cite from OpenAlex."),
    "enrich": ("acukg.cli.enrich", "enrich", "Fetch PubMed abstracts, MeSH and publication types."),
    "standin": ("acukg.cli.standin", "standin", "Serve a synthetic OpenAlex on loopback."),
    "build": ("acukg.cli.build", "build", "Build the graph from the record store."),
    "run": ("acukg.cli.run", "run", "The main job: ingest, PubMed enrichment, build, views and report."),
    "query": ("acukg.cli.query", "query", "Answer a research question as a table."),
    "view": ("acukg.cli.view", "view", "Write an interactive HTML view or plot."),
    "db": ("acukg.cli.db", "db", "Push to, pull from and export for graph databases."),
    "audit": ("acukg.cli.audit", "audit", "Check one article's claims against the works it cites."),
}


class LazyGroup(click.Group):
    """A click group whose subcommands are imported on first use."""

    def list_commands(self, ctx):
        return list(COMMANDS)

    def get_command(self, ctx, name):
        if name not in COMMANDS:
            return None
        module, attr, _ = COMMANDS[name]
        return getattr(importlib.import_module(module), attr)

    def format_commands(self, ctx, formatter):
        rows = [(name, help_) for name, (_, _, help_) in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup)
@click.version_option(package_name="acukg")
def cli():
    """acukg: what the literature on acupuncture and nerve repair really holds."""


def main(argv=None) -> None:
    """Entry point: library errors become one clear line on stderr and exit status 1."""
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    try:
        cli.main(args=argv, prog_name="acukg", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except AcukgError as exc:
        click.echo(f"acukg: error: {exc}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
