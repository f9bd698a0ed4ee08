"""The recovery code sheet: station, date, the code in the monospaced face, instructions."""

from __future__ import annotations

from datetime import date

from workstation.printing.recovery_sheet import render_recovery_sheet

from .conftest import assert_fonts_embedded, fonts_by_text, pdf_text

CODE = "2T9MA-9W6D8-VT8S6-U93EQ-9L5BH"


def test_recovery_sheet_shows_the_code_large_and_monospaced() -> None:
    sheet = render_recovery_sheet("海港镇公共法律服务工作站", CODE, date(2026, 11, 27))
    assert sheet.pages == 1 and sheet.title == "数据库恢复码"
    text = pdf_text(sheet.pdf)
    for part in ("海港镇公共法律服务工作站", "数据库恢复码", "2026年11月27日", CODE, "保险柜",
                 "忘记密码？使用恢复码", ".keys"):
        assert part in text.replace("\n", ""), part
    assert_fonts_embedded(sheet.pdf)
    code_fonts = {font for font, run in fonts_by_text(sheet.pdf) if CODE[:5] in run}
    assert code_fonts and all("Mono" in font for font in code_fonts)
