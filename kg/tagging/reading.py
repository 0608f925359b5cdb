"""Tagging one text: mentions, their sentences and clauses, negation and direction."""

from __future__ import annotations

import bisect
import re
from typing import Iterable

from kg.tagging.matching import fold, raw_mentions
from kg.tagging.mention import FINDING_KINDS, Mention, new_mention
from kg.tagging.manipulation import REACH, manipulation, trigger_offsets
from kg.tagging.negation import denies
from kg.tagging.polarity import direction_of, is_setting, polarity
from kg.text import scan, sentences

def tag(text: str, *, defined: Iterable[str] = ()) -> list[Mention]:
    """Vocabulary mentions in ``text``, sorted by offset, with negation and direction.

    ``defined`` names concept ids known to be named unambiguously elsewhere in the same
    document (lets ambiguous abbreviations such as ``SP`` count).

    >>> [(m.concept, m.negated, m.direction) for m in tag("EA did not change IL-6 but increased IL-10.")]
    [('intervention:electroacupuncture', False, None), ('mechanism:il-6', True, None), ('mechanism:il-10', False, 'up')]
    """
    return tag_text(text, defined)[0]


def tag_text(text: str, defined: Iterable[str] = (), field: str | None = None) -> tuple[list[Mention], frozenset[str]]:
    """:func:`tag` (mentions carrying ``field``), and the ids of ambiguous abbreviations it left out."""
    if not isinstance(text, str):
        raise TypeError(f"tag() needs a str, got {type(text).__name__}")
    if not text:
        return [], frozenset()
    low = fold(text)
    raw = raw_mentions(text, low)
    if not raw:
        return [], frozenset()
    dropped: frozenset[str] = frozenset()
    if any(r[3] for r in raw):
        named = set(defined) | {r[2].id for r in raw if not r[3]}
        dropped = frozenset(r[2].id for r in raw if r[3] and r[2].id not in named)
        raw = [r for r in raw if not r[3] or r[2].id in named]
    return _analyse(text, low, raw, field), dropped


_new = object.__new__


_SUBJECTLESS = re.compile(
    r"\s*,?\s*(?:(?:but|yet|although|though|however)\s*,?\s+)?(?:this|the|these|that)\s+(?:difference|differences|"
    r"effect|effects|change|changes|trend|increase|decrease|reduction|improvement)\b"
    r"|\s*,?\s*(?:but|yet|although|though|however)\s*,?\s+(?:did|does|do|was|were|is|are|failed|remained|had)\b"
    r"|\s*,?\s*and\s+(?:\w+ly\s+)?not\s+(?:\w+ly\s+)?significant"
)
_OR_VERB = re.compile(r"\s*,?\s*(?:or|nor)\s+(?:\w+ly\s+)?[a-z]+\b(?<!ed)(?<!ing)")
_OTHER_GROUP = re.compile(r"\bin the [\w\s-]{0,30}?(?:arm|group)\b")
_CONTINUES = re.compile(
    r"\s*,?\s*(?:and|but)\s+(?:\w+ly\s+)?(?:is|are|was|were|has|have|had|did|does|could|can|may|might|would)"
    r"(?:\s+(?:been|be|\w+ly|often|also|then|further|still))*\s+"
)
_WITHIN_GROUPS = re.compile(
    # not "in both treated groups", "in both EA groups": both treatments had the effect
    r"\bin (?:both|all|each|the two|either)(?: of the)?(?: (?!treated|treatment|active|intervention|x+\b)\w+)? (?:groups?|arms?)\b"
    # "decreased from 6.4 to 2.4 in the EA group and 6.3 to 2.2 in the control group"
    r"|\bin the [\w-]+(?: [\w-]+)? group,? and\b(?:(?!than|compared|versus|vs\b|relative).)*\bin the [\w-]+(?: [\w-]+)? group\b"
)
_CAPS_NO = re.compile(r"(?<![A-Za-z])NO(?![A-Za-z])")


def _mask_caps_no(text: str, masked: str) -> str:
    """Mask a capital "NO" (nitric oxide) so it is not read as the negation "no", unless the
    text around it is in capitals too ("NO EFFECT OF ...")."""
    for m in _CAPS_NO.finditer(text):
        around = text[max(0, m.start() - 12) : m.end() + 12]
        if any(c.islower() for c in around):
            masked = masked[: m.start()] + "xx" + masked[m.end() :]
    return masked


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
        return [new_mention(c, start, end, i, False, None, text[start:end], field)
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
    if "NO" in text:
        masked = _mask_caps_no(text, masked)
    cues, negs, breaks, resumes = scan(masked)
    triggers = trigger_offsets(low)
    cue_starts = [c.start for c in cues]
    break_starts = [b[0] for b in breaks]
    n_breaks = len(breaks)
    raw_starts = [r[0] for r in raw]
    # (clause start, end) -> negation offsets per span read, spans read, cue range, group
    clause_facts: dict[tuple[int, int], tuple] = {}
    memo: tuple[dict, dict] = ({}, {})  # cue start -> nominal, passive
    bisect_left, bisect_right, finding_kinds = bisect.bisect_left, bisect.bisect_right, FINDING_KINDS
    out = []
    for r, i in zip(raw, sentence_of):
        start, end, concept, _ = r
        kind = concept.kind
        if kind not in finding_kinds:
            out.append(new_mention(concept, start, end, i, False, None, text[start:end], field))
            continue
        s_start, s_end = spans[i]
        # the clause: between the last break ending before the mention and the next break
        k = bisect_right(break_starts, start)
        c_start = max(s_start, breaks[k - 1][1]) if k and breaks[k - 1][1] <= start else s_start
        c_end = min(max(s_end, end), breaks[k][0]) if k < n_breaks else max(s_end, end)
        previous = out[-1] if out else None
        if previous and previous.concept == concept.id and low[previous.end : start].strip() == "(":
            # "diabetic peripheral neuropathy (DPN)": the abbreviation reads as its full name
            out.append(new_mention(concept, start, end, i, previous.negated, previous.direction, text[start:end], field,
                                   previous.manipulated))
            continue
        t = bisect_left(triggers, max(s_start, start - REACH))
        imposed = t < len(triggers) and triggers[t] < min(s_end, end + REACH) and manipulation(low, start, end, s_start, s_end)
        if imposed:
            out.append(new_mention(concept, start, end, i, False, imposed, text[start:end], field, True))
            continue
        if is_setting(low, r, c_start):
            out.append(new_mention(concept, start, end, i, False, None, text[start:end], field))
            continue
        facts = clause_facts.get((c_start, c_end))
        if facts is None:
            spans_read = [(c_start, c_end)]
            lo, hi = bisect_left(cue_starts, c_start), bisect_left(cue_starts, c_end)
            read = cues[lo:hi]
            if c_end in resumes:
                # "X, which developed in SNI rats, was attenuated by EA", "the induction of X was
                # markedly, but not totally, reduced": read the predicate after the aside too
                r_start = resumes[c_end]
                rk = bisect_left(break_starts, r_start)
                r_end = min(breaks[rk][0], s_end) if rk < n_breaks else s_end
                spans_read.append((r_start, r_end))
                r_lo, r_hi = bisect_left(cue_starts, r_start), bisect_left(cue_starts, r_end)
                if lo == hi:
                    lo, hi = r_lo, r_hi
                read = read + cues[r_lo:r_hi]
            a, b = spans_read[-1]
            group = raw[bisect_left(raw_starts, a) : bisect_left(raw_starts, b)]
            in_spans = [negs[bisect_left(negs, a) : bisect_left(negs, b)] for a, b in spans_read]
            clause = masked[c_start:c_end]
            ellipsis = lo == hi and (
                clause.lstrip(" ,").startswith(("but not ", "not ", "and not ")) or clause.rstrip(" .,)").endswith(" not")
            )
            # "did not affect X or alter Y": the verbs share the negation
            carried = bool(k and c_start > s_start and _OR_VERB.match(masked, c_start)) and (
                bisect_left(negs, max(s_start, breaks[k - 2][1]) if k > 1 else s_start) < bisect_left(negs, c_start)
            )
            continuation = denied_next = None
            if k < n_breaks and breaks[k][1] < s_end:
                n_start = breaks[k][1]
                n_end = min(breaks[k + 1][0], s_end) if k + 1 < n_breaks else s_end
                first = bisect_left(cue_starts, n_start)
                m = _CONTINUES.match(masked, n_start, s_end)
                if m and first < len(cues) and cues[first].start == m.end():
                    # "c-Fos mRNA is absent from resting cells and is induced on activation": a
                    # predicate with no subject of its own continues this clause
                    continuation = (bisect_left(cue_starts, n_end), raw[bisect_left(raw_starts, c_start) : bisect_left(raw_starts, n_end)])
                if _SUBJECTLESS.match(masked, n_start) and not any(
                    n_start <= g[0] < n_end and g[2].kind in finding_kinds for g in raw[bisect_left(raw_starts, n_start) :][:4]
                ):
                    # "pain improved over time but did not differ between groups", "..., but this
                    # difference was not significant": a clause with no subject of its own denies this one
                    in_next = negs[bisect_left(negs, n_start) : bisect_left(negs, n_end)]
                    # not "... in the acupuncture arm but remained unchanged in the usual care arm"
                    denied_next = bool(in_next) and not _OTHER_GROUP.search(masked, n_start, n_end) and denies(
                        masked, n_start, n_start, in_next
                    )
            within = ("group" in clause or " arm" in clause) and bool(_WITHIN_GROUPS.search(masked, c_start, c_end))
            facts = clause_facts[(c_start, c_end)] = (
                in_spans, spans_read, lo, hi, group, read, ellipsis, carried, continuation, denied_next, within
            )
        in_spans, spans_read, lo, hi, group, read, ellipsis, carried, continuation, denied_next, within = facts
        negated = carried or bool(in_spans[0]) and denies(masked, start, end, in_spans[0])
        if not negated and len(in_spans) > 1 and in_spans[1]:
            resumed = spans_read[1][0]  # the predicate after a relative clause speaks of the mention
            negated = denies(masked, resumed, resumed, in_spans[1])
        if ellipsis:
            # "EA increased IL-10 but not IL-6", "..., but IL-6 was not" deny the previous clause's change
            prev = bisect_left(cue_starts, s_start)
            direction = polarity(cues[lo - 1], concept) if lo > prev else None
        else:
            direction = direction_of(low, r, group, read, memo)
        if continuation is not None and not negated:
            direction = direction_of(low, r, continuation[1], cues[lo : continuation[0]], memo)
        if not negated and denied_next:
            negated = True
        if direction and not negated and within:
            direction = None  # "pain decreased in both groups": a change within groups, not an effect
        out.append(new_mention(concept, start, end, i, negated, direction, text[start:end], field))
    return out

