"""The transport: exact raw objects, rate limit, retries on every fault kind, the budget stop."""

from __future__ import annotations

import datetime as dt
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.shared_data import require

from ingest.fetch import batch_url, probe_url, singleton_url
from ingest.transport import NotFound, RetriesExhausted, TokenBucket, Transport, redact_url, split_list_body
from kg.errors import BudgetExhausted, OpenAlexError
from kg.settings import Settings
from tests.ingest.conftest import fast_transport, settings_for_standin



def test_split_list_body_returns_the_exact_text_of_each_result():
    text = (require("openalex_examples") / "02_list_cursor_page1_full_works.json").read_text("utf-8")
    page = split_list_body(text)
    assert page.meta == json.loads(text)["meta"]
    assert [obj for _, obj in page.results] == json.loads(text)["results"]
    for raw, obj in page.results:
        assert raw in text and json.loads(raw) == obj and raw.startswith("{") and raw.endswith("}")
    empty = split_list_body((require("openalex_examples") / "03_list_cursor_page2_terminal_empty.json").read_text("utf-8"))
    assert empty.results == [] and empty.meta["next_cursor"] is None


@pytest.mark.parametrize("body", [
    '{"meta": {}, "results": [{"id": "W1"}, {"id": "W2"',   # truncated
    '{"meta": {}, "results": [{"id": "W1"}]} trailing',
    '{"meta": {}}',
    '[{"id": "W1"}]',
    '<html>oops</html>',
    '{"meta": {}, "results": [1, 2]}',
    '',
])
def test_split_list_body_rejects_incomplete_or_foreign_bodies(body):
    with pytest.raises(ValueError):
        split_list_body(body)


def test_token_bucket_spaces_requests_at_the_rate():
    now = [0.0]
    waits = []

    def sleep(s):
        waits.append(round(s, 6))
        now[0] += s

    bucket = TokenBucket(4.0, clock=lambda: now[0], sleep=sleep)
    for _ in range(5):
        bucket.acquire()
    assert waits == [0.25, 0.25, 0.25, 0.25]
    bucket.pause(2.0)
    bucket.acquire()
    assert waits[-1] == pytest.approx(2.0)


def test_redact_url_hides_keys_in_query_strings():
    assert "s3cr3t" not in redact_url("http://h/works?api_key=s3cr3t")
    assert redact_url("http://h/works?filter=doi:1") == "http://h/works?filter=doi:1"


def test_pyalex_urls_are_sent_to_the_configured_base_url():
    t = Transport(Settings(openalex_url="http://127.0.0.1:9/proxy/"))
    assert t.rewrite("https://api.openalex.org/works?filter=doi:x") == "http://127.0.0.1:9/proxy/works?filter=doi:x"
    with pytest.raises(OpenAlexError, match="refusing"):
        t.rewrite("https://elsewhere.example/works")
    t.close()


class _Recorder(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen: list = []

    def do_GET(self):  # noqa: N802
        type(self).seen.append((self.path, dict(self.headers)))
        body = b'{"meta": {"count": 0}, "results": []}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_key_and_email_travel_as_headers_never_in_the_url_and_one_connection_is_reused():
    _Recorder.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        settings = Settings(openalex_url=f"http://127.0.0.1:{server.server_address[1]}",
                            api_key="KEY-sekret-1", email="me@example.org", rate_limit=1000)
        with Transport(settings) as t:
            for _ in range(3):
                t.get_list(batch_url(["W1", "W2"]))
        assert len(_Recorder.seen) == 3
        for path, headers in _Recorder.seen:
            assert headers["Authorization"] == "Bearer KEY-sekret-1"
            assert headers["From"] == "me@example.org"
            assert headers["User-Agent"].startswith("acukg/")
            assert "KEY-sekret-1" not in path and "example.org" not in path
            assert path.startswith("/works?filter=openalex_id:W1%7CW2&select=id,doi,")
        assert "KEY-sekret-1" not in repr(settings)
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("kind", ["429", "500", "502", "503", "504", "truncate", "cut_json", "timed_out",
                                  "disconnect"])
@pytest.mark.slow
def test_every_fault_kind_is_retried_until_a_good_page(fresh_standin, tmp_path, kind):
    ids = fresh_standin.corpus.ids()[:50]
    times = 1 if kind in ("429", "503") else 2  # those two wait Retry-After: 1 s each time
    fresh_standin.faults.add(kind, times=times, route="list")
    before = fresh_standin.stats.get(f"fault:{kind}", 0)
    waits = []
    t = fast_transport(settings_for_standin(fresh_standin, tmp_path),
                       sleep=lambda s: (waits.append(s), time.sleep(s)))
    page = t.get_list(batch_url(ids))
    assert sorted(w["id"].rsplit("/", 1)[-1] for _, w in page.results) == sorted(ids)
    assert t.stats.retries == times and t.stats.requests == times + 1
    assert fresh_standin.stats[f"fault:{kind}"] - before == times
    if kind in ("429", "503"):  # Retry-After: 1 is honoured
        assert waits.count(1.0) == 1
    t.close()


def test_a_slow_answer_times_out_and_is_retried(fresh_standin, tmp_path):
    fresh_standin.faults.add("latency", times=1, route="list", seconds=0.6)
    t = fast_transport(settings_for_standin(fresh_standin, tmp_path), timeout=(0.3, 0.3))
    page = t.get_list(batch_url(fresh_standin.corpus.ids()[:5]))
    assert len(page.results) == 5
    assert t.stats.retries == 1 and list(t.stats.retry_reasons) == ["ReadTimeout"]
    t.close()


def test_a_spent_budget_stops_at_once_saying_when_it_resets_and_how_to_resume(fresh_standin, tmp_path):
    fresh_standin.faults.add("budget", times=1, route="list")
    t = fast_transport(settings_for_standin(fresh_standin, tmp_path))
    start = time.monotonic()
    with pytest.raises(BudgetExhausted) as info:
        t.get_list(batch_url(fresh_standin.corpus.ids()[:5]))
    assert time.monotonic() - start < 1.0
    message = str(info.value)
    assert "daily budget is spent" in message and "run the same command again" in message
    reset = dt.datetime.fromisoformat(info.value.resets_at)
    tomorrow = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=1)).date()
    assert reset.hour == 0 and reset.minute == 0 and reset.date() == tomorrow
    assert f"{tomorrow.isoformat()} 00:00:00 UTC" in message
    assert t.stats.requests == 1 and t.stats.retries == 0
    t.close()


def test_a_long_retry_after_stops_instead_of_sleeping(fresh_standin, tmp_path):
    fresh_standin.faults.add("429", times=1, route="list", retry_after=3600)
    t = fast_transport(settings_for_standin(fresh_standin, tmp_path))
    with pytest.raises(OpenAlexError, match="asks to wait 3600 s"):
        t.get_list(batch_url(fresh_standin.corpus.ids()[:5]))
    t.close()


def test_errors_that_retrying_cannot_fix_are_not_retried_and_never_show_the_key(fresh_standin, tmp_path):
    t = fast_transport(settings_for_standin(fresh_standin, tmp_path, api_key="bad-key"))
    with pytest.raises(OpenAlexError) as info:
        t.get_list(batch_url(["W1"]))
    assert "HTTP 401" in str(info.value) and "bad-key" not in str(info.value)
    assert t.stats.requests == 1
    t.close()
    t = fast_transport(settings_for_standin(fresh_standin, tmp_path))
    with pytest.raises(NotFound, match="404"):
        t.get_work(singleton_url("W123"))
    with pytest.raises(OpenAlexError, match="HTTP 400"):
        t.get_list("https://api.openalex.org/works?filter=no_such_field:1")
    assert t.stats.requests == 2 and t.stats.retries == 0
    t.close()


def test_retries_are_bounded_and_the_error_names_the_url(fresh_standin, tmp_path):
    fresh_standin.faults.add("500", times=None, route="list")
    t = fast_transport(settings_for_standin(fresh_standin, tmp_path, api_key="KEY-sekret-2"), max_attempts=3)
    with pytest.raises(RetriesExhausted) as info:
        t.get_list(batch_url(["W9000000001"]))
    message = str(info.value)
    assert "after 3 attempts (HTTP 500)" in message and f"{fresh_standin.url}/works?filter=" in message
    assert "KEY-sekret-2" not in message and "resume" in message
    assert t.stats.requests == 3
    t.close()


def test_credits_reported_by_the_server_are_counted(fresh_standin, tmp_path):
    t = fast_transport(settings_for_standin(fresh_standin, tmp_path))
    t.get_list(batch_url(fresh_standin.corpus.ids()[:3]))
    t.get_work(singleton_url(fresh_standin.corpus.ids()[0]))
    t.get_list(batch_url(fresh_standin.corpus.ids()[3:6]))
    assert t.stats.credits == 2 and t.stats.requests == 3
    assert t.stats.server.startswith("acukg-standin")
    t.close()


def test_probe_fails_fast_on_an_unreachable_server_and_points_to_demo():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    t = Transport(Settings(openalex_url=f"http://127.0.0.1:{port}", api_key="KEY-sekret-3"))
    start = time.monotonic()
    with pytest.raises(OpenAlexError) as info:
        t.probe(probe_url(), timeout=2.0)
    assert time.monotonic() - start < 3.0
    message = str(info.value)
    assert f"http://127.0.0.1:{port}/works/W2741809807" in message and "--demo" in message
    assert "KEY-sekret-3" not in message and t.stats.requests == 1
    t.close()
