"""Legal consultation forms (A4): 法律咨询登记表.

The register of one consultation as the station keeps it on paper: number, time and channel,
the citizen (or 匿名), the category, the question and the answer, the handling result and where
the matter was passed on, the first-inquiry officer (首问负责制), the time spent and the
citizen's satisfaction, and the citizen's signature.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from workstation.domain.enums import Channel, HandlingResult, Satisfaction

from ..layout import field_grid, section_table, signature_block, title_block
from ..registry import DocumentData, DocumentSpec, register
from .aid import ticks
from .receipts import local_time

RECORD_TYPE = "consultation"

CHANNEL_OPTIONS = [(c.value, c.label) for c in Channel]
SATISFACTION_OPTIONS = [(x.value, x.label) for x in Satisfaction]


def result_text(c: object) -> str:
    label = getattr(c, "handling_result_label", "")
    referred = getattr(c, "referred_to", "").strip()
    if referred:
        return f"{label}（转至：{referred}）"
    if getattr(c, "handling_result", "") not in ("", HandlingResult.ANSWERED.value):
        return f"{label}（转至：＿＿＿＿＿＿＿＿）"
    return label


def build_consultation_register(data: DocumentData) -> list[Flowable]:
    c = data.detail
    p = c.person
    story: list[Flowable] = [*title_block(data)]
    story.append(field_grid([
        [("编号", c.number), ("咨询时间", local_time(c.occurred_at))],
        [("咨询方式", ticks(CHANNEL_OPTIONS, c.channel))],
        [("咨询类别", c.topic_label)],
    ]))
    story.append(Spacer(1, 2 * mm))
    if p is None:
        person_rows = [[("姓名", "匿名"), ("性别", ""), ("联系电话", "")], [("住址", "")]]
    else:
        person_rows = [[("姓名", p.name), ("性别", p.sex_label if p.sex else ""),
                        ("联系电话", p.phone)], [("住址", p.address)]]
    story.append(field_grid(person_rows, side_label="咨询人"))
    story.append(Spacer(1, 2 * mm))
    story += [section_table("咨询内容", c.question), Spacer(1, 2 * mm)]
    story += [section_table("解答意见", c.answer, empty="（未当场解答）"), Spacer(1, 2 * mm)]
    minutes = f"{c.minutes_spent}分钟" if c.minutes_spent else ""
    story.append(KeepTogether(field_grid([
        [("处理结果", result_text(c))],
        [("接待人\n首问责任人", c.operator_name), ("用时", minutes)],
        [("满意度", ticks(SATISFACTION_OPTIONS, c.satisfaction))],
    ])))
    story.append(Spacer(1, 8 * mm))
    day = c.occurred_at.astimezone().date()
    story.append(KeepTogether([
        signature_block("咨询人", c.person_name if p else "", fingerprint=False, caption="签名",
                        day=day),
        Spacer(1, 3 * mm),
        signature_block("接待人", c.operator_name, fingerprint=False, caption="签名", day=day),
    ]))
    return story


register(DocumentSpec(
    key="consultation_register", title="法律咨询登记表", record_type=RECORD_TYPE, page="A4",
    build=build_consultation_register,
))
