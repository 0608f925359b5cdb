"""The one PageRank, against networkx's and the textbook values."""

import networkx as nx
import pytest
import scipy.sparse as sp

from kg.pagerank import PageRankNotConverged, pagerank, pagerank_matrix


@pytest.mark.parametrize("seed", range(5))
def test_equals_networkx_pagerank(seed):
    """At the same tolerance; at networkx's default (1e-6) its ranks here are up to 4e-6 from
    the fixed point, so a comparison with those would test networkx's stopping rule."""
    D = nx.gnp_random_graph(60, 0.05, seed=seed, directed=True)
    D.add_nodes_from(range(60, 65))  # isolated, hence dangling
    expected = nx.pagerank(D, tol=1e-10)
    got = pagerank(D.nodes, list(D.edges) * 2)  # a pair listed twice is one link
    assert got == pytest.approx(expected, abs=1e-9)


def test_textbook_values():
    r = pagerank("abc", [("a", "b"), ("b", "c"), ("c", "a")])
    assert r == pytest.approx({"a": 1 / 3, "b": 1 / 3, "c": 1 / 3}, abs=1e-12)
    r = pagerank("hxyz", [("x", "h"), ("y", "h"), ("z", "h")])
    assert sum(r.values()) == pytest.approx(1) and r["x"] == pytest.approx((0.15 + 0.85 * r["h"]) / 4, abs=1e-10)


def test_empty_and_not_converging():
    assert pagerank([], []) == {} and len(pagerank_matrix(sp.csr_array((0, 0)))) == 0
    with pytest.raises(PageRankNotConverged):
        pagerank_matrix(sp.csr_array([[0, 1, 0], [0, 0, 1], [0, 0, 0]]), max_iter=2)
