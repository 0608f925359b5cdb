"""Tests of kg.text: abstracts from inverted indexes, sentences, clauses, cue scanning."""

import json

import pytest

from tests.shared_data import require
from hypothesis import given
from hypothesis import strategies as st

from kg.text import abstract_text, clauses, scan, sentences



def test_abstract_text_orders_by_position():
    assert abstract_text({"BDNF.": [3], "EA": [0], "increased": [1], "serum": [2]}) == "EA increased serum BDNF."
    assert abstract_text({"the": [0, 2], "dose": [1], "rats": [3]}) == "the dose the rats"
    assert abstract_text({"rats": [7], "the": [2]}) == "the rats"  # gaps close up


@pytest.mark.parametrize("empty", [None, {}])
def test_abstract_text_none(empty):
    assert abstract_text(empty) is None


@pytest.mark.parametrize(
    "bad, message",
    [({"EA": [-1]}, "bad position -1 for word 'EA'"), ({"EA": ["0"]}, "bad position '0'"), ({"EA": 0}, "positions of 'EA'"),
     ({"EA": [1], "BDNF": [True]}, "bad position True for word 'BDNF'"), ({"EA": [0], "up": "1"}, "positions of 'up'")],
)
def test_abstract_text_rejects_bad_positions(bad, message):
    with pytest.raises(ValueError, match=message):
        abstract_text(bad)


def test_abstract_text_on_real_openalex_work():
    work = json.loads((require("openalex_examples") / "01_singleton_W2741809807_full_2025-06.json").read_text())
    text = abstract_text(work["abstract_inverted_index"])
    n_words = sum(len(v) for v in work["abstract_inverted_index"].values())
    assert len(text.split(" ")) == n_words
    null = json.loads((require("openalex_examples") / "07_work_W2041234663_abstract_null.json").read_text())
    assert abstract_text(null["abstract_inverted_index"]) is None


def test_sentences_keep_abbreviations_and_decimals():
    t = ("EA (2 Hz, 1.5 mA) was applied at ST36 (Chen et al. 2019). BDNF rose, e.g. in the DRG (Fig. 2). "
         "Pain fell (P < 0.01). Rats rested for 30 min. mTOR rose vs. sham in E. coli. Substance P. Done")
    assert [t[s:e] for s, e in sentences(t)] == [
        "EA (2 Hz, 1.5 mA) was applied at ST36 (Chen et al. 2019).",
        "BDNF rose, e.g. in the DRG (Fig. 2).",
        "Pain fell (P < 0.01).",
        "Rats rested for 30 min.",
        "mTOR rose vs. sham in E. coli.",
        "Substance P.",
        "Done",
    ]


@given(st.text(alphabet="abc .!?ABC\n", max_size=80))
def test_sentence_spans_are_ordered_and_inside_text(text):
    spans = sentences(text)
    last = 0
    for s, e in spans:
        assert last <= s < e <= len(text)
        assert text[s:e] == text[s:e].strip()
        last = e


@pytest.mark.parametrize(
    "text, expected",
    [
        ("EA did not change IL-6 but increased IL-10", ["EA did not change IL-6", "but increased IL-10"]),
        ("EA increased BDNF and reduced TNF-α", ["EA increased BDNF", "and reduced TNF-α"]),
        ("EA increased BDNF, NGF and GDNF", ["EA increased BDNF, NGF and GDNF"]),
        ("IL-6 was unchanged, while IL-10 rose", ["IL-6 was unchanged", "while IL-10 rose"]),
        ("EA reduced pain; QoL improved", ["EA reduced pain", "QoL improved"]),
        ("EA reduced pain without affecting gait", ["EA reduced pain", "without affecting gait"]),
        ("EA reduced pain, which improved sleep", ["EA reduced pain", "which improved sleep"]),
        ("EA increased IL-10, with no change in IL-6", ["EA increased IL-10", "with no change in IL-6"]),
    ],
)
def test_clauses(text, expected):
    assert [text[s:e].strip() for s, e in clauses(text)] == [x.strip() for x in expected]


def test_scan_cues_negations_and_traps():
    s = scan("ea not only increased bdnf but also reduced tnf; the cci-induced pain was non-significant (p > 0.05)")
    # "cci-induced" is one cue (a participle joined to its agent: what follows it is raised)
    assert [(c.word, c.kind) for c in s.cues] == [("increased", "up"), ("reduced", "down"), ("cci-induced", "up")]
    assert len(s.negations) == 2  # "non-significant" and "p > 0.05", not "not only"
    s = scan("ea failed to alter il-6 and had no effect on tnf")
    assert [c.word for c in s.cues] == ["alter"]
    assert len(s.negations) == 2 and len(s.breaks) == 1


def test_scan_resumes_a_clause_after_a_relative_clause():
    low = "xxxx, which rose after injury, was reduced by ea"
    s = scan(low)
    assert s.breaks == [(4, 5), (29, 30)] and s.resumes == {4: 30}
    assert low[30:].strip().startswith("was reduced")
    # a comma in a list inside the relative clause: no resumption, nothing guessed
    assert scan("xxxx, which raised xxxx, xxxx and xxxx, was reduced").resumes == {}


@pytest.mark.parametrize(
    "low,cues",
    [
        ("the bdnf promoter and its enhancer were methylated", []),  # nouns, not the verbs
        ("xxxx down regulation was seen", [("down-regulation", "down")]),
        ("xxxx negatively regulates xxxx", [("negatively-regulates", "down")]),
        ("lps-induced xxxx was measured", [("lps-induced", "up")]),
        ("xxxx is required for xxxx production", [("required", "cause")]),
    ],
)
def test_scan_cue_words_of_real_text(low, cues):
    assert [(c.word, c.kind) for c in scan(low).cues] == cues


@pytest.mark.parametrize(
    "low,negations",
    [
        ("cells were grown with or without xxxx", 0),  # a condition
        ("in the absence of xxxx, yyyy rose", 0),
        ("in the presence or absence of xxxx", 0),
        ("ea reduced pain without affecting xxxx", 1),
        ("pain fell (p = 0.34)", 1),
        ("pain fell (p = 0.05)", 0),
        ("pain fell (p = 0.052)", 1),
        ("pain fell (ns)", 1),
        ("similar to xxxx, yyyy rose", 0),  # a fronted comparison
        ("scores were similar to placebo", 1),
        ("scores were similar in both groups", 1),
        ("the band was similar in size to the marker", 0),
        ("we asked whether or not xxxx rose", 0),
        ("how xxxx rises is not well understood", 0),
        ("it was not possible to measure xxxx", 0),
    ],
)
def test_scan_negations_of_real_text(low, negations):
    assert len(scan(low).negations) == negations


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Although IL-6 did not change, TNF-α decreased.", ["Although IL-6 did not change", "TNF-α decreased."]),
        ("EA (but not sham) increased BDNF", ["EA (", "but not sham", "increased BDNF"]),
        ("We found that IL-6 rose", ["We found", "that IL-6 rose"]),
    ],
)
def test_clauses_of_real_text(text, expected):
    assert [text[s:e].strip(" ,)") for s, e in clauses(text)] == [x.strip(" ,)") for x in expected]
