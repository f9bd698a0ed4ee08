"""The station's sync keys are audited under the operator who caused them to be made."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from workstation.services.context import Actor
from workstation.storage.engine import Database
from workstation.sync import station as sync


def _key_entries(db: Database) -> list[tuple[str, str | None]]:
    with db.engine.connect() as conn:
        return [(str(a), o) for a, o in conn.execute(text(
            "SELECT action, operator_id FROM audit_entry "
            "WHERE action IN ('sync.key', 'sync.box_key') ORDER BY seq"))]


def test_the_box_key_made_by_an_export_is_audited_with_the_operator(
        demo_station: Database, actor: Actor, usb: Path) -> None:
    db = demo_station
    assert _key_entries(db) == [("sync.key", actor.operator_id)]  # made with the station
    sync.export(db, usb, actor=actor)
    assert _key_entries(db) == [("sync.key", actor.operator_id),
                                ("sync.box_key", actor.operator_id)]
    sync.export(db, usb, actor=actor)  # made once
    assert len(_key_entries(db)) == 2


def test_a_station_key_made_later_is_audited_with_the_operator(db: Database,
                                                               actor: Actor) -> None:
    with db.engine.begin() as conn:  # a station from before the key pair came with init
        conn.execute(text("DELETE FROM sync_state"))
    pem = sync.station_public_key(db, actor)
    assert "PUBLIC KEY" in pem
    assert _key_entries(db)[-1] == ("sync.key", actor.operator_id)
    assert sync.station_public_key(db, actor) == pem
    assert len(_key_entries(db)) == 2
