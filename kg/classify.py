"""Study design and species of a work, from its title, abstract, OpenAlex type and MeSH terms.

Pure rules over text; :func:`study_design` returns one of :data:`kg.model.DESIGNS` (or None)
and :func:`species` one of :data:`kg.model.SPECIES` (or None). :func:`design_with_source`
also says where the design came from: what the record states decides first (PubMed
publication types, then the OpenAlex type, then MeSH headings), then the text.

The text rules are tried in this order (the first that fires wins), so that the more
specific reading beats the more general one:

0. **no design** - a notice about another paper: "Correction:", "Erratum to:", "Retraction
   Note:" at the start of the title.
1. **protocol** - "study protocol", "trial protocol", "protocol for/of a ... trial/review",
   "rationale and design", future-tense methods ("will be randomly assigned", "databases
   will be searched") or the MeSH publication type "Clinical Trial Protocol".
2. **systematic_review** - "systematic review", "meta-analysis" (also network, umbrella,
   Cochrane review, overview of reviews, pooled analysis) in the title, in a MeSH publication type
   ("Meta-Analysis", "Systematic Review"; never "... as Topic"), or in the abstract as what
   the authors did ("we conducted a meta-analysis", "databases were searched", "N RCTs were
   included"). GRADE, "risk of bias", pooled data and mean differences occur in trial
   reports too and decide nothing.
3. **observational** - a qualitative study named in the title, even one nested in a trial.
4. **rct** - a trial named in the title ("trial", randomised, RCT, placebo-controlled,
   double-blind): ``animal`` when animals dominate the text, ``observational`` when stated
   non-randomised or single-arm. Then a mixed-methods title is **observational**.
5. **case_report** - "case report" (or "case study" about a patient) in the title, which beats
   a review title ("case report and review of the literature").
6. **review** - a narrative review: "review", "overview", "research progress", "advances
   in", "perspectives on", "mechanisms ...: an update" in the title, "scoping review", "we
   review/summarize", or OpenAlex type ``review`` - unless the abstract reports an experiment
   of its own (animals randomly divided, patients enrolled), which then decides.
7. **case_report** - "case report", "case series", "N-year-old man/woman", MeSH "Case
   Reports"; "a case of", "case study" only where the text is about a patient.
8. **in_vitro** / **animal** - cultured cells, cell lines or "in vitro" with no animal treated
   in vivo and no people studied: **in_vitro**, even when the cells came from rats.
   Otherwise non-human animals dominating the text (rats, mice, Sprague-Dawley, C57BL/6,
   rabbits...): **animal**, even when worded like a trial.
9. **rct** - randomised ("randomized", "RCT", "randomly assigned/allocated/divided/treated",
   "assigned randomly", "random order"), or a controlled comparison in people (placebo,
   sham control, crossover design, control condition, within-subject design, "this ...
   trial", a trial registration), or people assigned to treatment groups not formed from what
   happened (not retrospective, consecutive, matched or "according to"); never when stated
   non-randomised ("non-randomized", "quasi-randomised"; "Mendelian randomization" is not
   randomisation).
10. **observational** - cohort, case-control, cross-sectional, retrospective, prospective,
    registry, survey, single-arm, non-randomised, before-after, Mendelian randomisation and
    qualitative (interview, focus group) studies; or people treated, enrolled or recruited
    with no randomisation.
11. None otherwise (editorials, letters, texts with no design signal).

The rules themselves are in :mod:`kg.design_rules`, matched by :mod:`kg.textmatch`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterable

from kg import design_rules as r
from kg.mesh import entries
from kg.model import SPECIES
from kg.textmatch import Field, Rule, fold


def _mesh_names(mesh: Iterable[Any] | None) -> list[str]:
    return [e.name.lower() for e in entries(mesh)]


def _text_arg(value: Any, what: str) -> str:
    value = value or ""
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a str or None, got {type(value).__name__}")
    return value


class _Read:
    """A title and abstract folded once, with the answers both classifiers ask of them."""

    __slots__ = ("title", "abstract", "text", "_found", "_counts")

    def __init__(self, title: str, abstract: str):
        self.title = Field.of(fold(title))
        self.abstract = Field.of(fold(abstract))
        self.text = self.title + self.abstract
        self._found: dict[str, bool] = {}
        self._counts: dict[str, int] | None = None

    def _once(self, key: str, rule: Rule, field: Field) -> bool:
        found = self._found.get(key)
        if found is None:
            found = self._found[key] = rule.search(field)
        return found

    def in_vitro(self) -> bool:
        return self._once("in_vitro", r.IN_VITRO, self.text)

    def in_vivo(self) -> bool:
        return self._once("in_vivo", r.IN_VIVO, self.text)

    def people_studied(self) -> bool:
        return self._once("people", r.PEOPLE_STUDIED, self.abstract)

    def species_counts(self) -> dict[str, int]:
        """Species named in the text, title words counting three times (a fresh dict)."""
        if self._counts is None:
            counts = {}
            for name, rule in r.SPECIES_TERMS.items():
                n = 3 * rule.count(self.title) + rule.count(self.abstract)
                if n:
                    counts[name] = n
            self._counts = counts
        return dict(self._counts)


@lru_cache(maxsize=16)
def _read(title: str, abstract: str) -> _Read:
    return _Read(title, abstract)


def species(title: str | None, abstract: str | None = None, mesh: Iterable[Any] | None = None) -> str | None:
    """The species a work studies: ``human``, ``rat``, ``mouse``, ``rabbit``, ``dog``, ``cat``,
    ``monkey``, ``zebrafish``, or None.

    Non-human MeSH descriptors (``Rats, Sprague-Dawley``, ``Mice``...) decide first, unless
    MeSH also says ``Humans``; then the species named most in the text (title words count
    three times) wins, people being named by words such as patients, participants,
    volunteers, adults.

    >>> species("Electroacupuncture promotes nerve regeneration in rats with sciatic nerve crush")
    'rat'
    >>> species("Acupuncture for carpal tunnel syndrome: a randomized controlled trial in 120 patients")
    'human'
    """
    from_mesh = [r.MESH_SPECIES[n] for n in _mesh_names(mesh) if n in r.MESH_SPECIES]
    animals = [s for s in from_mesh if s != "human"]
    if animals and "human" not in from_mesh:
        return max(sorted(set(animals)), key=animals.count)  # ties: alphabetical first
    read = _read(_text_arg(title, "title"), _text_arg(abstract, "abstract"))
    if not animals and r.MIXED.search(read.text):
        return None  # a review of clinical and experimental studies
    counts = read.species_counts()
    if "human" in counts and read.in_vitro() and not read.in_vivo() and not read.people_studied():
        del counts["human"]  # cells; "patients" only in the background
    if not counts:
        if from_mesh:
            return from_mesh[0]
        # no species named: trial and review-of-trials wording means people, unless preclinical
        if r.CLINICAL.search(read.text) and not r.PRECLINICAL.search(read.text):
            return "human"
        return None
    best = max(sorted(counts), key=lambda s: (counts[s], s != "human"))
    return best if best in SPECIES else None


#: NLM publication types (as PubMed gives them) that state a design; generic ones
#: ("Journal Article", "Research Support, ...", "Comparative Study") are not listed.
PUBLICATION_TYPE_DESIGNS = {
    "clinical trial protocol": "protocol",
    "systematic review": "systematic_review",
    "meta-analysis": "systematic_review",
    "network meta-analysis": "systematic_review",
    "randomized controlled trial": "rct",
    "equivalence trial": "rct",
    "randomized controlled trial, veterinary": "animal",
    "clinical trial, veterinary": "animal",
    "observational study, veterinary": "animal",
    "case reports": "case_report",
    "observational study": "observational",
    "twin study": "observational",
    "review": "review",
    "scoping review": "review",
    "systematic review protocol": "protocol",
}
#: Trial publication types that do not say whether the trial was randomised: ``rct`` when the
#: text says so, else ``observational`` (a non-randomised clinical study).
TRIAL_PUBLICATION_TYPES = frozenset({
    "clinical trial", "clinical trial, phase i", "clinical trial, phase ii", "clinical trial, phase iii",
    "clinical trial, phase iv", "controlled clinical trial", "pragmatic clinical trial", "adaptive clinical trial",
})
#: Publication types and OpenAlex types of records that report no study of their own.
NO_STUDY_TYPES = frozenset({
    "published erratum", "retraction of publication", "retraction notice", "expression of concern", "editorial",
    "comment", "news", "newspaper article", "biography", "portrait", "interview", "congress", "lecture",
    "erratum", "retraction", "paratext", "peer-review", "supplementary-materials", "libguides",
})
#: Where a design came from, most explicit first.
DESIGN_SOURCES = ("publication_type", "openalex_type", "mesh", "text")


def _from_publication_types(publication_types: Iterable[str], read: _Read) -> tuple[str | None, bool]:
    """``(design, decided)`` from PubMed publication types: the most specific stated design
    (protocol, then up the evidence ladder), decided True when the types settle it."""
    if isinstance(publication_types, str):
        raise TypeError("publication_types must be a sequence of names, not one str")
    names = set()
    for n, name in enumerate(publication_types):
        if not isinstance(name, str):
            raise TypeError(f"publication_types[{n}] must be a str, got {type(name).__name__}")
        names.add(name.strip().lower())
    stated = {PUBLICATION_TYPE_DESIGNS[n] for n in names if n in PUBLICATION_TYPE_DESIGNS}
    for design in ("protocol", "systematic_review", "animal", "rct", "case_report", "observational"):
        if design in stated:
            return design, True
    if names & TRIAL_PUBLICATION_TYPES:
        return ("rct" if _randomised(read) else "observational"), True
    if "review" in stated:
        return "review", True
    if names & NO_STUDY_TYPES:
        return None, True
    return None, False


def _randomised(read: _Read) -> bool:
    return (r.RANDOM.search(read.text) or r.TITLE_TRIAL.search(read.title)) and not r.NONRANDOM.search(read.text)


def _case(read: _Read, field: Field) -> bool:
    """A case report stated in ``field``: "case report", "case series", "a 45-year-old man"...,
    or "a case of" / "case study" where the text is about a patient."""
    return r.CASE.search(field) or (r.CASE_STUDY.search(field) and r.PATIENT.search(read.text))


def _allocated(read: _Read) -> bool:
    """People assigned to treatment groups (or groups by letter, one a control), the groups not
    formed from what happened (retrospective, consecutive, matched, according to)."""
    assigned = r.ALLOCATED.search(read.abstract) or (
        r.LABELLED_GROUPS.distinct(read.abstract) >= 2
        or r.LABELLED_GROUPS.search(read.abstract) and r.CONTROL_ARM.search(read.abstract)
    )
    return assigned and not r.NOT_ASSIGNED.search(read.text)


def _text_design(read: _Read, mesh_names: list[str], work_type: str | None) -> str | None:
    """The design the text (with MeSH headings and the OpenAlex type, if given) states."""
    mesh_designs = {r.MESH_DESIGN[n] for n in mesh_names if n in r.MESH_DESIGN}
    if r.NOTICE.search(read.title):
        return None
    if "protocol" in mesh_designs or r.PROTOCOL.search(read.title) or (
        r.FUTURE.search(read.abstract) and not r.DONE.search(read.abstract)
    ):
        return "protocol"
    if "systematic_review" in mesh_designs or r.SR_TITLE.search(read.title) or r.SR_ABSTRACT.search(read.abstract):
        return "systematic_review"
    if r.TITLE_QUALITATIVE.search(read.title):
        return "observational"

    counts = read.species_counts()
    for n in mesh_names:
        s = r.MESH_SPECIES.get(n)
        if s:
            counts[s] = counts.get(s, 0) + 2
    human = counts.get("human", 0)
    animal = max((v for k, v in counts.items() if k != "human"), default=0)
    if r.TITLE_TRIAL.search(read.title):  # the title says what the study is: a trial
        if animal and animal >= human:
            return "animal"
        if r.NONRANDOM.search(read.text) or r.UNCONTROLLED.search(read.text):
            return "observational"
        return "rct"
    if r.TITLE_MIXED_METHODS.search(read.title):
        return "observational"
    if _case(read, read.title):
        return "case_report"  # "case report and review of the literature"
    if r.REVIEW_TITLE.search(read.title):
        return "review"
    if (work_type == "review" or "review" in mesh_designs or r.REVIEW_ABSTRACT.search(read.abstract)) and not (
        r.EXPERIMENT.search(read.abstract)
    ):
        return "review"
    if "case_report" in mesh_designs or _case(read, read.text):
        return "case_report"
    in_vitro = "in_vitro" in mesh_designs or read.in_vitro()
    trial = r.RANDOM.search(read.text) or r.CONTROLLED.search(read.text)
    if in_vitro and not read.in_vivo() and not read.people_studied() and not (human and trial):
        return "in_vitro"  # cells, even when taken from rats, with no animal treated in vivo
    if animal and animal >= human:
        return "animal"
    if "rct" in mesh_designs or ((trial or _allocated(read)) and not r.NONRANDOM.search(read.text)):
        return "rct"
    if "observational" in mesh_designs or (human and read.people_studied()) or r.OBSERVATIONAL.search(read.text):
        return "observational"
    if animal:
        return "animal"
    return None


def design_with_source(
    title: str | None,
    abstract: str | None = None,
    work_type: str | None = None,
    mesh: Iterable[Any] | None = None,
    publication_types: Iterable[str] = (),
) -> tuple[str | None, str | None]:
    """The study design of a work and where it came from: ``(design, source)``.

    What the record states decides first: PubMed publication types (``source
    "publication_type"``), then the OpenAlex type (``"openalex_type"``: a notice, erratum,
    editorial or paratext has no design; a review is a narrative review unless the text finds
    a protocol, a systematic review or an experiment of its own), then MeSH headings where
    they change the text's answer (``"mesh"``), then the title and abstract (``"text"``).
    ``source`` is None when there is no design.

    >>> design_with_source("Acupuncture for sciatica", publication_types=["Journal Article", "Randomized Controlled Trial"])
    ('rct', 'publication_type')
    >>> design_with_source("Acupuncture and nerve repair", work_type="review")
    ('review', 'openalex_type')
    >>> design_with_source("Acupuncture for sciatica: a randomised sham-controlled trial")
    ('rct', 'text')
    >>> design_with_source("Correction: Acupuncture for sciatica", work_type="erratum")
    (None, None)
    """
    work_type = (work_type or "").lower() or None
    read = _read(_text_arg(title, "title"), _text_arg(abstract, "abstract"))
    design, decided = _from_publication_types(publication_types or (), read)
    if decided:
        return design, ("publication_type" if design else None)
    if work_type in NO_STUDY_TYPES:
        return None, None
    mesh_names = _mesh_names(mesh)
    if work_type == "review":
        design = _text_design(read, mesh_names, work_type)
        if design == "review" and _text_design(read, mesh_names, None) != "review":
            return design, "openalex_type"
    else:
        design = _text_design(read, mesh_names, work_type)
    if design is None:
        return None, None
    telling = [n for n in mesh_names if n in r.MESH_DESIGN or n in r.MESH_SPECIES]  # the MeSH the rules read
    if telling and design != _text_design(read, [], work_type):
        return design, "mesh"
    return design, "text"


def study_design(
    title: str | None,
    abstract: str | None = None,
    work_type: str | None = None,
    mesh: Iterable[Any] | None = None,
    publication_types: Iterable[str] = (),
) -> str | None:
    """The study design of a work, one of :data:`kg.model.DESIGNS`, or None.

    The design of :func:`design_with_source`. From the text, rules in order: a notice
    (correction, erratum, retraction) has none; protocol; systematic review; a qualitative or
    mixed-methods title; a trial named in the title; narrative review; case report; animal /
    in vitro; RCT; observational (see the module docstring).

    >>> study_design("Acupuncture for neuropathic pain: a systematic review and meta-analysis of RCTs")
    'systematic_review'
    >>> study_design("Electroacupuncture in rats", "Rats were randomly divided into three groups.")
    'animal'
    >>> study_design("Acupuncture for CIPN: study protocol for a randomized controlled trial")
    'protocol'
    """
    return design_with_source(title, abstract, work_type, mesh, publication_types)[0]
