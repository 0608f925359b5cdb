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
- DOI 92 %, PMID 85 %; an abstract for 98 % of works with a PMID and 75 % of the others;
  OpenAlex withholds it (``abstract_inverted_index: null``) for 60 % of the works in the six
  "Springer/Elsevier" venues and 5 % elsewhere (about a third of the abstracts; never a
  demo seed's), while PubMed (:mod:`ingest.standin.render_xml`) serves every abstract of a
  work with a PMID; 6 % of the PMIDs are not listed by OpenAlex (PubMed finds them by DOI);
  MeSH on 80 % of works with a PMID, keywords 60 %, retracted 0.4 % (at least one), 2 % of works
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

The parts live in their own modules: :mod:`~ingest.standin.draws` (the vectorised structure),
:mod:`~ingest.standin.writing` (a work's text and MeSH), :mod:`~ingest.standin.render_json`
(the OpenAlex JSON) and :mod:`~ingest.standin.truth` (what the generator put in).
"""


from __future__ import annotations

import json
import threading

import numpy as np

from ingest.standin import plan
from ingest.standin.draws import (
    DANGLING_BASE,
    DESIGN_SHARES,
    DOI_PREFIX,
    FIRST_YEAR,
    HUMAN_GROUP,
    ID_BASE,
    LAST_YEAR,
    PMID_BASE,
    SHARES,
    SPECIES,
    TYPES,
    VENUES,
    DemoSeed,
    Structure,
    corpus_concepts,
)
from ingest.standin.render_json import WORK_FIELDS, _plan, _str
from ingest.standin.truth import Truth
from ingest.standin.writing import CHECK_TAGS, QUALIFIERS, Writing
from kg.model import DESIGNS
from kg.vocabulary import Term

__all__ = [  # the corpus's names, wherever they are defined
    "CHECK_TAGS", "DANGLING_BASE", "DESIGNS", "DESIGN_SHARES", "DOI_PREFIX", "FIRST_YEAR", "HUMAN_GROUP",
    "ID_BASE", "LAST_YEAR", "PMID_BASE", "QUALIFIERS", "SHARES", "SPECIES", "TYPES", "VENUES", "WORK_FIELDS",
    "DemoSeed", "SyntheticCorpus", "corpus_concepts", "_str",
]


class SyntheticCorpus(Structure, Writing, Truth):
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
        self._draw_sources()
        self._seed_at = {p: (bib, topic) for p, bib, topic in self._seeds}
        self._cumulative = {
            group: {name: (idx.tolist(), np.cumsum(p).tolist()) for name, (idx, p) in pools.items()}
            for group, pools in self._pools.items()
        }

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

    def openalex_pmid(self, index: int) -> str | None:
        """The PMID the OpenAlex record lists (6 % of works with a PMID list none), or None."""
        return self.pmid(index) if self._oa_pmid[index] else None

    def index_of_pmid(self, pmid: str) -> int | None:
        """Index of the work with this PMID (digits or PubMed URL), else None."""
        p = str(pmid).strip().rstrip("/").rsplit("/", 1)[-1]
        if not p.isdigit():
            return None
        i = int(p) - PMID_BASE
        return i if 0 <= i < self.size and self._has_pmid[i] else None

    def venue(self, index: int) -> str:
        """The journal a work appeared in."""
        return VENUES[self._venue[index]]

    def index_of_openalex_pmid(self, pmid: str) -> int | None:
        """Like :meth:`index_of_pmid`, for the PMIDs the OpenAlex records list."""
        i = self.index_of_pmid(pmid)
        return i if i is not None and self._oa_pmid[i] else None

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
            has_abstract=self._oa_abstract,
            has_doi=self._has_doi,
            has_pmid=self._oa_pmid,
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
    def _counts_by_year(self, i: int) -> list[tuple[int, int]]:
        """``(year, citing works that year)`` of the last ten years, newest first, zeros left out."""
        self._reverse_index()
        off, years, counts = self._by_year
        a, b = int(off[i]), int(off[i + 1])
        if a == b:
            return []
        return list(zip(years[a:b][::-1].tolist(), counts[a:b][::-1].tolist()))
