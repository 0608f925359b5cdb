"""mechanisms_for, conditions_for, evidence_matrix, gaps and chains on the hand-built graph."""

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from kg.errors import UnknownConceptError
from queries.associations import GAP_COLUMNS, chains, conditions_for, evidence_matrix, gaps, mechanisms_for
from queries.shaping import CHAIN_COLUMNS, association_columns
from tests.queries.graphs import BDNF, EA, GABA, NGF, NP, SNI, tiny
from tests.queries.helpers import expect

BDNF_LABEL = "brain-derived neurotrophic factor"
# BDNF in neuropathic pain: W1 up (rct 6), W2 up (animal 3), W3 null (animal 3),
# W4 down (systematic review 7), W5 retracted. 2 up of 4 findings is short of two thirds: the
# consensus is mixed, the directed works count 0 and the null one -3 (kg.evidence).
BDNF_NP = (-3, 4, 2, 2, "systematic_review:1 rct:1 animal:2", "systematic_review", "mixed", 2, 1, 1, 0, 1, 2012, 2020, 1, [])


def test_mechanisms_for():
    got = mechanisms_for(tiny(), "neuropathic pain")
    rows = [
        (GABA, "GABA", 3, 1, 0, 1, "animal:1", "animal", None, 0, 0, 0, 1, 0, 2012, 2012, 0, []),
        (BDNF, BDNF_LABEL, *BDNF_NP),
    ]
    assert_frame_equal(got, expect(association_columns("mechanism"), rows))


def test_conditions_for():
    got = conditions_for(tiny(), "BDNF")
    rows = [
        (SNI, "sciatic nerve injury", 3, 1, 0, 1, "animal:1", "animal", "up", 1, 0, 0, 1, 0, 2012, 2012, 0, []),
        (NP, "neuropathic pain", *BDNF_NP),
    ]
    assert_frame_equal(got, expect(association_columns("condition"), rows))


def test_mechanisms_for_rolls_up_narrower_conditions():
    G = tiny()
    # W2 (BDNF, GABA) and W6 (GABA, NGF) mention sciatic nerve injury, a peripheral nerve injury
    got = mechanisms_for(G, "peripheral nerve injury").set_index("mechanism")
    assert sorted(got.index) == [BDNF, GABA, NGF]
    assert got.loc[GABA, "studies"] == 2 and all(v == [SNI] for v in got["via"])
    assert mechanisms_for(G, "peripheral nerve injury", exact=True).empty
    # conditions of the neurotrophic factors: BDNF's and NGF's works
    got = conditions_for(G, "neurotrophic factors").set_index("condition")
    assert got.loc[SNI, "studies"] == 2 and got.loc[SNI, "via"] == [BDNF, NGF]
    assert conditions_for(G, "neurotrophic factors", exact=True).empty


def test_absent_and_unknown_concepts():
    assert_frame_equal(mechanisms_for(tiny(), "stroke"), expect(association_columns("mechanism"), []))
    assert_frame_equal(conditions_for(tiny(), "GDNF"), expect(association_columns("condition"), []))
    with pytest.raises(UnknownConceptError, match="'nueropathic pain'.*neuropathic pain"):
        mechanisms_for(tiny(), "nueropathic pain")


def matrix(rows, values):
    return pd.DataFrame(
        values,
        index=pd.Index(rows, name="mechanism", dtype=object),
        columns=pd.Index(["neuropathic pain", "sciatic nerve injury"], name="condition", dtype=object),
        dtype="int64",
    )


def test_evidence_matrix_studies_and_score():
    G = tiny()
    labels = [BDNF_LABEL, "GABA", "nerve growth factor"]
    assert_frame_equal(evidence_matrix(G), matrix(labels, [[4, 1], [1, 2], [0, 1]]))
    # GABA in SNI: W2 none (+3), W6 up (+2, in vitro); NGF in SNI: W6 null (-2)
    assert_frame_equal(evidence_matrix(G, value="score"), matrix(labels, [[-3, 3], [3, 5], [0, -2]]))


def test_evidence_matrix_transposed_measures_the_mechanism():
    got = evidence_matrix(tiny(), rows="condition", cols="mechanism", value="score")
    assert got.loc["neuropathic pain", BDNF_LABEL] == -3 and got.loc["sciatic nerve injury", "nerve growth factor"] == -2


def test_evidence_matrix_bad_arguments():
    with pytest.raises(ValueError, match="rows='mechanisms' is not a concept kind"):
        evidence_matrix(tiny(), rows="mechanisms")
    with pytest.raises(ValueError, match="different kinds"):
        evidence_matrix(tiny(), rows="condition", cols="condition")
    with pytest.raises(ValueError, match="value must be"):
        evidence_matrix(tiny(), value="works")


def test_gaps():
    rows = [
        (BDNF, BDNF_LABEL, NP, "neuropathic pain", 4, 2, 2, "mixed", 0, 1, -3, "contested"),
        (GABA, "GABA", SNI, "sciatic nerve injury", 2, 0, 2, "up", 2, 0, 5, "animal_only"),
        (BDNF, BDNF_LABEL, SNI, "sciatic nerve injury", 1, 0, 1, "up", 1, 0, 3, "animal_only, single_study"),
        (GABA, "GABA", NP, "neuropathic pain", 1, 0, 1, None, 1, 0, 3, "animal_only, single_study"),
        (NGF, "nerve growth factor", SNI, "sciatic nerve injury", 1, 0, 1, None, 0, 1, -2, "animal_only, single_study, contested"),
    ]
    assert_frame_equal(gaps(tiny()), expect(GAP_COLUMNS, rows))


EA_GABA_NP = ("electroacupuncture → GABA → neuropathic pain", 2, EA, [GABA], NP, [1, 1], [None, None], [3, 3], "electroacupuncture → GABA", 3)
EA_BDNF_NP = (f"electroacupuncture → {BDNF_LABEL} → neuropathic pain", 2, EA, [BDNF], NP, [2, 4], ["up", "mixed"], [9, -3], f"{BDNF_LABEL} → neuropathic pain", -3)


def test_chains_two_hops():
    got = chains(tiny(), "EA", "neuropathic pain", max_len=2)
    assert_frame_equal(got, expect(CHAIN_COLUMNS, [EA_GABA_NP, EA_BDNF_NP]))


def test_chains_three_hops():
    got = chains(tiny(), "electroacupuncture", "neuropathic pain")
    rows = [
        EA_GABA_NP,
        (f"electroacupuncture → {BDNF_LABEL} → GABA → neuropathic pain", 3, EA, [BDNF, GABA], NP,
         [2, 1, 1], ["up", None, None], [9, 3, 3], f"{BDNF_LABEL} → GABA", 3),
        EA_BDNF_NP,
        (f"electroacupuncture → GABA → {BDNF_LABEL} → neuropathic pain", 3, EA, [GABA, BDNF], NP,
         [1, 1, 4], [None, "up", "mixed"], [3, 3, -3], f"{BDNF_LABEL} → neuropathic pain", -3),
    ]
    assert_frame_equal(got, expect(CHAIN_COLUMNS, rows))


def test_chains_none_and_bad_length():
    assert_frame_equal(chains(tiny(), "moxibustion", "neuropathic pain"), expect(CHAIN_COLUMNS, []))
    assert_frame_equal(chains(tiny(), "EA", "stroke"), expect(CHAIN_COLUMNS, []))
    with pytest.raises(ValueError, match="max_len must be 2 or 3"):
        chains(tiny(), "EA", "neuropathic pain", max_len=4)


def test_chains_hops_need_not_share_works():
    # acupuncture -> BDNF in W3 (null) and W4 (down): one down of two findings is short of two
    # thirds, so mixed: -3 (the null finding) + 0;
    # BDNF -> SNI in W2 (3); BDNF -> GABA in W2 (3); GABA -> SNI in W2, W6 (5)
    got = chains(tiny(), "acupuncture", "sciatic nerve injury")
    assert got["path"].tolist() == [
        f"acupuncture → {BDNF_LABEL} → sciatic nerve injury",
        f"acupuncture → {BDNF_LABEL} → GABA → sciatic nerve injury",
    ]
    assert got["hop_scores"].tolist() == [[-3, 3], [-3, 3, 5]]
    assert got["hop_directions"].tolist() == [["mixed", "up"], ["mixed", None, "up"]]
