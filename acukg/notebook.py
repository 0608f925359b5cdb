"""Conveniences for notebooks: open the graph, count what is in it, show a view inline, find a database.

Notebooks import these so that they define nothing themselves. :func:`open_graph` loads the
graph built in the data directory (building or running the demo first when there is none);
:func:`show` renders one of :mod:`kg.views`' interactive views inside the notebook, as a
sandboxed ``<iframe srcdoc=…>`` of the self-contained page (no external scripts), which works
in JupyterLab and in the classic notebook alike; :func:`configured_backend` opens the graph
database the environment names, or says plainly that there is none.
"""

from __future__ import annotations

import html
import os
from collections import Counter
from pathlib import Path

import pandas as pd

from kg.model import EDGE_TYPES, NODE_KINDS
from kg.settings import Settings

#: Height of an inline view in pixels.
VIEW_HEIGHT = 800
NO_SERVER = ("No graph database is configured: set NEO4J_URI (Neo4j) or FALKORDB_URL (FalkorDB) "
             "and run this notebook again. The cells below do nothing until then.")


def open_graph(data_dir: str | Path | None = None, *, works: int | None = None, quiet: bool = True):
    """The graph built in the data directory; built (or made with the demo) first if there is none.

    Parameters
    ----------
    data_dir : str or Path, optional
        The data directory; default: ``$ACUKG_DATA``, else the nearest ``acukg-data`` holding a
        graph or a record store in the current folder (a notebook's folder) or above it (so the
        notebooks find what ``acukg run --demo`` made at the repository root), else
        ``./acukg-data``.
    works : int, optional
        Size of the synthetic corpus when the demo has to run (default
        ``acukg.pipeline.DEMO_WORKS``).
    quiet : bool
        Hide the progress bars of a demo run.

    Returns
    -------
    networkx.MultiDiGraph
        Loaded from ``<data_dir>/graph`` by :func:`kg.store.load`. If there is no graph there
        but a record store, the graph is built from the store; if there is neither, the demo
        (:func:`acukg.pipeline.run` with ``demo=True``) fills the store first. One line says
        which happened.

    Raises
    ------
    kg.errors.StoreError
        The saved graph or the record store is unreadable.

    Examples
    --------
    >>> G = open_graph()  # doctest: +SKIP
    Loaded the graph in /home/me/acukg-data/graph: 2806 nodes, 124605 edges (synthetic demo corpus).
    """
    from kg.store import MANIFEST, load

    from acukg.data import nearest_data_dir

    settings = Settings.from_env(data_dir=Path(data_dir) if data_dir is not None else None)
    if data_dir is None and not os.environ.get("ACUKG_DATA", "").strip():
        settings = settings.with_(data_dir=nearest_data_dir() or settings.data_dir)
    graph_dir = settings.graph_dir
    if not (graph_dir / MANIFEST).is_file():
        if not settings.store_path.is_file():
            from acukg.pipeline import DEMO_WORKS, run

            print(f"No graph or record store in {settings.data_dir.absolute()}: running the demo "
                  f"(a synthetic corpus on loopback, no internet) ...")
            run(settings, demo=True, works=works or DEMO_WORKS, quiet=quiet)
        if not (graph_dir / MANIFEST).is_file():
            from acukg.pipeline import build_from_store

            print(f"Building the graph from the record store {settings.store_path.absolute()} ...")
            build_from_store(settings)
    G = load(graph_dir)
    kind = "synthetic demo corpus" if G.graph.get("synthetic") else "records from OpenAlex"
    print(f"Loaded the graph in {graph_dir.absolute()}: {G.number_of_nodes()} nodes, "
          f"{G.number_of_edges()} edges ({kind}).")
    return G


def nodes_by_kind(G) -> pd.Series:
    """Number of nodes of each kind, in :data:`kg.model.NODE_KINDS` order (kinds absent left out).

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph(); G.add_node("mechanism:gaba", kind="mechanism")
    >>> nodes_by_kind(G).to_dict()
    {'mechanism': 1}
    """
    counts = Counter(kind for _, kind in G.nodes(data="kind"))
    order = [k for k in NODE_KINDS if k in counts] + sorted(set(counts) - set(NODE_KINDS), key=str)
    return pd.Series([counts[k] for k in order], index=pd.Index(order, name="kind"), name="nodes",
                     dtype="int64")


def edges_by_type(G) -> pd.Series:
    """Number of edges of each type, in :data:`kg.model.EDGE_TYPES` order (types absent left out).

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph(); G.add_edge("work:W1", "work:W2", key="CITES", type="CITES")
    'CITES'
    >>> edges_by_type(G).to_dict()
    {'CITES': 1}
    """
    counts = Counter(type_ for *_, type_ in G.edges(data="type"))
    order = [t for t in EDGE_TYPES if t in counts] + sorted(set(counts) - set(EDGE_TYPES), key=str)
    return pd.Series([counts[t] for t in order], index=pd.Index(order, name="type"), name="edges",
                     dtype="int64")


def synthetic_banner(G):
    """A banner saying whether the graph's data are synthetic, as an IPython displayable.

    Returns
    -------
    IPython.display.HTML
    """
    from IPython.display import HTML

    built = html.escape(str(G.graph.get("built_at") or "unknown time"))
    if G.graph.get("synthetic"):
        text = ("<strong>SYNTHETIC DATA.</strong> This graph was built from acukg's synthetic demo "
                "corpus: every work, DOI, finding and count in it is made up. It shows how the "
                "analysis works, not what the literature says. "
                f"(built {built})")
        colour = "#fff3cd"
    else:
        text = f"Built from records fetched from OpenAlex (built {built})."
        colour = "#e8f4fd"
    return HTML(f'<div style="padding:0.6em 1em;border-radius:4px;background:{colour};'
                f'color:#222">{text}</div>')


def view_iframe(page: str, *, height: int = VIEW_HEIGHT, title: str = "acukg view") -> str:
    """An ``<iframe>`` (in a ``<div>``) holding a whole HTML page in its ``srcdoc``, escaped.

    The frame may run the page's own inline scripts (``sandbox="allow-scripts"``) but gets an
    opaque origin: it cannot reach the notebook's page, cookies or storage.

    >>> view_iframe('<p title="a&b">x</p>', height=100)[:88]
    '<div class="acukg-view"><iframe srcdoc="&lt;p title=&quot;a&amp;b&quot;&gt;x&lt;/p&gt;" '
    """
    if not isinstance(height, int) or isinstance(height, bool) or height < 50:
        raise ValueError(f"height must be a whole number of pixels, at least 50, got {height!r}")
    return (f'<div class="acukg-view"><iframe srcdoc="{html.escape(page, quote=True)}" '
            f'sandbox="allow-scripts" title="{html.escape(title, quote=True)}" '
            f'style="width:100%;height:{height}px;border:1px solid #ccc;border-radius:4px">'
            f'</iframe></div>')


def show(G, view: str, *, height: int = VIEW_HEIGHT, **options):
    """One of :mod:`kg.views`' interactive views of ``G``, displayed inline in the notebook.

    Parameters
    ----------
    G : networkx.MultiDiGraph
    view : {"evidence", "citations", "ego", "claims"}
    height : int
        Height of the frame in pixels.
    **options
        Passed to :func:`kg.views.view_spec` (e.g. ``min_studies=3`` for the evidence view,
        ``center="BDNF"`` for the ego view).

    Returns
    -------
    IPython.display.HTML
        An iframe whose ``srcdoc`` is the same self-contained page :func:`kg.views.write_html`
        writes (vis-network embedded, nothing loaded from the network).

    Raises
    ------
    kg.views.spec.ViewError
        Unknown view or a bad option (the message names it).

    Examples
    --------
    >>> show(G, "evidence", min_studies=3)  # doctest: +SKIP
    """
    from IPython.display import HTML

    from kg.views.html import render
    from kg.views.spec import view_spec

    if view == "claims" and "verdicts" not in options:
        from acukg import claims

        options["verdicts"] = claims.verdicts(claims.audit(G))
    return HTML(view_iframe(render(view_spec(G, view, **options)), height=height,
                            title=f"acukg {view} view"))


def configured_backend(settings: Settings | None = None, **options):
    """The graph database the environment configures: Neo4j if ``NEO4J_URI`` is set, else
    FalkorDB if ``FALKORDB_URL`` is set, else None (after printing that none is configured).

    Parameters
    ----------
    settings : Settings, optional
        Default :meth:`Settings.from_env`.
    **options
        Passed to :func:`kg.backends.open_backend` (e.g. ``graph="acukg"`` for FalkorDB).

    Returns
    -------
    kg.backends.Backend or None
        Connected (the connection is checked); use it as a context manager or ``close()`` it.

    Raises
    ------
    kg.errors.BackendError
        A database is configured but cannot be reached or refuses the credentials.
    """
    from kg.backends import open_backend

    settings = settings or Settings.from_env()
    if settings.neo4j_uri:
        return open_backend(settings, "neo4j", **options)
    if settings.falkordb_url:
        return open_backend(settings, "falkordb", **options)
    print(NO_SERVER)
    return None
