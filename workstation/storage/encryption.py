"""Files of an encrypted station: telling plain from encrypted, building an encrypted database
beside the live one, swapping it in so that a power cut at any moment leaves a usable
database, and shredding the plain file afterwards.

The files of a station ``station.db``:

* ``station.db`` the live database, ``station.db.keys`` its key slots (``keyslots.py``);
* ``station.db.encrypting`` an encrypted database being prepared (a new station, or the
  encrypted copy of an old plain one);
* ``station.db.plain`` an old plain database set aside until the encrypted copy is in place.

The one rule that makes every crash recoverable: **the key file is written only once the
encrypted copy is complete and verified**, and a key file left from something else is moved
aside before a new copy is started. So on the next start (``finish_interrupted``):

* no key file: nothing was committed; a half-made ``.encrypting`` file is deleted and the
  plain database (if any) is still the live one;
* a key file and an ``.encrypting`` file: the copy is complete; roll forward (set the plain
  file aside, rename the copy to the live name, shred the plain file);
* a key file and a ``.plain`` file only: the swap happened; finish shredding.

Shredding overwrites the file with zeros, fsyncs and unlinks it (with its -wal, -shm and
-journal). On SSDs and copy-on-write file systems an overwrite may not reach the old blocks;
whole-disk encryption (BitLocker) is the remedy there.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from workstation.files import SQLITE_HEADER, fsync_folder

from .engine import DatabaseError, connect_raw, key_pragma
from .keyslots import keyfile_path

log = logging.getLogger(__name__)

SIDE_FILES = ("-wal", "-shm", "-journal")
_CHUNK = 1 << 20


def encrypting_path(path: Path) -> Path:
    return path.with_name(path.name + ".encrypting")


def plain_aside_path(path: Path) -> Path:
    return path.with_name(path.name + ".plain")


def is_plain_sqlite(path: Path) -> bool:
    """True for an unencrypted SQLite file (its header is readable text); an SQLCipher file
    starts with random salt instead."""
    try:
        with open(path, "rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def _checkpoint(step: str) -> None:
    """Called between the steps of a conversion; tests replace it to simulate a crash."""


def remove_database_files(path: Path) -> None:
    """Delete a database file and its -wal, -shm and -journal (an encrypted leftover)."""
    for name in (path, *(path.with_name(path.name + s) for s in SIDE_FILES)):
        name.unlink(missing_ok=True)


def shred(path: Path) -> None:
    """Overwrite ``path`` (and its -wal/-shm/-journal) with zeros, fsync, unlink."""
    for name in (path, *(path.with_name(path.name + s) for s in SIDE_FILES)):
        try:
            size = name.stat().st_size
        except FileNotFoundError:
            continue
        with open(name, "r+b") as handle:
            zeros = bytes(min(size, _CHUNK))
            done = 0
            while done < size:
                n = min(len(zeros), size - done)
                handle.write(zeros[:n])
                done += n
            handle.flush()
            os.fsync(handle.fileno())
        name.unlink()
    fsync_folder(path.parent)


def _fsync_file(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def set_aside(path: Path, suffix: str) -> Path:
    """Rename a file that no longer belongs (a stale key file) to ``<name>.<suffix>-<time>``."""
    target = path.with_name(f"{path.name}.{suffix}-{time.strftime('%Y%m%d%H%M%S')}")
    os.replace(path, target)
    fsync_folder(path.parent)
    return target


def table_counts(connection: sqlite3.Connection, schema: str = "main") -> dict[str, int]:
    """Row counts of every ordinary table (FTS shadow tables included)."""
    names = [row[0] for row in connection.execute(
        f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table'"
        " AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'")]
    return {name: int(connection.execute(f'SELECT count(*) FROM {schema}."{name}"')
                      .fetchone()[0]) for name in names}


def _exclusive_plain(path: Path, key: bytes | None = None) -> sqlite3.Connection:
    """The database (plain, or encrypted with ``key``) opened for us alone: leaving WAL mode
    needs every other connection closed, and exclusive locking keeps newcomers out until we
    close."""
    import sqlcipher3

    connection = sqlcipher3.connect(str(path), timeout=2, isolation_level=None)
    try:
        if key is not None:
            connection.execute(f'PRAGMA key="{key_pragma(key)}"')
        mode = connection.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
        if str(mode).lower() != "delete":
            raise sqlcipher3.OperationalError("database is locked")
        connection.execute("PRAGMA locking_mode=EXCLUSIVE")
        connection.execute("BEGIN EXCLUSIVE")
        connection.execute("COMMIT")
    except sqlcipher3.Error as exc:
        connection.close()
        if "locked" in str(exc).lower() or "busy" in str(exc).lower():
            raise DatabaseError("数据库正被其他程序使用，请关闭其他工作站程序后再登录") from exc
        raise DatabaseError(f"无法读取数据库：{exc}") from exc
    return connection


#: VM instructions between two looks at the copy's size (``export_encrypted(copied=)``).
COPY_PROGRESS_EVERY = 20_000
#: The copy's page cache while exporting (KiB): small, so pages reach the file as they are
#: copied and its size tells how far the copy is.
COPY_CACHE_KIB = 2048


def export_encrypted(plain: Path, target: Path, key: bytes,
                     prepare: Callable[[sqlite3.Connection], None] | None = None,
                     source_key: bytes | None = None,
                     copied: Callable[[int, int], None] | None = None) -> None:
    """Copy the database ``plain`` (plain, or encrypted with ``source_key``) into a new
    encrypted database ``target`` (``sqlcipher_export``: schema, rows, FTS index, triggers),
    verify every table's row count and the integrity check, let ``prepare`` change the copy,
    fsync it. ``copied(bytes written, bytes expected)`` is called as the copy grows (SQLite's
    progress handler looks at the file's size; ``bytes expected`` is the source's pages)."""
    remove_database_files(target)
    source = _exclusive_plain(plain, source_key)
    try:
        counts = table_counts(source)
        expected = (int(source.execute("PRAGMA page_count").fetchone()[0])
                    * int(source.execute("PRAGMA page_size").fetchone()[0]))
        source.execute(f"ATTACH DATABASE ? AS encrypted KEY \"{key_pragma(key)}\"",
                       (str(target),))
        if copied is not None:
            source.execute(f"PRAGMA encrypted.cache_size = -{COPY_CACHE_KIB}")
            source.set_progress_handler(_size_watcher(target, expected, copied),
                                        COPY_PROGRESS_EVERY)
        try:
            source.execute("SELECT sqlcipher_export('encrypted')")
        finally:
            source.set_progress_handler(None, 0)
        source.execute("DETACH DATABASE encrypted")
    except Exception:
        source.close()
        remove_database_files(target)
        raise
    source.close()
    copy = connect_raw(target, key)
    try:
        problems = [row[0] for row in copy.execute("PRAGMA integrity_check")]
        copied = table_counts(copy)
        if problems != ["ok"] or copied != counts:
            raise DatabaseError("加密副本校验失败，原数据库未作改动")
        if prepare is not None:
            prepare(copy)
            if [row[0] for row in copy.execute("PRAGMA quick_check")] != ["ok"]:
                raise DatabaseError("加密副本校验失败，原数据库未作改动")
        copy.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except BaseException:
        copy.close()
        remove_database_files(target)
        raise
    copy.close()
    _fsync_file(target)
    fsync_folder(target.parent)


def _size_watcher(target: Path, expected: int,
                  copied: Callable[[int, int], None]) -> Callable[[], int]:
    """A progress handler reporting the size of ``target`` when it changed (never aborts the
    statement: a failing report is logged and ignored)."""
    last = -1

    def look() -> int:
        nonlocal last
        try:
            size = os.stat(target).st_size
        except OSError:
            return 0
        if size != last:
            last = size
            try:
                copied(min(size, expected), expected)
            except Exception:  # progress is a courtesy: the copy goes on
                log.exception("rekey progress report failed")
        return 0

    return look


def convert_in_place(path: Path, key: bytes, write_keys: Callable[[], None],
                     prepare: Callable[[sqlite3.Connection], None] | None = None) -> None:
    """Replace the plain database at ``path`` by an encrypted copy with ``key``.

    Call with the key file lock held. ``write_keys`` writes the key file (atomically); it
    runs after the copy is verified and before anything is renamed.
    """
    keys = keyfile_path(path)
    if keys.exists():
        set_aside(keys, "stale")  # not ours: the invariant needs "key file => copy complete"
    export_encrypted(path, encrypting_path(path), key, prepare)
    _checkpoint("exported")
    write_keys()
    _checkpoint("keys_written")
    finish_interrupted(path)


def install_new(path: Path, write_keys: Callable[[], None]) -> None:
    """Put a freshly made encrypted database (at ``encrypting_path(path)``, closed) in place:
    key file first, then the rename."""
    temp = encrypting_path(path)
    wal = temp.with_name(temp.name + "-wal")
    if wal.exists() and wal.stat().st_size:  # closing checkpoints it; else it would be lost
        raise DatabaseError("新数据库未能完整写入，请重试")
    _fsync_file(temp)
    write_keys()
    _checkpoint("keys_written")
    finish_interrupted(path)


def finish_interrupted(path: Path) -> None:
    """Complete (or clean up after) a conversion or creation that stopped half-way; a no-op
    when nothing was interrupted. Call with the key file lock held."""
    temp, aside = encrypting_path(path), plain_aside_path(path)
    if not keyfile_path(path).exists():
        # Never committed: the key file comes only after a complete copy.
        remove_database_files(temp)
        if aside.exists() and not path.exists():
            os.replace(aside, path)  # cannot happen by our order; never lose a database
        return
    if temp.exists():
        if path.exists() and is_plain_sqlite(path):
            os.replace(path, aside)
            fsync_folder(path.parent)
            _checkpoint("plain_aside")
        if not path.exists():
            for suffix in SIDE_FILES:  # a plain database's leftovers must not meet the copy
                side = path.with_name(path.name + suffix)
                if side.exists():
                    shred(side)
            os.replace(temp, path)
            fsync_folder(path.parent)
            _checkpoint("swapped")
        else:
            remove_database_files(temp)
    if aside.exists():
        shred(aside)


def describe_files(path: Path) -> list[str]:
    """Names of the station's files present (diagnostics and tests)."""
    with contextlib.suppress(FileNotFoundError):
        return sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name))
    return []
