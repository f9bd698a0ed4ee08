"""Corrections (更正): the recording operator or an admin corrects a record's fields; a new
version, old and new values in the audit trail with the reason, a change-log row; refused
for other operators, voided records and invalid input; a forwarded referral only gets a
correction note."""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from workstation.domain.errors import ValidationError
from workstation.services import aid, mediation
from workstation.services.audit_log import AuditQuery, export_csv, fetch_entries
from workstation.services.auth import add_operator
from workstation.services.consultations import register_consultation
from workstation.services.context import Actor, ServiceError
from workstation.services.corrections import (
    annotate_referral,
    correct_case,
    correct_consultation,
    correct_referral,
)
from workstation.services.records import load_case, load_consultation, load_referral
from workstation.services.voiding import void_record
from workstation.storage.engine import Database


def _operator(db: Database, admin: Actor, username: str, name: str) -> Actor:
    op_id = add_operator(db, admin, username=username, name=name, password="mediator-pw-1")
    return Actor(op_id, admin.station_id, username, name, "mediator")


@pytest.fixture
def mediator(db: Database, actor: Actor) -> Actor:
    return _operator(db, actor, "tiaojie", "李调解")


@pytest.fixture
def other(db: Database, actor: Actor) -> Actor:
    return _operator(db, actor, "wangyuan", "王员")


def _state(sql, table: str, rid: str):
    [row] = sql.rows(f"SELECT * FROM {table} WHERE id = :id", id=rid)
    return row


def _corrections(sql, rid: str):
    return sql.rows("SELECT * FROM audit_entry WHERE action = 'correct' AND record_id = :id",
                    id=rid)


def test_the_recording_operator_corrects_a_consultation(
        db: Database, mediator: Actor, actor: Actor, make, sql, tmp_path: Path) -> None:
    data = make.consultation()
    cid = register_consultation(db, mediator, data)
    before = _state(sql, "consultation", cid)

    correct_consultation(db, mediator, cid,
                         replace(data, question="老板拖欠四个月工资怎么办？",
                                 satisfaction="satisfied"), "  咨询内容录错月份 ")

    after = _state(sql, "consultation", cid)
    assert after.question == "老板拖欠四个月工资怎么办？" and after.satisfaction == "satisfied"
    assert after.version == before.version + 1 and after.updated_at > before.updated_at
    assert after.person_id == before.person_id and after.number == before.number
    log = sql.rows("SELECT op, version FROM change_log WHERE record_id = :id ORDER BY seq",
                   id=cid)
    assert log[-1] == ("U", before.version + 1)
    [entry] = _corrections(sql, cid)
    assert entry.operator_id == mediator.operator_id and entry.record_type == "consultation"
    assert "更正原因：咨询内容录错月份" in entry.detail
    assert "咨询内容：“老板拖欠三个月工资怎么办？” → “老板拖欠四个月工资怎么办？”" in entry.detail
    assert "满意度：（空） → 满意" in entry.detail
    assert "解答意见" not in entry.detail  # unchanged fields are not listed
    # The admin's audit view and its CSV read it in Chinese.
    [row] = fetch_entries(db, actor, AuditQuery(action="correct"), 0, 10)
    assert row.action_label == "更正" and row.record_type_label == "法律咨询"
    csv_path = tmp_path / "audit.csv"
    assert export_csv(db, actor, AuditQuery(action="correct"), csv_path) == 1
    [_header, line] = list(csv.reader(csv_path.open(encoding="utf-8-sig")))
    assert line[2] == "更正" and line[4] == "法律咨询" and "咨询内容：" in line[7]

    detail = load_consultation(db, cid)
    assert detail.corrections is not None and detail.corrections.count == 1
    assert detail.corrections.last_by_name == "李调解"
    assert detail.corrections.text.startswith("已更正 1 次")
    assert detail.corrections.allows(mediator) and detail.corrections.allows(actor)


def test_another_mediator_may_not_correct_but_an_admin_may(
        db: Database, mediator: Actor, other: Actor, actor: Actor, make, sql) -> None:
    data = make.consultation()
    cid = register_consultation(db, mediator, data)
    with pytest.raises(ServiceError, match="只有登记该咨询记录的工作人员或站点管理员可以更正"):
        correct_consultation(db, other, cid, replace(data, question="改"), "试试")
    assert not load_consultation(db, cid).corrections.allows(other)
    assert _corrections(sql, cid) == []

    correct_consultation(db, actor, cid, replace(data, topic="labour"), "类别选错")
    assert _state(sql, "consultation", cid).topic == "labour"


def test_a_reason_is_required_and_unchanged_content_is_refused(
        db: Database, actor: Actor, make, sql) -> None:
    data = make.consultation()
    cid = register_consultation(db, actor, data)
    version = _state(sql, "consultation", cid).version
    with pytest.raises(ValidationError) as caught:
        correct_consultation(db, actor, cid, replace(data, question="新内容"), "   ")
    assert caught.value.by_field == {"correction_reason": "请填写更正原因"}
    with pytest.raises(ServiceError, match="没有改动"):
        correct_consultation(db, actor, cid, data, "无")
    assert _state(sql, "consultation", cid).version == version
    assert _corrections(sql, cid) == []


def test_invalid_input_is_rejected_with_nothing_saved(db: Database, actor: Actor, make,
                                                      sql) -> None:
    data = make.consultation()
    cid = register_consultation(db, actor, data)
    before = _state(sql, "consultation", cid)
    log = sql.count("change_log")
    with pytest.raises(ValidationError) as caught:
        correct_consultation(db, actor, cid, replace(data, question="  ", answer=""), "录错")
    assert set(caught.value.by_field) == {"question", "answer"}
    assert _state(sql, "consultation", cid) == before
    assert sql.count("change_log") == log and _corrections(sql, cid) == []


def test_a_voided_record_cannot_be_corrected(db: Database, actor: Actor, make, sql) -> None:
    data = make.consultation()
    cid = register_consultation(db, actor, data)
    void_record(db, actor, "consultation", cid, "重复登记")
    with pytest.raises(ServiceError, match="已作废"):
        correct_consultation(db, actor, cid, replace(data, question="改"), "录错")
    assert _corrections(sql, cid) == []


def test_a_case_gets_its_intake_fields_corrected_after_acceptance(
        db: Database, mediator: Actor, other: Actor, make, sql) -> None:
    data = make.case()
    case_id = mediation.open_case(db, mediator, data)
    mediation.accept_case(db, mediator, case_id, date.today() - timedelta(days=1))
    before = _state(sql, "mediation_case", case_id)
    parties = sql.rows("SELECT * FROM mediation_party WHERE case_id = :id ORDER BY position",
                       id=case_id)

    with pytest.raises(ServiceError, match="只有登记该调解案件"):
        correct_case(db, other, case_id, replace(data, dispute_type="contract"), "类型选错")
    # The parties given are ignored: a correction never touches them.
    correct_case(db, mediator, case_id,
                 replace(data, dispute_type="contract", amount_involved_fen=150000,
                         parties=()), "纠纷类型选错，补录金额")

    after = _state(sql, "mediation_case", case_id)
    assert (after.dispute_type, after.amount_involved_fen) == ("contract", 150000)
    assert after.version == before.version + 1
    assert (after.status, after.accepted_on, after.deadline) == (
        before.status, before.accepted_on, before.deadline)
    assert sql.rows("SELECT * FROM mediation_party WHERE case_id = :id ORDER BY position",
                    id=case_id) == parties
    [entry] = _corrections(sql, case_id)
    assert "纠纷类型：邻里 → 合同" in entry.detail
    assert "涉及金额：0.00元 → 1,500.00元" in entry.detail
    with pytest.raises(ValidationError) as caught:
        correct_case(db, mediator, case_id, replace(data, registered_on=date.today()), "日期")
    assert "registered_on" in caught.value.by_field
    detail = load_case(db, case_id)
    assert detail.dispute_type == "contract" and detail.corrections.count == 1


def test_a_draft_referral_is_corrected_and_a_forwarded_one_only_annotated(
        db: Database, actor: Actor, mediator: Actor, make, sql) -> None:
    data = make.referral()
    rid = aid.create_referral(db, mediator, data)
    correct_referral(db, mediator, rid, replace(data, household_size=5,
                                                cause_of_action="劳动报酬纠纷"), "家庭人口录错")
    row = _state(sql, "aid_referral", rid)
    assert (row.household_size, row.cause_of_action) == (5, "劳动报酬纠纷")
    [entry] = _corrections(sql, rid)
    assert "家庭人口：4 → 5" in entry.detail and "案由：（空） → “劳动报酬纠纷”" in entry.detail

    aid.forward_referral(db, mediator, rid, forwarded_to="海港区法律援助中心",
                         forwarded_on=date.today(), allow_incomplete=True)
    forwarded = _state(sql, "aid_referral", rid)
    with pytest.raises(ServiceError, match="只能添加更正说明"):
        correct_referral(db, mediator, rid, replace(data, household_size=6), "又录错")
    assert _state(sql, "aid_referral", rid) == forwarded

    annotate_referral(db, mediator, rid, "申请人家庭人口应为6人，已电话告知中心")
    row = _state(sql, "aid_referral", rid)
    assert row.household_size == 5 and row.facts == forwarded.facts  # the fields stay
    assert row.version == forwarded.version + 1
    assert row.correction_note.endswith("李调解：申请人家庭人口应为6人，已电话告知中心")
    annotate_referral(db, actor, rid, "第二条说明")
    detail = load_referral(db, rid)
    assert detail.annotation_only and len(detail.correction_note.splitlines()) == 2
    assert detail.corrections.count == 3
    notes = _corrections(sql, rid)
    assert "更正说明（申请已转交，原内容不变）：第二条说明" in notes[-1].detail
    log = sql.rows("SELECT op, version FROM change_log WHERE record_id = :id ORDER BY seq",
                   id=rid)
    assert log[-1] == ("U", row.version + 1)


def test_a_draft_referral_takes_no_note_and_another_operator_none_either(
        db: Database, mediator: Actor, other: Actor, make) -> None:
    rid = aid.create_referral(db, mediator, make.referral())
    with pytest.raises(ServiceError, match="尚未转交"):
        annotate_referral(db, mediator, rid, "说明")
    aid.forward_referral(db, mediator, rid, forwarded_to="中心", forwarded_on=date.today(),
                         allow_incomplete=True)
    with pytest.raises(ServiceError, match="只有登记该法律援助申请"):
        annotate_referral(db, other, rid, "说明")
    with pytest.raises(ValidationError):
        annotate_referral(db, mediator, rid, "  ")


def test_the_consulting_person_and_the_provider_guided_to_can_be_corrected(
        db: Database, actor: Actor, make, sql) -> None:
    from workstation.domain.referral import ProviderInput
    from workstation.services.providers import create_provider

    other_person = register_consultation(db, actor, make.consultation(make.person(7, "李四")))
    [(li_si,)] = sql.rows("SELECT person_id FROM consultation WHERE id = :id", id=other_person)
    provider_id = create_provider(db, actor, ProviderInput(name="海港律师事务所", kind="law_firm"))
    data = make.consultation()
    cid = register_consultation(db, actor, data)

    correct_consultation(db, actor, cid, replace(
        data, person=None, person_id=li_si, handling_result="to_lawyer",
        provider_id=provider_id), "选错了咨询人，应为转介律师")

    row = _state(sql, "consultation", cid)
    assert (row.person_id, row.provider_id, row.referred_to) == (
        li_si, provider_id, "海港律师事务所")
    [entry] = _corrections(sql, cid)
    assert "咨询人：张三 → 李四" in entry.detail
    assert "处理结果：当场解答 → " in entry.detail
    assert "指引机构：（空） → 海港律师事务所" in entry.detail
    assert "转至：（空） → “海港律师事务所”" in entry.detail
