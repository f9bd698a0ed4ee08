"""The demo station's sandbox: one temporary folder holding its database, its data folder and
its backups, deleted when the demo ends, and at the next start if a demo was killed.

A running demo holds an exclusive OS lock on ``owner.lock`` in its folder (``flock`` on
POSIX, ``msvcrt.locking`` on Windows). The lock goes with the process however it ends (a
signal, ``kill -9``, a crash), so a sandbox whose lock can be taken belongs to nobody and is
removed. Unlike a process id, a lock cannot be mistaken for a new process that reused the id.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import IO

#: Every demo sandbox is a folder of the temporary directory whose name starts with this.
PREFIX = "workstation-demo-"
LOCK_NAME = "owner.lock"
#: A sandbox without its lock file (one being made, or left by an older version) is removed
#: only when older than this.
UNLOCKED_GRACE_S = 24 * 3600.0


def _try_lock(handle: IO[bytes]) -> bool:
    """Take the exclusive lock on ``handle`` without waiting; False if someone holds it."""
    try:
        if sys.platform == "win32":
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


class Sandbox:
    """A demo's folder, locked while it lives: ``data`` and ``backups`` inside it."""

    def __init__(self, root: Path, lock: IO[bytes]) -> None:
        self.root = root
        self._lock: IO[bytes] | None = lock

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def backup_dir(self) -> Path:
        return self.root / "backups"

    def close(self) -> None:
        """Release the lock and delete the folder (idempotent)."""
        if self._lock is not None:
            self._lock.close()  # closing releases the lock
            self._lock = None
        shutil.rmtree(self.root, ignore_errors=True)


def make_sandbox(parent: Path | None = None) -> Sandbox:
    """A new locked sandbox in ``parent`` (the temporary directory by default)."""
    root = Path(tempfile.mkdtemp(prefix=PREFIX, dir=parent))
    handle = open(root / LOCK_NAME, "w+b")  # noqa: SIM115  (held open while the demo runs)
    handle.write(f"{os.getpid()}\n".encode("ascii"))  # for a person looking at the folder
    handle.flush()
    if not _try_lock(handle):  # pragma: no cover - a fresh folder nobody else knows
        handle.close()
        raise OSError(f"cannot lock {root}")
    sandbox = Sandbox(root, handle)
    sandbox.data_dir.mkdir()
    sandbox.backup_dir.mkdir()
    return sandbox


def _abandoned(folder: Path) -> bool:
    lock = folder / LOCK_NAME
    if not lock.exists():
        with contextlib.suppress(OSError):
            return time.time() - folder.stat().st_mtime > UNLOCKED_GRACE_S
        return False
    try:
        handle = open(lock, "r+b")  # noqa: SIM115
    except OSError:
        return False
    with handle:
        return _try_lock(handle)  # released again as the handle closes


def remove_stale(parent: Path | None = None) -> list[Path]:
    """Delete the sandboxes of demos that ended without cleaning up; the folders removed."""
    base = Path(parent or tempfile.gettempdir())
    removed = []
    for folder in sorted(base.glob(PREFIX + "*")):
        if folder.is_dir() and _abandoned(folder):
            shutil.rmtree(folder, ignore_errors=True)
            if not folder.exists():
                removed.append(folder)
    return removed
