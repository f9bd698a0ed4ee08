"""80 mm receipts handed over the counter: what was received, the number, the date, the
operator, the next deadline, the station's phone and the masked ID number."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from workstation.domain.deadlines import urgent_forward_text
from workstation.domain.enums import AidStatus, MediationStatus, PartyRole

from ..layout import (
    PAGE_RECEIPT,
    RECEIPT_TEXT_WIDTH,
    cn_date,
    kv_lines,
    para,
    qr_code,
    qr_payload,
    rule,
    styles,
    table_style,
    title_block,
)
from ..registry import DocumentData, DocumentSpec, register

HOTLINE = "如有疑问，请拨打12348公共法律服务热线。"


def local_time(value: datetime) -> str:
    t = value.astimezone()
    return f"{cn_date(t.date())} {t.hour:02d}:{t.minute:02d}"


def footer(data: DocumentData, notes: list[str]) -> list[Flowable]:
    """Notes, the QR code with the verification code, and a keep-this line."""
    s = styles(PAGE_RECEIPT)
    out: list[Flowable] = [Spacer(1, 1 * mm), rule(RECEIPT_TEXT_WIDTH)]
    out += [para(n, s.small) for n in notes]
    size = 24 * mm
    qr = Table([[qr_code(qr_payload(data), size)]], colWidths=[RECEIPT_TEXT_WIDTH])
    qr.setStyle(table_style([("ALIGN", (0, 0), (-1, -1), "CENTER"),
                            ("TOPPADDING", (0, 0), (-1, -1), 2),
                            ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    out += [qr, para(f"校验码 {data.verification}", styles(PAGE_RECEIPT).center),
            para(f"打印时间 {cn_date(data.today)}　请妥善保管本凭证", s.small)]
    return out


def station_rows(data: DocumentData) -> list[tuple[str, str]]:
    """首问责任人 (and the current handler when the matter was handed over), never whoever
    prints the receipt; the station's phone."""
    rows = [("首问责任人", data.first_receiver or data.operator_name)]
    if data.handler and data.handler != rows[0][1]:
        rows.append(("当前承办人", data.handler))
    return [*rows, ("站点电话", data.station.phone or "12348")]


def numbered(items: list[str]) -> str:
    return "\n".join(f"{i}. {item}" for i, item in enumerate(items, start=1))


# --- 咨询登记回执 -----------------------------------------------------------------------


def build_consultation_receipt(data: DocumentData) -> list[Flowable]:
    c = data.detail
    person = c.person
    rows = [
        ("咨询人", c.person_name),
        ("证件号码", person.id_number_masked if person and person.has_id else ""),
        ("咨询时间", local_time(c.occurred_at)),
        ("咨询方式", c.channel_label),
        ("咨询事项", c.topic_label),
        ("办理结果", c.handling_result_label),
    ]
    if c.referred_to:
        rows.append(("引导至", c.referred_to))
    rows = [r for r in rows if r[1]] + station_rows(data)
    return [*title_block(data, PAGE_RECEIPT), kv_lines(rows),
            *footer(data, ["本回执证明您已在本站登记法律咨询。", HOTLINE])]


register(DocumentSpec(
    key="consultation_receipt", title="咨询登记回执", record_type="consultation",
    page=PAGE_RECEIPT, build=build_consultation_receipt,
))


# --- 人民调解受理回执 -------------------------------------------------------------------


def _names(detail: Any, role: str) -> str:
    return "、".join(p.name for p in detail.parties if p.role == role)


def build_mediation_receipt(data: DocumentData) -> list[Flowable]:
    d = data.detail
    accepted = d.accepted_on is not None
    rows = [
        ("申请人", _names(d, PartyRole.APPLICANT)),
        ("被申请人", _names(d, PartyRole.RESPONDENT)),
        ("纠纷类型", d.dispute_type_label),
        ("案件来源", d.source_label),
        ("登记日期", cn_date(d.registered_on)),
        ("受理日期", cn_date(d.accepted_on) if accepted else "待受理"),
        ("当前状态", d.status_label),
    ]
    if d.deadline is not None and d.status in (MediationStatus.ACCEPTED, MediationStatus.MEDIATING):
        rows.append(("调解期限", f"{cn_date(d.deadline)}前"))
    rows.append(("调解员", d.mediator_name))
    rows = [r for r in rows if r[1]] + station_rows(data)
    notes = ["人民调解遵循自愿、平等原则，不收取任何费用。当事人有权自主决定是否接受调解。",
             "调解一般自受理之日起一个月内终结。", HOTLINE]
    return [*title_block(data, PAGE_RECEIPT), kv_lines(rows), *footer(data, notes)]


register(DocumentSpec(
    key="mediation_receipt", title="人民调解受理回执", record_type="mediation_case",
    page=PAGE_RECEIPT, build=build_mediation_receipt,
))


# --- 法律援助申请材料接收凭证 -----------------------------------------------------------


def aid_next_step(d: Any, center: str) -> str:
    if d.status == AidStatus.DRAFT and d.due is not None:
        if d.urgent:
            when = urgent_forward_text(d.urgent_forward_days)
            return (f"本申请距时效或期限届满不足7日，属紧急情形（法律援助法第四十四条），"
                    f"本站将于{when}（{cn_date(d.due.due)}前）将申请材料转交{center}。")
        return f"本站将于{cn_date(d.due.due)}前将申请材料转交{center}。"
    if d.status in (AidStatus.FORWARDED, AidStatus.RECEIVED) and d.due is not None:
        return f"{center}一般于{cn_date(d.due.due)}前作出是否给予法律援助的决定。"
    if d.decision:
        return f"{center}已作出决定：{d.decision_label}。"
    return ""


def build_aid_receipt(data: DocumentData) -> list[Flowable]:
    d = data.detail
    s = styles(PAGE_RECEIPT)
    center = d.forwarded_to or "县法律援助中心"
    applicant = d.applicant
    rows = [
        ("申请人", applicant.name),
        ("证件号码", applicant.id_number_masked if applicant.has_id else ""),
        ("代理人", f"{d.agent_name}（{d.agent_relation}）" if d.agent_relation else d.agent_name),
        ("代理人证件号码", d.agent_id_number_masked if d.agent_name else ""),
        ("申请事项", d.matter_label),
        ("申请援助形式", d.aid_form_label),
        ("对方当事人", d.opposing_party),
        ("申请日期", cn_date(d.applied_on)),
    ]
    if d.urgent or d.limitation_deadline:
        rows.append(("时效届满", cn_date(d.limitation_deadline) + ("（紧急）" if d.urgent else "")
                     if d.limitation_deadline else "紧急"))
    rows = [r for r in rows if r[1]]
    received = [m.label for m in d.materials if m.received]
    missing = [m.label for m in d.missing]
    story: list[Flowable] = [*title_block(data, PAGE_RECEIPT), kv_lines(rows), Spacer(1, 1 * mm)]
    story.append(para(f"已接收材料（{len(received)}项）：", s.heading))
    story.append(para(numbered(received) if received else "无", s.cell))
    story.append(para(f"尚需补充材料（{len(missing)}项）：", s.heading))
    if missing:
        story.append(para(numbered(missing), s.cell))
        story.append(para("请一次性备齐上述材料交回本站，补充材料期间不计入审查期限。", s.small))
    else:
        story.append(para("无（材料齐全）", s.cell))
    step = aid_next_step(d, center)
    if step:
        story += [Spacer(1, 1 * mm), para(step, s.cell)]
    story += [Spacer(1, 1 * mm), kv_lines(station_rows(data))]
    notes = ["本凭证仅证明本站已接收上述材料，是否给予法律援助由法律援助机构审查决定。", HOTLINE]
    return [*story, *footer(data, notes)]


register(DocumentSpec(
    key="aid_receipt", title="法律援助申请材料接收凭证", record_type="aid_referral",
    page=PAGE_RECEIPT, build=build_aid_receipt,
))
