"""The county console's 统计 page, driven with qtbot on a county holding two stations'
bundles (the known March records and a demo year): the station selector, all-stations
totals equal to the sum of the stations' on the page, drill-down lists naming the station,
a record shown read-only, and the report exported with its scope in the heading."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from tests.conftest import valid_setup
from tests.statistics.known import AS_OF, EXPECTED_BY_TYPE, Known, build_known_station
from tests.sync.helpers import link, make_county
from workstation.county.db import CountyDatabase
from workstation.county.importer import import_bundle
from workstation.county.records import StationChoice
from workstation.demo.generator import generate_demo
from workstation.services.stations import init_station
from workstation.statistics import parse_period
from workstation.statistics.format import MISSING
from workstation.statistics.model import RATE
from workstation.storage.engine import open_database
from workstation.sync import station as sync
from workstation.ui.county.context import CountyContext
from workstation.ui.county.window import CountyWindow
from workstation.ui.tasks import TaskRunner

CODE_A, CODE_B = "130302100000", "130302101000"
NAME_A, NAME_B = "海港镇公共法律服务工作站", "石门寨镇公共法律服务工作站"
ALL = "全县（2个站点）"


@dataclass
class County:
    path: Path
    known: Known


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Iterator[County]:
    """Station A (the known March records) and B (300 demo records over the year before
    AS_OF), both imported into an SQLite county. Read only in these tests."""
    folder = tmp_path_factory.mktemp("county-statistics")
    county_db = make_county(folder / "county.db")
    a = open_database(folder / "a.db", create=True)
    b = open_database(folder / "b.db", create=True)
    usb = folder / "usb"
    usb.mkdir()
    try:
        known = build_known_station(a, init_station(a, valid_setup()))
        init_station(b, valid_setup(station_name=NAME_B, division_code=CODE_B,
                                    case_prefix="石调"))
        generate_demo(b, 300, seed=8, today=AS_OF)
        for db in (a, b):
            link(db, county_db)
            for bundle in sync.export(db, usb):
                assert import_bundle(county_db, bundle).status == "imported"
    finally:
        for db in (a, b):
            db.dispose()
        county_db.dispose()
    yield County(folder / "county.db", known)


@pytest.fixture
def page(qtbot: Any, chinese_settings: Path, county: County) -> Iterator[Any]:
    from tests.sync.helpers import reopen

    db: CountyDatabase = reopen(county.path)
    runner = TaskRunner()
    window = CountyWindow(CountyContext(db, runner, str(county.path)))
    qtbot.addWidget(window)
    window.resize(1300, 900)
    window.show()
    page = window.show_page("statistics")
    qtbot.waitUntil(lambda: page.station_box.count() == 3, timeout=20_000)
    show(qtbot, page, None, "2026-03")
    try:
        yield page
    finally:
        window.close()
        runner.wait()
        QCoreApplication.processEvents()
        db.dispose()


def show(qtbot: Any, page: Any, code: str | None, period: str) -> Any:
    """Choose the station (None: all) and the period; wait for the page to count them."""
    view = page.view
    view.picker.set_period(parse_period(period))
    page.choose_station(code)
    view.reload()
    name = {None: ALL, CODE_A: NAME_A, CODE_B: NAME_B}[code]
    qtbot.waitUntil(lambda: view.report is not None and view.report.scope.name == name
                    and view.report.period == parse_period(period), timeout=30_000)
    page.ctx.runner.wait()
    QCoreApplication.processEvents()
    return view.report


def _number(text: str) -> Decimal | None:
    return None if text == MISSING else Decimal(text.replace(",", ""))


def shown_cells(page: Any) -> dict[tuple[str, str, str], Decimal | None]:
    """Every count and amount the 报表 tab shows: (table, row label, column label) → value
    as read from the table views (rates left out: they are not sums)."""
    out: dict[tuple[str, str, str], Decimal | None] = {}
    for key, view in page.view.table_views.items():
        model = view.model()
        for c, column in enumerate(model.table.columns, start=1):
            if column.unit == RATE:
                continue
            for r in range(model.rowCount()):
                out[key, model.index(r, 0).data(), column.label] = _number(
                    model.index(r, c).data())
    return out


def tiles(page: Any) -> dict[str, str]:
    return {key: tile.value.text() for key, tile in page.view.tiles.items()}


def test_the_page_is_in_the_console_with_a_station_selector(page: Any) -> None:
    window = page.window()
    assert "统计" in [window.nav.item(i).text() for i in range(window.nav.count())]
    box = page.station_box
    assert [box.itemText(i) for i in range(box.count())] == [
        "全部站点", f"{CODE_A}　{NAME_A}", f"{CODE_B}　{NAME_B}"]
    assert page.view.summary.text().startswith(f"{ALL} · 2026年3月 · 统计日期 ")
    # A revoked station stays selectable (its records remain), marked as revoked.
    page.show_choices([StationChoice(CODE_A, NAME_A, False, None),
                       StationChoice(CODE_B, NAME_B, True, None)])
    assert box.itemText(2) == f"{CODE_B}　{NAME_B}（已撤销）"


def test_one_station_shows_that_stations_known_numbers(qtbot: Any, page: Any) -> None:
    show(qtbot, page, CODE_A, "2026-03")
    assert tiles(page) == {"consultations": "4", "accepted": "4", "success": "60.0%",
                           "amount": "1.1", "referrals": "3", "in_time": "80.0%",
                           "activities": "4"}
    model = page.view.table_views["mediation_by_type"].model()
    rows = {model.index(r, 0).data(): model.index(r, 1).data()
            for r in range(model.rowCount())}
    assert rows["邻里"] == str(EXPECTED_BY_TYPE["neighbour"][0])
    assert rows["合计"] == str(EXPECTED_BY_TYPE["total"][0])


@pytest.mark.parametrize("period", ["2026-03", "2026"])
def test_all_stations_are_the_sum_of_the_stations_on_the_page(qtbot: Any, page: Any,
                                                               period: str) -> None:
    per_station = []
    for code in (CODE_A, CODE_B):
        show(qtbot, page, code, period)
        per_station.append((shown_cells(page), tiles(page)))
    show(qtbot, page, None, period)
    both, both_tiles = shown_cells(page), tiles(page)

    (a, tiles_a), (b, tiles_b) = per_station
    assert set(a) | set(b) == set(both)  # a row either station has is on the county page
    for cell, value in both.items():
        parts = [x.get(cell, Decimal(0)) for x in (a, b)]
        if value is None:  # not recorded ("—") anywhere
            assert parts == [None, None] or None in parts, cell
        else:
            assert value == sum(p or 0 for p in parts), cell
    for tile in ("consultations", "accepted", "referrals"):
        assert int(both_tiles[tile]) == int(tiles_a[tile]) + int(tiles_b[tile])
    totals = both["mediation_by_type", "合计", "受理"]
    assert totals is not None and totals > a["mediation_by_type", "合计", "受理"] > 0


def test_drill_down_names_the_station_and_shows_a_record_read_only(
        qtbot: Any, page: Any, county: County, qtmodeltester: Any) -> None:
    show(qtbot, page, None, "2026")
    view = page.view
    accepted = view.report.table("mediation_by_type").value("total", "cases_accepted")
    chart = view.charts["mediation_types"]
    chart.sets[0].clicked.emit(chart.bar_index("neighbour"))
    qtbot.waitUntil(lambda: view.drill_dialog is not None, timeout=10_000)
    dialog = view.drill_dialog
    model = dialog.model
    qtmodeltester.check(model)
    headers = [model.headerData(c, Qt.Orientation.Horizontal)
               for c in range(model.columnCount())]
    assert headers[:3] == ["站点", "编号", "日期"]
    rows = [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]
    assert {row[0] for row in rows} == {NAME_A, NAME_B}
    neighbour = view.report.table("mediation_by_type").value("neighbour", "cases_accepted")
    assert len(rows) == neighbour < accepted
    # Station A's neighbour cases accepted in 2026 (K3 in January, K7 in February).
    known_numbers = {county.known.numbers[k] for k in ("K1", "K2", "K3", "K6", "K7")}
    assert {row[1] for row in rows if row[0] == NAME_A} == known_numbers
    k1 = next(r for r, row in enumerate(rows) if row[1] == county.known.numbers["K1"])
    assert rows[k1][3] == "王申请与李被申邻里纠纷 · 海港镇人民调解委员会"

    dialog.view.doubleClicked.emit(model.index(k1, 0))
    qtbot.waitUntil(lambda: page.record_dialog is not None, timeout=10_000)
    record = page.record_dialog
    assert view.drill_dialog is dialog and dialog.isVisible()  # the list stays open
    title = record.findChild(type(dialog.count), "county_record_title").text()
    assert title == f"人民调解案件　{county.known.numbers['K1']}"
    assert record.headings == ["案件信息", "当事人", "办理情况", "调解协议", "回访", "群众评价",
                               "首问负责"]
    fields = record.field_texts()
    # K1's ratings: the parties' own on the screen (03-10), the follow-up visit's (03-20).
    assert {"基本满意（群众自评·评价屏）", "满意（回访·回访记录）"} <= set(fields.values())
    assert fields["纠纷类型"] == "邻里" and fields["案件来源"] == "申请调解"
    assert fields["涉及金额（元）"] == "10,000.00" and fields["协议金额（元）"] == "8,000.00"
    assert fields["受理日期"] == "2026-03-02" and fields["申请司法确认"] == "是"
    assert fields["申请人"].startswith("王申请，") and "*" in fields["申请人"]
    assert fields["回访（2026-03-20）"].startswith("已履行，满意")
    source = record.findChild(type(dialog.count), "county_record_source").text()
    assert source.startswith(f"来自{NAME_A}。")
    from tests.ui.test_chinese_ui import _english, _visible_texts

    for widget in (dialog, record):
        assert [t for _kind, t in _visible_texts(widget) if _english(t)] == []


def test_export_is_headed_with_the_scope(qtbot: Any, page: Any, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    view = page.view

    def export(name: str, kind: str) -> Path:
        target = tmp_path / name
        chosen: list[str] = []

        def save_dialog(_parent: Any, _title: str, suggested: str, _filters: str
                        ) -> tuple[str, str]:
            chosen.append(Path(suggested).name)
            return str(target), kind

        monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
        view.last_export = None
        view.export_button.click()
        qtbot.waitUntil(lambda: view.last_export is not None, timeout=30_000)
        assert chosen == [f"{view.report.scope.name}{view.report.period.label}统计报表.pdf"]
        return target

    show(qtbot, page, None, "2026-03")
    xlsx = export("county.xlsx", view.tr("Excel workbook (*.xlsx)"))
    ws = load_workbook(xlsx)["人民调解案件统计（按纠纷类型）"]
    assert ws["A2"].value == f"填报单位：{ALL}"
    rows = {r[0].value: [c.value for c in r[1:]] for r in ws.iter_rows(min_row=7) if r[0].value}
    shown = shown_cells(page)
    assert rows["合计"][0] == shown["mediation_by_type", "合计", "受理"]

    show(qtbot, page, CODE_A, "2026-03")
    pdf = export("a.pdf", view.tr("PDF report (*.pdf)"))
    text = PdfReader(io.BytesIO(pdf.read_bytes())).pages[0].extract_text() or ""
    assert f"填报单位：{NAME_A}" in text.replace(" ", "")
    tokens = text.split()
    at = tokens.index("邻里")
    assert tokens[at:at + 9] == ["邻里", "3", "4", "2", "50.0%", "9,234.56", "1", "1", "1"]


def test_an_import_recounts_the_visible_page(qtbot: Any, page: Any) -> None:
    before = page.view.report
    page.ctx.signals.records_imported.emit()
    qtbot.waitUntil(lambda: page.view.report is not before, timeout=20_000)
    assert page.view.report.scope.name == ALL
