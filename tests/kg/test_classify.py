"""Tests of kg.classify: study design on the evidence ladder, and species."""

import json
from pathlib import Path

import pytest

from kg.classify import species, study_design
from kg.model import DESIGNS, SPECIES

DATA = Path(__file__).parent / "data" / "annotated_sentences.jsonl"
ENTRIES = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize(
    "title, abstract, work_type, mesh, expected",
    [
        ("Acupuncture for CIPN: study protocol for a randomized controlled trial", None, None, None, "protocol"),
        ("Acupuncture for sciatica", "Participants will be randomly assigned to two groups.", None, None, "protocol"),
        ("A meta-analysis of RCTs of acupuncture for carpal tunnel syndrome", None, "review", None, "systematic_review"),
        ("Acupuncture for neuropathic pain", None, None, [{"descriptor_name": "Meta-Analysis"}], "systematic_review"),
        ("Acupuncture for neuropathic pain", None, None, ["Meta-Analysis as Topic"], None),
        ("Electroacupuncture in CCI rats", "Rats were randomly divided into sham, CCI and EA groups.", None, None, "animal"),
        ("A randomized controlled study of electroacupuncture in rats", None, None, None, "animal"),
        ("Acupuncture and nerve repair", None, "review", None, "review"),
        ("Acupuncture and nerve repair", "Patients were enrolled and randomly assigned to acupuncture or sham.", "review", None, "rct"),
        ("BDNF release by cultured Schwann cells after electrical stimulation", None, None, None, "in_vitro"),
        ("Acupuncture for trigeminal neuralgia: a case report", None, None, None, "case_report"),
        ("Acupuncture for diabetic neuropathy: a randomised sham-controlled trial", None, None, None, "rct"),
        ("Acupuncture for Bell's palsy: a prospective cohort study", None, None, None, "observational"),
        ("Electroacupuncture for DPN: a non-randomized controlled trial", None, None, None, "observational"),
        ("Acupuncture", None, "editorial", None, None),
        ("", None, None, None, None),
    ],
)
def test_study_design(title, abstract, work_type, mesh, expected):
    assert study_design(title, abstract, work_type, mesh) == expected


def test_designs_are_the_model_designs():
    found = {study_design(e["text"], e.get("abstract"), e.get("work_type"), e.get("mesh")) for e in ENTRIES if "design" in e}
    assert found <= set(DESIGNS) | {None}
    assert {e["design"] for e in ENTRIES if "design" in e} == set(DESIGNS)


@pytest.mark.parametrize(
    "title, abstract, mesh, expected",
    [
        ("Electroacupuncture in Sprague-Dawley rats", None, None, "rat"),
        ("Electroacupuncture in C57BL/6 mice", None, None, "mouse"),
        ("Acupuncture in 120 patients with sciatica", None, None, "human"),
        ("Neuropathic pain affects many patients", "Rats underwent CCI. Rats received EA. Rats were tested.", None, "rat"),
        ("Electroacupuncture and spinal microglia", None, ["Rats, Sprague-Dawley", "Animals"], "rat"),
        ("Electroacupuncture and spinal microglia", None, [{"descriptor_name": "Mice, Inbred C57BL"}], "mouse"),
        ("Acupuncture in dogs", None, None, "dog"),
        ("Acupuncture in zebrafish larvae", None, None, "zebrafish"),
        ("Acupuncture: a randomized controlled trial", None, None, "human"),
        ("Acupuncture: a review of preclinical studies", None, None, None),
        ("BDNF and axon growth", None, None, None),
    ],
)
def test_species(title, abstract, mesh, expected):
    got = species(title, abstract, mesh)
    assert got == expected
    assert got is None or got in SPECIES


def test_bad_mesh_entry():
    with pytest.raises(ValueError, match="mesh entry"):
        study_design("x", mesh=[3])
    with pytest.raises(ValueError, match="mesh entry"):
        species("x", mesh=[None])


def _accuracy(entries, field, func):
    labelled = [e for e in entries if field in e]
    ok = sum(func(e) == e[field] for e in labelled)
    return ok / len(labelled), len(labelled)


def _design(e):
    return study_design(e["text"], e.get("abstract"), e.get("work_type"), e.get("mesh"))


def _species(e):
    return species(e["text"], e.get("abstract"), e.get("mesh"))


def test_annotated_design_and_species_accuracy():
    acc, n = _accuracy(ENTRIES, "design", _design)
    assert n >= 40 and acc >= 0.9, (acc, n)
    acc, n = _accuracy(ENTRIES, "species", _species)
    assert acc >= 0.9, (acc, n)


def test_held_out_design_accuracy():
    acc, n = _accuracy([e for e in ENTRIES if e["split"] != "tune"], "design", _design)
    assert acc >= 0.85, (acc, n)
