"""Showing the recovery code once: large monospaced characters, a button printing the 恢复码
sheet, and a check box confirming it was written down or printed (required to go on)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..tasks import TaskRunner


class RecoveryCodePanel(QWidget):
    """The code, what it is for, 打印恢复码…, and the confirmation check box."""

    #: The confirmation box was ticked or cleared.
    confirmed_changed = Signal(bool)

    def __init__(self, runner: TaskRunner, station_name: str, code: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.station_name = station_name
        self.code = code
        self.preview: QDialog | None = None
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "This is the recovery code of this database. It is shown only this once. With it an "
            "administrator who forgot the password can set a new one; without it and without "
            "any administrator password, the encrypted data cannot be opened by anyone."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.code_label = QLabel(code)
        self.code_label.setObjectName("recovery_code_label")
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_label.setProperty("role", "code")
        layout.addWidget(self.code_label)
        keep = QLabel(self.tr(
            "Print it (or copy it by hand) and keep the sheet in the office safe. Do not "
            "keep it on this computer, in a phone or on a USB stick."))
        keep.setWordWrap(True)
        layout.addWidget(keep)
        row = QHBoxLayout()
        self.print_button = QPushButton(self.tr("Print the recovery code..."))
        self.print_button.setObjectName("print_recovery_code")
        self.print_button.clicked.connect(self.print_sheet)
        row.addWidget(self.print_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.confirm = QCheckBox(self.tr(
            "I have printed or written down the recovery code and will keep it in the safe."))
        self.confirm.setObjectName("recovery_confirm")
        self.confirm.toggled.connect(self.confirmed_changed)
        layout.addWidget(self.confirm)
        self.message = QLabel()
        self.message.setProperty("role", "error")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)

    def set_code(self, station_name: str, code: str) -> None:
        self.station_name, self.code = station_name, code
        self.code_label.setText(code)
        self.confirm.setChecked(False)

    def print_sheet(self) -> None:
        """Render the 恢复码 sheet in the background, then open the print preview."""
        name, code = self.station_name, self.code
        self.print_button.setEnabled(False)

        def render():  # type: ignore[no-untyped-def]
            from workstation.printing.recovery_sheet import render_recovery_sheet

            return render_recovery_sheet(name, code, date.today())

        self.runner.run(render, on_done=self._show_preview, on_error=self._failed)

    def _show_preview(self, sheet: object) -> None:
        from ..printing.preview import PreviewDialog

        self.print_button.setEnabled(True)
        dialog = PreviewDialog(sheet, "A4", self)
        dialog.save_button.hide()  # the code belongs on paper, not in a file
        dialog.finished.connect(lambda *_: setattr(self, "preview", None))
        self.preview = dialog
        dialog.open()

    def _failed(self, error: BaseException) -> None:
        self.print_button.setEnabled(True)
        self.message.setText(self.tr("The sheet could not be made: %1").replace(
            "%1", str(error)))


class RecoveryCodeDialog(QDialog):
    """The panel in a dialog; 完成 only once the box is ticked."""

    def __init__(self, runner: TaskRunner, station_name: str, code: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Recovery code"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        self.panel = RecoveryCodePanel(runner, station_name, code, self)
        layout.addWidget(self.panel)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Done"))
        self.ok_button.setEnabled(False)
        self.panel.confirmed_changed.connect(self.ok_button.setEnabled)
        self.buttons.accepted.connect(self.accept)
        layout.addWidget(self.buttons)
        # The code is one line that must not be cut: wider than 560 with large text (an
        # explicit minimum width would otherwise win over the layout's).
        self.setMinimumWidth(max(560, self.minimumSizeHint().width()))
