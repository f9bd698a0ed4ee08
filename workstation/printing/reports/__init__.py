"""Statistics reports: the people's mediation, consultation and legal aid sheets as PDF
(reportlab, the forms' fonts and layout toolkit) or Excel (openpyxl).

``report_format(path)`` names the format from the file suffix (refusing others in Chinese),
``render(report, fmt)`` makes the bytes, ``save_report(report, path)`` writes them atomically.
"""

from __future__ import annotations

from pathlib import Path

from workstation.domain.errors import ValidationError
from workstation.statistics.model import Report

PDF, XLSX = "pdf", "xlsx"
FORMATS = {".pdf": PDF, ".xlsx": XLSX}


def report_format(path: str | Path) -> str:
    """``pdf`` or ``xlsx`` from the suffix; ValidationError (field ``out``) otherwise."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        shown = suffix or "（无扩展名）"
        raise ValidationError.single(
            "out", f"不支持的报表文件类型 {shown}：请使用 .pdf 或 .xlsx")
    return FORMATS[suffix]


def render(report: Report, fmt: str) -> bytes:
    if fmt == PDF:
        from .pdf import render_pdf

        return render_pdf(report)
    if fmt == XLSX:
        from .excel import render_xlsx

        return render_xlsx(report)
    raise ValueError(fmt)


def save_report(report: Report, path: str | Path) -> Path:
    """Render in the format the suffix names and write atomically (temp file, fsync,
    rename): a crash leaves the old file or the new one, never half of one."""
    from workstation.files import write_atomically

    target = Path(path)
    data = render(report, report_format(target))
    write_atomically(target, data)
    return target
