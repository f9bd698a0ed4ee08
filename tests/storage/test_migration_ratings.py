"""Migration 0019_ratings: the satisfaction ticked so far becomes ratings (consultations as
工作人员代录, follow-up visits as 回访 of their case), logged for the next bundle, no review."""

from __future__ import annotations

from alembic import command
from sqlalchemy import text

from workstation.services.consultations import register_consultation
from workstation.services.context import Actor
from workstation.services.mediation import open_case
from workstation.storage.engine import Database
from workstation.storage.migrate import alembic_config, upgrade_to_head


def test_old_satisfaction_becomes_ratings(db: Database, actor: Actor, sql, make) -> None:
    cid = register_consultation(db, actor, make.consultation(satisfaction="dissatisfied"))
    register_consultation(db, actor, make.consultation())  # not rated: no rating
    case_id = open_case(db, actor, make.case())
    engine = db.engine
    command.downgrade(alembic_config(engine), "0015_audit_chain")
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO follow_up (id, station_id, created_at, updated_at, version, case_id, "
            "visited_on, performance, satisfaction, notes, operator_id, method, visitee) "
            "VALUES ('f1', :s, '2026-12-01T00:00:00+00:00', '2026-12-01T00:00:00+00:00', 1, "
            ":c, '2026-11-20', 'performed', 'fairly', '', :o, '', '')"),
            {"s": actor.station_id, "c": case_id, "o": actor.operator_id})
    upgrade_to_head(engine)
    rows = sql.rows("SELECT * FROM rating ORDER BY record_type")
    assert [(r.record_type, r.record_id, r.value, r.source, r.method) for r in rows] == [
        ("consultation", cid, "dissatisfied", "staff", "entered"),
        ("mediation_case", case_id, "fairly", "visit", "visit"),
    ]
    assert all(r.operator_id == actor.operator_id for r in rows)
    assert rows[1].rated_at.startswith("2026-11-20")
    assert sql.count("rating_review") == 0
    logged = {r.record_id for r in sql.rows(
        "SELECT record_id FROM change_log WHERE table_name = 'rating'")}
    assert {r.id for r in rows} <= logged
