"""write_html: self-contained pages, record text escaped, data embedded as safe JSON."""

from __future__ import annotations

import re

import pytest

from kg.errors import AcukgError
from kg.views import view_spec, write_html
from kg.views.html import render
from tests.kg.views.graphs import ALERT, BREAKOUT, EVIL_ID
from tests.kg.views.pages import external_refs, json_block, parse

VIEWS = [("evidence", {}), ("citations", {}), ("ego", {"center": "IL-10"}), ("claims", {}),
         ("ego", {"center": EVIL_ID})]


@pytest.fixture(scope="module")
def pages(tiny, tmp_path_factory):
    out = tmp_path_factory.mktemp("views")
    written = {}
    for i, (view, options) in enumerate(VIEWS):
        path = write_html(tiny, view, out / f"{i}-{view}.html", **options)
        written[(view, str(options))] = (path.read_text(encoding="utf-8"), view_spec(tiny, view, **options))
    return written


def test_the_checker_catches_what_pyvis_loads_from_cdns(tmp_path):
    from pyvis.network import Network

    net = Network(cdn_resources="in_line")
    net.add_node(1)
    refs = external_refs(net.generate_html())
    assert any("bootstrap" in r for r in refs)
    assert external_refs('<style>@import url("https://x.org/a.css");</style>')
    assert external_refs('<div style="background: url(//x.org/a.png)"></div>')
    assert not external_refs('<a href="https://doi.org/10.5555/x">doi</a>')


def test_views_reference_nothing_external(pages):
    for html, _ in pages.values():
        assert external_refs(html) == []


def test_vis_network_is_embedded_from_pyvis(pages):
    html, _ = next(iter(pages.values()))
    scripts = [text for tag, attrs, text in parse(html).blocks if tag == "script" and not attrs.get("type")]
    assert len(scripts) == 2 and "vis-network" in scripts[0][:2000] and len(scripts[0]) > 400_000


def test_hostile_text_never_becomes_markup(pages):
    for html, _ in pages.values():
        assert ALERT not in html and "<img" not in html
        assert BREAKOUT not in html
        assert "<svg onload" not in html and "\\u003cimg src=x onerror=alert(1)\\u003e" in html
        # one </script> per script element: no record text closed one early
        page = parse(html)
        assert html.count("</script>") == sum(1 for t, _ in page.tags if t == "script")
        assert "<!--" not in html.split("<body>", 1)[1]


def test_embedded_json_round_trips_the_spec(pages):
    for html, spec in pages.values():
        assert json_block(html, "acukg-nodes") == spec["nodes"]
        assert json_block(html, "acukg-edges") == spec["edges"]
        meta = json_block(html, "acukg-meta")
        assert meta["options"]["layout"]["randomSeed"] == 7
        assert meta["options"]["physics"]["stabilization"]["iterations"] == spec["layout"]["iterations"]


def test_heading_notes_and_legend_are_escaped(pages):
    html, spec = pages[("ego", str({"center": EVIL_ID}))]
    assert spec["title"].startswith("Neighbourhood of <img")
    escaped = "Neighbourhood of &lt;img src=x onerror=alert(1)&gt;"
    assert f"<h1>{escaped}" in html and f"<title>{escaped}" in html
    # the claim view's legend and notes come from the spec as text too
    html, spec = pages[("claims", "{}")]
    for section in spec["legend"]:
        assert section["title"].replace("'", "&#39;") in html


def test_nodes_carry_no_vis_title_so_pyvis_never_switches_to_raw_html(pages, tiny):
    for html, spec in pages.values():
        assert all("title" not in n for n in spec["nodes"])
        assert "div.popup" not in html  # pyvis's raw-HTML tooltip template is not in the page
    spec = view_spec(tiny, "citations")
    spec["nodes"][0]["info"]["title"] = '<a href="javascript:alert(1)">x</a>'
    html = render(spec)
    assert 'href="javascript' not in html and "\\u003ca href=" in html


def test_synthetic_banner(tiny):
    from tests.kg.views.graphs import tiny_graph

    assert "SYNTHETIC DATA" in render(view_spec(tiny, "evidence"))
    assert "SYNTHETIC DATA" not in render(view_spec(tiny_graph(), "evidence"))


def test_write_html_refuses_other_names_and_keeps_old_file_on_failure(tiny, tmp_path):
    with pytest.raises(AcukgError, match=r"\.html"):
        write_html(tiny, "evidence", tmp_path / "evidence.htm")
    path = tmp_path / "sub" / "view.html"
    write_html(tiny, "evidence", path)
    before = path.read_bytes()
    with pytest.raises(AcukgError):
        write_html(tiny, "ego", path, center="moonlight")
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == ["view.html"]


def test_same_graph_same_page(tiny, tmp_path):
    a = write_html(tiny, "claims", tmp_path / "a.html").read_text()
    b = write_html(tiny, "claims", tmp_path / "b.html").read_text()
    assert a == b
    assert re.search(r"vis\.Network", a)


def test_evidence_page_draws_placed_nodes_without_physics(pages):
    html, spec = pages[("evidence", "{}")]
    options = json_block(html, "acukg-meta")["options"]
    assert options["physics"]["enabled"] is False and options["layout"]["improvedLayout"] is False
    assert options["edges"]["smooth"] == {"type": "cubicBezier", "forceDirection": "horizontal", "roundness": 0.5}
    assert options["nodes"]["font"]["size"] == 24 and options["nodes"]["font"]["strokeWidth"] == 5
    nodes = json_block(html, "acukg-nodes")
    assert all({"x", "y", "level"} <= set(n) for n in nodes)
    citations = json_block(pages[("citations", "{}")][0], "acukg-meta")["options"]
    assert citations["physics"]["enabled"] is False  # laid out by year
    claims = json_block(pages[("claims", "{}")][0], "acukg-meta")["options"]
    assert claims["physics"]["enabled"] is False  # a board: articles and their claims in rows
    ego = json_block(pages[("ego", str({"center": "IL-10"}))][0], "acukg-meta")["options"]
    assert ego["physics"]["enabled"] is True and ego["edges"]["smooth"] == {"type": "continuous"}
