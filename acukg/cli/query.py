"""``acukg query``: answer a research question about the saved graph as a table.

Each subcommand loads the graph from ``DATA/graph`` and calls one :mod:`queries` helper; the
result prints as a table fitted to the terminal, or as CSV, JSON, JSON Lines, Parquet or Markdown
with ``--format`` (:mod:`acukg.tables`).
"""

from __future__ import annotations

import functools
from pathlib import Path

import click

from acukg import tables
from acukg.cli.common import data_option, settings_for
from acukg.data import load_graph
from kg.model import CONCEPT_KINDS, DESIGNS, SPECIES
from queries import citations as citation_cols, findings as finding_cols, shaping
from queries.associations import GAP_COLUMNS

ASSOCIATION_SHOWN = ["label", "score", "studies", "human", "animal", "best_design", "direction",
                     "first_year", "last_year"]
WORK_SHOWN = ["work", "title", "year", "design", "species", "citations"]


LIMIT_HELP = (f"Print at most N rows (0: all). Default: {tables.DEFAULT_LIMIT} in a table, all in the"
              " other formats.")


def output_options(columns=None, shown=None):
    """``--data``, ``--format``, ``--limit``, ``--columns`` and ``--out`` for a query command.

    ``columns`` are the columns of the command's table (listed in ``--help``); ``shown`` are the
    ones a table prints unless ``--columns`` says otherwise (``--columns all`` prints every one).
    The wrapped command takes the graph and returns a DataFrame.
    """

    def decorate(command):
        doc = command.__doc__ or ""
        if columns:
            doc += "\n\nColumns: " + ", ".join(columns) + "."
            if shown:
                doc += "\n\nIn a table by default: " + ", ".join(shown) + " (--columns all for every one)."

        @data_option
        @click.option("--format", "fmt", type=click.Choice(tables.FORMATS), default="table", show_default=True,
                      help="table: fitted to the terminal (COLUMNS; 100 when not a terminal);"
                           " json and jsonl are strict (missing values are null).")
        @click.option("--limit", type=click.IntRange(min=0), default=None, help=LIMIT_HELP)
        @click.option("--columns", default=None, help="Print only these columns (comma-separated), or 'all'.")
        @click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
                      help="Write to this file instead of standard output (needed for parquet on a terminal).")
        @functools.wraps(command)
        def wrapper(data_dir, fmt, limit, columns, out, **kwargs):
            settings = settings_for(data_dir)
            G = load_graph(settings)
            df = command(G, **kwargs)
            df = _select(df, columns, shown if fmt == "table" else None)
            if limit is None:
                limit = tables.DEFAULT_LIMIT if fmt == "table" and out is None else 0
            hidden = max(len(df) - limit, 0) if limit else 0
            if hidden:
                df = df.head(limit)
            if G.graph.get("synthetic"):
                click.echo(tables.note("Synthetic data: built from the stand-in corpus, not real studies."),
                           err=fmt != "table" or out is not None)
            _emit(tables.render(df, fmt), out, fmt)
            if hidden:
                click.echo(tables.more_rows(hidden), err=fmt != "table" or out is not None)

        wrapper.__doc__ = doc
        return wrapper

    return decorate


def _select(df, columns, shown):
    """The columns asked for (``--columns``), else the table's default ones."""
    if columns and columns.strip() != "all":
        wanted = [c.strip() for c in columns.split(",") if c.strip()]
        unknown = [c for c in wanted if c not in df.columns]
        if unknown:
            raise click.BadParameter(
                f"no column {', '.join(unknown)}; the columns are {', '.join(map(str, df.columns))}",
                param_hint="--columns",
            )
        return df[wanted]
    if columns is None and shown:
        present = [c for c in shown if c in df.columns]
        return df[present] if present else df
    return df


def _emit(result, out: Path | None, fmt: str) -> None:
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(result, bytes):
            out.write_bytes(result)
        else:
            out.write_text(result + "\n", encoding="utf-8")
        click.echo(f"wrote {out}", err=True)
    elif isinstance(result, bytes):
        stream = click.get_binary_stream("stdout")
        if stream.isatty():
            raise click.UsageError("parquet is binary: give --out FILE or redirect the output to a file")
        stream.write(result)
        stream.flush()
    else:
        click.echo(result)


exact_option = click.option("--exact", is_flag=True,
                            help="Match the concepts named only, not the narrower ones under them.")


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
@exact_option
@output_options(list(shaping.EVIDENCE_COLUMNS),
                ["work", "year", "design", "species", "concept", "via", "direction", "negated", "sentence"])
def evidence_cmd(G, mechanism, condition, intervention, design, species, since, exact):
    """The mentions (with their sentences and studies) that bear on a question; concepts
    include the narrower ones (column via) unless --exact."""
    from queries.findings import evidence

    return evidence(
        G,
        mechanism=mechanism,
        condition=condition,
        intervention=intervention,
        design=list(design) or None,
        species=list(species) or None,
        since=since,
        exact=exact,
    )


@query.command("mechanisms")
@click.argument("condition")
@exact_option
@output_options(list(shaping.association_columns("mechanism")), [*ASSOCIATION_SHOWN, "via"])
def mechanisms_cmd(G, condition, exact):
    """Mechanisms studied in CONDITION (or a narrower condition unless --exact), ranked by
    evidence score."""
    from queries.associations import mechanisms_for

    return mechanisms_for(G, condition, exact=exact)


@query.command("conditions")
@click.argument("mechanism")
@exact_option
@output_options(list(shaping.association_columns("condition")), [*ASSOCIATION_SHOWN, "via"])
def conditions_cmd(G, mechanism, exact):
    """Conditions MECHANISM (or a narrower mechanism unless --exact) is studied in, ranked by
    evidence score."""
    from queries.associations import conditions_for

    return conditions_for(G, mechanism, exact=exact)


@query.command("matrix")
@click.option("--rows", type=click.Choice(CONCEPT_KINDS), default="mechanism", show_default=True)
@click.option("--cols", type=click.Choice(CONCEPT_KINDS), default="condition", show_default=True)
@click.option("--value", type=click.Choice(("studies", "score")), default="studies", show_default=True)
@output_options()
def matrix_cmd(G, rows, cols, value):
    """A concept-by-concept table of studies or evidence scores."""
    from queries.associations import evidence_matrix

    return evidence_matrix(G, rows=rows, cols=cols, value=value)


@query.command("claims")
@output_options(list(shaping.CLAIM_COLUMNS), ["verdict", "n_on_point", "n_mention_object", "text"])
def claims_cmd(G):
    """Each practitioner claim against the literature: its verdict, the works on point (object,
    context and intervention together) against those mentioning the object anywhere, and the
    whole claim."""
    from queries.claims import claims_audit

    return claims_audit(G)


@query.command("chains")
@click.argument("intervention")
@click.argument("condition")
@click.option("--max-len", type=click.IntRange(2, 3), default=3, show_default=True, help="Hops per path.")
@output_options(list(shaping.CHAIN_COLUMNS), ["path", "hop_studies", "weakest_score"])
def chains_cmd(G, intervention, condition, max_len):
    """Paths INTERVENTION → mechanism(s) → CONDITION, ranked by their weakest hop."""
    from queries.associations import chains

    return chains(G, intervention, condition, max_len=max_len)


@query.command("gaps")
@output_options(list(GAP_COLUMNS), ["mechanism_label", "condition_label", "studies", "human", "animal",
                                    "direction", "score", "reasons"])
def gaps_cmd(G):
    """Mechanism–condition pairs with animal-only, single-study or contested evidence."""
    from queries.associations import gaps

    return gaps(G)


@query.command("timeline")
@click.argument("concept")
@output_options(list(finding_cols.TIMELINE_COLUMNS))
def timeline_cmd(G, concept):
    """Studies mentioning CONCEPT per year, cumulative, human and animal."""
    from queries.findings import timeline

    return timeline(G, concept)


@query.command("references")
@click.argument("work")
@output_options(list(shaping.WORK_TABLE_COLUMNS), WORK_SHOWN)
def references_cmd(G, work):
    """The works in the graph that WORK (W…, work:W… or OpenAlex URL) cites."""
    from queries.citations import references

    return references(G, work)


@query.command("cited-by")
@click.argument("work")
@output_options(list(shaping.WORK_TABLE_COLUMNS), WORK_SHOWN)
def cited_by_cmd(G, work):
    """The works in the graph that cite WORK."""
    from queries.citations import cited_by

    return cited_by(G, work)


@query.command("most-cited")
@click.option("-n", type=click.IntRange(min=1), default=20, show_default=True)
@output_options(list(shaping.WORK_TABLE_COLUMNS), WORK_SHOWN)
def most_cited_cmd(G, n):
    """The works most cited within the graph."""
    from queries.citations import most_cited

    return most_cited(G, n=n)


@query.command("central")
@click.option("-n", type=click.IntRange(min=1), default=20, show_default=True)
@output_options(list(citation_cols.CENTRAL_COLUMNS), WORK_SHOWN + ["pagerank"])
def central_cmd(G, n):
    """The works of highest PageRank in the citation graph."""
    from queries.citations import central_works

    return central_works(G, n=n)


@query.command("cocited")
@click.option("-n", type=click.IntRange(min=1), default=20, show_default=True)
@click.option("--min-count", type=click.IntRange(min=1), default=2, show_default=True)
@output_options(list(citation_cols.PAIR_COLUMNS))
def cocited_cmd(G, n, min_count):
    """Pairs of works most often cited together."""
    from queries.citations import co_cited

    return co_cited(G, n=n, min_count=min_count)


@query.command("coupled")
@click.option("-n", type=click.IntRange(min=1), default=20, show_default=True)
@click.option("--min-count", type=click.IntRange(min=1), default=2, show_default=True)
@output_options(list(citation_cols.PAIR_COLUMNS))
def coupled_cmd(G, n, min_count):
    """Pairs of works sharing the most references (bibliographic coupling)."""
    from queries.citations import coupled

    return coupled(G, n=n, min_count=min_count)


@query.command("communities")
@click.option("--resolution", type=float, default=1.0, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--min-size", type=click.IntRange(min=1), default=2, show_default=True)
@output_options(list(citation_cols.COMMUNITY_COLUMNS))
def communities_cmd(G, resolution, seed, min_size):
    """Communities of the citation graph (Louvain), labelled by their main concepts."""
    from queries.citations import communities

    return communities(G, resolution=resolution, seed=seed, min_size=min_size)
