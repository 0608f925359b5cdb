"""The evidence score and verdicts of the query helpers: pure functions of plain values, shared
by the networkx helpers and their Cypher twins so that both paths rank and judge alike.

The rules they rest on (a work's finding, the consensus, human or animal evidence, the best
design) are :mod:`kg.evidence`'s, the ones the build and the views use.

The evidence score of an association (say BDNF in neuropathic pain) is computed from the
works that mention both concepts, retracted works excluded (and counted apart)::

    score = sum over works of  w(design) * s(work)

- ``w(design) = kg.model.design_level(design)``: 7 for a systematic review or meta-analysis,
  6 for an RCT, 5 observational, 4 case report, 3 animal, 2 in vitro, 1 narrative review,
  0 for a protocol or an unknown design (no results, no weight).
- ``s(work) = kg.evidence.sign(finding, consensus)``: +1 for a work whose finding on the
  measured concept (the mechanism) agrees with the consensus or states no direction, -1 for
  a null finding or the opposite direction, 0 for a work whose mentions tie (``mixed``) or
  for any directed finding when the consensus itself is ``mixed``.

So a score is an integer: each agreeing study adds its rung on the evidence ladder, each
null or opposing study takes its rung away. A pair backed by one RCT (6) outscores one backed
by two animal studies (3 + 3 = 6 ties it, a third animal study overtakes it).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from kg import evidence
from kg.model import DESIGNS, HUMAN_DESIGNS, design_level

VERDICTS = ("supported", "supported_animal_only", "contested", "not_supported", "not_found")


def species_match(design: str | None, species: str | None, wanted: set[str]) -> bool:
    """Whether a work passes a species filter: its species is wanted, or ``"animal"`` /
    ``"human"`` is wanted and the work is that evidence (:func:`kg.evidence.group`).

    >>> species_match("animal", "human", {"animal"}), species_match("rct", None, {"human"})
    (True, True)
    """
    return species in wanted or evidence.group(design, species) in wanted & {"animal", "human"}


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
        and ``finding`` (from :func:`kg.evidence.finding`).

    Returns
    -------
    dict
        ``score, studies, human, animal, designs, best_design, direction, n_up, n_down,
        n_null, support, against, first_year, last_year, retracted`` where ``studies`` counts
        the works that are not retracted, ``support`` / ``against`` count works with sign +1 /
        -1, ``direction`` is the consensus (:func:`kg.evidence.consensus`), ``human`` /
        ``animal`` count :func:`kg.evidence.group` and ``retracted`` the retracted works left out.
    """
    live = [w for w in works if not w["retracted"]]
    findings = [w["finding"] for w in live]
    direction = evidence.consensus_of(findings)
    signs = [evidence.sign(f, direction) for f in findings]
    groups = [evidence.group(w["design"], w["species"]) for w in live]
    years = [w["year"] for w in live if w["year"] is not None]
    return {
        "score": sum(design_level(w["design"]) * s for w, s in zip(live, signs)),
        "studies": len(live),
        "human": groups.count("human"),
        "animal": groups.count("animal"),
        "designs": design_counts(w["design"] for w in live),
        "best_design": evidence.best_design(w["design"] for w in live),
        "direction": direction,
        "n_up": findings.count("up"),
        "n_down": findings.count("down"),
        "n_null": findings.count("null"),
        "support": signs.count(1),
        "against": signs.count(-1),
        "first_year": min(years) if years else None,
        "last_year": max(years) if years else None,
        "retracted": len(works) - len(live),
    }


def gap_reasons(summary: dict) -> list[str]:
    """Why an association's evidence is thin (:func:`queries.associations.gaps`), from its
    :func:`summarise`: ``animal_only`` (no human study), ``single_study``, ``contested``.

    >>> gap_reasons({"human": 0, "studies": 1, "support": 1, "against": 0, "direction": "up"})
    ['animal_only', 'single_study']
    """
    return [
        reason
        for reason, applies in (
            ("animal_only", summary["human"] == 0),
            ("single_study", summary["studies"] == 1),
            ("contested", is_contested(summary["support"], summary["against"], summary["direction"])),
        )
        if applies
    ]


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
