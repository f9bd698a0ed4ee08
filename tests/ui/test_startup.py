"""Start-up flows driven through the real dialogs: setup wizard, login, main window."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QWizard
from sqlalchemy import select

from workstation.storage.models import AuditEntry, MediationCommittee, Operator, Station
from workstation.ui.startup import Startup
from workstation.ui.tasks import TaskRunner

UI_ADMIN_PASSWORD = "secret123"  # as in tests/ui/conftest.py


@pytest.fixture
def startup_for(qtbot: Any) -> Any:
    made: list[Startup] = []

    def make(path: Path) -> Startup:
        runner = TaskRunner()
        startup = Startup(runner, argparse.Namespace(db=path, demo=False, demo_records=0))
        made.append(startup)
        return startup

    yield make
    for startup in made:
        startup.runner.wait()
        QApplication.processEvents()
        if startup.window is not None:
            startup.window.close()
        for dialog in (startup.login, startup.wizard):
            if dialog is not None:
                dialog.hide()
        startup.cleanup()


def _fill_wizard_page(wizard: QWizard, values: dict[str, str]) -> None:
    page = wizard.currentPage()
    for field, value in values.items():
        page.edits[field].setText(value)  # type: ignore[attr-defined]


def test_first_run_wizard_creates_station_and_opens_main_window(
    tmp_path: Path, qtbot: Any, startup_for: Any
) -> None:
    path = tmp_path / "new.db"
    startup = startup_for(path)
    startup.start()
    wizard = startup.wizard
    assert wizard is not None and startup.login is None

    _fill_wizard_page(
        wizard,
        {
            "station_name": "海港镇公共法律服务工作站",
            "division_code": "1303",
            "county_center": "海港区公共法律服务中心",
        },
    )
    wizard.next()
    assert wizard.currentPage() is wizard.station_page
    assert "12位" in wizard.station_page.error_labels["division_code"].text()

    wizard.station_page.edits["division_code"].setText("130302100000")
    wizard.next()
    # The committee page suggests the committee's name and type from the station's name.
    page = wizard.committee_page
    assert wizard.currentPage() is page
    assert page.edits["committee_name"].text() == "海港镇人民调解委员会"
    assert page.kind.currentData() == "township"
    page.edits["committee_name"].setText("海港调委会")
    wizard.next()
    assert wizard.currentPage() is page
    assert "人民调解委员会" in page.error_labels["committee_name"].text()
    page.edits["committee_name"].setText("秦皇岛市海港区海港镇人民调解委员会")
    wizard.next()
    assert wizard.currentPage() is wizard.admin_page
    _fill_wizard_page(
        wizard,
        {
            "admin_username": "admin",
            "admin_name": "王芳",
            "admin_password": "secret123",
            "admin_password2": "secret124",
        },
    )
    wizard.next()
    assert wizard.currentPage() is wizard.admin_page
    assert wizard.admin_page.error_labels["admin_password2"].isVisible()
    assert not path.exists()

    wizard.admin_page.edits["admin_password2"].setText("secret123")
    wizard.next()  # creates the encrypted station in the background, then shows its code
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.recovery_page, timeout=10_000)
    panel = wizard.recovery_page.panel
    code = panel.code_label.text()
    assert len(code) == 29 and code.count("-") == 4
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert not finish.isEnabled()  # not before the code is confirmed as recorded
    assert not wizard.button(QWizard.WizardButton.BackButton).isVisible()
    panel.confirm.setChecked(True)
    assert finish.isEnabled()
    finish.click()
    qtbot.waitUntil(lambda: startup.window is not None, timeout=10_000)
    startup.runner.wait()

    from workstation.services.security import unlock_station

    assert not path.read_bytes().startswith(b"SQLite format 3")
    opened = unlock_station(path, "admin", "secret123")
    db = opened.db
    try:
        with db.read() as s:
            station = s.scalars(select(Station)).one()
            admin = s.scalars(select(Operator)).one()
        assert station.division_code == "130302100000"
        assert station.case_prefix == "海调"
        committee = s.scalars(select(MediationCommittee)).one()
        assert (committee.name, committee.kind, committee.is_default) == (
            "秦皇岛市海港区海港镇人民调解委员会", "township", True)
        assert committee.operator_ids == [admin.id] and not station.committees_unconfirmed
        assert admin.username == "admin" and admin.role == "admin"
        assert not opened.recovery_due  # confirmed in the wizard
    finally:
        db.dispose()
    from workstation.services.security import recover_admin

    recover_admin(path, code, "admin", "after-recovery").db.dispose()


def test_login_rejects_wrong_password_then_opens_main_window(
    ui_db: Any, qtbot: Any, startup_for: Any
) -> None:
    db, _actor = ui_db
    startup = startup_for(db.path)
    startup.start()
    login = startup.login
    assert login is not None
    qtbot.waitUntil(lambda: "海港镇" in login.station_label.text(), timeout=10_000)

    login.username.setText("admin")
    login.password.setText("wrong-password")
    login.try_login()
    qtbot.waitUntil(lambda: "错误" in login.message.text(), timeout=10_000)
    assert startup.window is None

    login.password.setText(UI_ADMIN_PASSWORD)
    login.try_login()
    qtbot.waitUntil(lambda: startup.window is not None, timeout=10_000)
    window = startup.window
    assert window.ctx.actor.username == "admin"
    assert "王芳" in window.operator_label.text()
    qtbot.waitUntil(lambda: window.unsynced_label.text() != "", timeout=10_000)

    startup.runner.wait()  # the automatic backup at start is audited too
    with db.read() as s:
        actions = [a.action for a in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert [a for a in actions if a.startswith("login")][-2:] == ["login.failed", "login"]
    assert actions[-1] == "backup"


def test_main_window_navigates_every_page(ui_ctx: Any, qtbot: Any) -> None:
    from workstation.ui.main_window import MainWindow
    from workstation.ui.pages.registry import default_pages

    window = MainWindow(ui_ctx, default_pages())
    qtbot.addWidget(window)
    window.show()
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        key = window.nav.item(row).data(256)
        assert window.stack.currentWidget() is window.pages[key]
    ui_ctx.runner.wait()
    QApplication.processEvents()
    for page in window.pages.values():
        page.shutdown()
