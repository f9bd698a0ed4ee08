"""服务评价单: an 80 mm slip the citizen takes home and brings (or sends) back, rating the
service of a consultation, a mediation case or an aid application. It carries the record's
number (printed large, and in the QR code) so the returned slip is entered against the right
record (``services.ratings.enter_returned_slip``: 群众自评, 回收评价单), the three values and
the optional reasons of the rating screen (``domain.rating``), and room for a comment."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from workstation.domain.enums import Satisfaction
from workstation.domain.rating import (
    NEGATIVE_REASONS,
    POSITIVE_REASONS,
    RATED_RECORDS,
    REVIEW_WORKING_DAYS,
)

from ..layout import PAGE_RECEIPT, RECEIPT_TEXT_WIDTH, para, rule, styles, title_block
from ..registry import DocumentData, DocumentSpec, register
from .receipts import HOTLINE, footer, station_rows

BOX = "□"
TITLE = "服务评价单"
#: Record type → document key.
SLIP_KEYS = {
    "consultation": "consultation_rating_slip",
    "mediation_case": "mediation_rating_slip",
    "aid_referral": "aid_rating_slip",
}


def boxes(labels: list[str], per_line: int = 3) -> str:
    """Check boxes, ``per_line`` to a line (a label never breaks inside)."""
    items = [f"{BOX}{label}" for label in labels]
    return "\n".join("　".join(items[i:i + per_line]) for i in range(0, len(items), per_line))


def build_rating_slip(data: DocumentData) -> list[Flowable]:
    s = styles(PAGE_RECEIPT)
    story: list[Flowable] = [*title_block(data, PAGE_RECEIPT)]
    story.append(para(f"服务事项：{RATED_RECORDS[data.record_type]}", s.cell))
    story += [para(f"{label}：{value}", s.cell) for label, value in station_rows(data)]
    story += [Spacer(1, 1.5 * mm), rule(RECEIPT_TEXT_WIDTH),
              para("请您对本次服务作出评价（在□内打√，只选一项）：", s.heading),
              para(boxes([v.label for v in Satisfaction]), s.cell),
              para("满意的方面（可多选）：", s.heading),
              para(boxes([r.label for r in POSITIVE_REASONS]), s.cell),
              para("不满意的原因（可多选）：", s.heading),
              para(boxes([r.label for r in NEGATIVE_REASONS], 2), s.cell),
              para("意见和建议：", s.heading),
              Spacer(1, 9 * mm), rule(RECEIPT_TEXT_WIDTH),
              Spacer(1, 5 * mm), rule(RECEIPT_TEXT_WIDTH),
              para("评价日期：　　　　年　　月　　日", s.cell)]
    notes = ["请将本单交回本站或投入意见箱，您的评价将按上方编号如实登记。",
             f"评价“不满意”的，站点负责人将在{REVIEW_WORKING_DAYS}个工作日内核查处理并与您联系。",
             HOTLINE]
    return [*story, *footer(data, notes)]


for _record_type, _key in SLIP_KEYS.items():
    register(DocumentSpec(key=_key, title=TITLE, record_type=_record_type, page=PAGE_RECEIPT,
                          build=build_rating_slip))
