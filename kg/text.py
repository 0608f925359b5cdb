"""Text of a work: the abstract from OpenAlex's inverted index, sentences and clauses with offsets.

Pure functions over strings. Offsets are character offsets into the string given, so a
span ``(start, end)`` always slices back to the text it names.
"""

from __future__ import annotations

import re
from functools import lru_cache, partial
from itertools import accumulate, chain, compress, repeat
from typing import NamedTuple

#: Words after which a full stop does not end a sentence.
_NO_BREAK_BEFORE = frozenset(
    """al e.g i.e etc vs approx ca cf dr prof mr mrs st sp spp resp incl u.s e.m s.e.m s.d
    i.p i.v s.c i.m b.i.d t.i.d""".split()
)
#: Words after which a full stop does not end a sentence when a number follows ("Fig. 2").
_NO_BREAK_BEFORE_NUMBER = frozenset(
    "no nos fig figs eq ref refs vol pp jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
# A candidate sentence end: terminal punctuation, optional closing quotes/brackets, then space
# and something that can start a sentence (a letter, digit, bracket or quote).
_BOUNDARY = re.compile(r"[.!?][.!?\"'”’)\]]*\s+(?=[\w(\[\"“'])")
_WORD_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz."


def _last_word(head: str) -> str | None:
    """The word before the full stop(s) that end ``head`` ("al" in "Chen et al."), or None."""
    if not head.endswith("."):
        return None
    run = head[len(head.rstrip(_WORD_CHARS)) :].lstrip(".")  # trailing letters and dots, from a letter
    return run[:-1] or None

# Cue words, found in one pass by :func:`scan`. Stems match their inflections.
UP = (
    r"increas\w*|elevat\w*|super-?induc\w*|up-?regulat\w*|promot(?!ers?$)\w*|enhanc(?!ers?$)\w*|rais(?:e|ed|es|ing)|higher|greater|"
    r"augment\w*|boost\w*|potentiat\w*|accelerat\w*|facilitat\w*|ris(?:e|es|ing|en)|rose|"
    r"stimulat(?:e|ed|es|ing)|activat(?:e|ed|es|ing|ion)|induc(?:e|ed|es|ing|tion)|"
    r"over-?expressi?\w*|strengthen\w*|more|accumulat\w*|prolong\w*|lengthen\w*|"
    r"releas(?:e|ed|es|ing)|amplif\w*|gain(?:s|ed)?|hyperactivit\w*"
)
DOWN = (
    r"decreas\w*|reduc\w*|down-?regulat\w*|inhibit(?!or)\w*|suppress(?!ors?$)\w*|attenuat\w*|"
    r"lower(?:ed|s|ing)?|alleviat\w*|reliev\w*|relief|ameliorat\w*|diminish\w*|declin\w*|"
    r"block(?!ers?$)\w*|abolish\w*|lessen\w*|mitigat\w*|blunt\w*|dampen\w*|less|lesser|fewer|fell|fall(?:s|ing|en)?|"
    r"loss|lost|antagoni[sz](?:e|ed|es|ing)|eliminat\w*|shorten\w*|weaken\w*|impair\w*|deplet\w*|drop(?:s|ped)?|"
    r"prevent\w*|revers\w*|counteract\w*|abrogat\w*|repress(?!ors?$)\w*|silenc(?!ers?$)\w*|inactivat\w*|"
    r"degrad(?:e|es|ed|ing|ation)|interfer(?:e|es|ed|ing)|subsid(?:e|es|ed|ing)"
)
#: Verbs and adjectives of a cause: the thing after them is raised ("required for IL-10
#: production", "mediates TNF-α release"); the thing before them is the cause, not a change,
#: except before a verb of need ("IL-10 production requires ERK": IL-10 is raised by ERK).
CAUSE = (
    r"required|requires?|requirement|essential|necessary|mediat(?:e|es|ed|ing)|contribut(?:e|es|ed|ing)|"
    r"driv(?:e|es|ing)|drove|sustain(?:s|ed|ing)?|trigger(?:s|ed|ing)?|lead|leads|leading|led|resulted|resulting|"
    r"depends|depended|dependent|"
    r"responsible|inducers?|producing|produc(?:e|es)|maintain(?:s|ed|ing)?|involved"
)
RESTORE = r"restor\w*|rescu\w*|recover(?:ed|s|ing)?|normali[sz]\w*"
NEUTRAL = (
    r"chang(?:e|ed|es|ing)|alter(?:ed|s|ing|ation|ations)?|affect(?:ed|s|ing)?|influenc\w*|"
    r"modulat\w*|differ\w*|regulat(?:e|ed|es|ing|ion)"
)
IMPROVE = r"improv\w*|better"
WORSEN = r"exacerbat\w*|aggravat\w*|worsen\w*|worse|poorer"
NEGATION = (
    r"not|\w+n't|no|none|neither|nor|without|never|unaffected|unchanged|unaltered|"
    r"non-?significant(?:ly)?|insignificant(?:ly)?|cannot"
)
#: Participles joined to an agent by a hyphen that raise the thing after them ("LPS-induced
#: TNF-α", "PMA-stimulated IL-2"): an up cue.
JOINED_UP = r"induced|stimulated|evoked|triggered|elicited|activated|mediated|dependent|driven"
CUE_KINDS = ("improve", "worsen", "restore", "up", "down", "neutral", "cause")
_WORD_CLASS = re.compile(
    rf"(?P<neg>{NEGATION})|(?P<improve>{IMPROVE})|(?P<worsen>{WORSEN})|(?P<restore>{RESTORE})|(?P<up>{UP})|(?P<down>{DOWN})|"
    rf"(?P<neutral>{NEUTRAL})|(?P<cause>{CAUSE})|(?P<joined>[a-z]+(?:-[a-z]+)*-(?:{JOINED_UP}))|(?P<brk>but|whereas|while|although|though|however|yet|unlike|since|because|unless)|"
    r"(?P<rel>which|whilst|respectively|indicating|suggesting|showing|demonstrating|implying|"
    r"implicating|confirming|revealing|thereby|thus)|(?P<conj>and|or)|(?P<aux>had|has|have|did|does|was|were|is|are|"
    r"showed|shows|exhibited|produced|caused|resulted|led)|(?P<two>fail|fails|failed|unable|lack|lacks|"
    r"lacked|absence|similar|comparable|marginally|borderline)|(?P<relpro>that|who)|(?P<phase>up|down|negative|positive|negatively|positively|high)|"
    r"(?P<punct>[;,])"
)
# Tokens: words (hyphenated words are one token, so "CCI-induced" is not a cue), ";" and ",".
_TOKEN_SPLIT = re.compile(r"([a-z]++(?:['-][a-z]++)*+|[;,])")  # possessive: no backtracking to record
# "P > 0.05", "p = 0.45", "p = 0.06", "(NS)": a difference that is not significant
_PVALUE = re.compile(r"p\s*(?:[>≥]\s*0?\.\d|=\s*0?\.(?:[1-9]|0[6-9]|05\d))")
_NS = re.compile(r"\(ns\)|\bn\.s\.")
#: "comparable improvements in pain", "similar results": no difference between the arms.
_OUTCOME_NOUNS = """improvement improvements reduction reductions decrease decreases increase increases change
    changes effect effects efficacy results outcomes conclusions findings""".split()
_SECOND_WORD = {
    "fail": ("to",),
    **dict.fromkeys(("fails", "failed", "unable"), ("to",)),
    **dict.fromkeys(("lack", "lacks", "lacked", "absence"), ("of",)),
    **dict.fromkeys(("similar", "comparable"), ("between", "across", "in", "among", "for", "to", *_OUTCOME_NOUNS)),
    **dict.fromkeys(("marginally", "borderline"), ("significant", "significance")),
}
ADVERBS = frozenset(
    """significantly markedly also further dramatically obviously remarkably notably effectively
    substantially partially partly completely strongly slightly clearly greatly simultaneously
    concurrently additionally moreover then still both all each often always""".split()
)
#: Words after *without* that make it deny a finding ("without affecting X", "without any
#: change in X"); "with or without IL-4", "cells without serum" name a condition.
_WITHOUT_NULL = frozenset(
    """any significant significantly change changes alteration alterations effect effects increase
    increases decrease decreases loss reduction difference differences""".split()
)
_JOINED_WORDS = frozenset(JOINED_UP.split("|"))
_PHASE = {"up": "up", "down": "down", "positive": "up", "positively": "up", "negative": "down", "negatively": "down",
          "high": "up"}
_AMOUNTS = frozenset("level levels amount amounts concentration concentrations expression".split())
_REPORTING = frozenset(
    """shown show showed shows found find demonstrate demonstrated demonstrates suggest suggests
    suggested indicate indicates indicated report reported conclude concluded reveal revealed
    observed confirm confirmed propose proposed hypothesize hypothesized suggesting indicating showing
    demonstrating""".split()
)
_BE_WORDS = frozenset("was were is are".split())
_AFTER_COMMA = frozenset("no not nor neither without".split())
#: Words after which "not" denies no finding: "not only", "was not examined", "is not known".
_NOT_NEGATING = frozenset(
    """only examined assessed investigated evaluated measured studied explored tested determined known
    clear surprising understood elucidated defined characterized established identified possible
    feasible""".split()
)


class Cue(NamedTuple):
    """A cue word: its span, kind (up, down, restore, improve, worsen, neutral) and text."""

    start: int
    end: int
    kind: str
    word: str


_cue = partial(tuple.__new__, Cue)  # Cue(start, end, kind, word) at the cost of a tuple


class Scan(NamedTuple):
    """What :func:`scan` finds: change cues, negation cue offsets, clause breaks (start, end),
    and where a clause resumes after a relative clause (break start -> resumed clause start)."""

    cues: list[Cue]
    negations: list[int]
    breaks: list[tuple[int, int]]
    resumes: dict[int, int]


_CLASS_CACHE: dict[str, str] = {}


def word_class(word: str) -> str:
    """The scanning class of a token ('' for none), cached."""
    found = _CLASS_CACHE.get(word)
    if found is None:
        m = _WORD_CLASS.fullmatch(word)
        found = m.lastgroup if m else ""
        if len(_CLASS_CACHE) < 50_000:
            _CLASS_CACHE[word] = found
    return found


def scan(low: str) -> Scan:
    """Change cues, negation cues and clause breaks of a lower-cased text, in one pass.

    A clause breaks at a semicolon (not one in brackets), before *but*, *whereas*, *while*,
    *although*, *since*, *because*, *however*..., at the comma that ends a fronted *although*/
    *since*/*because* clause, before a comma followed by *which*, *indicating*, *suggesting*,
    *no*, *not*, *nor*, *neither*, *without* or *with no* (and, for ", which", at the comma that
    closes the relative clause before an auxiliary or a cue verb: the clause before it resumes
    there, see ``Scan.resumes``), before *without*, before *that*/*who* followed by an
    auxiliary or a negation ("rats that did not receive EA") or after a verb of reporting ("we
    found that"), where an aside "but not X" ends (its bracket, a comma before a verb, *was*,
    *as well as*; the clause before it resumes there), and before *and*/*or* that starts a new
    predicate (a cue or auxiliary verb after at most three adverbs).
    Cue words hyphenated to another word are not cues, except a participle joined to its agent
    ("LPS-induced", "PMA-stimulated": an up cue for what follows); "up regulation", "negatively
    regulates" are one cue; *without* denies only before a verb in -ing or a change ("without
    affecting X"), "in the absence of X" and a fronted "Similar to X," deny nothing; "not only", "not
    examined", "not known" (and the like) and "no." are not negations; "P > 0.05", "p = 0.34"
    and "(NS)" are.

    >>> s = scan("ea did not change il-6 but increased il-10")
    >>> [c.word for c in s.cues], len(s.negations), s.breaks
    (['change', 'increased'], 1, [(22, 23)])
    """
    # Split into [gap, token, gap, token, ..., gap]; offsets follow from the lengths.
    parts = _TOKEN_SPLIT.split(low)
    offsets = [0, *accumulate(map(len, parts))]
    words = parts[1::2]
    classes = list(map(_CLASS_CACHE.get, words))
    if None in classes:
        for i in [i for i, c in enumerate(classes) if c is None]:
            classes[i] = word_class(words[i])
    cues: list[Cue] = []
    negs = [m.start() for m in _PVALUE.finditer(low) if not (m.start() and low[m.start() - 1].isalnum())]
    if "n" in low and ("(ns)" in low or "n.s." in low):
        negs += [m.start() for m in _NS.finditer(low)]
    breaks: list[tuple[int, int]] = []
    resumes: dict[int, int] = {}
    n = len(words)
    skip = -1
    for i in compress(range(n), classes):  # the tokens with a class
        if i <= skip:
            continue
        group = classes[i]
        start, end = offsets[2 * i + 1], offsets[2 * i + 2]
        word = words[i]
        if group == "punct":
            if word == ";":
                if low.rfind("(", 0, start) <= low.rfind(")", 0, start):  # not "(SE 12; p = 0.1)"
                    breaks.append((start, end))
            elif i + 1 < n:
                j = i + 1
                if words[j] == "with" and j + 1 < n and words[j + 1] == "no":
                    j += 1
                if classes[j] == "rel" or (classes[j] == "neg" and words[j] in _AFTER_COMMA):
                    breaks.append((start, end))
                    if words[j] == "which":
                        # "X, which developed in SNI rats, was attenuated by EA": X's predicate
                        # follows the comma that closes the relative clause
                        k = _closing_comma(words, classes, j + 1)
                        if k is not None:
                            breaks.append((offsets[2 * k + 1], offsets[2 * k + 2]))
                            resumes[start] = offsets[2 * k + 2]
        elif group in CUE_KINDS:
            if i + 1 < n and words[i + 1] in ("extent", "degree"):
                continue  # "to a lesser extent": a degree, not a change
            if start and low[start - 1] == "-" and word in _JOINED_WORDS:
                word = "-" + word  # "IL-1β-induced", "(LPS)-stimulated": joined to its agent
            cues.append(_cue((start, end, group, word)))
        elif group == "joined":
            cues.append(_cue((start, end, "up", word)))  # "LPS-induced"
        elif group == "phase":
            if i + 1 < n and words[i + 1].startswith("regulat"):
                # "down regulation", "negatively regulates": one cue
                skip = i + 1
                cues.append(_cue((start, offsets[2 * i + 4], _PHASE[word], word + "-" + words[i + 1])))
            elif word == "high":
                if i + 1 < n and words[i + 1] in _AMOUNTS:
                    # "high levels of IL-6": a change noun
                    skip = i + 1
                    cues.append(_cue((start, offsets[2 * i + 4], _PHASE[word], word + "-" + words[i + 1])))
            elif word in ("up", "down"):
                cues.append(_cue((start, end, word, word)))
        elif group == "neg":
            if (word == "not" and _not_negating(words, i)) or (word == "no" and low.startswith(".", end)):
                continue
            if word == "not" and i > 1 and words[i - 1] == "or" and words[i - 2] == "whether":
                continue  # "whether or not X ...": a question
            if word == "without":
                if not (i + 1 < n and (words[i + 1].endswith("ing") or words[i + 1] in _WITHOUT_NULL)):
                    continue  # "with or without IL-4": a condition
                breaks.append(_break_before(low, start))
            negs.append(start)
        elif group == "two":
            if i + 1 < n and words[i + 1] in _SECOND_WORD[word]:
                if word == "absence" and i and (
                    words[i - 1] == "in" or words[i - 1] in ("the", "or", "and") and i > 1 and words[i - 2] in ("in", "presence", "or", "and")
                ):
                    continue  # "in the absence of X", "in the presence or absence of X": a condition
                if word in ("similar", "comparable") and not _between_groups(words, i, low, start):
                    continue  # "Similar to IL-4, IL-13 ...", "similar in mobility": a comparison

                negs.append(start)
        elif group == "brk":
            breaks.append(_break_before(low, start))
            if word in _SUBORDINATE and _fronted(low, start):
                # "Although X did not ..., Y increased": the fronted clause ends at its comma
                k = next((k for k in range(i + 1, min(i + 30, n - 1)) if words[k] == "," and words[k + 1] not in ("and", "or")
                          and (not words[k + 1].startswith("xx") or k + 2 < n and words[k + 2] not in _LIST_GLUE)
                          and low.rfind("(", 0, offsets[2 * k + 1]) <= low.rfind(")", 0, offsets[2 * k + 1])), None)
                if k is not None:
                    breaks.append((offsets[2 * k + 1], offsets[2 * k + 2]))
            if word == "but" and i + 1 < n and words[i + 1] == "not":
                # "EA at 2 Hz, but not 100 Hz, increased X": the aside ends at a comma before a
                # verb; "the expression of X but not Y was reduced": before an auxiliary, and the
                # clause before the aside resumes there
                k = next((k for k in range(i + 2, min(i + 10, n - 1))
                          if words[k] == "," and (classes[k + 1] in CUE_KINDS or classes[k + 1] == "aux")
                          or words[k] in _BE_WORDS or words[k : k + 3] == ["as", "well", "as"]), None)
                close = low.find(")", end, end + 120) if low[:start].rstrip().endswith("(") else -1
                if close > 0:
                    # "(but not CD2 or CD7) leads to ...": the aside ends with its bracket
                    breaks.append((close, close + 1))
                    resumes[breaks[-2][0]] = close + 1
                elif k is not None and words[k] == ",":
                    breaks.append((offsets[2 * k + 1], offsets[2 * k + 2]))
                    resumes[breaks[-2][0]] = offsets[2 * k + 2]
                elif "," in words[i + 2 : i + 5] and low[:start].rstrip().endswith(","):
                    # "full-length, but not truncated, Fos was ...": a short aside between commas
                    # (not a list: "but not Jun, Fos, Oct ...")
                    k = words.index(",", i + 2)
                    if "," not in words[k + 1 : k + 4]:
                        breaks.append((offsets[2 * k + 1], offsets[2 * k + 2]))
                        resumes[breaks[-2][0]] = offsets[2 * k + 2]
                elif k is not None:
                    resume = offsets[2 * k + 1]
                    breaks.append(_break_before(low, resume))
                    resumes[breaks[-2][0]] = resume
        elif group == "relpro":
            if i + 1 < n and classes[i + 1] in ("neg", "aux", "two") or i and words[i - 1] in _REPORTING:
                # "rats that did not receive EA"; "we found that X ...": a new clause
                breaks.append(_break_before(low, start))
        elif group == "conj":
            j = i + 1
            while j < n and j - i <= 3 and (words[j] in ADVERBS or words[j].endswith("ly")):
                j += 1
            if j < n and (classes[j] in CUE_KINDS or classes[j] in ("aux", "neg", "two")):
                breaks.append(_break_before(low, start))
                if words[j] == "not" and low[: start].rstrip().endswith(","):
                    # "X-dependent, and not Y-dependent, pathways mediate ...": an aside
                    k = next((k for k in range(j + 1, min(j + 8, n)) if words[k] == ","), None)
                    if k is not None:
                        breaks.append((offsets[2 * k + 1], offsets[2 * k + 2]))
    negs.sort()
    breaks.sort()
    return Scan(cues, negs, breaks, resumes)


_GROUPS = frozenset("both all each the two either groups arms".split())


def _between_groups(words: list[str], i: int, low: str, start: int) -> bool:
    """Whether *similar*/*comparable* at token ``i`` compares groups ("similar between groups",
    "comparable in both arms", "similar to placebo") rather than things ("similar in mobility",
    a fronted "Similar to IL-4, ...")."""
    second = words[i + 1]
    if second == "in":
        return i + 2 < len(words) and words[i + 2] in _GROUPS
    if second == "to":
        head = low[max(0, start - 3) : start].rstrip()
        if not head or head[-1] in ".;,:!?":
            return False  # fronted: "Similar to IL-4, IL-13 induced ..."
        k = i + 2
        while k < len(words) and k < i + 5 and words[k] in ("the", "that", "those", "of", "in"):
            k += 1
        return k < len(words) and words[k] in _CONTROLS
    return True


#: What a trial compares with: "similar to placebo", "comparable to that of the sham group".
_CONTROLS = frozenset("placebo sham control controls baseline usual standard conventional comparison".split())


_LIST_GLUE = frozenset((",", "and", "or"))
_SUBORDINATE = frozenset("since because although though while whereas unless".split())
_NOT_ADVERBS = frozenset("well fully yet completely clearly entirely been always necessarily".split())


def _not_negating(words: list[str], i: int) -> bool:
    """Whether "not" at token ``i`` denies no finding: "not only", "not (yet) known", "not (well)
    understood", "has not been elucidated"."""
    j = i + 1
    while j < len(words) and j <= i + 3 and words[j] in _NOT_ADVERBS:
        j += 1
    return j < len(words) and words[j] in _NOT_NEGATING


def _fronted(low: str, start: int) -> bool:
    """Whether the word at ``start`` opens its sentence (or follows a sentence adverb:
    "However, although ...")."""
    head = low[max(0, start - 16) : start].rstrip()
    if head.endswith(","):
        head = head[:-1].rstrip()
        word = head[len(head.rstrip("abcdefghijklmnopqrstuvwxyz")) :]
        head = head[: len(head) - len(word)].rstrip() if word in _SENTENCE_ADVERBS else "x"
    return not head or head[-1] in ".!?"


_SENTENCE_ADVERBS = frozenset("however moreover thus therefore furthermore indeed notably overall finally".split())


def _closing_comma(words: list[str], classes: list[str], i: int, reach: int = 20) -> int | None:
    """The comma that closes a relative clause starting at token ``i``: its first comma within
    ``reach`` tokens, when an auxiliary, a negation or a cue verb follows it (adverbs between);
    None otherwise (a comma of a list, a semicolon, no comma)."""
    for k in range(i, min(i + reach, len(words) - 1)):
        if words[k] == ";":
            return None
        if words[k] == ",":
            j = k + 1
            while j < len(words) - 1 and (words[j] in ADVERBS or words[j].endswith("ly")):
                j += 1
            return k if classes[j] in ("aux", "neg") or classes[j] in CUE_KINDS else None
    return None


def _break_before(low: str, start: int) -> tuple[int, int]:
    """A zero-width break before a word, taking in a comma and spaces just before it."""
    b = start
    while b and low[b - 1].isspace():
        b -= 1
    if b and low[b - 1] == ",":
        b -= 1
    return (b, start)


def abstract_text(inverted_index: dict[str, list[int]] | None) -> str | None:
    """Rebuild an abstract from OpenAlex's ``abstract_inverted_index`` (word -> positions).

    Returns None when there is no abstract (None or empty index). Raises ``ValueError``
    naming the word when a position is not a non-negative integer.

    >>> abstract_text({"EA": [0], "increased": [1], "BDNF.": [2]})
    'EA increased BDNF.'
    """
    if not inverted_index:
        return None
    if not isinstance(inverted_index, dict):
        raise ValueError(f"abstract_inverted_index must be a mapping, got {type(inverted_index).__name__}")
    positions = list(inverted_index.values())
    if set(map(type, positions)) == {list}:  # the usual shape, checked at once
        flat = list(chain.from_iterable(positions))
        if set(map(type, flat)) == {int} and min(flat) >= 0:
            words = chain.from_iterable(map(repeat, inverted_index, map(len, positions)))
            slots = dict(zip(flat, words))
            return " ".join(map(slots.__getitem__, sorted(slots)))
    slots: dict[int, str] = {}
    for word, positions in inverted_index.items():
        if not isinstance(positions, list):
            raise ValueError(f"abstract_inverted_index: positions of {word!r} must be a list, got {positions!r}")
        for pos in positions:
            if not isinstance(pos, int) or isinstance(pos, bool) or pos < 0:
                raise ValueError(f"abstract_inverted_index: bad position {pos!r} for word {word!r}")
            slots[pos] = word
    return " ".join(slots[i] for i in sorted(slots))


@lru_cache(maxsize=64)
def sentences(text: str) -> tuple[tuple[int, int], ...]:
    """Sentence spans ``(start, end)`` of a text, leading/trailing space excluded.

    The last few texts' spans are kept: the tagger and the graph build both ask for the
    spans of each title and abstract.

    Splits after ``.``, ``!`` or ``?`` followed by space and a word or bracket, except after
    common abbreviations (et al., e.g., vs., i.p.; Fig. and No. before a number) and before a lower-case word that
    follows a single letter ("E. coli"). Sentences may start in lower case
    ("mTOR was increased.", "γ-aminobutyric acid was reduced.").

    >>> t = "EA increased BDNF (Chen et al. 2019). It reduced pain."
    >>> [t[s:e] for s, e in sentences(t)]
    ['EA increased BDNF (Chen et al. 2019).', 'It reduced pain.']
    """
    spans = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        word = _last_word(text[max(start, m.start() - 24) : m.start() + 1])
        if word:
            w = word.lower()
            if w in _NO_BREAK_BEFORE or w.count(".") >= 1:
                continue  # "et al.", "e.g."
            if w in _NO_BREAK_BEFORE_NUMBER and text[m.end()].isdigit():
                continue  # "Fig. 2", "No. 3"
            if len(w) == 1 and text[m.end()].islower():
                continue  # "E. coli"; but "substance P. Pain fell" ends a sentence
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return tuple(out)


def clauses(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Clause spans inside ``text[start:end]`` (offsets into ``text``); see :func:`scan`.

    >>> t = "EA did not change IL-6 but increased IL-10"
    >>> [t[s:e] for s, e in clauses(t)]
    ['EA did not change IL-6', 'but increased IL-10']
    >>> t = "EA increased BDNF, NGF and GDNF and reduced TNF-α"
    >>> [t[s:e] for s, e in clauses(t)]
    ['EA increased BDNF, NGF and GDNF', 'and reduced TNF-α']
    """
    end = len(text) if end is None else end
    out = []
    pos = start
    for b_start, b_end in scan(text[start:end].lower()).breaks:
        b_start, b_end = b_start + start, b_end + start
        if b_start > pos:
            out.append((pos, b_start))
        pos = max(pos, b_end)
    if end > pos:
        out.append((pos, end))
    return out or [(start, end)]
