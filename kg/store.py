"""Save and load the graph: typed Parquet node and edge tables plus ``manifest.json``.

Layout of a graph directory::

    manifest.json            format, acukg and vocabulary versions, build time, synthetic flag,
                             inputs, G.graph, counts by node kind and edge type, and each
                             table's row count and SHA-256
    nodes_work.parquet       one table per node class (concepts share one, with ``kind``)
    nodes_concept.parquet
    nodes_source.parquet
    nodes_claim.parquet
    edges_cites.parquet      one table per edge type
    edges_mentions.parquet   ...

Columns are the attributes of :mod:`kg.model`'s dataclasses with their Parquet types (lists as
list columns, None as null), plus ``seq`` (insertion order), ``id`` for nodes and ``source``,
``target``, ``key`` for edges. :func:`save` writes into a temporary directory and renames it
into place, so an interrupted save leaves the previous graph (or none), never half of one.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from collections import Counter
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import get_type_hints

import networkx as nx
import pyarrow as pa
import pyarrow.parquet as pq

from kg.gc_pause import gc_paused
from kg.errors import StoreError
from kg.model import EDGE_CLASSES, NODE_CLASSES, Concept, add_edges, schema

FORMAT = "acukg-graph"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
_ARROW = {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_()}
_NODE_TABLES = {cls: f"nodes_{'concept' if cls is Concept else cls.__name__.lower()}.parquet"
                for cls in dict.fromkeys(NODE_CLASSES.values())}
_EDGE_TABLES = {type_: f"edges_{type_.lower()}.parquet" for type_ in EDGE_CLASSES}


def _columns(cls, drop: tuple[str, ...]) -> dict[str, pa.DataType]:
    """Attribute name -> Arrow type of a model class, without the ``drop`` fields."""
    hints = get_type_hints(cls)
    out = {}
    for name, base in schema(cls).items():
        if name in drop:
            continue
        if base is list:
            args = [a for a in getattr(hints[name], "__args__", ()) if a is not type(None)]
            inner = getattr(args[0], "__args__", (str,)) if args else (str,)
            out[name] = pa.list_(_ARROW.get(inner[0], pa.string()))
        else:
            out[name] = _ARROW[base]
    return out


def _node_schema(cls) -> dict[str, pa.DataType]:
    return {"seq": pa.int64(), "id": pa.string(), **_columns(cls, ("id",))}


def _edge_schema(cls) -> dict[str, pa.DataType]:
    keys = {"seq": pa.int64(), "source": pa.string(), "target": pa.string(), "key": pa.string()}
    return keys | _columns(cls, ("source", "target"))


def _table(name: str, types: dict[str, pa.DataType], columns: dict[str, list]) -> pa.Table:
    arrays = []
    for column, type_ in types.items():
        try:
            arrays.append(pa.array(columns[column], type=type_))
        except (pa.ArrowException, TypeError, ValueError) as exc:
            raise StoreError(f"cannot store column {column!r} of {name}: {exc}") from None
    return pa.Table.from_arrays(arrays, schema=pa.schema(list(types.items())))


def tables(G: nx.MultiDiGraph) -> dict[str, pa.Table]:
    """The Parquet tables of a graph, by file name (pure).

    Raises
    ------
    StoreError
        A node or edge whose kind, type or attributes are not those of :mod:`kg.model`.
    """
    node_types = {cls: _node_schema(cls) for cls in _NODE_TABLES}
    node_attrs = {cls: [c for c in types if c not in ("seq", "id")] for cls, types in node_types.items()}
    node_keys = {cls: set(names) for cls, names in node_attrs.items()}
    node_rows: dict[type, list] = {cls: [] for cls in _NODE_TABLES}
    for seq, (node, attrs) in enumerate(G.nodes(data=True)):
        cls = NODE_CLASSES.get(attrs.get("kind"))
        if cls is None:
            raise StoreError(f"node {node!r} has unknown kind {attrs.get('kind')!r}")
        if attrs.keys() != node_keys[cls]:
            raise StoreError(f"node {node!r} has attributes {sorted(attrs.keys() ^ node_keys[cls])} "
                             f"that do not match its kind {attrs['kind']!r}")
        node_rows[cls].append((seq, node, attrs))
    edge_types = {t: _edge_schema(cls) for t, cls in EDGE_CLASSES.items()}
    edge_attrs = {t: [c for c in types if c not in ("seq", "source", "target", "key")]
                  for t, types in edge_types.items()}
    edge_keys = {t: set(names) for t, names in edge_attrs.items()}
    edge_rows: dict[str, list] = {type_: [] for type_ in _EDGE_TABLES}
    for seq, (u, v, key, attrs) in enumerate(G.edges(keys=True, data=True)):
        type_ = attrs.get("type")
        if type_ not in EDGE_CLASSES:
            raise StoreError(f"edge {u!r} -> {v!r} ({key!r}) has unknown type {type_!r}")
        if attrs.keys() != edge_keys[type_]:
            raise StoreError(f"edge {u!r} -> {v!r} ({key!r}) has attributes "
                             f"{sorted(attrs.keys() ^ edge_keys[type_])} that do not match its type {type_!r}")
        edge_rows[type_].append((seq, u, v, key, attrs))
    out = {}
    for cls, name in _NODE_TABLES.items():
        rows = node_rows.pop(cls)
        columns = {"seq": [r[0] for r in rows], "id": [r[1] for r in rows]}
        columns |= {c: [r[2][c] for r in rows] for c in node_attrs[cls]}
        out[name] = _table(name, node_types[cls], columns)
    for type_, name in _EDGE_TABLES.items():
        rows = edge_rows.pop(type_)
        columns = {"seq": [r[0] for r in rows], "source": [r[1] for r in rows], "target": [r[2] for r in rows],
                   "key": [r[3] for r in rows]}
        columns |= {c: [r[4][c] for r in rows] for c in edge_attrs[type_]}
        out[name] = _table(name, edge_types[type_], columns)
    return out


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _version() -> str:
    try:
        return metadata.version("acukg")
    except metadata.PackageNotFoundError:
        return "unknown"


def save(G: nx.MultiDiGraph, path, *, inputs: dict | None = None) -> dict:
    """Save a graph as Parquet tables and ``manifest.json`` in directory ``path`` (atomically).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A graph built through :mod:`kg.model` (as :func:`kg.build.build_graph` returns).
    path : str or Path
        The graph directory; an existing graph there is replaced as a whole.
    inputs : dict, optional
        What the graph was built from (record count, store path, run ids), for the manifest.

    Returns
    -------
    dict
        The manifest written.

    Raises
    ------
    StoreError
        The graph does not follow the model, ``G.graph`` is not JSON, or ``path`` exists and
        is not a graph directory (it is never overwritten then).

    Examples
    --------
    >>> import tempfile, networkx as nx
    >>> from kg.model import Concept, add_node
    >>> G = nx.MultiDiGraph(works=0); add_node(G, Concept("mechanism:gaba", "GABA", "mechanism"))
    >>> d = tempfile.mkdtemp()
    >>> manifest = save(G, d + "/graph")
    >>> manifest["counts"]["nodes"], load(d + "/graph").nodes["mechanism:gaba"]["label"]
    ({'mechanism': 1}, 'GABA')
    """
    path = Path(path)
    if path.exists() and not (path / MANIFEST).is_file() and (not path.is_dir() or any(path.iterdir())):
        raise StoreError(f"refusing to replace {path}: it exists and is not a saved graph")
    out = tables(G)
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "acukg_version": _version(),
        "built_at": G.graph.get("built_at"),
        "saved_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "synthetic": G.graph.get("synthetic"),
        "vocabulary_version": G.graph.get("vocabulary_version"),
        "inputs": dict(inputs or {}),
        "graph": dict(G.graph),
        "counts": {
            "nodes": dict(sorted(Counter(k for _, k in G.nodes(data="kind")).items())),
            "edges": dict(sorted(Counter(t for *_, t in G.edges(data="type")).items())),
        },
        "tables": {},
    }
    try:
        text = json.dumps(manifest, indent=1, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise StoreError(f"graph attributes or inputs cannot be saved as JSON: {exc}") from None
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".{path.name}.tmp-{uuid.uuid4().hex}"
    tmp.mkdir()
    try:
        for name, table in out.items():
            pq.write_table(table, tmp / name)
            manifest["tables"][name] = {"rows": table.num_rows, "sha256": _sha256(tmp / name)}
        text = json.dumps(manifest, indent=1, ensure_ascii=False)
        (tmp / MANIFEST).write_text(text + "\n", encoding="utf-8")
        if path.exists():
            old = path.parent / f".{path.name}.old-{uuid.uuid4().hex}"
            os.replace(path, old)
            os.replace(tmp, path)
            shutil.rmtree(old)
        else:
            os.replace(tmp, path)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)
    return manifest


def read_manifest(path) -> dict:
    """The manifest of the graph saved in ``path``.

    Raises
    ------
    StoreError
        No graph there, or its manifest is unreadable or of another format.
    """
    file = Path(path) / MANIFEST
    if not file.is_file():
        raise StoreError(f"no saved graph at {Path(path)}: {file} is missing")
    try:
        manifest = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StoreError(f"graph manifest {file} is corrupt: {exc}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise StoreError(f"{file} is not an acukg graph manifest")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise StoreError(f"{file} has graph format version {manifest.get('format_version')!r}; "
                         f"this acukg reads version {FORMAT_VERSION}")
    if not isinstance(manifest.get("tables"), dict) or not isinstance(manifest.get("graph"), dict):
        raise StoreError(f"graph manifest {file} lacks its tables or graph attributes")
    return manifest


def _read(path: Path, name: str, meta, types: dict[str, pa.DataType]) -> dict[str, list]:
    file = path / name
    if not file.is_file():
        raise StoreError(f"graph table {file} is missing")
    if not isinstance(meta, dict) or _sha256(file) != meta.get("sha256"):
        raise StoreError(f"graph table {file} is corrupt: its checksum does not match {path / MANIFEST}")
    try:
        table = pq.read_table(file)
    except (pa.ArrowException, OSError) as exc:
        raise StoreError(f"graph table {file} is unreadable: {exc}") from None
    if table.schema.names != list(types) or any(table.schema.field(c).type != t for c, t in types.items()):
        raise StoreError(f"graph table {file} has columns {table.schema.names}, expected {list(types)}")
    return {column: table.column(column).to_pylist() for column in types}


@gc_paused()
def load(path) -> nx.MultiDiGraph:
    """Load a graph saved by :func:`save`: equal nodes, edges (with keys) and ``G.graph``.

    Raises
    ------
    StoreError
        A file is missing, corrupt or of another format (the message names it).
    """
    path = Path(path)
    manifest = read_manifest(path)
    listed = manifest["tables"]
    for name in list(_NODE_TABLES.values()) + list(_EDGE_TABLES.values()):
        if name not in listed:
            raise StoreError(f"graph manifest {path / MANIFEST} does not list table {name}")
    nodes = []
    for cls, name in _NODE_TABLES.items():
        types = _node_schema(cls)
        cols = _read(path, name, listed[name], types)
        attrs = [c for c in types if c not in ("seq", "id")]
        values = [cols[c] for c in attrs]
        for seq, node, *row in zip(cols["seq"], cols["id"], *values):
            nodes.append((seq, node, dict(zip(attrs, row))))
    edges = []
    for type_, name in _EDGE_TABLES.items():
        types = _edge_schema(EDGE_CLASSES[type_])
        cols = _read(path, name, listed[name], types)
        attrs = [c for c in types if c not in ("seq", "source", "target", "key")]
        values = [cols[c] for c in attrs]
        for seq, u, v, key, *row in zip(cols["seq"], cols["source"], cols["target"], cols["key"], *values):
            edges.append((seq, u, v, key, dict(zip(attrs, row))))
    G = nx.MultiDiGraph()
    G.graph.update(manifest["graph"])
    nodes.sort(key=lambda n: n[0])
    G.add_nodes_from((node, attrs) for _, node, attrs in nodes)
    edges.sort(key=lambda e: e[0])
    try:
        add_edges(G, (e[1:] for e in edges))
    except KeyError as exc:
        raise StoreError(f"graph in {path} has an edge to or from {exc.args[0]!r}, which is not a node") from None
    return G
