"""The domain vocabulary: concepts with kinds, labels, synonyms, abbreviations and MeSH ids.

The data lives in ``kg/data/vocabulary.json``; :func:`vocabulary` loads it once, on first use.
:func:`lookup` resolves an id, label, synonym or abbreviation to its :class:`Term` across
case, spacing, hyphens, apostrophes, parentheses and Greek letters (``TNF-α`` = ``TNF-alpha``
= ``TNFα``; ``ST 36`` = ``ST-36`` = ``st36``).

Entry fields: ``id`` (``kind:slug``, stable), ``kind``, ``label``, ``group`` (e.g.
neurotrophin, cytokine, glia, ion channel, brain region), ``synonyms`` (matched in text
without regard to case), ``abbreviations`` (matched in text case-sensitively),
``ambiguous`` (abbreviations that text matching accepts only where the concept is also named
unambiguously in the same text, e.g. ``SP`` for substance P), ``mesh_id`` (only where
verified; ``None`` otherwise), ``higher_is_worse`` (outcomes where a rise is a worsening, such
as pain intensity; always true of conditions) and, for acupoints, ``code``, ``pinyin`` and
``english``; ``is_a`` lists the concept's parents, broader concepts of the same kind
(Nav1.7 -> voltage-gated sodium channels -> ion channels; spared nerve injury -> sciatic nerve
injury -> peripheral nerve injury -> nervous system injury). :func:`narrower` gives a concept
with everything under it, :func:`broader` everything above it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
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
#: Characters folded before matching (one character to one, so text offsets survive).
FOLD = str.maketrans({"‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "’": "'", "ß": "β", "µ": "μ"})
_SEPARATORS = re.compile(r"[\s\-_/]+")
_DROPPED = re.compile(r"['()\[\]]")


@dataclass(frozen=True)
class Term:
    """One vocabulary entry. ``id`` is also its node id in the graph (``mechanism:bdnf``)."""

    id: str
    kind: str
    label: str
    synonyms: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()
    mesh_id: str | None = None
    group: str | None = None
    ambiguous: tuple[str, ...] = ()
    higher_is_worse: bool = False  # a rise is a worsening: conditions, and pain intensity
    parents: tuple[str, ...] = ()  # ``is_a``: broader concepts of the same kind
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def names(self) -> tuple[str, ...]:
        """The label, synonyms, abbreviations and ambiguous abbreviations."""
        return (self.label, *self.synonyms, *self.abbreviations, *self.ambiguous)


@dataclass(frozen=True)
class Vocabulary:
    """The loaded vocabulary: its version, concepts in file order, and indexes."""

    version: str
    concepts: tuple[Term, ...]
    by_id: dict[str, Term]
    by_key: dict[str, Term]
    children: dict[str, tuple[str, ...]] = field(default_factory=dict)


def normalize(term: str) -> str:
    """A readable matching form: Greek letters spelled out, case, hyphens and spacing folded.

    >>> normalize("TNF-α") == normalize("TNF alpha") == normalize("tnf-alpha")
    True
    >>> normalize("β-Endorphin") == normalize("beta endorphin")
    True
    """
    text = unicodedata.normalize("NFKC", term).translate(FOLD).lower()
    text = "".join(f" {GREEK[ch]} " if ch in GREEK else ch for ch in text)
    text = _DROPPED.sub("", text)
    text = _SEPARATORS.sub(" ", text)
    text = re.sub(r"(?<=[a-z])(?=alpha|beta|gamma|kappa)", " ", text)
    return re.sub(r" +", " ", text).strip()


def key(term: str) -> str:
    """The lookup key of a term: :func:`normalize` without any spaces.

    >>> key("ST 36") == key("st-36") == key("ST36")
    True
    """
    return normalize(term).replace(" ", "")


def parse(data: dict) -> Vocabulary:
    """Build a :class:`Vocabulary` from the JSON document (pure).

    Raises ``ValueError`` naming the entry when an entry is malformed.
    """
    if "version" not in data or "concepts" not in data:
        raise ValueError("vocabulary document needs 'version' and 'concepts'")
    known = {"id", "kind", "label", "synonyms", "abbreviations", "mesh_id", "group", "ambiguous", "higher_is_worse",
             "is_a"}
    concepts = []
    for i, entry in enumerate(data["concepts"]):
        for required in ("id", "kind", "label"):
            if not entry.get(required):
                raise ValueError(f"vocabulary entry #{i} has no {required!r}: {entry!r}")
        if entry["kind"] not in CONCEPT_KINDS:
            raise ValueError(f"vocabulary entry {entry['id']!r} has unknown kind {entry['kind']!r}")
        if not entry["id"].startswith(entry["kind"] + ":"):
            raise ValueError(f"vocabulary entry {entry['id']!r} must start with its kind {entry['kind']!r}")
        concepts.append(
            Term(
                id=entry["id"],
                kind=entry["kind"],
                label=entry["label"],
                synonyms=tuple(entry.get("synonyms") or ()),
                abbreviations=tuple(entry.get("abbreviations") or ()),
                mesh_id=entry.get("mesh_id") or None,
                group=entry.get("group") or None,
                ambiguous=tuple(entry.get("ambiguous") or ()),
                higher_is_worse=entry["kind"] == "condition" or entry.get("higher_is_worse") is True,
                parents=tuple(entry.get("is_a") or ()),
                extra={k: v for k, v in entry.items() if k not in known},
            )
        )
    by_id = {c.id: c for c in concepts}
    if len(by_id) != len(concepts):
        seen: set[str] = set()
        dups = sorted({c.id for c in concepts if c.id in seen or seen.add(c.id)})
        raise ValueError(f"vocabulary has duplicate concept ids: {dups}")
    by_key: dict[str, Term] = {}
    for c in concepts:  # labels win over synonyms of other concepts
        by_key.setdefault(key(c.label), c)
    for c in concepts:
        for name in (*c.synonyms, *c.abbreviations):
            by_key.setdefault(key(name), c)
    for c in concepts:  # ambiguous abbreviations last: any other meaning wins
        for name in c.ambiguous:
            by_key.setdefault(key(name), c)
    return Vocabulary(data["version"], tuple(concepts), by_id, by_key, _children(concepts, by_id))


def _children(concepts: list[Term], by_id: dict[str, Term]) -> dict[str, tuple[str, ...]]:
    """Parent id -> its children's ids, after checking that every parent is a concept of the
    same kind and that no concept is its own ancestor."""
    children: dict[str, list[str]] = {}
    for c in concepts:
        for parent in c.parents:
            if parent not in by_id:
                raise ValueError(f"vocabulary entry {c.id!r} has unknown parent {parent!r} in 'is_a'")
            if by_id[parent].kind != c.kind:
                raise ValueError(f"vocabulary entry {c.id!r} ({c.kind}) has parent {parent!r} of another kind")
            children.setdefault(parent, []).append(c.id)
    for c in concepts:
        seen, todo = set(), list(c.parents)
        while todo:
            parent = todo.pop()
            if parent == c.id:
                raise ValueError(f"vocabulary entry {c.id!r} is its own ancestor through 'is_a'")
            if parent not in seen:
                seen.add(parent)
                todo.extend(by_id[parent].parents)
    return {parent: tuple(kids) for parent, kids in children.items()}


@cache
def vocabulary() -> Vocabulary:
    """The packaged vocabulary, loaded once."""
    text = resources.files("kg").joinpath("data/vocabulary.json").read_text(encoding="utf-8")
    return parse(json.loads(text))


def lookup(term: str) -> Term | None:
    """The concept a label, synonym, abbreviation or id names, or None.

    >>> lookup("TNF-alpha") is lookup("tnf-α") is lookup("mechanism:tnf-alpha")
    True
    >>> lookup("Stomach 36").id
    'acupoint:st36'
    """
    return _lookup(term) if isinstance(term, str) else None


@lru_cache(maxsize=1 << 16)
def _lookup(term: str) -> Term | None:
    vocab = vocabulary()
    return vocab.by_id.get(term) or vocab.by_key.get(key(term))


def narrower(concept: str) -> frozenset[str]:
    """``concept`` and every concept under it in the hierarchy (ids; an id the vocabulary
    does not know is returned alone).

    >>> sorted(narrower("mechanism:sodium-channels"))
    ['mechanism:nav1-3', 'mechanism:nav1-7', 'mechanism:nav1-8', 'mechanism:sodium-channels']
    """
    return _closure(concept, down=True)


def broader(concept: str) -> frozenset[str]:
    """Every concept above ``concept`` in the hierarchy (ids, without ``concept`` itself).

    >>> sorted(broader("condition:spared-nerve-injury"))  # doctest: +NORMALIZE_WHITESPACE
    ['condition:nervous-system-injury', 'condition:peripheral-nerve-injury',
     'condition:sciatic-nerve-injury']
    """
    return _closure(concept, down=False) - {concept}


@lru_cache(maxsize=4096)
def _closure(concept: str, *, down: bool) -> frozenset[str]:
    vocab = vocabulary()
    out, todo = {concept}, [concept]
    while todo:
        node = todo.pop()
        term = vocab.by_id.get(node)
        step = vocab.children.get(node, ()) if down else (term.parents if term else ())
        for other in step:
            if other not in out:
                out.add(other)
                todo.append(other)
    return frozenset(out)
