"""The 备份 page and automatic backups, driven through the widgets: backing up with progress,
cancelling, restoring with its confirmation (and a password for another PC's backup), damaged
backups refused, admins only; automatic backups at start and exit; logging in again after a
restore."""

from __future__ import annotations

import argparse
import threading
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMessageBox, QPushButton

from tests.backup_support import flip, member_offset, record_ids, station_files
from tests.ui.conftest import UI_ADMIN_PASSWORD
from workstation.services import backup as service
from workstation.services.auth import add_operator, authenticate
from workstation.services.consultations import register_consultation
from workstation.ui.pages.backup import BackupPage

WAIT_MS = 30_000


@pytest.fixture(autouse=True)
def backup_settings(chinese_settings: Path) -> Path:
    return chinese_settings


@pytest.fixture
def auto_dir(private_backup_dir: Path) -> Path:
    return private_backup_dir


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    shown = SimpleNamespace(info=[], warnings=[])
    monkeypatch.setattr(QMessageBox, "information",
                        lambda parent, title, text, *a: shown.info.append(text))
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text, *a: shown.warnings.append(text))
    return shown


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    chosen = SimpleNamespace(folder="", file="")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        lambda *a, **k: str(chosen.folder))
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *a, **k: (str(chosen.file), ""))
    return chosen


def make_page(qtbot: Any, ctx: Any) -> BackupPage:
    page = BackupPage(ctx)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    page.activated()
    qtbot.waitUntil(lambda: page.overview is not None, timeout=WAIT_MS)
    return page


def reload(qtbot: Any, page: BackupPage) -> None:
    page.ctx.runner.wait()
    QCoreApplication.processEvents()
    page.overview = None
    page.refresh()
    qtbot.waitUntil(lambda: page.overview is not None and not page.busy, timeout=WAIT_MS)


def add(ctx: Any, make: Any, count: int, first: int = 0) -> None:
    for i in range(count):
        register_consultation(ctx.db, ctx.actor, make.consultation(make.person(first + i)))


def back_up_now(qtbot: Any, page: BackupPage, messages: SimpleNamespace) -> Path:
    before = len(messages.info)
    qtbot.mouseClick(page.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(messages.info) > before, timeout=WAIT_MS)
    reload(qtbot, page)
    assert page.last_made is not None
    return page.last_made


# --- backing up ----------------------------------------------------------------------------------


def test_back_up_now_lists_the_verified_backup(qtbot: Any, ui_ctx: Any, auto_dir: Path,
                                               messages: SimpleNamespace, make: Any) -> None:
    add(ui_ctx, make, 3)
    page = make_page(qtbot, ui_ctx)
    assert page.empty_label.isVisible() and not page.table.isVisible()
    assert page.last_label.text() == "本机还没有备份。"
    assert page.folder_edit.text() == str(auto_dir)
    made = back_up_now(qtbot, page, messages)
    assert made.parent == auto_dir and made.exists()
    assert "备份已写入并校验无误" in messages.info[-1]
    assert page.table.isVisible() and page.model.rowCount() == 1
    model = page.model
    assert model.index(0, model.STATE).data() == "已校验"
    assert "咨询 3" in model.index(0, model.RECORDS).data()
    assert page.last_label.text().startswith("上次备份：")


def test_back_up_to_a_usb_stick_shows_progress_and_can_be_cancelled(
        qtbot: Any, ui_ctx: Any, tmp_path: Path, dialogs: SimpleNamespace,
        messages: SimpleNamespace, make: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    add(ui_ctx, make, 5)
    usb = tmp_path / "usb"
    usb.mkdir()
    dialogs.folder = usb
    page = make_page(qtbot, ui_ctx)
    started, release = threading.Event(), threading.Event()
    real = service.backup_now

    def held(db: Any, actor: Any, folder: Path, *, progress: Any, **kw: Any) -> Any:
        def report(done: int, total: int) -> Any:
            if not started.is_set():
                started.set()
                release.wait(WAIT_MS / 1000)
            return progress(done, total)

        return real(db, actor, folder, progress=report, **kw)

    monkeypatch.setattr(service, "backup_now", held)
    status: list[str] = []
    ui_ctx.signals.status_message.connect(status.append)
    qtbot.mouseClick(page.backup_to_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(started.is_set, timeout=WAIT_MS)
    dialog = page.progress_dialog
    assert dialog is not None and dialog.isVisible() and dialog.labelText() == "正在备份……"
    assert not page.backup_button.isEnabled()
    [cancel] = dialog.findChildren(QPushButton)
    assert cancel.text() == "取消"
    cancel.click()
    release.set()
    qtbot.waitUntil(lambda: not page.busy, timeout=WAIT_MS)
    assert list(usb.iterdir()) == []
    assert status and "已取消" in status[-1]
    assert messages.info == [] and messages.warnings == []

    # Again without cancelling: the progress bar runs to the end and the file is there.
    monkeypatch.setattr(service, "backup_now", real)
    seen: list[tuple[int, int]] = []
    shown = page._progress

    def watch(done: int, total: int) -> None:
        shown(done, total)
        seen.append((page.progress_dialog.value(), page.progress_dialog.maximum()))

    page._progress = watch  # type: ignore[method-assign]
    qtbot.mouseClick(page.backup_to_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(messages.info), timeout=WAIT_MS)
    assert [p.suffix for p in usb.iterdir()] == [".wsbak"]
    assert len(seen) > 2 and seen[-1] == (1000, 1000)


def test_backup_to_a_missing_folder_is_explained(qtbot: Any, ui_ctx: Any, tmp_path: Path,
                                                 dialogs: SimpleNamespace,
                                                 messages: SimpleNamespace) -> None:
    page = make_page(qtbot, ui_ctx)
    gone = tmp_path / "usb"
    gone.mkdir()
    dialogs.folder = gone
    gone.rmdir()  # the stick was pulled after choosing it
    qtbot.mouseClick(page.backup_to_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(messages.warnings), timeout=WAIT_MS)
    assert "备份目标文件夹不存在" in messages.warnings[-1]
    assert page.backup_button.isEnabled()


# --- restoring -----------------------------------------------------------------------------------


def open_confirmation(qtbot: Any, page: BackupPage) -> Any:
    qtbot.waitUntil(lambda: page.confirm_dialog is not None, timeout=WAIT_MS)
    dialog = page.confirm_dialog
    assert dialog.isVisible()
    return dialog


def test_restore_asks_for_confirmation_then_brings_the_backup_back(
        qtbot: Any, ui_ctx: Any, messages: SimpleNamespace, make: Any) -> None:
    add(ui_ctx, make, 2)
    page = make_page(qtbot, ui_ctx)
    made = back_up_now(qtbot, page, messages)
    at_backup = record_ids(ui_ctx.db.path, ui_ctx.db.key)
    add(ui_ctx, make, 3, first=20)
    after = record_ids(ui_ctx.db.path, ui_ctx.db.key)

    page.table.selectRow(0)
    assert page.restore_selected_button.isEnabled()
    qtbot.mouseClick(page.restore_selected_button, Qt.MouseButton.LeftButton)
    dialog = open_confirmation(qtbot, page)
    assert dialog.findChild(QLabel, "count_consultation").text() == "2"
    assert "恢复后需要重新登录" in dialog.findChild(QLabel, "restore_warning").text()
    assert dialog.cancel_button.isDefault()
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: not page.busy, timeout=WAIT_MS)
    ui_ctx.runner.wait()
    assert record_ids(ui_ctx.db.path, ui_ctx.db.key) == after  # cancelled: nothing changed
    assert not [p for p in ui_ctx.db.path.parent.iterdir() if ".restore-" in p.name]

    page.restore(made)
    dialog = open_confirmation(qtbot, page)
    with qtbot.waitSignal(ui_ctx.signals.restart_requested, timeout=WAIT_MS):
        dialog.restore_button.click()
        qtbot.waitUntil(lambda: page.done_box is not None and page.done_box.isVisible(),
                        timeout=WAIT_MS)
        assert "请重新登录" in page.done_box.text()
        page.done_box.accept()
    assert record_ids(ui_ctx.db.path, ui_ctx.db.key) == at_backup
    assert list(ui_ctx.db.path.parent.glob("ui.before-restore-*.db"))


def test_damaged_backup_is_refused_with_the_reason(
        qtbot: Any, ui_ctx: Any, messages: SimpleNamespace, dialogs: SimpleNamespace,
        make: Any, tmp_path: Path) -> None:
    page = make_page(qtbot, ui_ctx)
    made = back_up_now(qtbot, page, messages)
    offset, size = member_offset(made)
    bad = tmp_path / made.name
    bad.write_bytes(made.read_bytes())
    flip(bad, offset + size // 2)
    before = station_files(ui_ctx.db.path)
    dialogs.file = bad
    qtbot.mouseClick(page.restore_file_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(messages.warnings), timeout=WAIT_MS)
    assert "备份文件已损坏" in messages.warnings[-1]
    assert page.confirm_dialog is None and not page.busy
    assert station_files(ui_ctx.db.path) == before


def test_a_mediator_sees_restore_disabled_and_the_service_refuses(
        qtbot: Any, ui_ctx: Any, messages: SimpleNamespace) -> None:
    made = service.backup_now(ui_ctx.db, ui_ctx.actor, ui_ctx.db.path.parent)
    add_operator(ui_ctx.db, ui_ctx.actor, username="liming", name="李明",
                 password="mediator-pw-1")
    ui_ctx.actor = authenticate(ui_ctx.db, "liming", "mediator-pw-1")
    page = make_page(qtbot, ui_ctx)
    assert page.admin_note.isVisible()
    assert not page.restore_file_button.isEnabled()
    assert not page.restore_selected_button.isEnabled()
    assert page.backup_button.isEnabled()
    page.restore(made)  # even if a button were reached somehow
    qtbot.waitUntil(lambda: bool(messages.warnings), timeout=WAIT_MS)
    assert "只有站点管理员可以恢复备份" in messages.warnings[-1]


def test_backup_from_another_pc_asks_for_its_password(
        qtbot: Any, ui_ctx: Any, messages: SimpleNamespace, tmp_path: Path, make: Any) -> None:
    from tests.backup_support import add_consultations
    from tests.conftest import TEST_KEY, valid_setup
    from workstation.services.stations import init_station
    from workstation.storage.engine import open_database
    from workstation.storage.keyslots import KeyFile, keyfile_path

    other = tmp_path / "old-pc" / "station.db"
    db = open_database(other, key=TEST_KEY, create=True)
    try:
        actor = init_station(db, valid_setup(station_name="旧电脑上的站点"))
        add_consultations(db, actor, make, 4)
        KeyFile.create(keyfile_path(other), TEST_KEY, username="admin",
                       password="old-password-1",
                       recovery_code="ABCDE-FGHJK-LMNPQ-RSTUV-WXYZ2").save()
        made = service.backup_now(db, actor, tmp_path)
    finally:
        db.dispose()
    page = make_page(qtbot, ui_ctx)
    page.restore(made.path)
    qtbot.waitUntil(lambda: page.secret_dialog is not None, timeout=WAIT_MS)
    secret = page.secret_dialog
    assert not secret.ok_button.isEnabled() and not secret.error_label.isVisible()
    secret.username.setText("admin")
    secret.password.setText("wrong-password")
    assert secret.ok_button.isEnabled()
    secret.ok_button.click()
    qtbot.waitUntil(lambda: page.secret_dialog is not None and page.secret_dialog is not secret,
                    timeout=WAIT_MS)
    again = page.secret_dialog
    assert again.error_label.isVisible() and "用户名或密码错误" in again.error_label.text()
    again.recovery_code.setText("abcde fghjk lmnpq rstuv wxyz2")
    again.ok_button.click()
    dialog = open_confirmation(qtbot, page)
    warning = dialog.findChild(QLabel, "restore_warning").text()
    assert "旧电脑上的站点" in warning and "备份中的密钥文件" in warning
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: not page.busy, timeout=WAIT_MS)


# --- automatic backups ---------------------------------------------------------------------------


@pytest.fixture
def window(qtbot: Any, ui_ctx: Any) -> Iterator[Any]:
    from workstation.ui.main_window import MainWindow
    from workstation.ui.pages.registry import default_pages

    win = MainWindow(ui_ctx, default_pages())
    qtbot.addWidget(win)
    win.show()
    yield win
    ui_ctx.runner.wait()
    QCoreApplication.processEvents()


def test_automatic_backup_at_start_only_when_a_day_old(qtbot: Any, ui_ctx: Any, window: Any,
                                                       auto_dir: Path) -> None:
    from workstation.ui.auto_backup import AutoBackup

    auto = AutoBackup(ui_ctx, window)
    auto.start()
    qtbot.waitUntil(lambda: not auto.running, timeout=WAIT_MS)
    [first] = list(auto_dir.iterdir())
    assert auto.label.text().startswith("上次备份：")
    again = AutoBackup(ui_ctx, window)
    again.start()
    qtbot.waitUntil(lambda: not again.running, timeout=WAIT_MS)
    assert list(auto_dir.iterdir()) == [first]  # not due: no second backup
    assert again.label.text() == auto.label.text()


def test_automatic_backup_failure_shows_and_the_app_goes_on(
        qtbot: Any, ui_ctx: Any, window: Any, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, messages: SimpleNamespace) -> None:
    from workstation.ui.auto_backup import AutoBackup

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("WORKSTATION_BACKUP_DIR", str(blocker / "backups"))
    auto = AutoBackup(ui_ctx, window)
    auto.start()
    qtbot.waitUntil(lambda: not auto.running, timeout=WAIT_MS)
    assert auto.label.text() == "自动备份失败"
    assert "无法创建备份文件夹" in auto.label.toolTip()
    assert window.isVisible()
    # At exit the failure is shown in a message box; the program still closes.
    result = auto.run_at_exit()
    assert isinstance(result, service.BackupFailed)
    assert messages.warnings and "退出前的备份失败" in messages.warnings[-1]


def test_automatic_backup_at_exit(qtbot: Any, ui_ctx: Any, window: Any, auto_dir: Path,
                                  make: Any) -> None:
    from workstation.ui.auto_backup import AutoBackup

    add(ui_ctx, make, 2)
    auto = AutoBackup(ui_ctx, window)
    result = auto.run_at_exit()
    assert result.made.path.parent == auto_dir
    assert result.made.manifest.counts["consultation"] == 2


# --- logging in again after a restore ------------------------------------------------------------


def test_restore_restarts_the_session(qtbot: Any, ui_db: Any, auto_dir: Path) -> None:
    from workstation.ui.startup import Startup
    from workstation.ui.tasks import TaskRunner

    db, _actor = ui_db
    path = db.path
    db.dispose()
    startup = Startup(TaskRunner(), argparse.Namespace(db=path, demo=False, demo_records=0))
    try:
        startup.start()
        login = startup.login
        qtbot.waitUntil(lambda: "海港镇" in login.station_label.text(), timeout=WAIT_MS)
        login.username.setText("admin")
        login.password.setText(UI_ADMIN_PASSWORD)
        login.try_login()  # the key slot opens the encrypted database
        qtbot.waitUntil(lambda: startup.window is not None, timeout=WAIT_MS)
        first = startup.window
        assert startup.auto_backup is not None
        qtbot.waitUntil(lambda: not startup.auto_backup.running, timeout=WAIT_MS)
        assert len(list(auto_dir.iterdir())) == 1  # the backup at start
        first.ctx.signals.restart_requested.emit()
        assert startup.window is None and not first.isVisible()
        assert startup.login is not login and startup.login.isVisible()
        assert not startup.db_future.done()  # closed: the restored database needs a login
        qtbot.waitUntil(lambda: "海港镇" in startup.login.station_label.text(), timeout=WAIT_MS)
        startup.login.username.setText("admin")
        startup.login.password.setText(UI_ADMIN_PASSWORD)
        startup.login.try_login()
        qtbot.waitUntil(lambda: startup.window is not None, timeout=WAIT_MS)
        assert startup.window is not first and startup.window.isVisible()
    finally:
        startup.runner.wait()
        QApplication.processEvents()
        if startup.window is not None:
            startup.window.close()
        if startup.login is not None:
            startup.login.hide()
        startup.runner.wait()
        QApplication.processEvents()
        startup.cleanup()
