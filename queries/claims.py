"""The claims audit: what the literature in the graph says about each practitioner claim."""

from __future__ import annotations

import networkx as nx
import pandas as pd

from kg.parse import normalize_doi
from queries import access, shaping


def _cited_work(G, claim: dict) -> str | None:
    """The work node a claim cites: among its source's cited works, the one with the claim's
    DOI; else the work ``G.graph["seed_map"]`` (bibliography DOI -> OpenAlex id) names."""
    doi = claim.get("cited_doi")
    if not doi:
        return None
    source = claim.get("source")
    if source in G:
        for work in access.references_of(G, source):
            if G._node[work].get("doi") == doi:
                return work
    seed_map = {normalize_doi(k): v for k, v in (G.graph.get("seed_map") or {}).items()}
    if doi in seed_map:
        node = "work:" + str(seed_map[doi]).rsplit("/", 1)[-1].upper()
        if node in G and access.is_work(G, node):
            return node
    return None


def _linked(G, claim: str, type_: str) -> set[str]:
    return {w for w, keyed in G._succ[claim].items() if type_ in keyed}


def claims_audit(G) -> pd.DataFrame:
    """Each practitioner claim against the works in the graph, with a verdict.

    Support and contradiction are the claim's SUPPORTED_BY and CONTRADICTED_BY edges (the
    builder's per-work reading of the mentions, ``kg.claims``); *silent* works mention the
    claim's object (MENTIONS) without either; retracted works count nowhere. The cited work
    is found among the works the claim's source CITES, by the claim's DOI.

    Verdict (:func:`queries.scoring.verdict`, first match wins): ``not_found`` when the object
    is not a known concept or no work mentions it; ``not_supported`` when no work supports it;
    ``contested`` when a contradicting work's design is at least as high on the ladder as the
    best supporting one, or contradicting works are at least half as many as supporting ones;
    ``supported`` when a supporting work has a human design (``kg.model.HUMAN_DESIGNS``);
    else ``supported_animal_only``.

    Parameters
    ----------
    G : networkx.MultiDiGraph or kg.backends.Backend
        The graph (a backend is answered by ``queries.cypher.claims_audit``).

    Returns
    -------
    DataFrame
        Columns ``claim, source, source_title, text, subject, relation, object,
        object_concept, expected_direction, cited_doi, cited_work, cited_in_graph,
        cited_mentions_object, cited_stance, n_supporting, n_contradicting, n_silent,
        supporting, contradicting, silent`` (sorted lists of work ids), ``best_design,
        best_level`` (of the supporting works), ``human_evidence``, ``verdict``; by claim id.
        ``cited_stance``: supports, contradicts, silent, no_mention, retracted, not_in_graph,
        or None when the claim cites nothing.

    Examples
    --------
    >>> claims_audit(G)[["text", "verdict"]].head()  # doctest: +SKIP
    """
    if not isinstance(G, nx.Graph):
        from queries import cypher

        return cypher.claims_audit(G)
    rows, mentioning = [], {}
    retracted = {n for n, a in G._node.items() if a.get("retracted")}
    for node in sorted(n for n in G._node if n.startswith("claim:")):
        claim = dict(G._node[node], id=node)
        obj = claim.get("object_concept")
        if obj not in mentioning:
            mentioning[obj] = access.works_mentioning(G, obj) if obj else set()
        source = claim.get("source")
        rows.append(
            shaping.claim_row(
                claim,
                source_title=access.label(G, source) if source in G else None,
                works=G._node,
                supporting=_linked(G, node, "SUPPORTED_BY"),
                contradicting=_linked(G, node, "CONTRADICTED_BY"),
                mentioning=mentioning[obj],
                cited_work=_cited_work(G, claim),
                retracted=retracted,
            )
        )
    return shaping.claims_frame(rows)
