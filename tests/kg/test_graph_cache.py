"""The per-graph cache: computed once, recomputed when the graph's counts change, per graph."""

import gc
import weakref

import networkx as nx

from kg import graph_cache


def counting(calls):
    def compute(G):
        calls.append(G)
        return G.number_of_edges()

    return compute


def test_computed_once_per_graph_until_it_changes():
    calls = []
    G = nx.MultiDiGraph([("a", "b")])
    H = nx.MultiDiGraph([("a", "b"), ("b", "c")])
    assert [graph_cache.derived(G, "edges", counting(calls)) for _ in range(3)] == [1, 1, 1]
    assert graph_cache.derived(H, "edges", counting(calls)) == 2  # another graph, its own entry
    assert len(calls) == 2
    G.add_edge("b", "c")
    assert graph_cache.derived(G, "edges", counting(calls)) == 2
    G.add_node("z")
    G.remove_edge("a", "b")
    assert graph_cache.derived(G, "edges", counting(calls)) == 1
    assert len(calls) == 4


def test_clear_after_edits_that_keep_the_counts():
    G = nx.MultiDiGraph([("a", "b")])
    assert graph_cache.derived(G, "edges", nx.number_of_edges) == 1
    G.add_edge("a", "b")  # a parallel edge: the same linked pairs, not detected
    assert graph_cache.derived(G, "edges", nx.number_of_edges) == 1
    graph_cache.clear(G)
    assert graph_cache.derived(G, "edges", nx.number_of_edges) == 2


def test_entries_go_with_the_graph():
    G = nx.MultiDiGraph([("a", "b")])
    graph_cache.derived(G, "n", len)
    alive = weakref.ref(G)
    del G
    gc.collect()
    assert alive() is None


def test_fingerprint_counts_nodes_and_linked_pairs():
    assert graph_cache.fingerprint(nx.MultiDiGraph([("a", "b"), ("a", "b"), ("c", "c")])) == (3, 2)
    assert graph_cache.fingerprint(nx.DiGraph([("a", "b"), ("b", "a")])) == (2, 2)
