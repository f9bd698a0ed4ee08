"""The first documents, generated from real records: 人民调解协议书 and the 80 mm receipts."""

from __future__ import annotations

import io
from datetime import date
from types import SimpleNamespace

import pytest
from pypdf import PdfReader

from workstation.domain.inputs import PartyInput
from workstation.domain.numerals import cn_number
from workstation.printing.documents.mediation import age_on
from workstation.printing.registry import DOCUMENTS, NotPrintable
from workstation.printing.render import render
from workstation.services.context import Actor, NotFound, ServiceError
from workstation.services.printing import list_documents, normalize_number, print_document
from workstation.storage.engine import Database

from .conftest import (
    Demo,
    assert_fonts_embedded,
    flat,
    fonts_by_text,
    make_agreed_case,
    organisation_party,
    page_texts,
    pdf_text,
)

RECEIPT_WIDTH_PT = 80 / 25.4 * 72  # 226.77
CLOSING = "，。、；：？！）」』》〉】"


def test_registry_lists_every_document() -> None:
    keys = {spec.key for spec in list_documents()}
    assert {"mediation_agreement", "consultation_receipt", "mediation_receipt",
            "aid_receipt"} <= keys
    assert "aid_receipt" in [s.key for s in list_documents("aid_referral")]
    assert set(DOCUMENTS) == keys


def test_agreement_from_demo_data_holds_every_article_29_element(demo: Demo) -> None:
    row = demo.first("SELECT c.id, c.number, a.copies FROM mediation_case c JOIN "
                     "mediation_agreement a ON a.case_id = c.id WHERE a.form = 'written' "
                     "ORDER BY c.number LIMIT 1")
    doc = render(demo.db, "mediation_agreement", row.id, today=date(2026, 1, 5))
    assert doc.number == row.number and doc.missing_chars == ()
    text = flat(pdf_text(doc.pdf))
    from workstation.services.records import load_case

    case = load_case(demo.db, row.id)
    for party in case.parties:
        assert flat(party.name) in text
        if party.person is not None:
            for value in (party.person.ethnicity, party.person.occupation,
                          party.person.address):
                assert flat(value) in text
        else:
            assert flat(party.org_representative) in text
    for element in ("人民调解协议书", row.number, "当事人基本情况", "姓名", "性别", "年龄", "民族",
                    "职业", "工作单位", "住所", "纠纷的主要事实、争议事项",
                    "自愿达成如下协议", "履行方式", "履行地点", "履行期限",
                    f"本协议一式{cn_number(row.copies)}份，当事人各执一份，人民调解委员会留存一份",
                    "签名（盖章/按指印）", "指印", "人民调解员", "（人民调解委员会印）",
                    "海港镇人民调解委员会", "之日起生效", "司法确认", "第1页共",
                    "校验码"):
        assert flat(element) in text, element
    assert flat(case.facts)[:30] in text
    assert flat(case.agreement.terms)[:30] in text
    assert_fonts_embedded(doc.pdf)


def test_agreement_of_a_case_built_with_services(db: Database, actor: Actor,
                                                 make: SimpleNamespace, sql) -> None:
    case_id = make_agreed_case(db, actor, make)
    doc = print_document(db, actor, "mediation_agreement", case_id)
    text = flat(pdf_text(doc.pdf))
    for element in ("张三", "李四", "男", "女", "汉族", "回族", "农民", "个体经营",
                    "海港镇东村农业合作社", "两家因排水沟堵塞发生争执", "要求被申请人疏通排水沟",
                    "被申请人对排水沟堵塞负主要责任", "被申请人于本协议生效之日起十日内疏通排水沟",
                    "被申请人自行雇工疏通", "申请人住所", "人民币壹仟伍佰元整（1500元）",
                    "本协议一式三份", "各方当事人的责任：",
                    age_on(date(1980, 5, 17), date.today())):
        assert flat(element) in text, element
    (audit,) = sql.rows("SELECT * FROM audit_entry WHERE action = 'print'")
    assert audit.record_type == "mediation_case" and audit.record_id == case_id
    assert audit.detail == f"mediation_agreement sha256={doc.sha256}"
    assert audit.operator_id == actor.operator_id
    import hashlib

    assert hashlib.sha256(doc.pdf).hexdigest() == doc.sha256


def test_agreement_with_an_organisation_party(db: Database, actor: Actor,
                                             make: SimpleNamespace) -> None:
    case_id = make_agreed_case(db, actor, make, parties=(
        PartyInput(role="applicant", person=make.person(1, "张三")), organisation_party()))
    text = flat(pdf_text(render(db, "mediation_agreement", case_id).pdf))
    for element in ("单位名称", "海港镇建筑有限公司", "法定代表人", "周经理", "海港镇工业园1号",
                    "签名（盖章）"):
        assert element in text, element


def test_print_resolves_numbers_and_refuses_what_does_not_fit(
        db: Database, actor: Actor, make: SimpleNamespace, sql) -> None:
    case_id = make_agreed_case(db, actor, make, agree=False)
    number = sql.rows("SELECT number FROM mediation_case WHERE id = :i", i=case_id)[0][0]
    with pytest.raises(NotPrintable, match="该案件尚无调解协议"):
        print_document(db, actor, "mediation_agreement", number)
    with pytest.raises(NotFound):
        print_document(db, actor, "mediation_agreement", "〔2020〕海调字第0999号")
    with pytest.raises(ServiceError, match="没有名为"):
        print_document(db, actor, "no_such_form", number)
    assert sql.count("audit_entry", "action = 'print'") == 0
    loose = number.replace("〔", "[").replace("〕", "]").replace("第000", "第")
    doc = print_document(db, actor, "mediation_receipt", loose)
    assert doc.record_id == case_id and doc.number == number
    assert normalize_number(" (2026)海调字第12号 ") == "〔2026〕海调字第0012号"


def test_oral_agreement_is_refused(db: Database, actor: Actor, make: SimpleNamespace) -> None:
    case_id = make_agreed_case(db, actor, make, written=False)
    with pytest.raises(NotPrintable, match="口头协议"):
        render(db, "mediation_agreement", case_id)


def test_rare_characters_print_as_real_glyphs(db: Database, actor: Actor,
                                              make: SimpleNamespace) -> None:
    from reportlab.pdfbase import pdfmetrics

    from workstation.printing import fonts
    from workstation.services import mediation as m

    agreed = make_agreed_case(db, actor, make, applicant="𠮷祥", respondent="李䶮")
    other = m.open_case(db, actor, make.case(parties=(
        PartyInput(role="applicant", person=make.person(7, "𠮷祥")),
        PartyInput(role="applicant", person=make.person(8, "王㑇")),
        PartyInput(role="respondent", person=make.person(9, "李䶮", "female")),
    )))
    for key, record, names in (("mediation_agreement", agreed, "𠮷祥李䶮"),
                               ("mediation_receipt", other, "𠮷祥王㑇李䶮")):
        doc = render(db, key, record)
        assert doc.missing_chars == ()
        text = pdf_text(doc.pdf)
        for ch in names:
            assert ch in text, ch
        runs = fonts_by_text(doc.pdf)
        jiyi = {font for font, run in runs if "𠮷" in run}
        assert jiyi and all("HanaMin" in f for f in jiyi), jiyi
        assert_fonts_embedded(doc.pdf)
    # 䶮 and 㑇 are in UMing itself (a Song face, like the body text); whichever font draws a
    # character must really have its glyph.
    for ch in "𠮷䶮㑇":
        name = fonts.glyph_font(ch)
        assert name is not None
        assert ord(ch) in pdfmetrics.getFont(name).face.charToGlyph
    assert fonts.missing_characters("𠮷祥李䶮王㑇") == set()


def test_a_character_no_font_has_is_reported_not_blank(db: Database, actor: Actor,
                                                       make: SimpleNamespace) -> None:
    from workstation.services import mediation as m

    case_id = m.open_case(db, actor, make.case(applicant=make.person(1, "张\ue000")))
    doc = render(db, "mediation_receipt", case_id)
    assert doc.missing_chars == ("\ue000",)
    assert "张〓" in pdf_text(doc.pdf)


def test_long_facts_flow_onto_page_two_with_the_heading_repeated(
        db: Database, actor: Actor, make: SimpleNamespace) -> None:
    sentence = ("双方因宅基地界线问题多次发生争执，"
                "申请人称被申请人在翻建房屋时越界占用其土地约二平方米；"
                "被申请人则认为界线以一九九八年村委会的丈量结果为准，并未越界。")
    facts = (sentence * 40)[:3000]
    assert len(facts) == 3000
    case_id = make_agreed_case(db, actor, make, facts=facts)
    doc = render(db, "mediation_agreement", case_id)
    assert doc.pages >= 3
    pages = page_texts(doc.pdf)
    heading = "一、纠纷的主要事实、争议事项"
    with_heading = [i for i, t in enumerate(pages) if heading in flat(t)]
    assert len(with_heading) >= 2 and with_heading[:2] == [0, 1], with_heading
    assert flat(facts)[-20:] in flat("".join(pages))
    assert "第2页共" in flat(pages[1]) and f"共{doc.pages}页" in flat(pages[-1])
    for page in pages:
        for line in page.splitlines():
            assert line.strip()[:1] not in CLOSING, line


@pytest.mark.parametrize(("key", "sql_text"), [
    ("consultation_receipt", "SELECT id FROM consultation ORDER BY number LIMIT 1"),
    ("mediation_receipt", "SELECT id FROM mediation_case ORDER BY number LIMIT 1"),
    ("aid_receipt", "SELECT id FROM aid_referral WHERE status = 'draft' ORDER BY number LIMIT 1"),
])
def test_receipts_are_80_mm_wide(demo: Demo, key: str, sql_text: str) -> None:
    row = demo.first(sql_text)
    doc = render(demo.db, key, row.id, operator_name="张丽")
    (page,) = PdfReader(io.BytesIO(doc.pdf)).pages
    assert abs(float(page.mediabox.width) - RECEIPT_WIDTH_PT) < 0.1
    assert 150 < float(page.mediabox.height) < 1200
    text = flat(pdf_text(doc.pdf))
    # The receipt names the record's first receiver (首问负责), not the name passed in.
    from workstation.services.responsibility import load_responsibility

    first = load_responsibility(demo.db, doc.record_type, doc.record_id).first_receiver_name
    for element in (doc.title, doc.number, "首问责任人", first, "0335-1234567", "校验码",
                    "海港镇公共法律服务工作站"):
        assert flat(element) in text, element
    assert_fonts_embedded(doc.pdf)


def test_aid_receipt_lists_materials_masked_id_and_deadline(demo: Demo) -> None:
    from workstation.services.records import load_referral

    row = demo.first("SELECT id FROM aid_referral WHERE status = 'draft' ORDER BY number LIMIT 1")
    detail = load_referral(demo.db, row.id)
    doc = render(demo.db, "aid_receipt", row.id)
    text = flat(pdf_text(doc.pdf))
    assert "已接收材料" in text and "尚需补充材料" in text
    for m in detail.materials:
        assert flat(m.label)[:8] in text
    if detail.applicant.has_id:
        assert detail.applicant.id_number_masked in text
        assert "*" in detail.applicant.id_number_masked
    assert "前将申请材料转交" in text


def test_committee_suggestion() -> None:
    from workstation.domain.committees import CommitteeType, suggest_committee

    assert suggest_committee("海港镇公共法律服务工作站") == ("海港镇人民调解委员会",
                                                             CommitteeType.TOWNSHIP)
    assert suggest_committee("王村镇公共法律服务工作站")[0] == "王村镇人民调解委员会"
    assert suggest_committee("新乡市红旗区向阳街道公共法律服务工作站")[0] == \
        "向阳街道人民调解委员会"
    assert suggest_committee("海港镇东港村公共法律服务工作室") == ("东港村人民调解委员会",
                                                                 CommitteeType.VILLAGE)
