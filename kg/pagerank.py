"""PageRank: the one implementation, used by the citation queries and the network views.

The iteration of ``networkx.pagerank`` (uniform teleport, the rank of dangling nodes spread
uniformly, stop when the L1 change is below ``N * tol``) as sparse matrix products (scipy),
with a tighter default tolerance (1e-10 rather than 1e-6) so rankings of many near-equal
works are settled.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

import numpy as np
import scipy.sparse as sp


class PageRankNotConverged(ArithmeticError):
    """The power iteration did not settle within ``max_iter`` steps."""


def pagerank_matrix(adjacency, *, alpha: float = 0.85, tol: float = 1.0e-10, max_iter: int = 1000) -> np.ndarray:
    """PageRank of the nodes of a directed graph given as a square sparse matrix.

    Parameters
    ----------
    adjacency : scipy sparse matrix or array
        ``(i, j)`` nonzero when node ``i`` links to node ``j`` (values are ignored: one link).
    alpha : float
        Damping factor.
    tol : float
        Stop when the L1 change of an iteration is below ``N * tol``.
    max_iter : int
        Raise :class:`PageRankNotConverged` past this many iterations.

    Returns
    -------
    numpy.ndarray
        One rank per node, summing to 1.

    Examples
    --------
    >>> import scipy.sparse as sp
    >>> pagerank_matrix(sp.csr_array([[0, 1], [1, 0]])).round(3).tolist()
    [0.5, 0.5]
    """
    links = sp.csr_array(adjacency, dtype=np.float64)
    links.sum_duplicates()
    links.data[:] = 1.0
    n = links.shape[0]
    if n == 0:
        return np.zeros(0)
    out_degree = np.diff(links.indptr).astype(np.float64)
    dangling = out_degree == 0
    inverse = np.divide(1.0, out_degree, out=np.zeros(n), where=~dangling)
    incoming = links.T.tocsr()
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        last = x
        x = alpha * (incoming @ (last * inverse))
        x += (alpha * last[dangling].sum() + 1.0 - alpha) / n
        if np.abs(x - last).sum() < n * tol:
            return x
    raise PageRankNotConverged(f"PageRank did not converge within {max_iter} iterations")


def pagerank(nodes: Iterable[Hashable], edges: Iterable[tuple[Hashable, Hashable]], **options) -> dict:
    """PageRank of ``nodes`` over directed ``edges`` (each pair once however often listed);
    ``options`` as :func:`pagerank_matrix`.

    >>> r = pagerank(["a", "b", "c"], [("a", "c"), ("b", "c")])
    >>> max(r, key=r.get)
    'c'
    """
    nodes = list(nodes)
    index = {node: i for i, node in enumerate(nodes)}
    pairs = np.array([(index[u], index[v]) for u, v in edges], dtype=np.int64).reshape(-1, 2)
    n = len(nodes)
    matrix = sp.coo_array((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
    return dict(zip(nodes, pagerank_matrix(matrix, **options).tolist()))
