"""Push rate into a local FalkorDB: batched ``UNWIND … MERGE`` at 1k, 5k and 20k rows per
statement, side by side with one MERGE per row (timed on a sample, rate extrapolated), with the
peak memory of the client and of the server.

    python benchmarks/db.py                    # 100,000 nodes, 500,000 relationships
    python benchmarks/db.py --nodes 10000 --relationships 50000 --sample 500   # quick

The graph is made by the benchmark itself through kg.model (works citing works, works mentioning
concepts). The last line printed is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import threading
import time

import networkx as nx
import psutil

from kg.backends import dialect
from kg.backends.falkordb import FalkorDBBackend
from kg.backends.rows import edge_groups, node_groups
from kg.backends.server import start_falkordb
from kg.model import CONCEPT_KINDS, Cites, Concept, Mentions, Work, add_edge, add_node

MIB = 1024 * 1024


def make_graph(n_nodes: int, n_relationships: int, seed: int = 1) -> nx.MultiDiGraph:
    """Works (95 %) and concepts (5 %); 70 % of relationships CITES, 30 % MENTIONS."""
    rng = random.Random(seed)
    G = nx.MultiDiGraph(synthetic=True, benchmark=True)
    n_concepts = max(len(CONCEPT_KINDS), n_nodes // 20)
    n_works = n_nodes - n_concepts
    concepts = []
    for i in range(n_concepts):
        kind = CONCEPT_KINDS[i % len(CONCEPT_KINDS)]
        concepts.append(f"{kind}:c{i}")
        add_node(G, Concept(id=concepts[-1], label=f"Concept {i}", kind=kind))
    works = [f"work:W{i}" for i in range(n_works)]
    for i, node in enumerate(works):
        add_node(G, Work(id=node, label=f"Author {i} {1980 + i % 45}", openalex_id=f"W{i}",
                         doi=f"10.5555/b{i}", title=f"Study {i} of acupuncture and nerve repair",
                         year=1980 + i % 45, cited_by_count=i % 97, hop=i % 3, seed=i % 50 == 0,
                         design="animal" if i % 2 else "rct", species="rat" if i % 2 else "human",
                         first_author=f"Author {i}", authors=[f"Author {i}", f"Coauthor {i}"]))
    n_cites = int(n_relationships * 0.7)
    pairs = set()
    while len(pairs) < n_cites:
        a = rng.randrange(1, n_works)
        pairs.add((a, rng.randrange(0, a)))
    for a, b in sorted(pairs):
        add_edge(G, Cites(source=works[a], target=works[b]))
    for j in range(n_relationships - n_cites):
        work = works[j % n_works]
        start = (j // n_works) * 50
        add_edge(G, Mentions(source=work, target=concepts[(j * 7) % n_concepts], field="abstract",
                             sentence_index=start // 50, start=start, end=start + 4,
                             sentence="Electroacupuncture increased BDNF expression.",
                             matched="BDNF", direction="up"))
    return G


class PeakRSS:
    """Samples the RSS of some processes every 20 ms; ``.peak[pid]`` in bytes."""

    def __init__(self, *pids: int):
        self.procs = [psutil.Process(p) for p in pids]
        self.peak = {p: 0 for p in pids}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            for proc in self.procs:
                self.peak[proc.pid] = max(self.peak[proc.pid], proc.memory_info().rss)
            self._stop.wait(0.02)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self._run_once()

    def _run_once(self):
        for proc in self.procs:
            self.peak[proc.pid] = max(self.peak[proc.pid], proc.memory_info().rss)


def batched(server, G, batch_size: int) -> dict:
    """Push the whole graph at ``batch_size``; node and relationship rates timed apart."""
    marks = {}

    def hook(name, number, start, end):
        if " " not in name:  # a node group
            marks["nodes_done"] = time.perf_counter()

    with FalkorDBBackend(server.url, graph=f"bench-{batch_size}") as db:
        with PeakRSS(server.pid, psutil.Process().pid) as rss:
            t0 = time.perf_counter()
            report = db.save_graph(G, batch_size=batch_size, on_batch=hook)
            t1 = time.perf_counter()
        counts = db.counts()
        db.drop()
    t_nodes = marks["nodes_done"] - t0
    t_rels = t1 - marks["nodes_done"]
    return {"batch": batch_size, "nodes": report["nodes"], "relationships": report["relationships"],
            "seconds": round(t1 - t0, 2), "nodes_per_s": round(report["nodes"] / t_nodes),
            "rels_per_s": round(report["relationships"] / t_rels),
            "rows_per_s": round((report["nodes"] + report["relationships"]) / (t1 - t0)),
            "server_peak_mib": round(rss.peak[server.pid] / MIB, 1),
            "client_peak_mib": round(rss.peak[psutil.Process().pid] / MIB, 1),
            "counts_ok": counts["CITES"] + counts["MENTIONS"] == report["relationships"]}


def one_per_row(server, G, sample: int) -> dict:
    """One MERGE statement per row for ``sample`` nodes and ``sample`` relationships."""
    nodes = [(g.label, r) for g in node_groups(G) for r in g.rows]
    edges = [(g, r) for g in edge_groups(G) for r in g.rows]
    rng = random.Random(2)
    node_sample = rng.sample(nodes, sample)
    edge_sample = rng.sample(edges, sample)
    with FalkorDBBackend(server.url, graph="bench-one") as db:
        db._ensure_schema()
        t0 = time.perf_counter()
        for label, row in node_sample:
            db.run(dialect.merge_node_one(label), id=row["id"], props=row["props"])
        t_nodes = time.perf_counter() - t0
        ends = {r[k] for g, r in edge_sample for k in ("source", "target")}
        by_label: dict[str, list] = {}
        for label, row in nodes:
            if row["id"] in ends:
                by_label.setdefault(label, []).append(row)
        for label, rows in by_label.items():  # the ends exist first (batched, not timed)
            db._write(dialect.merge_nodes(label), rows)
        t0 = time.perf_counter()
        for g, row in edge_sample:
            db.run(dialect.merge_edge_one(g.type, g.start, g.end), source=row["source"],
                   target=row["target"], key=row["key"], props=row["props"])
        t_rels = time.perf_counter() - t0
        db.drop()
    return {"batch": 1, "sample": sample, "nodes_per_s": round(sample / t_nodes),
            "rels_per_s": round(sample / t_rels),
            "rows_per_s": round(2 * sample / (t_nodes + t_rels)),
            "extrapolated_seconds": round(G.number_of_nodes() / (sample / t_nodes)
                                          + G.number_of_edges() / (sample / t_rels), 1)}


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--relationships", type=int, default=500_000)
    parser.add_argument("--sample", type=int, default=2_000)
    parser.add_argument("--batches", default="1000,5000,20000")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    G = make_graph(args.nodes, args.relationships)
    made = time.perf_counter() - t0
    print(f"graph: {G.number_of_nodes():,} nodes, {G.number_of_edges():,} relationships "
          f"(made in {made:.1f} s)", file=sys.stderr)
    server = start_falkordb()
    try:
        idle = psutil.Process(server.pid).memory_info().rss / MIB
        single = one_per_row(server, G, args.sample)
        runs = [batched(server, G, int(b)) for b in args.batches.split(",")]
    finally:
        server.stop()
    print(f"\n{'method':<22}{'nodes/s':>10}{'rels/s':>10}{'rows/s':>10}{'seconds':>10}"
          f"{'× per-row':>11}{'server MiB':>12}{'client MiB':>12}")
    print(f"{'one MERGE per row':<22}{single['nodes_per_s']:>10,}{single['rels_per_s']:>10,}"
          f"{single['rows_per_s']:>10,}{single['extrapolated_seconds']:>9,}*{1:>11.1f}"
          f"{'':>12}{'':>12}")
    for run in runs:
        ratio = run["rows_per_s"] / single["rows_per_s"]
        run["speedup"] = round(ratio, 1)
        print(f"{'UNWIND batch ' + format(run['batch'], ','):<22}{run['nodes_per_s']:>10,}"
              f"{run['rels_per_s']:>10,}{run['rows_per_s']:>10,}{run['seconds']:>10}"
              f"{ratio:>11.1f}{run['server_peak_mib']:>12}{run['client_peak_mib']:>12}")
    print(f"* extrapolated from {args.sample:,} nodes and {args.sample:,} relationships; "
          f"server idle RSS {idle:.1f} MiB; client max RSS "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB (incl. the graph)")
    figures = {"benchmark": "db", "backend": "falkordb", "nodes": G.number_of_nodes(),
               "relationships": G.number_of_edges(), "one_per_row": single, "batched": runs,
               "server_idle_mib": round(idle, 1),
               "client_max_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
               "best_speedup": max(r["speedup"] for r in runs)}
    print(json.dumps(figures))
    return figures


if __name__ == "__main__":
    main()
