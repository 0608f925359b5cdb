"""``acukg ingest`` and ``acukg run`` as a user types them; results checked through RecordStore."""

from __future__ import annotations

import logging
import socket
import time

import pytest

from ingest.seeds import default_seeds
from ingest.store import RecordStore
from acukg.cli import main


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    for name in ("OPENALEX_API_KEY", "OPENALEX_EMAIL", "OPENALEX_URL", "ACUKG_DATA", "ACUKG_RATE_LIMIT"):
        monkeypatch.delenv(name, raising=False)
    yield
    logging.getLogger("ingest").setLevel(logging.NOTSET)  # --quiet raises it for the process


def acukg(*args, capsys):
    """Run ``acukg ARGS``; returns (exit status, stdout, stderr)."""
    try:
        main(list(args))
        status = 0
    except SystemExit as exc:
        status = exc.code
    out, err = capsys.readouterr()
    return status, out, err


def seeds_of(corpus, path):
    path.write_text("\n".join(d.openalex_id for d in corpus.demo_seeds()) + "\n")
    return path


def test_ingest_with_a_seed_file_fills_the_store(standin, synthetic_corpus, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("OPENALEX_URL", standin.url)
    monkeypatch.setenv("ACUKG_RATE_LIMIT", "500")
    seeds = seeds_of(synthetic_corpus, tmp_path / "seeds.txt")
    status, out, _ = acukg("ingest", "--seeds", str(seeds), "--data", str(tmp_path / "d"), "--depth", "1",
                           capsys=capsys)
    assert status == 0
    with RecordStore(tmp_path / "d" / "records.sqlite") as store:
        want = {w: h for w, h in synthetic_corpus.hops().items() if h <= 1}
        assert store.hops() == want
        manifest = store.latest_manifest()
    assert manifest["synthetic"] is True and manifest["parameters"]["depth"] == 1
    assert f"{len(want)} works in {tmp_path / 'd' / 'records.sqlite'}" in out and "SYNTHETIC" in out


def test_acukg_data_and_options_from_the_environment(standin, synthetic_corpus, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("OPENALEX_URL", standin.url + "/")
    monkeypatch.setenv("ACUKG_DATA", str(tmp_path / "env-data"))
    monkeypatch.setenv("ACUKG_RATE_LIMIT", "500")
    seeds = seeds_of(synthetic_corpus, tmp_path / "seeds.txt")
    status, _, _ = acukg("ingest", "--seeds", str(seeds), "--depth", "2", "--max-works-per-hop", "30",
                         "--cited-by", "--quiet", capsys=capsys)
    assert status == 0
    with RecordStore(tmp_path / "env-data" / "records.sqlite") as store:
        m = store.latest_manifest()
        via = dict(store.conn.execute("SELECT id, via FROM works"))
    assert m["parameters"]["max_works_per_hop"] == 30 and m["parameters"]["cited_by"] is True
    assert m["hops"]["1"]["planned"] == 30 and m["hops"]["2"]["planned"] == 30
    c = synthetic_corpus
    citing = {c.openalex_id(i) for d in c.demo_seeds() for i in c.citing(c.index_of(d.openalex_id))}
    by_refs = {w for w, v in via.items() if v != "cited_by"}
    assert {w for w, v in via.items() if v == "cited_by"} == citing - by_refs
    assert m["cited_by"]["fetched_this_run"] == len(citing - by_refs) > 0
    assert m["parameters"]["rate_limit"] == 500.0


def test_a_malformed_seed_file_is_one_error_and_nothing_is_fetched(fresh_standin, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("OPENALEX_URL", fresh_standin.url)
    bad = tmp_path / "seeds.txt"
    bad.write_text("10.1186/1472-6882-12-141\nbogus one\nW12\n\n12345  # pmid?\ndoi:nope\n")
    before = fresh_standin.stats.get("requests", 0)
    status, out, err = acukg("ingest", "--seeds", str(bad), "--data", str(tmp_path / "d"), capsys=capsys)
    assert status == 1 and out == ""
    assert err.count("acukg: error:") == 1
    assert f"{bad}: 3 malformed seed lines" in err
    for line in ("line 2: 'bogus one'", "line 5: '12345  # pmid?'", "line 6: 'doi:nope'"):
        assert line in err
    assert fresh_standin.stats.get("requests", 0) == before  # zero requests reached the server
    assert not (tmp_path / "d" / "records.sqlite").exists()


def test_default_seeds_unknown_to_the_server_are_recorded_missing(standin, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("OPENALEX_URL", standin.url)
    monkeypatch.setenv("ACUKG_RATE_LIMIT", "500")
    status, out, err = acukg("ingest", "--data", str(tmp_path), "--depth", "0", "--quiet", capsys=capsys)
    assert status == 1  # nothing to build from: say why and what to do
    assert f"none of the 19 seeds was found at {standin.url}" in err
    assert "acukg standin --seeds-out FILE" in err and "acukg run --demo" in err
    seeds = default_seeds()
    with RecordStore(tmp_path / "records.sqlite") as store:
        m = store.latest_manifest()
        assert store.count() == 0
    assert m["status"] == "completed"
    expected = {f"{s.kind}:{s.value}" for s in seeds.seeds}
    assert set(m["missing"]) == expected and len(expected) == 19
    assert all(r.startswith("404 Not Found") for r in m["missing"].values())
    assert m["seeds"]["unresolved"] == [dict(u) for u in seeds.unresolved]
    assert "10.1016/j.neulet.2003.12.019" in m["seeds"]["low_confidence"]
    assert "19 ids missing" in out


def test_offline_reports_from_the_store_only(standin, synthetic_corpus, tmp_path, monkeypatch, capsys):
    seeds = seeds_of(synthetic_corpus, tmp_path / "seeds.txt")
    status, _, err = acukg("ingest", "--offline", "--seeds", str(seeds), "--data", str(tmp_path), capsys=capsys)
    assert status == 1 and "no record store in" in err and "--data" in err and "ACUKG_DATA" in err
    monkeypatch.setenv("OPENALEX_URL", standin.url)
    monkeypatch.setenv("ACUKG_RATE_LIMIT", "500")
    assert acukg("ingest", "--seeds", str(seeds), "--data", str(tmp_path), "--depth", "1", "--quiet",
                 capsys=capsys)[0] == 0
    monkeypatch.setenv("OPENALEX_URL", "http://127.0.0.1:9")  # nothing there: offline must not care
    status, out, _ = acukg("ingest", "--offline", "--seeds", str(seeds), "--data", str(tmp_path), "--depth", "1",
                           capsys=capsys)
    assert status == 0 and "The store holds everything this crawl needs." in out
    status, out, _ = acukg("ingest", "--offline", "--seeds", str(seeds), "--data", str(tmp_path), capsys=capsys)
    hops = synthetic_corpus.hops()
    dangling = sum(len(synthetic_corpus.dangling_of(synthetic_corpus.index_of(w))) for w, h in hops.items() if h == 1)
    planned2 = sum(1 for h in hops.values() if h == 2) + dangling
    assert status == 0 and "Not in the store: W" in out and "without --offline" in out
    assert f"hop 2: {planned2} planned, 0 held, 0 missing, {planned2} not in the store" in out


@pytest.mark.slow
def test_run_demo_ingests_the_synthetic_corpus_and_says_so(tmp_path, capsys):
    from ingest.standin.corpus import SyntheticCorpus
    from acukg.pipeline import DEMO_SEED

    synthetic_corpus = SyntheticCorpus(400, DEMO_SEED)
    status, out, _ = acukg("run", "--demo", "--data", str(tmp_path), "--works", "400", "--depth", "2",
                           "--quiet", capsys=capsys)
    assert status == 0 and "SYNTHETIC" in out
    with RecordStore(tmp_path / "records.sqlite") as store:
        m = store.latest_manifest()
        hops = store.hops()
    assert m["synthetic"] is True and m["source"]["corpus"] == {"corpus": "SyntheticCorpus", "size": 400, "seed": DEMO_SEED}
    assert m["seed_map"] == synthetic_corpus.seed_map() and len(m["seed_map"]) == 18
    assert hops == {w: h for w, h in synthetic_corpus.hops().items() if h <= 2}
    assert m["seeds"]["source"].startswith("demo")
    status, out, _ = acukg("ingest", "--offline", "--data", str(tmp_path), capsys=capsys)
    assert status == 0 and "The store holds everything this crawl needs." in out  # the demo's own seeds


def test_run_without_demo_stops_at_once_when_openalex_cannot_be_reached(tmp_path, monkeypatch, capsys):
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    sock.close()
    monkeypatch.setenv("OPENALEX_URL", url)
    monkeypatch.setenv("OPENALEX_API_KEY", "KEY-cli-secret")
    start = time.monotonic()
    status, out, err = acukg("run", "--data", str(tmp_path), capsys=capsys)
    assert time.monotonic() - start < 10
    assert status == 1 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"acukg: error: cannot reach OpenAlex at {url}/works/")
    assert "acukg run --demo" in lines[0] and "KEY-cli-secret" not in err
    assert not (tmp_path / "records.sqlite").exists()  # nothing was started


def test_run_option_errors(tmp_path, capsys):
    status, _, err = acukg("run", "--works", "500", "--data", str(tmp_path), capsys=capsys)
    assert status == 2 and "--works" in err and "--demo" in err
    status, _, err = acukg("run", "--demo", "--seeds", str(tmp_path / "x.txt"), capsys=capsys)
    assert status == 2


@pytest.mark.slow
def test_run_prints_its_stages_in_order_and_every_file_it_wrote(tmp_path, capsys, caplog):
    caplog.set_level(logging.INFO)
    status, out, err = acukg("run", "--demo", "--data", str(tmp_path), "--works", "300", capsys=capsys)
    assert status == 0, err
    lines = out.splitlines()
    ingest = next(i for i, line in enumerate(lines) if " works in " in line)
    graph = next(i for i, line in enumerate(lines) if line.startswith("graph: "))
    wrote = [line.removeprefix("wrote ") for line in lines if line.startswith("wrote ")]
    assert ingest < graph < lines.index(f"wrote {wrote[0]}") and lines[-1].startswith("report: ")
    report = tmp_path / "report"
    on_disk = {str(p) for p in report.rglob("*") if p.is_file()}
    assert set(wrote) | {str(report / "index.html")} == on_disk
    logged = caplog.messages
    stages = [m.split(":")[0] for m in logged if m.split(":")[0] in ("ingest", "build", "report")]
    assert stages == ["ingest", "build", "report"]  # each stage says what it does as it starts
    assert any("bibliography entries match no work in the graph (no verified DOI or PMID" in m for m in logged)


def test_run_builds_without_pubmed_when_pubmed_fails(standin, synthetic_corpus, tmp_path, monkeypatch, capsys, caplog):
    # PubMed answers 404 (a wrong address): the OpenAlex records still make a graph and a report
    monkeypatch.setenv("OPENALEX_URL", standin.url)
    monkeypatch.setenv("PUBMED_URL", standin.url + "/no-eutils-here")
    monkeypatch.setenv("ACUKG_RATE_LIMIT", "500")
    seeds = seeds_of(synthetic_corpus, tmp_path / "seeds.txt")
    status, out, err = acukg("run", "--seeds", str(seeds), "--depth", "0", "--data", str(tmp_path / "d"), capsys=capsys)
    assert status == 0, err
    assert "PubMed: not reached; the graph is built from the OpenAlex records" in out
    warning = next(r.getMessage() for r in caplog.records if r.levelno == logging.WARNING and "PubMed failed" in r.getMessage())
    assert "`acukg enrich`" in warning and "HTTP 404" in warning
    assert (tmp_path / "d" / "report" / "index.html").is_file()
    assert next(line for line in out.splitlines() if line.startswith("graph: "))
