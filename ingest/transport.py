"""The one HTTP path to OpenAlex: a pooled session, a rate limit, retries and the budget stop.

pyalex builds the query URLs (its ``.url`` always names ``https://api.openalex.org``); this
module rewrites that prefix to the configured base URL and sends the request itself:

* one pooled :class:`requests.Session` for every request of a job;
* the API key as ``Authorization: Bearer``, the email as ``From:`` (never in a URL, a log
  line, an error or a manifest);
* a token bucket (``settings.rate_limit`` requests per second, shared by all threads);
* exponential backoff with jitter on 5xx, timeouts, dropped connections, truncated or invalid
  JSON bodies and ``meta.timed_out`` pages, for a bounded number of attempts;
* ``Retry-After`` honoured on 429; a spent daily budget stops the job with
  :class:`~kg.errors.BudgetExhausted` (when it resets, how to resume) instead of sleeping;
* 400/401/403/404 are never retried.

Each work object of a list page is returned as the exact text the server sent, so the record
store can keep the raw JSON as received.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import logging
import random
import re
import threading
import time
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any, Callable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import requests
from requests.adapters import HTTPAdapter

from kg.errors import BudgetExhausted, OpenAlexError
from kg.settings import PUBLIC_OPENALEX_URL, Settings

log = logging.getLogger(__name__)

#: Statuses that retrying will not fix.
NO_RETRY = frozenset({400, 401, 403, 404, 405, 410, 414, 422})
_SECRET_PARAMS = {"api_key", "api-key", "apikey", "key", "token"}
_WS = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


class NotFound(OpenAlexError):
    """The server answered 404 for a URL (an id OpenAlex does not know)."""


class RetriesExhausted(OpenAlexError):
    """A request kept failing with errors worth retrying; the job stops and can be resumed."""


class TransientError(Exception):
    """A failure worth retrying (not raised past :meth:`Transport.get`)."""

    def __init__(self, reason: str, retry_after: float | None = None):
        super().__init__(reason)
        self.retry_after = retry_after


@dataclass
class ListPage:
    """One list response: the envelope (``meta`` …) and each result as ``(raw_text, dict)``."""

    meta: dict
    results: list[tuple[str, dict]]


@dataclass
class WorkReply:
    """One singleton response: the raw text of the work and the parsed dict."""

    raw: str
    work: dict


@dataclass
class TransportStats:
    """Counters for a job's manifest: requests sent, retries, credits the server reported."""

    requests: int = 0
    retries: int = 0
    credits: int | None = None
    server: str | None = None
    retry_reasons: dict[str, int] = field(default_factory=dict)
    rate_limit_remaining: int | None = None

    def as_dict(self) -> dict:
        return {
            "requests": self.requests,
            "retries": self.retries,
            "credits": self.credits,
            "retry_reasons": dict(sorted(self.retry_reasons.items())),
            "rate_limit_remaining": self.rate_limit_remaining,
            "server": self.server,
        }


class TokenBucket:
    """A thread-safe token bucket: at most ``rate`` acquisitions per second, bursts of ``capacity``."""

    def __init__(self, rate: float, capacity: float = 1.0, *, clock=time.monotonic, sleep=time.sleep):
        self.interval = 1.0 / rate
        self.slack = max(0.0, capacity - 1.0) * self.interval
        self._clock, self._sleep = clock, sleep
        self._next = clock() - self.slack
        self._lock = threading.Lock()

    def acquire(self) -> None:
        """Wait until a token is free and take it."""
        with self._lock:
            now = self._clock()
            slot = max(self._next, now - self.slack)
            self._next = slot + self.interval
        wait = slot - now
        if wait > 0:
            self._sleep(wait)

    def pause(self, seconds: float) -> None:
        """Hold every caller back for ``seconds`` (the server asked us to slow down)."""
        with self._lock:
            self._next = max(self._next, self._clock() + seconds)


def redact_url(url: str) -> str:
    """``url`` without credentials in its query string (for messages and logs).

    Examples
    --------
    >>> redact_url("http://h/works?api_key=s3cret&per-page=5")
    'http://h/works?api_key=%2A%2A%2A&per-page=5'
    """
    parts = urlsplit(url)
    if not parts.query:
        return url
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    if not any(k.lower() in _SECRET_PARAMS for k, _ in pairs):
        return url
    query = urlencode([(k, "***" if k.lower() in _SECRET_PARAMS else v) for k, v in pairs])
    return urlunsplit(parts._replace(query=query))


def _skip_ws(text: str, pos: int) -> int:
    return _WS.match(text, pos).end()


def split_list_body(text: str) -> ListPage:
    """Parse a list body, keeping the exact text of every object in ``results``.

    Raises ValueError on anything that is not a complete JSON object with a ``results`` list.

    Examples
    --------
    >>> page = split_list_body('{"meta": {"count": 1}, "results": [ {"id": "W1", "x": [1, 2]} ]}')
    >>> page.meta, page.results[0][0]
    ({'count': 1}, '{"id": "W1", "x": [1, 2]}')
    """
    envelope: dict[str, Any] = {}
    results: list[tuple[str, dict]] | None = None
    pos = _skip_ws(text, 0)
    if text[pos:pos + 1] != "{":
        raise ValueError("the body is not a JSON object")
    pos = _skip_ws(text, pos + 1)
    if text[pos:pos + 1] == "}":
        raise ValueError("the body has no results")
    while True:
        key, pos = _DECODER.raw_decode(text, pos)
        if not isinstance(key, str):
            raise ValueError("a key of the body is not a string")
        pos = _skip_ws(text, pos)
        if text[pos:pos + 1] != ":":
            raise ValueError(f"expected ':' at character {pos}")
        pos = _skip_ws(text, pos + 1)
        if key == "results":
            if text[pos:pos + 1] != "[":
                raise ValueError("results is not a list")
            items: list[tuple[str, dict]] = []
            pos = _skip_ws(text, pos + 1)
            if text[pos:pos + 1] == "]":
                pos += 1
            else:
                while True:
                    start = pos
                    obj, pos = _DECODER.raw_decode(text, pos)
                    if not isinstance(obj, dict):
                        raise ValueError("a result is not a JSON object")
                    items.append((text[start:pos], obj))
                    pos = _skip_ws(text, pos)
                    sep = text[pos:pos + 1]
                    pos = _skip_ws(text, pos + 1)
                    if sep == "]":
                        break
                    if sep != ",":
                        raise ValueError(f"expected ',' or ']' at character {pos}")
            results = items
        else:
            envelope[key], pos = _DECODER.raw_decode(text, pos)
        pos = _skip_ws(text, pos)
        sep = text[pos:pos + 1]
        pos = _skip_ws(text, pos + 1)
        if sep == "}":
            break
        if sep != ",":
            raise ValueError(f"expected ',' or '}}' at character {pos}")
    if pos != len(text):
        raise ValueError("trailing data after the JSON object")
    if results is None:
        raise ValueError("the body has no results")
    if not isinstance(envelope.get("meta", {}), dict):
        raise ValueError("meta is not an object")
    return ListPage(meta=envelope.get("meta") or {}, results=results)


def _header_int(headers, name: str) -> int | None:
    value = headers.get(name)
    if value is None:
        return None
    try:
        return int(float(value))
    except ValueError:
        return None


def _retry_after(headers) -> float | None:
    value = headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        when = email.utils.parsedate_to_datetime(value) if value.strip() else None
        if when is None:
            return None
        return max(0.0, (when - dt.datetime.now(dt.timezone.utc)).total_seconds())


def _next_utc_midnight(now: dt.datetime) -> dt.datetime:
    return (now + dt.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)


def user_agent() -> str:
    """``acukg/<version> pyalex/<version>``."""
    def version(name):
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "unknown"
    return f"acukg/{version('acukg')} pyalex/{version('pyalex')}"


def pooled_session(pool_size: int, accept: str) -> requests.Session:
    """A session that keeps up to ``pool_size`` connections to one host, retries nothing
    itself (the caller does), and says who it is."""
    session = requests.Session()
    adapter = HTTPAdapter(pool_connections=1, pool_maxsize=pool_size, max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers.update({"User-Agent": user_agent(), "Accept": accept})
    return session


def backoff_delay(attempt: int, base: float, cap: float, rng: random.Random) -> float:
    """Seconds to wait before retry ``attempt + 1``: exponential from ``base``, capped at
    ``cap``, jittered by ±50 %.

    >>> 0.5 <= backoff_delay(1, 1.0, 60.0, random.Random(0)) <= 1.5
    True
    """
    return min(cap, base * 2 ** (attempt - 1)) * rng.uniform(0.5, 1.5)


class Transport:
    """Sends pyalex-built URLs to the configured OpenAlex and returns checked, parsed replies.

    Parameters
    ----------
    settings
        Base URL, key, email and rate limit come from here.
    timeout
        ``(connect, read)`` seconds per attempt.
    max_attempts
        Attempts per request before giving up with an :class:`OpenAlexError`.
    backoff, backoff_cap
        Base and cap (seconds) of the exponential backoff; each wait is jittered.
    max_retry_after
        A ``Retry-After`` longer than this stops the job instead of sleeping.
    pool_size
        Connections kept open (one per concurrent worker).
    """

    def __init__(
        self,
        settings: Settings,
        *,
        timeout: tuple[float, float] = (5.0, 60.0),
        max_attempts: int = 6,
        backoff: float = 0.5,
        backoff_cap: float = 30.0,
        max_retry_after: float = 120.0,
        pool_size: int = 8,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.base_url = settings.openalex_url.rstrip("/")
        self._secrets = [s for s in (settings.api_key,) if s]
        self.timeout = timeout
        self.max_attempts = max_attempts
        self.backoff, self.backoff_cap = backoff, backoff_cap
        self.max_retry_after = max_retry_after
        self._sleep = sleep
        self.bucket = TokenBucket(settings.rate_limit, sleep=sleep)
        self.stats = TransportStats()
        self._stats_lock = threading.Lock()
        self._rng = random.Random()
        self.session = pooled_session(pool_size, "application/json")
        if settings.api_key:
            self.session.headers["Authorization"] = f"Bearer {settings.api_key}"
        if settings.email:
            self.session.headers["From"] = settings.email

    # -- public -------------------------------------------------------------------------
    def rewrite(self, url: str) -> str:
        """Point a pyalex URL (``https://api.openalex.org/…``) at the configured base URL."""
        if url.startswith(PUBLIC_OPENALEX_URL):
            return self.base_url + url[len(PUBLIC_OPENALEX_URL):]
        if url.startswith(self.base_url):
            return url
        raise OpenAlexError(f"refusing to send a request outside {self.base_url}: {redact_url(url)}")

    def get_list(self, url: str) -> ListPage:
        """GET a list URL; retry until it is a complete page that did not time out."""
        return self._get(url, self._parse_list)

    def get_work(self, url: str) -> WorkReply:
        """GET a singleton URL; raises :class:`NotFound` on 404."""
        return self._get(url, self._parse_work)

    def probe(self, url: str, timeout: float = 5.0) -> str:
        """One quick request, no retries; returns the ``Server`` header.

        200 and 404 both prove the server answers. Anything else raises
        :class:`OpenAlexError` naming the URL and the error, and pointing to ``--demo``.
        """
        target = self.rewrite(url)
        shown = redact_url(target)
        hint = ("Check OPENALEX_URL and the network, or run `acukg run --demo` to use the"
                " built-in synthetic stand-in.")
        self.bucket.acquire()
        self._count("requests")
        try:
            resp = self.session.get(target, timeout=(timeout, timeout))
        except requests.RequestException as exc:
            reason = self._scrub(f"{type(exc).__name__}: {exc}")[:300]
            raise OpenAlexError(f"cannot reach OpenAlex at {shown}: {reason}. {hint}") from None
        self._note_headers(resp.headers)
        if resp.status_code == 429:
            self._raise_429_if_fatal(resp, shown)
        elif resp.status_code not in (200, 404):
            raise OpenAlexError(
                f"OpenAlex at {shown} answered HTTP {resp.status_code}: {self._excerpt(resp)}. {hint}"
            )
        return resp.headers.get("Server", "")

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> "Transport":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- internals ----------------------------------------------------------------------
    def _count(self, what: str, reason: str | None = None) -> None:
        with self._stats_lock:
            setattr(self.stats, what, getattr(self.stats, what) + 1)
            if reason:
                self.stats.retry_reasons[reason] = self.stats.retry_reasons.get(reason, 0) + 1

    def _note_headers(self, headers) -> None:
        if self.stats.server is None and headers.get("Server"):
            self.stats.server = headers["Server"]
        used = _header_int(headers, "X-RateLimit-Credits-Used")
        remaining = _header_int(headers, "X-RateLimit-Remaining")
        with self._stats_lock:
            if used is not None:
                self.stats.credits = (self.stats.credits or 0) + used
            if remaining is not None:
                self.stats.rate_limit_remaining = remaining

    def _scrub(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text

    def _excerpt(self, resp: requests.Response, limit: int = 300) -> str:
        try:
            body = resp.json()
            if isinstance(body, dict) and ("error" in body or "message" in body):
                text = " ".join(str(body[k]) for k in ("error", "message") if body.get(k))
            else:
                text = resp.text
        except ValueError:
            text = resp.text
        text = re.sub(r"<[^>]+>", " ", text)
        text = " ".join(text.split())
        return self._scrub(text[:limit] or resp.reason or "(empty body)")

    def _get(self, url: str, parse):
        target = self.rewrite(url)
        shown = redact_url(target)
        last = ""
        for attempt in range(1, self.max_attempts + 1):
            self.bucket.acquire()
            self._count("requests")
            try:
                resp = self.session.get(target, timeout=self.timeout)
                self._note_headers(resp.headers)
                return self._check(resp, shown, parse)
            except requests.RequestException as exc:
                error = TransientError(f"{type(exc).__name__}")
                detail = self._scrub(str(exc))[:200]
            except TransientError as exc:
                error, detail = exc, str(exc)
            last = detail or str(error)
            if attempt == self.max_attempts:
                break
            wait = self._wait_for(attempt, error.retry_after)
            self._count("retries", str(error).split(":")[0])
            log.info("retrying in %.2f s (attempt %d/%d) after %s: %s",
                     wait, attempt + 1, self.max_attempts, last, shown)
            if error.retry_after is not None:
                self.bucket.pause(wait)
            self._sleep(wait)
        raise RetriesExhausted(
            f"OpenAlex request failed after {self.max_attempts} attempts ({last}): {shown};"
            " what was fetched is saved: run the same command again to resume"
        )

    def _wait_for(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return retry_after
        return backoff_delay(attempt, self.backoff, self.backoff_cap, self._rng)

    def _check(self, resp: requests.Response, shown: str, parse):
        status = resp.status_code
        if status == 200:
            try:
                text = resp.content.decode("utf-8")
                return parse(text)
            except (UnicodeDecodeError, ValueError) as exc:
                raise TransientError(f"invalid JSON body: {exc}") from None
        if status == 429:
            retry_after = self._raise_429_if_fatal(resp, shown)
            raise TransientError("HTTP 429 rate limited", retry_after if retry_after is not None else 1.0)
        if status == 404:
            raise NotFound(f"404 Not Found: {shown}")
        if status in NO_RETRY or 400 <= status < 500:
            hint = " (check OPENALEX_API_KEY)" if status in (401, 403) else ""
            raise OpenAlexError(f"OpenAlex answered HTTP {status}{hint}: {self._excerpt(resp)}: {shown}")
        retry_after = _retry_after(resp.headers) if status == 503 else None
        if retry_after is not None and retry_after > self.max_retry_after:
            retry_after = None
        raise TransientError(f"HTTP {status}", retry_after)

    def _raise_429_if_fatal(self, resp: requests.Response, shown: str) -> float | None:
        """Classify a 429: raise on a spent budget or a plan limit, else return Retry-After."""
        remaining = _header_int(resp.headers, "X-RateLimit-Remaining")
        required = _header_int(resp.headers, "X-RateLimit-Credits-Required")
        text = resp.text or ""
        if (remaining is not None and required is not None and remaining < required) or (
            "insufficient budget" in text.lower()
        ):
            now = dt.datetime.now(dt.timezone.utc)
            reset_s = _header_int(resp.headers, "X-RateLimit-Reset")
            if reset_s is None:
                reset_s = _retry_after(resp.headers)
            resets = now + dt.timedelta(seconds=reset_s) if reset_s is not None else _next_utc_midnight(now)
            resets = resets.replace(microsecond=0)
            exc = BudgetExhausted(
                f"the OpenAlex daily budget is spent ({remaining if remaining is not None else 0} credits left,"
                f" {required if required is not None else 1} needed) at {shown}. It resets at"
                f" {resets.strftime('%Y-%m-%d %H:%M:%S')} UTC. Everything fetched so far is saved:"
                " run the same command again after the reset to resume."
            )
            exc.resets_at = resets.isoformat()
            raise exc
        if "plan upgrade required" in text.lower():
            raise OpenAlexError(f"OpenAlex refused the query (429, plan upgrade required): {shown}")
        retry_after = _retry_after(resp.headers)
        if retry_after is not None and retry_after > self.max_retry_after:
            raise OpenAlexError(
                f"OpenAlex asks to wait {retry_after:.0f} s before the next request (429) at {shown};"
                " run the same command again later to resume."
            )
        return retry_after

    @staticmethod
    def _parse_list(text: str) -> ListPage:
        page = split_list_body(text)
        if page.meta.get("timed_out"):
            raise TransientError("timed_out page: the server's query timed out")
        return page

    @staticmethod
    def _parse_work(text: str) -> WorkReply:
        raw = text.strip()
        work = json.loads(raw)
        if not isinstance(work, dict) or "id" not in work:
            raise ValueError("the body is not a work object")
        return WorkReply(raw=raw, work=work)
