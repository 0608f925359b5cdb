"""Result shaping shared by the networkx helpers and their Cypher twins: columns, dtypes, order.

Each ``*_frame`` function takes plain rows (dicts) as either path fetches them and returns the
documented DataFrame: the same columns, dtypes and sort order whichever backend answered.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

import pandas as pd

from kg.model import FIELDS, design_level
from kg import evidence
from queries import scoring

# Column name -> dtype. "object" columns hold str (or None), or lists of str.
WORK_COLUMNS = {
    "work": "object",
    "doi": "object",
    "title": "object",
    "year": "Int64",
    "design": "object",
    "species": "object",
}
EVIDENCE_COLUMNS = WORK_COLUMNS | {
    "retracted": "bool",
    "concept": "object",
    "field": "object",
    "direction": "object",
    "negated": "bool",
    "sentence": "object",
    "citations": "int64",
    "via": "object",
}
ASSOCIATION_STATS = {
    "score": "int64",
    "studies": "int64",
    "human": "int64",
    "animal": "int64",
    "designs": "object",
    "best_design": "object",
    "direction": "object",
    "n_up": "int64",
    "n_down": "int64",
    "n_null": "int64",
    "support": "int64",
    "against": "int64",
    "first_year": "Int64",
    "last_year": "Int64",
    "retracted": "int64",
}
CLAIM_COLUMNS = {
    "claim": "object",
    "source": "object",
    "source_title": "object",
    "text": "object",
    "subject": "object",
    "relation": "object",
    "object": "object",
    "object_concept": "object",
    "context": "object",
    "context_concepts": "object",
    "expected_direction": "object",
    "cited_doi": "object",
    "cited_work": "object",
    "cited_in_graph": "bool",
    "cited_mentions_object": "bool",
    "cited_stance": "object",
    "n_on_point": "int64",
    "n_mention_object": "int64",
    "n_supporting": "int64",
    "n_contradicting": "int64",
    "n_silent": "int64",
    "supporting": "object",
    "contradicting": "object",
    "silent": "object",
    "best_design": "object",
    "best_level": "Int64",
    "human_evidence": "bool",
    "verdict": "object",
}
WORK_TABLE_COLUMNS = WORK_COLUMNS | {"citations": "int64", "cited_by_count": "int64"}
CHAIN_COLUMNS = {
    "path": "object",
    "length": "int64",
    "intervention": "object",
    "mechanisms": "object",
    "condition": "object",
    "hop_studies": "object",
    "hop_directions": "object",
    "hop_scores": "object",
    "weakest_hop": "object",
    "weakest_score": "int64",
}


def association_columns(key: str) -> dict[str, str]:
    """Columns of a ranked association table whose rows are concepts in column ``key``."""
    return {key: "object", "label": "object"} | ASSOCIATION_STATS | {"via": "object"}


def frame(rows: Iterable[Mapping], columns: Mapping[str, str]) -> pd.DataFrame:
    """A DataFrame of ``rows`` with exactly ``columns`` (name -> dtype), in row order.

    Missing keys become None (NA in nullable integer columns).

    >>> frame([{"work": "work:W1", "year": None}], {"work": "object", "year": "Int64"}).dtypes.tolist()
    [dtype('O'), Int64Dtype()]
    """
    names = list(columns)
    data = pd.DataFrame([[row.get(c) for c in names] for row in rows], columns=names, dtype=object)
    return data.astype({c: t for c, t in columns.items() if t != "object"})


def _year_desc(year) -> tuple:
    return (year is None, -(year or 0))


def evidence_frame(rows: Iterable[Mapping]) -> pd.DataFrame:
    """Evidence rows (``EVIDENCE_COLUMNS``) ordered strongest design first, then newest, then by
    work, concept, field (title, abstract, keywords, MeSH) and sentence."""
    field_rank = {f: i for i, f in enumerate(FIELDS)}

    def order(row):
        return (
            -design_level(row.get("design")),
            *_year_desc(row.get("year")),
            row["work"],
            row["concept"],
            field_rank.get(row.get("field"), len(FIELDS)),
            row.get("sentence") or "",
            row.get("direction") or "",
            bool(row.get("negated")),
        )

    return frame(sorted(rows, key=order), EVIDENCE_COLUMNS)


def associations_frame(rows: Iterable[Mapping], *, key: str) -> pd.DataFrame:
    """Rank associations from one row per mention of the measured concept.

    Parameters
    ----------
    rows : iterable of mapping
        ``key`` (the ranked concept's id), ``label``, ``work``, ``design``, ``species``,
        ``year``, ``retracted``, and the ``direction`` and ``negated`` of one mention of the
        measured concept (the mechanism) in that work; optionally ``via``, the concepts under
        the asked one through which the work matched. Duplicates are harmless.
    key : str
        The name of the ranked concept's column (``mechanism`` or ``condition``).

    Returns
    -------
    DataFrame
        :func:`association_columns`, by score, then studies (both descending), then id.
    """
    groups: dict[str, dict] = {}
    for row in rows:
        group = groups.setdefault(row["key"], {"label": row.get("label"), "works": {}, "via": set()})
        group["via"].update(row.get("via") or ())
        work = group["works"].setdefault(row["work"], {**row, "mentions": []})
        work["mentions"].append((row.get("direction"), bool(row.get("negated"))))
    return rank_associations(groups, key=key)


def rank_associations(groups: Mapping[str, Mapping], *, key: str) -> pd.DataFrame:
    """The ranked association table from mentions already grouped by concept and work.

    ``groups`` maps each ranked concept's id to ``{"label": …, "works": {work id: {"design",
    "species", "year", "retracted", "mentions": [(direction, negated), …]}}, "via": …}``
    (``via``, optional: the concepts under the asked one through which its works matched);
    see :func:`associations_frame` for the result.
    """
    out = []
    for concept, group in groups.items():
        works = [
            {**w, "finding": evidence.finding(w["mentions"]), "retracted": bool(w.get("retracted"))}
            for _, w in sorted(group["works"].items())
        ]
        out.append({key: concept, "label": group["label"], **scoring.summarise(works),
                    "via": sorted(group.get("via") or ())})
    out.sort(key=lambda r: (-r["score"], -r["studies"], r[key]))
    return frame(out, association_columns(key))


def claim_row(
    claim: Mapping,
    *,
    source_title: str | None,
    works: Mapping[str, Mapping],
    supporting: Iterable[str],
    contradicting: Iterable[str],
    mentioning: Iterable[str],
    on_point: Iterable[str],
    cited_work: str | None,
    retracted: set[str] | None = None,
) -> dict:
    """One row of the claims audit.

    Parameters
    ----------
    claim : mapping
        The claim node's attributes plus ``id`` (see ``kg.model.Claim``).
    source_title : str or None
        The title of the article that makes the claim.
    works : mapping
        Work id -> its attributes (at least ``design`` and ``retracted``) for the works named
        below (a graph's node mapping will do); works missing from it count nowhere.
    supporting, contradicting : iterable of str
        Works the claim is SUPPORTED_BY / CONTRADICTED_BY.
    mentioning : iterable of str
        Works that mention the claim's object concept or a narrower one.
    on_point : iterable of str
        Works on point for the claim (``kg.claims.on_point``).
    cited_work : str or None
        The node id of the work the claim cites, if that work is in the graph.
    retracted : set of str, optional
        The retracted works (at least those named above): when given, liveness is read
        from it (set operations) instead of from ``works``.

    Silent works are on point but neither support nor contradict the claim. Retracted
    works count nowhere. ``cited_stance`` is ``supports``, ``contradicts``, ``silent``
    (mentions the object only), ``no_mention``, ``retracted``, ``not_in_graph``, or None when
    the claim cites nothing.
    """
    if retracted is None:
        on_point = set(on_point)
        named = {*supporting, *contradicting, *mentioning, *on_point, *([cited_work] if cited_work else [])}
        retracted = {w for w in named if w in works and works[w].get("retracted")}
        missing = {w for w in named if w not in works}
    else:
        missing = set()
    dead = retracted | missing
    support = set(supporting) - dead
    against = set(contradicting) - support - dead
    mention = set(mentioning)
    kinds_for = {works[w].get("design") for w in support}
    return claim_record(
        claim,
        source_title=source_title,
        cited_work=cited_work,
        cited_mentions_object=cited_work is not None and cited_work in mention,
        cited_stance=cited_stance(
            claim,
            cited_work,
            live=cited_work not in dead,
            supports=cited_work in support,
            contradicts=cited_work in against,
            mentions=cited_work in mention,
        ),
        supporting=sorted(support),
        contradicting=sorted(against),
        silent=sorted(set(on_point) - dead - support - against),
        n_on_point=len(set(on_point) - dead),
        n_mention_object=len(mention - dead),
        best_design=evidence.best_design(kinds_for),
        level_against=max((design_level(works[w].get("design")) for w in against), default=0),
        human_evidence=any(evidence.is_human(works[w].get("design"), works[w].get("species")) for w in support),
        object_found=claim.get("object_concept") is not None and bool(mention - dead),
    )


def cited_stance(
    claim: Mapping, cited_work: str | None, *, live: bool, supports: bool, contradicts: bool, mentions: bool
) -> str | None:
    """The claims audit's ``cited_stance`` of the work a claim cites (see :func:`claim_row`).

    ``live``: the cited work is not retracted; ``supports`` / ``contradicts``: it is among the
    claim's live supporting / contradicting works; ``mentions``: it mentions the claim's object.

    >>> cited_stance({"cited_doi": "10.1/a"}, "work:W1", live=True, supports=False,
    ...              contradicts=False, mentions=True)
    'silent'
    """
    if claim.get("cited_doi") is None:
        return None
    if cited_work is None:
        return "not_in_graph"
    if not live:
        return "retracted"
    if supports:
        return "supports"
    if contradicts:
        return "contradicts"
    return "silent" if mentions else "no_mention"


def claim_record(
    claim: Mapping,
    *,
    source_title: str | None,
    cited_work: str | None,
    cited_stance: str | None,
    cited_mentions_object: bool,
    supporting: list[str],
    contradicting: list[str],
    silent: list[str],
    n_on_point: int,
    n_mention_object: int,
    best_design: str | None,
    level_against: int,
    human_evidence: bool,
    object_found: bool,
) -> dict:
    """A claims audit row (``CLAIM_COLUMNS``) from the claim's works already sorted out.

    ``supporting``, ``contradicting`` and ``silent`` are the sorted live work lists of
    :func:`claim_row`; ``n_on_point`` counts the live works on point, ``n_mention_object`` the
    live works that mention the object (or a narrower concept) anywhere; ``best_design`` is the highest known design among the supporting works,
    ``level_against`` the highest ``design_level`` among the contradicting ones (0 if none),
    ``human_evidence`` whether a supporting work has a human design, and ``object_found``
    whether the object is a concept some live work mentions; ``cited_mentions_object``
    whether the cited work (retracted or not) mentions the object.
    """
    best_level = design_level(best_design) if best_design else None
    return {
        "claim": claim["id"],
        "source": claim.get("source"),
        "source_title": source_title,
        "text": claim.get("label"),
        "subject": claim.get("subject"),
        "relation": claim.get("relation"),
        "object": claim.get("object"),
        "object_concept": claim.get("object_concept"),
        "context": claim.get("context"),
        "context_concepts": list(claim.get("context_concepts") or []),
        "expected_direction": claim.get("expected_direction"),
        "cited_doi": claim.get("cited_doi"),
        "cited_work": cited_work,
        "cited_in_graph": cited_work is not None,
        "cited_mentions_object": cited_mentions_object,
        "cited_stance": cited_stance,
        "n_on_point": n_on_point,
        "n_mention_object": n_mention_object,
        "n_supporting": len(supporting),
        "n_contradicting": len(contradicting),
        "n_silent": len(silent),
        "supporting": supporting,
        "contradicting": contradicting,
        "silent": silent,
        "best_design": best_design,
        "best_level": best_level,
        "human_evidence": human_evidence,
        "verdict": scoring.claim_verdict(
            object_found=object_found,
            n_supporting=len(supporting),
            n_contradicting=len(contradicting),
            level_for=best_level or 0,
            level_against=level_against,
            human=human_evidence,
        ),
    }


def claims_frame(rows: Iterable[Mapping]) -> pd.DataFrame:
    """Claims audit rows (``CLAIM_COLUMNS``) ordered by claim id."""
    return frame(sorted(rows, key=lambda r: r["claim"]), CLAIM_COLUMNS)


def work_table(rows: Iterable[Mapping], *, n: int | None = None, as_frame: bool = True):
    """Work rows (``WORK_TABLE_COLUMNS``) by in-graph citations, OpenAlex citations (both
    descending), newest first, then id; the first ``n`` if given. With ``as_frame=False``, the
    ordered rows themselves (to rank first and fetch the details of the top rows only)."""
    ordered = sorted(
        rows,
        key=lambda r: (
            -r["citations"],
            -(r.get("cited_by_count") or 0),
            *_year_desc(r.get("year")),
            r["work"],
        ),
    )
    ordered = ordered[:n] if n is not None else ordered
    return frame(ordered, WORK_TABLE_COLUMNS) if as_frame else ordered


def chain_paths(
    start: str, end: str, mechanisms: Sequence[str], summary: Callable[[str, str], Mapping], max_len: int
) -> tuple[list[tuple[str, ...]], dict[tuple[str, str], Mapping]]:
    """Paths ``start → mechanism → end`` (and, for ``max_len`` 3, ``start → a → b → end``)
    whose every hop has studies, with the summaries of the hops tried.

    ``summary(a, b)`` is the :func:`queries.scoring.summarise` of the hop ``a → b``; each hop
    is summarised once.
    """
    hops: dict[tuple[str, str], Mapping] = {}
    for m in mechanisms:
        hops[start, m] = summary(start, m)
        hops[m, end] = summary(m, end)
    first = [m for m in mechanisms if hops[start, m]["studies"]]
    last = [m for m in mechanisms if hops[m, end]["studies"]]
    paths: list[tuple[str, ...]] = [(start, m, end) for m in first if m in last]
    if max_len == 3:
        for a in first:
            for b in last:
                if a != b:
                    hops[a, b] = summary(a, b)
                    if hops[a, b]["studies"]:
                        paths.append((start, a, b, end))
    return paths, hops


def chain_row(path: Sequence[str], hops: Mapping[tuple[str, str], Mapping], labels: Mapping) -> dict:
    """One row of :func:`queries.chains.chains` for a path of node ids.

    ``hops`` maps each consecutive pair of the path to its :func:`queries.scoring.summarise`
    (at least ``studies``, ``direction``, ``score``); ``labels`` maps node ids to labels.
    """
    pairs = list(zip(path, path[1:]))
    scores = [hops[p]["score"] for p in pairs]
    weakest = min(range(len(pairs)), key=lambda i: (scores[i], i))
    a, b = pairs[weakest]
    return {
        "path": " → ".join(labels[n] for n in path),
        "length": len(pairs),
        "intervention": path[0],
        "mechanisms": list(path[1:-1]),
        "condition": path[-1],
        "hop_studies": [hops[p]["studies"] for p in pairs],
        "hop_directions": [hops[p]["direction"] for p in pairs],
        "hop_scores": scores,
        "weakest_hop": f"{labels[a]} → {labels[b]}",
        "weakest_score": scores[weakest],
    }


def chains_frame(rows: Iterable[Mapping]) -> pd.DataFrame:
    """Chain rows (``CHAIN_COLUMNS``) by weakest hop's score (descending), length, then path."""
    ordered = sorted(rows, key=lambda r: (-r["weakest_score"], r["length"], r["path"]))
    return frame(ordered, CHAIN_COLUMNS)


def as_set(value: str | Iterable[str] | None, name: str, allowed: Iterable[str]) -> set[str] | None:
    """``value`` (one or several) as a set, checked against ``allowed``; None stays None.

    >>> sorted(as_set("rct", "design", ["rct", "animal"]))
    ['rct']
    """
    if value is None:
        return None
    values = {value} if isinstance(value, str) else set(value)
    bad = sorted(values - set(allowed))
    if bad:
        raise ValueError(f"unknown {name} {', '.join(map(repr, bad))}; expected one of {sorted(allowed)}")
    return values
