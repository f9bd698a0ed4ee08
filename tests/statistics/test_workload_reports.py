"""Publicity activities and the workload per operator in the PDF (text read back with pypdf)
and the Excel file (cells read back with openpyxl): the admin's report holds every operator,
the mediator's only their own row."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook

from workstation.printing.reports import render
from workstation.services.context import Actor
from workstation.services.workload import report_for_actor
from workstation.statistics import Report, parse_period
from workstation.storage.engine import Database

from .known import AS_OF, PERIOD, Known
from .test_reports import _find, _tokens

WORKLOAD_SHEET = "工作人员工作量和服务质量统计"
#: 王管理 / 赵调解 / 合计 as printed: counts, rates in percent (see known.EXPECTED_WORKLOAD).
ADMIN_ROW = ["王管理", "2", "2", "3", "2", "66.7%", "2", "3", "7", "4", "57.1%", "3", "3",
             "100.0%"]
MEDIATOR_ROW = ["赵调解", "2", "2", "2", "1", "50.0%", "1", "2", "4", "3", "75.0%", "2", "1",
                "50.0%"]
TOTAL_ROW = ["合计", "4", "4", "5", "3", "60.0%", "3", "5", "11", "7", "63.6%", "5", "4",
             "80.0%"]


def _report(db: Database, actor: Actor) -> Report:
    return report_for_actor(db, actor, parse_period(PERIOD), AS_OF)


@pytest.fixture(scope="module")
def reports(known_station: tuple[Database, Known]) -> dict[str, Report]:
    db, known = known_station
    assert known.mediator is not None
    admin = Actor(known.operators["A"], known.mediator.station_id, "admin", "王管理", "admin")
    return {"admin": _report(db, admin), "mediator": _report(db, known.mediator)}


def test_pdf_has_the_publicity_sheet(reports: dict[str, Report]) -> None:
    pages = _tokens(render(reports["admin"], "pdf"))
    sheet = _find(pages, ["法治宣传工作统计表"])
    assert sheet > _find(pages, ["法律援助工作统计表"])
    # 活动次数 受众人次 发放资料 — by form (left) and by place (right), side by side.
    assert _find(pages, ["法治讲座", "1", "120", "200"]) == sheet
    assert _find(pages, ["设摊宣传咨询", "2", "140", "240"]) == sheet
    assert _find(pages, ["广播宣传", "1", "500", "0"]) == sheet
    assert _find(pages, ["集市", "2", "140", "240"]) == sheet
    assert _find(pages, ["合计", "4", "760", "440"]) == sheet


def test_pdf_workload_sheet_of_the_admin_lists_everyone(reports: dict[str, Report]) -> None:
    pages = _tokens(render(reports["admin"], "pdf"))
    sheet = _find(pages, ["工作人员工作量统计表"])
    assert sheet > _find(pages, ["法治宣传工作统计表"])
    for row in (ADMIN_ROW, MEDIATOR_ROW, TOTAL_ROW):
        assert _find(pages, row) == sheet, row


def test_pdf_workload_sheet_of_a_mediator_is_their_own(reports: dict[str, Report]) -> None:
    pages = _tokens(render(reports["mediator"], "pdf"))
    sheet = _find(pages, ["工作人员工作量统计表"])
    assert _find(pages, MEDIATOR_ROW) == sheet
    assert not _find(pages, ["王管理"])
    assert not _find(pages, TOTAL_ROW[:5])
    # The station's own tables are unchanged for the mediator.
    assert _find(pages, ["合计", "4", "760", "440"])


def _rows(ws: Any) -> dict[str, list[Any]]:
    return {r[0].value: [c.value for c in r[1:]] for r in ws.iter_rows(min_row=7)
            if r[0].value and not str(r[0].value).startswith("注")}


def test_excel_publicity_and_workload_sheets(reports: dict[str, Report]) -> None:
    wb = load_workbook(io.BytesIO(render(reports["admin"], "xlsx")))
    names = wb.sheetnames
    assert names[-5:] == ["法治宣传活动统计（按宣传形式）", "法治宣传活动统计（按活动场所）",
                          "12348工单办理统计（按工单来源）", WORKLOAD_SHEET, "统计口径"]
    forms = wb["法治宣传活动统计（按宣传形式）"]
    assert [c.value for c in forms[6]] == ["宣传形式", "活动次数", "受众人次", "发放资料（份）"]
    rows = _rows(forms)
    assert rows["设摊宣传咨询"] == [2, 140, 240]
    assert rows["合计"] == [4, 760, 440]
    assert forms["C8"].number_format == "0"  # 受众人次 of 设摊宣传咨询: a whole number
    assert _rows(wb["法治宣传活动统计（按活动场所）"])["学校"] == [1, 120, 200]

    ws = wb[WORKLOAD_SHEET]
    assert [c.value for c in ws[6]][:4] == ["工作人员", "法律咨询", "受理调解", "调结"]
    rows = _rows(ws)
    assert list(rows) == ["王管理", "赵调解", "合计"]
    assert rows["王管理"] == [2, 2, 3, 2, pytest.approx(2 / 3), 2, 3, 7, 4, pytest.approx(4 / 7),
                           3, 3, 1.0, 1, 2]
    assert rows["赵调解"] == [2, 2, 2, 1, 0.5, 1, 2, 4, 3, 0.75, 2, 1, 0.5, 1, 1]
    assert rows["合计"] == [4, 4, 5, 3, 0.6, 3, 5, 11, 7, pytest.approx(7 / 11), 5, 4, 0.8, 2,
                          3]
    assert ws["F7"].number_format == "0.0%"
    notes = [c.value for c in wb["统计口径"]["A"] if c.value]
    assert any("工作人员只能查看本人的数字" in n for n in notes)

    mine = load_workbook(io.BytesIO(render(reports["mediator"], "xlsx")))[WORKLOAD_SHEET]
    assert _rows(mine) == {"赵调解": [2, 2, 2, 1, 0.5, 1, 2, 4, 3, 0.75, 2, 1, 0.5, 1, 1]}


def test_cli_report_holds_publicity_and_every_operators_workload(
        known_station: tuple[Database, Known], tmp_path: Any) -> None:
    from .test_reports import _run

    db, _ = known_station
    out = tmp_path / "march.xlsx"
    result = _run("--db", str(db.path), "--period", PERIOD, "--out", str(out))
    assert result.returncode == 0, result.stderr
    wb = load_workbook(out)
    assert list(_rows(wb[WORKLOAD_SHEET])) == ["王管理", "赵调解", "合计"]
    assert _rows(wb["法治宣传活动统计（按宣传形式）"])["合计"] == [4, 760, 440]


FORMULA_TEXTS = ("=HYPERLINK(\"http://x\",\"点此\")", "+1+2", "-3+4", "@SUM(A1)", "\t=1+1")


def test_excel_never_holds_a_live_formula(reports: dict[str, Report]) -> None:
    """An operator named "=HYPERLINK(…)" (and text starting with + - @ or a tab) stays text
    in the workbook; the counts stay numbers."""
    import dataclasses

    report = reports["admin"]
    tables = []
    for table in report.tables:
        rows = tuple(dataclasses.replace(row, label=FORMULA_TEXTS[i % len(FORMULA_TEXTS)])
                     for i, row in enumerate(table.rows))
        tables.append(dataclasses.replace(table, rows=rows, note="=1+1"))
    scope = dataclasses.replace(report.scope, name="-海港镇")
    hostile = dataclasses.replace(report, tables=tuple(tables), scope=scope)
    wb = load_workbook(io.BytesIO(render(hostile, "xlsx")))
    texts, numbers = set(), 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.add(cell.value)
                elif isinstance(cell.value, int | float):
                    numbers += 1
    assert set(FORMULA_TEXTS) <= texts  # shown as written, not run
    assert numbers > 100
    sheet = wb[WORKLOAD_SHEET]
    [first] = [r for r in sheet.iter_rows(values_only=True) if r[0] == FORMULA_TEXTS[0]]
    assert all(isinstance(v, int | float) for v in first[1:] if v != "—")
