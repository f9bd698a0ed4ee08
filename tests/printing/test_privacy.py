"""What leaves the PC on paper: receipts and lists mask ID numbers (only the official forms
registered with ``full_ids`` print them in full), and the citizen's own data report
(个人信息查询结果) masks the number unless the citizen is present, audited either way."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from workstation.domain.identity import mask_id_number
from workstation.domain.inputs import FollowUpInput
from workstation.domain.work_orders import WorkOrderInput
from workstation.printing.registry import refusal
from workstation.services import aid
from workstation.services import mediation as m
from workstation.services.consultations import register_consultation
from workstation.services.context import Actor
from workstation.services.personal_data import personal_data_report
from workstation.services.persons import find_persons
from workstation.services.printing import list_documents, print_document
from workstation.services.records import load_case, load_consultation, load_referral
from workstation.services.voiding import void_record
from workstation.services.work_orders import load_order, register_order
from workstation.storage.engine import Database

from .conftest import flat, make_agreed_case, pdf_text

TODAY = date.today()
COMPLETE = ("identity", "application_form", "commitment", "labour_proof", "matter_evidence")


def _numbers(db: Database) -> dict[str, str]:
    """Person name → full ID number, as stored."""
    with db.engine.connect() as conn:
        return dict(conn.exec_driver_sql(
            "SELECT name, id_number FROM person WHERE id_number IS NOT NULL").all())


@pytest.fixture
def records(db: Database, actor: Actor, make: SimpleNamespace) -> dict[str, tuple[str, object]]:
    """One of each record kind, in states every document accepts; persons with ID numbers."""
    consultation = register_consultation(db, actor, make.consultation(make.person(11, "孙十一")))
    case_id = make_agreed_case(db, actor, make)
    m.record_follow_up(db, actor, case_id, FollowUpInput(TODAY, "performed", "satisfied"))
    referral = aid.create_referral(db, actor, make.referral(
        make.person(12, "周十二"), materials_received=COMPLETE))
    aid.forward_referral(db, actor, referral, forwarded_to="海港区法律援助中心",
                         forwarded_on=TODAY - timedelta(days=1))
    order = register_order(db, actor, WorkOrderInput(
        order_no="GD-1", channel="hotline_12348", received_on=TODAY - timedelta(days=1),
        due_on=TODAY + timedelta(days=5), request="咨询赡养费", caller_name="孙十一"))
    return {
        "consultation": (consultation, load_consultation(db, consultation)),
        "mediation_case": (case_id, load_case(db, case_id)),
        "aid_referral": (referral, load_referral(db, referral)),
        "work_order": (order, load_order(db, order)),
    }


def test_only_official_forms_print_full_id_numbers(db: Database, actor: Actor,
                                                   records: dict[str, tuple[str, object]]
                                                   ) -> None:
    numbers = _numbers(db)
    printed = 0
    for spec in list_documents():
        record_id, detail = records[spec.record_type]
        if refusal(spec, detail) is not None:
            continue
        text = flat(pdf_text(print_document(db, actor, spec.key, record_id).pdf))
        printed += 1
        shown = {name for name, number in numbers.items() if number in text}
        if spec.full_ids:
            assert shown, spec.key  # the application form, commitment, forwarding letter
        else:
            assert not shown, (spec.key, shown)
        if spec.page == "receipt80" and "证件号码" in text:
            masked = {mask_id_number(n) for n in numbers.values()}
            assert any(x in text for x in masked), spec.key
    assert printed >= 15  # all but the forms of other states (oral agreement, supplement ...)


@pytest.mark.parametrize("key", ["consultation_receipt", "mediation_receipt", "aid_receipt",
                                 "case_file_contents", "aid_materials_checklist"])
def test_each_receipt_and_list_masks(db: Database, actor: Actor,
                                     records: dict[str, tuple[str, object]], key: str) -> None:
    [spec] = [s for s in list_documents() if s.key == key]
    record_id, _ = records[spec.record_type]
    text = flat(pdf_text(print_document(db, actor, key, record_id).pdf))
    for number in _numbers(db).values():
        assert number not in text, key
    if key in ("consultation_receipt", "aid_receipt"):  # they name the citizen's document
        assert "证件号码" in text and "*" * 8 in text


def test_personal_data_report_lists_every_record_and_masks(db: Database, actor: Actor,
                                                           make: SimpleNamespace, sql) -> None:
    first = register_consultation(db, actor, make.consultation(make.person(1, "张三")))
    case_id = m.open_case(db, actor, make.case())  # 张三 applicant, 李四 respondent
    referral = aid.create_referral(db, actor, make.referral(make.person(1, "张三")))
    void_record(db, actor, "consultation", first, "重复登记")
    [zhang] = find_persons(db, "张三")
    full = _numbers(db)["张三"]

    doc = personal_data_report(db, actor, zhang.id, today=TODAY)
    text = flat(pdf_text(doc.pdf))
    assert "个人信息查询结果" in text and "应张三本人申请" in text
    assert full not in text and mask_id_number(full) in text
    for number in (load_consultation(db, first).number, load_case(db, case_id).number,
                   load_referral(db, referral).number):
        assert number in text
    assert "办理记录（共3条）" in text
    assert "（已作废）" in text and "咨询人" in text and "申请人" in text
    assert "援助申请人" in text and "证件号码已作部分隐藏" in text
    assert "李四" in text  # the case's title names the other party (it is the case's title)
    [entry] = sql.rows("SELECT * FROM audit_entry WHERE action = 'print'")
    assert (entry.record_type, entry.record_id, entry.operator_id) == (
        "person", zhang.id, actor.operator_id)
    assert "证件号码已隐藏" in entry.detail and doc.sha256 in entry.detail
    assert sql.count("audit_entry", "action = 'view_id_number'") == 0

    present = personal_data_report(db, actor, zhang.id, citizen_present=True, today=TODAY)
    text = flat(pdf_text(present.pdf))
    assert full in text and "已核验身份" in text
    assert sql.count("audit_entry", "action = 'view_id_number' AND record_id = :id",
                     id=zhang.id) == 1
