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
   trial wording, MeSH "Randomized Controlled Trial"; but "non-randomized" and "Mendelian
   randomization" are not.
7. **observational** - cohort, case-control, cross-sectional, retrospective, prospective,
   registry, survey, single-arm, non-randomised, before-after, Mendelian randomisation and
   qualitative (interview, focus group) studies; or people treated, enrolled or recruited
   with no randomisation.
8. None otherwise (editorials, letters, texts with no design signal).

Matching is case-insensitive and fast: a text is folded to lower case once (folding agrees
with :data:`re.IGNORECASE` character by character) and split into its words once; each rule
is a lazily compiled pattern with the words it cannot match without, and is not run on a
text that has none of them; the cheap signals (work type, MeSH) are checked first; and what
both functions ask of one title and abstract is worked out once.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Iterable

from kg.mesh import entries
from kg.model import SPECIES


def _fold(text: str) -> str:
    """``text`` in lower case, one character for one, as re.IGNORECASE compares letters.

    Beyond str.lower(), re.IGNORECASE matches three characters to an ASCII letter:
    dotted and dotless i (str.lower() makes the dotted one two characters) and long s.
    """
    if text.isascii():
        return text.lower()
    return text.replace("\u0130", "i").replace("\u0131", "i").replace("\u017f", "s").lower()


# Bytes that are an ASCII word character of ``re`` in folded text (lower-case letters, digits,
# underscore) kept, every other byte (other ASCII, the bytes of non-ASCII characters) a space.
_WORD_BYTES = bytes(b if b in b"0123456789_abcdefghijklmnopqrstuvwxyz" else 32 for b in range(256))


class _Field:
    """A folded text and its gate: its ASCII words, each run of other characters one space.

    A rule's anchors are looked for in the gate: a space in an anchor stands for such a run,
    or for the start or end of the text. An anchor that is one whole word (``" rats "``) is
    looked up in the set of the words.
    """

    __slots__ = ("folded", "gate", "words")

    def __init__(self, folded: str, gate: bytes, words: set[bytes]):
        self.folded = folded
        self.gate = gate
        self.words = words

    @classmethod
    def of(cls, folded: str) -> _Field:
        """The field of a folded text."""
        words = folded.encode("utf-8", "surrogatepass").translate(_WORD_BYTES).split()
        return cls(folded, b" %s " % b" ".join(words), set(words))

    def __add__(self, other: _Field) -> _Field:
        """The field of the two texts joined by a line break."""
        return _Field(f"{self.folded}\n{other.folded}", self.gate[:-1] + other.gate, self.words | other.words)


def _split_anchors(anchors: tuple[str, ...]) -> tuple[frozenset[bytes], tuple[bytes, ...]]:
    """Whole-word anchors (for the word set) apart from the other anchors (for the gate)."""
    words = {a.strip() for a in anchors if len(a) > 2 and a[0] == a[-1] == " " and " " not in a[1:-1]}
    phrases = tuple(a for a in anchors if a.strip() not in words)
    return frozenset(w.encode("ascii") for w in words), tuple(a.encode("ascii") for a in phrases)


class _Rule:
    """A case-insensitive pattern in parts, each run only when one of its anchors occurs.

    Each part is ``(anchors, pattern)``: every match of the pattern, in a text, shows one of
    the anchors in the text's gate (see :class:`_Field`). The rule matches when a part does
    (the parts are alternatives, cheapest first); :meth:`count` needs a single part.
    """

    __slots__ = ("parts", "_gates", "_compiled")

    def __init__(self, *parts: tuple[tuple[str, ...], str]):
        self.parts = parts
        self._gates = tuple(_split_anchors(anchors) for anchors, _ in parts)
        self._compiled: tuple[tuple[frozenset[bytes], tuple[bytes, ...], re.Pattern], ...] | None = None

    @property
    def pattern(self) -> str:
        """The whole pattern, as matched with re.IGNORECASE."""
        return "|".join(pattern for _, pattern in self.parts)

    def _compile(self) -> tuple[tuple[frozenset[bytes], tuple[bytes, ...], re.Pattern], ...]:
        self._compiled = tuple(
            (words, phrases, re.compile(pattern.lower())) for (words, phrases), (_, pattern) in zip(self._gates, self.parts)
        )
        return self._compiled

    def search(self, field: _Field) -> bool:
        """Whether the pattern matches ``field`` (as ``re.search`` would)."""
        for words, phrases, rx in self._compiled or self._compile():
            if words.isdisjoint(field.words) and not (phrases and any(map(field.gate.__contains__, phrases))):
                continue
            if rx.search(field.folded):
                return True
        return False

    def count(self, field: _Field) -> int:
        """How many times the rule's single pattern matches ``field``, as ``re.findall`` counts."""
        ((words, phrases, rx),) = self._compiled or self._compile()
        if words.isdisjoint(field.words) and not (phrases and any(map(field.gate.__contains__, phrases))):
            return 0
        return len(rx.findall(field.folded))


_PROTOCOL = _Rule(
    (
        (" protocol ",),
        r"\b(?:study|trial|review|research|design)\s+protocol\b|\bprotocol\s+(?:for|of)\s+(?:an?\s+|the\s+)?"
        r"(?:\w+[\s-]+){0,5}(?:trial|review|meta-?analysis|study|RCT)\b|"
        r":\s*(?:a\s+)?protocol\b|\bthis\s+protocol\b",
    ),
    (
        (" rationale ",),
        r"\brationale,?\s+(?:and\s+)?(?:\w+\s+){0,2}design\b|\bdesign\s+and\s+rationale\b",
    ),
)
#: A notice about another paper (correction, erratum, retraction), named so at the start of its title.
_NOTICE = _Rule(
    (
        (" correction ", " erratum ", " corrigendum ", " retraction ", " expression of concern "),
        r"^[^a-z0-9]*(?:correction|erratum|corrigendum|retraction(?:\s+note)?|notice\s+of\s+retraction|"
        r"expression\s+of\s+concern)\b\s*(?::|to\b|$)",
    )
)
_FUTURE = _Rule(
    (
        (" will ",),
        r"\bwill\s+be\s+(?:randomi[sz]ed|randomly|recruited|enrolled|searched|allocated|assigned|included|"
        r"conducted|performed|screened|assessed|used|extracted|measured)\b|"
        r"\b(?:we|this\s+(?:study|trial))\s+will\s+(?:recruit|enrol|enroll|search|include|conduct|assess|evaluate)\b",
    )
)
_DONE = _Rule(
    (
        (" randomized ", " randomised ", " enrolled ", " recruited ", " included "),
        r"\b(?:were|was)\s+(?:randomi[sz]ed|enrolled|recruited|included)\b",
    )
)
_SR_TITLE = _Rule(
    (
        (" systematic ", " systematical ", " meta", " cochrane ", " umbrella ", " overview ", " evidence "),
        r"\bsystematic(?:al)?\s+(?:literature\s+)?reviews?\b|\bmeta[\s-]?analy[sz]\w*|\bmetaanaly[sz]\w*|"
        r"\bcochrane\b|\bumbrella\s+review|\boverview\s+of\s+(?:systematic\s+)?reviews|"
        r"\bsystematic\s+(?:search|evaluation|appraisal)|\bevidence\s+map\b|\bmeta-?regression\b",
    )
)
_SR_ABSTRACT = _Rule(
    (
        ("review", "meta"),
        r"\b(?:we|this|the\s+present|present)\s+(?:\w+\s+){0,2}(?:conducted|performed|undertook|carried\s+out|did)?\s*"
        r"(?:an?\s+)?(?:\w+\s+)?(?:systematic\s+review|meta-?analy[sz]\w*)|"
        r"\bthis\s+(?:systematic\s+review|meta-?analysis)\b",
    ),
    (
        (" searched ",),
        r"\b(?:databases?|pubmed|medline|embase|cochrane\s+library|cnki|web\s+of\s+science|wanfang)\b[^.]{0,120}"
        r"\b(?:were|was)\s+(?:systematically\s+)?searched\b|\bsearched\b[^.]{0,80}\b(?:pubmed|medline|embase|databases|cnki)\b",
    ),
    (
        (" included ",),
        r"\b\d+\s+(?:randomi[sz]ed\s+(?:controlled\s+)?trials|rcts|studies|trials|articles)\s+(?:\w+\s+){0,3}(?:were|was)\s+included\b|"
        r"\bincluded\s+\d+\s+(?:rcts|studies|trials|randomi[sz]ed)",
    ),
)
_REVIEW_TITLE = _Rule(
    (
        ("review ", "reviews ", " overview ", " progress ", " advance ", " advances ", " state ", " current ", " perspective ",
         " perspectives ", " update ", " know ", " insight ", " insights ", " hypotheses ", " hypothesis "),
        r"\b(?:narrative|literature|scoping|critical|mini|brief|comprehensive|historical)?[\s-]?reviews?\b|\boverview\b|"
        r"\bresearch\s+progress\b|\badvances?\s+in\b|\bprogress\s+(?:in|of|on)\b|\bstate\s+of\s+the\s+art\b|"
        r"\bcurrent\s+(?:evidence|concepts|perspectives?|status|understanding)\b|\bperspectives?\s+on\b|"
        r":\s*(?:an?\s+|the\s+)?(?:\w+\s+)?perspectives?\s*$|^\s*perspectives?\b|\ban\s+update\b|"
        r"\bupdate\s+on\b|\bwhat\s+do\s+we\s+know\b|\bnew\s+insights?\b|\bhypothes[ie]s\b",
    )
)
_REVIEW_ABSTRACT = _Rule(
    (
        ("review ", " reviewed ", " summarise ", " summarize ", " discuss ", " describe ", " highlight ", " article "),
        r"\b(?:this|the\s+present|our)\s+(?:narrative\s+|scoping\s+|mini-?\s?)?review\b|\bscoping\s+review\b|"
        r"\b(?:we|this\s+article|this\s+paper|here\s+we)\s+(?:\w+\s+){0,2}(?:review|summari[sz]e|discuss|describe\s+recent|highlight)\b|"
        r"\bin\s+this\s+(?:review|article)\b|\bis\s+reviewed\b|\bare\s+reviewed\b|\bliterature\s+(?:review|was\s+reviewed)\b",
    )
)
_CASE = _Rule(
    (
        (" case ", " report ", " present ", " describe ", " year "),
        r"\bcase\s+reports?\b|\bcase\s+series\b|\ba\s+case\s+of\b|\b(?:we\s+(?:report|present|describe))\s+(?:a|an|the|two|three|\d+)\s+"
        r"(?:\w+[\s-]+){0,3}(?:case|cases|patient|patients|man|woman|boy|girl|child)\b|"
        r"\b\d+[\s-]year[\s-]old\s+(?:man|woman|male|female|patient|boy|girl|child|lady|gentleman)\b|\bcase\s+study\b|"
        r"\breport\s+of\s+(?:a|one|two|three|\d+)\s+(?:\w+\s+)?cases?\b",
    )
)
_RANDOM = _Rule(
    (
        (" randomized ", " randomised ", " randomization ", " randomisation ", " rct ", " rcts ", " randomly ", " random ",
         " sham ", " placebo ", " blind"),
        r"(?<!non-)(?<!non)(?<!quasi-)(?<!mendelian )\brandomi[sz](?:ed|ation)\b|\bRCTs?\b|\brandomly\s+(?:assigned|allocated|divided|"
        r"distributed|selected\s+to|split)\b|\brandom\s+(?:allocation|assignment|order|sequence)\b|\bsham[\s-]controlled\b|"
        r"\brandomly\s+(?:\w+\s+){0,2}?(?:assigned|allocated|divided|distributed|treated|enrolled|categori[sz]ed|grouped|"
        r"placed)\b|\b(?:assigned|allocated|divided|distributed)\s+(?:\w+\s+){0,3}?randomly\b|"
        r"\bdouble[\s-]blind(?:ed)?\b|\bsingle[\s-]blind(?:ed)?\b|\bplacebo[\s-]controlled\b|\btriple[\s-]blind",
    )
)
#: A controlled comparison in people without the word "randomised": placebo, crossover, sham
#: or other control arm or condition, a within-subject design, a trial registration, or the
#: study calling itself a (controlled) trial.
_CONTROLLED = _Rule(
    (
        (" placebo ", " cross ", " crossover ", " sham ", " this ", " our ", " present ", " nct", " isrctn", " clinicaltrials ",
         " controlled ", " control ", " within ", " counterbalanced ",
         " irct", " chictr", " actrn", " registration ", " registry "),
        r"\bplacebo\b|\bcross-?over\s+(?:design|study|trial|fashion|manner)\b|"
        r"\bsham\s+(?:acupuncture|electroacupuncture|needl\w*|stimulation|group|treatment|tdcs|rtms|tens|procedure|"
        r"intervention|control|device|laser)\b|\b(?:this|our|the\s+present)\s+(?:[\w-]+[\s,]+){0,4}?trial\b|"
        r"\bnct\d{8}\b|\bisrctn\w*|\bclinicaltrials\.gov\b|\b(?:irct|chictr|actrn)\w*|"
        r"\btrial\s+(?:registration|registry)\b|\bcontrolled\s+(?:clinical\s+)?(?:study|trial)\b|"
        r"\b(?:intervention|experimental|treatment)\s+(?:and|or|vs\.?|versus)\s+control\s+(?:groups?|arms?)\b|"
        r"\bcontrol\s+condition\b|\bwithin[\s-]subjects?\s+(?:\w+\s+){0,3}?design\b|\bcounterbalanced\b",
    )
)
#: The title states a trial: "trial" (one), randomised, RCT, placebo-controlled, double-blind.
_TITLE_TRIAL = _Rule(
    (
        (" trial ", " randomized ", " randomised ", " rct ", " placebo ", " double "),
        r"\btrial\b|(?<!non-)(?<!non)(?<!quasi-)\brandomi[sz]ed\b|\bRCT\b|\bplacebo[\s-]controlled\b|"
        r"\bdouble[\s-]blind",
    )
)
#: The title states a qualitative or mixed-methods study.
_TITLE_QUALITATIVE = _Rule(
    ((" qualitative ", " mixed "), r"\bqualitative\b|\bmixed[^a-z0-9]{1,2}methods?\b")
)
#: A trial without a control arm or without randomisation.
_UNCONTROLLED = _Rule(
    (
        (" single ", " uncontrolled "),
        r"\bsingle[\s-](?:arm|group)\s+(?:\w+\s+)?(?:study|trial|design)\b|\buncontrolled\s+(?:\w+\s+)?(?:study|trial|design)\b",
    )
)
#: People allocated to groups that get different treatments, one of them a control.
_ALLOCATED = _Rule(
    (
        (" divided ", " allocated ", " assigned ", " distributed "),
        r"\b(?:divided|allocated|assigned|distributed)\s+(?:\w+\s+){0,2}?(?:into|to|in)\s+(?:\w+\s+){0,2}?"
        r"(?:groups|arms|group\s+(?:[a-d]|i{1,3}|iv|[1-4]))\b",
    )
)
#: Treatment groups named by letter or number ("group A", "group II").
_LABELLED_GROUPS = _Rule(((" group ",), r"\bgroup\s+(?:[a-d]|i{1,3}|iv|[1-4])\b"))
_CONTROL_ARM = _Rule(
    (
        (" control ", " controls ", " placebo ", " saline ", " sham ", " usual ", " standard "),
        r"\bcontrol\s+(?:group|arm|condition)s?\b|\bcontrols?\b|\bplacebo\b|\bsaline\b|\bsham\b|\busual\s+care\b|"
        r"\bstandard\s+(?:care|treatment|therapy)\b",
    )
)
#: Groups formed from what happened, not assigned: retrospective, consecutive, matched cohorts.
_NOT_ASSIGNED = _Rule(
    (
        (" retrospective", " consecutive", " cohort ", " cohorts ", " case control ", " matched ", " according ",
         " depending "),
        r"\bretrospective(?:ly)?\b|\bconsecutive(?:ly)?\b|\bcohorts?\b|\bcase[\s-]control\b|\bmatched\b|"
        r"\b(?:according|depending)\s+(?:to|on)\b",
    )
)
_NONRANDOM = _Rule(
    (
        (" non randomi", " nonrandomi", " quasi randomi", " quasirandomi", " not randomi"),
        r"\bnon-?randomi[sz]ed\b|\bquasi-?randomi[sz]ed\b|\bnot\s+randomi[sz]ed\b",
    )
)
_OBSERVATIONAL = _Rule(
    (
        (" cohort ", " case control ", " cross sectional ", " retrospective", " prospective", " observational ",
         " registry ", " survey ", " single arm ", " non randomi", " nonrandomi", " quasi", " before and after ",
         "post ", " uncontrolled ", " open label ", " case series ", " chart review ", " real world ",
         " population based ", " nationwide ", " claims data ", " utili", " database study ", " clinical observation ",
         " clinical study ", " clinical audit ", " clinical experience ", " pilot study ", " mendelian ",
         " qualitative ", " interview", " focus group"),
        r"\bcohort\b|\bcase[\s-]control\b|\bcross[\s-]sectional\b|\bretrospective(?:ly)?\b|\bprospective(?:ly)?\b|"
        r"\bobservational\b|\bregistry\b|\bsurvey\b|\bsingle[\s-]arm\b|\bnon-?randomi[sz]ed\b|\bquasi-?(?:randomi[sz]ed|experimental)\b|"
        r"\bbefore[\s-]and[\s-]after\b|\bpre[\s-]?(?:and[\s-])?post\b|\buncontrolled\b|\bopen[\s-]label\b|\bcase\s+series\b|"
        r"\bchart\s+review\b|\breal[\s-]world\b|\bpopulation[\s-]based\b|\bnationwide\b|\bclaims\s+data\b|"
        r"\butili[sz]ation\b|\bdatabase\s+study\b|\bclinical\s+(?:observation|study|audit|experience)\b|\bpilot\s+study\b|"
        r"\bmendelian\s+randomi[sz]ation\b|\bqualitative\b|\binterviews?\b|\bfocus\s+groups?\b",
    )
)
_PEOPLE_STUDIED = _Rule(
    ((" enrolled ", " recruited "), r"\benrolled\b|\brecruited\b"),
    (
        (" patients ", " participants ", " subjects ", " volunteers ", " women ", " men ", " adults ", " individuals ",
         " people ", " cases "),
        r"\b(?:\d+|sixty|forty|thirty|twenty|fifty|eighty|hundred)\s+(?:\w+\s+){0,3}(?:patients|participants|subjects|"
        r"volunteers|women|men|adults|individuals|people|cases)\b|\b(?:patients|participants|subjects|volunteers|women|men|adults|"
        r"individuals)\s+(?:\w+\s+){0,4}(?:were|was)\s+(?:enrolled|recruited|included|treated|randomi[sz]ed|allocated|assigned|"
        r"divided|studied|followed|evaluated)\b",
    ),
)
_EXPERIMENT = _Rule(
    (
        (" were ", " was "),
        r"\b(?:rats|mice|animals|rabbits|dogs|cats|monkeys)\s+(?:\w+\s+){0,4}(?:were|was)\s+(?:randomly|divided|assigned|allocated|"
        r"subjected|treated|anesthetized|anaesthetized|used)\b|\b(?:patients|participants|subjects|volunteers)\s+(?:\w+\s+){0,4}"
        r"(?:were|was)\s+(?:randomly|randomi[sz]ed|enrolled|recruited|assigned|allocated)\b",
    )
)
_IN_VITRO = _Rule(
    (
        (" vitro ", " cultured ", " cell ", " primary ", " co ", " cocultur", " pc12 ", " pc ", " rsc96 ", " rsc ", " sy5y ",
         " bv2 ", " bv ", " hek293 ", " hek ", " nd7 ", " f11 ", " explant ", " explants "),
        r"\bin\s+vitro\b|\bcultured\s+(?:\w+\s+){0,3}(?:cells|neurons|schwann|astrocytes|microglia|explants?)|"
        r"\bcell\s+(?:line|lines|culture|cultures)\b(?![\s-]+derived)|\bprimary\s+cultures?\b|\bco-?cultur\w*|"
        r"\b(?:PC12|PC-12|RSC96|RSC-96|SH-SY5Y|BV2|BV-2|HEK293|HEK-293|ND7/23|F11)\b|\bexplants?\b",
    )
)
_IN_VIVO = _Rule(
    (
        (" vivo ", " behavior ", " behaviour ", " behavioral ", " behavioural ", " paw ", " intrathecal", " intraperitoneal",
         " cci ", " sni ", " snl ", " mcao ", " sciatic ", " model ", " models "),
        r"\bin\s+vivo\b|\bbehaviou?r(?:al)?\b|\bpaw\s+withdrawal\b|\bintrathecal\w*|\bintraperitoneal\w*|"
        r"\b(?:CCI|SNI|SNL|MCAO)\b|\bsciatic\s+nerve\s+(?:crush|transection|injury)\b|\bmodel\s+(?:rats|mice)\b|"
        r"\b(?:rat|mouse|animal)\s+models?\b",
    ),
    ((" treated ",), r"-treated\s+(?:rats|mice|animals)\b"),
    (
        (" rats ", " mice ", " animals ", " rabbits ", " dogs "),
        r"\b(?:rats|mice|animals|rabbits|dogs)\s+(?:\w+\s+){0,3}(?:were|was)\s+(?:randomly|divided|assigned|"
        r"allocated|subjected|treated|anesthetized|anaesthetized|given|injected)\b|"
        r"\b(?:rats|mice|animals)\b[^.]{0,60}?\b(?:received|underwent)\b",
    ),
)
_SPECIES_TERMS: dict[str, _Rule] = {
    "rat": _Rule(
        (
            (" rat ", " rats ", " sprague ", " wistar ", " evans ", " rattus "),
            r"\brats?\b|\bsprague[\s-]dawley\b|\bwistar\b|\blong[\s-]evans\b|\bSD\s+rats\b|\brattus\b",
        )
    ),
    "mouse": _Rule(
        (
            (" mice ", " mouse ", " murine ", " c57bl ", " c57 ", " balb "),
            r"\bmice\b|\bmouse\b|\bmurine\b|\bC57BL\b|\bC57/BL|\bBALB/c\b|\bknockout\s+mice\b|\bICR\s+mice\b",
        )
    ),
    "rabbit": _Rule(((" rabbit ", " rabbits ", " lagomorph"), r"\brabbits?\b|\blagomorph")),
    "dog": _Rule(((" dog ", " dogs ", " canine ", " beagle ", " beagles "), r"\bdogs?\b|\bcanine\b|\bbeagles?\b")),
    "cat": _Rule(((" cats ", " feline ", " cat "), r"\bcats\b|\bfeline\b|\ba\s+cat\b|\bthe\s+cat\b")),
    "monkey": _Rule(
        (
            (" monkey ", " monkeys ", " macaque ", " macaques ", " macaca ", " rhesus ", " primate ", " primates "),
            r"\bmonkeys?\b|\bmacaques?\b|\bmacaca\b|\brhesus\b|\bnon-?human\s+primates?\b|\bprimates\b",
        )
    ),
    "zebrafish": _Rule(((" zebrafish ", " zebra ", " danio "), r"\bzebra\s?fish\b|\bdanio\s+rerio\b")),
    "human": _Rule(
        (
            (" patient ", " patients ", " participant ", " participants ", " volunteer ", " volunteers ", " women ", " men ",
             " woman ", " man ", " adult ", " adults ", " children ", " people ", " individuals ", " human ", " humans ",
             " year ", " outpatient ", " outpatients ", " inpatient ", " inpatients ", " rct ", " rcts ", " randomized ",
             " randomised ", " clinical trial", " clinical studies ", " clinical practice "),
            r"\bpatients?\b|\bparticipants?\b|\bvolunteers?\b|\bwomen\b|\bmen\b|\bwoman\b|\bman\b|\badults?\b|"
            r"\bchildren\b|\bpeople\b|\bindividuals\b|\bhumans?\b|\bclinical\s+(?:trials?|studies|practice)\b|"
            r"\b\d+[\s-]year[\s-]old\b|\boutpatients?\b|\binpatients?\b|\bRCTs?\b|\brandomi[sz]ed\s+controlled\s+trials?\b",
        )
    ),
}
_CLINICAL = _Rule(
    (
        (" trial ", " trials ", " randomized ", " randomised ", " sham ", " systematic ", " meta", " clinical ", " case ",
         " cohort ", " sectional ", " retrospective ", " prospective ", " single ", " pilot ", " cochrane ", " cases ",
         " survey ", " protocol ", " umbrella ", " overview ", " population ", " nationwide "),
        r"\btrials?\b|\brandomi[sz]ed\b|\bsham[\s-]controlled\b|\bsystematic\s+reviews?\b|\bmeta-?analy[sz]\w*|"
        r"\bclinical\s+(?:trials?|stud(?:y|ies)|evidence|practice|outcomes?)\b|\bcase\s+reports?\b|\bcase\s+series\b|\bcohort\b|\bcross-sectional\b|\bretrospective\b|"
        r"\bprospective\b|\bsingle[\s-]arm\b|\bpilot\b|\bcochrane\b|\b\d+\s+cases\b|\bsurvey\b|\bprotocol\b|"
        r"\bumbrella\s+review\b|\boverview\s+of\b|\bpopulation[\s-]based\b|\bnationwide\b|\breport\s+of\s+a\s+case\b",
    )
)
_PRECLINICAL = _Rule(
    (
        (" preclinical ", " clinical ", " animal ", " animals ", " vitro ", " experimental ", " cell ", " cells "),
        r"\bpre-?clinical\b|\banimals?\b|\bin\s+vitro\b|\bexperimental\s+(?:studies|models?)\b|\bcells?\b",
    )
)
_MIXED = _Rule(
    (
        (" clinical and ", " human and ", " and clinical ", " and human "),
        r"\b(?:clinical|human)\s+and\s+(?:experimental|pre-?clinical|animal|basic)\b|"
        r"\b(?:experimental|pre-?clinical|animal|basic)\s+and\s+(?:clinical|human)\b",
    )
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
        self.title = _Field.of(_fold(title))
        self.abstract = _Field.of(_fold(abstract))
        self.text = self.title + self.abstract
        self._found: dict[str, bool] = {}
        self._counts: dict[str, int] | None = None

    def _once(self, key: str, rule: _Rule, field: _Field) -> bool:
        found = self._found.get(key)
        if found is None:
            found = self._found[key] = rule.search(field)
        return found

    def in_vitro(self) -> bool:
        return self._once("in_vitro", _IN_VITRO, self.text)

    def in_vivo(self) -> bool:
        return self._once("in_vivo", _IN_VIVO, self.text)

    def people_studied(self) -> bool:
        return self._once("people", _PEOPLE_STUDIED, self.abstract)

    def species_counts(self) -> dict[str, int]:
        """Species named in the text, title words counting three times (a fresh dict)."""
        if self._counts is None:
            counts = {}
            for name, rule in _SPECIES_TERMS.items():
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
    from_mesh = [_MESH_SPECIES[n] for n in _mesh_names(mesh) if n in _MESH_SPECIES]
    animals = [s for s in from_mesh if s != "human"]
    if animals and "human" not in from_mesh:
        return max(sorted(set(animals)), key=animals.count)  # ties: alphabetical first
    read = _read(_text_arg(title, "title"), _text_arg(abstract, "abstract"))
    if not animals and _MIXED.search(read.text):
        return None  # a review of clinical and experimental studies
    counts = read.species_counts()
    if "human" in counts and read.in_vitro() and not read.in_vivo() and not read.people_studied():
        del counts["human"]  # cells; "patients" only in the background
    if not counts:
        if from_mesh:
            return from_mesh[0]
        # no species named: trial and review-of-trials wording means people, unless preclinical
        if _CLINICAL.search(read.text) and not _PRECLINICAL.search(read.text):
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
    return (_RANDOM.search(read.text) or _TITLE_TRIAL.search(read.title)) and not _NONRANDOM.search(read.text)


def _allocated(read: _Read) -> bool:
    """People assigned to treatment groups (or groups by letter, one a control), the groups not
    formed from what happened (retrospective, consecutive, matched, according to)."""
    assigned = _ALLOCATED.search(read.abstract) or (
        _LABELLED_GROUPS.count(read.abstract) >= 2 or _LABELLED_GROUPS.search(read.abstract) and _CONTROL_ARM.search(read.abstract)
    )
    return assigned and not _NOT_ASSIGNED.search(read.text)


def _text_design(read: _Read, mesh_names: list[str], work_type: str | None) -> str | None:
    """The design the text (with MeSH headings and the OpenAlex type, if given) states."""
    mesh_designs = {_MESH_DESIGN[n] for n in mesh_names if n in _MESH_DESIGN}
    if _NOTICE.search(read.title):
        return None
    if "protocol" in mesh_designs or _PROTOCOL.search(read.title) or (
        _FUTURE.search(read.abstract) and not _DONE.search(read.abstract)
    ):
        return "protocol"
    if "systematic_review" in mesh_designs or _SR_TITLE.search(read.title) or _SR_ABSTRACT.search(read.abstract):
        return "systematic_review"
    if _TITLE_QUALITATIVE.search(read.title):
        return "observational"

    counts = read.species_counts()
    for n in mesh_names:
        s = _MESH_SPECIES.get(n)
        if s:
            counts[s] = counts.get(s, 0) + 2
    human = counts.get("human", 0)
    animal = max((v for k, v in counts.items() if k != "human"), default=0)
    if _TITLE_TRIAL.search(read.title):  # the title says what the study is: a trial
        if animal and animal >= human:
            return "animal"
        if _NONRANDOM.search(read.text) or _UNCONTROLLED.search(read.text):
            return "observational"
        return "rct"
    if _CASE.search(read.title):
        return "case_report"  # "case report and review of the literature"
    if _REVIEW_TITLE.search(read.title):
        return "review"
    if (work_type == "review" or "review" in mesh_designs or _REVIEW_ABSTRACT.search(read.abstract)) and not (
        _EXPERIMENT.search(read.abstract)
    ):
        return "review"
    if "case_report" in mesh_designs or _CASE.search(read.text):
        return "case_report"
    in_vitro = "in_vitro" in mesh_designs or read.in_vitro()
    trial = _RANDOM.search(read.text) or _CONTROLLED.search(read.text)
    if in_vitro and not read.in_vivo() and not read.people_studied() and not (human and trial):
        return "in_vitro"  # cells, even when taken from rats, with no animal treated in vivo
    if animal and animal >= human:
        return "animal"
    if "rct" in mesh_designs or (
        (trial or _allocated(read)) and not _NONRANDOM.search(read.text)
    ):
        return "rct"
    if "observational" in mesh_designs or (human and read.people_studied()) or _OBSERVATIONAL.search(read.text):
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
    if mesh_names and design != _text_design(read, [], work_type):
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
