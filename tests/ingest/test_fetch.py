"""Fetching: pyalex-built query URLs, OR batches, singleton retries and missing-id reasons."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from ingest.fetch import (
    batch_url,
    chunk_values,
    citing_url,
    fetch_by_ids,
    resolve_batch,
    singleton_url,
)
from ingest.fields import WORK_FIELDS, select_param
from ingest.transport import ListPage, NotFound, WorkReply
from kg.errors import OpenAlexError


def query_of(url):
    parts = urlsplit(url)
    assert parts.scheme == "https" and parts.netloc == "api.openalex.org"  # pyalex's host, rewritten later
    return parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()}


def test_urls_are_built_by_pyalex_with_the_one_select_list():
    path, q = query_of(batch_url(["W1", "W2"]))
    assert path == "/works" and q == {"filter": "openalex_id:W1|W2", "select": select_param(), "per-page": "2"}
    path, q = query_of(citing_url(["W1", "W2"], "*"))
    assert q["filter"] == "cites:W1|W2" and q["per-page"] == "200" and q["cursor"] == "*"
    path, q = query_of(singleton_url("doi:10.1000/x"))
    assert path == "/works/doi%3A10.1000%2Fx" and q == {"select": select_param()}
    assert select_param().split(",") == list(WORK_FIELDS)
    for needed in ("referenced_works", "abstract_inverted_index", "mesh", "primary_topic", "updated_date"):
        assert needed in WORK_FIELDS


def test_chunks_respect_the_100_value_cap_and_the_url_length():
    assert [len(c) for c in chunk_values([f"W{i}" for i in range(201)])] == [100, 100, 1]
    long = ["10.1000/" + "x" * 200 + str(i) for i in range(100)]
    chunks = chunk_values(long)
    assert len(chunks) > 1 and sum(len(c) for c in chunks) == 100
    assert all(len(batch_url(c)) < 8190 for c in chunks)
    assert chunk_values([]) == []


class FakeTransport:
    """Answers batch URLs with a fixed page and singletons from a dict (or 404 / an error)."""

    def __init__(self, page, singles):
        self.page, self.singles, self.urls = page, singles, []

    def get_list(self, url):
        self.urls.append(url)
        return ListPage(meta={}, results=[(f"raw:{w['id']}", w) for w in self.page])

    def get_work(self, url):
        self.urls.append(url)
        key = urlsplit(url).path.rsplit("/", 1)[-1]
        answer = self.singles.get(key)
        if answer is None:
            raise NotFound(f"404 Not Found: {url}")
        if isinstance(answer, Exception):
            raise answer
        return WorkReply(raw=f"raw:{answer['id']}", work=answer)


def w(n, **kw):
    return {"id": f"https://openalex.org/W{n}", **kw}


def test_ids_a_batch_lacks_are_retried_once_as_singletons_then_recorded_with_the_reason():
    t = FakeTransport(page=[w(1), w(99)], singles={"W2": w(2), "W4": w(40), "W5": OpenAlexError("HTTP 400: bad id")})
    got = fetch_by_ids(t, ["W1", "W2", "W3", "W4", "W5"])
    assert [raw for raw, _ in got.works] == ["raw:https://openalex.org/W1", "raw:https://openalex.org/W2",
                                             "raw:https://openalex.org/W40"]
    assert dict(got.missing) == {
        "W3": "404 Not Found (absent from a batch response and as a singleton)",
        "W4": "merged into W40",
        "W5": "error: HTTP 400: bad id",
    }
    assert len(t.urls) == 1 + 4  # one batch, one singleton per lacking id, no second try


def test_resolve_batch_maps_dois_and_pmids_and_picks_the_most_cited_duplicate():
    page = [w(7, doi="https://doi.org/10.1000/A", cited_by_count=1),
            w(5, doi="https://doi.org/10.1000/a", cited_by_count=9),
            w(8, doi="https://doi.org/10.1000/b")]
    t = FakeTransport(page=page, singles={})
    got = resolve_batch(t, "doi", ["10.1000/a", "10.1000/b", "10.1000/c"])
    assert got.resolved == {"10.1000/a": "W5", "10.1000/b": "W8", "10.1000/c": None}
    assert dict(got.missing)["doi:10.1000/c"].startswith("404 Not Found")
    assert "filter=doi:10.1000%2Fa|10.1000%2Fb|10.1000%2Fc" in t.urls[0]
    t = FakeTransport(page=[w(3, ids={"pmid": "https://pubmed.ncbi.nlm.nih.gov/123"})], singles={})
    got = resolve_batch(t, "pmid", ["123"])
    assert got.resolved == {"pmid:123": "W3"} and "filter=ids.pmid:123" in t.urls[0]
    with pytest.raises(ValueError):
        resolve_batch(t, "isbn", ["1"])
