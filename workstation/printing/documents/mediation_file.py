"""The case file (卷宗, People's Mediation Law art. 27): its cover (卷宗封面) and its table of
contents (卷内目录), both derived from the state of the mediation case."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from workstation.domain.casefile import StepKind, is_judicially_confirmed, retention_period
from workstation.domain.committees import parties_by_role
from workstation.domain.enums import CaseSource, MediationStatus

from .. import fonts
from ..layout import (
    A4_MARGINS,
    A4_TEXT_WIDTH,
    build_a4,
    cn_date,
    data_table,
    field_grid,
    para,
    qr_code,
    qr_payload,
    section_table,
    signature_block,
    styles,
    table_style,
    title_block,
    verification_code,
)
from ..registry import DocumentData, DocumentSpec, register
from .mediation import RECORD_TYPE, dispute_cause, mediators_of, parties_in_order, role_rows

# --- shared ----------------------------------------------------------------------------

def archiving(detail: Any) -> tuple[str, date | None]:
    """Who filed the case (立卷人) and when: the change to 已归档, else nobody yet."""
    for entry in reversed(detail.timeline):
        if entry.to_status == MediationStatus.ARCHIVED.value:
            return entry.operator_name, entry.at.astimezone().date()
    return "", None


def retention(detail: Any) -> str:
    """保管期限 in the current scheme (永久/30年/10年; see ``domain.casefile.retention_period``:
    30年 for a case ending in an agreement, 10年 otherwise)."""
    agreement = detail.agreement
    return retention_period(agreement is not None,
                            bool(agreement and is_judicially_confirmed(agreement.judicial_result)))


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

#: The papers the system makes, in filing order (cover and contents before, 备考表 after,
#: neither numbered). A paper is in the file when the case fits its form (``refusal`` is None)
#: and, for notices that must have been given, when the giving is recorded.
FILING_ORDER: tuple[str, ...] = (
    "mediation_application",
    "mediation_intake_register",
    "mediation_rights_notice",
    "mediation_rejection_notice",
    "mediation_investigation_record",
    "mediation_session_record",
    "mediation_agreement",
    "oral_agreement_register",
    "mediation_judicial_application",
    "mediation_termination_notice",
    "mediation_follow_up_record",
    "mediation_supervision_record",
    "mediation_feedback_letter",
)


@dataclass(frozen=True)
class FiledPaper:
    key: str
    title: str
    note: str
    pages: int
    first_page: int

    @property
    def page_range(self) -> str:
        last = self.first_page + self.pages - 1
        return str(self.first_page) if last == self.first_page else f"{self.first_page}-{last}"


def _in_file(key: str, detail: Any) -> bool:
    if key == "mediation_rights_notice":
        return bool(detail.steps_of(StepKind.RIGHTS_NOTICE.value))
    if key == "mediation_judicial_application":
        return bool(detail.agreement and detail.agreement.judicial_confirmation_applied)
    if key == "mediation_feedback_letter":
        return bool(detail.steps_of(StepKind.FEEDBACK.value))
    return True


def _note(key: str, detail: Any) -> str:
    agreement = detail.agreement
    if key == "mediation_application":
        return cn_date(detail.registered_on)
    if key == "mediation_intake_register":
        return cn_date(detail.accepted_on or detail.registered_on)
    if key == "mediation_session_record":
        return f"{len(detail.sessions)}次"
    if key == "mediation_investigation_record":
        return f"{len(detail.steps_of(StepKind.INVESTIGATION.value))}次"
    if key in ("mediation_agreement", "oral_agreement_register") and agreement is not None:
        return cn_date(agreement.effective_on)
    if key == "mediation_judicial_application" and agreement is not None:
        return agreement.judicial_result_label or "已申请"
    if key == "mediation_follow_up_record":
        return f"{len(detail.follow_ups)}次"
    if key == "mediation_supervision_record":
        return f"{len(detail.steps_of(StepKind.SUPERVISION.value))}次"
    if key == "mediation_feedback_letter":
        sent = detail.steps_of(StepKind.FEEDBACK.value)
        return sent[-1].people if sent else ""
    return ""


def filed_papers(data: DocumentData) -> list[FiledPaper]:
    """Every paper the case file holds, in filing order, with its page count measured by
    rendering it, and its first page number (numbering starts at the first paper)."""
    from ..registry import DOCUMENTS, refusal

    detail = data.detail
    papers: list[FiledPaper] = []
    page = 1
    for key in FILING_ORDER:
        spec = DOCUMENTS.get(key)
        if spec is None or refusal(spec, detail) is not None or not _in_file(key, detail):
            continue
        sub = replace(data, key=spec.key, title=spec.title,
                      verification=verification_code(spec.key, detail.id, data.number,
                                                     data.version))
        _pdf, pages = build_a4(spec.build(sub), sub)  # every paper of the file is A4
        papers.append(FiledPaper(key, spec.title, _note(key, detail), pages, page))
        page += pages
    return papers


def case_file_items(detail: Any) -> list[tuple[str, str]]:
    """(文书名称, 备注) of the papers the system makes for the case, in filing order (no page
    counts: ``filed_papers`` renders them)."""
    from ..registry import DOCUMENTS, refusal

    return [(DOCUMENTS[key].title, _note(key, detail)) for key in FILING_ORDER
            if key in DOCUMENTS and refusal(DOCUMENTS[key], detail) is None
            and _in_file(key, detail)]


def attachments(detail: Any) -> list[str]:
    """Papers the file holds that the system does not make (their pages are counted by hand)."""
    out = [f"当事人身份证明复印件（{len(detail.parties)}人）"]
    if detail.source == CaseSource.REFERRED.value:
        out.insert(0, f"委托移送调解函（{detail.referring_body or '移送单位'}）")
    if detail.follow_ups or detail.steps_of(StepKind.SUPERVISION.value):
        out.append("履行情况证明材料（如有）")
    return out


def build_case_file_contents(data: DocumentData) -> list[Flowable]:
    detail = data.detail
    s = styles()
    filer, filed_on = archiving(detail)
    papers = filed_papers(data)
    total = sum(p.pages for p in papers)
    story: list[Flowable] = [*title_block(data)]
    story.append(field_grid([
        [("案号", detail.number), ("案由", dispute_cause(detail))],
        *role_rows(detail),
    ]))
    story.append(Spacer(1, 4 * mm))
    rows = [[str(n), p.title, p.page_range, f"{p.pages}页", p.note]
            for n, p in enumerate(papers, start=1)]
    widths = [12 * mm, 62 * mm, 18 * mm, 16 * mm]
    widths.append(A4_TEXT_WIDTH - sum(widths))
    story += [data_table(["序号", "文书名称", "页号", "页数", "备注"], rows, widths),
              Spacer(1, 3 * mm),
              para("另附（非本系统制作，页数以实际为准）：" + "；".join(attachments(detail)),
                   s.cell),
              Spacer(1, 5 * mm)]
    story.append(KeepTogether([
        para(f"本卷系统制作文书共{len(papers)}件{total}页　　保管期限：{retention(detail)}",
             s.cell),
        Spacer(1, 6 * mm),
        signature_block("立卷人", filer, fingerprint=False, caption="签名", day=filed_on),
    ]))
    return story


register(DocumentSpec(
    key="case_file_contents", title="卷内目录", record_type=RECORD_TYPE, page="A4",
    build=build_case_file_contents,
))


# --- 备考表 (closes the file) ---------------------------------------------------------------

def build_case_file_note(data: DocumentData) -> list[Flowable]:
    detail = data.detail
    filer, filed_on = archiving(detail)
    papers = filed_papers(data)
    total = sum(p.pages for p in papers)
    lines = [
        f"本卷系统制作文书{len(papers)}件，共{total}页（不含卷宗封面、卷内目录和本备考表）。",
        "另附：" + "；".join(attachments(detail)) + "，页数以实际为准。",
        f"调解结果：{mediation_result(detail)}。保管期限：{retention(detail)}。",
    ]
    agreement = detail.agreement
    if agreement is not None:
        lines.append(f"协议履行情况：{agreement.performance_status_label}。")
    story: list[Flowable] = [*title_block(data)]
    story.append(field_grid([[("案号", detail.number), ("案由", dispute_cause(detail))]]))
    story += [Spacer(1, 3 * mm), section_table("本卷情况说明", lines), Spacer(1, 3 * mm),
              section_table("需要说明的其他情况", [Spacer(1, 36 * mm)]), Spacer(1, 10 * mm)]
    story.append(KeepTogether([
        signature_block("立卷人", filer, fingerprint=False, caption="签名", day=filed_on),
        Spacer(1, 4 * mm),
        signature_block("检查人", "", fingerprint=False, caption="签名", day=None),
    ]))
    return story


register(DocumentSpec(
    key="case_file_note", title="卷内备考表", record_type=RECORD_TYPE, page="A4",
    build=build_case_file_note,
))
