"""PubMed's E-utilities over a :class:`SyntheticCorpus`: EFetch and ESearch, as pure functions.

:func:`handle` answers ``/entrez/eutils/efetch.fcgi`` (``db=pubmed``, ``id`` a comma list,
by GET or POST; unknown PMIDs are left out of the ``PubmedArticleSet``) and
``/entrez/eutils/esearch.fcgi`` (``term`` of DOIs searched with ``[doi]`` joined by ``OR``).
Errors come as NCBI sends them: HTTP 200 with an ``<ERROR>`` document, or HTTP 400 for a
request without ``db``. Every request must name ``tool`` and ``email`` here (NCBI asks for
them; the stand-in counts the requests that lack them as ``eutils_anonymous``).
"""

from __future__ import annotations

import re

from ingest.standin.render_xml import efetch_xml, esearch_xml

PREFIX = "/entrez/eutils/"
#: NCBI's body for a rate-limited request (HTTP 429, no Retry-After).
RATE_LIMITED = {"error": "API rate limit exceeded", "api-key": "127.0.0.1", "count": "4", "limit": "3"}
#: The transient EFetch failure NCBI returns with HTTP 200.
TIMEOUT_ERROR = ("<eFetchResult><ERROR> Error: External viewer error: Empty Response. Bytes read: 0 "
                 "Status: Timeout</ERROR></eFetchResult>")
_DOI_TERM = re.compile(r'^"?(10\.[^\s"]+?)"?\s*\[doi\]$', re.I)


class Xml(str):
    """An XML answer body (sent as ``text/xml``)."""


def is_eutils(path: str) -> bool:
    return path.startswith(PREFIX)


def _error(root: str, message: str) -> Xml:
    return Xml(f'<?xml version="1.0" encoding="UTF-8" ?>\n<{root}><ERROR>{message}</ERROR></{root}>')


def handle(corpus, path: str, query: dict[str, list[str]]) -> tuple[int, Xml, str]:
    """``(status, body, kind)`` of one E-utilities request (``query`` merged from URL and form)."""
    name = path[len(PREFIX):]
    db = (query.get("db") or [""])[-1]
    if name == "efetch.fcgi":
        if db != "pubmed":
            return 400, _error("eFetchResult", f"Database {db!r} is not supported here"), "eutils_bad_request"
        ids = [p.strip() for v in query.get("id", ()) for p in v.split(",") if p.strip()]
        if not ids:
            return 200, _error("eFetchResult", "Empty id list - nothing todo"), "eutils_error"
        return 200, Xml(efetch_xml(corpus, ids)), "efetch"
    if name == "esearch.fcgi":
        if db != "pubmed":
            return 400, _error("eSearchResult", f"Database {db!r} is not supported here"), "eutils_bad_request"
        term = (query.get("term") or [""])[-1]
        found = []
        for part in re.split(r"\s+OR\s+", term.strip()):
            m = _DOI_TERM.match(part.strip().strip("()"))
            if m is None:
                continue
            i = corpus.index_of_doi(m.group(1))
            if i is not None and corpus.pmid(i):
                found.append(corpus.pmid(i))
        return 200, Xml(esearch_xml(list(dict.fromkeys(found)), term)), "esearch"
    return 404, _error("eUtilsResult", f"Unknown utility {name!r}"), "not_found"
