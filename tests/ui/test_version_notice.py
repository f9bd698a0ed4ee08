"""The program version in the consoles: the county's 站点 page shows each station's version
(amber when older than the one the county distributes); the station's 同步 page says
"县级中心提示：有新版本 X …" after an acknowledgement carrying a newer version, and keeps
saying it after a restart until an acknowledgement without the notice arrives."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from tests.sync.helpers import make_county
from tests.ui.layout_check import layout_problems, restore_style
from workstation.county.db import CountyDatabase
from workstation.county.importer import import_bundle
from workstation.county.overview import StationOverview
from workstation.county.service import (
    clear_notice,
    county_public_key,
    register_station,
    set_notice,
)
from workstation.services.stations import get_station
from workstation.sync import station as sync
from workstation.ui.county.stations import WARN_TEXT, StationTableModel
from workstation.ui.pages.sync import SyncPage
from workstation.version import program_version


@pytest.fixture(autouse=True)
def settings(chinese_settings: Path) -> Path:
    return chinese_settings


def test_the_station_table_shows_each_stations_program_version(qtbot: Any) -> None:
    now = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)

    def overview(code: str, version: str | None, newer: str | None) -> StationOverview:
        return StationOverview(
            division_code=code, name="站", station_id=None, revoked=False,
            registered_at=now - timedelta(days=3), key_fingerprint="ab" * 32, last_seq=1,
            bundles_received=1, last_received_at=now, skipped=(), needed=(), refused=(),
            changes_this_month=0, pending_referrals=0, program_version=version,
            newer_version=newer)

    model = StationTableModel()
    model.set_state([overview("130302100000", "0.1.0", "0.2.0"),
                     overview("130302200000", "0.2.0", None),
                     overview("130302300000", None, None)], now, 14)
    assert model.headerData(model.VERSION, Qt.Orientation.Horizontal) == "程序版本"
    cells = [model.index(r, model.VERSION) for r in range(3)]
    assert [c.data() for c in cells] == ["0.1.0", "0.2.0", "—"]
    old, current = cells[0], cells[1]
    assert old.data(Qt.ItemDataRole.ForegroundRole).color() == WARN_TEXT
    assert "低于县级中心分发的最新版本 0.2.0" in old.data(Qt.ItemDataRole.ToolTipRole)
    assert current.data(Qt.ItemDataRole.ForegroundRole) is None


@pytest.fixture
def county(tmp_path: Path, ui_ctx: Any) -> Iterator[CountyDatabase]:
    """A county that registered the page's station, whose key the station has."""
    c = make_county(tmp_path / "county.db")
    sync.set_county_key(ui_ctx.db, ui_ctx.actor, county_public_key(c))
    register_station(c, get_station(ui_ctx.db).division_code,
                     sync.station_public_key(ui_ctx.db))
    try:
        yield c
    finally:
        c.dispose()


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    """The next file the user chooses, and the messages the page showed."""
    state = SimpleNamespace(file="", info=[], warnings=[])
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a: (str(state.file), ""))
    monkeypatch.setattr(QMessageBox, "information",
                        lambda parent, title, text, *a: state.info.append(text))
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text, *a: state.warnings.append(text))
    return state


def _page(qtbot: Any, ctx: Any) -> SyncPage:
    page = SyncPage(ctx)
    qtbot.addWidget(page)
    page.resize(1000, 760)
    page.show()
    page.activated()
    qtbot.waitUntil(lambda: page.status is not None and not page.busy, timeout=20_000)
    return page


def _import_ack(qtbot: Any, page: SyncPage, shown: SimpleNamespace, ack: Path) -> str:
    before = len(shown.info)
    shown.file = ack
    qtbot.mouseClick(page.ack_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(shown.info) > before or bool(shown.warnings), timeout=30_000)
    assert not shown.warnings
    return str(shown.info[-1])


def test_the_sync_page_tells_about_a_newer_version(qtbot: Any, ui_ctx: Any,
                                                   county: CountyDatabase, tmp_path: Path,
                                                   shown: SimpleNamespace) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    [bundle] = sync.export(ui_ctx.db, usb)
    set_notice(county, "99.0", "请到县级中心领取安装程序")
    ack = import_bundle(county, bundle).ack_path
    page = _page(qtbot, ui_ctx)
    assert page.version_notice.isHidden()

    text = _import_ack(qtbot, page, shown, ack)
    line = (f"县级中心提示：有新版本 99.0（本站为 {program_version()}），请安排升级。"
            "请到县级中心领取安装程序")
    assert text.splitlines()[-1] == line
    assert page.version_notice.isVisible() and page.version_notice.text() == line
    assert page.version_notice.property("role") == "notice"

    # After a restart the page still says it.
    again = _page(qtbot, ui_ctx)
    assert again.version_notice.isVisible() and again.version_notice.text() == line

    # The county withdraws the notice: the next acknowledgement clears it.
    clear_notice(county)
    ack = import_bundle(county, bundle).ack_path  # a replay: the acknowledgement again
    assert "县级中心提示" not in _import_ack(qtbot, again, shown, ack)
    assert again.version_notice.isHidden()
    assert _page(qtbot, ui_ctx).version_notice.isHidden()


def test_the_sync_page_with_the_notice_fits_1024x768_in_the_largest_text(
        qtbot: Any, ui_ctx: Any, qapp: QApplication) -> None:
    from PySide6.QtCore import QSettings

    from workstation.ui.appearance import apply_text_size, register_bundled_fonts, ui_font_family
    from workstation.ui.main_window import MainWindow
    from workstation.ui.pages.registry import default_pages
    from workstation.ui.sync.version_notice import SETTING_NOTICE

    QSettings().setValue(SETTING_NOTICE, '{"newest_version": "99.0", "text": '
                                         '"请到县级中心领取安装程序，升级前先备份"}')
    font = qapp.font()
    face = QFont()
    face.setFamilies(ui_font_family(register_bundled_fonts()))
    qapp.setFont(face)
    apply_text_size(qapp, "larger")
    window = MainWindow(ui_ctx, default_pages(ui_ctx.actor), idle_timeout_ms=0)
    qtbot.addWidget(window)
    try:
        window.setWindowState(Qt.WindowState.WindowNoState)
        window.resize(1024, 768 - 40 - 32)
        window.show()
        page = window.show_page("sync")
        for _ in range(3):
            ui_ctx.runner.wait()
            QCoreApplication.processEvents()
        qtbot.wait(30)
        assert page.version_notice.isVisible()
        assert layout_problems(window) == []
    finally:
        window.session_lock.stop()
        window.close()
        ui_ctx.runner.wait()
        restore_style(qapp, font)
