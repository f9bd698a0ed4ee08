"""Operator accounts: admin-only management enforced in the services, disabling and
re-enabling, and the key file staying consistent with the database across crashes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from workstation.domain.errors import ValidationError
from workstation.services import login_throttle, operators, security
from workstation.services.context import Actor, ServiceError, UnitOfWork
from workstation.services.login_throttle import LoginFailed
from workstation.services.security import create_station, unlock_station
from workstation.storage.keyslots import KeyFile, keyfile_path

MEDIATOR_PASSWORD = "mediator-pass-1"


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    now = [1_800_000_000.0]
    monkeypatch.setattr(login_throttle, "now", lambda: now[0])
    return now


@pytest.fixture
def station(tmp_path: Path, make: Any) -> Any:
    made = create_station(tmp_path / "station.db", make.setup())
    yield made
    made.db.dispose()


@pytest.fixture
def mediator(station: Any) -> Actor:
    operators.add_operator(station.db, station.actor, username="tiaojie", name="李调解",
                           password=MEDIATOR_PASSWORD)
    opened = unlock_station(station.db.path, "tiaojie", MEDIATOR_PASSWORD)
    opened.db.dispose()
    return opened.actor


def _slots(station: Any) -> set[str]:
    return set(KeyFile.load(keyfile_path(station.db.path)).operator_usernames())


def test_admin_only_services_refuse_a_mediator(station: Any, mediator: Actor, tmp_path: Path
                                               ) -> None:
    from workstation.sync import station as sync

    db, admin = station.db, station.actor
    assert not mediator.is_admin
    calls = {
        "list": lambda: operators.list_operators(db, mediator),
        "add": lambda: operators.add_operator(db, mediator, username="other", name="王",
                                              password="another-pass"),
        "disable": lambda: operators.disable_operator(db, mediator, admin.operator_id),
        "enable": lambda: operators.enable_operator(db, mediator, admin.operator_id,
                                                    "another-pass"),
        "reset": lambda: operators.reset_password(db, mediator, admin.operator_id,
                                                  "another-pass"),
        "recovery": lambda: security.renew_recovery_code(db, mediator),
        "confirm": lambda: security.confirm_recovery_recorded(db, mediator),
        "county key": lambda: sync.set_county_key(db, mediator, "a key file"),
    }
    before = KeyFile.load(keyfile_path(db.path)).slots.keys()
    for what, call in calls.items():
        with pytest.raises(ServiceError) as info:
            call()
        assert "管理员" in str(info.value), what
    assert KeyFile.load(keyfile_path(db.path)).slots.keys() == before
    with pytest.raises(LoginFailed):
        unlock_station(db.path, "admin", "another-pass")
    # A forged actor claiming to be an admin is checked against the database.
    forged = Actor(mediator.operator_id, mediator.station_id, "tiaojie", "李调解", "admin")
    with pytest.raises(ServiceError, match="管理员"):
        operators.add_operator(db, forged, username="other", name="王", password="another-pass")
    # Everyone may change their own password.
    operators.change_own_password(db, mediator, MEDIATOR_PASSWORD, "mediator-pass-2")
    unlock_station(db.path, "tiaojie", "mediator-pass-2").db.dispose()


def test_list_add_disable_enable(station: Any, mediator: Actor, clock: list[float]) -> None:
    db, admin = station.db, station.actor
    rows = {o.username: o for o in operators.list_operators(db, admin)}
    assert set(rows) == {"admin", "tiaojie"}
    assert rows["tiaojie"].role_label == "调解员" and rows["tiaojie"].can_log_in

    operators.disable_operator(db, admin, mediator.operator_id)
    assert _slots(station) == {"admin"}
    row = next(o for o in operators.list_operators(db, admin) if o.username == "tiaojie")
    assert not row.active and not row.can_log_in
    with pytest.raises(LoginFailed):
        unlock_station(db.path, "tiaojie", MEDIATOR_PASSWORD)
    with pytest.raises(ServiceError, match="已经停用"):
        operators.disable_operator(db, admin, mediator.operator_id)
    with pytest.raises(ServiceError, match="已停用"):
        operators.reset_password(db, admin, mediator.operator_id, "whatever-123")

    operators.enable_operator(db, admin, mediator.operator_id, "mediator-new-1")
    clock[0] += 3600
    opened = unlock_station(db.path, "tiaojie", "mediator-new-1")
    assert opened.actor.operator_id == mediator.operator_id  # same row, same records
    opened.db.dispose()
    actions = [r[0] for r in _rows(db, "SELECT action FROM audit_entry WHERE record_id = :id",
                                   id=mediator.operator_id)]
    assert {"operator.create", "operator.disable", "operator.enable"} <= set(actions)


def test_admin_cannot_disable_self_or_the_last_admin(station: Any) -> None:
    db, admin = station.db, station.actor
    with pytest.raises(ServiceError, match="自己"):
        operators.disable_operator(db, admin, admin.operator_id)
    second = operators.add_operator(db, admin, username="admin2", name="副管理",
                                    password="admin2-pass", role="admin")
    other = unlock_station(db.path, "admin2", "admin2-pass")
    other.db.dispose()
    operators.disable_operator(db, other.actor, admin.operator_id)  # two admins: allowed
    with pytest.raises(ServiceError):
        operators.disable_operator(db, admin, second)  # the disabled admin acts no more


def test_bad_input_changes_nothing(station: Any, mediator: Actor) -> None:
    db, admin = station.db, station.actor
    before = _slots(station)
    for kwargs, field in (({"username": "1x"}, "username"), ({"password": "short"}, "password"),
                          ({"name": " "}, "name"), ({"role": "boss"}, "role"),
                          ({"username": "tiaojie"}, "username")):
        values = {"username": "newone", "name": "新人", "password": "long-enough-1",
                  "role": "mediator", **kwargs}
        with pytest.raises(ValidationError) as info:
            operators.add_operator(db, admin, **values)
        assert list(info.value.by_field) == [field]
    assert _slots(station) == before
    assert len(operators.list_operators(db, admin)) == 2


def _rows(db: Any, sql: str, **params: Any) -> list[Any]:
    from sqlalchemy import text

    with db.engine.connect() as conn:
        return list(conn.execute(text(sql), params))


def test_crash_between_slot_and_commit_leaves_only_a_stale_slot(
        station: Any, clock: list[float], monkeypatch: pytest.MonkeyPatch) -> None:
    db, admin = station.db, station.actor

    def power_cut(self: UnitOfWork) -> None:
        raise OSError("power cut")

    with monkeypatch.context() as patch, pytest.raises(OSError):
        patch.setattr(UnitOfWork, "commit", power_cut)
        operators.add_operator(db, admin, username="ghost", name="幽灵", password="ghost-pass-1")
    assert "ghost" in _slots(station)  # written before the commit that never came
    with pytest.raises(LoginFailed):
        unlock_station(db.path, "ghost", "ghost-pass-1")  # no such operator in the database
    assert "ghost" not in _slots(station)
    # Everyone else still logs in.
    clock[0] += 3600
    unlock_station(db.path, "admin", "correct-horse-1").db.dispose()


def test_crash_after_disable_commit_keeps_the_operator_out(
        station: Any, mediator: Actor, clock: list[float],
        monkeypatch: pytest.MonkeyPatch) -> None:
    db, admin = station.db, station.actor
    real_update = KeyFile.update
    calls: list[Path] = []

    def second_write_cut(path: Path) -> Any:
        calls.append(path)
        return real_update(path) if len(calls) == 1 else _power_cut(path)

    with monkeypatch.context() as patch, pytest.raises(OSError):
        patch.setattr(KeyFile, "update", second_write_cut)
        patch.setattr(operators, "rekey_station", _power_cut)  # the process dies here
        operators.disable_operator(db, admin, mediator.operator_id)  # slot removal "lost"
    db.dispose()
    assert "tiaojie" in _slots(station)
    with pytest.raises(LoginFailed, match="停用"):
        unlock_station(db.path, "tiaojie", MEDIATOR_PASSWORD)
    assert "tiaojie" not in _slots(station)
    # The rekey the crash prevented is done at the next login.
    assert KeyFile.load(keyfile_path(db.path)).meta.get("rekey_due")
    again = unlock_station(db.path, "admin", "correct-horse-1")
    again.db.dispose()
    assert again.rekeyed is not None
    assert not KeyFile.load(keyfile_path(db.path)).meta.get("rekey_due")


def test_stale_slots_are_swept_at_any_login_after_a_grace_time(
        station: Any, clock: list[float], monkeypatch: pytest.MonkeyPatch) -> None:
    db, admin = station.db, station.actor

    def power_cut(self: UnitOfWork) -> None:
        raise OSError("power cut")

    with monkeypatch.context() as patch, pytest.raises(OSError):
        patch.setattr(UnitOfWork, "commit", power_cut)
        operators.add_operator(db, admin, username="ghost", name="幽灵", password="ghost-pass-1")
    real = KeyFile.load(keyfile_path(db.path)).operator_slot("ghost")
    assert real is not None
    clock[0] = real.created + 1  # a slot this young may belong to a commit in progress
    unlock_station(db.path, "admin", "correct-horse-1").db.dispose()
    assert "ghost" in _slots(station)
    clock[0] = real.created + security.STALE_GRACE_SECONDS + 1
    unlock_station(db.path, "admin", "correct-horse-1").db.dispose()
    assert "ghost" not in _slots(station)


def _power_cut(path: Path, *args: Any, **kwargs: Any) -> Any:
    raise OSError("power cut")
