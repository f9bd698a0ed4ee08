"""The case file (卷宗, People's Mediation Law art. 27): its cover (卷宗封面) and its table of
contents (卷内目录), both derived from the state of the mediation case."""

from __future__ import annotations

from datetime import date
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from workstation.domain.committees import parties_by_role
from workstation.domain.enums import AgreementForm, CaseSource, MediationStatus

from .. import fonts
from ..layout import (
    A4_MARGINS,
    A4_TEXT_WIDTH,
    cn_date,
    data_table,
    field_grid,
    para,
    qr_code,
    qr_payload,
    signature_block,
    styles,
    table_style,
    title_block,
)
from ..registry import DocumentData, DocumentSpec, register
from .mediation import RECORD_TYPE, dispute_cause, mediators_of, parties_in_order, role_rows

# --- shared ----------------------------------------------------------------------------

PAGE_BLANK = "＿＿＿＿"


def archiving(detail: Any) -> tuple[str, date | None]:
    """Who filed the case (立卷人) and when: the change to 已归档, else nobody yet."""
    for entry in reversed(detail.timeline):
        if entry.to_status == MediationStatus.ARCHIVED.value:
            return entry.operator_name, entry.at.astimezone().date()
    return "", None


def retention(detail: Any) -> str:
    """保管期限: files with a mediation agreement are kept long-term, the others ten years."""
    return "长期" if detail.agreement is not None else "10年"


def mediation_result(detail: Any) -> str:
    """调解结果 of the case: 调解成功 (with the agreement's form), 调解不成, 终止调解, else the
    status (a case still open)."""
    if detail.agreement is not None:
        return f"调解成功（{detail.agreement.form_label}）"
    outcomes = {MediationStatus.FAILED.value, MediationStatus.TERMINATED.value}
    for entry in reversed(detail.timeline):
        if entry.to_status in outcomes:
            return entry.to_label
    return detail.status_label


def short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "等"


# --- 卷宗封面 ---------------------------------------------------------------------------

_COVER_STYLES: dict[str, ParagraphStyle] = {}


def _cover_style(name: str) -> ParagraphStyle:
    if not _COVER_STYLES:
        song, hei = fonts.font_name(fonts.BODY), fonts.font_name(fonts.TITLE)
        _COVER_STYLES.update(
            committee=ParagraphStyle("cover-committee", fontName=song, fontSize=20, leading=28,
                                     alignment=TA_CENTER, wordWrap="CJK"),
            title=ParagraphStyle("cover-title", fontName=hei, fontSize=40, leading=52,
                                 alignment=TA_CENTER, wordWrap="CJK"),
            label=ParagraphStyle("cover-label", fontName=song, fontSize=14, leading=20,
                                 alignment=TA_LEFT, wordWrap="CJK"),
            value=ParagraphStyle("cover-value", fontName=song, fontSize=14, leading=20,
                                 alignment=TA_LEFT, wordWrap="CJK"),
            station=ParagraphStyle("cover-station", fontName=song, fontSize=14, leading=20,
                                   alignment=TA_CENTER, wordWrap="CJK"),
        )
    return _COVER_STYLES[name]


def _spaced(label: str) -> str:
    """Labels set to the width of four characters: 案号 → 案　　号."""
    if len(label) == 2:
        return f"{label[0]}　　{label[1]}"
    if len(label) == 3:
        return "\u2002".join(label)
    return label


def build_case_file_cover(data: DocumentData) -> list[Flowable]:
    detail = data.detail
    s = styles()
    filer, filed_on = archiving(detail)
    fields = [
        ("案号", detail.number),
        ("案由", dispute_cause(detail)),
        *((label, short(names, 40)) for label, names in
          parties_by_role((p.role, p.name) for p in parties_in_order(detail))),
        ("调解员", short(mediators_of(detail), 40)),
        ("受理日期", cn_date(detail.accepted_on, "")),
        ("结案日期", cn_date(detail.concluded_on, "")),
        ("调解结果", mediation_result(detail)),
        ("保管期限", retention(detail)),
        ("立卷人", filer),
        ("立卷日期", cn_date(filed_on, "")),
    ]
    inner_width = 130 * mm
    rows = [[para(_spaced(label), _cover_style("label")), para(value, _cover_style("value"))]
            for label, value in fields]
    grid = Table(rows, colWidths=[30 * mm, inner_width - 30 * mm], hAlign="CENTER")
    grid.setStyle(table_style([
        ("LINEBELOW", (1, 0), (1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("TOPPADDING", (0, 0), (-1, -1), 9), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ]))
    qr_size = 20 * mm
    inner = A4_TEXT_WIDTH - 12 * mm
    corner = Table([["", [qr_code(qr_payload(data), qr_size),
                          para(f"校验码 {data.verification}", s.small)]]],
                   colWidths=[inner - qr_size - 12 * mm, qr_size + 12 * mm])
    centred = Table([[grid]], colWidths=[inner])
    for table in (corner, centred):
        table.setStyle(table_style([
            ("ALIGN", (0, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]))
    top: list[Flowable] = [
        corner, Spacer(1, 10 * mm),
        para(data.station.committee, _cover_style("committee")), Spacer(1, 8 * mm),
        para("人民调解卷宗", _cover_style("title")), Spacer(1, 14 * mm),
        centred,
    ]
    bottom: list[Flowable] = [
        para(data.station.name, _cover_style("station")),
        para(f"{data.number}　　{cn_date(data.today)}", s.center),
    ]
    # Two fixed rows filling the page inside a heavy frame: the cover's body at the top,
    # the station at the bottom (the content is bounded: long party lists are shortened).
    height = A4[1] - A4_MARGINS["top"] - A4_MARGINS["bottom"] - 4 * mm
    foot = 24 * mm
    frame = Table([[top], [bottom]], colWidths=[A4_TEXT_WIDTH],
                  rowHeights=[height - foot, foot])
    frame.setStyle(table_style([
        ("BOX", (0, 0), (-1, -1), 1.6, colors.black),
        ("VALIGN", (0, 0), (-1, 0), "TOP"), ("VALIGN", (0, 1), (-1, 1), "BOTTOM"),
        ("TOPPADDING", (0, 0), (-1, -1), 5 * mm), ("BOTTOMPADDING", (0, 0), (-1, -1), 5 * mm),
        ("LEFTPADDING", (0, 0), (-1, -1), 6 * mm), ("RIGHTPADDING", (0, 0), (-1, -1), 6 * mm),
    ]))
    return [frame]


register(DocumentSpec(
    key="case_file_cover", title="卷宗封面", record_type=RECORD_TYPE, page="A4",
    build=build_case_file_cover,
))


# --- 卷内目录 ---------------------------------------------------------------------------


def case_file_items(detail: Any) -> list[tuple[str, str]]:
    """(文书名称, 备注) of every paper the case file holds, in filing order."""
    items: list[tuple[str, str]] = []
    if detail.source == CaseSource.APPLICATION.value:
        items.append(("人民调解申请书", cn_date(detail.registered_on)))
    elif detail.source == CaseSource.REFERRED.value:
        items.append(("委托移送调解函", detail.referring_body))
    items.append(("人民调解受理登记表", cn_date(detail.accepted_on or detail.registered_on)))
    items.append(("人民调解权利义务告知书", ""))
    items.append(("当事人身份证明", f"{len(detail.parties)}人"))
    for n, session in enumerate(detail.sessions, start=1):
        items.append((f"调查记录/调解记录（第{n}次）",
                      f"{cn_date(session.held_at.astimezone().date())} {session.place}".strip()))
    agreement = detail.agreement
    if agreement is not None:
        name = "口头协议登记表" if agreement.form == AgreementForm.ORAL.value else "人民调解协议书"
        items.append((name, cn_date(agreement.effective_on)))
    if detail.follow_ups:
        items.append(("履行情况证明", detail.follow_ups[-1].performance_label))
        for n, visit in enumerate(detail.follow_ups, start=1):
            items.append((f"人民调解回访记录（第{n}次）", cn_date(visit.visited_on)))
    if agreement is not None and agreement.judicial_confirmation_applied:
        items.append(("司法确认材料", cn_date(agreement.judicial_confirmation_on, "")))
    return items


def build_case_file_contents(data: DocumentData) -> list[Flowable]:
    detail = data.detail
    s = styles()
    filer, filed_on = archiving(detail)
    story: list[Flowable] = [*title_block(data)]
    story.append(field_grid([
        [("案号", detail.number), ("案由", dispute_cause(detail))],
        *role_rows(detail),
    ]))
    story.append(Spacer(1, 4 * mm))
    rows = [[str(n), name, PAGE_BLANK, note]
            for n, (name, note) in enumerate(case_file_items(detail), start=1)]
    widths = [12 * mm, 68 * mm, 20 * mm]
    widths.append(A4_TEXT_WIDTH - sum(widths))
    story += [data_table(["序号", "文书名称", "页号", "备注"], rows, widths), Spacer(1, 6 * mm)]
    story.append(KeepTogether([
        para(f"本卷共{PAGE_BLANK}页　　保管期限：{retention(detail)}", s.cell),
        Spacer(1, 6 * mm),
        signature_block("立卷人", filer, fingerprint=False, caption="签名", day=filed_on),
    ]))
    return story


register(DocumentSpec(
    key="case_file_contents", title="卷内目录", record_type=RECORD_TYPE, page="A4",
    build=build_case_file_contents,
))
