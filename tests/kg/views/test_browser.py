"""Each view and the report in real headless Chromium, opened from file:// with networking off.

Chromium must be installed (Debian's ``chromium``); without it these tests fail, never skip.
Screenshots go to a temporary folder, or to $ACUKG_TEST_ARTIFACTS for a person to look at.
"""

from __future__ import annotations

import pytest

from acukg.report import write_report
from kg.views import view_spec, write_html
from kg.views.browser import BrowserError
from tests.kg.views.graphs import ALERT, BREAKOUT, EVIL, random_graph

VIEWS = {
    "evidence": {},
    "citations": {},
    "ego": {"center": "IL-10"},
    "claims": {},
}
COUNTS = "[acukg.network.body.data.nodes.length, acukg.network.body.data.edges.length]"
CENTRE_OF = """(() => {
  document.getElementById("mynetwork").scrollIntoView();
  const n = acukg.network, id = %r;
  const d = n.canvasToDOM(n.getPositions([id])[id]);
  const r = document.getElementById("mynetwork").getBoundingClientRect();
  return [d.x + r.left, d.y + r.top];
})()"""


def open_view(chromium, path):
    page = chromium.open(path)
    page.wait_for("window.acukg && window.acukg.stabilized", timeout=60)
    return page


def assert_clean(page):
    assert page.errors == []
    assert page.dialogs == []
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert [u for u in page.requests if not u.startswith("file://")] == []


@pytest.mark.parametrize("view", list(VIEWS))
def test_view_opens_offline_draws_everything_and_settles(view, tiny, chromium, artifacts, tmp_path):
    path = write_html(tiny, view, tmp_path / f"{view}.html", **VIEWS[view])
    spec = view_spec(tiny, view, **VIEWS[view])
    page = open_view(chromium, path)
    try:
        assert page.evaluate(COUNTS) == [len(spec["nodes"]), len(spec["edges"])]
        assert page.evaluate("acukg.network.physics.physicsEnabled") is False
        assert page.requests == [path.resolve().as_uri()]
        assert_clean(page)
        page.screenshot(artifacts / f"{view}.png")
    finally:
        page.close()


def test_hostile_work_title_shows_literally_in_tooltip_and_details(tiny, chromium, artifacts, tmp_path):
    path = write_html(tiny, "claims", tmp_path / "claims.html")
    page = open_view(chromium, path)
    try:
        for attempt in range(5):  # a busy machine can drop the first hover: move again
            x, y = page.evaluate(CENTRE_OF % "work:W9")
            page.hover(x + attempt % 2, y)
            try:
                page.wait_for("!document.getElementById('acukg-tip').hidden", timeout=8)
                break
            except BrowserError:
                if attempt == 4:
                    raise
        tip = page.evaluate("document.getElementById('acukg-tip').textContent")
        assert ALERT in tip and BREAKOUT in tip
        page.click(x, y)
        page.wait_for("document.getElementById('acukg-details').textContent.includes('Journal') "
                      "|| document.getElementById('acukg-details').textContent.includes('onerror')")
        details = page.evaluate("document.getElementById('acukg-details').textContent")
        assert EVIL in details  # title, venue and authors: literal text
        assert page.evaluate("document.querySelectorAll('#acukg-details *').length") > 3
        assert page.evaluate(
            "document.querySelectorAll('#acukg-details img, #acukg-details script, #acukg-details svg,"
            " #acukg-tip img, #acukg-tip svg').length") == 0
        assert page.evaluate(
            "document.querySelector('#acukg-details a').href") == "https://doi.org/10.5555/w9"
        page.screenshot(artifacts / "hostile-details.png")
        # the claim with hostile text, through the details panel (what a click shows)
        assert page.evaluate("acukg.showDetails('claim:evil-01', false)") is True
        assert EVIL in page.evaluate("document.getElementById('acukg-details').textContent")
        assert_clean(page)
    finally:
        page.close()


def test_filters_and_search_in_the_page(tiny, chromium, tmp_path):
    path = write_html(tiny, "evidence", tmp_path / "evidence.html")
    page = open_view(chromium, path)
    try:
        page.evaluate("acukg.applyFilters()")
        assert page.evaluate("acukg.shown") == {"nodes": 7, "edges": 4}
        # untick animal studies: the two animal-only associations and their lone ends go
        page.evaluate("document.querySelector('input.acukg-design[value=animal]').click()")
        assert page.evaluate("acukg.shown") == {"nodes": 4, "edges": 2}
        assert page.evaluate("acukg.nodes.get('acupoint:st36').hidden") is True
        # years 2016 on keep only the IL-10 association (2016-2019)
        page.evaluate("const f = document.getElementById('acukg-year-from'); f.value = 2016;"
                      "f.dispatchEvent(new Event('change'))")
        assert page.evaluate("acukg.shown") == {"nodes": 2, "edges": 1}
        page.evaluate("document.getElementById('acukg-reset').click()")
        assert page.evaluate("acukg.shown") == {"nodes": 7, "edges": 4}
        page.evaluate("const m = document.getElementById('acukg-min-studies'); m.value = 2;"
                      "m.dispatchEvent(new Event('change'))")
        assert page.evaluate("acukg.shown") == {"nodes": 4, "edges": 2}  # the two 2-study edges
        page.evaluate("document.getElementById('acukg-reset').click()")
        page.evaluate("document.querySelector('input.acukg-kind[value=condition]').click()")
        assert page.evaluate("acukg.shown") == {"nodes": 4, "edges": 2}  # EA-BDNF, ST36-GABA
        page.evaluate("document.getElementById('acukg-reset').click()")
        assert page.evaluate("acukg.search('sciatic')") == ["condition:sciatic-nerve-injury"]
        assert page.evaluate("acukg.network.getSelectedNodes()") == ["condition:sciatic-nerve-injury"]
        assert "sciatic nerve injury" in page.evaluate("document.getElementById('acukg-details').textContent")
        assert page.evaluate("acukg.search('no such thing')") == []
        assert_clean(page)
    finally:
        page.close()


def test_a_large_citation_view_stabilises_then_stops_physics(chromium, artifacts, tmp_path):
    G = random_graph(1500, seed=5)
    path = write_html(G, "citations", tmp_path / "big.html", max_nodes=800)
    page = open_view(chromium, path)
    try:
        assert page.evaluate(COUNTS)[0] == 800
        assert page.evaluate("acukg.network.physics.physicsEnabled") is False
        positions = page.evaluate("JSON.stringify(acukg.network.getPositions(['work:W0']))")
        chromium.pump(0.5)
        assert page.evaluate("JSON.stringify(acukg.network.getPositions(['work:W0']))") == positions
        assert "left out 700 works" in page.evaluate("document.body.innerText")
        assert_clean(page)
        page.screenshot(artifacts / "citations-800.png")
    finally:
        page.close()


def test_report_opens_offline_and_shows_hostile_text_literally(tiny, chromium, artifacts, tmp_path):
    index = write_report(tiny, tmp_path / "report", ingest_manifest={"title": EVIL, "api_key": "k3y"})
    page = chromium.open(index)
    try:
        chromium.pump(0.3)
        text = page.evaluate("document.body.innerText")
        assert EVIL in text and "k3y" not in text and "SYNTHETIC DATA" in text
        assert page.evaluate("document.scripts.length") == 0
        assert page.evaluate("document.images.length") == 3
        assert page.evaluate("Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)")
        assert_clean(page)
        page.screenshot(artifacts / "report.png")
        links = page.evaluate("Array.from(document.querySelectorAll('ul.views a')).map(a => a.href)")
        assert len(links) == 4
        for link in links:  # every linked view opens and settles
            view = chromium.open(link)
            try:
                view.wait_for("window.acukg && window.acukg.stabilized", timeout=60)
                assert_clean(view)
            finally:
                view.close()
    finally:
        page.close()


def test_views_of_the_synthetic_demo_graph(synthetic_graph, chromium, artifacts, tmp_path):
    for view in ("evidence", "citations", "claims"):
        spec = view_spec(synthetic_graph, view)
        assert spec["nodes"] and spec["edges"]
        path = write_html(synthetic_graph, view, tmp_path / f"{view}.html")
        page = open_view(chromium, path)
        try:
            assert page.evaluate(COUNTS) == [len(spec["nodes"]), len(spec["edges"])]
            assert page.evaluate("acukg.network.physics.physicsEnabled") is False
            assert_clean(page)
            page.screenshot(artifacts / f"demo-{view}.png")
        finally:
            page.close()
