"""法律服务指引单 (A4 and 80 mm) of a referred consultation: provider, number, materials."""

from __future__ import annotations

import io
from datetime import date
from types import SimpleNamespace

import pytest
from pypdf import PdfReader

from workstation.domain.referral import ProviderInput, materials_to_bring
from workstation.printing.registry import NotPrintable
from workstation.services.consultations import register_consultation
from workstation.services.context import Actor
from workstation.services.printing import list_documents, print_document
from workstation.services.providers import create_provider
from workstation.storage.engine import Database

from .conftest import Demo, assert_fonts_embedded, flat, pdf_text

RECEIPT_WIDTH_PT = 80 / 25.4 * 72

NOTARY = ProviderInput(
    name="秦皇岛市海港区公证处", kind="notary", address="海港区建设大街12号政务服务中心二楼",
    phone="0335-3056789", hours="工作日 9:00-12:00，13:30-17:00",
    services="继承、委托、声明公证", notes="办理继承公证须全体继承人到场")


def _referred(db: Database, actor: Actor, make: SimpleNamespace, **overrides: object) -> str:
    provider_id = create_provider(db, actor, NOTARY)
    values = {"topic": "inheritance", "question": "父亲去世后房产怎么过户？",
              "handling_result": "to_notary", "answer": "", "provider_id": provider_id,
              "person": make.person(7, "𠮷祥")}
    values.update(overrides)
    return register_consultation(db, actor, make.consultation(**values))


@pytest.mark.parametrize("key", ["guidance_slip", "guidance_slip_receipt"])
def test_slip_holds_provider_number_and_materials(db: Database, actor: Actor,
                                                  make: SimpleNamespace, key: str) -> None:
    consultation_id = _referred(db, actor, make)
    doc = print_document(db, actor, key, consultation_id, today=date(2026, 5, 6))
    assert doc.title == "法律服务指引单" and doc.pages == 1 and doc.missing_chars == ()
    text = flat(pdf_text(doc.pdf))
    for value in (NOTARY.name, NOTARY.address, NOTARY.phone, NOTARY.hours, NOTARY.notes,
                  doc.number, "𠮷祥", "海港镇公共法律服务工作站", "2026年5月6日", "法律服务指引单"):
        assert flat(value) in text, value
    assert doc.number.startswith("〔") and "咨字第0001号" in doc.number
    for item in materials_to_bring("notary", "inheritance"):
        assert flat(item) in text, item
    assert_fonts_embedded(doc.pdf)
    width = float(PdfReader(io.BytesIO(doc.pdf)).pages[0].mediabox.width)
    if key == "guidance_slip_receipt":
        assert abs(width - RECEIPT_WIDTH_PT) < 0.5
    else:
        assert abs(width - 595.27) < 0.5


def test_slip_is_in_the_consultation_print_menu_and_refused_without_provider(
        db: Database, actor: Actor, make: SimpleNamespace) -> None:
    keys = [s.key for s in list_documents("consultation")]
    assert {"guidance_slip", "guidance_slip_receipt"} <= set(keys)
    answered = register_consultation(db, actor, make.consultation())
    with pytest.raises(NotPrintable, match="没有指引的法律服务机构"):
        print_document(db, actor, "guidance_slip", answered)


def test_slip_from_demo_data(demo: Demo) -> None:
    row = demo.first("SELECT c.number FROM consultation c JOIN referral_provider p "
                     "ON p.id = c.provider_id WHERE p.kind = 'court' LIMIT 1")
    from workstation.services.printing import first_admin

    doc = print_document(demo.db, first_admin(demo.db), "guidance_slip", row.number)
    text = flat(pdf_text(doc.pdf))
    assert flat(row.number) in text and "海港区人民法院" in text and "起诉状" in text
