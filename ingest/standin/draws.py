"""The structure of the synthetic corpus, drawn once and vectorised with numpy: dates,
designs, species, types, topics, flags, the demo seeds' places and the reference lists.

:class:`Structure` is a part of :class:`ingest.standin.corpus.SyntheticCorpus`; the
proportions it draws are listed in that module's docstring.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from ingest.standin import plan
from kg.model import DESIGNS
from kg.vocabulary import Term, vocabulary

ID_BASE = 9_000_000_000
DANGLING_BASE = 8_000_000_000
PMID_BASE = 90_000_000
DOI_PREFIX = "10.5555"
FIRST_YEAR, LAST_YEAR = 1980, 2025
DESIGN_SHARES = (0.06, 0.10, 0.16, 0.05, 0.34, 0.10, 0.14, 0.05)
HUMAN_GROUP = frozenset({"systematic_review", "rct", "observational", "case_report", "protocol"})
SPECIES = (None, "human", "rat", "mouse", "rabbit")
TYPES = ("article", "review", "preprint", "book-chapter")
REF_RANGE = {"systematic_review": (30, 80), "review": (40, 80)}
DEFAULT_REF_RANGE = (10, 50)
SHARES = dict(doi=0.92, pmid=0.85, mesh_given_pmid=0.80, keywords=0.60)
#: Share of works with an abstract at all, with and without a PMID (PubMed records lacking
#: one are letters, editorials and the like).
ABSTRACT_GIVEN_PMID, ABSTRACT_NO_PMID = 0.98, 0.75
#: Share of abstracts OpenAlex withholds: most of the non-open-access articles of the two big
#: publishers (the "closed" venues below), a few elsewhere.
WITHHELD_CLOSED, WITHHELD_OPEN = 0.60, 0.05
#: Share of works with a PMID whose OpenAlex record does not list it (found by DOI in PubMed).
PMID_NOT_IN_OPENALEX = 0.06
VENUES = (
    "Synthetic Journal of Acupuncture Research",
    "Synthetic Journal of Neural Repair",
    "Synthetic Reviews in Integrative Medicine",
    "Synthetic Journal of Pain Studies",
    "Synthetic Letters in Neuroscience",
    "Synthetic Annals of Rehabilitation",
    "Synthetic Journal of Experimental Neurology",
    "Synthetic Evidence-Based Medicine Reports",
    "Synthetic Brain Research",
    "Synthetic Neuroscience Letters",
    "Synthetic Molecular Neurobiology",
    "Synthetic Pain",
)
#: The publisher of each venue; the "Springer/Elsevier" ones are closed.
PUBLISHERS = ("Synthetic Open Press",) * 4 + ("Synthetic Elsevier", "Synthetic Open Press", "Synthetic Springer",
              "Synthetic Open Press", "Synthetic Elsevier", "Synthetic Elsevier", "Synthetic Springer", "Synthetic Elsevier")
CLOSED_PUBLISHERS = frozenset({"Synthetic Elsevier", "Synthetic Springer"})
RETRACTED_SHARE = 0.004
DANGLING_SHARE = 0.02
_CHUNK = 50_000

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
class Structure:
    """The vectorised draws of a :class:`~ingest.standin.corpus.SyntheticCorpus`."""

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
        rng.random(n)  # once the abstract draw (now in _draw_sources): kept so the draws after it stay
        self._has_mesh = self._has_pmid & (rng.random(n) < SHARES["mesh_given_pmid"])
        self._has_keywords = rng.random(n) < SHARES["keywords"]
        retracted = np.zeros(n, dtype=bool)
        retracted[rng.choice(n, size=max(1, round(n * RETRACTED_SHARE)), replace=False)] = True
        self._retracted = retracted

    def _draw_sources(self) -> None:
        """Venues, which works have an abstract, which abstracts and PMIDs OpenAlex leaves out:
        drawn from their own stream, after the demo seeds are placed (theirs stay in OpenAlex)."""
        n = self.size
        rng = np.random.default_rng([self.seed, self.size, 2])
        self._venue = rng.integers(0, len(VENUES), size=n).astype(np.int8)
        closed = np.isin(self._venue, [v for v, p in enumerate(PUBLISHERS) if p in CLOSED_PUBLISHERS])
        u = rng.random(n)
        self._has_abstract = np.where(self._has_pmid, u < ABSTRACT_GIVEN_PMID, u < ABSTRACT_NO_PMID)
        withheld = rng.random(n) < np.where(closed, WITHHELD_CLOSED, WITHHELD_OPEN)
        seeds = [p for p, _, _ in self._seeds]
        self._has_abstract[seeds] = True
        withheld[seeds] = False
        self._oa_abstract = self._has_abstract & ~withheld
        self._oa_pmid = self._has_pmid & (rng.random(n) >= PMID_NOT_IN_OPENALEX)
        self._oa_pmid[seeds] = self._has_pmid[seeds]

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
            self._has_doi[p] = True
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
