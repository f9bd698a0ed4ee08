"""Helpers of the backup and restore tests: records to back up, files to compare and damage."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from workstation.services.consultations import register_consultation
from workstation.services.context import Actor
from workstation.storage.backup.archive import DB_MEMBER
from workstation.storage.engine import Database, connect_raw
from workstation.storage.keyslots import keyfile_path

ID_TABLES = ("person", "consultation", "mediation_case", "aid_referral", "operator")


def add_consultations(db: Database, actor: Actor, make: Any, count: int, first: int = 0,
                      name: str = "张三") -> list[str]:
    """``count`` consultations of distinct persons (ID sequence numbers from ``first``)."""
    return [register_consultation(db, actor, make.consultation(make.person(first + i, name)))
            for i in range(count)]


def record_ids(path: Path, key: bytes | None) -> dict[str, list[str]]:
    """Every record id per table, read straight from the file."""
    conn = connect_raw(path, key)
    try:
        return {t: [r[0] for r in conn.execute(f"SELECT id FROM {t} ORDER BY id")]
                for t in ID_TABLES}
    finally:
        conn.close()


def station_files(db_path: Path) -> dict[str, bytes]:
    """The bytes of the database, its WAL and its key file (those that exist)."""
    out = {}
    for path in (db_path, Path(f"{db_path}-wal"), keyfile_path(db_path)):
        if path.exists():
            out[path.name] = path.read_bytes()
    return out


def extract_db(backup: Path, target: Path) -> Path:
    with zipfile.ZipFile(backup) as archive:
        target.write_bytes(archive.read(DB_MEMBER))
    return target


def member_offset(backup: Path, name: str = DB_MEMBER) -> tuple[int, int]:
    """(offset of the member's data in the file, its size)."""
    with zipfile.ZipFile(backup) as archive:
        info = archive.getinfo(name)
    with open(backup, "rb") as fh:
        fh.seek(info.header_offset + 26)
        name_len = int.from_bytes(fh.read(2), "little")
        extra_len = int.from_bytes(fh.read(2), "little")
    return info.header_offset + 30 + name_len + extra_len, info.file_size


def flip(path: Path, offset: int, count: int = 16) -> None:
    data = bytearray(path.read_bytes())
    for i in range(offset, offset + count):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))
