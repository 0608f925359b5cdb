"""Resolve what users type into graph node ids: concept names and work ids, with suggestions."""

from __future__ import annotations

import difflib

from kg.errors import UnknownConceptError, UnknownWorkError
from kg import ids
from kg.vocabulary import Term, lookup, normalize, vocabulary


def suggestions(term: str, *, n: int = 3) -> list[Term]:
    """The known concepts whose names (label, synonyms, abbreviations, id) are closest to ``term``.

    >>> [c.id for c in suggestions("BDFN")][:1]
    ['mechanism:bdnf']
    """
    names: dict[str, Term] = {}
    for concept in vocabulary().concepts:
        for name in (*concept.names, concept.id.split(":", 1)[1]):
            names.setdefault(normalize(name), concept)
    out: list[Term] = []
    for key in difflib.get_close_matches(normalize(term), list(names), n=3 * n, cutoff=0.6):
        if names[key] not in out:
            out.append(names[key])
    return out[:n]


def concept(term: str) -> Term:
    """The vocabulary concept a label, synonym, abbreviation or id names.

    Raises
    ------
    kg.errors.UnknownConceptError
        Naming ``term`` and suggesting the closest known concepts.

    Examples
    --------
    >>> concept("brain-derived neurotrophic factor").id
    'mechanism:bdnf'
    """
    found = lookup(term) if isinstance(term, str) and term.strip() else None
    if found is not None:
        return found
    close = suggestions(term) if isinstance(term, str) else []
    hint = (
        "; did you mean " + ", ".join(f"{c.label!r} ({c.id})" for c in close) + "?"
        if close
        else "; the vocabulary is in kg/data/vocabulary.json"
    )
    raise UnknownConceptError(f"unknown concept {term!r}{hint}")


def work(G, ref: str) -> str:
    """The node id of a work in ``G`` from ``W…``, ``work:W…`` or an OpenAlex URL.

    Raises
    ------
    kg.errors.UnknownWorkError
        If ``ref`` is not a work id or the work is not in ``G``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph(); G.add_node("work:W1", kind="work")
    >>> work(G, "https://openalex.org/W1")
    'work:W1'
    """
    try:
        node = ids.work_node(ref.strip() if isinstance(ref, str) else ref)
    except ValueError:
        node = None
    if node is None:
        raise UnknownWorkError(
            f"{ref!r} is not a work id; expected W…, work:W… or https://openalex.org/W…"
        )
    if node not in G or G.nodes[node].get("kind") != "work":
        raise UnknownWorkError(f"work {ref!r} is not in the graph")
    return node


def node(G, ref: str) -> str:
    """The node id of anything in ``G`` a user names: a node id, a work id or a concept name.

    Raises
    ------
    kg.errors.UnknownWorkError
        A work id whose work is not in ``G``.
    kg.errors.UnknownConceptError
        A concept not in ``G``, or a name the vocabulary does not know (with suggestions).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph(); G.add_node("mechanism:bdnf", kind="mechanism")
    >>> node(G, "brain-derived neurotrophic factor")
    'mechanism:bdnf'
    """
    ref = str(ref).strip()
    if ref in G:
        return ref
    if ids.openalex(ref) is not None:
        return work(G, ref)
    found = concept(ref)
    if found.id not in G:
        raise UnknownConceptError(f"concept {ref!r} ({found.id}) is not in the graph")
    return found.id
