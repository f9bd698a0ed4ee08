"""The county console's 操作员 page (admins only): add an operator, disable one (the county
gets a new key: their old password opens nothing), enable with a new password, reset a
password, a new recovery code shown once; a clerk sees no such page. Closing the console
records the operator's logout in the county's audit trail."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt

from tests.sync.helpers import COUNTY_ADMIN, COUNTY_ADMIN_NAME, COUNTY_PASSWORD, make_county
from tests.ui.test_dialog_fit import fit_problems, larger  # noqa: F401 - a fixture
from workstation.county import audit, security
from workstation.county.audit import CountyAuditQuery
from workstation.county.db import CountyDatabase
from workstation.domain.enums import CountyRole
from workstation.services.login_throttle import LoginFailed
from workstation.storage.keyslots import new_recovery_code
from workstation.ui.county import operators as operators_page
from workstation.ui.county.context import CountyContext
from workstation.ui.county.window import CountyWindow
from workstation.ui.tasks import TaskRunner

CLERK_PASSWORD = "clerk-pass-1"


@pytest.fixture(autouse=True)
def console_settings(chinese_settings: Path) -> Path:
    return chinese_settings


@pytest.fixture
def county_file(tmp_path: Path) -> Path:
    path = tmp_path / "county.db"
    make_county(path).dispose()
    return path


class Opened:
    def __init__(self) -> None:
        self.windows: list[tuple[CountyWindow, TaskRunner, CountyDatabase]] = []

    def close(self) -> None:
        for window, runner, db in self.windows:
            window.close()
            runner.wait()
            QCoreApplication.processEvents()
            db.dispose()


@pytest.fixture
def console(qtbot: Any, county_file: Path) -> Iterator[Any]:
    """``console(user, password)``: the console window of a logged-in county operator."""
    made = Opened()

    def open_as(user: str = COUNTY_ADMIN, password: str = COUNTY_PASSWORD) -> CountyWindow:
        db = security.unlock_county(county_file, user, password)
        runner = TaskRunner()
        ctx = CountyContext(db=db, runner=runner, label=str(county_file),
                            key_fingerprint="0123456789abcdef" * 4)
        window = CountyWindow(ctx)
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        made.windows.append((window, runner, db))
        return window

    yield open_as
    made.close()


def settle(window: CountyWindow) -> None:
    for _ in range(4):
        window.ctx.runner.wait()
        QCoreApplication.processEvents()


def _page(window: CountyWindow) -> operators_page.CountyOperatorsPage:
    page = window.show_page("operators")
    settle(window)
    assert isinstance(page, operators_page.CountyOperatorsPage)
    return page


def _rows(page: operators_page.CountyOperatorsPage) -> list[list[str]]:
    model = page.model
    return [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def _add_clerk(window: CountyWindow, page: operators_page.CountyOperatorsPage) -> None:
    page.add_button.click()
    dialog = page.dialog
    assert dialog is not None
    dialog.username.setText("clerk")
    dialog.name.setText("王科员")
    dialog.role.setCurrentIndex(dialog.role.findData(CountyRole.CLERK.value))
    dialog.password.setText(CLERK_PASSWORD)
    dialog.repeat.setText(CLERK_PASSWORD)
    dialog.save()
    settle(window)
    assert page.dialog is None  # accepted once the service added the operator


def test_an_admin_adds_an_operator_who_can_then_log_in(qtbot: Any, console: Any,
                                                       county_file: Path) -> None:
    window = console()
    page = _page(window)
    assert [page.model.headerData(c, Qt.Orientation.Horizontal)
            for c in range(4)] == ["用户名", "姓名", "角色", "状态"]
    assert _rows(page) == [[COUNTY_ADMIN, COUNTY_ADMIN_NAME, "县级中心管理员", "在用"]]
    assert not page.disable_button.isEnabled()
    page.select(COUNTY_ADMIN)
    assert not page.disable_button.isEnabled()  # never oneself (the service refuses too)

    page.add_button.click()
    dialog = page.dialog
    assert dialog is not None
    assert dialog.role.currentData() == CountyRole.STATISTICS.value  # the least to start
    dialog.username.setText("clerk")
    dialog.name.setText("王科员")
    dialog.password.setText(CLERK_PASSWORD)
    dialog.repeat.setText("something-else")
    dialog.save()
    settle(window)
    assert page.dialog is dialog  # two passwords that differ: nothing added
    assert len(_rows(page)) == 1
    dialog.reject()
    _add_clerk(window, page)
    assert ["clerk", "王科员", "业务办理员", "在用"] in _rows(page)
    clerk = security.unlock_county(county_file, "clerk", CLERK_PASSWORD)
    try:
        assert clerk.session is not None and clerk.session.role is CountyRole.CLERK
    finally:
        clerk.dispose()


def test_disabling_an_operator_removes_their_slot(qtbot: Any, console: Any,
                                                  county_file: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    window = console()
    page = _page(window)
    _add_clerk(window, page)
    asked: list[str] = []

    def answer(yes: bool) -> Any:
        return lambda _parent, title, text: asked.append(text) or yes

    page.select("clerk")
    monkeypatch.setattr(operators_page, "confirm", answer(False))
    page.disable_button.click()
    settle(window)
    assert "王科员" in asked[0] and "不能中途取消" in asked[0]
    assert ["clerk", "王科员", "业务办理员", "在用"] in _rows(page)  # No: nothing changed

    old_key = window.ctx.db.key
    monkeypatch.setattr(operators_page, "confirm", answer(True))
    page.select("clerk")
    page.disable_button.click()
    assert page.progress_dialog is not None  # the re-key's progress, without 取消
    assert page.progress_dialog.dialog is not None
    assert "不能中途取消" in page.progress_dialog.dialog.labelText()
    settle(window)
    assert page.progress_dialog is None
    assert ["clerk", "王科员", "业务办理员", "已停用"] in _rows(page)
    assert window.ctx.db.key != old_key  # the county has a new data key
    with pytest.raises(LoginFailed):
        security.unlock_county(county_file, "clerk", CLERK_PASSWORD)

    page.select("clerk")
    assert page.enable_button.isEnabled() and not page.reset_button.isEnabled()
    page.enable_button.click()
    dialog = page.dialog
    assert dialog is not None
    dialog.new_password.setText("clerk-new-pass")
    dialog.repeat.setText("clerk-new-pass")
    dialog.save()
    settle(window)
    assert ["clerk", "王科员", "业务办理员", "在用"] in _rows(page)
    back = security.unlock_county(county_file, "clerk", "clerk-new-pass")
    back.dispose()

    page.select("clerk")
    page.reset_button.click()
    dialog = page.dialog
    assert dialog is not None
    dialog.new_password.setText("clerk-third-pass")
    dialog.repeat.setText("clerk-third-pass")
    dialog.save()
    settle(window)
    with pytest.raises(LoginFailed):
        security.unlock_county(county_file, "clerk", "clerk-new-pass")
    security.unlock_county(county_file, "clerk", "clerk-third-pass").dispose()


def test_a_new_recovery_code_is_shown_once(qtbot: Any, console: Any, county_file: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    window = console()
    page = _page(window)
    monkeypatch.setattr(operators_page, "confirm", lambda *_a: True)
    page.recovery_button.click()
    settle(window)
    dialog = page.dialog
    assert dialog is not None and dialog.objectName() == "county_new_recovery_code"
    code = dialog.panel.code
    assert not dialog.ok_button.isEnabled()  # closed only once the admin says it is kept
    dialog.panel.confirm.setChecked(True)
    dialog.ok_button.click()
    settle(window)
    assert page.dialog is None
    security.recover_admin(county_file, code, COUNTY_ADMIN, "admin-new-pass").dispose()


def test_a_clerk_sees_no_operators_page(qtbot: Any, console: Any) -> None:
    admin = console()
    _add_clerk(admin, _page(admin))
    clerk = console("clerk", CLERK_PASSWORD)
    assert "operators" not in [spec.key for spec in clerk.specs]
    assert "operators" in [spec.key for spec in admin.specs]


def test_closing_the_console_records_the_logout(qtbot: Any, console: Any,
                                                county_file: Path) -> None:
    window = console()
    window.close()
    window.close()  # once only
    settle(window)
    db = security.unlock_county(county_file, COUNTY_ADMIN, COUNTY_PASSWORD)
    try:
        entries = audit.fetch_entries(db, CountyAuditQuery(oldest_first=True), 0, 1000)
        assert [(e.action, e.actor) for e in entries[-3:]] == [
            ("login", COUNTY_ADMIN_NAME), ("logout", COUNTY_ADMIN_NAME),
            ("login", COUNTY_ADMIN_NAME)]
        assert entries[-2].action_label == "退出登录"
    finally:
        db.dispose()


@pytest.mark.usefixtures("larger")
def test_the_dialogs_fit_a_small_screen_in_extra_large_text(qtbot: Any, console: Any) -> None:
    window = console()
    page = _page(window)
    found: dict[str, list[str]] = {}
    page.add_button.click()
    assert page.dialog is not None
    if problems := fit_problems(qtbot, page.dialog):
        found["添加"] = problems
    page.dialog.reject()
    page.select(COUNTY_ADMIN)
    page.reset_button.click()
    assert page.dialog is not None
    if problems := fit_problems(qtbot, page.dialog):
        found["重置密码"] = problems
    page.dialog.reject()
    page._show_code(new_recovery_code())
    assert page.dialog is not None
    if problems := fit_problems(qtbot, page.dialog):
        found["新恢复码"] = problems
    page.dialog.reject()
    assert not found, "\n".join(f"{k}: " + "\n  ".join(v) for k, v in found.items())
