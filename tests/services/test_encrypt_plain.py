"""Old unencrypted databases are encrypted in place at their first login: every row kept,
search working, every operator still able to log in, and a crash at any step leaving a
database that opens."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from workstation.services import operators, security
from workstation.services.aid import create_referral
from workstation.services.consultations import register_consultation
from workstation.services.drafts import save_draft
from workstation.services.login_throttle import LoginFailed
from workstation.services.mediation import open_case
from workstation.services.search import search
from workstation.services.security import StationStatus, station_status, unlock_station
from workstation.services.stations import init_station
from workstation.storage import encryption
from workstation.storage.engine import DatabaseError, connect_raw, open_database
from workstation.storage.keyslots import KeyFile, keyfile_path

PASSWORD = "correct-horse-1"
NAME = "欧阳建国"
STEPS = ("exported", "keys_written", "plain_aside", "swapped")


class PowerCut(Exception):
    pass


@pytest.fixture
def plain(tmp_path: Path, make: Any) -> dict[str, Any]:
    """A plain station database as an older version left it: records, drafts, mediators (one
    disabled), argon2 hashes in the operator table."""
    path = tmp_path / "station.db"
    db = open_database(path, create=True)
    try:
        admin = init_station(db, make.setup())
        register_consultation(db, admin, make.consultation(make.person(40, NAME)))
        open_case(db, admin, make.case())
        create_referral(db, admin, make.referral())
        save_draft(db, admin, "consultation:new", "草稿", {"name": NAME})
        mediator = operators.add_operator(db, admin, username="tiaojie", name="李调解",
                                          password="mediator-pass")
        gone = operators.add_operator(db, admin, username="former", name="赵前任",
                                      password="former-pass-1")
        operators.disable_operator(db, admin, gone)
    finally:
        db.dispose()
    raw = connect_raw(path)
    try:
        counts = encryption.table_counts(raw)
    finally:
        raw.close()
    assert encryption.is_plain_sqlite(path) and NAME.encode() in path.read_bytes()
    return {"path": path, "counts": counts, "admin": admin, "mediator": mediator}


def _counts(path: Path, key: bytes) -> dict[str, int]:
    raw = connect_raw(path, key)
    try:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return encryption.table_counts(raw)
    finally:
        raw.close()


def _assert_kept(plain: dict[str, Any], opened: Any) -> None:
    after = _counts(plain["path"], opened.db.key)
    before = plain["counts"]
    growing = {"audit_entry", "change_log"}  # logins, the encryption entry, cleared hashes
    assert {t: n for t, n in after.items() if t not in growing} == \
        {t: n for t, n in before.items() if t not in growing}
    assert all(after[t] >= before[t] for t in growing)
    hits = search(opened.db, NAME)
    assert {h.record_type for h in hits} == {"person", "consultation"}
    assert search(opened.db, "欧阳")  # the short-name path (term table) too
    assert search(opened.db, "oyjg") or search(opened.db, "ouyang")


def _leftovers(path: Path) -> list[str]:
    return [n for n in encryption.describe_files(path)
            if n.endswith((".plain", ".encrypting")) or ".stale" in n]


def test_first_admin_login_encrypts_and_keeps_everything(plain: dict[str, Any]) -> None:
    path = plain["path"]
    assert station_status(path) is StationStatus.PLAIN
    assert security.login_station_name(path) == "海港镇公共法律服务工作站"
    opened = unlock_station(path, "admin", PASSWORD)
    try:
        assert opened.migrated and opened.recovery_code and opened.actor.is_admin
        assert station_status(path) is StationStatus.ENCRYPTED
        _assert_kept(plain, opened)
        raw = connect_raw(path, opened.db.key)
        try:
            assert {r[0] for r in raw.execute("SELECT password_hash FROM operator")} == {""}
            (encrypted,) = raw.execute("SELECT operator_id FROM audit_entry"
                                       " WHERE action = 'station.encrypt'").fetchall()
            assert encrypted[0] == plain["admin"].operator_id
        finally:
            raw.close()
    finally:
        opened.db.dispose()
    assert _leftovers(path) == []
    for name, data in ((p.name, p.read_bytes()) for p in path.parent.iterdir() if p.is_file()):
        assert NAME.encode() not in data and b"SQLite format 3" not in data, name
        assert b"$argon2id$" not in data, name
    # The code shown opens the station.
    security.recover_admin(path, opened.recovery_code, "admin", "after-recovery").db.dispose()


def test_other_operators_keep_their_passwords(plain: dict[str, Any]) -> None:
    path = plain["path"]
    unlock_station(path, "admin", PASSWORD).db.dispose()
    slot = KeyFile.load(keyfile_path(path)).operator_slot("tiaojie")
    assert slot is not None and slot.legacy  # made from the old hash, password unknown
    with pytest.raises(LoginFailed):
        unlock_station(path, "tiaojie", "wrong-password")
    opened = unlock_station(path, "tiaojie", "mediator-pass")
    assert opened.actor.operator_id == plain["mediator"] and not opened.migrated
    opened.db.dispose()
    resealed = KeyFile.load(keyfile_path(path)).operator_slot("tiaojie")
    assert resealed is not None and not resealed.legacy and resealed.salt != slot.salt
    unlock_station(path, "tiaojie", "mediator-pass").db.dispose()
    # A disabled account got no slot.
    assert not KeyFile.load(keyfile_path(path)).has_operator("former")
    with pytest.raises(LoginFailed):
        unlock_station(path, "former", "former-pass-1")


def test_a_mediator_may_encrypt_but_the_code_waits_for_an_admin(plain: dict[str, Any]) -> None:
    path = plain["path"]
    opened = unlock_station(path, "tiaojie", "mediator-pass")
    assert opened.migrated and opened.recovery_code is None  # never shown to a mediator
    opened.db.dispose()
    admin = unlock_station(path, "admin", PASSWORD)
    try:
        assert admin.recovery_due
        code = security.renew_recovery_code(admin.db, admin.actor)
        security.confirm_recovery_recorded(admin.db, admin.actor)
    finally:
        admin.db.dispose()
    assert not unlock_station(path, "admin", PASSWORD).recovery_due
    security.recover_admin(path, code, "admin", "after-recovery").db.dispose()


def test_wrong_password_converts_nothing(plain: dict[str, Any]) -> None:
    path = plain["path"]
    for user, password in (("admin", "wrong-password"), ("former", "former-pass-1")):
        with pytest.raises(LoginFailed):
            unlock_station(path, user, password)
    assert station_status(path) is StationStatus.PLAIN
    assert not keyfile_path(path).exists() and _leftovers(path) == []


@pytest.mark.parametrize("step", STEPS)
def test_a_crash_at_any_step_leaves_a_database_that_opens(
        plain: dict[str, Any], step: str, monkeypatch: pytest.MonkeyPatch) -> None:
    path = plain["path"]

    def cut(at: str) -> None:
        if at == step:
            raise PowerCut(at)

    with monkeypatch.context() as patch, pytest.raises(PowerCut):
        patch.setattr(encryption, "_checkpoint", cut)
        unlock_station(path, "admin", PASSWORD)
    # Whatever the files look like now, the next start finishes or forgets the conversion.
    status = security.prepare_station(path)
    expected = StationStatus.PLAIN if step == "exported" else StationStatus.ENCRYPTED
    assert status is expected
    opened = unlock_station(path, "admin", PASSWORD)
    try:
        _assert_kept(plain, opened)
        # Before the key file: converted again now (and the code shown). After it: rolled
        # forward, and the code nobody saw is offered again as a new one.
        assert opened.recovery_code if step == "exported" else opened.recovery_due
    finally:
        opened.db.dispose()
    assert _leftovers(path) == []
    assert not encryption.is_plain_sqlite(path)
    unlock_station(path, "tiaojie", "mediator-pass").db.dispose()


def test_a_half_written_copy_from_a_power_cut_is_discarded(plain: dict[str, Any]) -> None:
    path = plain["path"]
    encryption.encrypting_path(path).write_bytes(b"\x13" * 5000)  # cut during the export
    assert security.prepare_station(path) is StationStatus.PLAIN
    assert not encryption.encrypting_path(path).exists()
    opened = unlock_station(path, "admin", PASSWORD)
    try:
        _assert_kept(plain, opened)
    finally:
        opened.db.dispose()


def test_a_stale_key_file_beside_a_plain_database_is_set_aside(plain: dict[str, Any]) -> None:
    path = plain["path"]
    keyfile_path(path).write_text('{"format": 1, "slots": []}', "utf-8")  # not this file's
    opened = unlock_station(path, "admin", PASSWORD)
    try:
        assert opened.migrated
        _assert_kept(plain, opened)
    finally:
        opened.db.dispose()
    assert any(".keys.stale-" in n for n in encryption.describe_files(path))


HOLDER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1])
conn.execute("SELECT count(*) FROM station").fetchall()
print("open", flush=True)
time.sleep(30)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="file locks differ; the rule is the same")
def test_not_while_another_program_has_the_database_open(plain: dict[str, Any]) -> None:
    path = plain["path"]
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        with pytest.raises(DatabaseError, match="其他程序"):
            unlock_station(path, "admin", PASSWORD)
    finally:
        holder.kill()
        holder.wait()
    assert station_status(path) is StationStatus.PLAIN and not keyfile_path(path).exists()
    opened = unlock_station(path, "admin", PASSWORD)  # once it is closed
    try:
        _assert_kept(plain, opened)
    finally:
        opened.db.dispose()
