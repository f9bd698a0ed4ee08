"""The one rule against spreadsheet formulas, and that every CSV/Excel writer uses it."""

from __future__ import annotations

from pathlib import Path

import pytest

from workstation.domain.spreadsheet import is_formula_like, neutralise, unneutralise

SOURCE = Path(__file__).resolve().parents[2] / "workstation"
WRITERS = ("csv.writer(", "csv.DictWriter(", "Workbook(", "xlsxwriter")


@pytest.mark.parametrize("text", ["=1+1", "+86", "-2", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_starts_are_quoted_and_come_back(text: str) -> None:
    assert is_formula_like(text)
    assert neutralise(text) == "'" + text and unneutralise(neutralise(text)) == text


@pytest.mark.parametrize("text", ["", "王调解", "0335-1234567", "'quoted", "1=1", " =1"])
def test_other_text_is_left_alone(text: str) -> None:
    assert neutralise(text) == text and unneutralise(text) == text


def test_every_spreadsheet_writer_uses_the_rule() -> None:
    writers = [path for path in SOURCE.rglob("*.py")
               if any(w in path.read_text("utf-8") for w in WRITERS)]
    assert writers  # the providers CSV, the audit-log CSV, the statistics workbook
    for path in writers:
        assert "domain.spreadsheet" in path.read_text("utf-8"), path
