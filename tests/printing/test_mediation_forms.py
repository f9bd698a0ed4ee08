"""The mediation case-file forms, generated from real records: 人民调解申请书, 受理登记表,
人民调解记录, 口头协议登记表, 回访记录, 卷宗封面 and 卷内目录."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from workstation.domain.casefile import RightsNoticeInput
from workstation.domain.inputs import FollowUpInput, PartyInput, SessionInput
from workstation.printing.documents.mediation import RIGHTS_NOTICE
from workstation.printing.documents.mediation_file import case_file_items
from workstation.printing.layout import cn_date
from workstation.printing.registry import NotPrintable
from workstation.printing.render import RenderedDocument, render
from workstation.services import mediation as m
from workstation.services.casefile import record_rights_notice
from workstation.services.context import Actor
from workstation.services.records import load_case
from workstation.storage.engine import Database

from .conftest import (
    TODAY,
    Demo,
    assert_fonts_embedded,
    flat,
    make_agreed_case,
    organisation_party,
    page_texts,
    pdf_text,
)
from .test_cli_print import run

KEYS = ("mediation_application", "mediation_intake_register", "mediation_session_record",
        "oral_agreement_register", "mediation_follow_up_record", "case_file_cover",
        "case_file_contents")
COMMITTEE = "海港镇人民调解委员会"
STATION = "海港镇公共法律服务工作站"


def _render(db: Database, key: str, case_id: str) -> tuple[RenderedDocument, str]:
    doc = render(db, key, case_id)
    assert doc.missing_chars == ()
    assert_fonts_embedded(doc.pdf)
    return doc, flat(pdf_text(doc.pdf))


def _assert_all(text: str, *elements: str) -> None:
    for element in elements:
        assert flat(element) in text, element


def _title_block(doc: RenderedDocument, text: str) -> None:
    _assert_all(text, STATION, doc.title, doc.number, "校验码", "第1页共")


def _session(db: Database, actor: Actor, case_id: str, record: str, hours: int,
             place: str = "海港镇调解室") -> None:
    m.record_session(db, actor, case_id, SessionInput(
        held_at=datetime.now(UTC) - timedelta(hours=hours), place=place,
        attendees="双方当事人及村委会主任", record=record))


def _followed_up(db: Database, actor: Actor, make: SimpleNamespace, **kw: object) -> str:
    case_id = make_agreed_case(db, actor, make, **kw)  # type: ignore[arg-type]
    m.record_follow_up(db, actor, case_id, FollowUpInput(
        visited_on=TODAY, performance="partly", satisfaction="fairly",
        notes="被申请人已疏通排水沟，赔偿款尚余五百元未付。"))
    m.record_follow_up(db, actor, case_id, FollowUpInput(
        visited_on=TODAY, performance="performed", satisfaction="satisfied",
        notes="赔偿款已全部付清，双方关系恢复正常。"))
    return case_id


# --- registry and command line ---------------------------------------------------------


def test_print_list_names_the_case_file_forms() -> None:
    result = run("print", "--list")
    assert result.returncode == 0, result.stderr
    rows = {line.split("\t")[0]: line.split("\t") for line in result.stdout.splitlines()}
    for key in KEYS:
        assert key in rows, key
        assert rows[key][2] == "人民调解案件"
    assert rows["mediation_application"][1] == "人民调解申请书"
    assert rows["case_file_contents"][1] == "卷内目录"


def test_every_form_from_demo_data(demo: Demo) -> None:
    rich = demo.first(
        "SELECT c.id FROM mediation_case c JOIN mediation_agreement a ON a.case_id = c.id "
        "WHERE a.form = 'written' AND c.source = 'application' AND EXISTS (SELECT 1 FROM "
        "follow_up f WHERE f.case_id = c.id) ORDER BY c.number LIMIT 1").id
    oral = demo.first("SELECT case_id FROM mediation_agreement WHERE form = 'oral' "
                      "ORDER BY case_id LIMIT 1").case_id
    for key in KEYS:
        case_id = oral if key == "oral_agreement_register" else rich
        doc, text = _render(demo.db, key, case_id)
        case = load_case(demo.db, case_id)
        assert doc.number == case.number and doc.pages >= 1
        if key != "case_file_cover":
            _title_block(doc, text)
        for party in case.parties:
            assert flat(party.name)[:12] in text, (key, party.name)


# --- 人民调解申请书 --------------------------------------------------------------------


def test_application_holds_parties_claims_facts_pledge_and_signature(
        db: Database, actor: Actor, make: SimpleNamespace) -> None:
    case_id = make_agreed_case(db, actor, make, agree=False, parties=(
        PartyInput(role="applicant", person=make.person(
            1, "张三", ethnicity="汉族", occupation="农民", employer="东村合作社")),
        organisation_party()))
    doc, text = _render(db, "mediation_application", case_id)
    _title_block(doc, text)
    case = load_case(db, case_id)
    _assert_all(
        text, f"{COMMITTEE}：", "申请人基本情况", "被申请人基本情况", "姓名", "张三", "性别", "男",
        "出生日期", "1980年5月17日", "民族", "汉族", "职业", "农民", "联系电话", "13800138000",
        "工作单位", "东村合作社", "住所", "海港镇东村1号", "身份证件号码",
        case.parties[0].person.id_number_masked,  # type: ignore[union-attr]
        "单位名称", "海港镇建筑有限公司", "法定代表人", "周经理", "海港镇工业园1号",
        "申请事项", "要求被申请人疏通排水沟并赔偿损失", "事实和理由", "两家因排水沟堵塞发生争执",
        "本人自愿申请人民调解委员会调解，并保证所提供的情况真实。", "签名（按指印）", "指印",
        "申请人：张三", cn_date(TODAY - timedelta(days=5)))
    # The applicant signs; the organisation respondent does not sign the application.
    assert "签名（盖章）" not in text


def test_application_refused_for_a_case_the_committee_took_up_itself(
        db: Database, actor: Actor, make: SimpleNamespace) -> None:
    case_id = m.open_case(db, actor, make.case(source="own_initiative"))
    with pytest.raises(NotPrintable, match=r"主动调解.*无人民调解申请书"):
        render(db, "mediation_application", case_id)


# --- 人民调解受理登记表 ----------------------------------------------------------------


def test_intake_register_of_a_referred_case(db: Database, actor: Actor,
                                            make: SimpleNamespace) -> None:
    case_id = m.open_case(db, actor, make.case(
        source="referred", referring_body="海港区人民法院", amount_involved_fen=790_000,
        co_mediators="刘协助", claims="要求赔偿损失。", registered_on=TODAY - timedelta(days=3)))
    m.accept_case(db, actor, case_id, TODAY - timedelta(days=2))
    _, text = _render(db, "mediation_intake_register", case_id)
    _assert_all(text, "☐" + RIGHTS_NOTICE)  # not ticked until the notice is recorded
    record_rights_notice(db, actor, case_id, RightsNoticeInput(
        TODAY - timedelta(days=2), "written", "张三、李四"))
    doc, text = _render(db, "mediation_intake_register", case_id)
    _title_block(doc, text)
    _assert_all(
        text, "告知情况", "书面告知张三、李四",
        "案号", doc.number, "案件来源", "接受委托移送调解", "移送单位", "海港区人民法院",
        "纠纷类型", "邻里纠纷", "登记日期", "受理日期",
        cn_date(TODAY - timedelta(days=2)), "当事人", "张三", "李四",
        "纠纷简要情况", "两家因排水沟堵塞发生争执", "申请事项", "要求赔偿损失", "涉及金额",
        "7900元", "调解员", "王管理", "协助调解员", "刘协助", "受理意见", "☑受理", "☐不予受理",
        "☑" + RIGHTS_NOTICE, "已告知当事人权利义务", "登记人：王管理", "签名")


def test_intake_register_of_a_case_not_accepted(db: Database, actor: Actor,
                                                make: SimpleNamespace) -> None:
    pending = m.open_case(db, actor, make.case())
    _, text = _render(db, "mediation_intake_register", pending)
    _assert_all(text, "☐受理☐不予受理", "☐已告知当事人权利义务")
    refused = m.open_case(db, actor, make.case(facts="另一起纠纷。"))
    m.change_status(db, actor, refused, "terminated", reason="纠纷已由人民法院受理")
    _, text = _render(db, "mediation_intake_register", refused)
    _assert_all(text, "☐受理☑不予受理", "不予受理理由：纠纷已由人民法院受理")


# --- 人民调解记录 ----------------------------------------------------------------------


def test_session_record_one_section_per_session_on_its_own_page(
        db: Database, actor: Actor, make: SimpleNamespace) -> None:
    case_id = make_agreed_case(db, actor, make, agree=False)
    _session(db, actor, case_id, "第一次：申请人陈述排水沟堵塞经过。", 30, "东村村委会")
    _session(db, actor, case_id, "第二次：被申请人同意疏通排水沟。", 5)
    doc, text = _render(db, "mediation_session_record", case_id)
    _title_block(doc, text)
    pages = [flat(t) for t in page_texts(doc.pdf)]
    assert len(pages) == 2
    assert "第1次调解（共2次）" in pages[0] and "第一次：申请人陈述" in pages[0]
    assert "东村村委会" in pages[0]
    assert "第2次调解（共2次）" in pages[1] and "第二次：被申请人同意" in pages[1]
    for page in pages:
        _assert_all(page, "时间", "地点", "调解员", "王管理", "参加人员", "双方当事人及村委会主任",
                    "调解记录", "以上记录已向我宣读/经我阅看，与我所说一致。", "申请人：张三",
                    "被申请人：李四", "签名（按指印）", "人民调解员：王管理", "记录人")


def test_long_session_record_flows_with_its_heading_repeated(
        db: Database, actor: Actor, make: SimpleNamespace) -> None:
    case_id = make_agreed_case(db, actor, make, agree=False)
    record = ("申请人陈述：二〇二四年夏天起，被申请人家的排水沟多次堵塞，雨水倒灌进申请人院内，"
              "院墙根部被泡软开裂。被申请人表示排水沟堵塞系上游多户共同造成。") * 30
    _session(db, actor, case_id, record, 3)
    doc, _ = _render(db, "mediation_session_record", case_id)
    pages = [flat(t) for t in page_texts(doc.pdf)]
    assert len(pages) >= 2
    assert all("调解记录" in p for p in pages[:2])
    assert "与我所说一致" in pages[-1] and "与我所说一致" not in pages[0]


def test_session_record_refused_without_sessions(db: Database, actor: Actor,
                                                  make: SimpleNamespace) -> None:
    case_id = make_agreed_case(db, actor, make, agree=False)
    with pytest.raises(NotPrintable, match="该案件尚无调解记录"):
        render(db, "mediation_session_record", case_id)


# --- 口头协议登记表 --------------------------------------------------------------------


def test_oral_agreement_register(db: Database, actor: Actor, make: SimpleNamespace) -> None:
    case_id = make_agreed_case(db, actor, make, written=False)
    doc, text = _render(db, "oral_agreement_register", case_id)
    _title_block(doc, text)
    _assert_all(
        text, "当事人基本情况", "张三", "李四", "汉族", "回族", "农民", "个体经营",
        "纠纷事实及争议事项", "两家因排水沟堵塞发生争执", "要求被申请人疏通排水沟",
        "被申请人对排水沟堵塞负主要责任", "口头协议内容",
        "被申请人于本协议生效之日起十日内疏通排水沟",
        "1500元", "履行方式", "被申请人自行雇工疏通", "履行地点", "申请人住所", "履行期限",
        cn_date(TODAY + timedelta(days=10)), "登记人", "王管理", "登记日期",
        "当事人确认", "申请人：张三", "被申请人：李四", "签名（按指印）",
        "登记人（人民调解员）：王管理")


def test_oral_agreement_register_refusals(db: Database, actor: Actor,
                                          make: SimpleNamespace) -> None:
    none = make_agreed_case(db, actor, make, agree=False)
    with pytest.raises(NotPrintable, match="该案件尚无调解协议"):
        render(db, "oral_agreement_register", none)
    written = make_agreed_case(db, actor, make, applicant="王五", respondent="赵六")
    with pytest.raises(NotPrintable, match="该案件为书面协议，请打印人民调解协议书"):
        render(db, "oral_agreement_register", written)


# --- 人民调解回访记录 ------------------------------------------------------------------


def test_follow_up_record_lists_every_visit(db: Database, actor: Actor,
                                            make: SimpleNamespace) -> None:
    case_id = _followed_up(db, actor, make)
    doc, text = _render(db, "mediation_follow_up_record", case_id)
    _title_block(doc, text)
    _assert_all(
        text, "案号", doc.number, "申请人张三", "被申请人李四", "调解协议内容摘要",
        "被申请人于本协议生效之日起十日内",
        "第1次回访", "第2次回访", "回访日期", cn_date(TODAY), "回访方式",
        "☐电话☐上门☐来访", "履行情况", "☐已履行☑部分履行☐未履行", "☑已履行☐部分履行☐未履行",
        "当事人满意度", "☐满意☑基本满意☐不满意", "☑满意☐基本满意☐不满意", "回访情况",
        "赔偿款尚余五百元未付", "赔偿款已全部付清", "回访人：王管理", "被回访人")


def test_follow_up_record_refused_without_visits(db: Database, actor: Actor,
                                                 make: SimpleNamespace) -> None:
    case_id = make_agreed_case(db, actor, make)
    with pytest.raises(NotPrintable, match="该案件尚无回访记录"):
        render(db, "mediation_follow_up_record", case_id)


# --- 卷宗封面 and 卷内目录 --------------------------------------------------------------


def test_case_file_cover(db: Database, actor: Actor, make: SimpleNamespace) -> None:
    case_id = _followed_up(db, actor, make)
    m.change_status(db, actor, case_id, "archived")
    doc, text = _render(db, "case_file_cover", case_id)
    assert doc.pages == 1
    _assert_all(
        text, COMMITTEE, "人民调解卷宗", STATION, "校验码", "案号", doc.number, "案由", "邻里纠纷",
        "申请人", "张三", "被申请人", "李四", "调解员", "王管理", "受理日期",
        cn_date(TODAY - timedelta(days=4)), "结案日期", "调解结果",
        "调解成功（书面协议）", "保管期限", "30年", "立卷人", "立卷日期")
    assert "长期" not in text
    assert flat("立卷人王管理") in flat(text.replace("　", ""))


def test_case_file_cover_of_a_failed_case_keeps_ten_years(
        db: Database, actor: Actor, make: SimpleNamespace) -> None:
    case_id = make_agreed_case(db, actor, make, agree=False)
    _session(db, actor, case_id, "双方分歧较大。", 2)
    m.change_status(db, actor, case_id, "failed", reason="双方分歧较大")
    _, text = _render(db, "case_file_cover", case_id)
    _assert_all(text, "调解不成", "10年")
    assert "长期" not in text


def test_case_file_contents_follow_the_case(db: Database, actor: Actor,
                                            make: SimpleNamespace) -> None:
    case_id = _followed_up(db, actor, make)
    m.set_judicial_confirmation(db, actor, case_id, TODAY)
    names = [name for name, _ in case_file_items(load_case(db, case_id))]
    # Only papers the system makes and the case has (no notice until it is recorded as given).
    assert names == ["人民调解申请书", "人民调解受理登记表", "人民调解记录",
                     "人民调解协议书", "司法确认申请书", "人民调解回访记录"]
    doc, text = _render(db, "case_file_contents", case_id)
    _title_block(doc, text)
    _assert_all(text, "序号", "文书名称", "页号", "页数", "备注", *names, "2次",
                "当事人身份证明复印件（2人）", "保管期限：30年", "立卷人")
    assert "＿" not in text.split("另附")[0] and "长期" not in text  # no blank page numbers


def test_case_file_contents_of_a_referred_oral_case(db: Database, actor: Actor,
                                                   make: SimpleNamespace) -> None:
    case_id = make_agreed_case(db, actor, make, written=False)
    names = [name for name, _ in case_file_items(load_case(db, case_id))]
    assert "口头协议登记表" in names and "人民调解协议书" not in names
    assert "人民调解回访记录" not in names and "司法确认申请书" not in names
    referred = m.open_case(db, actor, make.case(source="referred",
                                                referring_body="海港派出所", facts="另案。"))
    items = case_file_items(load_case(db, referred))
    assert [n for n, _ in items] == ["人民调解受理登记表"]
    _, text = _render(db, "case_file_contents", referred)
    _assert_all(text, "委托移送调解函（海港派出所）")
