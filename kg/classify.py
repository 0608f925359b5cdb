"""Study design and species of a work, from its title, abstract, OpenAlex type and MeSH terms.

Pure rules over text; :func:`study_design` returns one of :data:`kg.model.DESIGNS` (or None)
and :func:`species` one of :data:`kg.model.SPECIES` (or None).

The design rules are tried in this order (the first that fires wins), so that the more
specific reading beats the more general one:

1. **protocol** - "study protocol", "trial protocol", "protocol for/of a ... trial/review",
   future-tense methods ("will be randomly assigned", "databases will be searched") or the
   MeSH publication type "Clinical Trial Protocol". A protocol of an RCT is a protocol.
2. **systematic_review** - "systematic review", "meta-analysis" (also network, pooled,
   umbrella, Cochrane review, overview of reviews) in the title, in a MeSH publication type
   ("Meta-Analysis", "Systematic Review"; never "... as Topic"), or in the abstract as what
   the authors did ("we conducted a meta-analysis", "databases were searched", "N RCTs were
   included"). "A meta-analysis of RCTs" is a systematic review.
3. **review** - a narrative review: "review", "overview", "research progress", "advances
   in", "mechanisms ...: an update" in the title, "scoping review", "we review/summarize",
   or OpenAlex type ``review`` - unless the abstract reports an experiment of its own
   (animals randomly divided, patients enrolled), which then decides.
4. **case_report** - "case report", "case series", "a case of", "N-year-old man/woman",
   MeSH "Case Reports".
5. **in_vitro** / **animal** - cultured cells, cell lines or "in vitro" with no animal treated
   in vivo (no "rats were randomly divided", "CCI", "behavioural tests", "in vivo"...):
   **in_vitro**, even when the cells came from rats. Otherwise non-human animals dominating
   the text (rats, mice, Sprague-Dawley, C57BL/6, rabbits...): **animal**, even when worded
   like a trial ("rats were randomly divided into groups", "a randomized controlled study
   in rats").
6. **rct** - randomised: "randomized/randomised controlled trial", "RCT", "randomly
   assigned/allocated/divided", "sham-controlled", "double-blind", "placebo-controlled"
   trial wording, MeSH "Randomized Controlled Trial"; but "non-randomized" is not.
7. **observational** - cohort, case-control, cross-sectional, retrospective, prospective,
   registry, survey, single-arm, non-randomised, before-after studies; or people treated,
   enrolled or recruited with no randomisation.
8. None otherwise (editorials, letters, texts with no design signal).
"""

from __future__ import annotations

import re
from typing import Any, Iterable

from kg.model import SPECIES


def _rx(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


_PROTOCOL = _rx(
    r"\b(?:study|trial|review|research|design)\s+protocol\b|\bprotocol\s+(?:for|of)\s+(?:an?\s+|the\s+)?"
    r"(?:\w+[\s-]+){0,5}(?:trial|review|meta-?analysis|study|RCT)\b|"
    r"\bprotocol\s*$|^\s*protocol\b|:\s*(?:a\s+)?protocol\b|\bthis\s+protocol\b"
)
_FUTURE = _rx(
    r"\bwill\s+be\s+(?:randomi[sz]ed|randomly|recruited|enrolled|searched|allocated|assigned|included|"
    r"conducted|performed|screened|assessed|used|extracted|measured)\b|"
    r"\b(?:we|this\s+(?:study|trial))\s+will\s+(?:recruit|enrol|enroll|search|include|conduct|assess|evaluate)\b"
)
_SR_TITLE = _rx(
    r"\bsystematic(?:al)?\s+(?:literature\s+)?reviews?\b|\bmeta[\s-]?analy[sz]\w*|\bmetaanaly[sz]\w*|"
    r"\bcochrane\b|\bumbrella\s+review|\boverview\s+of\s+(?:systematic\s+)?reviews|\bpooled\s+analys[ie]s\b|"
    r"\bsystematic\s+(?:search|evaluation|appraisal)|\bevidence\s+map\b|\bmeta-?regression\b"
)
_SR_ABSTRACT = _rx(
    r"\b(?:we|this|the\s+present|present)\s+(?:\w+\s+){0,2}(?:conducted|performed|undertook|carried\s+out|did)?\s*"
    r"(?:an?\s+)?(?:updated\s+)?(?:systematic\s+review|meta-?analy[sz]\w*)|"
    r"\bthis\s+(?:systematic\s+review|meta-?analysis|review)\b|"
    r"\b(?:databases?|pubmed|medline|embase|cochrane\s+library|cnki|web\s+of\s+science|wanfang)\b[^.]{0,120}"
    r"\b(?:were|was)\s+(?:systematically\s+)?searched\b|\bsearched\b[^.]{0,80}\b(?:pubmed|medline|embase|databases|cnki)\b|"
    r"\b\d+\s+(?:randomi[sz]ed\s+(?:controlled\s+)?trials|rcts|studies|trials|articles)\s+(?:\w+\s+){0,3}(?:were|was)\s+included\b|"
    r"\bincluded\s+\d+\s+(?:rcts|studies|trials|randomi[sz]ed)|\bpooled\s+(?:results|estimates?|data|effect)\b|"
    r"\b(?:standardi[sz]ed|weighted)\s+mean\s+differences?\b|\brisk\s+of\s+bias\b|\bGRADE\b"
)
_REVIEW_TITLE = _rx(
    r"\b(?:narrative|literature|scoping|critical|mini|brief|comprehensive|historical)?[\s-]?reviews?\b|\boverview\b|"
    r"\bresearch\s+progress\b|\badvances?\s+in\b|\bprogress\s+(?:in|of|on)\b|\bstate\s+of\s+the\s+art\b|"
    r"\bcurrent\s+(?:evidence|concepts|perspectives?|status|understanding)\b|\bperspectives?\b|\ban\s+update\b|"
    r"\bupdate\s+on\b|\bwhat\s+do\s+we\s+know\b|\bnew\s+insights?\b|\bhypothes[ie]s\b"
)
_REVIEW_ABSTRACT = _rx(
    r"\b(?:this|the\s+present|our)\s+(?:narrative\s+|scoping\s+|mini-?\s?)?review\b|\bscoping\s+review\b|"
    r"\b(?:we|this\s+article|this\s+paper|here\s+we)\s+(?:\w+\s+){0,2}(?:review|summari[sz]e|discuss|describe\s+recent|highlight)\b|"
    r"\bin\s+this\s+(?:review|article)\b|\bis\s+reviewed\b|\bare\s+reviewed\b|\bliterature\s+(?:review|was\s+reviewed)\b"
)
_CASE = _rx(
    r"\bcase\s+reports?\b|\bcase\s+series\b|\ba\s+case\s+of\b|\b(?:we\s+(?:report|present|describe))\s+(?:a|an|the|two|three|\d+)\s+"
    r"(?:\w+[\s-]+){0,3}(?:case|cases|patient|patients|man|woman|boy|girl|child)\b|"
    r"\b\d+[\s-]year[\s-]old\s+(?:man|woman|male|female|patient|boy|girl|child|lady|gentleman)\b|\bcase\s+study\b|"
    r"\breport\s+of\s+(?:a|one|two|three|\d+)\s+(?:\w+\s+)?cases?\b"
)
_RANDOM = _rx(
    r"(?<!non-)(?<!non)(?<!quasi-)\brandomi[sz](?:ed|ation)\b|\bRCTs?\b|\brandomly\s+(?:assigned|allocated|divided|"
    r"distributed|selected\s+to|split)\b|\brandom\s+(?:allocation|assignment)\b|\bsham[\s-]controlled\b|"
    r"\bdouble[\s-]blind(?:ed)?\b|\bsingle[\s-]blind(?:ed)?\b|\bplacebo[\s-]controlled\b|\btriple[\s-]blind"
)
_NONRANDOM = _rx(r"\bnon-?randomi[sz]ed\b|\bquasi-?randomi[sz]ed\b|\bnot\s+randomi[sz]ed\b")
_OBSERVATIONAL = _rx(
    r"\bcohort\b|\bcase[\s-]control\b|\bcross[\s-]sectional\b|\bretrospective(?:ly)?\b|\bprospective(?:ly)?\b|"
    r"\bobservational\b|\bregistry\b|\bsurvey\b|\bsingle[\s-]arm\b|\bnon-?randomi[sz]ed\b|\bquasi-?(?:randomi[sz]ed|experimental)\b|"
    r"\bbefore[\s-]and[\s-]after\b|\bpre[\s-]?(?:and[\s-])?post\b|\buncontrolled\b|\bopen[\s-]label\b|\bcase\s+series\b|"
    r"\bchart\s+review\b|\breal[\s-]world\b|\bpopulation[\s-]based\b|\bnationwide\b|\bclaims\s+data\b|"
    r"\butili[sz]ation\b|\bdatabase\s+study\b|\bclinical\s+(?:observation|study|audit|experience)\b|\bpilot\s+study\b"
)
_PEOPLE_STUDIED = _rx(
    r"\b(?:\d+|sixty|forty|thirty|twenty|fifty|eighty|hundred)\s+(?:\w+\s+){0,3}(?:patients|participants|subjects|"
    r"volunteers|women|men|adults|individuals|people|cases)\b|\b(?:patients|participants|subjects|volunteers|women|men|adults|"
    r"individuals)\s+(?:\w+\s+){0,4}(?:were|was)\s+(?:enrolled|recruited|included|treated|randomi[sz]ed|allocated|assigned|"
    r"divided|studied|followed|evaluated)\b|\benrolled\b|\brecruited\b"
)
_EXPERIMENT = _rx(
    r"\b(?:rats|mice|animals|rabbits|dogs|cats|monkeys)\s+(?:\w+\s+){0,4}(?:were|was)\s+(?:randomly|divided|assigned|allocated|"
    r"subjected|treated|anesthetized|anaesthetized|used)\b|\b(?:patients|participants|subjects|volunteers)\s+(?:\w+\s+){0,4}"
    r"(?:were|was)\s+(?:randomly|randomi[sz]ed|enrolled|recruited|assigned|allocated)\b"
)
_IN_VITRO = _rx(
    r"\bin\s+vitro\b|\bcultured\s+(?:\w+\s+){0,3}(?:cells|neurons|schwann|astrocytes|microglia|explants?)|"
    r"\bcell\s+(?:line|lines|culture|cultures)\b(?![\s-]+derived)|\bprimary\s+cultures?\b|\bco-?cultur\w*|"
    r"\b(?:PC12|PC-12|RSC96|RSC-96|SH-SY5Y|BV2|BV-2|HEK293|HEK-293|ND7/23|F11)\b|\bexplants?\b"
)

_IN_VIVO = _rx(
    r"\bin\s+vivo\b|\b(?:rats|mice|animals|rabbits|dogs)\s+(?:\w+\s+){0,3}(?:were|was)\s+(?:randomly|divided|assigned|"
    r"allocated|subjected|treated|anesthetized|anaesthetized|given|injected)\b|"
    r"\b(?:rats|mice|animals)\b[^.]{0,60}?\b(?:received|underwent)\b|"
    r"-treated\s+(?:rats|mice|animals)\b|\bbehaviou?r(?:al)?\b|\bpaw\s+withdrawal\b|\bintrathecal\w*|\bintraperitoneal\w*|"
    r"\b(?:CCI|SNI|SNL|MCAO)\b|\bsciatic\s+nerve\s+(?:crush|transection|injury)\b|\bmodel\s+(?:rats|mice)\b|"
    r"\b(?:rat|mouse|animal)\s+models?\b"
)
_SPECIES_TERMS: dict[str, re.Pattern] = {
    "rat": _rx(r"\brats?\b|\bsprague[\s-]dawley\b|\bwistar\b|\blong[\s-]evans\b|\bSD\s+rats\b|\brattus\b"),
    "mouse": _rx(r"\bmice\b|\bmouse\b|\bmurine\b|\bC57BL\b|\bC57/BL|\bBALB/c\b|\bknockout\s+mice\b|\bICR\s+mice\b"),
    "rabbit": _rx(r"\brabbits?\b|\blagomorph"),
    "dog": _rx(r"\bdogs?\b|\bcanine\b|\bbeagles?\b"),
    "cat": _rx(r"\bcats\b|\bfeline\b|\ba\s+cat\b|\bthe\s+cat\b"),
    "monkey": _rx(r"\bmonkeys?\b|\bmacaques?\b|\bmacaca\b|\brhesus\b|\bnon-?human\s+primates?\b|\bprimates\b"),
    "zebrafish": _rx(r"\bzebra\s?fish\b|\bdanio\s+rerio\b"),
    "human": _rx(
        r"\bpatients?\b|\bparticipants?\b|\bvolunteers?\b|\bwomen\b|\bmen\b|\bwoman\b|\bman\b|\badults?\b|"
        r"\bchildren\b|\bpeople\b|\bindividuals\b|\bhumans?\b|\bclinical\s+(?:trials?|studies|practice)\b|"
        r"\b\d+[\s-]year[\s-]old\b|\boutpatients?\b|\binpatients?\b|\bRCTs?\b|\brandomi[sz]ed\s+controlled\s+trials?\b"
    ),
}
_CLINICAL = _rx(
    r"\btrials?\b|\brandomi[sz]ed\b|\bsham[\s-]controlled\b|\bsystematic\s+reviews?\b|\bmeta-?analy[sz]\w*|"
    r"\bclinical\s+(?:trials?|stud(?:y|ies)|evidence|practice|outcomes?)\b|\bcase\s+reports?\b|\bcase\s+series\b|\bcohort\b|\bcross-sectional\b|\bretrospective\b|"
    r"\bprospective\b|\bsingle[\s-]arm\b|\bpilot\b|\bcochrane\b|\b\d+\s+cases\b|\bsurvey\b|\bprotocol\b|"
    r"\bumbrella\s+review\b|\boverview\s+of\b|\bpopulation[\s-]based\b|\bnationwide\b|\breport\s+of\s+a\s+case\b"
)
_PRECLINICAL = _rx(r"\bpre-?clinical\b|\banimals?\b|\bin\s+vitro\b|\bexperimental\s+(?:studies|models?)\b|\bcells?\b")
_MIXED = _rx(
    r"\b(?:clinical|human)\s+and\s+(?:experimental|pre-?clinical|animal|basic)\b|"
    r"\b(?:experimental|pre-?clinical|animal|basic)\s+and\s+(?:clinical|human)\b"
)
_MESH_SPECIES = {
    "humans": "human",
    "rats": "rat",
    "rats, sprague-dawley": "rat",
    "rats, wistar": "rat",
    "rats, inbred strains": "rat",
    "rats, long-evans": "rat",
    "mice": "mouse",
    "mice, inbred c57bl": "mouse",
    "mice, knockout": "mouse",
    "mice, inbred balb c": "mouse",
    "mice, inbred icr": "mouse",
    "mice, transgenic": "mouse",
    "rabbits": "rabbit",
    "dogs": "dog",
    "cats": "cat",
    "macaca mulatta": "monkey",
    "macaca fascicularis": "monkey",
    "haplorhini": "monkey",
    "primates": "monkey",
    "zebrafish": "zebrafish",
}
_MESH_DESIGN = {
    "meta-analysis": "systematic_review",
    "systematic review": "systematic_review",
    "network meta-analysis": "systematic_review",
    "randomized controlled trial": "rct",
    "clinical trial protocol": "protocol",
    "case reports": "case_report",
    "review": "review",
    "observational study": "observational",
    "cohort studies": "observational",
    "case-control studies": "observational",
    "cross-sectional studies": "observational",
    "retrospective studies": "observational",
    "prospective studies": "observational",
    "in vitro techniques": "in_vitro",
    "cells, cultured": "in_vitro",
}


def _mesh_names(mesh: Iterable[Any] | None) -> list[str]:
    names = []
    for entry in mesh or ():
        if isinstance(entry, dict):
            name = entry.get("descriptor_name")
        elif isinstance(entry, str):
            name = entry
        else:
            raise ValueError(f"mesh entry must be a dict or a str, got {entry!r}")
        if name:
            names.append(name.strip().lower())
    return names


def _species_counts(title: str, abstract: str) -> dict[str, int]:
    counts = {}
    for name, rx in _SPECIES_TERMS.items():
        n = 3 * len(rx.findall(title)) + len(rx.findall(abstract))
        if n:
            counts[name] = n
    return counts


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
    title = title or ""
    abstract = abstract or ""
    from_mesh = [_MESH_SPECIES[n] for n in _mesh_names(mesh) if n in _MESH_SPECIES]
    animals = [s for s in from_mesh if s != "human"]
    if animals and "human" not in from_mesh:
        return max(set(animals), key=animals.count)
    text = f"{title}\n{abstract}"
    if _MIXED.search(text) and not animals:
        return None  # a review of clinical and experimental studies
    counts = _species_counts(title, abstract)
    if "human" in counts and _IN_VITRO.search(text) and not _IN_VIVO.search(text) and not _PEOPLE_STUDIED.search(abstract):
        del counts["human"]  # cells; "patients" only in the background
    if not counts:
        if from_mesh:
            return from_mesh[0]
        # no species named: trial and review-of-trials wording means people, unless preclinical
        if _CLINICAL.search(text) and not _PRECLINICAL.search(text):
            return "human"
        return None
    best = max(sorted(counts), key=lambda s: (counts[s], s != "human"))
    return best if best in SPECIES else None


def study_design(
    title: str | None,
    abstract: str | None = None,
    work_type: str | None = None,
    mesh: Iterable[Any] | None = None,
) -> str | None:
    """The study design of a work, one of :data:`kg.model.DESIGNS`, or None.

    Rules, in order: protocol, systematic review, narrative review, case report, animal /
    in vitro, RCT, observational (see the module docstring).

    >>> study_design("Acupuncture for neuropathic pain: a systematic review and meta-analysis of RCTs")
    'systematic_review'
    >>> study_design("Electroacupuncture in rats", "Rats were randomly divided into three groups.")
    'animal'
    >>> study_design("Acupuncture for CIPN: study protocol for a randomized controlled trial")
    'protocol'
    """
    title = title or ""
    abstract = abstract or ""
    text = f"{title}\n{abstract}"
    mesh_names = _mesh_names(mesh)
    mesh_designs = {_MESH_DESIGN[n] for n in mesh_names if n in _MESH_DESIGN}
    work_type = (work_type or "").lower() or None

    if _PROTOCOL.search(title) or "protocol" in mesh_designs or (
        _FUTURE.search(abstract) and not re.search(r"\b(?:were|was)\s+(?:randomi[sz]ed|enrolled|recruited|included)\b", abstract, re.I)
    ):
        return "protocol"
    if _SR_TITLE.search(title) or "systematic_review" in mesh_designs or _SR_ABSTRACT.search(abstract):
        return "systematic_review"

    experiment = bool(_EXPERIMENT.search(abstract))
    if (_REVIEW_TITLE.search(title) or _REVIEW_ABSTRACT.search(abstract) or work_type == "review" or "review" in mesh_designs) and not (
        experiment and not _REVIEW_TITLE.search(title)
    ):
        return "review"
    if _CASE.search(text) or "case_report" in mesh_designs:
        return "case_report"

    counts = _species_counts(title, abstract)
    for n in mesh_names:
        s = _MESH_SPECIES.get(n)
        if s:
            counts[s] = counts.get(s, 0) + 2
    human = counts.get("human", 0)
    animal = max((v for k, v in counts.items() if k != "human"), default=0)
    in_vitro = bool(_IN_VITRO.search(text)) or "in_vitro" in mesh_designs
    if in_vitro and not _IN_VIVO.search(text) and not _PEOPLE_STUDIED.search(abstract):
        return "in_vitro"  # cells, even when taken from rats, with no animal treated in vivo
    if animal and animal >= human:
        return "animal"
    if (_RANDOM.search(text) and not _NONRANDOM.search(text)) or "rct" in mesh_designs:
        return "rct"
    if _OBSERVATIONAL.search(text) or "observational" in mesh_designs or (human and _PEOPLE_STUDIED.search(abstract)):
        return "observational"
    if animal:
        return "animal"
    return None
