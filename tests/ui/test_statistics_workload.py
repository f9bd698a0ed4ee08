"""The 统计 page's legal publicity figures and its 人员工作量 tab on the known March records:
the admin sees every operator, a mediator only their own row (and cannot open anyone
else's); activities open like other records."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QFileDialog, QMessageBox

from tests.statistics.known import Known, build_known_station
from workstation.statistics import parse_period
from workstation.ui.statistics.tables import StatTableModel

MARCH = parse_period("2026-03")


@pytest.fixture(autouse=True)
def settings(chinese_settings: Path) -> Path:
    return chinese_settings


@pytest.fixture
def known(ui_ctx: Any) -> Known:
    return build_known_station(ui_ctx.db, ui_ctx.actor)


def _open_page(qtbot: Any, ctx: Any) -> Any:
    from workstation.ui.pages.statistics import StatisticsPage

    page = StatisticsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1300, 900)
    page.show()
    view = page.view
    view.picker.set_period(MARCH)
    view.reload()
    qtbot.waitUntil(lambda: view.report is not None and view.report.period == MARCH,
                    timeout=20_000)
    return page


@pytest.fixture
def admin_page(qtbot: Any, ui_ctx: Any, known: Known) -> Any:
    page = _open_page(qtbot, ui_ctx)
    yield page
    page.shutdown()


@pytest.fixture
def mediator_page(qtbot: Any, ui_ctx: Any, known: Known) -> Any:
    from workstation.ui.context import AppContext

    assert known.mediator is not None
    ctx = AppContext(db=ui_ctx.db, actor=known.mediator, runner=ui_ctx.runner,
                     station_name=ui_ctx.station_name, signals=ui_ctx.signals)
    page = _open_page(qtbot, ctx)
    yield page
    page.shutdown()


def _rows(model: StatTableModel) -> dict[str, list[str]]:
    return {model.index(r, 0).data(): [model.index(r, c).data()
                                       for c in range(1, model.columnCount())]
            for r in range(model.rowCount())}


def _wait_dialog(qtbot: Any, view: Any) -> Any:
    qtbot.waitUntil(lambda: view.drill_dialog is not None, timeout=10_000)
    return view.drill_dialog


def test_publicity_tile_chart_and_table(qtbot: Any, admin_page: Any, ui_ctx: Any,
                                        known: Known) -> None:
    view = admin_page.view
    assert view.tiles["activities"].value.text() == "4"
    assert view.charts["publicity_forms"].values()["活动次数"]["设摊宣传咨询"] == 2
    assert view.charts["publicity_audience"].values()["受众人次"]["村（居）委会"] == 500
    table = view.table_views["publicity_by_place"]
    model = table.model()
    assert _rows(model)["集市"] == ["2", "140", "240"]
    assert _rows(model)["合计"] == ["4", "760", "440"]
    # Double-click a number: the activities behind it; double-click one: it opens.
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "集市")
    table._activate(row, 1)
    dialog = _wait_dialog(qtbot, view)
    lines = [dialog.model.item_at(r) for r in range(dialog.model.rowCount())]
    assert [ln.number for ln in lines] == [known.numbers["P2"], known.numbers["P4"]]
    assert dialog.model.index(0, 2).data() == "宪法进万家（东村集市）"
    with qtbot.waitSignal(ui_ctx.signals.open_record) as opened:
        dialog.view.doubleClicked.emit(dialog.model.index(1, 0))
    assert opened.args == ["publicity_activity", known.ids["P4"]]


def test_admin_sees_every_operators_workload(qtbot: Any, admin_page: Any,
                                             qtmodeltester: Any, known: Known) -> None:
    view = admin_page.view
    tabs = view.tabs
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["图表", "报表", "人员工作量"]
    assert "workload" not in view.table_views  # in its own tab only
    panel = view.workload
    model = panel.table.model()
    qtmodeltester.check(model)
    rows = _rows(model)
    assert list(rows) == ["王芳", "赵调解", "合计"]  # pinyin order
    assert rows["王芳"] == ["2", "2", "3", "2", "66.7%", "2", "3", "7", "4", "57.1%", "3", "3",
                          "100.0%", "1", "2"]
    assert rows["赵调解"] == ["2", "2", "2", "1", "50.0%", "1", "2", "4", "3", "75.0%", "2",
                           "1", "50.0%", "1", "1"]
    assert rows["合计"][:3] == ["4", "4", "5"]
    assert panel.title.text() == "工作人员工作量和服务质量统计"
    assert "全部工作人员" in panel.scope_note.text()
    assert panel.chart.values()["法治宣传"] == {"王芳": 3, "赵调解": 2}
    # A bar opens the records behind it: 赵调解's activities.
    tabs.setCurrentIndex(2)
    chart = panel.chart
    chart.sets[3].clicked.emit(chart.bar_index(known.operators["M"]))
    dialog = _wait_dialog(qtbot, view)
    assert dialog.count.text() == "共 2 条记录"
    assert {dialog.model.item_at(r).record_id for r in range(2)} == {
        known.ids["P1"], known.ids["P2"]}


def test_mediator_sees_only_their_own_workload(qtbot: Any, mediator_page: Any,
                                               known: Known, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    view = mediator_page.view
    panel = view.workload
    rows = _rows(panel.table.model())
    assert list(rows) == ["赵调解"]
    assert rows["赵调解"][:5] == ["2", "2", "2", "1", "50.0%"]
    assert panel.own_only and "只显示您本人的数字" in panel.scope_note.text()
    assert list(panel.chart.values()["法律咨询"]) == ["赵调解"]
    # The station's own figures are the same for everyone.
    assert view.tiles["consultations"].value.text() == "4"

    # Their own row opens; asking for the admin's is refused by the service.
    view.open_cell("workload", known.operators["M"], "consultations")
    dialog = _wait_dialog(qtbot, view)
    assert [dialog.model.item_at(r).number for r in range(dialog.model.rowCount())] == [
        known.numbers["C3"], known.numbers["C4"]]
    dialog.close()
    qtbot.waitUntil(lambda: view.drill_dialog is None)
    messages: list[str] = []
    view.status = messages.append
    view.open_cell("workload", known.operators["A"], "consultations")
    qtbot.waitUntil(lambda: bool(messages), timeout=10_000)
    assert messages == ["只能查看本人的工作量统计"]
    assert view.drill_dialog is None

    # The exported report holds their own row only.
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    target = tmp_path / "mine.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(target), view.tr("Excel workbook (*.xlsx)")))
    view.export_button.click()
    qtbot.waitUntil(lambda: view.last_export is not None, timeout=20_000)
    ws = load_workbook(target)["工作人员工作量和服务质量统计"]
    assert [r[0].value for r in ws.iter_rows(min_row=7) if r[0].value
            and not str(r[0].value).startswith("注")] == ["赵调解"]
