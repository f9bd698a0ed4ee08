"""The login dialog: user name and password, checked in the background (Argon2, opening and
upgrading the database, and at the first login of an old plain database its encryption), with
a busy bar; "forgot password" for the admin's recovery code."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..appearance import set_role
from ..tasks import TaskRunner
from ..widgets.layout import busy_bar

#: ``recover(code, username, new_password)`` → the same kind of result as ``authenticate``.
Recover = Callable[[str, str, str], Any]


class LoginDialog(QDialog):
    """Asks for credentials; ``result_value`` (and its ``actor``) is set when accepted.

    ``authenticate(username, password)`` runs on a worker thread and returns an object with an
    ``actor`` (``security.Unlocked``) or an ``Actor`` itself.
    """

    def __init__(self, runner: TaskRunner, authenticate: Callable[[str, str], Any],
                 station_name: str = "", hint: str = "", parent: QWidget | None = None,
                 recover: Recover | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self._authenticate = authenticate
        self._recover = recover
        self.result_value: Any = None
        self.actor: Any = None
        self.recover_dialog: QDialog | None = None
        self.setWindowTitle(self.tr("Log in"))
        self.setMinimumWidth(400)

        layout = QVBoxLayout(self)
        self.station_label = QLabel(station_name)
        self.station_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.station_label.setProperty("role", "heading")
        layout.addWidget(self.station_label)
        if hint:
            self.hint_label = QLabel(hint)
            self.hint_label.setWordWrap(True)
            self.hint_label.setProperty("role", "notice")
            layout.addWidget(self.hint_label)
        self.note_label = QLabel()
        self.note_label.setObjectName("login_note")
        self.note_label.setWordWrap(True)
        self.note_label.setProperty("role", "hint")
        self.note_label.hide()
        layout.addWidget(self.note_label)

        form = QFormLayout()
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Password"), self.password)
        layout.addLayout(form)

        self.message = QLabel()
        self.message.setProperty("role", "error")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.busy = busy_bar("login_busy")
        layout.addWidget(self.busy)

        bottom = QHBoxLayout()
        self.forgot_button = QPushButton(self.tr("Forgot password? Use the recovery code"))
        self.forgot_button.setObjectName("forgot_password")
        self.forgot_button.setFlat(True)
        self.forgot_button.setProperty("role", "link")
        self.forgot_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.forgot_button.setAutoDefault(False)
        self.forgot_button.clicked.connect(self.open_recovery)
        self.forgot_button.setVisible(recover is not None)
        bottom.addWidget(self.forgot_button)
        bottom.addStretch(1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Log in"))
        self.buttons.accepted.connect(self.try_login)
        self.buttons.rejected.connect(self.reject)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)
        self.username.setFocus()

    def set_station_name(self, name: str) -> None:
        self.station_label.setText(name)

    def set_note(self, text: str) -> None:
        self.note_label.setText(text)
        self.note_label.setVisible(bool(text))

    def set_recover(self, recover: Recover | None) -> None:
        self._recover = recover
        self.forgot_button.setVisible(recover is not None)

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self.buttons.setEnabled(not busy)
        self.forgot_button.setEnabled(not busy)
        self.busy.setVisible(busy)
        set_role(self.message, "hint" if busy else "error")
        self.message.setText(text)

    def try_login(self) -> None:
        username, password = self.username.text().strip(), self.password.text()
        if not username or not password:
            self.message.setText(self.tr("Please enter your user name and password."))
            return
        self._set_busy(True, self.tr("Checking the password and opening the database..."))
        self.runner.run(lambda: self._authenticate(username, password),
                        on_done=self._logged_in, on_error=self._failed)

    def _logged_in(self, result: Any) -> None:
        self._set_busy(False)
        self.result_value = result
        self.actor = getattr(result, "actor", result)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False, str(error))
        self.password.clear()
        self.password.setFocus()

    # -- forgotten password -----------------------------------------------------------------

    def open_recovery(self) -> None:
        if self._recover is None:
            return
        from .recover import RecoverDialog

        dialog = RecoverDialog(self.runner, self._recover, self)
        dialog.username.setText(self.username.text().strip())
        dialog.accepted.connect(lambda: self._logged_in(dialog.result_value))
        self.recover_dialog = dialog
        dialog.open()
