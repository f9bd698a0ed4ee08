"""The statistics report as an Excel workbook (openpyxl): one sheet per table, for county
staff who merge the stations' sheets.

Each sheet: the table's title, 填报单位 / 统计时段 / 制表日期, the header row (frozen with the
row labels), the rows and the total. Counts are integers, amounts are yuan as numbers
(``#,##0.00``), rates are fractions shown as percentages (``0.0%``); a value that does not
exist (no denominator, not recorded) is "—". The last sheet holds the definitions.
"""

from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from workstation.domain.spreadsheet import is_formula_like
from workstation.statistics.catalog import DEFINITIONS, SHEETS
from workstation.statistics.format import MISSING
from workstation.statistics.model import FEN, RATE, Report, Table

HEADER_ROW = 6  # column headers; data starts on the next row
FORMATS = {FEN: "#,##0.00", RATE: "0.0%", "count": "0"}
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_SHADE = PatternFill("solid", fgColor="EEEEEE")
_FONT = "宋体"
_INVALID_SHEET_CHARS = str.maketrans({c: "_" for c in "[]:*?/\\"})


def sheet_name(title: str) -> str:
    """An Excel sheet name: at most 31 characters, none of ``[]:*?/\\``."""
    return title.translate(_INVALID_SHEET_CHARS)[:31]


def cell_value(value: int | float | None, unit: str) -> int | float | str:
    """What a cell holds: numbers as numbers (yuan for amounts), "—" for none."""
    if value is None:
        return MISSING
    if unit == FEN:
        return int(value) / 100
    if unit == RATE:
        return float(value)
    return int(value)


def _text(ws: Worksheet, row: int, col: int, text: str) -> Cell:
    """A text cell that is never a formula (``domain.spreadsheet``): openpyxl would store
    "=…" as one; it is written as a string, with Excel's quote prefix when it begins like a
    formula (so editing it in Excel keeps it text)."""
    cell = ws.cell(row, col)
    cell.value = text
    cell.data_type = "s"
    if is_formula_like(text):
        cell.quotePrefix = True
    return cell


def _value(ws: Worksheet, row: int, col: int, value: int | float | str) -> Cell:
    """A number as a number; a text through ``_text``."""
    if isinstance(value, str):
        return _text(ws, row, col, value)
    return ws.cell(row, col, value)


def _width(text: str) -> float:
    """Column width units of a text: CJK characters count double."""
    return sum(2.1 if ord(ch) > 0x2E80 else 1.1 for ch in text)


def _cn(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _write_table(ws: Worksheet, table: Table, report: Report) -> None:
    period = report.period
    ncols = len(table.columns) + 1
    _text(ws, 1, 1, table.title).font = Font(name=_FONT, size=14, bold=True)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
    ws.cell(1, 1).alignment = Alignment(horizontal="center")
    meta = (f"填报单位：{report.scope.name}",
            f"统计时段：{period.label}（{_cn(period.start)}至{_cn(period.end)}）",
            f"制表日期：{_cn(report.as_of)}"
            + (f"　制表人：{report.made_by}" if report.made_by else ""))
    for i, text in enumerate(meta, start=2):
        _text(ws, i, 1, text).font = Font(name=_FONT, size=10)
    header = [table.row_header, *(c.label for c in table.columns)]
    for col, text in enumerate(header, start=1):
        cell = _text(ws, HEADER_ROW, col, text)
        cell.font = Font(name=_FONT, bold=True)
        cell.fill, cell.border = _SHADE, _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    row_no = HEADER_ROW
    for row in table.all_rows():
        row_no += 1
        is_total = row is table.total
        first = _text(ws, row_no, 1, row.label)
        first.border = _BORDER
        first.font = Font(name=_FONT, bold=is_total)
        for col, (column, value) in enumerate(zip(table.columns, row.values, strict=True),
                                               start=2):
            cell = _value(ws, row_no, col, cell_value(value, column.unit))
            cell.border = _BORDER
            cell.font = Font(name=_FONT, bold=is_total)
            if value is None:
                cell.alignment = Alignment(horizontal="center")
            else:
                cell.number_format = FORMATS.get(column.unit, "0")
        if is_total:
            for col in range(1, ncols + 1):
                ws.cell(row_no, col).fill = _SHADE
    if table.note:
        _text(ws, row_no + 2, 1, f"注：{table.note}").font = Font(name=_FONT, size=9)
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 2)
    labels = [table.row_header, *(r.label for r in table.all_rows())]
    ws.column_dimensions["A"].width = min(60, max(10, max(_width(t) for t in labels) + 2))
    for col, column in enumerate(table.columns, start=2):
        ws.column_dimensions[get_column_letter(col)].width = max(
            12, min(24, _width(column.label) + 2), 16 if column.unit == FEN else 0)
    ws.row_dimensions[HEADER_ROW].height = 30
    ws.print_options.gridLines = False
    ws.page_setup.orientation = "landscape"


def render_xlsx(report: Report) -> bytes:
    """The report as ``.xlsx`` bytes."""
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.creator = "workstation 公共法律服务工作站"
    wb.properties.title = f"{report.scope.name} {report.period.label}统计报表"
    for _title, rows in SHEETS:
        for keys in rows:
            for key in keys:
                table = report.table(key)
                _write_table(wb.create_sheet(sheet_name(table.title)), table, report)
    notes = wb.create_sheet("统计口径")
    _text(notes, 1, 1, "统计口径").font = Font(name=_FONT, size=14, bold=True)
    for i, text in enumerate(DEFINITIONS, start=3):
        _text(notes, i, 1, f"{i - 2}. {text}").alignment = Alignment(wrap_text=True)
    notes.column_dimensions["A"].width = 120
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
