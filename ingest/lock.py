"""The lock a job holds on a record store: ``<store>.lock``, holding the owner's pid under
``fcntl.flock``, so a second job (or a reader that must not see a half-done crawl) gets a clear
:class:`~kg.errors.StoreInUse` naming that pid; a lock left by a dead process is taken over."""

from __future__ import annotations

import fcntl
import logging
import os
from pathlib import Path

from kg.errors import StoreInUse

log = logging.getLogger(__name__)


class StoreLock:
    """An exclusive, non-blocking lock on a store: a lock file holding the owner's pid."""

    def __init__(self, store_path: Path):
        self.store_path = Path(store_path)
        self.path = self.store_path.with_name(self.store_path.name + ".lock")
        self._fd: int | None = None

    def acquire(self) -> "StoreLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            owner = os.read(fd, 64).decode("ascii", "replace").strip() or "unknown"
            os.close(fd)
            raise StoreInUse(
                f"record store {self.store_path} is in use by pid {owner} (another acukg job);"
                " wait for it to finish or stop it, then run the command again"
            ) from None
        previous = os.read(fd, 64).decode("ascii", "replace").strip()
        if previous and previous != str(os.getpid()):
            log.info("taking over the lock of %s left by pid %s, which is no longer running",
                     self.store_path, previous)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        os.fsync(fd)
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> "StoreLock":
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()
