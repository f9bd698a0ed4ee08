"""Migration 0006_publicity keeps existing records, its triggers log the new synced tables,
and its downgrade gives consultations back their triggers."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from workstation.domain.referral import ProviderInput
from workstation.services.consultations import register_consultation
from workstation.services.context import Actor
from workstation.services.providers import create_provider
from workstation.storage.engine import Database
from workstation.storage.migrate import alembic_config, current_revision, upgrade_to_head

NEW_TABLES = ("referral_provider", "publicity_activity", "publicity_operator",
              "publicity_photo")


def _scalar(db: Database, sql: str) -> object:
    with db.engine.connect() as conn:
        return conn.execute(text(sql)).scalar()


def _triggers(db: Database, table: str) -> set[str]:
    with db.engine.connect() as conn:
        return {r[0] for r in conn.execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t"),
            {"t": table})}


def test_new_tables_are_logged_and_never_deleted(db: Database, actor: Actor) -> None:
    provider_id = create_provider(db, actor, ProviderInput(name="海港区公证处", kind="notary"))
    assert _scalar(db, "SELECT count(*) FROM change_log WHERE table_name = 'referral_provider'"
                   ) == 1
    for table in NEW_TABLES:
        assert {f"trg_{table}_insert_log", f"trg_{table}_update_log",
                f"trg_{table}_no_delete"} <= _triggers(db, table)
    with pytest.raises(IntegrityError, match="never deleted"), db.engine.begin() as conn:
        conn.execute(text("DELETE FROM referral_provider WHERE id = :i"), {"i": provider_id})


def test_down_to_0005_and_up_again_keeps_consultations(db: Database, actor: Actor,
                                                       make: SimpleNamespace) -> None:
    provider_id = create_provider(db, actor, ProviderInput(name="海港区公证处", kind="notary"))
    kept = register_consultation(db, actor, make.consultation(
        handling_result="to_notary", answer="", provider_id=provider_id))
    command.downgrade(alembic_config(db.engine), "0005")
    assert current_revision(db.engine) == "0005"
    with db.engine.connect() as conn:
        columns = {r[1] for r in conn.execute(text("PRAGMA table_info(consultation)"))}
        assert "provider_id" not in columns
        assert conn.execute(text("SELECT count(*) FROM consultation WHERE id = :i"),
                            {"i": kept}).scalar() == 1
        tables = {r[0] for r in conn.execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'table'"))}
    assert not set(NEW_TABLES) & tables
    # The copied consultation table has its change-log and no-delete triggers again.
    assert {"trg_consultation_insert_log", "trg_consultation_update_log",
            "trg_consultation_no_delete"} <= _triggers(db, "consultation")
    before = _scalar(db, "SELECT count(*) FROM change_log")
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE consultation SET version = version + 1 WHERE id = :i"),
                     {"i": kept})
    assert _scalar(db, "SELECT count(*) FROM change_log") == before + 1

    upgrade_to_head(db.engine)
    assert _scalar(db, f"SELECT provider_id IS NULL FROM consultation WHERE id = '{kept}'") == 1
    assert _scalar(db, "PRAGMA foreign_key_check") is None
