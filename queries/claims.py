"""The claims audit: what the literature in the graph says about each practitioner claim."""

from __future__ import annotations

import bisect
import functools
from collections.abc import Callable

import networkx as nx
import pandas as pd

from kg.claims import on_point, on_point_requirements
from kg.model import DESIGNS, design_level
from kg import evidence, ids
from kg.vocabulary import narrower
from queries import in_memory, shaping


def _cited_work(G, claim: dict, seed_map: Callable[[], dict]) -> str | None:
    """The work node a claim cites: among its source's cited works, the one with the claim's
    DOI; else the work ``G.graph["seed_map"]`` (bibliography DOI -> OpenAlex id) names, as
    ``seed_map()`` gives it with normalised DOIs."""
    doi = claim.get("cited_doi")
    if not doi:
        return None
    source = claim.get("source")
    if source in G:
        for work in in_memory.references_of(G, source):
            if G._node[work].get("doi") == doi:
                return work
    if doi in seed_map():
        node = "work:" + str(seed_map()[doi]).rsplit("/", 1)[-1].upper()
        if node in G and in_memory.is_work(G, node):
            return node
    return None


class _Nodes:
    """What the audit reads of every node, in one pass: the claims (sorted), the retracted
    nodes, the nodes that are not live works (retracted, or no work at all), and the nodes of
    each design on the ladder (as sets, built when first asked)."""

    def __init__(self, G):
        self.retracted: set[str] = set()
        self._listed: dict[str, list[str]] = {d: [] for d in DESIGNS}
        self._sets: dict[str, set[str]] = {}
        listed = self._listed.get
        others = []
        for node, attrs in G._node.items():
            of_design = listed(attrs.get("design"))
            if of_design is not None:
                of_design.append(node)
            if attrs.get("retracted"):
                self.retracted.add(node)
            if not node.startswith("work:"):
                others.append(node)
        self.claims = sorted(n for n in others if n.startswith("claim:"))
        self.not_live = self.retracted.union(others)

    def of_design(self, design: str) -> set[str]:
        if design not in self._sets:
            self._sets[design] = set(self._listed[design])
        return self._sets[design]

    def best_design(self, works: set[str]) -> str | None:
        """The highest design on the ladder among ``works`` (None if none is known)."""
        if works:
            for design in DESIGNS:
                if not works.isdisjoint(self.of_design(design)):
                    return design
        return None

    def has_human(self, G, works: list[str]) -> bool:
        """Whether a work among ``works`` is human evidence (``kg.evidence.is_human``)."""
        return any(evidence.is_human(G._node[w].get("design"), G._node[w].get("species")) for w in works)


def _linked(G, claim: str, retracted: set[str]) -> tuple[list[str], list[str]]:
    """The claim's live SUPPORTED_BY works and its live CONTRADICTED_BY works that do not also
    support it, each sorted."""
    supporting, contradicting = [], []
    for work, keyed in G._succ[claim].items():
        if "SUPPORTED_BY" in keyed:
            supporting.append(work)
        elif "CONTRADICTED_BY" in keyed:
            contradicting.append(work)
    if retracted:
        supporting = [w for w in supporting if w not in retracted]
        contradicting = [w for w in contradicting if w not in retracted]
    supporting.sort()
    contradicting.sort()
    return supporting, contradicting


def _in_sorted(works: list[str], work: str | None) -> bool:
    """Whether ``work`` is in the sorted list ``works``."""
    i = bisect.bisect_left(works, work) if work is not None else len(works)
    return i < len(works) and works[i] == work


def _live_mentioning(G, concept: str, not_live: set[str]) -> set[str]:
    """The live works that mention ``concept`` or a narrower concept (the only edges from a
    work to a concept are MENTIONS)."""
    return {w for c in narrower(concept) if c in G for w in G._pred[c] if w not in not_live}


def claims_audit(G) -> pd.DataFrame:
    """Each practitioner claim against the works in the graph, with a verdict.

    Only works *on point* count (``kg.claims.on_point``: they mention the claim's object,
    its context and its subject, each or a narrower concept; any acupuncture-family concept for
    an acupuncture claim). Support and contradiction are the claim's SUPPORTED_BY and
    CONTRADICTED_BY edges (the builder's per-work reading of the on-point works' mentions);
    *silent* works are on point without either; ``n_mention_object`` keeps the looser count of
    works that mention the object anywhere. Retracted works count nowhere. The cited work is
    found among the works the claim's source CITES, by the claim's DOI.

    Verdict (:func:`queries.scoring.claim_verdict`, first match wins): ``not_found`` when the
    object is not a known concept or no work mentions it; ``not_supported`` when no on-point
    work supports it; ``contested`` when a contradicting work's design is at least as high on
    the evidence ladder as the best supporting one, or contradicting works are at least half as
    many as supporting ones; ``supported`` when a supporting work is human evidence
    (``kg.evidence.is_human``: a design from people, unless the species is another animal);
    else ``supported_animal_only``.

    Parameters
    ----------
    G : networkx.MultiDiGraph or kg.backends.Backend
        The graph (a backend is answered by ``queries.cypher.claims_audit``).

    Returns
    -------
    DataFrame
        Columns ``claim, source, source_title, text, subject, relation, object,
        object_concept, context, context_concepts, expected_direction, cited_doi, cited_work,
        cited_in_graph, cited_mentions_object, cited_stance, n_on_point, n_mention_object,
        n_supporting, n_contradicting, n_silent,
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
    nodes = _Nodes(G)
    retracted = nodes.retracted

    @functools.cache
    def seed_map() -> dict:
        return {ids.doi(k): v for k, v in (G.graph.get("seed_map") or {}).items()}

    mentioning: dict[str | None, set[str]] = {}
    judged: dict[tuple, list] = {}
    mentioners: dict[str, set[str]] = {}
    unions: dict = {}

    def live_mentioners(concept: str) -> set[str]:
        if concept not in mentioners:
            mentioners[concept] = set(G._pred[concept]) - nodes.not_live if concept in G else set()
        return mentioners[concept]

    rows = []
    for node in nodes.claims:
        claim = dict(G._node[node], id=node)
        obj = claim.get("object_concept")
        if obj not in mentioning:
            mentioning[obj] = _live_mentioning(G, obj, nodes.not_live) if obj else set()
        live_mentioning = mentioning[obj]
        supporting, contradicting = _linked(G, node, retracted)
        # claims that need the same concepts with the same works (say, the same claim in two
        # articles) share what follows from those works; the silent list is copied for each
        needs = on_point_requirements(claim)
        alike = judged.setdefault((tuple(needs or ()), len(supporting), len(contradicting)), [])
        for same_supporting, same_contradicting, judgement in alike:
            if same_supporting == supporting and same_contradicting == contradicting:
                silent, n_on_point, best, best_against, human = judgement
                silent = list(silent)
                break
        else:
            support = set(supporting)
            best = nodes.best_design(support)
            best_against = nodes.best_design(set(contradicting))
            human = nodes.has_human(G, supporting)
            on = on_point(claim, live_mentioners, unions)
            n_on_point = len(on)
            silent = sorted(on.difference(support, contradicting))
            alike.append((supporting, contradicting, (silent, n_on_point, best, best_against, human)))
        cited_work = _cited_work(G, claim, seed_map)
        cited_mentions = cited_work is not None and bool(obj) and any(
            c in G and cited_work in G._pred[c] for c in narrower(obj))
        source = claim.get("source")
        rows.append(
            shaping.claim_record(
                claim,
                source_title=in_memory.label(G, source) if source in G else None,
                cited_work=cited_work,
                cited_mentions_object=cited_mentions,
                cited_stance=shaping.cited_stance(
                    claim,
                    cited_work,
                    live=cited_work not in retracted,
                    supports=_in_sorted(supporting, cited_work),
                    contradicts=_in_sorted(contradicting, cited_work),
                    mentions=cited_mentions,
                ),
                supporting=supporting,
                contradicting=contradicting,
                silent=silent,
                n_on_point=n_on_point,
                n_mention_object=len(live_mentioning),
                best_design=best,
                level_against=design_level(best_against) if best_against else 0,
                human_evidence=human,
                object_found=obj is not None and bool(live_mentioning),
            )
        )
    return shaping.claims_frame(rows)
