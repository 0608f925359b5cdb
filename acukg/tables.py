"""Tables as a reader or a program wants them: fitted to the terminal, or CSV, JSON, JSON Lines,
Parquet and Markdown.

One rule for missing values everywhere: ``—`` in a printed table, an empty cell in CSV and
Markdown, ``null`` in JSON (never ``NaN`` or ``Infinity``, which strict parsers reject).
Lists print joined by ``"; "``.

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"label": ["BDNF", "IL-10"], "score": [3.0, float("nan")]})
>>> print(to_json(df))
[
 {"label": "BDNF", "score": 3.0},
 {"label": "IL-10", "score": null}
]
>>> print(to_table(df, width=40))
label  score
BDNF       3
IL-10      —
"""

from __future__ import annotations

import io
import json
import math
import shutil
import textwrap
from numbers import Number

import pandas as pd

FORMATS = ("table", "csv", "json", "jsonl", "parquet", "markdown")
#: How a missing value prints in a table.
MISSING = "—"
#: Rows a table prints unless told otherwise (``--limit 0`` prints all).
DEFAULT_LIMIT = 20
#: Width when standard output is not a terminal and ``COLUMNS`` is not set.
DEFAULT_WIDTH = 100
#: Spaces between two columns.
GAP = 2
#: Narrowest a text column is squeezed to before the table turns into one block per row.
MIN_TEXT = 12


def terminal_width() -> int:
    """Columns of the terminal (``COLUMNS`` wins; 100 when output is not a terminal)."""
    return shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns


def scalar(value):
    """A cell as a JSON-safe scalar: lists joined by "; ", NaN, infinities and NA as None."""
    if isinstance(value, (list, tuple)) or (hasattr(value, "tolist") and getattr(value, "ndim", 0) == 1):
        return "; ".join(str(v) for v in list(value))
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def flat(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with a meaningful index turned into columns, string column names and scalar cells."""
    if not isinstance(df.index, pd.RangeIndex):
        df = df.reset_index()
    columns = [str(c) for c in df.columns]
    data = {c: [scalar(v) for v in df.iloc[:, i]] for i, c in enumerate(columns)}
    return pd.DataFrame(data, columns=columns, dtype=object)


def text(value) -> str:
    """A scalar cell as table text."""
    if value is None:
        return MISSING
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else format(value, ".6g")
    return str(value).replace("\n", " ")


def to_json(df: pd.DataFrame) -> str:
    """Strict JSON: a list of one object per row."""
    rows = flat(df).to_dict(orient="records")
    lines = [json.dumps(r, ensure_ascii=False, allow_nan=False) for r in rows]
    return "[\n" + ",\n".join(" " + line for line in lines) + "\n]" if lines else "[]"


def to_jsonl(df: pd.DataFrame) -> str:
    """JSON Lines: one strict JSON object per row."""
    return "\n".join(json.dumps(r, ensure_ascii=False, allow_nan=False)
                     for r in flat(df).to_dict(orient="records"))


def to_csv(df: pd.DataFrame) -> str:
    return flat(df).to_csv(index=False).rstrip("\n")


def to_markdown(df: pd.DataFrame) -> str:
    """A GitHub Markdown table (``|`` in cells escaped, missing values empty)."""
    df = flat(df)

    def cell(value):
        return "" if value is None else text(value).replace("|", "\\|")

    lines = ["| " + " | ".join(cell(c) for c in df.columns) + " |",
             "|" + "|".join("---" for _ in df.columns) + "|"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in df.itertuples(index=False)]
    return "\n".join(lines)


def to_parquet(df: pd.DataFrame) -> bytes:
    """Parquet bytes (lists stay lists)."""
    if not isinstance(df.index, pd.RangeIndex):
        df = df.reset_index()
    df = df.rename(columns=str)
    buffer = io.BytesIO()
    df.to_parquet(buffer, index=False)
    return buffer.getvalue()


def _wrap(value: str, width: int) -> list[str]:
    return textwrap.wrap(value, width, break_long_words=True, break_on_hyphens=True) or [""]


def _fit(natural: list[int], flexible: list[bool], width: int) -> list[int] | None:
    """Column widths summing (with gaps) to at most ``width``: fixed columns keep their natural
    width and the flexible ones share the rest by their natural widths (None: no room)."""
    widths = list(natural)
    room = width - GAP * (len(widths) - 1) - sum(n for n, f in zip(natural, flexible) if not f)
    left = sorted((i for i, f in enumerate(flexible) if f), key=lambda i: natural[i])
    if sum(natural[i] for i in left) <= room:
        return widths
    if room < MIN_TEXT * len(left):
        return None
    total = sum(natural[i] for i in left)
    for k, i in enumerate(left):  # narrowest first, each its share of the room by natural width
        share = room if k == len(left) - 1 else max(MIN_TEXT, room * natural[i] // total)
        widths[i] = min(natural[i], share)
        room, total = room - widths[i], total - natural[i]
    return widths


def to_table(df: pd.DataFrame, width: int | None = None) -> str:
    """A plain-text table no line of which is wider than ``width``; long text wraps.

    When the columns cannot fit even narrowed, each row prints as a block of ``column  value``
    lines instead.
    """
    width = width or terminal_width()
    df = flat(df)
    if df.empty:
        return "(no rows)" if not len(df.columns) else f"(no rows; columns: {', '.join(df.columns)})"
    columns = list(df.columns)
    cells = [[text(v) for v in df[c]] for c in columns]
    numeric = [all(isinstance(v, Number) or v is None for v in df[c]) for c in columns]
    natural = [max(len(c), *(len(v) for v in col)) for c, col in zip(columns, cells)]
    # Numbers never wrap; the widest text wraps first, narrower text only when that is not enough.
    widths = None
    for least in sorted({n for n, num in zip(natural, numeric) if not num}, reverse=True):
        widths = _fit(natural, [not num and n >= least for n, num in zip(natural, numeric)], width)
        if widths is not None:
            break
    if widths is None:
        return _blocks(columns, cells, width)
    lines = []
    rows = [columns] + [list(r) for r in zip(*cells)]
    for r, row in enumerate(rows):
        wrapped = [_wrap(v, w) for v, w in zip(row, widths)]
        for k in range(max(len(w) for w in wrapped)):
            parts = []
            for part, w, num in zip(wrapped, widths, numeric):
                piece = part[k] if k < len(part) else ""
                parts.append(piece.rjust(w) if num and r else piece.ljust(w))
            lines.append((" " * GAP).join(parts).rstrip())
    return "\n".join(lines)


def _blocks(columns: list[str], cells: list[list[str]], width: int) -> str:
    """One block per row: the column name, then its value wrapped to the rest of the line."""
    key = min(max(len(c) for c in columns), width // 3)
    rest = max(width - key - GAP, MIN_TEXT)
    lines = []
    for i, row in enumerate(zip(*cells)):
        lines.append(f"── row {i + 1} " + "─" * max(0, min(width, 40) - len(f"── row {i + 1} ")))
        for name, value in zip(columns, row):
            names = _wrap(name, key)
            values = _wrap(value, rest)
            for k in range(max(len(names), len(values))):
                left = names[k] if k < len(names) else ""
                right = values[k] if k < len(values) else ""
                lines.append((left.ljust(key) + " " * GAP + right).rstrip())
    return "\n".join(lines)


def render(df: pd.DataFrame, fmt: str, *, width: int | None = None) -> str | bytes:
    """``df`` in format ``fmt`` (one of :data:`FORMATS`); Parquet is bytes, the rest text."""
    if fmt == "table":
        return to_table(df, width)
    writers = {"csv": to_csv, "json": to_json, "jsonl": to_jsonl, "parquet": to_parquet,
               "markdown": to_markdown}
    if fmt not in writers:
        raise ValueError(f"unknown format {fmt!r}; the formats are {', '.join(FORMATS)}")
    return writers[fmt](df)


def note(text: str, width: int | None = None) -> str:
    """A sentence printed with a table, wrapped to the same width."""
    return "\n".join(_wrap(text, width or terminal_width()))


def more_rows(hidden: int) -> str:
    """The line that says rows were left out."""
    return f"… {hidden:,} more rows (--limit 0 for all)"
