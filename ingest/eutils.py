"""The one HTTP path to PubMed's E-utilities: EFetch and ESearch over a pooled session.

It shares the OpenAlex transport's pooled session (:func:`ingest.transport.pooled_session`, the
same user agent) and its jittered exponential backoff (:func:`ingest.transport.backoff_delay`),
and keeps its own rate gate and retry loop for NCBI's rules:

* its own rate gate, shared by all threads of the process: ``settings.pubmed_rate_limit``
  (3 requests per second without ``NCBI_API_KEY``, 10 with one), spacing each request from
  the previous one's actual start by 1/rate plus a 10 ms margin, so that no one-second window
  ever holds more than the limit (a token bucket catches up after a late request);
* ``tool`` and ``email`` (``NCBI_TOOL``, ``NCBI_EMAIL``) and ``api_key`` sent on every
  request, never shown in a log line, an error or a manifest (messages name the utility and
  the number of ids, not the URL);
* up to 200 ids by GET, more by POST; with an API key or e-mail every request is a POST, so
  that no URL (which HTTP libraries log at debug level) carries them;
* retries with exponential backoff and jitter on 429 (NCBI sends no ``Retry-After``), 5xx,
  timeouts, dropped connections and NCBI's transient ``<eFetchResult><ERROR>`` answer; any
  other 4xx or ``<ERROR>`` raises :class:`~kg.errors.PubmedError` at once.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from dataclasses import dataclass, field
from typing import Callable

import requests

from ingest.transport import backoff_delay, pooled_session
from kg.errors import PubmedError
from kg.pubmed import check_error, parse_esearch, root_of
from kg.settings import Settings

log = logging.getLogger(__name__)

#: Ids sent by GET at most; more go by POST.
GET_MAX_IDS = 200
#: Seconds added to the gate's interval: a margin for the clocks of client and server.
GATE_MARGIN = 0.01


class Gate:
    """At least ``interval`` seconds between the starts of two requests (thread-safe)."""

    def __init__(self, interval: float, *, clock=time.monotonic, sleep=time.sleep):
        self.interval = interval
        self._clock, self._sleep = clock, sleep
        self._next = clock()
        self._lock = threading.Lock()

    def acquire(self) -> None:
        """Wait until the next request may start; the caller starts it at once."""
        with self._lock:
            wait = self._next - self._clock()
            if wait > 0:
                self._sleep(wait)
            self._next = self._clock() + self.interval

    def pause(self, seconds: float) -> None:
        """Hold every caller back for ``seconds``."""
        with self._lock:
            self._next = max(self._next, self._clock() + seconds)


class PubmedRetriesExhausted(PubmedError):
    """An E-utilities request kept failing with errors worth retrying."""


class _Transient(Exception):
    pass


@dataclass
class EutilsStats:
    """Requests sent (with their start times, for checking the rate), retries and why."""

    requests: int = 0
    retries: int = 0
    retry_reasons: dict[str, int] = field(default_factory=dict)
    sent_at: list[float] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"requests": self.requests, "retries": self.retries,
                "retry_reasons": dict(sorted(self.retry_reasons.items()))}


class EutilsClient:
    """EFetch and ESearch against ``settings.pubmed_url``.

    Parameters
    ----------
    settings
        Base URL, API key, tool, email and rate limit come from here.
    timeout, max_attempts, backoff, backoff_cap
        Per attempt ``(connect, read)`` seconds; attempts per request; base and cap of the
        jittered exponential backoff (seconds).
    """

    def __init__(self, settings: Settings, *, timeout: tuple[float, float] = (5.0, 120.0), max_attempts: int = 6,
                 backoff: float = 1.0, backoff_cap: float = 60.0, pool_size: int = 2,
                 sleep: Callable[[float], None] = time.sleep):
        self.base_url = settings.pubmed_url
        self.params = {"tool": settings.ncbi_tool}
        if settings.ncbi_email:
            self.params["email"] = settings.ncbi_email
        if settings.ncbi_api_key:
            self.params["api_key"] = settings.ncbi_api_key
        self._secrets = [s for s in (settings.ncbi_api_key, settings.ncbi_email) if s]
        self.rate = settings.pubmed_rate_limit
        self.timeout, self.max_attempts = timeout, max_attempts
        self.backoff, self.backoff_cap = backoff, backoff_cap
        self._sleep = sleep
        self.gate = Gate(1.0 / self.rate + GATE_MARGIN, sleep=sleep)
        self.stats = EutilsStats()
        self._lock = threading.Lock()
        self._rng = random.Random()
        self.session = pooled_session(pool_size, "text/xml, application/xml")

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> "EutilsClient":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- public -------------------------------------------------------------------------
    def efetch(self, pmids: list[str]) -> bytes:
        """The ``PubmedArticleSet`` bytes of an EFetch for ``pmids`` (checked for ``<ERROR>``)."""
        params = {"db": "pubmed", "id": ",".join(pmids), "retmode": "xml"}
        return self._request("efetch.fcgi", params, len(pmids) > GET_MAX_IDS, f"EFetch of {len(pmids)} PMIDs")

    def esearch_dois(self, dois: list[str]) -> list[str]:
        """PMIDs of the records whose DOI is one of ``dois`` (one ESearch)."""
        term = " OR ".join(f'"{d}"[doi]' for d in dois)
        params = {"db": "pubmed", "term": term, "retmax": str(max(20, 2 * len(dois)))}
        what = f"ESearch of {len(dois)} DOIs"
        return parse_esearch(self._request("esearch.fcgi", params, len(term) > 1500, what), what)

    # -- internals ----------------------------------------------------------------------
    def _scrub(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text

    def _count(self, reason: str | None = None) -> None:
        with self._lock:
            if reason is None:
                self.stats.requests += 1
                self.stats.sent_at.append(time.monotonic())
            else:
                self.stats.retries += 1
                self.stats.retry_reasons[reason] = self.stats.retry_reasons.get(reason, 0) + 1

    def _request(self, utility: str, params: dict, post: bool, what: str) -> bytes:
        url = f"{self.base_url}/{utility}"
        data = {**params, **self.params}
        post = post or bool(self._secrets)
        last = ""
        for attempt in range(1, self.max_attempts + 1):
            self.gate.acquire()
            self._count()
            try:
                if post:
                    resp = self.session.post(url, data=data, timeout=self.timeout)
                else:
                    resp = self.session.get(url, params=data, timeout=self.timeout)
                return self._check(resp, what)
            except requests.RequestException as exc:
                reason = type(exc).__name__
            except _Transient as exc:
                reason = str(exc)
            last = self._scrub(reason)
            if attempt == self.max_attempts:
                break
            wait = backoff_delay(attempt, self.backoff, self.backoff_cap, self._rng)
            self._count(last.split(":")[0])
            log.info("PubMed: retrying %s in %.1f s (attempt %d/%d) after %s", what, wait, attempt + 1,
                     self.max_attempts, last)
            self.gate.pause(wait)
            self._sleep(wait)
        raise PubmedRetriesExhausted(
            f"PubMed {what} failed after {self.max_attempts} attempts ({last}) at {self.base_url};"
            " what was fetched is saved: run the same command again to resume"
        )

    def _check(self, resp: requests.Response, what: str) -> bytes:
        status = resp.status_code
        if status == 429:
            raise _Transient("HTTP 429 rate limited")
        if status >= 500:
            raise _Transient(f"HTTP {status}")
        if status != 200:
            body = " ".join(resp.text.split())[:200]
            raise PubmedError(self._scrub(f"PubMed answered HTTP {status} to the {what} at {self.base_url}: {body}"))
        data = resp.content
        if resp.headers.get("Content-Length") and len(data) != int(resp.headers["Content-Length"]):
            raise _Transient("truncated body")
        try:
            check_error(data, what)
        except PubmedError as exc:
            if root_of(data) == "eFetchResult":  # NCBI's transient "Empty Response ... Timeout"
                raise _Transient(f"eFetchResult ERROR: {exc}") from None
            raise PubmedError(self._scrub(str(exc))) from None
        root = root_of(data)
        if root and not data.rstrip().endswith(f"</{root}>".encode()):
            raise _Transient(f"incomplete {root} answer")
        return data
