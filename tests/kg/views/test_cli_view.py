"""``acukg view …``: each subcommand writes its file from the saved graph; errors are one line."""

from __future__ import annotations

import pytest

from acukg.cli import main
from kg.settings import Settings
from tests.kg.views.graphs import tiny_graph


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    from kg.store import save

    data = tmp_path_factory.mktemp("data")
    save(tiny_graph(synthetic=True), Settings.from_env({}, data_dir=data).graph_dir)
    return data


def run(capsys, *argv):
    with pytest.raises(SystemExit) as exc:
        main(["view", *argv])
        raise SystemExit(0)
    out = capsys.readouterr()
    return exc.value.code or 0, out.out, out.err


@pytest.mark.parametrize(
    "argv, written",
    [
        (["evidence", "--min-studies", "2"], "evidence.html"),
        (["evidence", "--max-edges", "3"], "evidence.html"),
        (["citations", "--max-nodes", "5"], "citations.html"),
        (["claims"], "claims.html"),
        (["ego", "BDNF", "--radius", "2"], "ego-bdnf.html"),
        (["ego", "W1"], "ego-w1.html"),
    ],
)
def test_view_commands_write_into_the_report_folder(capsys, data_dir, argv, written):
    code, out, err = run(capsys, *argv, "--data", str(data_dir))
    path = data_dir / "report" / written
    assert code == 0, err
    assert path.is_file() and f"Wrote {path}" in out
    assert "Synthetic data" in out


@pytest.mark.slow
def test_out_option_and_plots(capsys, data_dir, tmp_path):
    code, out, err = run(capsys, "evidence", "--data", str(data_dir), "--out", str(tmp_path / "e.html"))
    assert code == 0 and (tmp_path / "e.html").is_file()
    code, out, err = run(capsys, "plots", "--data", str(data_dir), "--out", str(tmp_path / "p"))
    assert code == 0 and len(list((tmp_path / "p").iterdir())) == 6


@pytest.mark.slow
def test_report_command_shows_the_build_manifest(capsys, data_dir):
    code, out, err = run(capsys, "report", "--data", str(data_dir), "--quiet")
    index = data_dir / "report" / "index.html"
    assert code == 0 and out.strip() == f"Wrote {index}"
    html = index.read_text()
    assert "Build manifest" in html and "acukg_version" in html


def test_errors_are_one_line(capsys, data_dir, tmp_path):
    code, out, err = run(capsys, "ego", "moonlight", "--data", str(data_dir))
    assert code == 1 and err.startswith("acukg: error:") and "moonlight" in err
    assert len(err.strip().splitlines()) == 1
    code, out, err = run(capsys, "evidence", "--data", str(tmp_path / "nothing"))
    assert code == 1 and err.startswith("acukg: error:")


@pytest.mark.browser
def test_screenshot_command(capsys, data_dir, tmp_path):
    run(capsys, "claims", "--data", str(data_dir))
    png = tmp_path / "claims.png"
    code, out, err = run(capsys, "screenshot", str(data_dir / "report" / "claims.html"),
                         "--out", str(png), "--width", "900", "--height", "700")
    assert code == 0, err
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_evidence_max_edges_reaches_the_page(capsys, data_dir, tmp_path):
    from tests.kg.views.pages import json_block

    code, out, err = run(capsys, "evidence", "--data", str(data_dir), "--max-edges", "2",
                         "--out", str(tmp_path / "e.html"))
    assert code == 0, err
    html = (tmp_path / "e.html").read_text()
    assert len(json_block(html, "acukg-edges")) == 2
    assert "Showing the 2 strongest of 4 associations" in html and "--max-edges 4 draws all" in html
    code, out, err = run(capsys, "evidence", "--data", str(data_dir), "--max-edges", "0")
    assert code == 2 and "--max-edges" in err
