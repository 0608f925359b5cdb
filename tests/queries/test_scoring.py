"""The evidence score and the claim verdict rule (the rules under them: tests/kg/test_evidence.py)."""


from queries import scoring


def test_species_filter_uses_the_evidence_groups():
    assert scoring.species_match("animal", "human", {"animal"}) and not scoring.species_match("animal", None, {"human"})
    assert scoring.species_match("rct", "rat", {"rat"}) and scoring.species_match("rct", "rat", {"animal"})
    assert not scoring.species_match("review", None, {"human", "animal"})


def test_gap_reasons():
    thin = {"human": 0, "studies": 1, "support": 0, "against": 1, "direction": None}
    assert scoring.gap_reasons(thin) == ["animal_only", "single_study", "contested"]
    assert scoring.gap_reasons({"human": 2, "studies": 3, "support": 3, "against": 0, "direction": "up"}) == []


def test_summarise_weights_designs_and_leaves_out_retracted():
    works = [
        {"design": "rct", "species": "human", "year": 2015, "retracted": False, "finding": "up"},
        {"design": "animal", "species": "rat", "year": 2012, "retracted": False, "finding": "up"},
        {"design": "animal", "species": "rat", "year": 2018, "retracted": False, "finding": "null"},
        {"design": "systematic_review", "species": None, "year": 2020, "retracted": False, "finding": "down"},
        {"design": "rct", "species": "human", "year": 2021, "retracted": True, "finding": "down"},
        {"design": None, "species": None, "year": None, "retracted": False, "finding": "none"},
    ]
    # 2 up of 4 findings: short of two thirds, so mixed; directed works count 0, the null one -3
    assert scoring.summarise(works) == {
        "score": 0 + 0 - 3 + 0 + 0,
        "studies": 5,
        "human": 2,
        "animal": 2,
        "designs": "systematic_review:1 rct:1 animal:2 unknown:1",
        "best_design": "systematic_review",
        "direction": "mixed",
        "n_up": 2,
        "n_down": 1,
        "n_null": 1,
        "support": 1,
        "against": 1,
        "first_year": 2012,
        "last_year": 2020,
        "retracted": 1,
    }
    works[2]["finding"] = "up"  # 3 up of 4: up
    s = scoring.summarise(works)
    assert (s["direction"], s["score"], s["support"], s["against"]) == ("up", 6 + 3 + 3 - 7, 4, 1)


def test_summarise_of_nothing():
    s = scoring.summarise([])
    assert (s["score"], s["studies"], s["direction"], s["first_year"], s["designs"]) == (0, 0, None, None, "")


def test_is_contested():
    assert scoring.is_contested(4, 2) and not scoring.is_contested(5, 2)
    assert scoring.is_contested(0, 1) and not scoring.is_contested(3, 0)
    assert scoring.is_contested(2, 0, "mixed")


# One test per verdict -------------------------------------------------------------------


def test_verdict_not_found():
    assert scoring.verdict(object_found=False, supporting=[], contradicting=[]) == "not_found"


def test_verdict_not_supported():
    assert scoring.verdict(object_found=True, supporting=[], contradicting=[]) == "not_supported"
    assert scoring.verdict(object_found=True, supporting=[], contradicting=["rct"]) == "not_supported"


def test_verdict_contested():
    # a contradicting design as high as the best support
    assert scoring.verdict(object_found=True, supporting=["rct", "animal"], contradicting=["rct"]) == "contested"
    # or contradicting works at least half as many as supporting ones
    assert scoring.verdict(object_found=True, supporting=["rct"] * 2 + ["animal"] * 2, contradicting=["animal"] * 2) == "contested"


def test_verdict_supported():
    assert scoring.verdict(object_found=True, supporting=["rct"] * 2 + ["animal"] * 3, contradicting=["animal"] * 2) == "supported"
    assert scoring.verdict(object_found=True, supporting=["case_report"], contradicting=[]) == "supported"


def test_verdict_supported_animal_only():
    assert scoring.verdict(object_found=True, supporting=["animal", "in_vitro", "review"], contradicting=[]) == "supported_animal_only"
    assert scoring.verdict(object_found=True, supporting=["animal"] * 3, contradicting=["in_vitro"]) == "supported_animal_only"
