"""Backups onto a full or read-only disk (a real tiny tmpfs, as in ``test_disk_errors``; and
everywhere, the final rename failing with ENOSPC): a clear Chinese error, the failure in the
audit trail, no file that looks like a backup (not even a temp file), the station untouched,
and a retry onto a good folder works. Restoring onto a full disk is refused the same way."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest

from tests.backup_support import add_consultations, record_ids, station_files
from tests.conftest import Sql
from workstation.services import backup as service
from workstation.services.context import Actor
from workstation.storage.engine import Database

from .test_disk_errors import bad_target  # noqa: F401  (the fixture)


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _assert_clean_failure(db: Database, actor: Actor, target: Path, error: Exception,
                          before: dict[str, list[str]], tmp_path: Path) -> None:
    assert _has_cjk(str(error)) and "无法写入备份文件" in str(error), str(error)
    assert list(target.iterdir()) == [], "partial or temp backup file left behind"
    assert record_ids(db.path, db.key) == before
    [(detail,)] = Sql(db).rows("SELECT detail FROM audit_entry WHERE action = 'backup.failed'")
    assert "无法写入备份文件" in detail
    good = tmp_path / "good"
    good.mkdir()
    made = service.backup_now(db, actor, good)
    assert made.manifest.counts["consultation"] == len(before["consultation"])


def test_backup_to_full_or_read_only_disk(db: Database, actor: Actor, make: Any,
                                          bad_target: Path, tmp_path: Path) -> None:  # noqa: F811
    add_consultations(db, actor, make, 3)
    before = record_ids(db.path, db.key)
    with pytest.raises(service.BackupFailed) as info:
        service.backup_now(db, actor, bad_target)
    _assert_clean_failure(db, actor, bad_target, info.value, before, tmp_path)


def test_backup_when_the_final_rename_fails_with_enospc(
        db: Database, actor: Actor, make: Any, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    add_consultations(db, actor, make, 3)
    target = tmp_path / "usb"
    target.mkdir()
    before = record_ids(db.path, db.key)

    def full(*_args: Any, **_kw: Any) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", full)
        with pytest.raises(service.BackupFailed) as info:
            service.backup_now(db, actor, target)
    assert "磁盘空间不足" in str(info.value)
    _assert_clean_failure(db, actor, target, info.value, before, tmp_path)


def test_restore_when_the_disk_fills_up_leaves_the_station_untouched(
        db: Database, actor: Actor, make: Any, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    add_consultations(db, actor, make, 2)
    made = service.backup_now(db, actor, tmp_path)
    add_consultations(db, actor, make, 2, first=30)
    before = station_files(db.path)

    from workstation.storage.backup import archive

    def fill_up(*_args: Any, **_kw: Any) -> Any:  # extracting the copy hits a full disk
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(archive, "_stream", fill_up)
    with pytest.raises(service.BackupFailed, match="磁盘空间不足"):
        service.prepare_restore(db.path, db.key, actor, made.path)
    assert station_files(db.path) == before
    assert not [p for p in db.path.parent.iterdir() if ".restore-" in p.name]
