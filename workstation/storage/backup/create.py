"""Making a backup file of a live station database."""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from workstation.storage.keyslots import keyfile_path
from workstation.version import program_version

from .archive import DB_MEMBER, Manifest, backup_file_name, write_archive
from .errors import BackupCancelled, BackupError, os_error_text
from .snapshot import Progress, check_copy, copy_database, settle

#: Progress is reported on this scale: copying pages, then writing and reading back the file.
PROGRESS_TOTAL = 1000
_COPY_END = 400
_CHECK_END = 450
STALE_WORK_DIR_S = 3600


@dataclass(frozen=True)
class BackupMade:
    path: Path
    size: int
    manifest: Manifest


def work_dir(db_path: Path, purpose: str) -> Path:
    """A private temporary folder beside the database (same disk: renames stay atomic);
    leftovers of crashed runs older than an hour are removed first."""
    folder = db_path.parent
    pattern = f".{db_path.name}.{purpose}-*"
    for stale in folder.glob(pattern):
        try:
            if time.time() - stale.stat().st_mtime > STALE_WORK_DIR_S:
                shutil.rmtree(stale, ignore_errors=True)
        except OSError:
            continue
    try:
        return Path(tempfile.mkdtemp(prefix=f".{db_path.name}.{purpose}-", dir=folder))
    except OSError as exc:
        raise BackupError(f"无法在数据库所在的文件夹创建临时文件：{os_error_text(exc)}") from exc


def _scaled(progress: Progress | None, start: int, end: int):  # type: ignore[no-untyped-def]
    def report(done: int, total: int) -> bool | None:
        if progress is None:
            return None
        fraction = done / total if total else 1.0
        return progress(start + round((end - start) * min(fraction, 1.0)), PROGRESS_TOTAL)

    return report


def make_backup(db_path: Path, key: bytes | None, out_dir: Path, *,
                progress: Progress | None = None, now: datetime | None = None) -> BackupMade:
    """Copy the database at ``db_path`` (encrypted with ``key``, None for plain) with its key
    file into a new verified backup file in ``out_dir``.

    ``progress(done, PROGRESS_TOTAL)``; returning False cancels (``BackupCancelled``, no
    file). Failures raise ``BackupError`` with a Chinese message and leave no file."""
    db_path = Path(db_path)
    if not db_path.exists():
        raise BackupError(f"找不到数据库文件：{db_path}")
    created = (now or datetime.now(UTC)).astimezone(UTC)
    # The key file is read before the copy: a rekey by another program after the copy (it
    # cannot run during it) must not pair the old database with the new key file.
    keys = keyfile_path(db_path)
    try:
        keyfile = keys.read_bytes() if key is not None and keys.exists() else None
    except OSError as exc:
        raise BackupError(f"无法读取数据库密钥文件：{os_error_text(exc)}") from exc
    work = work_dir(db_path, "backup")
    try:
        copy = work / DB_MEMBER
        try:
            copy_database(db_path, copy, key, _scaled(progress, 0, _COPY_END))
            settle(copy, key)
        except OSError as exc:
            raise BackupError(f"无法复制数据库：{os_error_text(exc)}") from exc
        facts = check_copy(copy, key)
        report = _scaled(progress, _COPY_END, _CHECK_END)
        if report(1, 1) is False:
            raise BackupCancelled()
        manifest = Manifest(
            created_at=created, app_version=program_version(), station_id=facts.station_id,
            station_name=facts.station_name, division_code=facts.division_code,
            schema_revision=facts.revision, encrypted=key is not None,
            page_size=facts.page_size, page_count=facts.page_count,
            check="quick_check ok", counts=facts.counts)
        name = backup_file_name(facts.station_name, facts.division_code, created.astimezone())
        size = copy.stat().st_size
        write_progress = _scaled(progress, _CHECK_END, PROGRESS_TOTAL)
        path, sealed = write_archive(Path(out_dir), name, copy, keyfile, manifest,
                                     lambda done: write_progress(done, 2 * size))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return BackupMade(path, path.stat().st_size, sealed)
