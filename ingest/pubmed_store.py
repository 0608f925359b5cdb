"""PubMed records in the record store: raw XML as received, keyed by PMID.

Tables (added to a :class:`~ingest.store.RecordStore` file on first use)
------------------------------------------------------------------------
``pubmed``
    One row per PMID: the raw ``PubmedArticle`` (or ``PubmedBookArticle``) XML as EFetch
    sent it, the record :mod:`kg.pubmed` read from it (JSON, with the reader's version), the
    record's DOI, whether it has an abstract, fetch time and run.
``pubmed_missing``
    PMIDs asked for and not returned, with the reason.
``pubmed_doi``
    DOIs looked up with ESearch (so a resumed job does not search them again).
``pubmed_wanted``
    PMIDs found by those look-ups, to fetch with the others.

Every batch is one transaction, so a job killed at any moment leaves whole batches only.
"""

from __future__ import annotations

import json
from typing import Iterable, Iterator

from ingest.store import RecordStore, utc_now

_SCHEMA = """
CREATE TABLE IF NOT EXISTS pubmed (
    pmid TEXT PRIMARY KEY,
    xml TEXT NOT NULL,
    record TEXT NOT NULL,
    parser INTEGER NOT NULL,
    doi TEXT,
    has_abstract INTEGER NOT NULL,
    fetched_at TEXT NOT NULL,
    run_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS pubmed_doi_index ON pubmed (doi);
CREATE TABLE IF NOT EXISTS pubmed_missing (
    pmid TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    run_id TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS pubmed_doi (
    doi TEXT PRIMARY KEY,
    searched_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS pubmed_wanted (
    pmid TEXT PRIMARY KEY
);
"""


def ensure_tables(store: RecordStore) -> None:
    """Add the PubMed tables to a record store (nothing happens if they exist)."""
    with store.transaction() as c:
        for statement in _SCHEMA.split(";"):
            if statement.strip():
                c.execute(statement)


def has_tables(store: RecordStore) -> bool:
    return store._one("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'pubmed'") is not None


def work_ids(store: RecordStore) -> Iterator[tuple[str, int, str | None, str | None]]:
    """``(W id, hop, PMID, DOI)`` of every stored work, in id order."""
    yield from store._rows("SELECT id, hop, pmid, doi FROM works ORDER BY length(id), id")


def held(store: RecordStore) -> set[str]:
    """PMIDs whose record is stored."""
    return {p for (p,) in store._rows("SELECT pmid FROM pubmed")}


def missing(store: RecordStore) -> dict[str, str]:
    """``{PMID: reason}`` of the PMIDs PubMed did not return."""
    return dict(store._rows("SELECT pmid, reason FROM pubmed_missing ORDER BY pmid"))


def searched_dois(store: RecordStore) -> set[str]:
    return {d for (d,) in store._rows("SELECT doi FROM pubmed_doi")}


def wanted(store: RecordStore) -> list[str]:
    """PMIDs the DOI look-ups found, in numeric order."""
    return [p for (p,) in store._rows("SELECT pmid FROM pubmed_wanted ORDER BY length(pmid), pmid")]


def put_doi_batch(store: RecordStore, dois: Iterable[str], pmids: Iterable[str]) -> None:
    """Record one ESearch batch: the DOIs searched and the PMIDs found, in one transaction."""
    now = utc_now()
    with store.transaction() as c:
        c.executemany("INSERT OR IGNORE INTO pubmed_doi (doi, searched_at) VALUES (?, ?)", [(d, now) for d in dois])
        c.executemany("INSERT OR IGNORE INTO pubmed_wanted (pmid) VALUES (?)", [(p,) for p in pmids])


def put_batch(store: RecordStore, rows: list[tuple[str, bytes, dict, int]], missing_: dict[str, str],
              run_id: str) -> None:
    """Store one EFetch batch in one transaction: ``(pmid, raw XML, record dict, parser
    version)`` rows and ``{pmid: reason}`` for the PMIDs not returned."""
    now = utc_now()
    with store.transaction() as c:
        for pmid, xml, record, parser in rows:
            c.execute(
                "INSERT OR REPLACE INTO pubmed (pmid, xml, record, parser, doi, has_abstract, fetched_at, run_id)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (pmid, xml.decode("utf-8"), json.dumps(record, ensure_ascii=False, sort_keys=True), parser,
                 record.get("doi"), int(record.get("abstract") is not None), now, run_id),
            )
            c.execute("DELETE FROM pubmed_missing WHERE pmid = ?", (pmid,))
        c.executemany(
            "INSERT OR REPLACE INTO pubmed_missing (pmid, reason, run_id, recorded_at) VALUES (?, ?, ?, ?)",
            [(p, reason, run_id, now) for p, reason in missing_.items()],
        )


def records(store: RecordStore) -> Iterator[tuple[str, str, dict, int]]:
    """``(pmid, raw XML, record dict, parser version)`` of every stored record, by PMID."""
    if not has_tables(store):
        return
    for pmid, xml, record, parser in store._rows(
            "SELECT pmid, xml, record, parser FROM pubmed ORDER BY length(pmid), pmid"):
        yield pmid, xml, json.loads(record), parser


def counts(store: RecordStore) -> dict[str, int]:
    """Records held, with an abstract, and PMIDs missing."""
    if not has_tables(store):
        return {"records": 0, "with_abstract": 0, "missing": 0}
    n, with_abstract = store._one("SELECT count(*), coalesce(sum(has_abstract), 0) FROM pubmed")
    return {"records": n, "with_abstract": with_abstract,
            "missing": store._one("SELECT count(*) FROM pubmed_missing")[0]}
