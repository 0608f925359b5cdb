"""Bulk export for ``neo4j-admin database import full``, and reading such an export back.

One CSV per node label (``nodes_Work.csv``: ``id:ID(Work)``, ``:LABEL``, typed properties) and
one per relationship type and end labels (``rels_MENTIONS_Work_Mechanism.csv``:
``:START_ID(Work)``, ``:END_ID(Mechanism)``, ``:TYPE``, ``key:string``, properties). Each label
is its own id space. Types: ``string``, ``int``, ``double``, ``boolean``, ``string[]``.

Values: strings are always quoted with inner quotes doubled (neo4j-admin's default quoting);
``None`` is an empty unquoted field (neo4j-admin stores no property), an empty string is ``""``;
newlines stay inside quoted fields (import with ``--multiline-fields=true``). Array elements
are joined with ``;`` unless some element contains ``;``, then with the first of ``|``, U+001F,
U+001E that none contains; the delimiter is written into README.txt's command and export.json.
``G.graph`` goes to ``nodes_AcukgGraph.csv`` as one JSON string.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from kg.backends.dialect import META_ID, META_LABEL
from kg.backends.rows import edge_groups, facts_json, graph_from_rows, node_groups
from kg.errors import BackendError
from kg.model import EDGE_CLASSES, NODE_CLASSES, schema

DELIMITERS = (";", "|", "\x1f", "\x1e")
TYPE_NAMES = {str: "string", int: "int", float: "double", bool: "boolean", list: "string[]"}
_FIELD = re.compile(r'"([^"]*(?:""[^"]*)*)"|([^,\n]*)')


def _typeof(value) -> type:
    if isinstance(value, bool):
        return bool
    for t in (int, float, str, list):
        if isinstance(value, t):
            return t
    raise BackendError(f"cannot export a value of type {type(value).__name__}: {value!r}")


def _columns(rows: list[dict], cls) -> list[tuple[str, str]]:
    """(property, CSV type) for every property the rows have, model fields first."""
    base = {k: v for k, v in (schema(cls) if cls else {}).items() if k not in ("id", "source", "target")}
    seen = set().union(*(r["props"].keys() for r in rows)) if rows else set()
    names = [k for k in base if k in seen] + sorted(seen - set(base))
    out = []
    for name in names:
        t = base.get(name)
        if t is None:
            t = next((_typeof(r["props"][name]) for r in rows if r["props"].get(name) is not None), str)
        out.append((name, TYPE_NAMES[t]))
    return out


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _cell(value, kind: str, delimiter: str) -> str:
    if value is None:
        return ""
    if kind == "string[]":
        return _quote(delimiter.join(str(v) for v in value))
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "string":
        return _quote(str(value))
    return repr(value) if isinstance(value, float) else str(value)


def array_delimiter(groups) -> str:
    """The first of :data:`DELIMITERS` that no array element contains."""
    elements = {str(v) for g in groups for r in g.rows for value in r["props"].values()
                if isinstance(value, list) for v in value}
    for d in DELIMITERS:
        if not any(d in e for e in elements):
            return d
    raise BackendError(f"array values contain every delimiter acukg can use: {DELIMITERS!r}")


def _delimiter_option(d: str) -> str:
    return f"'{d}'" if d.isprintable() else f"U+{ord(d):04X}"


def export_csv(G, directory) -> list[Path]:
    """Write ``G`` as neo4j-admin import CSVs plus README.txt and export.json into ``directory``.

    Returns the files written. Existing files of the same names are replaced.

    Examples
    --------
    >>> export_csv(G, "neo4j-import")  # doctest: +SKIP
    [PosixPath('neo4j-import/nodes_Work.csv'), ...]
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    nodes, edges = node_groups(G), edge_groups(G)
    delimiter = array_delimiter(nodes + edges)
    written: dict[str, list[Path]] = {"nodes": [], "relationships": []}
    for group in nodes:
        cls = NODE_CLASSES.get(group.rows[0]["props"].get("kind")) if group.rows else None
        cols = _columns(list(group.rows), cls)
        lines = [",".join([f"id:ID({group.label})", ":LABEL"] + [f"{n}:{t}" for n, t in cols])]
        for row in group.rows:
            cells = [_quote(row["id"]), group.label]
            cells += [_cell(row["props"].get(n), t, delimiter) for n, t in cols]
            lines.append(",".join(cells))
        written["nodes"].append(_write(directory / f"nodes_{group.label}.csv", lines))
    meta = [f"id:ID({META_LABEL}),:LABEL,facts:string",
            f"{_quote(META_ID)},{META_LABEL},{_quote(facts_json(G))}"]
    written["nodes"].append(_write(directory / f"nodes_{META_LABEL}.csv", meta))
    for group in edges:
        cols = _columns(list(group.rows), EDGE_CLASSES.get(group.type))
        head = [f":START_ID({group.start})", f":END_ID({group.end})", ":TYPE", "key:string"]
        lines = [",".join(head + [f"{n}:{t}" for n, t in cols])]
        for row in group.rows:
            cells = [_quote(row["source"]), _quote(row["target"]), group.type, _quote(row["key"])]
            cells += [_cell(row["props"].get(n), t, delimiter) for n, t in cols]
            lines.append(",".join(cells))
        name = f"rels_{group.type}_{group.start}_{group.end}.csv"
        written["relationships"].append(_write(directory / name, lines))
    (directory / "export.json").write_text(json.dumps(
        {"array_delimiter": delimiter,
         "nodes": [p.name for p in written["nodes"]],
         "relationships": [p.name for p in written["relationships"]]}, indent=1) + "\n")
    (directory / "README.txt").write_text(readme(written, delimiter))
    return written["nodes"] + written["relationships"] + [directory / "export.json",
                                                         directory / "README.txt"]


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="")
    return path


def readme(written: dict[str, list[Path]], delimiter: str) -> str:
    """The README.txt beside the CSVs: the exact import command and the schema to create after."""
    from kg.backends.dialect import Neo4jSchema

    args = [f"  --nodes={p.name}" for p in written["nodes"]]
    args += [f"  --relationships={p.name}" for p in written["relationships"]]
    command = " \\\n".join(
        ["neo4j-admin database import full"] + args
        + ["  --multiline-fields=true", f"  --array-delimiter={_delimiter_option(delimiter)}",
           "  --overwrite-destination", "  neo4j"])
    schema_lines = "\n".join(s + ";" for s in Neo4jSchema().statements())
    return f"""acukg graph export for neo4j-admin (Neo4j 5)

Stop the target database first (import writes a new store; --overwrite-destination replaces
the database named last, here "neo4j"). From this directory run:

{command}

Then start the database and create acukg's constraints and indexes (cypher-shell):

{schema_lines}

Format: one file per node label (id space = label) and per relationship type and end labels;
strings quoted, empty unquoted field = no property; array elements separated by
{_delimiter_option(delimiter)}; the graph's facts are one JSON string on the AcukgGraph node.
"""


def parse_csv(text: str) -> list[list[str | None]]:
    """Rows of fields; an empty unquoted field is None, a quoted one is a string (maybe "")."""
    rows, row, i, n = [], [], 0, len(text)
    while i < n:
        m = _FIELD.match(text, i)
        quoted, bare = m.group(1), m.group(2)
        row.append(quoted.replace('""', '"') if quoted is not None else (bare or None))
        i = m.end()
        if i >= n:
            rows.append(row)
            break
        sep, i = text[i], i + 1
        if sep == "\n":
            rows.append(row)
            row = []
        elif sep != ",":
            raise BackendError(f"malformed CSV at character {i - 1}: {text[i - 20:i + 20]!r}")
    return rows


def _value(text: str | None, kind: str, delimiter: str):
    if text is None:
        return None
    if kind == "string[]":
        return text.split(delimiter) if text else []
    if kind == "int":
        return int(text)
    if kind == "double":
        return float(text)
    if kind == "boolean":
        return text == "true"
    return text


def _read(path: Path, delimiter: str):
    rows = parse_csv(path.read_text(encoding="utf-8"))
    header, body = rows[0], rows[1:]
    specs = []
    for column in header:
        name, _, kind = column.partition(":")
        specs.append((name, kind))
    out = []
    for values in body:
        if len(values) != len(specs):
            raise BackendError(f"{path.name}: a row has {len(values)} fields, the header {len(specs)}")
        out.append({(name or kind.split("(")[0]): _value(v, kind if name else "string", delimiter)
                    for (name, kind), v in zip(specs, values)})
    return specs, out


def read_export(directory):
    """Rebuild the graph from a directory written by :func:`export_csv`."""
    directory = Path(directory)
    manifest = json.loads((directory / "export.json").read_text())
    delimiter = manifest["array_delimiter"]
    nodes, edges, facts = [], [], None
    for name in manifest["nodes"]:
        specs, rows = _read(directory / name, delimiter)
        id_column = specs[0][0]
        for row in rows:
            props = {k: v for k, v in row.items()
                     if k not in (id_column, "LABEL") and v is not None}
            if row["LABEL"] == META_LABEL:
                facts = row["facts"]
            else:
                nodes.append((row[id_column], props))
    for name in manifest["relationships"]:
        _, rows = _read(directory / name, delimiter)
        for row in rows:
            props = {k: v for k, v in row.items()
                     if k not in ("START_ID", "END_ID", "TYPE") and v is not None}
            edges.append((row["START_ID"], row["END_ID"], row["TYPE"], props))
    return graph_from_rows(nodes, edges, facts)
