"""MeSH headings of a work, read in one place, and the vocabulary concept a descriptor names.

OpenAlex lists a work's MeSH as one entry per descriptor and qualifier
(``{"descriptor_ui", "descriptor_name", "qualifier_ui", "qualifier_name", "is_major_topic"}``),
so a descriptor with three qualifiers stands three times; callers may also pass plain
descriptor names. :func:`entries` reads that list as it is; :func:`headings` folds it into
one heading per descriptor with its qualifiers.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, Iterable

from kg.vocabulary import Term, lookup, vocabulary


@dataclass(frozen=True)
class Entry:
    """One MeSH entry as listed: its position, descriptor id and name, and qualifier name."""

    index: int
    descriptor_ui: str | None
    name: str
    qualifier: str | None = None
    major: bool = False


@dataclass(frozen=True)
class Heading:
    """One descriptor with every qualifier it was listed with, in order."""

    descriptor_ui: str | None
    name: str
    qualifiers: tuple[str, ...] = ()
    major: bool = False


def entries(mesh: Iterable[Any] | None) -> list[Entry]:
    """The MeSH entries of a work, one per listed entry with a descriptor name.

    >>> [(e.index, e.name, e.qualifier) for e in entries([{"descriptor_name": "Pain", "qualifier_name": "therapy"}, "Rats"])]
    [(0, 'Pain', 'therapy'), (1, 'Rats', None)]

    Raises ValueError naming the entry that is neither a dict nor a str.
    """
    out: list[Entry] = []
    for i, entry in enumerate(mesh or ()):
        if isinstance(entry, str):
            name, ui, qualifier, major = entry.strip(), None, None, False
        elif isinstance(entry, dict):
            name = (entry.get("descriptor_name") or "").strip() if isinstance(entry.get("descriptor_name"), str) else ""
            ui = entry.get("descriptor_ui") or None
            qualifier = entry.get("qualifier_name") or None
            major = entry.get("is_major_topic") is True
        else:
            raise ValueError(f"mesh entry #{i} must be a dict or a str, got {entry!r}")
        if name:
            out.append(Entry(i, ui, name, qualifier, major))
    return out


def headings(mesh: Iterable[Any] | None) -> list[Heading]:
    """One heading per descriptor, in order of first listing, with its qualifiers.

    >>> headings([{"descriptor_name": "Pain"}, {"descriptor_name": "Pain", "qualifier_name": "therapy"}])
    [Heading(descriptor_ui=None, name='Pain', qualifiers=('therapy',), major=False)]
    """
    merged: dict[str, dict] = {}
    for e in entries(mesh):
        h = merged.setdefault(e.descriptor_ui or e.name.lower(), {"ui": e.descriptor_ui, "name": e.name, "q": [], "major": False})
        if e.qualifier and e.qualifier not in h["q"]:
            h["q"].append(e.qualifier)
        h["major"] = h["major"] or e.major
    return [Heading(h["ui"], h["name"], tuple(h["q"]), h["major"]) for h in merged.values()]


@cache
def _by_mesh_id() -> dict[str, Term]:
    return {c.mesh_id: c for c in vocabulary().concepts if c.mesh_id}


@lru_cache(maxsize=1 << 14)
def concept(name: str, descriptor_ui: str | None = None) -> Term | None:
    """The vocabulary concept a MeSH descriptor names: by verified MeSH id, then by name.

    Inverted descriptor names are read both ways ("Ganglia, Spinal" = "Spinal Ganglia").

    >>> concept("Receptors, Opioid, mu").id
    'mechanism:mu-opioid-receptor'
    """
    if descriptor_ui and descriptor_ui in _by_mesh_id():
        return _by_mesh_id()[descriptor_ui]
    found = lookup(name)
    if found is None and "," in name:
        parts = [p.strip() for p in name.split(",") if p.strip()]
        for candidate in (" ".join(reversed(parts)), " ".join(parts[1:] + parts[:1])):
            found = lookup(candidate)
            if found:
                break
    return found
