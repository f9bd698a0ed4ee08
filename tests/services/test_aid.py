"""Legal aid referrals: intake, materials, forwarding, the center's decision, closing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from workstation.domain.eligibility import MATERIAL_LABELS, missing_materials, one_time_notice
from workstation.domain.errors import ValidationError
from workstation.services import aid
from workstation.services.context import Actor, NotFound, ServiceError
from workstation.storage.engine import Database

TODAY = date.today()
COMPLETE = ("identity", "application_form", "commitment", "labour_proof", "matter_evidence")


def _referral(sql, rid: str):
    return sql.rows("SELECT * FROM aid_referral WHERE id = :id", id=rid)[0]


def _timeline(sql, rid: str) -> list[tuple[str | None, str]]:
    return [tuple(r) for r in sql.rows(
        "SELECT from_status, to_status FROM status_change WHERE record_id = :id"
        " ORDER BY changed_at, rowid", id=rid)]


@pytest.fixture
def referral_id(db: Database, actor: Actor, make) -> str:
    return aid.create_referral(db, actor, make.referral(materials_received=("identity",)))


def test_create_referral(db: Database, actor: Actor, sql, make) -> None:
    data = make.referral(materials_received=("identity", "identity", "application_form"),
                         monthly_income_fen=180_000)
    rid = aid.create_referral(db, actor, data)
    row = _referral(sql, rid)
    year = data.applied_on.year
    assert row.number == f"〔{year}〕海援转字第0001号"
    assert (row.status, row.urgent, row.monthly_income_fen) == ("draft", 0, 180_000)
    assert row.materials_received == '["identity", "application_form"]'
    assert row.operator_id == actor.operator_id
    (person,) = sql.rows("SELECT id, name, id_number FROM person")
    assert row.applicant_id == person.id and person.name == "赵五"
    assert _timeline(sql, rid) == [(None, "draft")]
    assert sql.count("audit_entry", "action = 'create' AND record_id = :id", id=rid) == 1
    assert sql.count("change_log", "table_name = 'aid_referral' AND record_id = :id",
                     id=rid) == 1

    second = aid.create_referral(db, actor, make.referral())
    assert _referral(sql, second).number == f"〔{year}〕海援转字第0002号"
    assert sql.count("person") == 1  # same applicant reused


def test_referral_validation(db: Database, actor: Actor, sql, make) -> None:
    with pytest.raises(ValidationError) as info:
        aid.create_referral(db, actor, make.referral(
            matter="other", matter_detail="", facts="", household_size=None,
            agent_name="李某", agent_relation="", applicant=make.person(3, id_number=None)))
    assert {"matter_detail", "facts", "household_size", "agent_relation",
            "applicant.id_number"} <= set(info.value.by_field)
    with pytest.raises(ValidationError) as info:
        aid.create_referral(db, actor, make.referral(materials_received=("selfie",)))
    assert list(info.value.by_field) == ["materials_received"]
    assert sql.counts("aid_referral", "person") == {"aid_referral": 0, "person": 0}


def test_forward_refused_while_materials_missing(db: Database, actor: Actor, sql,
                                                 referral_id: str) -> None:
    with pytest.raises(ServiceError) as info:
        aid.forward_referral(db, actor, referral_id, forwarded_to="海港区法律援助中心",
                             forwarded_on=TODAY)
    message = str(info.value)
    # One-time notification: every missing item is named at once.
    for code in ("application_form", "commitment", "labour_proof", "matter_evidence"):
        assert MATERIAL_LABELS[code] in message
    assert MATERIAL_LABELS["identity"] not in message
    assert "一次性告知" in message
    assert _referral(sql, referral_id).status == "draft"
    assert _timeline(sql, referral_id) == [(None, "draft")]

    missing = missing_materials("wages", "commitment", ["identity"], has_agent=False)
    notice = one_time_notice("赵五", missing)
    assert all(m.label in notice for m in missing)

    aid.update_materials(db, actor, referral_id, COMPLETE)
    assert sql.count("audit_entry", "action = 'update' AND record_id = :id",
                     id=referral_id) == 1
    aid.forward_referral(db, actor, referral_id, forwarded_to=" 海港区法律援助中心 ",
                         forwarded_on=TODAY)
    row = _referral(sql, referral_id)
    assert (row.status, row.forwarded_to, row.forwarded_on) == (
        "forwarded", "海港区法律援助中心", TODAY.isoformat())
    with pytest.raises(ServiceError):
        aid.update_materials(db, actor, referral_id, ["identity"])


def test_forward_incomplete_when_urgent_or_deliberate(db: Database, actor: Actor, sql, make
                                                      ) -> None:
    urgent = aid.create_referral(db, actor, make.referral(
        limitation_deadline=TODAY + timedelta(days=3)))
    assert _referral(sql, urgent).urgent == 1
    aid.forward_referral(db, actor, urgent, forwarded_to="中心", forwarded_on=TODAY)
    assert _referral(sql, urgent).status == "forwarded"

    normal = aid.create_referral(db, actor, make.referral(
        limitation_deadline=TODAY + timedelta(days=60)))
    assert _referral(sql, normal).urgent == 0
    aid.forward_referral(db, actor, normal, forwarded_to="中心", forwarded_on=TODAY,
                         allow_incomplete=True)
    assert _referral(sql, normal).status == "forwarded"


def test_forward_validation(db: Database, actor: Actor, sql, referral_id: str) -> None:
    aid.update_materials(db, actor, referral_id, COMPLETE)
    cases = [
        ({"forwarded_to": " ", "forwarded_on": TODAY}, "forwarded_to"),
        ({"forwarded_to": "中心", "forwarded_on": TODAY + timedelta(days=1)}, "forwarded_on"),
        ({"forwarded_to": "中心", "forwarded_on": TODAY - timedelta(days=30)}, "forwarded_on"),
    ]
    for kwargs, field in cases:
        with pytest.raises(ValidationError) as info:
            aid.forward_referral(db, actor, referral_id, **kwargs)
        assert list(info.value.by_field) == [field]
    assert _referral(sql, referral_id).status == "draft"
    with pytest.raises(NotFound):
        aid.forward_referral(db, actor, "nope", forwarded_to="中心", forwarded_on=TODAY)


def test_decision_and_close(db: Database, actor: Actor, sql, referral_id: str) -> None:
    with pytest.raises(ValidationError):  # not forwarded yet
        aid.record_decision(db, actor, referral_id, decision="granted", decided_on=TODAY)
    aid.update_materials(db, actor, referral_id, COMPLETE)
    aid.forward_referral(db, actor, referral_id, forwarded_to="中心", forwarded_on=TODAY)
    aid.record_center_receipt(db, actor, referral_id, TODAY)
    with pytest.raises(ValidationError) as info:
        aid.record_decision(db, actor, referral_id, decision="granted",
                            decided_on=TODAY - timedelta(days=1))
    assert list(info.value.by_field) == ["decision_on"]
    with pytest.raises(ValueError):
        aid.record_decision(db, actor, referral_id, decision="maybe", decided_on=TODAY)

    aid.record_decision(db, actor, referral_id, decision="granted", decided_on=TODAY,
                        note=" 符合条件 ", lawyer=" 陈律师 ")
    row = _referral(sql, referral_id)
    assert (row.status, row.decision, row.decision_note, row.assigned_lawyer) == (
        "granted", "granted", "符合条件", "陈律师")
    assert row.center_received_on == TODAY.isoformat()
    with pytest.raises(ValidationError):  # decided twice
        aid.record_decision(db, actor, referral_id, decision="denied", decided_on=TODAY)

    aid.close_referral(db, actor, referral_id, TODAY)
    row = _referral(sql, referral_id)
    assert (row.status, row.closed_on) == ("closed", TODAY.isoformat())
    assert _timeline(sql, referral_id) == [
        (None, "draft"), ("draft", "forwarded"), ("forwarded", "received"),
        ("received", "granted"), ("granted", "closed")]
    assert [r[0] for r in sql.rows(
        "SELECT detail FROM audit_entry WHERE action = 'status' AND record_id = :id"
        " ORDER BY id", id=referral_id)] == [
        "draft->forwarded", "forwarded->received", "received->granted", "granted->closed"]
    with pytest.raises(ValidationError):
        aid.close_referral(db, actor, referral_id, TODAY)


def test_denied_straight_after_forwarding(db: Database, actor: Actor, sql, referral_id: str
                                          ) -> None:
    aid.forward_referral(db, actor, referral_id, forwarded_to="中心", forwarded_on=TODAY,
                         allow_incomplete=True)
    aid.record_decision(db, actor, referral_id, decision="denied", decided_on=TODAY,
                        note="不符合经济困难标准")
    assert _referral(sql, referral_id).status == "denied"


def test_close_draft_needs_reason(db: Database, actor: Actor, sql, referral_id: str) -> None:
    with pytest.raises(ValidationError) as info:
        aid.close_referral(db, actor, referral_id, TODAY, reason=" ")
    assert list(info.value.by_field) == ["reason"]
    assert _referral(sql, referral_id).status == "draft"
    aid.close_referral(db, actor, referral_id, TODAY, reason="申请人撤回")
    assert sql.rows("SELECT reason FROM status_change WHERE to_status = 'closed'") == [
        ("申请人撤回",)]
