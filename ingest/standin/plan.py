"""The demo plan: which synthetic works stand in for the seed bibliography, and what the
synthetic literature says about each effect the practitioner articles claim.

Pure functions over the packaged data files ``ingest/data/seed_bibliography.json`` and
``kg/data/seed_claims.json``. Every claim object the vocabulary knows gets a *fate*, the
pattern of evidence the synthetic corpus holds for it, so that a claims audit meets every
verdict:

- ``human``: works of every design, human trials and systematic reviews included, report
  the claimed direction;
- ``animal_only``: only animal and cell studies (and narrative reviews) report it; no work
  with a human design mentions the concept at all;
- ``contested``: works of every design disagree: the claimed direction, the opposite one,
  and null findings ("did not alter …");
- ``none``: no work mentions the concept at all, not even the work the article cites.

Objects of claims tied to systematic reviews draw from ``human, contested, human`` (so the
review can state them); the others from ``animal_only, contested, human, none,
animal_only``; the order in which concepts meet these cycles is shuffled by the corpus seed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from kg.vocabulary import Term, lookup

FATES = ("human", "animal_only", "contested", "none")

UP = {
    "increases",
    "upregulates",
    "promotes",
    "enhances",
    "activates",
    "improves",
    "accelerates",
}
DOWN = {"inhibits", "decreases", "reduces", "relieves", "reverses", "treats"}

#: Designs of the bibliography works whose titles do not say it (from the cited papers).
DESIGN_OVERRIDES = {"ali2020": "animal"}
SPECIES_OF = {"ali2020": "rat", "hoang2012": "mouse"}


@dataclass(frozen=True)
class BibWork:
    """A distinct work of the seed bibliography that has a DOI."""

    doi: str
    work_key: str
    title: str
    year: int | None
    design: str
    species: str | None


@dataclass(frozen=True)
class Effect:
    """What the synthetic literature says about one claimed object concept."""

    concept: str
    direction: str | None  # the claimed direction
    negated: bool  # the claim itself is a null finding ("does not accelerate")
    fate: str


@cache
def bibliography() -> tuple[dict, ...]:
    """The packaged seed bibliography (one dict per mention)."""
    text = resources.files("ingest").joinpath("data/seed_bibliography.json").read_text("utf-8")
    return tuple(json.loads(text))


@cache
def claims() -> tuple[dict, ...]:
    """The packaged seed claims."""
    text = resources.files("kg").joinpath("data/seed_claims.json").read_text("utf-8")
    return tuple(json.loads(text))


def design_of_title(title: str, doi: str, work_key: str) -> str:
    """Study design of a bibliography work, from its title (and overrides)."""
    if work_key in DESIGN_OVERRIDES:
        return DESIGN_OVERRIDES[work_key]
    low = title.lower()
    if "systematic review" in low or "meta-analys" in low or "/14651858." in doi:
        return "systematic_review"
    if re.search(r"\b(in mice|in rats?)\b", low):
        return "animal"
    return "review"


def bib_works() -> list[BibWork]:
    """Distinct bibliography works with a DOI, in order of first mention."""
    out: dict[str, BibWork] = {}
    for m in bibliography():
        doi = (m.get("doi") or "").strip().lower()
        if not doi or doi in out:
            continue
        key = m.get("work_key") or doi
        out[doi] = BibWork(
            doi=doi,
            work_key=key,
            title=m.get("title") or "",
            year=m.get("year"),
            design=design_of_title(m.get("title") or "", doi, key),
            species=None,
        )
        design = out[doi].design
        species = SPECIES_OF.get(key, "human" if design == "systematic_review" else None)
        out[doi] = BibWork(doi, key, out[doi].title, out[doi].year, design, species)
    return list(out.values())


def relation_direction(relation: str) -> tuple[str | None, bool]:
    """(direction, negated) a claim's relation asserts: ``reduces`` -> ("down", False)."""
    rel = relation.strip().lower()
    negated = rel.startswith(("does_not_", "does not "))
    if negated:
        rel = rel.split("_not_", 1)[-1] if "_not_" in rel else rel.split(" not ", 1)[-1]
        rel = {"accelerate": "accelerates", "prevent": "inhibits"}.get(rel, rel + "s")
    if rel in UP:
        return "up", negated
    if rel in DOWN:
        return "down", negated
    return None, negated


@cache
def resolve(text: str) -> Term | None:
    """The vocabulary concept a claim's free text names: whole text, parts, then n-grams."""
    if not text:
        return None
    inner = re.findall(r"\(([^)]*)\)", text)
    outer = re.sub(r"\([^)]*\)", " ", text).strip()
    for cand in [text, outer, *inner]:
        c = _written_lookup(cand.strip())
        if c is not None:
            return c
    found = concepts_in(outer)
    return found[0] if found else None


@cache
def _written() -> frozenset[str]:
    """Ids of the concepts the corpus writes about (``ingest/data/synthetic_concepts.json``)."""
    raw = resources.files("ingest").joinpath("data/synthetic_concepts.json").read_text("utf-8")
    return frozenset(json.loads(raw)["concepts"])


def _written_lookup(term: str) -> Term | None:
    """The concept ``term`` names as the corpus writes it: itself if on the corpus's fixed
    list, else its nearest broader concept on it (voltage-gated sodium channels -> ion
    channels), else None; so a growing vocabulary leaves the plan as it is."""
    found = lookup(term)
    todo = [found] if found is not None else []
    while todo:
        concept = todo.pop(0)
        if concept.id in _written():
            return concept
        todo.extend(lookup(parent) for parent in concept.parents)
    return None


@cache
def concepts_in(text: str, max_words: int = 6) -> tuple[Term, ...]:
    """Concepts named by word n-grams of ``text`` (up to ``max_words``), longest first,
    then leftmost first; each concept once."""
    words = [w.strip(".,;:!?\"'") for w in re.split(r"\s+", text) if w.strip(".,;:!?\"'")]
    out: list[Term] = []
    for n in range(min(max_words, len(words)), 0, -1):
        for i in range(len(words) - n + 1):
            c = _written_lookup(" ".join(words[i : i + n]))
            if c is not None and c not in out:
                out.append(c)
    return tuple(out)


@cache
def _effects(seed: int) -> tuple[tuple[str, Effect], ...]:
    return tuple(_compute_effects(seed).items())


def effects(seed: int) -> dict[str, Effect]:
    """Fate, claimed direction and negation of every claim object the vocabulary knows.

    Deterministic in ``seed``; keys in sorted order.
    """
    return dict(_effects(seed))


def _compute_effects(seed: int) -> dict[str, Effect]:
    sr_dois = {b.doi for b in bib_works() if b.design == "systematic_review"}
    first: dict[str, tuple[str | None, bool, bool]] = {}
    for c in claims():
        subject = resolve(c.get("subject", ""))
        if subject is None or subject.kind != "intervention":
            continue
        concept = resolve(c.get("object", ""))
        if concept is None or concept.kind == "intervention":
            continue
        direction, negated = relation_direction(c.get("relation", ""))
        in_sr = (c.get("cited_work_doi") or "").lower() in sr_dois
        if concept.id not in first:
            first[concept.id] = (direction, negated, in_sr)
        elif in_sr and not first[concept.id][2]:
            d, n, _ = first[concept.id]
            first[concept.id] = (d, n, True)
    rng = np.random.default_rng([seed, 20261121])
    keys = sorted(first)
    order = [keys[i] for i in rng.permutation(len(keys))]
    cycles = {
        True: ("human", "contested", "human"),
        False: ("animal_only", "contested", "human", "none", "animal_only"),
    }
    counters = {True: 0, False: 0}
    out = {}
    for cid in order:
        direction, negated, in_sr = first[cid]
        cycle = cycles[in_sr]
        fate = cycle[counters[in_sr] % len(cycle)]
        counters[in_sr] += 1
        out[cid] = Effect(cid, direction, negated, fate)
    return {k: out[k] for k in keys}


def claims_of(doi: str) -> list[dict]:
    """The claims tied to a bibliography DOI, in file order."""
    doi = doi.lower()
    return [c for c in claims() if (c.get("cited_work_doi") or "").lower() == doi]
