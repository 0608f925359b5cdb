"""Latency of every query helper on the synthetic graph (default: 100,000 works).

Builds the graph once from ``SyntheticCorpus(size, seed)`` and caches it with ``kg.save`` under
``benchmarks/out/``; later runs load it. Prints a table of median latencies (the targets: under
200 ms for evidence, mechanisms_for and claims_audit) and, as the last line, one JSON object.

    python benchmarks/queries.py [--size 100000] [--seed 1] [--repeat 7]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

# Run as a script, this file's folder comes first on sys.path, where this file and its
# siblings (queries.py, ingest.py) would shadow the packages of the same names.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

import kg  # noqa: E402
import queries  # noqa: E402

OUT = _HERE / "out"
TARGET_MS = 200.0
TARGETED = {"evidence", "evidence_filtered", "mechanisms_for", "claims_audit"}


def graph(size: int, seed: int):
    """The synthetic graph of ``size`` works, built once and cached under benchmarks/out/."""
    path = OUT / f"queries-graph-{size}-{seed}"
    if (path / "manifest.json").is_file():
        t = time.perf_counter()
        G = kg.load(path)
        print(f"loaded {path} in {time.perf_counter() - t:.1f} s", file=sys.stderr)
        return G, None
    from ingest.seeds import bibliography_entries
    from ingest.standin.corpus import SyntheticCorpus
    from kg.claims import articles

    corpus = SyntheticCorpus(size, seed)
    t = time.perf_counter()
    G = kg.build_graph(corpus.works(), hops=corpus.hops(), seed_map=corpus.seed_map(), synthetic=True,
                          articles=articles(bibliography_entries()))
    built = time.perf_counter() - t
    print(f"built {size} works in {built:.1f} s; saving to {path}", file=sys.stderr)
    kg.save(G, path)
    return G, built


def cases(G) -> dict:
    """Helper name -> (call, repeats factor): slow helpers run once."""
    top = queries.most_cited(G, n=1)["work"].iloc[0]
    return {
        "evidence": (lambda: queries.evidence(G, mechanism="BDNF"), 1),
        "evidence_filtered": (
            lambda: queries.evidence(G, mechanism="BDNF", condition="neuropathic pain", species="animal"),
            1,
        ),
        "mechanisms_for": (lambda: queries.mechanisms_for(G, "neuropathic pain"), 1),
        "conditions_for": (lambda: queries.conditions_for(G, "BDNF"), 1),
        "claims_audit": (lambda: queries.claims_audit(G), 1),
        "timeline": (lambda: queries.timeline(G, "electroacupuncture"), 1),
        "chains_2": (lambda: queries.chains(G, "electroacupuncture", "neuropathic pain", max_len=2), 1),
        "chains_3": (lambda: queries.chains(G, "electroacupuncture", "neuropathic pain", max_len=3), 0),
        "references": (lambda: queries.references(G, top), 1),
        "cited_by": (lambda: queries.cited_by(G, top), 1),
        "most_cited": (lambda: queries.most_cited(G), 0),
        "central_works": (lambda: queries.central_works(G), 0),
        "evidence_matrix": (lambda: queries.evidence_matrix(G, value="score"), 0),
        "gaps": (lambda: queries.gaps(G), 0),
        "co_cited": (lambda: queries.co_cited(G), 0),
        "coupled": (lambda: queries.coupled(G), 0),
        "communities": (lambda: queries.communities(G), 0),
    }


def measure(call, repeat: int) -> tuple[float, int]:
    """Median wall time in ms over ``repeat`` calls, and the rows of the result."""
    times, rows = [], 0
    for _ in range(repeat):
        t = time.perf_counter()
        rows = len(call())
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), rows


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=7, help="Runs of each fast helper (slow ones: 1).")
    parser.add_argument("--only", nargs="*", help="Measure only these helpers.")
    args = parser.parse_args(argv)
    G, built = graph(args.size, args.seed)
    works = G.graph.get("works")
    results = {}
    print(f"{'helper':<20}{'median ms':>12}{'runs':>6}{'rows':>8}  target")
    for name, (call, fast) in cases(G).items():
        if args.only and name not in args.only:
            continue
        runs = args.repeat if fast else 1
        ms, rows = measure(call, runs)
        target = f"< {TARGET_MS:.0f} ms {'ok' if ms < TARGET_MS else 'MISSED'}" if name in TARGETED else ""
        print(f"{name:<20}{ms:>12.1f}{runs:>6}{rows:>8}  {target}")
        results[name] = round(ms, 1)
    summary = {
        "benchmark": "queries",
        "works": works,
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
        "build_s": round(built, 1) if built is not None else None,
        "median_ms": results,
        "targets_met": all(results[n] < TARGET_MS for n in TARGETED if n in results),
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
