"""The evidence of concept pairs, memoised per graph (``kg.graph_cache``): each concept's
findings and works, each work's record and each pair's :func:`queries.scoring.summarise` are
computed once per graph and shared by gaps, the evidence matrix and chains.

Findings are read as :func:`queries.in_memory.findings` reads them (the ``(direction,
negated)`` of each MENTIONS edge, in edge order) and judged by :func:`kg.evidence.finding`,
called once per distinct list of mentions; nothing here decides a rule.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from kg.graph_cache import derived
from kg import evidence
from queries import in_memory, scoring


class PairEvidence:
    """The memo of one graph; every method takes that graph (the memo holds no reference to it,
    so it goes when the graph goes)."""

    def __init__(self):
        self._findings: dict[str, dict[str, str]] = {}
        self._works: dict[str, set[str]] = {}
        self._records: dict[str, dict] = {}
        self._summaries: dict[tuple[str, str], dict] = {}
        self._judged: dict[tuple, str] = {}
        self.empty = scoring.summarise([])

    def findings(self, G, concept: str) -> dict[str, str]:
        """Work -> its finding about ``concept`` (as :func:`queries.in_memory.findings`)."""
        if concept not in self._findings:
            found = {}
            judged = self._judged
            for work, keyed in G._pred[concept].items() if concept in G else ():
                if not work.startswith("work:"):
                    continue
                mentions = tuple(
                    (a.get("direction"), bool(a.get("negated"))) for a in keyed.values() if a.get("type") == "MENTIONS"
                )
                if mentions:
                    if mentions not in judged:
                        judged[mentions] = evidence.finding(list(mentions))
                    found[work] = judged[mentions]
            self._findings[concept] = found
        return self._findings[concept]

    def works(self, G, concept: str) -> set[str]:
        """The works mentioning ``concept`` (:func:`queries.in_memory.works_mentioning`)."""
        if concept not in self._works:
            self._works[concept] = in_memory.works_mentioning(G, concept)
        return self._works[concept]

    def summary(self, G, measured: str, other: str) -> dict:
        """:func:`queries.scoring.summarise` of the works mentioning both concepts, with their
        findings about ``measured``."""
        key = (measured, other)
        if key not in self._summaries:
            finding_of = self.findings(G, measured)
            shared = self.works(G, other).intersection(finding_of)
            self._summaries[key] = self._summarise(G, sorted(shared), finding_of)
        return self._summaries[key]

    def summaries(self, G, measured: Iterable[str], others: Iterable[str]) -> dict[tuple[str, str], dict]:
        """:meth:`summary` of every pair of a measured and an other concept that some work
        mentions both of, found by walking each measured concept's works once."""
        measured, others = list(measured), list(others)
        others_of = defaultdict(list)
        if any((m, o) not in self._summaries for m in measured for o in others):
            for other in others:
                for work in self.works(G, other):
                    others_of[work].append(other)
        out = {}
        for m in measured:
            todo = [o for o in others if (m, o) not in self._summaries]
            if todo:
                finding_of = self.findings(G, m)
                wanted = set(todo)
                groups = defaultdict(list)
                for work in sorted(finding_of):
                    for o in others_of.get(work, ()):
                        if o in wanted:
                            groups[o].append(work)
                for o in todo:
                    self._summaries[m, o] = self._summarise(G, groups[o], finding_of) if o in groups else self.empty
            out.update({(m, o): self._summaries[m, o] for o in others})
        return out

    def _summarise(self, G, works: list[str], finding_of: dict[str, str]) -> dict:
        records = self._records
        rows = []
        for work in works:
            if work not in records:
                records[work] = in_memory.work_record(G, work)
            rows.append({**records[work], "finding": finding_of[work]})
        return scoring.summarise(rows)


def pair_evidence(G) -> PairEvidence:
    """The :class:`PairEvidence` memo of ``G``."""
    return derived(G, "pair_evidence", lambda G: PairEvidence())
