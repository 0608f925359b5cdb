"""The demo plan: bibliography works, claim directions, concept resolution, fates."""

from __future__ import annotations

from collections import Counter

from ingest.standin import plan


def test_bibliography_works_with_a_doi():
    works = plan.bib_works()
    assert len(works) == 18 and len({w.doi for w in works}) == 18
    designs = Counter(w.design for w in works)
    assert designs["systematic_review"] == 9 and designs["animal"] == 2 and designs["review"] == 7
    assert {w.work_key: w.species for w in works if w.design == "animal"} == {"ali2020": "rat", "hoang2012": "mouse"}


def test_relation_direction():
    assert plan.relation_direction("increases") == ("up", False)
    assert plan.relation_direction("relieves") == ("down", False)
    assert plan.relation_direction("modulates") == (None, False)
    assert plan.relation_direction("does_not_accelerate") == ("up", True)
    assert plan.relation_direction("does_not_prevent") == ("down", True)


def test_resolve_claim_text():
    assert plan.resolve("nerve growth factor release").kind == "mechanism"
    assert plan.resolve("endorphins (beta-endorphin)") is not None
    assert plan.resolve("GB30 (Huantiao)").id == "acupoint:gb30"
    assert plan.resolve("") is None and plan.resolve("zzz qqq") is None


def test_effects_are_deterministic_and_cover_every_fate():
    a, b = plan.effects(3), plan.effects(3)
    assert a == b and list(a) == sorted(a)
    assert set(e.fate for e in a.values()) == set(plan.FATES)
    assert any(plan.effects(s) != a for s in range(4, 10))  # the seed shuffles the fates
    sr = {c["cited_work_doi"].lower() for c in plan.claims() if c["cited_work_doi"]} & {
        w.doi for w in plan.bib_works() if w.design == "systematic_review"}
    assert sr  # some claims are tied to systematic reviews
