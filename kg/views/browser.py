"""Open a page in headless Chromium, offline, and read it back: for checking and screenshots.

Speaks the DevTools protocol over ``--remote-debugging-pipe`` (NUL-separated JSON on file
descriptors 3 and 4), so it needs nothing but the standard library and a Chromium binary
(``$ACUKG_CHROMIUM``, else ``chromium`` / ``chromium-browser`` / ``google-chrome`` on PATH).
Networking is shut off (every host resolves to nothing and a dead proxy takes the rest);
each page records the requests it made, console errors, uncaught exceptions and dialogs.

Example (needs Chromium, so not run as a doctest)::

    with Chromium() as browser:
        page = browser.open("report/evidence.html")
        page.wait_for("window.acukg && window.acukg.stabilized")
        page.screenshot("evidence.png")
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kg.errors import AcukgError

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--mute-audio",
    # networking off: nothing resolves, and anything that would skip DNS meets a dead proxy
    "--proxy-server=127.0.0.1:9",
    "--host-resolver-rules=MAP * ~NOTFOUND",
)


class BrowserError(AcukgError):
    """Chromium is missing, failed to start, or did not answer in time."""


def find_chromium() -> str:
    """The Chromium executable to use; raises :class:`BrowserError` if there is none."""
    explicit = os.environ.get("ACUKG_CHROMIUM", "").strip()
    if explicit:
        if not Path(explicit).exists():
            raise BrowserError(f"ACUKG_CHROMIUM points at {explicit!r}, which does not exist")
        return explicit
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    raise BrowserError(
        "no Chromium found: install Debian's chromium package or set ACUKG_CHROMIUM"
    )


#: Runs in the child: put the pipe ends on fds 3 and 4, where Chromium expects them, then exec.
_EXEC_WITH_PIPE = """
import os, sys
r, w = os.dup(int(sys.argv[1])), os.dup(int(sys.argv[2]))
os.dup2(r, 3)
os.dup2(w, 4)
os.set_inheritable(3, True)  # dup2 onto itself would leave dup's close-on-exec flag
os.set_inheritable(4, True)
os.execv(sys.argv[3], sys.argv[3:])
"""


class Chromium:
    """A headless Chromium process with networking off, driven over a DevTools pipe."""

    def __init__(self, executable: str | None = None, *, width: int = 1400, height: int = 900,
                 timeout: float = 60.0):
        self.executable = executable or find_chromium()
        self.width, self.height, self.timeout = width, height, timeout
        self._next_id = 0
        self._buffer = b""
        self._events: list[dict] = []
        self._pages: dict[str, Page] = {}
        self._proc = None

    def __enter__(self) -> "Chromium":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def start(self) -> None:
        self._profile = tempfile.mkdtemp(prefix="acukg-chromium-")
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        cmd = [self.executable, *FLAGS, f"--user-data-dir={self._profile}",
               f"--window-size={self.width},{self.height}", "--remote-debugging-pipe", "about:blank"]
        self._stderr = tempfile.TemporaryFile()
        self._proc = subprocess.Popen(
            [sys.executable, "-c", _EXEC_WITH_PIPE, str(to_browser_r), str(from_browser_w), *cmd],
            pass_fds=(to_browser_r, from_browser_w),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=self._stderr,
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self.call("Target.setDiscoverTargets", discover=False)

    def close(self) -> None:
        if self._proc is None:
            return
        try:
            if self._proc.poll() is None:
                try:
                    self._send("Browser.close")
                    self._proc.wait(timeout=10)
                except (OSError, subprocess.TimeoutExpired):
                    self._proc.kill()
                    self._proc.wait()
        finally:
            for fd in (self._to_browser, self._from_browser):
                os.close(fd)
            self._stderr.close()
            shutil.rmtree(self._profile, ignore_errors=True)
            self._proc = None

    # ---- protocol

    def _send(self, method: str, session: str | None = None, **params) -> int:
        self._next_id += 1
        msg = {"id": self._next_id, "method": method, "params": params}
        if session:
            msg["sessionId"] = session
        os.write(self._to_browser, json.dumps(msg).encode() + b"\0")
        return self._next_id

    def call(self, method: str, session: str | None = None, **params) -> dict:
        """Send a command and wait for its result (events that arrive meanwhile are kept)."""
        wanted = self._send(method, session, **params)
        deadline = time.monotonic() + self.timeout
        while True:
            for msg in self._read(deadline, what=method):
                if msg.get("id") == wanted:
                    if "error" in msg:
                        raise BrowserError(f"{method} failed: {msg['error'].get('message')}")
                    return msg.get("result", {})

    def pump(self, seconds: float) -> None:
        """Read and dispatch events for up to ``seconds``."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            list(self._read(deadline, what=None))

    def _read(self, deadline: float, what: str | None):
        """Yield the messages available before ``deadline``; dispatch events to their pages."""
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            if what is None:
                return
            raise BrowserError(f"Chromium did not answer {what} within {self.timeout:.0f} s")
        ready, _, _ = select.select([self._from_browser], [], [], min(remaining, 0.2))
        if not ready:
            if self._proc.poll() is not None:
                raise BrowserError(f"Chromium exited with status {self._proc.returncode}: {self._tail()}")
            return
        chunk = os.read(self._from_browser, 1 << 20)
        if not chunk:
            raise BrowserError(f"Chromium closed the DevTools pipe: {self._tail()}")
        self._buffer += chunk
        *messages, self._buffer = self._buffer.split(b"\0")
        for raw in messages:
            msg = json.loads(raw)
            if "method" in msg:
                page = self._pages.get(msg.get("sessionId"))
                if page is not None:
                    page._event(msg["method"], msg.get("params", {}))
            yield msg

    def _tail(self) -> str:
        self._stderr.seek(0)
        return self._stderr.read()[-2000:].decode("utf-8", "replace").strip()

    # ---- pages

    def open(self, target, *, wait: bool = True) -> "Page":
        """Open a file path or URL in a new tab and wait for its load event."""
        url = str(target)
        if not url.startswith(("file:", "http:", "https:", "about:", "data:")):
            url = Path(target).resolve().as_uri()
        target_id = self.call("Target.createTarget", url="about:blank")["targetId"]
        session = self.call("Target.attachToTarget", targetId=target_id, flatten=True)["sessionId"]
        page = Page(self, session, target_id)
        self._pages[session] = page
        for domain in ("Page", "Runtime", "Network", "Log"):
            self.call(f"{domain}.enable", session)
        self.call("Emulation.setDeviceMetricsOverride", session, width=self.width,
                  height=self.height, deviceScaleFactor=1, mobile=False)
        page.navigate(url, wait=wait)
        return page


class Page:
    """One tab: evaluate script, wait for a condition, take a screenshot, and what it logged."""

    def __init__(self, browser: Chromium, session: str, target_id: str):
        self.browser, self.session, self.target_id = browser, session, target_id
        self.requests: list[str] = []
        self.failed_requests: list[str] = []
        self.console: list[tuple[str, str]] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.loaded = False

    def _event(self, method: str, params: dict) -> None:
        if method == "Network.requestWillBeSent":
            self.requests.append(params["request"]["url"])
        elif method == "Network.loadingFailed":
            self.failed_requests.append(params.get("errorText", ""))
        elif method == "Runtime.consoleAPICalled":
            text = " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", []))
            self.console.append((params.get("type", ""), text))
            if params.get("type") in ("error", "assert"):
                self.errors.append(f"console.{params['type']}: {text}")
        elif method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            desc = details.get("exception", {}).get("description") or details.get("text", "")
            self.errors.append(f"uncaught: {desc}")
        elif method == "Log.entryAdded":
            entry = params.get("entry", {})
            if entry.get("level") == "error":
                self.errors.append(f"log: {entry.get('text')} {entry.get('url', '')}".strip())
        elif method == "Page.javascriptDialogOpening":
            self.dialogs.append(f"{params.get('type')}: {params.get('message')}")
            self.browser._send("Page.handleJavaScriptDialog", self.session, accept=False)
        elif method == "Page.loadEventFired":
            self.loaded = True

    def navigate(self, url: str, *, wait: bool = True) -> None:
        self.loaded = False
        result = self.browser.call("Page.navigate", self.session, url=url)
        if result.get("errorText"):
            raise BrowserError(f"cannot open {url}: {result['errorText']}")
        if wait:
            deadline = time.monotonic() + self.browser.timeout
            while not self.loaded:
                if time.monotonic() > deadline:
                    raise BrowserError(f"{url} did not finish loading in {self.browser.timeout:.0f} s")
                self.browser.pump(0.05)

    def evaluate(self, expression: str):
        """The value of a JavaScript expression in the page (JSON-serialisable values)."""
        result = self.browser.call("Runtime.evaluate", self.session, expression=expression,
                                   returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            raise BrowserError(f"script failed: {details.get('exception', {}).get('description') or details.get('text')}")
        return result["result"].get("value")

    def wait_for(self, expression: str, *, timeout: float = 30.0, interval: float = 0.05) -> float:
        """Wait until ``expression`` is truthy; returns the seconds waited."""
        start = time.monotonic()
        while not self.evaluate(f"!!({expression})"):
            if time.monotonic() - start > timeout:
                raise BrowserError(f"timed out after {timeout:.0f} s waiting for {expression}")
            self.browser.pump(interval)
        return time.monotonic() - start

    def click(self, x: float, y: float) -> None:
        """A real mouse click at page coordinates."""
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.browser.call("Input.dispatchMouseEvent", self.session, type=kind, x=x, y=y,
                              button="left" if kind != "mouseMoved" else "none", clickCount=1)

    def hover(self, x: float, y: float) -> None:
        """Move the mouse to page coordinates."""
        self.browser.call("Input.dispatchMouseEvent", self.session, type="mouseMoved", x=x, y=y)

    def screenshot(self, path) -> Path:
        """Save a PNG of the viewport."""
        data = self.browser.call("Page.captureScreenshot", self.session, format="png")["data"]
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
        return path

    def close(self) -> None:
        self.browser.call("Target.closeTarget", targetId=self.target_id)
        self.browser._pages.pop(self.session, None)
