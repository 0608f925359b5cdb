"""The pairs of members sharing the most groups (co-citation, bibliographic coupling), exactly,
without multiplying out the hubs.

With ``M`` the binary ``groups × members`` matrix, the groups two members share are the
entries of ``Mᵀ M``; in full that product is out of reach (a work cited by 7,000 others adds
24 million pairs to the coupling counts alone). The top pairs are found as in set-similarity
joins (prefix filtering, Xiao et al., 2008):

1. The heaviest rows (members whose groups hold the most members) are counted whole: the
   ``n``-th best count among their pairs, ``t``, is a floor the answer's pairs reach.
2. Groups are ordered rarest first. A pair sharing ``t`` groups shares at least ``k`` of the
   first ``degree - t + k`` groups of each member (its ``k``-th shared group has at least
   ``t - k`` shared groups after it in both). So only these *prefixes* are multiplied out, a
   block of members at a time within a budget of entries, and mostly rare groups meet there.
3. The pairs meeting ``k`` times in their prefixes are counted exactly from their full rows.

Members in fewer than ``t`` groups are left out from the start. Every pair sharing ``t`` groups
or more is counted exactly, so the answer equals counting every pair.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

#: Entries one block's product may hold (about 64 MB of index and count arrays).
BUDGET = 1 << 22
#: Heaviest rows counted whole, to set the floor ``t``.
FIRST_ROWS = 256


def top_pairs(
    memberships, *, n: int, min_count: int, budget: int = BUDGET, first_rows: int = FIRST_ROWS
) -> list[tuple[int, int, int]]:
    """The ``n`` pairs of members sharing the most groups.

    Parameters
    ----------
    memberships : scipy sparse matrix or array
        ``groups × members``; nonzero where the member belongs to the group (values ignored).
    n : int
        Pairs wanted.
    min_count : int
        Fewest shared groups a pair needs.
    budget : int
        Entries of a product held at once (a block of one member may exceed it).
    first_rows : int
        Heaviest rows counted whole to set the floor.

    Returns
    -------
    list of (a, b, count)
        Member indices ``a < b`` and their shared groups, ``count >= min_count``; by count
        (descending), then ``a``, then ``b``.

    Examples
    --------
    >>> import scipy.sparse as sp
    >>> top_pairs(sp.csr_array([[1, 1, 1], [1, 1, 0]]), n=2, min_count=1)
    [(0, 1, 2), (0, 2, 1)]
    """
    M = sp.csr_array(memberships, dtype=np.int32)
    M.sum_duplicates()
    M.data[:] = 1
    if n <= 0 or M.nnz == 0:
        return []
    X = M.T.tocsr()  # members × groups
    degree = np.diff(X.indptr)
    floor = _floor(M, X, degree, n, max(min_count, 1), budget, first_rows)
    prefixes, k = _prefixes(M, X, degree, floor)
    best = _Best(n, floor)
    cost = prefixes @ np.diff(prefixes.T.tocsr().indptr).astype(np.int64)
    members = np.flatnonzero(degree >= floor)
    for block in _blocks(members, cost, budget):  # blocks in index order: partners from block[0] on
        met = (prefixes[block] @ prefixes[block[0] :].T).tocoo()
        a, b = block[met.row], block[0] + met.col
        keep = (b > a) & (met.data >= k)
        a, b = a[keep], b[keep]
        count = np.asarray(X[a].multiply(X[b]).sum(axis=1), dtype=np.int64).ravel()
        keep = count >= best.threshold
        best.add(a[keep], b[keep], count[keep])
    return best.pairs()


def _floor(M, X, degree, n: int, floor: int, budget: int, first_rows: int) -> int:
    """The ``n``-th best count among the pairs of the members with the heaviest rows (the
    most members met, with repeats; at most ``first_rows`` rows, as many as the budget
    allows), or ``floor`` if they have fewer pairs."""
    cost = X @ np.diff(M.indptr).astype(np.int64)
    heaviest = np.argsort(-cost, kind="stable")[:first_rows]
    heaviest = heaviest[: max(1, int(np.searchsorted(np.cumsum(cost[heaviest]), budget, side="right")))]
    heaviest = heaviest[degree[heaviest] >= floor]
    chosen = np.zeros(len(degree), dtype=bool)
    chosen[heaviest] = True
    seen = _Best(n, floor)
    for block in _blocks(heaviest, cost, budget):
        shared = (X[block] @ M).tocoo()
        a, b = block[shared.row], shared.col
        keep = (a != b) & (~chosen[b] | (a < b)) & (shared.data >= seen.threshold)  # each pair once
        seen.add(a[keep], b[keep], shared.data[keep].astype(np.int64))
    return seen.threshold


def _prefixes(M, X, degree, t: int) -> tuple[sp.csr_array, int]:
    """Each member's first ``degree - t + k`` groups, rarest first (none for members in fewer
    than ``t`` groups), and ``k``: how often a pair sharing ``t`` groups meets there. Groups
    are renumbered by rarity (the product does not need their numbers)."""
    k = max(1, t // 6)  # longer prefixes cost more products but let fewer pairs through
    sizes = np.diff(M.indptr)
    rarity = np.empty(len(sizes), dtype=np.int32)
    rarity[np.argsort(sizes, kind="stable")] = np.arange(len(sizes), dtype=np.int32)
    busy = np.flatnonzero(degree >= t)
    rows = X[busy]
    ranked = sp.csr_array((rows.data, rarity[rows.indices], rows.indptr), shape=rows.shape)
    ranked.sort_indices()  # within each member, rarest first
    owner = np.repeat(np.arange(len(busy)), np.diff(ranked.indptr))
    keep = np.arange(len(owner)) - ranked.indptr[owner] < degree[busy][owner] - t + k
    per_member = np.zeros(X.shape[0], dtype=np.int64)
    per_member[busy] = np.bincount(owner[keep], minlength=len(busy))
    indptr = np.r_[0, np.cumsum(per_member)]
    return sp.csr_array((ranked.data[keep], ranked.indices[keep], indptr), shape=X.shape), k


def _blocks(members: np.ndarray, cost: np.ndarray, budget: int):
    """``members`` in consecutive blocks whose summed ``cost`` stays within ``budget`` (a
    block of one member may exceed it)."""
    start = 0
    while start < len(members):
        spent = np.cumsum(cost[members[start : start + budget]])
        stop = start + max(1, int(np.searchsorted(spent, budget, side="right")))
        yield members[start:stop]
        start = stop


class _Best:
    """The best ``n`` pairs so far and the count a newcomer needs (``threshold``)."""

    def __init__(self, n: int, floor: int):
        self.n, self.threshold = n, floor
        self.a = self.b = self.count = np.zeros(0, dtype=np.int64)

    def add(self, a: np.ndarray, b: np.ndarray, count: np.ndarray) -> None:
        """Add pairs not held yet (each in either order)."""
        self.a = np.concatenate([self.a, np.minimum(a, b)])
        self.b = np.concatenate([self.b, np.maximum(a, b)])
        self.count = np.concatenate([self.count, count])
        if len(self.count) > self.n:
            cut = np.partition(self.count, len(self.count) - self.n)[len(self.count) - self.n]
            keep = np.flatnonzero(self.count >= cut)
            keep = keep[np.lexsort((self.b[keep], self.a[keep], -self.count[keep]))][: self.n]
            self.a, self.b, self.count = self.a[keep], self.b[keep], self.count[keep]
        if len(self.count) == self.n:
            self.threshold = max(self.threshold, int(self.count.min()))

    def pairs(self) -> list[tuple[int, int, int]]:
        order = np.lexsort((self.b, self.a, -self.count))
        return [(int(self.a[i]), int(self.b[i]), int(self.count[i])) for i in order]
