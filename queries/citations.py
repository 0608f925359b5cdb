"""Citation analytics over the CITES edges among works: references, citers, rankings, PageRank,
co-citation, bibliographic coupling and communities."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from kg.citation_matrix import citations
from kg.graph_cache import derived
from kg.model import CONCEPT_KINDS
from kg.pagerank import pagerank_matrix
from kg import resolve
from queries import in_memory, leiden, pair_counts, shaping
from queries.mention_matrix import mentioned

CENTRAL_COLUMNS = shaping.WORK_COLUMNS | {"pagerank": "float64", "citations": "int64"}
PAIR_COLUMNS = {
    "work_a": "object",
    "work_b": "object",
    "count": "int64",
    "title_a": "object",
    "title_b": "object",
}
COMMUNITY_COLUMNS = {
    "community": "int64",
    "size": "int64",
    "concepts": "object",
    "top_work": "object",
    "top_title": "object",
}


def _work_rows(G, works) -> list[dict]:
    return [
        in_memory.work_record(G, w)
        | {"citations": in_memory.citations(G, w), "cited_by_count": G._node[w].get("cited_by_count") or 0}
        for w in works
    ]


def references(G, work: str) -> pd.DataFrame:
    """The works in the graph that a work cites (its CITES edges to works).

    Parameters
    ----------
    G : networkx.MultiDiGraph or kg.backends.Backend
        The graph (a backend is answered by ``queries.cypher.references``).
    work : str
        ``W…``, ``work:W…`` or an OpenAlex URL.

    Returns
    -------
    DataFrame
        Columns ``work, doi, title, year, design, species, citations, cited_by_count``
        (``citations``: in-graph; ``cited_by_count``: OpenAlex's count); by in-graph
        citations, OpenAlex citations (both descending), newest first, then id.

    Raises
    ------
    kg.errors.UnknownWorkError
        Not a work id, or the work is not in the graph.

    Examples
    --------
    >>> references(G, "W2741809807")  # doctest: +SKIP
    """
    if not isinstance(G, nx.Graph):
        from queries import cypher

        return cypher.references(G, work)
    node = resolve.work(G, work)
    return shaping.work_table(_work_rows(G, in_memory.references_of(G, node)))


def cited_by(G, work: str) -> pd.DataFrame:
    """The works in the graph that cite a work; columns and order as :func:`references`.

    Examples
    --------
    >>> cited_by(G, "W2741809807")  # doctest: +SKIP
    """
    if not isinstance(G, nx.Graph):
        from queries import cypher

        return cypher.cited_by(G, work)
    node = resolve.work(G, work)
    return shaping.work_table(_work_rows(G, in_memory.citers_of(G, node)))


def most_cited(G, *, n: int | None = 20) -> pd.DataFrame:
    """The ``n`` works most cited within the graph (ties broken by OpenAlex's count; every
    work if ``n`` is None).

    Returns
    -------
    DataFrame
        Columns as :func:`references`; by in-graph citations, OpenAlex citations, year, id.

    Examples
    --------
    >>> most_cited(G, n=5)  # doctest: +SKIP
    """
    if not isinstance(G, nx.Graph):
        from queries import cypher

        return cypher.most_cited(G, n=n)
    index = citations(G)
    counts = index.cited
    if len(counts) == 0 or (n is not None and n <= 0):
        return shaping.work_table([])
    cut = len(counts) - min(len(counts) if n is None else n, len(counts))
    floor = np.partition(counts, cut)[cut]
    rows = [
        {
            "work": index.works[i],
            "citations": int(counts[i]),
            "cited_by_count": G._node[index.works[i]].get("cited_by_count") or 0,
            "year": G._node[index.works[i]].get("year"),
        }
        for i in np.flatnonzero(counts >= floor).tolist()  # the top n and their ties
    ]
    top = [r["work"] for r in shaping.work_table(rows, n=n, as_frame=False)]
    return shaping.work_table(_work_rows(G, top))


def pagerank(G, *, alpha: float = 0.85) -> dict[str, float]:
    """PageRank of the works over the CITES subgraph among works (``kg.pagerank``), computed
    once per graph (``kg.graph_cache``)."""
    index = citations(G)
    return dict(zip(index.works, _ranks(G, alpha).tolist()))


def _ranks(G, alpha: float) -> np.ndarray:
    return derived(G, ("pagerank", alpha), lambda G: pagerank_matrix(citations(G).matrix, alpha=alpha))


def central_works(G, *, n: int = 20) -> pd.DataFrame:
    """The ``n`` works of highest PageRank over the citation graph among works.

    No Cypher twin: it runs on a networkx graph only.

    Returns
    -------
    DataFrame
        Columns ``work, doi, title, year, design, species, pagerank, citations``; by
        PageRank (descending), then id.

    Examples
    --------
    >>> central_works(G, n=10)  # doctest: +SKIP
    """
    index = citations(G)
    ranks = _ranks(G, 0.85)
    top = np.argsort(-ranks, kind="stable")[: max(n, 0)].tolist()  # works are in id order
    rows = [
        in_memory.work_record(G, index.works[i]) | {"pagerank": float(ranks[i]), "citations": in_memory.citations(G, index.works[i])}
        for i in top
    ]
    return shaping.frame(rows, CENTRAL_COLUMNS)


def _top_pairs(G, works: list[str], memberships, *, n: int, min_count: int) -> pd.DataFrame:
    rows = [
        {
            "work_a": works[a],
            "work_b": works[b],
            "count": count,
            "title_a": G._node[works[a]].get("title"),
            "title_b": G._node[works[b]].get("title"),
        }
        for a, b, count in pair_counts.top_pairs(memberships, n=n, min_count=min_count)  # index order = id order
    ]
    return shaping.frame(rows, PAIR_COLUMNS)


def co_cited(G, *, n: int = 20, min_count: int = 2) -> pd.DataFrame:
    """Pairs of works cited together by at least ``min_count`` works (co-citation).

    Counted exactly by sparse products over the citation matrix (:mod:`queries.pair_counts`).
    No Cypher twin: it runs on a networkx graph only.

    Returns
    -------
    DataFrame
        Columns ``work_a, work_b`` (``work_a < work_b``), ``count`` (citing works in
        common), ``title_a, title_b``; the ``n`` pairs of highest count, then by ids.

    Examples
    --------
    >>> co_cited(G, n=10)  # doctest: +SKIP
    """
    index = citations(G)
    return _top_pairs(G, index.works, index.matrix, n=n, min_count=min_count)


def coupled(G, *, n: int = 20, min_count: int = 2) -> pd.DataFrame:
    """Pairs of works sharing at least ``min_count`` references (bibliographic coupling).

    Counted as :func:`co_cited`, on the transposed citation matrix; no Cypher twin either.

    Returns
    -------
    DataFrame
        Columns ``work_a, work_b`` (``work_a < work_b``), ``count`` (references in common),
        ``title_a, title_b``; the ``n`` pairs of highest count, then by ids.

    Examples
    --------
    >>> coupled(G, n=10)  # doctest: +SKIP
    """
    index = citations(G)
    return _top_pairs(G, index.works, index.matrix.T, n=n, min_count=min_count)


def communities(
    G, *, resolution: float = 1.0, seed: int = 0, min_size: int = 2, n_concepts: int = 3
) -> pd.DataFrame:
    """Communities of the undirected citation graph among works (Leiden, fixed seed).

    Works without citations within the graph are left out; each community is labelled by the
    concepts (of any kind but anatomy) most works in it mention. No Cypher twin: it runs on a
    networkx graph only.

    Parameters
    ----------
    G : networkx.MultiDiGraph
    resolution : float
        Resolution of the modularity Leiden optimises (above 1 favours smaller communities).
    seed : int
        Seed of the Leiden run (:func:`queries.leiden.partition`): same graph, same answer.
    min_size : int
        Smallest community reported.
    n_concepts : int
        How many concepts label a community.

    Returns
    -------
    DataFrame
        Columns ``community`` (0 = largest), ``size``, ``concepts`` (``"BDNF (12), NGF (8)"``:
        label and works), ``top_work`` (most cited in the graph), ``top_title``; by size
        (descending), then smallest member id. ``df.attrs`` holds ``modularity`` (of the whole
        partition, small communities included, at ``resolution``), ``resolution`` and
        ``communities`` (how many, of any size).

    Examples
    --------
    >>> communities(G).attrs["modularity"]  # doctest: +SKIP
    """
    index = citations(G)
    membership, modularity = derived(
        G, ("leiden", resolution, seed), lambda G: leiden.partition(index.matrix, resolution=resolution, seed=seed)
    )
    sizes = np.bincount(membership[membership >= 0])
    shown = int(np.count_nonzero(sizes >= min_size))  # communities are numbered by size
    mentions = mentioned(G)
    kinds = [k for k in CONCEPT_KINDS if k != "anatomy"]
    columns = mentions.columns(kinds)
    members = np.flatnonzero((membership >= 0) & (membership < shown))
    indicator = sp.csr_array(
        (np.ones(len(members), dtype=np.int32), (membership[members], members)), shape=(shown, len(index.works))
    )
    concept_counts = (indicator @ mentions.matrix[:, columns]).tocsr()
    ranked = members[np.lexsort((members, -index.cited[members]))]  # most cited, then smallest id
    _, first = np.unique(membership[ranked], return_index=True)
    top = ranked[first]
    rows = []
    for number in range(shown):
        row = concept_counts[[number]]
        found = sorted(
            ((int(k), in_memory.label(G, mentions.concepts[columns[j]])) for j, k in zip(row.indices, row.data)),
            key=lambda item: (-item[0], item[1]),
        )
        work = index.works[top[number]]
        rows.append(
            {
                "community": number,
                "size": int(sizes[number]),
                "concepts": ", ".join(f"{name} ({k})" for k, name in found[:n_concepts]),
                "top_work": work,
                "top_title": G._node[work].get("title"),
            }
        )
    frame = shaping.frame(rows, COMMUNITY_COLUMNS)
    frame.attrs.update(modularity=modularity, resolution=resolution, communities=len(sizes))
    return frame
