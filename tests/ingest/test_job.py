"""The ingest job over loopback HTTP: real pyalex queries, real transport, the stand-in server."""

from __future__ import annotations

import hashlib
import json
import logging

import pytest

from ingest.fields import WORK_FIELDS
from ingest.job import IngestOptions, crawl_key, ingest, plan_hop
from ingest.offline import offline_report
from ingest.seeds import Seed, SeedList, parse_seed_text
from ingest.store import RecordStore
from kg import ids
from kg.errors import BudgetExhausted, SettingsError, StoreError
from tests.ingest.conftest import (
    demo_seed_list,
    fast_transport,
    run_ingest,
    settings_for_standin,
    snapshot,
)


def expected_missing(corpus, hops, depth):
    """The dangling references the crawl meets: cited by works of hops below ``depth``."""
    out = set()
    for wid, hop in hops.items():
        if hop < depth:
            out.update(corpus.dangling_of(corpus.index_of(wid)))
    return out


@pytest.mark.slow
def test_depth_2_ingest_stores_every_reachable_work_with_its_hop_and_exact_json(
        reference_store, synthetic_corpus):
    works, missing = reference_store
    want = {w: h for w, h in synthetic_corpus.hops().items() if h <= 2}
    assert {wid: hop for wid, hop, _ in works} == want
    assert len(works) == len(want) > 300
    for wid, _, raw in works:
        full = synthetic_corpus.work(wid)
        assert json.loads(raw) == {f: full.get(f) for f in WORK_FIELDS}
    assert set(missing) == expected_missing(synthetic_corpus, want, 2)
    assert missing and all(r.startswith("404 Not Found") for r in missing.values())


def test_the_manifest_records_seeds_parameters_counts_requests_and_missing_ids(standin, tmp_path):
    corpus = standin.corpus
    manifest = run_ingest(standin, tmp_path, depth=2, seed_map=corpus.seed_map())
    with RecordStore(tmp_path / "records.sqlite") as store:
        assert store.latest_manifest() == manifest
        hops = store.hops()
    assert manifest["status"] == "completed" and manifest["error"] is None
    assert manifest["synthetic"] is True and manifest["source"]["synthetic"] is True
    assert manifest["seed_map"] == corpus.seed_map()
    assert manifest["parameters"]["depth"] == 2 and manifest["parameters"]["batch_size"] == 100
    assert manifest["acukg_version"] and manifest["pyalex_version"] == "0.21"
    for hop in ("0", "1", "2"):
        info = manifest["hops"][hop]
        assert info["held"] == sum(1 for h in hops.values() if h == int(hop)) == info["fetched_this_run"]
        assert info["planned"] == info["held"] + info["missing"] and info["done"]
    assert manifest["counts"]["works_in_store"] == len(hops)
    assert set(manifest["missing"]) == set(store_missing(tmp_path))
    # one OR request per 100 new ids, one singleton per id a batch lacked, nothing else
    batches = sum(-(-manifest["hops"][h]["planned"] // 100) for h in ("0", "1", "2"))
    assert manifest["requests"] == batches + len(manifest["missing"])
    assert manifest["credits"] == batches and manifest["retries"] == 0
    assert set(manifest["durations_s"]) >= {"seeds", "hop_0", "hop_1", "hop_2", "total"}


def store_missing(data_dir):
    with RecordStore(data_dir / "records.sqlite") as store:
        return store.missing()


def test_running_again_fetches_nothing_it_holds(standin, tmp_path):
    run_ingest(standin, tmp_path, depth=2)
    before = snapshot(tmp_path)
    again = run_ingest(standin, tmp_path, depth=2)
    assert again["requests"] == 0 and again["counts"]["works_fetched_this_run"] == 0
    assert snapshot(tmp_path) == before
    deeper = run_ingest(standin, tmp_path, depth=3)  # a deeper run continues the same crawl
    assert deeper["counts"]["works_fetched_this_run"] == deeper["hops"]["3"]["held"] > 0
    assert -(-deeper["hops"]["3"]["planned"] // 100) <= deeper["requests"]


@pytest.mark.slow
def test_a_job_survives_every_fault_kind_and_ends_with_the_same_store(fresh_standin, tmp_path, reference_store):
    for kind in ("429", "500", "502", "503", "504", "truncate", "cut_json", "timed_out", "disconnect"):
        fresh_standin.faults.add(kind, times=1, route="list")
    fresh_standin.faults.add("500", times=2, route="singleton")
    fresh_standin.faults.add("latency", times=1, route="list", seconds=1.5)  # beyond the 1 s read timeout
    # One batch may meet all eleven list faults in a row: allow that many attempts.
    transport = fast_transport(settings_for_standin(fresh_standin, tmp_path), max_attempts=12, timeout=(1.0, 1.0))
    manifest = run_ingest(fresh_standin, tmp_path, depth=2, transport=transport)
    assert manifest["status"] == "completed"
    assert manifest["retries"] >= 11  # the latency fault may come with another on the same request
    assert not fresh_standin.faults.pending()
    assert snapshot(tmp_path) == reference_store


def test_a_spent_budget_stops_mid_hop_cleanly_and_the_same_call_resumes(fresh_standin, tmp_path, reference_store):
    fresh_standin.limits.set_budget(3)  # hop 0 and two of hop 1's four batches
    with pytest.raises(BudgetExhausted, match="run the same command again"):
        run_ingest(fresh_standin, tmp_path, depth=2)
    with RecordStore(tmp_path / "records.sqlite") as store:
        stopped = store.latest_manifest()
        partial = store.hops()
    assert stopped["status"] == "stopped: budget exhausted" and "UTC" in stopped["error"]
    assert 0 < sum(1 for h in partial.values() if h == 1) < stopped["hops"]["1"]["planned"]
    fresh_standin.limits.set_budget(1_000_000)
    resumed = run_ingest(fresh_standin, tmp_path, depth=2)
    assert resumed["status"] == "completed"
    assert resumed["counts"]["works_fetched_this_run"] == len(reference_store[0]) - len(partial)
    assert snapshot(tmp_path) == reference_store
    with RecordStore(tmp_path / "records.sqlite") as store:
        assert [m["status"] for m in store.manifests()] == ["stopped: budget exhausted", "completed"]


def test_max_works_per_hop_keeps_the_most_cited_candidates(standin, synthetic_corpus, tmp_path):
    cap = 40
    manifest = run_ingest(standin, tmp_path, depth=2, cap=cap)
    with RecordStore(tmp_path / "records.sqlite") as store:
        hops = store.hops()
        missing = set(store.missing())
    refs = {w: [ids.openalex(r) for r in synthetic_corpus.work(w)["referenced_works"]]
            for w in synthetic_corpus.ids()}
    refs.update({d: [] for w in synthetic_corpus.ids() for d in synthetic_corpus.dangling_of(
        synthetic_corpus.index_of(w))})
    layers = [sorted(d.openalex_id for d in synthetic_corpus.demo_seeds())]
    for _ in range(2):
        planned = {w for layer in layers for w in layer}
        candidates = {r for w in layers[-1] for r in refs[w] if r not in planned}
        fetched = [w for layer in layers for w in layer if w in refs and w not in missing]
        counts = {c: sum(1 for w in fetched if c in refs[w]) for c in candidates}
        ranked = sorted(candidates, key=lambda c: (-counts[c], len(c), c))
        layers.append(sorted(ranked[:cap]))
        assert len(candidates) > cap
        assert counts[ranked[cap - 1]] >= counts[ranked[cap]]
    for hop, layer in enumerate(layers):
        assert sorted(w for w in layer if w not in missing) == sorted(w for w, h in hops.items() if h == hop)
        assert manifest["hops"][str(hop)]["planned"] == len(layer)
    assert manifest["hops"]["1"]["candidates"] > cap


def test_plan_hop_breaks_ties_by_id():
    member_refs = {"W1": ["W30", "W4", "W200"]}
    assert plan_hop(member_refs, {"W1"}, cap=2, citing_refs=[["W30", "W4", "W200"]]) == (["W4", "W30"], 3)


def test_cited_by_pages_through_citing_works_and_resumes_from_the_saved_cursor(fresh_standin, synthetic_corpus,
                                                                               tmp_path):
    ids = synthetic_corpus.ids()[:3]
    seeds = SeedList(tuple(Seed("openalex", w) for w in ids), source="test")
    citing = set()
    for w in ids:
        citing.update(synthetic_corpus.openalex_id(i) for i in synthetic_corpus.citing(synthetic_corpus.index_of(w)))
    assert len(citing) > 200  # more than one page

    ref_dir = tmp_path / "ref"
    full = run_ingest(fresh_standin, ref_dir, seeds, depth=0, cited_by=True)
    with RecordStore(ref_dir / "records.sqlite") as store:
        rows = {wid: (hop, via) for wid, hop, via in store.conn.execute("SELECT id, hop, via FROM works")}
    assert set(rows) == set(ids) | citing
    assert all(rows[w] == (1, "cited_by") for w in citing - set(ids))
    assert full["requests"] == 1 + 2 and full["cited_by"]["fetched_this_run"] == len(citing - set(ids))

    data = tmp_path / "resumed"
    fresh_standin.limits.set_budget(2)  # the seeds' batch and the first page
    with pytest.raises(BudgetExhausted):
        run_ingest(fresh_standin, data, seeds, depth=0, cited_by=True)
    with RecordStore(data / "records.sqlite") as store:
        (cursor, pages, done), = store.cursors(
            f"{crawl_key(seeds, None)}/cites/" + hashlib.sha256(" ".join(ids).encode()).hexdigest()[:12]
        ).values()
    assert pages == 1 and not done and cursor not in (None, "*")
    fresh_standin.limits.set_budget(1_000_000)
    resumed = run_ingest(fresh_standin, data, seeds, depth=0, cited_by=True)
    assert resumed["requests"] == 1  # only the second page
    assert snapshot(data) == snapshot(ref_dir)


def test_doi_and_pmid_seeds_are_resolved_and_unknown_ones_recorded_missing(standin, synthetic_corpus, tmp_path):
    c = synthetic_corpus
    with_doi = [i for i in range(c.size) if c.doi(i)][:3]
    with_pmid = [i for i in range(c.size) if c.pmid(i)][5:7]
    text = "\n".join([
        f"https://doi.org/{c.doi(with_doi[0]).upper()}",
        f"doi:{c.doi(with_doi[1])}",
        c.doi(with_doi[2]),
        f"pmid:{c.pmid(with_pmid[0])}",
        f"PMID: {c.pmid(with_pmid[1])}",
        "10.5555/not-in-the-corpus",
        "pmid:1",
        "W1",
    ])
    seeds = parse_seed_text(text)
    manifest = run_ingest(standin, tmp_path, seeds, depth=0)
    res = manifest["seed_resolution"]
    for i in with_doi:
        assert res[c.doi(i)] == c.openalex_id(i) == manifest["seed_map"][c.doi(i)]
    for i in with_pmid:
        assert res[f"pmid:{c.pmid(i)}"] == c.openalex_id(i)
    assert res["10.5555/not-in-the-corpus"] is None and res["pmid:1"] is None
    assert set(manifest["seed_map"]) == {c.doi(i) for i in with_doi}
    assert manifest["missing"]["doi:10.5555/not-in-the-corpus"].startswith("404 Not Found")
    assert manifest["missing"]["pmid:1"].startswith("404 Not Found")
    assert manifest["missing"]["W1"].startswith("404 Not Found")
    with RecordStore(tmp_path / "records.sqlite") as store:
        assert store.hops() == {c.openalex_id(i): 0 for i in with_doi + with_pmid}
    # a later job with the same seeds resolves them from the store, without a request
    again = run_ingest(standin, tmp_path, seeds, depth=0)
    assert again["requests"] == 0 and again["seed_resolution"] == res


def test_offline_reports_what_is_held_and_what_is_missing(standin, synthetic_corpus, tmp_path):
    settings = settings_for_standin(standin, tmp_path)
    seeds = demo_seed_list(synthetic_corpus)
    with pytest.raises(StoreError, match="no record store"):
        offline_report(settings, seeds)
    run_ingest(standin, tmp_path, depth=1)
    hops = synthetic_corpus.hops()
    report = offline_report(settings, seeds, options=IngestOptions(depth=2))
    assert report["complete"] is False and report["synthetic"] is True
    hop2 = {w for w, h in hops.items() if h == 2} | expected_missing(synthetic_corpus, hops, 2) - \
        expected_missing(synthetic_corpus, hops, 1)
    assert set(report["not_in_store"]) == hop2 and set(report["not_in_store"].values()) == {2}
    assert report["hops"]["1"] == {"planned": report["hops"]["1"]["planned"], "held": sum(
        1 for h in hops.values() if h == 1), "missing": len(expected_missing(synthetic_corpus, hops, 1)),
        "not_in_store": 0}
    done = offline_report(settings, seeds, options=IngestOptions(depth=1))
    assert done["complete"] is True and done["not_in_store"] == {}


@pytest.mark.slow
def test_credentials_never_reach_logs_errors_manifests_or_the_store(fresh_standin, tmp_path, caplog):
    key, email = "KEY-do-not-leak-7", "secret.person@example.org"
    settings = settings_for_standin(fresh_standin, tmp_path, api_key=key, email=email)
    fresh_standin.faults.add("503", times=1, route="list")
    fresh_standin.faults.add("500", times=1, route="singleton")
    with caplog.at_level(logging.DEBUG):
        manifest = run_ingest(fresh_standin, tmp_path, settings=settings, depth=2)
        fresh_standin.faults.add("budget", times=1, route="list")
        with pytest.raises(BudgetExhausted) as info:
            run_ingest(fresh_standin, tmp_path, settings=settings, depth=3)
    assert manifest["retries"] >= 2 and manifest["source"]["api_key"] == "set"
    assert key not in repr(settings)
    texts = [caplog.text, str(info.value), json.dumps(manifest)]
    for path in tmp_path.iterdir():
        texts.append(path.read_bytes().decode("latin-1"))
    for text in texts:
        assert key not in text and email not in text


def test_synthetic_and_openalex_records_never_mix_in_one_store(standin, tmp_path):
    run_ingest(standin, tmp_path, depth=0)
    settings = settings_for_standin(standin, tmp_path)
    transport = fast_transport(settings)
    transport.probe = lambda url, timeout=5.0: "not-the-standin"  # as if this were OpenAlex
    with pytest.raises(StoreError, match="holds synthetic stand-in .* would add OpenAlex records"):
        ingest(settings, demo_seed_list(standin.corpus), options=IngestOptions(depth=0), transport=transport)
    transport.close()


def test_bad_options_are_clear_errors():
    with pytest.raises(SettingsError, match="--depth"):
        IngestOptions(depth=-1)
    with pytest.raises(SettingsError, match="--max-works-per-hop"):
        IngestOptions(max_works_per_hop=0)


def test_an_ingest_without_a_synthetic_label_probes_once_and_detects_the_standin(standin, tmp_path):
    settings = settings_for_standin(standin, tmp_path)
    transport = fast_transport(settings)
    manifest = ingest(settings, demo_seed_list(standin.corpus), options=IngestOptions(depth=0),
                      transport=transport)
    assert manifest["synthetic"] is True and manifest["source"]["corpus"]["server"].startswith("acukg-standin")
    assert manifest["requests"] == 1 + 1  # the probe and hop 0's batch
