"""登记站点: a station's division code, its name and its public key (pasted, or read from
the file its 同步 page saved), checked as typed; registering runs in the background."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, QTimer, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.errors import FieldError, ValidationError

from ..widgets.forms import (
    VALIDATE_DEBOUNCE_MS,
    ErrorLabel,
    FieldErrors,
    field_row,
    focus_first_error,
    widget_changed_signal,
)
from .common import FINGERPRINT_DIGITS, hint, remembered
from .context import CountyContext

SETTING_KEY_DIR = "county/key_dir"


def read_key_file(path: str) -> str:
    """The text of a station's public key file (``sync.keys.read_key_file``)."""
    from workstation.sync.keys import read_key_file as read

    return read(path).decode("ascii", errors="replace")


class RegisterStationDialog(QDialog):
    #: (division code, key fingerprint) once registered.
    registered = Signal(str, str)

    def __init__(self, ctx: CountyContext, known_codes: set[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.known_codes = known_codes
        self.saving = False
        self.setWindowTitle(self.tr("Register a station"))
        self.setModal(True)
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.addWidget(hint(self.tr(
            "The station saves its public key on its Sync page (Save station public key to "
            "file...). Compare the key number with the station by phone when in doubt.")))
        form = QFormLayout()
        self.general_error = ErrorLabel()
        self.errors = FieldErrors(self.general_error, left=self._left)
        self.division_code = QLineEdit()
        self.division_code.setObjectName("division_code")
        self.division_code.setMaxLength(12)
        self.division_code.setPlaceholderText(self.tr("12 digits, e.g. 130302100000"))
        field_row(form, self.tr("Division code"), self.division_code, self.errors,
                  "division_code", required=True)
        self.name = QLineEdit()
        self.name.setObjectName("station_name")
        self.name.setPlaceholderText(self.tr("Optional: the name comes with its first bundle"))
        field_row(form, self.tr("Station name"), self.name, self.errors, "name")

        key_box = QWidget()
        key_layout = QVBoxLayout(key_box)
        key_layout.setContentsMargins(0, 0, 0, 0)
        self.key_text = QPlainTextEdit()
        self.key_text.setObjectName("public_key")
        self.key_text.setTabChangesFocus(True)
        self.key_text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.key_text.setPlaceholderText(self.tr(
            "Paste the station's public key here: the whole text of its key file"))
        self.key_text.setMinimumHeight(self.key_text.fontMetrics().lineSpacing() * 4 + 14)
        key_layout.addWidget(self.key_text)
        row = QHBoxLayout()
        self.read_file_button = QPushButton(self.tr("Read from file..."))
        self.read_file_button.setObjectName("read_key_file")
        self.read_file_button.clicked.connect(self.read_file)
        self.fingerprint_label = QLabel()
        self.fingerprint_label.setObjectName("key_fingerprint")
        row.addWidget(self.read_file_button)
        row.addWidget(self.fingerprint_label, 1)
        key_layout.addLayout(row)
        field_row(form, self.tr("Public key"), key_box, self.errors, "public_key",
                  required=True)
        layout.addLayout(form)
        layout.addWidget(self.general_error)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("Register"))
        self.save_button.setObjectName("dialog_save")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self._timer = QTimer(self, singleShot=True, interval=VALIDATE_DEBOUNCE_MS)
        self._timer.timeout.connect(self.validate)
        for widget in (self.division_code, self.name, self.key_text):
            widget_changed_signal(widget).connect(lambda *_: self._timer.start())

    # -- input -------------------------------------------------------------------------------

    def build_input(self) -> Any:
        from workstation.county.service import RegistrationInput

        return RegistrationInput(self.division_code.text(), self.key_text.toPlainText(),
                                 self.name.text())

    def validate(self) -> Any | None:
        data = self.build_input()
        errors: list[FieldError] = []
        valid = None
        try:
            valid = data.validated()
        except ValidationError as exc:
            errors = list(exc.errors)
        code = data.division_code.strip()
        if code in self.known_codes and not any(e.field == "division_code" for e in errors):
            errors.append(FieldError("division_code", "该区划代码的站点已经登记"))
        self.errors.show(errors)
        key_ok = valid is not None or not any(e.field == "public_key" for e in errors)
        if key_ok and data.key_text.strip():
            self.fingerprint_label.setText(self.tr("Key number %1").replace(
                "%1", data.fingerprint()[:FINGERPRINT_DIGITS]))
        else:
            self.fingerprint_label.setText("")
        if errors:
            self.adjustSize()
            return None
        return valid

    def read_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Choose the station's public key file"),
            remembered(SETTING_KEY_DIR, str(Path.home())),
            self.tr("Key files (*.pem *.txt *.key);;All files (*)"))
        if not path:
            return
        QSettings().setValue(SETTING_KEY_DIR, str(Path(path).parent))
        self.read_file_button.setEnabled(False)
        self.ctx.runner.run(lambda: read_key_file(path), on_done=self._file_read,
                            on_error=self._file_failed)

    def _file_read(self, text: str) -> None:
        self.read_file_button.setEnabled(True)
        self.key_text.setPlainText(text.strip())
        self.validate()

    def _file_failed(self, error: BaseException) -> None:
        self.read_file_button.setEnabled(True)
        self.general_error.show_message(str(error))

    # -- saving ------------------------------------------------------------------------------

    def _left(self) -> None:
        if not self.saving:
            self._timer.stop()
            self.validate()

    def accept(self) -> None:
        if self.saving:
            return
        self._timer.stop()
        self.errors.reveal_all()
        data = self.validate()
        if data is None:
            focus_first_error(self.errors)
            return
        from workstation.county.service import register

        db, actor = self.ctx.db, self.ctx.actor
        self.saving = True
        self.setEnabled(False)
        self.ctx.runner.run(lambda: register(db, data, actor=actor), write=True,
                            on_done=lambda fp: self._saved(data.division_code, fp),
                            on_error=self._failed)

    def _saved(self, code: str, fingerprint: str) -> None:
        self.saving = False
        self.setEnabled(True)
        self.registered.emit(code, fingerprint)
        super().accept()

    def _failed(self, error: BaseException) -> None:
        self.saving = False
        self.setEnabled(True)
        if isinstance(error, ValidationError):
            self.errors.show(error.errors)
        else:
            self.general_error.show_message(str(error))
        self.adjustSize()

    def done(self, result: int) -> None:
        self._timer.stop()
        super().done(result)
