"""The restore journal: the last steps of a swap, written down so a crash cannot stop half-way.

Kept free of heavy imports: ``open_database`` checks for a journal every time it opens.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from workstation.files import fsync_folder, write_atomically

from .errors import BackupError, os_error_text


def journal_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".restore-journal")


def write_journal(db_path: Path, deletes: list[str], renames: list[tuple[str, str]],
                  work: str) -> None:
    """Names are relative to the database's folder (``renames`` sources may be one folder
    down: the restore's work folder)."""
    journal = {"version": 1, "delete": deletes, "renames": renames, "work": work}
    write_atomically(journal_path(db_path),
                     json.dumps(journal, ensure_ascii=False).encode("utf-8"))


def finish_pending_restore(db_path: Path) -> bool:
    """Complete a restore that a crash interrupted after its journal was written (called
    before a database is opened); True if there was one."""
    db_path = Path(db_path)
    journal = journal_path(db_path)
    if not journal.exists():
        return False
    folder = db_path.parent
    try:
        steps = json.loads(journal.read_text("utf-8"))
        for name in steps["delete"]:
            (folder / _plain(name)).unlink(missing_ok=True)
        for source, target in steps["renames"]:
            src = folder / _safe(source)
            if src.exists():
                os.replace(src, folder / _plain(target))
        fsync_folder(folder)
        journal.unlink()
        fsync_folder(folder)
        shutil.rmtree(folder / _safe(steps["work"]), ignore_errors=True)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        detail = os_error_text(exc) if isinstance(exc, OSError) else "恢复记录已损坏"
        raise BackupError(f"上次恢复备份没有完成，现在也无法完成：{detail}") from exc
    return True


def _plain(name: str) -> str:
    if not name or "/" in name or "\\" in name or name in {".", ".."}:
        raise ValueError(name)
    return name


def _safe(relative: str) -> str:
    parts = relative.split("/")
    if len(parts) > 2 or any(p in {"", ".", ".."} or "\\" in p for p in parts):
        raise ValueError(relative)
    return relative
