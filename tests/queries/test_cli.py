"""``acukg query``: each subcommand prints what its library helper returns, in every format."""

import io
import json

import pandas as pd
import pytest
from click.testing import CliRunner
from pandas.testing import assert_frame_equal

import kg
import queries
from acukg.cli import cli, main
from acukg.tables import render, to_markdown as markdown
from tests.queries.graphs import tiny


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    """A data directory holding the tiny graph saved through kg.save."""
    root = tmp_path_factory.mktemp("data")
    G = tiny()
    G.graph["synthetic"] = True
    kg.save(G, root / "graph")
    return root


@pytest.fixture(scope="module")
def G(data_dir):
    return kg.load(data_dir / "graph")


def run(data_dir, *args):
    result = CliRunner().invoke(cli, ["query", *args, "--data", str(data_dir)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def nulls_as_none(df):
    return df.astype(object).where(df.notna(), None)


def records(df):
    """What the JSON output should decode to: lists joined by '; ', missing values null."""
    return json.loads(render(df, "json"))


@pytest.mark.parametrize(
    "args, call",
    [
        (["evidence", "-m", "BDNF", "-c", "neuropathic pain", "--species", "animal"],
         lambda G: queries.evidence(G, mechanism="BDNF", condition="neuropathic pain", species=["animal"])),
        (["evidence", "-m", "BDNF", "--design", "rct", "--design", "systematic_review", "--since", "2016"],
         lambda G: queries.evidence(G, mechanism="BDNF", design=["rct", "systematic_review"], since=2016)),
        (["mechanisms", "neuropathic pain"], lambda G: queries.mechanisms_for(G, "neuropathic pain")),
        (["mechanisms", "sciatic nerve injury", "--exact"],
         lambda G: queries.mechanisms_for(G, "sciatic nerve injury", exact=True)),
        (["conditions", "neurotrophins"], lambda G: queries.conditions_for(G, "neurotrophins")),
        (["evidence", "-m", "neurotrophins", "-c", "peripheral nerve injury"],
         lambda G: queries.evidence(G, mechanism="neurotrophins", condition="peripheral nerve injury")),
        (["conditions", "BDNF"], lambda G: queries.conditions_for(G, "BDNF")),
        (["claims"], queries.claims_audit),
        (["chains", "EA", "neuropathic pain", "--max-len", "2"], lambda G: queries.chains(G, "EA", "neuropathic pain", max_len=2)),
        (["gaps"], queries.gaps),
        (["timeline", "BDNF"], lambda G: queries.timeline(G, "BDNF")),
        (["references", "W4"], lambda G: queries.references(G, "W4")),
        (["cited-by", "work:W1"], lambda G: queries.cited_by(G, "W1")),
        (["most-cited", "-n", "2"], lambda G: queries.most_cited(G, n=2)),
        (["central", "-n", "3"], lambda G: queries.central_works(G, n=3)),
        (["cocited", "--min-count", "1"], lambda G: queries.co_cited(G, min_count=1)),
        (["coupled"], queries.coupled),
        (["communities", "--min-size", "1"], lambda G: queries.communities(G, min_size=1)),
    ],
)
def test_json_output_is_the_helpers_frame(data_dir, G, args, call):
    expected = call(G)
    assert len(expected)  # every case has rows to compare
    got = json.loads(run(data_dir, *args, "--format", "json"))
    assert got == records(expected)
    assert [list(r) for r in got][0] == [str(c) for c in expected.columns]


def test_csv_output_reads_back_as_the_helpers_frame(data_dir, G):
    got = pd.read_csv(io.StringIO(run(data_dir, "mechanisms", "neuropathic pain", "--format", "csv")))
    expected = queries.mechanisms_for(G, "neuropathic pain")
    expected["via"] = ["; ".join(v) or None for v in expected["via"]]  # lists print joined
    assert_frame_equal(nulls_as_none(got), nulls_as_none(expected), check_dtype=False)


def test_matrix_csv_keeps_the_row_labels(data_dir, G):
    got = pd.read_csv(io.StringIO(run(data_dir, "matrix", "--value", "score", "--format", "csv")), index_col=0)
    expected = queries.evidence_matrix(G, value="score")
    assert_frame_equal(got, expected, check_names=False, check_column_type=False, check_index_type=False)


def test_limit_and_table(data_dir, G):
    out = run(data_dir, "evidence", "-m", "BDNF", "--limit", "2")
    lines = out.splitlines()
    assert lines[0].startswith("Synthetic data")  # the table says what it is built from
    assert lines[1].split()[:3] == ["work", "year", "design"]  # the table's default columns
    rows = [line.split()[0] for line in lines[2:] if line.startswith("work:")]
    assert rows == ["work:W4", "work:W5"]
    assert lines[-1].startswith("… ") and lines[-1].endswith(" more rows (--limit 0 for all)")


def test_markdown(data_dir):
    out = run(data_dir, "timeline", "BDNF", "--format", "markdown", "--limit", "1")
    assert out.splitlines() == [
        "| year | studies | cumulative | human | animal | other |",
        "|---|---|---|---|---|---|",
        "| 2012 | 1 | 1 | 0 | 1 | 0 |",
    ]
    assert markdown(pd.DataFrame({"a|b": ["x|y", None]})).splitlines()[2:] == ["| x\\|y |", "|  |"]


def test_empty_result(data_dir):
    assert run(data_dir, "mechanisms", "stroke").startswith("Synthetic data")
    assert "(no rows; columns: label, score" in run(data_dir, "mechanisms", "stroke")


def test_unknown_concept_is_one_line_and_exit_1(data_dir, capsys):
    with pytest.raises(SystemExit) as info:
        main(["query", "mechanisms", "nueropathic pain", "--data", str(data_dir)])
    assert info.value.code == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("acukg: error: unknown concept 'nueropathic pain'; did you mean")
    assert "'neuropathic pain' (condition:neuropathic-pain)" in err[0]


def test_unknown_work_and_missing_graph(tmp_path, data_dir, capsys):
    with pytest.raises(SystemExit) as info:
        main(["query", "references", "W99", "--data", str(data_dir)])
    assert info.value.code == 1
    assert capsys.readouterr().err.strip() == "acukg: error: work 'W99' is not in the graph"
    with pytest.raises(SystemExit) as info:
        main(["query", "gaps", "--data", str(tmp_path)])
    assert info.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith(f"acukg: error: no saved graph in {tmp_path}")
    assert "--data" in err and "ACUKG_DATA" in err


def test_help_lists_every_subcommand():
    out = CliRunner().invoke(cli, ["query", "--help"]).output
    for name in ("evidence", "mechanisms", "conditions", "matrix", "claims", "central", "cocited",
                 "timeline", "chains", "gaps", "references", "cited-by", "most-cited", "communities", "coupled"):
        assert f"  {name}" in out


def test_columns(data_dir):
    out = run(data_dir, "claims", "--columns", "claim,verdict", "--format", "csv")
    assert out.splitlines()[:3] == ["claim,verdict", "claim:s1-01,contested", "claim:s1-02,supported_animal_only"]
    # the table: verdict, works on point and mentioning the object, and the whole claim, wrapped
    out = run(data_dir, "claims", "--limit", "0")
    assert out.splitlines()[1].split() == ["verdict", "n_on_point", "n_mention_object", "text"]
    assert "acupuncture increases BDNF" in out and max(map(len, out.splitlines())) <= 100
    result = CliRunner().invoke(cli, ["query", "gaps", "--columns", "verdict", "--data", str(data_dir)])
    assert result.exit_code == 2 and "no column verdict; the columns are mechanism" in result.output


def test_help_lists_the_columns():
    out = CliRunner().invoke(cli, ["query", "evidence", "--help"], terminal_width=200).output
    assert "Columns: work, doi, title, year" in out and "--columns all" in out


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_is_strict(data_dir, fmt):
    out = run(data_dir, "claims", "--format", fmt)
    text = out if fmt == "json" else "[" + ",".join(out.splitlines()) + "]"
    rows = json.loads(text, parse_constant=lambda c: pytest.fail(f"non-standard JSON constant {c}"))
    assert rows and any(v is None for r in rows for v in r.values())  # missing values are there, as null


def test_parquet_reads_back(data_dir, G, tmp_path):
    out = tmp_path / "gaps.parquet"
    result = CliRunner().invoke(cli, ["query", "gaps", "--format", "parquet", "--out", str(out), "--data", str(data_dir)])
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.output
    assert_frame_equal(nulls_as_none(pd.read_parquet(out)), nulls_as_none(queries.gaps(G)), check_dtype=False)


def test_limit_zero_prints_every_row(data_dir, G):
    out = run(data_dir, "evidence", "--limit", "0", "--format", "csv")
    assert len(pd.read_csv(io.StringIO(out))) == len(queries.evidence(G))


@pytest.mark.parametrize("args", [["evidence"], ["mechanisms", "neuropathic pain"], ["claims"],
                                  ["claims", "--columns", "all"], ["matrix"]])
def test_tables_fit_the_width(data_dir, args):
    for width in (100, 60):
        result = CliRunner().invoke(cli, ["query", *args, "--data", str(data_dir)], env={"COLUMNS": str(width)})
        assert result.exit_code == 0, result.output
        lines = result.stdout.splitlines()
        assert len(lines) > 2 and max(map(len, lines)) <= width


def test_missing_values_print_the_same_everywhere(data_dir):
    from acukg.tables import MISSING

    for args in (["evidence", "--columns", "work,direction"], ["gaps", "--columns", "mechanism,direction"]):
        cells = {line.split()[-1] for line in run(data_dir, *args, "--limit", "0").splitlines()[2:]}
        assert "None" not in cells and "nan" not in cells and "" not in cells
    assert MISSING in run(data_dir, "evidence", "--columns", "work,direction", "--limit", "0")
