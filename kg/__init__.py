"""acukg's graph: the model, the vocabulary and tagger, the build, the store, views and backends.

``kg.build_graph``, ``kg.save`` and ``kg.load`` are the main entry points; they are imported
on first use so that importing ``kg`` does nothing.
"""

from __future__ import annotations

import importlib

_LAZY = {"build_graph": "kg.build", "save": "kg.store", "load": "kg.store"}


def __getattr__(name):
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


__all__ = list(_LAZY)
