"""Opening, migrating and guarding a station database (pragmas, triggers, column types)."""

from __future__ import annotations

import itertools
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError, StatementError
from sqlmodel import SQLModel

from workstation.services.context import Actor
from workstation.storage import audit_chain, session_hooks
from workstation.storage.engine import Database, DatabaseError, make_engine, open_database
from workstation.storage.migrate import (
    alembic_config,
    current_revision,
    head_revision,
    include_name,
    quick_head_revision,
    upgrade_to_head,
)
from workstation.storage.models import (
    DELETABLE_TABLES,
    SYNCED_TABLES,
    AuditEntry,
    Person,
    Station,
)

NOW = "2026-01-05T08:00:00.000000+00:00"


def _has_cjk(message: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in message)


def fetch_all(db: Database, sql: str, **params: object) -> list[tuple[object, ...]]:
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql), params)]


def count_rows(db: Database, table: str, where: str = "") -> int:
    sql = f"SELECT count(*) FROM {table}" + (f" WHERE {where}" if where else "")
    return int(fetch_all(db, sql)[0][0])


def _triggers(db: Database) -> set[str]:
    with db.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='trigger'")
        return {r[0] for r in rows}


def _revisions_to_head() -> list[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return [rev.revision for rev in script.walk_revisions("base", "heads")]


# --- opening ----------------------------------------------------------------------------------


def test_fresh_database_reaches_head(db: Database) -> None:
    assert {"0001", "0002"} <= set(_revisions_to_head())
    assert current_revision(db.engine) == head_revision()
    tables = {r[0] for r in fetch_all(db, "SELECT name FROM sqlite_master WHERE type='table'")}
    assert set(SYNCED_TABLES) | {"station", "audit_entry", "change_log"} <= tables
    for table in SYNCED_TABLES:
        assert {f"trg_{table}_insert_log", f"trg_{table}_update_log"} <= _triggers(db)
        assert (f"trg_{table}_no_delete" in _triggers(db)) == (table not in DELETABLE_TABLES)


def test_pragmas_on_every_connection(db: Database) -> None:
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000


def test_models_match_migrations(db: Database) -> None:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_name": include_name})
        diffs = compare_metadata(context, SQLModel.metadata)
    assert diffs == []


def test_reopening_an_up_to_date_database_is_a_no_op(db_path: Path, db: Database) -> None:
    again = open_database(db_path, key=db.key)
    try:
        assert current_revision(again.engine) == head_revision()
    finally:
        again.dispose()


def test_quick_head_matches_alembic() -> None:
    assert quick_head_revision() == head_revision()


def test_opening_an_up_to_date_database_does_not_import_alembic(db_path: Path,
                                                                db: Database) -> None:
    code = ("import sys\n"
            "from workstation.storage.engine import open_database\n"
            f"open_database({str(db_path)!r}, key={db.key!r}).dispose()\n"
            "assert not [m for m in sys.modules if m.startswith('alembic')], 'alembic imported'\n")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_stale_database_still_goes_through_alembic(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "old.db")
    try:
        upgrade_to_head(engine, "0003")
        upgrade_to_head(engine)
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


def test_missing_file_without_create_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "nope.db"
    with pytest.raises(DatabaseError) as info:
        open_database(path)
    assert _has_cjk(str(info.value))
    assert not path.exists()


def test_wrong_key_is_refused_and_the_file_holds_no_plaintext(db_path: Path, db: Database,
                                                              actor: object) -> None:
    db.dispose()
    with pytest.raises(DatabaseError) as info:
        open_database(db_path, key=bytes(32))
    assert "不是工作站数据库" in str(info.value)
    with pytest.raises(DatabaseError):
        open_database(db_path)
    files = list(db_path.parent.glob(db_path.name + "*"))
    raw = b"".join(p.read_bytes() for p in files if p.suffix not in (".keys", ".lock"))
    assert b"SQLite format 3" not in raw
    assert "海港镇".encode() not in raw and "王管理".encode() not in raw
    # The key file shows the station's (public) name on the login screen; no person in it.
    keys = (db_path.parent / (db_path.name + ".keys")).read_bytes()
    assert "王管理".encode() not in keys


def test_file_that_is_not_sqlite_is_refused_in_chinese(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"This is a text file, certainly not a SQLite database.\n" * 200)
    with pytest.raises(DatabaseError) as info:
        open_database(path)
    message = str(info.value)
    assert "无法打开数据库" in message
    assert "不是工作站数据库" in message
    assert "\n" not in message  # one line a dialog or the CLI can show as it is


def test_database_from_a_newer_program_is_refused_in_chinese(db_path: Path, db: Database
                                                             ) -> None:
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    db.dispose()
    with pytest.raises(DatabaseError) as info:
        open_database(db_path, key=db.key)
    assert "更新版本" in str(info.value)


# --- upgrading an older database --------------------------------------------------------------


def _make_0001_database(path: Path) -> None:
    engine = make_engine(path)
    try:
        upgrade_to_head(engine, "0001")
        assert current_revision(engine) == "0001"
        with engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO station (id, name, division_code, county_center, case_prefix, phone,"
                " address, referral_forward_days, created_at, updated_at, version) VALUES"
                " ('st-1', '旧站', '130302100000', '海港区中心', '海调', '', '', 3, :now, :now, 1)"
            ), {"now": NOW})
            conn.execute(text(
                "INSERT INTO operator (id, station_id, created_at, updated_at, version, name,"
                " username, role, password_hash, active) VALUES"
                " ('op-1', 'st-1', :now, :now, 1, '老王', 'laowang', 'admin', 'x', 1)"
            ), {"now": NOW})
            conn.execute(text(
                "INSERT INTO person (id, station_id, created_at, updated_at, version, name,"
                " name_keys, ethnicity, id_type, phone, address, household_registration,"
                " occupation, employer, special_groups) VALUES"
                " ('p-1', 'st-1', :now, :now, 1, '张三', 'zs zhangsan', '', 'resident_id', '',"
                " '', '', '', '', '[]')"
            ), {"now": NOW})
            # No triggers yet at 0001: nothing was logged.
            assert conn.execute(text("SELECT count(*) FROM change_log")).scalar_one() == 0
    finally:
        engine.dispose()


def test_open_upgrades_older_database_and_keeps_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _make_0001_database(path)

    db = open_database(path)
    try:
        assert current_revision(db.engine) == head_revision()
        assert fetch_all(db, "SELECT id, name FROM station") == [("st-1", "旧站")]
        assert fetch_all(db, "SELECT id, username FROM operator") == [("op-1", "laowang")]
        with db.read() as s:
            person = s.get_one(Person, "p-1")
            assert person.name == "张三"
            assert person.created_at == datetime(2026, 1, 5, 8, tzinfo=UTC)
            assert person.voided_at is None and person.void_reason is None
        assert fetch_all(db, "SELECT idle_lock_minutes FROM station") == [(10,)]
        # Only the committee 0009_committees made from the station's settings was logged,
        # and the audit entry it wrote (chained and logged by 0015_audit_chain).
        assert fetch_all(db, "SELECT table_name, op FROM change_log") == [
            ("mediation_committee", "I"), ("audit_entry", "I")]
        assert fetch_all(db, "SELECT seq, length(hash) FROM audit_entry") == [(1, 64)]
        with db.engine.connect() as conn:
            assert audit_chain.verify(conn).intact

        with db.write_session() as s:
            person = s.get_one(Person, "p-1")
            person.phone = "13800138000"
            s.commit()
        rows = fetch_all(db, "SELECT table_name, record_id, version, op FROM change_log "
                             "WHERE table_name = 'person'")
        assert rows == [("person", "p-1", 2, "U")]
    finally:
        db.dispose()


def test_downgrade_and_upgrade_round_trip_of_triggers(db: Database, actor: Actor) -> None:
    config = alembic_config(db.engine)
    command.downgrade(config, "0001")
    assert current_revision(db.engine) == "0001"
    assert not {t for t in _triggers(db) if t.endswith(("_log", "_no_delete", "_append_only"))}
    before = count_rows(db, "change_log")
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE operator SET name = '无日志' WHERE id = :id"),
                     {"id": actor.operator_id})
    assert count_rows(db, "change_log") == before

    upgrade_to_head(db.engine)
    assert current_revision(db.engine) == head_revision()
    before = count_rows(db, "change_log")  # with the committee 0009 made from the settings
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE operator SET name = '有日志', version = version + 1"
                          " WHERE id = :id"), {"id": actor.operator_id})
    assert count_rows(db, "change_log") == before + 1


# --- triggers ---------------------------------------------------------------------------------


def test_change_log_seq_strictly_increasing_and_never_reused(db: Database, actor: Actor) -> None:
    with db.write_session() as s:
        for i in range(5):
            s.add(Person(station_id=actor.station_id, name=f"人{i}"))
            s.flush()
        s.commit()
    seqs = [r[0] for r in fetch_all(db, "SELECT seq FROM change_log ORDER BY rowid")]
    assert len(seqs) >= 5
    assert all(a < b for a, b in itertools.pairwise(seqs))

    # AUTOINCREMENT: even if the newest row vanished, its seq is not handed out again.
    newest = seqs[-1]
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM change_log WHERE seq = :s"), {"s": newest})
    with db.write_session() as s:
        s.add(Person(station_id=actor.station_id, name="后来者"))
        s.commit()
    assert fetch_all(db, "SELECT max(seq) FROM change_log")[0][0] > newest


@pytest.mark.parametrize("table", ["operator", "person"])
def test_delete_on_synced_table_is_refused(db: Database, actor: Actor, table: str) -> None:
    with db.write_session() as s:
        s.add(Person(station_id=actor.station_id, name="不可删"))
        s.commit()
    before = count_rows(db, table)
    with pytest.raises(IntegrityError, match="never deleted"), db.engine.begin() as conn:
        conn.execute(text(f"DELETE FROM {table}"))
    assert count_rows(db, table) == before


def test_orm_delete_is_refused_too(db: Database, actor: Actor) -> None:
    with db.write_session() as s:
        person = Person(station_id=actor.station_id, name="不可删")
        s.add(person)
        s.commit()
        s.delete(person)
        with pytest.raises(IntegrityError):
            s.commit()
    assert count_rows(db, "person") == 1


def test_audit_entries_are_append_only(db: Database, actor: Actor) -> None:
    before = count_rows(db, "audit_entry")
    assert before >= 1
    with pytest.raises(IntegrityError, match="append-only"), db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_entry SET detail = 'tampered'"))
    assert count_rows(db, "audit_entry", "detail = 'tampered'") == 0
    with pytest.raises(IntegrityError, match="append-only"), db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_entry"))
    assert count_rows(db, "audit_entry") == before


def test_every_insert_and_update_is_logged_with_the_row_version(db: Database, actor: Actor
                                                                 ) -> None:
    with db.write_session() as s:
        person = Person(station_id=actor.station_id, name="记日志")
        s.add(person)
        s.commit()
        person.phone = "13900139000"
        s.commit()
        person.address = "海港镇"
        s.commit()
        pid = person.id
    rows = fetch_all(db, "SELECT op, version FROM change_log WHERE record_id = :id ORDER BY seq",
                     id=pid)
    assert rows == [("I", 1), ("U", 2), ("U", 3)]


# --- column types and record hooks ------------------------------------------------------------


def test_aware_datetime_round_trips_as_utc(db: Database, actor: Actor) -> None:
    beijing = timezone(timedelta(hours=8))
    moment = datetime(2026, 3, 1, 9, 30, 15, 123456, tzinfo=beijing)
    with db.write_session() as s:
        s.add(AuditEntry(**audit_chain.chained(s.connection(), {"action": "probe", "at": moment})))
        s.commit()
    stored = fetch_all(db, "SELECT at FROM audit_entry WHERE action = 'probe'")[0][0]
    assert stored == "2026-03-01T01:30:15.123456+00:00"
    with db.read() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "probe")).one()
    assert entry.at == moment
    assert entry.at.tzinfo is not None
    assert entry.at.utcoffset() == timedelta(0)


def test_aware_datetime_refuses_naive_values(db: Database, actor: Actor) -> None:
    with db.write_session() as s:
        s.add(AuditEntry(action="naive", at=datetime(2026, 3, 1, 9, 30), seq=1, hash="x"))
        with pytest.raises(StatementError) as info:
            s.commit()
    assert isinstance(info.value.orig, ValueError)
    assert "naive" in str(info.value.orig)
    assert count_rows(db, "audit_entry", "action = 'naive'") == 0


def test_orm_update_bumps_version_and_updated_at(db: Database, actor: Actor,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    with db.write_session() as s:
        person = Person(station_id=actor.station_id, name="版本")
        s.add(person)
        s.commit()
        created, first_updated = person.created_at, person.updated_at
        assert person.version == 1
        later = first_updated + timedelta(seconds=1)  # the flush's clock, not a sleep
        monkeypatch.setattr(session_hooks, "utcnow", lambda: later)
        person.phone = "13700137000"
        s.commit()
        assert person.version == 2
        assert person.updated_at == later > first_updated
        assert person.created_at == created
        # A flush with no real change does not bump anything.
        person.phone = "13700137000"
        s.commit()
        assert person.version == 2
        pid = person.id
    assert fetch_all(db, "SELECT version FROM person WHERE id = :id", id=pid) == [(2,)]


def test_station_update_bumps_version(db: Database, actor: Actor) -> None:
    with db.write_session() as s:
        station = s.get_one(Station, actor.station_id)
        assert station.version == 1
        station.phone = "0335-1234567"
        s.commit()
        assert station.version == 2
