"""Fast case-insensitive matching of rule patterns over titles and abstracts.

A text is folded to lower case once (:func:`fold` agrees with :data:`re.IGNORECASE`
character by character) and split into its words once (:class:`Field`); each
:class:`Rule` is a lazily compiled pattern with the words it cannot match without, and is
not run on a text that has none of them. Patterns are compiled lower-cased: they must not
use upper-case escapes (``\\W``, ``\\S``, ``\\D``, ``\\B``); write ``[^a-z0-9]`` instead.
"""

from __future__ import annotations

import re


def fold(text: str) -> str:
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


class Field:
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
    def of(cls, folded: str) -> Field:
        """The field of a folded text."""
        words = folded.encode("utf-8", "surrogatepass").translate(_WORD_BYTES).split()
        return cls(folded, b" %s " % b" ".join(words), set(words))

    def __add__(self, other: Field) -> Field:
        """The field of the two texts joined by a line break."""
        return Field(f"{self.folded}\n{other.folded}", self.gate[:-1] + other.gate, self.words | other.words)


def _split_anchors(anchors: tuple[str, ...]) -> tuple[frozenset[bytes], tuple[bytes, ...]]:
    """Whole-word anchors (for the word set) apart from the other anchors (for the gate)."""
    words = {a.strip() for a in anchors if len(a) > 2 and a[0] == a[-1] == " " and " " not in a[1:-1]}
    phrases = tuple(a for a in anchors if a.strip() not in words)
    return frozenset(w.encode("ascii") for w in words), tuple(a.encode("ascii") for a in phrases)


class Rule:
    """A case-insensitive pattern in parts, each run only when one of its anchors occurs.

    Each part is ``(anchors, pattern)``: every match of the pattern, in a text, shows one of
    the anchors in the text's gate (see :class:`Field`). The rule matches when a part does
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

    def search(self, field: Field) -> bool:
        """Whether the pattern matches ``field`` (as ``re.search`` would)."""
        for words, phrases, rx in self._compiled or self._compile():
            if words.isdisjoint(field.words) and not (phrases and any(map(field.gate.__contains__, phrases))):
                continue
            if rx.search(field.folded):
                return True
        return False

    def count(self, field: Field) -> int:
        """How many times the rule's single pattern matches ``field``, as ``re.findall`` counts."""
        ((words, phrases, rx),) = self._compiled or self._compile()
        if words.isdisjoint(field.words) and not (phrases and any(map(field.gate.__contains__, phrases))):
            return 0
        return len(rx.findall(field.folded))

    def distinct(self, field: Field) -> int:
        """How many different texts the rule's single pattern matches in ``field``."""
        ((words, phrases, rx),) = self._compiled or self._compile()
        if words.isdisjoint(field.words) and not (phrases and any(map(field.gate.__contains__, phrases))):
            return 0
        return len(set(rx.findall(field.folded)))
