"""A crafted backup cannot make a restore write more than the file itself holds: compressed
members are refused before anything is written, sizes are checked against the file on disk,
and a disk without room for the database is refused up front; nothing is left behind."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from tests.backup_support import station_files
from workstation.services.context import Actor
from workstation.storage.backup import restore as restore_mod
from workstation.storage.backup.archive import DB_MEMBER, MANIFEST_MEMBER
from workstation.storage.backup.create import make_backup
from workstation.storage.backup.errors import BackupError
from workstation.storage.backup.restore import prepare_restore
from workstation.storage.engine import Database

BOMB = 64 << 20  # what the crafted member inflates to (~64 KB compressed)


def _folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _crafted(good: Path, target: Path, compress: int, db_data: bytes | None = None,
             declared: int | None = None) -> Path:
    """``good`` with its database member replaced by ``db_data`` (default: ``BOMB`` zeros),
    written with ``compress``, and the manifest declaring ``declared`` bytes for it."""
    with zipfile.ZipFile(good) as zf:
        entries = {i.filename: zf.read(i) for i in zf.infolist()}
    data = b"\0" * BOMB if db_data is None else db_data
    manifest = json.loads(entries[MANIFEST_MEMBER])
    manifest["files"][DB_MEMBER]["size"] = len(data) if declared is None else declared
    entries[DB_MEMBER] = data
    entries[MANIFEST_MEMBER] = json.dumps(manifest).encode()
    with zipfile.ZipFile(target, "w") as zf:
        for name, content in entries.items():
            zf.writestr(zipfile.ZipInfo(name), content, compress_type=compress)
    return target


def _refused(db: Database, bad: Path) -> tuple[str, int]:
    """Restore ``bad``: the message, and the most bytes seen beside the database meanwhile."""
    folder = db.path.parent
    baseline = _folder_bytes(folder)
    before = station_files(db.path)
    listing = sorted(p.name for p in folder.iterdir())
    most = 0

    def watch(_done: int, _total: int) -> None:
        nonlocal most
        most = max(most, _folder_bytes(folder) - baseline)

    with pytest.raises(BackupError) as info:
        prepare_restore(db.path, db.key, bad, progress=watch)
    watch(0, 0)
    assert station_files(db.path) == before
    assert sorted(p.name for p in folder.iterdir()) == listing  # nothing left behind
    return str(info.value), most


def test_a_compressed_database_member_is_refused_before_anything_is_written(
        db: Database, actor: Actor, tmp_path: Path) -> None:
    out = tmp_path / "usb"
    out.mkdir()
    good = make_backup(db.path, db.key, out).path
    bad = _crafted(good, tmp_path / "bomb.wsbak", zipfile.ZIP_DEFLATED)
    assert bad.stat().st_size < 1 << 20
    message, most = _refused(db, bad)
    assert "压缩" in message
    assert most < 1 << 20, f"{most >> 20} MB written for a {bad.stat().st_size >> 10} KB file"


def test_member_sizes_beyond_the_file_are_refused_unread(
        db: Database, actor: Actor, tmp_path: Path) -> None:
    out = tmp_path / "usb"
    out.mkdir()
    good = make_backup(db.path, db.key, out).path
    bad = _crafted(good, tmp_path / "short.wsbak", zipfile.ZIP_STORED, db_data=b"x" * 4096,
                   declared=1 << 30)
    blob = bytearray(bad.read_bytes())
    at = blob.rfind(b"PK\x01\x02")
    while blob[at + 46:at + 46 + len(DB_MEMBER)] != DB_MEMBER.encode():
        at = blob.rfind(b"PK\x01\x02", 0, at)
    # the central directory (and the manifest) claim 1 GiB for the 4 KB database member
    blob[at + 20:at + 28] = (1 << 30).to_bytes(4, "little") * 2
    bad.write_bytes(bytes(blob))
    with zipfile.ZipFile(bad) as zf:
        manifest = json.loads(zf.read(MANIFEST_MEMBER))
    assert manifest["files"][DB_MEMBER]["size"] == 1 << 30
    message, most = _refused(db, bad)
    assert "损坏" in message
    assert most < 1 << 20


def test_a_disk_without_room_for_the_database_is_refused_up_front(
        db: Database, actor: Actor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "usb"
    out.mkdir()
    good = make_backup(db.path, db.key, out).path
    size = db.path.stat().st_size

    class Usage:
        free = size  # the database would fit, the margin for upgrading it would not

    monkeypatch.setattr(restore_mod.shutil, "disk_usage", lambda _path: Usage())
    message, most = _refused(db, good)
    assert "磁盘空间不足" in message
    assert most == 0
