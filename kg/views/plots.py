"""Static figures of the graph (matplotlib, Agg): the tables they plot, and thin drawing functions.

The ``*_table`` functions are pure (graph in, DataFrame out) and are what tests check; the
``draw_*`` functions only draw a table; :func:`write_plots` writes every figure as PNG and SVG.
No pyplot: each figure is its own ``Figure`` on an Agg canvas, so nothing global changes.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import pandas as pd
from matplotlib.ticker import MaxNLocator

from kg.model import DESIGNS, SPECIES
from kg.views import style

PLOTS = ("evidence_heatmap", "studies_per_year", "design_species")
FORMATS = ("png", "svg")


# ---------------------------------------------------------------------------------------
# Tables (pure)


def evidence_heatmap_table(G, *, top: int = 20) -> pd.DataFrame:
    """Studies behind each mechanism -> condition association, mechanisms × conditions.

    Rows and columns are concept labels, the ``top`` mechanisms and conditions with the most
    studies, sorted by total (then label); cells count studies (0 where none).

    >>> import networkx as nx
    >>> evidence_heatmap_table(nx.MultiDiGraph()).shape
    (0, 0)
    """
    cells: dict[tuple[str, str], int] = {}
    for u, v, d in G.edges(data=True):
        if d.get("type") != "ASSOCIATED_WITH":
            continue
        if G.nodes[u].get("kind") == "mechanism" and G.nodes[v].get("kind") == "condition":
            key = (_label(G, u), _label(G, v))
            cells[key] = cells.get(key, 0) + d.get("studies", 0)
    if not cells:
        return pd.DataFrame(dtype=int)
    table = pd.Series(cells).unstack(fill_value=0).astype(int)
    row_sums, col_sums = table.sum(axis=1), table.sum(axis=0)
    rows = sorted(table.index, key=lambda r: (-row_sums[r], r))[:top]
    cols = sorted(table.columns, key=lambda c: (-col_sums[c], c))[:top]
    table = table.loc[rows, cols]
    table.index.name, table.columns.name = "mechanism", "condition"
    return table


def studies_per_year_table(G, *, top: int = 6) -> pd.DataFrame:
    """Works per publication year mentioning each of the ``top`` most studied mechanisms.

    Index: every year from the first to the last such work (0 where none); columns: mechanism
    labels, most works first. Negated mentions count (a null finding is still a study of it).
    """
    works_of = defaultdict(set)
    for u, v, d in G.edges(data=True):
        if d.get("type") == "MENTIONS" and G.nodes[v].get("kind") == "mechanism":
            if G.nodes[u].get("year") is not None:
                works_of[v].add(u)
    ranked = sorted(works_of, key=lambda c: (-len(works_of[c]), _label(G, c)))[:top]
    if not ranked:
        return pd.DataFrame(dtype=int)
    counts = {
        _label(G, c): Counter(int(G.nodes[w]["year"]) for w in works_of[c]) for c in ranked
    }
    years = [y for cnt in counts.values() for y in cnt]
    index = pd.RangeIndex(min(years), max(years) + 1, name="year")
    table = pd.DataFrame({m: [cnt.get(y, 0) for y in index] for m, cnt in counts.items()}, index=index)
    table.columns.name = "mechanism"
    return table


def design_species_table(G) -> pd.DataFrame:
    """Works by study design (rows, evidence ladder order) and species (columns).

    Unknown values are counted under "unknown"; rows and columns with no works are dropped.
    """
    counts = Counter(
        (a.get("design") or "unknown", a.get("species") or "unknown")
        for _, a in G.nodes(data=True)
        if a.get("kind") == "work"
    )
    if not counts:
        return pd.DataFrame(dtype=int)
    designs = [d for d in (*DESIGNS, "unknown") if any(k[0] == d for k in counts)]
    designs += sorted({k[0] for k in counts} - set(designs))
    species = [s for s in (*SPECIES, "unknown") if any(k[1] == s for k in counts)]
    species += sorted({k[1] for k in counts} - set(species))
    table = pd.DataFrame(
        [[counts.get((d, s), 0) for s in species] for d in designs], index=designs, columns=species
    )
    table.index.name, table.columns.name = "design", "species"
    return table


# ---------------------------------------------------------------------------------------
# Drawing (thin)


def draw_evidence_heatmap(table: pd.DataFrame, synthetic: bool = False):
    """A heatmap figure of :func:`evidence_heatmap_table`."""
    fig, ax = _figure(max(7.0, 0.45 * len(table.columns) + 5), max(4.5, 0.35 * len(table) + 2.5))
    if table.empty:
        _empty(ax, "No mechanism–condition associations in this graph.")
    else:
        im = ax.imshow(table.values, cmap="YlGnBu", aspect="auto")
        ax.set_xticks(range(len(table.columns)), labels=list(table.columns), rotation=45, ha="right")
        ax.set_yticks(range(len(table.index)), labels=list(table.index))
        high = table.values.max()
        for i in range(table.shape[0]):
            for j in range(table.shape[1]):
                value = int(table.iat[i, j])
                if value:
                    ax.text(j, i, str(value), ha="center", va="center", fontsize=7,
                            color="white" if value > high / 2 else "black")
        bar = fig.colorbar(im, ax=ax, label="studies")
        bar.locator = MaxNLocator(integer=True)
        bar.update_ticks()
    ax.set_title(_title("Studies per mechanism and condition", synthetic))
    return fig


def draw_studies_per_year(table: pd.DataFrame, synthetic: bool = False):
    """A line chart of :func:`studies_per_year_table`."""
    fig, ax = _figure(9, 4.5)
    if table.empty:
        _empty(ax, "No dated works mention a mechanism.")
    else:
        for column in table.columns:
            ax.plot(table.index, table[column], marker="o", markersize=3, label=column)
        ax.set_xlabel("publication year")
        ax.set_ylabel("works")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.legend(fontsize=8, frameon=False)
        ax.grid(alpha=0.3)
    ax.set_title(_title("Works per year on the most studied mechanisms", synthetic))
    return fig


def draw_design_species(table: pd.DataFrame, synthetic: bool = False):
    """A stacked bar chart of :func:`design_species_table`."""
    fig, ax = _figure(9, 4.5)
    if table.empty:
        _empty(ax, "No works in this graph.")
    else:
        bottom = pd.Series(0, index=table.index)
        for species in table.columns:
            ax.bar([style.DESIGN_LABELS.get(d, d) for d in table.index], table[species],
                   bottom=bottom, label=species)
            bottom = bottom + table[species]
        ax.tick_params(axis="x", rotation=30)
        for label in ax.get_xticklabels():
            label.set_horizontalalignment("right")
        ax.set_ylabel("works")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.legend(title="species", fontsize=8, frameon=False)
    ax.set_title(_title("Works by study design and species", synthetic))
    return fig


def write_plots(G, out_dir, *, formats=FORMATS) -> dict[str, list[Path]]:
    """Write every figure of ``G`` into ``out_dir`` (created) as PNG and SVG.

    Returns ``{plot name: [paths]}``.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    synthetic = bool(G.graph.get("synthetic", False))
    figures = {
        "evidence_heatmap": draw_evidence_heatmap(evidence_heatmap_table(G), synthetic),
        "studies_per_year": draw_studies_per_year(studies_per_year_table(G), synthetic),
        "design_species": draw_design_species(design_species_table(G), synthetic),
    }
    written = {}
    for name, fig in figures.items():
        fig.tight_layout()
        written[name] = []
        for fmt in formats:
            path = out_dir / f"{name}.{fmt}"
            fig.savefig(path, dpi=110, metadata=_metadata(fmt))
            written[name].append(path)
    return written


def _figure(width: float, height: float):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height))
    FigureCanvasAgg(fig)
    return fig, fig.add_subplot()


def _empty(ax, text: str) -> None:
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes)
    ax.set_axis_off()


def _title(text: str, synthetic: bool) -> str:
    return text + ("\n(SYNTHETIC DATA)" if synthetic else "")


def _metadata(fmt: str) -> dict:
    # no dates: the same graph gives the same files
    return {"svg": {"Date": None}, "png": {}}.get(fmt, {})


def _label(G, n) -> str:
    return str(G.nodes[n].get("label") or n)
