"""Rules per mention: whether it is a setting, and the change (up/down) its clause reports for it.

See :mod:`kg.tagging` (Negation and direction) for the rules.
"""

from __future__ import annotations

import re

from kg.tagging.mention import FINDING_KINDS
from kg.text import ADVERBS, CUE_KINDS, JOINED_UP, Cue, word_class
from kg.vocabulary import Term

def is_cue_word(word: str) -> bool:
    return word_class(word) in CUE_KINDS
# A following cue is an active verb (its subject is an agent, not the changed thing) when it
# is a present-tense or base form, or when an object follows it.
_ACTIVE_FORM = re.compile(r"(?:[^s]s|es|e|ate|ote|ase|ance|ibit|ess)$")
_NOUN_FORM = re.compile(r"(?:ion|ment|ing|ed|er|ss|ief|ines?|ases?)$|^(?:rise|rose|risen|fall|fell|fallen|loss|up|down)$")
_ADJ_ONLY = re.compile(r"(?:ory|ive|ors?)$")
_SETTING_AFTER = re.compile(
    r"\s*(?:-|\s)\s*(?:induced|evoked|related|associated|mediated|dependent|treated|operated|"
    r"injured|modeled|modelled|exposed|deficient|knockout|null)\b"
    r"|\s+(?:receptors?\s+)?(?:agonists?|antagonists?|inhibitors?|blockers?|knockouts?|antibod(?:y|ies)|"
    r"sirna|shrna)\b"
    r"|\s*(?:\(\s*[\w\- ]{1,12}\)\s*)?(?:model|models|rats?|mice|mouse|animals?|patients?|subjects?|"
    r"participants?|individuals?|people|women|men|adults?|children|cases|cohorts?|sufferers|"
    r"survivors|population|volunteers|group|groups|surgery|operation)\b"
)
_POPULATION_NAME = re.compile(r"\b(?:rats?|mice|mouse|patients?)$")  # a name such as "diabetic rats"
_BY_AGENTS = re.compile(r"\s+(?:by|via|through)\s+(?:[^\s,]+(?:\s*,\s*|\s+(?:and|or)\s+|\s+)){0,4}$")
_CONNECTIVE = re.compile(r",|\band\b|\bor\b|\bbut\b", re.IGNORECASE)


def polarity(cue: Cue, concept: Term) -> str | None:
    """The change a cue reports for a concept; evaluative cues (improve, worsen) by whether a
    rise of the concept is a worsening (conditions, pain intensity) or a gain."""
    if cue.kind == "cause":
        return None if concept.kind == "condition" else "up"  # "oxaliplatin produces neuropathy": a model
    if concept.kind == "condition" and "induc" in cue.word:
        return None  # "SCI was induced", "CCI induced allodynia": making the model, not a finding
    if cue.kind == "improve":
        return "down" if concept.higher_is_worse else "up"
    if cue.kind == "worsen":
        return "down" if concept.kind == "outcome" and not concept.higher_is_worse else "up"
    if cue.kind == "restore":
        return None if cue.word.startswith("normali") else "up"
    if cue.kind in ("up", "down"):
        return cue.kind
    return None


def invert(d: str | None) -> str | None:
    return {"up": "down", "down": "up"}.get(d) if d else None


_MODIFIERS = frozenset(
    """the a an their its this these those chronic acute painful experimental established injured
    regenerating distal proximal ipsilateral contralateral lumbar spinal peripheral rat mouse human
    diabetic severe mild moderate early late primary refractory persistent""".split()
)
_SETTING_PREPS = frozenset(
    """in within via through from into at across with after following for against post during
    among amongst by between than versus vs undergoing""".split()
)
_OF_HEADS = frozenset(
    """model models treatment treatments management therapy therapies patients rats mice animals
    cases history diagnosis trial trials study studies review reviews meta-analysis meta-analyses
    acupuncture electroacupuncture prevention risk absence presence""".split()
)
_STRIP = ".,;:()[]\"'"
_BETWEEN_VERB_AND_PREP = frozenset("early late also only mainly particularly specifically primarily".split())
_WH = frozenset("how whether why what which when where that".split())
_SEEN = frozenset("observed found detected seen noted shown evident apparent correlate correlated correlates".split())
#: Nouns of amount: "mRNA levels for TNF-α", "VAS scores for pain" are findings.
_MEASURES = frozenset(
    """levels level expression concentration concentrations production amount amounts mrna secretion
    content activity synthesis transcription scores score""".split()
)


def is_setting(low: str, r, c_start: int) -> bool:
    """Whether a mention is a setting (population, model, place, means) rather than a finding.

    Looks at the words before the mention within its clause (from ``c_start``) and after it.
    """
    start, end, concept, _ = r
    if concept.kind != "outcome" and (
        _SETTING_AFTER.match(low, end, end + 40) or _POPULATION_NAME.search(low, start, end)
    ):
        return True  # "CCI-induced", "DPN patients", "TrkB antagonist", "diabetic rats"
    words = low[max(c_start, start - 80) : start].split()
    j = len(words) - 1
    skipped = 0
    while j >= 0 and skipped < 3 and _is_modifier(words[j]):
        j -= 1
        skipped += 1
    if j < 0:
        return False
    word = words[j]
    if word not in _SETTING_PREPS and word != "of" and j > 0 and words[j - 1] in _SETTING_PREPS and (
        word == word.strip(_STRIP) and not is_cue_word(word) and word not in _WH
    ):
        j -= 1  # one more word of the phrase: "rats with bone cancer pain"
        word = words[j]
    if word != word.strip(_STRIP):
        return False  # punctuation between: "in rats, BDNF ..."
    if word == "of":
        return j > 0 and words[j - 1].strip(_STRIP) in _OF_HEADS
    if word not in _SETTING_PREPS:
        return False
    # "a reduction in pain", "changes in BDNF", "was observed in MBP": the preposition follows
    # a change noun or a verb of finding.
    k = j - 1
    if k > 0 and words[k].strip(_STRIP) in _BETWEEN_VERB_AND_PREP:
        k -= 1  # "required early for X"
    prev = words[k].strip(_STRIP) if j > 0 else ""
    if prev and (
        prev in _SEEN or word == "for" and prev in _MEASURES or is_cue_word(prev) and (not prev.endswith(("ed", "ing")) or word_class(prev) == "cause")
    ):
        return False
    # "no difference between groups in X", "improvements from baseline in X": a change noun
    # before "groups"/"baseline" and the preposition
    return not (word == "in" and prev in _COMPARED and any(_is_change_noun(w.strip(_STRIP)) for w in words[max(0, j - 4) : j - 1]))


_COMPARED = frozenset("groups group arms arm baseline conditions".split())


def _is_change_noun(word: str) -> bool:
    return is_cue_word(word) and word.endswith(("ion", "ions", "ment", "ments", "ence", "ences", "ase", "ases", "s"))


def _is_modifier(word: str) -> bool:
    """Words that may stand between a preposition and the mention it introduces (cached)."""
    found = _MODIFIER_WORDS.get(word)
    if found is not None:
        return found
    if word != word.strip(_STRIP):
        found = False
    elif word in _MODIFIERS or not word.isalpha() and _DIGIT.search(word):
        found = True
    else:
        found = word.endswith(("-induced", "-treated", "ed", "al", "ic", "ive", "ary")) and not is_cue_word(word)
    if len(_MODIFIER_WORDS) < 50_000:
        _MODIFIER_WORDS[word] = found
    return found


_MODIFIER_WORDS: dict[str, bool] = {}


_DIGIT = re.compile(r"\d")
JOINED_WORDS = frozenset(JOINED_UP.split("|"))


def direction_of(low: str, r, group: list, cues: list[Cue], memo: tuple[dict, dict]) -> str | None:
    """The change the clause reports for mention ``r``; ``memo`` caches cue facts of this text."""
    start, end, concept, _ = r
    # a participle joined to its agent ("LPS-induced") that says nothing of this concept
    # ("CCI-induced allodynia": making the model) leaves the cue before it in charge
    before = [c for c in cues if c.end <= start and not (_joined(c) and polarity(c, concept) is None)]
    # a joined participle after the mention modifies what follows it ("all of which are
    # NF-κB-dependent"), not the mention
    after = [c for c in cues if c.start >= end and not _joined(c)]
    if before and after and (before[-1].word in _COMPARATIVES or not _is_nominal(low, before[-1], memo)) and (
        _CONNECTIVE.search(low[before[-1].end : start])
    ):
        # "X was reduced and Y was enhanced", "X scores were lower and Y was reduced": Y's own
        # predicate comes after it (not "the decrease in X and Y was greater")
        pred = next((c for c in after if _is_passive(low, c, memo)), None)
        if pred is not None and not any(before[-1].end <= g[0] < start and g[2].kind not in FINDING_KINDS for g in group):
            return _needs(low, pred, memo) if pred.kind == "cause" else polarity(pred, concept)
    if before and after and _sizes_change(low, before[-1], start, end, after[0], memo):
        # "greater pain reductions than placebo": the comparative sizes the change after the mention
        return polarity(after[0], concept)
    if before:
        c1 = before[-1]
        inner = polarity(c1, concept)
        # the verb that acts on the change noun c1 (a joined participle only modifies it:
        # "attenuated the CCI-induced increase in TNF-α")
        outer = next((c for c in reversed(before[:-1]) if not _joined(c)), None)
        if outer is not None and _acts_on(low, outer, c1, memo):
            return _combine(outer, c1, inner, concept)
        if c1.kind in ("neutral", "cause") and _BY_AGENTS.match(low, c1.end, start):
            return None  # "mediated by HMGB1 and TLR4": the agents
        if c1.kind == "cause" and c1.word in _NEED:
            return None  # "depends on spinal serotonin", "requires IL-4": what is needed, not raised
        if c1.kind == "cause" and _NEW_PHRASE.search(low, c1.end, start):
            return None  # "essential for nerve regeneration, guiding axons and forming new myelin"
        if (c1.kind == "cause" and c1.word.startswith(_INVOLVED) or _joined(c1)) and (
            concept.kind != "mechanism" or concept.group in _PROCESSES
        ) and not _PRODUCT.match(low, end):
            # "required for IL-10 production", "LPS-induced TNF-α" raise a molecule; "X contributes
            # to central sensitization", "BDNF-induced neurite outgrowth" name a role in a process
            return None
        if _is_nominal(low, c1, memo) and after:
            # "the loss of GABAergic neurons was prevented by EA": the predicate acts on the change
            pred = next((c for c in after if c.kind != "cause" and _is_passive(low, c, memo)), None)
            if pred is not None:
                return _combine(pred, c1, inner, concept)
        return inner
    if not after:
        return None
    head = after[0]
    gap = low[end : head.start]
    if head.kind == "cause":
        return _needs(low, head, memo)  # "IL-12 is required for ...": the cause, not a change
    if _is_nominal(low, head, memo) and len(gap.split()) <= 2 and not _CONNECTIVE.search(gap):
        # "BDNF upregulation", "TNF-α release was inhibited"
        pred = next((c for c in after[1:] if _is_passive(low, c, memo)), None)
        inner = polarity(head, concept)
        return _combine(pred, head, inner, concept) if pred is not None else inner
    for c in after:
        if c.kind == "cause":
            return _needs(low, c, memo)
        if _is_nominal(low, c, memo) and not _is_passive(low, c, memo) and not _do_support(low, c) and not _bare_verb(low, c):
            continue  # the head noun of another phrase: "... and IL-18 release were inhibited"
        if _word_is(_ADJ_ONLY, c.word) and c.kind != "improve":
            return None
        if _is_active(low, c, group, memo):
            return None
        return polarity(c, concept)
    return None


_PRODUCT = re.compile(
    r"\s*-?\s*(?:mrna\s+|protein\s+|gene\s+|serum\s+)?(?:production|expression|release|secretion|synthesis|"
    r"transcription|transcripts?|levels?|activation|activity|induction|mrna|protein|gene)\b"
)
_NEW_PHRASE = re.compile(r",\s+[a-z]+ing\b")
_INVOLVED = ("contribut", "necess", "essential", "requir", "responsib", "mediat", "depend", "involved")
_PROCESSES = frozenset(("process", "glia"))
_NEED = frozenset("requires require depends depended dependent".split())


def _needs(low: str, cue: Cue, memo: tuple[dict, dict]) -> str | None:
    """Direction of the subject of a cause cue: raised by what it needs or what causes it ("IL-10
    production requires ERK", "is dependent on", "is maintained/mediated by"), none when it is
    the cause ("is required for", "mediates")."""
    if cue.word in _NEED:
        return "up"
    if cue.word.endswith("ed") and cue.word != "required" and low.startswith(" by ", cue.end):
        return "up" if _is_passive(low, cue, memo) else None
    return None


_COMPARATIVES = frozenset("greater higher more larger less lesser lower fewer smaller".split())


def _sizes_change(low: str, c1: Cue, start: int, end: int, nxt: Cue, memo: tuple[dict, dict]) -> bool:
    """Whether a comparative right before a mention sizes a change noun right after it."""
    return (
        c1.word in _COMPARATIVES
        and len(low[c1.end : start].split()) <= 1
        and len(low[end : nxt.start].split()) <= 1
        and nxt.word not in _COMPARATIVES
        and _is_nominal(low, nxt, memo)
    )


def _joined(cue: Cue) -> bool:
    """Whether a cue is a participle joined to its agent by a hyphen ("LPS-induced")."""
    return "-" in cue.word and cue.word.rsplit("-", 1)[1] in JOINED_WORDS


def _combine(outer: Cue, inner_cue: Cue, inner: str | None, concept: Term) -> str | None:
    """Direction when ``outer`` acts on the change ``inner_cue`` names."""
    if outer.kind in ("up", "worsen", "cause") or (outer.kind == "improve" and not concept.higher_is_worse):
        # "promoted the reduction of X": the change's; "up-regulated the decreased X": the verb's
        return "up" if inner_cue.word.endswith("ed") else inner
    if outer.kind in ("down", "restore", "improve"):
        # "attenuated the increase in X", "prevented the loss of X", "restored the decreased X"
        return invert(inner)
    return None


_NOMINAL = re.compile(
    r"(?:ion|ions|ment|ments|ase|ases|ss|ief|rise|fall|drop|decline|declines|release|gain|"
    r"higher|lower|greater|less|fewer|more)$"
)
_DETERMINERS = frozenset("the a an these this its their such".split())
_BE = frozenset("was were is are be been being became become remained got".split())
_DO = frozenset("did does do to not n't cannot could would may might will can".split())


def _words_before(low: str, pos: int, width: int = 40) -> list[str]:
    return low[max(0, pos - width) : pos].split()


def _follows(words: list[str], heads: frozenset, skip: int, adverbs_only: bool) -> bool:
    """Whether the words end with one of ``heads`` followed by at most ``skip`` words
    (adverbs when ``adverbs_only``: in -ly, or such as "both", "also", "still")."""
    for k in range(1, min(skip + 1, len(words)) + 1):
        if words[-k] in heads:
            return True
        if adverbs_only and not (words[-k].endswith("ly") or words[-k] in ADVERBS):
            return False
    return False


def _is_nominal(low: str, cue: Cue, memo: tuple[dict, dict]) -> bool:
    """Whether a cue names a change (noun, comparative, or "the decreased ...")."""
    found = memo[0].get(cue.start)
    if found is None:
        found = memo[0][cue.start] = _word_is(_NOMINAL, cue.word) or _joined(cue) or (
            cue.word.endswith("ed") and _follows(_words_before(low, cue.start, 30), _DETERMINERS, 1, False)
        )
    return found


def _is_passive(low: str, cue: Cue, memo: tuple[dict, dict]) -> bool:
    found = memo[1].get(cue.start)
    if found is None:
        found = memo[1][cue.start] = _follows(_words_before(low, cue.start), _BE, 2, True)
    return found


_WORD_IS: dict[tuple[str, str], bool] = {}


def _word_is(pattern: re.Pattern, word: str) -> bool:
    """``pattern.search(word)`` as a bool, cached (cue words repeat across texts)."""
    k = (pattern.pattern, word)
    found = _WORD_IS.get(k)
    if found is None:
        found = bool(pattern.search(word))
        if len(_WORD_IS) < 50_000:
            _WORD_IS[k] = found
    return found


def _acts_on(low: str, outer: Cue, inner: Cue, memo: tuple[dict, dict]) -> bool:
    """Whether a cue acts on the change noun after it ("attenuated the CCI-induced increase in",
    "inhibited astrocytic activation and the release of")."""
    if not _is_nominal(low, inner, memo):
        return False
    gap = low[outer.end : inner.start]
    if outer.word.startswith("interfer") and gap.lstrip().startswith("with "):
        gap = gap.lstrip()[5:]  # "interfere with the activation of X"
    return len(gap.split()) <= 8 and ";" not in gap and not _PREPOSITION.search(gap) and not any(
        word_class(w) == "aux" for w in gap.split()
    )  # "reverse transcriptase PCR showed an increase": the verb between governs


_PREPOSITION = re.compile(r"\b(?:in|with|after|for|at|by|from|during|among|following|within|than|between|to)\b")


def _do_support(low: str, cue: Cue) -> bool:
    """Whether a cue is a verb after *did*, *not*, *to*, *may*...: "did not increase"."""
    return _follows(_words_before(low, cue.start, 30), _DO, 1, True)


def _is_active(low: str, cue: Cue, group: list, memo: tuple[dict, dict]) -> bool:
    """Whether a cue after a mention is an active verb whose subject is the mention."""
    if _is_passive(low, cue, memo):
        return False  # passive or copula: "was increased", "were significantly elevated"
    do_support = _do_support(low, cue)
    # an object right after the cue: "promoted axon regeneration", "increases the expression of X"
    following = [g for g in group if g[0] >= cue.end and g[2].kind in FINDING_KINDS]
    if following:
        gap = low[cue.end : following[0][0]]
        if len(gap.split()) <= 5 and not _CONNECTIVE.search(gap) and not _PREPOSITION.search(gap):
            return True
    if do_support or _word_is(_NOUN_FORM, cue.word):
        return False  # "QoL did not improve", "BDNF upregulation", "BDNF increased", "higher"
    if cue.word in _INTRANSITIVE and _NO_OBJECT_AFTER.match(low, cue.end):
        return False  # "levels of BDNF increase with training": no object
    return _word_is(_ACTIVE_FORM, cue.word)


def _bare_verb(low: str, cue: Cue) -> bool:
    """Whether "increase", "decline"... is a verb with no object ("X mRNA and protein increase
    with training"), not a noun ("the increase in X")."""
    return (
        cue.word in _INTRANSITIVE
        and bool(_NO_OBJECT_AFTER.match(low, cue.end))
        and not _follows(_words_before(low, cue.start, 30), _DETERMINERS, 1, False)
    )


_INTRANSITIVE = frozenset("increase increases decrease decreases rise rises fall falls decline declines drop drops".split())
_NO_OBJECT_AFTER = re.compile(r"\s*(?:[.,;)]|$|(?:with|after|in|by|from|over|during|following|at|to|significantly)\b)")

