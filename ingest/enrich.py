"""The enrichment job: PubMed records for the stored works, into the record store.

:func:`enrich` takes every stored work with a PMID, and the PMIDs that ESearch finds for the
DOIs of works without one (``"<doi>"[doi]`` terms joined by OR, a batch per request), and
fetches the records it does not hold yet with EFetch, 200 PMIDs a request. Each batch is
stored in one transaction (raw XML per PMID, the record :mod:`kg.pubmed` reads, the PMIDs
PubMed did not return with the reason), so a job killed at any moment resumes with the same
command and ends with the same store. The manifest (kept in the store's ``meta`` table as
``pubmed_manifest``) counts what was asked, found, with an abstract and missing; it holds no
API key or e-mail.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections import Counter
from dataclasses import dataclass

from ingest import pubmed_store
from ingest.eutils import EutilsClient
from ingest.store import RecordStore, utc_now
from kg.pubmed import PARSER_VERSION, parse_efetch, split_articles
from kg.settings import Settings

log = logging.getLogger(__name__)

NOT_RETURNED = "not returned by EFetch (no such PMID in PubMed)"


@dataclass(frozen=True)
class EnrichOptions:
    """``batch`` PMIDs per EFetch (200 by GET; more go by POST), ``doi_batch`` DOIs per
    ESearch, and whether to ask again for PMIDs PubMed did not return before."""

    batch: int = 200
    doi_batch: int = 50
    retry_missing: bool = False

    def __post_init__(self) -> None:
        if not 1 <= self.batch <= 10_000:
            raise ValueError(f"EFetch batch must be 1 to 10000 PMIDs, got {self.batch!r}")
        if not 1 <= self.doi_batch <= 200:
            raise ValueError(f"ESearch batch must be 1 to 200 DOIs, got {self.doi_batch!r}")


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def enrich(settings: Settings, *, options: EnrichOptions | None = None, client: EutilsClient | None = None,
           progress=None) -> dict:
    """Fetch the PubMed records of the stored works into the store; returns the manifest.

    Raises :class:`~kg.errors.StoreError` without a record store, :class:`~kg.errors.StoreInUse`
    when another job holds it, and :class:`~kg.errors.PubmedError` when PubMed keeps failing
    (what was fetched is kept: run again to resume).
    """
    options = options or EnrichOptions()
    own_client = client is None
    client = client or EutilsClient(settings)
    run_id = "pubmed-" + uuid.uuid4().hex[:12]
    started = utc_now()
    try:
        with RecordStore(settings.store_path) as store, store.lock():
            pubmed_store.ensure_tables(store)
            works = list(pubmed_store.work_ids(store))
            doi_found = _look_up_dois(store, client, works, options, progress)
            manifest = _fetch(store, client, works, options, progress, run_id)
            manifest.update(
                run_id=run_id, started_at=started, finished_at=utc_now(), pubmed_url=settings.pubmed_url,
                rate_limit=settings.pubmed_rate_limit, api_key=bool(settings.ncbi_api_key),
                doi_lookups=doi_found, store=pubmed_store.counts(store), **client.stats.as_dict(),
            )
            store.set_meta("pubmed_manifest", json.dumps(manifest, sort_keys=True))
            return manifest
    finally:
        if own_client:
            client.close()


def _look_up_dois(store, client, works, options, progress) -> dict:
    """ESearch the DOIs of works without a PMID that were not searched before."""
    have_pmid = {pmid for _, _, pmid, _ in works if pmid}
    searched = pubmed_store.searched_dois(store)
    todo = sorted({doi for _, _, pmid, doi in works if doi and not pmid} - searched)
    found = 0
    if todo and progress is not None:
        progress.start("PubMed DOI look-ups", len(todo))
    for batch in _chunks(todo, options.doi_batch):
        pmids = [p for p in client.esearch_dois(batch) if p not in have_pmid]
        pubmed_store.put_doi_batch(store, batch, pmids)
        found += len(pmids)
        if progress is not None:
            progress.advance(len(batch), client.stats.requests)
    if todo and progress is not None:
        progress.finish()
    return {"searched": len(todo), "searched_before": len(searched), "pmids_found": found}


def _fetch(store, client, works, options, progress, run_id) -> dict:
    """EFetch every wanted PMID not held (nor known missing, unless retried), batch by batch."""
    wanted = dict.fromkeys(pmid for _, _, pmid, _ in works if pmid)
    wanted.update(dict.fromkeys(pubmed_store.wanted(store)))
    held = pubmed_store.held(store)
    skip = held | (set() if options.retry_missing else set(pubmed_store.missing(store)))
    todo = sorted((p for p in wanted if p not in skip), key=lambda p: (len(p), p))
    found = with_abstract = 0
    reasons: Counter[str] = Counter()
    if progress is not None:
        if len(wanted) - len(todo):
            progress.note(f"{len(wanted) - len(todo)} of {len(wanted)} PubMed records already held or known missing")
        progress.start("PubMed records", len(todo))
    for batch in _chunks(todo, options.batch):
        data = client.efetch(batch)
        records = {r.pmid: r for r in parse_efetch(data)}
        asked = set(batch)
        rows = [(pmid, xml, records[pmid].to_dict(), PARSER_VERSION)
                for pmid, xml in split_articles(data) if pmid in asked and pmid in records]
        missing = {p: NOT_RETURNED for p in batch if p not in records}
        pubmed_store.put_batch(store, rows, missing, run_id)
        found += len(rows)
        with_abstract += sum(r[2]["abstract"] is not None for r in rows)
        reasons.update(missing.values())
        if progress is not None:
            progress.advance(len(batch), client.stats.requests)
    if progress is not None:
        progress.finish()
    return {
        "works": len(works),
        "works_with_pmid": sum(1 for _, _, pmid, _ in works if pmid),
        "asked": len(todo),
        "already_held": len(wanted) - len(todo),
        "found": found,
        "with_abstract": with_abstract,
        "missing": dict(reasons),
    }
