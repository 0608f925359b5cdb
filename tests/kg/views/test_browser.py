"""Each view and the report in real headless Chromium (Debian's, driven by Playwright), opened
from file:// with every other request refused.

Chromium must be installed (Debian's ``chromium``); without it these tests fail, never skip.
Screenshots go to a temporary folder, or to $ACUKG_TEST_ARTIFACTS for a person to look at.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from acukg.report import write_report
from kg.views import view_spec, write_html
from tests.pages import open_page
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


STABLE = "window.acukg && window.acukg.stabilized"


def open_view(page, path):
    return open_page(page, path, wait_for=STABLE)


def assert_clean(opened):
    assert opened.errors == []
    assert opened.dialogs == []
    assert opened.evaluate("typeof window.__pwned") == "undefined"
    assert [u for u in opened.requests if not u.startswith("file://")] == []


@pytest.mark.parametrize("view", list(VIEWS))
def test_view_opens_offline_draws_everything_and_settles(view, tiny, page, artifacts, tmp_path):
    path = write_html(tiny, view, tmp_path / f"{view}.html", **VIEWS[view])
    spec = view_spec(tiny, view, **VIEWS[view])
    opened = open_view(page, path)
    assert opened.evaluate(COUNTS) == [len(spec["nodes"]), len(spec["edges"])]
    assert opened.evaluate("acukg.network.physics.physicsEnabled") is False
    assert opened.requests == [path.resolve().as_uri()]
    assert_clean(opened)
    opened.screenshot(artifacts / f"{view}.png")


def test_hostile_work_title_shows_literally_in_tooltip_and_details(tiny, page, artifacts, tmp_path):
    path = write_html(tiny, "claims", tmp_path / "claims.html")
    opened = open_view(page, path)
    for attempt in range(5):  # a busy machine can drop the first hover: move again
        x, y = opened.evaluate(CENTRE_OF % "work:W9")
        page.mouse.move(x + attempt % 2, y)
        try:
            opened.wait_for("!document.getElementById('acukg-tip').hidden", timeout=8)
            break
        except PlaywrightTimeout:
            if attempt == 4:
                raise
    tip = opened.evaluate("document.getElementById('acukg-tip').textContent")
    assert ALERT in tip and BREAKOUT in tip
    page.mouse.click(x, y)
    opened.wait_for("document.getElementById('acukg-details').textContent.includes('Journal') "
                    "|| document.getElementById('acukg-details').textContent.includes('onerror')")
    details = opened.evaluate("document.getElementById('acukg-details').textContent")
    assert EVIL in details  # title, venue and authors: literal text
    assert opened.evaluate("document.querySelectorAll('#acukg-details *').length") > 3
    assert opened.evaluate(
        "document.querySelectorAll('#acukg-details img, #acukg-details script, #acukg-details svg,"
        " #acukg-tip img, #acukg-tip svg').length") == 0
    assert opened.evaluate("document.querySelector('#acukg-details a').href") == "https://doi.org/10.5555/w9"
    opened.screenshot(artifacts / "hostile-details.png")
    # the claim with hostile text, through the details panel (what a click shows)
    assert opened.evaluate("acukg.showDetails('claim:evil-01', false)") is True
    assert EVIL in opened.evaluate("document.getElementById('acukg-details').textContent")
    assert_clean(opened)


def test_filters_and_search_in_the_page(tiny, page, tmp_path):
    path = write_html(tiny, "evidence", tmp_path / "evidence.html")
    opened = open_view(page, path)
    shown = lambda: opened.evaluate("acukg.shown")  # noqa: E731
    opened.evaluate("acukg.applyFilters()")
    assert shown() == {"nodes": 7, "edges": 4}
    # untick animal studies: the two animal-only associations and their lone ends go
    opened.evaluate("document.querySelector('input.acukg-design[value=animal]').click()")
    assert shown() == {"nodes": 4, "edges": 2}
    assert opened.evaluate("acukg.nodes.get('acupoint:st36').hidden") is True
    # years 2016 on keep only the IL-10 association (2016-2019)
    opened.evaluate("const f = document.getElementById('acukg-year-from'); f.value = 2016;"
                    "f.dispatchEvent(new Event('change'))")
    assert shown() == {"nodes": 2, "edges": 1}
    opened.evaluate("document.getElementById('acukg-reset').click()")
    assert shown() == {"nodes": 7, "edges": 4}
    opened.evaluate("const m = document.getElementById('acukg-min-studies'); m.value = 2;"
                    "m.dispatchEvent(new Event('change'))")
    assert shown() == {"nodes": 4, "edges": 2}  # the two 2-study edges
    opened.evaluate("document.getElementById('acukg-reset').click()")
    opened.evaluate("document.querySelector('input.acukg-kind[value=condition]').click()")
    assert shown() == {"nodes": 4, "edges": 2}  # EA-BDNF, ST36-GABA
    opened.evaluate("document.getElementById('acukg-reset').click()")
    assert opened.evaluate("acukg.search('sciatic')") == ["condition:sciatic-nerve-injury"]
    assert opened.evaluate("acukg.network.getSelectedNodes()") == ["condition:sciatic-nerve-injury"]
    assert "sciatic nerve injury" in opened.evaluate("document.getElementById('acukg-details').textContent")
    assert opened.evaluate("acukg.search('no such thing')") == []
    assert_clean(opened)


def test_a_large_citation_view_stabilises_then_stops_physics(page, artifacts, tmp_path):
    G = random_graph(1500, seed=5)
    path = write_html(G, "citations", tmp_path / "big.html", max_nodes=800)
    opened = open_view(page, path)
    assert opened.evaluate(COUNTS)[0] == 800
    assert opened.evaluate("acukg.network.physics.physicsEnabled") is False
    positions = opened.evaluate("JSON.stringify(acukg.network.getPositions(['work:W0']))")
    page.wait_for_timeout(500)
    assert opened.evaluate("JSON.stringify(acukg.network.getPositions(['work:W0']))") == positions
    assert "left out 700 works" in opened.evaluate("document.body.innerText")
    assert_clean(opened)
    opened.screenshot(artifacts / "citations-800.png")


def test_report_opens_offline_and_shows_hostile_text_literally(tiny, page, context, artifacts, tmp_path):
    index = write_report(tiny, tmp_path / "report", ingest_manifest={"title": EVIL, "api_key": "k3y"})
    opened = open_page(page, index)
    page.wait_for_load_state("load")
    text = opened.evaluate("document.body.innerText")
    assert EVIL in text and "k3y" not in text and "SYNTHETIC DATA" in text
    assert opened.evaluate("document.scripts.length") == 0
    assert opened.evaluate("document.images.length") == 3
    assert opened.evaluate("Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)")
    assert_clean(opened)
    opened.screenshot(artifacts / "report.png")
    links = opened.evaluate("Array.from(document.querySelectorAll('ul.views a')).map(a => a.href)")
    assert len(links) == 4
    for link in links:  # every linked view opens and settles
        view = open_view(context.new_page(), link)
        assert_clean(view)
        view.page.close()


def test_views_of_the_synthetic_demo_graph(synthetic_graph, context, artifacts, tmp_path):
    for view in ("evidence", "citations", "claims"):
        spec = view_spec(synthetic_graph, view)
        assert spec["nodes"] and spec["edges"]
        path = write_html(synthetic_graph, view, tmp_path / f"{view}.html")
        opened = open_view(context.new_page(), path)
        assert opened.evaluate(COUNTS) == [len(spec["nodes"]), len(spec["edges"])]
        assert opened.evaluate("acukg.network.physics.physicsEnabled") is False
        assert_clean(opened)
        opened.screenshot(artifacts / f"demo-{view}.png")
        opened.page.close()
