"""The files a self-contained page embeds: vis-network from the pyvis package, and our own
template, script and style sheet. Read once, checked so they cannot close their element early."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from pathlib import Path

from kg.errors import AcukgError

#: The vis-network build pyvis 0.3.2 ships (and its in_line mode embeds).
VIS_VERSION = "9.1.2"
_CLOSERS = {"script": re.compile(r"</script|<!--", re.IGNORECASE), "style": re.compile(r"</style", re.IGNORECASE)}


def template_dir() -> Path:
    """The folder of acukg's page templates."""
    return Path(str(resources.files("kg.views").joinpath("templates")))


@cache
def vis_js() -> str:
    """vis-network's JavaScript, from the installed pyvis package."""
    return _embeddable(_pyvis_file("vis-network.min.js"), "script")


@cache
def vis_css() -> str:
    """vis-network's style sheet, from the installed pyvis package."""
    return _embeddable(_pyvis_file("vis-network.css"), "style")


@cache
def app_js() -> str:
    """acukg's page script (search, filters, tooltips, layout)."""
    return _embeddable((template_dir() / "view.js").read_text(encoding="utf-8"), "script")


@cache
def app_css() -> str:
    """acukg's page style sheet."""
    return _embeddable((template_dir() / "view.css").read_text(encoding="utf-8"), "style")


def _pyvis_file(name: str) -> str:
    path = Path(str(resources.files("pyvis"))) / "templates" / "lib" / f"vis-{VIS_VERSION}" / name
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise AcukgError(f"cannot read vis-network from the pyvis package at {path}: {exc}") from None


def _embeddable(text: str, element: str) -> str:
    """``text`` if it can sit inside a ``<script>`` / ``<style>`` element unchanged."""
    if _CLOSERS[element].search(text):
        raise AcukgError(f"an embedded {element} holds text that would end its <{element}> element")
    return text
