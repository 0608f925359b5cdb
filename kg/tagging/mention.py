"""A vocabulary mention: the concept, where it stands, and what the text says of it."""

from __future__ import annotations

from dataclasses import dataclass

from kg.vocabulary import Term

#: Kinds that carry negation and direction.
FINDING_KINDS = frozenset({"mechanism", "condition", "outcome"})


@dataclass(frozen=True)
class Mention:
    """One mention of a vocabulary concept.

    ``start``/``end`` are character offsets into the text tagged (for MeSH terms and
    keywords: the term's index in its list); ``sentence`` is the sentence's index (for
    MeSH terms and keywords: the term's index); ``direction`` is ``"up"``, ``"down"``
    or None; ``field`` is set by :func:`tag_work`; ``manipulated`` marks a change the
    experiment imposes ("an inhibitor of X": down), a setting rather than a finding.
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
    manipulated: bool = False



_new = object.__new__


def new_mention(concept: Term, start: int, end: int, sentence: int, negated: bool, direction: str | None,
             matched: str, field: str | None, manipulated: bool = False) -> Mention:
    # Same object as Mention(...); a frozen dataclass's __init__ sets every field through
    # object.__setattr__, filling __dict__ directly takes half the time.
    m = _new(Mention)
    d = m.__dict__
    d["concept"], d["kind"], d["start"], d["end"], d["sentence"] = concept.id, concept.kind, start, end, sentence
    d["negated"], d["direction"], d["matched"], d["field"] = negated, direction, matched, field
    d["manipulated"] = manipulated
    return m

