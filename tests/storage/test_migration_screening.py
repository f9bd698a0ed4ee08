"""Migration 0011_screening: existing referred cases get the kind 其他 with their body's name
kept, nothing is lost, the new tables are logged for sync and never deleted."""

from __future__ import annotations

from datetime import date

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from tests.conftest import case_input
from workstation.domain.screening import ScreeningInput
from workstation.services import mediation
from workstation.services.context import Actor
from workstation.services.records import load_case
from workstation.services.screening import create_screening
from workstation.storage.engine import Database
from workstation.storage.migrate import alembic_config, current_revision, upgrade_to_head

PREVIOUS = "0010_case_file"


def _scalar(db: Database, sql: str) -> object:
    with db.engine.connect() as conn:
        return conn.execute(text(sql)).scalar()


def test_existing_referred_cases_become_other(db: Database, actor: Actor) -> None:
    referred = mediation.open_case(db, actor, case_input(
        source="referred", referring_body="海港派出所", referring_body_kind="police"))
    applied = mediation.open_case(db, actor, case_input())
    cases = _scalar(db, "SELECT count(*) FROM mediation_case")
    command.downgrade(alembic_config(db.engine), PREVIOUS)
    assert current_revision(db.engine) == PREVIOUS
    with db.engine.connect() as conn:
        columns = {r[1] for r in conn.execute(text("PRAGMA table_info(mediation_case)"))}
    assert "referring_body_kind" not in columns and "prevention_kind" not in columns
    # The case table kept its triggers (columns dropped in place).
    with db.engine.connect() as conn:
        triggers = {r[0] for r in conn.execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' "
            "AND tbl_name = 'mediation_case'"))}
    assert {"trg_mediation_case_update_log", "trg_mediation_case_no_delete"} <= triggers

    upgrade_to_head(db.engine)
    assert _scalar(db, "SELECT count(*) FROM mediation_case") == cases
    case = load_case(db, referred)
    assert (case.referring_body_kind, case.referring_body_kind_label) == ("other", "其他")
    assert case.referring_body == "海港派出所"  # the name is kept
    assert load_case(db, applied).referring_body_kind == ""
    assert (case.prevention_kind, case.prevention_persons) == ("", 0)
    assert _scalar(db, "PRAGMA foreign_key_check") is None


def test_new_tables_are_logged_and_never_deleted(db: Database, actor: Actor) -> None:
    sid = create_screening(db, actor, ScreeningInput(
        held_on=date(2026, 3, 5), place="东村", kind="regular", participants="王管理"),
        today=date(2026, 3, 31))
    assert _scalar(db, "SELECT count(*) FROM change_log WHERE table_name = 'screening'") == 1
    with pytest.raises(IntegrityError, match="never deleted"), db.engine.begin() as conn:
        conn.execute(text("DELETE FROM screening WHERE id = :i"), {"i": sid})
