"""Operators' passwords (argon2id) and logging in."""

from __future__ import annotations

import re
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from workstation.domain.enums import OperatorRole
from workstation.domain.errors import ValidationError
from workstation.storage.engine import Database
from workstation.storage.models import Operator

from .context import Actor, ServiceError, UnitOfWork

MIN_PASSWORD_LENGTH = 8
_USERNAME = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]{2,31}$")


@cache
def _hasher() -> PasswordHasher:
    return PasswordHasher()  # argon2id with the library's current recommended parameters


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def validate_username(username: str, field: str = "admin_username") -> str:
    name = (username or "").strip()
    if not _USERNAME.match(name):
        raise ValidationError.single(
            field, "用户名须以英文字母开头，由3至32位字母、数字、下划线、点或短横线组成"
        )
    return name


class LoginFailed(ServiceError):
    """Wrong user name or password (deliberately not saying which)."""


def authenticate(db: Database, username: str, password: str) -> Actor:
    """The operator for these credentials; records the login or the failure in the audit."""
    with UnitOfWork(db, None) as uow:
        operator = uow.session.scalars(
            select(Operator).where(Operator.username == username.strip())
        ).first()
        ok = operator is not None and operator.active and verify_password(
            operator.password_hash, password
        )
        if not ok:
            uow.audit("login.failed", "operator", operator.id if operator else "", username)
            uow.commit()
            raise LoginFailed("用户名或密码错误")
        assert operator is not None
        actor = Actor(operator.id, operator.station_id, operator.username, operator.name,
                      operator.role)
        uow.actor = actor
        uow.audit("login", "operator", operator.id)
        uow.commit()
    return actor


def add_operator(db: Database, actor: Actor, *, username: str, name: str, password: str,
                 role: str = OperatorRole.MEDIATOR) -> str:
    """Create an operator account (station admins only)."""
    if not actor.is_admin:
        raise ServiceError("只有站点管理员可以添加操作员")
    username = validate_username(username, "username")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError.single("password", f"密码至少需要{MIN_PASSWORD_LENGTH}位")
    OperatorRole(role)
    with UnitOfWork(db, actor) as uow:
        if uow.session.scalars(select(Operator).where(Operator.username == username)).first():
            raise ValidationError.single("username", f"用户名“{username}”已被使用")
        operator = Operator(station_id=actor.station_id, username=username, name=name.strip(),
                            role=role, password_hash=hash_password(password))
        uow.session.add(operator)
        uow.session.flush()
        uow.audit("operator.create", "operator", operator.id, username)
        uow.commit()
        return operator.id
