"""The run report: numbers, links to every view and plot, escaped audit and manifests."""

from __future__ import annotations

import networkx as nx
import pytest

from acukg.report import _view_plan, redact, render_report, summary, write_report
from tests.kg.views.graphs import ALERT, BREAKOUT, EVIL, tiny_graph
from tests.kg.views.pages import external_refs, parse

INGEST = {
    "run_id": "r1",
    "openalex_url": "http://127.0.0.1:8080",
    "api_key": "sk-live-123",
    "neo4j_uri": "bolt://neo4j:hunter2@db:7687",
    "request": "https://api.openalex.org/works?api_key=abc123&filter=x",
    "nested": {"password": "pw-9", "Authorization": "Bearer t0k"},
    "note": EVIL,
}


@pytest.fixture(scope="module")
def report(tiny, tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    index = write_report(tiny, out, ingest_manifest=INGEST, build_manifest={"counts": {"work": 9}})
    return index, index.read_text(encoding="utf-8")


def test_summary_numbers(tiny):
    facts = summary(tiny)
    cards = dict(facts["cards"])
    assert cards["works"] == 9 and cards["seed works"] == 2 and cards["citations"] == 12
    assert cards["mentions"] == 11 and cards["works with mentions"] == 6
    assert cards["claims"] == 3 and cards["practitioner articles"] == 2
    assert cards["retracted works"] == 1 and cards["associations"] == 4
    breakdowns = dict(facts["breakdowns"])
    assert breakdowns["hop"] == [("hop 0", 2), ("hop 1", 7)]
    assert dict(breakdowns["species"]) == {"human": 4, "rat": 1, "mouse": 1, "unknown": 3}
    assert facts["synthetic"] is True


@pytest.mark.slow
def test_report_links_every_view_and_plot_that_exist(report):
    index, html = report
    hrefs = {attrs["href"] for tag, attrs in parse(html).tags if tag == "a"}
    srcs = {attrs["src"] for tag, attrs in parse(html).tags if tag == "img"}
    assert {"evidence.html", "citations.html", "claims.html", "ego-bdnf.html"} <= hrefs
    for name in ("evidence_heatmap", "studies_per_year", "design_species"):
        assert f"plots/{name}.png" in srcs and f"plots/{name}.svg" in hrefs
    for ref in hrefs | srcs:
        if not ref.startswith(("https://doi.org/", "https://openalex.org/")):  # works' pages
            assert (index.parent / ref).is_file(), ref
    assert external_refs(html) == []


def test_report_escapes_record_text_and_hides_credentials(report):
    _, html = report
    assert ALERT not in html and BREAKOUT not in html and "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    for secret in ("sk-live-123", "hunter2", "abc123", "pw-9", "t0k"):
        assert secret not in html
    assert "bolt://[redacted]@db:7687" in html and "http://127.0.0.1:8080" in html
    assert "<script" not in html


def test_report_has_audit_verdicts_and_synthetic_banner(report):
    _, html = report
    assert "SYNTHETIC DATA" in html
    # verdicts in words, claims by their text, no hash ids
    assert "animal evidence only" in html and "claim:a1-01" not in html
    assert html.count('class="badge v-') >= 3 + 5  # the rows, and the five verdicts explained


def test_real_graph_has_no_banner():
    html = render_report(tiny_graph(), views=[], plots=[])
    assert "SYNTHETIC DATA" not in html and "acukg report" in html


def test_report_of_an_empty_graph():
    G = nx.MultiDiGraph()
    html = render_report(G, views=[], plots=[])
    assert "This graph holds no claims." in html
    assert [v[0] for v in _view_plan(G, 500, {})] == ["evidence", "citations", "claims"]


def test_redact():
    out = redact(INGEST)
    assert out["api_key"] == "[redacted]" and out["nested"]["password"] == "[redacted]"
    assert out["nested"]["Authorization"] == "[redacted]"
    assert out["request"] == "https://api.openalex.org/works?api_key=[redacted]&filter=x"
    assert out["note"] == EVIL and out["run_id"] == "r1"
    assert redact({"api_key": None}) == {"api_key": None}
    assert redact([{"token": "x"}]) == [{"token": "[redacted]"}]
