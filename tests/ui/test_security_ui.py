"""Accounts and encryption in the app: forgotten password with the recovery code, locked
accounts, an old plain database encrypted at login, operator management, changing one's own
password, and the recovery code sheet."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from workstation.services import login_throttle, operators, security
from workstation.services.login_throttle import LoginFailed
from workstation.services.security import unlock_station
from workstation.ui.startup import Startup
from workstation.ui.tasks import TaskRunner

from .conftest import UI_ADMIN_PASSWORD, UI_STATION

WAIT_MS = 10_000


@pytest.fixture
def startup_for(qtbot: Any) -> Iterator[Any]:
    made: list[Startup] = []

    def make(path: Path) -> Startup:
        startup = Startup(TaskRunner(), argparse.Namespace(db=path, demo=False, demo_records=0))
        made.append(startup)
        startup.start()
        return startup

    yield make
    for startup in made:
        startup.runner.wait()
        QApplication.processEvents()
        for dialog in (startup.recovery_dialog, startup.draft_prompt):
            if dialog is not None:
                dialog.done(0)
        if startup.window is not None:
            startup.window.close()
        if startup.login is not None:
            startup.login.hide()
        startup.runner.wait()
        QApplication.processEvents()
        startup.cleanup()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    now = [1_800_000_000.0]
    monkeypatch.setattr(login_throttle, "now", lambda: now[0])
    return now


def settle(ctx_runner: TaskRunner) -> None:
    ctx_runner.wait()
    QCoreApplication.processEvents()
    ctx_runner.wait()
    QCoreApplication.processEvents()


def test_forgotten_password_is_reset_with_the_recovery_code(ui_db: Any, qtbot: Any,
                                                            startup_for: Any) -> None:
    db, actor = ui_db
    code = security.renew_recovery_code(db, actor)
    startup = startup_for(db.path)
    login = startup.login
    qtbot.waitUntil(lambda: UI_STATION in login.station_label.text(), timeout=WAIT_MS)
    assert login.forgot_button.isVisible()
    login.username.setText("admin")
    login.forgot_button.click()
    dialog = login.recover_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.username.text() == "admin"

    dialog.code.setText("AAAAA-AAAAA-AAAAA-AAAAA-AAAAA")
    dialog.new_password.setText("brand-new-pass")
    dialog.repeat.setText("brand-new-pass")
    dialog.submit()
    qtbot.waitUntil(lambda: "恢复码不正确" in dialog.general.text(), timeout=WAIT_MS)
    assert startup.window is None

    dialog.code.setText(code.lower().replace("-", ""))
    dialog.submit()
    qtbot.waitUntil(lambda: startup.window is not None, timeout=WAIT_MS)
    assert startup.window.ctx.actor.username == "admin"
    with pytest.raises(LoginFailed):
        unlock_station(db.path, "admin", UI_ADMIN_PASSWORD)
    unlock_station(db.path, "admin", "brand-new-pass").db.dispose()


def test_repeated_failures_lock_the_account(ui_db: Any, qtbot: Any, startup_for: Any,
                                            clock: list[float]) -> None:
    db, _actor = ui_db
    startup = startup_for(db.path)
    login = startup.login
    login.username.setText("admin")
    for n in range(login_throttle.MAX_FAILURES):
        clock[0] += login_throttle.MAX_DELAY_SECONDS
        login.password.setText(f"wrong-{n}")
        login.try_login()
        qtbot.waitUntil(lambda: login.buttons.isEnabled(), timeout=WAIT_MS)
        assert "错误" in login.message.text()
        assert not login.busy.isVisible()
    assert "锁定" in login.message.text()
    login.password.setText(UI_ADMIN_PASSWORD)
    login.try_login()
    qtbot.waitUntil(lambda: login.buttons.isEnabled(), timeout=WAIT_MS)
    assert "已锁定" in login.message.text() and startup.window is None


def test_old_plain_database_is_encrypted_at_login_and_its_code_shown(
        tmp_path: Path, qtbot: Any, startup_for: Any, make: Any) -> None:
    from workstation.services.stations import init_station
    from workstation.storage.engine import open_database

    path = tmp_path / "old.db"
    plain = open_database(path, create=True)
    try:
        init_station(plain, make.setup(admin_password=UI_ADMIN_PASSWORD))
    finally:
        plain.dispose()
    startup = startup_for(path)
    login = startup.login
    qtbot.waitUntil(lambda: login.note_label.isVisible(), timeout=WAIT_MS)
    assert not login.forgot_button.isVisible()  # no recovery code before encryption
    login.username.setText("admin")
    login.password.setText(UI_ADMIN_PASSWORD)
    login.try_login()
    assert login.busy.isVisible()  # encryption runs in the background
    qtbot.waitUntil(lambda: startup.recovery_dialog is not None, timeout=WAIT_MS)
    dialog = startup.recovery_dialog
    assert startup.window is not None and dialog.isVisible()
    code = dialog.panel.code_label.text()
    assert not dialog.ok_button.isEnabled()
    dialog.panel.confirm.setChecked(True)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: startup.recovery_dialog is None, timeout=WAIT_MS)
    settle(startup.runner)
    assert not path.read_bytes().startswith(b"SQLite format 3")
    opened = unlock_station(path, "admin", UI_ADMIN_PASSWORD)
    opened.db.dispose()
    assert not opened.recovery_due  # confirmed in the dialog
    security.recover_admin(path, code, "admin", "after-recovery").db.dispose()


def test_operators_page_manages_accounts(ui_ctx: Any, qtbot: Any) -> None:
    from workstation.ui.pages.operators import OperatorsPage

    page = OperatorsPage(ui_ctx)
    qtbot.addWidget(page)
    page.show()
    page.activated()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=WAIT_MS)
    assert not page.disable_button.isEnabled()

    page.add_button.click()
    add = page.dialog
    add.username.setText("tiaojie")
    add.name.setText("李调解")
    add.password.setText("mediator-1")
    add.repeat.setText("mediator-2")
    add.save()
    assert "不一致" in add.errors.message_for("repeat") or add.isVisible()
    add.repeat.setText("mediator-1")
    add.save()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=WAIT_MS)
    unlock_station(ui_ctx.db.path, "tiaojie", "mediator-1").db.dispose()

    row = next(i for i, o in enumerate(page.model.items) if o.username == "tiaojie")
    page.table.selectRow(row)
    assert page.disable_button.isEnabled() and not page.enable_button.isEnabled()
    page.disable_button.click()
    box = page.dialog
    assert isinstance(box, QMessageBox) and "李调解" in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: any(not o.active for o in page.model.items), timeout=WAIT_MS)
    with pytest.raises(LoginFailed):
        unlock_station(ui_ctx.db.path, "tiaojie", "mediator-1")

    assert page.enable_button.isEnabled()
    page.enable_button.click()
    dialog = page.dialog
    dialog.new_password.setText("mediator-new")
    dialog.repeat.setText("mediator-new")
    dialog.save()
    qtbot.waitUntil(lambda: all(o.active for o in page.model.items), timeout=WAIT_MS)
    unlock_station(ui_ctx.db.path, "tiaojie", "mediator-new").db.dispose()

    page.reset_button.click()
    dialog = page.dialog
    dialog.new_password.setText("short")
    dialog.repeat.setText("short")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.errors.message_for("new_password") != "", timeout=WAIT_MS)
    dialog.new_password.setText("mediator-newer")
    dialog.repeat.setText("mediator-newer")
    dialog.save()
    qtbot.waitUntil(lambda: page.dialog is None, timeout=WAIT_MS)
    unlock_station(ui_ctx.db.path, "tiaojie", "mediator-newer").db.dispose()

    page.recovery_button.click()
    page.dialog.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: page.dialog is not None and hasattr(page.dialog, "panel"),
                    timeout=WAIT_MS)
    code_dialog = page.dialog
    code = code_dialog.panel.code_label.text()
    code_dialog.panel.confirm.setChecked(True)
    code_dialog.ok_button.click()
    settle(ui_ctx.runner)
    security.recover_admin(ui_ctx.db.path, code, "admin", "after-recovery").db.dispose()


def test_mediators_get_no_operators_page_but_change_their_password(ui_ctx: Any, qtbot: Any
                                                                    ) -> None:
    from workstation.ui.context import AppContext
    from workstation.ui.main_window import MainWindow
    from workstation.ui.pages.registry import default_pages

    operators.add_operator(ui_ctx.db, ui_ctx.actor, username="tiaojie", name="李调解",
                           password="mediator-1")
    mediator = unlock_station(ui_ctx.db.path, "tiaojie", "mediator-1")
    mediator.db.dispose()
    assert "operators" in {s.key for s in default_pages(ui_ctx.actor)}
    ctx = AppContext(db=ui_ctx.db, actor=mediator.actor, runner=ui_ctx.runner,
                     station_name=UI_STATION)
    window = MainWindow(ctx, default_pages(mediator.actor))
    qtbot.addWidget(window)
    keys = [window.nav.item(i).data(256) for i in range(window.nav.count())]
    assert "operators" not in keys and "settings" in keys

    settings = window.show_page("settings")
    settings.password_button.click()
    dialog = settings.password_dialog
    dialog.current.setText("not-my-password")
    dialog.new_password.setText("mediator-2")
    dialog.repeat.setText("mediator-2")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.errors.message_for("old_password") != "", timeout=WAIT_MS)
    assert "原密码不正确" in dialog.errors.message_for("old_password")
    dialog.current.setText("mediator-1")
    dialog.save()
    qtbot.waitUntil(lambda: settings.password_dialog is None, timeout=WAIT_MS)
    unlock_station(ui_ctx.db.path, "tiaojie", "mediator-2").db.dispose()
    settle(ui_ctx.runner)
    for page in window.pages.values():
        page.shutdown()


def test_recovery_sheet_prints_from_the_code_panel(ui_ctx: Any, qtbot: Any) -> None:
    from workstation.ui.security.recovery_code import RecoveryCodeDialog

    dialog = RecoveryCodeDialog(ui_ctx.runner, UI_STATION, "2T9MA-9W6D8-VT8S6-U93EQ-9L5BH")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.panel.print_button.click()
    qtbot.waitUntil(lambda: dialog.panel.preview is not None, timeout=WAIT_MS)
    preview = dialog.panel.preview
    assert preview.page_count == 1 and not preview.save_button.isVisible()
    assert "恢复码" in preview.doc.title
    preview.reject()


def test_disabling_rekeys_with_progress_and_names_who_needs_a_new_password(
        ui_ctx: Any, qtbot: Any) -> None:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from workstation.storage import keyslots
    from workstation.storage.keyslots import KeyFile, Slot, keyfile_path, operator_label
    from workstation.ui.pages.operators import OperatorsPage

    db, admin = ui_ctx.db, ui_ctx.actor
    for username in ("tiaojie", "clerk"):
        operators.add_operator(db, admin, username=username, name="李调解",
                               password="mediator-1")
    with KeyFile.update(keyfile_path(db.path)) as keyfile:  # a slot of the first form
        label = operator_label("clerk")
        slot = keyfile.slots[label]
        kek = keyslots._derive("mediator-1", slot.salt, slot.kdf)
        keyfile.slots[label] = Slot(label, slot.salt, slot.kdf, bytes(12),
                                    AESGCM(kek).encrypt(bytes(12), db.key, label.encode()),
                                    created=slot.created)
    old_key = db.key
    page = OperatorsPage(ui_ctx)
    qtbot.addWidget(page)
    page.show()
    page.activated()
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=WAIT_MS)
    page.table.selectRow(next(i for i, o in enumerate(page.model.items)
                              if o.username == "tiaojie"))
    page.disable_button.click()
    box = page.dialog
    assert isinstance(box, QMessageBox) and "new key" in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()
    assert page.progress_dialog is not None  # shown while the worker rekeys
    qtbot.waitUntil(lambda: page.dialog is not None
                    and page.dialog.objectName() == "rekey_notes", timeout=WAIT_MS)
    assert "clerk" in page.dialog.text() and "reset their password" in page.dialog.text()
    assert page.progress_dialog is None
    assert db.key != old_key
    page.dialog.button(QMessageBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: page.dialog is None, timeout=WAIT_MS)

    def status() -> dict[str, str]:
        return {o.username: page.model.cell(o, 3, 0) for o in page.model.items}

    qtbot.waitUntil(lambda: "reset the password" in status()["clerk"], timeout=WAIT_MS)
    assert status()["admin"] == "Active" and status()["tiaojie"] == "Disabled"
    with pytest.raises(LoginFailed):
        unlock_station(db.path, "clerk", "mediator-1")


def test_an_admin_is_asked_to_shred_plain_backups_until_they_are_gone(
        qtbot: Any, tmp_path: Path, make: Any) -> None:
    from PySide6.QtWidgets import QMainWindow

    from workstation.paths import backup_dir
    from workstation.services.backup import backup_now
    from workstation.services.stations import init_station
    from workstation.storage.engine import open_database
    from workstation.ui.context import AppContext
    from workstation.ui.security.plain_backups import PlainBackupsPrompt

    path = tmp_path / "station.db"
    plain_db = open_database(path, create=True)  # an old plain station with a plain backup
    try:
        plain = backup_now(plain_db, init_station(plain_db, make.setup()), backup_dir()).path
    finally:
        plain_db.dispose()
    opened = unlock_station(path, "admin", make.password)  # encrypted at this login
    runner = TaskRunner()
    ctx = AppContext(db=opened.db, actor=opened.actor, runner=runner, station_name="站")
    window = QMainWindow()
    qtbot.addWidget(window)
    try:
        for answer in ("later", "shred"):
            prompt = PlainBackupsPrompt(ctx, window)
            prompt.start()
            qtbot.waitUntil(lambda p=prompt: p.box is not None, timeout=WAIT_MS)
            box = prompt.box
            assert box is not None and "1" in box.text()
            assert box.defaultButton().text() == "Ask me later"
            button = next(b for b in box.buttons()
                          if (b.text() == "Shred them") == (answer == "shred"))
            button.click()
            settle(runner)
            assert plain.exists() == (answer == "later")
        prompt = PlainBackupsPrompt(ctx, window)
        prompt.start()
        settle(runner)
        assert prompt.box is None and prompt.found == []  # nothing more to ask
    finally:
        runner.wait()
        QCoreApplication.processEvents()
        opened.db.dispose()
