"""Communities of a citation graph by the Leiden algorithm (igraph's C implementation), seeded.

Citations are read as undirected links between distinct works (a mutual citation is one link,
a self-citation none); works without links belong to no community.
"""

from __future__ import annotations

import random

import igraph
import numpy as np
import scipy.sparse as sp


def partition(adjacency, *, resolution: float = 1.0, seed: int = 0) -> tuple[np.ndarray, float]:
    """Leiden partition of the undirected graph behind a directed adjacency matrix.

    Parameters
    ----------
    adjacency : scipy sparse matrix or array
        Square; nonzero ``(i, j)`` links nodes ``i`` and ``j`` (direction and values ignored).
    resolution : float
        Resolution of the modularity optimised (above 1 favours smaller communities).
    seed : int
        Seed of the random choices (igraph's generator is set for the call, then restored):
        same graph, same answer.

    Returns
    -------
    membership : numpy.ndarray
        Community number of each node (0 = largest; ties by smallest member), -1 for nodes
        without links.
    modularity : float
        Modularity of the partition at ``resolution`` (0.0 for a graph without links).

    Examples
    --------
    >>> import scipy.sparse as sp
    >>> membership, q = partition(sp.csr_array([[0, 1, 0, 0], [0, 0, 0, 0], [0, 0, 0, 1], [0, 0, 0, 0]]))
    >>> membership.tolist(), round(q, 2)
    ([0, 0, 1, 1], 0.5)
    """
    links = sp.csr_array(adjacency)
    links = sp.triu(links + links.T, k=1).tocoo()
    membership = np.full(links.shape[0], -1, dtype=np.int64)
    linked = np.unique(np.concatenate([links.row, links.col]))
    if len(linked) == 0:
        return membership, 0.0
    position = np.searchsorted(linked, np.column_stack([links.row, links.col]))
    graph = igraph.Graph(n=len(linked), edges=position.tolist())
    igraph.set_random_number_generator(random.Random(seed))
    try:
        found = graph.community_leiden(objective_function="modularity", resolution=resolution, n_iterations=2)
    finally:
        igraph.set_random_number_generator(random)
    raw = np.asarray(found.membership, dtype=np.int64)
    sizes = np.bincount(raw)
    first = np.full(len(sizes), len(raw))
    np.minimum.at(first, raw, np.arange(len(raw)))
    renumber = np.empty(len(sizes), dtype=np.int64)
    renumber[np.lexsort((first, -sizes))] = np.arange(len(sizes))
    membership[linked] = renumber[raw]
    return membership, float(graph.modularity(raw.tolist(), resolution=resolution))
