"""The text of one synthetic work, written on demand: title, abstract, keywords, MeSH and
the mentions the generator put in, plus its venue and authors.

:class:`Writing` is a part of :class:`ingest.standin.corpus.SyntheticCorpus`; every draw
comes from a per-work :class:`Draws` seeded by (corpus seed, size, index), so a work's text
is the same in every process and whatever else was asked before.
"""

from __future__ import annotations

import random
import zlib
from bisect import bisect_right

from ingest.standin.draws import SPECIES
from ingest.standin.text import Writer, write_abstract, write_title
from kg.model import DESIGNS
from kg.vocabulary import Term, vocabulary

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
GIVEN = ("Ada", "Bo", "Chen", "Dana", "Eli", "Fei", "Gita", "Hana", "Ivo", "Jun", "Kai", "Lena",
         "Mei", "Nils", "Omar", "Priya", "Qing", "Rosa", "Sami", "Tao", "Uma", "Vera", "Wei",
         "Xin", "Yara", "Zoe")
FAMILY = ("Synthwood", "Fakeman", "Mockley", "Placeholder", "Testa", "Sampleton", "Dummer",
          "Simula", "Artifex", "Proxley", "Standin", "Imitato", "Modello", "Surrogat")
INSTITUTIONS = ("Synthetic University of Neural Repair", "Institute of Synthetic Medicine",
                "Synthetic College of Acupuncture", "Mock Research Hospital")


class Writing:
    """Per-work text of a :class:`~ingest.standin.corpus.SyntheticCorpus`."""

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
        has_abstract = bool(self._oa_abstract[i])
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
        written = bool(self._has_abstract[i])
        return dict(title=title_text, abstract=abstract_text if has_abstract else None,
                    full_abstract=abstract_text if written else None,
                    abstract_sentences=tuple(abstract.sentences) if written else (),
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

    def _meta(self, i: int) -> tuple[int, list[tuple[str, str, str]], list[int]]:
        """(venue, authors as (name, institution, position), related work indices) of a work."""
        rng = self._rng(i, ":meta")
        venue = int(self._venue[i])
        n_auth = 1 + rng.randrange(8)
        authors = []
        for k in range(n_auth):
            name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
            inst = rng.choice(INSTITUTIONS)
            authors.append((name, inst, "first" if k == 0 else ("last" if k == n_auth - 1 else "middle")))
        related = sorted({rng.randrange(self.size) for _ in range(5)} - {i})
        return venue, authors, related


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
