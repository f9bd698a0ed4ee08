"""Settings: text size for readability (kept in QSettings) and the station's identity."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QFormLayout,
    QGroupBox,
    QLabel,
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

        station_box = QGroupBox(self.tr("Station"))
        form = QFormLayout(station_box)
        form.addRow(self.tr("Station name"), QLabel(ctx.station_name))
        form.addRow(self.tr("Operator"), QLabel(ctx.actor.name))
        layout.addWidget(station_box)
        note = QLabel(self.tr("Operator accounts, backups and other settings come with a later "
                              "version."))
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addStretch(1)

    def set_text_size(self, key: str) -> None:
        """Store and apply the text size at once."""
        QSettings().setValue(SETTING_TEXT_SIZE, key)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            font = app.font()
            font.setPointSizeF(TEXT_SIZES[key])
            app.setFont(font)
