"""Session hooks that keep every record's ``updated_at`` and ``version`` honest."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from .models import Record, Station
from .types import utcnow


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    now = utcnow()
    for obj in session.dirty:
        tracked = isinstance(obj, Record | Station)
        if tracked and session.is_modified(obj, include_collections=False):
            obj.updated_at = now
            obj.version = (obj.version or 0) + 1


def install_record_hooks(factory: sessionmaker[Session]) -> None:
    """Bump version and updated_at of every modified record at flush."""
    event.listen(factory, "before_flush", _before_flush)
