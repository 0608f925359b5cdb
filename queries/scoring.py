"""The evidence arithmetic of the query helpers: study groups, stances, consensus, score, verdict.

Pure functions of plain values, shared by the networkx helpers and their Cypher twins so that
both paths rank and judge alike.

The evidence score of an association (say BDNF in neuropathic pain) is computed from the
works that mention both concepts, retracted works excluded (and counted apart)::

    score = sum over works of  w(design) * s(work)

- ``w(design) = kg.model.design_level(design)``: 7 for a systematic review or meta-analysis,
  6 for an RCT, 5 observational, 4 case report, 3 animal, 2 in vitro, 1 narrative review,
  0 for a protocol or an unknown design (no results, no weight).
- ``s(work)`` is the work's sign, from its *stance* on the measured concept (the mechanism):
  the stance is ``null`` when every mention of it in the work is negated ("BDNF did not
  change"), otherwise the direction(s) of its non-negated mentions: ``up``, ``down``, ``mixed``
  (both) or ``none`` (no direction stated). The *consensus* is the majority of the ``up`` and
  ``down`` stances (``mixed`` on a tie, None when no work states a direction). Then
  ``s = +1`` for a stance that agrees with the consensus or states no direction,
  ``s = -1`` for a null finding or a direction opposite to the consensus, and
  ``s = 0`` for a work that reports both directions, or for any directed stance when the
  consensus itself is tied.

So a score is an integer: each agreeing study adds its rung on the evidence ladder, each
null or opposing study takes its rung away. A pair backed by one RCT (6) outscores one backed
by two animal studies (3 + 3 = 6 ties it, a third animal study overtakes it).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from kg.model import DESIGNS, HUMAN_DESIGNS, design_level

#: Designs whose subjects are animals or cells (with no species recorded, these decide the group).
NON_HUMAN_DESIGNS = frozenset({"animal", "in_vitro"})
VERDICTS = ("supported", "supported_animal_only", "contested", "not_supported", "not_found")


def is_animal(design: str | None, species: str | None) -> bool:
    """Whether a work's evidence comes from animals or cells: a non-human species, or (with no
    species recorded) an animal or in vitro design.

    >>> is_animal("animal", None), is_animal("rct", "rat"), is_animal("rct", "human")
    (True, True, False)
    """
    if species is not None:
        return species != "human"
    return design in NON_HUMAN_DESIGNS


def is_human(design: str | None, species: str | None) -> bool:
    """Whether a work's evidence comes from people: species human, or (with no species
    recorded) a design in ``kg.model.HUMAN_DESIGNS``. Never true together with :func:`is_animal`.

    >>> is_human("rct", None), is_human("animal", "human"), is_human("review", None)
    (True, True, False)
    """
    if species is not None:
        return species == "human"
    return design in HUMAN_DESIGNS


def group(design: str | None, species: str | None) -> str:
    """``human``, ``animal`` or ``other`` (narrative reviews, protocols, unknown)."""
    if is_human(design, species):
        return "human"
    if is_animal(design, species):
        return "animal"
    return "other"


def stance(mentions: Iterable[tuple[str | None, bool]]) -> str:
    """A work's stance on a concept from its mentions' ``(direction, negated)`` pairs.

    ``null`` if every mention is negated, else ``up``, ``down``, ``mixed`` (both stated) or
    ``none`` (no direction stated). Duplicated mentions do not change it.

    >>> stance([("up", False), (None, True)]), stance([(None, True)]), stance([(None, False)])
    ('up', 'null', 'none')
    """
    mentions = list(mentions)
    if not mentions:
        raise ValueError("a stance needs at least one mention")
    directions = {d for d, negated in mentions if not negated}
    if all(negated for _, negated in mentions):
        return "null"
    up, down = "up" in directions, "down" in directions
    if up and down:
        return "mixed"
    return "up" if up else "down" if down else "none"


def consensus(stances: Iterable[str]) -> str | None:
    """The majority direction among the ``up`` and ``down`` stances (``mixed`` on a tie, None
    when there are none).

    >>> consensus(["up", "up", "down", "null"]), consensus(["up", "down"]), consensus(["none"])
    ('up', 'mixed', None)
    """
    stances = list(stances)
    n_up, n_down = stances.count("up"), stances.count("down")
    if n_up == n_down:
        return "mixed" if n_up else None
    return "up" if n_up > n_down else "down"


def sign(stance_: str, consensus_: str | None) -> int:
    """``s(work)``: +1 agrees (or states no direction), -1 null or opposite, 0 undecided.

    >>> sign("up", "up"), sign("down", "up"), sign("null", "up"), sign("none", None), sign("up", "mixed")
    (1, -1, -1, 1, 0)
    """
    if stance_ == "null":
        return -1
    if stance_ == "none":
        return 1
    if stance_ == "mixed" or consensus_ == "mixed":
        return 0
    return 1 if stance_ == consensus_ else -1


def weight(design: str | None) -> int:
    """``w(design)``: the design's rung on the evidence ladder (``kg.model.design_level``)."""
    return design_level(design)


def best_design(designs: Iterable[str | None]) -> str | None:
    """The highest design on the ladder among ``designs`` (None if none is known).

    >>> best_design(["animal", None, "rct"])
    'rct'
    """
    known = [d for d in designs if d in DESIGNS]
    return max(known, key=design_level) if known else None


def design_counts(designs: Iterable[str | None]) -> str:
    """Compact count of designs, strongest first: ``"rct:2 animal:5 unknown:1"``.

    >>> design_counts(["animal", "rct", "animal", None])
    'rct:1 animal:2 unknown:1'
    """
    designs = list(designs)
    parts = [f"{d}:{designs.count(d)}" for d in DESIGNS if d in designs]
    unknown = sum(1 for d in designs if d not in DESIGNS)
    if unknown:
        parts.append(f"unknown:{unknown}")
    return " ".join(parts)


def summarise(works: Sequence[dict]) -> dict:
    """The evidence of one association from its works.

    Parameters
    ----------
    works : sequence of dict
        One per work (each work once) with ``design``, ``species``, ``year``, ``retracted``
        and ``stance`` (from :func:`stance`).

    Returns
    -------
    dict
        ``score, studies, human, animal, designs, best_design, direction, n_up, n_down,
        n_null, support, against, first_year, last_year, retracted`` where ``studies`` counts
        the works that are not retracted, ``support`` / ``against`` count works with sign +1 /
        -1, ``direction`` is the consensus and ``retracted`` the retracted works left out.
    """
    live = [w for w in works if not w["retracted"]]
    stances = [w["stance"] for w in live]
    direction = consensus(stances)
    signs = [sign(s, direction) for s in stances]
    years = [w["year"] for w in live if w["year"] is not None]
    return {
        "score": sum(weight(w["design"]) * s for w, s in zip(live, signs)),
        "studies": len(live),
        "human": sum(1 for w in live if is_human(w["design"], w["species"])),
        "animal": sum(1 for w in live if is_animal(w["design"], w["species"])),
        "designs": design_counts(w["design"] for w in live),
        "best_design": best_design(w["design"] for w in live),
        "direction": direction,
        "n_up": stances.count("up"),
        "n_down": stances.count("down"),
        "n_null": stances.count("null"),
        "support": signs.count(1),
        "against": signs.count(-1),
        "first_year": min(years) if years else None,
        "last_year": max(years) if years else None,
        "retracted": len(works) - len(live),
    }


def is_contested(support: int, against: int, direction: str | None = None) -> bool:
    """Whether an association's direction is contested: a tied consensus, or opposing works
    at least half as many as agreeing ones.

    >>> is_contested(4, 2), is_contested(5, 2), is_contested(2, 2, "mixed"), is_contested(3, 0)
    (True, False, True, False)
    """
    return direction == "mixed" or (against > 0 and 2 * against >= support)


def verdict(
    *,
    object_found: bool,
    supporting: Sequence[str | None],
    contradicting: Sequence[str | None],
) -> str:
    """Verdict on a practitioner's claim from the designs of the works bearing on it.

    The rule, first match wins:

    1. ``not_found``: the claim's object is not a known concept, or no work in the graph
       mentions it (``object_found`` false) and no work supports or contradicts it.
    2. ``not_supported``: works mention the object but none supports the claim.
    3. ``contested``: some work contradicts it, and either the best contradicting design is at
       least as high on the ladder as the best supporting one, or the contradicting works are
       at least half as many as the supporting ones.
    4. ``supported``: a supporting work has a human design (``kg.model.HUMAN_DESIGNS``).
    5. ``supported_animal_only``: support comes only from animal, in vitro, narrative review,
       protocol or unknown designs.

    Parameters
    ----------
    object_found : bool
        Whether the claim's object is a known concept that some work in the graph mentions.
    supporting, contradicting : sequence of str or None
        The designs of the supporting and of the contradicting works (retracted ones left out).

    Examples
    --------
    >>> verdict(object_found=True, supporting=["rct", "animal", "animal"], contradicting=["animal"])
    'supported'
    >>> verdict(object_found=True, supporting=["animal"], contradicting=["rct"])
    'contested'
    """
    kinds_for, kinds_against = set(supporting), set(contradicting)
    return claim_verdict(
        object_found=object_found,
        n_supporting=len(supporting),
        n_contradicting=len(contradicting),
        level_for=max(map(design_level, kinds_for), default=0),
        level_against=max(map(design_level, kinds_against), default=0),
        human=bool(kinds_for & HUMAN_DESIGNS),
    )


def claim_verdict(
    *,
    object_found: bool,
    n_supporting: int,
    n_contradicting: int,
    level_for: int,
    level_against: int,
    human: bool,
) -> str:
    """:func:`verdict` from what it reads of the designs: the counts of supporting and
    contradicting works, the highest ``design_level`` on each side (0 for none), and whether a
    supporting work has a human design. The same rule, without a list of designs per work.

    >>> claim_verdict(object_found=True, n_supporting=1, n_contradicting=1, level_for=3,
    ...               level_against=6, human=False)
    'contested'
    """
    if not object_found and not n_supporting and not n_contradicting:
        return "not_found"
    if not n_supporting:
        return "not_supported"
    if n_contradicting and (level_against >= level_for or 2 * n_contradicting >= n_supporting):
        return "contested"
    return "supported" if human else "supported_animal_only"
