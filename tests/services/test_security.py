"""Encryption at rest end to end: creating and unlocking stations, what is on disk, passwords
and recovery codes, failed-login throttling and its audit entries."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from workstation.services import login_throttle, operators, security
from workstation.services.consultations import register_consultation
from workstation.services.context import ServiceError
from workstation.services.drafts import list_drafts, save_draft
from workstation.services.login_throttle import AccountLocked, LoginFailed, TooSoon
from workstation.services.security import StationStatus, create_station, unlock_station
from workstation.storage.engine import DatabaseError, connect_raw, open_database
from workstation.storage.keyslots import KeyFile, keyfile_path
from workstation.storage.models import AuditEntry

PASSWORD = "correct-horse-1"  # the admin's, as in tests/conftest.py
NAME = "欧阳建国"


@pytest.fixture
def station(tmp_path: Path, make: Any) -> Any:
    made = create_station(tmp_path / "station.db", make.setup())
    yield made
    made.db.dispose()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The throttle's clock, moved by hand: ``clock[0] += 60``."""
    now = [1_800_000_000.0]
    monkeypatch.setattr(login_throttle, "now", lambda: now[0])
    return now


def _files(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in path.parent.iterdir()
            if p.name.startswith(path.name) and p.is_file()}


def _audit(db: Any, action: str) -> list[AuditEntry]:
    with db.read() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action == action)
                              .order_by(AuditEntry.id)))


def test_new_station_is_encrypted_and_opens_only_with_its_admin(station: Any, make: Any
                                                                ) -> None:
    path = station.db.path
    code = station.recovery_code
    assert code and len(code) == 29
    assert security.station_status(path) is StationStatus.ENCRYPTED
    assert not path.read_bytes().startswith(b"SQLite format 3")
    assert keyfile_path(path).exists()
    assert station.actor.is_admin and station.station_name == "海港镇公共法律服务工作站"
    assert security.login_station_name(path) == "海港镇公共法律服务工作站"
    station.db.dispose()
    with pytest.raises(DatabaseError):
        open_database(path)  # no key: SQLCipher refuses
    again = unlock_station(path, "admin", PASSWORD)
    try:
        assert again.actor == station.actor and again.db.key == station.db.key
        assert again.recovery_due  # the new station's code was never confirmed
        security.confirm_recovery_recorded(again.db, again.actor)
    finally:
        again.db.dispose()
    assert not unlock_station(path, "admin", PASSWORD).recovery_due


def test_create_refuses_an_existing_station(station: Any, make: Any) -> None:
    with pytest.raises(ServiceError, match="重复初始化"):
        create_station(station.db.path, make.setup())


def test_no_name_or_id_number_in_database_wal_drafts_or_key_file(station: Any, make: Any
                                                                 ) -> None:
    db, actor = station.db, station.actor
    id_number = make.resident_id(77)
    person = make.person(77, NAME, address="海港镇秘密村9号")
    register_consultation(db, actor, make.consultation(person))
    save_draft(db, actor, "consultation:new", f"草稿 {NAME}",
               {"name": NAME, "id_number": id_number, "note": "家庭暴力"})
    assert [d.title for d in list_drafts(db, actor)] == [f"草稿 {NAME}"]
    needles = [NAME.encode(), id_number.encode(), NAME.encode("utf-16-le"),
               "家庭暴力".encode(), id_number[-8:].encode(), "秘密村".encode()]

    with db.engine.connect() as conn:  # a connection open, the WAL holding the writes
        conn.exec_driver_sql("SELECT count(*) FROM person").scalar()
        files = _files(db.path)
        assert files.get("station.db-wal"), "the writes should still be in the WAL"
        for name, data in files.items():
            for needle in needles:
                assert needle not in data, (name, needle)
    db.dispose()
    files = _files(db.path)
    assert set(files) >= {"station.db", "station.db.keys"}
    for name, data in files.items():
        for needle in needles:
            assert needle not in data, (name, needle)
    # ... and the data is really there behind the key.
    raw = connect_raw(db.path, db.key)
    try:
        assert raw.execute("SELECT count(*) FROM person WHERE name = ?", (NAME,)).fetchone()[0]
        assert raw.execute("SELECT count(*) FROM draft").fetchone()[0] == 1
    finally:
        raw.close()


def test_wrong_passwords_never_open_and_correct_ones_always_do(station: Any, clock: list[float]
                                                               ) -> None:
    path, db, admin = station.db.path, station.db, station.actor
    key = db.key
    mediator_id = operators.add_operator(db, admin, username="tiaojie", name="李调解",
                                         password="mediator-0")
    history = [PASSWORD]
    for i in range(1, 6):
        new = f"admin-pass-{i}"
        operators.change_own_password(db, admin, history[-1], new)
        history.append(new)
        operators.reset_password(db, admin, mediator_id, f"mediator-{i}")
    db.dispose()
    for old in history[:-1]:
        clock[0] += 3600  # past any delay: only the password decides
        with pytest.raises(LoginFailed):
            unlock_station(path, "admin", old)
    for old in ("mediator-0", "mediator-4", "", "x" * 200):
        clock[0] += 3600
        with pytest.raises(LoginFailed):
            unlock_station(path, "tiaojie", old)
    clock[0] += 3600
    for username, password in (("admin", history[-1]), ("tiaojie", "mediator-5")):
        opened = unlock_station(path, username, password)
        assert opened.db.key == key
        opened.db.dispose()


def test_change_own_password_needs_the_current_one(station: Any) -> None:
    from workstation.domain.errors import ValidationError

    with pytest.raises(ValidationError) as info:
        operators.change_own_password(station.db, station.actor, "not-my-password", "new-pass-1")
    assert list(info.value.by_field) == ["old_password"]
    with pytest.raises(ValidationError):
        operators.change_own_password(station.db, station.actor, PASSWORD, "short")
    assert unlock_station(station.db.path, "admin", PASSWORD).db.key == station.db.key


def test_recovery_code_resets_the_admin_password(station: Any, clock: list[float]) -> None:
    path, code, key = station.db.path, station.recovery_code, station.db.key
    station.db.dispose()
    wrong = ("A" if code[0] != "A" else "B") + code[1:]
    for attempt in (wrong, "", "AAAAA-AAAAA-AAAAA-AAAAA-AAAAA"):
        clock[0] += 3600
        with pytest.raises(LoginFailed, match="恢复码不正确"):
            security.recover_admin(path, attempt, "admin", "brand-new-1")
    clock[0] += 3600
    with pytest.raises(ServiceError, match="不是本站"):
        security.recover_admin(path, code, "nobody", "brand-new-1")
    clock[0] += 3600
    recovered = security.recover_admin(path, code.lower().replace("-", " "), "admin",
                                       "brand-new-1")
    try:
        assert recovered.actor.username == "admin" and recovered.db.key == key
        assert [e.detail for e in _audit(recovered.db, "operator.recover")]
        # the wrong codes tried before are in the audit trail now
        assert len(_audit(recovered.db, "login.failed")) == 3
    finally:
        recovered.db.dispose()
    clock[0] += 3600
    with pytest.raises(LoginFailed):
        unlock_station(path, "admin", PASSWORD)
    unlock_station(path, "admin", "brand-new-1").db.dispose()
    # The code still works (it is kept in the safe), any number of times.
    clock[0] += 3600
    security.recover_admin(path, code, "admin", "brand-new-2").db.dispose()


def test_renewed_recovery_code_replaces_the_old_one(station: Any, clock: list[float]) -> None:
    old = station.recovery_code
    new = security.renew_recovery_code(station.db, station.actor)
    assert new != old
    path = station.db.path
    with pytest.raises(LoginFailed):
        security.recover_admin(path, old, "admin", "brand-new-1")
    clock[0] += 3600
    security.recover_admin(path, new, "admin", "brand-new-1").db.dispose()


def test_failures_slow_down_lock_and_reach_the_audit_trail(station: Any, clock: list[float]
                                                           ) -> None:
    path = station.db.path
    station.db.dispose()
    start = clock[0]
    with pytest.raises(LoginFailed) as first:
        unlock_station(path, "admin", "wrong-1")
    assert str(first.value) == "用户名或密码错误"
    with pytest.raises(LoginFailed):
        unlock_station(path, "admin", "wrong-2")  # no delay after one typo
    with pytest.raises(TooSoon, match="秒后再试"):
        unlock_station(path, "admin", PASSWORD)  # refused unread: the delay runs
    for n in range(3, login_throttle.MAX_FAILURES + 1):
        clock[0] += login_throttle.MAX_DELAY_SECONDS
        with pytest.raises(LoginFailed) as info:
            unlock_station(path, "admin", f"wrong-{n}")
    assert "锁定" in str(info.value)
    clock[0] += login_throttle.MAX_DELAY_SECONDS
    with pytest.raises(AccountLocked, match="已锁定"):
        unlock_station(path, "admin", PASSWORD)  # even the right password, while locked
    with pytest.raises(LoginFailed):
        unlock_station(path, "nobody", "whatever-1")
    slot = KeyFile.load(keyfile_path(path)).operator_slot("admin")
    assert slot is not None and slot.failures == login_throttle.MAX_FAILURES

    clock[0] += login_throttle.LOCK_SECONDS
    opened = unlock_station(path, "admin", PASSWORD)
    try:
        failed = _audit(opened.db, "login.failed")
        assert [e.detail.split("（")[0] for e in failed] == (
            ["admin"] * 2 + ["admin"] + ["admin"] * 3 + ["admin", "nobody"])
        assert "已锁定" in failed[5].detail and "未核对密码" in failed[2].detail
        assert failed[0].at.timestamp() == pytest.approx(start)
        assert all(e.record_id == station.actor.operator_id for e in failed[:-1])
        logins = _audit(opened.db, "login")
        assert logins and logins[-1].id > failed[-1].id
        keyfile = KeyFile.load(keyfile_path(path))
        assert keyfile.pending == []
        assert keyfile.operator_slot("admin").failures == 0  # type: ignore[union-attr]
        # Written once: a second flush finds nothing new.
        assert security.write_pending_failures(opened.db, keyfile_path(path)) == 0
    finally:
        opened.db.dispose()


def test_pending_failures_are_written_once_even_after_a_crash(station: Any, clock: list[float],
                                                               monkeypatch: pytest.MonkeyPatch
                                                               ) -> None:
    path, keys = station.db.path, keyfile_path(station.db.path)
    with pytest.raises(LoginFailed):
        unlock_station(path, "admin", "wrong-1")
    pending = KeyFile.load(keys).pending
    assert len(pending) == 1
    # Crash after the audit commit, before the key file was cleared: the entry stays queued.
    with monkeypatch.context() as patch, pytest.raises(OSError):
        patch.setattr(KeyFile, "update", _failing_update)
        security.write_pending_failures(station.db, keys)
    assert KeyFile.load(keys).pending == pending
    assert security.write_pending_failures(station.db, keys) == 0
    assert len(_audit(station.db, "login.failed")) == 1


def _failing_update(path: Path) -> Any:
    raise OSError("power cut")


def test_a_locked_operator_is_released_by_an_admin_reset(station: Any, clock: list[float]
                                                         ) -> None:
    db, admin = station.db, station.actor
    mid = operators.add_operator(db, admin, username="tiaojie", name="李调解",
                                 password="mediator-1")
    for n in range(login_throttle.MAX_FAILURES):
        clock[0] += login_throttle.MAX_DELAY_SECONDS
        with pytest.raises(LoginFailed):
            unlock_station(db.path, "tiaojie", f"wrong-{n}")
    (row,) = [o for o in operators.list_operators(db, admin) if o.id == mid]
    assert row.locked_until is not None
    operators.reset_password(db, admin, mid, "mediator-2")
    unlock_station(db.path, "tiaojie", "mediator-2").db.dispose()


def test_station_files_are_json_and_hold_no_secret(station: Any) -> None:
    raw = json.loads(keyfile_path(station.db.path).read_text("utf-8"))
    text = json.dumps(raw, ensure_ascii=False)
    assert PASSWORD not in text and station.recovery_code not in text
    assert station.db.key.hex() not in text
    assert {s["label"] for s in raw["slots"]} == {"operator:admin", "recovery"}
