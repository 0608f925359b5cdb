"""The evidence behind a concept: the mentions themselves, and how studies of it accrue over time."""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx
import pandas as pd

from kg.model import DESIGNS, SPECIES
from kg import evidence as evidence_rules, resolve
from kg.vocabulary import narrower
from queries import in_memory, scoring, shaping

TIMELINE_COLUMNS = {
    "year": "int64",
    "studies": "int64",
    "cumulative": "int64",
    "human": "int64",
    "animal": "int64",
    "other": "int64",
}


def _species_match(record: dict, wanted: set[str]) -> bool:
    return scoring.species_match(record["design"], record["species"], wanted)


def evidence(
    G,
    *,
    mechanism: str | None = None,
    condition: str | None = None,
    intervention: str | None = None,
    design: str | Iterable[str] | None = None,
    species: str | Iterable[str] | None = None,
    since: int | None = None,
    exact: bool = False,
) -> pd.DataFrame:
    """The mentions that bear on a question, one row per MENTIONS edge, with their study.

    Rows are the mentions of ``mechanism`` if given, else of ``condition``, else of
    ``intervention``, else of every mechanism. ``condition`` and ``intervention`` (when they
    are not the mentioned concept) keep only works that also mention them. Unless ``exact``,
    each asked concept stands for itself and every concept under it in the hierarchy
    (``evidence(G, mechanism="neurotrophins", condition="peripheral nerve injury")`` has BDNF
    mentions in works on sciatic nerve crush), and ``via`` says through which narrower
    concepts a row matched. Read from MENTIONS edges (and CITES for the citation count);
    retracted works are kept and flagged.

    Parameters
    ----------
    G : networkx.MultiDiGraph or kg.backends.Backend
        The graph (a backend is answered by ``queries.cypher.evidence``).
    mechanism, condition, intervention : str, optional
        Concept labels, synonyms, abbreviations or ids (an acupoint is an intervention here).
    design : str or list of str, optional
        Keep works of these designs (``kg.model.DESIGNS``).
    species : str or list of str, optional
        Keep works of these species; ``"animal"`` and ``"human"`` also keep the works that are
        animal (animals or cells) or human evidence by :func:`kg.evidence.group`.
    since : int, optional
        Keep works published in this year or later (works without a year are dropped).
    exact : bool, default False
        Match the asked concepts only, not the concepts under them.

    Returns
    -------
    DataFrame
        Columns ``work, doi, title, year, design, species, retracted, concept, field,
        direction, negated, sentence, citations, via`` (``citations``: in-graph CITES in-degree
        among works; ``via``: the concepts under the asked ones through which the row matched,
        sorted, empty when it matched them exactly). Strongest design first, then newest, then
        work, concept, field, sentence.

    Raises
    ------
    kg.errors.UnknownConceptError
        A concept the vocabulary does not know (with suggestions).

    Examples
    --------
    >>> evidence(G, mechanism="BDNF", condition="sciatic nerve injury", species="animal")  # doctest: +SKIP
    """
    if not isinstance(G, nx.Graph):
        from queries import cypher

        return cypher.evidence(
            G,
            mechanism=mechanism,
            condition=condition,
            intervention=intervention,
            design=design,
            species=species,
            since=since,
            exact=exact,
        )
    ids = {
        role: resolve.concept(term).id
        for role, term in (("mechanism", mechanism), ("condition", condition), ("intervention", intervention))
        if term is not None
    }
    designs = shaping.as_set(design, "design", DESIGNS)
    wanted_species = shaping.as_set(species, "species", (*SPECIES, "animal"))
    under = (lambda c: [c]) if exact else (lambda c: sorted(narrower(c)))
    target = None
    if ids:
        target = next(ids[r] for r in ("mechanism", "condition", "intervention") if r in ids)
        targets = [c for c in under(target) if c in G]
    else:
        targets = in_memory.concepts_in_graph(G, ["mechanism"])
    filters = {c: under(c) for c in ids.values() if c != target}
    within: set[str] | None = None
    for group in filters.values():
        works = set().union(*(in_memory.works_mentioning(G, c) for c in group))
        within = works if within is None else within & works
    narrower_filters = [c for asked, group in filters.items() for c in group if c != asked and c in G]

    def via(work: str, concept: str) -> list[str]:
        found = {c for c in narrower_filters if work in G._pred[c]}
        if target is not None and concept != target:
            found.add(concept)
        return sorted(found)

    rows, kept = [], {}
    for concept in targets:
        for work, attrs in in_memory.mentions(G, concept):
            if within is not None and work not in within:
                continue
            if work not in kept:
                record = in_memory.work_record(G, work)
                ok = (
                    (designs is None or record["design"] in designs)
                    and (wanted_species is None or _species_match(record, wanted_species))
                    and (since is None or (record["year"] is not None and record["year"] >= since))
                )
                kept[work] = record | {"citations": in_memory.citations(G, work)} if ok else None
            record = kept[work]
            if record is None:
                continue
            rows.append(
                record
                | {
                    "concept": concept,
                    "field": attrs.get("field"),
                    "direction": attrs.get("direction"),
                    "negated": bool(attrs.get("negated")),
                    "sentence": attrs.get("sentence"),
                    "via": via(work, concept),
                }
            )
    return shaping.evidence_frame(rows)


def timeline(G, concept: str) -> pd.DataFrame:
    """Studies mentioning a concept per year, with the running total and the human/animal split.

    Counts works (not mentions) with a MENTIONS edge into the concept, retracted works and
    works without a year left out; every year from the first to the last appears.

    Parameters
    ----------
    G : networkx.MultiDiGraph
    concept : str
        A concept label, synonym, abbreviation or id.

    Returns
    -------
    DataFrame
        Columns ``year, studies, cumulative, human, animal, other`` (``other``: narrative
        reviews, protocols and works of unknown design or species), by year.

    Examples
    --------
    >>> timeline(G, "electroacupuncture").tail(3)  # doctest: +SKIP
    """
    cid = resolve.concept(concept).id
    counts: dict[int, dict[str, int]] = {}
    for work in in_memory.works_mentioning(G, cid):
        record = in_memory.work_record(G, work)
        if record["retracted"] or record["year"] is None:
            continue
        year = counts.setdefault(record["year"], {"human": 0, "animal": 0, "other": 0})
        year[evidence_rules.group(record["design"], record["species"])] += 1
    rows, total = [], 0
    if counts:
        for year in range(min(counts), max(counts) + 1):
            groups = counts.get(year, {"human": 0, "animal": 0, "other": 0})
            studies = sum(groups.values())
            total += studies
            rows.append({"year": year, "studies": studies, "cumulative": total, **groups})
    return shaping.frame(rows, TIMELINE_COLUMNS)
