"""Key slots: the data key opens only with the right secret, after any number of changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workstation.storage.keyslots import (
    RECOVERY_ALPHABET,
    KeyFile,
    KeySlotError,
    WrongSecret,
    keyfile_path,
    new_data_key,
    new_recovery_code,
)


def _keyfile(tmp_path: Path) -> tuple[KeyFile, bytes, str]:
    key, code = new_data_key(), new_recovery_code()
    keyfile = KeyFile.create(keyfile_path(tmp_path / "station.db"), key, username="admin",
                             password="correct-horse-1", recovery_code=code)
    keyfile.save()
    return keyfile, key, code


def test_password_and_recovery_code_open_the_same_data_key(tmp_path: Path) -> None:
    _, key, code = _keyfile(tmp_path)
    loaded = KeyFile.load(tmp_path / "station.db.keys")
    assert loaded.unlock("admin", "correct-horse-1") == key
    assert loaded.unlock_with_recovery(code) == key
    assert loaded.unlock_with_recovery(code.lower().replace("-", " ")) == key


def test_wrong_secrets_never_open(tmp_path: Path) -> None:
    keyfile, _, code = _keyfile(tmp_path)
    for user, password in (("admin", "correct-horse-2"), ("nobody", "correct-horse-1"),
                           ("admin", "")):
        with pytest.raises(WrongSecret, match="用户名或密码错误"):
            keyfile.unlock(user, password)
    wrong = ("A" if code[0] != "A" else "B") + code[1:]
    with pytest.raises(WrongSecret, match="恢复码不正确"):
        keyfile.unlock_with_recovery(wrong)


def test_password_changes_rewrap_the_same_key(tmp_path: Path) -> None:
    keyfile, key, _ = _keyfile(tmp_path)
    passwords = [f"password-{i}" for i in range(5)]
    for password in passwords:
        keyfile.set_operator("admin", password, key)
        keyfile.save()
    loaded = KeyFile.load(keyfile.path)
    assert loaded.unlock("admin", passwords[-1]) == key
    for old in ("correct-horse-1", *passwords[:-1]):
        with pytest.raises(WrongSecret):
            loaded.unlock("admin", old)


def test_a_slot_copied_under_another_name_does_not_open(tmp_path: Path) -> None:
    keyfile, key, _ = _keyfile(tmp_path)
    keyfile.set_operator("clerk", "clerk-password", key)
    keyfile.save()
    raw = json.loads(keyfile.path.read_text("utf-8"))
    slots = {slot["label"]: slot for slot in raw["slots"]}
    slots["operator:admin"] = {**slots["operator:clerk"], "label": "operator:admin"}
    raw["slots"] = list(slots.values())
    keyfile.path.write_text(json.dumps(raw), "utf-8")
    with pytest.raises(WrongSecret):
        KeyFile.load(keyfile.path).unlock("admin", "clerk-password")


def test_missing_or_damaged_key_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(KeySlotError, match="找不到数据库密钥文件"):
        KeyFile.load(tmp_path / "none.keys")
    bad = tmp_path / "bad.keys"
    bad.write_text("{not json", "utf-8")
    with pytest.raises(KeySlotError, match="已损坏"):
        KeyFile.load(bad)


def test_recovery_codes_are_long_and_unambiguous() -> None:
    codes = {new_recovery_code() for _ in range(50)}
    assert len(codes) == 50
    for code in codes:
        groups = code.split("-")
        assert [len(g) for g in groups] == [5] * 5
        assert set("".join(groups)) <= set(RECOVERY_ALPHABET)
        assert not set("01OI") & set(code)
