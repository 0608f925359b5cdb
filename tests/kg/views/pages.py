"""Reading written pages back: external references, script blocks, embedded JSON."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

#: Attributes through which a page can load something.
LOADING_ATTRS = {"src", "href", "srcset", "data", "poster", "background", "action", "formaction"}
_REMOTE = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)
_CSS_REMOTE = re.compile(r"@import\s+(?:url\()?\s*['\"]?\s*(?:https?:)?//|url\(\s*['\"]?\s*(?:https?:)?//",
                         re.IGNORECASE)


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.blocks: list[tuple[str, dict, str]] = []  # script/style elements and their text
        self._open = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag in ("script", "style"):
            self._open = (tag, attrs, [])

    def handle_data(self, data):
        if self._open:
            self._open[2].append(data)

    def handle_endtag(self, tag):
        if self._open and tag == self._open[0]:
            self.blocks.append((tag, self._open[1], "".join(self._open[2])))
            self._open = None


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


def external_refs(html: str) -> list[str]:
    """Everything in a page that would load from another host: remote src/href of resources,
    and remote @import / url() in style sheets and style attributes."""
    page = parse(html)
    found = []
    for tag, attrs in page.tags:
        for name, value in attrs.items():
            if value is None:
                continue
            if name in LOADING_ATTRS and _REMOTE.match(value) and tag != "a":
                found.append(f"<{tag} {name}={value}>")
            if name == "style" and _CSS_REMOTE.search(value):
                found.append(f"<{tag} style={value}>")
    for tag, _attrs, text in page.blocks:
        if tag == "style" and _CSS_REMOTE.search(text):
            found.append(f"<style> {_CSS_REMOTE.search(text).group(0)}")
    return found


def json_block(html: str, element_id: str):
    """The JSON in ``<script type="application/json" id=element_id>``."""
    for tag, attrs, text in parse(html).blocks:
        if tag == "script" and attrs.get("id") == element_id:
            assert attrs.get("type") == "application/json"
            return json.loads(text)
    raise AssertionError(f"no JSON block {element_id!r}")
