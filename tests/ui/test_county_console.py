"""The county console (``main.py --county``), driven with qtbot on an SQLite county database
fed by two demo stations: opening and creating, the stations and their gaps, importing a
folder, recording a decision that reaches the station, registering and revoking."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMessageBox

from tests.sync.conftest import pg_server  # noqa: F401  (the PostgreSQL test server)
from tests.sync.helpers import (
    COUNTY_ADMIN,
    COUNTY_PASSWORD,
    make_county,
    new_station,
    touch_person,
)
from workstation.county import service
from workstation.county.db import CountyDatabase, display
from workstation.county.importer import import_bundle
from workstation.services.printing import first_admin
from workstation.storage.engine import Database
from workstation.storage.keyslots import keyfile_path
from workstation.sync import station as sync
from workstation.ui.county.startup import CountyStartup
from workstation.ui.county.window import CountyWindow
from workstation.ui.tasks import TaskRunner
from workstation.version import program_version

HARBOUR, WEST = "130302100000", "130302101000"
HARBOUR_NAME, WEST_NAME = "海港镇公共法律服务工作站", "西港镇公共法律服务工作站"


@pytest.fixture(autouse=True)
def console_settings(chinese_settings: Path) -> Path:
    """Every test here runs with isolated QSettings and the Chinese translation."""
    return chinese_settings


@dataclass
class World:
    county_path: Path
    county: CountyDatabase
    harbour: Database
    west: Database
    usb: Path
    acks: Path


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    """A county with two registered demo stations; nothing imported yet."""
    county = make_county(tmp_path / "county.db")
    harbour = new_station(tmp_path / "harbour.db", HARBOUR, HARBOUR_NAME, records=300, seed=5,
                          county=county)
    west = new_station(tmp_path / "west.db", WEST, WEST_NAME, records=200, seed=9,
                       county=county)
    usb, acks = tmp_path / "usb", tmp_path / "acks"
    usb.mkdir()
    acks.mkdir()
    try:
        yield World(tmp_path / "county.db", county, harbour, west, usb, acks)
    finally:
        for db in (harbour, west):
            db.dispose()
        county.dispose()


@dataclass
class Console:
    startup: CountyStartup
    runner: TaskRunner

    @property
    def window(self) -> CountyWindow:
        assert self.startup.window is not None
        return self.startup.window

    def settle(self) -> None:
        self.runner.wait()
        QCoreApplication.processEvents()
        self.runner.wait()
        QCoreApplication.processEvents()


@pytest.fixture
def open_console(qtbot: Any) -> Iterator[Any]:
    """``open_console(target)`` starts the console on ``target`` (a path or URL)."""
    made: list[Console] = []

    def start(target: Path | str) -> Console:
        runner = TaskRunner()
        startup = CountyStartup(runner, target)
        startup.start()
        console = Console(startup, runner)
        made.append(console)
        return console

    yield start
    for console in made:
        window = console.startup.window
        if window is not None:
            window.close()
        for box in (console.startup.login_dialog, console.startup.recovery_dialog,
                    console.startup.error_box):
            if box is not None:
                box.close()
        console.runner.wait()
        QCoreApplication.processEvents()
        console.startup.cleanup()


def log_in(qtbot: Any, console: Console, user: str = COUNTY_ADMIN,
           password: str = COUNTY_PASSWORD) -> Any:
    """Fill in and submit the console's login dialog; the dialog."""
    qtbot.waitUntil(lambda: console.startup.login_dialog is not None, timeout=20_000)
    dialog = console.startup.login_dialog
    dialog.username.setText(user)
    dialog.password.setText(password)
    dialog.try_login()
    return dialog


def opened(qtbot: Any, open_console: Any, target: Path | str, user: str = COUNTY_ADMIN,
           password: str = COUNTY_PASSWORD) -> Console:
    console = open_console(target)
    dialog = log_in(qtbot, console, user, password)
    # The login names the county database it opens (a URL without its password).
    assert dialog.hint_label.text() == f"数据库：{display(target)}"
    qtbot.waitUntil(lambda: console.startup.window is not None, timeout=20_000)
    console.window.resize(1280, 800)
    console.window.show()
    console.settle()
    return console


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    """Set ``dialogs.folders`` (a queue) / ``dialogs.files`` to what the user chooses next;
    message boxes are recorded instead of shown."""
    chosen = SimpleNamespace(folders=[], files=[], info=[], warnings=[], answer=None)

    def folder(*_a: Any) -> str:
        return str(chosen.folders.pop(0)) if chosen.folders else ""

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", folder)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        lambda *_a: ([str(f) for f in chosen.files], ""))
    monkeypatch.setattr(QMessageBox, "information",
                        lambda parent, title, text, *a: chosen.info.append(text))
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text, *a: chosen.warnings.append(text))
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_a, **_k: chosen.answer)
    return chosen


def texts(table: Any) -> list[list[str]]:
    model = table.model()
    return [[str(model.index(r, c).data() or "") for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def import_via_ui(qtbot: Any, console: Console, dialogs: SimpleNamespace,
                  folder: Path) -> Any:
    page = console.window.show_page("import")
    before = page.batch
    dialogs.folders.append(folder)
    qtbot.mouseClick(page.folder_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.control is None and page.batch is not before,
                    timeout=60_000)
    console.settle()
    return page


def stations_rows(console: Console) -> dict[str, list[str]]:
    page = console.window.show_page("stations")
    page.refresh()
    console.settle()
    return {row[0]: row for row in texts(page.table)}


# -- opening -------------------------------------------------------------------------------


def test_console_opens_on_a_county_with_two_stations(qtbot: Any, open_console: Any,
                                                     world: World) -> None:
    for db in (world.harbour, world.west):
        for path in sync.export(db, world.usb):
            import_bundle(world.county, path)
    console = opened(qtbot, open_console, world.county_path)
    window = console.window
    assert window.windowTitle() == f"县级公共法律服务中心 - {world.county_path}"
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == [
        "站点", "导入数据包", "待决定援助", "统计", "操作日志", "操作员"]
    assert str(world.county_path) == window.database_label.toolTip()
    assert world.county_path.name in window.database_label.text()
    rows = stations_rows(console)
    assert list(rows) == [HARBOUR, WEST]
    page = window.page("stations")
    header = [page.model.headerData(c, Qt.Orientation.Horizontal)
              for c in range(page.model.columnCount())]
    assert header == ["区划代码", "站点名称", "状态", "最近收到", "已收数据包", "缺号",
                      "本月收到的更改", "待决定援助", "待处理冲突", "程序版本", "操作日志"]
    harbour = rows[HARBOUR]
    assert harbour[1] == HARBOUR_NAME and harbour[2] == "正常"
    assert harbour[9] == program_version()
    assert harbour[3].startswith("20") and harbour[4] == "1 个（至第 1 号）"
    assert harbour[5] == "无" and int(harbour[6]) > 300 and int(harbour[7]) > 0
    assert harbour[8] == "0"
    assert page.summary_label.text().startswith("已登记 2 个站点（已撤销 0 个）")
    # Details of the selected station: its bundles.
    page.table.selectRow(1)
    console.settle()
    assert WEST_NAME in page.details_label.text()
    assert [r[1] for r in texts(page.received_table)] == [f"{WEST}-000001.wsb"]
    assert service.keys.fingerprint(service.load_keys(world.county).public().box)[:16] \
        in page.key_label.text()


def test_a_broken_audit_chain_shows_on_the_stations_page(qtbot: Any, open_console: Any,
                                                         world: World) -> None:
    """Audit entries deleted behind the triggers' back at a station: the 操作日志 column and
    the station's details name the entries affected; an intact station says so."""
    from tests.sync.test_audit_chain import _tamper

    with world.harbour.engine.connect() as conn:
        top = int(conn.exec_driver_sql("SELECT max(seq) FROM audit_entry").scalar_one())
    _tamper(world.harbour, f"DELETE FROM audit_entry WHERE seq BETWEEN {top - 2} AND {top - 1}")
    for db in (world.harbour, world.west):
        for path in sync.export(db, world.usb):
            import_bundle(world.county, path)
    console = opened(qtbot, open_console, world.county_path)
    rows = stations_rows(console)
    assert rows[HARBOUR][10] == f"第 {top - 2}–{top - 1} 条缺失"
    assert rows[WEST][10].startswith("完整（")
    page = console.window.page("stations")
    page.table.selectRow(0)
    console.settle()
    assert f"操作日志：第 {top - 2}–{top - 1} 条缺失" in page.details_label.text()


def test_a_missing_file_is_offered_as_a_new_county_database(qtbot: Any, open_console: Any,
                                                            tmp_path: Path) -> None:
    target = tmp_path / "new" / "county.db"
    console = open_console(target)
    qtbot.waitUntil(lambda: console.startup.login_dialog is not None, timeout=10_000)
    dialog = console.startup.login_dialog
    intro = dialog.findChild(QLabel, "first_admin_intro").text()
    assert str(target) in intro and "第一个县级中心管理员" in intro
    assert not target.exists()
    dialog.username.setText("chief")
    dialog.name.setText("主任")
    dialog.password.setText("chief-pass-1")
    dialog.repeat.setText("chief-pass-2")
    dialog.save()
    console.settle()
    assert dialog.isVisible() and not target.exists()  # the two passwords differ
    dialog.repeat.setText("chief-pass-1")
    dialog.save()
    qtbot.waitUntil(lambda: console.startup.window is not None, timeout=20_000)
    assert target.exists() and keyfile_path(target).exists()
    county = console.startup.db
    assert county is not None and len(service.county_public_key(county)) > 100
    assert console.startup.recovery_dialog is not None  # the recovery code, shown once
    assert "主任" in console.window.operator_label.text()


def test_declining_to_create_quits(qtbot: Any, open_console: Any, tmp_path: Path) -> None:
    console = open_console(tmp_path / "none.db")
    qtbot.waitUntil(lambda: console.startup.login_dialog is not None, timeout=10_000)
    with qtbot.waitSignal(console.startup.quit_requested) as signal:
        console.startup.login_dialog.reject()
    assert signal.args == [0]
    assert not (tmp_path / "none.db").exists()


def test_a_wrong_password_is_refused_and_a_read_only_operator_sees_no_import(
        qtbot: Any, open_console: Any, tmp_path: Path) -> None:
    from workstation.county import security

    county = make_county(tmp_path / "county.db")
    security.add_operator(county, username="reader", name="统计员", role="statistics",
                          password="reader-pass-1")
    county.dispose()
    console = open_console(tmp_path / "county.db")
    dialog = log_in(qtbot, console, "reader", "wrong-password")
    qtbot.waitUntil(lambda: not dialog.busy.isVisible(), timeout=20_000)
    assert dialog.message.text() == "用户名或密码错误"
    assert console.startup.window is None
    dialog.password.setText("reader-pass-1")
    dialog.username.setText("nobody")
    dialog.try_login()
    qtbot.waitUntil(lambda: not dialog.busy.isVisible(), timeout=20_000)
    assert dialog.message.text().startswith("用户名或密码错误")  # the same for an unknown name
    console.startup.login_dialog = None
    dialog.reject()
    again = opened(qtbot, open_console, tmp_path / "county.db", "reader", "reader-pass-1")
    keys = [again.window.nav.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(again.window.nav.count())]
    assert keys == ["stations", "statistics"]
    stations = again.window.show_page("stations")
    assert stations.register_button.isHidden() and stations.revoke_button.isHidden()
    assert "统计员" in again.window.operator_label.text()


def test_a_database_that_is_not_a_county_gives_a_chinese_message(
        qtbot: Any, open_console: Any, tmp_path: Path) -> None:
    other = tmp_path / "station.db"
    with sqlite3.connect(other) as conn:  # another program's database
        conn.execute("CREATE TABLE person (id INTEGER)")
    console = open_console(other)
    qtbot.waitUntil(lambda: console.startup.error_box is not None, timeout=10_000)
    box = console.startup.error_box
    assert box.windowTitle() == "无法打开县级数据库"
    assert "不是县级数据库" in box.text() and "\n" not in box.text()
    with qtbot.waitSignal(console.startup.quit_requested) as signal:
        box.done(0)
    assert signal.args == [1]
    assert console.startup.window is None


# -- importing -----------------------------------------------------------------------------


def test_import_a_folder_shows_a_summary_per_bundle(qtbot: Any, open_console: Any,
                                                    world: World,
                                                    dialogs: SimpleNamespace) -> None:
    [harbour_1] = sync.export(world.harbour, world.usb)
    sync.export(world.west, world.usb)
    shutil.copy(harbour_1, world.usb / "copy-of-harbour.wsb")  # a duplicate
    stranger = new_station(world.usb.parent / "stranger.db", "130302109000", "未登记站点")
    sync.set_county_key(stranger, first_admin(stranger), service.county_public_key(world.county))
    sync.export(stranger, world.usb)
    stranger.dispose()
    console = opened(qtbot, open_console, world.county_path)
    page = console.window.show_page("import")
    assert "数据包所在的文件夹" in page.ack_dir_label.text()
    dialogs.folders.append(world.acks)
    page.ack_dir_button.click()
    assert page.ack_dir_label.text() == str(world.acks)

    import_via_ui(qtbot, console, dialogs, world.usb)
    rows = texts(page.table)
    assert [(r[0], r[3]) for r in rows] == [
        (f"{HARBOUR}-000001.wsb", "已导入"), (f"{WEST}-000001.wsb", "已导入"),
        ("130302109000-000001.wsb", "被拒绝"), ("copy-of-harbour.wsb", "重复，已跳过")]
    harbour = rows[0]
    assert harbour[1] == f"{HARBOUR} {HARBOUR_NAME}" and harbour[2] == "1"
    assert int(harbour[4]) > 300 and harbour[5:8] == ["0", "0", "0"]
    assert harbour[8] == f"回执：{HARBOUR}-000001.wsa"
    assert rows[2][8] == "站点未登记（区划代码 130302109000），请先登记该站点的公钥"
    summary = page.summary_label.text()
    assert "共 4 个数据包：导入 2 个，重复跳过 1 个，拒绝 1 个。" in summary
    assert f"已写出 3 个回执文件，保存在 {world.acks}" in summary
    assert page.open_acks_button.isVisible()
    assert sorted(p.name for p in world.acks.iterdir()) == [
        f"{HARBOUR}-000001.wsa", f"{WEST}-000001.wsa"]
    assert list(world.usb.glob("*.wsa")) == []
    # The station takes its acknowledgement home.
    assert sync.import_ack(world.harbour, world.acks / f"{HARBOUR}-000001.wsa").bundle_seq == 1
    rows_after = stations_rows(console)
    assert rows_after[HARBOUR][4] == "1 个（至第 1 号）"


def test_import_can_be_cancelled(qtbot: Any, open_console: Any, world: World,
                                 dialogs: SimpleNamespace) -> None:
    sync.export(world.harbour, world.usb)
    sync.export(world.west, world.usb)
    console = opened(qtbot, open_console, world.county_path)
    page = console.window.show_page("import")
    gate = threading.Event()
    console.runner.run(lambda: gate.wait(20), write=True)  # hold the write thread
    dialogs.folders.append(world.usb)
    page.folder_button.click()
    assert page.progress_box.isVisible() and not page.folder_button.isEnabled()
    assert page.cancel_button.text() == "取消"
    page.cancel_button.click()
    gate.set()
    qtbot.waitUntil(lambda: page.control is None, timeout=30_000)
    console.settle()
    assert not page.progress_box.isVisible() and page.folder_button.isEnabled()
    assert "已取消：另有 2 个数据包未导入。" in page.summary_label.text()
    assert page.model.rowCount() == 0
    assert all(row[4] == "—" for row in stations_rows(console).values())


def test_a_folder_without_bundles_is_refused_in_chinese(qtbot: Any, open_console: Any,
                                                        world: World,
                                                        dialogs: SimpleNamespace) -> None:
    console = opened(qtbot, open_console, world.county_path)
    page = console.window.show_page("import")
    dialogs.folders.append(world.acks)
    page.folder_button.click()
    qtbot.waitUntil(lambda: page.control is None and bool(dialogs.warnings), timeout=20_000)
    [message] = dialogs.warnings
    assert "中没有数据包" in message and "\n" not in message
    assert page.summary_label.text() == "没有导入任何数据包。"


# -- gaps ----------------------------------------------------------------------------------


def test_station_list_shows_gaps_when_a_bundle_in_the_middle_is_missing(
        qtbot: Any, open_console: Any, world: World, dialogs: SimpleNamespace,
        tmp_path: Path) -> None:
    db = world.harbour
    [one] = sync.export(db, world.usb)
    sync.import_ack(db, import_bundle(world.county, one, ack_dir=world.acks).ack_path)
    backup = tmp_path / "county-backup.db"
    from workstation.storage.engine import connect_raw

    key = world.county.key  # the county's nightly backup (with its key file, unchanged)
    assert key is not None
    source, copy = connect_raw(world.county_path, key), connect_raw(backup, key)
    with copy:
        source.backup(copy)
    source.close()
    copy.close()
    touch_person(db, "13700001111")
    [two] = sync.export(db, tmp_path)
    sync.import_ack(db, import_bundle(world.county, two, ack_dir=world.acks).ack_path)
    touch_person(db, "13700002222")
    sync.export(db, world.usb)  # bundle 3
    # The county database is lost and restored from the backup taken before bundle 2.
    world.county.dispose()
    shutil.copy(backup, world.county_path)
    for suffix in ("-wal", "-shm"):
        Path(f"{world.county_path}{suffix}").unlink(missing_ok=True)
    one.unlink()

    console = opened(qtbot, open_console, world.county_path)
    page = import_via_ui(qtbot, console, dialogs, world.usb)
    [refused] = texts(page.table)
    assert refused[3] == "被拒绝" and "缺少第 2 号数据包" in refused[8]
    rows = stations_rows(console)
    assert rows[HARBOUR][5] == "缺第 2 号；第 3 号被拒绝"
    stations = console.window.page("stations")
    stations.table.selectRow(0)
    console.settle()
    details = stations.details_label.text()
    assert "第 2 号数据包未收到，其中的更改县里还没有" in details
    assert "第 3 号数据包被拒绝" in details
    assert "缺数据包或数据包被拒绝 1 个" in stations.summary_label.text()
    model = stations.model
    assert model.index(0, model.GAPS).data(Qt.ItemDataRole.ForegroundRole) is not None

    # The station brings bundle 2 again: both import, nothing is missing any more.
    shutil.copy(two, world.usb / two.name)
    import_via_ui(qtbot, console, dialogs, world.usb)
    assert [r[3] for r in texts(page.table)] == ["已导入", "已导入"]
    assert stations_rows(console)[HARBOUR][5] == "无"


def test_a_superseded_bundle_is_a_harmless_gap(qtbot: Any, open_console: Any, world: World,
                                                dialogs: SimpleNamespace) -> None:
    db = world.harbour
    [one] = sync.export(db, world.usb)
    sync.import_ack(db, import_bundle(world.county, one).ack_path)
    one.unlink()
    touch_person(db, "13700001111")
    [two] = sync.export(db, world.usb)
    two.unlink()  # lost; bundle 3 carries its changes again
    touch_person(db, "13700002222")
    sync.export(db, world.usb)
    console = opened(qtbot, open_console, world.county_path)
    import_via_ui(qtbot, console, dialogs, world.usb)
    assert stations_rows(console)[HARBOUR][5] == "未收到第 2 号（其更改已由后续数据包带来）"


def test_quiet_stations_are_highlighted(qtbot: Any, open_console: Any, world: World) -> None:
    console = opened(qtbot, open_console, world.county_path)
    page = console.window.show_page("stations")
    model = page.model
    assert all(model.index(r, 0).data(Qt.ItemDataRole.BackgroundRole) is None
               for r in range(model.rowCount()))
    assert texts(page.table)[0][2] == "尚未报送"
    from datetime import timedelta

    page.model.now = page.model.now + timedelta(days=40)
    page.quiet_days.setValue(30)
    page.quiet_days.setValue(31)  # emits: the rows are recoloured
    assert texts(page.table)[0][2] == "40 天未报送"
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert "31 天以上未报送 2 个" in page.summary_label.text()
    page.quiet_days.setValue(41)
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is None


# -- decisions -----------------------------------------------------------------------------


def test_record_a_decision_that_flows_back_to_the_station(
        qtbot: Any, open_console: Any, world: World, dialogs: SimpleNamespace) -> None:
    from workstation.storage.models import AidReferral

    for db in (world.harbour, world.west):
        sync.export(db, world.usb)
    console = opened(qtbot, open_console, world.county_path)
    import_via_ui(qtbot, console, dialogs, world.usb)
    for ack in sorted(world.usb.glob("*.wsa")):
        sync.import_ack(world.harbour if ack.name.startswith(HARBOUR) else world.west, ack)
    page = console.window.show_page("referrals")
    console.settle()
    rows = texts(page.table)
    assert rows and {r[1] for r in rows} <= {HARBOUR_NAME, WEST_NAME}
    assert page.summary_label.text().startswith(f"共 {len(rows)} 件申请待决定")
    urgent = [r[0] == "紧急" for r in rows]
    assert urgent == sorted(urgent, reverse=True)
    assert all(r[4].count("*") == 8 for r in rows)
    # Choose a station's applications only.
    page.station_filter.setCurrentIndex(page.station_filter.findData(HARBOUR))
    harbour_rows = texts(page.table)
    assert harbour_rows and {r[1] for r in harbour_rows} == {HARBOUR_NAME}
    assert len(harbour_rows) < len(rows)

    page.table.selectRow(0)
    target = page.selected_referral()
    assert target is not None
    page.decide_button.click()
    dialog = page.decision_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "录入决定"
    assert any(target.number in label.text() for label in dialog.findChildren(QLabel))
    assert any(target.applicant_id_masked in label.text()
               for label in dialog.findChildren(QLabel))
    dialog.save_button.click()
    assert dialog.errors.message_for("decision") == "请选择决定：准予或不予法律援助"
    dialog.choices["granted"].setChecked(True)
    dialog.save_button.click()
    assert dialog.errors.message_for("lawyer") == "准予法律援助时请填写承办律师"
    assert dialog.isVisible()
    dialog.lawyer.setText("李明（海港律师事务所）")
    dialog.reason.setPlainText("符合经济困难标准")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: page.decision_dialog is None, timeout=20_000)
    console.settle()
    assert target.referral_id not in {p.referral_id for p in page.state.pending}
    [awaiting] = texts(page.awaiting_table)
    assert awaiting[:5] == [HARBOUR_NAME, target.number, target.applicant_name, "准予法律援助",
                            "李明（海港律师事务所）"]

    # The next import writes an acknowledgement carrying the decision; the station applies it.
    for ack in world.usb.glob("*.wsa"):
        ack.unlink()
    import_via_ui(qtbot, console, dialogs, world.usb)  # duplicates, acknowledged again
    ack = world.usb / f"{HARBOUR}-000001.wsa"
    body = sync.verified_ack(world.harbour, ack.read_bytes(), ack.name)
    assert [d["referral_id"] for d in body["decisions"]] == [target.referral_id]
    assert sync.import_ack(world.harbour, ack).decisions_applied == 1
    with world.harbour.read() as s:
        referral = s.get_one(AidReferral, target.referral_id)
    assert (referral.status, referral.assigned_lawyer, referral.decision_note) == (
        "granted", "李明（海港律师事务所）", "符合经济困难标准")
    # Its next bundle shows the decision: the county stops waiting for it.
    [second] = sync.export(world.harbour, world.usb)
    import_via_ui(qtbot, console, dialogs, world.usb)
    page = console.window.show_page("referrals")
    console.settle()
    assert texts(page.awaiting_table) == []
    assert second.name == f"{HARBOUR}-000002.wsb"


def test_a_denial_needs_a_reason(qtbot: Any, open_console: Any, world: World) -> None:
    for path in sync.export(world.harbour, world.usb):
        import_bundle(world.county, path)
    console = opened(qtbot, open_console, world.county_path)
    page = console.window.show_page("referrals")
    console.settle()
    page.table.selectRow(0)
    page.decide_selected()
    dialog = page.decision_dialog
    dialog.choices["denied"].setChecked(True)
    dialog.save_button.click()
    assert dialog.errors.message_for("reason") == "不予法律援助时请说明理由"
    assert dialog.isVisible()
    dialog.reject()
    qtbot.waitUntil(lambda: page.decision_dialog is None)
    with world.county.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM decision").scalar_one() == 0


# -- registering ---------------------------------------------------------------------------


def test_register_and_revoke_a_station(qtbot: Any, open_console: Any, world: World,
                                       dialogs: SimpleNamespace, tmp_path: Path) -> None:
    third = new_station(tmp_path / "third.db", "130302102000", "石门寨镇公共法律服务工作站")
    key = sync.station_public_key(third)
    third.dispose()
    console = opened(qtbot, open_console, world.county_path)
    page = console.window.show_page("stations")
    page.register_button.click()
    dialog = page.register_dialog
    assert dialog is not None
    dialog.division_code.setText(HARBOUR)
    dialog.key_text.setPlainText("not a key")
    dialog.save_button.click()
    assert dialog.errors.message_for("division_code") == "该区划代码的站点已经登记"
    assert dialog.errors.message_for("public_key").startswith("不是有效的站点公钥")
    dialog.division_code.setText("13030210200")
    dialog.key_text.setPlainText(key)
    dialog.validate()
    assert dialog.errors.message_for("division_code") == "区划代码应为12位数字"
    assert dialog.fingerprint_label.text().startswith("公钥编号 ")
    dialog.division_code.setText("130302102000")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: page.register_dialog is None, timeout=20_000)
    console.settle()
    rows = stations_rows(console)
    assert rows["130302102000"][1] == "（名称随第一个数据包带来）"
    assert rows["130302102000"][2] == "尚未报送"

    page.table.selectRow(list(rows).index(WEST))
    dialogs.answer = QMessageBox.StandardButton.No
    page.revoke_button.click()
    console.settle()
    assert stations_rows(console)[WEST][2] != "已撤销"
    page.table.selectRow(list(rows).index(WEST))
    dialogs.answer = QMessageBox.StandardButton.Yes
    page.revoke_button.click()
    console.settle()
    assert stations_rows(console)[WEST][2] == "已撤销"
    page.table.selectRow(list(rows).index(WEST))
    assert not page.revoke_button.isEnabled()
    assert "登记已撤销" in page.details_label.text()


def test_register_reads_a_key_file(qtbot: Any, open_console: Any, world: World,
                                   monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    key_file = tmp_path / "station-key.pem"
    key_file.write_text(sync.station_public_key(world.west), encoding="ascii")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a: (str(key_file), ""))
    console = opened(qtbot, open_console, world.county_path)
    page = console.window.show_page("stations")
    page.open_register_dialog()
    dialog = page.register_dialog
    dialog.read_file_button.click()
    qtbot.waitUntil(lambda: bool(dialog.key_text.toPlainText()), timeout=10_000)
    assert "BEGIN PUBLIC KEY" in dialog.key_text.toPlainText()
    assert dialog.fingerprint_label.text().startswith("公钥编号 ")
    dialog.reject()


def test_the_county_key_can_be_saved_for_the_stations(
        qtbot: Any, open_console: Any, world: World, dialogs: SimpleNamespace,
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    target = tmp_path / "keys" / "county.pem"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: (str(target), ""))
    console = opened(qtbot, open_console, world.county_path)
    page = console.window.show_page("stations")
    page.save_key_button.click()
    qtbot.waitUntil(lambda: bool(dialogs.info), timeout=10_000)
    assert str(target) in dialogs.info[0]
    assert target.read_text("ascii") == service.county_public_key(world.county)
    page.copy_key_button.click()
    assert QApplication.clipboard().text() == service.county_public_key(world.county)


# -- language and models ---------------------------------------------------------------------


def test_every_county_screen_speaks_chinese(qtbot: Any, open_console: Any,
                                            world: World) -> None:
    from tests.ui.test_chinese_ui import _english, _visible_texts

    for path in sync.export(world.harbour, world.usb):
        import_bundle(world.county, path)
    console = opened(qtbot, open_console, world.county_path)
    window = console.window
    path = str(world.county_path)  # a file name is not English text

    def english(root: Any, where: str) -> list[str]:
        return [f"{where}: {kind}: {text!r}" for kind, text in _visible_texts(root)
                if _english(text.replace(path, "").replace(world.county_path.name, ""))]

    offenders: list[str] = []
    for spec in window.specs:
        window.show_page(spec.key)
        console.settle()
        offenders += english(window, spec.key)
    stations = window.page("stations")
    stations.open_register_dialog()
    referrals = window.page("referrals")
    referrals.table.selectRow(0)
    referrals.decide_selected()
    for dialog in (stations.register_dialog, referrals.decision_dialog):
        offenders += english(dialog, "dialog")
        dialog.reject()
    assert offenders == []


def test_table_models(qtmodeltester: Any, qtbot: Any, open_console: Any, world: World,
                      dialogs: SimpleNamespace) -> None:
    for db in (world.harbour, world.west):
        sync.export(db, world.usb)
    console = opened(qtbot, open_console, world.county_path)
    import_via_ui(qtbot, console, dialogs, world.usb)
    window = console.window
    stations = window.show_page("stations")
    console.settle()
    referrals = window.show_page("referrals")
    console.settle()
    for model in (stations.model, stations.received_model, window.page("import").model,
                  referrals.model, referrals.awaiting_model):
        assert model.rowCount() > 0 or model is referrals.awaiting_model
        qtmodeltester.check(model)
        assert model.data(QModelIndex()) is None


# -- PostgreSQL and the command line ---------------------------------------------------------


def test_the_console_on_postgresql(qtbot: Any, open_console: Any, world: World,
                                   dialogs: SimpleNamespace,
                                   pg_server: Any) -> None:  # noqa: F811
    url = pg_server.new_url()
    console = None
    try:
        console = open_console(url)  # an empty database: offered as a new county database
        qtbot.waitUntil(lambda: console.startup.login_dialog is not None, timeout=20_000)
        first = console.startup.login_dialog
        assert "还没有县级数据库" in first.findChild(QLabel, "first_admin_intro").text()
        first.username.setText("chief")
        first.name.setText("主任")
        first.password.setText("chief-pass-1")
        first.repeat.setText("chief-pass-1")
        first.save()
        qtbot.waitUntil(lambda: console.startup.window is not None, timeout=30_000)
        console.window.show()
        county = console.startup.db
        assert county is not None and county.dialect == "postgresql"
        for db, code in ((world.harbour, HARBOUR), (world.west, WEST)):
            sync.set_county_key(db, first_admin(db), service.county_public_key(county))
            service.register_station(county, code, sync.station_public_key(db))
            sync.export(db, world.usb)
        page = import_via_ui(qtbot, console, dialogs, world.usb)
        assert [r[3] for r in texts(page.table)] == ["已导入", "已导入"]
        rows = stations_rows(console)
        assert [r[1] for r in rows.values()] == [HARBOUR_NAME, WEST_NAME]
        referrals = console.window.show_page("referrals")
        console.settle()
        referrals.table.selectRow(0)
        referrals.decide_selected()
        dialog = referrals.decision_dialog
        dialog.choices["denied"].setChecked(True)
        dialog.reason.setPlainText("经审查不符合经济困难标准")
        dialog.save_button.click()
        qtbot.waitUntil(lambda: referrals.decision_dialog is None, timeout=20_000)
        console.settle()
        assert texts(referrals.awaiting_table)[0][3] == "不予法律援助"
    finally:
        if console is not None:  # close before the schema is dropped
            if console.startup.window is not None:
                console.startup.window.close()
            console.runner.wait()
            console.startup.cleanup()
        pg_server.drop(url)


def test_main_takes_a_database_url_for_the_county() -> None:
    from workstation.app import parse_args

    url = "postgresql://county:secret@db.example/county"
    args = parse_args(["--county", "--db", url])
    assert args.county and args.db == url
    with pytest.raises(SystemExit):
        parse_args(["--county", "--demo"])


def test_the_county_startup_loads_no_database_code_before_the_window() -> None:
    import subprocess
    import sys

    code = ("import sys, workstation.ui.startup, workstation.ui.county.startup; "
            "print(sorted(m for m in ('sqlalchemy', 'cryptography', 'workstation.county') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"
