"""The county's first admin: asked when the console finds no county database yet, or an old
plain one (which is then encrypted). The recovery code is shown once afterwards."""

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

#: ``create(username, name, password)`` on a worker thread → the console's open result.
Create = Callable[[str, str, str], Any]


class FirstAdminDialog(QDialog):
    """User name, name and password of the first county admin; ``result_value`` is what
    ``create`` returned once accepted."""

    def __init__(self, runner: TaskRunner, create: Create, *, intro: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self._create = create
        self.result_value: Any = None
        self.setWindowTitle(self.tr("First county administrator"))
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        text = QLabel(intro)
        text.setObjectName("first_admin_intro")
        text.setWordWrap(True)
        layout.addWidget(text)
        form = QFormLayout()
        self.general = ErrorLabel()
        self.errors = FieldErrors(self.general)
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.repeat = QLineEdit()
        self.repeat.setObjectName("repeat_password")
        for edit in (self.password, self.repeat):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        field_row(form, self.tr("User name"), self.username, self.errors, "username")
        field_row(form, self.tr("Name"), self.name, self.errors, "name")
        field_row(form, self.tr("Password (at least 8 characters)"), self.password,
                  self.errors, "password")
        field_row(form, self.tr("Repeat the password"), self.repeat, self.errors, "repeat")
        layout.addLayout(form)
        layout.addWidget(self.general)
        self.busy = busy_bar("first_admin_busy")
        layout.addWidget(self.busy)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Create"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.username.setFocus()

    def save(self) -> None:
        self.errors.reveal_all()
        username, name = self.username.text().strip(), self.name.text().strip()
        password = self.password.text()
        if password != self.repeat.text():
            self.errors.show([FieldError("repeat", self.tr("The two passwords differ."))])
            return
        self.errors.show([])
        self.buttons.setEnabled(False)
        self.busy.show()
        create = self._create
        self.runner.run(lambda: create(username, name, password), write=True,
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
            self.errors.show(error.errors)
        else:
            self.errors.show([FieldError("", str(error))])
