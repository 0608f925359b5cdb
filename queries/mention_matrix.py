"""Which works mention which concepts, as a sparse matrix built once per graph.

Rows are the graph's works in id order (as in ``kg.citation_matrix``), columns its concept
nodes in id order; entry ``(i, j)`` is 1 when work ``i`` has a MENTIONS edge into concept
``j``. Analytics that count concepts over many works at once read it instead of the
adjacency dicts.
"""

from __future__ import annotations

from dataclasses import dataclass
import numpy as np
import scipy.sparse as sp

from kg.citation_matrix import citations, predecessor_matrix
from kg.graph_cache import derived
from kg.model import CONCEPT_KINDS, kind_of


@dataclass(frozen=True)
class Mentioned:
    """Works, concepts and the mentions between them (shared: do not mutate).

    Attributes
    ----------
    works : list of str
        Work ids, sorted (the rows).
    concepts : list of str
        Concept node ids, sorted (the columns).
    matrix : scipy.sparse.csr_array
        ``works × concepts``, int32, 1 where the work mentions the concept.
    """

    works: list[str]
    concepts: list[str]
    matrix: sp.csr_array

    def columns(self, kinds) -> np.ndarray:
        """Column numbers of the concepts of the given kinds."""
        kinds = set(kinds)
        return np.array([j for j, c in enumerate(self.concepts) if kind_of(c) in kinds], dtype=np.int64)


def mentioned(G) -> Mentioned:
    """The :class:`Mentioned` of ``G`` (a networkx MultiDiGraph), cached with the graph.

    The only edges from a work to a concept are MENTIONS (``kg.model``), so a concept's
    predecessors that are works are the works mentioning it.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph([("work:W1", "mechanism:bdnf"), ("work:W1", "work:W2")])
    >>> m = mentioned(G)
    >>> m.works, m.concepts, m.matrix.toarray().tolist()
    (['work:W1', 'work:W2'], ['mechanism:bdnf'], [[1], [0]])
    """
    return derived(G, "mention_matrix", _build)


def _build(G) -> Mentioned:
    works = citations(G).works
    kinds = set(CONCEPT_KINDS)
    concepts = sorted(n for n in G._node if kind_of(n) in kinds)
    # read from the concepts' side: a few hundred nodes whose predecessors are their mentions
    return Mentioned(works, concepts, predecessor_matrix(G, concepts, works).T.tocsr())
