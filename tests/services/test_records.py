"""Detail loaders of consultations, cases and referrals, and the operator picker."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from workstation.domain.inputs import AgreementInput, FollowUpInput, PartyInput, SessionInput
from workstation.services import aid, mediation
from workstation.services.auth import add_operator
from workstation.services.consultations import register_consultation
from workstation.services.context import Actor, NotFound
from workstation.services.records import (
    load_case,
    load_consultation,
    load_referral,
    operators,
)
from workstation.storage.engine import Database

TODAY = date(2025, 4, 10)


def test_load_consultation(db: Database, actor: Actor, make) -> None:
    cid = register_consultation(db, actor, make.consultation(
        make.person(1, "张三"), occurred_at=datetime(2025, 4, 9, 9).astimezone(),
        satisfaction="satisfied", minutes_spent=15), today=TODAY)
    d = load_consultation(db, cid)
    assert (d.id, d.channel_label, d.topic_label, d.handling_result_label) == (
        cid, "来访", "劳动报酬", "当场解答")
    assert (d.satisfaction_label, d.minutes_spent, d.operator_name) == ("满意", 15, "王管理")
    assert d.person is not None and d.person_name == "张三"
    assert d.person.id_number_masked.startswith("130302") and "*" in d.person.id_number_masked
    assert make.resident_id(1) not in repr(d)
    anonymous = register_consultation(db, actor, replace(make.consultation(), person=None))
    assert load_consultation(db, anonymous).person_name == "匿名"
    with pytest.raises(NotFound):
        load_consultation(db, "missing")


def test_load_case_with_everything(db: Database, actor: Actor, make) -> None:
    case_id = mediation.open_case(db, actor, make.case(
        registered_on=date(2025, 3, 1), parties=(
            PartyInput(role="applicant", person=make.person(1, "张三")),
            PartyInput(role="respondent", org_name="海港物业公司", org_representative="钱七",
                       org_address="海港镇1号"),
        )), today=TODAY)
    d = load_case(db, case_id, today=TODAY)
    assert (d.status, d.status_label, d.due, d.agreement) == ("registered", "已登记", None, None)
    assert [(o.code, o.label) for o in d.allowed_next] == [("accepted", "已受理"),
                                                           ("terminated", "终止调解")]

    mediation.accept_case(db, actor, case_id, date(2025, 3, 2))
    d = load_case(db, case_id, today=TODAY)
    assert d.deadline == date(2025, 4, 1)
    assert d.due is not None and (d.due.overdue, d.due.label) == (True, "已超期9天")

    mediation.record_session(db, actor, case_id, SessionInput(
        held_at=datetime(2025, 3, 3, 9).astimezone(), place="调解室", attendees="双方",
        record="第一次调解"))
    mediation.record_agreement(db, actor, case_id, AgreementInput(
        form="written", terms="物业公司修复排水沟", effective_on=date(2025, 3, 10),
        performance_manner="施工修复"))
    mediation.record_follow_up(db, actor, case_id, FollowUpInput(
        visited_on=date(2025, 4, 9), performance="performed", satisfaction="satisfied"))

    d = load_case(db, case_id, today=TODAY)
    assert d.title == "张三与海港物业公司邻里纠纷"
    assert (d.source_label, d.dispute_type_label, d.mediator_name) == ("申请调解", "邻里", "王管理")
    person, org = d.parties
    assert (person.role_label, person.name, person.is_organisation) == ("申请人", "张三", False)
    assert person.person is not None and person.person.has_id
    assert make.resident_id(1) not in repr(d)
    assert (org.role_label, org.name, org.is_organisation, org.org_representative) == (
        "被申请人", "海港物业公司", True, "钱七")
    assert [s.record for s in d.sessions] == ["第一次调解"]
    assert d.sessions[0].mediator_name == "王管理"
    assert d.agreement is not None
    assert (d.agreement.form_label, d.agreement.judicial_confirmation_deadline,
            d.agreement.follow_up_due) == ("书面协议", date(2025, 4, 9), date(2025, 4, 9))
    (visit,) = d.follow_ups
    assert (visit.performance_label, visit.satisfaction_label, visit.operator_name) == (
        "已履行", "满意", "王管理")
    assert [(t.from_label, t.to_label, t.operator_name) for t in d.timeline] == [
        ("", "已登记", "王管理"), ("已登记", "已受理", "王管理"), ("已受理", "调解中", "王管理"),
        ("调解中", "调解成功", "王管理"), ("调解成功", "已回访", "王管理"),
    ]
    assert [o.code for o in d.allowed_next] == ["archived"]
    assert d.status_label == "已回访" and d.due is None
    with pytest.raises(NotFound):
        load_case(db, "missing")


def test_load_referral(db: Database, actor: Actor, make) -> None:
    rid = aid.create_referral(db, actor, make.referral(
        make.person(1, "赵五", special_groups=("migrant_worker",)),
        applied_on=date(2025, 4, 8), materials_received=("identity",)), today=TODAY)
    d = load_referral(db, rid, today=TODAY)
    assert (d.applicant.name, d.status_label, d.matter_label) == (
        "赵五", "待转交", "请求确认劳动关系或者支付劳动报酬")
    assert d.eligibility is not None and d.eligibility.route == "exempt_group"
    assert d.hardship_route == "commitment" and not d.route_matches_suggestion
    assert [(m.code, m.received) for m in d.materials] == [
        ("identity", True), ("application_form", False), ("commitment", False),
        ("labour_proof", False), ("matter_evidence", False)]
    assert [m.code for m in d.missing] == [
        "application_form", "commitment", "labour_proof", "matter_evidence"]
    assert d.one_time_notice.startswith("赵五：") and "法律援助申请表" in d.one_time_notice
    assert d.due is not None and (d.due.due, d.due.days_left) == (date(2025, 4, 11), 1)
    assert [o.code for o in d.allowed_next] == ["forwarded", "closed"]
    assert make.resident_id(1) not in repr(d)

    aid.forward_referral(db, actor, rid, forwarded_to="海港区法律援助中心",
                         forwarded_on=date(2025, 4, 9), allow_incomplete=True)
    d = load_referral(db, rid, today=TODAY)
    assert d.due is not None and d.due.due == date(2025, 4, 18)
    assert [(t.from_label, t.to_label, t.operator_name) for t in d.timeline] == [
        ("", "待转交", "王管理"), ("待转交", "已转交", "王管理")]
    assert [o.label for o in d.allowed_next] == ["中心已接收", "准予援助", "不予援助"]
    aid.record_decision(db, actor, rid, decision="granted", decided_on=date(2025, 4, 10),
                        lawyer="周律师")
    d = load_referral(db, rid, today=TODAY)
    assert (d.decision_label, d.assigned_lawyer, d.due) == ("准予法律援助", "周律师", None)
    with pytest.raises(NotFound):
        load_referral(db, "missing")


def test_operators(db: Database, actor: Actor) -> None:
    add_operator(db, actor, username="lidj", name="李调解", password="another-pass-1",
                 role="mediator")
    found = operators(db)
    assert [(o.name, o.role, o.role_label) for o in found] == [
        ("李调解", "mediator", "调解员"), ("王管理", "admin", "站点管理员")]
    assert found[1].id == actor.operator_id
