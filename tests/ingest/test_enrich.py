"""The PubMed enrichment job against the loopback stand-in: what it stores, how many requests
it sends, faults, resuming, and that no API key or e-mail leaks."""

from __future__ import annotations

import json
import logging
import math
import shutil

import pytest

from ingest import pubmed_store
from ingest.enrich import NOT_RETURNED, EnrichOptions, enrich
from ingest.eutils import EutilsClient
from ingest.store import RecordStore
from kg.errors import PubmedError
from kg.pubmed import PubmedRecord, parse_fragments
from tests.ingest.conftest import run_ingest

KEY, EMAIL = "ncbi-s3cret-key", "someone@example.org"


def pubmed_settings(standin, data_dir, **kw):
    from kg.settings import Settings

    return Settings(openalex_url=standin.url, data_dir=data_dir, rate_limit=2000.0,
                    pubmed_url=standin.url + "/entrez/eutils", pubmed_rate_limit=kw.pop("rate", 2000.0), **kw)


def fast_client(settings):
    return EutilsClient(settings, backoff=0.01, timeout=(5.0, 10.0))


@pytest.fixture(scope="module")
def ingested(standin, tmp_path_factory):
    """A record store after a depth-2 ingest of the small corpus (copied by each test)."""
    data = tmp_path_factory.mktemp("ingested")
    run_ingest(standin, data, depth=2)
    return data / "records.sqlite"


@pytest.fixture
def data_dir(ingested, tmp_path):
    shutil.copy(ingested, tmp_path / "records.sqlite")
    return tmp_path


def stored(data_dir):
    """What must be equal between two enriched stores: records by PMID, missing PMIDs, DOI look-ups."""
    with RecordStore(data_dir / "records.sqlite") as store:
        records = [(p, x, r) for p, x, r, _ in pubmed_store.records(store)]
        return records, pubmed_store.missing(store), sorted(pubmed_store.searched_dois(store)), pubmed_store.wanted(store)


def run(standin, data_dir, **kw):
    settings = pubmed_settings(standin, data_dir, **kw.pop("settings", {}))
    client = kw.pop("client", None) or fast_client(settings)
    with client:
        return enrich(settings, client=client, **kw)


@pytest.mark.slow
def test_enrich_stores_every_pmid_and_finds_pmids_by_doi(fresh_standin, data_dir):
    corpus = fresh_standin.corpus
    with RecordStore(data_dir / "records.sqlite") as store:
        works = list(pubmed_store.work_ids(store))
    with_pmid = {p for _, _, p, _ in works if p}
    doi_only = [(w, d) for w, _, p, d in works if d and not p]
    # works whose PMID OpenAlex does not list, which the DOI look-up must find
    hidden = {corpus.pmid(corpus.index_of(w)) for w, _ in doi_only if corpus.pmid(corpus.index_of(w))}
    assert with_pmid and hidden
    before = fresh_standin.stats
    manifest = run(fresh_standin, data_dir, settings={"ncbi_email": EMAIL})
    after = fresh_standin.stats

    records, missing, searched, wanted = stored(data_dir)
    assert {p for p, _, _ in records} == with_pmid | hidden and not missing
    assert set(wanted) == hidden and len(searched) == len(doi_only)
    assert manifest["found"] == len(records) and manifest["asked"] == len(records)
    assert manifest["with_abstract"] == sum(r["abstract"] is not None for _, _, r in records)
    assert manifest["doi_lookups"]["pmids_found"] == len(hidden)
    # each stored record is what EFetch sent for it and reads back to the stored record
    for pmid, xml, record in records[:50]:
        assert parse_fragments([xml.encode()])[0] == PubmedRecord.from_dict(record)
        assert record["pmid"] == pmid
    # requests: one EFetch per 200 PMIDs, one ESearch per 50 DOIs, nothing else
    efetches = math.ceil(len(records) / 200)
    esearches = math.ceil(len(doi_only) / 50)
    assert after["efetch"] - before.get("efetch", 0) == efetches
    assert after["esearch"] - before.get("esearch", 0) == esearches
    assert manifest["requests"] == efetches + esearches and manifest["retries"] == 0
    assert after.get("eutils_anonymous", 0) == before.get("eutils_anonymous", 0)  # tool and email sent


def test_a_second_run_fetches_nothing_again(fresh_standin, data_dir):
    run(fresh_standin, data_dir)
    first = stored(data_dir)
    before = fresh_standin.stats
    manifest = run(fresh_standin, data_dir)
    assert manifest["asked"] == 0 and manifest["requests"] == 0 and manifest["already_held"] == len(first[0])
    assert fresh_standin.stats.get("efetch") == before.get("efetch")
    assert stored(data_dir) == first


def test_pmids_pubmed_does_not_return_are_missing_with_a_reason(fresh_standin, data_dir):
    with RecordStore(data_dir / "records.sqlite") as store:
        with store.transaction() as c:  # a work whose PMID PubMed does not know
            c.execute("UPDATE works SET pmid = '1' WHERE id = (SELECT id FROM works WHERE pmid IS NOT NULL LIMIT 1)")
    manifest = run(fresh_standin, data_dir)
    _, missing, _, _ = stored(data_dir)
    assert missing == {"1": NOT_RETURNED} and manifest["missing"] == {NOT_RETURNED: 1}
    again = run(fresh_standin, data_dir)
    assert again["asked"] == 0  # known missing: not asked again unless retried
    assert run(fresh_standin, data_dir, options=EnrichOptions(retry_missing=True))["asked"] == 1


@pytest.mark.slow
@pytest.mark.parametrize("fault", ["429", "503", "eutils_error", "truncate", "cut_json", "disconnect"])
def test_faults_are_retried_and_change_nothing(fresh_standin, data_dir, tmp_path_factory, fault):
    reference = tmp_path_factory.mktemp("reference")
    shutil.copy(data_dir / "records.sqlite", reference / "records.sqlite")
    run(fresh_standin, reference)
    fresh_standin.faults.add(fault, times=2, route="eutils")
    manifest = run(fresh_standin, data_dir)
    assert manifest["retries"] == 2
    assert stored(data_dir) == stored(reference)


def test_batches_over_200_go_by_post(fresh_standin, data_dir):
    before = fresh_standin.stats
    manifest = run(fresh_standin, data_dir, options=EnrichOptions(batch=500))
    posts = fresh_standin.stats.get("eutils_post", 0) - before.get("eutils_post", 0)
    assert manifest["found"] > 200 and posts == math.ceil(manifest["asked"] / 500) >= 1


def test_no_key_or_email_in_manifest_logs_or_errors(fresh_standin, data_dir, caplog):
    caplog.set_level(logging.DEBUG)
    secrets = {"ncbi_api_key": KEY, "ncbi_email": EMAIL}
    fresh_standin.faults.add("503", times=1, route="eutils")
    manifest = run(fresh_standin, data_dir, settings=secrets)
    with RecordStore(data_dir / "records.sqlite") as store:
        kept = store.meta("pubmed_manifest")
    assert manifest["api_key"] is True and manifest["rate_limit"] == 2000.0
    for text in (json.dumps(manifest), kept, caplog.text):
        assert KEY not in text and EMAIL not in text
    # an error PubMed answers: the message names the request, not the key or e-mail
    settings = pubmed_settings(fresh_standin, data_dir, **secrets)
    with fast_client(settings) as client:
        client.base_url = fresh_standin.url + "/entrez/eutils/nowhere"
        with pytest.raises(PubmedError) as err:
            client.efetch(["90000001"])
    assert "404" in str(err.value) and KEY not in str(err.value) and EMAIL not in str(err.value)


def test_an_error_answer_is_a_clear_error(fresh_standin, data_dir):
    settings = pubmed_settings(fresh_standin, data_dir)
    with fast_client(settings) as client:
        with pytest.raises(PubmedError, match="Empty id list"):
            client.efetch([])


def test_retries_exhausted_says_how_to_resume(fresh_standin, data_dir):
    settings = pubmed_settings(fresh_standin, data_dir)
    fresh_standin.faults.add("503", times=None, route="eutils")
    client = EutilsClient(settings, backoff=0.001, max_attempts=3)
    with pytest.raises(PubmedError, match="run the same command again to resume"):
        run(fresh_standin, data_dir, client=client)


@pytest.mark.slow
def test_the_graph_reads_pubmed_where_openalex_has_no_abstract(fresh_standin, data_dir):
    from acukg.coverage import text_coverage
    from acukg.pipeline import build_from_store

    run(fresh_standin, data_dir)
    settings = pubmed_settings(fresh_standin, data_dir)
    G, manifest = build_from_store(settings)
    coverage = text_coverage(G)
    with_pmid = coverage["with_pmid"]
    # about two thirds of the works with a PMID have an OpenAlex abstract; nearly all have one after
    assert 55 <= with_pmid["before"] <= 78 and with_pmid["after"] >= 95
    assert manifest["inputs"]["pubmed_records"] == G.graph["pubmed_records"] > 0
    assert G.graph["design_sources"]["publication_type"] > 0
    corpus = fresh_standin.corpus
    for node, attrs in G.nodes(data=True):
        if attrs.get("kind") != "work":
            continue
        truth = corpus.truth(attrs["openalex_id"])
        findable = truth["pmid_in_openalex"] or truth["has_doi"]  # by PMID, or by DOI
        expected = "openalex" if truth["has_abstract"] else ("pubmed" if truth["pubmed_abstract"] and findable else None)
        assert attrs["abstract_source"] == expected, node
    assert coverage["evidence"]["mentions"] > 0 and coverage["evidence"]["by_field"]["abstract"] > 0
    # the report shows both figures, and what decided the designs
    from acukg.report import render_report

    html = render_report(G, views=[], plots=[])
    assert f"<b>{with_pmid['before']} %</b> from OpenAlex alone" in html
    assert f"<b>{with_pmid['after']} %</b> after PubMed enrichment" in html
    assert f"publication type {G.graph['design_sources']['publication_type']:,}" in html


def test_the_gate_spaces_request_starts_even_after_a_late_one():
    from ingest.eutils import Gate

    now = [0.0]
    starts = []

    def sleep(seconds):
        now[0] += seconds + (0.05 if len(starts) == 1 else 0.0)  # the second request wakes late

    gate = Gate(1 / 3 + 0.01, clock=lambda: now[0], sleep=sleep)
    for _ in range(6):
        gate.acquire()
        starts.append(now[0])
    gaps = [b - a for a, b in zip(starts, starts[1:])]
    assert min(gaps) >= 1 / 3 + 0.01 - 1e-9  # a token bucket would start the third early to catch up
    assert all(sum(1 for s in starts if t <= s < t + 1) <= 3 for t in starts)


@pytest.mark.slow
def test_the_command_prints_a_summary_and_ctrl_c_says_how_to_resume(fresh_standin, data_dir, monkeypatch):
    from click.testing import CliRunner

    import ingest.enrich
    from acukg.cli import cli

    monkeypatch.setenv("PUBMED_URL", fresh_standin.url + "/entrez/eutils")
    monkeypatch.setenv("NCBI_EMAIL", EMAIL)
    monkeypatch.delenv("NCBI_API_KEY", raising=False)
    result = CliRunner().invoke(cli, ["enrich", "--data", str(data_dir), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "records fetched" in result.output and "DOI look-ups" in result.output and EMAIL not in result.output

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(ingest.enrich, "enrich", interrupted)
    result = CliRunner().invoke(cli, ["enrich", "--data", str(data_dir), "--quiet"])
    held = len(stored(data_dir)[0])
    assert result.exit_code == 130
    assert f"interrupted: {held} PubMed records saved in" in result.output
    assert "run the same command to resume" in result.output
