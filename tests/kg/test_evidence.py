"""The one set of evidence rules (kg.evidence), on the cases where the build and the queries
used to disagree, and over every design and species."""

import itertools

import pytest

from kg import evidence
from kg.model import DESIGNS, SPECIES

UP, DOWN, NULL, PLAIN = ("up", False), ("down", False), (None, True), (None, False)


@pytest.mark.parametrize(
    "mentions, expected",
    [
        ([UP], "up"),
        ([DOWN, DOWN], "down"),
        ([UP, DOWN], "mixed"),
        ([PLAIN], "none"),
        ([], "none"),
        ([NULL, ("up", True)], "null"),
        ([("up", True), DOWN], "mixed"),  # a negated mention beside a finding: a tie
        ([UP, UP, DOWN], "up"),  # the majority of the mentions, not "both were seen"
        ([NULL, NULL, UP, PLAIN], "null"),
    ],
)
def test_finding(mentions, expected):
    assert evidence.finding(mentions) == expected


def test_consensus_needs_two_thirds_of_the_findings():
    assert evidence.consensus(3, 2, 0) == "mixed"  # a 3-2 split is no consensus
    assert evidence.consensus(2, 1, 0) == "up" and evidence.consensus(1, 2, 0) == "down"
    assert evidence.consensus(2, 0, 2) == "mixed"  # as many null findings as directed ones
    assert evidence.consensus(0, 0, 3) is None and evidence.consensus(0, 0, 0) is None
    assert evidence.consensus_of(["up", "up", "mixed", "none", "down"]) == "up"


def test_sign():
    assert [evidence.sign(f, "up") for f in ("up", "down", "null", "none", "mixed")] == [1, -1, -1, 1, 0]
    assert [evidence.sign(f, "mixed") for f in ("up", "down", "null", "none")] == [0, 0, -1, 1]


def test_groups_are_exclusive_and_follow_the_design_first():
    for design, species in itertools.product((*DESIGNS, None), (*SPECIES, None)):
        group = evidence.group(design, species)
        assert group in evidence.GROUPS
        assert evidence.is_human(design, species) + evidence.is_animal(design, species) == (group != "other")
        if design in ("animal", "in_vitro"):
            assert group == "animal", (design, species)
        if design in ("review", "protocol"):
            assert group == "other", (design, species)
    assert evidence.group("animal", "human") == "animal"  # counted once, as animal evidence
    assert evidence.group("in_vitro", "human") == "animal"  # human cells are not people
    assert evidence.group("systematic_review", "rat") == "animal"
    assert evidence.group("rct", None) == "human" and evidence.group(None, "human") == "human"


def test_best_design_follows_the_ladder():
    assert evidence.best_design(["review", "animal", None]) == "animal"
    assert evidence.best_design([None]) is None and evidence.best_level([None]) == 0
    assert evidence.best_level(["rct", "systematic_review"]) == 7
