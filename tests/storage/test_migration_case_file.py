"""Migration 0010_case_file: existing sessions, visits and agreements are kept with empty new
columns, an agreement takes the performance its latest visit found (as a new version, so it
syncs), and mediation_step is logged and never deleted."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from workstation.domain.casefile import RightsNoticeInput
from workstation.domain.inputs import AgreementInput, FollowUpInput, SessionInput
from workstation.services import mediation as m
from workstation.services.casefile import record_rights_notice
from workstation.services.context import Actor
from workstation.storage.engine import Database
from workstation.storage.migrate import alembic_config, current_revision, upgrade_to_head

DAY = date.today() - timedelta(days=5)


def _one(db: Database, sql: str) -> tuple:
    with db.engine.connect() as conn:
        return tuple(conn.execute(text(sql)).one())


def test_upgrade_keeps_records_and_derives_performance(db: Database, actor: Actor,
                                                       make: SimpleNamespace) -> None:
    cid = m.open_case(db, actor, make.case(registered_on=DAY))
    m.accept_case(db, actor, cid, DAY)
    m.record_session(db, actor, cid, SessionInput(
        held_at=datetime.now(UTC) - timedelta(days=4), place="调解室", attendees="双方",
        record="记录"))
    m.record_agreement(db, actor, cid, AgreementInput(
        form="oral", terms="赔偿。", effective_on=DAY + timedelta(days=1)))
    m.record_follow_up(db, actor, cid, FollowUpInput(DAY + timedelta(days=2), "performed"))
    m.record_follow_up(db, actor, cid, FollowUpInput(DAY + timedelta(days=3), "partly"))

    command.downgrade(alembic_config(db.engine), "0010_case_file-1")
    with db.engine.connect() as conn:
        columns = {r[1] for r in conn.execute(text("PRAGMA table_info(mediation_agreement)"))}
        assert "performance_status" not in columns
    (version_before,) = _one(db, "SELECT version FROM mediation_agreement")
    log_before = _one(db, "SELECT count(*) FROM change_log")[0]
    audit_before = _one(db, "SELECT count(*) FROM audit_entry")[0]

    upgrade_to_head(db.engine)
    assert current_revision(db.engine) is not None
    assert _one(db, "SELECT performance_status, version FROM mediation_agreement") == (
        "partly", version_before + 1)
    # The agreement's new version, every audit entry logged once by 0015_audit_chain, and the
    # case's 首问责任人 made by 0018_first_inquiry.
    assert _one(db, "SELECT count(*) FROM change_log")[0] == log_before + 1 + audit_before + 1
    assert _one(db, "SELECT recorder FROM mediation_session") == ("",)
    assert _one(db, "SELECT count(*), min(method), min(visitee) FROM follow_up") == (2, "", "")
    assert _one(db, "SELECT judicial_result, judicial_result_on FROM mediation_agreement") == (
        "", None)


def test_mediation_step_is_logged_and_never_deleted(db: Database, actor: Actor,
                                                    make: SimpleNamespace) -> None:
    cid = m.open_case(db, actor, make.case(registered_on=DAY))
    step = record_rights_notice(db, actor, cid, RightsNoticeInput(DAY, "oral", "张三"))
    assert _one(db, "SELECT count(*) FROM change_log WHERE table_name = 'mediation_step'") == (1,)
    with pytest.raises(IntegrityError, match="never deleted"), db.engine.begin() as conn:
        conn.execute(text("DELETE FROM mediation_step WHERE id = :i"), {"i": step})
