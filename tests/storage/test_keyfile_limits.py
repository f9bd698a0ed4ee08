"""A key file is untrusted input (it travels inside backups): every Argon2 cost and every size
is bounded before anything is derived, and an oversized file is not read whole."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from workstation.services.context import Actor
from workstation.storage import keyslots
from workstation.storage.backup.archive import KEYS_MEMBER, MANIFEST_MEMBER
from workstation.storage.backup.create import make_backup
from workstation.storage.backup.errors import BackupError
from workstation.storage.backup.restore import RestoreSecret, prepare_restore
from workstation.storage.engine import Database
from workstation.storage.keyslots import (
    KeyFile,
    KeySlotError,
    Slot,
    keyfile_path,
    new_data_key,
    new_recovery_code,
)

PASSWORD = "correct-horse-1"


def _cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _saved(tmp_path: Path) -> Path:
    path = keyfile_path(tmp_path / "station.db")
    KeyFile.create(path, new_data_key(), username="admin", password=PASSWORD,
                   recovery_code=new_recovery_code()).save()
    return path


BAD_SLOTS: list[tuple[str, Any]] = [
    ("t", 2**40), ("t", 0), ("t", 100), ("m", 2**40), ("m", 8 << 20), ("m", 4),
    ("p", 2**31), ("p", 0), ("p", 64), ("t", "3"), ("m", 1.5), ("p", True),
    ("salt", "AA=="), ("salt", "A" * 400), ("nonce", "AAAA"), ("wrapped", "A" * 4000),
]


@pytest.mark.parametrize(("field", "value"), BAD_SLOTS)
def test_out_of_bounds_slots_are_refused_before_deriving(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, field: str, value: Any) -> None:
    path = _saved(tmp_path)
    raw = json.loads(path.read_text("utf-8"))
    for slot in raw["slots"]:
        if field in ("t", "m", "p"):
            slot["kdf"][field] = value
        else:
            slot[field] = value
    path.write_text(json.dumps(raw), "utf-8")
    derived: list[Any] = []
    monkeypatch.setattr(keyslots, "hash_secret_raw", lambda *a, **k: derived.append(a))
    with pytest.raises(KeySlotError) as info:
        KeyFile.load(path).unlock("admin", PASSWORD)
    assert _cjk(str(info.value)) and "\n" not in str(info.value)
    assert derived == []


def test_the_default_and_the_tests_cost_are_within_bounds(tmp_path: Path) -> None:
    for params in (keyslots.KdfParams(), keyslots.DEFAULT_KDF):
        slot = Slot.seal("operator:admin", PASSWORD, bytes(32), params)
        assert Slot.from_dict(slot.as_dict()).open(PASSWORD) == bytes(32)


def test_an_oversized_key_file_is_refused_unread(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    path = _saved(tmp_path)
    with open(path, "ab") as fh:
        fh.write(b" " * (keyslots.MAX_KEYFILE_BYTES + 1))
    reads: list[int] = []
    real_open = open

    def spying_open(file: Any, mode: str = "r", *args: Any, **kw: Any) -> Any:
        handle = real_open(file, mode, *args, **kw)
        if Path(str(file)) == path and "b" in mode:
            read = handle.read
            handle = _Spy(handle, read, reads)
        return handle

    monkeypatch.setattr("builtins.open", spying_open)
    with pytest.raises(KeySlotError, match="密钥文件"):
        KeyFile.load(path)
    assert reads and max(reads) <= keyslots.MAX_KEYFILE_BYTES + 1


class _Spy:
    def __init__(self, handle: Any, read: Any, reads: list[int]) -> None:
        self._handle, self._read, self._reads = handle, read, reads

    def read(self, size: int = -1) -> bytes:
        data = self._read(size)
        self._reads.append(len(data))
        return data

    def __enter__(self) -> _Spy:
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)


def test_a_legacy_hash_with_absurd_costs_gets_no_slot() -> None:
    encoded = "$argon2id$v=19$m=4294967295,t=4294967295,p=255$c2FsdHNhbHRzYWx0$" + "A" * 43
    assert Slot.from_password_hash("operator:x", encoded, bytes(32)) is None


def test_restore_with_a_crafted_key_file_is_refused_with_a_message(
        db: Database, actor: Actor, tmp_path: Path) -> None:
    out = tmp_path / "usb"
    out.mkdir()
    good = make_backup(db.path, db.key, out).path
    with zipfile.ZipFile(good) as zf:
        entries = {i.filename: zf.read(i) for i in zf.infolist()}
    raw = json.loads(entries[KEYS_MEMBER])
    for slot in raw["slots"]:
        slot["kdf"].update(t=2**32, m=2**32, p=2**24)
    keys = json.dumps(raw).encode()
    manifest = json.loads(entries[MANIFEST_MEMBER])
    manifest["files"][KEYS_MEMBER] = {"size": len(keys),
                                      "sha256": hashlib.sha256(keys).hexdigest()}
    entries[KEYS_MEMBER], entries[MANIFEST_MEMBER] = keys, json.dumps(manifest).encode()
    bad = tmp_path / "crafted.wsbak"
    with zipfile.ZipFile(bad, "w") as zf:
        for name, data in entries.items():
            zf.writestr(zipfile.ZipInfo(name), data)
    elsewhere = tmp_path / "newpc" / "station.db"
    elsewhere.parent.mkdir()
    with pytest.raises(BackupError) as info:
        prepare_restore(elsewhere, None, bad, secret=RestoreSecret("admin", PASSWORD))
    assert "密钥文件" in str(info.value) and _cjk(str(info.value))
    assert list(elsewhere.parent.iterdir()) == []
