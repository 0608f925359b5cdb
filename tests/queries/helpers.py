"""Expected DataFrames written out by hand, with the dtypes the helpers document."""

from __future__ import annotations

import pandas as pd


def expect(columns: dict[str, str], rows: list[tuple]) -> pd.DataFrame:
    """A DataFrame of ``rows`` (tuples in column order) with ``columns`` (name -> dtype)."""
    df = pd.DataFrame([list(r) for r in rows], columns=list(columns), dtype=object)
    return df.astype({c: t for c, t in columns.items() if t != "object"})
