"""Progress: a tqdm bar on a terminal, log lines otherwise, nothing with --quiet."""

from __future__ import annotations

import io
import logging

from ingest.progress import Progress


def test_log_lines_when_not_a_terminal(caplog):
    now = [0.0]
    p = Progress(stream=io.StringIO(), tty=False, every=1.0, clock=lambda: now[0])
    with caplog.at_level(logging.INFO, logger="ingest"):
        p.start("hop 1", 300)
        now[0] = 2.0
        p.advance(100, requests=1)
        now[0] = 2.5
        p.advance(100, requests=2)  # within `every` of the last line: no new line
        p.finish()
    lines = [r.getMessage() for r in caplog.records]
    assert lines == ["hop 1: 300 works to fetch",
                     "hop 1: 100/300 works, 1 requests, 50.0 works/s, ETA 4 s",
                     "hop 1: 200/300 works, 2 requests, 80.0 works/s"]


def test_a_bar_per_stage_on_a_terminal():
    out = io.StringIO()
    p = Progress(stream=out, tty=True)
    p.start("hop 2", 200)
    p.advance(100, requests=3)
    p.note("resuming")
    p.finish()
    text = out.getvalue()
    assert "hop 2" in text and "100/200" in text and "requests=3" in text and "resuming" in text
    last = text.replace("\r", "\n").strip().splitlines()[-1]
    assert "100%" in last and "100/100" in last and "missing=100" in last  # the rest are missing, not pending


def test_quiet_prints_nothing(caplog):
    out = io.StringIO()
    with caplog.at_level(logging.INFO, logger="ingest"):
        for tty in (True, False):
            p = Progress(quiet=True, stream=out, tty=tty, every=0)
            p.start("hop 1", 10)
            p.advance(10, requests=1)
            p.note("x")
            p.finish()
    assert out.getvalue() == "" and caplog.records == []


def test_a_stage_of_unknown_size(caplog):
    now = [0.0]
    p = Progress(stream=io.StringIO(), tty=False, every=0, clock=lambda: now[0])
    with caplog.at_level(logging.INFO, logger="ingest"):
        p.start("cited-by", None)
        now[0] = 2.0
        p.advance(5, requests=1)
        p.finish()
    assert [r.getMessage() for r in caplog.records][:2] == [
        "cited-by: an unknown number of works to fetch", "cited-by: 5 works, 1 requests, 2.5 works/s"]
