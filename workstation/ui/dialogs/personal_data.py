"""个人信息查询: a citizen asks what the station holds about them. The dialog lists every
record naming the person (voided ones marked) and makes the printable report
(``services.personal_data``), masked unless the citizen is present with their ID document."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..context import AppContext
from ..widgets.forms import error_message
from ..widgets.person_picker import record_type_label
from ..widgets.voiding import strike_item


class PersonalDataDialog(QDialog):
    """The records of one person and the 生成查询结果 button."""

    #: The report was made (its ``RenderedDocument``), before the preview opens.
    report_ready = Signal(object)

    def __init__(self, ctx: AppContext, person_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.person_id = person_id
        self.history: Any = None
        self.preview: Any = None
        self._busy = False
        self.setObjectName("personal_data_dialog")
        self.setWindowTitle(self.tr("Personal data request"))
        self.resize(860, 520)
        layout = QVBoxLayout(self)
        self.heading = QLabel(self.tr("Loading..."))
        self.heading.setObjectName("personal_data_heading")
        self.heading.setProperty("role", "heading")
        layout.addWidget(self.heading)
        intro = QLabel(self.tr(
            "Everything this station holds about the person: their details and every record "
            "naming them (as consulting person, party or applicant), voided ones included. "
            "Make the report to print it or save it as a PDF for the citizen."))
        intro.setWordWrap(True)
        intro.setProperty("role", "hint")
        layout.addWidget(intro)
        self.records = QTreeWidget()
        self.records.setObjectName("personal_data_records")
        self.records.setRootIsDecorated(False)
        self.records.setAlternatingRowColors(True)
        self.records.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.records.setHeaderLabels([self.tr("Date"), self.tr("Service"), self.tr("Number"),
                                      self.tr("Role"), self.tr("Status"), self.tr("Summary")])
        header = self.records.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.records.itemActivated.connect(self._open_item)
        layout.addWidget(self.records, 1)
        self.present = QCheckBox(self.tr(
            "The citizen is here and their ID document was checked (print the full ID number)"))
        self.present.setObjectName("citizen_present")
        layout.addWidget(self.present)
        self.message = QLabel()
        self.message.setObjectName("personal_data_message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.report_button = QPushButton(self.tr("Make the report (print or save as PDF)..."))
        self.report_button.setObjectName("make_report")
        self.report_button.setEnabled(False)
        self.report_button.clicked.connect(self.make_report)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        buttons.addWidget(self.report_button)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self._load()

    def _load(self) -> None:
        from workstation.services.personal_data import personal_data

        db, person_id = self.ctx.db, self.person_id
        self.ctx.runner.run(lambda: personal_data(db, person_id), on_done=self._show,
                            on_error=lambda exc: self.message.setText(error_message(exc)))

    def _show(self, history: Any) -> None:
        self.history = history
        self.heading.setText(self.tr("%1: %2 records").replace("%1", history.person.name)
                             .replace("%2", str(len(history.items))))
        self.records.clear()
        voided = self.tr("(voided)")
        for entry in history.items:
            status = entry.status_label + (voided if entry.voided else "")
            item = QTreeWidgetItem([entry.date.isoformat(), record_type_label(entry.record_type),
                                    entry.number, entry.role_label, status, entry.summary])
            item.setData(0, Qt.ItemDataRole.UserRole, (entry.record_type, entry.record_id))
            if entry.voided:
                strike_item(item)
            self.records.addTopLevelItem(item)
        self.present.setEnabled(history.person.has_id)
        self.report_button.setEnabled(True)

    def _open_item(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        data = item.data(0, Qt.ItemDataRole.UserRole)
        if data:
            self.ctx.signals.open_record.emit(*data)

    def make_report(self) -> None:
        from workstation.services.personal_data import personal_data_report

        if self._busy or self.history is None:
            return
        self._busy = True
        self.report_button.setEnabled(False)
        self.message.setText(self.tr("Preparing the report..."))
        ctx, person_id, present = self.ctx, self.person_id, self.present.isChecked()
        ctx.runner.run(lambda: personal_data_report(ctx.db, ctx.actor, person_id,
                                                    citizen_present=present),
                       write=True, on_done=self._made, on_error=self._failed)

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        self.report_button.setEnabled(True)
        self.message.setText(error_message(error))

    def _made(self, doc: Any) -> None:
        from ..printing.preview import PreviewDialog
        from ..printing.print_menu import audit_saved_copies

        self._busy = False
        self.report_button.setEnabled(True)
        self.message.setText(self.tr("The report is ready (recorded in the audit trail)."))
        self.report_ready.emit(doc)
        dialog = PreviewDialog(doc, "A4", self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        audit_saved_copies(self.ctx, dialog, doc)
        self.preview = dialog
        dialog.finished.connect(lambda *_: setattr(self, "preview", None))
        dialog.open()
