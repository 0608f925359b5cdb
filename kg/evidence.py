"""The evidence rules: one work's finding, the consensus over works, human or animal evidence,
the best design. One set, used by the build (ASSOCIATED_WITH), the query helpers and their
Cypher twins, and the views.

- **Finding of a work** about a concept, from its mentions of it: each mention votes ``null``
  (negated), ``up`` or ``down`` (its direction, not negated) or not at all (no direction); the
  finding is the vote most mentions cast, ``mixed`` when two votes tie for most, ``none``
  when no mention votes.
- **Consensus** over the works (retracted works are not evidence and are left out):
  None when no work found a direction; ``up`` (``down``) when at least two thirds of the works
  with an ``up``, ``down`` or ``null`` finding found ``up`` (``down``); otherwise ``mixed``.
  ``mixed`` and ``none`` findings take no side.
- **Human or animal evidence** (each work exactly one of ``human``, ``animal``, ``other``): an
  animal or in vitro design is ``animal`` (animals or cells, whatever species the text
  names); a design from people (systematic review, RCT, observational, case report) is
  ``human`` unless the species is a non-human one (a review of rat studies: ``animal``); a
  narrative review or a protocol is ``other`` (no results of its own); with no design, the
  species decides (human: ``human``, another species: ``animal``, none: ``other``).
- **Best design**: the highest on the evidence ladder (:data:`kg.model.DESIGN_LEVEL`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from kg.model import DESIGNS, HUMAN_DESIGNS, design_level

#: Fraction of the works with a finding that must agree for an "up" or "down" consensus.
CONSENSUS = 2 / 3
#: Designs whose results come from animals or cells.
NON_HUMAN_DESIGNS = frozenset({"animal", "in_vitro"})
FINDINGS = ("up", "down", "null", "mixed", "none")
GROUPS = ("human", "animal", "other")


def finding(mentions: Iterable[tuple[str | None, bool]]) -> str:
    """One work's finding about a concept from its mentions' ``(direction, negated)`` pairs.

    >>> finding([("up", False), ("up", False), ("down", False)])
    'up'
    >>> finding([("up", False), (None, True)]), finding([(None, False)]), finding([(None, True)])
    ('mixed', 'none', 'null')
    """
    votes: Counter[str] = Counter()
    for direction, negated in mentions:
        if negated:
            votes["null"] += 1
        elif direction in ("up", "down"):
            votes[direction] += 1
    if not votes:
        return "none"
    (top, n), *rest = votes.most_common()
    return "mixed" if rest and rest[0][1] == n else top


def consensus(n_up: int, n_down: int, n_null: int) -> str | None:
    """The consensus direction from the counts of works finding up, down and null.

    >>> consensus(3, 2, 0), consensus(4, 1, 1), consensus(0, 0, 3), consensus(0, 1, 0)
    ('mixed', 'up', None, 'down')
    """
    if n_up + n_down == 0:
        return None
    total = n_up + n_down + n_null
    if n_up >= CONSENSUS * total:
        return "up"
    if n_down >= CONSENSUS * total:
        return "down"
    return "mixed"


def consensus_of(findings: Iterable[str]) -> str | None:
    """:func:`consensus` of a list of findings.

    >>> consensus_of(["up", "up", "down", "mixed", "none"])
    'up'
    """
    counts = Counter(findings)
    return consensus(counts["up"], counts["down"], counts["null"])


def group(design: str | None, species: str | None) -> str:
    """``human``, ``animal`` or ``other``: where a work's results come from.

    >>> group("animal", "human"), group("rct", "rat"), group("rct", None), group("review", "human")
    ('animal', 'animal', 'human', 'other')
    >>> group(None, "human"), group(None, "mouse"), group(None, None)
    ('human', 'animal', 'other')
    """
    if design in NON_HUMAN_DESIGNS:
        return "animal"
    if design in HUMAN_DESIGNS:
        return "animal" if species not in (None, "human") else "human"
    if design is not None:
        return "other"
    if species is None:
        return "other"
    return "human" if species == "human" else "animal"


def is_human(design: str | None, species: str | None) -> bool:
    """Whether a work is human evidence (:func:`group`)."""
    return group(design, species) == "human"


def is_animal(design: str | None, species: str | None) -> bool:
    """Whether a work is animal or cell evidence (:func:`group`)."""
    return group(design, species) == "animal"


def best_design(designs: Iterable[str | None]) -> str | None:
    """The highest design on the evidence ladder among ``designs`` (None if none is known).

    >>> best_design(["animal", None, "rct"])
    'rct'
    """
    known = [d for d in designs if d in DESIGNS]
    return max(known, key=design_level) if known else None


def best_level(designs: Iterable[str | None]) -> int:
    """The :func:`kg.model.design_level` of :func:`best_design` (0 when none is known)."""
    return design_level(best_design(designs))


def sign(finding_: str, consensus_: str | None) -> int:
    """A work's sign on the consensus: +1 agrees (or states no direction), -1 null or
    opposite, 0 when the work (``mixed``) or the consensus (``mixed``) is undecided.

    >>> sign("up", "up"), sign("down", "up"), sign("null", "up"), sign("none", None), sign("up", "mixed")
    (1, -1, -1, 1, 0)
    """
    if finding_ == "null":
        return -1
    if finding_ == "none":
        return 1
    if finding_ == "mixed" or consensus_ == "mixed":
        return 0
    return 1 if finding_ == consensus_ else -1
