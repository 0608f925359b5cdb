"""Resolving concept names and work ids, and the errors with suggestions."""

import networkx as nx
import pytest

from kg.errors import AcukgError, UnknownConceptError, UnknownWorkError
from kg import resolve
from tests.queries.graphs import tiny


@pytest.mark.parametrize("term", ["BDNF", "brain-derived neurotrophic factor", "mechanism:bdnf", "Bdnf"])
def test_concept_by_label_synonym_or_id(term):
    assert resolve.concept(term).id == "mechanism:bdnf"


def test_unknown_concept_names_it_and_suggests_close_ones():
    with pytest.raises(UnknownConceptError) as info:
        resolve.concept("BDFN")
    message = str(info.value)
    assert message.startswith("unknown concept 'BDFN'; did you mean ")
    assert "(mechanism:bdnf)" in message
    assert isinstance(info.value, AcukgError)


def test_unknown_concept_without_close_ones():
    with pytest.raises(UnknownConceptError, match=r"unknown concept 'zzzqqq'; the vocabulary"):
        resolve.concept("zzzqqq")


def test_suggestions_are_vocabulary_concepts_closest_first():
    assert [c.id for c in resolve.suggestions("neuropathic pian")][0] == "condition:neuropathic-pain"
    assert resolve.suggestions("electroacupunture")[0].id == "intervention:electroacupuncture"


@pytest.mark.parametrize("ref", ["W1", "w1", "work:W1", "https://openalex.org/W1", " work:w1 "])
def test_work_forms(ref):
    assert resolve.work(tiny(), ref) == "work:W1"


def test_unknown_work():
    G = tiny()
    with pytest.raises(UnknownWorkError, match=r"work 'W99' is not in the graph"):
        resolve.work(G, "W99")
    with pytest.raises(UnknownWorkError, match=r"'mechanism:bdnf' is not a work id"):
        resolve.work(G, "mechanism:bdnf")
    with pytest.raises(UnknownWorkError, match=r"'10.5555/w1' is not a work id"):
        resolve.work(G, "10.5555/w1")


def test_work_id_naming_a_non_work_node():
    G = nx.MultiDiGraph()
    G.add_node("work:W1", kind="source")
    with pytest.raises(UnknownWorkError, match="not in the graph"):
        resolve.work(G, "W1")
