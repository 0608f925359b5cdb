"""OpenAlex's ``/works`` semantics over a :class:`SyntheticCorpus`, as pure functions.

:func:`handle` takes a request path and its parsed query and returns a :class:`Reply`
(status, JSON body or HTML text, credits charged). It covers what the ingest uses
and a little more: singletons by W id, DOI or PMID (404 with an HTML body otherwise);
lists with ``filter`` (AND across comma-separated filters, OR with ``|`` up to 100 values,
NOT with a leading ``!``, AND within a filter with ``+``/space; ``title.search`` keeps works whose
title holds every word given, case and punctuation aside) and ``search`` (the same over the
title), ``per-page``/``per_page``
1–200, ``page`` with page × per-page ≤ 10,000, ``cursor`` paging, and ``select`` of root
fields. Works come as :class:`Raw` JSON text the corpus writes with only the selected fields
generated; :func:`to_json` encodes a reply body around them. Errors use OpenAlex's bodies.
One route is the stand-in's own: ``/standin/seeds`` lists the demo seed works and the
bibliography DOIs they stand for. Results come in id order (which is publication order);
OpenAlex's own default order (by citation percentile) is not reproduced.
"""

from __future__ import annotations

import base64
import functools
import json
import re
import time
from dataclasses import dataclass, field
from urllib.parse import unquote

import numpy as np

from ingest.standin.corpus import TYPES, SyntheticCorpus

MAX_OR = 100
MAX_PER_PAGE = 200
DEFAULT_PER_PAGE = 25
MAX_RESULTS = 10_000

VALID_PARAMS = (
    "apc_sum, api-key, api_key, cited_by_count_sum, cursor, data_version, data-version, filter, "
    "format, include_xpac, include-xpac, group_by, group-by, group_bys, group-bys, mailto, page, "
    "per_page, per-page, q, sample, seed, search, select, sort, warm"
)
VALID_PARAM_SET = frozenset(p.strip() for p in VALID_PARAMS.split(","))
#: Valid OpenAlex parameters the stand-in ignores (they change nothing it serves).
IGNORED_PARAMS = frozenset({"api-key", "api_key", "mailto", "data_version", "data-version", "warm",
                            "include_xpac", "include-xpac", "format"})

SELECT_FIELDS = (
    "id, doi, title, display_name, relevance_score, publication_year, publication_date, ids, "
    "language, primary_location, sources, type, type_crossref, indexed_in, open_access, "
    "authorships, institution_assertions, institutions, countries_distinct_count, "
    "institutions_distinct_count, corresponding_author_ids, corresponding_institution_ids, "
    "apc_list, apc_paid, fwci, is_authors_truncated, has_fulltext, fulltext_origin, "
    "cited_by_count, citation_normalized_percentile, cited_by_percentile_year, biblio, "
    "is_retracted, is_paratext, is_xpac, primary_topic, topics, keywords, concepts, mesh, "
    "locations_count, locations, best_oa_location, sustainable_development_goals, awards, "
    "funders, datasets, versions, has_content, content_urls, referenced_works_count, "
    "referenced_works, related_works, abstract_inverted_index, cited_by_api_url, "
    "counts_by_year, updated_date, created_date"
)
SELECT_SET = frozenset(f.strip() for f in SELECT_FIELDS.split(","))

FILTER_ALIASES = {
    "openalex_id": "openalex",
    "ids.openalex": "openalex",
    "openalex": "openalex",
    "doi": "doi",
    "ids.pmid": "pmid",
    "pmid": "pmid",
    "cites": "cites",
    "referenced_works": "cites",
    "cited_by": "cited_by",
    "publication_year": "publication_year",
    "type": "type",
    "is_retracted": "is_retracted",
    "has_abstract": "has_abstract",
    "has_doi": "has_doi",
    "has_pmid": "has_pmid",
    "has_references": "has_references",
    "is_paratext": "is_paratext",
    "cited_by_count": "cited_by_count",
    "title.search": "title_search",
    "display_name.search": "title_search",
}
_WORD = re.compile(r"[^\W_]+")
VALID_FILTERS = ", ".join(sorted(FILTER_ALIASES))

NOT_FOUND_HTML = (
    "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n"
    "<p>The requested URL was not found on the server. If you entered the URL manually please "
    "check your spelling and try again.</p>\n"
)
SNAPSHOT_URL = "https://developers.openalex.org/download/snapshot-format"


class Raw:
    """A piece of JSON text already encoded (a work as :meth:`SyntheticCorpus.json_of` writes it)."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text

    def __eq__(self, other) -> bool:
        return isinstance(other, Raw) and other.text == self.text

    def __repr__(self) -> str:
        return f"Raw({self.text[:40]!r}…)"


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def to_json(value) -> str:
    """JSON text of a reply body: dicts, lists and scalars encoded, :class:`Raw` pieces as they are."""
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, dict):
        return "{" + ",".join([_ENCODER.encode(str(k)) + ":" + to_json(v) for k, v in value.items()]) + "}"
    if isinstance(value, list):
        return "[" + ",".join([to_json(v) for v in value]) + "]"
    return _ENCODER.encode(value)


@dataclass
class Reply:
    """What the server sends: status, body (dict or :class:`Raw` -> JSON, str -> HTML), credits charged."""

    status: int
    body: dict | Raw | str
    credits: int = 0
    kind: str = "other"  # singleton, list, not_found, bad_request
    headers: dict = field(default_factory=dict)


class QueryError(Exception):
    """A request OpenAlex would answer with a 400."""

    def __init__(self, message: str, error: str = "Invalid query parameters error."):
        super().__init__(message)
        self.error = error
        self.message = message


def bad(message: str, error: str = "Invalid query parameters error.") -> Reply:
    return Reply(400, {"error": error, "message": message}, 0, "bad_request")


def not_found() -> Reply:
    return Reply(404, NOT_FOUND_HTML, 0, "not_found")


# ---------------------------------------------------------------------------------------
# routing


def handle(corpus: SyntheticCorpus, path: str, query: dict[str, list[str]]) -> Reply:
    """Answer one GET request (``path`` still percent-encoded, ``query`` form-decoded)."""
    raw = path.split("?", 1)[0]
    if raw == "/standin/seeds":
        return Reply(200, demo_seeds(corpus), 0, "standin")
    if raw in ("/works", "/works/"):
        try:
            return list_works(corpus, query)
        except QueryError as exc:
            return bad(exc.message, exc.error)
    if raw.startswith("/works/"):
        ident = unquote(raw[len("/works/") :])
        try:
            return singleton(corpus, ident, query)
        except QueryError as exc:
            return bad(exc.message, exc.error)
    return not_found()


def demo_seeds(corpus: SyntheticCorpus) -> dict:
    """``GET /standin/seeds`` (not an OpenAlex route): what the corpus is and where a demo starts."""
    return {
        "synthetic": True,
        "size": corpus.size,
        "seed": corpus.seed,
        "seeds": [dict(s.__dict__) for s in corpus.demo_seeds()],
        "seed_map": corpus.seed_map(),
    }


def _check_params(query: dict[str, list[str]], allowed: frozenset[str]) -> None:
    for name in query:
        if name not in VALID_PARAM_SET:
            raise QueryError(f"{name} is not a valid parameter. Valid parameters are: {VALID_PARAMS}.")
        if name not in allowed and name not in IGNORED_PARAMS:
            raise QueryError(f"{name} is not supported by the acukg OpenAlex stand-in.")


def _select(query: dict[str, list[str]]) -> list[str] | None:
    if "select" not in query:
        return None
    fields = [f.strip() for f in query["select"][-1].split(",") if f.strip()]
    for f in fields:
        if f not in SELECT_SET:
            raise QueryError(f"{f} is not a valid select field. Valid fields for select are: {SELECT_FIELDS}.")
    return fields


def resolve_id(corpus: SyntheticCorpus, ident: str) -> int | None:
    """Index of the work a singleton path names (W id, OpenAlex URL, DOI forms, PMID forms)."""
    s = ident.strip()
    low = s.lower()
    if re.fullmatch(r"w\d+", low) or low.startswith(("https://openalex.org/", "http://openalex.org/", "openalex.org/")):
        return corpus.index_of(s)
    if low.startswith("pmid:") or "pubmed.ncbi.nlm.nih.gov/" in low:
        digits = re.sub(r"\D", "", low.split(":", 1)[1] if low.startswith("pmid:") else low.rsplit("/", 1)[-1])
        return corpus.index_of_openalex_pmid(digits) if digits else None
    if "doi" in low or low.startswith("10."):
        m = re.search(r"10\.\d+/\S+", low)
        return corpus.index_of_doi(m.group(0)) if m else None
    return None


def singleton(corpus: SyntheticCorpus, ident: str, query: dict[str, list[str]]) -> Reply:
    """``GET /works/{id}``: the bare work (0 credits) or 404 HTML."""
    _check_params(query, frozenset({"select"}))
    fields = _select(query)
    i = resolve_id(corpus, ident)
    if i is None:
        return not_found()
    return Reply(200, Raw(corpus.json_of(i, fields)), 0, "singleton")


# ---------------------------------------------------------------------------------------
# filters


def _split_filters(text: str) -> list[tuple[str, str]]:
    if '"' not in text:
        parts = text.split(",")
    else:  # commas inside quotes do not split
        parts, buf, quoted = [], [], False
        for ch in text:
            if ch == '"':
                quoted = not quoted
            if ch == "," and not quoted:
                parts.append("".join(buf))
                buf = []
            else:
                buf.append(ch)
        parts.append("".join(buf))
    out = []
    for part in parts:
        if not part.strip():
            continue
        if ":" not in part:
            raise QueryError(f"Invalid filter {part!r}: filters must look like key:value.")
        key, value = part.split(":", 1)
        out.append((key.strip().replace("-", "_"), value.strip().strip('"')))
    return out


def _bool(key: str, value: str) -> bool:
    v = value.lower()
    if v not in ("true", "false"):
        raise QueryError(f"Value for param {key} must be true or false.")
    return v == "true"


def _year_mask(years: np.ndarray, key: str, value: str) -> np.ndarray:
    v = value.strip()
    try:
        if v.startswith(">"):
            return years > int(v[1:])
        if v.startswith("<"):
            return years < int(v[1:])
        m = re.fullmatch(r"(\d*)-(\d*)", v)
        if m:
            lo = int(m.group(1)) if m.group(1) else -(10**9)
            hi = int(m.group(2)) if m.group(2) else 10**9
            return (years >= lo) & (years <= hi)
        return years == int(v)
    except ValueError:
        raise QueryError(f"Value for param {key} must be a number.") from None


#: Filters naming works by identifier, and the corpus method finding a work's index.
ID_FILTERS = {"openalex": "index_of", "doi": "index_of_doi", "pmid": "index_of_openalex_pmid"}


def _check_value(key: str, value: str) -> None:
    if value.lower() in ("null", "none", "undefined", ""):
        raise QueryError(f"Value for param {key} cannot be empty, null or undefined.")


def _ids_mask(corpus: SyntheticCorpus, field_: str, key: str, values: list[str]) -> np.ndarray:
    """Mask of the works any of ``values`` names (an id filter's OR list, set in one go)."""
    find = getattr(corpus, ID_FILTERS[field_])
    found = []
    for v in values:
        _check_value(key, v)
        i = find(v)
        if i is not None:
            found.append(i)
    mask = np.zeros(corpus.size, dtype=bool)
    mask[found] = True
    return mask


def _value_mask(corpus: SyntheticCorpus, field_: str, key: str, value: str) -> np.ndarray:
    """Mask of the works matching one (non-negated, single) value of a non-id filter."""
    arr = corpus.arrays
    n = corpus.size
    _check_value(key, value)
    if field_ == "cites":
        mask = np.zeros(n, dtype=bool)
        i = corpus.index_of(value)
        if i is not None:
            mask[corpus.citing(i)] = True
        return mask
    if field_ == "cited_by":
        mask = np.zeros(n, dtype=bool)
        i = corpus.index_of(value)
        if i is not None:
            mask[corpus.references_of(i)] = True
        return mask
    if field_ == "title_search":
        return title_mask(corpus, value)
    if field_ == "publication_year":
        return _year_mask(arr["year"], key, value)
    if field_ == "cited_by_count":
        return _year_mask(arr["cited"], key, value)
    if field_ == "type":
        v = value.lower()
        code = TYPES.index(v) if v in TYPES else -1
        return arr["type"] == code
    flag = {
        "is_retracted": arr["retracted"],
        "has_abstract": arr["has_abstract"],
        "has_doi": arr["has_doi"],
        "has_pmid": arr["has_pmid"],
        "has_references": np.diff(arr["ref_off"]) > 0,
        "is_paratext": np.zeros(n, dtype=bool),
    }[field_]
    return flag if _bool(key, value) else ~flag


def filter_mask(corpus: SyntheticCorpus, text: str) -> np.ndarray:
    """Boolean mask of the works a ``filter=`` value selects."""
    mask = np.ones(corpus.size, dtype=bool)
    for key, value in _split_filters(text):
        field_ = FILTER_ALIASES.get(key)
        if field_ is None:
            raise QueryError(
                f"{key} is not a valid field. Valid fields are underscore or hyphenated versions of: {VALID_FILTERS}"
            )
        for clause in [c for c in value.split(" ") if c] or [value]:  # '+' (space) = AND
            negate = clause.startswith("!")
            if negate:
                clause = clause[1:]
            alts = clause.split("|")
            if len(alts) > MAX_OR:
                raise QueryError(
                    f"Maximum number of values exceeded for {key}. Decrease values to {MAX_OR} or below, "
                    f"or consider downloading the full dataset at {SNAPSHOT_URL}"
                )
            if any(a.startswith("!") for a in alts[1:]):
                raise QueryError(f"The ! operator must come first in an OR filter for {key}.")
            if any(":" in a and a.split(":", 1)[0].replace("-", "_") in FILTER_ALIASES for a in alts[1:]):
                raise QueryError(
                    "It looks like you're trying to do an OR query between filters and it's not supported. "
                    "Use the pipe | operator within a single filter only."
                )
            if field_ in ID_FILTERS:
                sub = _ids_mask(corpus, field_, key, [a.strip() for a in alts])
            else:
                sub = np.zeros(corpus.size, dtype=bool)
                for alt in alts:
                    sub |= _value_mask(corpus, field_, key, alt.strip())
            mask &= ~sub if negate else sub
    return mask


def title_mask(corpus: SyntheticCorpus, text: str) -> np.ndarray:
    """Mask of the works whose title holds every word of ``text`` (case and punctuation aside)."""
    index = _title_words(corpus)
    mask = np.ones(corpus.size, dtype=bool)
    for word in _WORD.findall(text.lower()):
        hit = np.zeros(corpus.size, dtype=bool)
        hit[index.get(word, [])] = True
        mask &= hit
    return mask


@functools.lru_cache(maxsize=4)
def _title_words(corpus: SyntheticCorpus) -> dict[str, list[int]]:
    """Word -> the indices of the works whose title holds it (built on the first title search)."""
    index: dict[str, list[int]] = {}
    for i in range(corpus.size):
        title = json.loads(corpus.json_of(i, ("title",)))["title"] or ""
        for word in set(_WORD.findall(title.lower())):
            index.setdefault(word, []).append(i)
    return index


# ---------------------------------------------------------------------------------------
# lists


def _int_param(query: dict[str, list[str]], names: tuple[str, ...], default: int, label: str) -> int:
    for name in names:
        if name in query:
            text = query[name][-1]
            try:
                return int(text)
            except ValueError:
                raise QueryError(f"Param {label} must be a number.", "Pagination error.") from None
    return default


def encode_cursor(last_index: int, corpus: SyntheticCorpus) -> str:
    """An opaque cursor after the work at ``last_index`` (base64 of a JSON string, like OpenAlex)."""
    text = json.dumps(f"['https://openalex.org/{corpus.openalex_id(last_index)}']")
    return base64.b64encode(text.encode()).decode()


def decode_cursor(cursor: str, corpus: SyntheticCorpus) -> int:
    """Index of the last work served before ``cursor``; QueryError if it is not one of ours."""
    try:
        text = json.loads(base64.b64decode(cursor.encode(), validate=True).decode())
        m = re.fullmatch(r"\['https://openalex\.org/(W\d+)'\]", text)
    except (ValueError, UnicodeDecodeError, TypeError):
        m = None
    i = corpus.index_of(m.group(1)) if m else None
    if i is None:
        raise QueryError("Invalid cursor value")
    return i


def list_works(corpus: SyntheticCorpus, query: dict[str, list[str]]) -> Reply:
    """``GET /works``: a page of the filtered works in id order (1 credit)."""
    started = time.perf_counter()
    _check_params(query, frozenset({"filter", "search", "page", "per_page", "per-page", "cursor", "select"}))
    if len(query.get("filter", [])) > 1:
        raise QueryError("Only one filter parameter is allowed. Combine filters with a comma.")
    fields = _select(query)
    per_page = _int_param(query, ("per-page", "per_page"), DEFAULT_PER_PAGE, "per-page")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise QueryError(f"per-page parameter must be between 1 and {MAX_PER_PAGE}.", "Pagination error.")
    page = _int_param(query, ("page",), 1, "page")
    cursor = query["cursor"][-1] if "cursor" in query else None
    if cursor is not None:
        if cursor.strip().lower() in ("null", "none", ""):
            raise QueryError("Cursor is null. Likely reached end of results.")
        if "page" in query and page != 1:
            raise QueryError("Cannot use page parameter with cursor.")
    else:
        if page < 1:
            raise QueryError("Page parameter must be greater than 0.", "Pagination error.")
        if page * per_page > MAX_RESULTS:
            raise QueryError(
                "Maximum results size of 10,000 records is exceeded. Cursor pagination is required for "
                "records beyond 10,000. See: https://developers.openalex.org/guides/page-through-results",
                "Pagination error.",
            )
    mask = filter_mask(corpus, query["filter"][-1]) if "filter" in query else np.ones(corpus.size, bool)
    if "search" in query:
        _check_value("search", query["search"][-1])
        mask &= title_mask(corpus, query["search"][-1])
    hits = np.flatnonzero(mask)
    count = int(hits.size)
    next_cursor = None
    if cursor is not None:
        start = 0 if cursor == "*" else int(np.searchsorted(hits, decode_cursor(cursor, corpus), side="right"))
        chosen = hits[start : start + per_page]
        if start + per_page < count:
            next_cursor = encode_cursor(int(chosen[-1]), corpus)
    else:
        chosen = hits[(page - 1) * per_page : page * per_page]
    results = [Raw(corpus.json_of(i, fields)) for i in chosen.tolist()]
    meta = {
        "count": count,
        "db_response_time_ms": int((time.perf_counter() - started) * 1000),
        "page": None if cursor is not None else page,
        "per_page": per_page,
    }
    if cursor is not None:
        meta["next_cursor"] = next_cursor
    meta["groups_count"] = None
    return Reply(200, {"meta": meta, "results": results, "group_by": []}, 1, "list")
