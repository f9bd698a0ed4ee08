"""Dates that cannot be, and database conflicts, come back as Chinese messages."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from workstation.domain.errors import ValidationError
from workstation.domain.inputs import AgreementInput, FollowUpInput, SessionInput
from workstation.services import aid, mediation
from workstation.services.context import Actor, ServiceError, UnitOfWork
from workstation.storage.engine import Database
from workstation.storage.models import Person

TODAY = date.today()
COMPLETE = ("identity", "application_form", "commitment", "labour_proof", "matter_evidence")


def _agreed_case(db: Database, actor: Actor, make) -> str:
    case_id = mediation.open_case(db, actor, make.case())
    mediation.accept_case(db, actor, case_id, TODAY - timedelta(days=1))
    mediation.record_session(db, actor, case_id, SessionInput(
        datetime.now(UTC) - timedelta(hours=2), "村委会", "双方", "双方陈述各自意见。"))
    mediation.record_agreement(db, actor, case_id, AgreementInput(
        "written", "李四于一周内疏通排水沟。", TODAY, performance_manner="自行疏通"))
    return case_id


def test_follow_up_before_agreement_is_refused(db: Database, actor: Actor, make, sql) -> None:
    case_id = _agreed_case(db, actor, make)
    with pytest.raises(ValidationError) as info:
        mediation.record_follow_up(db, actor, case_id, FollowUpInput(
            TODAY - timedelta(days=3), "performed"))
    assert info.value.by_field == {"visited_on": "回访日期不能早于协议生效日期"}
    assert sql.count("follow_up") == 0


def test_status_change_in_the_future_is_refused(db: Database, actor: Actor, make) -> None:
    case_id = mediation.open_case(db, actor, make.case())
    with pytest.raises(ValidationError, match="不能晚于今天"):
        mediation.change_status(db, actor, case_id, "terminated", reason="申请人撤回",
                                on=TODAY + timedelta(days=1))


def test_referral_dates_follow_the_forwarding(db: Database, actor: Actor, make, sql) -> None:
    rid = aid.create_referral(db, actor, make.referral(materials_received=COMPLETE))
    aid.forward_referral(db, actor, rid, forwarded_to="海港区法律援助中心",
                         forwarded_on=TODAY - timedelta(days=1))
    with pytest.raises(ValidationError, match="接收日期不能早于"):
        aid.record_center_receipt(db, actor, rid, TODAY - timedelta(days=2))
    with pytest.raises(ValidationError, match="决定日期不能晚于今天"):
        aid.record_decision(db, actor, rid, decision="granted", decided_on=TODAY + timedelta(1))
    aid.record_decision(db, actor, rid, decision="granted", decided_on=TODAY)
    with pytest.raises(ValidationError, match="办结日期不能早于"):
        aid.close_referral(db, actor, rid, TODAY - timedelta(days=30))
    status = sql.rows("SELECT status FROM aid_referral WHERE id = :id", id=rid)[0].status
    assert status == "granted"


def test_constraint_violation_becomes_a_service_error(db: Database, actor: Actor) -> None:
    number = "130302198005170011"
    with UnitOfWork(db, actor) as uow:
        uow.session.add(Person(station_id=actor.station_id, name="甲", id_number=number))
        uow.commit()
    with pytest.raises(ServiceError, match="冲突"), UnitOfWork(db, actor) as uow:
        uow.session.add(Person(station_id=actor.station_id, name="乙", id_number=number))
        uow.commit()
