"""The domain vocabulary: concepts with kinds, labels, synonyms, abbreviations and MeSH ids.

The data lives in ``kg/data/vocabulary.json``; :func:`vocabulary` loads it once, on first use.
:func:`lookup` resolves a label, synonym or abbreviation to its :class:`Concept` across case,
spacing, hyphens and Greek letters.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from kg.model import CONCEPT_KINDS

GREEK = {
    "α": "alpha",
    "β": "beta",
    "γ": "gamma",
    "δ": "delta",
    "κ": "kappa",
    "μ": "mu",
    "ω": "omega",
}


@dataclass(frozen=True)
class Concept:
    """One vocabulary entry. ``id`` is also its node id in the graph (``mechanism:bdnf``)."""

    id: str
    kind: str
    label: str
    synonyms: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()
    mesh_id: str | None = None
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def names(self) -> tuple[str, ...]:
        """The label, synonyms and abbreviations."""
        return (self.label, *self.synonyms, *self.abbreviations)


@dataclass(frozen=True)
class Vocabulary:
    version: str
    concepts: tuple[Concept, ...]
    by_id: dict[str, Concept]
    by_key: dict[str, Concept]


def normalize(term: str) -> str:
    """A matching key: Greek letters spelled out, case, hyphens and spacing folded.

    >>> normalize("TNF-α") == normalize("TNF alpha") == normalize("tnf-alpha")
    True
    >>> normalize("β-Endorphin") == normalize("beta endorphin")
    True
    """
    text = unicodedata.normalize("NFKC", term)
    text = "".join(GREEK.get(ch, ch) for ch in text.lower())
    text = re.sub(r"[\s\-‐‑–—_/]+", " ", text)
    return re.sub(r"(?<=[a-z])(?=alpha|beta|gamma|kappa)", " ", text).strip()


def parse(data: dict) -> Vocabulary:
    """Build a :class:`Vocabulary` from the JSON document (pure)."""
    concepts = []
    for entry in data["concepts"]:
        if entry["kind"] not in CONCEPT_KINDS:
            raise ValueError(f"vocabulary entry {entry['id']!r} has unknown kind {entry['kind']!r}")
        known = {"id", "kind", "label", "synonyms", "abbreviations", "mesh_id"}
        concepts.append(
            Concept(
                id=entry["id"],
                kind=entry["kind"],
                label=entry["label"],
                synonyms=tuple(entry.get("synonyms", ())),
                abbreviations=tuple(entry.get("abbreviations", ())),
                mesh_id=entry.get("mesh_id") or None,
                extra={k: v for k, v in entry.items() if k not in known},
            )
        )
    by_id = {c.id: c for c in concepts}
    if len(by_id) != len(concepts):
        raise ValueError("vocabulary has duplicate concept ids")
    by_key: dict[str, Concept] = {}
    for c in concepts:  # labels win over synonyms of other concepts
        by_key.setdefault(normalize(c.label), c)
    for c in concepts:
        for name in c.names:
            by_key.setdefault(normalize(name), c)
    return Vocabulary(data["version"], tuple(concepts), by_id, by_key)


@cache
def vocabulary() -> Vocabulary:
    """The packaged vocabulary, loaded once."""
    text = resources.files("kg").joinpath("data/vocabulary.json").read_text(encoding="utf-8")
    return parse(json.loads(text))


def lookup(term: str) -> Concept | None:
    """The concept a label, synonym, abbreviation or id names, or None.

    >>> lookup("TNF-alpha") is lookup("tnf-α")
    True
    """
    vocab = vocabulary()
    return vocab.by_id.get(term) or vocab.by_key.get(normalize(term))
