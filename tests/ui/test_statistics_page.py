"""The 统计 page on the known March 2026 records: the same numbers in tiles, charts and
tables; a bar or a cell opens the records behind it; the report exports to PDF and Excel."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from tests.statistics.known import Known, build_known_station
from workstation.statistics import parse_period
from workstation.ui.statistics.tables import RecordLineModel, StatTableModel
from workstation.ui.statistics.view import export_report
from workstation.ui.tasks import Cancelled

ENGLISH_WORD = re.compile(r"\b[A-Za-z]{4,}\b")


@pytest.fixture(autouse=True)
def settings(chinese_settings: Path) -> Path:
    return chinese_settings


@pytest.fixture
def known(ui_ctx: Any) -> Known:
    return build_known_station(ui_ctx.db, ui_ctx.actor)


@pytest.fixture
def page(qtbot: Any, ui_ctx: Any, known: Known) -> Any:
    from workstation.ui.pages.statistics import StatisticsPage

    page = StatisticsPage(ui_ctx)
    qtbot.addWidget(page)
    page.resize(1300, 900)
    page.show()
    view = page.view
    view.picker.set_period(parse_period("2026-03"))
    view.reload()
    qtbot.waitUntil(lambda: view.report is not None
                    and view.report.period == parse_period("2026-03"), timeout=20_000)
    yield page
    page.shutdown()


def test_tiles_show_the_known_numbers(page: Any) -> None:
    tiles = {key: tile.value.text() for key, tile in page.view.tiles.items()}
    assert tiles == {"consultations": "4", "accepted": "4", "success": "60.0%",
                     "amount": "1.1", "referrals": "3", "in_time": "80.0%",
                     "activities": "4"}
    assert page.view.summary.text() == "海港镇公共法律服务工作站 · 2026年3月 · 统计日期 " + \
        page.view.report.as_of.strftime("%Y-%m-%d")


def test_charts_draw_the_known_numbers(page: Any) -> None:
    charts = page.view.charts
    accepted = charts["mediation_types"].values()["受理"]
    assert len(accepted) == 15
    assert (accepted["邻里"], accepted["婚姻家庭"], accepted["合同"]) == (3, 1, 0)
    assert charts["consultation_channels"].values() == {
        "合计": {"来访": 2, "来电": 1, "网络": 1, "走访": 0}}
    assert charts["mediation_outcomes"].values() == {
        "调结": {"调解成功": 3, "调解不成": 1, "终止调解": 1},
        "按期调结": {"调解成功": 3, "调解不成": 0, "终止调解": 1}}
    assert charts["time_limits"].values() == {"按期率": {
        "调解案件一个月内（含延长）调结": 80.0, "援助申请按承诺时限转交": 33.3,
        "到期回访已完成": 66.7}}
    assert charts["success_by_month"].values() == {"成功率": {"2026年3月": 60.0}}
    assert charts["amounts_by_month"].values() == {"协议涉及金额（元）": {"2026年3月": 1.12}}
    assert charts["satisfaction"].values() == {
        "群众自评": {"满意": 2, "基本满意": 2, "不满意": 1},
        "回访": {"满意": 1, "基本满意": 1, "不满意": 0},
        "工作人员代录": {"满意": 1, "基本满意": 1, "不满意": 1}}
    decisions = charts["referral_decisions"].values()["件数"]
    assert decisions == {"准予法律援助": 1, "不予法律援助": 1, "待决定（本期转交）": 1}
    for chart in charts.values():  # every title and label is Chinese
        texts = [chart.chart().title(), *chart.category_labels, *chart.values()]
        assert not [t for t in texts if ENGLISH_WORD.search(t)], texts


def test_tables_tab_shows_the_same_numbers(page: Any, qtmodeltester: Any) -> None:
    view = page.view.table_views["mediation_by_type"]
    model = view.model()
    assert isinstance(model, StatTableModel)
    qtmodeltester.check(model)
    rows = {model.index(r, 0).data(): [model.index(r, c).data()
                                       for c in range(1, model.columnCount())]
            for r in range(model.rowCount())}
    assert rows["邻里"] == ["3", "4", "2", "50.0%", "9,234.56", "1", "1", "1"]
    assert rows["合计"] == ["4", "5", "3", "60.0%", "11,234.56", "1", "1", "1"]
    assert model.headerData(0, Qt.Orientation.Horizontal) == "纠纷类型"
    # The court's result is recorded: no note excuses an empty 司法确认 column.
    assert "司法确认结果未登记" not in page.view.table_notes["mediation_by_type"].text()

    def cells(key: str) -> dict[str, list[str]]:
        m = page.view.table_views[key].model()
        return {m.index(r, 0).data(): [m.index(r, c).data() for c in range(1, m.columnCount())]
                for r in range(m.rowCount())}

    assert cells("screening_by_kind")["合计"] == ["2", "4", "2", "1", "1", "1", "1"]
    assert cells("prevention")["防止群体性上访"] == ["1", "20"]
    assert cells("prevention")["合计"] == ["4", "36"]
    assert cells("mediation_agreements")["合计"] == ["8", "2", "1"]
    assert cells("mediation_by_referrer")["公安"] == ["0", "1", "0"]


def _wait_dialog(qtbot: Any, view: Any) -> Any:
    qtbot.waitUntil(lambda: view.drill_dialog is not None, timeout=10_000)
    return view.drill_dialog


def test_clicking_a_bar_lists_the_records_and_opens_one(qtbot: Any, page: Any, ui_ctx: Any,
                                                        known: Known) -> None:
    view = page.view
    chart = view.charts["mediation_types"]
    chart.sets[0].clicked.emit(chart.bar_index("neighbour"))
    dialog = _wait_dialog(qtbot, view)
    assert "邻里" in dialog.findChild(type(dialog.count), "drill_down_title").text()
    assert dialog.count.text() == "共 3 条记录"
    model = dialog.model
    assert isinstance(model, RecordLineModel)
    numbers = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert numbers == [known.numbers["K1"], known.numbers["K2"], known.numbers["K6"]]
    assert [model.index(r, 1).data() for r in range(3)] == [
        "2026-03-02", "2026-03-03", "2026-03-04"]
    assert {model.index(r, 2).data() for r in range(3)} == {"王申请与李被申邻里纠纷"}
    assert model.headerData(2, Qt.Orientation.Horizontal) == "当事人/申请人"
    with qtbot.waitSignal(ui_ctx.signals.open_record) as opened:
        dialog.view.doubleClicked.emit(model.index(1, 0))
    assert opened.args == ["mediation_case", known.ids["K2"]]


def test_a_rate_bar_and_a_table_cell_open_their_records(qtbot: Any, page: Any,
                                                        known: Known) -> None:
    view = page.view
    chart = view.charts["time_limits"]
    chart.sets[0].clicked.emit(chart.bar_index("referral"))
    dialog = _wait_dialog(qtbot, view)
    numbers = [dialog.model.item_at(r).number for r in range(dialog.model.rowCount())]
    assert numbers == [known.numbers["R3"], known.numbers["R1"], known.numbers["R2"]]
    dialog.close()
    qtbot.waitUntil(lambda: view.drill_dialog is None)

    table = view.table_views["satisfaction"]
    model = table.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "基本满意")
    table._activate(row, 4)  # 合计: ratings of every source, each opens what it rates
    dialog = _wait_dialog(qtbot, view)
    lines = [dialog.model.item_at(r) for r in range(dialog.model.rowCount())]
    assert [(ln.record_type, ln.number) for ln in lines] == [
        ("consultation", known.numbers["C2"]), ("aid_referral", known.numbers["R2"]),
        ("mediation_case", known.numbers["K1"]), ("mediation_case", known.numbers["K5"])]


def test_period_picker_kinds_and_a_bad_range(qtbot: Any, page: Any) -> None:
    view = page.view
    picker = view.picker
    picker.kind.setCurrentIndex(picker.kind.findData("quarter"))
    picker.year.setValue(2026)
    picker.quarter.setCurrentIndex(0)
    qtbot.waitUntil(lambda: view.report.period == parse_period("2026-Q1"), timeout=20_000)
    months = view.charts["success_by_month"].values()["成功率"]
    assert list(months) == ["2026年1月", "2026年2月", "2026年3月"]
    assert months["2026年2月"] == 100.0
    assert view.tiles["consultations"].value.text() == "5"  # C5 (02-27) joins

    picker.kind.setCurrentIndex(picker.kind.findData("custom"))
    picker.start.setDate(picker.end.date().addDays(5))
    assert picker.error.isVisible() and "结束日期不能早于开始日期" in picker.error.text()
    assert view.report.period == parse_period("2026-Q1")  # nothing reloaded


def test_export_writes_excel_and_pdf_with_the_same_numbers(qtbot: Any, page: Any,
                                                           tmp_path: Path, ui_ctx: Any,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    view = page.view
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    target = tmp_path / "三月"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(target), view.tr("Excel workbook (*.xlsx)")))
    assert view.export_button.isEnabled()
    view.export_button.click()
    qtbot.waitUntil(lambda: view.last_export is not None, timeout=20_000)
    assert view.last_export == target.with_suffix(".xlsx")
    ws = load_workbook(view.last_export)["人民调解案件统计（按纠纷类型）"]
    rows = {r[0].value: [c.value for c in r[1:]] for r in ws.iter_rows(min_row=7) if r[0].value}
    assert rows["邻里"] == [3, 4, 2, 0.5, 9234.56, 1, 1, 1]

    pdf_path = tmp_path / "march.pdf"
    view.last_export = None
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(pdf_path), view.tr("PDF report (*.pdf)")))
    view.export_button.click()
    qtbot.waitUntil(lambda: view.last_export is not None, timeout=20_000)
    text = (PdfReader(io.BytesIO(pdf_path.read_bytes())).pages[0].extract_text() or "").split()
    assert "邻里" in text
    at = text.index("邻里")
    assert text[at:at + 9] == ["邻里", "3", "4", "2", "50.0%", "9,234.56", "1", "1", "1"]
    assert view.progress_dialog is None and view.export_button.isEnabled()
    # Both files are in the audit trail under the operator who exported them.
    from sqlalchemy import select

    from workstation.storage.models import AuditEntry

    with ui_ctx.db.read() as session:
        entries = session.execute(select(AuditEntry.operator_id, AuditEntry.detail).where(
            AuditEntry.action == "export",
            AuditEntry.record_type == "statistics_report")).all()
    assert [(o, d.rsplit("：", 1)[1]) for o, d in entries] == [
        (ui_ctx.actor.operator_id, "三月.xlsx"), (ui_ctx.actor.operator_id, "march.pdf")]


class _CancelAfterRender:
    def __init__(self) -> None:
        self.steps: list[tuple[int, int]] = []

    def progress(self, done: int, total: int) -> bool:
        self.steps.append((done, total))
        return True

    def check(self) -> None:
        raise Cancelled


def test_cancelled_export_writes_nothing(page: Any, tmp_path: Path) -> None:
    control = _CancelAfterRender()
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(Cancelled):
        export_report(page.view.report, out / "r.pdf", control)  # type: ignore[arg-type]
    assert control.steps == [(0, 3), (1, 3)]
    assert list(out.iterdir()) == []


def test_new_records_recount_a_visible_page(qtbot: Any, page: Any, ui_ctx: Any) -> None:
    view = page.view
    before = view.report
    ui_ctx.signals.records_changed.emit("consultation")
    qtbot.waitUntil(lambda: view.report is not before, timeout=20_000)
