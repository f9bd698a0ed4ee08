"""How much this station has that the county has not yet acknowledged."""

from __future__ import annotations

from sqlalchemy import func, select

from workstation.storage.engine import Database
from workstation.storage.models import ChangeLog


def unsynced_changes(db: Database) -> int:
    """Changes not yet acknowledged by the county (every change, until sync bundles exist)."""
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(ChangeLog)) or 0)
