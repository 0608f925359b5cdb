"""Views of the graph: interactive HTML networks (pyvis) and plots.

``view_spec`` decides what a view draws (pure); ``write_html`` writes it as one
self-contained page; ``write_plots`` writes the figures.
Submodules are imported on first use, so importing ``kg.views`` loads neither pyvis nor
matplotlib.
"""

from __future__ import annotations

import importlib

_LAZY = {
    "view_spec": "kg.views.spec",
    "VIEWS": "kg.views.spec",
    "write_html": "kg.views.html",
    "write_plots": "kg.views.plots",
}


def __getattr__(name):
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'kg.views' has no attribute {name!r}")


__all__ = list(_LAZY)
