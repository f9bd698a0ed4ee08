"""Backup and restore use cases: audit entries, restore for admins only, automatic backups
when due, rotation of this station's automatic backups, and a failed swap rolled back."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.backup_support import add_consultations, record_ids, station_files
from tests.conftest import TEST_KEY, Sql
from workstation.services import backup as service
from workstation.services.auth import add_operator, authenticate
from workstation.services.context import Actor, ServiceError
from workstation.storage.backup import restore as restore_mod
from workstation.storage.backup.errors import BackupError
from workstation.storage.backup.journal import journal_path
from workstation.storage.engine import Database, open_database


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "usb"
    folder.mkdir()
    return folder


@pytest.fixture
def mediator(db: Database, actor: Actor) -> Actor:
    add_operator(db, actor, username="liming", name="李明", password="mediator-pw-1")
    return authenticate(db, "liming", "mediator-pw-1")


def _audits(db: Database, action: str) -> list[Any]:
    return Sql(db).rows("SELECT operator_id, record_type, record_id, detail FROM audit_entry"
                        " WHERE action = :a ORDER BY id", a=action)


def test_backup_is_audited(db: Database, actor: Actor, out: Path) -> None:
    made = service.backup_now(db, actor, out)
    [(operator, record_type, record_id, detail)] = _audits(db, "backup")
    assert (operator, record_type, record_id) == (actor.operator_id, "backup", made.path.name)
    assert "手动备份" in detail and str(made.size) in detail


def test_failed_backup_is_audited_and_explained(db: Database, actor: Actor, tmp_path: Path
                                                ) -> None:
    missing = tmp_path / "unplugged-usb"
    with pytest.raises(service.BackupFailed, match="备份目标文件夹不存在"):
        service.backup_now(db, actor, missing)
    [(operator, _type, _id, detail)] = _audits(db, "backup.failed")
    assert operator == actor.operator_id and "unplugged-usb" in detail
    assert _audits(db, "backup") == []


def test_a_mediator_cannot_restore(db: Database, actor: Actor, mediator: Actor, out: Path
                                   ) -> None:
    made = service.backup_now(db, mediator, out)  # backing up is allowed to everyone
    before = station_files(db.path)
    with pytest.raises(ServiceError, match="只有站点管理员可以恢复备份"):
        service.prepare_restore(db.path, db.key, mediator, made.path)
    prepared = service.prepare_restore(db.path, db.key, actor, made.path)
    with pytest.raises(ServiceError, match="只有站点管理员可以恢复备份"):
        service.restore_backup(prepared, mediator, db.key, db=db)
    assert station_files(db.path) == before
    assert not [p for p in db.path.parent.iterdir() if ".restore-" in p.name]


def test_restore_is_audited_in_the_restored_database(db: Database, actor: Actor, make: Any,
                                                     out: Path) -> None:
    add_consultations(db, actor, make, 2)
    made = service.backup_now(db, actor, out)
    add_consultations(db, actor, make, 2, first=40)
    prepared = service.prepare_restore(db.path, db.key, actor, made.path)
    done = service.restore_backup(prepared, actor, db.key, db=db)
    assert done.aside is not None and done.counts["consultation"] == 2
    assert any(done.aside.name in note for note in done.notes)
    restored = open_database(db.path, key=TEST_KEY)
    try:
        [(operator, _type, record_id, detail)] = _audits(restored, "restore")
        assert (operator, record_id) == (actor.operator_id, made.path.name)
        assert done.aside.name in detail
        # The backup's own audit entry is not in it (written after the copy), the restore is.
        assert len(_audits(restored, "backup")) == 0
    finally:
        restored.dispose()


def test_prepare_refusals_are_service_errors(db: Database, actor: Actor, tmp_path: Path
                                             ) -> None:
    bogus = tmp_path / "x-130302100000-20260101-000000.wsbak"
    bogus.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(service.BackupFailed, match="不是工作站备份文件"):
        service.prepare_restore(db.path, db.key, actor, bogus)
    with pytest.raises(service.BackupFailed, match="找不到备份文件"):
        service.prepare_restore(db.path, db.key, actor, tmp_path / "gone.wsbak")


def test_failed_swap_is_rolled_back(db: Database, actor: Actor, make: Any, out: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    add_consultations(db, actor, make, 1)
    made = service.backup_now(db, actor, out)
    add_consultations(db, actor, make, 2, first=40)
    before = record_ids(db.path, TEST_KEY)
    prepared = service.prepare_restore(db.path, db.key, actor, made.path)

    def half_done(db_path: Path) -> bool:
        import json

        steps = json.loads(journal_path(db_path).read_text())
        os.replace(db_path.parent / steps["renames"][-1][0], db_path)
        raise BackupError("磁盘读写出错")

    monkeypatch.setattr(restore_mod, "finish_pending_restore", half_done)
    with pytest.raises(service.BackupFailed, match="已换回原来的数据库"):
        service.restore_backup(prepared, actor, db.key, db=db)
    assert not journal_path(db.path).exists()
    assert record_ids(db.path, TEST_KEY) == before


# --- automatic backups ---------------------------------------------------------------------------


def test_automatic_backup_is_due_once_a_day(db: Database, actor: Actor, tmp_path: Path) -> None:
    folder = tmp_path / "auto"
    assert service.automatic_backup_due(db, folder)
    result = service.run_automatic_backup(db, actor, "start", folder=folder)
    assert result.made.path.parent == folder
    assert not service.automatic_backup_due(db, folder)
    later = datetime.now().astimezone() + timedelta(hours=25)
    assert service.automatic_backup_due(db, folder, now=later)
    [(_op, _t, _id, detail)] = _audits(db, "backup")
    assert "启动时自动备份" in detail


def test_automatic_backup_rotates_only_this_stations_backups(
        db: Database, actor: Actor, tmp_path: Path) -> None:
    folder = tmp_path / "auto"
    folder.mkdir()
    ours, others = [], []
    start = datetime(2025, 1, 1, 18, 0)
    for day in range(0, 400, 3):
        stamp = start + timedelta(days=day)
        name = f"海港镇公共法律服务工作站-130302100000-{stamp:%Y%m%d-%H%M%S}.wsbak"
        (folder / name).write_bytes(b"old")
        ours.append(folder / name)
    for name in ("其他站-130302200000-20250101-180000.wsbak", "notes.txt", "station.db"):
        (folder / name).write_bytes(b"keep me")
        others.append(folder / name)
    result = service.run_automatic_backup(db, actor, "exit", folder=folder)
    remaining = {p for p in folder.iterdir()}
    assert set(others) <= remaining and result.made.path in remaining
    kept_old = [p for p in ours if p in remaining]
    assert 0 < len(kept_old) <= 7 + 4 + 12
    assert set(result.removed) == set(ours) - set(kept_old)
    listed = service.list_backups(folder, "130302100000")
    assert listed[0].path == result.made.path and listed[0].ok
    assert all(not e.ok and e.problem for e in listed[1:])  # the fake old files
    assert {e.path for e in service.list_backups(folder)} >= {others[0]}
