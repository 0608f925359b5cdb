"""Seed lists: identifier normalisation, user files, the packaged bibliography."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.seeds import (
    bibliography_entries,
    default_seeds,
    parse_identifier,
    parse_seed_text,
    read_seed_file,
    seeds_from_bibliography,
)
from kg.errors import SeedError
from kg.ids import doi as normalize_doi


@pytest.mark.parametrize(
    "text",
    [
        "10.3389/fncel.2023.1253438",
        "10.3389/FNCEL.2023.1253438",
        "doi:10.3389/fncel.2023.1253438",
        "DOI: 10.3389/fncel.2023.1253438",
        "https://doi.org/10.3389/fncel.2023.1253438",
        "http://doi.org/10.3389/fncel.2023.1253438",
        "http://dx.doi.org/10.3389/fncel.2023.1253438",
        "https://dx.doi.org/10.3389/Fncel.2023.1253438",
        "https://doi.org/10.3389%2Ffncel.2023.1253438",
        "  10.3389/fncel.2023.1253438  ",
    ],
)
def test_every_common_doi_form_normalises_to_the_bare_lower_case_doi(text):
    assert parse_identifier(text) == ("doi", "10.3389/fncel.2023.1253438")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("pmid:37941605", ("pmid", "37941605")),
        ("PMID: 37941605", ("pmid", "37941605")),
        ("W2741809807", ("openalex", "W2741809807")),
        ("w2741809807", ("openalex", "W2741809807")),
        ("https://openalex.org/W2741809807", ("openalex", "W2741809807")),
        ("https://openalex.org/works/W2741809807", ("openalex", "W2741809807")),
        ("https://api.openalex.org/works/W2741809807", ("openalex", "W2741809807")),
        ("10.1002/(SICI)1097-4636(199706)35:4<491::AID-JBM9>3.0.CO;2-#",
         ("doi", "10.1002/(sici)1097-4636(199706)35:4<491::aid-jbm9>3.0.co;2-#")),
    ],
)
def test_pmids_openalex_ids_and_odd_dois(text, expected):
    assert parse_identifier(text) == expected


@pytest.mark.parametrize("text", ["", "hello", "10.12/x", "doi:", "pmid:abc", "W", "https://example.org/W12",
                                  "37941605", "10.1234/has space"])
def test_malformed_identifiers_are_rejected(text):
    with pytest.raises(ValueError):
        parse_identifier(text)


@pytest.mark.slow
@given(st.from_regex(r"10\.[0-9]{4,6}/[A-Za-z0-9._;()/:-]{1,30}", fullmatch=True))
def test_doi_normalisation_is_idempotent_and_form_independent(doi):
    bare = normalize_doi(doi)
    assert bare == doi.lower()
    assert normalize_doi(bare) == bare
    for form in (f"doi:{doi}", f"https://doi.org/{doi}", f"http://dx.doi.org/{doi}", doi.upper()):
        assert parse_identifier(form) == ("doi", bare)


def test_seed_file_with_comments_blank_lines_and_duplicates(tmp_path):
    path = tmp_path / "seeds.txt"
    path.write_text(
        "# my seeds\n"
        "\n"
        "10.1186/1472-6882-12-141   # Hoang 2012\n"
        "https://doi.org/10.1186/1472-6882-12-141\n"
        "pmid:30712736\n"
        "   \n"
        "https://openalex.org/W2741809807 # a work\n",
        encoding="utf-8",
    )
    seeds = read_seed_file(path)
    assert [s.identifier for s in seeds.seeds] == ["10.1186/1472-6882-12-141", "pmid:30712736", "W2741809807"]
    assert [s.line for s in seeds.seeds] == [3, 5, 7]
    assert seeds.source == str(path)


def test_malformed_seed_file_gives_one_error_listing_every_bad_line(tmp_path):
    path = tmp_path / "seeds.txt"
    path.write_text("10.1186/1472-6882-12-141\nnot-an-id\n# fine\n12345\nW12\nhttps://example.org/x  # c\n")
    with pytest.raises(SeedError) as info:
        read_seed_file(path)
    message = str(info.value)
    assert str(path) in message
    assert "3 malformed seed lines" in message
    assert "line 2: 'not-an-id'" in message
    assert "line 4: '12345'" in message and "pmid:N" in message
    assert "line 6: 'https://example.org/x  # c'" in message
    assert "line 1" not in message and "line 5" not in message


def test_empty_missing_and_binary_seed_files_are_clear_errors(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing\n\n")
    with pytest.raises(SeedError, match="no seed identifiers"):
        read_seed_file(empty)
    with pytest.raises(SeedError, match="does not exist"):
        read_seed_file(tmp_path / "nope.txt")
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(SeedError, match="not UTF-8"):
        read_seed_file(binary)


def test_default_seeds_are_the_bibliography_works_with_their_citations_and_confidence():
    seeds = default_seeds()
    entries = bibliography_entries()
    dois = {e["doi"].lower() for e in entries if e["doi"]}
    assert {s.value for s in seeds.of_kind("doi")} == dois
    assert len(dois) == 18
    yang = next(s for s in seeds.seeds if s.value == "10.3389/fncel.2023.1253438")
    assert yang.cited_by == tuple(sorted({e["seed_file"] for e in entries if e["doi"] == yang.value}))
    assert len(yang.cited_by) == 3
    assert yang.confidence == "high" and not yang.low_confidence
    assert yang.title.startswith("Application and underlying mechanism")
    assert yang.year == 2023
    han = next(s for s in seeds.seeds if s.value == "10.1016/j.neulet.2003.12.019")
    assert han.confidence == "low" and han.low_confidence
    assert han in seeds.low_confidence


def test_works_without_a_doi_are_listed_as_unresolved_and_fetched_by_pmid_when_possible():
    seeds = default_seeds()
    entries = bibliography_entries()
    no_doi = [e for e in entries if not e["doi"]]
    assert len(seeds.unresolved) == len({e["work_key"] or e["mention"] for e in no_doi})
    by_pmid = [u for u in seeds.unresolved if u["pmid"]]
    assert [u["pmid"] for u in by_pmid] == ["30712736"]
    assert [s.identifier for s in seeds.of_kind("pmid")] == ["pmid:30712736"]
    assert all(u["reason"] for u in seeds.unresolved)
    manifest = seeds.to_manifest()
    assert manifest["unresolved"] == [dict(u) for u in seeds.unresolved]
    assert "10.1016/j.neulet.2003.12.019" in manifest["low_confidence"]
    json.dumps(manifest)


def test_bibliography_grouping_keeps_the_best_confidence_and_every_citing_article():
    entries = [
        {"seed_file": "a.txt", "doi": "10.1000/X", "pmid": "", "title": "T", "year": 2001, "confidence": "low"},
        {"seed_file": "b.txt", "doi": "https://doi.org/10.1000/x", "pmid": "", "title": "", "year": None,
         "confidence": "medium"},
        {"seed_file": "b.txt", "doi": "", "pmid": "", "title": "", "year": None, "confidence": "low",
         "mention": "a vague review"},
    ]
    seeds = seeds_from_bibliography(entries)
    assert [(s.value, s.cited_by, s.confidence, s.title, s.year) for s in seeds.seeds] == [
        ("10.1000/x", ("a.txt", "b.txt"), "medium", "T", 2001)
    ]
    assert seeds.unresolved[0]["mention"] == "a vague review"
    assert seeds.unresolved[0]["reason"] == "no verified DOI or PMID"


def test_parse_seed_text_keeps_a_hash_inside_a_doi():
    seeds = parse_seed_text("10.1002/(SICI)1097-4636(199706)35:4<491::AID-JBM9>3.0.CO;2-#  # SICI\n")
    assert seeds.seeds[0].value.endswith("2-#")


def test_a_seed_list_round_trips_through_a_manifest():
    from ingest.seeds import seeds_from_manifest

    seeds = default_seeds()
    again = seeds_from_manifest(json.loads(json.dumps(seeds.to_manifest())))
    assert again == seeds
