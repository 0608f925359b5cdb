"""Benchmark: a depth-2 ingest of about 20,000 works against the stand-in, and the naive way.

The stand-in runs in a child process (as OpenAlex would be another machine) with ~20 ms
latency per request and a 10 req/s limit; the ingest uses the same 10 req/s. The naive
approach is ``pyalex.Works()[id]``, one request per id through pyalex's own per-request
session (pointed at the stand-in), paced at the same rate, measured on a sample of ids.

Run:  .venv/bin/python benchmarks/ingest.py [--works 150000] [--naive-sample 500]
Prints a table, then one JSON line with the figures.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# This file is named like the package it measures: keep its folder off the import path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

SERVE = """
import json, sys
from ingest.standin.server import start_standin
s = start_standin(size=int(sys.argv[1]), seed=int(sys.argv[2]), latency=float(sys.argv[3]),
                  rate_limit=float(sys.argv[4]))
print(s.url, flush=True)
hops = s.corpus.hops()
print(json.dumps({"seeds": [d.openalex_id for d in s.corpus.demo_seeds()],
                  "within_depth_2": sorted(w for w, h in hops.items() if h <= 2)}), flush=True)
sys.stdin.read()
s.stop()
"""


def serve(works: int, seed: int, latency: float, rate: float) -> tuple[subprocess.Popen, str, dict]:
    """The stand-in in a child process: its URL, the demo seeds' ids and the ids within depth 2."""
    proc = subprocess.Popen([sys.executable, "-c", SERVE, str(works), str(seed), str(latency), str(rate)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    url = proc.stdout.readline().strip()
    if not url.startswith("http://"):
        raise SystemExit("the stand-in did not start")
    return proc, url, json.loads(proc.stdout.readline())


def ingest_run(url: str, data: Path, rate: float, seeds: list[str], synthetic: dict) -> tuple[dict, float, float, float]:
    """The real job: its manifest, wall seconds, client CPU seconds and peak memory (MB)."""
    from ingest.job import IngestOptions, ingest
    from ingest.seeds import Seed, SeedList
    from kg.settings import Settings

    settings = Settings(openalex_url=url, data_dir=data, rate_limit=rate)
    seed_list = SeedList(tuple(Seed("openalex", s) for s in seeds), source="benchmark")
    start, cpu = time.perf_counter(), time.process_time()
    manifest = ingest(settings, seed_list, options=IngestOptions(depth=2), synthetic=synthetic)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return manifest, wall, cpu, peak_mb


def server_seconds_per_batch(url: str, ids: list[str], batches: int = 5) -> float:
    """The stand-in's own answer time for a 100-work batch (unthrottled, one at a time)."""
    import requests

    from ingest.fetch import batch_url

    times = []
    with requests.Session() as session:
        for i in range(batches):
            chunk = ids[i * 100:(i + 1) * 100]
            start = time.perf_counter()
            session.get(url + batch_url(chunk)[len("https://api.openalex.org"):]).raise_for_status()
            times.append(time.perf_counter() - start)
    return sum(times) / len(times)


def naive_run(url: str, ids: list[str], rate: float) -> tuple[int, float]:
    """``pyalex.Works()[id]`` per id, pyalex's per-request session rewritten to the stand-in."""
    import pyalex
    import pyalex.api
    import requests
    from requests.adapters import HTTPAdapter

    class ToStandIn(HTTPAdapter):
        def send(self, request, **kw):
            request.url = url + request.url[len("https://api.openalex.org"):]
            return super().send(request, **kw)

    def session():  # what pyalex does per request, but mounted for the stand-in
        s = requests.Session()
        s.mount("https://api.openalex.org", ToStandIn())
        return s

    original = pyalex.api._get_requests_session
    pyalex.api._get_requests_session = session
    try:
        got = 0
        interval = 1.0 / rate
        time.sleep(1.0)  # let the stand-in's token bucket refill after the ingest
        start = last = time.perf_counter()
        for i, wid in enumerate(ids):
            wait = last + interval - time.perf_counter()
            if i and wait > 0:
                time.sleep(wait)
            last = time.perf_counter()
            work = pyalex.Works()[wid]
            got += work["id"].endswith(wid)
        return got, time.perf_counter() - start
    finally:
        pyalex.api._get_requests_session = original


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--works", type=int, default=150_000, help="corpus size (150,000 → ~19k works in depth 2)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--latency", type=float, default=0.02)
    parser.add_argument("--rate", type=float, default=10.0)
    parser.add_argument("--naive-sample", type=int, default=500)
    args = parser.parse_args()

    from ingest.store import RecordStore

    proc, url, truth = serve(args.works, args.seed, args.latency, args.rate)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            manifest, wall, cpu, peak_mb = ingest_run(url, Path(tmp), args.rate, truth["seeds"],
                                                 {"size": args.works, "seed": args.seed})
            with RecordStore(Path(tmp) / "records.sqlite") as store:
                hops = store.hops()
        correct = sorted(hops, key=lambda w: (len(w), w)) == sorted(
            truth["within_depth_2"], key=lambda w: (len(w), w))
        hop2 = [w for w, h in hops.items() if h == 2]
        sample = hop2[: args.naive_sample]
        naive_got, naive_wall = naive_run(url, sample, args.rate)
        per_batch = server_seconds_per_batch(url, hop2[-500:], batches=max(1, min(5, len(hop2) // 100)))
    finally:
        proc.stdin.close()
        proc.wait(timeout=30)

    works = manifest["counts"]["works_in_store"]
    requests_ = manifest["requests"]
    planned = {h: v["planned"] for h, v in manifest["hops"].items()}
    lower = sum(math.ceil(n / 100) for n in planned.values())  # hop 0 is the seed resolution
    singles = len(manifest["missing"])
    works_per_s = works / wall
    naive_per_s = naive_got / naive_wall
    rows = [
        ("acukg ingest (batched, pooled)", works, requests_, wall, works_per_s),
        (f"naive Works()[id], {len(sample)} ids", naive_got, len(sample), naive_wall, naive_per_s),
    ]
    load = os.getloadavg()[0]
    print(f"stand-in: {args.works} works, {args.latency * 1000:.0f} ms latency, {args.rate:g} req/s;"
          f" depth 2 from {len(truth['seeds'])} seeds; hops planned {planned};"
          f" store = corpus BFS within depth 2: {correct}; load average {load:.1f} on {os.cpu_count()} CPUs")
    print(f"{'approach':<34}{'works':>8}{'requests':>10}{'wall s':>9}{'works/s':>10}")
    for name, w, r, t, wps in rows:
        print(f"{name:<34}{w:>8}{r:>10}{t:>9.1f}{wps:>10.1f}")
    print(f"lower bound: {lower} requests (sum over hops of ceil(ids/100)); measured {requests_}"
          f" = {requests_ / lower:.3f}x ({requests_ - singles} batch requests = {(requests_ - singles) / lower:.3f}x,"
          f" + {singles} singleton retries of ids the batches lacked)")
    print(f"wall {wall:.1f} s vs requests/rate {requests_ / args.rate:.1f} s = {wall / (requests_ / args.rate):.3f}x;"
          f" speed-up over naive {works_per_s / naive_per_s:.1f}x; peak memory {peak_mb:.0f} MB;"
          f" retries {manifest['retries']}")
    print(f"the stand-in itself takes {per_batch:.3f} s to answer one 100-work batch (unthrottled), so"
          f" {requests_ - singles} batches need at least {per_batch * (requests_ - singles):.1f} s of its time;"
          f" the client used {cpu:.1f} s of CPU")
    print(json.dumps({
        "works": works, "requests": requests_, "batch_requests": requests_ - singles,
        "singleton_retries": singles, "lower_bound": lower, "wall_s": round(wall, 2),
        "rate_limit": args.rate, "latency_s": args.latency, "works_per_s": round(works_per_s, 1),
        "naive_works_per_s": round(naive_per_s, 2), "naive_sample": len(sample),
        "speedup": round(works_per_s / naive_per_s, 1), "peak_mb": round(peak_mb, 1),
        "retries": manifest["retries"], "correct": correct, "standin_s_per_batch": round(per_batch, 3),
        "client_cpu_s": round(cpu, 1),
        "load_average": round(load, 2),
    }))


if __name__ == "__main__":
    main()
