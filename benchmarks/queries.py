"""Latency of every query helper on the synthetic graph (default: 100,000 works).

Builds the graph once from ``SyntheticCorpus(size, seed)`` and caches it with ``kg.save`` under
``benchmarks/out/``; later runs load it. Each helper is timed cold (its first call after
``kg.graph_cache.clear``, so it pays for the citation matrix, PageRank, stances… it needs) and
warm (the median of further calls, which reuse them). Prints a table against the targets (cold
time) and, as the last line, one JSON object with every helper's cold and median times, the
modularity of the communities found and the peak resident memory (``ru_maxrss``: the process's
high-water mark, graph included).

    python benchmarks/queries.py [--size 100000] [--seed 1] [--repeat 7]
"""

from __future__ import annotations

import argparse
import json
import resource
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
from kg import graph_cache  # noqa: E402

OUT = _HERE / "out"
TARGET_MS = {
    **dict.fromkeys(("evidence", "evidence_filtered", "mechanisms_for", "claims_audit"), 200.0),
    **dict.fromkeys(("chains_3", "most_cited", "central_works", "gaps", "evidence_matrix"), 1000.0),
    **dict.fromkeys(("co_cited", "coupled"), 3000.0),
    "communities": 10000.0,
}


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


def measure(G, call, repeat: int) -> tuple[float, float, object]:
    """Wall time in ms of the first call after clearing ``G``'s derived structures, the median
    over ``repeat`` further calls, and the last result."""
    graph_cache.clear(G)
    times = []
    for _ in range(repeat + 1):
        t = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - t) * 1000)
    return times[0], statistics.median(times[1:]), result


def peak_rss_mb() -> float:
    """The process's peak resident memory so far (``ru_maxrss``, KiB on Linux) in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=7, help="Warm runs of each fast helper (slow ones: 1).")
    parser.add_argument("--only", nargs="*", help="Measure only these helpers.")
    args = parser.parse_args(argv)
    G, built = graph(args.size, args.seed)
    loaded_rss = peak_rss_mb()
    works = G.graph.get("works")
    cold, warm, modularity = {}, {}, None
    print(f"{'helper':<20}{'cold ms':>10}{'median ms':>11}{'runs':>6}{'rows':>8}  target (cold)")
    for name, (call, fast) in cases(G).items():
        if args.only and name not in args.only:
            continue
        runs = args.repeat if fast else 1
        first, median, result = measure(G, call, runs)
        if name == "communities":
            modularity = result.attrs["modularity"]
        target = ""
        if name in TARGET_MS:
            target = f"< {TARGET_MS[name]:.0f} ms {'ok' if first < TARGET_MS[name] else 'MISSED'}"
        print(f"{name:<20}{first:>10.1f}{median:>11.1f}{runs + 1:>6}{len(result):>8}  {target}")
        cold[name], warm[name] = round(first, 1), round(median, 1)
    summary = {
        "benchmark": "queries",
        "works": works,
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
        "build_s": round(built, 1) if built is not None else None,
        "cold_ms": cold,
        "median_ms": warm,
        "modularity": round(modularity, 4) if modularity is not None else None,
        "targets_met": all(cold[n] < TARGET_MS[n] for n in TARGET_MS if n in cold),
        "rss_after_load_mb": round(loaded_rss),
        "peak_rss_mb": round(peak_rss_mb()),
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
