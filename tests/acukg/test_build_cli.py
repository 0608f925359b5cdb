"""``acukg build`` and acukg.pipeline.build_from_store on record stores (made through the store's API
and by a real ingest from the loopback stand-in)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import kg
from ingest.store import RecordStore, utc_now
from acukg.cli import cli, main
from kg.settings import Settings
from acukg.pipeline import build_from_store


def make_store(path, corpus, *, run_id="run-1"):
    """A record store holding the corpus's works reached from the demo seeds, as ingest stores them."""
    hops = corpus.hops()
    manifest = {"run_id": run_id, "status": "running", "started_at": utc_now(), "synthetic": True,
                "seed_map": corpus.seed_map()}
    with RecordStore(path, create=True) as store:
        store.begin_run(run_id, manifest)
        by_hop: dict[int, list] = {}
        for work in corpus.works():
            hop = hops.get(work["id"].rsplit("/", 1)[1])
            if hop is not None:
                by_hop.setdefault(hop, []).append((json.dumps(work), work))
        for hop, works in sorted(by_hop.items()):
            store.put_batch(works, hop=hop, via="references", run_id=run_id)
        store.finish_run(run_id, {**manifest, "status": "done", "finished_at": utc_now()})
    return hops


@pytest.mark.slow
def test_acukg_build_on_a_record_store(tmp_path, synthetic_corpus):
    hops = make_store(tmp_path / "records.sqlite", synthetic_corpus)
    result = CliRunner().invoke(cli, ["build", "--data", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Synthetic data" in result.output
    assert f"Records read: {len(hops)}" in result.output
    G = kg.load(tmp_path / "graph")
    assert G.graph["works"] == len(hops) and G.graph["synthetic"] is True
    assert {d["openalex_id"]: d["hop"] for _, d in G.nodes(data=True) if d["kind"] == "work"} == hops
    # CITES among stored works, counted independently from the records
    held = set(hops)
    expected = sum(
        len({r.rsplit("/", 1)[1] for r in w["referenced_works"]} & held)
        for w in synthetic_corpus.works() if w["id"].rsplit("/", 1)[1] in held
    )
    cites = sum(1 for u, _, t in G.edges(data="type") if t == "CITES" and u.startswith("work:"))
    assert cites == expected
    manifest = json.loads((tmp_path / "graph" / "manifest.json").read_text())
    assert manifest["inputs"]["records"] == len(hops) and manifest["inputs"]["run_ids"] == ["run-1"]
    assert f"Graph saved to {tmp_path / 'graph'}" in result.output


@pytest.mark.slow
def test_build_from_store_returns_the_saved_graph(tmp_path, synthetic_corpus):
    make_store(tmp_path / "records.sqlite", synthetic_corpus)
    G, manifest = build_from_store(Settings.from_env({}, data_dir=tmp_path))
    H = kg.load(tmp_path / "graph")
    assert dict(G.nodes(data=True)) == dict(H.nodes(data=True))
    assert manifest["counts"]["nodes"]["work"] == G.graph["works"]
    # the demo seeds stand in for the cited works: every source cites at least one of them
    sources = {u for u, _, t in G.edges(data="type") if t == "CITES" and u.startswith("source:")}
    assert len(sources) == 5


def test_acukg_build_without_a_store_is_a_clear_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["build", "--data", str(tmp_path)])
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith(f"acukg: error: no record store in {tmp_path}") and "Traceback" not in err
    assert "--data" in err and "ACUKG_DATA" in err
    assert not (tmp_path / "graph").exists()


@pytest.mark.slow
def test_acukg_build_on_a_store_made_by_ingest(tmp_path):
    from ingest.job import IngestOptions, ingest
    from ingest.seeds import Seed, SeedList
    from ingest.standin.server import start_standin

    with start_standin(size=150, seed=3) as standin:
        corpus = standin.corpus
        seeds = SeedList(seeds=tuple(Seed("openalex", d.openalex_id) for d in corpus.demo_seeds()), source="demo")
        settings = Settings.from_env({}, data_dir=tmp_path, openalex_url=standin.url, rate_limit=100.0)
        run = ingest(settings, seeds, options=IngestOptions(depth=1), synthetic={"size": 150, "seed": 3},
                     seed_map=corpus.seed_map())
    result = CliRunner().invoke(cli, ["build", "--data", str(tmp_path), "--quiet"])
    assert result.exit_code == 0, result.output
    G = kg.load(tmp_path / "graph")
    assert G.graph["works"] == run["counts"]["works_in_store"] > 0
    assert G.graph["synthetic"] is True
    seeds_in_graph = {d["openalex_id"] for _, d in G.nodes(data=True) if d["kind"] == "work" and d["seed"]}
    assert seeds_in_graph == set(corpus.seed_map().values())
