"""Resolve what users type into graph node ids: concept names and work ids, with suggestions."""

from __future__ import annotations

import difflib
import re

from kg.errors import UnknownConceptError, UnknownWorkError
from kg.model import work_id
from kg.vocabulary import Term, lookup, normalize, vocabulary

_OPENALEX = re.compile(r"^(?:https?://(?:www\.)?openalex\.org/)?(w\d+)$", re.IGNORECASE)


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
    text = ref.strip() if isinstance(ref, str) else ""
    bare = text[len("work:") :] if text.startswith("work:") else text
    match = _OPENALEX.match(bare)
    node = work_id(match.group(1)) if match else text if text.startswith("work:") else None
    if node is None:
        raise UnknownWorkError(
            f"{ref!r} is not a work id; expected W…, work:W… or https://openalex.org/W…"
        )
    if node not in G or G.nodes[node].get("kind") != "work":
        raise UnknownWorkError(f"work {ref!r} is not in the graph")
    return node
