"""Writing files so that a crash or power cut never leaves a partial file under the real name;
telling what a plain SQLite file holds without writing to it."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path


def write_atomically(path: str | Path, data: bytes) -> None:
    """Temporary file in the same folder, fsync, rename, fsync the folder: a crash leaves
    either the complete file or no file of that name (at worst a ``.tmp`` leftover)."""
    target = Path(path)
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    fsync_folder(target.parent)


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; Windows has no folder fsync)."""
    if hasattr(os, "O_DIRECTORY"):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

#: The first bytes of a plain (unencrypted) SQLite file.
SQLITE_HEADER = b"SQLite format 3\x00"


def sqlite_tables(path: Path) -> set[str] | None:
    """The table names of the plain SQLite file at ``path``, read without writing to it (no
    pragma that changes the file, no journal: a read of the schema only); None when it is
    missing, empty, or not a plain SQLite file (encrypted, damaged, locked)."""
    try:
        with open(path, "rb") as handle:
            # Only a plain SQLite header: SQLite opening an encrypted file as plain would
            # take its WAL for a stale one and could discard it.
            if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                return None
        conn = sqlite3.connect(str(path), timeout=10)
    except (OSError, sqlite3.Error):
        return None
    try:
        conn.execute("PRAGMA query_only=ON")
        return {row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.Error:
        return None
    finally:
        conn.close()
