"""Read-only helpers answering researchers' questions about the graph as pandas DataFrames.

Each helper takes the graph first and keyword-only options, never mutates the graph, and
returns a DataFrame with documented columns in a deterministic order. They are imported on
first use, so importing ``queries`` does nothing.
"""

from __future__ import annotations

import importlib

_LAZY = {
    "evidence": "queries.findings",
    "timeline": "queries.findings",
    "mechanisms_for": "queries.associations",
    "conditions_for": "queries.associations",
    "evidence_matrix": "queries.associations",
    "gaps": "queries.associations",
    "chains": "queries.associations",
    "claims_audit": "queries.claims",
    "references": "queries.citations",
    "cited_by": "queries.citations",
    "most_cited": "queries.citations",
    "central_works": "queries.citations",
    "co_cited": "queries.citations",
    "coupled": "queries.citations",
    "communities": "queries.citations",
}


def __getattr__(name):
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'queries' has no attribute {name!r}")


__all__ = list(_LAZY)
