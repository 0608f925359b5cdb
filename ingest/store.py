"""The record store: raw OpenAlex work JSON as received, in one SQLite file (WAL).

Tables
------
``works``
    One row per work, keyed by the short OpenAlex id (``W123``): the exact text of the work
    object the server sent (``json``), the hop at which a crawl first reached it (the
    smallest over crawls), how (``references``, ``seed`` or ``cited_by``), first and last
    fetch time, the run that fetched it, and index columns derived from the JSON (``doi``
    bare lower-case, ``pmid`` digits, ``refs`` the short ids of ``referenced_works``).
``missing``
    Ids (or seed identifiers) that could not be fetched, with the reason (404, error text).
``runs``
    Each run's manifest (JSON) and status.
``crawls``, ``seed_resolution``, ``frontier``, ``hops``, ``cursors``
    Crawl state, so a killed job resumes where it stopped: the seeds' resolution, the ids
    planned for each hop, which hops are done, and the saved cursors of citing-work pages.

Every write is one transaction; a job killed at any moment leaves only whole batches.
A job holds ``<store>.lock`` (:class:`ingest.lock.StoreLock`) so a second job gets a clear
:class:`~kg.errors.StoreInUse`.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from kg import ids
from ingest.lock import StoreLock
from kg.errors import StoreError


SCHEMA_VERSION = 1
APPLICATION_ID = 0x61636B67  # "ackg"
_SQLITE_MAGIC = b"SQLite format 3\x00"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS works (
    id TEXT PRIMARY KEY,
    hop INTEGER NOT NULL,
    via TEXT NOT NULL,
    doi TEXT,
    pmid TEXT,
    refs TEXT NOT NULL,
    json TEXT NOT NULL,
    first_fetched TEXT NOT NULL,
    last_fetched TEXT NOT NULL,
    run_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS works_doi ON works (doi);
CREATE INDEX IF NOT EXISTS works_pmid ON works (pmid);
CREATE TABLE IF NOT EXISTS missing (
    id TEXT PRIMARY KEY,
    hop INTEGER,
    reason TEXT NOT NULL,
    run_id TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    run_id TEXT PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL,
    manifest TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS crawls (
    crawl TEXT PRIMARY KEY,
    params TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS seed_resolution (
    crawl TEXT NOT NULL,
    identifier TEXT NOT NULL,
    work_id TEXT,
    PRIMARY KEY (crawl, identifier)
);
CREATE TABLE IF NOT EXISTS hops (
    crawl TEXT NOT NULL,
    hop INTEGER NOT NULL,
    size INTEGER NOT NULL,
    candidates INTEGER NOT NULL,
    done INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (crawl, hop)
);
CREATE TABLE IF NOT EXISTS frontier (
    crawl TEXT NOT NULL,
    hop INTEGER NOT NULL,
    id TEXT NOT NULL,
    PRIMARY KEY (crawl, hop, id)
);
CREATE TABLE IF NOT EXISTS cursors (
    crawl TEXT NOT NULL,
    batch INTEGER NOT NULL,
    cursor TEXT,
    pages INTEGER NOT NULL,
    done INTEGER NOT NULL,
    PRIMARY KEY (crawl, batch)
);
"""

# The order of ``works()``: numeric order of the W ids.
_ORDER = "ORDER BY length(id), id"


def utc_now() -> str:
    """The current UTC time, ISO 8601 with microseconds."""
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")


def index_columns(work: dict) -> tuple[str | None, str | None, str]:
    """The derived ``(doi, pmid, refs)`` columns of a work dict."""
    ids_ = work.get("ids")
    doi = ids.doi(work.get("doi"))
    pmid = ids.pmid(ids_.get("pmid")) if isinstance(ids_, dict) else None
    refs = " ".join(filter(None, map(ids.openalex, work.get("referenced_works") or [])))
    return doi, pmid, refs


class RecordStore:
    """The SQLite record store of raw OpenAlex works.

    Parameters
    ----------
    path
        The store file (``settings.store_path``).
    create
        Create the file (and its folder) if it does not exist; otherwise a missing file is
        a :class:`StoreError`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> store = RecordStore(pathlib.Path(tempfile.mkdtemp()) / "r.sqlite", create=True)
    >>> store.count(), store.latest_manifest()
    (0, None)
    """

    def __init__(self, path: str | Path, *, create: bool = False):
        self.path = Path(path)
        if self.path.is_dir():
            raise StoreError(f"record store path {self.path} is a directory, not a file")
        exists = self.path.exists()
        if not exists and not create:
            raise StoreError(f"no record store at {self.path}: run `acukg ingest` (or `acukg run --demo`) first")
        if exists and self.path.stat().st_size > 0:
            with open(self.path, "rb") as fh:
                if fh.read(16) != _SQLITE_MAGIC:
                    raise StoreError(f"{self.path} is not an acukg record store (not an SQLite file)")
        if create:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self._init_schema(create)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"record store {self.path} is corrupt or unreadable: {exc}") from None

    def _init_schema(self, create: bool) -> None:
        c = self.conn
        app_id = c.execute("PRAGMA application_id").fetchone()[0]
        version = c.execute("PRAGMA user_version").fetchone()[0]
        tables = c.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app_id != APPLICATION_ID:
            if tables or not create:
                raise StoreError(f"{self.path} is an SQLite file but not an acukg record store")
            c.execute("PRAGMA journal_mode=WAL")
            c.execute("BEGIN IMMEDIATE")
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    c.execute(statement)
            c.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            c.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            c.execute("COMMIT")
        elif version > SCHEMA_VERSION:
            raise StoreError(f"record store {self.path} was written by a newer acukg (schema {version})")
        c.execute("PRAGMA journal_mode=WAL")
        c.execute("PRAGMA synchronous=NORMAL")
        c.execute("PRAGMA busy_timeout=10000")
        # A file that claims to be ours must have the tables (a truncated or damaged one may not).
        c.execute("SELECT id, hop, json FROM works LIMIT 0")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "RecordStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _rows(self, sql: str, params: Iterable = ()) -> Iterator[tuple]:
        """Rows of a query; a damaged file becomes a :class:`StoreError` naming the path."""
        try:
            yield from self.conn.execute(sql, tuple(params))
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"record store {self.path} is corrupt or unreadable: {exc}") from None

    def _one(self, sql: str, params: Iterable = ()) -> tuple | None:
        return next(self._rows(sql, params), None)

    @contextmanager
    def transaction(self):
        """One atomic write: everything inside commits together or not at all."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"record store {self.path}: write failed: {exc}") from None

    def lock(self) -> StoreLock:
        """The job lock for this store (use as a context manager)."""
        return StoreLock(self.path)

    # -- reading ------------------------------------------------------------------------
    def count(self) -> int:
        """Number of works held."""
        return self._one("SELECT count(*) FROM works")[0]

    def works(self) -> Iterator[dict]:
        """Every work as the dict parsed from its raw JSON, in numeric id order."""
        for (raw,) in self._rows(f"SELECT json FROM works {_ORDER}"):
            yield json.loads(raw)

    def raw_works(self) -> Iterator[tuple[str, int, str]]:
        """Every work as ``(id, hop, raw JSON text)``, in numeric id order."""
        yield from self._rows(f"SELECT id, hop, json FROM works {_ORDER}")

    def work(self, work_id: str) -> dict | None:
        """One work by id (``W123`` or its URL), or None."""
        row = self._one("SELECT json FROM works WHERE id = ?", (ids.openalex(work_id) or work_id,))
        return json.loads(row[0]) if row else None

    def hops(self) -> dict[str, int]:
        """``{W id: hop}`` for every work held."""
        return dict(self._rows(f"SELECT id, hop FROM works {_ORDER}"))

    def missing(self) -> dict[str, str]:
        """``{id or seed identifier: reason}`` for everything that could not be fetched."""
        return dict(self._rows("SELECT id, reason FROM missing ORDER BY id"))

    def manifests(self) -> list[dict]:
        """Every run's manifest, oldest first."""
        rows = self._rows("SELECT manifest FROM runs ORDER BY started_at, run_id")
        return [json.loads(m) for (m,) in rows]

    def latest_manifest(self) -> dict | None:
        """The manifest of the most recent run, or None for an empty store."""
        row = self._one("SELECT manifest FROM runs ORDER BY started_at DESC, run_id DESC LIMIT 1")
        return json.loads(row[0]) if row else None

    def held(self, ids: Iterable[str]) -> set[str]:
        """The subset of ``ids`` already held."""
        return self._subset("works", ids)

    def missing_ids(self, ids: Iterable[str]) -> set[str]:
        """The subset of ``ids`` recorded as missing."""
        return self._subset("missing", ids)

    def _subset(self, table: str, ids: Iterable[str]) -> set[str]:
        ids = list(ids)
        found: set[str] = set()
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ",".join("?" * len(chunk))
            found.update(r[0] for r in self._rows(f"SELECT id FROM {table} WHERE id IN ({marks})", chunk))
        return found

    def lookup(self, column: str, values: Iterable[str]) -> dict[str, str]:
        """``{value: W id}`` for held works whose ``doi`` or ``pmid`` column matches."""
        if column not in ("doi", "pmid"):
            raise ValueError(column)
        values = list(values)
        out: dict[str, str] = {}
        for i in range(0, len(values), 500):
            chunk = values[i:i + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._rows(f"SELECT {column}, id FROM works WHERE {column} IN ({marks}) {_ORDER}", chunk)
            for value, wid in rows:
                out.setdefault(value, wid)
        return out

    def refs(self, ids: Iterable[str]) -> Iterator[tuple[str, list[str]]]:
        """``(id, referenced short ids)`` for each held work among ``ids``."""
        ids = list(ids)
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ",".join("?" * len(chunk))
            for wid, refs in self._rows(f"SELECT id, refs FROM works WHERE id IN ({marks})", chunk):
                yield wid, refs.split()

    def merged(self, ids: Iterable[str]) -> dict[str, str]:
        """``{requested id: id it was merged into}`` for ids recorded as merged."""
        out: dict[str, str] = {}
        ids = list(ids)
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._rows(
                f"SELECT id, reason FROM missing WHERE id IN ({marks}) AND reason LIKE 'merged into %'", chunk)
            out.update((wid, reason.rsplit(" ", 1)[-1]) for wid, reason in rows)
        return out

    def missing_reasons(self, ids: Iterable[str]) -> dict[str, str]:
        """``{id: reason}`` for the given ids that are recorded as missing."""
        out: dict[str, str] = {}
        ids = list(ids)
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ",".join("?" * len(chunk))
            out.update(self._rows(f"SELECT id, reason FROM missing WHERE id IN ({marks})", chunk))
        return dict(sorted(out.items()))

    def meta(self, key: str) -> str | None:
        row = self._one("SELECT value FROM meta WHERE key = ?", (key,))
        return row[0] if row else None

    # -- writing ------------------------------------------------------------------------
    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as c:
            c.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def put_batch(
        self,
        works: Iterable[tuple[str, dict]],
        *,
        hop: int,
        via: str,
        run_id: str,
        missing: Iterable[tuple[str, str]] = (),
        cursor: tuple[str, int, str | None, int, bool] | None = None,
        resolution: tuple[str, dict[str, str | None]] | None = None,
        lower_hops: bool = True,
    ) -> int:
        """Store one batch atomically; returns how many works were new.

        ``works`` holds ``(raw_text, work_dict)`` pairs; a work already held keeps its JSON
        (nothing is fetched twice) and, if ``lower_hops``, takes the smaller hop. ``missing``
        holds ``(id, reason)``. ``cursor`` = ``(crawl, batch, next_cursor, pages, done)`` and
        ``resolution`` = ``(crawl, {seed identifier: W id or None})`` are saved in the same
        transaction, so a resumed job continues right after the stored batch.
        """
        now = utc_now()
        new = 0
        with self.transaction() as c:
            for raw, work in works:
                wid = ids.openalex(work["id"]) or work["id"]
                doi, pmid, refs = index_columns(work)
                cur = c.execute(
                    "INSERT INTO works (id, hop, via, doi, pmid, refs, json, first_fetched, last_fetched, run_id)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                    (wid, hop, via, doi, pmid, refs, raw, now, now, run_id),
                )
                if cur.rowcount:
                    new += 1
                elif lower_hops:
                    c.execute("UPDATE works SET hop = ? WHERE id = ? AND hop > ?", (hop, wid, hop))
                c.execute("DELETE FROM missing WHERE id = ?", (wid,))
            for mid, reason in missing:
                c.execute(
                    "INSERT OR REPLACE INTO missing (id, hop, reason, run_id, recorded_at) VALUES (?, ?, ?, ?, ?)",
                    (mid, hop, reason, run_id, now),
                )
            if resolution is not None:
                c.executemany(
                    "INSERT OR REPLACE INTO seed_resolution (crawl, identifier, work_id) VALUES (?, ?, ?)",
                    [(resolution[0], k, v) for k, v in resolution[1].items()],
                )
            if cursor is not None:
                c.execute(
                    "INSERT OR REPLACE INTO cursors (crawl, batch, cursor, pages, done) VALUES (?, ?, ?, ?, ?)",
                    (cursor[0], cursor[1], cursor[2], cursor[3], int(cursor[4])),
                )
        return new

    def begin_run(self, run_id: str, manifest: dict) -> None:
        """Record a run as started; runs left ``running`` by a dead job become ``interrupted``."""
        with self.transaction() as c:
            for rid, text in c.execute("SELECT run_id, manifest FROM runs WHERE status = 'running'").fetchall():
                m = json.loads(text)
                m["status"] = "interrupted"
                c.execute("UPDATE runs SET status = 'interrupted', manifest = ? WHERE run_id = ?",
                          (json.dumps(m, sort_keys=True), rid))
            c.execute(
                "INSERT INTO runs (run_id, started_at, status, manifest) VALUES (?, ?, ?, ?)",
                (run_id, manifest["started_at"], manifest.get("status", "running"), json.dumps(manifest, sort_keys=True)),
            )

    def finish_run(self, run_id: str, manifest: dict) -> None:
        """Save a run's final manifest and status."""
        with self.transaction() as c:
            c.execute(
                "UPDATE runs SET finished_at = ?, status = ?, manifest = ? WHERE run_id = ?",
                (manifest.get("finished_at"), manifest["status"], json.dumps(manifest, sort_keys=True), run_id),
            )

    # -- crawl state ----------------------------------------------------------------------
    def ensure_crawl(self, crawl: str, params: dict) -> bool:
        """Register a crawl; returns True if it already existed (a resumed job)."""
        with self.transaction() as c:
            if c.execute("SELECT 1 FROM crawls WHERE crawl = ?", (crawl,)).fetchone():
                return True
            c.execute("INSERT INTO crawls (crawl, params, created_at) VALUES (?, ?, ?)",
                      (crawl, json.dumps(params, sort_keys=True), utc_now()))
            return False

    def seed_resolution(self, crawl: str) -> dict[str, str | None]:
        return dict(self._rows(
            "SELECT identifier, work_id FROM seed_resolution WHERE crawl = ? ORDER BY identifier", (crawl,)))

    def save_seed_resolution(self, crawl: str, resolution: dict[str, str | None]) -> None:
        with self.transaction() as c:
            c.executemany(
                "INSERT OR REPLACE INTO seed_resolution (crawl, identifier, work_id) VALUES (?, ?, ?)",
                [(crawl, k, v) for k, v in resolution.items()],
            )

    def frontier(self, crawl: str, hop: int) -> list[str] | None:
        """The ids planned for ``hop`` (None if that hop has not been planned yet)."""
        if not self._one("SELECT 1 FROM hops WHERE crawl = ? AND hop = ?", (crawl, hop)):
            return None
        rows = self._rows(
            "SELECT id FROM frontier WHERE crawl = ? AND hop = ? ORDER BY length(id), id", (crawl, hop))
        return [r[0] for r in rows]

    def hop_info(self, crawl: str) -> dict[int, dict]:
        rows = self._rows("SELECT hop, size, candidates, done FROM hops WHERE crawl = ? ORDER BY hop", (crawl,))
        return {h: {"size": s, "candidates": n, "done": bool(d)} for h, s, n, d in rows}

    def save_frontier(self, crawl: str, hop: int, ids: list[str], candidates: int) -> None:
        """Plan a hop: its ids and how many candidates there were (before any cap).

        Works already held at a larger hop (from another crawl) take this smaller one.
        """
        with self.transaction() as c:
            c.executemany("UPDATE works SET hop = ? WHERE id = ? AND hop > ?", [(hop, i, hop) for i in ids])
            c.execute("DELETE FROM frontier WHERE crawl = ? AND hop = ?", (crawl, hop))
            c.executemany("INSERT INTO frontier (crawl, hop, id) VALUES (?, ?, ?)", [(crawl, hop, i) for i in ids])
            c.execute("INSERT OR REPLACE INTO hops (crawl, hop, size, candidates, done) VALUES (?, ?, ?, ?, 0)",
                      (crawl, hop, len(ids), candidates))

    def mark_hop_done(self, crawl: str, hop: int) -> None:
        with self.transaction() as c:
            c.execute("UPDATE hops SET done = 1 WHERE crawl = ? AND hop = ?", (crawl, hop))

    def cursors(self, crawl: str) -> dict[int, tuple[str | None, int, bool]]:
        """Saved citing-work cursors: ``{batch: (next_cursor, pages stored, done)}``."""
        rows = self._rows("SELECT batch, cursor, pages, done FROM cursors WHERE crawl = ?", (crawl,))
        return {b: (cur, p, bool(d)) for b, cur, p, d in rows}
