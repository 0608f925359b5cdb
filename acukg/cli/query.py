"""``acukg query``: answer a research question about the saved graph as a table.

Each subcommand loads the graph from ``DATA/graph`` and calls one :mod:`queries` helper; the
result prints as a readable table, or as CSV, JSON or Markdown with ``--format``.
"""

from __future__ import annotations

import functools
import json
import math

import click
import pandas as pd

from acukg.cli.common import data_option, settings_for
from kg.model import CONCEPT_KINDS, DESIGNS, SPECIES

FORMATS = ("table", "csv", "json", "markdown")
#: Widest a text cell may print in the table format (sentences and titles are cut to it).
MAX_CELL = 60


def _cell(value):
    """A value as a scalar for output: lists joined by "; ", missing values as None."""
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def _flat(df):
    """The DataFrame with its index as columns (for the matrix) and scalar cells only."""
    if not isinstance(df.index, pd.RangeIndex):
        df = df.reset_index()
    df.columns = [str(c) for c in df.columns]
    return df.astype(object).map(_cell) if len(df) else df


def markdown(df) -> str:
    """A GitHub Markdown table of a flat DataFrame (``|`` in cells escaped)."""

    def text(value):
        value = _cell(value)
        return "" if value is None else str(value).replace("|", "\\|").replace("\n", " ")

    lines = [
        "| " + " | ".join(text(c) for c in df.columns) + " |",
        "|" + "|".join("---" for _ in df.columns) + "|",
    ]
    lines += ["| " + " | ".join(text(v) for v in row) + " |" for row in df.itertuples(index=False)]
    return "\n".join(lines)


def render(df, fmt: str) -> str:
    """The text ``acukg query`` prints for a result in format ``fmt``."""
    flat = _flat(df.copy())
    if fmt == "csv":
        return flat.to_csv(index=False).rstrip("\n")
    if fmt == "json":
        return json.dumps(flat.to_dict(orient="records"), ensure_ascii=False, indent=1)
    if fmt == "markdown":
        return markdown(flat)
    if flat.empty:
        return "(no rows)" if not len(flat.columns) else f"(no rows; columns: {', '.join(flat.columns)})"
    return flat.to_string(index=False, max_colwidth=MAX_CELL, na_rep="")


def output_options(command):
    """``--data``, ``--format``, ``--limit`` and ``--columns``; loads the graph and prints what the command returns."""

    @data_option
    @click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
    @click.option("--limit", type=click.IntRange(min=0), default=None, help="Print at most N rows.")
    @click.option("--columns", default=None, help="Print only these columns (comma-separated).")
    @functools.wraps(command)
    def wrapper(data_dir, fmt, limit, columns, **kwargs):
        import kg

        settings = settings_for(data_dir)
        G = kg.load(settings.graph_dir)
        df = command(G, **kwargs)
        if columns:
            wanted = [c.strip() for c in columns.split(",") if c.strip()]
            unknown = [c for c in wanted if c not in df.columns]
            if unknown:
                raise click.BadParameter(
                    f"no column {', '.join(unknown)}; the columns are {', '.join(map(str, df.columns))}",
                    param_hint="--columns",
                )
            df = df[wanted]
        if limit is not None:
            df = df.head(limit)
        if G.graph.get("synthetic"):
            note = "Synthetic data: built from the stand-in corpus, not real studies."
            click.echo(note, err=fmt != "table")
        click.echo(render(df, fmt))

    return wrapper


@click.group("query")
def query():
    """Answer a research question about the saved graph as a table."""


@query.command("evidence")
@click.option("--mechanism", "-m", help="Mentions of this mechanism (label, synonym or id).")
@click.option("--condition", "-c", help="Only works that mention this condition.")
@click.option("--intervention", "-i", help="Only works that mention this intervention or acupoint.")
@click.option("--design", multiple=True, type=click.Choice(DESIGNS), help="Study design (repeatable).")
@click.option("--species", multiple=True, type=click.Choice((*SPECIES, "animal")), help="Species; 'animal' = any non-human (repeatable).")
@click.option("--since", type=int, help="Earliest publication year.")
@output_options
def evidence_cmd(G, mechanism, condition, intervention, design, species, since):
    """The mentions (with their sentences and studies) that bear on a question."""
    from queries.findings import evidence

    return evidence(
        G,
        mechanism=mechanism,
        condition=condition,
        intervention=intervention,
        design=list(design) or None,
        species=list(species) or None,
        since=since,
    )


@query.command("mechanisms")
@click.argument("condition")
@output_options
def mechanisms_cmd(G, condition):
    """Mechanisms studied in CONDITION, ranked by evidence score."""
    from queries.associations import mechanisms_for

    return mechanisms_for(G, condition)


@query.command("conditions")
@click.argument("mechanism")
@output_options
def conditions_cmd(G, mechanism):
    """Conditions MECHANISM is studied in, ranked by evidence score."""
    from queries.associations import conditions_for

    return conditions_for(G, mechanism)


@query.command("matrix")
@click.option("--rows", type=click.Choice(CONCEPT_KINDS), default="mechanism", show_default=True)
@click.option("--cols", type=click.Choice(CONCEPT_KINDS), default="condition", show_default=True)
@click.option("--value", type=click.Choice(("studies", "score")), default="studies", show_default=True)
@output_options
def matrix_cmd(G, rows, cols, value):
    """A concept-by-concept table of studies or evidence scores."""
    from queries.associations import evidence_matrix

    return evidence_matrix(G, rows=rows, cols=cols, value=value)


@query.command("claims")
@output_options
def claims_cmd(G):
    """Each practitioner claim against the literature, with a verdict."""
    from queries.claims import claims_audit

    return claims_audit(G)


@query.command("chains")
@click.argument("intervention")
@click.argument("condition")
@click.option("--max-len", type=click.IntRange(2, 3), default=3, show_default=True, help="Hops per path.")
@output_options
def chains_cmd(G, intervention, condition, max_len):
    """Paths INTERVENTION → mechanism(s) → CONDITION, ranked by their weakest hop."""
    from queries.associations import chains

    return chains(G, intervention, condition, max_len=max_len)


@query.command("gaps")
@output_options
def gaps_cmd(G):
    """Mechanism–condition pairs with animal-only, single-study or contested evidence."""
    from queries.associations import gaps

    return gaps(G)


@query.command("timeline")
@click.argument("concept")
@output_options
def timeline_cmd(G, concept):
    """Studies mentioning CONCEPT per year, cumulative, human and animal."""
    from queries.findings import timeline

    return timeline(G, concept)


@query.command("references")
@click.argument("work")
@output_options
def references_cmd(G, work):
    """The works in the graph that WORK (W…, work:W… or OpenAlex URL) cites."""
    from queries.citations import references

    return references(G, work)


@query.command("cited-by")
@click.argument("work")
@output_options
def cited_by_cmd(G, work):
    """The works in the graph that cite WORK."""
    from queries.citations import cited_by

    return cited_by(G, work)


@query.command("most-cited")
@click.option("-n", type=click.IntRange(min=1), default=20, show_default=True)
@output_options
def most_cited_cmd(G, n):
    """The works most cited within the graph."""
    from queries.citations import most_cited

    return most_cited(G, n=n)


@query.command("central")
@click.option("-n", type=click.IntRange(min=1), default=20, show_default=True)
@output_options
def central_cmd(G, n):
    """The works of highest PageRank in the citation graph."""
    from queries.citations import central_works

    return central_works(G, n=n)


@query.command("cocited")
@click.option("-n", type=click.IntRange(min=1), default=20, show_default=True)
@click.option("--min-count", type=click.IntRange(min=1), default=2, show_default=True)
@output_options
def cocited_cmd(G, n, min_count):
    """Pairs of works most often cited together."""
    from queries.citations import co_cited

    return co_cited(G, n=n, min_count=min_count)


@query.command("coupled")
@click.option("-n", type=click.IntRange(min=1), default=20, show_default=True)
@click.option("--min-count", type=click.IntRange(min=1), default=2, show_default=True)
@output_options
def coupled_cmd(G, n, min_count):
    """Pairs of works sharing the most references (bibliographic coupling)."""
    from queries.citations import coupled

    return coupled(G, n=n, min_count=min_count)


@query.command("communities")
@click.option("--resolution", type=float, default=1.0, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--min-size", type=click.IntRange(min=1), default=2, show_default=True)
@output_options
def communities_cmd(G, resolution, seed, min_size):
    """Communities of the citation graph (Louvain), labelled by their main concepts."""
    from queries.citations import communities

    return communities(G, resolution=resolution, seed=seed, min_size=min_size)
