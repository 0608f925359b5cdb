"""Pages opened in Debian's Chromium through Playwright, offline, with what they did recorded.

:func:`open_page` navigates Playwright's ``page`` to a local file with every request that is
not ``file://`` refused, and records the page's requests, console errors, uncaught exceptions
and dialogs on the returned :class:`Opened`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Opened:
    """A page and what it did: requests made, errors (console and uncaught) and dialogs."""

    page: object
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def evaluate(self, expression: str):
        return self.page.evaluate(expression)

    def wait_for(self, expression: str, *, timeout: float = 30.0) -> None:
        self.page.wait_for_function(expression, timeout=timeout * 1000)

    def screenshot(self, path) -> Path:
        self.page.screenshot(path=str(path))
        return Path(path)


def open_page(page, path, *, wait_for: str | None = None, timeout: float = 60.0) -> Opened:
    """Open ``path`` (a file path or ``file://`` URL) in ``page``, offline, recording what it does."""
    opened = Opened(page)
    page.on("request", lambda r: opened.requests.append(r.url))
    page.on("pageerror", lambda e: opened.errors.append(str(e)))
    page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
    page.on("dialog", lambda d: (opened.dialogs.append(d.message), d.dismiss()))
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
    url = path if isinstance(path, str) else Path(path).resolve().as_uri()
    page.goto(url)
    if wait_for:
        opened.wait_for(wait_for, timeout=timeout)
    return opened
