"""The loopback OpenAlex stand-in: an HTTP/1.1 server over a synthetic corpus.

``start_standin(size, seed)`` serves a :class:`~ingest.standin.corpus.SyntheticCorpus` on
``127.0.0.1`` from a stdlib ``ThreadingHTTPServer`` in a daemon thread (keep-alive,
thread-safe, clean stop). What it answers is :func:`ingest.standin.api.handle`; around it
the server adds OpenAlex's proxy behaviour: API keys (``Authorization: Bearer``,
``api_key``/``api-key`` parameter or header; a configured bad key gets the 401 body),
rate-limit headers and credit accounting (singleton 0 credits, list 1) against a daily
budget, an optional per-second token bucket (429 + ``Retry-After``), added latency, and
faults injected on demand through :attr:`StandIn.faults`. PubMed's E-utilities
(:mod:`ingest.standin.eutils`, GET or POST) answer under ``/entrez/eutils/`` with NCBI's own
rate limit (:attr:`StandIn.eutils_limits`: 429 with NCBI's JSON body, no Retry-After) and the
same faults (route ``eutils``; kind ``eutils_error`` is NCBI's HTTP 200 ``<ERROR>`` answer). A client that drops its
connection is logged at debug level, not as an error; a bug answers 500 and logs the
traceback. Answers go out with ``TCP_NODELAY`` (no delayed-ACK stall after the headers).

Examples
--------
>>> with start_standin(size=100, seed=1) as s:            # doctest: +SKIP
...     requests.get(s.url + "/works", params={"filter": "publication_year:>2020"}).json()
"""

from __future__ import annotations

import errno
import logging
import math
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from ingest.standin import api, eutils
from ingest.standin.corpus import SyntheticCorpus
from ingest.standin.faults import Fault, Faults, Limits, Stats, seconds_to_midnight

log = logging.getLogger(__name__)

USD_PER_CREDIT = 0.0001
ERROR_BODIES = {
    500: {"error": "Internal server error", "message": "Something went wrong on our side."},
    502: {"error": "Bad gateway", "message": "The upstream server returned an invalid response."},
    503: {"error": "Service unavailable", "message": "Collection resolution unavailable. Please retry."},
    504: {"error": "Gateway timeout", "message": "The query took too long and was aborted.", "reason": "query_timeout"},
}


class StandIn:
    """A running stand-in server. Use as a context manager, or call :meth:`stop`.

    Attributes
    ----------
    url : str
        ``http://127.0.0.1:PORT`` (no trailing slash).
    corpus : SyntheticCorpus
    faults : Faults
        Add faults at run time: ``standin.faults.add("503", times=3, route="list")``.
    limits : Limits
        Credit budget and per-second limit (``limits.set_budget``, ``limits.set_rate_limit``).
    eutils_limits : Limits
        The per-second limit of the E-utilities routes (none unless set: NCBI's is 3, or 10
        with an API key).
    """

    def __init__(self, corpus: SyntheticCorpus, *, host: str = "127.0.0.1", port: int = 0,
                 rate_limit: float | None = None, latency: float = 0.0, faults=None,
                 daily_budget: int = 1_000_000, bad_keys=("bad-key",)):
        self.corpus = corpus
        self.latency = float(latency)
        self.faults = Faults(seed=corpus.seed)
        self.faults.extend(faults)
        self.limits = Limits(daily_budget=int(daily_budget))
        self.limits.set_rate_limit(rate_limit)
        self.eutils_limits = Limits()
        self.bad_keys = frozenset(bad_keys or ())
        self._stats = Stats()
        self._conns: set[socket.socket] = set()
        self._conns_lock = threading.Lock()
        handler = type("StandInHandler", (_Handler,), {"standin": self})
        self._server = _Server((host, port), handler)
        self.host, self.port = self._server.server_address[:2]
        self.url = f"http://{self.host}:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, name=f"standin:{self.port}", daemon=True)
        self._stopped = False

    def start(self) -> "StandIn":
        self._thread.start()
        return self

    @property
    def stats(self) -> dict[str, int]:
        """Request counts by kind: requests, singleton, list, not_found, bad_request,
        unauthorized, rate_limited, budget_exhausted, ``fault:<kind>``, connections,
        credits_used."""
        return self._stats.snapshot()

    def stop(self) -> None:
        """Stop serving, close every open connection and the listening socket."""
        if self._stopped:
            return
        self._stopped = True
        self._server.shutdown()
        with self._conns_lock:
            conns = list(self._conns)
        for conn in conns:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                log.debug("connection already closed")
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> "StandIn":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"StandIn(url={self.url!r}, size={self.corpus.size}, seed={self.corpus.seed})"


def start_standin(size: int = 1000, seed: int = 0, *, port: int = 0, rate_limit: float | None = None,
                  latency: float = 0.0, faults=None, daily_budget: int = 1_000_000,
                  bad_keys=("bad-key",), corpus: SyntheticCorpus | None = None) -> StandIn:
    """Start a stand-in serving ``SyntheticCorpus(size, seed)`` (or ``corpus``) on 127.0.0.1.

    Parameters
    ----------
    size, seed : int
        The corpus to build (ignored if ``corpus`` is given).
    port : int
        0 picks a free port.
    rate_limit : float, optional
        Requests per second before 429s (token bucket, burst = rate); None: no limit.
    latency : float
        Seconds added to every answer.
    faults : list of Fault or dict, optional
        Fault rules active from the start (more can be added via ``.faults.add``).
    daily_budget : int
        Credits per UTC day (list request 1, singleton 0).
    bad_keys : iterable of str
        API keys answered with 401.

    Returns
    -------
    StandIn
        Already serving; a context manager.
    """
    corpus = corpus if corpus is not None else SyntheticCorpus(size, seed)
    return StandIn(corpus, port=port, rate_limit=rate_limit, latency=latency, faults=faults,
                   daily_budget=daily_budget, bad_keys=bad_keys).start()


#: errno values of a socket whose peer is gone (besides ConnectionError's own).
GONE_ERRNOS = frozenset({errno.EPIPE, errno.ECONNRESET, errno.ECONNABORTED, errno.ENOTCONN, errno.ESHUTDOWN})


def client_gone(exc: BaseException | None) -> bool:
    """Whether ``exc`` says the client dropped the connection (or timed out), not a bug of ours."""
    if isinstance(exc, (ConnectionError, TimeoutError)):
        return True
    return isinstance(exc, OSError) and exc.errno in GONE_ERRNOS


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        exc = sys.exc_info()[1]
        if client_gone(exc):  # the client went away: not our fault, not worth a traceback
            log.debug("standin: client %s went away: %r", client_address, exc)
            return
        log.exception("standin: error while serving %s", client_address)


def _route(path: str) -> str:
    if path in ("/works", "/works/"):
        return "list"
    if path.startswith("/works/"):
        return "singleton"
    if eutils.is_eutils(path):
        return "eutils"
    return "other"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "acukg-standin/1"
    disable_nagle_algorithm = True  # headers and body go out at once, not after a delayed ACK
    timeout = 120  # idle keep-alive connections close after this
    standin: StandIn

    def setup(self) -> None:
        super().setup()
        s = self.standin
        with s._conns_lock:
            s._conns.add(self.connection)
        s._stats.add("connections")

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            with self.standin._conns_lock:
                self.standin._conns.discard(self.connection)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        log.debug("standin %s " + format, self.address_string(), *args)

    # ---------------------------------------------------------------------------------

    def _api_key(self, query: dict[str, list[str]]) -> str | None:
        auth = self.headers.get("Authorization", "")
        if auth.lower().startswith("bearer "):
            return auth[7:].strip()
        for name in ("api_key", "api-key"):
            if name in query:
                return query[name][-1]
            if self.headers.get(name):
                return self.headers.get(name)
        return None

    def _rate_headers(self, credits: int) -> dict[str, str]:
        lim = self.standin.limits
        return {
            "X-RateLimit-Limit": str(lim.daily_budget),
            "X-RateLimit-Remaining": str(lim.remaining()),
            "X-RateLimit-Credits-Used": str(credits),
            "X-RateLimit-Reset": str(seconds_to_midnight()),
            "X-RateLimit-Limit-USD": f"{lim.daily_budget * USD_PER_CREDIT:.4f}",
            "X-RateLimit-Remaining-USD": f"{lim.remaining() * USD_PER_CREDIT:.4f}",
        }

    def _send(self, status: int, body: dict | api.Raw | str | bytes, headers: dict[str, str] | None = None,
              *, mode: str | None = None) -> None:
        if isinstance(body, (dict, api.Raw)):
            data = api.to_json(body).encode("utf-8")
            ctype = "application/json"
        elif isinstance(body, eutils.Xml):
            data = body.encode("utf-8")
            ctype = "text/xml; charset=UTF-8"
        elif isinstance(body, str):
            data = body.encode("utf-8")
            ctype = "text/html; charset=utf-8"
        else:
            data, ctype = body, "application/json"
        length = len(data)
        if mode == "cut_json":
            data = data[: len(data) // 2]
            length = len(data)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(length))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if mode == "truncate":
            self.send_header("Connection", "close")
        self.end_headers()
        if mode == "truncate":
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self._hang_up("the truncated body ended")
            return
        self.wfile.write(data)

    def _hang_up(self, before: str) -> None:
        """Close the connection at once; a client already gone is no error."""
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError as exc:
            if not client_gone(exc):
                raise
            log.debug("standin: client closed before %s: %r", before, exc)

    def _too_many(self, retry_after: float, credits_required: int) -> None:
        s = self.standin
        s._stats.add("rate_limited")
        rate = s.limits.rate_limit
        body = {
            "error": "Rate limit exceeded",
            "message": f"Rate limit exceeded: {rate:g} requests per second. Please slow down." if rate
            else "Rate limit exceeded. Please slow down.",
            "retryAfter": round(retry_after, 3),
            "costUsd": credits_required * USD_PER_CREDIT,
            "dailyRemainingUsd": s.limits.remaining() * USD_PER_CREDIT,
            "prepaidRemainingUsd": 0,
            "creditsRequired": credits_required,
            "creditsRemaining": s.limits.remaining(),
            "onetimeCreditsRemaining": 0,
        }
        headers = self._rate_headers(0)
        headers["Retry-After"] = str(max(1, math.ceil(retry_after)))
        headers["X-RateLimit-Credits-Required"] = str(credits_required)
        self._send(429, body, headers)

    def _budget_spent(self, credits_required: int) -> None:
        s = self.standin
        s._stats.add("budget_exhausted")
        reset = seconds_to_midnight()
        cost = credits_required * USD_PER_CREDIT
        body = {
            "error": "Rate limit exceeded",
            "message": f"Insufficient budget. This request costs ${cost:g} but you only have $0 remaining. "
            "Resets at midnight UTC.",
            "retryAfter": reset,
            "costUsd": cost,
            "dailyRemainingUsd": 0,
            "prepaidRemainingUsd": 0,
            "creditsRequired": credits_required,
            "creditsRemaining": 0,
            "onetimeCreditsRemaining": 0,
        }
        headers = self._rate_headers(0)
        headers.update({"Retry-After": str(reset), "X-RateLimit-Remaining": "0",
                        "X-RateLimit-Credits-Required": str(credits_required)})
        self._send(429, body, headers)

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        s = self.standin
        s._stats.add("requests")
        parts = urlsplit(self.path)
        path = parts.path
        query = parse_qs(parts.query, keep_blank_values=True)
        route = _route(path)
        if route == "eutils":
            self._eutils(path, query)
            return
        credits = 1 if route == "list" else 0
        if s.latency:
            time.sleep(s.latency)
        key = self._api_key(query)
        if key is not None and key in s.bad_keys:
            s._stats.add("unauthorized")
            self._send(401, {"error": "Invalid or missing API key", "message": "Provide a valid API key"},
                       self._rate_headers(0))
            return
        wait = s.limits.wait()
        if wait > 0:
            self._too_many(wait, credits)
            return
        fired = s.faults.take(route)
        mode = None
        for f in fired:
            s._stats.add(f"fault:{f.kind}")
            if f.kind == "latency":
                time.sleep(f.seconds)
        for f in fired:
            if f.kind == "latency":
                continue
            if f.kind == "disconnect":
                self._hang_up("the disconnect fault")
                return
            if f.kind == "429":
                self._too_many(float(f.retry_after), credits)
                return
            if f.kind == "budget":
                self._budget_spent(max(1, credits))
                return
            if f.kind in ("500", "502", "503", "504"):
                headers = self._rate_headers(0)
                if f.kind == "503":
                    headers["Retry-After"] = str(f.retry_after)
                self._send(int(f.kind), ERROR_BODIES[int(f.kind)], headers)
                return
            mode = f.kind
        if credits and not s.limits.charge(credits):
            self._budget_spent(credits)
            return
        try:
            reply = api.handle(s.corpus, path, query)
        except Exception:  # a bug in the stand-in: answer 500 and say so in the log
            log.exception("standin: error answering %s", self.path)
            reply = api.Reply(500, ERROR_BODIES[500], 0, "error")
        s._stats.add(reply.kind)
        charged = credits if reply.status == 200 else 0
        if credits and not charged:
            s.limits.charge(-credits)  # errors are not billed
        s._stats.add("credits_used", charged)
        body = reply.body
        if mode == "timed_out" and reply.kind == "list":
            body = dict(body)
            body["meta"] = dict(body["meta"], timed_out=True)
            body["results"] = body["results"][: len(body["results"]) // 2]
            mode = None
        elif mode == "timed_out":
            mode = None
        self._send(reply.status, body, self._rate_headers(charged), mode=mode)

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        form = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        parts = urlsplit(self.path)
        if _route(parts.path) == "eutils":
            self.standin._stats.add("requests")
            query = parse_qs(parts.query, keep_blank_values=True)
            for k, v in parse_qs(form, keep_blank_values=True).items():
                query.setdefault(k, []).extend(v)
            self._eutils(parts.path, query, post=True)
            return
        self._send(405, {"error": "Method not allowed", "message": "The stand-in answers GET only for OpenAlex."})

    def _eutils(self, path: str, query: dict[str, list[str]], post: bool = False) -> None:
        """One E-utilities request: NCBI's rate limit, faults, then :func:`eutils.handle`."""
        s = self.standin
        s._stats.add("eutils_post" if post else "eutils_get")
        if not (query.get("tool") and query.get("email")):
            s._stats.add("eutils_anonymous")
        if s.latency:
            time.sleep(s.latency)
        if s.eutils_limits.wait() > 0:
            s._stats.add("eutils_rate_limited")
            self._send(429, eutils.RATE_LIMITED, {"X-RateLimit-Limit": "3", "X-RateLimit-Remaining": "0"})
            return
        mode = None
        for f in s.faults.take("eutils"):
            s._stats.add(f"fault:{f.kind}")
            if f.kind == "latency":
                time.sleep(f.seconds)
            elif f.kind == "disconnect":
                self._hang_up("the disconnect fault")
                return
            elif f.kind == "429":
                self._send(429, eutils.RATE_LIMITED, {"X-RateLimit-Limit": "3", "X-RateLimit-Remaining": "0"})
                return
            elif f.kind == "eutils_error":
                self._send(200, eutils.Xml(eutils.TIMEOUT_ERROR))
                return
            elif f.kind in ("500", "502", "503", "504"):
                self._send(int(f.kind), ERROR_BODIES[int(f.kind)])
                return
            elif f.kind in ("truncate", "cut_json"):
                mode = f.kind
        try:
            status, body, kind = eutils.handle(s.corpus, path, query)
        except Exception:  # a bug in the stand-in: answer 500 and say so in the log
            log.exception("standin: error answering %s", self.path)
            status, body, kind = 500, ERROR_BODIES[500], "error"
        s._stats.add(kind)
        self._send(status, body, mode=mode)


__all__ = ["Fault", "StandIn", "start_standin"]
