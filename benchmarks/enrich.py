"""Benchmark: PubMed enrichment of a synthetic record store against the stand-in's E-utilities.

The stand-in runs in a child process (as NCBI would be another machine) with ~20 ms latency
per request and NCBI's limit enforced (3 requests/s without a key: a faster client gets 429s).
The store holds the OpenAlex records (id, DOI, ids) of every work of the synthetic corpus;
``acukg enrich``'s job then fetches the PubMed records. Checked: EFetch requests <= 1.05 ×
ceil(PMIDs / 200) plus the ESearch DOI look-ups (one per 50 DOIs), no 429, and at most
``rate`` requests in any one-second window.

Run:  .venv/bin/python benchmarks/enrich.py [--works 20000] [--rate 3]
Prints a table, then one JSON line with the figures.
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# This file is named like a module it measures: keep its folder off the import path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

SERVE = """
import sys
from ingest.standin.server import start_standin
s = start_standin(size=int(sys.argv[1]), seed=int(sys.argv[2]), latency=float(sys.argv[3]))
s.eutils_limits.set_rate_limit(float(sys.argv[4]))
print(s.url, flush=True)
sys.stdin.read()
import json; print(json.dumps(s.stats), flush=True)
s.stop()
"""


def fill_store(path: Path, works: int, seed: int) -> None:
    """A record store holding the id, DOI and ids of every work of the corpus."""
    from ingest.standin.corpus import SyntheticCorpus
    from ingest.store import RecordStore

    corpus = SyntheticCorpus(works, seed)
    with RecordStore(path, create=True) as store:
        for start in range(0, works, 5000):
            batch = [corpus.work_json(w, select=["id", "doi", "ids"]) for w in corpus.ids()[start:start + 5000]]
            store.put_batch([(raw, json.loads(raw)) for raw in batch], hop=1, via="benchmark", run_id="benchmark")


def max_in_window(times: list[float], seconds: float = 1.0) -> int:
    """The most requests started within any window of ``seconds``."""
    best, lo = 0, 0
    for hi, t in enumerate(times):
        while t - times[lo] >= seconds:
            lo += 1
        best = max(best, hi - lo + 1)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--works", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--rate", type=float, default=3.0, help="NCBI's limit: 3 without a key, 10 with one")
    parser.add_argument("--latency", type=float, default=0.02)
    args = parser.parse_args()

    from ingest.enrich import enrich
    from ingest.eutils import EutilsClient
    from kg.settings import Settings

    proc = subprocess.Popen([sys.executable, "-c", SERVE, str(args.works), str(args.seed), str(args.latency),
                             str(args.rate)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    url = proc.stdout.readline().strip()
    if not url.startswith("http://"):
        raise SystemExit("the stand-in did not start")
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        fill_store(data / "records.sqlite", args.works, args.seed)
        settings = Settings(data_dir=data, pubmed_url=url + "/entrez/eutils", pubmed_rate_limit=args.rate)
        start = time.perf_counter()
        with EutilsClient(settings) as client:
            manifest = enrich(settings, client=client)
            sent = list(client.stats.sent_at)
        wall = time.perf_counter() - start
    proc.stdin.close()
    server = json.loads(proc.stdout.readline())
    proc.wait(timeout=30)

    pmids = manifest["asked"]
    dois = manifest["doi_lookups"]["searched"]
    efetch, esearch = server.get("efetch", 0), server.get("esearch", 0)
    efetch_bound = 1.05 * math.ceil(pmids / 200)
    window = max_in_window(sent)
    rate_limited = server.get("eutils_rate_limited", 0)
    ok = efetch <= efetch_bound and esearch == math.ceil(dois / 50) and rate_limited == 0 and window <= args.rate
    rows = [
        ("works in the store", f"{args.works:,}"),
        ("PMIDs fetched (from OpenAlex + found by DOI)", f"{pmids:,} ({manifest['doi_lookups']['pmids_found']:,} by DOI)"),
        ("records with an abstract", f"{manifest['with_abstract']:,}"),
        ("EFetch requests / bound 1.05 × ceil(PMIDs/200)", f"{efetch} / {efetch_bound:.2f}"),
        ("ESearch requests (50 DOIs each) / DOIs", f"{esearch} / {dois:,}"),
        ("requests in any 1 s window / limit", f"{window} / {args.rate:g}"),
        ("429 answers", str(rate_limited)),
        ("retries", str(manifest["retries"])),
        ("wall time", f"{wall:.1f} s ({len(sent) / wall:.2f} req/s)"),
    ]
    width = max(len(r[0]) for r in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    print(json.dumps({
        "benchmark": "enrich", "works": args.works, "pmids": pmids, "dois_searched": dois,
        "pmids_found_by_doi": manifest["doi_lookups"]["pmids_found"], "with_abstract": manifest["with_abstract"],
        "efetch_requests": efetch, "efetch_bound": round(efetch_bound, 2), "esearch_requests": esearch,
        "requests": manifest["requests"], "max_requests_in_1s": window, "rate_limit": args.rate,
        "rate_limited": rate_limited, "retries": manifest["retries"], "wall_s": round(wall, 2), "ok": ok,
    }))


if __name__ == "__main__":
    main()
