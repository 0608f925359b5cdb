"""The evidence arithmetic: stances, consensus, signs, the score and the claim verdict rule."""

import pytest

from queries import scoring


@pytest.mark.parametrize(
    "mentions, expected",
    [
        ([("up", False)], "up"),
        ([("down", False), ("down", False)], "down"),
        ([("up", False), ("down", False)], "mixed"),
        ([(None, False)], "none"),
        ([(None, True), ("up", True)], "null"),
        ([("up", True), ("down", False)], "down"),  # a negated mention beside a finding
    ],
)
def test_stance(mentions, expected):
    assert scoring.stance(mentions) == expected


def test_stance_needs_a_mention():
    with pytest.raises(ValueError, match="at least one mention"):
        scoring.stance([])


def test_consensus_and_sign():
    assert scoring.consensus(["up", "up", "down", "null", "none"]) == "up"
    assert scoring.consensus(["down", "null"]) == "down"
    assert scoring.consensus(["up", "down", "mixed"]) == "mixed"
    assert scoring.consensus(["none", "null"]) is None
    assert [scoring.sign(s, "up") for s in ("up", "down", "null", "none", "mixed")] == [1, -1, -1, 1, 0]
    assert [scoring.sign(s, "mixed") for s in ("up", "down", "null", "none")] == [0, 0, -1, 1]


def test_groups_are_exclusive():
    cases = [("rct", None), ("rct", "human"), ("animal", None), ("rct", "rat"), ("review", None), (None, None), ("in_vitro", "human")]
    groups = [scoring.group(d, s) for d, s in cases]
    assert groups == ["human", "human", "animal", "animal", "other", "other", "human"]
    for d, s in cases:
        assert not (scoring.is_human(d, s) and scoring.is_animal(d, s))


def test_summarise_weights_designs_and_leaves_out_retracted():
    works = [
        {"design": "rct", "species": "human", "year": 2015, "retracted": False, "stance": "up"},
        {"design": "animal", "species": "rat", "year": 2012, "retracted": False, "stance": "up"},
        {"design": "animal", "species": "rat", "year": 2018, "retracted": False, "stance": "null"},
        {"design": "systematic_review", "species": None, "year": 2020, "retracted": False, "stance": "down"},
        {"design": "rct", "species": "human", "year": 2021, "retracted": True, "stance": "down"},
        {"design": None, "species": None, "year": None, "retracted": False, "stance": "none"},
    ]
    assert scoring.summarise(works) == {
        "score": 6 + 3 - 3 - 7 + 0,
        "studies": 5,
        "human": 2,
        "animal": 2,
        "designs": "systematic_review:1 rct:1 animal:2 unknown:1",
        "best_design": "systematic_review",
        "direction": "up",
        "n_up": 2,
        "n_down": 1,
        "n_null": 1,
        "support": 3,
        "against": 2,
        "first_year": 2012,
        "last_year": 2020,
        "retracted": 1,
    }


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
