"""Mechanism–condition associations: ranked lists, the evidence matrix, gaps and causal chains.

Everything is derived from MENTIONS edges: two concepts are associated in a work that mentions
both, and the work's stance is read from its mentions of the mechanism. The builder's
ASSOCIATED_WITH edges summarise the same co-mentions but carry no per-work stance, so the
score (see :mod:`queries.scoring`) cannot be computed from them; they are not read here.
The concepts ranked are those of the packaged vocabulary that are nodes of the graph.
"""

from __future__ import annotations

from collections import Counter

import networkx as nx
import pandas as pd

from kg.model import CONCEPT_KINDS
from kg import resolve
from kg.vocabulary import narrower
from queries import in_memory, scoring, shaping
from queries.pair_evidence import pair_evidence

GAP_COLUMNS = {
    "mechanism": "object",
    "mechanism_label": "object",
    "condition": "object",
    "condition_label": "object",
    "studies": "int64",
    "human": "int64",
    "animal": "int64",
    "direction": "object",
    "support": "int64",
    "against": "int64",
    "score": "int64",
    "reasons": "object",
}


def _mention_pairs(keyed) -> list[tuple[str | None, bool]]:
    """``(direction, negated)`` of the MENTIONS among parallel edges."""
    return [(a.get("direction"), bool(a.get("negated"))) for a in keyed.values() if a.get("type") == "MENTIONS"]


def _co_mentions(G, anchor: str, kind: str, *, measure_anchor: bool, exact: bool) -> dict:
    """The groups :func:`queries.shaping.rank_associations` takes: for each concept of
    ``kind`` co-mentioned with ``anchor`` (or, unless ``exact``, a concept under it), its works
    with the mentions of the measured concept (the anchor if ``measure_anchor``, else the
    co-mentioned concept), and ``via``: the concepts under the anchor its works mentioned."""
    anchors = [anchor] if exact else sorted(c for c in narrower(anchor) if c in G)
    anchors_of: dict[str, list[str]] = {}
    for a in anchors:
        for work in in_memory.works_mentioning(G, a):
            anchors_of.setdefault(work, []).append(a)
    groups: dict[str, dict] = {}
    records: dict[str, dict] = {}
    for concept in in_memory.concepts_in_graph(G, [kind]):
        if concept in anchors:
            continue
        pred = G._pred[concept]
        works: dict[str, dict] = {}
        via: set[str] = set()
        for work in sorted(anchors_of.keys() & pred.keys()):
            if measure_anchor:
                mentions = [m for a in anchors_of[work] for m in _mention_pairs(G._succ[work][a])]
            else:
                mentions = _mention_pairs(pred[work])
            if mentions:
                if work not in records:
                    records[work] = in_memory.work_record(G, work)
                works[work] = {**records[work], "mentions": mentions}
                via.update(a for a in anchors_of[work] if a != anchor)
        if works:
            groups[concept] = {"label": in_memory.label(G, concept), "works": works, "via": via}
    return groups


def mechanisms_for(G, condition: str, *, exact: bool = False) -> pd.DataFrame:
    """The mechanisms studied in a condition, ranked by evidence score.

    A mechanism counts in every work that mentions both it and the condition, or unless
    ``exact`` a condition under it in the hierarchy (MENTIONS edges); the work's stance is that of its mentions of the mechanism. The score is
    ``sum over works of design_level(design) * s(work)`` with ``s`` = +1 agreeing with the
    majority direction (or undirected), -1 null (negated) or opposite, 0 when undecided;
    retracted works are left out and counted in ``retracted`` (see :mod:`queries.scoring`).

    Parameters
    ----------
    G : networkx.MultiDiGraph or kg.backends.Backend
        The graph (a backend is answered by ``queries.cypher.mechanisms_for``).
    condition : str
        A concept label, synonym, abbreviation or id.
    exact : bool, default False
        Count only works that mention the condition itself, not a narrower one.

    Returns
    -------
    DataFrame
        Columns ``mechanism, label, score, studies, human, animal, designs, best_design,
        direction, n_up, n_down, n_null, support, against, first_year, last_year, retracted,
        via`` (``via``: the narrower conditions through which works matched, sorted ids).
        ``designs`` is a compact count strongest first (``"rct:1 animal:4"``); ``direction``
        the consensus (``up``, ``down``, ``mixed`` on a tie, None). By score, studies, id.

    Examples
    --------
    >>> mechanisms_for(G, "neuropathic pain").head()  # doctest: +SKIP
    """
    if not isinstance(G, nx.Graph):
        from queries import cypher

        return cypher.mechanisms_for(G, condition, exact=exact)
    cid = resolve.concept(condition).id
    groups = _co_mentions(G, cid, "mechanism", measure_anchor=False, exact=exact)
    return shaping.rank_associations(groups, key="mechanism")


def conditions_for(G, mechanism: str, *, exact: bool = False) -> pd.DataFrame:
    """The conditions a mechanism is studied in, ranked by evidence score.

    The mirror of :func:`mechanisms_for`: the same pairs, columns and score (the stance is
    still that of the mechanism's mentions), with ``condition`` in place of ``mechanism``;
    unless ``exact``, works that mention a mechanism under the asked one count too.

    Parameters
    ----------
    G : networkx.MultiDiGraph
    mechanism : str
        A concept label, synonym, abbreviation or id.
    exact : bool, default False
        Count only works that mention the mechanism itself.

    Returns
    -------
    DataFrame
        Columns ``condition, label, score, studies, human, animal, designs, best_design,
        direction, n_up, n_down, n_null, support, against, first_year, last_year, retracted,
        via`` (``via``: the narrower mechanisms through which works matched).

    Examples
    --------
    >>> conditions_for(G, "BDNF").head()  # doctest: +SKIP
    """
    if not isinstance(G, nx.Graph):
        from queries import cypher

        return cypher.conditions_for(G, mechanism, exact=exact)
    mid = resolve.concept(mechanism).id
    groups = _co_mentions(G, mid, "condition", measure_anchor=True, exact=exact)
    return shaping.rank_associations(groups, key="condition")


def evidence_matrix(G, *, rows: str = "mechanism", cols: str = "condition", value: str = "studies") -> pd.DataFrame:
    """A concept-by-concept pivot of studies or evidence score.

    A cell holds the studies (non-retracted works mentioning both concepts, from MENTIONS
    edges) or the evidence score of :mod:`queries.scoring`, with stances read on the
    mechanism of the pair (the row concept when neither axis is mechanisms). No Cypher twin:
    it runs on a networkx graph only.

    Parameters
    ----------
    G : networkx.MultiDiGraph
    rows, cols : str
        Concept kinds (``kg.model.CONCEPT_KINDS``), different from each other.
    value : {"studies", "score"}

    Returns
    -------
    DataFrame
        Index: row concept labels (named ``rows``); columns: column concept labels (named
        ``cols``); int64 values, 0 where no work mentions both. Only concepts in at least one
        pair appear; rows and columns by total studies (descending), then label.

    Examples
    --------
    >>> evidence_matrix(G, value="score").iloc[:5, :5]  # doctest: +SKIP
    """
    for name, kind in (("rows", rows), ("cols", cols)):
        if kind not in CONCEPT_KINDS:
            raise ValueError(f"{name}={kind!r} is not a concept kind; expected one of {CONCEPT_KINDS}")
    if rows == cols:
        raise ValueError(f"rows and cols must be different kinds, got {rows!r} twice")
    if value not in ("studies", "score"):
        raise ValueError(f"value must be 'studies' or 'score', got {value!r}")
    row_ids = in_memory.concepts_in_graph(G, [rows])
    col_ids = in_memory.concepts_in_graph(G, [cols])
    measure_cols = cols == "mechanism" and rows != "mechanism"
    measured, others = (col_ids, row_ids) if measure_cols else (row_ids, col_ids)
    summaries = pair_evidence(G).summaries(G, measured, others)
    cells: dict[tuple[str, str], dict] = {}
    for (m, o), summary in summaries.items():
        if summary["studies"]:
            cells[(o, m) if measure_cols else (m, o)] = summary
    row_total: Counter = Counter()
    col_total: Counter = Counter()
    for (r, c), summary in cells.items():
        row_total[r] += summary["studies"]
        col_total[c] += summary["studies"]
    used_rows = sorted(row_total, key=lambda r: (-row_total[r], in_memory.label(G, r)))
    used_cols = sorted(col_total, key=lambda c: (-col_total[c], in_memory.label(G, c)))
    data = [[cells[r, c][value] if (r, c) in cells else 0 for c in used_cols] for r in used_rows]
    matrix = pd.DataFrame(
        data,
        index=pd.Index([in_memory.label(G, r) for r in used_rows], name=rows, dtype=object),
        columns=pd.Index([in_memory.label(G, c) for c in used_cols], name=cols, dtype=object),
        dtype="int64",
    )
    return matrix


def gaps(G) -> pd.DataFrame:
    """Mechanism–condition pairs whose evidence is thin: no human study, a single study, or a
    contested direction.

    Pairs come from MENTIONS edges as in :func:`mechanisms_for` (retracted works left out).
    Reasons: ``animal_only`` (no human study: only animal, in vitro, review or unknown
    designs), ``single_study`` (one work), ``contested`` (tied consensus, or works against at
    least half as many as works in support: :func:`queries.scoring.is_contested`).

    Parameters
    ----------
    G : networkx.MultiDiGraph

    Returns
    -------
    DataFrame
        Columns ``mechanism, mechanism_label, condition, condition_label, studies, human,
        animal, direction, support, against, score, reasons`` (reasons joined by ``", "``),
        one row per pair with at least one reason; by studies (descending), then ids.

    Examples
    --------
    >>> gaps(G).query("reasons.str.contains('contested')")  # doctest: +SKIP
    """
    if not isinstance(G, nx.Graph):
        from queries import cypher

        return cypher.gaps(G)
    mechanisms = in_memory.concepts_in_graph(G, ["mechanism"])
    conditions = in_memory.concepts_in_graph(G, ["condition"])
    summaries = pair_evidence(G).summaries(G, mechanisms, conditions)
    out = []
    for m in mechanisms:
        for c in conditions:
            s = summaries[m, c]
            if not s["studies"]:
                continue
            reasons = scoring.gap_reasons(s)
            if reasons:
                out.append(
                    {
                        "mechanism": m,
                        "mechanism_label": in_memory.label(G, m),
                        "condition": c,
                        "condition_label": in_memory.label(G, c),
                        **{k: s[k] for k in ("studies", "human", "animal", "direction", "support", "against", "score")},
                        "reasons": ", ".join(reasons),
                    }
                )
    out.sort(key=lambda r: (-r["studies"], r["mechanism"], r["condition"]))
    return shaping.frame(out, GAP_COLUMNS)


def chains(G, intervention: str, condition: str, *, max_len: int = 3) -> pd.DataFrame:
    """Paths intervention → mechanism (→ mechanism) → condition, each hop with its evidence.

    A hop between two concepts is the set of non-retracted works mentioning both (MENTIONS
    edges), summarised as in :func:`mechanisms_for` with the stance read on the hop's
    mechanism (for mechanism → mechanism, the second one). ``max_len`` is the number of hops:
    2 gives intervention → mechanism → condition; 3 also gives intervention → mechanism →
    mechanism → condition. Every hop needs at least one study. A chain is as strong as its
    weakest hop: rows are ranked by the lowest hop score.

    Parameters
    ----------
    G : networkx.MultiDiGraph or kg.backends.Backend
        The graph (a backend is answered by ``queries.cypher.chains``).
    intervention, condition : str
        Concept labels, synonyms, abbreviations or ids (an acupoint works as intervention).
    max_len : {2, 3}

    Returns
    -------
    DataFrame
        Columns ``path`` (labels joined by " → "), ``length`` (hops), ``intervention``,
        ``mechanisms`` (list of ids), ``condition``, ``hop_studies``, ``hop_directions``,
        ``hop_scores`` (lists, one per hop), ``weakest_hop``, ``weakest_score``; by weakest
        score (descending), length, path.

    Examples
    --------
    >>> chains(G, "electroacupuncture", "sciatic nerve injury", max_len=2).head()  # doctest: +SKIP
    """
    if not isinstance(G, nx.Graph):
        from queries import cypher

        return cypher.chains(G, intervention, condition, max_len=max_len)
    if max_len not in (2, 3):
        raise ValueError(f"max_len must be 2 or 3 hops, got {max_len!r}")
    start = resolve.concept(intervention).id
    end = resolve.concept(condition).id
    if start not in G or end not in G:
        return shaping.chains_frame([])
    evidence = pair_evidence(G)
    mechanisms = [m for m in in_memory.concepts_in_graph(G, ["mechanism"]) if m not in (start, end)]
    if max_len == 3:  # the middle hops in one walk over the works (chain_paths then reads the memo)
        first = evidence.summaries(G, mechanisms, [start])
        last = evidence.summaries(G, mechanisms, [end])
        evidence.summaries(
            G, [m for m in mechanisms if last[m, end]["studies"]], [m for m in mechanisms if first[m, start]["studies"]]
        )

    def summary(a: str, b: str) -> dict:
        if a == start:
            return evidence.summary(G, b, start)
        if b == end:
            return evidence.summary(G, a, end)
        return evidence.summary(G, b, a)

    paths, hops = shaping.chain_paths(start, end, mechanisms, summary, max_len)
    labels = {n: in_memory.label(G, n) for path in paths for n in path}
    return shaping.chains_frame(shaping.chain_row(p, hops, labels) for p in paths)
