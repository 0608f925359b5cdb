"""The graph model: node kinds, edge types, their attributes, ids, and the evidence ladder.

The graph is a ``networkx.MultiDiGraph``. Every node carries ``kind`` and ``label``; every
edge carries ``type`` and is stored under a string key (:func:`edge_key`) so that parallel
edges stay distinct and merge by identity. The dataclasses below are the schema: their
fields are exactly the attributes a node or edge has (``None`` where unknown), with the
Python types that the Parquet store, the CSV export and the graph databases map from.
Attribute values are scalars or lists of scalars only, so every backend can hold them.

Ids are derived from content: ``work:W2741809807``, ``mechanism:bdnf``,
``source:000_ea83d5b817888792``, ``claim:000_ea83d5b817888792-03``.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, fields
from typing import Any, get_type_hints

# ---------------------------------------------------------------------------------------
# Kinds and types

CONCEPT_KINDS = ("intervention", "acupoint", "mechanism", "condition", "anatomy", "outcome")
NODE_KINDS = ("work", "source", "claim") + CONCEPT_KINDS
EDGE_TYPES = ("CITES", "MENTIONS", "ASSOCIATED_WITH", "MAKES", "SUPPORTED_BY", "CONTRADICTED_BY")

#: Graph-database label of each node kind (a fixed set: never taken from data).
LABELS = {kind: kind.capitalize() for kind in NODE_KINDS}

#: Fields a mention can come from.
FIELDS = ("title", "abstract", "keywords", "mesh")
DIRECTIONS = ("up", "down")

# ---------------------------------------------------------------------------------------
# The evidence ladder: study designs from strongest to weakest evidence of an effect in people.
#
#   7 systematic_review  systematic reviews and meta-analyses (incl. Cochrane reviews)
#   6 rct                randomised controlled trials
#   5 observational      cohort, case-control, cross-sectional and non-randomised clinical studies
#   4 case_report        case reports and case series
#   3 animal             in vivo animal experiments
#   2 in_vitro           cell and tissue studies
#   1 review             narrative reviews (no new data, no systematic search)
#   0 protocol           trial or review protocols (no results yet), and unknown designs

DESIGNS = (
    "systematic_review",
    "rct",
    "observational",
    "case_report",
    "animal",
    "in_vitro",
    "review",
    "protocol",
)
DESIGN_LEVEL = {design: 7 - i for i, design in enumerate(DESIGNS)}
#: The :class:`AssociatedWith` field that counts each design.
DESIGN_COUNT_FIELD = {d: "n_animal_study" if d == "animal" else f"n_{d}" for d in DESIGNS}
#: Designs whose evidence comes from people (the rest: animals, cells, or no new data).
HUMAN_DESIGNS = frozenset({"systematic_review", "rct", "observational", "case_report"})
SPECIES = ("human", "rat", "mouse", "rabbit", "dog", "cat", "monkey", "pig", "sheep", "goat", "cattle", "horse", "zebrafish")


def design_level(design: str | None) -> int:
    """Rank of a study design on the evidence ladder (0 for unknown).

    >>> design_level("rct") > design_level("animal") > design_level(None)
    True
    """
    return DESIGN_LEVEL.get(design, 0) if design else 0


# ---------------------------------------------------------------------------------------
# Ids


def concept_id(kind: str, slug: str) -> str:
    """Node id of a vocabulary concept: ``mechanism:bdnf``."""
    if kind not in CONCEPT_KINDS:
        raise ValueError(f"unknown concept kind {kind!r}; expected one of {CONCEPT_KINDS}")
    return f"{kind}:{slug}"


def kind_of(node_id: str) -> str:
    """The kind encoded in a node id (``mechanism:bdnf`` -> ``mechanism``)."""
    return node_id.split(":", 1)[0]


def edge_key(type_: str, field_: str | None = None, start: int | None = None) -> str:
    """Key of an edge among the parallel edges of one node pair.

    One edge per type between two nodes, except MENTIONS: one per mention, told apart by
    field and character offset (for MeSH and keywords, the offset is the term's index).

    >>> edge_key("CITES"), edge_key("MENTIONS", "abstract", 120)
    ('CITES', 'MENTIONS:abstract:120')
    """
    if type_ == "MENTIONS":
        return f"MENTIONS:{field_}:{start}"
    return type_


# ---------------------------------------------------------------------------------------
# Nodes


@dataclass(frozen=True)
class Work:
    """A study: one OpenAlex work."""

    id: str
    label: str
    openalex_id: str
    doi: str | None = None  # bare and lower case: 10.5555/abc
    pmid: str | None = None  # digits only
    title: str | None = None
    year: int | None = None
    venue: str | None = None
    type: str | None = None  # OpenAlex type: article, review, book, ...
    cited_by_count: int = 0  # OpenAlex's count, all of OpenAlex
    hop: int | None = None  # 0 = seed, 1 = cited by a seed, ...
    seed: bool = False
    retracted: bool = False
    design: str | None = None  # one of DESIGNS
    design_source: str | None = None  # where the design came from: kg.classify.DESIGN_SOURCES
    species: str | None = None  # one of SPECIES
    first_author: str | None = None
    authors: list[str] = field(default_factory=list)
    abstract_source: str | None = None  # whose abstract the graph read: openalex, pubmed, or None
    kind: str = "work"


@dataclass(frozen=True)
class Concept:
    """A vocabulary concept: intervention, acupoint, mechanism, condition, anatomy or outcome."""

    id: str
    label: str
    kind: str
    mesh_id: str | None = None


@dataclass(frozen=True)
class Source:
    """A practitioner article that makes claims and cites works."""

    id: str
    label: str  # the article's title
    file: str  # its file name among the seed articles
    kind: str = "source"


@dataclass(frozen=True)
class Claim:
    """What a source asserts, as subject - relation - object in a context."""

    id: str
    label: str  # the claim in words
    source: str  # source node id
    subject: str  # text, as the article puts it
    relation: str  # increases, inhibits, promotes, modulates, ...
    object: str
    object_kind: str
    subject_concept: str | None = None  # concept node ids where the vocabulary knows the text
    object_concept: str | None = None
    context: str | None = None
    context_concept: str | None = None  # the first of context_concepts
    context_concepts: list[str] = field(default_factory=list)  # condition concepts of the context
    expected_direction: str | None = None  # "up", "down" or None (no direction claimed)
    cited_doi: str | None = None
    citation_tie: str | None = None  # explicit, reference_list, implicit_candidate
    note: str | None = None
    kind: str = "claim"


# ---------------------------------------------------------------------------------------
# Edges: ``source`` and ``target`` are node ids; the other fields are edge attributes.


@dataclass(frozen=True)
class Cites:
    """Work -CITES-> Work (from referenced_works), or Source -CITES-> Work."""

    source: str
    target: str
    confidence: str | None = None  # Source edges: how surely the cited work was identified
    type: str = "CITES"


@dataclass(frozen=True)
class Mentions:
    """Work -MENTIONS-> concept, with its evidence."""

    source: str
    target: str
    field: str  # one of FIELDS
    sentence_index: int
    start: int  # character offsets in the field's text (MeSH, keywords: the term's index)
    end: int
    sentence: str  # the sentence (or term) the mention stands in
    matched: str  # the text that matched
    negated: bool = False
    direction: str | None = None  # "up", "down" or None
    method: str = "vocabulary"  # how it was found: vocabulary (text match) or mesh
    text_source: str = "openalex"  # whose record held the text: openalex or pubmed
    type: str = "MENTIONS"


@dataclass(frozen=True)
class AssociatedWith:
    """Derived: mechanism -> condition, or intervention/acupoint -> mechanism, from works
    that mention both. Direction counts are of the mechanism's mentions in those works
    (for intervention -> mechanism, likewise of the mechanism)."""

    source: str
    target: str
    studies: int
    works: list[str]  # work node ids, sorted
    n_up: int = 0
    n_down: int = 0
    n_null: int = 0  # works whose mention is negated (a null finding)
    direction: str | None = None  # consensus: "up", "down", "mixed" or None
    n_human: int = 0
    n_animal: int = 0  # any non-human species, or an animal / in vitro design
    n_systematic_review: int = 0
    n_rct: int = 0
    n_observational: int = 0
    n_case_report: int = 0
    n_animal_study: int = 0
    n_in_vitro: int = 0
    n_review: int = 0
    n_protocol: int = 0
    n_unknown_design: int = 0
    best_level: int = 0  # highest design_level among the works
    first_year: int | None = None
    last_year: int | None = None
    type: str = "ASSOCIATED_WITH"


@dataclass(frozen=True)
class Makes:
    """Source -MAKES-> Claim."""

    source: str
    target: str
    type: str = "MAKES"


@dataclass(frozen=True)
class SupportedBy:
    """Claim -SUPPORTED_BY-> Work whose mentions agree with the claim."""

    source: str
    target: str
    field: str
    sentence: str
    direction: str | None = None
    negated: bool = False
    type: str = "SUPPORTED_BY"


@dataclass(frozen=True)
class ContradictedBy:
    """Claim -CONTRADICTED_BY-> Work whose mentions disagree (opposite direction or null)."""

    source: str
    target: str
    field: str
    sentence: str
    direction: str | None = None
    negated: bool = False
    type: str = "CONTRADICTED_BY"


NODE_CLASSES = {"work": Work, "source": Source, "claim": Claim} | {
    kind: Concept for kind in CONCEPT_KINDS
}
EDGE_CLASSES = {
    "CITES": Cites,
    "MENTIONS": Mentions,
    "ASSOCIATED_WITH": AssociatedWith,
    "MAKES": Makes,
    "SUPPORTED_BY": SupportedBy,
    "CONTRADICTED_BY": ContradictedBy,
}


def node_attrs(node: Work | Concept | Source | Claim) -> dict[str, Any]:
    """The attributes a node object puts on the graph (all fields but ``id``).

    A shallow copy: list values are shared with the (frozen) object, never copied, which
    keeps building millions of edges cheap.
    """
    attrs = dict(node.__dict__)
    del attrs["id"]
    return attrs


def edge_attrs(edge) -> dict[str, Any]:
    """The attributes an edge object puts on the graph (all fields but its endpoints)."""
    attrs = dict(edge.__dict__)
    del attrs["source"], attrs["target"]
    return attrs


def add_node(G, node) -> None:
    """Add (or merge into) a node from its model object."""
    G.add_node(node.id, **node_attrs(node))


def add_edge(G, edge) -> None:
    """Add (or merge into) an edge from its model object, under its :func:`edge_key`."""
    attrs = edge_attrs(edge)
    key = sys.intern(edge_key(edge.type, attrs.get("field"), attrs.get("start")))
    G.add_edge(edge.source, edge.target, key=key, **attrs)


def add_edges(G, edges) -> None:
    """Add many ``(source, target, key, attrs)`` edges between nodes already in ``G``.

    The same graph as ``G.add_edge(source, target, key=key, **attrs)`` for each edge in
    turn (a key seen again merges its attributes into the edge), written straight into the
    MultiDiGraph's adjacency dicts: ``add_edge`` spends most of its time on checks and
    cache clearing that a build of millions of edges need not repeat. ``attrs`` becomes the
    edge's own attribute dict: pass a fresh dict per edge.

    Raises
    ------
    KeyError
        An end of an edge is not a node of ``G`` (edges before it have been added).
    """
    succ, pred = G._succ, G._pred
    try:
        for u, v, key, attrs in edges:
            keydict = succ[u].get(v)
            if keydict is None:
                if v not in pred:
                    raise KeyError(v)
                keydict = succ[u][v] = pred[v][u] = G.edge_key_dict_factory()
            data = keydict.get(key)
            if data is None:
                keydict[key] = attrs
            else:
                data.update(attrs)
    finally:
        G.__networkx_cache__.clear()  # what add_edge does: converted copies are stale


def schema(cls) -> dict[str, type]:
    """Attribute name -> base Python type (str, int, float, bool or list) of a node or edge class.

    >>> schema(Work)["year"], schema(Work)["authors"]
    (<class 'int'>, <class 'list'>)
    """
    hints = get_type_hints(cls)
    out = {}
    for f in fields(cls):
        hint = hints[f.name]
        args = [a for a in getattr(hint, "__args__", ()) if a is not type(None)]
        base = getattr(hint, "__origin__", None) or (args[0] if args else hint)
        if base not in (str, int, float, bool, list):
            base = args[0] if args else hint
        out[f.name] = getattr(base, "__origin__", base)
    return out
