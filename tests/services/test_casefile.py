"""Case-file steps: rights notice, investigation, judicial result, supervision, feedback;
记录人 on sessions, 回访方式/被回访人 on follow-ups, the agreement's performance status."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from workstation.domain.casefile import (
    FeedbackInput,
    InvestigationInput,
    JudicialResultInput,
    RightsNoticeInput,
    SupervisionInput,
    judicial_state,
    retention_period,
)
from workstation.domain.errors import ValidationError
from workstation.domain.inputs import (
    AgreementInput,
    FollowUpInput,
    SessionInput,
    require_visit_details,
)
from workstation.services import casefile as cf
from workstation.services import mediation as m
from workstation.services.context import Actor, ServiceError
from workstation.services.records import load_case
from workstation.storage.engine import Database

REGISTERED = date.today() - timedelta(days=8)


def _session(recorder: str = "") -> SessionInput:
    return SessionInput(held_at=datetime.now(UTC) - timedelta(days=5), place="调解室",
                        attendees="张三、李四", record="双方陈述意见。", recorder=recorder)


def _agreed(db: Database, actor: Actor, make, **case: object) -> str:
    cid = m.open_case(db, actor, make.case(registered_on=REGISTERED, **case))
    m.accept_case(db, actor, cid, REGISTERED)
    m.record_session(db, actor, cid, _session())
    m.record_agreement(db, actor, cid, AgreementInput(
        form="written", terms="李四于十日内疏通排水沟。",
        effective_on=REGISTERED + timedelta(days=3), performance_manner="自行疏通"))
    return cid


def _audit(sql, action: str, record_type: str) -> int:
    return sql.count("audit_entry", "action = :a AND record_type = :t", a=action, t=record_type)


def test_rights_notice_recorded_then_listed(db: Database, actor: Actor, make, sql) -> None:
    cid = m.open_case(db, actor, make.case(registered_on=REGISTERED))
    assert "rights_notice" in load_case(db, cid).allowed_steps
    cf.record_rights_notice(db, actor, cid, RightsNoticeInput(REGISTERED, "written", "张三、李四"))
    (step,) = load_case(db, cid).steps_of("rights_notice")
    assert (step.done_on, step.manner_label, step.people) == (REGISTERED, "书面告知", "张三、李四")
    assert step.staff  # the operator who gave it
    assert _audit(sql, "create", "mediation_step") == 1


def test_rights_notice_validated_in_chinese(db: Database, actor: Actor, make) -> None:
    cid = m.open_case(db, actor, make.case(registered_on=REGISTERED))
    with pytest.raises(ValidationError) as err:
        cf.record_rights_notice(db, actor, cid, RightsNoticeInput(None, "", " "))
    fields = {e.field: e.message for e in err.value.errors}
    assert fields == {"given_on": "请填写告知日期", "manner": "请选择告知方式",
                      "recipients": fields["recipients"]}
    assert "被告知人" in fields["recipients"]
    with pytest.raises(ValidationError, match="不能早于登记日期"):
        cf.record_rights_notice(db, actor, cid, RightsNoticeInput(
            REGISTERED - timedelta(days=1), "oral", "张三"))


def test_investigation_only_after_acceptance(db: Database, actor: Actor, make, sql) -> None:
    cid = m.open_case(db, actor, make.case(registered_on=REGISTERED))
    data = InvestigationInput(REGISTERED, "王调解、李书记", "李四家", "李四、邻居赵六",
                              "排水沟确被杂物堵塞。")
    with pytest.raises(ServiceError, match="已受理或调解中"):
        cf.record_investigation(db, actor, cid, data)
    m.accept_case(db, actor, cid, REGISTERED)
    cf.record_investigation(db, actor, cid, data)
    (step,) = load_case(db, cid).steps_of("investigation")
    assert (step.staff, step.place, step.people, step.content) == (
        "王调解、李书记", "李四家", "李四、邻居赵六", "排水沟确被杂物堵塞。")
    with pytest.raises(ValidationError) as err:
        cf.record_investigation(db, actor, cid, InvestigationInput(REGISTERED, "", "", "", ""))
    assert {e.field for e in err.value.errors} == {"investigators", "place", "interviewees",
                                                  "findings"}


def test_judicial_result_after_application(db: Database, actor: Actor, make, sql) -> None:
    cid = _agreed(db, actor, make)
    result = JudicialResultInput("confirmed", REGISTERED + timedelta(days=6), "海港区人民法院",
                                 "（2026）冀0302民特12号")
    with pytest.raises(ServiceError, match="未申请司法确认"):
        cf.record_judicial_result(db, actor, cid, result)
    m.set_judicial_confirmation(db, actor, cid, REGISTERED + timedelta(days=4))
    assert load_case(db, cid).agreement.judicial_state == "applied"
    with pytest.raises(ValidationError, match="裁定书文号"):
        cf.record_judicial_result(db, actor, cid, JudicialResultInput(
            "confirmed", REGISTERED + timedelta(days=6), "海港区人民法院"))
    cf.record_judicial_result(db, actor, cid, result)
    a = load_case(db, cid).agreement
    assert (a.judicial_state, a.judicial_result_on, a.judicial_court,
            a.judicial_ruling_number) == ("confirmed", REGISTERED + timedelta(days=6),
                                          "海港区人民法院", "（2026）冀0302民特12号")
    assert a.judicial_confirmation_on == REGISTERED + timedelta(days=4)  # applied date kept
    assert "judicial_result" not in load_case(db, cid).allowed_steps
    with pytest.raises(ServiceError, match="申请日期不能再更改"):
        m.set_judicial_confirmation(db, actor, cid, REGISTERED + timedelta(days=5))
    assert _audit(sql, "judicial_result", "mediation_agreement") == 1
    (row,) = sql.rows("SELECT judicial_confirmation_applied, judicial_result"
                      " FROM mediation_agreement")
    assert tuple(row) == (1, "confirmed")


def test_judicial_state_and_retention() -> None:
    assert judicial_state(False, "") == "none"
    assert judicial_state(True, "") == "applied"
    assert judicial_state(True, "withdrawn") == "withdrawn"
    assert retention_period(True) == "30年" and retention_period(False) == "10年"


def test_follow_up_sets_performance_and_supervision_updates_it(
        db: Database, actor: Actor, make, sql) -> None:
    cid = _agreed(db, actor, make)
    assert load_case(db, cid).agreement.performance_status_label == "尚未核实"
    visit_day = REGISTERED + timedelta(days=5)
    m.record_follow_up(db, actor, cid, FollowUpInput(visit_day, "not_performed", None, "未疏通",
                                                     method="phone", visitee="张三"))
    case = load_case(db, cid)
    assert case.agreement.performance_status_label == "未履行"
    assert (case.follow_ups[0].method_label, case.follow_ups[0].visitee) == ("电话", "张三")
    assert "supervision" in case.allowed_steps
    cf.record_supervision(db, actor, cid, SupervisionInput(visit_day, "visit", "上门督促李四履行。",
                                                           "performed"))
    case = load_case(db, cid)
    (step,) = case.steps_of("supervision")
    assert (step.manner_label, step.content, step.result_label) == (
        "上门督促", "上门督促李四履行。", "已履行")
    assert case.agreement.performance_status == "performed"
    assert "supervision" not in case.allowed_steps
    with pytest.raises(ServiceError, match="未履行或部分履行"):
        cf.record_supervision(db, actor, cid, SupervisionInput(visit_day, "phone", "再次督促",
                                                               "performed"))


def test_follow_up_details_required_at_the_desk() -> None:
    errors = require_visit_details(FollowUpInput(date(2026, 5, 1), "performed"))
    assert {e.field: e.message for e in errors} == {"method": "请选择回访方式",
                                                    "visitee": "请填写被回访人"}
    with pytest.raises(ValidationError, match="回访方式"):
        FollowUpInput(date(2026, 5, 1), "performed", method="fax").validated(date(2026, 6, 1))


def test_session_recorder_defaults_to_the_operator(db: Database, actor: Actor, make,
                                                  sql) -> None:
    cid = m.open_case(db, actor, make.case(registered_on=REGISTERED))
    m.accept_case(db, actor, cid, REGISTERED)
    m.record_session(db, actor, cid, _session("赵书记"))
    m.record_session(db, actor, cid, _session())
    recorders = [s.recorder for s in load_case(db, cid).sessions]
    operator = sql.rows("SELECT name FROM operator WHERE id = :i", i=actor.operator_id)[0][0]
    assert sorted(recorders) == sorted(["赵书记", operator])


def test_feedback_only_for_referred_concluded_cases(db: Database, actor: Actor, make) -> None:
    own = _agreed(db, actor, make)
    letter = FeedbackInput(date.today(), "海港区人民法院", "双方达成调解协议。")
    with pytest.raises(ServiceError, match="接受委托移送"):
        cf.record_feedback(db, actor, own, letter)
    referred = _agreed(db, actor, make, source="referred", referring_body="海港区人民法院")
    cf.record_feedback(db, actor, referred, letter)
    (step,) = load_case(db, referred).steps_of("feedback")
    assert (step.people, step.content) == ("海港区人民法院", "双方达成调解协议。")
    with pytest.raises(ServiceError):  # once per case
        cf.record_feedback(db, actor, referred, letter)


def test_voided_case_offers_no_step(db: Database, actor: Actor, make) -> None:
    from workstation.services.voiding import void_record

    cid = m.open_case(db, actor, make.case(registered_on=REGISTERED))
    void_record(db, actor, "mediation_case", cid, "重复登记")
    assert load_case(db, cid).allowed_steps == []
    with pytest.raises(ServiceError):
        cf.record_rights_notice(db, actor, cid, RightsNoticeInput(REGISTERED, "oral", "张三"))
