"""法律服务指引单: the slip handed to a citizen the station guides to a legal service provider
(a consultation whose handling result sends them on, with a provider picked from the
directory). Where to go, the phone and hours, what to bring (``domain.referral``), the
consultation number, the station and the date; on A4 or on the 80 mm receipt printer.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from workstation.domain.referral import materials_to_bring

from ..layout import (
    PAGE_RECEIPT,
    cn_date,
    field_grid,
    kv_lines,
    para,
    section_table,
    styles,
    title_block,
)
from ..registry import DocumentData, DocumentSpec, register
from .receipts import HOTLINE, footer, numbered, station_rows

TITLE = "法律服务指引单"
CALL_FIRST = "前往前请先电话确认办公时间和所需材料，以免往返。"


def accepts(detail: Any) -> str | None:
    if getattr(detail, "provider", None) is None:
        return ("该咨询没有指引的法律服务机构（处理结果为引导或转交时，在咨询登记中选择"
                "服务机构）")
    return None


def _greeting(c: Any) -> str:
    who = c.person_name if c.person is not None else "您好"
    return (f"{who}：您咨询的{c.topic_label}事项，经本站解答后{c.handling_result_label}。"
            f"请携带下列材料，前往以下机构办理：")


def _provider_rows(p: Any) -> list[tuple[str, str]]:
    rows = [("机构名称", p.name), ("机构类别", p.kind_label), ("地址", p.address),
            ("联系电话", p.phone), ("办公时间", p.hours), ("服务内容", p.services),
            ("备注", p.notes)]
    return [(label, value) for label, value in rows if value]


def build_guidance_slip(data: DocumentData) -> list[Flowable]:
    c = data.detail
    p = c.provider
    s = styles()
    day = c.occurred_at.astimezone().date()
    story: list[Flowable] = [*title_block(data)]
    story.append(field_grid([
        [("咨询人", c.person_name), ("咨询编号", c.number)],
        [("咨询事项", c.topic_label), ("咨询日期", cn_date(day))],
    ]))
    story += [Spacer(1, 3 * mm), para(_greeting(c), s.body), Spacer(1, 2 * mm)]
    story.append(field_grid([[row] for row in _provider_rows(p)], side_label="指引机构"))
    story.append(Spacer(1, 3 * mm))
    items = materials_to_bring(p.kind, c.topic)
    story.append(section_table("请携带以下材料", [
        para(f"{i}. {item}", s.cell) for i, item in enumerate(items, start=1)]))
    story.append(Spacer(1, 3 * mm))
    phone = data.station.phone or "12348"
    story.append(section_table("温馨提示", [para(line, s.cell) for line in (
        CALL_FIRST,
        "本指引单仅为办事指引，相关事项由接收机构依法办理。",
        f"如有疑问，请联系本站（电话：{phone}）或拨打12348公共法律服务热线。",
    )]))
    story.append(Spacer(1, 6 * mm))
    story.append(KeepTogether([
        para(f"经办人：{data.operator_name}", s.right),
        Spacer(1, 2 * mm),
        para(data.station.name, s.right),
        para(cn_date(data.today), s.right),
    ]))
    return story


def build_guidance_receipt(data: DocumentData) -> list[Flowable]:
    c = data.detail
    p = c.provider
    s = styles(PAGE_RECEIPT)
    day = c.occurred_at.astimezone().date()
    rows = [("咨询人", c.person_name), ("咨询事项", c.topic_label), ("咨询日期", cn_date(day))]
    rows = [r for r in rows if r[1]]
    where = [("指引至", p.name), ("类别", p.kind_label), ("地址", p.address), ("电话", p.phone),
             ("办公时间", p.hours), ("备注", p.notes)]
    story: list[Flowable] = [*title_block(data, PAGE_RECEIPT), kv_lines(rows), Spacer(1, 1 * mm)]
    story.append(para("请前往：", s.heading))
    story.append(kv_lines([r for r in where if r[1]]))
    story.append(para("请携带：", s.heading))
    story.append(para(numbered(materials_to_bring(p.kind, c.topic)), s.cell))
    story += [Spacer(1, 1 * mm), kv_lines(station_rows(data))]
    return [*story, *footer(data, [CALL_FIRST, HOTLINE])]


register(DocumentSpec(
    key="guidance_slip", title=TITLE, record_type="consultation", page="A4",
    build=build_guidance_slip, accepts=accepts,
))
register(DocumentSpec(
    key="guidance_slip_receipt", title=TITLE, record_type="consultation", page=PAGE_RECEIPT,
    build=build_guidance_receipt, accepts=accepts,
))
