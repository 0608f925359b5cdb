"""Benchmark: build time and peak memory of the synthetic corpus, the cost of its dicts, and
the stand-in's answer time for a 100-work batch.

Each size runs in a fresh subprocess so peak RSS is its own. ``build s`` is wall time,
``cpu s`` the process CPU time of the build (the honest figure on a busy machine);
``ms/dict`` is the mean time of 2,000 work dicts spread over the corpus (the first one
builds the reverse citation index); ``hops s`` the BFS from the demo seeds.
``batch ms`` is the CPU time the stand-in spends answering one
``/works?filter=openalex_id:…&select=…&per-page=100`` request with the ingest's select
(parse, filter, generate, encode; mean of 10 batches of 100 ids spread over the corpus; the
corpus caches nothing per work), and ``http ms`` the median wall time of 5 more such
requests over loopback to a running stand-in (one client, one request at a time, no added
latency; this one includes the machine's load). Prints a table, then one JSON line with the figures.

    python benchmarks/corpus.py            # sizes 10,000 100,000 1,000,000
    python benchmarks/corpus.py 1000 5000  # other sizes
"""

from __future__ import annotations

import json
import subprocess
import sys

CHILD = r"""
import http.client, json, resource, sys, time
from urllib.parse import parse_qs, urlsplit
t0 = time.perf_counter()
from ingest.standin.corpus import SyntheticCorpus
from ingest.standin import api
from ingest.standin.server import start_standin
from ingest.fetch import batch_url
size = int(sys.argv[1])
t1 = time.perf_counter()
cpu1 = time.process_time()
c = SyntheticCorpus(size, seed=0)
t2 = time.perf_counter()
cpu2 = time.process_time()
rss_build = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
ids = c.ids()
step = max(1, size // 2000)
t3 = time.perf_counter()
sample = [c.work(ids[i]) for i in range(0, size, step)][:2000]
t4 = time.perf_counter()
hops = c.hops()
t5 = time.perf_counter()
refs = int(c.arrays["ref_off"][-1])

def batch(k):  # 100 ids spread over the corpus, none asked before
    return [ids[(step // 2 + 1 + k * 7 + j * (size // 100)) % size] for j in range(100)]

def answer(chosen):
    parts = urlsplit(batch_url(chosen)[len("https://api.openalex.org"):])
    reply = api.handle(c, parts.path, parse_qs(parts.query, keep_blank_values=True))
    assert reply.status == 200 and len(reply.body["results"]) == len(chosen)
    return api.to_json(reply.body).encode("utf-8")

cpu6 = time.process_time()
for k in range(10):
    answer(batch(k))
batch_ms = (time.process_time() - cpu6) / 10 * 1000
with start_standin(corpus=c) as s:
    conn = http.client.HTTPConnection(s.host, s.port, timeout=60)
    walls = []
    for k in range(10, 15):
        path = batch_url(batch(k))[len("https://api.openalex.org"):]
        t = time.perf_counter()
        conn.request("GET", path)
        body = conn.getresponse().read()
        walls.append(time.perf_counter() - t)
    conn.close()
print(json.dumps(dict(size=size, build_s=round(t2 - t1, 2), build_cpu_s=round(cpu2 - cpu1, 2), import_s=round(t1 - t0, 2),
    peak_rss_mb_after_build=round(rss_build), work_dict_ms=round((t4 - t3) / len(sample) * 1000, 3),
    hops_s=round(t5 - t4, 2), reached=len(hops), references=refs,
    batch_cpu_ms=round(batch_ms, 1), batch_http_ms=round(sorted(walls)[len(walls) // 2] * 1000, 1),
    batch_kb=round(len(body) / 1024),
    peak_rss_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))))
"""


def main(sizes: list[int]) -> None:
    rows = []
    for size in sizes:
        out = subprocess.run([sys.executable, "-c", CHILD, str(size)], capture_output=True, text=True, check=True)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    head = (f"{'works':>10} {'build s':>8} {'cpu s':>6} {'peak MB':>8} {'refs':>11} {'ms/dict':>8} {'hops s':>7}"
            f" {'reached':>9} {'batch ms':>9} {'http ms':>8}")
    print(head)
    print("-" * len(head))
    for r in rows:
        print(f"{r['size']:>10,} {r['build_s']:>8.2f} {r['build_cpu_s']:>6.2f} {r['peak_rss_mb']:>8,} {r['references']:>11,} "
              f"{r['work_dict_ms']:>8.3f} {r['hops_s']:>7.2f} {r['reached']:>9,} {r['batch_cpu_ms']:>9.1f}"
              f" {r['batch_http_ms']:>8.1f}")
    print(json.dumps({"benchmark": "corpus", "rows": rows}))


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 100_000, 1_000_000])
