"""Fetching works: pyalex builds each query, :class:`~ingest.transport.Transport` sends it.

Every function here does network I/O and returns plain data; nothing is stored. A fresh
pyalex query is built per request (pyalex's builder mutates itself).

* :func:`fetch_by_ids` hydrates up to 100 ``W`` ids in one OR request; ids the batch does not
  return are retried once as singletons, then reported missing with the reason.
* :func:`resolve_batch` does the same for DOIs and PMIDs (the seed identifiers).
* :func:`citing_page` fetches one cursor page of the works that cite some seeds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote_plus

from pyalex import Works

from ingest.fields import WORK_FIELDS, select_param
from ingest.store import index_columns
from ingest.transport import ListPage, NotFound, RetriesExhausted, Transport
from kg import ids
from kg.errors import BudgetExhausted, OpenAlexError

#: Values per OR filter (the API's maximum).
BATCH_SIZE = 100
#: Results per page of a cursor crawl (the API's maximum).
PAGE_SIZE = 200
#: Longest encoded OR list we put in one URL (the API edge rejects request lines over 8190 bytes).
MAX_FILTER_CHARS = 6000


@dataclass
class Fetched:
    """What one batch brought back: works as ``(raw_text, dict)``, missing ids with reasons,
    and for identifier lookups ``{identifier: W id}``."""

    works: list[tuple[str, dict]] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)
    resolved: dict[str, str | None] = field(default_factory=dict)


def chunk_values(values: list[str], size: int = BATCH_SIZE, max_chars: int = MAX_FILTER_CHARS) -> list[list[str]]:
    """Split ``values`` into OR batches of at most ``size`` values and ``max_chars`` encoded characters.

    Examples
    --------
    >>> [len(c) for c in chunk_values([f"W{i}" for i in range(250)])]
    [100, 100, 50]
    """
    chunks: list[list[str]] = []
    current: list[str] = []
    length = 0
    for v in values:
        cost = len(quote_plus(v)) + 1
        if current and (len(current) >= size or length + cost > max_chars):
            chunks.append(current)
            current, length = [], 0
        current.append(v)
        length += cost
    if current:
        chunks.append(current)
    return chunks


def _list_url(per_page: int, cursor: str | None = None, **or_filter) -> str:
    query = Works().filter_or(**or_filter).select(list(WORK_FIELDS))
    query.params["per-page"] = per_page
    if cursor is not None:
        query.params["cursor"] = cursor
    return query.url


def batch_url(ids: list[str]) -> str:
    """The URL hydrating up to 100 works by OpenAlex id."""
    return _list_url(len(ids), openalex_id=ids)


def singleton_url(identifier: str) -> str:
    """The URL of one work (``W…``, ``doi:…`` or ``pmid:…``), with the trimmed select."""
    query = Works()
    query.params = identifier
    return f"{query.url}?select={select_param()}"


def probe_url() -> str:
    """A cheap request proving the server answers: one known work, id only (0 credits)."""
    query = Works()
    query.params = "W2741809807"
    return f"{query.url}?select=id"


def citing_url(ids: list[str], cursor: str) -> str:
    """The URL of one cursor page of works citing any of ``ids``."""
    return _list_url(PAGE_SIZE, cursor=cursor, cites=ids)


def _singleton(transport: Transport, identifier: str) -> tuple[tuple[str, dict] | None, str | None]:
    """Fetch one work; ``(pair, None)`` when found, ``(None, reason)`` when not."""
    try:
        reply = transport.get_work(singleton_url(identifier))
    except NotFound:
        return None, "404 Not Found (absent from a batch response and as a singleton)"
    except (BudgetExhausted, RetriesExhausted):
        raise
    except OpenAlexError as exc:
        return None, f"error: {exc}"
    return (reply.raw, reply.work), None


def fetch_by_ids(transport: Transport, work_ids: list[str]) -> Fetched:
    """Hydrate ``work_ids`` (≤100 short ``W`` ids) with one OR request plus singleton retries.

    A singleton answered by a different id (a merged work) is kept under its own id and the
    requested id is reported missing as ``merged into W…``.
    """
    page = transport.get_list(batch_url(work_ids))
    wanted = set(work_ids)
    out = Fetched()
    got: set[str] = set()
    for raw, work in page.results:
        wid = ids.openalex(work.get("id"))
        if wid in wanted and wid not in got:
            got.add(wid)
            out.works.append((raw, work))
    for wid in work_ids:
        if wid in got:
            continue
        pair, reason = _singleton(transport, wid)
        if pair is None:
            out.missing.append((wid, reason))
            continue
        new_id = ids.openalex(pair[1].get("id"))
        out.works.append(pair)
        if new_id != wid:
            out.missing.append((wid, f"merged into {new_id}"))
    return out


def _pick(candidates: list[tuple[str, dict]]) -> tuple[str, dict]:
    """One work for an identifier several works share: most cited, then lowest id."""
    return min(candidates, key=lambda p: (-(p[1].get("cited_by_count") or 0),
                                          len(ids.openalex(p[1]["id"]) or ""), ids.openalex(p[1]["id"]) or ""))


def resolve_batch(transport: Transport, kind: str, values: list[str]) -> Fetched:
    """Resolve up to 100 DOIs (``kind="doi"``) or PMIDs (``kind="pmid"``) to works.

    ``resolved`` maps each seed identifier (bare DOI or ``pmid:N``) to its ``W`` id, or None
    when neither the batch nor a singleton lookup found it (the reason is in ``missing``).
    """
    if kind == "doi":
        url = _list_url(BATCH_SIZE, doi=values)
        prefix = "doi:"
    elif kind == "pmid":
        url = _list_url(BATCH_SIZE, ids={"pmid": values})
        prefix = "pmid:"
    else:
        raise ValueError(f"cannot resolve identifiers of kind {kind!r}")
    column = 0 if kind == "doi" else 1
    page: ListPage = transport.get_list(url)
    matches: dict[str, list[tuple[str, dict]]] = {}
    for raw, work in page.results:
        key = index_columns(work)[column]
        if key in values:
            matches.setdefault(key, []).append((raw, work))
    out = Fetched()
    for value in values:
        identifier = value if kind == "doi" else f"pmid:{value}"
        pair = _pick(matches[value]) if value in matches else None
        if pair is None:
            pair, reason = _singleton(transport, prefix + value)
            if pair is None:
                out.resolved[identifier] = None
                out.missing.append((f"{prefix}{value}", reason))
                continue
        out.works.append(pair)
        out.resolved[identifier] = ids.openalex(pair[1]["id"])
    return out


def citing_page(transport: Transport, ids: list[str], cursor: str) -> tuple[list[tuple[str, dict]], str | None]:
    """One page of works citing any of ``ids``: ``(works, next_cursor)``; None ends the crawl."""
    page = transport.get_list(citing_url(ids, cursor))
    next_cursor = page.meta.get("next_cursor")
    if not page.results:
        next_cursor = None
    return page.results, next_cursor
