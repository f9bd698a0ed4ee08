"""The shared window-modal progress dialog (ui/widgets/progress.py): shown after a delay,
cancel, finish, the owner deleted while the work runs, and the work finishing inside the
dialog's own setValue()."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from workstation.ui.tasks import Cancelled, TaskControl, TaskRunner
from workstation.ui.widgets.progress import TaskProgress


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    r = TaskRunner()
    try:
        yield r
    finally:
        r.wait()
        QApplication.processEvents()


class Owner(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.results: list[Any] = []
        self.errors: list[BaseException] = []

    def done(self, result: Any) -> None:
        self.results.append(result)

    def failed(self, error: BaseException) -> None:
        self.errors.append(error)


@pytest.fixture
def owner(qtbot: Any) -> Owner:
    widget = Owner()
    qtbot.addWidget(widget)
    widget.resize(400, 300)
    widget.show()
    return widget


def _stepper(gate: threading.Event, steps: int = 5):  # type: ignore[no-untyped-def]
    def work(c: TaskControl) -> str:
        for i in range(steps):
            if not c.progress(i, steps):
                raise Cancelled
            gate.wait(5)
        c.progress(steps, steps)
        return "done"
    return work


def test_shown_after_the_delay_and_closed_when_finished(qtbot: Any, owner: Owner,
                                                        runner: TaskRunner) -> None:
    gate = threading.Event()
    progress = TaskProgress(owner, "处理中", cancel="取消", delay_ms=150)
    progress.run(runner, _stepper(gate), on_done=owner.done, on_error=owner.failed)
    assert not progress.visible  # not at once
    qtbot.waitUntil(lambda: progress.visible, timeout=5000)
    qtbot.waitUntil(lambda: progress.dialog is not None and progress.dialog.maximum() == 5,
                    timeout=5000)
    gate.set()
    qtbot.waitUntil(lambda: owner.results == ["done"], timeout=5000)
    assert progress.dialog is None and not progress.visible and owner.errors == []


def test_quick_work_never_shows_the_dialog(qtbot: Any, owner: Owner,
                                           runner: TaskRunner) -> None:
    progress = TaskProgress(owner, "处理中", delay_ms=2000)
    progress.run(runner, lambda c: 42, on_done=owner.done)
    qtbot.waitUntil(lambda: owner.results == [42], timeout=5000)
    assert progress.dialog is None and not progress.visible


def test_cancel_stops_the_work(qtbot: Any, owner: Owner, runner: TaskRunner) -> None:
    gate = threading.Event()
    progress = TaskProgress(owner, "处理中", cancel="取消", delay_ms=0)
    control = progress.run(runner, _stepper(gate), on_done=owner.done, on_error=owner.failed)
    qtbot.waitUntil(lambda: progress.visible, timeout=5000)
    assert progress.dialog is not None
    [button] = progress.dialog.findChildren(QPushButton)
    assert button.text() == "取消"
    button.click()
    assert control.cancelled
    gate.set()
    qtbot.waitUntil(lambda: bool(owner.errors), timeout=5000)
    assert isinstance(owner.errors[0], Cancelled) and owner.results == []
    assert progress.dialog is None


def test_work_that_cannot_stop_has_no_cancel(qtbot: Any, owner: Owner,
                                             runner: TaskRunner) -> None:
    gate = threading.Event()
    progress = TaskProgress(owner, "不能取消", delay_ms=0)
    control = progress.run(runner, _stepper(gate), on_done=owner.done)
    qtbot.waitUntil(lambda: progress.visible, timeout=5000)
    dialog = progress.dialog
    assert dialog is not None and dialog.findChildren(QPushButton) == []
    dialog.reject()  # Escape
    dialog.close()  # the window's close button
    assert dialog.isVisible() and not control.cancelled
    gate.set()
    qtbot.waitUntil(lambda: owner.results == ["done"], timeout=5000)


def test_the_owner_deleted_while_the_work_runs(qtbot: Any, runner: TaskRunner) -> None:
    owner = Owner()
    owner.show()
    gate = threading.Event()
    progress = TaskProgress(owner, "处理中", cancel="取消", delay_ms=0)
    seen: list[Any] = []
    progress.run(runner, _stepper(gate), on_done=seen.append, on_error=seen.append)
    qtbot.waitUntil(lambda: progress.visible, timeout=5000)
    dialog = progress.dialog
    shiboken6.delete(owner)  # a window closed at logout, with its children
    assert not shiboken6.isValid(dialog) and not shiboken6.isValid(progress)
    gate.set()
    assert runner.wait()
    for _ in range(5):
        QApplication.processEvents()
    assert seen == []  # nothing delivered to a deleted owner, no crash


def test_finishing_inside_set_value_does_not_delete_the_dialog_under_it(
        qtbot: Any, owner: Owner, runner: TaskRunner) -> None:
    """setValue() of a window-modal dialog processes events: the work's end (delivered
    there) closes the dialog and shows a message box (a nested event loop, where deferred
    deletions run), yet the dialog must not be deleted before setValue() returns."""
    gate = threading.Event()
    progress = TaskProgress(owner, "处理中", cancel="取消", delay_ms=0)

    def done(result: Any) -> None:
        owner.done(result)
        loop = QEventLoop()  # what QMessageBox.information() does
        QTimer.singleShot(50, loop.quit)
        loop.exec()

    progress.run(runner, lambda c: "fast" if gate.wait(5) else "late", on_done=done)
    qtbot.waitUntil(lambda: progress.visible, timeout=5000)
    gate.set()
    runner.wait()  # the result is queued, not delivered yet
    assert owner.results == []
    dialog = progress.dialog
    assert dialog is not None
    progress.set_progress(1, 3)  # delivers the result inside setValue()
    assert owner.results == ["fast"] and progress.dialog is None
    assert shiboken6.isValid(dialog)  # deleted only afterwards
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog), timeout=5000)
