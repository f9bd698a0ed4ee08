"""服务评价单: an 80 mm slip for consultations, cases and aid applications with the record's
number, the three values and the reasons; a slip brought back is entered by its number as
the citizen's own rating (回收评价单)."""

from __future__ import annotations

import io
import re
from types import SimpleNamespace

import pytest
from pypdf import PdfReader

from workstation.printing.documents.rating_slip import SLIP_KEYS
from workstation.services import ratings
from workstation.services.aid import create_referral
from workstation.services.consultations import register_consultation
from workstation.services.context import Actor
from workstation.services.mediation import open_case
from workstation.services.printing import print_document
from workstation.storage.engine import Database

from .conftest import assert_fonts_embedded, flat, pdf_text

RECEIPT_WIDTH_PT = 80 / 25.4 * 72  # 226.77


@pytest.mark.parametrize("record_type", list(SLIP_KEYS))
def test_slip_carries_number_choices_and_reasons(db: Database, actor: Actor,
                                                 make: SimpleNamespace, sql,
                                                 record_type: str) -> None:
    record_id = {
        "consultation": lambda: register_consultation(db, actor, make.consultation()),
        "mediation_case": lambda: open_case(db, actor, make.case()),
        "aid_referral": lambda: create_referral(db, actor, make.referral()),
    }[record_type]()
    doc = print_document(db, actor, SLIP_KEYS[record_type], record_id)
    (page,) = PdfReader(io.BytesIO(doc.pdf)).pages
    assert abs(float(page.mediabox.width) - RECEIPT_WIDTH_PT) < 0.1
    text = flat(pdf_text(doc.pdf))
    for element in ("服务评价单", doc.number, "□满意", "□基本满意", "□不满意", "□讲解清楚",
                    "□问题没有解决", "意见和建议", "5个工作日内", "校验码"):
        assert flat(element) in text, element
    assert_fonts_embedded(doc.pdf)
    (audit,) = sql.rows("SELECT * FROM audit_entry WHERE action = 'print'")
    assert audit.record_id == record_id and SLIP_KEYS[record_type] in audit.detail


def test_a_returned_slip_is_entered_by_the_number_it_carries(db: Database, actor: Actor,
                                                             make: SimpleNamespace) -> None:
    cid = register_consultation(db, actor, make.consultation())
    doc = print_document(db, actor, "consultation_rating_slip", cid)
    # The clerk types the number read off the slip.
    number = re.search(r"〔\d{4}〕\S+?第\d+号", flat(pdf_text(doc.pdf))).group(0)
    assert number == doc.number
    ratings.enter_returned_slip(db, actor, number=number, value="dissatisfied",
                                reasons=["unsolved"], comment="希望再约时间详细解答")
    (info,) = ratings.ratings_of(db, "consultation", cid)
    assert (info.source_label, info.method_label, info.value_label) == (
        "群众自评", "回收评价单", "不满意")
    assert info.comment == "希望再约时间详细解答"
    assert [r.number for r in ratings.reviews(db)] == [number]
