"""The stand-in over real HTTP on loopback: with requests, and through pyalex's query layer."""

from __future__ import annotations

import base64
import http.client as httpclient
import json
import logging
import socket
import struct
import threading
import time
from urllib.parse import quote

import pyalex
import pyalex.api
import pytest
import requests
from pyalex import Works

from ingest.standin.corpus import SyntheticCorpus
from ingest.standin.faults import Fault
from ingest.standin.server import start_standin

PUBLIC = "https://api.openalex.org"


@pytest.fixture(scope="module")
def corpus():
    return SyntheticCorpus(600, seed=3)


@pytest.fixture(scope="module")
def standin(corpus):
    with start_standin(corpus=corpus) as s:
        yield s


@pytest.fixture()
def server(standin):
    """The shared server with no faults, no rate limit and a fresh budget."""
    standin.faults.clear()
    standin.limits.set_rate_limit(None)
    standin.limits.set_budget(1_000_000)
    yield standin
    standin.faults.clear()
    standin.limits.set_rate_limit(None)
    standin.limits.set_budget(1_000_000)


@pytest.fixture()
def http(server):
    with requests.Session() as session:
        yield session


class RewritingSession(requests.Session):
    """pyalex builds https://api.openalex.org URLs; send them to the stand-in instead."""

    def __init__(self, base: str):
        super().__init__()
        self.base = base

    def request(self, method, url, *args, **kwargs):
        assert url.startswith(PUBLIC), url
        return super().request(method, self.base + url[len(PUBLIC):], *args, **kwargs)


@pytest.fixture()
def via_pyalex(server, monkeypatch):
    sessions = []

    def make():
        sessions.append(RewritingSession(server.url))
        return sessions[-1]

    monkeypatch.setattr(pyalex.api, "_get_requests_session", make)
    yield server
    for s in sessions:
        s.close()


def short(w: dict) -> str:
    return w["id"].rsplit("/", 1)[1]


# ---------------------------------------------------------------------------------------
# singletons


def test_singleton_by_id_in_every_form(server, http, corpus):
    wid = corpus.ids()[42]
    for form in (wid, wid.lower(), f"https://openalex.org/{wid}", quote(f"https://openalex.org/{wid}", safe="")):
        r = http.get(f"{server.url}/works/{form}")
        assert r.status_code == 200, form
        assert r.json() == corpus.work(wid)
        assert r.headers["X-RateLimit-Credits-Used"] == "0"


def test_singleton_by_doi_and_pmid(server, http, corpus):
    i = next(i for i in range(100) if corpus.doi(i) and corpus.openalex_pmid(i))
    wid, doi, pmid = corpus.openalex_id(i), corpus.doi(i), corpus.openalex_pmid(i)
    for form in (f"doi:{doi}", f"https://doi.org/{doi}", quote(f"https://doi.org/{doi}", safe=""),
                 quote(f"doi:{doi.upper()}", safe=""), f"pmid:{pmid}", quote(f"pmid:{pmid}", safe="")):
        r = http.get(f"{server.url}/works/{form}")
        assert r.status_code == 200 and short(r.json()) == wid, form


def test_unknown_singletons_are_404_html(server, http, corpus):
    dangling = next(d for w in corpus.ids() for d in corpus.truth(w)["dangling_references"])
    for form in ("W1", "W99999999999", dangling.rsplit("/", 1)[1], "doi:10.5555/nothing-here",
                 "doi:10.3389/fncel.2023.1253438", "pmid:1", "pmcid:PMC5815332", "garbage"):
        r = http.get(f"{server.url}/works/{form}")
        assert r.status_code == 404, form
        assert r.headers["Content-Type"].startswith("text/html")
        assert r.text.startswith("<!doctype html>") and "Not Found" in r.text


def test_select_on_singleton_and_list(server, http, corpus):
    wid = corpus.ids()[7]
    r = http.get(f"{server.url}/works/{wid}", params={"select": "id,doi,referenced_works"})
    assert r.status_code == 200 and list(r.json()) == ["id", "doi", "referenced_works"]
    r = http.get(f"{server.url}/works", params={"select": "id,publication_year", "per-page": 3})
    assert r.status_code == 200 and all(list(w) == ["id", "publication_year"] for w in r.json()["results"])
    for bad in ("id,nope", "open_access.is_oa"):
        r = http.get(f"{server.url}/works", params={"select": bad})
        assert r.status_code == 400
        assert r.json()["error"] == "Invalid query parameters error."
        assert "is not a valid select field" in r.json()["message"]
    assert http.get(f"{server.url}/works/{wid}", params={"select": "nope"}).status_code == 400


# ---------------------------------------------------------------------------------------
# lists and filters


def test_envelope_is_openalexs(server, http):
    r = http.get(f"{server.url}/works", params={"per_page": 2, "mailto": "a@b.c", "api_key": "k"})
    body = r.json()
    assert r.status_code == 200 and list(body) == ["meta", "results", "group_by"]
    assert list(body["meta"]) == ["count", "db_response_time_ms", "page", "per_page", "groups_count"]
    assert body["meta"]["page"] == 1 and body["meta"]["per_page"] == 2 and body["meta"]["count"] == 600
    assert body["group_by"] == [] and body["meta"]["groups_count"] is None
    assert r.headers["X-RateLimit-Credits-Used"] == "1"
    assert http.get(f"{server.url}/works").json()["meta"]["per_page"] == 25


def test_or_lists_of_100_and_101(server, http, corpus):
    ids = corpus.ids()[100:200]
    r = http.get(f"{server.url}/works", params={"filter": "openalex_id:" + "|".join(ids), "per-page": 100})
    assert r.status_code == 200 and [short(w) for w in r.json()["results"]] == ids
    r = http.get(f"{server.url}/works", params={"filter": "ids.openalex:" + "|".join([*ids, corpus.ids()[0]])})
    assert r.status_code == 400
    assert r.json() == {
        "error": "Invalid query parameters error.",
        "message": "Maximum number of values exceeded for ids.openalex. Decrease values to 100 or below, "
        "or consider downloading the full dataset at https://developers.openalex.org/download/snapshot-format",
    }


def test_unmatched_ids_are_omitted_and_order_is_stable(server, http, corpus):
    ids = corpus.ids()
    ask = [ids[30], "W1", ids[10], "W8000000001", f"https://openalex.org/{ids[20]}"]
    got = http.get(f"{server.url}/works", params={"filter": "openalex:" + "|".join(ask)}).json()
    assert [short(w) for w in got["results"]] == [ids[10], ids[20], ids[30]] and got["meta"]["count"] == 3


def test_doi_and_pmid_filters(server, http, corpus):
    idx = [i for i in range(200) if corpus.doi(i)][:5]
    dois = [corpus.doi(i) for i in idx]
    r = http.get(f"{server.url}/works", params={"filter": "doi:" + "|".join([dois[0].upper(), *(f"https://doi.org/{d}" for d in dois[1:])])})
    assert sorted(short(w) for w in r.json()["results"]) == sorted(corpus.openalex_id(i) for i in idx)
    p = [i for i in range(200) if corpus.openalex_pmid(i)][:3]
    for key in ("pmid", "ids.pmid"):
        r = http.get(f"{server.url}/works", params={"filter": f"{key}:" + "|".join(corpus.openalex_pmid(i) for i in p)})
        assert [short(w) for w in r.json()["results"]] == [corpus.openalex_id(i) for i in p]


@pytest.mark.slow
def test_cites_and_cited_by(server, http, corpus):
    target = next(w for w in corpus.ids() if 20 < corpus.work(w)["cited_by_count"] <= 200)
    citing = {w["id"] for w in corpus.works() if f"https://openalex.org/{target}" in w["referenced_works"]}
    for key in ("cites", "referenced_works"):
        r = http.get(f"{server.url}/works", params={"filter": f"{key}:{target}", "per-page": 200})
        assert {w["id"] for w in r.json()["results"]} == citing and r.json()["meta"]["count"] == len(citing)
    source = corpus.ids()[-1]
    refs = [r for r in corpus.work(source)["referenced_works"] if corpus.index_of(r) is not None]
    r = http.get(f"{server.url}/works", params={"filter": f"cited_by:{source}", "per-page": 200})
    assert [w["id"] for w in r.json()["results"]] == sorted(refs)


def test_year_type_and_flag_filters(server, http, corpus):
    works = list(corpus.works())

    def count(f):
        r = http.get(f"{server.url}/works", params={"filter": f, "per-page": 1})
        assert r.status_code == 200, r.text
        return r.json()["meta"]["count"]

    assert count("publication_year:2015") == sum(w["publication_year"] == 2015 for w in works)
    assert count("publication_year:2010-2014") == sum(2010 <= w["publication_year"] <= 2014 for w in works)
    assert count("publication_year:>2020") == sum(w["publication_year"] > 2020 for w in works)
    assert count("publication_year:<1990") == sum(w["publication_year"] < 1990 for w in works)
    assert count("type:review") == sum(w["type"] == "review" for w in works)
    assert count("type:!review") == sum(w["type"] != "review" for w in works)
    assert count("type:review|preprint") == sum(w["type"] in ("review", "preprint") for w in works)
    assert count("is_retracted:true") == sum(w["is_retracted"] for w in works) > 0
    assert count("has_abstract:false") == sum(w["abstract_inverted_index"] is None for w in works)
    assert count("has_doi:false") == sum(w["doi"] is None for w in works)
    both = count("publication_year:>2015,type:article,has_abstract:true")
    assert both == sum(w["publication_year"] > 2015 and w["type"] == "article" and w["abstract_inverted_index"] is not None for w in works)
    r = http.get(f"{server.url}/works?filter=type:article+!preprint&per-page=1")  # '+' = AND, as pyalex sends it
    assert r.json()["meta"]["count"] == sum(w["type"] == "article" for w in works)


def test_bad_requests_are_400_with_openalex_bodies(server, http):
    def err(params):
        r = http.get(f"{server.url}/works", params=params)
        assert r.status_code == 400, params
        return r.json()

    body = err({"filter": "publication_yearrr:2020"})
    assert body["error"] == "Invalid query parameters error."
    assert body["message"].startswith("publication_yearrr is not a valid field. Valid fields are underscore")
    body = err({"limit": 5})
    assert body["message"].startswith("limit is not a valid parameter. Valid parameters are:")
    assert err({"per-page": 0}) == {"error": "Pagination error.", "message": "per-page parameter must be between 1 and 200."}
    assert err({"per_page": 201})["message"] == "per-page parameter must be between 1 and 200."
    assert err({"per-page": "x"})["message"] == "Param per-page must be a number."
    assert err({"page": 0})["message"] == "Page parameter must be greater than 0."
    assert err({"page": 51, "per-page": 200})["message"].startswith("Maximum results size of 10,000 records is exceeded.")
    assert err({"cursor": "null"})["message"] == "Cursor is null. Likely reached end of results."
    assert err({"cursor": "bm9wZQ=="})["message"] == "Invalid cursor value"
    assert err({"cursor": "*", "page": 2})["message"] == "Cannot use page parameter with cursor."
    assert "OR query between filters" in err({"filter": "doi:10.5555/a|doi:10.5555/b"})["message"]
    assert err({"filter": "is_retracted:maybe"})["message"] == "Value for param is_retracted must be true or false."
    assert http.get(f"{server.url}/works", params={"page": 50, "per-page": 200}).status_code == 200
    assert http.get(f"{server.url}/works", params={"per-page": 200}).status_code == 200
    assert http.get(f"{server.url}/works", params={"per-page": 1}).status_code == 200


@pytest.mark.slow
def test_cursor_paging_returns_each_work_once(server, http, corpus):
    expected = [w for w in corpus.ids() if corpus.work(w)["publication_year"] >= 2005]
    seen, cursor, pages = [], "*", 0
    while cursor is not None:
        body = http.get(f"{server.url}/works", params={"filter": "publication_year:>2004", "per-page": 37,
                                                       "cursor": cursor}).json()
        meta = body["meta"]
        assert meta["page"] is None and meta["count"] == len(expected) and "next_cursor" in meta
        if meta["next_cursor"] is not None:
            assert len(body["results"]) == 37
            json.loads(base64.b64decode(meta["next_cursor"]))  # opaque but well-formed
        seen += [short(w) for w in body["results"]]
        cursor = meta["next_cursor"]
        pages += 1
    assert seen == expected and pages == -(-len(expected) // 37)
    body = http.get(f"{server.url}/works", params={"filter": "publication_year:1900", "cursor": "*"}).json()
    assert body["results"] == [] and body["meta"]["next_cursor"] is None and body["meta"]["count"] == 0


def test_standin_names_its_demo_seeds(server, http, corpus):
    r = http.get(f"{server.url}/standin/seeds")
    body = r.json()
    assert r.status_code == 200 and body["synthetic"] is True and body["size"] == 600
    assert body["seed_map"] == corpus.seed_map()
    assert [s["openalex_id"] for s in body["seeds"]] == [s.openalex_id for s in corpus.demo_seeds()]
    assert r.headers["X-RateLimit-Credits-Used"] == "0"


def test_keep_alive_uses_one_connection(server):
    before = server.stats.get("connections", 0)
    with requests.Session() as s:
        for i in range(6):
            assert s.get(f"{server.url}/works/{server.corpus.ids()[i]}").status_code == 200
        assert s.get(f"{server.url}/works/W1").status_code == 404
        assert s.get(f"{server.url}/works", params={"per-page": 200}).status_code == 200
    assert server.stats["connections"] - before == 1


def test_concurrent_clients(server, corpus):
    errors = []

    def crawl():
        with requests.Session() as s:
            for i in range(0, 600, 60):
                r = s.get(f"{server.url}/works/{corpus.ids()[i]}")
                if r.status_code != 200 or r.json()["id"] != corpus.work(corpus.ids()[i])["id"]:
                    errors.append(r.status_code)

    threads = [threading.Thread(target=crawl) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_a_bug_in_the_standin_answers_500(server, http, monkeypatch, caplog):
    from ingest.standin import api

    def broken(*args):
        raise RuntimeError("boom")

    monkeypatch.setattr(api, "handle", broken)
    with caplog.at_level(logging.ERROR, logger="ingest.standin.server"):
        r = http.get(f"{server.url}/works")
    assert r.status_code == 500 and r.json()["error"] == "Internal server error"
    errors = [rec for rec in caplog.records if rec.levelno >= logging.ERROR]
    assert len(errors) == 1 and "error answering /works" in errors[0].getMessage()
    assert errors[0].exc_info and "boom" in str(errors[0].exc_info[1])


def _drop(server, path: str) -> None:
    """Send a request, then reset the connection without reading the answer."""
    sock = socket.create_connection((server.host, server.port), timeout=10)
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def _wait_for(caplog, text: str, count: int) -> list[logging.LogRecord]:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        found = [r for r in caplog.records if text in r.getMessage()]
        if len(found) >= count:
            return found
        time.sleep(0.05)
    return [r for r in caplog.records if text in r.getMessage()]


def test_dropped_connections_are_quiet(server, corpus, caplog, capfd):
    ids = corpus.ids()[:100]
    path = "/works?per-page=100&filter=openalex_id:" + "|".join(ids)
    with caplog.at_level(logging.DEBUG, logger="ingest.standin.server"):
        for _ in range(3):  # the answer (~500 kB) meets a reset connection
            _drop(server, path)
        server.faults.add("disconnect")
        _drop(server, "/works")  # the fault finds the client already gone
        gone = _wait_for(caplog, "went away", 1) + _wait_for(caplog, "client closed before", 1)
        assert http_ok(server)
    assert gone and all(r.levelno == logging.DEBUG for r in gone)
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert "Traceback" not in capfd.readouterr().err


def http_ok(server) -> bool:
    return requests.get(f"{server.url}/works", params={"per-page": 1}).status_code == 200


def settled_stats(server, quiet: float = 0.3, limit: float = 10.0) -> dict:
    """The server's counts once no request of an earlier test is still being answered."""
    deadline = time.monotonic() + limit
    before = server.stats
    while time.monotonic() < deadline:
        time.sleep(quiet)
        now = server.stats
        if now == before:
            break
        before = now
    return before


def test_stats_count_requests_by_kind(server, http):
    before = settled_stats(server)
    http.get(f"{server.url}/works/W1")
    http.get(f"{server.url}/works", params={"per-page": 1})
    http.get(f"{server.url}/works", params={"bogus": 1})
    after = server.stats
    for kind in ("not_found", "list", "bad_request"):
        assert after.get(kind, 0) - before.get(kind, 0) == 1, kind
    assert after["requests"] - before.get("requests", 0) == 3
    assert after["credits_used"] - before.get("credits_used", 0) == 1


# ---------------------------------------------------------------------------------------
# through pyalex's query layer


def test_pyalex_singletons(via_pyalex, corpus):
    i = next(i for i in range(100) if corpus.doi(i) and corpus.openalex_pmid(i))
    wid = corpus.openalex_id(i)
    assert Works()[wid]["id"] == f"https://openalex.org/{wid}"
    assert Works()[f"https://doi.org/{corpus.doi(i)}"]["id"].endswith(wid)
    assert Works()[f"pmid:{corpus.openalex_pmid(i)}"]["id"].endswith(wid)
    w = Works()[wid]
    if w["abstract_inverted_index"]:
        assert w["abstract"].startswith(w["abstract"][0].upper())
    with pytest.raises(requests.exceptions.HTTPError) as exc:
        Works()["W1"]
    assert exc.value.response.status_code == 404


def test_pyalex_lists_filters_and_errors(via_pyalex, corpus):
    ids = corpus.ids()[:100]
    assert [w["id"].rsplit("/", 1)[1] for w in Works()[ids]] == ids
    dois = [corpus.doi(i) for i in range(50) if corpus.doi(i)]
    got = Works().filter_or(doi=dois).select(["id", "doi"]).get(per_page=100)
    assert sorted(w["doi"] for w in got) == sorted(f"https://doi.org/{d}" for d in dois)
    pmid = next(corpus.openalex_pmid(i) for i in range(50) if corpus.openalex_pmid(i))
    assert len(Works().filter(ids={"pmid": pmid}).get()) == 1
    n = Works().filter(publication_year=2020, type="article").count()
    assert n == sum(w["publication_year"] == 2020 and w["type"] == "article" for w in corpus.works())
    assert Works().filter_gt(publication_year=2020).count() == sum(w["publication_year"] > 2020 for w in corpus.works())
    with pytest.raises(pyalex.api.QueryError, match="Maximum number of values exceeded"):
        Works().filter_or(openalex_id=corpus.ids()[:101]).get()
    with pytest.raises(pyalex.api.QueryError, match="is not a valid field"):
        Works().filter(nonsense="x").get()


@pytest.mark.slow
def test_pyalex_cursor_paging_walks_a_whole_filter(via_pyalex, corpus):
    target = max(corpus.ids(), key=lambda w: corpus.work(w)["cited_by_count"])
    expected = sorted(w["id"] for w in corpus.works() if f"https://openalex.org/{target}" in w["referenced_works"])
    got = [w["id"] for page in Works().filter(cites=target).paginate(per_page=7, n_max=None) for w in page]
    assert got == expected and len(got) > 7
    everything = [w["id"] for page in Works().select(["id"]).paginate(per_page=200, n_max=None) for w in page]
    assert everything == [f"https://openalex.org/{w}" for w in corpus.ids()]


def test_pyalex_sees_bad_key_as_query_error(via_pyalex, monkeypatch):
    monkeypatch.setitem(pyalex.config, "api_key", "bad-key")
    with pytest.raises(pyalex.api.QueryError, match="Invalid or missing API key"):
        Works().get()
    monkeypatch.setitem(pyalex.config, "api_key", "good-key")
    assert len(Works().get(per_page=2)) == 2


# ---------------------------------------------------------------------------------------
# auth, limits and faults


def test_bad_key_in_every_place_gets_401(server, http):
    body = {"error": "Invalid or missing API key", "message": "Provide a valid API key"}
    for kwargs in ({"headers": {"Authorization": "Bearer bad-key"}}, {"params": {"api_key": "bad-key"}},
                   {"params": {"api-key": "bad-key"}}, {"headers": {"api-key": "bad-key"}}):
        r = http.get(f"{server.url}/works", **kwargs)
        assert r.status_code == 401 and r.json() == body, kwargs
    assert http.get(f"{server.url}/works", headers={"Authorization": "Bearer fine"}).status_code == 200


def test_credit_accounting_and_headers(server, http, corpus):
    server.limits.set_budget(10)
    r = http.get(f"{server.url}/works/{corpus.ids()[0]}")
    assert (r.headers["X-RateLimit-Limit"], r.headers["X-RateLimit-Remaining"], r.headers["X-RateLimit-Credits-Used"]) == ("10", "10", "0")
    r = http.get(f"{server.url}/works")
    assert (r.headers["X-RateLimit-Remaining"], r.headers["X-RateLimit-Credits-Used"]) == ("9", "1")
    assert 0 < int(r.headers["X-RateLimit-Reset"]) <= 86400
    http.get(f"{server.url}/works", params={"bogus": 1})  # errors are not billed
    assert http.get(f"{server.url}/works/{corpus.ids()[0]}").headers["X-RateLimit-Remaining"] == "9"


def test_daily_budget_429(server, http, corpus):
    server.limits.set_budget(2)
    assert http.get(f"{server.url}/works").status_code == 200
    assert http.get(f"{server.url}/works").status_code == 200
    r = http.get(f"{server.url}/works")
    assert r.status_code == 429
    assert r.headers["X-RateLimit-Remaining"] == "0"
    assert int(r.headers["X-RateLimit-Remaining"]) < int(r.headers["X-RateLimit-Credits-Required"]) == 1
    assert abs(int(r.headers["Retry-After"]) - int(r.headers["X-RateLimit-Reset"])) <= 1
    body = r.json()
    assert body["error"] == "Rate limit exceeded" and body["message"].startswith("Insufficient budget.")
    assert body["creditsRequired"] == 1 and body["creditsRemaining"] == 0
    assert http.get(f"{server.url}/works/{corpus.ids()[1]}").status_code == 200  # singletons are free


def test_per_second_rate_limit_429(server, http):
    server.limits.set_rate_limit(2.0)
    statuses = [http.get(f"{server.url}/works/W1").status_code for _ in range(5)]
    assert statuses[:2] == [404, 404] and 429 in statuses[2:]
    r = http.get(f"{server.url}/works")
    assert r.status_code == 429 and r.headers["Retry-After"] == "1"
    body = r.json()
    assert body["error"] == "Rate limit exceeded" and body["message"] == "Rate limit exceeded: 2 requests per second. Please slow down."
    assert 0 < body["retryAfter"] <= 1 and body["creditsRequired"] == 1
    time.sleep(1.1)
    assert http.get(f"{server.url}/works").status_code == 200


def test_scripted_5xx_faults(server, http, corpus):
    server.faults.add("503", times=3, route="list", retry_after=2)
    wid = corpus.ids()[0]
    assert http.get(f"{server.url}/works/{wid}").status_code == 200  # singletons untouched
    got = [http.get(f"{server.url}/works") for _ in range(4)]
    assert [r.status_code for r in got] == [503, 503, 503, 200]
    assert got[0].headers["Retry-After"] == "2"
    for code in (500, 502, 504):
        server.faults.add(code)
        r = http.get(f"{server.url}/works/{wid}")
        assert r.status_code == code and r.json()["error"]
    assert server.faults.pending() == []
    assert server.stats["fault:503"] >= 3


def test_fault_429_with_retry_after(server, http):
    server.faults.add("429", retry_after=3)
    r = http.get(f"{server.url}/works")
    assert r.status_code == 429 and r.headers["Retry-After"] == "3" and r.json()["retryAfter"] == 3
    assert http.get(f"{server.url}/works").status_code == 200


def test_fault_budget(server, http):
    server.faults.add("budget")
    r = http.get(f"{server.url}/works")
    assert r.status_code == 429 and "Insufficient budget" in r.json()["message"]
    assert r.headers["X-RateLimit-Remaining"] == "0" and r.headers["X-RateLimit-Credits-Required"] == "1"


def test_fault_latency_and_global_latency(server, http, corpus):
    wid = corpus.ids()[0]
    server.faults.add("latency", times=1, seconds=0.3)
    t = time.perf_counter()
    assert http.get(f"{server.url}/works/{wid}").status_code == 200
    assert time.perf_counter() - t >= 0.3
    with start_standin(corpus=corpus, latency=0.2) as slow:
        t = time.perf_counter()
        assert requests.get(f"{slow.url}/works/{wid}").status_code == 200
        assert time.perf_counter() - t >= 0.2


def test_fault_truncated_bodies(server, corpus):
    server.faults.add("truncate")
    with requests.Session() as s:
        with pytest.raises(requests.exceptions.RequestException):
            s.get(f"{server.url}/works", params={"per-page": 50}).json()
        server.faults.add("cut_json")
        r = s.get(f"{server.url}/works", params={"per-page": 50})
        assert r.status_code == 200
        with pytest.raises(requests.exceptions.JSONDecodeError):
            r.json()
        assert s.get(f"{server.url}/works", params={"per-page": 50}).json()["results"]


def test_fault_truncate_sends_full_content_length(server):
    server.faults.add("truncate")
    conn = httpclient.HTTPConnection(server.host, server.port, timeout=10)
    conn.request("GET", "/works?per-page=20")
    resp = conn.getresponse()
    declared = int(resp.getheader("Content-Length"))
    with pytest.raises(httpclient.IncompleteRead) as exc:
        resp.read()
    assert 0 < len(exc.value.partial) < declared
    conn.close()


def test_fault_timed_out_page(server, http):
    server.faults.add("timed_out", route="list")
    body = http.get(f"{server.url}/works", params={"per-page": 20}).json()
    assert body["meta"]["timed_out"] is True and len(body["results"]) == 10
    body = http.get(f"{server.url}/works", params={"per-page": 20}).json()
    assert "timed_out" not in body["meta"] and len(body["results"]) == 20


def test_fault_disconnect(server):
    server.faults.add("disconnect")
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.get(f"{server.url}/works")
    assert requests.get(f"{server.url}/works").status_code == 200


def test_random_fault_rate_and_startup_faults(corpus):
    rules = [Fault("502", times=None, route="list", rate=0.5), {"kind": "500", "route": "singleton"}]
    with start_standin(corpus=corpus, faults=rules) as s, requests.Session() as http:
        codes = [http.get(f"{s.url}/works").status_code for _ in range(40)]
        assert 8 < codes.count(502) < 32 and codes.count(200) == 40 - codes.count(502)
        assert http.get(f"{s.url}/works/{corpus.ids()[0]}").status_code == 500
        assert http.get(f"{s.url}/works/{corpus.ids()[0]}").status_code == 200
    with pytest.raises(ValueError, match="unknown fault kind"):
        Fault("418")


def test_stop_is_clean_with_open_keep_alive_connection(corpus):
    s = start_standin(corpus=corpus)
    session = requests.Session()
    assert session.get(f"{s.url}/works/{corpus.ids()[0]}").status_code == 200
    t = time.perf_counter()
    s.stop()
    assert time.perf_counter() - t < 3
    with pytest.raises(requests.exceptions.ConnectionError):
        session.get(f"{s.url}/works/{corpus.ids()[0]}")
    with socket.socket() as sock:
        assert sock.connect_ex((s.host, s.port)) != 0
    s.stop()  # idempotent
    session.close()


def test_id_lists_refuse_empty_values_and_mix_with_other_filters(server, http, corpus):
    ids = corpus.ids()[:5]
    r = http.get(f"{server.url}/works", params={"filter": "openalex_id:" + "|".join([*ids, "null"])})
    assert r.status_code == 400 and r.json()["message"] == "Value for param openalex_id cannot be empty, null or undefined."
    year = corpus.work(ids[2])["publication_year"]
    r = http.get(f"{server.url}/works", params={"filter": f"openalex_id:{'|'.join(ids)},publication_year:{year}"})
    assert [short(w) for w in r.json()["results"]] == [w for w in ids if corpus.work(w)["publication_year"] == year]
    r = http.get(f"{server.url}/works", params={"filter": f"openalex_id:!{ids[0]}", "per-page": 1})
    assert r.json()["meta"]["count"] == corpus.size - 1
