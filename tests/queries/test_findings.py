"""evidence() and timeline() (queries.findings) on the hand-built graph of tests.queries.graphs."""

import pytest
from pandas.testing import assert_frame_equal

from kg.errors import UnknownConceptError
from queries.findings import TIMELINE_COLUMNS, evidence, timeline
from queries.shaping import EVIDENCE_COLUMNS
from tests.queries.graphs import BDNF, EA, NGF, NP, SNI, tiny
from tests.queries.helpers import expect


def sentence(work, cid, direction=None, negated=False):
    return f"{work} {cid} {direction or 'no direction'}{' not' if negated else ''}."


def row(n, design, species, year, concept, field, direction, negated, citations, retracted=False, via=()):
    w = f"work:W{n}"
    return (w, f"10.5555/w{n}", f"Study W{n}", year, design, species, retracted, concept, field,
            direction, negated, sentence(w, concept, direction, negated), citations, list(via))


W1_BDNF = row(1, "rct", "human", 2015, BDNF, "abstract", "up", False, 3)
W2_BDNF_T = row(2, "animal", "rat", 2012, BDNF, "title", "up", False, 3)
W2_BDNF_A = row(2, "animal", "rat", 2012, BDNF, "abstract", "up", False, 3)
W3_BDNF = row(3, "animal", "rat", 2018, BDNF, "abstract", None, True, 1)
W4_BDNF = row(4, "systematic_review", "human", 2020, BDNF, "abstract", "down", False, 0)
W5_BDNF = row(5, "rct", "human", 2019, BDNF, "abstract", "up", False, 0, retracted=True)


def test_mechanism_in_condition_in_animals():
    got = evidence(tiny(), mechanism="BDNF", condition="neuropathic pain", species="animal")
    assert_frame_equal(got, expect(EVIDENCE_COLUMNS, [W3_BDNF, W2_BDNF_T, W2_BDNF_A]))


def test_mechanism_alone_orders_strongest_design_then_newest():
    got = evidence(tiny(), mechanism="mechanism:bdnf")
    expected = [W4_BDNF, W5_BDNF, W1_BDNF, W3_BDNF, W2_BDNF_T, W2_BDNF_A]
    assert_frame_equal(got, expect(EVIDENCE_COLUMNS, expected))


def test_intervention_restricts_works_and_design_list_and_since():
    G = tiny()
    got = evidence(G, mechanism="BDNF", intervention="electroacupuncture")
    assert_frame_equal(got, expect(EVIDENCE_COLUMNS, [W1_BDNF, W2_BDNF_T, W2_BDNF_A]))
    got = evidence(G, mechanism="BDNF", design=["rct", "systematic_review"], since=2016)
    assert_frame_equal(got, expect(EVIDENCE_COLUMNS, [W4_BDNF, W5_BDNF]))
    got = evidence(G, mechanism="BDNF", species=["human"], design="rct")
    assert_frame_equal(got, expect(EVIDENCE_COLUMNS, [W5_BDNF, W1_BDNF]))


def test_condition_only_gives_the_condition_mentions():
    got = evidence(tiny(), condition="neuropathic pain", intervention="acupuncture", exact=True)
    expected = [
        row(4, "systematic_review", "human", 2020, NP, "abstract", None, False, 0),
        row(3, "animal", "rat", 2018, NP, "abstract", None, False, 1),
    ]
    assert_frame_equal(got, expect(EVIDENCE_COLUMNS, expected))


def test_hierarchy_roll_up_by_default_and_exact_on_request():
    G = tiny()
    # electroacupuncture is a form of acupuncture: its works count, and say so in `via`
    got = evidence(G, condition="neuropathic pain", intervention="acupuncture")
    expected = [
        row(4, "systematic_review", "human", 2020, NP, "abstract", None, False, 0),
        row(1, "rct", "human", 2015, NP, "abstract", None, False, 3, via=[EA]),
        row(3, "animal", "rat", 2018, NP, "abstract", None, False, 1),
        row(2, "animal", "rat", 2012, NP, "abstract", None, False, 3, via=[EA]),
    ]
    assert_frame_equal(got, expect(EVIDENCE_COLUMNS, expected))
    # BDNF and NGF are neurotrophic factors; sciatic nerve injury is a peripheral nerve injury
    got = evidence(G, mechanism="neurotrophins", condition="peripheral nerve injury")
    assert list(zip(got["work"], got["concept"], got["via"])) == [
        ("work:W2", BDNF, [SNI, BDNF]), ("work:W2", BDNF, [SNI, BDNF]), ("work:W6", NGF, [SNI, NGF])]
    assert evidence(G, mechanism="neurotrophins", condition="peripheral nerve injury", exact=True).empty


def test_no_filter_gives_every_mechanism_mention():
    got = evidence(tiny())
    assert len(got) == 6 + 2 + 1  # BDNF, GABA (W2, W6), NGF (W6)
    assert sorted(set(got["concept"])) == ["mechanism:bdnf", "mechanism:gaba", "mechanism:ngf"]


def test_known_concept_absent_from_graph_gives_empty_frame():
    got = evidence(tiny(), mechanism="GDNF")
    assert_frame_equal(got, expect(EVIDENCE_COLUMNS, []))


def test_unknown_concept_and_bad_filters():
    with pytest.raises(UnknownConceptError, match="BDFN"):
        evidence(tiny(), mechanism="BDFN")
    with pytest.raises(ValueError, match="unknown design 'rtc'"):
        evidence(tiny(), mechanism="BDNF", design="rtc")
    with pytest.raises(ValueError, match="unknown species 'unicorn'"):
        evidence(tiny(), mechanism="BDNF", species=["rat", "unicorn"])


def test_timeline():
    got = timeline(tiny(), "BDNF")
    rows = [
        (2012, 1, 1, 0, 1, 0),
        (2013, 0, 1, 0, 0, 0),
        (2014, 0, 1, 0, 0, 0),
        (2015, 1, 2, 1, 0, 0),
        (2016, 0, 2, 0, 0, 0),
        (2017, 0, 2, 0, 0, 0),
        (2018, 1, 3, 0, 1, 0),
        (2019, 0, 3, 0, 0, 0),  # W5 is retracted
        (2020, 1, 4, 1, 0, 0),
    ]
    assert_frame_equal(got, expect(TIMELINE_COLUMNS, rows))


def test_timeline_of_absent_concept_is_empty():
    assert_frame_equal(timeline(tiny(), "GDNF"), expect(TIMELINE_COLUMNS, []))
