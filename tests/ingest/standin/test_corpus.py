"""The synthetic corpus: determinism, shape, proportions, honesty of truth(), demo seeds."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter

import numpy as np
import pytest
from pyalex import invert_abstract

from ingest.standin import plan
from ingest.standin.corpus import DESIGN_SHARES, DESIGNS, HUMAN_GROUP, SyntheticCorpus
from ingest.standin.text import DOWN_VERBS, NEGATION_CUES, UP_VERBS
from kg.vocabulary import lookup

N = 3000


@pytest.fixture(scope="module")
def corpus():
    return SyntheticCorpus(N, seed=11)


@pytest.fixture(scope="module")
def all_works(corpus):
    return list(corpus.works())


@pytest.fixture(scope="module")
def truths(corpus):
    return {wid: corpus.truth(wid) for wid in corpus.ids()}


@pytest.mark.slow
def test_two_instances_are_equal():
    a, b = SyntheticCorpus(300, seed=5), SyntheticCorpus(300, seed=5)
    assert a.ids() == b.ids()
    for wa, wb in zip(a.works(), b.works()):
        assert json.dumps(wa, sort_keys=True) == json.dumps(wb, sort_keys=True)
    assert a.seed_map() == b.seed_map() and a.hops() == b.hops()
    c = SyntheticCorpus(300, seed=6)
    assert [w["title"] for w in c.works()] != [w["title"] for w in a.works()]


@pytest.mark.slow
def test_another_process_makes_the_same_works():
    local = SyntheticCorpus(300, seed=5)
    sample = local.ids()[::37] + [s.openalex_id for s in local.demo_seeds()[:3]]
    code = (
        "import json,sys; from ingest.standin.corpus import SyntheticCorpus as C; c=C(300, seed=5); "
        "print(json.dumps([c.work(i) for i in sys.argv[1:]], sort_keys=True))"
    )
    env = dict(os.environ, PYTHONHASHSEED="12345")
    out = subprocess.run([sys.executable, "-c", code, *sample], capture_output=True, text=True, env=env,
                         check=True, timeout=120)
    assert out.stdout.strip() == json.dumps([local.work(i) for i in sample], sort_keys=True)


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match="at least 60"):
        SyntheticCorpus(10, seed=1)
    with pytest.raises(ValueError, match="seed"):
        SyntheticCorpus(100, seed="x")
    with pytest.raises(KeyError, match="W1"):
        SyntheticCorpus(100, seed=1).work("W1")


@pytest.mark.slow
def test_work_dicts_have_openalex_shape(corpus, all_works):
    keys = {"id", "doi", "ids", "title", "display_name", "publication_year", "publication_date", "type",
            "authorships", "primary_location", "cited_by_count", "referenced_works", "referenced_works_count",
            "abstract_inverted_index", "keywords", "mesh", "is_retracted", "is_paratext", "counts_by_year",
            "updated_date", "created_date", "related_works"}
    for w in all_works[:: 50]:
        assert keys <= set(w)
        assert w["id"] == w["ids"]["openalex"] and re.fullmatch(r"https://openalex.org/W9\d{9}", w["id"])
        assert w["title"] == w["display_name"]
        assert w["publication_date"].startswith(str(w["publication_year"]))
        assert w["referenced_works_count"] == len(w["referenced_works"])
        assert w["authorships"] and all(a["author"]["display_name"] for a in w["authorships"])
        for m in w["mesh"]:
            assert set(m) == {"descriptor_ui", "descriptor_name", "qualifier_ui", "qualifier_name", "is_major_topic"}
            assert (m["qualifier_ui"] == "") == (m["qualifier_name"] is None)
        if w["abstract_inverted_index"] is not None:
            text = invert_abstract(w["abstract_inverted_index"])
            assert text and text.split(" ")[0][0].isupper()
    assert any(m["qualifier_ui"] for w in all_works for m in w["mesh"])
    assert {"Rats", "Mice", "Humans"} <= {m["descriptor_name"] for w in all_works for m in w["mesh"]}


def test_everything_says_synthetic_and_dois_are_test_dois(all_works):
    for w in all_works:
        assert w["title"].startswith("[synthetic] ")
        assert w["primary_location"]["source"]["display_name"].startswith("Synthetic ")
        if w["doi"] is not None:
            assert w["doi"].startswith("https://doi.org/10.5555/")
            assert w["ids"]["doi"] == w["doi"]
        text = json.dumps(w)
        for doi in re.findall(r"10\.\d{4,9}/[^\s\"]+", text):
            assert doi.startswith("10.5555/"), doi
        if "pmid" in w["ids"]:
            assert int(w["ids"]["pmid"].rsplit("/", 1)[1]) >= 90_000_000


@pytest.mark.slow
def test_proportions(corpus, all_works, truths):
    n = len(all_works)
    years = np.array([w["publication_year"] for w in all_works])
    assert years.min() >= 1980 and years.max() <= 2025
    assert (years >= 2015).sum() > (years < 2000).sum() * 3  # recent years more numerous
    designs = Counter(t["design"] for t in truths.values())
    for design, share in zip(DESIGNS, DESIGN_SHARES):
        assert abs(designs[design] / n - share) < 0.025, (design, designs[design] / n)
    species = Counter(t["species"] for t in truths.values() if t["design"] == "animal")
    assert species["rat"] > species["mouse"] > species["rabbit"] > 0
    share = lambda pred: sum(map(pred, all_works)) / n  # noqa: E731
    assert abs(share(lambda w: w["doi"] is not None) - 0.92) < 0.03
    assert abs(share(lambda w: "pmid" in w["ids"]) - 0.85 * 0.94) < 0.04  # 6 % of PMIDs not in OpenAlex
    assert all(t["has_pmid"] for w, t in zip(all_works, truths.values()) if "pmid" in w["ids"])
    with_pmid = [t for w, t in zip(all_works, truths.values()) if "pmid" in w["ids"]]
    openalex = sum(t["has_abstract"] for t in with_pmid) / len(with_pmid)
    pubmed = sum(t["pubmed_abstract"] for t in with_pmid) / len(with_pmid)
    assert 0.58 < openalex < 0.72 and pubmed >= 0.95  # about two thirds in OpenAlex, nearly all in PubMed
    assert abs(share(lambda w: bool(w["keywords"])) - 0.60) < 0.04
    assert 0 < sum(w["is_retracted"] for w in all_works) < n * 0.01
    types = Counter(w["type"] for w in all_works)
    assert {"article", "review", "preprint", "book-chapter"} <= set(types)
    full = [w for w in all_works if w["publication_year"] >= 2000]
    refs = np.array([w["referenced_works_count"] for w in full])
    assert np.median(refs) >= 20 and refs.max() <= 82
    sr = [len(w["referenced_works"]) for w, t in zip(all_works, truths.values())
          if t["design"] == "systematic_review" and w["publication_year"] >= 2000]
    assert np.mean(sr) > np.mean(refs)


def test_withheld_abstracts_are_mostly_in_closed_venues(corpus, all_works, truths):
    from ingest.standin.draws import CLOSED_PUBLISHERS

    rate = {True: [0, 0], False: [0, 0]}
    for w, t in zip(all_works, truths.values()):
        if t["has_abstract"] or t["abstract_withheld"]:
            closed = w["primary_location"]["source"]["host_organization_name"] in CLOSED_PUBLISHERS
            rate[closed][0] += t["abstract_withheld"]
            rate[closed][1] += 1
        assert (w["abstract_inverted_index"] is not None) == t["has_abstract"]
    withheld = (rate[True][0] + rate[False][0]) / (rate[True][1] + rate[False][1])
    assert 0.25 < withheld < 0.42  # about a third of the abstracts
    assert rate[True][0] / rate[True][1] > 4 * rate[False][0] / rate[False][1]


def test_references_point_to_older_works_or_dangling_ids(corpus, all_works, truths):
    by_id = {w["id"]: w for w in all_works}
    dangling = 0
    for w in all_works:
        t = truths[w["id"].rsplit("/", 1)[1]]
        for ref in w["referenced_works"]:
            if ref in t["dangling_references"]:
                dangling += 1
                assert ref not in by_id and corpus.index_of(ref) is None
                continue
            assert by_id[ref]["publication_date"] < w["publication_date"], (w["id"], ref)
        assert len(set(w["referenced_works"])) == len(w["referenced_works"])
    assert 0 < dangling < 0.01 * sum(len(w["referenced_works"]) for w in all_works)


def test_cited_by_count_and_counts_by_year_match_the_corpus(all_works):
    cited = Counter(ref for w in all_works for ref in w["referenced_works"])
    year_of = {w["id"]: w["publication_year"] for w in all_works}
    by_year: dict[str, Counter] = {}
    for w in all_works:
        for ref in w["referenced_works"]:
            by_year.setdefault(ref, Counter())[w["publication_year"]] += 1
    for w in all_works:
        assert w["cited_by_count"] == cited[w["id"]]
        expected = sorted(((y, c) for y, c in by_year.get(w["id"], Counter()).items() if y >= 2016), reverse=True)
        assert [(c["year"], c["cited_by_count"]) for c in w["counts_by_year"]] == expected
    counts = np.array(sorted(cited.values(), reverse=True))
    assert counts[0] > 5 * np.median(counts)  # skewed: some works are cited far more
    old = [cited[w["id"]] for w in all_works if year_of[w["id"]] < 2005]
    new = [cited[w["id"]] for w in all_works if year_of[w["id"]] >= 2020]
    assert np.mean(old) > np.mean(new)


def test_truth_agrees_with_the_text(corpus, all_works, truths):
    negated = directed = 0
    for w in all_works:
        t = truths[w["id"].rsplit("/", 1)[1]]
        abstract = invert_abstract(w["abstract_inverted_index"]) if w["abstract_inverted_index"] else None
        assert t["retracted"] == w["is_retracted"]
        for m in t["mentions"]:
            assert lookup(m["matched"]).id == m["concept"], m
            if m["field"] == "keywords":
                assert w["keywords"][m["index"]]["display_name"] == m["matched"]
                continue
            if m["field"] == "mesh":
                assert w["mesh"][m["index"]]["descriptor_name"] == m["matched"]
                continue
            text = w["title"] if m["field"] == "title" else abstract
            assert text is not None and text[m["start"] : m["end"]] == m["matched"], m
            sentence = _sentence(text, m["start"])
            if m["negated"]:
                negated += 1
                assert any(cue in sentence.lower() for cue in NEGATION_CUES), sentence
            elif m["direction"]:
                directed += 1
                verbs = UP_VERBS if m["direction"] == "up" else DOWN_VERBS
                stems = {v[:-1] for v in verbs} | {"increases", "enhances", "reduces", "suppresses", "attenuates"}
                assert any(s in sentence for s in stems), sentence
                assert not any(cue in sentence.lower() for cue in NEGATION_CUES), sentence
            elif m["role"] == "object":
                assert not any(cue in sentence.lower() for cue in NEGATION_CUES), sentence
        if not t["has_abstract"]:
            assert w["abstract_inverted_index"] is None
            assert all(m["field"] != "abstract" for m in t["mentions"])
    assert negated > 50 and directed > 500


def _sentence(text: str, pos: int) -> str:
    start = max(text.rfind(". ", 0, pos) + 2, 0) if text.rfind(". ", 0, pos) >= 0 else 0
    end = text.find(". ", pos)
    return text[start : len(text) if end < 0 else end + 1]


def test_design_and_species_wording(all_works, truths):
    cues = {
        "systematic_review": ("meta-analysis", "systematic review"),
        "rct": ("randomized controlled trial", "randomised"),
        "case_report": ("case report",),
        "protocol": ("protocol",),
        "in_vitro": ("cultured", "in vitro"),
        "review": ("review",),
        "observational": ("cohort", "cross-sectional"),
    }
    species_cues = {"rat": ("rat",), "mouse": ("mice",), "rabbit": ("rabbit",), "human": ("patient",)}
    for w in all_works:
        t = truths[w["id"].rsplit("/", 1)[1]]
        text = (w["title"] + " " + (invert_abstract(w["abstract_inverted_index"]) or "")).lower()
        for cue_design, words in cues.items():
            if t["design"] == cue_design:
                assert any(x in text for x in words), (t["design"], text)
        if t["species"] in species_cues and t["design"] != "systematic_review" and w["abstract_inverted_index"]:
            assert any(x in text for x in species_cues[t["species"]]), (t["species"], text)


def test_fates_shape_the_evidence(corpus, truths):
    effects = corpus.effects()
    assert {e.fate for e in effects.values()} == set(plan.FATES)
    mentions: dict[str, list[tuple[str, dict]]] = {}
    for t in truths.values():
        for m in t["mentions"]:
            mentions.setdefault(m["concept"], []).append((t["design"], m))
    for cid, eff in effects.items():
        found = mentions.get(cid, [])
        if eff.fate == "none":
            assert not found, cid
        elif eff.fate == "animal_only":
            assert found and all(d not in HUMAN_GROUP for d, _ in found), cid
        elif eff.fate == "human":
            role = "site" if cid.startswith("acupoint:") else "object"  # acupoints: where needles go
            assert any(d in ("rct", "systematic_review") for d, m in found if m["role"] == role), cid
            assert all((m["direction"], m["negated"]) == (eff.direction, eff.negated)
                       for d, m in found if m["role"] == "object" and d != "protocol"), cid
        elif not cid.startswith("acupoint:"):
            findings = {(m["direction"], m["negated"]) for d, m in found if m["role"] == "object" and d != "protocol"}
            assert len(findings) >= 2, (cid, findings)
            assert any(d in HUMAN_GROUP for d, m in found if m["role"] == "object"), cid


def test_demo_seeds(corpus, truths):
    seeds = corpus.demo_seeds()
    bib = plan.bib_works()
    assert len(seeds) == len(bib) == 18
    assert [s.stands_for_doi for s in seeds] == [b.doi for b in bib]
    assert corpus.seed_map() == {s.stands_for_doi: s.openalex_id for s in seeds}
    newest = set(corpus.ids()[-max(54, N // 50):])
    for s, b in zip(seeds, bib):
        w = corpus.work(s.openalex_id)
        t = truths[s.openalex_id]
        assert s.openalex_id in newest and s.title == w["title"] and s.work_key == b.work_key
        assert w["doi"].startswith("https://doi.org/10.5555/") and w["abstract_inverted_index"]
        assert t["seed"] and t["stands_for_doi"] == b.doi and t["design"] == b.design
        assert len(w["referenced_works"]) >= 30
        stated = {m["concept"] for m in t["mentions"] if m["role"] in ("object", "site")}
        for c in plan.claims_of(b.doi):
            o = plan.resolve(c["object"])
            if o is None or o.kind == "intervention":
                continue
            eff = corpus.effects().get(o.id)
            if eff is not None and eff.fate == "none":
                assert o.id not in {m["concept"] for m in t["mentions"]}
            elif eff is not None and (eff.fate != "animal_only" or b.design not in HUMAN_GROUP):
                assert o.id in stated, (b.work_key, o.id)
    verdicts = {corpus.effects()[m["concept"]].fate for s in seeds for m in truths[s.openalex_id]["mentions"]
                if m["role"] == "object" and m["concept"] in corpus.effects()}
    assert {"human", "animal_only", "contested"} <= verdicts


def test_hops_are_bfs_from_the_seeds(corpus):
    hops = corpus.hops()
    seeds = {s.openalex_id for s in corpus.demo_seeds()}
    assert {w for w, h in hops.items() if h == 0} == seeds
    for wid, h in list(hops.items())[:400]:
        for ref in corpus.work(wid)["referenced_works"]:
            short = ref.rsplit("/", 1)[1]
            if corpus.index_of(short) is not None:
                assert hops[short] <= h + 1
    for wid in corpus.ids()[:: 97]:
        if wid not in hops:  # not reached: no reached work cites it
            assert all(wid not in {r.rsplit("/", 1)[1] for r in corpus.work(x)["referenced_works"]}
                       for x in list(hops)[:200])
    assert max(hops.values()) >= 2


def _key(s: str) -> str:
    return re.sub(r"[\s\-‐‑–—_/]+", " ", s.lower()).strip()


@pytest.mark.slow
def test_every_vocabulary_name_in_the_text_is_a_recorded_mention(corpus, all_works, truths):
    """Template words name no concept: whatever the vocabulary finds, truth() lists. An
    ambiguous name ('NO' for nitric oxide) names its concept only in a work that names the
    concept in full, as the tagger reads it."""
    from kg.vocabulary import vocabulary

    names = {_key(n): c.id for c in vocabulary().concepts for n in c.names}
    ambiguous = {_key(n): c.id for c in vocabulary().concepts for n in getattr(c, "ambiguous", ())}
    longest = max(len(k.split(" ")) for k in names)
    stray = []
    for w in all_works[::7]:
        t = truths[w["id"].rsplit("/", 1)[1]]
        named = {m["concept"] for m in t["mentions"]}
        texts = {"title": w["title"]}
        if w["abstract_inverted_index"]:
            texts["abstract"] = invert_abstract(w["abstract_inverted_index"])
        for field_, text in texts.items():
            spans = [(m["start"], m["end"]) for m in t["mentions"] if m["field"] == field_]
            words = [(m.start(), m.end()) for m in re.finditer(r"[^\s]+", text)]
            for n in range(1, longest + 1):
                for i in range(len(words) - n + 1):
                    a, b = words[i][0], words[i + n - 1][1]
                    piece = text[a:b].strip(".,;:()[]")
                    a = a + text[a:b].index(piece) if piece else a
                    key = _key(piece)
                    if key in ambiguous and ambiguous[key] not in named:
                        continue
                    if piece and key in names and not any(s <= a < e for s, e in spans):
                        stray.append((field_, piece, text))
    assert stray == []


def test_the_corpus_writes_about_its_fixed_concepts_only(truths):
    """Concepts added to the vocabulary later (c-Fos, the NIH Stroke Scale...) never appear."""
    from ingest.standin.corpus import corpus_concepts
    from kg.vocabulary import vocabulary

    fixed = {c.id for c in corpus_concepts()}
    assert len(fixed) == 219 and fixed < {c.id for c in vocabulary().concepts}
    written = {m["concept"] for t in truths.values() for m in t["mentions"]}
    assert written <= fixed and "mechanism:c-fos" not in written and "outcome:nihss" not in written
    assert {c.split(":")[0] for c in written} == {"mechanism", "condition", "intervention", "acupoint", "anatomy", "outcome"}


def test_work_json_is_the_work_dict_cut_to_the_select(corpus):
    for wid in corpus.ids()[::211] + [s.openalex_id for s in corpus.demo_seeds()[:2]]:
        whole = corpus.work(wid)
        assert json.loads(corpus.work_json(wid)) == whole
        assert corpus.json_of(corpus.index_of(wid)) == corpus.work_json(wid)
        picked = json.loads(corpus.work_json(wid, ["mesh", "id", "open_access", "id", "counts_by_year"]))
        assert list(picked) == ["mesh", "id", "open_access", "counts_by_year"]
        assert picked == {"mesh": whole["mesh"], "id": whole["id"], "open_access": None,
                          "counts_by_year": whole["counts_by_year"]}
    with pytest.raises(KeyError, match="W1"):
        corpus.work_json("W1")


def test_only_the_selected_fields_are_generated(corpus, monkeypatch):
    wid = corpus.ids()[500]
    expected = corpus.work(wid)

    def refuse(*args, **kwargs):
        raise AssertionError("generated a field nobody asked for")

    monkeypatch.setattr(corpus, "_text", refuse)
    monkeypatch.setattr(corpus, "_meta", refuse)
    cheap = ["id", "doi", "publication_year", "referenced_works", "cited_by_count", "counts_by_year", "is_retracted"]
    assert json.loads(corpus.work_json(wid, cheap)) == {f: expected[f] for f in cheap}
    with pytest.raises(AssertionError, match="nobody asked"):
        corpus.work_json(wid, ["id", "title"])
    with pytest.raises(AssertionError, match="nobody asked"):
        corpus.work_json(wid, ["authorships"])


def test_non_ascii_text_survives_the_json(corpus):
    from ingest.standin.corpus import _str

    assert json.loads(_str('β-endorphin "quoted" \\ \n')) == 'β-endorphin "quoted" \\ \n'
    assert all(json.loads(corpus.work_json(w, ["title"]))["title"] == corpus.work(w)["title"]
               for w in corpus.ids()[:50])
