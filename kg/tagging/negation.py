"""Whether a negation in a mention's clause denies a finding about that mention.

A negation before the mention denies it ("did not alter IL-6", "no change in pain"). A negation
after it denies it only when the mention is what the negated predicate is about, not its agent:

- passive or copula: "IL-6 was not increased", "TNF-α could not be detected", "pain scores were
  not significantly different", "BDNF remained unchanged";
- an intransitive verb: "BDNF did not increase", "pain did not differ between groups";
- a change noun: "IL-6 showed no change";

and not when the negated verb has an object ("IL-10 did not alter the half-life of ...",
"IFN-γ alone does not induce X", "X failed to induce Y"), when it says the mention had no
effect ("IL-4 had no effect on ..."), when the predicate is one of need or cause ("X was not
required for ..."), or when another predicate stands between the mention and the negation
("IL-10 inhibited X, and studies showed that ... did not ...").
"""

from __future__ import annotations

import re

from kg.text import ADVERBS, CUE_KINDS, word_class

_BE = frozenset("is are was were be been being remained remain remains appeared seemed".split())
_DO = frozenset("did does do could can would will may might should must".split())
#: Verbs that may stand right before a negation whose subject is still the mention.
_LINKING = _BE | _DO | frozenset("had has have showed shows exhibited displayed".split())
#: Predicates of need or cause: "X was not required / necessary / sufficient for Y".
_NOT_CHANGE = frozenset(
    """required needed necessary sufficient involved essential responsible due dependent able
    mediated attributable""".split()
)
#: Nouns after "no" that make the subject an agent: "X had no effect".
_AGENT_NOUNS = frozenset("effect effects influence impact role action ability capacity".split())
#: Words that may follow an intransitive verb: the verb has no object.
_NO_OBJECT = frozenset(
    """between in at after with from during among across over by compared relative than to within
    following before when until since versus vs""".split()
)
#: Objects that still speak of the subject: "did not reach significance", "did not show any change".
_SIGNIFICANCE = frozenset("significance statistical statistically significant difference differences change changes".split())
_PREDICATE_NOUN = re.compile(
    r"not\s+(?:a|an|the)\s+(?!significant|statistically|change|difference|increase|decrease|reduction)[a-z]+"
)
_SIGNIFICANT_P = re.compile(r"\bp\s*(?:<|≤|=)\s*0?\.0[0-4]")
_WORD = re.compile(r"[a-z]+(?:['-][a-z]+)*|[^\sa-z]")
_NOMINAL_END = ("ion", "ions", "ment", "ments", "ss", "ity", "ities", "ance", "ances", "ence", "ences")


def denies(masked: str, start: int, end: int, negations: list[int]) -> bool:
    """Whether the negation cues at ``negations`` (offsets into the lower-cased, masked text,
    within the mention's clause) deny the finding about the mention at ``start:end``."""
    for n in negations:
        if n < start and masked.startswith(("p", "("), n):
            continue  # a p-value qualifies the result before it
        if n < start:
            if ")" in masked[n:start] and masked.rfind("(", 0, n) > masked.rfind(")", 0, n):
                return False  # "(but neither A nor B) produced ... X": the negation stays in its brackets
            if masked.startswith(("lack", "absence"), n) and any(_is_predicate(w) for w in _WORD.findall(masked[n:start])[2:]):
                return False  # "lack of STAT6 abrogated IL-4 production": the manipulation's object
            if _PREDICATE_NOUN.match(masked, n) and masked[max(0, n - 6) : n].rstrip().endswith((" is", " are", " was", " were")):
                return False  # "GSK3 is not a target of activated Akt"
            if masked.startswith("no", n) and masked[n - 5 : n] == "with " and "," in masked[n:start]:
                return False  # "participants with no DPN at entry, the incidence of DPN was lower"
            return not _new_predicate(masked, n, start, end)
        if n >= end:
            if masked[max(0, start - 8) : start].rstrip().endswith((" by", "(by")):
                return False  # "activation by TNF-α was not ...": the agent
            return _about(masked, end, n)
    return False


_JOIN = re.compile(r",\s*(?:and|or)\s")


def _new_predicate(masked: str, n: int, start: int, end: int) -> bool:
    """Whether the mention after the negation at ``n`` is the subject of a new predicate joined
    by ", and" ("X cannot bind Y, and NFAT activation and apoptosis can occur")."""
    if not _JOIN.search(masked, n, start):
        return False
    after = _WORD.findall(masked[end : end + 60])[:6]
    for w in after:
        if w in _BE or w in _DO or w in ("has", "have", "had") or _is_predicate(w):
            return True
        if not w[0].isalpha():
            return False
    return False


def _about(masked: str, end: int, n: int) -> bool:
    """Whether the mention ending at ``end`` is what the negation at ``n`` is about."""
    if masked.startswith(("p", "("), n):
        # "pain fell in both groups (p = 0.3)": the p-value speaks of the clause's finding, unless a
        # significant one stands between ("X fell, p = 0.001, whereas controls ..., p = 0.31")
        return not _SIGNIFICANT_P.search(masked, end, n)
    gap = _WORD.findall(masked[end:n])
    if len(gap) > 24:
        return False
    for w in gap[:-1]:
        if _is_predicate(w):
            return False  # another predicate first: the mention belongs to it
    prev = gap[-1] if gap else ""
    if prev and prev not in _LINKING and _is_predicate(prev):
        return False
    after = _WORD.findall(masked[n : n + 80])
    if not after:
        return True
    word, rest = after[0], after[1:]
    if word in ("lack", "lacks", "absence"):
        return False  # "the activation of Akt and the lack of Fox01": the lack is of what follows
    if word in ("no", "none"):
        return not any(w in _AGENT_NOUNS for w in rest[:3])  # "no (demonstrable) effect"
    if word.startswith(("fail", "unable")):
        rest = rest[1:] if rest[:1] == ["to"] else rest
        return _intransitive(rest)
    if word == "not" or word.endswith("n't") or word == "cannot":
        rest = _skip_adverbs(rest)
        if rest[:1] in (["a"], ["an"], ["the"]) and (len(rest) < 2 or rest[1] not in _SIGNIFICANCE):
            return False  # "X is not a unique property of ...": a predicate noun, not a null finding
        if prev in _BE or rest[:1] == ["be"] or rest[:2] == ["have", "been"]:
            rest = _skip_adverbs(rest[1:] if rest[:1] == ["be"] else rest[2:] if rest[:1] == ["have"] else rest)
            return not rest or rest[0] not in _NOT_CHANGE
        if prev in _DO or word != "not":
            return _intransitive(rest)
        # "X ... in cells not expressing nef": "not" after a noun denies a modifier of that noun
        return not prev or prev in _LINKING or prev in ("and", "but", "or", "yet") or not prev[0].isalpha()
    return True


def _skip_adverbs(words: list[str]) -> list[str]:
    k = 0
    while k < len(words) and (words[k] in ADVERBS or words[k].endswith("ly")):
        k += 1
    return words[k:]


def _intransitive(words: list[str]) -> bool:
    """Whether the verb opening ``words`` has no object ("increase between groups", "change.")."""
    words = _skip_adverbs(words)
    if not words:
        return True
    if words[0] in ("be", "been"):
        return True  # "failed to be detected"
    rest = _skip_adverbs(words[1:])
    if rest[:1] in (["a"], ["an"], ["any"]):
        rest = rest[1:]  # "did not show a significant difference", "did not have any activity"
    return not rest or rest[0] in _NO_OBJECT or rest[0] in _SIGNIFICANCE or not rest[0][0].isalpha()


def _is_predicate(word: str) -> bool:
    """A verb that heads a predicate: a change verb (not a change noun), or a verb of showing."""
    cls = word_class(word)
    if cls in CUE_KINDS:
        return not word.endswith(_NOMINAL_END) and word not in ("increase", "decrease", "change", "changes")
    return cls == "aux" and word not in _LINKING
