"""Fault rules, credit accounting and the token bucket (no HTTP)."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from ingest.standin.faults import Fault, Faults, Limits, seconds_to_midnight


def test_scripted_rules_fire_in_order_and_expire():
    f = Faults()
    f.add("503", times=2, route="list")
    f.add("latency", times=1, seconds=0.0)
    f.add("500", times=1)
    assert [x.kind for x in f.take("singleton")] == ["latency", "500"]
    assert [x.kind for x in f.take("list")] == ["503"]
    assert [x.kind for x in f.take("list")] == ["503"]
    assert f.take("list") == [] and f.pending() == []


def test_random_rules_are_seeded():
    def run():
        f = Faults(seed=9)
        f.add("502", times=None, rate=0.3)
        return [bool(f.take("list")) for _ in range(200)]

    a = run()
    assert a == run() and 30 < sum(a) < 90


@pytest.mark.parametrize("bad", [dict(kind="418"), dict(kind="500", route="x"), dict(kind="500", rate=0),
                                 dict(kind="500", times=0)])
def test_bad_rules_are_refused(bad):
    with pytest.raises(ValueError):
        Fault(**bad)


def test_budget_and_refunds():
    lim = Limits(daily_budget=2)
    assert lim.charge(1) and lim.charge(1) and not lim.charge(1)
    assert lim.remaining() == 0
    lim.charge(-1)
    assert lim.remaining() == 1
    lim.set_budget(5, used=5)
    assert not lim.charge(1) and lim.charge(0)


def test_token_bucket():
    lim = Limits()
    assert lim.wait() == 0.0  # no limit
    lim.set_rate_limit(4.0)
    waits = [lim.wait() for _ in range(6)]
    assert waits[:4] == [0.0] * 4 and 0 < waits[4] <= 0.25
    time.sleep(0.3)
    assert lim.wait() == 0.0
    with pytest.raises(ValueError):
        lim.set_rate_limit(0)


def test_seconds_to_midnight():
    t = dt.datetime(2026, 1, 1, 23, 59, 30, tzinfo=dt.timezone.utc).timestamp()
    assert seconds_to_midnight(t) == 30
    assert seconds_to_midnight(dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc).timestamp()) == 86400
