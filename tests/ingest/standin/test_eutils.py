"""The stand-in's E-utilities: EFetch and ESearch in NCBI's shapes, its rate limit and faults."""

from __future__ import annotations

import pytest
import requests

from kg.errors import PubmedError
from kg.pubmed import parse_efetch, parse_esearch


@pytest.fixture(scope="module")
def server():
    from ingest.standin.server import start_standin

    with start_standin(size=300, seed=4) as s:
        yield s


def _base(server) -> str:
    return server.url + "/entrez/eutils/"


def test_efetch_serves_the_corpus_records_in_the_real_shape(server):
    c = server.corpus
    pmids = [c.pmid(i) for i in range(c.size) if c.pmid(i)][:40]
    r = requests.get(_base(server) + "efetch.fcgi", params={"db": "pubmed", "id": ",".join(pmids + ["1"]),
                                                            "retmode": "xml", "tool": "t", "email": "e@x"})
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/xml")
    records = parse_efetch(r.content)
    assert [x.pmid for x in records] == pmids  # the unknown PMID is left out
    for rec in records:
        i = c.index_of_pmid(rec.pmid)
        truth = c.truth(c.openalex_id(i))
        assert rec.doi == c.doi(i)
        assert (rec.abstract is not None) == (truth["has_abstract"] or truth["abstract_withheld"])
        assert rec.publication_types[0].name == "Journal Article"
        for h in rec.mesh:  # one heading per descriptor, qualifiers inside
            assert sum(1 for g in rec.mesh if g.ui == h.ui) == 1
    assert any(len(r.sections) == 4 and r.sections[0].label == "BACKGROUND" for r in records)
    assert any(r.sections and r.sections[0].label is None for r in records)
    assert any(q for r in records for h in r.mesh for q in h.qualifiers)


def test_efetch_by_post_and_esearch_by_doi(server):
    c = server.corpus
    pmids = [c.pmid(i) for i in range(c.size) if c.pmid(i)]
    r = requests.post(_base(server) + "efetch.fcgi", data={"db": "pubmed", "id": ",".join(pmids)})
    assert len(parse_efetch(r.content)) == len(pmids) > 200
    dois = [c.doi(i) for i in range(60) if c.doi(i)]
    term = " OR ".join(f'"{d}"[doi]' for d in dois)
    found = parse_esearch(requests.get(_base(server) + "esearch.fcgi", params={"db": "pubmed", "term": term}).content)
    assert found == [c.pmid(i) for i in range(60) if c.doi(i) and c.pmid(i)]
    none = requests.get(_base(server) + "esearch.fcgi", params={"db": "pubmed", "term": '"10.1/none"[doi]'})
    assert parse_esearch(none.content) == [] and b"PhraseNotFound" in none.content


def test_errors_come_as_ncbi_sends_them(server):
    empty = requests.get(_base(server) + "efetch.fcgi", params={"db": "pubmed"})
    with pytest.raises(PubmedError, match="Empty id list"):
        parse_efetch(empty.content)
    assert requests.get(_base(server) + "efetch.fcgi", params={"db": "nope", "id": "1"}).status_code == 400
    server.faults.add("eutils_error", route="eutils")
    r = requests.get(_base(server) + "efetch.fcgi", params={"db": "pubmed", "id": "90000001"})
    assert r.status_code == 200
    with pytest.raises(PubmedError, match="Status: Timeout"):
        parse_efetch(r.content)


def test_ncbi_rate_limit_answers_429_with_its_json(server):
    server.eutils_limits.set_rate_limit(2)
    try:
        codes = [requests.get(_base(server) + "efetch.fcgi", params={"db": "pubmed", "id": "90000001"})
                 for _ in range(5)]
    finally:
        server.eutils_limits.set_rate_limit(None)
    limited = [r for r in codes if r.status_code == 429]
    assert limited and limited[0].json()["error"] == "API rate limit exceeded"
    assert "Retry-After" not in limited[0].headers
