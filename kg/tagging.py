"""Evidence-aware concept tagging: vocabulary mentions in text, with negation and direction.

:func:`tag` finds the vocabulary's concepts in a text and, for each mention, the sentence
it stands in, whether the text negates it and the change (``"up"``/``"down"``) the text
reports for it. :func:`tag_work` does the same over an OpenAlex work's title, abstract,
keywords and MeSH terms.

Matching
    One regular expression, compiled once on first use, holds every name of every concept
    as a character trie (shared prefixes merged), run over a case-folded copy of the text
    (same length, so offsets hold). At each position the trie yields the longest name, so
    matches are leftmost-longest and never overlap ("spinal cord injury" is one condition,
    "SP6" one acupoint). Names match on token boundaries only (no letter, digit or ``_``
    on either side), with an optional plural ``s``/``es``. Between the tokens of a name
    any of space, hyphen, slash or nothing is accepted, and Greek letters match their
    spelled names (``TNF-α`` = ``TNF alpha`` = ``TNFα``; ``ß`` and ``µ`` are read as ``β``
    and ``μ``). Synonyms and labels match without regard to case; abbreviations must match
    case-sensitively (``EA`` is not in "each" or "EAE"; ``GABA`` is not in "gabapentin",
    but "GABAergic" is a synonym of GABA). Abbreviations the vocabulary lists as
    ``ambiguous`` (``SP``, ``MA``, ``NA``, ``NE``, ``MS``, ``TN``, ``P6``...) count only
    where the same text (for :func:`tag_work`, the same work) also names the concept
    unambiguously, as in "substance P (SP)".

Negation and direction
    Only mechanisms, conditions and outcomes carry negation and direction; interventions,
    acupoints and anatomy never do. A mention that is a setting rather than a finding
    carries neither: one followed by ``-induced``/``-mediated``/``-related``... or by a
    population word ("CCI rats", "DPN patients"), a receptor tool ("TrkB antagonist",
    "BDNF siRNA"), one whose name ends in a population ("diabetic rats"), or one introduced
    by a preposition of place, means or population ("in", "via", "through", "with", "after",
    "for", "than", "model of"...) that does not follow a change noun or a verb of finding
    ("reduction in pain", "was observed in MBP" are findings). An abbreviation in brackets
    right after its full name reads as the full name ("patients with diabetic peripheral
    neuropathy (DPN)").

    Sentences are split into clauses (see :func:`kg.text.scan`): at ``;``, before
    *but*/*whereas*/*while*/*although*/*however*, before ", which/indicating/nor/no/not/
    without", and before *and*/*or* that starts a new predicate ("EA did not change IL-6
    but increased IL-10": the negation stays in its clause). A finding is negated when its
    clause holds a negation cue: *not*/*n't* (but not "not only"), *no*, *none*,
    *neither*/*nor*, *without*, *never*, *failed to*, *unable to*, *unaffected*,
    *unchanged*, *unaltered*, *non-significant*, *insignificant*, *comparable*, *similar
    between/to*, *lack of*, *absence of*, *P > 0.05*. A negated finding keeps the direction
    of the change it denies ("failed to reduce TNF-α": negated, down; "did not alter IL-6":
    negated, no direction), so consumers read ``negated`` first: it is a null finding.

    The direction comes from the change cue that governs the mention in its clause: the
    nearest cue before it ("EA increased BDNF and reduced TNF-α"; "the increase in BDNF";
    "reduced the expression of caspase-3"), else the nearest cue after it when that cue
    is passive, intransitive or a noun ("BDNF levels were elevated", "BDNF upregulation",
    "QoL did not improve"), not a verb with an object of its own ("BDNF promotes axon
    regeneration" gives regeneration "up" and BDNF nothing). A down or reversal verb acting
    on a change noun inverts it ("attenuated the CCI-induced increase in TNF-α": down;
    "prevented the loss of BDNF", "restored the decreased NGF", "the loss of GABAergic
    neurons was prevented": up). A clause "but not X" takes the change of the clause before
    it, as does "..., but IL-6 was not". *improve*/*better* are down for concepts whose rise
    is a worsening (conditions, and outcomes the vocabulary marks ``higher_is_worse``: pain
    intensity) and up for the rest ("improved allodynia", "improved pain": down; "improved
    motor function": up); *worsen*, *worse*, *exacerbate*, *aggravate*, *poorer* are down for
    the other outcomes and up otherwise; *prolong* is up; *alleviate*,
    *relieve*, *ameliorate*, *reverse*, *prevent* are down; *restore*, *rescue*, *recover*
    up; *induce* gives conditions no direction (making a model is not a finding);
    *change*, *alter*, *affect*, *modulate*, *normalize* give no direction.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Iterable

from kg.text import _ADVERBS, CUE_KINDS, Cue, _word_class, abstract_text, scan, sentences
from kg import mesh
from kg.vocabulary import FOLD, GREEK, Term, key, lookup, vocabulary

#: Kinds that carry negation and direction.
FINDING_KINDS = frozenset({"mechanism", "condition", "outcome"})


@dataclass(frozen=True)
class Mention:
    """One mention of a vocabulary concept.

    ``start``/``end`` are character offsets into the text tagged (for MeSH terms and
    keywords: the term's index in its list); ``sentence`` is the sentence's index (for
    MeSH terms and keywords: the term's index); ``direction`` is ``"up"``, ``"down"``
    or None; ``field`` is set by :func:`tag_work`.
    """

    concept: str
    kind: str
    start: int
    end: int
    sentence: int
    negated: bool
    direction: str | None
    matched: str
    field: str | None = None


# ---------------------------------------------------------------------------------------
# The matcher: one trie-shaped regular expression over every name of every concept.

_GREEK_NAMES = {name: ch for ch, name in GREEK.items()}
_SEP = "SEP"  # trie unit: an optional separator
_SEP_RE = r"[\s/\-]?"
_NAME_TOKEN = re.compile(r"[a-z]+|[0-9]+|[α-ω]|[^\sa-z0-9α-ω/\-_]")
_GREEK_IN_RUN = re.compile(r"(alpha|beta|gamma|delta|kappa)")


def _fold(text: str) -> str:
    """Case-fold ``text`` to a string of the same length (offsets survive)."""
    low = text.lower()
    if text.isascii():
        return low
    if len(low) != len(text):  # a few characters lower-case to two; keep them as they are
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return _FOLD_CHARS.sub(_fold_char, low) if _FOLD_CHARS.search(low) else low


_FOLD_CHARS = re.compile("[" + "".join(chr(k) for k in FOLD) + "]")


def _fold_char(m: re.Match) -> str:
    return FOLD[ord(m.group())]


def _units(name: str) -> list[str]:
    """Trie units of a name: single characters, Greek letters, and optional separators."""
    text = unicodedata.normalize("NFKC", name).translate(FOLD).lower()
    tokens: list[str] = []
    for tok in _NAME_TOKEN.findall(text):
        if tok.isalpha() and tok.isascii() and len(tok) > 5:
            tokens.extend(p for p in _GREEK_IN_RUN.split(tok) if p)
        else:
            tokens.append(tok)
    units: list[str] = []
    for i, tok in enumerate(tokens):
        if i and (_wordlike(tok) or _wordlike(tokens[i - 1])):
            units.append(_SEP)
        if tok in GREEK or tok in _GREEK_NAMES:
            units.append("G:" + (tok if tok in GREEK else _GREEK_NAMES[tok]))
        else:
            units.extend(tok)
    return units


def _wordlike(token: str) -> bool:
    return token.isalnum() or token in GREEK


def _unit_re(unit: str) -> str:
    if unit == _SEP:
        return _SEP_RE
    if unit.startswith("G:") and len(unit) > 2:
        ch = unit[2:]
        return f"(?:{re.escape(ch)}|{GREEK[ch]})"
    return re.escape(unit)


def _trie_re(node: dict) -> str:
    """Regular expression of a trie node: longer continuations are tried first."""
    branches = [_unit_re(u) + _trie_re(child) for u, child in node.items() if u != ""]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:  # a name ends here: the continuation is optional (and greedy)
        return f"(?:{body})?"
    return body


def _first_chars(trie: dict) -> list[str]:
    """The characters a name can start with (both spellings of a leading Greek letter)."""
    out = []
    for unit in trie:
        if unit.startswith("G:") and len(unit) > 2:
            out.append(unit[2:] + GREEK[unit[2:]][0])
        elif unit not in ("", _SEP):
            out.append(unit)
    if any(not c.isalnum() for chars in out for c in chars):
        raise ValueError(f"a vocabulary name starts with a character that is not a letter or digit: {out}")
    return out


def _cs_key(term: str) -> str:
    """Case-sensitive key of an abbreviation: like :func:`kg.vocabulary.key`, keeping case."""
    text = unicodedata.normalize("NFKC", term).translate(FOLD)
    text = "".join(GREEK.get(ch, ch) for ch in text)
    return re.sub(r"[\s\-_/'()\[\]]+", "", text)


@dataclass(frozen=True)
class _Matcher:
    regex: re.Pattern
    ci: dict[str, Term]  # key -> concept, for labels and synonyms
    cs: dict[str, Term]  # case-sensitive key -> concept, for abbreviations
    amb: dict[str, Term]  # case-sensitive key -> concept, for ambiguous abbreviations


@cache
def matcher() -> _Matcher:
    """The compiled matcher over the packaged vocabulary (built once, on first use)."""
    vocab = vocabulary()
    ci: dict[str, Term] = {}
    cs: dict[str, Term] = {}
    amb: dict[str, Term] = {}
    trie: dict = {}
    for c in vocab.concepts:
        for names, index, keyf in (
            ((c.label, *c.synonyms), ci, key),
            (c.abbreviations, cs, _cs_key),
            (c.ambiguous, amb, _cs_key),
        ):
            for name in names:
                index.setdefault(keyf(name), c)
                node = trie
                for unit in _units(name):
                    node = node.setdefault(unit, {})
                node[""] = True
    # Every name starts with a word character: "\b" then says no word character precedes, and
    # the look-ahead at the possible first characters lets most positions fail at once.
    first = sorted({c for name_start in _first_chars(trie) for c in name_start})
    pattern = r"\b(?=[" + re.escape("".join(first)) + r"])(?P<t>" + _trie_re(trie) + r")(?:e?s)?(?![\w])"
    return _Matcher(re.compile(pattern), ci, cs, amb)


def _resolve(m: _Matcher, core: str, full: str) -> tuple[Term, bool] | None:
    """The concept a matched string names, and whether it was an ambiguous abbreviation."""
    for s in (core, full) if core != full else (core,):
        k = key(s)
        if k in m.ci:
            return m.ci[k], False
        ck = _cs_key(s)
        if ck in m.cs:
            return m.cs[ck], False
        if ck in m.amb:
            return m.amb[ck], True
    return None


# ---------------------------------------------------------------------------------------
# Cues

def _is_cue_word(word: str) -> bool:
    return _word_class(word) in CUE_KINDS
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
_BY_CUE = re.compile(r"(?:by|via|through)\s+$", re.IGNORECASE)
_CONNECTIVE = re.compile(r",|\band\b|\bor\b|\bbut\b", re.IGNORECASE)


def _polarity(cue: Cue, concept: Term) -> str | None:
    """The change a cue reports for a concept; evaluative cues (improve, worsen) by whether a
    rise of the concept is a worsening (conditions, pain intensity) or a gain."""
    if concept.kind == "condition" and cue.word.startswith("induc"):
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


def _invert(d: str | None) -> str | None:
    return {"up": "down", "down": "up"}.get(d) if d else None


# ---------------------------------------------------------------------------------------
# Tagging


def _raw_mentions(text: str, low: str) -> list[tuple[int, int, Term, bool]]:
    finditer = matcher().regex.finditer
    resolved = _RESOLVED
    out = []
    for hit in finditer(low):
        start, end = hit.span()
        core_end = hit.end(1)  # the name without a plural ending
        full = text[start:end]
        k = full if core_end == end else (full, core_end - start)
        found = resolved.get(k, _MISSING)
        if found is _MISSING:
            found = _resolve(matcher(), text[start:core_end], full)
            if len(resolved) < _RESOLVED_MAX:
                resolved[k] = found
        if found:
            out.append((start, end, found[0], found[1]))
    return out


#: Matched surface form (with the length of its core when a plural ending follows) ->
#: (concept, ambiguous) or None; bounded, filled as texts are tagged.
_RESOLVED: dict = {}
_RESOLVED_MAX = 1 << 16
_MISSING = object()


def tag(text: str, *, defined: Iterable[str] = ()) -> list[Mention]:
    """Vocabulary mentions in ``text``, sorted by offset, with negation and direction.

    ``defined`` names concept ids known to be named unambiguously elsewhere in the same
    document (lets ambiguous abbreviations such as ``SP`` count).

    >>> [(m.concept, m.negated, m.direction) for m in tag("EA did not change IL-6 but increased IL-10.")]
    [('intervention:electroacupuncture', False, None), ('mechanism:il-6', True, None), ('mechanism:il-10', False, 'up')]
    """
    return _tag(text, defined)[0]


def _tag(text: str, defined: Iterable[str] = (), field: str | None = None) -> tuple[list[Mention], frozenset[str]]:
    """:func:`tag` (mentions carrying ``field``), and the ids of ambiguous abbreviations it left out."""
    if not isinstance(text, str):
        raise TypeError(f"tag() needs a str, got {type(text).__name__}")
    if not text:
        return [], frozenset()
    low = _fold(text)
    raw = _raw_mentions(text, low)
    if not raw:
        return [], frozenset()
    dropped: frozenset[str] = frozenset()
    if any(r[3] for r in raw):
        named = set(defined) | {r[2].id for r in raw if not r[3]}
        dropped = frozenset(r[2].id for r in raw if r[3] and r[2].id not in named)
        raw = [r for r in raw if not r[3] or r[2].id in named]
    return _analyse(text, low, raw, field), dropped


_new = object.__new__


def _mention(concept: Term, start: int, end: int, sentence: int, negated: bool, direction: str | None,
             matched: str, field: str | None) -> Mention:
    # Same object as Mention(...); a frozen dataclass's __init__ sets every field through
    # object.__setattr__, filling __dict__ directly takes half the time.
    m = _new(Mention)
    d = m.__dict__
    d["concept"], d["kind"], d["start"], d["end"], d["sentence"] = concept.id, concept.kind, start, end, sentence
    d["negated"], d["direction"], d["matched"], d["field"] = negated, direction, matched, field
    return m


def _analyse(text: str, low: str, raw: list, field: str | None = None) -> list[Mention]:
    """Mentions with sentence index, negation and direction, from raw matches (sorted by offset)."""
    if not raw:
        return []
    spans = sentences(text)
    last = len(spans) - 1
    sentence_of, i = [], 0
    for r in raw:
        while i < last and spans[i + 1][0] <= r[0]:
            i += 1
        sentence_of.append(i)
    with_findings = {i for r, i in zip(raw, sentence_of) if r[2].kind in FINDING_KINDS}
    if not with_findings:
        return [_mention(c, start, end, i, False, None, text[start:end], field)
                for (start, end, c, _), i in zip(raw, sentence_of)]
    # Scan only the sentences with a finding (blank the others), and mask the mentions: cue
    # words inside a mention ("descending pain inhibition") are not cues.
    masks = [(s_start, s_end, " ") for i, (s_start, s_end) in enumerate(spans) if i not in with_findings]
    masks += [(r[0], r[1], "x") for r, i in zip(raw, sentence_of) if i in with_findings]
    masks.sort()
    pieces, pos = [], 0
    for start, end, fill in masks:
        if end > pos:
            start = max(start, pos)
            pieces.append(low[pos:start])
            pieces.append(fill * (end - start))
            pos = end
    pieces.append(low[pos:])
    masked = "".join(pieces)
    cues, negs, breaks, resumes = scan(masked)
    cue_starts = [c.start for c in cues]
    break_starts = [b[0] for b in breaks]
    n_breaks, n_negs = len(breaks), len(negs)
    raw_starts = [r[0] for r in raw]
    clause_facts: dict[tuple[int, int], tuple] = {}  # (clause start, end) -> negated, cue range, group
    memo: tuple[dict, dict] = ({}, {})  # cue start -> nominal, passive
    bisect_left, bisect_right, finding_kinds = bisect.bisect_left, bisect.bisect_right, FINDING_KINDS
    out = []
    for r, i in zip(raw, sentence_of):
        start, end, concept, _ = r
        kind = concept.kind
        if kind not in finding_kinds:
            out.append(_mention(concept, start, end, i, False, None, text[start:end], field))
            continue
        s_start, s_end = spans[i]
        # the clause: between the last break ending before the mention and the next break
        k = bisect_right(break_starts, start)
        c_start = max(s_start, breaks[k - 1][1]) if k and breaks[k - 1][1] <= start else s_start
        c_end = min(max(s_end, end), breaks[k][0]) if k < n_breaks else max(s_end, end)
        previous = out[-1] if out else None
        if previous and previous.concept == concept.id and low[previous.end : start].strip() == "(":
            # "diabetic peripheral neuropathy (DPN)": the abbreviation reads as its full name
            out.append(_mention(concept, start, end, i, previous.negated, previous.direction, text[start:end], field))
            continue
        if _is_setting(low, r, c_start):
            out.append(_mention(concept, start, end, i, False, None, text[start:end], field))
            continue
        facts = clause_facts.get((c_start, c_end))
        if facts is None:
            spans_read = [(c_start, c_end)]
            lo, hi = bisect_left(cue_starts, c_start), bisect_left(cue_starts, c_end)
            if lo == hi and c_end in resumes:
                # "X, which developed in SNI rats, was attenuated by EA": read the predicate
                # after the relative clause
                r_start = resumes[c_end]
                k = bisect_left(break_starts, r_start)
                r_end = min(breaks[k][0], s_end) if k < n_breaks else s_end
                spans_read.append((r_start, r_end))
                lo, hi = bisect_left(cue_starts, r_start), bisect_left(cue_starts, r_end)
            a, b = spans_read[-1]
            group = raw[bisect_left(raw_starts, a) : bisect_left(raw_starts, b)]
            negated = False
            for a, b in spans_read:
                n = bisect_left(negs, a)
                negated = negated or n < n_negs and negs[n] < b
            facts = clause_facts[(c_start, c_end)] = (negated, lo, hi, group)
        negated, lo, hi, group = facts
        clause = masked[c_start:c_end]
        if lo == hi and (clause.lstrip(" ,").startswith(("but not ", "not ", "and not ")) or clause.rstrip(" .,)").endswith(" not")):
            # ellipsis: "EA increased IL-10 but not IL-6", "..., but IL-6 was not" deny the previous clause's change
            prev = bisect_left(cue_starts, s_start)
            direction = _polarity(cues[lo - 1], concept) if lo > prev else None
        else:
            direction = _direction(low, r, group, cues[lo:hi], memo)
        out.append(_mention(concept, start, end, i, negated, direction, text[start:end], field))
    return out


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
    acupuncture electroacupuncture prevention risk""".split()
)
_STRIP = ".,;:()[]\"'"
_SEEN = frozenset("observed found detected seen noted shown evident apparent".split())


def _is_setting(low: str, r, c_start: int) -> bool:
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
        word == word.strip(_STRIP) and not _is_cue_word(word)
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
    prev = words[j - 1].strip(_STRIP) if j > 0 else ""
    return not (prev and (prev in _SEEN or _is_cue_word(prev) and not prev.endswith(("ed", "ing"))))


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
        found = word.endswith(("-induced", "-treated", "ed", "al", "ic", "ive", "ary")) and not _is_cue_word(word)
    if len(_MODIFIER_WORDS) < 50_000:
        _MODIFIER_WORDS[word] = found
    return found


_MODIFIER_WORDS: dict[str, bool] = {}


_DIGIT = re.compile(r"\d")


def _direction(low: str, r, group: list, cues: list[Cue], memo: tuple[dict, dict]) -> str | None:
    """The change the clause reports for mention ``r``; ``memo`` caches cue facts of this text."""
    start, end, concept, _ = r
    before = [c for c in cues if c.end <= start]
    after = [c for c in cues if c.start >= end]
    if before and after and _CONNECTIVE.search(low[before[-1].end : start]):
        # "X was reduced and Y was enhanced": Y's own predicate comes after it
        pred = next((c for c in after if _is_passive(low, c, memo)), None)
        if pred is not None and not any(before[-1].end <= g[0] < start and g[2].kind not in FINDING_KINDS for g in group):
            return _polarity(pred, concept)
    if before:
        c1 = before[-1]
        inner = _polarity(c1, concept)
        if len(before) > 1 and _acts_on(low, before[-2], c1, memo):
            return _combine(before[-2], c1, inner, concept)
        if c1.kind == "neutral" and _BY_CUE.search(low[c1.end : start]):
            return None
        if _is_nominal(low, c1, memo) and after:
            # "the loss of GABAergic neurons was prevented by EA": the predicate acts on the change
            pred = next((c for c in after if _is_passive(low, c, memo)), None)
            if pred is not None:
                return _combine(pred, c1, inner, concept)
        return inner
    if not after:
        return None
    head = after[0]
    gap = low[end : head.start]
    if _is_nominal(low, head, memo) and len(gap.split()) <= 2 and not _CONNECTIVE.search(gap):
        # "BDNF upregulation", "TNF-α release was inhibited"
        pred = next((c for c in after[1:] if _is_passive(low, c, memo)), None)
        inner = _polarity(head, concept)
        return _combine(pred, head, inner, concept) if pred is not None else inner
    for c in after:
        if _is_nominal(low, c, memo) and not _is_passive(low, c, memo) and not _do_support(low, c):
            continue  # the head noun of another phrase: "... and IL-18 release were inhibited"
        if _word_is(_ADJ_ONLY, c.word) and c.kind != "improve":
            return None
        if _is_active(low, c, group, memo):
            return None
        return _polarity(c, concept)
    return None


def _combine(outer: Cue, inner_cue: Cue, inner: str | None, concept: Term) -> str | None:
    """Direction when ``outer`` acts on the change ``inner_cue`` names."""
    if outer.kind in ("up", "worsen") or (outer.kind == "improve" and not concept.higher_is_worse):
        # "promoted the reduction of X": the change's; "up-regulated the decreased X": the verb's
        return "up" if inner_cue.word.endswith("ed") else inner
    if outer.kind in ("down", "restore", "improve"):
        # "attenuated the increase in X", "prevented the loss of X", "restored the decreased X"
        return _invert(inner)
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
        if adverbs_only and not (words[-k].endswith("ly") or words[-k] in _ADVERBS):
            return False
    return False


def _is_nominal(low: str, cue: Cue, memo: tuple[dict, dict]) -> bool:
    """Whether a cue names a change (noun, comparative, or "the decreased ...")."""
    found = memo[0].get(cue.start)
    if found is None:
        found = memo[0][cue.start] = _word_is(_NOMINAL, cue.word) or (
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
    return len(gap.split()) <= 8 and ";" not in gap and not _PREPOSITION.search(gap)


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
    return _word_is(_ACTIVE_FORM, cue.word)


# ---------------------------------------------------------------------------------------
# Works


def tag_work(work: dict, *, abstract: str | None = None) -> list[Mention]:
    """Mentions in an OpenAlex work: title, abstract, keywords and MeSH, each with its field.

    Title and abstract mentions carry offsets into the field's text (the abstract is rebuilt
    from ``abstract_inverted_index`` unless the caller passes it, already rebuilt, as
    ``abstract``). Keyword and MeSH mentions carry the term's index in
    its list as ``start``, ``end`` and ``sentence``, and no negation or direction; a MeSH
    descriptor listed once per qualifier gives one mention per entry. Ambiguous
    abbreviations count when the work names the concept unambiguously anywhere.
    """
    if not isinstance(work, dict):
        raise TypeError(f"tag_work() needs a work dict, got {type(work).__name__}")
    title = work.get("title") or work.get("display_name") or ""
    if abstract is None:
        try:
            abstract = abstract_text(work.get("abstract_inverted_index")) or ""
        except ValueError as exc:
            raise ValueError(f"work {work.get('id')!r}: {exc}") from None
    keywords = [k.get("display_name") or "" if isinstance(k, dict) else str(k) for k in work.get("keywords") or ()]
    pre_title, left_title = _tag(title, field="title")
    pre_abstract, left_abstract = _tag(abstract, field="abstract")
    defined = {m.concept for m in pre_title + pre_abstract}
    kw_concepts = [lookup(kw) for kw in keywords]
    defined.update(c.id for c in kw_concepts if c is not None)
    # a second pass only where an ambiguous abbreviation is named in full elsewhere in the work
    if left_title & defined:
        pre_title = _tag(title, defined, "title")[0]
    if left_abstract & defined:
        pre_abstract = _tag(abstract, defined, "abstract")[0]
    out: list[Mention] = pre_title + pre_abstract
    for i, (kw, c) in enumerate(zip(keywords, kw_concepts)):
        if c:
            found: tuple[str, ...] = (c.id,)
        else:
            found, left_out = _keyword_concepts(kw)
            if left_out & defined:
                found = tuple(dict.fromkeys(m.concept for m in tag(kw, defined=defined)))
        for concept_id in found:
            out.append(_mention(_concept(concept_id), i, i, i, False, None, kw, "keywords"))
    for e in mesh.entries(work.get("mesh")):
        c = mesh.concept(e.name, e.descriptor_ui)
        if c:
            out.append(_mention(c, e.index, e.index, e.index, False, None, e.name, "mesh"))
    return out


@lru_cache(maxsize=1 << 14)
def _keyword_concepts(keyword: str) -> tuple[tuple[str, ...], frozenset[str]]:
    """Term ids a keyword names (in order, each once), and ambiguous ones it left out."""
    mentions, left_out = _tag(keyword)
    return tuple(dict.fromkeys(m.concept for m in mentions)), left_out


def _concept(concept_id: str) -> Term:
    return vocabulary().by_id[concept_id]
