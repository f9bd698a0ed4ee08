"""Operator accounts: list, add, disable, re-enable and reset passwords (station admins only,
checked here against the database, not just by hidden buttons), and changing one's own
password.

On an encrypted station a password *is* the operator's key slot: setting one seals the data
key (in memory while an admin is logged in) under it; the database is never re-encrypted.
Write order against crashes (see ``security.py``): the slot is written before the commit
that makes it usable and removed after the commit that retires it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select

from workstation.domain.enums import OperatorRole
from workstation.domain.errors import ValidationError
from workstation.domain.validators import require_text
from workstation.storage.engine import Database, DatabaseError
from workstation.storage.keyslots import KeyFile, KeySlotError, Slot, keyfile_path, operator_label
from workstation.storage.models import Operator

from .auth import hash_password, validate_username
from .context import Actor, NotFound, ServiceError, UnitOfWork
from .login_throttle import LoginFailed
from .revocation import Progress, RekeyResult, mark_rekey_due, rekey_station
from .security import validate_new_password, verify_password

ADMIN_ONLY = "只有站点管理员可以管理操作员账户"


@dataclass(frozen=True)
class OperatorInfo:
    """One row of the operator list."""

    id: str
    username: str
    name: str
    role: str
    active: bool
    #: Has a key slot (encrypted stations): can log in.
    can_log_in: bool
    #: Locked after repeated failed logins until then (local time), else None.
    locked_until: datetime | None

    @property
    def role_label(self) -> str:
        return OperatorRole.label_of(self.role)


def _current_admin(uow: UnitOfWork, actor: Actor) -> Operator:
    """The acting operator's row, which must be an active admin now (not just at login)."""
    if not actor.is_admin:
        raise ServiceError(ADMIN_ONLY)
    me = uow.session.get(Operator, actor.operator_id)
    if me is None or not me.active or me.role != OperatorRole.ADMIN:
        raise ServiceError(ADMIN_ONLY)
    return me


def _target(uow: UnitOfWork, operator_id: str) -> Operator:
    operator = uow.session.get(Operator, operator_id)
    if operator is None:
        raise NotFound("找不到该操作员")
    return operator


def _password_writer(db: Database, operator: Operator, password: str
                     ) -> Callable[[], None]:
    """Store ``password`` for ``operator``: seal its slot now (Argon2, outside any lock) and
    return the function writing it into the key file; plain databases keep a hash."""
    if db.key is None:
        operator.password_hash = hash_password(password)
        return lambda: None
    slot = Slot.seal(operator_label(operator.username), password, db.key)

    def write() -> None:
        try:
            with KeyFile.update(keyfile_path(db.path)) as keyfile:
                keyfile.slots[slot.label] = slot
        except KeySlotError as exc:
            raise ServiceError(f"无法写入密钥文件：{exc}") from exc

    return write


def list_operators(db: Database, actor: Actor) -> list[OperatorInfo]:
    """Every operator account, admins first (station admins only)."""
    if not actor.is_admin:
        raise ServiceError(ADMIN_ONLY)
    slots: dict[str, Slot] = {}
    if db.key is not None:
        try:
            keyfile = KeyFile.load(keyfile_path(db.path))
        except KeySlotError:
            keyfile = None
        if keyfile is not None:
            for username in keyfile.operator_usernames():
                slots[username] = keyfile.slots[operator_label(username)]
    with db.read() as session:
        rows = list(session.scalars(select(Operator).order_by(
            Operator.active.desc(), Operator.role, Operator.created_at)))
    now = datetime.now(UTC).timestamp()
    out = []
    for op in rows:
        slot = slots.get(op.username)
        locked = slot is not None and slot.locked_until > now
        out.append(OperatorInfo(
            op.id, op.username, op.name, op.role, op.active,
            can_log_in=op.active and (db.key is None or slot is not None),
            locked_until=datetime.fromtimestamp(slot.locked_until) if locked and slot else None,
        ))
    return out


def add_operator(db: Database, actor: Actor, *, username: str, name: str, password: str,
                 role: str = OperatorRole.MEDIATOR) -> str:
    """Create an operator account with its key slot; returns its id."""
    with UnitOfWork(db, actor) as uow:
        _current_admin(uow, actor)
        username = validate_username(username, "username")
        name = require_text(name, "name", "姓名", max_len=30)
        validate_new_password(password)
        try:
            role = OperatorRole(role).value
        except ValueError:
            raise ValidationError.single("role", "角色无效") from None
        if uow.session.scalars(select(Operator).where(Operator.username == username)).first():
            raise ValidationError.single("username", f"用户名“{username}”已被使用")
        operator = Operator(station_id=actor.station_id, username=username, name=name,
                            role=role, password_hash="")
        write = _password_writer(db, operator, password)
        uow.session.add(operator)
        uow.session.flush()
        uow.audit("operator.create", "operator", operator.id,
                  f"{username}（{OperatorRole.label_of(role)}）")
        uow.session.flush()
        write()  # slot first: a crash before the commit leaves only a stale slot
        uow.commit()
        return operator.id


def disable_operator(db: Database, actor: Actor, operator_id: str, *,
                     progress: Progress | None = None) -> RekeyResult:
    """Disable an account: it can no longer log in (its slot is removed); the row, and
    everything it recorded, stays. On an encrypted station the database then gets a new data
    key (``revocation``), so the account's old key file and backups open nothing written
    afterwards; if another program has the database open the rekey stays due (``deferred``)
    and happens at the next login."""
    with UnitOfWork(db, actor) as uow:
        _current_admin(uow, actor)
        operator = _target(uow, operator_id)
        if operator.id == actor.operator_id:
            raise ServiceError("不能停用自己的账户")
        if not operator.active:
            raise ServiceError("该账户已经停用")
        if operator.role == OperatorRole.ADMIN:
            admins = uow.session.scalar(select(func.count()).select_from(Operator).where(
                Operator.role == OperatorRole.ADMIN, Operator.active.is_(True)))
            if (admins or 0) <= 1:
                raise ServiceError("不能停用唯一的站点管理员")
        operator.active = False
        uow.audit("operator.disable", "operator", operator.id, operator.username)
        uow.session.flush()
        mark_rekey_due(db)  # before the commit: a crash after it still leads to the rekey
        uow.commit()
        username = operator.username
    if db.key is not None:  # after the commit: a crash here leaves a stale slot, removed later
        try:
            with KeyFile.update(keyfile_path(db.path)) as keyfile:
                keyfile.remove_operator(username)
        except (KeySlotError, OSError):
            pass  # the account is disabled; its slot is removed as stale at the next login
    if db.key is None:
        return RekeyResult()
    try:
        return rekey_station(db, actor, progress=progress,
                             audit_detail=f"停用操作员 {username} 后更换数据密钥")
    except DatabaseError:
        return RekeyResult(deferred=True)


def enable_operator(db: Database, actor: Actor, operator_id: str, password: str) -> None:
    """Re-enable a disabled account with a new password (the old slot is gone)."""
    validate_new_password(password)
    with UnitOfWork(db, actor) as uow:
        _current_admin(uow, actor)
        operator = _target(uow, operator_id)
        if operator.active:
            raise ServiceError("该账户未停用")
        write = _password_writer(db, operator, password)
        operator.active = True
        uow.audit("operator.enable", "operator", operator.id, operator.username)
        uow.session.flush()
        write()
        uow.commit()


def reset_password(db: Database, actor: Actor, operator_id: str, password: str) -> None:
    """Give an operator a new password (and lift a lock after failed logins)."""
    validate_new_password(password)
    with UnitOfWork(db, actor) as uow:
        _current_admin(uow, actor)
        operator = _target(uow, operator_id)
        if not operator.active:
            raise ServiceError("该账户已停用，请用“启用”设置新密码")
        write = _password_writer(db, operator, password)
        uow.audit("operator.reset_password", "operator", operator.id, operator.username)
        uow.session.flush()
        write()
        uow.commit()


def change_own_password(db: Database, actor: Actor, old_password: str,
                        new_password: str) -> None:
    """Any operator: change their own password (the current one is checked first)."""
    validate_new_password(new_password, "new_password")
    if old_password == new_password:
        raise ValidationError.single("new_password", "新密码不能与原密码相同")
    try:
        verify_password(db, actor, old_password)
    except LoginFailed as exc:
        message = str(exc).replace("用户名或密码错误", "原密码不正确")
        raise ValidationError.single("old_password", message) from None
    with UnitOfWork(db, actor) as uow:
        operator = _target(uow, actor.operator_id)
        if not operator.active:
            raise ServiceError("该账户已停用")
        write = _password_writer(db, operator, new_password)
        uow.audit("operator.change_password", "operator", operator.id, operator.username)
        uow.session.flush()
        write()
        uow.commit()
