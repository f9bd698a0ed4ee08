"""Migration 0018_first_inquiry: existing consultations, cases and referrals get their
creating operator as first receiver and their operator (a case's mediator) as handler; the
new tables are logged for sync and never deleted; the consultation time limit defaults to 5
working days."""

from __future__ import annotations

from dataclasses import replace

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from tests.conftest import case_input, consultation_input, referral_input
from workstation.services import aid, mediation, responsibility
from workstation.services.consultations import register_consultation
from workstation.services.context import Actor
from workstation.services.operators import add_operator
from workstation.storage.engine import Database
from workstation.storage.migrate import alembic_config, current_revision, upgrade_to_head

PREVIOUS = "0015_audit_chain"


def _rows(db: Database, sql: str) -> list[tuple[object, ...]]:
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql))]


def test_existing_records_get_their_creating_operator(db: Database, actor: Actor) -> None:
    clerk_id = add_operator(db, actor, username="lidj", name="李调解",
                            password="another-horse-2")
    clerk = replace(actor, operator_id=clerk_id, username="lidj", name="李调解",
                    role="mediator")
    consultation = register_consultation(db, clerk, consultation_input())
    # Registered by the admin for another mediator: the admin received it first.
    case = mediation.open_case(db, actor, case_input(mediator_id=clerk_id))
    referral = aid.create_referral(db, actor, referral_input())
    command.downgrade(alembic_config(db.engine), PREVIOUS)
    assert current_revision(db.engine) == PREVIOUS
    tables = {r[0] for r in _rows(db, "SELECT name FROM sqlite_master WHERE type='table'")}
    assert not {"responsibility", "handover", "record_link"} & tables

    upgrade_to_head(db.engine)
    got = {r[0]: r[1:] for r in _rows(
        db, "SELECT record_id, record_type, first_receiver_id, handler_id FROM responsibility")}
    assert got == {consultation: ("consultation", clerk_id, clerk_id),
                   case: ("mediation_case", actor.operator_id, clerk_id),
                   referral: ("aid_referral", actor.operator_id, actor.operator_id)}
    # Logged for the next bundle, never deleted.
    logged = _rows(db, "SELECT count(*) FROM change_log l JOIN responsibility r "
                       "ON r.id = l.record_id WHERE l.table_name = 'responsibility'")
    assert logged == [(3,)]
    with pytest.raises(IntegrityError, match="never deleted"), db.engine.begin() as conn:
        conn.execute(text("DELETE FROM responsibility"))
    assert responsibility.consultation_days(db) == 5
    assert _rows(db, "PRAGMA foreign_key_check") == []
