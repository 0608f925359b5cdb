"""Ctrl-C in a long command: say what was kept and how to go on, and exit with status 130.

The ingest, enrich and push commands save as they go, so an interrupted run resumes when the
same command runs again; :func:`resumable` tells the user exactly that.

Examples
--------
>>> message("12 works saved in acukg-data/records.sqlite")
'interrupted: 12 works saved in acukg-data/records.sqlite; run the same command to resume'
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Callable

#: The exit status of a command stopped by Ctrl-C (128 + SIGINT).
INTERRUPTED = 130


def message(saved: str) -> str:
    """The line printed on Ctrl-C, given what is saved (``"N works saved in PATH"``)."""
    return f"interrupted: {saved}; run the same command to resume"


@contextmanager
def resumable(saved: Callable[[], str]):
    """Turn Ctrl-C inside the block into one line on stderr and exit status 130.

    ``saved`` is called after the interruption and says what is kept, for example
    ``"1,204 works saved in acukg-data/records.sqlite"``; if it fails, a generic line is printed.
    """
    try:
        yield
    except KeyboardInterrupt:
        try:
            what = saved()
        except Exception as exc:  # the message must not hide the interruption
            what = f"what was saved could not be read back ({exc})"
        print(message(what), file=sys.stderr, flush=True)
        raise SystemExit(INTERRUPTED) from None


def works_saved(store_path) -> Callable[[], str]:
    """``saved`` for :func:`resumable`: the works the record store at ``store_path`` holds."""

    def count() -> str:
        from ingest.store import RecordStore

        if not store_path.is_file():
            return f"no works saved yet ({store_path} was not created)"
        with RecordStore(store_path) as store:
            return f"{store.count():,} works saved in {store_path}"

    return count
