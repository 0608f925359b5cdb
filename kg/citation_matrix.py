"""The CITES edges among the works of a graph as a sparse matrix, built once per graph.

Rows and columns are the graph's works in id order; entry ``(i, j)`` is 1 when work ``i``
cites work ``j``. Citation analytics (rankings, PageRank, co-citation, coupling,
communities) read this one matrix instead of walking the adjacency dicts each time.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain, repeat

import numpy as np
import scipy.sparse as sp

from kg.graph_cache import derived


@dataclass(frozen=True)
class Citations:
    """The works of a graph and who cites whom among them (shared: do not mutate).

    Attributes
    ----------
    works : list of str
        Work ids, sorted; position = row and column of ``matrix``.
    matrix : scipy.sparse.csr_array
        ``works × works``, int32, 1 where the row's work cites the column's (indices sorted).
    """

    works: list[str]
    matrix: sp.csr_array

    @property
    def cited(self) -> np.ndarray:
        """In-graph citations of each work (column sums)."""
        return np.bincount(self.matrix.indices, minlength=len(self.works))


def citations(G) -> Citations:
    """The :class:`Citations` of ``G`` (a networkx MultiDiGraph), cached with the graph.

    The only edges from a work to a work are CITES (``kg.model``), so a work's predecessors
    that are works are the works citing it; they are read in C-level loops over the
    adjacency dicts, without looking at the edges.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph([("work:W1", "work:W2"), ("work:W1", "mechanism:bdnf")])
    >>> c = citations(G)
    >>> c.works, c.matrix.toarray().tolist()
    (['work:W1', 'work:W2'], [[0, 1], [0, 0]])
    """
    return derived(G, "citation_matrix", _build)


def _build(G) -> Citations:
    works = sorted(n for n in G._node if n.startswith("work:"))
    # read from the cited side: a work's predecessors hold no MENTIONS, its successors do
    return Citations(works, predecessor_matrix(G, works, works).T.tocsr())


def predecessor_matrix(G, rows: list[str], columns: list[str]) -> sp.csr_array:
    """``rows × columns`` (int32, indices sorted): 1 where the column's node has an edge (of
    any type) to the row's node, read in C-level loops over the adjacency dicts.

    >>> import networkx as nx
    >>> predecessor_matrix(nx.MultiDiGraph([("a", "b"), ("c", "b")]), ["a", "b"], ["a", "c"]).toarray().tolist()
    [[0, 0], [1, 1]]
    """
    index = dict(zip(columns, range(len(columns))))
    adjacency = [G._pred[node] for node in rows]
    lengths = np.fromiter(map(len, adjacency), dtype=np.int64, count=len(rows))
    sources = np.fromiter(
        map(index.get, chain.from_iterable(adjacency), repeat(-1)), dtype=np.int64, count=int(lengths.sum())
    )
    keep = sources >= 0
    per_row = np.bincount(np.repeat(np.arange(len(rows)), lengths)[keep], minlength=len(rows))
    indptr = np.concatenate([[0], np.cumsum(per_row)])
    indices = sources[keep].astype(np.int32)
    matrix = sp.csr_array((np.ones(len(indices), dtype=np.int32), indices, indptr), shape=(len(rows), len(columns)))
    matrix.sort_indices()
    return matrix
