"""Migration 0017_hotline_orders: the work_order table comes and goes with its triggers,
existing records are untouched, an order is logged for sync and never deleted, and the order
number is unique per station in the database itself."""

from __future__ import annotations

from datetime import date

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from tests.conftest import consultation_input
from workstation.domain.work_orders import WorkOrderInput
from workstation.services.consultations import register_consultation
from workstation.services.context import Actor
from workstation.services.work_orders import register_order
from workstation.storage.engine import Database
from workstation.storage.migrate import alembic_config, current_revision, upgrade_to_head

PREVIOUS = "0015_audit_chain"


def _scalar(db: Database, sql: str) -> object:
    with db.engine.connect() as conn:
        return conn.execute(text(sql)).scalar()


def _order(db: Database, actor: Actor) -> str:
    return register_order(db, actor, WorkOrderInput(
        order_no="GD-1", channel="hotline_12348", received_on=date(2026, 3, 2),
        due_on=date(2026, 3, 9), request="咨询赡养费。"), today=date(2026, 3, 5))


def test_down_and_up_keep_the_other_records(db: Database, actor: Actor) -> None:
    register_consultation(db, actor, consultation_input())
    command.downgrade(alembic_config(db.engine), PREVIOUS)
    assert current_revision(db.engine) == PREVIOUS
    assert _scalar(db, "SELECT count(*) FROM sqlite_master WHERE name = 'work_order'") == 0
    assert _scalar(db, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
                       "AND name LIKE 'trg_work_order%'") == 0
    upgrade_to_head(db.engine)
    assert _scalar(db, "SELECT count(*) FROM consultation") == 1
    assert _scalar(db, "SELECT count(*) FROM work_order") == 0
    assert _scalar(db, "PRAGMA foreign_key_check") is None


def test_orders_are_logged_never_deleted_and_unique(db: Database, actor: Actor) -> None:
    oid = _order(db, actor)
    assert _scalar(db, "SELECT count(*) FROM change_log WHERE table_name = 'work_order'") == 1
    with pytest.raises(IntegrityError, match="never deleted"), db.engine.begin() as conn:
        conn.execute(text("DELETE FROM work_order WHERE id = :i"), {"i": oid})
    with pytest.raises(IntegrityError, match="UNIQUE"), db.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO work_order SELECT 'x' || id, station_id, created_at, updated_at, "
            "version, order_no, channel, received_on, due_on, request, caller_name, "
            "caller_phone, operator_id, consultation_id, case_id, referral_id, replied_on, "
            "reply_content, reply_method, replied_by FROM work_order"))
