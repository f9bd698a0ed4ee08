"""The acting operator and the unit of work every service writes through."""

from __future__ import annotations

from dataclasses import dataclass
from types import TracebackType
from typing import Self

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from workstation.domain.enums import OperatorRole
from workstation.storage.engine import Database
from workstation.storage.models import AuditEntry


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
    """

    def __init__(self, db: Database, actor: Actor | None) -> None:
        self.db = db
        self.actor = actor
        self._session: Session | None = None

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
        if isinstance(exc, IntegrityError):
            raise ServiceError("保存失败：与已有记录冲突，请检查后重试") from exc
        if isinstance(exc, OperationalError) and "locked" in str(exc).lower():
            raise ServiceError("数据库正忙（可能被其他程序占用），请稍后再试") from exc

    def commit(self) -> None:
        self.session.commit()

    def audit(self, action: str, record_type: str = "", record_id: str = "",
              detail: str = "") -> None:
        """Append an audit entry to this transaction."""
        self.session.add(AuditEntry(
            operator_id=self.actor.operator_id if self.actor else None,
            action=action, record_type=record_type, record_id=record_id, detail=detail,
        ))
