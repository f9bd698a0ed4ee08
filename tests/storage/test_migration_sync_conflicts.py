"""Migration 0013_sync_conflicts: an existing station keeps its sync state and gains the box
key columns (made at its next export) and the table of reported conflicts."""

from __future__ import annotations

from alembic import command
from sqlalchemy import text

from workstation.services.context import Actor
from workstation.storage.engine import Database
from workstation.storage.migrate import alembic_config, current_revision, upgrade_to_head
from workstation.sync import station as sync

PREVIOUS = "0011_screening"


def _columns(db: Database, table: str) -> set[str]:
    with db.engine.connect() as conn:
        return {r[1] for r in conn.execute(text(f"PRAGMA table_info({table})"))}


def test_sync_state_survives_and_gains_the_box_key(db: Database, actor: Actor) -> None:
    signing = sync.ensure_state(db).station_public_key
    command.downgrade(alembic_config(db.engine), PREVIOUS)
    assert current_revision(db.engine) == PREVIOUS
    assert "box_public_key" not in _columns(db, "sync_state")
    assert _columns(db, "sync_conflict") == set()

    upgrade_to_head(db.engine)
    state = sync.ensure_state(db)
    assert state.station_public_key == signing and state.box_public_key is None
    first = sync.ensure_box_key(db)
    assert sync.ensure_box_key(db) == first  # made once
    assert sync.ensure_state(db).station_public_key == signing
    assert {"table_name", "record_id", "county_data", "resolution"} <= _columns(
        db, "sync_conflict")
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_entry "
                                 "WHERE action = 'sync.box_key'")).scalar() == 1
