"""One station record as the county holds it, read only: its fields with Chinese labels."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from workstation.county.records import RecordDetails

from .common import hint


class RecordDialog(QDialog):
    def __init__(self, details: RecordDetails, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.details = details
        self.setObjectName("county_record")
        self.setWindowTitle(self.tr("Record (read only)"))
        self.resize(620, 640)
        layout = QVBoxLayout(self)
        title = QLabel(f"{details.kind_label}　{details.number}")
        title.setObjectName("county_record_title")
        title.setProperty("role", "subheading")
        title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(title)
        source = hint(self.tr("From %1. The county reads the records the station sent in its "
                              "bundles; changes are made at the station.")
                      .replace("%1", details.station_name or self.tr("a station")))
        source.setObjectName("county_record_source")
        layout.addWidget(source)

        body = QWidget()
        form = QFormLayout(body)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.values: dict[str, QLabel] = {}
        self.headings: list[str] = []
        for heading, fields in details.sections:
            section = QLabel(heading)
            section.setProperty("role", "section")
            form.addRow(section)
            self.headings.append(heading)
            for label, text in fields:
                value = QLabel(text)
                value.setWordWrap(True)
                value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                form.addRow(f"{label}：", value)
                self.values.setdefault(label, value)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        layout.addWidget(scroll, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def field_texts(self) -> dict[str, str]:
        """Label → shown text (the first field of each label)."""
        return {label: value.text() for label, value in self.values.items()}
