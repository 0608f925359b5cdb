"""The citation matrix: who cites whom among works, as the edges say, cached per graph."""

import networkx as nx

from kg.citation_matrix import citations


def test_matrix_holds_the_work_to_work_edges(synthetic_graph):
    G = synthetic_graph
    index = citations(G)
    assert index.works == sorted(n for n, k in G.nodes(data="kind") if k == "work")
    expected = {(u, v) for u, v, t in G.edges(data="type") if t == "CITES" and u.startswith("work:")}
    rows, cols = index.matrix.nonzero()
    assert {(index.works[i], index.works[j]) for i, j in zip(rows, cols)} == expected
    assert index.matrix.nnz == len(expected) and index.matrix.has_sorted_indices
    assert citations(G) is index


def test_cited_counts_and_growth():
    G = nx.MultiDiGraph([("work:W1", "work:W2"), ("work:W3", "work:W2"), ("source:s1", "work:W1")])
    assert citations(G).cited.tolist() == [0, 2, 0]
    G.add_edge("work:W2", "work:W1", key="CITES")
    assert citations(G).cited.tolist() == [1, 2, 0]
