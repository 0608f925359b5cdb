"""The claims audit as the application shows it: verdicts for the claims view and the rows of
the report's claims table (verdict first, the whole claim, the article's short title, the works
on point against the looser count, links to the works)."""

from __future__ import annotations

from urllib.parse import quote

import pandas as pd

from kg.views import style

#: Most works a claim's row lists on each side (the rest are counted).
MAX_WORKS = 12
#: Article titles are cut to this many characters in the table (the whole title on hover).
TITLE_CHARS = 48


def audit(G) -> pd.DataFrame:
    """The claims audit of ``G`` (:func:`queries.claims_audit`)."""
    from queries import claims_audit

    return claims_audit(G)


def verdicts(frame: pd.DataFrame) -> dict[str, dict]:
    """Claim id -> its audit row (verdict, counts, best design), as the claims view takes it."""
    keep = ["verdict", "n_on_point", "n_mention_object", "n_supporting", "n_contradicting", "best_design"]
    return {row["claim"]: {k: _plain(row[k]) for k in keep} for _, row in frame.iterrows()}


def table_rows(G, frame: pd.DataFrame) -> list[dict]:
    """The report's claims table, one dict per claim, in the audit's order (by claim id)."""
    rows = []
    for _, r in frame.iterrows():
        verdict = r["verdict"]
        title = r["source_title"] or r["source"] or ""
        obj = r["object_concept"]
        rows.append({
            "verdict": verdict,
            "verdict_label": style.VERDICT_LABELS.get(verdict, verdict),
            "rule": style.VERDICT_RULES.get(verdict, ""),
            "text": r["text"] or r["claim"],
            "article": _cut(title, TITLE_CHARS),
            "article_title": title,
            "object": (G.nodes[obj].get("label") if obj in G else None) or r["object"],
            "n_on_point": int(r["n_on_point"]),
            "n_mention_object": int(r["n_mention_object"]),
            "n_supporting": int(r["n_supporting"]),
            "n_contradicting": int(r["n_contradicting"]),
            "n_silent": int(r["n_silent"]),
            "best_design": style.DESIGN_LABELS.get(r["best_design"], r["best_design"]) if r["best_design"] else None,
            "human": bool(r["human_evidence"]),
            "cited_doi": r["cited_doi"],
            "cited_url": doi_url(r["cited_doi"]),
            "cited_stance": (r["cited_stance"] or "").replace("_", " ") or None,
            "supporting": [work_link(G, w) for w in r["supporting"][:MAX_WORKS]],
            "more_supporting": max(len(r["supporting"]) - MAX_WORKS, 0),
            "contradicting": [work_link(G, w) for w in r["contradicting"][:MAX_WORKS]],
            "more_contradicting": max(len(r["contradicting"]) - MAX_WORKS, 0),
        })
    return rows


def work_link(G, work: str) -> dict:
    """A work as a link: its short name, title, design and year, and its DOI or OpenAlex page."""
    a = G.nodes[work] if work in G else {}
    openalex = work.split(":", 1)[-1]
    return {
        "name": a.get("label") or openalex,
        "title": a.get("title") or a.get("label") or work,
        "design": style.DESIGN_LABELS.get(a.get("design"), a.get("design")),
        "year": a.get("year"),
        "url": doi_url(a.get("doi")) or f"https://openalex.org/{quote(openalex)}",
    }


def doi_url(doi: str | None) -> str | None:
    """The doi.org address of a DOI, or None.

    >>> doi_url("10.1186/1472-6882-12-141")
    'https://doi.org/10.1186/1472-6882-12-141'
    """
    return f"https://doi.org/{quote(doi, safe='/:;()._-')}" if doi else None


def _cut(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _plain(value):
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return None
    return value.item() if hasattr(value, "item") else value
