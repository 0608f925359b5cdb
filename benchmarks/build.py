"""Benchmark the build: tagging throughput against a naive regex loop, build time and peak memory.

For each corpus size (default 10,000 and 100,000 synthetic works) a fresh subprocess
1. writes the corpus as JSON lines (what the record store holds: raw work JSON),
2. times ``kg.tagging.tag`` over every abstract, and a loop of one compiled regular expression
   per vocabulary name over a sample of the same abstracts (the naive tagger),
3. times ``kg.build.build_graph`` over the JSON lines (decoding included, claims included),
4. reports its peak resident memory (``ru_maxrss``; a fresh process per size so peaks do
   not mix).

The synthetic abstracts are short (about 45 words); the parent process also times ``tag`` on
the 40 hand-written abstracts of ``benchmarks/data/abstracts.txt`` (about 215 words and 30
mentions each), the length and density of real ones in this field, and on the real abstracts of
``../shared/data/real/abstracts.jsonl`` (relative to the repository root; skipped with a message
when absent).

Tagging throughputs are per second of CPU time of the one process (one core); the build is
reported as wall time and CPU time (on a shared machine the wall time includes waiting).

Run: ``.venv/bin/python benchmarks/build.py [--sizes 10000 100000] [--naive-sample 500]``.
The last line printed is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time

SEED = 11
PASSES = 25  # passes over the hand-written abstracts; the best one counts
ABSTRACTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "abstracts.txt")
REAL_ABSTRACTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "data", "real", "abstracts.jsonl")
TARGETS = {"abstracts_per_s": 2000, "speedup": 20, "build_s_100000": 120, "peak_mb_100000": 4096}


def naive_patterns():
    """One case-insensitive word-bounded regex per vocabulary name (label, synonym, abbreviation)."""
    from kg.vocabulary import vocabulary

    patterns = []
    for concept in vocabulary().concepts:
        for name in concept.names:
            flags = 0 if name in concept.abbreviations else re.IGNORECASE
            patterns.append((concept.id, re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)", flags)))
    return patterns


def naive_tag(text: str, patterns) -> list[tuple[str, int, int]]:
    return [(cid, m.start(), m.end()) for cid, rx in patterns for m in rx.finditer(text)]


def realistic_abstracts() -> list[str]:
    """The hand-written abstracts of realistic length and density (one per paragraph)."""
    with open(ABSTRACTS, encoding="utf-8") as fh:
        return [p.strip() for p in fh.read().split("\n\n") if p.strip()]


def real_abstracts() -> list[str] | None:
    """The real abstracts of ``../shared/data/real/abstracts.jsonl``, or None when absent."""
    if not os.path.exists(REAL_ABSTRACTS):
        return None
    with open(REAL_ABSTRACTS, encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    return [r["abstract"] for r in records if r.get("abstract")]


def realistic_tagging(texts: list[str] | None = None, repeat: int = PASSES) -> dict:
    """``tag`` throughput on ``texts`` (default: the hand-written abstracts): best of ``repeat``
    passes (CPU time), the sentence cache emptied before each pass so no text is split for free."""
    from kg.tagging import tag
    from kg.text import sentences

    texts = realistic_abstracts() if texts is None else texts
    mentions = sum(len(tag(text)) for text in texts)
    best = float("inf")
    for _ in range(repeat):
        sentences.cache_clear()
        t0 = time.process_time()
        for text in texts:
            tag(text)
        best = min(best, time.process_time() - t0)
    return {
        "abstracts": len(texts),
        "mean_words": round(sum(len(t.split()) for t in texts) / len(texts), 1),
        "mentions_per_abstract": round(mentions / len(texts), 1),
        "abstracts_per_s": round(len(texts) / best, 1),
    }


def child(size: int, naive_sample: int) -> dict:
    from ingest.standin.corpus import SyntheticCorpus
    from ingest.seeds import bibliography_entries
    from kg.build import build_graph
    from kg.claims import articles
    from kg.text import abstract_text
    from kg.tagging import tag

    out = {"works": size}
    t0 = time.perf_counter()
    corpus = SyntheticCorpus(size, SEED)
    hops, seed_map = corpus.hops(), corpus.seed_map()
    abstracts = []
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "works.jsonl")
        with open(path, "w", encoding="utf-8") as fh:
            for work in corpus.works():
                fh.write(json.dumps(work) + "\n")
                text = abstract_text(work.get("abstract_inverted_index"))
                if text:
                    abstracts.append(text)
        del corpus
        out["generate_s"] = round(time.perf_counter() - t0, 2)

        t0 = time.process_time()
        mentions = sum(len(tag(text)) for text in abstracts)
        tag_s = time.process_time() - t0
        out["abstracts"] = len(abstracts)
        out["abstract_mentions"] = mentions
        out["abstracts_per_s"] = round(len(abstracts) / tag_s, 1)

        patterns = naive_patterns()
        sample = abstracts[:naive_sample]
        t0 = time.process_time()
        for text in sample:
            naive_tag(text, patterns)
        naive_s = time.process_time() - t0
        out["naive_patterns"] = len(patterns)
        out["naive_sample"] = len(sample)
        out["naive_abstracts_per_s"] = round(len(sample) / naive_s, 1)
        out["speedup"] = round(out["abstracts_per_s"] / out["naive_abstracts_per_s"], 1)
        del abstracts

        with open(path, encoding="utf-8") as fh:
            t0, c0 = time.perf_counter(), time.process_time()
            G = build_graph((json.loads(line) for line in fh), hops=hops, seed_map=seed_map, synthetic=True,
                            articles=articles(bibliography_entries()))
            out["build_s"] = round(time.perf_counter() - t0, 2)
            out["build_cpu_s"] = round(time.process_time() - c0, 2)
    out["nodes"] = G.number_of_nodes()
    out["edges"] = G.number_of_edges()
    out["mentions"] = G.graph["mentions"]
    out["peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--naive-sample", type=int, default=500)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.naive_sample)))
        return
    realistic = realistic_tagging()
    real_texts = real_abstracts()
    real = realistic_tagging(real_texts) if real_texts else None

    results = {}
    for size in args.sizes:
        proc = subprocess.run(  # -P: benchmarks/ingest.py must not shadow the ingest package
            [sys.executable, "-P", __file__, "--child", str(size), "--naive-sample", str(args.naive_sample)],
            capture_output=True, text=True, check=False,
        )
        if proc.returncode:
            sys.stderr.write(proc.stderr)
            raise SystemExit(f"benchmark child for {size} works failed (exit {proc.returncode})")
        results[str(size)] = json.loads(proc.stdout.strip().splitlines()[-1])

    header = ("works", "abstracts/s", "naive/s", "speedup", "build s", "build cpu s", "peak MB", "nodes", "edges")
    print("Build benchmark (synthetic corpus, seed %d; naive regex loop on %d abstracts, %s patterns)"
          % (SEED, args.naive_sample, next(iter(results.values()))["naive_patterns"]))
    print("  ".join(f"{h:>12}" for h in header))
    for size, r in results.items():
        row = (size, r["abstracts_per_s"], r["naive_abstracts_per_s"], f"{r['speedup']}x", r["build_s"],
               r["build_cpu_s"], r["peak_mb"], r["nodes"], r["edges"])
        print("  ".join(f"{v:>12}" for v in row))
    print("hand-written abstracts (%d, %s words and %s mentions on average): %s abstracts/s (best of %d passes)"
          % (realistic["abstracts"], realistic["mean_words"], realistic["mentions_per_abstract"],
             realistic["abstracts_per_s"], PASSES))
    if real:
        print("real abstracts (%d, %s words and %s mentions on average): %s abstracts/s (best of %d passes)"
              % (real["abstracts"], real["mean_words"], real["mentions_per_abstract"], real["abstracts_per_s"], PASSES))
    else:
        print("real abstracts: not timed (../shared/data/real absent)")
    print("targets: tagging >= %d abstracts/s and >= %dx naive; 100,000 works in < %d s and < %d MB"
          % (TARGETS["abstracts_per_s"], TARGETS["speedup"], TARGETS["build_s_100000"], TARGETS["peak_mb_100000"]))
    print(json.dumps({**results, "realistic": realistic, "real": real}, sort_keys=True))


if __name__ == "__main__":
    main()
