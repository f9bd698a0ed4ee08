"""A consistent copy of a live station database, and the facts checked on a copy.

The copy is made with SQLite's online backup API in steps of ``PAGES_PER_STEP`` pages, so it
can report progress and be cancelled. The source connection holds one read transaction for
the whole copy: in WAL mode that pins a snapshot (every commit made before the copy started,
none made after), while the application keeps committing to the WAL undisturbed, and the
backup is never restarted by those writes. An encrypted database is copied page by page with
the same key: the copy is encrypted exactly like the original.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import sqlcipher3

from workstation.storage.engine import connect_raw

from .errors import BackupCancelled, BackupError

PAGES_PER_STEP = 256  # 1 MiB at 4 KiB pages: ~100 progress reports for a 100 MB database
#: Tables counted in the manifest and shown before a restore.
COUNTED_TABLES = ("operator", "person", "consultation", "mediation_case", "aid_referral",
                  "audit_entry")

#: What a failing plain or SQLCipher connection raises (two unrelated class trees).
DB_ERRORS: tuple[type[Exception], ...] = (sqlite3.DatabaseError, sqlcipher3.DatabaseError)

#: ``progress(done, total)``; returning ``False`` asks to cancel.
Progress = Callable[[int, int], bool | None]


class _Stop(Exception):
    pass


def copy_database(source: Path, target: Path, key: bytes | None,
                  progress: Progress | None = None) -> int:
    """Copy the database at ``source`` to the new file ``target``; the number of pages."""
    src = connect_raw(source, key)
    try:
        src.execute("BEGIN")
        src.execute("SELECT count(*) FROM sqlite_master").fetchone()  # pins the snapshot
        dst = connect_raw(target, key)
        # A scratch file until it is checked and zipped: no journal, no fsync per step (the
        # station's WAL + FULL would write every page twice and fsync every step).
        dst.execute("PRAGMA journal_mode=OFF").fetchone()
        dst.execute("PRAGMA synchronous=OFF")
        pages = 0

        def step(_status: int, remaining: int, total: int) -> None:
            nonlocal pages
            pages = total
            if progress is not None and progress(total - remaining, total) is False:
                raise _Stop

        try:
            src.backup(dst, pages=PAGES_PER_STEP, progress=step)
        except _Stop:
            raise BackupCancelled() from None
        finally:
            dst.close()
    finally:
        with contextlib.suppress(*DB_ERRORS):
            src.execute("ROLLBACK")
        src.close()
    return pages


@dataclass(frozen=True)
class CopyFacts:
    """What a database file holds, read straight from it (no migrations run)."""

    revision: str
    station_id: str
    station_name: str
    division_code: str
    page_size: int
    page_count: int
    counts: dict[str, int] = field(default_factory=dict)


def check_copy(path: Path, key: bytes | None, *, full: bool = False) -> CopyFacts:
    """Open ``path`` with ``key``, check its pages (``quick_check``, or ``integrity_check``
    with ``full``) and read its schema revision, station and record counts."""
    try:
        conn = connect_raw(path, key)
    except DB_ERRORS as exc:
        raise BackupError(_open_reason(exc)) from exc
    try:
        pragma = "integrity_check" if full else "quick_check"
        result = [row[0] for row in conn.execute(f"PRAGMA {pragma}").fetchall()]
        if result != ["ok"]:
            raise BackupError(f"数据库已损坏：内部检查未通过（{_first_problem(result)}）")
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        station = conn.execute("SELECT id, name, division_code FROM station").fetchone()
        if row is None or station is None:
            raise BackupError("数据库尚未初始化站点")
        counts = {table: int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
                  for table in COUNTED_TABLES}
        page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
        page_count = int(conn.execute("PRAGMA page_count").fetchone()[0])
    except DB_ERRORS as exc:
        raise BackupError(_open_reason(exc)) from exc
    finally:
        conn.close()
    return CopyFacts(str(row[0]), str(station[0]), str(station[1]), str(station[2]),
                     page_size, page_count, counts)


def opens_with(path: Path, key: bytes | None) -> bool:
    """Whether ``path`` opens (its first page decrypts) with ``key``."""
    try:
        conn = connect_raw(path, key)
    except DB_ERRORS:
        return False
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except DB_ERRORS:
        return False
    finally:
        conn.close()


def encrypt_plain_copy(plain: Path, target: Path, key: bytes) -> None:
    """Write an encrypted copy of the plain database ``plain`` to ``target`` (SQLCipher's
    ``sqlcipher_export``): restoring a backup taken before the station was encrypted."""
    from workstation.storage.engine import key_pragma

    conn = sqlcipher3.connect(str(plain))
    try:
        conn.execute("ATTACH DATABASE ? AS encrypted KEY ?", (str(target), key_pragma(key)))
        conn.execute("SELECT sqlcipher_export('encrypted')")
        conn.execute("DETACH DATABASE encrypted")
    except sqlcipher3.DatabaseError as exc:
        raise BackupError(_open_reason(exc)) from exc
    finally:
        conn.close()
    settle(target, key)


def settle(path: Path, key: bytes | None) -> None:
    """Fold the WAL of ``path`` into the file, so that the file alone is the whole database
    (before it is hashed, zipped or moved into place). No other connection may be open."""
    conn = connect_raw(path, key)
    try:
        busy, _log, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        conn.close()
    wal = Path(str(path) + "-wal")
    if busy or (wal.exists() and wal.stat().st_size):
        raise BackupError("数据库的临时日志无法合并（可能被其他程序占用）")
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def _open_reason(exc: BaseException) -> str:
    text = str(exc).lower()
    if "not a database" in text or "encrypted" in text:
        return "数据库无法打开：密钥不符或文件已损坏"
    if "malformed" in text or "corrupt" in text:
        return "数据库文件已损坏"
    if "locked" in text or "busy" in text:
        return "数据库正被其他程序占用，请稍后再试"
    return f"数据库无法读取（{str(exc).strip() or type(exc).__name__}）"


def _first_problem(result: list[str]) -> str:
    """The first line of an integrity check's report (it can list hundreds of pages)."""
    lines = [line for row in result for line in str(row).splitlines()
             if line.strip() and not line.startswith("***")]
    more = f"等{len(lines)}处问题" if len(lines) > 1 else ""
    return (lines[0] if lines else "无结果") + more
