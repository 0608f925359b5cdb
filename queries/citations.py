"""Citation analytics over the CITES edges among works: references, citers, rankings, PageRank,
co-citation, bibliographic coupling and communities."""

from __future__ import annotations

from collections import Counter

import networkx as nx
import numpy as np
import pandas as pd

from kg import resolve
from queries import in_memory, shaping

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


def most_cited(G, *, n: int = 20) -> pd.DataFrame:
    """The ``n`` works most cited within the graph (ties broken by OpenAlex's count).

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
    counts = dict.fromkeys(in_memory.work_nodes(G), 0)
    for work in counts:
        for v, keyed in G._succ[work].items():
            if "CITES" in keyed and v in counts:
                counts[v] += 1
    rows = [
        {"work": w, "citations": c, "cited_by_count": G._node[w].get("cited_by_count") or 0, "year": G._node[w].get("year")}
        for w, c in counts.items()
    ]
    top = [r["work"] for r in shaping.work_table(rows, n=n, as_frame=False)]
    return shaping.work_table(_work_rows(G, top))


def _citation_arrays(G) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Sorted work ids and the (citing, cited) index arrays of the CITES edges among them."""
    works = in_memory.work_nodes(G)
    index = {w: i for i, w in enumerate(works)}
    src, dst = [], []
    for w in works:
        for v, keyed in G._succ[w].items():
            if "CITES" in keyed and v in index:
                src.append(index[w])
                dst.append(index[v])
    return works, np.asarray(src, dtype=np.int64), np.asarray(dst, dtype=np.int64)


def pagerank(G, *, alpha: float = 0.85, max_iter: int = 100, tol: float = 1.0e-6) -> dict[str, float]:
    """PageRank of the works over the CITES subgraph among works.

    The same iteration as ``networkx.pagerank`` (uniform teleport, dangling works spread
    uniformly, stop when the L1 change is below ``N * tol``), in numpy, so it needs no scipy.
    """
    works, src, dst = _citation_arrays(G)
    n = len(works)
    if n == 0:
        return {}
    out_degree = np.bincount(src, minlength=n).astype(float)
    dangling = out_degree == 0
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        last = x
        share = np.divide(last, out_degree, out=np.zeros(n), where=~dangling)
        x = alpha * np.bincount(dst, weights=share[src], minlength=n)
        x += (alpha * last[dangling].sum() + 1.0 - alpha) / n
        if np.abs(x - last).sum() < n * tol:
            break
    return dict(zip(works, x.tolist()))


def central_works(G, *, n: int = 20) -> pd.DataFrame:
    """The ``n`` works of highest PageRank over the citation graph among works.

    Returns
    -------
    DataFrame
        Columns ``work, doi, title, year, design, species, pagerank, citations``; by
        PageRank (descending), then id.

    Examples
    --------
    >>> central_works(G, n=10)  # doctest: +SKIP
    """
    ranks = pagerank(G)
    top = sorted(ranks, key=lambda w: (-ranks[w], w))[:n]
    rows = [
        in_memory.work_record(G, w) | {"pagerank": ranks[w], "citations": in_memory.citations(G, w)}
        for w in top
    ]
    return shaping.frame(rows, CENTRAL_COLUMNS)


def top_pairs(
    groups: np.ndarray, members: np.ndarray, *, n: int, min_count: int
) -> list[tuple[int, int, int]]:
    """The ``n`` pairs of members sharing the most groups, in numpy with bounded memory.

    ``groups[i]`` and ``members[i]`` say that member ``members[i]`` belongs to group
    ``groups[i]`` (non-negative ints; repeated memberships count once). Returns
    ``(a, b, count)`` with ``a < b`` and ``count >= min_count``, by count (descending), then
    ``a``, then ``b``. Pairs are counted one first member at a time (the global top ``n`` is
    within the union of each member's top ``n``), so memory stays linear in the memberships
    even when one group holds thousands of members.
    """
    if len(members) == 0 or n <= 0:
        return []
    pairs = np.unique(np.stack([groups, members], axis=1), axis=0)
    by_group = pairs[:, 1]  # members, grouped by group (sorted by group, then member)
    starts = np.flatnonzero(np.r_[True, pairs[1:, 0] != pairs[:-1, 0]])
    ends = np.r_[starts[1:], len(pairs)]
    group_index = np.cumsum(np.r_[False, pairs[1:, 0] != pairs[:-1, 0]])  # row -> group number
    order = np.lexsort((group_index, by_group))  # memberships by member
    member_sorted, group_of = by_group[order], group_index[order]
    firsts = np.flatnonzero(np.r_[True, member_sorted[1:] != member_sorted[:-1]])
    lasts = np.r_[firsts[1:], len(member_sorted)]
    best: list[tuple[int, int, int]] = []
    for lo, hi in zip(firsts.tolist(), lasts.tolist()):
        a = int(member_sorted[lo])
        slices = [by_group[starts[g] : ends[g]] for g in group_of[lo:hi].tolist()]
        partners = np.concatenate(slices) if len(slices) > 1 else slices[0]
        partners = partners[partners > a]
        if len(partners) == 0:
            continue
        found, counts = np.unique(partners, return_counts=True)
        keep = np.flatnonzero(counts >= min_count)
        if len(keep) == 0:
            continue
        keep = keep[np.lexsort((found[keep], -counts[keep]))][:n]
        best.extend((int(counts[k]), a, int(found[k])) for k in keep.tolist())
        if len(best) > 8 * n:
            best = sorted(best, key=lambda t: (-t[0], t[1], t[2]))[:n]
    best = sorted(best, key=lambda t: (-t[0], t[1], t[2]))[:n]
    return [(a, b, count) for count, a, b in best]


def _top_pairs(G, works: list[str], groups: np.ndarray, members: np.ndarray, *, n: int, min_count: int) -> pd.DataFrame:
    rows = [
        {
            "work_a": works[a],
            "work_b": works[b],
            "count": count,
            "title_a": G._node[works[a]].get("title"),
            "title_b": G._node[works[b]].get("title"),
        }
        for a, b, count in top_pairs(groups, members, n=n, min_count=min_count)  # index order = id order
    ]
    return shaping.frame(rows, PAIR_COLUMNS)


def co_cited(G, *, n: int = 20, min_count: int = 2) -> pd.DataFrame:
    """Pairs of works cited together by at least ``min_count`` works (co-citation).

    Returns
    -------
    DataFrame
        Columns ``work_a, work_b`` (``work_a < work_b``), ``count`` (citing works in
        common), ``title_a, title_b``; the ``n`` pairs of highest count, then by ids.

    Examples
    --------
    >>> co_cited(G, n=10)  # doctest: +SKIP
    """
    works, src, dst = _citation_arrays(G)
    return _top_pairs(G, works, src, dst, n=n, min_count=min_count)


def coupled(G, *, n: int = 20, min_count: int = 2) -> pd.DataFrame:
    """Pairs of works sharing at least ``min_count`` references (bibliographic coupling).

    Returns
    -------
    DataFrame
        Columns ``work_a, work_b`` (``work_a < work_b``), ``count`` (references in common),
        ``title_a, title_b``; the ``n`` pairs of highest count, then by ids.

    Examples
    --------
    >>> coupled(G, n=10)  # doctest: +SKIP
    """
    works, src, dst = _citation_arrays(G)
    return _top_pairs(G, works, dst, src, n=n, min_count=min_count)


def communities(
    G, *, resolution: float = 1.0, seed: int = 0, min_size: int = 2, n_concepts: int = 3
) -> pd.DataFrame:
    """Communities of the undirected citation graph among works (Louvain, fixed seed).

    Works without citations within the graph are left out; each community is labelled by the
    concepts (of any kind but anatomy) most works in it mention.

    Parameters
    ----------
    G : networkx.MultiDiGraph
    resolution : float
        Louvain resolution (above 1 favours smaller communities).
    seed : int
        Random seed of ``networkx.community.louvain_communities``: same graph, same answer.
    min_size : int
        Smallest community reported.
    n_concepts : int
        How many concepts label a community.

    Returns
    -------
    DataFrame
        Columns ``community`` (0 = largest), ``size``, ``concepts`` (``"BDNF (12), NGF (8)"``:
        label and works), ``top_work`` (most cited in the graph), ``top_title``; by size
        (descending), then smallest member id.

    Examples
    --------
    >>> communities(G).head()  # doctest: +SKIP
    """
    works, src, dst = _citation_arrays(G)
    U = nx.Graph()
    U.add_edges_from((works[a], works[b]) for a, b in zip(src.tolist(), dst.tolist()) if a != b)
    found = nx.community.louvain_communities(U, resolution=resolution, seed=seed) if len(U) else []
    groups = sorted((sorted(c) for c in found if len(c) >= min_size), key=lambda c: (-len(c), c[0]))
    rows = []
    for number, members in enumerate(groups):
        concepts: Counter = Counter()
        for w in members:
            concepts.update(
                c for c in in_memory.mentioned_concepts(G, w, ["intervention", "acupoint", "mechanism", "condition", "outcome"])
            )
        top_concepts = sorted(concepts.items(), key=lambda item: (-item[1], in_memory.label(G, item[0])))
        top = max(members, key=lambda w: in_memory.citations(G, w))  # first = smallest id on ties
        rows.append(
            {
                "community": number,
                "size": len(members),
                "concepts": ", ".join(f"{in_memory.label(G, c)} ({k})" for c, k in top_concepts[:n_concepts]),
                "top_work": top,
                "top_title": G._node[top].get("title"),
            }
        )
    return shaping.frame(rows, COMMUNITY_COLUMNS)
