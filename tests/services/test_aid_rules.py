"""Legal aid rules at the station, with a clock that moves: urgency computed from the
limitation deadline wherever a referral is shown, listed, counted or forwarded; the urgent
forwarding promise; the new fields and their checks; the day the applicant was told."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from workstation.domain.deadlines import forward_due
from workstation.domain.errors import ValidationError
from workstation.domain.identity import check_char
from workstation.printing.documents.receipts import aid_next_step
from workstation.services import aid
from workstation.services.context import Actor, ServiceError
from workstation.services.dashboard import DeadlineKind, load_dashboard
from workstation.services.listing import ListQuery, fetch_rows
from workstation.services.operators import add_operator
from workstation.services.queries import list_records
from workstation.services.records import load_referral
from workstation.storage.engine import Database

#: Day 0, a Monday. The clock is moved by passing ``today``.
D0 = date(2026, 3, 2)


def _row(sql, rid: str):
    return sql.rows("SELECT * FROM aid_referral WHERE id = :id", id=rid)[0]


def _create(db: Database, actor: Actor, make, *, applied_on: date = D0,
            deadline: date | None = None, **overrides) -> str:
    data = make.referral(applied_on=applied_on, limitation_deadline=deadline,
                         materials_received=("identity",), **overrides)
    return aid.create_referral(db, actor, data, today=applied_on)


# --- urgency is a matter of the day -----------------------------------------------------------


def test_urgency_changes_as_days_pass_without_touching_the_record(db, actor, sql, make) -> None:
    rid = _create(db, actor, make, deadline=D0 + timedelta(days=10))
    before = _row(sql, rid)
    assert not load_referral(db, rid, today=D0).urgent
    assert not load_referral(db, rid, today=D0 + timedelta(days=3)).urgent  # 7 days left
    assert load_referral(db, rid, today=D0 + timedelta(days=4)).urgent  # 6 days left
    assert load_referral(db, rid, today=D0 + timedelta(days=6)).urgent  # 4 days left
    after = _row(sql, rid)
    assert (after.version, after.updated_at, after.urgent) == (
        before.version, before.updated_at, before.urgent)


def test_forwarding_with_missing_materials_allowed_once_urgent(db, actor, sql, make) -> None:
    """Made 10 days before the deadline; at 4 days left art. 44 lets it go incomplete."""
    rid = _create(db, actor, make, deadline=D0 + timedelta(days=10))
    with pytest.raises(ServiceError, match="申请材料不齐全"):
        aid.forward_referral(db, actor, rid, forwarded_to="海港区法律援助中心",
                             forwarded_on=D0 + timedelta(days=1), today=D0 + timedelta(days=1))
    assert _row(sql, rid).status == "draft"
    day = D0 + timedelta(days=6)
    aid.forward_referral(db, actor, rid, forwarded_to="海港区法律援助中心", forwarded_on=day,
                         today=day)
    assert (_row(sql, rid).status, _row(sql, rid).forwarded_on) == ("forwarded", day.isoformat())


def test_the_lists_and_the_dashboard_follow_the_clock(db, actor, sql, make) -> None:
    rid = _create(db, actor, make, deadline=D0 + timedelta(days=10))
    query = ListQuery(kind="referrals")

    def listed(day: date) -> tuple[str, bool]:
        (row,) = fetch_rows(db, query, 0, 10, today=day)
        return row.extra, row.alert

    def dashboard_kinds(day: date) -> set[str]:
        return {i.kind for i in load_dashboard(db, actor, day).deadlines if i.record_id == rid}

    assert listed(D0) == ("", False)
    assert dashboard_kinds(D0) == {DeadlineKind.REFERRAL_FORWARD.value}
    assert list_records(db, "referrals", today=D0)[0]["urgent"] is False
    later = D0 + timedelta(days=6)
    assert listed(later) == ("紧急", True)
    assert list_records(db, "referrals", today=later)[0]["urgent"] is True
    assert dashboard_kinds(later) == {DeadlineKind.URGENT_REFERRAL.value}


def test_dashboard_moves_a_referral_from_forwarding_to_urgent(db, actor, make) -> None:
    rid = _create(db, actor, make, deadline=D0 + timedelta(days=12))
    kinds = {d: {i.kind for i in load_dashboard(db, actor, d).deadlines if i.record_id == rid}
             for d in (D0 + timedelta(days=1), D0 + timedelta(days=6))}
    assert kinds[D0 + timedelta(days=1)] == {DeadlineKind.REFERRAL_FORWARD.value}
    assert kinds[D0 + timedelta(days=6)] == {DeadlineKind.URGENT_REFERRAL.value}


# --- the urgent forwarding promise -------------------------------------------------------------


def test_forward_due_urgent_promise_domain() -> None:
    thursday, friday = D0 + timedelta(days=3), D0 + timedelta(days=4)
    # not urgent: the ordinary promise
    assert forward_due(D0, 3, limitation_deadline=D0 + timedelta(days=30), on=D0) == date(
        2026, 3, 5)
    # urgent at application: the next working day, or the same day
    near = D0 + timedelta(days=2)
    assert forward_due(D0, 3, limitation_deadline=near, on=D0) == date(2026, 3, 3)
    assert forward_due(D0, 3, limitation_deadline=near, on=D0,
                       urgent_forward_days=0) == D0
    # a Friday application: the next working day is Monday
    assert forward_due(friday, 5, limitation_deadline=friday + timedelta(days=3),
                       on=friday) == date(2026, 3, 9)
    # urgent only later (deadline Wed 11 March: urgent since Thu 5 March): the next working
    # day after it became urgent, never after the ordinary day
    assert forward_due(D0, 10, limitation_deadline=D0 + timedelta(days=9),
                       on=thursday) == date(2026, 3, 6)
    assert forward_due(D0, 3, limitation_deadline=D0 + timedelta(days=9),
                       on=thursday) == date(2026, 3, 5)


def test_receipt_promises_the_urgent_day(db, actor, sql, make) -> None:
    rid = _create(db, actor, make, deadline=D0 + timedelta(days=2))
    d = load_referral(db, rid, today=D0)
    assert d.urgent and d.due is not None and d.due.due == date(2026, 3, 3)
    text = aid_next_step(d, "海港区法律援助中心")
    assert "紧急" in text and "次一工作日" in text and "2026年3月3日" in text

    aid.set_urgent_forward_days(db, actor, 0)
    d = load_referral(db, rid, today=D0)
    assert d.due is not None and d.due.due == D0
    assert "当日" in aid_next_step(d, "海港区法律援助中心")
    assert sql.count("audit_entry", "action = 'settings'") == 1

    plain = _create(db, actor, make, deadline=None)
    text = aid_next_step(load_referral(db, plain, today=D0), "海港区法律援助中心")
    assert "紧急" not in text and "2026年3月5日" in text


def test_only_the_admin_sets_the_urgent_promise(db, actor, make) -> None:
    op_id = add_operator(db, actor, username="tiaojie", name="李调解", password="mediator-pw-1")
    mediator = Actor(op_id, actor.station_id, "tiaojie", "李调解", "mediator")
    with pytest.raises(ServiceError):
        aid.set_urgent_forward_days(db, mediator, 0)
    with pytest.raises(ValidationError):
        aid.set_urgent_forward_days(db, actor, 3)
    assert aid.urgent_forward_days(db) == 1


# --- new fields ----------------------------------------------------------------------------------


def _agent_id(valid: bool = True) -> str:
    first17 = "13030219700101003"
    good = check_char(first17)
    return first17 + (good if valid else ("0" if good != "0" else "1"))


def test_new_fields_saved_and_shown(db, actor, sql, make) -> None:
    rid = _create(db, actor, make, aid_form="labour_arbitration", opposing_party="海港建筑公司",
                  agent_name="赵小五", agent_relation="儿子", agent_id_number=_agent_id(),
                  stage="arbitration", procedural_role="plaintiff")
    row = _row(sql, rid)
    assert (row.aid_form, row.opposing_party, row.agent_id_type, row.agent_id_number) == (
        "labour_arbitration", "海港建筑公司", "resident_id", _agent_id())
    d = load_referral(db, rid, today=D0)
    assert d.aid_form_label == "劳动争议调解与仲裁代理"
    assert d.agent_id_number_masked == "130302********0031"[:6] + "*" * 8 + _agent_id()[-4:]
    assert _agent_id() not in repr(d)  # the detail never carries the full number


@pytest.mark.parametrize(("overrides", "field", "fragment"), [
    ({"agent_name": "赵小五", "agent_relation": "儿子", "agent_id_number": _agent_id(False)},
     "agent_id_number", "代理人身份证号码校验位错误"),
    ({"agent_id_number": _agent_id()}, "agent_id_number", "未填写代理人姓名"),
    ({"matter": "criminal", "procedural_role": "plaintiff"}, "procedural_role", "刑事案件"),
    ({"procedural_role": "suspect"}, "procedural_role", "只出现在刑事案件中"),
    ({"stage": "investigation"}, "stage", "只出现在刑事案件中"),
    ({"aid_form": "defence"}, "aid_form", "只适用于刑事案件"),
    ({"matter": "criminal", "procedural_role": "victim", "aid_form": "defence"}, "aid_form",
     "只能为犯罪嫌疑人/被告人"),
    ({"matter": "state_compensation", "procedural_role": "defendant",
      "hardship_route": "commitment"}, "procedural_role", "国家赔偿"),
    ({"aid_form": "labour_arbitration", "stage": "enforcement"}, "aid_form", "仲裁阶段"),
    ({"aid_form": "nonsense"}, "aid_form", "申请援助形式"),
])
def test_inconsistent_applications_refused(db, actor, sql, make, overrides, field,
                                           fragment) -> None:
    with pytest.raises(ValidationError) as info:
        _create(db, actor, make, **overrides)
    assert fragment in info.value.by_field[field]
    assert sql.count("aid_referral") == 0


def test_consistent_criminal_application_accepted(db, actor, sql, make) -> None:
    rid = _create(db, actor, make, matter="criminal", procedural_role="suspect",
                  stage="investigation", aid_form="defence", hardship_route="commitment")
    assert _row(sql, rid).aid_form == "defence"


def test_day_the_applicant_was_told(db, actor, sql, make) -> None:
    rid = _create(db, actor, make)
    with pytest.raises(ServiceError, match="尚未登记"):
        aid.record_decision_told(db, actor, rid, D0, today=D0)
    aid.forward_referral(db, actor, rid, forwarded_to="海港区法律援助中心", forwarded_on=D0,
                         allow_incomplete=True, today=D0)
    decided = D0 + timedelta(days=5)
    aid.record_decision(db, actor, rid, decision="granted", decided_on=decided,
                        today=decided + timedelta(days=1))
    assert _row(sql, rid).decision_told_on is None
    with pytest.raises(ValidationError) as info:
        aid.record_decision_told(db, actor, rid, decided - timedelta(days=1), today=decided)
    assert "不能早于" in info.value.by_field["decision_told_on"]
    with pytest.raises(ValidationError):
        aid.record_decision_told(db, actor, rid, decided + timedelta(days=3), today=decided)
    aid.record_decision_told(db, actor, rid, decided + timedelta(days=1),
                             today=decided + timedelta(days=2))
    assert _row(sql, rid).decision_told_on == (decided + timedelta(days=1)).isoformat()
    assert load_referral(db, rid, today=decided).decision_told_on == decided + timedelta(days=1)


def test_decision_and_told_day_together(db, actor, sql, make) -> None:
    rid = _create(db, actor, make)
    aid.forward_referral(db, actor, rid, forwarded_to="海港区法律援助中心", forwarded_on=D0,
                         allow_incomplete=True, today=D0)
    aid.record_decision(db, actor, rid, decision="denied", decided_on=D0 + timedelta(days=2),
                        told_on=D0 + timedelta(days=3), today=D0 + timedelta(days=3))
    assert _row(sql, rid).decision_told_on == (D0 + timedelta(days=3)).isoformat()


def test_correction_keeps_the_agents_number_unless_retyped(db, actor, sql, make) -> None:
    from workstation.services.corrections import correct_referral

    agent = {"agent_name": "赵小五", "agent_relation": "儿子"}
    rid = _create(db, actor, make, agent_id_number=_agent_id(), **agent)
    data = make.referral(applied_on=D0, materials_received=("identity",),
                         opposing_party="海港建筑公司", **agent)
    correct_referral(db, actor, rid, data, "补录对方当事人", today=D0)
    row = _row(sql, rid)
    assert (row.opposing_party, row.agent_id_number) == ("海港建筑公司", _agent_id())
    correct_referral(db, actor, rid, make.referral(applied_on=D0), "代理人撤回", today=D0)
    assert (_row(sql, rid).agent_name, _row(sql, rid).agent_id_number) == ("", "")
