"""The login dialog: user name and password, checked in the background."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from workstation.services.context import Actor

from ..tasks import TaskRunner


class LoginDialog(QDialog):
    """Asks for credentials; ``actor`` is set when accepted.

    ``authenticate(username, password) -> Actor`` runs on a worker thread (argon2 takes
    ~50 ms, and the database may still be opening).
    """

    def __init__(self, runner: TaskRunner, authenticate: Callable[[str, str], Actor],
                 station_name: str = "", hint: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self._authenticate = authenticate
        self.actor: Actor | None = None
        self.setWindowTitle(self.tr("Log in"))
        self.setMinimumWidth(380)

        layout = QVBoxLayout(self)
        self.station_label = QLabel(station_name)
        self.station_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.station_label.setStyleSheet("font-size: 16pt; font-weight: bold;")
        layout.addWidget(self.station_label)
        if hint:
            self.hint_label = QLabel(hint)
            self.hint_label.setWordWrap(True)
            self.hint_label.setStyleSheet(
                "background: #fff8dc; border: 1px solid #e0c060; padding: 6px;")
            layout.addWidget(self.hint_label)

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
        self.message.setStyleSheet("color: #c0392b;")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Log in"))
        self.buttons.accepted.connect(self.try_login)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.username.setFocus()

    def set_station_name(self, name: str) -> None:
        self.station_label.setText(name)

    def try_login(self) -> None:
        username, password = self.username.text().strip(), self.password.text()
        if not username or not password:
            self.message.setText(self.tr("Please enter your user name and password."))
            return
        self.message.setText(self.tr("Checking..."))
        self.buttons.setEnabled(False)
        self.runner.run(lambda: self._authenticate(username, password),
                        on_done=self._logged_in, on_error=self._failed)

    def _logged_in(self, actor: Actor) -> None:
        self.actor = actor
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.password.clear()
        self.password.setFocus()
        self.message.setText(str(error))
