"""Forgotten admin password: the recovery code from the safe, the admin's user name and a new
password; checked and applied in the background, then the admin is logged in."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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


class RecoverDialog(QDialog):
    """``recover(code, username, new_password)`` runs in the background; ``result_value`` is
    what it returned once accepted."""

    def __init__(self, runner: TaskRunner, recover: Callable[[str, str, str], Any],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self._recover = recover
        self.result_value: Any = None
        self.setWindowTitle(self.tr("Reset the administrator password"))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "Enter the recovery code printed when the station was set up (kept in the safe). "
            "Upper or lower case and the dashes do not matter."))
        intro.setWordWrap(True)
        layout.addWidget(intro)

        form = QFormLayout()
        self.general = ErrorLabel()
        self.errors = FieldErrors(self.general)
        self.code = QLineEdit()
        self.code.setObjectName("recovery_code")
        self.code.setPlaceholderText("XXXXX-XXXXX-XXXXX-XXXXX-XXXXX")
        self.code.setProperty("role", "code_input")
        self.username = QLineEdit()
        self.username.setObjectName("recovery_username")
        self.new_password = QLineEdit()
        self.new_password.setObjectName("recovery_new_password")
        self.repeat = QLineEdit()
        self.repeat.setObjectName("recovery_repeat")
        for edit in (self.new_password, self.repeat):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        field_row(form, self.tr("Recovery code"), self.code, self.errors, "code")
        field_row(form, self.tr("Administrator user name"), self.username, self.errors,
                  "username")
        field_row(form, self.tr("New password"), self.new_password, self.errors,
                  "new_password")
        field_row(form, self.tr("Repeat the new password"), self.repeat, self.errors, "repeat")
        layout.addLayout(form)
        layout.addWidget(self.general)
        self.busy = busy_bar()
        layout.addWidget(self.busy)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Set the new password and log in"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _show(self, by_field: dict[str, str], general: str = "") -> None:
        errors = [FieldError(f, m) for f, m in by_field.items()]
        self.errors.show([*errors, FieldError("", general)] if general else errors)

    def submit(self) -> None:
        self.errors.reveal_all()  # a submit shows every problem
        code, username = self.code.text(), self.username.text().strip()
        password = self.new_password.text()
        problems: dict[str, str] = {}
        if not code.strip():
            problems["code"] = self.tr("Please enter the recovery code.")
        if not username:
            problems["username"] = self.tr("Please enter the administrator's user name.")
        if password != self.repeat.text():
            problems["repeat"] = self.tr("The two passwords differ.")
        self._show(problems)
        if problems:
            return
        self.buttons.setEnabled(False)
        self.busy.show()
        self.runner.run(lambda: self._recover(code, username, password),
                        on_done=self._done, on_error=self._failed)

    def _done(self, result: Any) -> None:
        self.busy.hide()
        self.buttons.setEnabled(True)
        self.result_value = result
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.busy.hide()
        self.buttons.setEnabled(True)
        if isinstance(error, ValidationError):
            self._show(error.by_field)
        else:
            self._show({}, str(error))
