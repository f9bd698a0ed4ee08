"""The idle lock: after the (injected) idle time every window is covered, the same operator's
password unlocks it with the half-typed form intact, wrong passwords are refused and
audited; 切换用户 logs out with the form kept as a draft; the admin sets the idle time."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QVBoxLayout
from sqlalchemy import text

from workstation.services.auth import add_operator
from workstation.services.context import Actor
from workstation.storage.engine import connect_raw

pytestmark = pytest.mark.usefixtures("qtbot", "chinese_settings")

ADMIN_PASSWORD = "secret123"  # tests/ui/conftest.py
LONG = 3_600_000  # an hour: nothing locks unless the test says so


def audit(db: Any, action: str) -> list[Any]:
    with db.engine.connect() as conn:
        return list(conn.execute(text("SELECT * FROM audit_entry WHERE action = :a"),
                                 {"a": action}).all())


@pytest.fixture
def window(qtbot: Any, ui_ctx: Any) -> Any:
    from workstation.ui.main_window import MainWindow
    from workstation.ui.pages.registry import default_pages

    win = MainWindow(ui_ctx, default_pages(), idle_timeout_ms=LONG)
    qtbot.addWidget(win)
    win.resize(1200, 800)
    win.show()
    yield win
    win.session_lock.stop()
    for page in win.pages.values():
        page.shutdown()
    ui_ctx.runner.wait()
    QApplication.processEvents()


def start_consultation(window: Any) -> Any:
    window.show_page("consultations")
    page = window.pages["consultations"]
    page.new_record()
    form = page.form
    form.person.start_new()
    form.person.name_edit.setText("张三")
    form.question.setPlainText("邻居占用我家宅基地怎么办？")
    form.answer.setPlainText("可申请人民调解。")
    return form


def covered(widget: Any) -> bool:
    """Whatever is at the centre of ``widget`` belongs to a lock cover."""
    hit = widget.childAt(widget.rect().center())
    while hit is not None and hit.objectName() != "lock_cover":
        hit = hit.parentWidget()
    return hit is not None and hit.isVisible()


def test_idle_lock_covers_everything_and_unlocks_with_the_form_intact(
        window: Any, qtbot: Any, ui_ctx: Any) -> None:
    form = start_consultation(window)
    lock = window.session_lock
    dialog = QDialog(window)  # an open dialog stays open, covered
    QVBoxLayout(dialog).addWidget(QLabel("张三 130302198005170039"))
    dialog.resize(300, 200)
    dialog.show()

    with qtbot.waitSignal(lock.locked_changed, timeout=5000) as blocker:
        lock.set_timeout_ms(50)  # simulate ten idle minutes
    assert blocker.args == [True]
    assert covered(window) and covered(dialog) and dialog.isVisible()
    lock_dialog = lock.dialog
    assert lock_dialog is not None and lock_dialog.isVisible()
    assert lock_dialog.windowModality() == Qt.WindowModality.ApplicationModal
    who = lock_dialog.findChild(QLabel, "lock_operator").text()
    assert "王芳" in who and "admin" in who and "站点管理员" in who

    lock_dialog.reject()  # Esc does not unlock
    assert lock.locked and lock_dialog.isVisible()

    lock_dialog.password.setText("wrong-password")
    lock_dialog.unlock_button.click()
    qtbot.waitUntil(lambda: "密码错误" in lock_dialog.error.text(), timeout=10_000)
    assert lock.locked and covered(window)
    assert lock_dialog.password.text() == ""
    assert len(audit(ui_ctx.db, "unlock.failed")) == 1

    lock_dialog.password.setText(ADMIN_PASSWORD)
    with qtbot.waitSignal(lock.locked_changed, timeout=10_000) as blocker:
        lock_dialog.unlock_button.click()
    assert blocker.args == [False]
    assert not covered(window) and not covered(dialog) and dialog.isVisible()
    assert lock.dialog is None and not lock.locked
    assert form.question.toPlainText() == "邻居占用我家宅基地怎么办？"
    assert form.answer.toPlainText() == "可申请人民调解。"
    assert form.person.name_edit.text() == "张三"
    ui_ctx.runner.wait()
    assert [e.detail for e in audit(ui_ctx.db, "lock")] == ["无操作自动锁定"]
    assert len(audit(ui_ctx.db, "unlock")) == 1
    dialog.close()


def test_input_keeps_the_session_open(window: Any, qtbot: Any) -> None:
    lock = window.session_lock
    lock.set_timeout_ms(LONG)
    lock.timer.start(1000)
    QApplication.sendEvent(window, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A,
                                             Qt.KeyboardModifier.NoModifier, "a"))
    assert lock.timer.remainingTime() > 1000  # restarted with the full idle time
    assert not lock.locked


def test_a_window_opening_while_locked_is_covered_too(window: Any, qtbot: Any) -> None:
    lock = window.session_lock
    lock.lock("manual")
    late = QDialog(window)  # e.g. a print preview finishing in the background
    late.resize(300, 200)
    late.show()
    QApplication.processEvents()
    assert covered(late)
    assert lock.dialog is not None and not lock.dialog.isHidden()
    late.close()


def test_too_many_wrong_passwords_end_the_session(window: Any, qtbot: Any, ui_ctx: Any
                                                  ) -> None:
    from workstation.ui.session_lock import MAX_ATTEMPTS

    lock = window.session_lock
    lock.lock("manual")
    dialog = lock.dialog
    with qtbot.waitSignal(window.logout_requested, timeout=30_000):
        for attempt in range(MAX_ATTEMPTS):
            qtbot.waitUntil(lambda: dialog.unlock_button.isEnabled(), timeout=10_000)
            dialog.password.setText(f"wrong-{attempt}")
            dialog.unlock_button.click()
    ui_ctx.runner.wait()
    assert len(audit(ui_ctx.db, "unlock.failed")) == MAX_ATTEMPTS
    assert [e.detail for e in audit(ui_ctx.db, "logout")] == ["解锁失败次数过多"]


def test_the_admin_sets_the_idle_time_in_settings(window: Any, qtbot: Any, ui_ctx: Any
                                                  ) -> None:
    window.show_page("settings")
    settings = window.pages["settings"]
    qtbot.waitUntil(lambda: settings.idle_minutes.isEnabled(), timeout=5000)
    assert settings.idle_minutes.value() == 10
    settings.idle_minutes.setValue(3)
    with qtbot.waitSignal(ui_ctx.signals.idle_lock_minutes_changed, timeout=5000):
        settings.idle_save.click()
    assert window.session_lock.timeout_ms == 3 * 60_000
    assert "3" in settings.idle_note.text()
    [entry] = audit(ui_ctx.db, "settings")
    assert entry.detail == "自动锁定时间：10分钟 → 3分钟"


def test_a_mediator_cannot_change_the_idle_time(qtbot: Any, ui_ctx: Any) -> None:
    from workstation.ui.context import AppContext
    from workstation.ui.pages.settings import SettingsPage

    op_id = add_operator(ui_ctx.db, ui_ctx.actor, username="tiaojie", name="李调解",
                         password="mediator-pw-1")
    ctx = AppContext(db=ui_ctx.db, actor=Actor(op_id, ui_ctx.actor.station_id, "tiaojie",
                                               "李调解", "mediator"),
                     runner=ui_ctx.runner, station_name=ui_ctx.station_name)
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    ui_ctx.runner.wait()
    qtbot.waitUntil(lambda: page.idle_minutes.value() == 10, timeout=5000)
    assert not page.idle_minutes.isEnabled() and not page.idle_save.isEnabled()
    assert page.idle_note.text() == "只有站点管理员可以修改此设置。"


def test_switch_user_logs_out_keeping_the_form_as_a_draft(tmp_path: Path, qtbot: Any,
                                                          ui_db: Any) -> None:
    from workstation.ui.startup import Startup
    from workstation.ui.tasks import TaskRunner

    db, _actor = ui_db
    runner = TaskRunner()
    startup = Startup(runner, argparse.Namespace(db=db.path, demo=False, demo_records=0))
    try:
        startup.start()
        login = startup.login
        assert login is not None
        qtbot.waitUntil(lambda: "海港镇" in login.station_label.text(), timeout=10_000)
        login.username.setText("admin")
        login.password.setText(ADMIN_PASSWORD)
        login.try_login()
        qtbot.waitUntil(lambda: startup.window is not None, timeout=10_000)
        window = startup.window
        form = start_consultation(window)
        assert form.dirty
        window.session_lock.lock("manual")
        first_login = startup.login
        window.session_lock.dialog.switch_button.click()

        assert startup.window is None
        assert startup.login is not None and startup.login is not first_login
        assert startup.login.isVisible()
        runner.wait()
        # The database was closed at logout (the next login opens it with a key slot).
        assert not startup.db_future.done()
        conn = connect_raw(db.path, db.key)
        try:
            drafts = conn.execute("SELECT form_key, payload FROM draft").fetchall()
            [(logout,)] = conn.execute(
                "SELECT detail FROM audit_entry WHERE action = 'logout'").fetchall()
        finally:
            conn.close()
        assert [d[0] for d in drafts] == ["consultation:new"]
        assert "邻居占用我家宅基地怎么办？" in drafts[0][1]
        assert logout == "锁定后切换用户"

        # Logging in again offers the draft back.
        startup.login.username.setText("admin")
        startup.login.password.setText(ADMIN_PASSWORD)
        startup.login.try_login()
        qtbot.waitUntil(lambda: startup.draft_prompt is not None, timeout=10_000)
        assert "新咨询" in startup.draft_prompt.text() or "咨询" in startup.draft_prompt.text()
    finally:
        runner.wait()
        QApplication.processEvents()
        if startup.window is not None:
            startup.window.close()
        if startup.login is not None:
            startup.login.hide()
        QApplication.processEvents()

