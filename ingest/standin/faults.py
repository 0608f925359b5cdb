"""Faults on demand and OpenAlex's limits for the stand-in server: thread-safe state only.

:class:`Faults` holds scripted faults ("the next 3 list requests get 503") and random ones
("10 % of list requests get 502"); the server asks :meth:`Faults.take` which fire for each
request. :class:`Limits` does the credit accounting (singleton 0 credits, list 1) against a
daily budget that resets at midnight UTC, and an optional per-second token bucket.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

#: Fault kinds: HTTP errors, OpenAlex's two 429s, added latency, broken bodies, partial pages.
KINDS = (
    "429",  # per-second rate limit: 429 + Retry-After + the JSON body of OpenAlex's proxy
    "budget",  # daily budget spent: 429, Retry-After = seconds to UTC midnight, Remaining 0
    "500",
    "502",
    "503",
    "504",
    "latency",  # sleep `seconds` before answering (combines with another fault)
    "truncate",  # Content-Length of the full body, then close after half of it
    "cut_json",  # a consistent Content-Length, but the JSON is cut in half
    "timed_out",  # a 200 list page with meta.timed_out: true and half of its results
    "disconnect",  # close the connection without any answer
    "eutils_error",  # E-utilities: HTTP 200 with NCBI's transient <eFetchResult><ERROR> answer
)
ROUTES = ("any", "list", "singleton", "eutils")


@dataclass
class Fault:
    """One fault rule. ``times`` None = no limit (use with ``rate`` < 1)."""

    kind: str
    times: int | None = 1
    route: str = "any"
    rate: float = 1.0
    retry_after: int = 1
    seconds: float = 0.5
    fired: int = 0

    def __post_init__(self) -> None:
        self.kind = str(self.kind)
        if self.kind not in KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; expected one of {KINDS}")
        if self.route not in ROUTES:
            raise ValueError(f"unknown fault route {self.route!r}; expected one of {ROUTES}")
        if not 0.0 < self.rate <= 1.0:
            raise ValueError(f"fault rate must be in (0, 1], got {self.rate!r}")
        if self.times is not None and self.times < 1:
            raise ValueError(f"fault times must be at least 1 or None, got {self.times!r}")


@dataclass
class Faults:
    """The fault rules of one running stand-in (thread-safe).

    Examples
    --------
    >>> f = Faults()
    >>> _ = f.add("503", times=2, route="list")
    >>> [x.kind for x in f.take("list")], [x.kind for x in f.take("singleton")]
    (['503'], [])
    """

    seed: int = 0
    _rules: list[Fault] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _rng: random.Random | None = None

    def add(self, kind: str | int, times: int | None = 1, *, route: str = "any", rate: float = 1.0,
            retry_after: int = 1, seconds: float = 0.5) -> Fault:
        """Add a rule: the next ``times`` matching requests (each with probability ``rate``)
        get fault ``kind``. Returns the rule (its ``fired`` counts how often it fired)."""
        rule = Fault(str(kind), times, route, rate, retry_after, seconds)
        with self._lock:
            self._rules.append(rule)
        return rule

    def extend(self, rules) -> None:
        """Add rules given as :class:`Fault` objects or dicts of its fields."""
        for r in rules or ():
            rule = r if isinstance(r, Fault) else Fault(**r)
            with self._lock:
                self._rules.append(rule)

    def clear(self) -> None:
        """Remove every rule."""
        with self._lock:
            self._rules.clear()

    def pending(self) -> list[Fault]:
        """The rules still active."""
        with self._lock:
            return list(self._rules)

    def take(self, route: str) -> list[Fault]:
        """The faults that fire for one request on ``route``: every latency rule that fires
        plus at most one other, in the order the rules were added."""
        out: list[Fault] = []
        with self._lock:
            if self._rng is None:
                self._rng = random.Random(f"faults:{self.seed}")
            other = False
            for rule in list(self._rules):
                if rule.route not in ("any", route):
                    continue
                if rule.kind != "latency" and other:
                    continue
                if rule.rate < 1.0 and self._rng.random() >= rule.rate:
                    continue
                rule.fired += 1
                out.append(rule)
                other = other or rule.kind != "latency"
                if rule.times is not None and rule.fired >= rule.times:
                    self._rules.remove(rule)
        return out


def seconds_to_midnight(now: float | None = None) -> int:
    """Whole seconds until the next midnight UTC (at least 1)."""
    t = dt.datetime.fromtimestamp(time.time() if now is None else now, dt.timezone.utc)
    midnight = (t + dt.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return max(1, math.ceil((midnight - t).total_seconds()))


@dataclass
class Limits:
    """Credit accounting against a daily budget, and an optional per-second token bucket."""

    daily_budget: int = 1_000_000
    rate_limit: float | None = None
    used: int = 0
    _day: dt.date | None = None
    _tokens: float = 0.0
    _stamp: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def set_rate_limit(self, rate: float | None) -> None:
        """Requests per second allowed (None: no limit); the bucket starts full."""
        if rate is not None and rate <= 0:
            raise ValueError(f"rate limit must be positive or None, got {rate!r}")
        with self._lock:
            self.rate_limit = rate
            self._tokens = max(1.0, rate or 0.0)
            self._stamp = time.monotonic()

    def set_budget(self, credits: int, used: int = 0) -> None:
        """Set the daily budget (credits) and what is already used of it today."""
        with self._lock:
            self.daily_budget = int(credits)
            self.used = int(used)
            self._day = dt.datetime.now(dt.timezone.utc).date()

    def wait(self) -> float:
        """Seconds until the next request is allowed (0: take a token now)."""
        with self._lock:
            if self.rate_limit is None:
                return 0.0
            now = time.monotonic()
            cap = max(1.0, self.rate_limit)
            self._tokens = min(cap, self._tokens + (now - self._stamp) * self.rate_limit)
            self._stamp = now
            if self._tokens >= 1.0:
                self._tokens -= 1.0
                return 0.0
            return (1.0 - self._tokens) / self.rate_limit

    def charge(self, credits: int) -> bool:
        """Spend ``credits`` of today's budget; False (nothing spent) if they are not there."""
        with self._lock:
            today = dt.datetime.now(dt.timezone.utc).date()
            if self._day != today:
                self._day, self.used = today, 0
            if self.used + credits > self.daily_budget:
                return False
            self.used += credits
            return True

    def remaining(self) -> int:
        with self._lock:
            return max(0, self.daily_budget - self.used)


class Stats:
    """Request counts by kind (thread-safe)."""

    def __init__(self) -> None:
        self._c: Counter[str] = Counter()
        self._lock = threading.Lock()

    def add(self, key: str, n: int = 1) -> None:
        with self._lock:
            self._c[key] += n

    def snapshot(self) -> dict[str, int]:
        with self._lock:
            return dict(self._c)
