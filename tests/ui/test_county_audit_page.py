"""The county console's 操作日志 page: newest first, filters by actor, action, station and
dates, the chain's state (intact, or the range changed outside the program), and record
views from the 统计 page written under the console's actor."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QModelIndex
from sqlalchemy import select, text

from tests.sync.helpers import COUNTY_ADMIN, COUNTY_ADMIN_NAME, make_county, new_station
from workstation.county import audit, service
from workstation.county.access import CountySession
from workstation.county.db import RECORDS, CountyDatabase
from workstation.county.importer import import_bundle
from workstation.domain.audit import CountyAuditAction as A
from workstation.domain.enums import CountyRole
from workstation.sync import keys
from workstation.sync import station as sync
from workstation.ui.county.context import CountyContext
from workstation.ui.county.window import CountyWindow
from workstation.ui.tasks import TaskRunner

EAST, WEST = "130302200000", "130302300000"


@pytest.fixture(autouse=True)
def console_settings(chinese_settings: Path) -> Path:
    return chinese_settings


@pytest.fixture
def county(tmp_path: Path) -> Iterator[CountyDatabase]:
    county = make_county(tmp_path / "county.db")
    try:
        yield county
    finally:
        county.dispose()


@pytest.fixture
def console(qtbot: Any, county: CountyDatabase, tmp_path: Path) -> Iterator[CountyWindow]:
    runner = TaskRunner()
    # The console's actor is the logged-in county operator: here an admin named 李主任.
    county.session = CountySession(COUNTY_ADMIN, "李主任", CountyRole.ADMIN)
    ctx = CountyContext(db=county, runner=runner, label=str(tmp_path / "county.db"),
                        key_fingerprint="0123456789abcdef" * 4)
    window = CountyWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    try:
        yield window
    finally:
        window.close()
        runner.wait()
        QCoreApplication.processEvents()


def settle(window: CountyWindow) -> None:
    for _ in range(3):
        window.ctx.runner.wait()
        QCoreApplication.processEvents()


def _key() -> str:
    return keys.public_pem(keys.new_signing_key().public_key())


def _fill(county: CountyDatabase) -> None:
    """init (1), two registrations, a notice, logins on fixed days: 9 entries."""
    service.register_station(county, EAST, _key(), "东村站", actor="王科员")
    service.register_station(county, WEST, _key(), "西村站", actor="李主任")
    service.set_notice(county, "0.3.0", actor="李主任")
    for day in ("2030-03-01", "2030-03-02", "2030-03-02", "2030-03-04"):
        audit.record(county, A.LOGIN, actor="王科员", at=f"{day}T04:00:00+00:00")
    audit.record_login_failed(county, "wang", "用户名或密码不正确")


def _column(page: Any, key: str) -> list[str]:
    column = [c.key for c in page.model.columns].index(key)
    return [page.model.data(page.model.index(r, column)) for r in range(page.model.rowCount())]


def test_the_audit_page_lists_filters_and_verifies(qtbot: Any, console: CountyWindow,
                                                   county: CountyDatabase) -> None:
    _fill(county)
    titles = [console.nav.item(i).text() for i in range(console.nav.count())]
    assert titles[-2:] == ["操作日志", "操作员"]
    page = console.show_page("audit")
    settle(console)
    assert page.chain_label.text() == "操作日志完整（共 9 条，已核对）"
    assert page.count_label.text() == "共9条"
    assert [c.label_zh for c in page.model.columns] == [
        "时间", "操作人", "操作", "站点", "对象", "详情"]
    actions = _column(page, "action_label")
    assert actions[0] == "登录失败" and actions[-1] == "创建县级数据库"  # newest first
    assert _column(page, "actor_label")[0] == "未登录"
    assert "东村站" in _column(page, "station_label")[-2]
    assert _column(page, "target_label")[-2] == f"站点：{EAST}"

    actors = [page.actor_box.itemText(i) for i in range(page.actor_box.count())]
    assert actors == ["全部操作员", "未登录", COUNTY_ADMIN_NAME, "李主任", "王科员"]
    page.actor_box.setCurrentIndex(page.actor_box.findData("王科员"))
    settle(console)
    assert page.model.rowCount() == 5
    page.action_box.setCurrentIndex(page.action_box.findData(A.STATION_REGISTER.value))
    settle(console)
    assert _column(page, "station_label") == [f"{EAST}　东村站"]
    page.actor_box.setCurrentIndex(0)
    page.station_box.setCurrentIndex(page.station_box.findData(WEST))
    settle(console)
    assert _column(page, "actor_label") == ["李主任"]
    page.actor_box.setCurrentIndex(page.actor_box.findData(""))  # nobody logged in
    page.station_box.setCurrentIndex(0)
    page.action_box.setCurrentIndex(0)
    settle(console)
    assert _column(page, "action_label") == ["登录失败"]

    page.actor_box.setCurrentIndex(0)
    page.use_dates.setChecked(True)
    page.date_from.set_value(date(2030, 3, 2))
    page.date_to.set_value(date(2030, 3, 3))
    page.apply_filters()
    settle(console)
    assert page.model.rowCount() == 2
    assert page.count_label.text() == "共2条"
    page.date_from.setText("2030-13-45")
    page.apply_filters()
    settle(console)
    assert page.message.text() and page.model.rowCount() == 2  # kept until the date is fixed

    with county.write() as conn:
        conn.execute(text("UPDATE county_audit SET detail = '' WHERE seq = 3"))
        conn.execute(text("DELETE FROM county_audit WHERE seq = 6"))
    console.show_page("import")
    console.show_page("audit")
    settle(console)
    assert page.chain_label.text() == (
        "操作日志第 3 条被改动；第 6 条缺失：有日志在本程序之外被删除或改动")


def test_many_entries_load_a_page_at_a_time(qtbot: Any, console: CountyWindow,
                                            county: CountyDatabase) -> None:
    with county.write() as conn:
        for n in range(450):
            audit.append(conn, A.LOGIN, actor=f"操作员{n % 7}")
    page = console.show_page("audit")
    settle(console)
    assert page.count_label.text() == "共451条"
    assert page.model.rowCount() == 200
    assert page.model.canFetchMore(QModelIndex())
    page.model.fetchMore(QModelIndex())
    settle(console)
    assert page.model.rowCount() == 400


def test_opening_a_record_on_the_statistics_page_is_recorded(
        qtbot: Any, console: CountyWindow, county: CountyDatabase, tmp_path: Path) -> None:
    station = new_station(tmp_path / "east.db", EAST, "东村站", records=40, seed=3,
                          county=county)
    try:
        for path in sync.export(station, tmp_path):
            import_bundle(county, path, actor="王科员")
    finally:
        station.dispose()
    consultations = RECORDS["consultation"]
    with county.engine.connect() as conn:
        cid = str(conn.execute(select(consultations.c.id).limit(1)).scalar_one())
    page = console.show_page("statistics")
    settle(console)
    page.show_record("consultation", cid)
    settle(console)
    assert page.record_dialog is not None
    [entry] = audit.fetch_entries(county, audit.CountyAuditQuery(action=A.RECORD_VIEW))
    assert (entry.actor, entry.station, entry.target) == ("李主任", EAST, cid)
    page.record_dialog.close()
