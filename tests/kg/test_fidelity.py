"""Tests of benchmarks/fidelity.py: the scoring definitions on hand-made items, and a slice of
each real corpus (skipped when ../shared/data/real is absent)."""

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("fidelity", ROOT / "benchmarks" / "fidelity.py")
fidelity = sys.modules.setdefault("fidelity", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(fidelity)

REAL = ROOT.parent / "shared" / "data" / "real"
needs_real = pytest.mark.skipif(not REAL.is_dir(), reason=fidelity.ABSENT)


def _genia(text: str, proteins: dict[str, tuple[int, int]], lines: list[str]) -> tuple[str, str, str]:
    a1 = "\n".join(f"{tid}\tProtein {a} {b}\t{text[a:b]}" for tid, (a, b) in proteins.items())
    return text, a1, "\n".join(lines)


def test_genia_nested_regulation_is_scored_by_net_polarity():
    text = "Title line\nEA attenuated the up-regulation of TNF-alpha in rats. IL-6 was measured.\n"
    start = text.index("TNF-alpha")
    trig_up, trig_down = text.index("up-regulation"), text.index("attenuated")
    doc = _genia(text, {"T1": (start, start + 9)}, [
        f"T2\tPositive_regulation {trig_up} {trig_up + 13}\tup-regulation",
        f"T3\tNegative_regulation {trig_down} {trig_down + 10}\tattenuated",
        "E1\tPositive_regulation:T2 Theme:T1",
        "E2\tNegative_regulation:T3 Theme:E1",
    ])
    direction, denied = fidelity.genia_items(*doc)
    assert denied == []
    # the inner up-regulation is not scored on its own: only the outer event, with net polarity down
    assert [(i.concept, i.gold, i.text, i.cue) for i in direction] == [
        ("mechanism:tnf-alpha", "down", "EA attenuated the up-regulation of TNF-alpha in rats.", "attenuated")
    ]
    item = direction[0]
    assert item.text[item.span[0] : item.span[1]] == "TNF-alpha"
    s = fidelity.score_genia(direction, denied)
    assert (s["genia_direction"], s["n_genia_direction"]) == (1.0, 1)
    assert (s["genia_negative_regulation"], s["n_genia_negative_regulation"]) == (1.0, 1)


def test_genia_negated_event_and_unscored_events():
    text = "IL-6 was not expressed. MyProtein was increased. IL-10 was increased.\n"
    i6, mp, i10 = text.index("IL-6"), text.index("MyProtein"), text.index("IL-10")
    inc1, inc2 = text.index("increased"), text.rindex("increased")
    exp = text.index("expressed")
    doc = _genia(text, {"T1": (i6, i6 + 4), "T2": (mp, mp + 9), "T3": (i10, i10 + 5)}, [
        f"T4\tGene_expression {exp} {exp + 9}\texpressed",
        f"T5\tPositive_regulation {inc1} {inc1 + 9}\tincreased",
        f"T6\tPositive_regulation {inc2} {inc2 + 9}\tincreased",
        "E1\tGene_expression:T4 Theme:T1",
        "E2\tPositive_regulation:T5 Theme:T2",  # not a vocabulary concept: left out
        "E3\tPositive_regulation:T6 Theme:T3",
        "E4\tPositive_regulation:T6 Theme:T3 Cause:T1",  # the same event once more, for its cause
        "M1\tNegation E1",
    ])
    direction, denied = fidelity.genia_items(*doc)
    assert [(i.concept, i.gold) for i in denied] == [("mechanism:il-6", "null")]
    assert [(i.concept, i.gold) for i in direction] == [("mechanism:il-10", "up")]
    s = fidelity.score_genia(direction, denied)
    assert s["genia_negated_events"] == 1.0 and s["genia_direction"] == 1.0


def test_genia_no_mention_counts_as_wrong():
    item = fidelity.Item("Nothing here names it.", "mechanism:il-6", "up", (0, 7))
    assert fidelity.score_genia([item], [])["genia_direction"] == 0.0


def test_bioscope_null_cues_and_scopes():
    xml = ('<xcope id="X1"><cue type="negation" ref="X1">No</cue> change in IL-6</xcope> was seen, '
           'but TNF-alpha rose in cells <xcope id="X2"><cue type="negation" ref="X2">lacking</cue> IL-10</xcope>.')
    plain, scopes, cues = fidelity.bioscope_sentence(xml)
    assert plain == "No change in IL-6 was seen, but TNF-alpha rose in cells lacking IL-10."
    assert [plain[a:b] for a, b in scopes] == ["No change in IL-6"]  # "lacking" names a condition
    assert [plain[a:b] for a, b in cues] == ["No"]
    s = fidelity.score_bioscope([(plain, scopes, cues)])
    assert (s["bioscope_null_precision"], s["bioscope_null_recall"]) == (1.0, 1.0)
    assert s["n_bioscope_mentions"] == 3


def test_bioscope_without_counts_only_before_a_verb():
    _, scopes, _ = fidelity.bioscope_sentence(
        'EA reduced pain <xcope id="X1"><cue type="negation" ref="X1">without</cue> affecting IL-6</xcope>.')
    assert len(scopes) == 1
    _, scopes, _ = fidelity.bioscope_sentence(
        'Cells were grown <xcope id="X1"><cue type="negation" ref="X1">without</cue> IL-6</xcope>.')
    assert scopes == []


def test_bioscope_precision_counts_false_nulls():
    # gold says no null here; a reading of IL-6 as negated would be a false positive
    plain, scopes, cues = fidelity.bioscope_sentence("IL-6 was not increased.")
    assert scopes == [] and cues == []
    s = fidelity.score_bioscope([(plain, scopes, cues)])
    assert s["n_bioscope_null_precision"] == 1 and s["bioscope_null_precision"] == 0.0
    assert s["bioscope_null_recall"] is None


def test_evidence_inference_items_and_scores():
    prompts = [
        {"PromptID": "1", "Outcome": "IL-6 levels"},
        {"PromptID": "2", "Outcome": "pain intensity"},
        {"PromptID": "3", "Outcome": "IL-6 and TNF-alpha"},  # two concepts: left out
        {"PromptID": "4", "Outcome": "BDNF"},  # a tie between labels: left out
        {"PromptID": "5", "Outcome": "BDNF"},
    ]
    answers = [
        {"PromptID": "1", "Label": "significantly decreased", "Annotations": "IL-6 fell after EA."},
        {"PromptID": "1", "Label": "significantly decreased", "Annotations": "Serum IL-6 was lower after EA."},
        {"PromptID": "2", "Label": "no significant difference", "Annotations": "Scores were similar."},
        {"PromptID": "2", "Label": "no significant difference", "Annotations": "Pain did not differ between groups."},
        {"PromptID": "3", "Label": "significantly increased", "Annotations": "IL-6 rose."},
        {"PromptID": "4", "Label": "significantly increase", "Annotations": "BDNF rose."},
        {"PromptID": "4", "Label": "significantly decreased", "Annotations": "BDNF fell."},
        {"PromptID": "5", "Label": "significantly increase", "Annotations": "Groups differed (Table 2)."},
    ]
    items = fidelity.ei_items(prompts, answers)
    # prompt 2: the evidence that names the concept is read, not the first one
    assert [(i.concept, i.gold, i.text) for i in items] == [
        ("mechanism:il-6", "down", "IL-6 fell after EA."),
        ("outcome:pain-intensity", "null", "Pain did not differ between groups."),
        ("mechanism:bdnf", "up", "Groups differed (Table 2)."),
    ]
    s = fidelity.score_ei(items)
    assert s["n_ei_accuracy"] == 3 and s["n_ei_committed_accuracy"] == 2
    assert s["ei_commit_rate"] == round(2 / 3, 4)
    assert s["ei_committed_accuracy"] == 1.0 and s["ei_accuracy"] == round(2 / 3, 4)


def test_design_figures_are_design_eval_s():
    records = [
        {"title": "Acupuncture for knee pain: a randomized controlled trial", "abstract": "Patients were randomized.",
         "design_as_stated": "randomized controlled trial"},
        {"title": "A pilot", "abstract": "We tried it.", "design_as_stated": "pilot/feasibility study"},
    ]
    trials = [("PMC1.abst", "A randomised trial of acupuncture", "Patients were randomised to two groups.")]
    s = fidelity.score_design(records, trials)
    assert s["n_design_stated_accuracy"] == 2 and s["n_rct_recall"] == 1
    assert s["design_stated_accuracy"] in (0.0, 0.5, 1.0) and s["rct_recall"] in (0.0, 1.0)


@needs_real
def test_a_slice_of_each_real_corpus_scores():
    figures = fidelity.measure(REAL, limit=400)
    for name in fidelity.TARGETS:
        assert name in figures
        assert figures["n_" + name] > 0, name
        assert 0.0 <= figures[name] <= 1.0, name


def test_genia_direction_findings_leaves_out_manipulations():
    items = [
        fidelity.Item("EA reduced IL-6.", "mechanism:il-6", "down", (11, 15), "reduced"),
        fidelity.Item("EA did not alter IL-6.", "mechanism:il-6", "up", (16, 20), "alter"),
        fidelity.Item("An IL-6 inhibitor was added.", "mechanism:il-6", "down", (3, 7), "inhibitor"),
    ]
    s = fidelity.score_genia(items, [])
    assert (s["genia_direction"], s["n_genia_direction"]) == (0.6667, 3)
    assert (s["genia_direction_findings"], s["n_genia_direction_findings"]) == (0.5, 2)
