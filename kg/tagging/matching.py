"""The vocabulary matcher: one trie-shaped regular expression over every name of every concept.

See :mod:`kg.tagging` (Matching) for what matches where.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from kg.vocabulary import FOLD, GREEK, Term, key, vocabulary

_GREEK_NAMES = {name: ch for ch, name in GREEK.items()}
_SEP = "SEP"  # trie unit: an optional separator
_SEP_RE = r"[\s/\-]?"
_NAME_TOKEN = re.compile(r"[a-z]+|[0-9]+|[α-ω]|[^\sa-z0-9α-ω/\-_]")
_GREEK_IN_RUN = re.compile(r"(alpha|beta|gamma|delta|kappa)")


def fold(text: str) -> str:
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
class Matcher:
    regex: re.Pattern
    ci: dict[str, Term]  # key -> concept, for labels and synonyms
    cs: dict[str, Term]  # case-sensitive key -> concept, for abbreviations
    amb: dict[str, Term]  # case-sensitive key -> concept, for ambiguous abbreviations


@cache
def matcher() -> Matcher:
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
    return Matcher(re.compile(pattern), ci, cs, amb)


def _resolve(m: Matcher, core: str, full: str) -> tuple[Term, bool] | None:
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


def raw_mentions(text: str, low: str) -> list[tuple[int, int, Term, bool]]:
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
