"""neo4j-admin CSV export: headers, quoting, array delimiters, and a full read-back."""

from __future__ import annotations

import json

import pytest

from kg.backends.csv_export import export_csv, parse_csv, read_export
from kg.backends.rows import graph_diff
from tests.kg.backends.conftest import NASTY, hand_graph


def test_hand_graph_round_trips_through_the_csvs(tmp_path):
    G = hand_graph()
    files = export_csv(G, tmp_path)
    assert (tmp_path / "README.txt") in files and (tmp_path / "nodes_Work.csv") in files
    H = read_export(tmp_path)
    assert graph_diff(G, H) == []
    assert H.nodes["work:W1"]["title"] == NASTY
    assert H.nodes["work:W1"]["authors"] == ["Smith; J", 'O"Brien', "李"]


@pytest.mark.slow
def test_synthetic_graph_round_trips_through_the_csvs(tmp_path, synthetic_graph):
    export_csv(synthetic_graph, tmp_path)
    assert graph_diff(synthetic_graph, read_export(tmp_path)) == []


def test_headers_follow_neo4j_admin(tmp_path):
    export_csv(hand_graph(), tmp_path)
    header = (tmp_path / "nodes_Work.csv").read_text().splitlines()[0].split(",")
    assert header[:2] == ["id:ID(Work)", ":LABEL"]
    assert {"year:int", "seed:boolean", "authors:string[]", "cited_by_count:int",
            "title:string"} <= set(header)
    rel = (tmp_path / "rels_MENTIONS_Work_Mechanism.csv").read_text().splitlines()[0].split(",")
    assert rel[:4] == [":START_ID(Work)", ":END_ID(Mechanism)", ":TYPE", "key:string"]
    assert "negated:boolean" in rel and "start:int" in rel
    assert (tmp_path / "rels_CITES_Source_Work.csv").exists()


def test_semicolon_in_an_array_element_switches_the_delimiter_and_the_command_says_so(tmp_path):
    export_csv(hand_graph(), tmp_path)
    assert json.loads((tmp_path / "export.json").read_text())["array_delimiter"] == "|"
    readme = (tmp_path / "README.txt").read_text()
    assert "--array-delimiter='|'" in readme
    G = hand_graph()
    G.nodes["work:W1"]["authors"] = ["Smith", "Doe"]
    export_csv(G, tmp_path / "plain")
    assert "--array-delimiter=';'" in (tmp_path / "plain" / "README.txt").read_text()
    assert '"Smith;Doe"' in (tmp_path / "plain" / "nodes_Work.csv").read_text()


def test_readme_holds_the_import_command_with_every_file(tmp_path):
    files = export_csv(hand_graph(), tmp_path)
    readme = (tmp_path / "README.txt").read_text()
    assert "neo4j-admin database import full" in readme and "--multiline-fields=true" in readme
    for path in files:
        if path.suffix == ".csv":
            flag = "--nodes=" if path.name.startswith("nodes_") else "--relationships="
            assert f"{flag}{path.name}" in readme


def test_none_is_an_empty_field_and_the_empty_string_is_quoted(tmp_path):
    G = hand_graph()
    G.nodes["work:W3"]["venue"] = ""
    export_csv(G, tmp_path)
    H = read_export(tmp_path)
    assert H.nodes["work:W3"]["venue"] == "" and H.nodes["work:W3"]["doi"] is None


@pytest.mark.parametrize("text, rows", [
    ('a,"b",,""\n', [["a", "b", None, ""]]),
    ('"x ""y"", z"\n"line\nbreak",\n', [['x "y", z'], ["line\nbreak", None]]),
    ("1,2", [["1", "2"]]),
])
def test_parse_csv(text, rows):
    assert parse_csv(text) == rows
