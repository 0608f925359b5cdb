"""kg.parse: real OpenAlex responses (tests/fixtures/openalex_examples) and inline edge cases."""

from __future__ import annotations

import json

import pytest

from tests.shared_data import files, require

from kg.parse import ParseError, concept_node, parse_work



def example(name: str) -> dict:
    return json.loads(next(require("openalex_examples").glob(name + "*.json")).read_text(encoding="utf-8"))


def works_in(doc: dict) -> list[dict]:
    return doc["results"] if "results" in doc else [doc]


@pytest.mark.parametrize("path", files("openalex_examples", "*.json"), ids=lambda p: p.name[:2])
def test_every_example_file_parses(path):
    doc = json.loads(path.read_text(encoding="utf-8"))
    for work in works_in(doc):
        parsed = parse_work(work)
        assert parsed.node.id == "work:" + work["id"].rsplit("/", 1)[1]
        assert parsed.node.title == work["title"]


def test_full_singleton():
    p = parse_work(example("01"))
    n = p.node
    assert (n.id, n.openalex_id, n.doi, n.pmid) == (
        "work:W2741809807", "W2741809807", "10.7717/peerj.4375", "29456894")
    assert n.label == n.title == (
        "The state of OA: a large-scale analysis of the prevalence and impact of Open Access articles")
    assert (n.year, n.venue, n.type, n.cited_by_count, n.retracted) == (2018, "PeerJ", "article", 962, False)
    assert n.first_author == "Heather Piwowar"
    assert len(n.authors) == 9 and n.authors[3] == "Juan Pablo Alperín"
    assert (n.hop, n.seed, n.design, n.species) == (None, False, None, None)
    assert p.abstract.startswith("Despite growing interest in Open Access (OA) to scholarly literature,")
    assert p.keywords == ("Scholarly Communication", "Web of science", "Open Science", "Citation analysis")
    assert p.mesh == ()
    assert len(p.references) == 45 and p.references[0] == "W1560783210"


def test_list_page_parses_each_result_and_empty_page_has_none():
    ids = [parse_work(w).node.openalex_id for w in works_in(example("02"))]
    assert ids == ["W2755950973", "W2741809807"]
    assert parse_work(works_in(example("02"))[0]).abstract is None
    assert works_in(example("03")) == []


def test_mesh_without_and_with_qualifiers():
    p = parse_work(example("04"))
    assert p.node.pmid == "18591667"
    assert p.mesh == ("Biodiversity", "Ecosystem", "Conservation of Natural Resources", "Humans")
    q = parse_work(example("05"))
    raw = [m["descriptor_name"] for m in example("05")["mesh"]]
    assert len(raw) == 22 and raw.count("Biotechnology") == 3
    assert q.mesh == tuple(dict.fromkeys(raw)) and q.mesh.count("Biotechnology") == 1
    assert len(q.mesh) == 12


def test_book_with_null_source():
    n = parse_work(example("06")).node
    assert (n.type, n.venue, n.doi) == ("book", None, "10.1596/0-8213-5350-0")
    assert len(parse_work(example("06")).references) == 71


def test_null_abstract():
    p = parse_work(example("07"))
    assert p.abstract is None and p.node.doi == "10.1016/s0048-9697(99)00312-5"


def test_2026_select_shape_with_null_author_id():
    p = parse_work(example("08"))
    n = p.node
    assert n.first_author == "Fortney, Katie" and n.authors == ["Fortney, Katie", "Justin Gonder"]
    assert (n.venue, n.type, n.retracted, n.pmid) == (
        "Knowledge Commons (Lakehead University)", "book-chapter", False, None)
    assert p.keywords == () and p.mesh == () and p.references == ()
    assert p.abstract.startswith('"What\'s the difference between ResearchGate,')


def test_minimal_work_and_unknown_keys():
    p = parse_work({"id": "W7", "awards": [{"x": 1}], "is_xpac": True, "content_urls": None})
    n = p.node
    assert (n.id, n.label, n.title, n.doi, n.year, n.venue, n.authors, n.first_author) == (
        "work:W7", "W7", None, None, None, None, [], None)
    assert n.cited_by_count == 0 and (p.abstract, p.keywords, p.mesh, p.references) == (None, (), (), ())


def test_nulls_everywhere():
    work = {
        "id": "https://openalex.org/W8", "doi": None, "ids": None, "title": None, "display_name": None,
        "publication_year": None, "primary_location": None, "authorships": None, "mesh": None,
        "keywords": None, "referenced_works": None, "abstract_inverted_index": None,
        "cited_by_count": None, "is_retracted": None, "type": None,
    }
    n = parse_work(work).node
    assert (n.doi, n.title, n.year, n.venue, n.type, n.cited_by_count, n.retracted) == (
        None, None, None, None, None, 0, False)


def test_fallbacks_and_normalisation():
    work = {
        "id": "https://openalex.org/w9",
        "ids": {"doi": "doi:10.5555/ABC.1", "pmid": "https://pubmed.ncbi.nlm.nih.gov/123/"},
        "title": "  ",
        "display_name": "Electroacupuncture and BDNF\n",
        "publication_date": "2021-03-04",
        "primary_location": {"source": None, "raw_source_name": "Acupunct Med"},
        "authorships": [
            {"author_position": "middle", "author": {"id": None, "display_name": None}, "raw_author_name": "B, B"},
            {"author_position": "first", "author": {"display_name": "A A"}},
            {"author": None},
        ],
        "keywords": ["plain string keyword", {"display_name": "Pain"}, {"display_name": "Pain"}],
        "referenced_works": ["https://openalex.org/W1", "W1", "not-an-id", None, "w2"],
        "is_retracted": True,
    }
    p = parse_work(work)
    n = p.node
    assert (n.id, n.doi, n.pmid, n.title, n.year, n.venue) == (
        "work:W9", "10.5555/abc.1", "123", "Electroacupuncture and BDNF\n", 2021, "Acupunct Med")
    assert (n.first_author, n.authors, n.retracted) == ("A A", ["B, B", "A A"], True)
    assert p.keywords == ("plain string keyword", "Pain")
    assert p.references == ("W1", "W2")
    old = parse_work({"id": "W10", "host_venue": {"display_name": "Old Journal"}})
    assert old.node.venue == "Old Journal"


@pytest.mark.parametrize("bad", [{"title": "no id"}, {"id": "https://openalex.org/A123"}, {"id": None}])
def test_a_work_without_a_work_id_is_an_error(bad):
    with pytest.raises(ParseError, match="no OpenAlex work id"):
        parse_work(bad)


def test_a_non_object_is_an_error():
    with pytest.raises(ParseError, match="JSON object, got list"):
        parse_work([1, 2])


def test_concept_node():
    assert concept_node("intervention:acupuncture").kind == "intervention"
    with pytest.raises(KeyError):
        concept_node("mechanism:unknown")


def test_a_malformed_abstract_index_is_an_error_naming_the_work():
    with pytest.raises(ParseError, match="work W5: .*bad position -1"):
        parse_work({"id": "W5", "abstract_inverted_index": {"BDNF": [-1]}})
