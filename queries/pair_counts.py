"""The pairs of members sharing the most groups (co-citation, bibliographic coupling), exactly,
by sparse matrix products whose memory stays bounded.

With ``M`` the binary ``groups × members`` matrix, the groups two members share are the
entries of ``Mᵀ M``. That product is never formed whole: a work citing 5,000 others alone
adds 12.5 million pairs. Members are taken busiest first (most groups), a block at a time,
each block's rows multiplied out only as far as a budget of entries allows; each pair is
counted once, at its busier member. Since a pair shares at most as many groups as either
member has, once ``n`` pairs share ``t`` groups, members in fewer than ``t`` groups can
neither be partners (their columns are dropped) nor start a pair (the walk stops there).
Counts are exact; the answer equals counting every pair.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

#: Entries one block's product may hold (about 64 MB of index and count arrays).
BUDGET = 1 << 22


def top_pairs(memberships, *, n: int, min_count: int, budget: int = BUDGET) -> list[tuple[int, int, int]]:
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
        Entries of the product held at once (a block of one member may exceed it).

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
    by_member = M.T.tocsr()
    degree = np.diff(by_member.indptr)
    order = np.argsort(-degree, kind="stable")  # busiest first, then by index
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    best = _Best(n, max(min_count, 1))
    partners, kept_for = None, None
    start = 0
    while start < len(order) and degree[order[start]] >= best.threshold:
        if kept_for is None or _worth_narrowing(degree, best.threshold, kept_for):
            kept_for = best.threshold
            columns = np.flatnonzero(degree >= kept_for)
            partners = M[:, columns].tocsr()
            cost = by_member @ np.diff(partners.indptr).astype(np.int64)
        stop = _block_end(order, start, cost, degree, best.threshold, budget)
        block = order[start:stop]
        product = (by_member[block] @ partners).tocoo()
        a = block[product.row]
        b = columns[product.col]
        keep = (rank[b] > rank[a]) & (product.data >= best.threshold)
        best.add(a[keep], b[keep], product.data[keep])
        start = stop
    return best.pairs()


def _worth_narrowing(degree: np.ndarray, threshold: int, kept_for: int) -> bool:
    """Whether raising the partners' floor from ``kept_for`` to ``threshold`` drops at least
    half of them (narrowing costs a pass over the matrix)."""
    if threshold <= kept_for:
        return False
    return 2 * np.count_nonzero(degree >= threshold) <= np.count_nonzero(degree >= kept_for)


def _block_end(order, start: int, cost, degree, threshold: int, budget: int) -> int:
    """End of the block of members from ``start``: as many as fit the budget (at least one),
    none in fewer than ``threshold`` groups."""
    spent = np.cumsum(cost[order[start : start + budget]])
    stop = start + max(1, int(np.searchsorted(spent, budget, side="right")))
    busy = degree[order[start:stop]] >= threshold
    return start + int(np.argmin(busy)) if not busy.all() else stop


class _Best:
    """The best ``n`` pairs so far and the count a newcomer needs (``threshold``)."""

    def __init__(self, n: int, floor: int):
        self.n, self.threshold = n, floor
        self.a = self.b = self.count = np.zeros(0, dtype=np.int64)

    def add(self, a: np.ndarray, b: np.ndarray, count: np.ndarray) -> None:
        low, high = np.minimum(a, b), np.maximum(a, b)
        self.a = np.concatenate([self.a, low])
        self.b = np.concatenate([self.b, high])
        self.count = np.concatenate([self.count, count.astype(np.int64)])
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
