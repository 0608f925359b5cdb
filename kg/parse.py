"""Parse records into nodes: an OpenAlex work dict into a Work node and the texts the tagger
and classifier read; a vocabulary entry into a concept node.

Pure and tolerant: every field is optional, unknown keys are ignored, and the shapes seen in
real responses are accepted (null ``primary_location`` or ``source``, null abstract, MeSH
repeated once per qualifier, 2026 ``raw_source_name`` and null author ids, the older
``host_venue``). Only a missing work id (a node needs one) or a malformed abstract index
is an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.errors import AcukgError
from kg import ids, mesh
from kg.model import Concept, Work
from kg.text import abstract_text
from kg.vocabulary import vocabulary



class ParseError(AcukgError, ValueError):
    """A work record that cannot become a node (no usable OpenAlex id, or not an object)."""


@dataclass(frozen=True)
class ParsedWork:
    """A parsed work: its node (hop, seed, design and species not yet set) and its texts."""

    node: Work
    title: str | None = None
    abstract: str | None = None
    keywords: tuple[str, ...] = ()
    mesh: tuple[str, ...] = ()  # descriptor names, each once, in order
    references: tuple[str, ...] = field(default=())  # short OpenAlex ids, each once, in order


def _text(value) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None


def _int(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _venue(work: dict) -> str | None:
    location = _dict(work.get("primary_location"))
    venue = _text(_dict(location.get("source")).get("display_name"))
    venue = venue or _text(location.get("raw_source_name"))
    return venue or _text(_dict(work.get("host_venue")).get("display_name"))


def _authors(work: dict) -> tuple[list[str], str | None]:
    names, first = [], None
    for authorship in _list(work.get("authorships")):
        authorship = _dict(authorship)
        name = _text(_dict(authorship.get("author")).get("display_name"))
        name = name or _text(authorship.get("raw_author_name"))
        if name is None:
            continue
        names.append(name)
        if first is None and authorship.get("author_position") == "first":
            first = name
    return names, first or (names[0] if names else None)


def _unique(items) -> tuple[str, ...]:
    """The truthy items, each once, in order."""
    seen = dict.fromkeys(items)
    seen.pop(None, None)
    seen.pop("", None)
    return tuple(seen)


def _keywords(work: dict) -> tuple[str, ...]:
    out = []
    for keyword in _list(work.get("keywords")):
        out.append(_text(keyword) if isinstance(keyword, str) else _text(_dict(keyword).get("display_name")))
    return _unique(out)


_URL_IDS = re.compile(r"(?:https://openalex\.org/W\d+\n)*https://openalex\.org/W\d+")


def _references(values: list) -> tuple[str, ...]:
    """Short OpenAlex ids of referenced works, each once, in order; others skipped."""
    if values and all(isinstance(v, str) for v in values):
        joined = "\n".join(values)
        if _URL_IDS.fullmatch(joined):  # the usual form, checked at once
            return tuple(dict.fromkeys(joined.replace("https://openalex.org/", "").split("\n")))
    return _unique(map(ids.openalex, values))


def _mesh(work: dict) -> tuple[str, ...]:
    return _unique(e.name for e in mesh.entries(m for m in _list(work.get("mesh")) if isinstance(m, dict)))


def parse_work(work: dict) -> ParsedWork:
    """Parse one OpenAlex work dict (any shape, every field optional but ``id``).

    Parameters
    ----------
    work : dict
        A work object as OpenAlex serves it (singleton, list element or ``select`` subset).

    Returns
    -------
    ParsedWork
        ``node`` is a :class:`kg.model.Work` with ``hop``, ``seed``, ``design`` and
        ``species`` unset; the title as given (mention offsets index into it), the abstract
        rebuilt from its inverted index.

    Raises
    ------
    ParseError
        If ``work`` is not a dict, has no OpenAlex work id, or a malformed abstract index.

    Examples
    --------
    >>> p = parse_work({"id": "https://openalex.org/W1", "doi": "https://doi.org/10.5555/AB",
    ...                 "ids": {"pmid": "https://pubmed.ncbi.nlm.nih.gov/42"}})
    >>> p.node.id, p.node.doi, p.node.pmid, p.node.label
    ('work:W1', '10.5555/ab', '42', 'W1')
    """
    if not isinstance(work, dict):
        raise ParseError(f"a work record must be a JSON object, got {type(work).__name__}")
    ids_ = _dict(work.get("ids"))
    openalex = ids.openalex(work.get("id")) or ids.openalex(ids_.get("openalex"))
    if openalex is None:
        raise ParseError(f"work record has no OpenAlex work id (id={work.get('id')!r})")
    title = next((t for t in (work.get("title"), work.get("display_name")) if _text(t)), None)
    year = _int(work.get("publication_year"))
    if year is None:
        date = work.get("publication_date")
        year = _int(date[:4]) if isinstance(date, str) else None
    authors, first_author = _authors(work)
    try:
        abstract = abstract_text(work.get("abstract_inverted_index"))
    except ValueError as exc:
        raise ParseError(f"work {openalex}: {exc}") from None
    node = Work(
        id="work:" + openalex,
        label=title or openalex,
        openalex_id=openalex,
        doi=ids.doi(work.get("doi")) or ids.doi(ids_.get("doi")),
        pmid=ids.pmid(ids_.get("pmid")),
        title=title,
        year=year,
        venue=_venue(work),
        type=_text(work.get("type")),
        cited_by_count=_int(work.get("cited_by_count")) or 0,
        retracted=work.get("is_retracted") is True,
        first_author=first_author,
        authors=authors,
    )
    references = _references(_list(work.get("referenced_works")))
    return ParsedWork(
        node=node,
        title=title,
        abstract=abstract,
        keywords=_keywords(work),
        mesh=_mesh(work),
        references=references,
    )


def concept_node(concept_id: str) -> Concept:
    """The graph node of a vocabulary concept, by id (``mechanism:bdnf``).

    >>> concept_node("intervention:acupuncture").label
    'acupuncture'
    """
    entry = vocabulary().by_id.get(concept_id)
    if entry is None:
        raise KeyError(f"{concept_id!r} is not a vocabulary concept id")
    return Concept(id=entry.id, label=entry.label, kind=entry.kind, mesh_id=entry.mesh_id)
