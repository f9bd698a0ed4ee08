"""Revocation: disabling an operator or replacing the recovery code gives the database a new
data key; old key files and backups open nothing written afterwards; every remaining slot
still opens; a crash at any step leaves the old pair or the new pair."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from workstation.services import login_throttle, operators, revocation, security
from workstation.services.consultations import register_consultation
from workstation.services.context import Actor, ServiceError
from workstation.services.login_throttle import LoginFailed
from workstation.services.security import create_station, unlock_station
from workstation.storage import encryption, rekey
from workstation.storage.engine import connect_raw
from workstation.storage.keyslots import (
    RECOVERY_LABEL,
    KeyFile,
    Slot,
    keyfile_path,
    normalize_recovery_code,
    operator_label,
)
from workstation.storage.models import AuditEntry

ADMIN_PASSWORD = "correct-horse-1"
MEDIATOR_PASSWORD = "mediator-pass-1"
CLERK_PASSWORD = "clerk-pass-123"


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    now = [1_800_000_000.0]
    monkeypatch.setattr(login_throttle, "now", lambda: now[0])
    return now


@pytest.fixture
def station(tmp_path: Path, make: Any) -> Any:
    made = create_station(tmp_path / "station.db", make.setup())
    yield made
    made.db.dispose()


def _add(station: Any, username: str, password: str) -> Actor:
    operators.add_operator(station.db, station.actor, username=username, name="李调解",
                           password=password)
    opened = unlock_station(station.db.path, username, password)
    opened.db.dispose()
    return opened.actor


def _opens(path: Path, key: bytes) -> bool:
    """The database at ``path`` reads with ``key``."""
    try:
        connection = connect_raw(path, key)
    except Exception:  # SQLCipher refuses at the first read
        return False
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except Exception:
        return False
    finally:
        connection.close()


def _slot_key(keyfile: KeyFile, label: str, secret: str) -> bytes:
    return keyfile.slots[label].open(secret)


def _consultations(db: Any) -> int:
    return int(db.engine.connect().exec_driver_sql(
        "SELECT count(*) FROM consultation").scalar() or 0)


def test_a_disabled_operator_keeps_nothing_written_afterwards(
        station: Any, make: Any, tmp_path: Path) -> None:
    db, admin = station.db, station.actor
    mediator = _add(station, "tiaojie", MEDIATOR_PASSWORD)
    _add(station, "clerk", CLERK_PASSWORD)
    register_consultation(db, admin, make.consultation())
    # What the mediator keeps: a copy of the key file and a copy of the database (a backup).
    kept_keys = KeyFile.load(keyfile_path(db.path))
    kept_db = tmp_path / "kept.db"
    db.dispose()
    shutil.copyfile(db.path, kept_db)
    old_key = _slot_key(kept_keys, operator_label("tiaojie"), MEDIATOR_PASSWORD)
    assert _opens(db.path, old_key)

    steps: list[tuple[str, int, int]] = []
    result = operators.disable_operator(
        db, admin, mediator.operator_id, progress=lambda *step: steps.append(step))
    assert result.needs_reset == [] and not result.deferred
    assert steps[0][0] == "copy" and steps[-1][1] == steps[-1][2]

    # The live database no longer opens with the key the old key file gives.
    assert db.key != old_key
    assert not _opens(db.path, old_key)
    register_consultation(db, admin, make.consultation())
    assert _consultations(db) == 2
    # The old backup still opens with it (inherent) and holds only what was there before.
    assert _opens(kept_db, old_key)
    copy = connect_raw(kept_db, old_key)
    assert copy.execute("SELECT count(*) FROM consultation").fetchone()[0] == 1
    copy.close()
    # The old recovery code's slot in the old key file opens the old key only.
    assert _slot_key(kept_keys, RECOVERY_LABEL,
                     normalize_recovery_code(station.recovery_code)) == old_key

    # Everyone else still logs in with their password, the recovery code still works.
    db.dispose()
    for user, password in (("admin", ADMIN_PASSWORD), ("clerk", CLERK_PASSWORD)):
        opened = unlock_station(db.path, user, password)
        assert opened.db.key == db.key
        assert _consultations(opened.db) == 2
        opened.db.dispose()
    with pytest.raises(LoginFailed):
        unlock_station(db.path, "tiaojie", MEDIATOR_PASSWORD)
    recovered = security.recover_admin(db.path, station.recovery_code, "admin", "brand-new-1")
    assert recovered.db.key == db.key
    with recovered.db.read() as session:
        details = list(session.scalars(select(AuditEntry.detail).where(
            AuditEntry.action == "station.rekey")))
    recovered.db.dispose()
    assert details == ["停用操作员 tiaojie 后更换数据密钥"]


def test_a_replaced_recovery_code_opens_nothing_new(station: Any) -> None:
    db, admin = station.db, station.actor
    old_code = station.recovery_code
    kept_keys = KeyFile.load(keyfile_path(db.path))
    old_key = _slot_key(kept_keys, RECOVERY_LABEL, normalize_recovery_code(old_code))
    new_code = security.renew_recovery_code(db, admin)
    assert not _opens(db.path, old_key)
    db.dispose()
    with pytest.raises(LoginFailed):
        security.recover_admin(db.path, old_code, "admin", "brand-new-1")
    security.recover_admin(db.path, new_code, "admin", "brand-new-1").db.dispose()
    assert KeyFile.load(keyfile_path(db.path)).meta["recovery_pending"] is True


def _old_form(keyfile: KeyFile, label: str, secret: str, data_key: bytes,
              legacy: bool = False) -> None:
    """Put a slot of the first form (data key sealed directly under the password) in."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from workstation.storage import keyslots

    slot = keyfile.slots[label]
    kek = keyslots._derive(secret, slot.salt, slot.kdf)
    nonce = b"\0" * 12
    keyfile.slots[label] = Slot(label, slot.salt, slot.kdf, nonce,
                                AESGCM(kek).encrypt(nonce, data_key, label.encode()),
                                created=slot.created, legacy=legacy)


def test_old_form_slots_move_to_the_new_form_at_their_next_login(station: Any) -> None:
    db = station.db
    _add(station, "tiaojie", MEDIATOR_PASSWORD)
    with KeyFile.update(keyfile_path(db.path)) as keyfile:
        _old_form(keyfile, operator_label("tiaojie"), MEDIATOR_PASSWORD, db.key)
    assert not KeyFile.load(keyfile_path(db.path)).operator_slot("tiaojie").rewrappable
    unlock_station(db.path, "tiaojie", MEDIATOR_PASSWORD).db.dispose()
    slot = KeyFile.load(keyfile_path(db.path)).operator_slot("tiaojie")
    assert slot is not None and slot.rewrappable and slot.authentic(db.key)


def test_slots_a_rekey_cannot_carry_need_an_admin_reset(station: Any) -> None:
    db, admin = station.db, station.actor
    _add(station, "tiaojie", MEDIATOR_PASSWORD)
    clerk = _add(station, "clerk", CLERK_PASSWORD)
    gone = _add(station, "gone", "gone-pass-123")
    keys = keyfile_path(db.path)
    with KeyFile.update(keys) as keyfile:
        # A legacy slot (wrapped under an old plain database's password hash) and a slot
        # whose public key was swapped in by someone editing the file.
        _old_form(keyfile, operator_label("tiaojie"), MEDIATOR_PASSWORD, db.key, legacy=True)
        planted = Slot.seal(operator_label("clerk"), "attacker-pass", bytes(32))
        keyfile.slots[planted.label] = planted
    result = operators.disable_operator(db, admin, gone.operator_id)
    assert sorted(result.needs_reset) == ["clerk", "tiaojie"]
    keyfile = KeyFile.load(keys)
    assert keyfile.operator_usernames() == ["admin"]
    with pytest.raises(LoginFailed):
        unlock_station(db.path, "tiaojie", MEDIATOR_PASSWORD)
    listed = {o.username: o.can_log_in for o in operators.list_operators(db, admin)}
    assert listed == {"admin": True, "tiaojie": False, "clerk": False, "gone": False}
    operators.reset_password(db, admin, clerk.operator_id, "fresh-pass-123")
    unlock_station(db.path, "clerk", "fresh-pass-123").db.dispose()


def test_an_admin_with_an_old_form_slot_is_asked_to_log_in_again(station: Any) -> None:
    db, admin = station.db, station.actor
    with KeyFile.update(keyfile_path(db.path)) as keyfile:
        _old_form(keyfile, operator_label("admin"), ADMIN_PASSWORD, db.key)
    before = db.path.read_bytes()
    with pytest.raises(ServiceError, match="重新登录"):
        revocation.rekey_station(db, admin)
    assert db.path.read_bytes() == before


def test_a_mediator_cannot_rekey(station: Any) -> None:
    mediator = _add(station, "tiaojie", MEDIATOR_PASSWORD)
    with pytest.raises(ServiceError, match="管理员"):
        revocation.rekey_station(station.db, mediator)


@pytest.mark.parametrize("at", ["export", "exported", "keys_written", "swapped"])
def test_a_crash_at_any_step_opens_the_old_pair_or_the_new_pair(
        station: Any, make: Any, monkeypatch: pytest.MonkeyPatch, at: str) -> None:
    db, admin = station.db, station.actor
    mediator = _add(station, "tiaojie", MEDIATOR_PASSWORD)
    register_consultation(db, admin, make.consultation())
    old_key = db.key
    old_keys_bytes = keyfile_path(db.path).read_bytes()

    class PowerCut(BaseException):
        pass

    def cut(step: str) -> None:
        if step == at:
            raise PowerCut(step)

    def cut_export(*args: Any, **kwargs: Any) -> None:
        Path(str(args[1])).write_bytes(b"half a copy")
        raise PowerCut("export")

    if at == "export":
        monkeypatch.setattr(encryption, "export_encrypted", cut_export)
    monkeypatch.setattr(rekey, "_checkpoint", cut)
    with pytest.raises(PowerCut):
        operators.disable_operator(db, admin, mediator.operator_id)
    db.dispose()
    monkeypatch.undo()
    monkeypatch.setattr(login_throttle, "now", lambda: 1_800_000_000.0)

    committed = at in ("keys_written", "swapped")
    opened = unlock_station(db.path, "admin", ADMIN_PASSWORD)  # finishes, or rekeys as due
    try:
        assert _consultations(opened.db) == 1
        assert not rekey.rekeying_path(db.path).exists()
        assert not _opens(db.path, old_key)  # the rekey happened: at the crash or at login
        if committed:
            assert opened.rekeyed is None  # rolled forward, not done again
        else:
            assert opened.rekeyed is not None and keyfile_path(db.path).read_bytes() != \
                old_keys_bytes
        keyfile = KeyFile.load(keyfile_path(db.path))
        assert not keyfile.meta.get(rekey.SWAP_FLAG) and not keyfile.meta.get(rekey.DUE_FLAG)
        assert keyfile.operator_usernames() == ["admin"]
    finally:
        opened.db.dispose()


def test_a_crash_before_the_key_file_leaves_the_old_pair(station: Any,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    db, admin = station.db, station.actor
    old_key, old_keys = db.key, keyfile_path(db.path).read_bytes()

    class PowerCut(BaseException):
        pass

    def cut(step: str) -> None:
        raise PowerCut(step)

    monkeypatch.setattr(rekey, "_checkpoint", cut)
    with pytest.raises(PowerCut):
        revocation.rekey_station(db, admin)
    db.dispose()
    assert keyfile_path(db.path).read_bytes() == old_keys
    assert _opens(db.path, old_key)
    security.prepare_station(db.path)
    assert not rekey.rekeying_path(db.path).exists()
    assert _opens(db.path, old_key)


def test_not_while_another_program_has_the_database_open(station: Any) -> None:
    db, admin = station.db, station.actor
    mediator = _add(station, "tiaojie", MEDIATOR_PASSWORD)
    other = connect_raw(db.path, db.key)
    other.execute("SELECT count(*) FROM operator").fetchone()
    old_key = db.key
    try:
        result = operators.disable_operator(db, admin, mediator.operator_id)
    finally:
        other.close()
    assert result.deferred and db.key == old_key
    assert KeyFile.load(keyfile_path(db.path)).meta.get(rekey.DUE_FLAG)
    # The account is disabled at once; the rekey happens at the next login.
    db.dispose()
    opened = unlock_station(db.path, "admin", ADMIN_PASSWORD)
    opened.db.dispose()
    assert opened.rekeyed is not None and opened.db.key != old_key
    assert not _opens(db.path, old_key)


def test_the_copy_keeps_every_row(station: Any, make: Any) -> None:
    db, admin = station.db, station.actor
    for _ in range(5):
        register_consultation(db, admin, make.consultation())
    before = connect_raw(db.path, db.key)
    counts = encryption.table_counts(before)
    before.close()
    revocation.rekey_station(db, admin)
    after = connect_raw(db.path, db.key)
    try:
        rekeyed = encryption.table_counts(after)
        assert after.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        after.close()
    # station.rekey: one audit entry, which also enters the change log (to travel)
    assert rekeyed == {**counts, "audit_entry": counts["audit_entry"] + 1,
                       "change_log": counts["change_log"] + 1}
    assert counts["consultation"] == 5


def test_a_busy_database_replaces_the_code_now_and_the_key_at_the_next_login(
        station: Any) -> None:
    db, admin = station.db, station.actor
    old_code, old_key = station.recovery_code, db.key
    other = connect_raw(db.path, db.key)
    other.execute("SELECT count(*) FROM operator").fetchone()
    try:
        new_code = security.renew_recovery_code(db, admin)
    finally:
        other.close()
    assert db.key == old_key and KeyFile.load(keyfile_path(db.path)).meta[rekey.DUE_FLAG]
    db.dispose()
    with pytest.raises(LoginFailed):
        security.recover_admin(db.path, old_code, "admin", "brand-new-1")
    opened = unlock_station(db.path, "admin", ADMIN_PASSWORD)
    opened.db.dispose()
    assert opened.rekeyed is not None and not _opens(db.path, old_key)
    security.recover_admin(db.path, new_code, "admin", "brand-new-1").db.dispose()


_KILLED_CHILD = """
import os, sys
from pathlib import Path
from workstation.storage import keyslots, rekey
keyslots.DEFAULT_KDF = keyslots.KdfParams(1, 1024, 1)
from tests.conftest import consultation_input, valid_setup
from workstation.services import operators
from workstation.services.consultations import register_consultation
from workstation.services.security import create_station
made = create_station(Path(sys.argv[1]), valid_setup())
register_consultation(made.db, made.actor, consultation_input())
oid = operators.add_operator(made.db, made.actor, username="tiaojie", name="李调解",
                             password="mediator-pass-1")
print(made.db.key.hex(), flush=True)
def die(step):
    if step == sys.argv[2]:
        os._exit(9)  # no cleanup, no finally: as a power cut leaves the files
rekey._checkpoint = die
operators.disable_operator(made.db, made.actor, oid)
os._exit(0)
"""


@pytest.mark.parametrize("at", ["exported", "keys_written", "swapped", "never"])
def test_a_killed_process_leaves_a_station_that_opens(tmp_path: Path, at: str) -> None:
    import subprocess
    import sys

    path = tmp_path / "station.db"
    repo = Path(__file__).resolve().parents[2]
    child = subprocess.run([sys.executable, "-c", _KILLED_CHILD, str(path), at],
                           capture_output=True, text=True, cwd=repo, timeout=120)
    assert child.returncode == (0 if at == "never" else 9), child.stderr
    old_key = bytes.fromhex(child.stdout.split()[0])
    opened = unlock_station(path, "admin", ADMIN_PASSWORD)
    try:
        assert _consultations(opened.db) == 1
        assert opened.db.key != old_key and not _opens(path, old_key)
        assert opened.rekeyed is None if at != "exported" else opened.rekeyed is not None
        assert KeyFile.load(keyfile_path(path)).operator_usernames() == ["admin"]
        assert not rekey.rekeying_path(path).exists()
    finally:
        opened.db.dispose()


def test_a_backup_racing_a_rekey_keeps_the_key_file_of_its_copy(
        station: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import zipfile

    from workstation.storage.backup import create

    db = station.db
    other = unlock_station(db.path, "admin", ADMIN_PASSWORD)  # another program, same station
    real = create.check_copy

    def rekey_meanwhile(*args: Any, **kwargs: Any) -> Any:
        facts = real(*args, **kwargs)
        db.engine.dispose()
        revocation.rekey_station(other.db, other.actor)  # between the copy and the archive
        return facts

    monkeypatch.setattr(create, "check_copy", rekey_meanwhile)
    try:
        made = create.make_backup(db.path, db.key, tmp_path)
    finally:
        other.db.dispose()
    assert not _opens(db.path, db.key)  # the rekey did happen
    with zipfile.ZipFile(made.path) as archive:
        (tmp_path / "b.keys").write_bytes(archive.read("station.db.keys"))
        (tmp_path / "b.db").write_bytes(archive.read("station.db"))
    key = KeyFile.load(tmp_path / "b.keys").unlock("admin", ADMIN_PASSWORD)
    assert _opens(tmp_path / "b.db", key)


@pytest.mark.parametrize("field", ["public", "tag", "box", "wrapped"])
def test_a_key_pair_slot_of_the_wrong_size_is_a_damaged_key_file(station: Any,
                                                                  field: str) -> None:
    import base64
    import json

    from workstation.storage.keyslots import KeySlotError

    keys = keyfile_path(station.db.path)
    raw = json.loads(keys.read_text("utf-8"))
    raw["slots"][0][field] = base64.b64encode(b"\0" * 500).decode()
    keys.write_text(json.dumps(raw), "utf-8")
    with pytest.raises(KeySlotError, match="损坏"):
        KeyFile.load(keys)


def test_failed_logins_before_and_after_a_rekey_are_audited_as_failed_not_suspicious(
        station: Any, clock: list[float]) -> None:
    """The failed-login chain of the key file is checked under the old key before a rekey
    and starts again under the new key: nothing reads as tampering afterwards."""
    db, admin = station.db, station.actor
    mediator = _add(station, "tiaojie", MEDIATOR_PASSWORD)
    with pytest.raises(LoginFailed):
        unlock_station(db.path, "admin", "wrong-password-1")
    clock[0] += 600
    operators.disable_operator(db, admin, mediator.operator_id)
    with pytest.raises(LoginFailed):
        unlock_station(db.path, "admin", "wrong-password-2")
    clock[0] += 600
    db.dispose()
    opened = unlock_station(db.path, "admin", ADMIN_PASSWORD)
    try:
        with opened.db.read() as session:
            actions = list(session.scalars(select(AuditEntry.action).where(
                AuditEntry.action.in_(("login.failed", "login.suspicious")))))
    finally:
        opened.db.dispose()
    assert sorted(actions) == ["login.failed", "login.failed"]
