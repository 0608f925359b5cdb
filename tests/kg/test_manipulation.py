"""Manipulations: the change an experiment imposes on a concept is read as that change, marked
``manipulated`` (a setting), never negated, and not counted as a finding by the build."""

from __future__ import annotations

import pytest

from kg.build import build_graph
from kg.tagging import tag


def read(text: str, concept: str) -> list[tuple[str | None, bool, bool]]:
    return [(m.direction, m.manipulated, m.negated) for m in tag(text) if m.concept == concept]


@pytest.mark.parametrize(
    "text,concept,expected",
    [
        ("Rats received an inhibitor of TNF-α before EA.", "mechanism:tnf-alpha", "down"),
        ("The analgesia of EA was lost in BDNF-deficient mice.", "mechanism:bdnf", "down"),
        ("Intrathecal TrkB siRNA abolished the effect of EA.", "mechanism:trkb", "down"),
        ("EA analgesia was reversed by a TRPV1 antagonist.", "mechanism:trpv1", "down"),
        ("Cells were grown in the absence of NGF.", "mechanism:ngf", "down"),
        ("Neutralizing antibodies against IL-10 abolished the effect.", "mechanism:il-10", "down"),
        ("Macrophages from mice lacking IL-10 were studied.", "mechanism:il-10", "down"),
        ("A blockade of the activation of p38 MAPK prevented allodynia.", "mechanism:p38-mapk", "down"),
        ("Exogenous BDNF was applied to the nerve stump.", "mechanism:bdnf", "up"),
        ("A TRPV1 agonist was injected into the paw.", "mechanism:trpv1", "up"),
    ],
)
def test_a_manipulation_reads_as_the_change_imposed(text, concept, expected):
    assert read(text, concept) == [(expected, True, False)]


def test_a_manipulation_is_never_a_null_finding():
    # the negation speaks of the outcome, not of the neutralised cytokine
    assert read("Neutralizing antibodies to IL-10 did not affect pain thresholds.", "mechanism:il-10") == [("down", True, False)]


def test_the_trigger_governs_a_list():
    text = "Cells were cultured with inhibitors of NF-κB (BAY11), mTOR (rapamycin), Akt (triciribine) or STAT3 (AG490)."
    found = [(m.concept, m.direction, m.manipulated) for m in tag(text) if m.kind == "mechanism"]
    assert [f[1:] for f in found] == [("down", True)] * 4, found
    assert read("TrkB and p75 antagonists blocked the effect of EA.", "mechanism:trkb") == [("down", True, False)]


def test_a_fronted_phrase_is_no_list():
    # the comma ends "in the absence of IL-4": IFN-γ is the subject of a finding
    assert read("In the absence of IL-4, IFN-γ increased IL-10.", "mechanism:ifn-gamma") == [(None, False, False)]
    assert read("In the absence of IL-4, IFN-γ increased IL-10.", "mechanism:il-10") == [("up", False, False)]


def test_findings_are_not_manipulations():
    for text, concept in [
        ("EA inhibited the expression of TNF-α.", "mechanism:tnf-alpha"),
        ("The loss of BDNF was prevented by EA.", "mechanism:bdnf"),
        ("EA reduced TNF-α and increased IL-10 in SNI rats.", "mechanism:il-10"),
    ]:
        assert [m for m in tag(text) if m.concept == concept and m.manipulated] == [], text


def test_the_build_counts_no_manipulation_as_a_finding():
    work = {
        "id": "https://openalex.org/W1", "doi": None, "title": "EA analgesia needs TRPV1",
        "publication_year": 2020, "type": "article", "cited_by_count": 0, "referenced_works": [],
        "abstract_inverted_index": {w: [i] for i, w in enumerate(
            "A TRPV1 antagonist abolished EA analgesia and EA reduced TNF-α in rats .".split())},
    }
    G = build_graph([work], hops={"https://openalex.org/W1": 0})
    directions = {v: d["direction"] for _, v, d in G.out_edges("work:W1", data=True) if d.get("type") == "MENTIONS"
                  and v.startswith("mechanism:")}
    assert directions == {"mechanism:trpv1": None, "mechanism:tnf-alpha": "down"}


def test_the_trigger_stems_cover_every_trigger():
    # the stems only gate the full rules: a trigger no stem covers would never be tried
    from kg.tagging.manipulation import _AFTER_HINTS, _ALL_HINTS, _HINTS

    assert [h for h in _HINTS + _AFTER_HINTS if not any(stem in h for stem in _ALL_HINTS)] == []
