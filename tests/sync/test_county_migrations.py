"""County schema upgrades: an old database gains what a new one has, once; a newer one is
refused."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from alembic.operations import Operations
from sqlalchemy import Column, Text, inspect, select

from workstation.county import migrations
from workstation.county.db import CountyDatabase, station
from workstation.sync.errors import SyncError

from .helpers import reopen


def _version(county: CountyDatabase) -> int | None:
    with county.engine.connect() as conn:
        return migrations.read_version(conn)


def test_new_database_is_stamped_newest(county: CountyDatabase) -> None:
    assert _version(county) == migrations.SCHEMA_VERSION


def test_old_database_runs_new_steps_once(county_factory: Callable[[], CountyDatabase],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    county = county_factory()
    with county.write() as conn:
        conn.execute(migrations.county_meta.delete())  # as made before versioning: version 1
    ran: list[str] = []

    def add_note(op: Operations) -> None:
        ran.append("note")
        op.add_column("station", Column("note", Text, nullable=True))

    monkeypatch.setattr(migrations, "STEPS", [*migrations.STEPS, add_note])
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", migrations.SCHEMA_VERSION + 1)
    for _ in range(2):
        again = reopen(county)
        again.dispose()
    assert ran == ["note"]
    assert "note" in {c["name"] for c in inspect(county.engine).get_columns("station")}
    assert _version(county) == migrations.SCHEMA_VERSION
    with county.engine.connect() as conn:  # the existing rows and table still work
        assert conn.execute(select(station)).all() == []


def test_newer_database_refused(county: CountyDatabase) -> None:
    with county.write() as conn:
        conn.execute(migrations.county_meta.update().values(
            value=str(migrations.SCHEMA_VERSION + 1)))
    with pytest.raises(SyncError, match="请升级程序"):
        reopen(county)
