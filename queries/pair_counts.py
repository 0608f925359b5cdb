"""The pairs of members sharing the most groups (co-citation, bibliographic coupling), exactly,
by sparse matrix products whose size stays bounded.

With ``M`` the binary ``groups × members`` matrix, the groups two members share are the
entries of ``Mᵀ M``. That product is never formed whole: a work cited by 7,000 others alone
adds 24 million pairs to the coupling counts. Three bounds keep it small, none of them lossy:

- A pair shares at most as many groups as either member has. Members are taken busiest first,
  a block of rows at a time; each pair is counted once, at its busier member. Once ``n`` pairs
  share ``t`` groups, members in fewer than ``t`` groups can neither be partners (their
  columns are dropped) nor start a pair (the walk stops).
- The busiest members' rows are counted whole first, which sets ``t``. Then the largest groups
  become *hubs*, as many as leave every member in fewer than ``t`` of them: a pair sharing
  ``t`` groups then shares a group that is no hub, so the product over the other groups finds
  it, and the hubs it shares are added from one bit set per member.
- Each block's product holds at most a budget of entries (a block of one member may exceed it).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

#: Entries one block's product may hold (about 64 MB of index and count arrays).
BUDGET = 1 << 22
#: Busiest members whose rows are counted whole, to set the first threshold.
FIRST_ROWS = 256
#: Most hub groups (one bit each per member).
MAX_HUBS = 4096


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
        Entries of the product held at once.
    first_rows : int
        Busiest members whose rows are counted whole, before hubs are set apart.

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
    walk = _Walk(M, n, max(min_count, 1), budget)
    first = min(first_rows, len(walk.order))
    walk.count(0, first, hubs=np.zeros(0, dtype=np.int64))
    walk.count(first, len(walk.order), hubs=walk.hubs())
    return walk.best.pairs()


class _Walk:
    """Members busiest first and the best pairs found so far."""

    def __init__(self, M: sp.csr_array, n: int, floor: int, budget: int):
        self.M, self.by_member, self.budget = M, M.T.tocsr(), budget
        self.degree = np.diff(self.by_member.indptr)
        self.order = np.argsort(-self.degree, kind="stable")  # busiest first, then by index
        self.rank = np.empty_like(self.order)
        self.rank[self.order] = np.arange(len(self.order))
        self.best = _Best(n, floor)

    def hubs(self) -> np.ndarray:
        """The largest groups, as many as leave every member in fewer than ``t`` of them."""
        t = self.best.threshold
        sizes = np.diff(self.M.indptr)
        by_size = np.argsort(-sizes, kind="stable")
        size_rank = np.empty_like(by_size)
        size_rank[by_size] = np.arange(len(by_size))
        X = self.by_member
        busy = np.flatnonzero(self.degree >= t)
        if len(busy):
            ranks = size_rank[X.indices]
            rows = np.repeat(np.arange(X.shape[0]), self.degree)
            ranks = ranks[np.lexsort((ranks, rows))]  # each member's groups, largest first
            limit = int(ranks[X.indptr[busy] + t - 1].min())  # no member reaches t hubs
        else:
            limit = len(sizes)
        return by_size[: min(limit, MAX_HUBS)]

    def count(self, start: int, end: int, *, hubs: np.ndarray) -> None:
        """Count the pairs first met at the members ``order[start:end]``, their hubs apart."""
        plain = np.ones(self.M.shape[0], dtype=bool)
        plain[hubs] = False
        groups = self.M[plain] if len(hubs) else self.M
        bits = np.packbits(self.by_member[:, hubs].toarray().astype(bool), axis=1)
        in_hubs = np.bitwise_count(bits).sum(axis=1, dtype=np.int64)
        rows = self.by_member[:, plain] if len(hubs) else self.by_member
        floor = columns = partners = cost = None
        while start < end and self.degree[self.order[start]] >= self.best.threshold:
            if floor is None or _worth_narrowing(self.degree, self.best.threshold, floor):
                floor = self.best.threshold
                columns = np.flatnonzero(self.degree >= floor)
                partners = groups[:, columns].tocsr()
                cost = rows @ np.diff(partners.indptr).astype(np.int64)
            stop = _block_end(self.order, start, end, cost, self.degree, self.best.threshold, self.budget)
            block = self.order[start:stop]
            product = (rows[block] @ partners).tocoo()
            a, b, shared = block[product.row], columns[product.col], product.data.astype(np.int64)
            t = self.best.threshold
            keep = (self.rank[b] > self.rank[a]) & (shared + np.minimum(in_hubs[a], in_hubs[b]) >= t)
            a, b, shared = a[keep], b[keep], shared[keep]
            if len(hubs):
                shared += np.bitwise_count(bits[a] & bits[b]).sum(axis=1, dtype=np.int64)
            keep = shared >= t
            self.best.add(a[keep], b[keep], shared[keep])
            start = stop


def _worth_narrowing(degree: np.ndarray, threshold: int, kept_for: int) -> bool:
    """Whether raising the partners' floor from ``kept_for`` to ``threshold`` drops at least
    half of them (narrowing costs a pass over the matrix)."""
    if threshold <= kept_for:
        return False
    return 2 * np.count_nonzero(degree >= threshold) <= np.count_nonzero(degree >= kept_for)


def _block_end(order, start: int, end: int, cost, degree, threshold: int, budget: int) -> int:
    """End of the block of members from ``start``: as many as fit the budget (at least one),
    none past ``end`` nor in fewer than ``threshold`` groups."""
    spent = np.cumsum(cost[order[start : min(end, start + budget)]])
    stop = start + max(1, int(np.searchsorted(spent, budget, side="right")))
    busy = degree[order[start:stop]] >= threshold
    return start + int(np.argmin(busy)) if not busy.all() else stop


class _Best:
    """The best ``n`` pairs so far and the count a newcomer needs (``threshold``)."""

    def __init__(self, n: int, floor: int):
        self.n, self.threshold = n, floor
        self.a = self.b = self.count = np.zeros(0, dtype=np.int64)

    def add(self, a: np.ndarray, b: np.ndarray, count: np.ndarray) -> None:
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
