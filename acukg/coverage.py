"""Text coverage of a graph's works before and after PubMed enrichment, and the evidence it added.

Pure functions of a built graph: a work node's ``abstract_source`` says whose abstract the
graph read (``openalex``, ``pubmed`` or None for a title only), its ``pmid`` whether PubMed
knows it, its ``design_source`` what decided its design; a MENTIONS edge's ``text_source``
whose record held its text. "Before" is what OpenAlex alone gives (works whose abstract came
from PubMed count as title only); "after" is what the graph holds.
"""

from __future__ import annotations

from collections import Counter


def _pct(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def text_coverage(G) -> dict:
    """Coverage per hop and overall, and the PubMed share of the evidence.

    Returns ``{"rows": [...], "with_pmid": {...}, "evidence": {...}, "designs": {...}}``:
    each row (a hop, then "all") has ``hop``, ``works``, ``title_only`` (after enrichment),
    ``openalex`` and ``pubmed`` (works by the source of their abstract), ``with_abstract_before``
    and ``with_abstract_after`` (percent of the hop's works); ``with_pmid`` gives the same
    percentages over the works with a PMID.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("work:W1", kind="work", hop=0, pmid="1", abstract_source="pubmed")
    >>> G.add_node("work:W2", kind="work", hop=0, pmid="2", abstract_source="openalex")
    >>> c = text_coverage(G)
    >>> c["with_pmid"]["before"], c["with_pmid"]["after"]
    (50.0, 100.0)
    """
    works = [a for _, a in G.nodes(data=True) if a.get("kind") == "work"]
    by_hop: dict[object, Counter] = {}
    for a in works:
        hop = "unknown" if a.get("hop") is None else a["hop"]
        for key in (hop, "all"):
            c = by_hop.setdefault(key, Counter())
            c["works"] += 1
            c[a.get("abstract_source") or "title_only"] += 1
    order = sorted(k for k in by_hop if isinstance(k, int)) + [k for k in ("unknown", "all") if k in by_hop]
    rows = []
    for hop in order:
        c = by_hop[hop]
        rows.append({
            "hop": hop, "works": c["works"], "title_only": c["title_only"], "openalex": c["openalex"],
            "pubmed": c["pubmed"], "with_abstract_before": _pct(c["openalex"], c["works"]),
            "with_abstract_after": _pct(c["openalex"] + c["pubmed"], c["works"]),
        })
    pm = [a for a in works if a.get("pmid")]
    sources = Counter(a.get("abstract_source") for a in pm)
    return {
        "rows": rows,
        "with_pmid": {
            "works": len(pm),
            "before": _pct(sources["openalex"], len(pm)),
            "after": _pct(sources["openalex"] + sources["pubmed"], len(pm)),
        },
        "evidence": evidence_added(G),
        "designs": dict(sorted(Counter(a.get("design_source") or "none" for a in works).items())),
    }


def evidence_added(G) -> dict:
    """MENTIONS from PubMed text: all, directional (up/down), null findings (negated), by field,
    and the works that gained at least one."""
    total = directional = null = 0
    fields: Counter[str] = Counter()
    gained: set[str] = set()
    for u, _, d in G.edges(data=True):
        if d.get("type") != "MENTIONS" or d.get("text_source") != "pubmed":
            continue
        total += 1
        fields[d["field"]] += 1
        directional += d.get("direction") in ("up", "down") and not d.get("negated")
        null += bool(d.get("negated"))
        gained.add(u)
    return {"mentions": total, "directional": directional, "null_findings": null,
            "by_field": dict(sorted(fields.items())), "works": len(gained)}
