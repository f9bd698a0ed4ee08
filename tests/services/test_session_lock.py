"""The idle lock's station setting (admins only, audited) and unlocking with the same
operator's password (failures audited)."""

from __future__ import annotations

import pytest

from workstation.domain.errors import ValidationError
from workstation.services.auth import add_operator
from workstation.services.context import Actor
from workstation.services.permissions import NotPermitted
from workstation.services.session_lock import (
    UnlockFailed,
    idle_lock_minutes,
    record_lock,
    record_logout,
    set_idle_lock_minutes,
    unlock,
)
from workstation.storage.engine import Database
from workstation.storage.keyslots import KeyFile, keyfile_path
from workstation.storage.models import Operator


@pytest.fixture
def mediator(db: Database, actor: Actor) -> Actor:
    op_id = add_operator(db, actor, username="tiaojie", name="李调解", password="mediator-pw-1")
    return Actor(op_id, actor.station_id, "tiaojie", "李调解", "mediator")


def test_idle_time_defaults_to_ten_minutes_and_only_an_admin_changes_it(
        db: Database, actor: Actor, mediator: Actor, sql) -> None:
    assert idle_lock_minutes(db) == 10
    with pytest.raises(NotPermitted, match="只有站点管理员可以修改自动锁定时间"):
        set_idle_lock_minutes(db, mediator, 60)
    with pytest.raises(ValidationError, match="1至120分钟"):
        set_idle_lock_minutes(db, actor, 0)
    with pytest.raises(ValidationError):
        set_idle_lock_minutes(db, actor, 121)
    assert idle_lock_minutes(db) == 10
    assert set_idle_lock_minutes(db, actor, 5) == 5
    assert idle_lock_minutes(db) == 5
    [entry] = sql.rows("SELECT * FROM audit_entry WHERE action = 'settings'")
    assert entry.detail == "自动锁定时间：10分钟 → 5分钟"
    assert entry.operator_id == actor.operator_id
    set_idle_lock_minutes(db, actor, 5)  # no change, no entry
    assert sql.count("audit_entry", "action = 'settings'") == 1


def test_unlock_needs_the_same_operators_password(db: Database, actor: Actor, mediator: Actor,
                                                  make, sql) -> None:
    record_lock(db, mediator, "idle")
    with pytest.raises(UnlockFailed, match="密码错误"):
        unlock(db, mediator, make.password)  # the admin's password does not unlock it
    unlock(db, mediator, "mediator-pw-1")
    rows = sql.rows("SELECT action, record_id, operator_id, detail FROM audit_entry"
                    " WHERE action IN ('lock', 'unlock', 'unlock.failed') ORDER BY id")
    assert [(r.action, r.operator_id) for r in rows] == [
        ("lock", mediator.operator_id), ("unlock.failed", mediator.operator_id),
        ("unlock", mediator.operator_id)]
    assert rows[0].detail == "无操作自动锁定"
    # Checked with the mediator's key slot (their Operator row keeps no hash), audited here
    # and not queued again for the next login.
    assert sql.rows("SELECT password_hash FROM operator WHERE id = :id",
                    id=mediator.operator_id) == [("",)]
    # (The key file records the throttle change, marked to stay out of the audit trail.)
    assert all(e.get("audit") is False or e.get("kind") == "cleared"
               for e in KeyFile.load(keyfile_path(db.path)).pending)


def test_a_disabled_operator_cannot_unlock(db: Database, actor: Actor, mediator: Actor,
                                           sql) -> None:
    with db.write_session() as s:
        s.get_one(Operator, mediator.operator_id).active = False
        s.commit()
    with pytest.raises(UnlockFailed):
        unlock(db, mediator, "mediator-pw-1")
    record_logout(db, mediator, "切换用户")
    assert sql.count("audit_entry", "action = 'logout' AND detail = '切换用户'") == 1
