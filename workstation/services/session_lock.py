"""The desk application's idle lock: its setting, and locking, unlocking and logging out,
each audited.

The idle time is a station setting (``station.idle_lock_minutes``), not a per-PC preference:
it is a rule of the station, changed by its admin only and recorded in the audit trail, and a
mediator cannot lengthen it from the Windows registry.

Unlocking checks the same operator's password with their key slot (``security.
verify_password``: Argon2id, slow on purpose — call it off the GUI thread; throttled like a
login). A wrong password is audited (``unlock.failed``).
"""

from __future__ import annotations

from sqlalchemy import select

from workstation.domain.errors import ValidationError
from workstation.storage.engine import Database
from workstation.storage.models import Operator, Station

from .context import Actor, ServiceError, UnitOfWork
from .login_throttle import LoginFailed
from .permissions import require_admin
from .security import WRONG_CREDENTIALS, verify_password

DEFAULT_IDLE_MINUTES = 10
MIN_IDLE_MINUTES = 1
MAX_IDLE_MINUTES = 120


class UnlockFailed(ServiceError):
    """Wrong password for the locked session."""


def idle_lock_minutes(db: Database) -> int:
    """Minutes without input before the application locks (the station's setting)."""
    with db.read() as session:
        minutes = session.scalar(select(Station.idle_lock_minutes))
    if minutes is None or not MIN_IDLE_MINUTES <= minutes <= MAX_IDLE_MINUTES:
        return DEFAULT_IDLE_MINUTES
    return int(minutes)


def set_idle_lock_minutes(db: Database, actor: Actor, minutes: int) -> int:
    """Change the idle time (station admins only; audited as ``settings``)."""
    require_admin(actor, "修改自动锁定时间")
    if not MIN_IDLE_MINUTES <= int(minutes) <= MAX_IDLE_MINUTES:
        raise ValidationError.single(
            "idle_lock_minutes",
            f"自动锁定时间应在{MIN_IDLE_MINUTES}至{MAX_IDLE_MINUTES}分钟之间")
    with UnitOfWork(db, actor) as uow:
        station = uow.session.scalars(select(Station)).first()
        if station is None:
            raise ServiceError("数据库尚未初始化站点")
        previous = station.idle_lock_minutes
        if previous != minutes:
            station.idle_lock_minutes = int(minutes)
            uow.audit("settings", "station", station.id,
                      f"自动锁定时间：{previous}分钟 → {minutes}分钟")
            uow.commit()
    return int(minutes)


def record_lock(db: Database, actor: Actor, reason: str) -> None:
    """Audit that the session was locked (``idle`` or ``manual``)."""
    with UnitOfWork(db, actor) as uow:
        uow.audit("lock", "operator", actor.operator_id,
                  "无操作自动锁定" if reason == "idle" else "手动锁定")
        uow.commit()


def unlock(db: Database, actor: Actor, password: str) -> None:
    """Check the locked session's operator's password; audit the outcome.

    ``UnlockFailed`` for a wrong password (throttled like a login: repeated failures delay,
    then lock the account) or an operator disabled meanwhile.
    """
    with db.read() as session:
        operator = session.get(Operator, actor.operator_id)
        active = operator is not None and operator.active
    message = "该账户已停用，无法解锁"
    ok = False
    if active:
        try:
            verify_password(db, actor, password, queue=False)  # audited here, not queued
            ok = True
        except LoginFailed as exc:
            message = str(exc).replace(WRONG_CREDENTIALS, "密码错误，无法解锁")
    with UnitOfWork(db, actor) as uow:
        uow.audit("unlock" if ok else "unlock.failed", "operator", actor.operator_id,
                  "" if ok else message)
        uow.commit()
    if not ok:
        raise UnlockFailed(message)


def record_logout(db: Database, actor: Actor, reason: str = "") -> None:
    """Audit that the operator logged out (switching user from the lock screen)."""
    with UnitOfWork(db, actor) as uow:
        uow.audit("logout", "operator", actor.operator_id, reason)
        uow.commit()
