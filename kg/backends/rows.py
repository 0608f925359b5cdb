"""Pure translation between the networkx graph and the parameter rows a graph database takes.

``graph -> rows`` groups nodes by label and relationships by (type, start label, end label), so
every batch is one fixed statement from :mod:`kg.backends.dialect` with its rows as a parameter.
``rows -> graph`` rebuilds the MultiDiGraph and restores what the databases drop: a ``null``
property is not stored, so every attribute of the model schema missing from a node or edge that
has a ``kind`` / ``type`` comes back as ``None`` (``[]`` for list attributes). ``G.graph`` travels as
one JSON string on a single ``AcukgGraph`` node.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from typing import Any, Callable, Iterable

import networkx as nx

from kg.backends.dialect import check_label, check_type
from kg.errors import BackendError
from kg.model import EDGE_CLASSES, EDGE_TYPES, LABELS, NODE_CLASSES, kind_of, schema


@dataclass(frozen=True)
class Group:
    """The rows of one statement: nodes of one label, or relationships of one
    (type, start label, end label)."""

    name: str  # "Work" or "CITES Work->Work"; used in progress and error messages
    label: str | None = None
    type: str | None = None
    start: str | None = None
    end: str | None = None
    rows: tuple = ()


#: Types stored as they are (``float`` is not: NaN becomes None).
_STORED_AS_IS = frozenset((str, int, bool, type(None)))


def plain(value: Any, where: str) -> Any:
    """A value as the databases hold it: None, bool, int, float, str, or a list of those.

    NumPy scalars become Python ones and NaN becomes None; anything else is an error naming ``where``.
    """
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if isinstance(value, (list, tuple)) or type(value).__name__ == "ndarray":
        return [plain(v, where) for v in value]
    if hasattr(value, "item") and callable(value.item):
        return plain(value.item(), where)
    raise BackendError(f"{where}: value of type {type(value).__name__} cannot be stored: {value!r}")


def _props(attrs: dict, owner: Callable[[], str]) -> dict:
    """A copy of ``attrs`` with every value made :func:`plain` (``owner()`` names them in errors)."""
    props = dict(attrs)
    for name, value in props.items():
        if type(value) not in _STORED_AS_IS:
            props[name] = plain(value, f"{owner()} attribute {name!r}")
    return props


def label_for(node_id: str, attrs: dict) -> str:
    """The database label of a node, from its ``kind`` (or the kind in its id)."""
    kind = attrs.get("kind") or kind_of(str(node_id))
    if kind not in LABELS:
        raise BackendError(f"node {node_id!r}: unknown kind {kind!r}; expected one of {tuple(LABELS)}")
    return check_label(LABELS[kind])


def node_groups(G) -> list[Group]:
    """One :class:`Group` per label, rows ``{"id", "props"}`` sorted by id."""
    by_label: dict[str, list] = defaultdict(list)
    for node_id, attrs in G.nodes(data=True):
        if not isinstance(node_id, str):
            raise BackendError(f"node id {node_id!r} is not a string")
        if "id" in attrs:
            raise BackendError(f"node {node_id!r}: attribute name 'id' is reserved")
        props = _props(attrs, lambda: f"node {node_id!r}")
        by_label[label_for(node_id, attrs)].append({"id": node_id, "props": props})
    out = []
    for label, rows in sorted(by_label.items()):
        rows.sort(key=itemgetter("id"))
        out.append(Group(name=label, label=label, rows=tuple(rows)))
    return out


def edge_groups(G) -> list[Group]:
    """One :class:`Group` per (type, start label, end label), rows ``{"source", "target", "key", "props"}``."""
    by_group: dict[tuple, list] = defaultdict(list)
    labels: dict[str, str] = {}
    for u, v, key, attrs in G.edges(keys=True, data=True):
        type_ = attrs.get("type")
        if type_ not in EDGE_TYPES or "key" in attrs:
            where = f"edge {u!r} -> {v!r} [{key!r}]"
            if type_ is None:
                raise BackendError(f"{where}: no 'type' attribute")
            check_type(type_)
            raise BackendError(f"{where}: attribute name 'key' is reserved")
        start = labels.get(u) or labels.setdefault(u, label_for(u, G.nodes[u]))
        end = labels.get(v) or labels.setdefault(v, label_for(v, G.nodes[v]))
        props = _props(attrs, lambda: f"edge {u!r} -> {v!r} [{key!r}]")
        by_group[(type_, start, end)].append({"source": u, "target": v, "key": str(key),
                                              "props": props})
    out = []
    for (t, a, b), rows in sorted(by_group.items()):
        rows.sort(key=itemgetter("source", "target", "key"))
        out.append(Group(name=f"{t} {a}->{b}", type=t, start=a, end=b, rows=tuple(rows)))
    return out


def facts_json(G) -> str:
    """``G.graph`` as a JSON string (sorted keys)."""
    try:
        return json.dumps(G.graph, sort_keys=True, ensure_ascii=False)
    except TypeError as exc:
        raise BackendError(f"graph facts (G.graph) are not JSON values: {exc}") from None


@lru_cache(maxsize=None)
def _defaults(cls) -> tuple[tuple[str, bool], ...]:
    """(attribute, is a list) of a model class, endpoints and ``id`` left out."""
    return tuple((name, base is list) for name, base in schema(cls).items()
                 if name not in ("id", "source", "target"))


def restore(attrs: dict, cls) -> dict:
    """Attributes with every schema field of ``cls`` present (None, or [] for lists)."""
    if cls is None:
        return attrs
    for name, is_list in _defaults(cls):
        if name not in attrs:
            attrs[name] = [] if is_list else None
    return attrs


def restore_node(props: dict) -> dict:
    """Node attributes from database properties (``id`` dropped, schema fields restored)."""
    attrs = {k: v for k, v in props.items() if k != "id"}
    if "kind" not in attrs:
        return attrs
    return restore(attrs, NODE_CLASSES.get(attrs["kind"]))


def restore_edge(props: dict) -> tuple[str, dict]:
    """(key, edge attributes) from relationship properties."""
    attrs = dict(props)
    key = attrs.pop("key", None)
    if "type" not in attrs:
        return key, attrs
    return key, restore(attrs, EDGE_CLASSES.get(attrs["type"]))


def graph_from_rows(nodes: Iterable[tuple[str, dict]], edges: Iterable[tuple[str, str, str, dict]],
                    facts: str | None) -> nx.MultiDiGraph:
    """Rebuild the graph: nodes ``(id, props)``, edges ``(source, target, type, props)``.

    Nodes are added sorted by id and edges by (source, target, key) so the result is deterministic.
    """
    G = nx.MultiDiGraph()
    if facts:
        G.graph.update(json.loads(facts))
    for node_id, props in sorted(nodes, key=lambda n: n[0]):
        G.add_node(node_id, **restore_node(props))
    restored = []
    for source, target, type_, props in edges:
        key, attrs = restore_edge(props)
        if key is None:
            raise BackendError(f"relationship {type_} {source!r} -> {target!r} has no 'key' property")
        restored.append((source, target, key, attrs))
    for source, target, key, attrs in sorted(restored, key=lambda e: e[:3]):
        G.add_edge(source, target, key=key, **attrs)
    return G


def _typed(value):
    """A value with its type spelled out, so that ``True`` and ``1`` compare unequal."""
    if isinstance(value, dict):
        return {k: _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return (type(value).__name__, value)


def graph_diff(A, B, *, limit: int = 10) -> list[str]:
    """Where two graphs differ (graph facts, node and edge sets, attributes and their types);
    [] if equal."""
    out = []
    if _typed(dict(A.graph)) != _typed(dict(B.graph)):
        out.append(f"graph facts differ: {A.graph!r} != {B.graph!r}")
    for n in sorted(set(A) ^ set(B))[:limit]:
        out.append(f"node {n!r} only in {'first' if n in A else 'second'}")
    for n in sorted(set(A) & set(B)):
        if _typed(A.nodes[n]) != _typed(B.nodes[n]):
            out.append(f"node {n!r}: {A.nodes[n]!r} != {B.nodes[n]!r}")
            if len(out) >= limit:
                return out
    ea = {(u, v, k): d for u, v, k, d in A.edges(keys=True, data=True)}
    eb = {(u, v, k): d for u, v, k, d in B.edges(keys=True, data=True)}
    for e in sorted(set(ea) ^ set(eb))[:limit]:
        out.append(f"edge {e!r} only in {'first' if e in ea else 'second'}")
    for e in sorted(set(ea) & set(eb)):
        if _typed(ea[e]) != _typed(eb[e]):
            out.append(f"edge {e!r}: {ea[e]!r} != {eb[e]!r}")
            if len(out) >= limit:
                break
    return out[:limit]
