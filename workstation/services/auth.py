"""Operators' passwords and logging in to an open database.

Encrypted stations check a password by opening the operator's key slot (``security.py``);
the argon2id hashes in ``Operator.password_hash`` are only for old plain databases, until
their first login encrypts them.
"""

from __future__ import annotations

import hmac
import re
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from workstation.domain.errors import ValidationError
from workstation.storage.engine import Database
from workstation.storage.models import Operator

from .context import Actor, UnitOfWork
from .login_throttle import LoginFailed

__all__ = ["MIN_PASSWORD_LENGTH", "LoginFailed", "add_operator", "authenticate",
           "authenticate_plain", "hash_password", "validate_username", "verify_password"]

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


def authenticate(db: Database, username: str, password: str) -> Actor:
    """The operator for these credentials on the open database ``db``; records the login (or
    the failure) in the audit trail. On an encrypted station the password must open the
    operator's key slot to this database's key (throttled like the login screen; failures
    queued in the key file are written to the audit trail at once)."""
    if db.key is None:
        return authenticate_plain(db, username, password)
    from .security import _log_in, keyfile_path, open_operator_slot, write_pending_failures

    username = (username or "").strip()
    keys: Path = keyfile_path(db.path)
    try:
        key = open_operator_slot(keys, username, password)
    except LoginFailed:
        write_pending_failures(db, keys)  # the database is open: audit the failure now
        raise
    if not hmac.compare_digest(key, db.key):
        raise LoginFailed("用户名或密码错误")
    return _log_in(db, keys, username)


def authenticate_plain(db: Database, username: str, password: str, *,
                       audit: bool = True) -> Actor:
    """Check a password against an old plain database's argon2 hash."""
    with UnitOfWork(db, None) as uow:
        operator = uow.session.scalars(
            select(Operator).where(Operator.username == username.strip())
        ).first()
        ok = operator is not None and operator.active and verify_password(
            operator.password_hash, password
        )
        if not ok:
            if audit:
                uow.audit("login.failed", "operator", operator.id if operator else "",
                          username)
                uow.commit()
            raise LoginFailed("用户名或密码错误")
        assert operator is not None
        actor = Actor(operator.id, operator.station_id, operator.username, operator.name,
                      operator.role)
        if audit:
            uow.actor = actor
            uow.audit("login", "operator", operator.id)
            uow.commit()
    return actor


def add_operator(db: Database, actor: Actor, *, username: str, name: str, password: str,
                 role: str = "mediator") -> str:
    """Create an operator account (station admins only); see ``operators.add_operator``."""
    from .operators import add_operator as add

    return add(db, actor, username=username, name=name, password=password, role=role)
