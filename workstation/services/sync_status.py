"""How much this station has that the county has not yet acknowledged."""

from __future__ import annotations

from sqlalchemy import func, select

from workstation.storage.engine import Database
from workstation.storage.models import ChangeLog, SyncState, record_changes


def unsynced_changes(db: Database) -> int:
    """Change-log rows after the last sequence number the county acknowledged (audit
    entries left out: they ride along, ``models.record_changes``)."""
    with db.read() as session:
        acked = session.scalar(select(SyncState.last_acked_change_seq)) or 0
        return int(session.scalar(
            select(func.count()).select_from(ChangeLog).where(ChangeLog.seq > acked,
                                                             record_changes())
        ) or 0)
