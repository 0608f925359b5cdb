"""The run report: ``index.html`` beside every view and plot, with summary numbers, text
coverage before and after PubMed enrichment (:mod:`acukg.coverage`), the claims audit and the
run's manifests, escaped, credentials redacted, synthetic runs flagged.

:func:`summary` and :func:`redact` are pure; :func:`write_report` writes the folder.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from acukg import claims
from kg.model import DESIGNS, SPECIES
from kg.views import style
from kg.views.spec import MAX_EDGES

#: Manifest keys whose values are never shown.
SECRET_KEY = re.compile(r"key|password|passwd|secret|token|credential|auth|cookie|session", re.IGNORECASE)
_URL_USERINFO = re.compile(r"(?P<scheme>[a-z][a-z0-9+.-]*://)[^/@\s]+@", re.IGNORECASE)
_SECRET_PARAM = re.compile(r"([?&;](?:api_key|apikey|key|token|password|access_token)=)[^&#\s]+", re.IGNORECASE)
REDACTED = "[redacted]"
PLOT_TITLES = {
    "evidence_heatmap": "Studies per mechanism and condition",
    "studies_per_year": "Works per year on the most studied mechanisms",
    "design_species": "Works by study design and species",
}


def write_report(G, out_dir, *, ingest_manifest: dict | None = None,
                 build_manifest: dict | None = None, enrich_manifest: dict | None = None,
                 max_nodes: int = 500, wrote=None) -> Path:
    """Write the views, the plots and ``index.html`` linking them into ``out_dir``.

    Parameters
    ----------
    G : networkx.MultiDiGraph
    out_dir : str or Path
        The report folder (``settings.report_dir``); created if missing.
    ingest_manifest, build_manifest, enrich_manifest : dict, optional
        Shown escaped, with credentials redacted (:func:`redact`).
    max_nodes : int
        Cap of the citation and claims views.
    wrote : callable, optional
        Called with each file's path as soon as it is written (for progress and listings).

    Returns
    -------
    Path
        The ``index.html`` written.
    """
    from kg.views.html import write_atomic, write_html
    from kg.views.plots import write_plots

    wrote = wrote or (lambda path: None)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    frame = claims.audit(G)
    views = []
    for name, title, about, options in _view_plan(G, max_nodes, claims.verdicts(frame)):
        path = write_html(G, name, out_dir / f"{title[0]}", **options)
        wrote(path)
        views.append({"href": path.name, "title": title[1], "about": about})
    written = write_plots(G, out_dir / "plots")
    for paths in written.values():
        for path in paths:
            wrote(path)
    plots = [
        {
            "title": PLOT_TITLES[name],
            "png": f"plots/{name}.png",
            "svg": f"plots/{name}.svg",
        }
        for name in written
    ]
    html = render_report(G, views=views, plots=plots, ingest_manifest=ingest_manifest,
                         build_manifest=build_manifest, enrich_manifest=enrich_manifest, audit=frame)
    index = write_atomic(out_dir / "index.html", html)
    wrote(index)
    return index


def render_report(G, *, views, plots, ingest_manifest=None, build_manifest=None, enrich_manifest=None,
                  audit=None) -> str:
    """The report page as a string (autoescaped template); ``audit``: the claims audit of
    ``G`` if already at hand."""
    import jinja2

    from acukg.coverage import text_coverage

    env = jinja2.Environment(loader=jinja2.PackageLoader("acukg", "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    facts = summary(G)
    audit = claims.audit(G) if audit is None else audit
    counts = Counter(audit["verdict"].astype(str))
    verdicts = [(v, style.VERDICT_LABELS[v], style.VERDICT_RULES[v], counts.get(v, 0))
                for v in style.VERDICT_LABELS]
    return env.get_template("report.html").render(
        synthetic=facts["synthetic"],
        built_at=G.graph.get("built_at"),
        vocabulary_version=G.graph.get("vocabulary_version"),
        cards=facts["cards"],
        breakdowns=facts["breakdowns"],
        coverage=text_coverage(G),
        views=views,
        plots=plots,
        verdicts=verdicts,
        claim_rows=claims.table_rows(G, audit),
        manifests=[
            ("Ingest manifest", _pretty(ingest_manifest)),
            ("PubMed enrichment manifest", _pretty(enrich_manifest)),
            ("Build manifest", _pretty(build_manifest)),
        ],
    )


def summary(G) -> dict:
    """The report's numbers: ``cards`` [(label, value)], ``breakdowns`` [(title, [(name, n)])].

    >>> import networkx as nx
    >>> dict(summary(nx.MultiDiGraph())["cards"])["works"]
    0
    """
    kinds = Counter(k for _, k in G.nodes(data="kind"))
    edge_types = Counter(t for *_, t in G.edges(data="type"))
    works = [a for _, a in G.nodes(data=True) if a.get("kind") == "work"]
    mentioned = {u for u, _, t in G.edges(data="type") if t == "MENTIONS"}
    hops = Counter("unknown" if a.get("hop") is None else a["hop"] for a in works)
    designs = Counter(a.get("design") or "unknown" for a in works)
    species = Counter(a.get("species") or "unknown" for a in works)
    cards = [
        ("works", len(works)),
        ("seed works", sum(1 for a in works if a.get("seed"))),
        ("citations", edge_types["CITES"]),
        ("mentions", edge_types["MENTIONS"]),
        ("works with mentions", len(mentioned)),
        ("associations", edge_types["ASSOCIATED_WITH"]),
        ("concepts", sum(kinds[k] for k in ("intervention", "acupoint", "mechanism", "condition", "anatomy", "outcome"))),
        ("practitioner articles", kinds["source"]),
        ("claims", kinds["claim"]),
        ("retracted works", sum(1 for a in works if a.get("retracted"))),
        ("dangling references", G.graph.get("dangling_references", 0) or 0),
    ]
    hop_rows = [(f"hop {h}", hops[h]) for h in sorted(h for h in hops if h != "unknown")]
    if hops.get("unknown"):
        hop_rows.append(("hop unknown", hops["unknown"]))
    design_order = [*DESIGNS, "unknown"]
    species_order = [*SPECIES, "unknown"]
    return {
        "synthetic": bool(G.graph.get("synthetic", False)),
        "cards": cards,
        "breakdowns": [
            ("hop", hop_rows),
            ("design", [(style.DESIGN_LABELS.get(d, d), designs[d]) for d in _ordered(designs, design_order)]),
            ("species", [(s, species[s]) for s in _ordered(species, species_order)]),
        ],
    }


def redact(value):
    """A copy of a manifest with credentials replaced by ``[redacted]``.

    Values under keys that name secrets go, as do passwords in URLs and key parameters.

    >>> redact({"api_key": "s3", "url": "bolt://neo:pw@db:7687", "n": 1})
    {'api_key': '[redacted]', 'url': 'bolt://[redacted]@db:7687', 'n': 1}
    """
    if isinstance(value, dict):
        return {
            k: (REDACTED if SECRET_KEY.search(str(k)) and v not in (None, "", False) else redact(v))
            for k, v in value.items()
        }
    if isinstance(value, (list, tuple)):
        return [redact(v) for v in value]
    if isinstance(value, str):
        value = _URL_USERINFO.sub(lambda m: m.group("scheme") + REDACTED + "@", value)
        return _SECRET_PARAM.sub(lambda m: m.group(1) + REDACTED, value)
    return value


def _view_plan(G, max_nodes, verdicts):
    """(view, (file name, link title), what it shows, options) for each view of the report."""
    plan = [
        ("evidence", ("evidence.html", "Evidence map"),
         f"the {MAX_EDGES:,} strongest associations, in columns: interventions and acupoints, "
         "mechanisms, conditions; edge width = studies, colour = direction, dashed = animal or "
         "cell evidence only", {}),
        ("citations", ("citations.html", "Citation network"),
         f"works by study design, sized by citations within the graph, seeds as stars (the "
         f"{max_nodes:,} most central)", {"max_nodes": max_nodes}),
        ("claims", ("claims.html", "Claims"),
         "practitioner articles and their claims coloured by verdict, and the works "
         "supporting or contradicting them", {"max_nodes": max_nodes, "verdicts": verdicts}),
    ]
    top = _top_mechanism(G)
    if top is not None:
        slug = re.sub(r"[^a-z0-9]+", "-", top.split(":", 1)[-1].lower()).strip("-") or "concept"
        plan.append(("ego", (f"ego-{slug}.html", f"Neighbourhood of {G.nodes[top].get('label') or top}"),
                     "the most mentioned mechanism, its works and associations",
                     {"center": top, "radius": 1, "max_nodes": max_nodes}))
    return plan


def _top_mechanism(G):
    counts = Counter(v for _, v, t in G.edges(data="type")
                     if t == "MENTIONS" and G.nodes[v].get("kind") == "mechanism")
    if not counts:
        return None
    return min(counts, key=lambda c: (-counts[c], c))


def _pretty(manifest) -> str | None:
    if manifest is None:
        return None
    return json.dumps(redact(manifest), indent=2, ensure_ascii=False, sort_keys=True, default=str)


def _ordered(counts: Counter, order: list) -> list:
    return [k for k in order if counts.get(k)] + sorted(k for k in counts if k not in order)
