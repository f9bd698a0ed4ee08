"""The 人民调解协议书 as a court and a 司法所 read it: party ID numbers in full, counts and
amounts in Chinese numerals, the case number and 第x页 共y页 on every page, the responsibility
line only when the mediator wrote one, and a signature block that never stands alone."""

from __future__ import annotations

import dataclasses
import re
from types import SimpleNamespace

from workstation.domain.inputs import PartyInput
from workstation.printing.documents.mediation import _agreement_story, build_mediation_agreement
from workstation.printing.layout import build_a4, verification_code
from workstation.printing.registry import DocumentData, get_spec
from workstation.printing.render import _full_id_numbers, station_info
from workstation.services.context import Actor
from workstation.services.printing import print_document
from workstation.services.records import load_case
from workstation.services.stations import get_station
from workstation.storage.engine import Database

from .conftest import TODAY, flat, make_agreed_case, organisation_party, page_texts, pdf_text


def _numbers(db: Database) -> dict[str, str]:
    with db.engine.connect() as conn:
        return dict(conn.exec_driver_sql(
            "SELECT name, id_number FROM person WHERE id_number IS NOT NULL").all())


def test_party_id_numbers_in_full_and_the_print_audited(db: Database, actor: Actor,
                                                        make: SimpleNamespace, sql) -> None:
    case_id = make_agreed_case(db, actor, make)
    doc = print_document(db, actor, "mediation_agreement", case_id)
    text = flat(pdf_text(doc.pdf))
    numbers = _numbers(db)
    assert numbers["张三"] in text and numbers["李四"] in text
    assert "公民身份号码" in text
    assert text.index("张三") < text.index(numbers["张三"]) < text.index("李四")
    [audit] = sql.rows("SELECT * FROM audit_entry WHERE action = 'print'")
    assert audit.record_id == case_id and doc.sha256 in audit.detail
    # Registers and receipts of the same case still mask them.
    for key in ("mediation_receipt", "mediation_intake_register"):
        other = flat(pdf_text(print_document(db, actor, key, case_id).pdf))
        assert numbers["张三"] not in other, key


def test_organisation_party_names_its_representative(db: Database, actor: Actor,
                                                      make: SimpleNamespace) -> None:
    case_id = make_agreed_case(db, actor, make, parties=(
        PartyInput(role="applicant", person=make.person(1, "张三")), organisation_party()))
    text = flat(pdf_text(print_document(db, actor, "mediation_agreement", case_id).pdf))
    assert "海港镇建筑有限公司" in text and "法定代表人" in text and "周经理" in text
    assert _numbers(db)["张三"] in text


def test_copies_and_amount_in_words(db: Database, actor: Actor, make: SimpleNamespace) -> None:
    case_id = make_agreed_case(db, actor, make)
    text = flat(pdf_text(print_document(db, actor, "mediation_agreement", case_id).pdf))
    assert "本协议一式三份，当事人各执一份，人民调解委员会留存一份。" in text
    assert "一式3份" not in text
    assert "协议涉及金额：人民币壹仟伍佰元整（1500元）。" in text
    for clause in ("履行方式", "履行地点", "申请人住所", "履行期限", "之日起生效", "司法确认"):
        assert clause in text, clause


def _data(db: Database, case_id: str, **agreement: object) -> DocumentData:
    """What ``render`` gives the builder, with the agreement's fields replaced."""
    spec = get_spec("mediation_agreement")
    detail = load_case(db, case_id, today=TODAY)
    detail = dataclasses.replace(detail, agreement=dataclasses.replace(
        detail.agreement, **agreement))
    return DocumentData(
        key=spec.key, title=spec.title, record_type=spec.record_type, record_id=detail.id,
        number=detail.number, detail=detail, station=station_info(get_station(db)),
        operator_name="王管理", today=TODAY, version=1,
        verification=verification_code(spec.key, detail.id, detail.number, 1),
        full_id_numbers=_full_id_numbers(db, detail))


def test_responsibility_only_when_the_mediator_wrote_it(db: Database, actor: Actor,
                                                       make: SimpleNamespace) -> None:
    case_id = make_agreed_case(db, actor, make)
    written = flat(pdf_text(build_a4(build_mediation_agreement(_data(db, case_id)),
                                     _data(db, case_id))[0]))
    assert "各方当事人的责任：被申请人对排水沟堵塞负主要责任，申请人负次要责任。" in written
    data = _data(db, case_id, responsibility="")
    family = flat(pdf_text(build_a4(build_mediation_agreement(data), data)[0]))
    assert "责任" not in family
    assert "一、纠纷的主要事实、争议事项" in family and "二、经人民调解委员会主持调解" in family
    assert "（无）" not in family


def _terms(count: int, length: int) -> str:
    filler = "被申请人按约定履行相应义务并配合申请人完成有关事项的办理"
    return "\n".join(f"{n}、第{n}项约定：{(filler * 4)[:length]}。" for n in range(1, count + 1))


def _sign_page_has_a_term(pdf: bytes, count: int) -> bool:
    pages = [flat(t) for t in page_texts(pdf)]
    [signed] = [i for i, t in enumerate(pages) if "（人民调解委员会印）" in t]
    return any(f"第{n}项约定" in pages[signed] for n in range(1, count + 1))


def test_the_signature_block_never_stands_alone(db: Database, actor: Actor,
                                                make: SimpleNamespace) -> None:
    case_id = make_agreed_case(db, actor, make)
    lone_before = noted = 0
    for count in range(1, 15):
        data = _data(db, case_id, terms=_terms(count, 60))
        old, _ = build_a4(_agreement_story(data, 0, {}), data)  # the layout as it was
        lone_before += not _sign_page_has_a_term(old, count)
        pdf, pages = build_a4(build_mediation_agreement(data), data)
        assert _sign_page_has_a_term(pdf, count), count
        texts = [flat(t) for t in page_texts(pdf)]
        for n, text in enumerate(texts, start=1):
            assert f"第{n}页共{pages}页" in text, (count, n)
            assert data.number in text, (count, n)
        assert "本协议一式三份" in "".join(texts)
        assert f"第{count}项约定" in "".join(texts)
        # A page the last terms left for the signatures' page is closed below its terms.
        signed = next(i for i, t in enumerate(texts) if "（人民调解委员会印）" in t)
        blank = [i for i, t in enumerate(texts) if "（本页以下空白）" in t]
        assert blank in ([], [signed - 1]), (count, blank, signed)
        noted += bool(blank)
    assert lone_before >= 2  # the lengths tried did produce lone signature pages before
    assert noted >= 2


def test_long_terms_keep_company_too(db: Database, actor: Actor, make: SimpleNamespace) -> None:
    case_id = make_agreed_case(db, actor, make, facts="两家因排水沟堵塞发生争执。" * 20)
    for length in (20, 90, 200):
        for count in (3, 6, 9):
            data = _data(db, case_id, terms=_terms(count, length))
            pdf, pages = build_a4(build_mediation_agreement(data), data)
            assert _sign_page_has_a_term(pdf, count), (length, count)
            assert pages >= 2 or length == 20


def test_case_number_and_page_count_on_every_page(db: Database, actor: Actor,
                                                  make: SimpleNamespace) -> None:
    case_id = make_agreed_case(db, actor, make, terms=_terms(12, 80))
    doc = print_document(db, actor, "mediation_agreement", case_id)
    texts = page_texts(doc.pdf)
    assert doc.pages == len(texts) >= 2
    number = load_case(db, case_id).number
    for n, text in enumerate(texts, start=1):
        assert re.search(rf"第\s*{n}\s*页\s*共\s*{doc.pages}\s*页", text), n
        assert number in flat(text), n


def test_copies_sentence_counts_in_words() -> None:
    from workstation.printing.documents.mediation import copies_sentence

    assert copies_sentence(3, 2) == "本协议一式三份，当事人各执一份，人民调解委员会留存一份。"
    assert copies_sentence(5, 3) == "本协议一式五份，当事人各执一份，人民调解委员会留存两份。"
    assert copies_sentence(4) == "本协议一式四份，当事人各执一份，人民调解委员会留存一份。"
    assert copies_sentence(2, 1).startswith("本协议一式两份，")
