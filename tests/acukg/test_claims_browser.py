"""The claims audit as a reader sees it, in Debian's headless Chromium (Playwright's ``page``):
the claims view labels every claim legibly with its verdict, and the report's claims table fits
its column. Both on the demo's graph."""

from __future__ import annotations

import pytest

from acukg import claims
from acukg.report import render_report
from kg.views import style, write_html
from tests.demo_graph import demo_graph

pytestmark = pytest.mark.slow  # the demo's graph, in Chromium

#: Smallest on-screen label size (pixels) that counts as readable.
MIN_LABEL_PX = 9

CLAIM_LABELS = """() => {
  const net = acukg.network, scale = net.getScale();
  const box = document.getElementById("mynetwork").getBoundingClientRect();
  return acukg.nodes.get().filter(n => n.kind === "claim").map(n => {
    const p = net.canvasToDOM(net.getPositions([n.id])[n.id]);
    return {id: n.id, label: n.label, verdict: n.verdict, px: n.font.size * scale,
            inside: p.x >= 0 && p.y >= 0 && p.x <= box.width && p.y <= box.height};
  });
}"""


@pytest.fixture(scope="module")
def audit():
    return claims.audit(demo_graph())


def test_claims_view_labels_every_claim_with_its_verdict(page, tmp_path, audit):
    G = demo_graph()
    path = write_html(G, "claims", tmp_path / "claims.html", verdicts=claims.verdicts(audit))
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(path.as_uri())
    page.wait_for_function("window.acukg && window.acukg.stabilized", timeout=60_000)
    page.wait_for_timeout(300)  # the first drawing fits the board
    shown = page.evaluate(CLAIM_LABELS)
    assert len(shown) == len(audit) == 75
    expected = dict(zip(audit["claim"], audit["verdict"]))
    for claim in shown:
        assert claim["label"].strip(), claim
        assert claim["inside"], f"{claim['id']} is outside the first view"
        assert claim["px"] >= MIN_LABEL_PX, f"{claim['id']} label drawn at {claim['px']:.1f} px"
        assert claim["verdict"] == expected[claim["id"]]
    legend = page.inner_text("body")
    assert "Claims by verdict" in legend
    for verdict in set(expected.values()):
        assert style.VERDICT_LABELS[verdict] in legend
    # clicking a claim shows its verdict and the rule in the details panel
    first = shown[0]["id"]
    x, y = page.evaluate("""id => {
      const net = acukg.network, p = net.canvasToDOM(net.getPositions([id])[id]);
      const r = document.getElementById("mynetwork").getBoundingClientRect();
      return [p.x + r.left, p.y + r.top];
    }""", first)
    page.mouse.click(x, y)
    details = page.inner_text("#acukg-details")
    assert "verdict" in details and style.VERDICT_LABELS[expected[first]] in details
    assert style.VERDICT_RULES[expected[first]] in details


def test_report_claims_table_fits_its_column_at_1280(page, tmp_path, audit):
    G = demo_graph()
    index = tmp_path / "index.html"
    index.write_text(render_report(G, views=[], plots=[], audit=audit), encoding="utf-8")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(index.as_uri())
    table, column, scroll, rows = page.evaluate("""() => {
      const t = document.querySelector("table.claims");
      const body = getComputedStyle(document.body);
      const column = document.body.clientWidth - parseFloat(body.paddingLeft) - parseFloat(body.paddingRight);
      return [t.getBoundingClientRect().width, column, document.documentElement.scrollWidth, t.tBodies[0].rows.length];
    }""")
    assert rows == len(audit)
    assert table <= column <= 1200, (table, column)
    assert scroll <= 1280  # nothing sticks out of the page
    headers = page.eval_on_selector_all("table.claims th", "ths => ths.map(t => t.textContent)")
    assert headers[:3] == ["Verdict", "Claim", "Article"]
    first = page.inner_text("table.claims tbody tr")
    assert audit["text"].iloc[0] in first and "claim:" not in first
