"""A deterministic, lazily generated synthetic OpenAlex corpus.

``SyntheticCorpus(size, seed)`` draws everything structural once, vectorised with numpy
(dates, designs, species, types, topics, flags, reference lists), and writes the text and
the OpenAlex-shaped JSON of a work only when asked, field by field: :meth:`work_json`
generates only the fields a ``select`` names (no text for ``select=id,referenced_works``),
pieces that repeat across works (authorships, venues, MeSH entries) are encoded once, and
:meth:`work` is that JSON parsed, so what the server sends and what ``work`` returns are one
thing. Nothing is cached per work. The same ``(size, seed)`` gives the
same dicts byte for byte in every process (seeds are integers or strings hashed with
SHA-512 by :class:`random.Random`; no ``hash()`` of str, no set order). The concepts it
writes about are a fixed list (``ingest/data/synthetic_concepts.json``), so concepts added to
the vocabulary later leave the corpus as it is; their names and synonyms come from
:func:`kg.vocabulary.vocabulary`, so editing those changes the text.

What is synthetic: everything. Titles start with ``[synthetic] ``; venues are "Synthetic
Journal of …"; DOIs are ``10.5555/acukg-<seed>-<index>`` (10.5555 is the DOI test
prefix); PMIDs are ``90000000 + index``; work ids are ``W9000000000 + index`` in date
order (so id order is publication order); dangling references are ``W8…`` ids the corpus
does not serve; author, institution and source ids are ``A9…``, ``I9…``, ``S9…``. MeSH
descriptor UIs are the vocabulary's ``mesh_id`` where it has one and a few well-known
check tags (Humans D006801, Animals D000818, Rats D051381, Mice D051379, Rats,
Sprague-Dawley D017207, Rats, Wistar D017208, Mice, Inbred C57BL D008810, Rabbits
D011817, Male D008297, Cells, Cultured D002478); all others are made up (``D99…``).

Proportions (drawn independently per work, so they hold up to sampling noise):

- years 1980–2025, weight ∝ exp(0.08·(year−1980)) (recent years more numerous);
- designs: animal 34 % (rats 55 %, mice 40 %, rabbits 5 %), observational 16 %, narrative
  review 14 %, randomised controlled trial 10 %, in vitro 10 % (half from rat cells),
  systematic review / meta-analysis 6 %, case report 5 %, protocol 5 %;
- type: systematic and narrative reviews ``review`` (a tenth of narrative reviews
  ``book-chapter``), 3 % of the other works ``preprint``, the rest ``article``;
- references: 10–50 per work, 30–80 for systematic reviews and 40–80 for narrative
  reviews, capped by the number of strictly older works (the oldest works cite fewer);
  only to strictly older works: of two candidates drawn skewed toward the oldest
  (index k·u^1.5 among the k older works), the one with the higher per-work log-normal
  fitness is cited, so older and fitter works gather citations (a rich-get-richer shape);
- DOI 92 %, PMID 65 %, abstract 90 % (else ``abstract_inverted_index: null``), MeSH on
  80 % of works with a PMID, keywords 60 %, retracted 0.4 % (at least one), 2 % of works
  with references also cite 1–2 dangling ids;
- ``cited_by_count`` and ``counts_by_year`` are exact counts of the corpus's own
  citations (no noise).

What the text says about each concept follows :mod:`ingest.standin.plan`: concepts the
practitioner articles make claims about get a fate (``human``, ``animal_only``,
``contested``, ``none``); other concepts get a background direction (conditions and pain
outcomes down, other outcomes up, mechanisms up or down as fixed per (seed, concept)),
reported by 85 % of findings, with 10 % null findings and 5 % the opposite. Demo seeds
state what the claims tied to their DOI say (where the fate allows) and the concepts the
real work's title names.
:meth:`SyntheticCorpus.truth` records every mention the generator wrote.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import threading
import zlib
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

import numpy as np

from ingest.standin import plan
from ingest.standin.text import Writer, write_abstract, write_title
from kg.model import DESIGNS
from kg.vocabulary import Term, vocabulary

ID_BASE = 9_000_000_000
DANGLING_BASE = 8_000_000_000
PMID_BASE = 90_000_000
DOI_PREFIX = "10.5555"
FIRST_YEAR, LAST_YEAR = 1980, 2025
UPDATED_DATE = "2026-01-01T00:00:00.000000"

DESIGN_SHARES = (0.06, 0.10, 0.16, 0.05, 0.34, 0.10, 0.14, 0.05)
HUMAN_GROUP = frozenset({"systematic_review", "rct", "observational", "case_report", "protocol"})
SPECIES = (None, "human", "rat", "mouse", "rabbit")
TYPES = ("article", "review", "preprint", "book-chapter")
REF_RANGE = {"systematic_review": (30, 80), "review": (40, 80)}
DEFAULT_REF_RANGE = (10, 50)
SHARES = dict(doi=0.92, pmid=0.65, abstract=0.90, mesh_given_pmid=0.80, keywords=0.60)
RETRACTED_SHARE = 0.004
DANGLING_SHARE = 0.02
_CHUNK = 50_000

QUALIFIERS = {
    "intervention": ("Q000379", "methods"),
    "acupoint": ("Q000379", "methods"),
    "mechanism": ("Q000378", "metabolism"),
    "condition": ("Q000628", "therapy"),
    "anatomy": ("Q000502", "physiology"),
    "outcome": ("Q000502", "physiology"),
}
CHECK_TAGS = {
    "Humans": "D006801",
    "Animals": "D000818",
    "Rats": "D051381",
    "Rats, Sprague-Dawley": "D017207",
    "Rats, Wistar": "D017208",
    "Mice": "D051379",
    "Mice, Inbred C57BL": "D008810",
    "Rabbits": "D011817",
    "Male": "D008297",
    "Cells, Cultured": "D002478",
    "Randomized Controlled Trials as Topic": "D990001",
    "Systematic Reviews as Topic": "D990002",
    "Meta-Analysis as Topic": "D990003",
    "Cohort Studies": "D990004",
    "Case Reports as Topic": "D990005",
}
VENUES = (
    "Synthetic Journal of Acupuncture Research",
    "Synthetic Journal of Neural Repair",
    "Synthetic Reviews in Integrative Medicine",
    "Synthetic Journal of Pain Studies",
    "Synthetic Letters in Neuroscience",
    "Synthetic Annals of Rehabilitation",
    "Synthetic Journal of Experimental Neurology",
    "Synthetic Evidence-Based Medicine Reports",
)
GIVEN = ("Ada", "Bo", "Chen", "Dana", "Eli", "Fei", "Gita", "Hana", "Ivo", "Jun", "Kai", "Lena",
         "Mei", "Nils", "Omar", "Priya", "Qing", "Rosa", "Sami", "Tao", "Uma", "Vera", "Wei",
         "Xin", "Yara", "Zoe")
FAMILY = ("Synthwood", "Fakeman", "Mockley", "Placeholder", "Testa", "Sampleton", "Dummer",
          "Simula", "Artifex", "Proxley", "Standin", "Imitato", "Modello", "Surrogat")
INSTITUTIONS = ("Synthetic University of Neural Repair", "Institute of Synthetic Medicine",
                "Synthetic College of Acupuncture", "Mock Research Hospital")


@dataclass(frozen=True)
class DemoSeed:
    """A synthetic work standing in for one work of the seed bibliography."""

    openalex_id: str  # short form, "W9000000123"
    stands_for_doi: str
    work_key: str
    title: str


@cache
def corpus_concepts() -> tuple[Term, ...]:
    """The vocabulary concepts the corpus writes about, in draw order (a fixed list).

    Raises ``ValueError`` naming the ids the vocabulary no longer has.
    """
    raw = resources.files("ingest").joinpath("data/synthetic_concepts.json").read_text("utf-8")
    ids = json.loads(raw)["concepts"]
    by_id = vocabulary().by_id
    missing = [i for i in ids if i not in by_id]
    if missing:
        raise ValueError(f"synthetic_concepts.json names concepts the vocabulary does not have: {missing}")
    return tuple(by_id[i] for i in ids)


def _allowed(effect: plan.Effect | None, human: bool) -> bool:
    if effect is None:
        return True
    if effect.fate == "none":
        return False
    return not (human and effect.fate == "animal_only")


class SyntheticCorpus:
    """A deterministic synthetic OpenAlex corpus of ``size`` works.

    Parameters
    ----------
    size : int
        Number of works served (at least 60).
    seed : int
        Seed of every random draw.

    Examples
    --------
    >>> c = SyntheticCorpus(200, seed=1)
    >>> w = c.work(c.ids()[0])
    >>> w["title"].startswith("[synthetic] "), w["id"] == "https://openalex.org/" + c.ids()[0]
    (True, True)
    """

    def __init__(self, size: int, seed: int = 0):
        if not isinstance(size, (int, np.integer)) or isinstance(size, bool) or size < 60:
            raise ValueError(f"corpus size must be an integer of at least 60, got {size!r}")
        if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool):
            raise ValueError(f"corpus seed must be an integer, got {seed!r}")
        self.size = int(size)
        self.seed = int(seed)
        self._lock = threading.Lock()
        self._reverse: tuple[np.ndarray, np.ndarray] | None = None
        self._by_year: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self._concepts: tuple[Term, ...] = corpus_concepts()
        self._index = {c.id: i for i, c in enumerate(self._concepts)}
        self._effects = plan.effects(self.seed)
        rng = np.random.default_rng([self.seed, self.size, 1])
        self._draw_works(rng)
        self._draw_topics(rng)
        self._place_seeds(rng)
        self._draw_references(rng)
        self._seed_at = {p: (bib, topic) for p, bib, topic in self._seeds}
        self._cumulative = {
            group: {name: (idx.tolist(), np.cumsum(p).tolist()) for name, (idx, p) in pools.items()}
            for group, pools in self._pools.items()
        }

    # ----------------------------------------------------------------------------------
    # structure, vectorised

    def _draw_works(self, rng: np.random.Generator) -> None:
        n = self.size
        years = np.arange(FIRST_YEAR, LAST_YEAR + 1)
        w = np.exp(0.08 * (years - FIRST_YEAR))
        year = rng.choice(years, size=n, p=w / w.sum())
        starts = np.array([dt.date(int(y), 1, 1).toordinal() for y in years] + [dt.date(LAST_YEAR + 1, 1, 1).toordinal()])
        lengths = np.diff(starts)
        y_i = year - FIRST_YEAR
        day = (rng.random(n) * lengths[y_i]).astype(np.int64)
        ordinal = np.sort(starts[y_i] + day)
        self._ordinal = ordinal.astype(np.int32)
        self._year = (np.searchsorted(starts, ordinal, side="right") - 1 + FIRST_YEAR).astype(np.int16)
        design = rng.choice(len(DESIGNS), size=n, p=np.array(DESIGN_SHARES) / sum(DESIGN_SHARES))
        self._design = design.astype(np.int8)
        d = {name: i for i, name in enumerate(DESIGNS)}
        species = np.zeros(n, dtype=np.int8)
        human = np.isin(design, [d[x] for x in HUMAN_GROUP])
        species[human] = SPECIES.index("human")
        animal = design == d["animal"]
        species[animal] = rng.choice([2, 3, 4], size=int(animal.sum()), p=[0.55, 0.40, 0.05])
        vitro = design == d["in_vitro"]
        species[vitro] = np.where(rng.random(int(vitro.sum())) < 0.5, 2, 0)
        self._species = species
        wtype = np.zeros(n, dtype=np.int8)
        u = rng.random(n)
        wtype[(design == d["systematic_review"]) | (design == d["review"])] = 1
        wtype[(design == d["review"]) & (u < 0.1)] = 3
        wtype[(wtype == 0) & (u < 0.03)] = 2
        self._type = wtype
        self._has_doi = rng.random(n) < SHARES["doi"]
        self._has_pmid = rng.random(n) < SHARES["pmid"]
        self._has_abstract = rng.random(n) < SHARES["abstract"]
        self._has_mesh = self._has_pmid & (rng.random(n) < SHARES["mesh_given_pmid"])
        self._has_keywords = rng.random(n) < SHARES["keywords"]
        retracted = np.zeros(n, dtype=bool)
        retracted[rng.choice(n, size=max(1, round(n * RETRACTED_SHARE)), replace=False)] = True
        self._retracted = retracted

    def _weights(self, kinds: dict[str, float], human: bool) -> tuple[np.ndarray, np.ndarray]:
        idx, w = [], []
        for i, c in enumerate(self._concepts):
            if c.kind not in kinds or c.id == "intervention:sham-acupuncture":
                continue
            eff = self._effects.get(c.id)
            if not _allowed(eff, human):
                continue
            idx.append(i)
            w.append(kinds[c.kind] * (4.0 if eff is not None else 1.0))
        weights = np.array(w, dtype=float)
        return np.array(idx, dtype=np.int16), weights / weights.sum()

    def _draw_topics(self, rng: np.random.Generator) -> None:
        n = self.size
        human = np.isin(self._design, [DESIGNS.index(x) for x in HUMAN_GROUP])
        self._human = human
        self._pools = {}
        for group, is_h in (("human", True), ("other", False)):
            self._pools[group] = dict(
                intervention=self._intervention_weights(is_h),
                condition=self._weights({"condition": 1.0}, is_h),
                object=self._weights(
                    {"mechanism": 0.5, "outcome": 2.0, "anatomy": 0.7}
                    if is_h
                    else {"mechanism": 1.5, "outcome": 1.0, "anatomy": 0.5},
                    is_h,
                ),
                acupoint=self._weights({"acupoint": 1.0}, is_h),
                anatomy=self._weights({"anatomy": 1.0}, is_h),
                mechanism=self._weights({"mechanism": 1.0}, is_h),
            )
        arrays = {}
        for name in ("intervention", "condition", "object"):
            out = np.zeros(n, dtype=np.int16)
            for group, mask in (("human", human), ("other", ~human)):
                idx, p = self._pools[group][name]
                out[mask] = rng.choice(idx, size=int(mask.sum()), p=p)
            arrays[name] = out
        self._interv, self._cond, self._obj = arrays["intervention"], arrays["condition"], arrays["object"]

    def _intervention_weights(self, human: bool) -> tuple[np.ndarray, np.ndarray]:
        base = {"intervention:acupuncture": 3.0, "intervention:electroacupuncture": 1.5 if human else 5.0,
                "intervention:manual-acupuncture": 1.0}
        idx, w = [], []
        for i, c in enumerate(self._concepts):
            if c.kind == "intervention" and c.id != "intervention:sham-acupuncture":
                idx.append(i)
                w.append(base.get(c.id, 0.5))
        weights = np.array(w)
        return np.array(idx, dtype=np.int16), weights / weights.sum()

    def _place_seeds(self, rng: np.random.Generator) -> None:
        n = self.size
        bibs = plan.bib_works()
        window = min(n, max(3 * len(bibs), n // 50))
        pos = np.sort(rng.choice(window, size=len(bibs), replace=False)) + (n - window)
        self._seeds: list[tuple[int, plan.BibWork, dict]] = []
        for p, bib in zip(pos.tolist(), bibs):
            d = DESIGNS.index(bib.design)
            human = bib.design in HUMAN_GROUP
            self._design[p] = d
            self._human[p] = human
            self._species[p] = SPECIES.index(bib.species)
            self._type[p] = 1 if bib.design in ("systematic_review", "review") else 0
            self._has_doi[p] = self._has_abstract[p] = True
            self._retracted[p] = False
            topic = self._seed_topic(bib, human)
            self._interv[p] = self._index[topic["subject"]]
            self._cond[p] = self._index[topic["condition"]] if topic["condition"] else self._cond[p]
            if topic["statements"]:
                self._obj[p] = self._index[topic["statements"][0][0]]
            self._seeds.append((p, bib, topic))
        if self._retracted.sum() == 0:  # keep at least one retracted work
            free = np.setdiff1d(np.arange(n), pos)
            self._retracted[free[0]] = True

    def _seed_topic(self, bib: plan.BibWork, human: bool) -> dict:
        """What a demo seed says: the objects of the claims tied to its DOI (with the claimed
        direction) and the concepts its real title names, each if its fate allows."""
        subject, condition = None, None
        statements: list[tuple[str, str | None, bool]] = []
        acupoints: list[str] = []

        def take(concept: Term, direction: str | None, negated: bool) -> None:
            nonlocal subject, condition
            if not _allowed(self._effects.get(concept.id), human):
                return
            if concept.kind == "intervention":
                subject = subject or concept.id
            elif concept.kind == "acupoint":
                if concept.id not in acupoints:
                    acupoints.append(concept.id)
            elif all(concept.id != s[0] for s in statements):
                if concept.kind == "condition" and condition is None:
                    condition = concept.id
                statements.append((concept.id, direction, negated))

        for c in plan.claims_of(bib.doi):
            s = plan.resolve(c.get("subject", ""))
            if s is not None and s.kind == "intervention":
                take(s, None, False)
            o = plan.resolve(c.get("object", ""))
            if o is not None:
                take(o, *plan.relation_direction(c.get("relation", "")))
        for concept in plan.concepts_in(bib.title.replace(":", " ")):
            eff = self._effects.get(concept.id)
            if eff is not None:
                take(concept, eff.direction, eff.negated)
            else:
                take(concept, self._true_direction(concept), False)
        if condition is None:  # the real work is about pain in general
            for cid in ("condition:neuropathic-pain", "condition:chronic-pain"):
                if cid in self._index and _allowed(self._effects.get(cid), human):
                    condition = cid
                    break
        return dict(subject=subject or "intervention:acupuncture", condition=condition,
                    statements=statements, acupoints=acupoints)

    def _draw_references(self, rng: np.random.Generator) -> None:
        n = self.size
        lo = np.full(n, DEFAULT_REF_RANGE[0])
        hi = np.full(n, DEFAULT_REF_RANGE[1])
        for name, (a, b) in REF_RANGE.items():
            m = self._design == DESIGNS.index(name)
            lo[m], hi[m] = a, b
        count = rng.integers(lo, hi + 1)
        older = np.searchsorted(self._ordinal, self._ordinal, side="left")  # strictly older works
        count = np.minimum(count, older)
        fitness = rng.lognormal(0.0, 1.0, size=n)
        counts, targets = [], []
        for start in range(0, n, _CHUNK):
            stop = min(n, start + _CHUNK)
            rows = np.repeat(np.arange(start, stop, dtype=np.int64), count[start:stop])
            t = _older_fitter(rng, older[rows], fitness)
            key = np.sort(rows * n + t)  # sorted, then duplicates dropped (faster than np.unique)
            if key.size:
                key = key[np.concatenate(([True], key[1:] != key[:-1]))]
            r, t = np.divmod(key, n)
            counts.append(np.bincount(r - start, minlength=stop - start))
            targets.append(t.astype(np.int32))
        cnt = np.concatenate(counts)
        tgt = np.concatenate(targets) if targets else np.zeros(0, np.int32)
        # the demo seeds cite works on their own topics for half of their references
        off = np.zeros(n + 1, dtype=np.int64)
        off[1:] = np.cumsum(cnt)
        pieces, prev = [], 0
        for p, _bib, topic in self._seeds:
            k = int(older[p])
            m = min(60, k)
            objs = [self._index[s[0]] for s in topic["statements"]]
            cands = np.flatnonzero(np.isin(self._obj[:k], objs) | (self._cond[:k] == self._cond[p]))
            chosen = rng.choice(cands, size=min(m // 2, cands.size), replace=False) if cands.size else cands
            rest = _older_fitter(rng, np.full(m - chosen.size, k, dtype=np.int64), fitness)
            new = np.unique(np.concatenate([chosen, rest]).astype(np.int32))
            pieces.append(tgt[off[prev] : off[p]])
            pieces.append(new)
            cnt[p] = new.size
            prev = p + 1
        pieces.append(tgt[off[prev] :])
        self._ref_tgt = np.concatenate(pieces).astype(np.int32)
        self._ref_off = np.zeros(n + 1, dtype=np.int64)
        self._ref_off[1:] = np.cumsum(cnt)
        self._cited = np.bincount(self._ref_tgt, minlength=n).astype(np.int32)
        dangling = np.zeros(n, dtype=np.int8)
        has = np.flatnonzero(cnt > 0)
        pick = has[rng.random(has.size) < DANGLING_SHARE]
        dangling[pick] = rng.integers(1, 3, size=pick.size)
        seed_pos = [p for p, _, _ in self._seeds]
        dangling[seed_pos] = 0
        self._dangling = dangling

    def _reverse_index(self) -> tuple[np.ndarray, np.ndarray]:
        """(offsets, citing works) of each work's incoming citations, built on first use."""
        with self._lock:
            if self._reverse is None:
                rows = np.repeat(np.arange(self.size, dtype=np.int64), np.diff(self._ref_off))
                key = np.sort(self._ref_tgt.astype(np.int64) * self.size + rows)
                del rows
                citing = (key % self.size).astype(np.int32)  # citing works, grouped by cited work
                off = np.zeros(self.size + 1, dtype=np.int64)
                off[1:] = np.cumsum(self._cited)
                self._by_year = _citations_by_year(key, citing, self._year, self.size)
                del key
                self._reverse = (off, citing)
            return self._reverse

    # ----------------------------------------------------------------------------------
    # ids

    def openalex_id(self, index: int) -> str:
        """Short OpenAlex id of the work at ``index``."""
        return f"W{ID_BASE + int(index)}"

    def index_of(self, openalex_id: str) -> int | None:
        """Index of a served work from its id (short or URL form, any case), else None."""
        key = str(openalex_id).strip().rsplit("/", 1)[-1].upper()
        if not key.startswith("W") or not key[1:].isdigit():
            return None
        i = int(key[1:]) - ID_BASE
        return i if 0 <= i < self.size else None

    def doi(self, index: int) -> str | None:
        """Bare DOI of a work (``10.5555/…``), or None if it has none."""
        return f"{DOI_PREFIX}/acukg-{self.seed}-{int(index)}" if self._has_doi[index] else None

    def index_of_doi(self, doi: str) -> int | None:
        """Index of the work with this DOI (bare or URL form, any case), else None."""
        d = str(doi).strip().lower()
        for prefix in ("https://doi.org/", "http://doi.org/", "doi:", "https://dx.doi.org/"):
            if d.startswith(prefix):
                d = d[len(prefix) :]
        head = f"{DOI_PREFIX}/acukg-{self.seed}-"
        if not d.startswith(head) or not d[len(head) :].isdigit():
            return None
        i = int(d[len(head) :])
        if 0 <= i < self.size and self._has_doi[i] and d == self.doi(i):
            return i
        return None

    def pmid(self, index: int) -> str | None:
        """PMID digits of a work, or None."""
        return str(PMID_BASE + int(index)) if self._has_pmid[index] else None

    def index_of_pmid(self, pmid: str) -> int | None:
        """Index of the work with this PMID (digits or PubMed URL), else None."""
        p = str(pmid).strip().rstrip("/").rsplit("/", 1)[-1]
        if not p.isdigit():
            return None
        i = int(p) - PMID_BASE
        return i if 0 <= i < self.size and self._has_pmid[i] else None

    def ids(self) -> list[str]:
        """Short ids of all served works, in id order (= publication order)."""
        return [f"W{ID_BASE + i}" for i in range(self.size)]

    def works(self):
        """Iterate the dicts of all works in id order."""
        for i in range(self.size):
            yield self.work(self.openalex_id(i))

    # ----------------------------------------------------------------------------------
    # arrays the server filters on (read-only views)

    @property
    def arrays(self) -> dict[str, np.ndarray]:
        """Per-work arrays: year, type code, flags, reference CSR."""
        return dict(
            year=self._year,
            type=self._type,
            retracted=self._retracted,
            has_abstract=self._has_abstract,
            has_doi=self._has_doi,
            has_pmid=self._has_pmid,
            ref_off=self._ref_off,
            ref_tgt=self._ref_tgt,
            cited=self._cited,
        )

    def references_of(self, index: int) -> np.ndarray:
        """Indices of the served works a work cites (dangling ids excluded)."""
        return self._ref_tgt[self._ref_off[index] : self._ref_off[index + 1]]

    def citing(self, index: int) -> np.ndarray:
        """Indices of the works that cite a work."""
        off, citing = self._reverse_index()
        return citing[off[index] : off[index + 1]]

    def dangling_of(self, index: int) -> list[str]:
        """Dangling reference ids of a work (W8… ids the corpus does not serve)."""
        return [f"W{DANGLING_BASE + 2 * int(index) + k}" for k in range(int(self._dangling[index]))]

    # ----------------------------------------------------------------------------------
    # demo seeds

    def demo_seeds(self) -> list[DemoSeed]:
        """One synthetic work per distinct bibliography work with a DOI, in bibliography order."""
        out = []
        for p, bib, _topic in self._seeds:
            wid = self.openalex_id(p)
            out.append(DemoSeed(wid, bib.doi, bib.work_key, self._text(p)["title"]))
        return out

    def seed_map(self) -> dict[str, str]:
        """``{bibliography DOI: "W…"}`` for the demo seeds."""
        return {bib.doi: self.openalex_id(p) for p, bib, _ in self._seeds}

    def effects(self) -> dict[str, plan.Effect]:
        """The fate of each claimed object concept (see :mod:`ingest.standin.plan`)."""
        return dict(self._effects)

    def hops(self) -> dict[str, int]:
        """BFS distance from the demo seeds over referenced_works: ``{"W…": hop}``."""
        hop = np.full(self.size, -1, dtype=np.int32)
        frontier = np.array(sorted({p for p, _, _ in self._seeds}), dtype=np.int64)
        hop[frontier] = 0
        level = 0
        off, tgt = self._ref_off, self._ref_tgt
        while frontier.size:
            level += 1
            lens = off[frontier + 1] - off[frontier]
            total = int(lens.sum())
            if total == 0:
                break
            starts = np.repeat(off[frontier] - np.concatenate([[0], np.cumsum(lens)[:-1]]), lens)
            mark = np.zeros(self.size, dtype=bool)
            mark[tgt[starts + np.arange(total)]] = True
            nxt = np.flatnonzero(mark & (hop < 0))
            hop[nxt] = level
            frontier = nxt.astype(np.int64)
        reached = np.flatnonzero(hop >= 0)
        return {f"W{ID_BASE + int(i)}": int(hop[i]) for i in reached}

    # ----------------------------------------------------------------------------------
    # text

    def _rng(self, index: int, salt: str = "") -> "_Draws":
        return _Draws(f"acukg:{self.seed}:{self.size}:{int(index)}{salt}")

    def _concept(self, i: int) -> Term:
        return self._concepts[int(i)]

    def _true_direction(self, concept: Term) -> str | None:
        """The direction most findings report for a concept no claim is about."""
        if concept.kind == "anatomy":
            return None
        if concept.kind == "condition" or "pain" in concept.id:
            return "down"
        if concept.kind == "outcome":
            return "up"
        return "up" if zlib.crc32(f"{self.seed}:{concept.id}".encode()) % 10 < 6 else "down"

    def _finding_of(self, rng: random.Random, concept: Term, design: str) -> tuple[str | None, bool]:
        """(direction, negated) of one finding about ``concept`` in a work of ``design``."""
        eff = self._effects.get(concept.id)
        if eff is not None and eff.fate in ("human", "animal_only"):
            return eff.direction, eff.negated
        if eff is not None:  # contested
            u = rng.random()
            if u < 0.4:
                return eff.direction, eff.negated
            if u < 0.7 and eff.direction is not None:
                return ("down" if eff.direction == "up" else "up"), False
            return eff.direction or "up", True
        true = self._true_direction(concept)
        u = rng.random()
        if u < 0.85 or true is None:
            return true, False
        if u < 0.95:
            return true, True
        return ("down" if true == "up" else "up"), False

    def _extra_concept(self, rng: random.Random, human: bool, pool: str, avoid: set[int]) -> Term | None:
        idx, cum = self._cumulative["human" if human else "other"][pool]
        last = len(idx) - 1
        for _ in range(4):
            i = idx[min(bisect_right(cum, rng.random()), last)]
            if i not in avoid:
                return self._concepts[i]
        return None

    def _text(self, index: int, mentions: bool = True) -> dict:
        """Title, abstract, keywords, MeSH and (if ``mentions``) the mentions of one work."""
        i = int(index)
        rng = self._rng(i)
        design = DESIGNS[self._design[i]]
        human = bool(self._human[i])
        species = SPECIES[self._species[i]]
        subject = self._concept(self._interv[i])
        condition = self._concept(self._cond[i])
        by_id = vocabulary().by_id
        seed = self._seed_at.get(i)
        seed_topic = seed[1] if seed is not None else None
        if seed_topic is not None:
            stmts = [(by_id[c], d, n) for c, d, n in seed_topic["statements"]]
        else:
            main = self._concept(self._obj[i])
            stmts = [(main, *self._finding_of(rng, main, design))]
            used = {int(self._obj[i]), int(self._cond[i])}
            for _ in range(rng.randrange(3)):
                extra = self._extra_concept(rng, human, "object", used)
                if extra is not None:
                    used.add(self._index[extra.id])
                    stmts.append((extra, *self._finding_of(rng, extra, design)))
            if rng.random() < (0.5 if human else 0.3):
                stmts.append((condition, *self._finding_of(rng, condition, design)))
        if design == "protocol":
            stmts = [(c, None, False) for c, _, _ in stmts]
        site = None
        if design in ("animal", "in_vitro", "review") and rng.random() < 0.4:
            site = self._extra_concept(rng, human, "anatomy", set())
        acupoints = [self._concepts[self._index[a]] for a in seed_topic["acupoints"]] if seed_topic else []
        if not acupoints and design in ("animal", "rct", "case_report") and rng.random() < 0.5:
            acupoints = [c for c in [self._extra_concept(rng, human, "acupoint", set())] if c is not None]
        title = Writer("title", rng)
        title.text("[synthetic] ")
        write_title(title, rng, design, species, subject, condition, stmts, acupoints)
        abstract = Writer("abstract", rng)
        write_abstract(abstract, rng, design, species, subject, condition, stmts, site, acupoints)
        title_text = title.result()
        abstract_text = abstract.result()
        has_abstract = bool(self._has_abstract[i])
        found: list[dict] | None = None
        if mentions:
            found = title.mention_dicts()
            if has_abstract:
                found += abstract.mention_dicts()
        keywords = []
        if self._has_keywords[i]:
            concepts_seen = list(dict.fromkeys([m[0] for m in title.mentions + abstract.mentions]))
            for k, cid in enumerate(concepts_seen[: 1 + rng.randrange(5)]):
                c = by_id[cid]
                keywords.append(
                    {
                        "id": "https://openalex.org/keywords/" + cid.split(":", 1)[1],
                        "display_name": c.label,
                        "score": round(0.9 - 0.1 * k - rng.random() * 0.05, 6),
                    }
                )
                if found is not None:
                    found.append(dict(concept=cid, kind=c.kind, field="keywords", role="keyword",
                                      index=k, matched=c.label, direction=None, negated=False))
        mesh = []
        if self._has_mesh[i]:
            mesh = self._mesh(rng, i, design, species, subject, condition, stmts, found)
        return dict(title=title_text, abstract=abstract_text if has_abstract else None,
                    keywords=keywords, mesh=mesh, mentions=found)

    def _mesh(self, rng, i, design, species, subject, condition, stmts, mentions) -> list[dict]:
        out: list[dict] = []

        def tag(name: str, major: bool = False) -> None:
            out.append(dict(descriptor_ui=CHECK_TAGS[name], descriptor_name=name, qualifier_ui="",
                            qualifier_name=None, is_major_topic=major))

        def concept(c: Term, major: bool) -> None:
            ui = c.mesh_id or f"D99{self._index[c.id]:04d}"
            name = c.label[:1].upper() + c.label[1:]
            q_ui, q_name = QUALIFIERS[c.kind]
            for qu, qn, maj in (("", None, False), (q_ui, q_name, major)):
                if mentions is not None:
                    mentions.append(dict(concept=c.id, kind=c.kind, field="mesh", role="mesh", index=len(out),
                                         matched=name, direction=None, negated=False))
                out.append(dict(descriptor_ui=ui, descriptor_name=name, qualifier_ui=qu,
                                qualifier_name=qn, is_major_topic=maj))

        concept(subject, True)
        concept(condition, True)
        if stmts and stmts[0][0].id not in (subject.id, condition.id):
            concept(stmts[0][0], False)
        if species == "human":
            tag("Humans")
        elif species in ("rat", "mouse", "rabbit"):
            tag("Animals")
            if species == "rat":
                tag("Rats")
                tag(rng.choice(("Rats, Sprague-Dawley", "Rats, Wistar")))
            elif species == "mouse":
                tag("Mice")
                tag("Mice, Inbred C57BL")
            else:
                tag("Rabbits")
            tag("Male")
        if design == "in_vitro":
            tag("Cells, Cultured")
        for d, name in (("rct", "Randomized Controlled Trials as Topic"), ("observational", "Cohort Studies"),
                        ("case_report", "Case Reports as Topic")):
            if design == d:
                tag(name)
        if design == "systematic_review":
            tag("Systematic Reviews as Topic")
            tag("Meta-Analysis as Topic")
        return out

    # ----------------------------------------------------------------------------------
    # work dicts, as JSON text field by field

    def work(self, openalex_id: str) -> dict:
        """The OpenAlex-shaped dict of a work (a fresh dict on every call).

        Raises ``KeyError`` for an id the corpus does not serve.
        """
        return json.loads(self.work_json(openalex_id))

    def work_json(self, openalex_id: str, select: list[str] | tuple[str, ...] | None = None) -> str:
        """The JSON text of a work (compact, UTF-8 safe), cut to the ``select``ed root fields.

        Only the selected fields are generated; a selected field the corpus does not hold
        is ``null``. ``json.loads(c.work_json(w)) == c.work(w)``. Raises ``KeyError`` for an
        id the corpus does not serve.
        """
        i = self.index_of(openalex_id)
        if i is None:
            raise KeyError(f"work {openalex_id!r} is not in the synthetic corpus (size {self.size})")
        return self.json_of(i, select)

    def json_of(self, index: int, select: list[str] | tuple[str, ...] | None = None) -> str:
        """:meth:`work_json` of the work at ``index`` (0 <= index < size)."""
        i = int(index)
        fields, need_text, need_meta = _plan(WORK_FIELDS if select is None else tuple(select))
        text = self._text(i, mentions=False) if need_text else None
        meta = self._meta(i) if need_meta else None
        return "{" + ",".join([key + make(self, i, text, meta) for key, make in fields]) + "}"

    def _meta(self, i: int) -> tuple[int, list[tuple[str, str, str]], list[int]]:
        """(venue, authors as (name, institution, position), related work indices) of a work."""
        rng = self._rng(i, ":meta")
        venue = rng.randrange(len(VENUES))
        n_auth = 1 + rng.randrange(8)
        authors = []
        for k in range(n_auth):
            name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
            inst = rng.choice(INSTITUTIONS)
            authors.append((name, inst, "first" if k == 0 else ("last" if k == n_auth - 1 else "middle")))
        related = sorted({rng.randrange(self.size) for _ in range(5)} - {i})
        return venue, authors, related

    def _counts_by_year(self, i: int) -> list[tuple[int, int]]:
        """``(year, citing works that year)`` of the last ten years, newest first, zeros left out."""
        self._reverse_index()
        off, years, counts = self._by_year
        a, b = int(off[i]), int(off[i + 1])
        if a == b:
            return []
        return list(zip(years[a:b][::-1].tolist(), counts[a:b][::-1].tolist()))

    def truth(self, openalex_id: str) -> dict:
        """What the generator put into a work: design, species, mentions, flags.

        Each mention: ``concept``, ``kind``, ``field`` (title, abstract, keywords, mesh),
        ``role`` (subject; object: the thing a finding is about; topic: named without a
        finding; site, context, model, comparator, keyword, mesh),
        ``direction`` and ``negated`` of the finding about it (objects only), and
        ``sentence_index``/``start``/``end``/``matched`` (text fields; offsets into the title
        or into the abstract as the inverted index spells it with single spaces) or
        ``index`` (keywords, mesh).
        """
        i = self.index_of(openalex_id)
        if i is None:
            raise KeyError(f"work {openalex_id!r} is not in the synthetic corpus (size {self.size})")
        text = self._text(i)
        seed = self._seed_at.get(i)
        return {
            "openalex_id": self.openalex_id(i),
            "design": DESIGNS[self._design[i]],
            "species": SPECIES[self._species[i]],
            "type": TYPES[self._type[i]],
            "retracted": bool(self._retracted[i]),
            "has_abstract": bool(self._has_abstract[i]),
            "has_doi": bool(self._has_doi[i]),
            "has_pmid": bool(self._has_pmid[i]),
            "dangling_references": [f"https://openalex.org/{d}" for d in self.dangling_of(i)],
            "seed": seed is not None,
            "stands_for_doi": seed[0].doi if seed else None,
            "mentions": text["mentions"],
        }


def _older_fitter(rng: np.random.Generator, older: np.ndarray, fitness: np.ndarray) -> np.ndarray:
    """One cited work per entry of ``older`` (the number of strictly older works, > 0):
    two candidates drawn skewed toward the oldest (index k·u^1.5), the fitter one kept."""
    a = (older * _skew(rng.random(older.size))).astype(np.int64)
    b = (older * _skew(rng.random(older.size))).astype(np.int64)
    return np.where(fitness[a] >= fitness[b], a, b)


def _citations_by_year(key: np.ndarray, citing: np.ndarray, year: np.ndarray, n: int):
    """(offsets, years, counts): for each work, its citations per year of the last ten years,
    oldest first, years without citations left out.

    ``key`` is cited * n + citing, sorted; works are in date order, so within a cited work
    the citing years never decrease and each (cited, year) pair is one run."""
    first = LAST_YEAR - 9
    recent = year[citing] >= first
    pair = (key[recent] // n) * 10 + (year[citing[recent]].astype(np.int64) - first)
    del recent
    if pair.size == 0:
        return np.zeros(n + 1, dtype=np.int64), np.zeros(0, np.int16), np.zeros(0, np.int32)
    starts = np.flatnonzero(np.concatenate(([True], pair[1:] != pair[:-1])))
    counts = np.diff(np.append(starts, pair.size)).astype(np.int32)
    pair = pair[starts]
    off = np.searchsorted(pair // 10, np.arange(n + 1)).astype(np.int64)
    return off, (first + pair % 10).astype(np.int16), counts


def _skew(u: np.ndarray) -> np.ndarray:
    return u * np.sqrt(u)  # u^1.5


def _invert(text: str) -> dict[str, list[int]]:
    """OpenAlex's abstract_inverted_index of a text (tokens split on spaces, punctuation kept)."""
    out: dict[str, list[int]] = {}
    for pos, token in enumerate(text.split(" ")):
        seen = out.get(token)
        if seen is None:
            out[token] = [pos]
        else:
            seen.append(pos)
    return out



# ---------------------------------------------------------------------------------------
# JSON text of the work fields

#: Root fields of a work dict, in the order :meth:`SyntheticCorpus.work` gives them.
WORK_FIELDS = (
    "id", "doi", "title", "display_name", "publication_year", "publication_date", "ids", "language",
    "primary_location", "type", "authorships", "cited_by_count", "is_retracted", "is_paratext",
    "keywords", "mesh", "concepts", "topics", "referenced_works_count", "referenced_works",
    "related_works", "abstract_inverted_index", "counts_by_year", "cited_by_api_url", "updated_date",
    "created_date",
)
_TEXT_FIELDS = frozenset({"title", "display_name", "keywords", "mesh", "abstract_inverted_index"})
_META_FIELDS = frozenset({"primary_location", "authorships", "related_works"})
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_encode = _ENCODER.encode
_str = json.encoder.encode_basestring  # a str as JSON, non-ASCII kept (as ensure_ascii=False)
_W = "https://openalex.org/W"
_LANDING = "\x00landing\x00"
#: JSON fragments that repeat across works, built on first use.
_AUTHORS: dict[tuple[str, str, str], str] = {}
_VENUES: dict[int, tuple[str, str]] = {}
_MESH: dict[tuple, str] = {}


def _urls(numbers: list[int]) -> str:
    """A JSON list of ``https://openalex.org/W<number>`` strings."""
    if not numbers:
        return "[]"
    return '["' + _W + f'","{_W}'.join(map(str, numbers)) + '"]'


def _date(c: SyntheticCorpus, i: int) -> dt.date:
    return dt.date.fromordinal(int(c._ordinal[i]))


def _doi_url(c: SyntheticCorpus, i: int) -> str:
    doi = c.doi(i)
    return f'"https://doi.org/{doi}"' if doi else "null"


def _ids(c: SyntheticCorpus, i: int, text, meta) -> str:
    out = f'{{"openalex":"{_W}{ID_BASE + i}"'
    doi, pmid = c.doi(i), c.pmid(i)
    if doi:
        out += f',"doi":"https://doi.org/{doi}"'
    if pmid:
        out += f',"pmid":"https://pubmed.ncbi.nlm.nih.gov/{pmid}"'
    return out + "}"


def _venue_parts(v: int) -> tuple[str, str]:
    """The primary_location JSON of venue ``v`` before and after its landing page URL."""
    parts = _VENUES.get(v)
    if parts is None:
        location = {
            "is_oa": False,
            "landing_page_url": _LANDING,
            "pdf_url": None,
            "source": {
                "id": f"https://openalex.org/S{ID_BASE + v}",
                "display_name": VENUES[v],
                "issn_l": None,
                "issn": None,
                "is_oa": False,
                "is_in_doaj": False,
                "host_organization": None,
                "host_organization_name": None,
                "type": "journal",
            },
            "license": None,
            "version": "publishedVersion",
            "is_accepted": True,
            "is_published": True,
        }
        head, tail = _encode(location).split(_str(_LANDING))
        parts = _VENUES[v] = (head, tail)
    return parts


def _primary_location(c: SyntheticCorpus, i: int, text, meta) -> str:
    head, tail = _venue_parts(meta[0])
    return head + _doi_url(c, i) + tail


def _author(name: str, inst: str, position: str) -> str:
    key = (name, inst, position)
    frag = _AUTHORS.get(key)
    if frag is None:
        inst_id = f"https://openalex.org/I{ID_BASE + INSTITUTIONS.index(inst)}"
        frag = _AUTHORS[key] = _encode(
            {
                "author_position": position,
                "author": {
                    "id": f"https://openalex.org/A{ID_BASE + zlib.crc32(name.encode()) % 10**9}",
                    "display_name": name,
                    "orcid": None,
                },
                "institutions": [
                    {
                        "id": inst_id,
                        "display_name": inst,
                        "ror": None,
                        "country_code": None,
                        "type": "education",
                        "lineage": [inst_id],
                    }
                ],
                "countries": [],
                "is_corresponding": position == "first",
                "raw_author_name": name,
                "raw_affiliation_strings": [inst],
            }
        )
    return frag


def _authorships(c: SyntheticCorpus, i: int, text, meta) -> str:
    return "[" + ",".join([_author(*a) for a in meta[1]]) + "]"


def _mesh_entry(m: dict) -> str:
    key = tuple(m.values())
    frag = _MESH.get(key)
    if frag is None:
        frag = _MESH[key] = _encode(m)
    return frag


def _keywords(c: SyntheticCorpus, i: int, text, meta) -> str:
    return "[" + ",".join([f'{{"id":{_str(k["id"])},"display_name":{_str(k["display_name"])},'
                           f'"score":{float.__repr__(k["score"])}}}' for k in text["keywords"]]) + "]"


def _references(c: SyntheticCorpus, i: int) -> list[int]:
    """Id numbers of a work's references: dangling ones first, then the served ones in order."""
    served = (c._ref_tgt[c._ref_off[i] : c._ref_off[i + 1]] + np.int64(ID_BASE)).tolist()
    dangling = int(c._dangling[i])
    return [DANGLING_BASE + 2 * i + k for k in range(dangling)] + served if dangling else served


def _abstract(c: SyntheticCorpus, i: int, text, meta) -> str:
    return _encode(_invert(text["abstract"])) if text["abstract"] else "null"


def _counts(c: SyntheticCorpus, i: int, text, meta) -> str:
    return "[" + ",".join([f'{{"year":{y},"cited_by_count":{n}}}' for y, n in c._counts_by_year(i)]) + "]"


class _Draws(random.Random):
    """``random.Random`` with lean ``randrange``/``choice`` for the few forms the generator
    uses; they draw exactly as CPython's (rejection sampling over ``getrandbits``)."""

    def _below(self, n: int) -> int:
        k = n.bit_length()
        r = self.getrandbits(k)
        while r >= n:
            r = self.getrandbits(k)
        return r

    def randrange(self, start: int, stop: int | None = None) -> int:  # type: ignore[override]
        if stop is None:
            return self._below(start)
        return start + self._below(stop - start)

    def choice(self, seq):
        return seq[self._below(len(seq))]


_FIELD_JSON = {
    "id": lambda c, i, t, m: f'"{_W}{ID_BASE + i}"',
    "doi": lambda c, i, t, m: _doi_url(c, i),
    "title": lambda c, i, t, m: _str(t["title"]),
    "display_name": lambda c, i, t, m: _str(t["title"]),
    "publication_year": lambda c, i, t, m: str(int(c._year[i])),
    "publication_date": lambda c, i, t, m: f'"{_date(c, i).isoformat()}"',
    "ids": _ids,
    "language": lambda c, i, t, m: '"en"',
    "primary_location": _primary_location,
    "type": lambda c, i, t, m: f'"{TYPES[c._type[i]]}"',
    "authorships": _authorships,
    "cited_by_count": lambda c, i, t, m: str(int(c._cited[i])),
    "is_retracted": lambda c, i, t, m: "true" if c._retracted[i] else "false",
    "is_paratext": lambda c, i, t, m: "false",
    "keywords": _keywords,
    "mesh": lambda c, i, t, m: "[" + ",".join([_mesh_entry(x) for x in t["mesh"]]) + "]",
    "concepts": lambda c, i, t, m: "[]",
    "topics": lambda c, i, t, m: "[]",
    "referenced_works_count": lambda c, i, t, m: str(int(c._dangling[i]) + int(c._ref_off[i + 1] - c._ref_off[i])),
    "referenced_works": lambda c, i, t, m: _urls(_references(c, i)),
    "related_works": lambda c, i, t, m: _urls([ID_BASE + r for r in m[2]]),
    "abstract_inverted_index": _abstract,
    "counts_by_year": _counts,
    "cited_by_api_url": lambda c, i, t, m: f'"https://api.openalex.org/works?filter=cites:W{ID_BASE + i}"',
    "updated_date": lambda c, i, t, m: f'"{UPDATED_DATE}"',
    "created_date": lambda c, i, t, m: f'"{max(_date(c, i), dt.date(2016, 6, 24)).isoformat()}"',
}


@lru_cache(maxsize=64)
def _plan(select: tuple[str, ...]) -> tuple[tuple[tuple[str, object], ...], bool, bool]:
    """How to write the fields of a ``select``: ``(key + ":", writer)`` per distinct field (a
    field the corpus does not hold writes ``null``), and whether text and meta are needed."""
    names = tuple(dict.fromkeys(select))
    fields = tuple((_str(name) + ":", _FIELD_JSON.get(name, _null)) for name in names)
    return fields, not _TEXT_FIELDS.isdisjoint(names), not _META_FIELDS.isdisjoint(names)


def _null(c: SyntheticCorpus, i: int, text, meta) -> str:
    return "null"
