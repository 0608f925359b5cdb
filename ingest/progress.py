"""Progress of an ingest job: a tqdm bar per stage on a terminal, plain log lines otherwise.

``quiet`` silences both; the job's final summary is the caller's to print.
"""

from __future__ import annotations

import logging
import sys
import time
from typing import Callable, TextIO

log = logging.getLogger("ingest")


class Progress:
    """Reports works stored and requests sent, one stage (seeds, hop N, cited-by) at a time.

    Parameters
    ----------
    quiet
        Report nothing.
    stream
        Where the tqdm bar goes (default ``sys.stderr``).
    tty
        Force bar (True) or log lines (False); default: whether ``stream`` is a terminal.
    every
        Seconds between log lines when not on a terminal.
    """

    def __init__(self, *, quiet: bool = False, stream: TextIO | None = None, tty: bool | None = None,
                 every: float = 5.0, clock: Callable[[], float] = time.monotonic):
        self.quiet = quiet
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.every = every
        self._clock = clock
        self._bar = None
        self._stage = None

    def start(self, stage: str, total: int | None) -> None:
        """Begin a stage that will store about ``total`` works (None: not known in advance)."""
        self.finish()
        self._stage, self._total, self._done, self._requests = stage, total, 0, 0
        self._t0 = self._last = self._clock()
        if self.quiet:
            return
        if self.tty:
            from tqdm import tqdm

            self._bar = tqdm(total=total, desc=stage, unit="work", file=self.stream,
                             dynamic_ncols=True, leave=True)
        else:
            log.info("%s: %s works to fetch", stage, "an unknown number of" if total is None else total)

    def advance(self, works: int, requests: int) -> None:
        """``works`` more stored; ``requests`` is the job's running request count."""
        if self._stage is None:
            return
        self._done += works
        self._requests = requests
        if self.quiet:
            return
        if self._bar is not None:
            self._bar.update(works)
            self._bar.set_postfix(requests=requests, refresh=False)
            return
        now = self._clock()
        if now - self._last >= self.every:
            self._last = now
            log.info("%s", self._line(now))

    def _line(self, now: float, final: bool = False) -> str:
        elapsed = max(now - self._t0, 1e-9)
        rate = self._done / elapsed
        if self._total is None:
            return f"{self._stage}: {self._done} works, {self._requests} requests, {rate:.1f} works/s"
        left = max(self._total - self._done, 0)
        eta = f", ETA {left / rate:.0f} s" if rate > 0 and left and not final else ""
        return (f"{self._stage}: {self._done}/{self._total} works, {self._requests} requests,"
                f" {rate:.1f} works/s{eta}")

    def finish(self) -> None:
        """End the current stage (prints its last line)."""
        if self._stage is None:
            return
        if self._bar is not None:
            if self._bar.total and self._bar.n < self._bar.total:  # the rest are missing, not pending
                self._bar.total = self._bar.n
                self._bar.set_postfix(requests=self._requests, missing=self._total - self._done, refresh=False)
                self._bar.refresh()
            self._bar.close()
            self._bar = None
        elif not self.quiet:
            log.info("%s", self._line(self._clock(), final=True))
        self._stage = None

    def note(self, message: str) -> None:
        """A one-off line (for example, that a job resumes)."""
        if self.quiet:
            return
        if self._bar is not None:
            self._bar.write(message, file=self.stream)
        else:
            log.info("%s", message)
