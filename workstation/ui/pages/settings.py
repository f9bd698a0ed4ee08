"""Settings: text size for readability, the A4 and receipt printers (kept in QSettings), and
the station's identity."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ..appearance import SETTING_TEXT_SIZE, TEXT_SIZES, text_size
from ..context import AppContext
from .base import Page


class SettingsPage(Page):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        size_box = QGroupBox(self.tr("Text size"))
        size_layout = QVBoxLayout(size_box)
        self.size_group = QButtonGroup(self)
        labels = {"normal": self.tr("Normal"), "large": self.tr("Large"),
                  "larger": self.tr("Extra large")}
        self.size_buttons: dict[str, QRadioButton] = {}
        current = text_size(QSettings())
        for key in TEXT_SIZES:
            button = QRadioButton(labels[key])
            button.setObjectName(f"text_size_{key}")
            button.setChecked(key == current)
            button.toggled.connect(lambda on, k=key: on and self.set_text_size(k))
            self.size_group.addButton(button)
            self.size_buttons[key] = button
            size_layout.addWidget(button)
        layout.addWidget(size_box)
        layout.addWidget(self._printers_box())

        station_box = QGroupBox(self.tr("Station"))
        form = QFormLayout(station_box)
        form.addRow(self.tr("Station name"), QLabel(ctx.station_name))
        form.addRow(self.tr("Operator"), QLabel(ctx.actor.name))
        self.password_button = QPushButton(self.tr("Change my password..."))
        self.password_button.setObjectName("change_password")
        self.password_button.clicked.connect(self.change_password)
        form.addRow("", self.password_button)
        self.password_dialog: QDialog | None = None
        layout.addWidget(station_box)
        note = QLabel(self.tr("Backups and other settings come with a later version."))
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addStretch(1)

    def _printers_box(self) -> QGroupBox:
        from ..printing.printer import (
            SAVE_AS_PDF,
            SETTING_A4_PRINTER,
            SETTING_RECEIPT_PRINTER,
            SYSTEM_DEFAULT,
            available_printer_names,
        )

        box = QGroupBox(self.tr("Printers"))
        form = QFormLayout(box)
        names = available_printer_names()
        self.printer_combos: dict[str, QComboBox] = {}
        for key, caption in ((SETTING_A4_PRINTER, self.tr("A4 printer")),
                             (SETTING_RECEIPT_PRINTER, self.tr("Receipt printer (80 mm)"))):
            combo = QComboBox()
            combo.setObjectName(key.replace("/", "_"))
            combo.addItem(self.tr("System default"), SYSTEM_DEFAULT)
            combo.addItem(self.tr("Save as PDF"), SAVE_AS_PDF)
            for name in names:
                combo.addItem(name, name)
            stored = str(QSettings().value(key, SYSTEM_DEFAULT) or SYSTEM_DEFAULT)
            if combo.findData(stored) < 0:
                combo.addItem(self.tr("%1 (not connected)").replace("%1", stored), stored)
            combo.setCurrentIndex(combo.findData(stored))
            combo.currentIndexChanged.connect(
                lambda _i, k=key, c=combo: QSettings().setValue(k, c.currentData()))
            self.printer_combos[key] = combo
            form.addRow(caption, combo)
        note = QLabel(self.tr("Receipts print straight to the receipt printer on 80 mm paper; "
                              "forms open the print dialog with the A4 printer chosen."))
        note.setWordWrap(True)
        note.setStyleSheet("color: #666;")
        form.addRow(note)
        return box

    def change_password(self) -> None:
        """Everyone may change their own password (the current one is asked first)."""
        from workstation.services.operators import change_own_password

        from ..security.password_dialog import PasswordDialog

        db, actor = self.ctx.db, self.ctx.actor
        dialog = PasswordDialog(
            self.ctx.runner, lambda old, new: change_own_password(db, actor, old, new),
            title=self.tr("Change my password"), ask_current=True, parent=self)
        dialog.accepted.connect(lambda: self.ctx.signals.status_message.emit(
            self.tr("Your password was changed.")))
        dialog.finished.connect(lambda *_: setattr(self, "password_dialog", None))
        self.password_dialog = dialog
        dialog.open()

    def set_text_size(self, key: str) -> None:
        """Store and apply the text size at once."""
        QSettings().setValue(SETTING_TEXT_SIZE, key)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            font = app.font()
            font.setPointSizeF(TEXT_SIZES[key])
            app.setFont(font)
