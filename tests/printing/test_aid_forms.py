"""The legal aid forms (申请表, 诚信承诺书, 补充材料通知书, 转交函, 材料清单) and the
法律咨询登记表, generated from demo data and from records made through the services, read back
with pypdf."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest

from workstation.printing.documents.aid import aid_center, ticks
from workstation.printing.registry import NotPrintable
from workstation.printing.render import render
from workstation.services import aid as aid_service
from workstation.services.consultations import register_consultation
from workstation.services.context import Actor
from workstation.services.printing import list_documents, print_document
from workstation.services.records import load_consultation, load_referral
from workstation.storage.engine import Database

from .conftest import Demo, assert_fonts_embedded, flat, page_texts, pdf_text
from .test_cli_print import run

AID_KEYS = ["aid_application", "aid_commitment", "aid_supplement_notice",
            "aid_forwarding_letter", "aid_materials_checklist"]
TODAY = date.today()
CLOSING = "，。、；：？！）」』》〉】"
STATION = "海港镇公共法律服务工作站"
CENTER = "海港区法律援助中心"  # from the test station's county center 海港区公共法律服务中心


def _text(db: Database, key: str, record_id: str, **kw: object) -> str:
    doc = render(db, key, record_id, **kw)  # type: ignore[arg-type]
    assert doc.missing_chars == ()
    assert_fonts_embedded(doc.pdf)
    return flat(pdf_text(doc.pdf))


def _referral(db: Database, actor: Actor, make: SimpleNamespace, **overrides: object) -> str:
    values: dict[str, object] = {
        "applicant": make.person(3, "赵五", ethnicity="满族", occupation="建筑工人",
                                 employer="海港镇建筑有限公司",
                                 household_registration="河北省秦皇岛市海港区",
                                 special_groups=("migrant_worker", "veteran")),
        "agent_name": "赵小五", "agent_relation": "儿子", "agent_phone": "13900139000",
        "procedural_role": "plaintiff", "stage": "arbitration", "cause_of_action": "劳动争议",
        "monthly_income_fen": 180_000, "property_note": "无房产、无车辆",
        "materials_received": ("identity", "application_form"),
    }
    values.update(overrides)
    return aid_service.create_referral(db, actor, make.referral(**values))


# --- registry and command line ----------------------------------------------------------


def test_keys_are_registered() -> None:
    assert {s.key for s in list_documents("aid_referral")} >= {"aid_receipt", *AID_KEYS}
    assert "consultation_register" in [s.key for s in list_documents("consultation")]
    specs = {s.key: s for s in list_documents()}
    assert all(specs[k].page == "A4" for k in [*AID_KEYS, "consultation_register"])


def test_print_list_shows_the_keys() -> None:
    result = run("print", "--list")
    assert result.returncode == 0, result.stderr
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    for row in (["aid_application", "法律援助申请表", "法律援助申请"],
                ["aid_commitment", "个人诚信承诺书", "法律援助申请"],
                ["aid_supplement_notice", "补充材料通知书", "法律援助申请"],
                ["aid_forwarding_letter", "法律援助转交函", "法律援助申请"],
                ["aid_materials_checklist", "法律援助申请材料清单", "法律援助申请"],
                ["consultation_register", "法律咨询登记表", "法律咨询"]):
        assert row in rows, row


def test_helpers() -> None:
    assert ticks([("a", "甲"), ("b", "乙"), ("c", "丙")], {"b"}) == "□甲　☑乙　□丙"
    assert ticks([("a", "甲"), ("b", "乙"), ("c", "丙")], "a", per_line=2) == "☑甲　□乙\n□丙"
    d = SimpleNamespace(forwarded_to="")
    assert aid_center(d, "秦皇岛市海港区公共法律服务中心") == "秦皇岛市海港区法律援助中心"
    assert aid_center(d, "海港区司法局") == "海港区法律援助中心"
    assert aid_center(d, "") == "县法律援助中心"
    assert aid_center(SimpleNamespace(forwarded_to="某某法律援助中心"), "x") == "某某法律援助中心"


# --- from demo data ---------------------------------------------------------------------


@pytest.mark.parametrize("key", [*AID_KEYS, "consultation_register"])
def test_every_document_renders_from_demo_data(demo: Demo, key: str) -> None:
    where = {
        "aid_commitment": "WHERE hardship_route = 'commitment'",
        "aid_supplement_notice": "WHERE status = 'draft'",
        "aid_forwarding_letter": "WHERE status IN ('draft', 'forwarded', 'received')",
    }.get(key, "")
    table = "consultation" if key == "consultation_register" else "aid_referral"
    rows = _demo_rows(demo, f"SELECT id, number FROM {table} {where} ORDER BY number")
    if key == "aid_supplement_notice":
        rows = [r for r in rows if load_referral(demo.db, r.id).missing]
    assert rows, key
    row = rows[0]
    doc = render(demo.db, key, row.id, operator_name="张丽")
    assert doc.number == row.number and doc.missing_chars == ()
    text = flat(pdf_text(doc.pdf))
    for element in (doc.title, row.number, STATION, "校验码", "第1页共"):
        assert flat(element) in text, element
    assert_fonts_embedded(doc.pdf)
    if table == "aid_referral":
        detail = load_referral(demo.db, row.id)
        assert flat(detail.applicant.name) in text
    else:
        c = load_consultation(demo.db, row.id)
        assert flat(c.person_name) in text and flat(c.question)[:20] in text


def _demo_rows(demo: Demo, sql: str) -> list:
    from sqlalchemy import text

    with demo.db.engine.connect() as conn:
        return list(conn.execute(text(sql)).all())


def _full_id(db: Database, person_id: str) -> str:
    """The full number as stored: the official forms print it, receipts never do."""
    with db.engine.connect() as conn:
        number = conn.exec_driver_sql(
            "SELECT id_number FROM person WHERE id = ?", (person_id,)).scalar_one()
    assert "*" not in number
    return number


def test_receipt_masks_what_the_application_prints_in_full(db: Database, actor: Actor,
                                                           make: SimpleNamespace) -> None:
    rid = _referral(db, actor, make)
    detail = load_referral(db, rid)
    full = _full_id(db, detail.applicant.id)
    receipt = flat(pdf_text(print_document(db, actor, "aid_receipt", rid).pdf))
    assert full not in receipt and detail.applicant.id_number_masked in receipt


# --- 法律援助申请表 ---------------------------------------------------------------------


def test_application_form_holds_every_field(db: Database, actor: Actor,
                                            make: SimpleNamespace) -> None:
    rid = _referral(db, actor, make)
    detail = load_referral(db, rid)
    doc = print_document(db, actor, "aid_application", rid)
    text = flat(pdf_text(doc.pdf))
    for element in (
        "法律援助申请表", detail.number, "申请人", "姓名", "赵五", "性别", "男", "出生日期",
        "1980年5月17日", "民族", "满族", "身份证号码", _full_id(db, detail.applicant.id),
        "户籍所在地", "河北省秦皇岛市海港区", "工作单位", "海港镇建筑有限公司", "职业", "建筑工人",
        "住所地", "海港镇东村1号", "联系电话", "13800138000", "特殊群体",
        "☑农民工", "☑退役军人", "□残疾人", "□老年人", "□未成年人", "□妇女", "□低保/特困",
        "□优抚对象", "代理人", "赵小五", "与申请人关系", "儿子", "13900139000",
        "申请事项", "诉讼地位", "原告/申请人", "案件阶段", "仲裁", "案由", "劳动争议",
        "申请援助事项", "请求确认劳动关系或者支付劳动报酬", "是否紧急",
        "案情及申请理由", "在工地务工半年，工资未结清", "请求支付拖欠的劳动报酬",
        "经济状况", "家庭人口", "4人", "家庭月收入", "1800元", "财产状况", "无房产、无车辆",
        "经济困难认定方式", "☑经济困难（个人诚信承诺）", "□免予核查经济困难",
        "签名（按指印）", "指印", "以下由受理机构填写", "收件人", "收件日期",
    ):
        assert flat(element) in text, element
    assert_fonts_embedded(doc.pdf)
    assert doc.pages >= 1


def test_application_long_facts_flow_with_the_heading_repeated(
        db: Database, actor: Actor, make: SimpleNamespace) -> None:
    sentence = ("申请人自二〇二四年三月起在海港镇某建筑工地从事钢筋工作业，包工头以工程款未结为由，"
                "长期拖欠申请人及同班组工友的工资，申请人多次讨要未果；")
    facts = (sentence * 60)[:3500]
    rid = _referral(db, actor, make, facts=facts)
    doc = render(db, "aid_application", rid)
    assert doc.missing_chars == ()
    pages = page_texts(doc.pdf)
    assert len(pages) >= 3
    with_heading = [i for i, t in enumerate(pages) if "案情及申请理由" in flat(t)]
    assert with_heading[:2] == [0, 1], with_heading
    assert flat(facts)[-20:] in flat("".join(pages))
    assert "以下由受理机构填写" in flat(pages[-1])
    for page in pages:
        for line in page.splitlines():
            assert line.strip()[:1] not in CLOSING, line


def test_rare_character_names_print(db: Database, actor: Actor, make: SimpleNamespace) -> None:
    rid = _referral(db, actor, make, applicant=make.person(5, "𠮷䶮"), agent_name="王㑇")
    for key in ("aid_application", "aid_commitment", "aid_forwarding_letter"):
        doc = render(db, key, rid)
        assert doc.missing_chars == ()
        text = pdf_text(doc.pdf)
        for ch in "𠮷䶮㑇" if key == "aid_application" else "𠮷䶮":
            assert ch in text, (key, ch)


# --- 个人诚信承诺书 ---------------------------------------------------------------------


def test_commitment(db: Database, actor: Actor, make: SimpleNamespace) -> None:
    rid = _referral(db, actor, make)
    text = _text(db, "aid_commitment", rid)
    for element in ("个人诚信承诺书", "承诺人", "赵五", "身份证号码", "家庭人口", "4人",
                    "家庭月收入", "1800元", "人均月收入", "450元", "法律援助法", "第四十一条",
                    "经济困难状况属实", "如有隐瞒或者虚假", "承担相应的法律责任",
                    "终止法律援助", "追回", "签名（按指印）", "指印", "年月日"):
        assert flat(element) in text, element


def test_commitment_refused_for_other_routes(db: Database, actor: Actor,
                                            make: SimpleNamespace) -> None:
    exempt = _referral(db, actor, make, hardship_route="exempt_group")
    with pytest.raises(NotPrintable,
                       match=r"该申请无需个人诚信承诺书（免予核查经济困难（第四十二条））"):
        render(db, "aid_commitment", exempt)
    free = _referral(db, actor, make, matter="bravery", hardship_route="no_hardship_matter")
    with pytest.raises(NotPrintable, match="不受经济困难条件限制"):
        print_document(db, actor, "aid_commitment", free)


# --- 补充材料通知书 ---------------------------------------------------------------------


def test_supplement_notice_lists_every_missing_material(db: Database, actor: Actor,
                                                       make: SimpleNamespace) -> None:
    rid = _referral(db, actor, make, materials_received=("identity",))
    detail = load_referral(db, rid)
    assert len(detail.missing) >= 4
    text = _text(db, "aid_supplement_notice", rid, operator_name="张丽")
    for m in detail.missing:
        assert flat(m.label) in text, m.label
    for element in ("补充材料通知书", "赵五：", "一次性告知",
                    f"需补充以下{len(detail.missing)}项材料", "补充材料期间不计入", "审查期限",
                    "联系人：张丽", "联系电话", STATION,
                    "（工作站印章）", "回执", "申请人签收：", "日期：", CENTER):
        assert flat(element) in text, element


def test_supplement_notice_refused_when_complete(db: Database, actor: Actor,
                                                 make: SimpleNamespace) -> None:
    rid = _referral(db, actor, make, agent_name="", materials_received=(
        "identity", "application_form", "commitment", "labour_proof", "matter_evidence"))
    assert load_referral(db, rid).missing == []
    with pytest.raises(NotPrintable, match="申请材料已齐全，无需补充材料通知"):
        render(db, "aid_supplement_notice", rid)


# --- 法律援助转交函 ---------------------------------------------------------------------


def test_forwarding_letter_before_forwarding(db: Database, actor: Actor,
                                            make: SimpleNamespace) -> None:
    rid = _referral(db, actor, make)
    detail = load_referral(db, rid)
    text = _text(db, "aid_forwarding_letter", rid, operator_name="张丽")
    for element in (f"{CENTER}：", "现将申请人赵五", "身份证号码",
                    _full_id(db, detail.applicant.id), "申请法律援助的材料转交你中心，请依法审查",
                    "申请事项：请求确认劳动关系",
                    "经济困难认定方式：经济困难（个人诚信承诺）",
                    "是否紧急（法律援助法第四十四条）：否", "附：转交材料清单", "序号",
                    "材料名称", "份数", "页数", "申请人身份证明", "法律援助申请表",
                    "联系人：张丽", "联系电话", "（工作站印章）", STATION):
        assert flat(element) in text, element
    assert "本案期限紧迫" not in text


def test_urgent_forwarded_letter(db: Database, actor: Actor, make: SimpleNamespace) -> None:
    deadline = TODAY + timedelta(days=3)
    rid = _referral(db, actor, make, limitation_deadline=deadline)
    assert load_referral(db, rid).urgent
    aid_service.forward_referral(db, actor, rid, forwarded_to="秦皇岛市海港区法律援助中心",
                                 forwarded_on=TODAY)
    text = _text(db, "aid_forwarding_letter", rid)
    for element in ("秦皇岛市海港区法律援助中心：", "是否紧急（法律援助法第四十四条）：是",
                    f"本案期限紧迫（期限届满日：{deadline.year}年{deadline.month}月{deadline.day}日），"
                    "请优先审查", "尚缺材料"):
        assert flat(element) in text, element
    aid_service.record_center_receipt(db, actor, rid, TODAY)
    assert "本案期限紧迫" in _text(db, "aid_forwarding_letter", rid)
    aid_service.record_decision(db, actor, rid, decision="granted", decided_on=TODAY)
    with pytest.raises(NotPrintable, match="该申请已准予援助，无需转交函"):
        render(db, "aid_forwarding_letter", rid)


# --- 材料清单 ---------------------------------------------------------------------------


def test_materials_checklist(db: Database, actor: Actor, make: SimpleNamespace) -> None:
    rid = _referral(db, actor, make)
    detail = load_referral(db, rid)
    text = _text(db, "aid_materials_checklist", rid, operator_name="张丽")
    for m in detail.materials:
        mark = "☑已收" if m.received else "□待补"
        assert flat(m.label) + mark in text, m.label
    got = sum(m.received for m in detail.materials)
    for element in ("法律援助申请材料清单", detail.number, "申请人", "赵五", "申请日期",
                    f"共需材料{len(detail.materials)}项，已收{got}项，尚缺{len(detail.missing)}项",
                    "一次性告知", "请一次性备齐", "补充材料期间不计入审查期限", "经办人", "张丽"):
        assert flat(element) in text, element


# --- 法律咨询登记表 ---------------------------------------------------------------------


def test_consultation_register(db: Database, actor: Actor, make: SimpleNamespace) -> None:
    cid = register_consultation(db, actor, make.consultation(
        person=make.person(4, "钱六", "female", address="海港镇西村8号"),
        handling_result="to_department", referred_to="海港镇劳动保障所", minutes_spent=25,
        satisfaction="fairly", channel="phone"))
    c = load_consultation(db, cid)
    doc = print_document(db, actor, "consultation_register", cid)
    assert doc.missing_chars == ()
    assert_fonts_embedded(doc.pdf)
    text = flat(pdf_text(doc.pdf))
    local = c.occurred_at.astimezone()
    for element in ("法律咨询登记表", "编号", c.number, "咨询时间",
                    f"{local.year}年{local.month}月{local.day}日{local.hour:02d}:{local.minute:02d}",
                    "咨询方式", "□来访", "☑来电", "□网络", "□走访", "咨询人", "钱六", "女",
                    "13800138000", "海港镇西村8号", "咨询类别", "劳动报酬", "咨询内容",
                    "老板拖欠三个月工资怎么办", "解答意见", "可先协商，协商不成可申请劳动仲裁",
                    "处理结果", "转其他部门（转至：海港镇劳动保障所）", "首问责任人", "王管理",
                    "用时", "25分钟", "满意度", "□满意", "☑基本满意", "□不满意", "签名"):
        assert flat(element) in text, element


def test_anonymous_consultation_register(db: Database, actor: Actor,
                                         make: SimpleNamespace) -> None:
    data = replace(make.consultation(occurred_at=datetime.now(UTC) - timedelta(minutes=5)),
                   person=None)
    cid = register_consultation(db, actor, data)
    assert load_consultation(db, cid).person is None
    text = _text(db, "consultation_register", cid)
    assert "匿名" in text and "□满意□基本满意□不满意" in text
