"""Manipulations: a mention the experiment changes on purpose ("an inhibitor of X", "X-deficient
mice", "in the absence of X", "X siRNA", "an X agonist"), and the way it changes it.

A manipulation is a setting, not a finding: the mention carries the change imposed on it
(``"down"`` for inhibitors, antagonists, knockouts, neutralising antibodies, absence;
``"up"`` for agonists and exogenous or recombinant protein) and ``manipulated=True``, never a
negation, and the evidence rules do not count it. The trigger may govern a list ("inhibitors
of NF-κB (BAY11), mTOR (rapamycin) and Akt", "TrkB and p75 antagonists").
"""

from __future__ import annotations

import re

from kg.text import CUE_KINDS, word_class

_MEASURE = (
    r"(?:(?:the\s+)?(?:production|expression|activation|activity|release|synthesis|secretion|"
    r"signal(?:l)?ing|function|effects?|action|binding)\s+of\s+)?(?:the\s+|endogenous\s+)?"
)
_DOWN_BEFORE = re.compile(
    r"\b(?:(?:inhibitors?|antagonists?|blockers?|blockade|neutrali[sz]ation|depletion|knock-?downs?|"
    r"knock-?outs?|deletion|removal|withdrawal|deprivation|silencing|lack)\s+(?:of|for|to|against)"
    r"|(?:in|by|to|with|on|under)\s+(?:the|an)\s+(?:complete\s+|total\s+)?absence\s+of"
    r"|lacking"
    r"|neutrali[sz]ing(?:\s+(?:(?:monoclonal|polyclonal)\s+)?(?:antibod(?:y|ies)|mabs?|antiserum|serum)"
    r"\s+(?:to|against|for)|\s+anti)?)\s*-?\s*" + _MEASURE
)
_UP_BEFORE = re.compile(r"\b(?:exogenous(?:ly\s+(?:applied|added|administered))?|recombinant)\s+(?:(?:human|murine|mouse|rat)\s+)?")
_DOWN_AFTER = re.compile(
    r"\s*-\s*/\s*-"
    r"|\s*(?:-|\s)\s*(?:deficient|deficiency|knock-?outs?|null|depleted|neutrali[sz]ing|blocking|knock-?down)\b"
    r"|\s+(?:receptor\s+)?(?:inhibitors?|antagonists?|blockers?|sirna|shrna|antisense)\b"
)
_UP_AFTER = re.compile(r"\s*(?:-|\s)\s*(?:receptor\s+)?agonists?\b|\s*-\s*overexpressing\b")
REACH = 150
_NOT_ITEM = frozenset(CUE_KINDS) | {"neg", "aux", "brk", "rel", "relpro"}
_FUNCTION_WORDS = frozenset("the a an its their this these that those of for as in on to by with from".split())
_PARENTHESES = re.compile(r"\([^()]{0,60}\)")
_CONNECTOR = re.compile(r",|\band\b|\bor\b|/")
_LIST_GOES_ON = re.compile(r"\s*(?:\([^()]{0,60}\)\s*)?(?:,|and\b|or\b|/)")
_HINTS = ("inhibitor", "antagonist", "blocker", "blockade", "neutrali", "depletion", "knock", "deletion", "removal",
          "withdrawal", "deprivation", "silencing", "lack", "absence", "exogenous", "recombinant")
_AFTER_HINTS = ("defici", "knock", "null", "depleted", "neutrali", "blocking", "inhibitor", "antagonist", "blocker",
                "sirna", "shrna", "antisense", "agonist", "overexpressing", "-/-", "- / -")
#: Stems covering every hint above (fewer searches: "agonist" is in "antagonist", "block" in "blocker").
_ALL_HINTS = ("inhibitor", "agonist", "block", "neutrali", "deplet", "knock", "deletion", "removal", "withdrawal",
              "deprivation", "silencing", "lack", "absence", "exogenous", "recombinant", "defici", "null", "sirna",
              "shrna", "antisense", "overexpress", "-/-", "- / -")


def trigger_offsets(low: str) -> list[int]:
    """Offsets of every trigger word in a lower-cased text, sorted (most abstracts hold few)."""
    found = []
    for hint in _ALL_HINTS:
        i = low.find(hint)
        while i != -1:
            found.append(i)
            i = low.find(hint, i + 1)
    return sorted(found)


def manipulation(low: str, start: int, end: int, s_start: int, s_end: int) -> str | None:
    """The change an experiment imposes on the mention at ``low[start:end]`` (``"up"``/``"down"``),
    or None when it is not a manipulation; ``s_start``/``s_end`` bound its sentence."""
    before = low[max(s_start, start - REACH) : start]
    after = low[end : min(s_end, end + REACH)]
    if any(h in before for h in _HINTS):
        for pattern, imposed in ((_DOWN_BEFORE, "down"), (_UP_BEFORE, "up")):
            last = None
            for last in pattern.finditer(before):
                pass
            if last is not None and _is_list_head(before[last.end() :], after):
                return imposed
    if any(h in after for h in _AFTER_HINTS):
        for pattern, imposed in ((_DOWN_AFTER, "down"), (_UP_AFTER, "up")):
            found = pattern.search(after)
            if found is not None and _is_list_tail(after[: found.start()]):
                return imposed
    return None


def _is_list_head(between: str, after: str) -> bool:
    """Whether the text between a trigger and a mention is empty or list items ending in a
    connector ("NF-κB (BAY11), mTOR (rapamycin), or "); after a comma, the list must go on past
    the mention ("in the absence of IL-4, IFN-γ increased IL-10" is no list)."""
    between = _PARENTHESES.sub(" ", between).strip()
    if not between:
        return True
    chunks = _CONNECTOR.split(between)
    items = [c for c in chunks[:-1] if c.strip()]
    if chunks[-1].strip() or not items or not all(map(_is_item, items)):
        return False
    return not between.endswith(",") or bool(_LIST_GOES_ON.match(after))


def _is_list_tail(between: str) -> bool:
    """Whether the text between a mention and a trigger after it is empty or a connector and
    list items, the trigger acting on the last ("TrkB and p75 antagonists")."""
    between = _PARENTHESES.sub(" ", between).strip()
    if not between:
        return True
    chunks = _CONNECTOR.split(between)
    items = [c for c in chunks[1:] if c.strip()]
    return not chunks[0].strip() and bool(items) and all(map(_is_item, items))


def _is_item(chunk: str) -> bool:
    """A list item: one to four words, none a change or negation cue, neither opening with a
    determiner (a new noun phrase: "IL-10, and the IL-1 receptor antagonist") nor ending in a
    function word."""
    words = chunk.split()
    return (
        0 < len(words) <= 4
        and words[0] not in _FUNCTION_WORDS
        and words[-1] not in _FUNCTION_WORDS
        and not any(word_class(w.strip(".,;:")) in _NOT_ITEM for w in words)
    )
