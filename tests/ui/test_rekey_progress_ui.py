"""The rekey's progress dialog on the 操作员 page: no Cancel (it says why), the bar over the
whole rekey, and the label following the steps."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox, QPushButton

from workstation.services import operators

pytestmark = pytest.mark.usefixtures("chinese_settings")

WAIT_MS = 20_000


def test_the_rekey_dialog_cannot_be_cancelled_and_follows_the_steps(
        ui_ctx: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from workstation.services import revocation
    from workstation.ui.pages.operators import OperatorsPage

    db, admin = ui_ctx.db, ui_ctx.actor
    operators.add_operator(db, admin, username="tiaojie", name="李调解", password="mediator-1")
    gate = threading.Event()
    real = operators.disable_operator

    def slow_disable(*args: Any, progress: Any = None, **kwargs: Any) -> Any:
        progress("copy", 400, revocation.REKEY_TOTAL)  # as a large copy reports
        gate.wait(WAIT_MS / 1000)
        return real(*args, progress=progress, **kwargs)

    monkeypatch.setattr(operators, "disable_operator", slow_disable)
    page = OperatorsPage(ui_ctx)
    qtbot.addWidget(page)
    page.show()
    page.activated()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=WAIT_MS)
    page.table.selectRow(next(i for i, o in enumerate(page.model.items)
                              if o.username == "tiaojie"))
    page.disable_button.click()
    page.dialog.button(QMessageBox.StandardButton.Yes).click()
    progress = page.progress_dialog
    assert progress is not None
    qtbot.waitUntil(lambda: progress.visible, timeout=WAIT_MS)
    dialog = progress.dialog
    assert dialog is not None and dialog.objectName() == "rekey_progress"
    assert dialog.findChildren(QPushButton) == []  # nothing to cancel with
    assert "不能中途取消" in dialog.labelText() and "复制" in dialog.labelText()
    qtbot.waitUntil(lambda: dialog.value() == 400, timeout=WAIT_MS)
    assert dialog.maximum() == revocation.REKEY_TOTAL
    dialog.reject()  # Escape does not take it away
    assert dialog.isVisible()
    gate.set()
    qtbot.waitUntil(lambda: page.progress_dialog is None, timeout=WAIT_MS)
    ui_ctx.runner.wait()
