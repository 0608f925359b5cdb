"""The claims view: practitioner articles, their claims and the works that support or contradict them."""

from __future__ import annotations

from collections import Counter, defaultdict

from kg.model import design_level
from kg.views import style
from kg.views.spec.parts import (
    MAX_ITEMS, check_cap, claim_state, design_legend, edge_legend, filters, item, kind_legend,
    short, truncate, work_node,
)


def claims(G, *, max_nodes: int = 500) -> dict:
    check_cap(max_nodes)
    sources = sorted(n for n, k in G.nodes(data="kind") if k == "source")
    claims = sorted(n for n, k in G.nodes(data="kind") if k == "claim")
    evidence = [
        (u, v, d)
        for u, v, d in G.edges(data=True)
        if d.get("type") in ("SUPPORTED_BY", "CONTRADICTED_BY") and v in G
    ]
    works = Counter(v for _, v, _ in evidence)
    notes = []
    budget = max(max_nodes - len(sources) - len(claims), 0)
    chosen = sorted(works, key=lambda n: (-works[n], -design_level(G.nodes[n].get("design")), n))
    if len(chosen) > budget:
        notes.append(
            f"Showing {budget:,} of the {len(chosen):,} works that bear on claims (those bearing "
            f"on most claims, then strongest design first); {len(chosen) - budget:,} left out."
        )
        chosen = chosen[:budget]
    keep_works = set(chosen)
    support, contra = Counter(), Counter()
    items = defaultdict(list)
    for u, v, d in evidence:
        (support if d["type"] == "SUPPORTED_BY" else contra)[u] += 1
        items[u].append((d["type"], v, d.get("sentence")))
    nodes = []
    for n in sources:
        a = G.nodes[n]
        nodes.append(
            {
                "id": n,
                "label": truncate(a.get("label") or n, 40),
                "kind": "source",
                "shape": style.KIND_SHAPES["source"],
                "color": style.KIND_COLORS["source"],
                "font": {"color": "#ffffff"},
                "size": 20,
                "info": {
                    "title": a.get("label") or n,
                    "rows": [["kind", "practitioner article"], ["file", a.get("file")]],
                },
            }
        )
    for n in claims:
        a = G.nodes[n]
        verdict = claim_state(support[n], contra[n])
        work_items = [
            item(G, v, ("supports: " if t == "SUPPORTED_BY" else "contradicts: ") + (s or ""))
            for t, v, s in sorted(items[n], key=lambda x: (x[0] != "SUPPORTED_BY", x[1]))
        ]
        nodes.append(
            {
                "id": n,
                "label": truncate(a.get("label") or n, 50),
                "kind": "claim",
                "shape": style.KIND_SHAPES["claim"],
                "color": style.CLAIM_COLORS[verdict],
                "size": 16,
                "info": {
                    "title": a.get("label") or n,
                    "rows": [
                        ["claim", f"{a.get('subject')} {a.get('relation')} {a.get('object')}"],
                        ["context", a.get("context")],
                        ["expected direction", a.get("expected_direction")],
                        ["cited DOI", a.get("cited_doi")],
                        ["citation tie", a.get("citation_tie")],
                        ["supporting works", support[n]],
                        ["contradicting works", contra[n]],
                        ["note", a.get("note")],
                    ],
                    "items": work_items[:MAX_ITEMS],
                    "more": max(len(work_items) - MAX_ITEMS, 0),
                },
            }
        )
    nodes.extend(work_node(G, n) for n in sorted(keep_works))
    shown = {n["id"] for n in nodes}
    edges = []
    for u, v, d in G.edges(data=True):
        t = d.get("type")
        if t not in ("MAKES", "SUPPORTED_BY", "CONTRADICTED_BY") or u not in shown or v not in shown:
            continue
        edges.append(
            {
                "id": f"{u}->{v}:{t}",
                "from": u,
                "to": v,
                "type": t,
                "width": 2 if t != "MAKES" else 1,
                "color": style.EDGE_COLORS[t],
                "dashes": False,
                "arrows": "to",
                "info": {
                    "title": f"{short(G, u)} {t.replace('_', ' ').lower()} {short(G, v)}",
                    "rows": [["sentence", d.get("sentence")], ["field", d.get("field")]]
                    if t != "MAKES"
                    else [],
                },
            }
        )
    edges.sort(key=lambda e: e["id"])
    if not claims:
        notes.append("This graph holds no claims.")
    return {
        "title": "Claims: practitioner articles, their claims, and the works that bear on them",
        "nodes": nodes,
        "edges": edges,
        "legend": [
            kind_legend(["source"]),
            {
                "title": "Claims",
                "items": [
                    {"label": style.CLAIM_LABELS[k], "color": c, "shape": "ellipse"}
                    for k, c in style.CLAIM_COLORS.items()
                ],
            },
            design_legend(nodes),
            edge_legend(["MAKES", "SUPPORTED_BY", "CONTRADICTED_BY"]),
        ],
        "filters": filters(nodes),
        "notes": notes,
    }
