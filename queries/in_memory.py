"""Read-only reads of a networkx graph for the query helpers (the in-memory twin of
:mod:`queries.cypher`): works, mentions, citations.

Everything here reads the adjacency of the nodes it is asked about, so a helper's cost grows
with the evidence it touches, not with the graph; nothing is cached and nothing is written.
It reads networkx's own node and adjacency dicts (``G._node``, ``G._succ``, ``G._pred``), as
networkx's algorithms do, because the public views cost several times more per edge; node
kinds are read from the id prefix (``work:…``) that ``kg.model`` derives ids from.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from operator import methodcaller

from kg.model import kind_of
from kg.vocabulary import vocabulary
from kg import evidence

_IS_WORK_ID = methodcaller("startswith", "work:")


def is_work(G, node: str) -> bool:
    """Whether ``node`` is a work node (by its id, ``work:…``)."""
    return node.startswith("work:")


def attrs(G, node: str) -> dict:
    """A node's attribute dict (read only)."""
    return G._node[node]


def work_record(G, node: str) -> dict:
    """The columns every work row shares: ``work, doi, title, year, design, species, retracted``."""
    attrs = G._node[node]
    return {
        "work": node,
        "doi": attrs.get("doi"),
        "title": attrs.get("title"),
        "year": attrs.get("year"),
        "design": attrs.get("design"),
        "species": attrs.get("species"),
        "retracted": bool(attrs.get("retracted")),
    }


def citations(G, node: str) -> int:
    """In-graph citations of a work: the works of ``G`` with a CITES edge to it.

    The only edges from a work to a work are CITES (``kg.model``), so every work among the
    work's predecessors cites it (counted without reading the edges).
    """
    return sum(map(_IS_WORK_ID, G._pred[node]))


def references_of(G, node: str) -> list[str]:
    """The works of ``G`` that a work (or source) cites, sorted."""
    return sorted(v for v, keyed in G._succ[node].items() if "CITES" in keyed and v.startswith("work:"))


def citers_of(G, node: str) -> list[str]:
    """The works of ``G`` that cite a work, sorted."""
    return sorted(u for u, keyed in G._pred[node].items() if "CITES" in keyed and u.startswith("work:"))


def work_nodes(G) -> list[str]:
    """Every work node of ``G``, sorted."""
    return sorted(n for n in G._node if n.startswith("work:"))


def mentions(G, concept: str) -> Iterator[tuple[str, dict]]:
    """``(work, edge attributes)`` of every MENTIONS edge into ``concept`` (none if absent)."""
    if concept not in G:
        return
    for work, keyed in G._pred[concept].items():
        if not work.startswith("work:"):
            continue
        for attrs in keyed.values():
            if attrs.get("type") == "MENTIONS":
                yield work, attrs


def works_mentioning(G, concept: str) -> set[str]:
    """The works with at least one MENTIONS edge into ``concept``.

    The only edges from a work to a concept are MENTIONS (``kg.model``), so every work
    among the concept's predecessors mentions it.
    """
    if concept not in G:
        return set()
    return {work for work in G._pred[concept] if work.startswith("work:")}


def findings(G, concept: str) -> dict[str, str]:
    """Work -> its finding about ``concept`` (see :func:`kg.evidence.finding`)."""
    pairs: dict[str, list[tuple[str | None, bool]]] = {}
    for work, attrs in mentions(G, concept):
        pairs.setdefault(work, []).append((attrs.get("direction"), bool(attrs.get("negated"))))
    return {work: evidence.finding(p) for work, p in pairs.items()}


def mentioned_concepts(G, work: str, kinds: Iterable[str]) -> set[str]:
    """The concepts of the given kinds that a work mentions."""
    kinds = set(kinds)
    return {
        target
        for target, keyed in G._succ[work].items()
        if kind_of(target) in kinds and any(a.get("type") == "MENTIONS" for a in keyed.values())
    }


def concepts_in_graph(G, kinds: Iterable[str]) -> list[str]:
    """The vocabulary concepts of the given kinds that are nodes of ``G``, sorted by id."""
    kinds = set(kinds)
    return sorted(c.id for c in vocabulary().concepts if c.kind in kinds and c.id in G)


def label(G, node: str) -> str:
    """A node's label (its id if it has none)."""
    return G._node[node].get("label") or node


def association_works(G, works: Iterable[str], finding_of: dict[str, str]) -> list[dict]:
    """The per-work records :func:`queries.scoring.summarise` takes, for works with a finding."""
    out = []
    for work in sorted(works):
        if work in finding_of:
            record = work_record(G, work)
            record["finding"] = finding_of[work]
            out.append(record)
    return out
