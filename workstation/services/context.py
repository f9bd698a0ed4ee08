"""The acting operator and the unit of work every service writes through."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from types import TracebackType
from typing import Any, Self

from sqlalchemy import Connection, Insert, Update, bindparam, insert, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlmodel import SQLModel

from workstation.domain.enums import OperatorRole
from workstation.storage import audit_chain, search_index
from workstation.storage.engine import Database
from workstation.storage.models import AuditEntry
from workstation.storage.rows import new_row
from workstation.storage.types import utcnow


class ServiceError(Exception):
    """A request a service refuses; the message is fit to show a user (Chinese)."""


class NotFound(ServiceError):
    """The record asked for does not exist."""


@dataclass(frozen=True)
class Actor:
    """The logged-in operator on whose behalf a service acts."""

    operator_id: str
    station_id: str
    username: str
    name: str
    role: str

    @property
    def is_admin(self) -> bool:
        return self.role == OperatorRole.ADMIN


class UnitOfWork:
    """One write transaction: records, their audit entries and change-log rows commit together.

    Leaving the block without ``commit()`` (or with an exception) rolls everything back.
    Services load and change records through ``session`` (ORM); the hot paths that create
    records use :meth:`insert` and :meth:`update` (SQLAlchemy Core on the same transaction:
    ~30 µs a row instead of ~180 µs for an ORM add and flush, and no ``session.new``/``dirty``
    bookkeeping at commit). Either way the change-log triggers, the version counter and the
    search index stay current.
    """

    def __init__(self, db: Database, actor: Actor | None) -> None:
        self.db = db
        self.actor = actor
        self._session: Session | None = None
        self._connection: Connection | None = None

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("unit of work used outside its with-block")
        return self._session

    def __enter__(self) -> Self:
        self._session = self.db.write_session()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._session is not None
        try:
            self._session.rollback()
        finally:
            self._session.close()
            self._session = None
            self._connection = None
        if isinstance(exc, IntegrityError):
            raise ServiceError("保存失败：与已有记录冲突，请检查后重试") from exc
        if isinstance(exc, OperationalError) and "locked" in str(exc).lower():
            raise ServiceError("数据库正忙（可能被其他程序占用），请稍后再试") from exc

    @property
    def connection(self) -> Connection:
        """The connection of this transaction, for Core statements."""
        if self._connection is None:
            self._connection = self.session.connection()
        return self._connection

    def commit(self) -> None:
        self._connection = None  # the transaction ends with the commit
        self.session.commit()

    def insert(self, model: type[SQLModel], **values: Any) -> dict[str, Any]:
        """Insert one ``model`` row with Core (field defaults filled in); returns the row."""
        row = new_row(model, values)
        self.connection.execute(_insert(model), row)
        search_index.note_inserted(self.session, model, row)
        return row

    def update(self, model: type[SQLModel], record_id: str, **changes: Any) -> None:
        """Change columns of one synced record with Core, bumping its version and updated_at
        as the session hooks do for ORM changes. No ``changes``: nothing is written."""
        if not changes:
            return
        self.connection.execute(
            _update(model, tuple(sorted(changes))),
            {**{f"new_{k}": v for k, v in changes.items()}, "record_id": record_id,
             "now": utcnow()})
        search_index.note_updated(self.session, model, record_id, changes)

    def audit(self, action: str, record_type: str = "", record_id: str = "",
              detail: str = "", *, at: datetime | None = None) -> None:
        """Append an audit entry to this transaction, chained after the newest one
        (``storage.audit_chain``); ``at`` defaults to now."""
        self.insert(AuditEntry, **audit_chain.chained(self.connection, {
            "at": at, "operator_id": self.actor.operator_id if self.actor else None,
            "action": action, "record_type": record_type, "record_id": record_id,
            "detail": detail}))


@cache
def _insert(model: type[SQLModel]) -> Insert:
    return insert(model.__table__)  # type: ignore[attr-defined]


@cache
def _update(model: type[SQLModel], columns: tuple[str, ...]) -> Update:
    table = model.__table__  # type: ignore[attr-defined]
    values = {c: bindparam(f"new_{c}", type_=table.c[c].type) for c in columns}
    values["version"] = table.c.version + 1
    values["updated_at"] = bindparam("now", type_=table.c.updated_at.type)
    return update(table).where(table.c.id == bindparam("record_id")).values(values)
