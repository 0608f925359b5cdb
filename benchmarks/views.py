"""Benchmark: writing network views, side by side with pyvis at its defaults, and layout time in Chromium.

For citation graphs of 500, 2,000 and 10,000 works (3 citations each) it times
``kg.views.write_html(G, "citations", …)`` drawing every node (spec + page, self-contained)
against pyvis's defaults (``Network().from_nx(G)`` + ``write_html``, which loads vis-network
and Bootstrap from CDNs), and reports file sizes. Then it opens the 2,000-node view in headless
Chromium (offline) and measures the time from navigation, and from the page script's start,
until the layout has stabilised and physics is off. Last, an evidence map of 2,000 concepts
(6 associations each, all drawn: nodes placed in columns by the spec, no physics) is written
and opened the same way.

Targets: a 2,000-node view written in < 5 s and stable in Chromium in < 10 s (both the
citation network and the evidence map).

Run: ``.venv/bin/python benchmarks/views.py`` (the last line is JSON).
"""

from __future__ import annotations

import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

from kg.model import DESIGNS, AssociatedWith, Cites, Concept, Work, add_edge, add_node

SIZES = (500, 2_000, 10_000)


def citation_graph(n: int, *, seed: int = 1, cites: int = 3) -> nx.MultiDiGraph:
    """``n`` works, each citing ``cites`` earlier ones at random (deterministic)."""
    rng = random.Random(seed)
    G = nx.MultiDiGraph(synthetic=True)
    for i in range(n):
        add_node(G, Work(id=f"work:W{i}", label=f"Work {i}", openalex_id=f"W{i}",
                         doi=f"10.5555/w{i}", title=f"A study of acupuncture number {i}",
                         year=1990 + i % 35, design=rng.choice(DESIGNS), seed=i < 10,
                         hop=0 if i < 10 else 1, first_author=f"Ann Author{i}"))
        for j in rng.sample(range(i), min(i, cites)):
            add_edge(G, Cites(source=f"work:W{i}", target=f"work:W{j}"))
    return G


def concept_graph(n: int, *, seed: int = 1, per_node: int = 6) -> nx.MultiDiGraph:
    """``n`` concepts (1/10 interventions, 7/10 mechanisms, 2/10 conditions), each
    intervention and mechanism with ``per_node`` associations to the next column."""
    rng = random.Random(seed)
    G = nx.MultiDiGraph(synthetic=True)
    split = {"intervention": n // 10, "condition": n // 5}
    split["mechanism"] = n - split["intervention"] - split["condition"]
    ids = {k: [f"{k}:c{i}" for i in range(m)] for k, m in split.items()}
    for kind, nodes in ids.items():
        for node in nodes:
            add_node(G, Concept(id=node, label=f"{kind} number {node.split(':c')[1]}", kind=kind))
    for left, right in (("intervention", "mechanism"), ("mechanism", "condition")):
        for u in ids[left]:
            for v in rng.sample(ids[right], per_node):
                studies = rng.randint(1, 30)
                add_edge(G, AssociatedWith(source=u, target=v, studies=studies, works=[],
                                           n_up=studies, direction="up", n_human=studies,
                                           n_rct=studies, best_level=rng.randint(1, 7),
                                           first_year=2000, last_year=2020))
    # every concept in at least one association: conditions were drawn at random
    return G.subgraph([v for v in G if G.degree(v)]).copy()


def time_ours(G, path: Path, view: str = "citations") -> dict:
    from kg.views import view_spec
    from kg.views.html import write_spec

    t0 = time.perf_counter()
    if view == "citations":
        spec = view_spec(G, view, max_nodes=G.number_of_nodes())
    else:
        spec = view_spec(G, view, max_edges=G.number_of_edges())
    t1 = time.perf_counter()
    write_spec(spec, path)
    t2 = time.perf_counter()
    return {"spec_s": t1 - t0, "write_s": t2 - t1, "total_s": t2 - t0,
            "mib": path.stat().st_size / 2**20, "nodes": len(spec["nodes"]), "edges": len(spec["edges"])}


def time_pyvis_defaults(G, folder: Path) -> dict:
    from pyvis.network import Network

    here = os.getcwd()
    os.chdir(folder)  # pyvis's default ("local") copies a lib/ folder into the working directory
    try:
        t0 = time.perf_counter()
        net = Network()
        net.from_nx(G)
        t1 = time.perf_counter()
        net.write_html("pyvis.html")
        t2 = time.perf_counter()
    finally:
        os.chdir(here)
    return {"from_nx_s": t1 - t0, "write_s": t2 - t1, "total_s": t2 - t0,
            "mib": (folder / "pyvis.html").stat().st_size / 2**20}


def time_chromium(path: Path) -> dict:
    from kg.views.browser import Chromium

    with Chromium(width=1400, height=900, timeout=120) as browser:
        page = browser.open("about:blank")
        t0 = time.perf_counter()
        page.navigate(path.resolve().as_uri(), wait=False)
        page.wait_for("window.acukg && window.acukg.stabilized", timeout=120, interval=0.02)
        wall = time.perf_counter() - t0
        script_ms = page.evaluate("acukg.stabilizeMs")
        physics = page.evaluate("acukg.network.physics.physicsEnabled")
        counts = page.evaluate("[acukg.network.body.data.nodes.length, acukg.network.body.data.edges.length]")
        errors = list(page.errors)
    return {"open_to_stable_s": wall, "script_to_stable_s": script_ms / 1000, "physics_after": physics,
            "nodes": counts[0], "edges": counts[1], "errors": errors}


def main() -> None:
    rows, figures = [], {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for n in SIZES:
            G = citation_graph(n)
            ours = time_ours(G, tmp / f"ours-{n}.html")
            folder = tmp / f"pyvis-{n}"
            folder.mkdir()
            theirs = time_pyvis_defaults(G, folder)
            rows.append((n, ours, theirs))
            figures[str(n)] = {"ours": ours, "pyvis_defaults": theirs}
            print(f"  {n:>6} nodes done", file=sys.stderr)
        browser = time_chromium(tmp / "ours-2000.html")
        evidence = time_ours(concept_graph(2_000), tmp / "evidence-2000.html", "evidence")
        evidence_browser = time_chromium(tmp / "evidence-2000.html")

    print(f"{'nodes':>7} {'edges':>7} | {'acukg spec s':>12} {'page s':>7} {'total s':>8} {'MiB':>6} | "
          f"{'pyvis from_nx s':>15} {'write s':>8} {'total s':>8} {'MiB':>6} | {'pyvis/acukg':>11}")
    for n, ours, theirs in rows:
        print(f"{n:>7,} {ours['edges']:>7,} | {ours['spec_s']:>12.2f} {ours['write_s']:>7.2f} "
              f"{ours['total_s']:>8.2f} {ours['mib']:>6.2f} | {theirs['from_nx_s']:>15.2f} "
              f"{theirs['write_s']:>8.2f} {theirs['total_s']:>8.2f} {theirs['mib']:>6.2f} | "
              f"{theirs['total_s'] / ours['total_s']:>10.1f}x")
    print("(pyvis defaults: the page loads vis-network and Bootstrap from CDNs and copies lib/ into the "
          "working directory; acukg's page embeds vis-network and works offline.)")
    print(f"Chromium, 2,000-node view: {browser['open_to_stable_s']:.2f} s from navigation to a stable "
          f"layout with physics off ({browser['script_to_stable_s']:.2f} s from the page script's start); "
          f"{browser['nodes']:,} nodes, {browser['edges']:,} edges, console errors: {len(browser['errors'])}")
    print(f"Evidence map, {evidence['nodes']:,} concepts and {evidence['edges']:,} associations (all "
          f"drawn, placed in columns): spec {evidence['spec_s']:.2f} s + page {evidence['write_s']:.2f} s "
          f"= {evidence['total_s']:.2f} s, {evidence['mib']:.2f} MiB; Chromium "
          f"{evidence_browser['open_to_stable_s']:.2f} s from navigation to drawn with physics off; "
          f"console errors: {len(evidence_browser['errors'])}")
    ok_write = figures["2000"]["ours"]["total_s"] < 5 and evidence["total_s"] < 5
    ok_stable = browser["open_to_stable_s"] < 10 and evidence_browser["open_to_stable_s"] < 10
    print(f"targets: 2,000-node views written in < 5 s: {'met' if ok_write else 'MISSED'}; "
          f"stable in Chromium in < 10 s: {'met' if ok_stable else 'MISSED'}")
    summary = {
        "benchmark": "views",
        **{f"acukg_write_s_{n}": round(figures[str(n)]["ours"]["total_s"], 3) for n in SIZES},
        **{f"acukg_mib_{n}": round(figures[str(n)]["ours"]["mib"], 2) for n in SIZES},
        **{f"pyvis_default_s_{n}": round(figures[str(n)]["pyvis_defaults"]["total_s"], 3) for n in SIZES},
        **{f"pyvis_default_mib_{n}": round(figures[str(n)]["pyvis_defaults"]["mib"], 2) for n in SIZES},
        "chromium_stable_s_2000": round(browser["open_to_stable_s"], 3),
        "chromium_script_to_stable_s_2000": round(browser["script_to_stable_s"], 3),
        "chromium_physics_off": browser["physics_after"] is False,
        "chromium_errors": len(browser["errors"]),
        "evidence_nodes_2000": evidence["nodes"],
        "evidence_edges_2000": evidence["edges"],
        "evidence_write_s_2000": round(evidence["total_s"], 3),
        "evidence_chromium_stable_s_2000": round(evidence_browser["open_to_stable_s"], 3),
        "evidence_chromium_physics_off": evidence_browser["physics_after"] is False,
        "evidence_chromium_errors": len(evidence_browser["errors"]),
        "target_write_2000_met": ok_write,
        "target_stable_2000_met": ok_stable,
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
