"""Setting a password: one's own (current, new, repeat) or, for an admin, another operator's
(new, repeat). The service call (Argon2 and the key file) runs in the background."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.errors import FieldError, ValidationError

from ..tasks import TaskRunner
from ..widgets.forms import ErrorLabel, FieldErrors, field_row
from ..widgets.layout import busy_bar


class PasswordDialog(QDialog):
    """``submit(current, new)`` with ``ask_current``, else ``submit(new)``; accepted once the
    service call returned."""

    def __init__(self, runner: TaskRunner, submit: Callable[..., object], *, title: str,
                 intro: str = "", ask_current: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self._submit = submit
        self._ask_current = ask_current
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        if intro:
            text = QLabel(intro)
            text.setWordWrap(True)
            layout.addWidget(text)
        form = QFormLayout()
        self.general = ErrorLabel()
        self.errors = FieldErrors(self.general)
        self.current = QLineEdit()
        self.current.setObjectName("current_password")
        self.new_password = QLineEdit()
        self.new_password.setObjectName("new_password")
        self.repeat = QLineEdit()
        self.repeat.setObjectName("repeat_password")
        for edit in (self.current, self.new_password, self.repeat):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        if ask_current:
            field_row(form, self.tr("Current password"), self.current, self.errors,
                      "old_password")
        field_row(form, self.tr("New password (at least 8 characters)"), self.new_password,
                  self.errors, "new_password")
        field_row(form, self.tr("Repeat the new password"), self.repeat, self.errors, "repeat")
        layout.addLayout(form)
        layout.addWidget(self.general)
        self.busy = busy_bar()
        layout.addWidget(self.busy)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Save"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        (self.current if ask_current else self.new_password).setFocus()

    def _show(self, errors: list[FieldError]) -> None:
        # The services name the new password "password" (others) or "new_password" (own).
        self.errors.show([FieldError("new_password" if e.field == "password" else e.field,
                                     e.message) for e in errors])

    def save(self) -> None:
        self.errors.reveal_all()  # a submit shows every problem
        current, new = self.current.text(), self.new_password.text()
        problems = []
        if self._ask_current and not current:
            problems.append(FieldError("old_password", self.tr("Please enter your current "
                                                                "password.")))
        if new != self.repeat.text():
            problems.append(FieldError("repeat", self.tr("The two passwords differ.")))
        self._show(problems)
        if problems:
            return
        self.buttons.setEnabled(False)
        self.busy.show()
        submit, ask = self._submit, self._ask_current
        self.runner.run(lambda: submit(current, new) if ask else submit(new), write=True,
                        on_done=lambda _result: self._done(), on_error=self._failed)

    def _done(self) -> None:
        self.busy.hide()
        self.buttons.setEnabled(True)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.busy.hide()
        self.buttons.setEnabled(True)
        if isinstance(error, ValidationError):
            self._show(error.errors)
        else:
            self._show([FieldError("", str(error))])
