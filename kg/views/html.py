"""Write a view as one self-contained HTML file with pyvis (the only module that touches pyvis).

pyvis's own template loads Bootstrap and, in most modes, vis-network from CDNs, writes the
heading raw, and switches to raw-HTML tooltips when a title holds "href". So pyvis renders our
template instead (``templates/view.html``): vis-network's script and style sheet are embedded
from the pyvis package's own files, autoescaping is on, graph data travels as JSON in
``application/json`` blocks (``<`` escaped), and nodes carry no vis ``title`` at all: the
page's script builds tooltips with ``textContent``. Nothing is loaded from the network.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from kg.errors import AcukgError
from kg.views import assets, style
from kg.views.spec import view_spec

#: Legend glyphs for vis-network node shapes (other shapes get a CSS swatch).
GLYPHS = {
    "dot": "●",
    "square": "■",
    "diamond": "◆",
    "triangle": "▲",
    "triangleDown": "▼",
    "star": "★",
}
HEIGHT = "100%"  # the style sheet sizes the network to the window


def write_html(G, view: str, path, **options) -> Path:
    """Write one view of ``G`` to ``path`` as a self-contained HTML file.

    Parameters
    ----------
    G : networkx.MultiDiGraph
    view : {"evidence", "citations", "ego", "claims"}
    path : str or Path
        The file to write (its folder is created); must end in ``.html``.
    **options
        Passed to :func:`kg.views.view_spec`.

    Returns
    -------
    Path
        ``path``; the file is replaced atomically, so a failure leaves any old file intact.
    """
    return write_spec(view_spec(G, view, **options), path)


def write_spec(spec: dict, path) -> Path:
    """Write an already computed view spec to ``path`` (see :func:`write_html`)."""
    path = Path(path)
    if path.suffix.lower() != ".html":
        raise AcukgError(f"a view is written to an .html file, got {str(path)!r}")
    return write_atomic(path, render(spec))


def write_atomic(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` through a temporary file and a rename: a failure leaves any
    old file intact. The folder is created; the file gets the user's umask, like any other."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def render(spec: dict) -> str:
    """The page of a view spec, as a string (pyvis renders acukg's template)."""
    import jinja2
    from markupsafe import Markup
    from pyvis.network import Network

    net = Network(height=HEIGHT, width="100%", directed=True, heading=spec["title"], cdn_resources="in_line")
    net.nodes = spec["nodes"]
    net.edges = spec["edges"]
    net.options = page_options(spec)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(assets.template_dir())),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals["page"] = {
        "spec": spec,
        "meta": {
            "options": net.options,
            "hide_isolated": spec["layout"]["hide_isolated"],
            "fit": spec["layout"].get("fit"),
            "years": spec["filters"]["years"],
            "studies": spec["filters"]["studies"],
        },
        "design_labels": style.DESIGN_LABELS,
        "design_short": style.DESIGN_SHORT,
        "glyphs": GLYPHS,
        "vis_js": Markup(assets.vis_js()),
        "vis_css": Markup(assets.vis_css()),
        "app_js": Markup(assets.app_js()),
        "app_css": Markup(assets.app_css()),
    }
    net.templateEnv = env
    net.path = "view.html"
    return net.generate_html()


def page_options(spec: dict) -> dict:
    """vis-network options for a spec: nodes at the places the spec gives, drawn at once with
    physics off; otherwise a fixed seed, capped stabilisation, then physics off."""
    n = len(spec["nodes"])
    layout = spec["layout"]
    big = n > 1000
    placed = layout.get("positions", False)
    options = {
        "autoResize": True,
        "layout": {"randomSeed": layout["seed"], "improvedLayout": n <= 150 and not placed},
        "physics": {
            "enabled": n > 0 and not placed,
            "solver": layout["solver"],
            "forceAtlas2Based": {
                "theta": layout["theta"],
                "gravitationalConstant": -60,
                "centralGravity": 0.01,
                "springLength": 90,
                "springConstant": 0.08,
                "avoidOverlap": 0.2,
            },
            "stabilization": {
                "enabled": not placed,
                "iterations": layout["iterations"],
                "updateInterval": 25,
                "fit": True,
            },
            "minVelocity": 1.0,
            "timestep": 0.5,
            # adaptive steps recompute the forces three times every third iteration
            "adaptiveTimestep": not big,
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "multiselect": True,
        },
        "nodes": {"font": {"size": 12, "face": "system-ui, sans-serif"}, "borderWidth": 1},
        "edges": {
            "smooth": False if big else {"type": "continuous"},
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "color": {"inherit": False},
            "selectionWidth": 2,
        },
    }
    if placed:
        # columns left to right: labels wrap and wear a white halo; edges curve horizontally
        options["nodes"]["font"].update(
            size=style.EVIDENCE_FONT_SIZE, strokeWidth=5, strokeColor="#ffffff")
        options["edges"]["smooth"] = False if big else {
            "type": "cubicBezier", "forceDirection": "horizontal", "roundness": 0.5}
    return options
