"""acukg.tables: text wraps instead of being cut, no line is wider than asked, JSON is strict."""

import json

import numpy as np
import pandas as pd

from acukg.tables import MISSING, more_rows, to_json, to_jsonl, to_table


def test_long_text_wraps_whole_within_the_width():
    sentence = "Electroacupuncture at ST36 increased BDNF and reduced IL-6 in rats with sciatic nerve injury."
    df = pd.DataFrame({"work": ["work:W1", "work:W2"], "studies": [3, 12], "sentence": [sentence, "short"]})
    out = to_table(df, width=50)
    assert max(map(len, out.splitlines())) <= 50
    assert " ".join(out.split()).count("sciatic nerve injury.") == 1  # every word is there, in order
    assert out.splitlines()[1].split()[:2] == ["work:W1", "3"]  # numbers are not wrapped


def test_too_many_columns_become_one_block_per_row():
    df = pd.DataFrame({f"column_{i}": [f"value {i}"] for i in range(20)})
    out = to_table(df, width=40)
    assert out.startswith("── row 1") and max(map(len, out.splitlines())) <= 40
    assert "column_19  value 19" in out


def test_missing_values_and_strict_json():
    df = pd.DataFrame({"a": [1.5, np.nan, np.inf], "b": [None, "x", pd.NA], "c": [["p", "q"], [], None]})
    assert json.loads(to_json(df), parse_constant=lambda c: 1 / 0) == [
        {"a": 1.5, "b": None, "c": "p; q"}, {"a": None, "b": "x", "c": ""}, {"a": None, "b": None, "c": None}]
    assert [json.loads(line) for line in to_jsonl(df).splitlines()][1] == {"a": None, "b": "x", "c": ""}
    table = to_table(df, width=80).splitlines()
    assert table[2].split()[0] == MISSING and table[1].split()[1] == MISSING
    assert more_rows(1234) == "… 1,234 more rows (--limit 0 for all)"
