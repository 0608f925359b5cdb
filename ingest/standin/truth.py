"""What the synthetic corpus holds by construction: the demo seeds, the fate of each claimed
effect, the hops from the seeds, and every mention the generator wrote into a work.

:class:`Truth` is a part of :class:`ingest.standin.corpus.SyntheticCorpus`.
"""

from __future__ import annotations

import numpy as np

from ingest.standin import plan
from ingest.standin.draws import ID_BASE, SPECIES, TYPES, DemoSeed
from kg.model import DESIGNS


class Truth:
    """Ground truth of a :class:`~ingest.standin.corpus.SyntheticCorpus`."""

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

    def truth(self, openalex_id: str) -> dict:
        """What the generator put into a work: design, species, mentions, flags.

        Each mention: ``concept``, ``kind``, ``field`` (title, abstract, keywords, mesh),
        ``role`` (subject; object: the thing a finding is about; topic: named without a
        finding; site, context, model, comparator, keyword, mesh),
        ``direction`` and ``negated`` of the finding about it (objects only), and
        ``sentence_index``/``start``/``end``/``matched`` (text fields; offsets into the title
        or into the abstract as the inverted index spells it with single spaces) or
        ``index`` (keywords, mesh: the entry's index as OpenAlex lists it, a descriptor once
        per qualifier). Abstract mentions are listed when OpenAlex serves the abstract.
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
            "has_abstract": bool(self._oa_abstract[i]),  # in the OpenAlex record
            "abstract_withheld": bool(self._has_abstract[i] and not self._oa_abstract[i]),
            "pubmed_abstract": bool(self._has_abstract[i] and self._has_pmid[i]),
            "has_doi": bool(self._has_doi[i]),
            "has_pmid": bool(self._has_pmid[i]),
            "pmid_in_openalex": bool(self._oa_pmid[i]),
            "dangling_references": [f"https://openalex.org/{d}" for d in self.dangling_of(i)],
            "seed": seed is not None,
            "stands_for_doi": seed[0].doi if seed else None,
            "mentions": text["mentions"],
        }
