"""The 同步 page's conflicts: the notice appears after an acknowledgement lists conflicts, the
dialog lists them and settles one each way (confirmation defaults to No), and fits 1024×768
in 特大."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select, text, update

from tests.sync.helpers import make_county
from tests.ui.test_dialog_fit import fit_problems, larger  # noqa: F401  (fixture)
from workstation.county.db import RECORDS, CountyDatabase
from workstation.county.importer import import_bundle
from workstation.county.service import county_public_key, register_station
from workstation.domain.inputs import CaseInput, PartyInput
from workstation.services.mediation import open_case
from workstation.services.stations import get_station
from workstation.sync import station as sync
from workstation.ui.sync.conflicts import ConflictsDialog, ConflictsPanel


@pytest.fixture(autouse=True)
def settings(chinese_settings: Path) -> Path:
    return chinese_settings


@pytest.fixture
def county(tmp_path: Path) -> Iterator[CountyDatabase]:
    c = make_county(tmp_path / "county.db")
    try:
        yield c
    finally:
        c.dispose()


def _change_county(county: CountyDatabase, table: str, rid: str, bump: int, **changes: Any
                   ) -> None:
    rec = RECORDS[table]
    with county.write() as conn:
        version, data = conn.execute(select(rec.c.version, rec.c.data)
                                     .where(rec.c.id == rid)).one()
        data = json.loads(data)
        data.update(changes, version=version + bump)
        conn.execute(update(rec).where(rec.c.id == rid).values(
            version=version + bump, data=json.dumps(data, ensure_ascii=False)))


@pytest.fixture
def conflicted(ui_ctx: Any, ui_make_person: Any, county: CountyDatabase,
               tmp_path: Path) -> dict[str, str]:
    """Two conflicts reported back to the station: its applicant (same version, the county
    has another name) and its case (the county holds a newer version)."""
    db, actor = ui_ctx.db, ui_ctx.actor
    case_id = open_case(db, actor, CaseInput(
        source="application", dispute_type="neighbour", facts="邻里之间因排水沟发生纠纷。",
        registered_on=date(2026, 11, 2),
        parties=(PartyInput(role="applicant", person=ui_make_person("张三", 1)),
                 PartyInput(role="respondent", person=ui_make_person("李四", 2, "female")))))
    sync.set_county_key(db, actor, county_public_key(county))
    register_station(county, get_station(db).division_code, sync.station_public_key(db))
    usb = tmp_path / "usb"
    usb.mkdir()
    [first] = sync.export(db, usb)
    import_bundle(county, first)
    with db.engine.connect() as conn:
        person_id = conn.execute(text("SELECT id FROM person WHERE name = '张三'")).scalar_one()
    _change_county(county, "person", person_id, 0, name="张叁")
    _change_county(county, "mediation_case", case_id, 1, facts="县级中心记录的案情。")
    [second] = sync.export(db, usb)
    summary = import_bundle(county, second)
    assert summary.total("conflicts") == 2
    assert sync.import_ack(db, summary.ack_path).conflicts_open == 2
    return {"person": person_id, "case": case_id}


def _yes(monkeypatch: pytest.MonkeyPatch, answer: QMessageBox.StandardButton) -> list[Any]:
    asked: list[Any] = []

    def question(parent: Any, title: str, text_: str, buttons: Any, default: Any) -> Any:
        asked.append(default)
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def test_panel_shows_the_count_and_the_dialog_settles_each_way(
        qtbot: Any, ui_ctx: Any, conflicted: dict[str, str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    panel = ConflictsPanel(ui_ctx)
    qtbot.addWidget(panel)
    panel.refresh()
    qtbot.waitUntil(lambda: panel.open_count == 2, timeout=20_000)
    assert not panel.isHidden()
    assert "2" in panel.count_label.text() and "县级中心" in panel.count_label.text()

    dialog = panel.open_dialog()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=20_000)
    texts = [[str(dialog.model.index(r, c).data() or "") for c in range(6)] for r in range(2)]
    by_table = {("调解案件" in row[0]): row for row in texts}
    assert "张三" in by_table[False][0] and "同一版本号" in by_table[False][1]
    assert "更新的版本" in by_table[True][1]
    assert all(row[5] == "待处理" for row in texts)

    # "No" (the default) changes nothing.
    row_of = {item.record_id: n for n, item in enumerate(dialog.model.items)}
    dialog.table.selectRow(row_of[conflicted["person"]])
    assert dialog.keep_button.isEnabled() and dialog.take_button.isEnabled()
    asked = _yes(monkeypatch, QMessageBox.StandardButton.No)
    qtbot.mouseClick(dialog.take_button, Qt.MouseButton.LeftButton)
    assert asked == [QMessageBox.StandardButton.No]
    assert not dialog.busy

    _yes(monkeypatch, QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(dialog.take_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy and any(
        not i.open for i in dialog.model.items), timeout=20_000)
    with ui_ctx.db.engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM person WHERE id = :id"),
                            {"id": conflicted["person"]}).scalar() == "张叁"

    row_of = {item.record_id: n for n, item in enumerate(dialog.model.items)}
    dialog.table.selectRow(row_of[conflicted["case"]])
    qtbot.mouseClick(dialog.keep_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy and all(
        not i.open for i in dialog.model.items), timeout=20_000)
    states = {i.record_id: i.resolution for i in dialog.model.items}
    assert states == {conflicted["person"]: "county", conflicted["case"]: "station"}
    assert not dialog.keep_button.isEnabled()
    qtbot.waitUntil(lambda: panel.open_count == 0, timeout=20_000)
    assert panel.isHidden()
    dialog.close()


def test_dialog_fits_a_small_screen_in_extra_large_text(
        qtbot: Any, ui_ctx: Any, conflicted: dict[str, str],
        larger: None) -> None:  # noqa: F811
    dialog = ConflictsDialog(ui_ctx)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=20_000)
    assert fit_problems(qtbot, dialog) == []


def test_page_shows_the_panel_after_an_acknowledgement(
        qtbot: Any, ui_ctx: Any, conflicted: dict[str, str]) -> None:
    from tests.ui.test_sync_page import make_page

    page = make_page(qtbot, ui_ctx)
    qtbot.waitUntil(lambda: page.conflicts_panel.open_count == 2, timeout=20_000)
    assert page.conflicts_panel.isVisible()


def test_county_stations_page_counts_and_lists_open_conflicts(
        qtbot: Any, ui_ctx: Any, conflicted: dict[str, str], county: CountyDatabase) -> None:
    from PySide6.QtCore import QCoreApplication

    from workstation.ui.county.context import CountyContext
    from workstation.ui.county.stations import StationsPage, StationTableModel

    ctx = CountyContext(db=county, runner=ui_ctx.runner, label="county.db")
    page = StationsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=20_000)
    count = page.model.index(0, StationTableModel.CONFLICTS).data()
    assert count == "2"
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: "调解案件" in page.details_label.text(), timeout=20_000)
    details = page.details_label.text()
    assert "2 条记录与县级中心保存的不同" in details
    assert "县级中心版本" in details and "更新的版本" in details
    ui_ctx.runner.wait()
    QCoreApplication.processEvents()


def test_sync_page_with_the_notice_fits_1024_in_extra_large_text(
        qtbot: Any, ui_ctx: Any, conflicted: dict[str, str],
        larger: None) -> None:  # noqa: F811
    from tests.ui.test_screen_fit import check, report, settle, window_size
    from workstation.ui.main_window import MainWindow
    from workstation.ui.pages.registry import default_pages

    window = MainWindow(ui_ctx, default_pages(ui_ctx.actor), idle_timeout_ms=0)
    qtbot.addWidget(window)
    size = window_size((1024, 768))
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(*size)
    window.show()
    found: dict[str, list[str]] = {}
    try:
        page = window.show_page("sync")
        settle(ui_ctx, qtbot)
        qtbot.waitUntil(lambda: page.conflicts_panel.isVisible(), timeout=20_000)
        settle(ui_ctx, qtbot)
        check(window, size, "sync with conflicts", found)
    finally:
        window.session_lock.stop()
        window.close()
        ui_ctx.runner.wait()
    assert not found, report(found)


def test_the_dialog_shows_what_the_selected_record_holds_otherwise(
        qtbot: Any, ui_ctx: Any, conflicted: dict[str, str]) -> None:
    from workstation.sync.station_conflicts import differences

    found = differences(ui_ctx.db, conflicted["person"], "person")
    assert found is not None
    assert [(d.label, d.county, d.station) for d in found] == [("姓名", "“张叁”", "“张三”")]

    dialog = ConflictsDialog(ui_ctx)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=20_000)
    row_of = {item.record_id: n for n, item in enumerate(dialog.model.items)}
    dialog.table.selectRow(row_of[conflicted["case"]])
    qtbot.waitUntil(lambda: "纠纷事实" in dialog.difference_label.text(), timeout=20_000)
    said = dialog.difference_label.text()
    assert said.startswith("不同之处：")
    assert "县级中心为 “县级中心记录的案情。”" in said
    assert "本站为 “邻里之间因排水沟发生纠纷。”" in said
    dialog.table.selectRow(row_of[conflicted["person"]])
    qtbot.waitUntil(lambda: "姓名：县级中心为 “张叁”，本站为 “张三”" in
                    dialog.difference_label.text(), timeout=20_000)
    assert "纠纷事实" not in dialog.difference_label.text()
