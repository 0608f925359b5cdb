"""The PubMed XML reader on real E-utilities answers (``../shared/data/pubmed_examples``, one
test per file) and on malformed input."""

from __future__ import annotations

import re

import pytest

from kg.errors import PubmedError
from kg.pubmed import (
    PubmedParseError,
    PubmedRecord,
    parse_efetch,
    parse_esearch,
    parse_fragments,
    split_articles,
)
from tests.shared_data import files, require

FOLDER = "pubmed_examples"


def _read(name: str) -> bytes:
    return require(FOLDER, name).read_bytes()


def _one(name: str) -> PubmedRecord:
    records = parse_efetch(_read(name))
    assert len(records) == 1
    return records[0]


def _types(r: PubmedRecord) -> list[str]:
    return [p.name for p in r.publication_types]


def _heading(r: PubmedRecord, name: str):
    return next(h for h in r.mesh if h.name == name)


def _assert_sections_joined(r: PubmedRecord) -> None:
    """The abstract is every section, in order, as ``LABEL: text`` (unlabelled: the text)."""
    parts = [f"{s.label}: {s.text}" if s.label else s.text for s in r.sections]
    assert r.abstract == "\n".join(parts)
    assert not any(re.search(r"</?[A-Za-z][\w:]*[ >/]", s.text) for s in r.sections)  # no markup left


def test_01_no_abstract_and_qualifiers():
    first, second = parse_efetch(_read("01_biopython_pubmed1_no-abstract_and_qualifiers.xml"))
    assert first.pmid == "12091962" and first.abstract is None and first.sections == ()
    assert "Review" in _types(first)
    assert len(first.mesh) == 19 and sum(h.major for h in first.mesh) == 5
    assert all(not h.qualifiers for h in first.mesh)
    assert first.doi is None and first.pmcid is None
    assert second.pmid == "9997" and second.abstract and len(second.sections) == 1
    assert second.sections[0].label is None
    assert len(second.mesh) == 13 and sum(bool(h.qualifiers) for h in second.mesh) == 2
    assert second.doi and second.doi.startswith("10.1016/")


def test_02_structured_label_only_inline_markup():
    r = _one("02_biopython_pubmed4_structured-label-only_inline-markup.xml")
    assert [s.label for s in r.sections] == ["OBJECTIVE", "DESIGN", "RESULTS", "CONCLUSIONS"]
    assert all(s.category is None for s in r.sections)
    _assert_sections_joined(r)
    assert r.abstract.startswith("OBJECTIVE: ")
    assert "(TERT)" in r.abstract and "<i>" not in r.abstract and "r2<0.25" in r.abstract
    assert "Observational Study" in _types(r)
    adeno = _heading(r, "Adenocarcinoma")
    assert not adeno.major and [(q.name, q.major) for q in adeno.qualifiers] == [("epidemiology", True), ("genetics", True)]
    assert r.pmcid == "PMC5442267" and r.doi == "10.1136/gutjnl-2016-312510"
    assert "<i>" not in (r.title or "")


def test_03_mathml_without_mesh():
    r = _one("03_biopython_pubmed7_mathml_referencelist.xml")
    assert r.status == "PubMed-not-MEDLINE" and r.mesh == ()
    assert "math" not in r.abstract and "<" not in r.abstract
    assert "He 3" in r.abstract  # the MathML's text is kept
    assert r.pmcid == "PMC6022861"
    assert r.keywords  # NOTNLM author keywords


def test_04_esearch_history():
    pmids = parse_esearch(_read("04_biopython_esearch2_usehistory_webenv.xml"))
    assert len(pmids) == 100 and all(p.isdigit() for p in pmids)


def test_05_esearch_empty():
    assert parse_esearch(_read("05_biopython_esearch8_empty_errorlist.xml")) == []


def test_06_error_element_is_a_clear_error():
    data = _read("06_biopython_esummary8_ERROR_element.xml")
    with pytest.raises(PubmedError, match="Neither query_key nor id specified"):
        parse_efetch(data)
    with pytest.raises(PubmedError, match="eSummaryResult"):
        parse_esearch(data)


def test_07_rct_structured():
    r = _one("07_metapub_28731372_rct_structured.xml")
    assert [s.label for s in r.sections] == ["BACKGROUND", "OBJECTIVES", "METHODS", "RESULTS", "CONCLUSION"]
    _assert_sections_joined(r)
    assert "Randomized Controlled Trial" in _types(r)
    assert next(p.ui for p in r.publication_types if p.name == "Randomized Controlled Trial") == "D016449"
    assert len(r.mesh) == 11 and sum(bool(h.qualifiers) for h in r.mesh) == 5
    assert r.pmcid == "PMC6108041" and r.doi


def test_08_meta_analysis_label_and_category():
    r = _one("08_metapub_35830032_meta-analysis_review.xml")
    assert {"Meta-Analysis", "Review"} <= set(_types(r))
    assert all(s.label and s.category for s in r.sections)
    assert ("CONCLUSION", "CONCLUSIONS") in [(s.label, s.category) for s in r.sections]
    _assert_sections_joined(r)
    assert r.pmcid is None


def test_09_systematic_review_own_doi_only():
    data = _read("09_metapub_36318760_systematic-review_unassigned.xml")
    r = _one("09_metapub_36318760_systematic-review_unassigned.xml")
    assert _types(r)[0] == "Systematic Review"
    assert [s.category for s in r.sections].count("UNASSIGNED") == 3
    assert r.sections[-1].label == "OUTLOOK" and r.sections[-1].category == "CONCLUSIONS"
    _assert_sections_joined(r)
    assert data.count(b'IdType="doi"') > 10  # the reference list's DOIs are not the article's
    assert r.doi == "10.1515/jpem-2022-0309"


def test_10_observational_comparative():
    r = _one("10_metapub_38747095_observational_comparative.xml")
    assert {"Observational Study", "Comparative Study"} <= set(_types(r))
    assert ("AIMS", "OBJECTIVE") in [(s.label, s.category) for s in r.sections]
    assert len(r.mesh) == 17
    _assert_sections_joined(r)


def test_11_case_reports_with_qualifiers():
    r = _one("11_metapub_219391_case-reports.xml")
    assert _types(r)[0] == "Case Reports"
    assert len(r.mesh) == 13 and sum(bool(h.qualifiers) for h in r.mesh) == 8
    lipidoses = next(h for h in r.mesh if h.name.startswith("Lipidoses") or h.name == "Lipidoses")
    assert [(q.name, q.major) for q in lipidoses.qualifiers][:2] == [("blood", True), ("pathology", False)]
    assert r.sections[0].label is None and r.abstract == r.sections[0].text


def test_12_book_article():
    r = _one("12_metapub_20301577_pubmedbookarticle.xml")
    assert r.book and r.pmid == "20301577" and r.mesh == ()
    assert _types(r) == ["Review"]
    assert len(r.sections) == 4 and all(s.label for s in r.sections)
    _assert_sections_joined(r)


@pytest.mark.parametrize("path", files(FOLDER, "*.xml"), ids=lambda p: getattr(p, "name", "absent"))
def test_every_file_reads_or_gives_a_clear_error(path):
    data = path.read_bytes()
    if b"<eSearchResult" in data:
        assert isinstance(parse_esearch(data), list)
    elif b"<ERROR>" in data:
        with pytest.raises(PubmedError):
            parse_efetch(data)
    else:
        records = parse_efetch(data)
        assert records and all(r.pmid.isdigit() for r in records)
        assert [p for p, _ in split_articles(data)] == [r.pmid for r in records]
        assert parse_fragments([x for _, x in split_articles(data)]) == records
        assert [PubmedRecord.from_dict(r.to_dict()) for r in records] == records


def test_mesh_entries_as_openalex_lists_them():
    from kg.mesh import headings

    r = _one("11_metapub_219391_case-reports.xml")
    folded = headings(r.mesh_entries())
    assert [h.name for h in folded] == [h.name for h in r.mesh]
    assert [h.qualifiers for h in folded] == [tuple(q.name for q in h.qualifiers) for h in r.mesh]


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "no XML element"),
        (b"not xml at all", "no XML element"),
        (b"<eSearchResult><Count>0</Count></eSearchResult>", "expected a PubmedArticleSet, got eSearchResult"),
        (b"<PubmedArticleSet><PubmedArticle>", "not readable PubMed XML"),
        (b'{"error":"API rate limit exceeded","count":"11"}', "no XML element"),
    ],
)
def test_malformed_efetch_answers_raise_clear_errors(data, message):
    with pytest.raises(PubmedParseError, match=message):
        parse_efetch(data, "test answer")


def test_transient_efetch_error_carries_ncbi_message():
    data = (b"<eFetchResult><ERROR> Error: External viewer error: Empty Response. Bytes read: 0 "
            b"Status: Timeout</ERROR></eFetchResult>")
    with pytest.raises(PubmedError, match="eFetchResult error .*Status: Timeout"):
        parse_efetch(data)


def test_empty_set_gives_no_records():
    empty = (b'<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January '
             b'2019//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_190101.dtd">\n<PubmedArticleSet></PubmedArticleSet>')
    assert parse_efetch(empty) == []
