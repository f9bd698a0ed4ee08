"""The statistics report as PDF: landscape A4, one sheet per service (人民调解工作统计表,
法律咨询工作统计表, 法律援助工作统计表, 法治宣传工作统计表) and the 工作人员工作量统计表,
each headed by the reporting unit, the period and the day it was made, with bordered tables
(numbers right-aligned, totals in bold; small tables side by side) and the definitions
(统计口径) at the end."""

from __future__ import annotations

from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer, Table

from workstation.printing import fonts
from workstation.printing.layout import (
    A4_MARGINS,
    GRID_LINE,
    LABEL_BACKGROUND,
    SPLIT_LINES,
    build_pages,
    cn_date,
    document_meta,
    para,
    styles,
    table_style,
)
from workstation.statistics.catalog import DEFINITIONS, SHEETS
from workstation.statistics.format import display
from workstation.statistics.model import Report
from workstation.statistics.model import Table as StatTable

PAGE = landscape(A4)
TEXT_WIDTH = PAGE[0] - A4_MARGINS["left"] - A4_MARGINS["right"]
CELL_SIZE, CELL_LEADING = 10, 13
PAD = 4  # points left and right of a cell
GAP = 8 * mm  # between tables side by side
ROW_HEADER_MAX = 80 * mm
COLUMN_MIN, COLUMN_MAX = 15 * mm, 32 * mm
HEADER_CHARS = 5  # a column header wraps after about this many characters


@cache
def _styles() -> dict[str, ParagraphStyle]:
    s = styles()
    song, hei = fonts.font_name(fonts.BODY), fonts.font_name(fonts.TITLE)

    def cell(name: str, font: str = song, align: int = TA_LEFT) -> ParagraphStyle:
        return ParagraphStyle(f"report-{name}", parent=s.cell, fontName=font,
                              fontSize=CELL_SIZE, leading=CELL_LEADING, alignment=align)

    return {
        "cell": cell("cell"), "number": cell("number", align=TA_RIGHT),
        "total_label": cell("total", hei), "total_number": cell("total-number", hei, TA_RIGHT),
        "header": cell("header", align=TA_CENTER),
        "heading": ParagraphStyle("report-heading", parent=s.heading, spaceBefore=0,
                                  spaceAfter=0),
        "title": s.title,
        "meta_left": cell("meta-left"), "meta_center": cell("meta-center", align=TA_CENTER),
        "meta_right": cell("meta-right", align=TA_RIGHT),
        "note": s.small,
    }


def _text_width(text: str, bold: bool = False) -> float:
    font = fonts.font_name(fonts.TITLE if bold else fonts.BODY)
    return stringWidth(text, font, CELL_SIZE)


def _made_by(report: Report) -> str:
    return f"\n制表人：{report.made_by}" if report.made_by else ""


def _header(title: str, report: Report) -> list[Flowable]:
    st = _styles()
    period = report.period
    span = f"{cn_date(period.start)}至{cn_date(period.end)}"
    when = period.label if period.kind == "custom" else f"{period.label}（{span}）"
    third = TEXT_WIDTH / 3
    meta = Table([[para(f"填报单位：{report.scope.name}", st["meta_left"]),
                   para(f"统计时段：{when}", st["meta_center"]),
                   para(f"制表日期：{cn_date(report.as_of)}" + _made_by(report),
                        st["meta_right"])]],
                 colWidths=[third * 0.9, third * 1.3, third * 0.8])
    meta.setStyle(table_style([("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
    return [para(title, st["title"]), Spacer(1, 3 * mm), meta, Spacer(1, 3 * mm)]


def _widths(table: StatTable, available: float) -> list[float]:
    """Row labels as wide as the longest (up to a limit), each column as wide as its widest
    number or a few characters of its header; spare width goes to the columns."""
    rows = table.all_rows()
    first = max([_text_width(table.row_header)] + [_text_width(r.label) for r in rows])
    first = min(ROW_HEADER_MAX, first + 2 * PAD)
    needs = []
    for i, column in enumerate(table.columns):
        values = max(_text_width(display(r.values[i], column.unit), True) for r in rows)
        header = _text_width(column.label[:HEADER_CHARS])
        needs.append(max(COLUMN_MIN, values + 2 * PAD, header + 2 * PAD))
    spare = available - first - sum(needs)
    if spare > 0:
        grow = [min(COLUMN_MAX, n + spare / len(needs)) for n in needs]
        needs = [max(n, g) for n, g in zip(needs, grow, strict=True)]
    else:
        first = max(24 * mm, first + spare)
    return [first, *needs]


def stat_table(table: StatTable, available: float = TEXT_WIDTH) -> Table:
    """One statistics table: header row repeated on every page, total row in bold."""
    st = _styles()
    data: list[list[Flowable]] = [[para(table.row_header, st["header"])] +
                                  [para(c.label, st["header"]) for c in table.columns]]
    for row in table.rows:
        data.append([para(row.label, st["cell"])] +
                    [para(display(v, c.unit), st["number"])
                     for c, v in zip(table.columns, row.values, strict=True)])
    if table.total is not None:
        data.append([para(table.total.label, st["total_label"])] +
                    [para(display(v, c.unit), st["total_number"])
                     for c, v in zip(table.columns, table.total.values, strict=True)])
    out = Table(data, colWidths=_widths(table, available), repeatRows=1, splitInRow=1,
                hAlign="LEFT")
    commands = [
        ("GRID", (0, 0), (-1, -1), GRID_LINE, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD), ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("BACKGROUND", (0, 0), (-1, 0), LABEL_BACKGROUND),
        *SPLIT_LINES,
    ]
    if table.total is not None:
        commands.append(("BACKGROUND", (0, -1), (-1, -1), LABEL_BACKGROUND))
    out.setStyle(table_style(commands))
    return out


def _block(table: StatTable, available: float) -> list[Flowable]:
    st = _styles()
    block: list[Flowable] = [para(table.title, st["heading"]), Spacer(1, 1.5 * mm),
                             stat_table(table, available)]
    if table.note:
        block += [Spacer(1, 1 * mm), para(f"注：{table.note}", st["note"])]
    return block


def _row_of_tables(tables: list[StatTable]) -> list[Flowable]:
    if len(tables) == 1:
        block = _block(tables[0], TEXT_WIDTH)
        # A short table stays with its heading; a long one may break (its header repeats).
        return [KeepTogether(block)] if len(tables[0].rows) <= 20 else block
    width = (TEXT_WIDTH - GAP * (len(tables) - 1)) / len(tables)
    cells: list[list[Flowable]] = [_block(t, width) for t in tables]
    side = Table([cells], colWidths=[width + (GAP if i < len(tables) - 1 else 0)
                                     for i in range(len(tables))], hAlign="LEFT")
    side.setStyle(table_style([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return [side]


def report_flowables(report: Report) -> list[Flowable]:
    out: list[Flowable] = []
    for i, (title, rows) in enumerate(SHEETS):
        if i:
            out.append(PageBreak())
        out += _header(title, report)
        for keys in rows:
            out += _row_of_tables([report.table(key) for key in keys])
            out.append(Spacer(1, 4 * mm))
    st = _styles()
    out.append(KeepTogether([para("统计口径", st["heading"]), Spacer(1, 1 * mm),
                             *(para(f"{n}. {text}", st["note"])
                               for n, text in enumerate(DEFINITIONS, start=1))]))
    return out


def render_pdf(report: Report) -> bytes:
    """The report's PDF bytes."""
    title = f"{report.scope.name} 统计报表 {report.period.label}"
    pdf, _pages = build_pages(report_flowables(report), pagesize=PAGE,
                              meta=document_meta(title, report.scope.name, "统计报表"),
                              footer=f"{report.scope.name}　{report.period.label}统计报表")
    return pdf
