"""One window-modal progress dialog for work on ``ctx.runner`` (ui/tasks.py).

``TaskProgress(owner, label, ...).run(runner, work, on_done=..., on_error=...)`` runs
``work(control)`` in the background and shows a progress dialog over ``owner``'s window:

* only after a short delay (``DELAY_MS``): quick work never flashes a dialog;
* with a Cancel button where the work can stop (``cancel=`` its text; the work sees
  ``control.cancelled`` / ``control.progress(...) is False`` and raises ``Cancelled``), and
  none where it cannot (Escape and the window's close button do nothing either);
* safe against deletion inside its own ``setValue()``: a window-modal dialog processes events
  there, where the work may finish and close it (a crash seen in the statistics export); the
  dialog is deleted only after ``setValue()`` returned;
* safe when the owner is deleted while the work runs: the dialog goes with it and the
  callbacks are not called (``tasks.alive``).

``on_done`` / ``on_error`` run after the dialog is closed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QProgressDialog, QWidget

from ..tasks import TaskControl, TaskRunner, alive

#: How long work runs before its dialog appears (milliseconds).
DELAY_MS = 400


class _Dialog(QProgressDialog):
    """A progress dialog that cannot be dismissed when the work cannot stop."""

    def __init__(self, label: str, cancel: str | None, parent: QWidget) -> None:
        super().__init__(label, cancel or "", 0, 0, parent)
        self.cancellable = cancel is not None
        if not self.cancellable:
            self.setCancelButton(None)  # type: ignore[arg-type]

    def reject(self) -> None:  # Escape
        if self.cancellable:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.cancellable:
            super().closeEvent(event)
        else:
            event.ignore()


class TaskProgress(QObject):
    """The progress of one piece of background work, shown over ``owner``."""

    def __init__(self, owner: QWidget, label: str, *, title: str = "",
                 cancel: str | None = None, delay_ms: int = DELAY_MS,
                 minimum_width: int = 360) -> None:
        super().__init__(owner)
        dialog = _Dialog(label, cancel, owner)
        if title:
            dialog.setWindowTitle(title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumDuration(delay_ms)
        dialog.setMinimumWidth(minimum_width)
        dialog.hide()
        self.dialog: QProgressDialog | None = dialog
        self.control: TaskControl | None = None
        self._in_set_value = False
        self._closed: list[QProgressDialog] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._show)
        self._delay = delay_ms

    # -- running -----------------------------------------------------------------------------

    def run(self, runner: TaskRunner, work: Callable[[TaskControl], Any], *,
            on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[BaseException], None] | None = None,
            on_progress: Callable[[int, int], None] | None = None,
            write: bool = False) -> TaskControl:
        """Run ``work(control)`` on ``runner``; the dialog shows after the delay.
        ``on_progress(done, total)``, if given, runs before the bar moves (to change the
        label, say)."""
        done_cb, error_cb = on_done, on_error

        def finished(result: Any) -> None:
            self.close()
            if alive(done_cb):
                done_cb(result)  # type: ignore[misc]

        def failed(error: BaseException) -> None:
            self.close()
            if alive(error_cb):
                error_cb(error)  # type: ignore[misc]

        def moved(done: int, total: int) -> None:
            if on_progress is not None:
                on_progress(done, total)
            self.set_progress(done, total)

        control = runner.run(lambda c: work(c), with_control=True, write=write,
                             on_done=self._guarded(finished), on_error=self._guarded(failed),
                             on_progress=self._guarded_progress(moved))
        self.control = control
        dialog = self.dialog
        if isinstance(dialog, _Dialog) and dialog.cancellable:
            # A lambda, not the bound method (see TaskControl's note on deadlocks).
            dialog.canceled.connect(lambda: control.cancel())
        self._timer.start(self._delay)
        return control

    def _guarded(self, callback: Callable[[Any], None]) -> Callable[[Any], None]:
        """``callback`` bound to this object's life: not called once the owner is gone."""
        def call(value: Any) -> None:
            if shiboken6.isValid(self):
                callback(value)

        call.__self__ = self  # type: ignore[attr-defined]  # for tasks.alive
        return call

    def _guarded_progress(self, callback: Callable[[int, int], None]
                          ) -> Callable[[int, int], None]:
        def call(done: int, total: int) -> None:
            if shiboken6.isValid(self):
                callback(done, total)

        call.__self__ = self  # type: ignore[attr-defined]  # for tasks.alive
        return call

    # -- the dialog --------------------------------------------------------------------------

    def _live_dialog(self) -> QProgressDialog | None:
        dialog = self.dialog
        return dialog if dialog is not None and shiboken6.isValid(dialog) else None

    def _show(self) -> None:
        dialog = self._live_dialog()
        if dialog is not None:
            # forceShow(), not show(): Qt then treats the dialog as shown (setValue()
            # processes events for a modal one, as it does once the dialog appeared itself).
            dialog.forceShow()

    def set_label(self, text: str) -> None:
        dialog = self._live_dialog()
        if dialog is not None:
            dialog.setLabelText(text)

    def set_progress(self, done: int, total: int) -> None:
        """Move the bar (``total`` 0: a busy bar)."""
        dialog = self._live_dialog()
        if dialog is None:
            return
        # A window-modal dialog processes events inside setValue(), where the work may finish
        # and close it: its deletion waits until setValue() has returned.
        self._in_set_value = True
        try:
            dialog.setMaximum(max(0, total))
            dialog.setValue(max(0, min(done, total)) if total else 0)
        finally:
            self._in_set_value = False
            closed, self._closed = self._closed, []
            for old in closed:
                if shiboken6.isValid(old):
                    old.deleteLater()

    @property
    def visible(self) -> bool:
        dialog = self._live_dialog()
        return dialog is not None and dialog.isVisible()

    def close(self) -> None:
        """Hide the dialog and delete it (once no ``setValue()`` is running)."""
        if shiboken6.isValid(self):
            self._timer.stop()
        dialog, self.dialog = self._live_dialog(), None
        if dialog is None:
            return
        if isinstance(dialog, _Dialog):
            dialog.cancellable = True  # closing it ourselves is always allowed
        dialog.hide()
        if self._in_set_value:
            self._closed.append(dialog)
        else:
            dialog.deleteLater()
