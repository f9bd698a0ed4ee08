"""The status bar's count of changes the county has not acknowledged."""

from __future__ import annotations

from sqlalchemy import update

from workstation.services.sync_status import unsynced_changes
from workstation.storage.models import SyncState
from workstation.sync.station import ensure_state


def test_counts_changes_after_the_last_acknowledged_seq(db, actor, make, sql) -> None:
    from workstation.services.consultations import register_consultation

    register_consultation(db, actor, make.consultation())
    total = sql.count("change_log", "table_name != 'audit_entry'")  # audit rides along
    assert unsynced_changes(db) == total
    ensure_state(db)
    last = sql.rows("SELECT max(seq) AS s FROM change_log WHERE table_name != 'audit_entry'"
                    )[0].s
    with db.write_session() as session:
        session.execute(update(SyncState).values(last_acked_change_seq=last - 1))
        session.commit()
    assert unsynced_changes(db) == 1
