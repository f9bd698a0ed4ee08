"""The new case-file papers read back from the PDF: rights notice, investigation record,
rejection/termination notices, judicial application, supervision record, feedback letter;
the contents' page numbers equal the real page counts; the 备考表 closes the file."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest

from workstation.domain.casefile import (
    FeedbackInput,
    InvestigationInput,
    JudicialResultInput,
    RightsNoticeInput,
    SupervisionInput,
)
from workstation.domain.inputs import FollowUpInput
from workstation.printing.documents.mediation_file import FILING_ORDER
from workstation.printing.layout import cn_date
from workstation.printing.registry import NotPrintable
from workstation.printing.render import render
from workstation.services import casefile as cf
from workstation.services import mediation as m
from workstation.services.context import Actor
from workstation.storage.engine import Database

from .conftest import TODAY, assert_fonts_embedded, flat, make_agreed_case, pdf_text

COMMITTEE = "海港镇人民调解委员会"


def _text(db: Database, key: str, case_id: str) -> str:
    doc = render(db, key, case_id)
    assert doc.missing_chars == ()
    assert_fonts_embedded(doc.pdf)
    return flat(pdf_text(doc.pdf))


def _has(text: str, *parts: str) -> None:
    for part in parts:
        assert flat(part) in text, part


@pytest.fixture
def full_case(db: Database, actor: Actor, make: SimpleNamespace) -> str:
    """A referred case with every step: notice, investigation, agreement, judicial
    confirmation, a follow-up finding it unperformed, supervision, feedback."""
    case_id = make_agreed_case(db, actor, make, agree=False)
    cf.record_rights_notice(db, actor, case_id, RightsNoticeInput(
        TODAY - timedelta(days=4), "written", "张三、李四"))
    cf.record_investigation(db, actor, case_id, InvestigationInput(
        TODAY - timedelta(days=3), "王管理、赵委员", "李四家院外", "李四、邻居孙七",
        "排水沟被建筑垃圾堵塞约十米，申请人院墙有裂缝两处。"))
    return case_id


def test_rights_notice_prints_rights_duties_and_how_given(db: Database, actor: Actor,
                                                          full_case: str) -> None:
    text = _text(db, "mediation_rights_notice", full_case)
    _has(text, "人民调解权利义务告知书", "张三、李四：", "第二十三条、第二十四条",
         "选择或者接受人民调解员", "接受调解、拒绝调解或者要求终止调解", "如实陈述纠纷事实",
         "不收取任何费用", "告知情况：", cn_date(TODAY - timedelta(days=4)), "书面告知",
         "被告知人：张三、李四", "以上权利义务已告知本人", COMMITTEE)


def test_investigation_record_prints_who_when_where_what(db: Database, actor: Actor,
                                                         full_case: str) -> None:
    text = _text(db, "mediation_investigation_record", full_case)
    _has(text, "人民调解调查记录", "第1次调查（共1次）", "调查时间",
         cn_date(TODAY - timedelta(days=3)), "调查地点", "李四家院外", "调查人", "王管理、赵委员",
         "被调查人", "李四、邻居孙七", "调查情况", "排水沟被建筑垃圾堵塞约十米",
         "被调查人：李四、邻居孙七", "调查人：王管理、赵委员")


def test_judicial_application_and_result(db: Database, actor: Actor,
                                         make: SimpleNamespace) -> None:
    case_id = make_agreed_case(db, actor, make)
    text = _text(db, "mediation_judicial_application", case_id)
    _has(text, "司法确认申请书", "申请人1", "申请人2", "张三", "李四", "请求事项",
         f"请求人民法院确认申请人于{cn_date(TODAY)}经{COMMITTEE}主持调解达成的人民调解协议有效",
         "第三十三条", "申请人承诺", "恶意串通", "此致", "人民法院")
    assert "130302" in text  # the full ID number goes to the court (full_ids form)
    m.set_judicial_confirmation(db, actor, case_id, TODAY)
    cf.record_judicial_result(db, actor, case_id, JudicialResultInput(
        "confirmed", TODAY, "秦皇岛市海港区人民法院", "（2026）冀0302民特88号"))
    text = _text(db, "mediation_judicial_application", case_id)
    _has(text, "此致秦皇岛市海港区人民法院", "法院处理结果", "裁定确认调解协议有效",
         "（2026）冀0302民特88号")


def test_rejection_and_termination_notices(db: Database, actor: Actor,
                                           make: SimpleNamespace) -> None:
    rejected = m.open_case(db, actor, make.case(registered_on=TODAY - timedelta(days=1)))
    with pytest.raises(NotPrintable, match="不予受理"):
        render(db, "mediation_rejection_notice", rejected)
    m.change_status(db, actor, rejected, "terminated", reason="纠纷已由人民法院受理")
    text = _text(db, "mediation_rejection_notice", rejected)
    _has(text, "不予受理告知书", "张三：", "申请调解的", "邻里纠纷", "本委员会决定不予受理", "理由",
         "纠纷已由人民法院受理", "仲裁、行政、司法等途径", COMMITTEE, "当事人签收")
    with pytest.raises(NotPrintable):
        render(db, "mediation_termination_notice", rejected)

    ended = make_agreed_case(db, actor, make, agree=False)
    m.change_status(db, actor, ended, "terminated", reason="申请人撤回调解申请")
    text = _text(db, "mediation_termination_notice", ended)
    _has(text, "终止人民调解告知书", "张三、李四：", "第二十六条", "终止调解", "理由",
         "申请人撤回调解申请", "仲裁、行政、司法等途径", COMMITTEE)


def test_supervision_record_and_feedback_letter(db: Database, actor: Actor,
                                                make: SimpleNamespace) -> None:
    case_id = make_agreed_case(db, actor, make, parties=None)
    m.record_follow_up(db, actor, case_id, FollowUpInput(
        TODAY, "not_performed", "dissatisfied", "未付款", method="home", visitee="张三"))
    cf.record_supervision(db, actor, case_id, SupervisionInput(
        TODAY, "meeting", "约见李四，讲明协议的约束力，李四当场付清。", "performed"))
    text = _text(db, "mediation_supervision_record", case_id)
    _has(text, "人民调解协议督促履行记录", "第1次督促履行", "督促方式", "约见当事人",
         "约见李四，讲明协议的约束力", "督促后履行情况", "已履行", "当前履行情况", "督促人")
    follow = _text(db, "mediation_follow_up_record", case_id)
    _has(follow, "☐电话☑上门☐来访", "被回访人：张三")
    with pytest.raises(NotPrintable, match="委托移送"):
        render(db, "mediation_feedback_letter", case_id)


def test_feedback_letter_of_a_referred_case(db: Database, actor: Actor,
                                            make: SimpleNamespace) -> None:
    case_id = m.open_case(db, actor, make.case(source="referred", referring_body="海港派出所",
                                               registered_on=TODAY - timedelta(days=3)))
    m.accept_case(db, actor, case_id, TODAY - timedelta(days=2))
    m.change_status(db, actor, case_id, "mediating")
    m.change_status(db, actor, case_id, "failed", reason="双方对赔偿数额分歧过大")
    cf.record_feedback(db, actor, case_id, FeedbackInput(TODAY, "海港派出所",
                                                         "建议当事人向人民法院起诉。"))
    text = _text(db, "mediation_feedback_letter", case_id)
    _has(text, "人民调解案件反馈函", "海港派出所：", "你单位委托移送本委员会调解的",
         "未能达成调解协议", "双方对赔偿数额分歧过大", "建议当事人向人民法院起诉", "特此函告",
         COMMITTEE, cn_date(TODAY))


def test_contents_page_numbers_are_the_real_page_counts(db: Database, actor: Actor,
                                                        full_case: str) -> None:
    from workstation.domain.inputs import AgreementInput

    from .test_mediation_forms import _session

    for n in range(3):  # long records: several pages
        _session(db, actor, full_case, "双方陈述意见。" * 120, 30 - n)
    m.record_agreement(db, actor, full_case, AgreementInput(
        form="written", terms="李四于十日内疏通排水沟。", effective_on=TODAY,
        performance_manner="自行疏通"))
    m.set_judicial_confirmation(db, actor, full_case, TODAY)
    m.record_follow_up(db, actor, full_case, FollowUpInput(
        TODAY, "partly", None, "", method="phone", visitee="张三"))
    cf.record_supervision(db, actor, full_case, SupervisionInput(TODAY, "phone", "电话督促",
                                                                 "performed"))
    text = _text(db, "case_file_contents", full_case)
    page = 1
    expected: list[str] = []
    for key in FILING_ORDER:
        try:
            doc = render(db, key, full_case)
        except NotPrintable:
            continue
        last = page + doc.pages - 1
        expected.append(f"{doc.title}{page if last == page else f'{page}-{last}'}"
                        f"{doc.pages}页")
        page = last + 1
    assert len(expected) == 9  # application ... supervision (no rejection, termination)
    pos = 0
    for row in expected:
        found = text.find(flat(row), pos)
        assert found >= 0, row
        pos = found
    assert any(r.endswith(("2页", "3页", "4页")) for r in expected)  # a multi-page paper
    _has(text, f"本卷系统制作文书共9件{page - 1}页", "保管期限：30年")
    note = _text(db, "case_file_note", full_case)
    _has(note, "卷内备考表", "本卷情况说明", f"本卷系统制作文书9件，共{page - 1}页",
         "保管期限：30年", "协议履行情况：已履行", "立卷人", "检查人")
    assert "长期" not in note + text


def test_every_mediation_document_of_the_filing_order_is_registered() -> None:
    from workstation.printing.registry import get_spec

    for key in (*FILING_ORDER, "case_file_note"):
        assert get_spec(key).record_type == "mediation_case"
