"""操作日志 (station admins): who did what to which record and when, filtered by operator,
action, record and dates; lazily paged like the record lists; double-click opens the record;
export to CSV in the background (the export itself is audited).

The page is listed for admins only; the audit service refuses anyone else as well.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.audit import ACTION_FILTERS, FILTERABLE_RECORD_TYPES, record_type_label

from ..appearance import set_role
from ..context import AppContext
from ..models.record_table import RecordTableModel
from ..widgets.date_field import range_error, range_fields
from ..widgets.forms import error_message
from .base import Page

MAX_COLUMN = 320


class AuditTableModel(RecordTableModel):
    """Audit entries of an ``AuditQuery``, fetched a page at a time."""

    def __init__(self, ctx: AppContext, query: Any, parent: Any = None) -> None:
        from workstation.services.audit_log import COLUMNS

        super().__init__(ctx, query, parent, columns=list(COLUMNS))

    def count(self, db: Any, query: Any) -> int:
        from workstation.services.audit_log import count_entries

        return count_entries(db, self.ctx.actor, query)

    def fetch(self, db: Any, query: Any, offset: int, limit: int) -> list[Any]:
        from workstation.services.audit_log import fetch_entries

        return fetch_entries(db, self.ctx.actor, query, offset, limit)

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid():
            row = self.row_at(index.row())
            if row is not None and self.columns[index.column()].key == "detail":
                return row.detail or None
        return super().data(index, role)


class AuditPage(Page):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        from workstation.services.audit_log import AuditQuery

        layout = QVBoxLayout(self)
        title = QLabel(self.tr("Audit log"))
        title.setProperty("role", "heading")
        layout.addWidget(title)
        hint = QLabel(self.tr("Every creation, change, status change, voiding, print, export, "
                              "backup, login and viewing of a full ID number, with who did it "
                              "and when. Entries cannot be changed or deleted in this program, "
                              "and each one is linked to the one before it: a change made "
                              "outside the program shows below. "
                              "Double-click an entry to open its record."))
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        layout.addWidget(hint)
        self.chain_label = QLabel(self.tr("Verifying the audit log..."))
        self.chain_label.setObjectName("audit_chain")
        self.chain_label.setWordWrap(True)
        self.chain_label.setProperty("role", "hint")
        layout.addWidget(self.chain_label)

        bar = QHBoxLayout()
        self.operator_box = QComboBox()
        self.operator_box.setObjectName("audit_operator")
        self.operator_box.addItem(self.tr("All operators"), None)
        self.action_box = QComboBox()
        self.action_box.setObjectName("audit_action")
        self.action_box.addItem(self.tr("All actions"), None)
        for code, label in ACTION_FILTERS:
            self.action_box.addItem(label, code)
        self.type_box = QComboBox()
        self.type_box.setObjectName("audit_record_type")
        self.type_box.addItem(self.tr("All records"), None)
        for code in FILTERABLE_RECORD_TYPES:
            self.type_box.addItem(record_type_label(code), code)
        self.record_edit = QLineEdit()
        self.record_edit.setObjectName("audit_record")
        self.record_edit.setClearButtonEnabled(True)
        self.record_edit.setPlaceholderText(self.tr("Number, name or ID number (Enter)"))
        self.record_edit.setMinimumWidth(220)
        self.record_edit.returnPressed.connect(self.apply_filters)
        for widget in (self.operator_box, self.action_box, self.type_box):
            widget.currentIndexChanged.connect(self.apply_filters)
            bar.addWidget(widget)
        bar.addWidget(self.record_edit, 1)
        layout.addLayout(bar)

        dates = QHBoxLayout()
        self.use_dates = QCheckBox(self.tr("Date from"))
        self.use_dates.setObjectName("audit_use_dates")
        self.date_from, self.date_to = range_fields(30)
        for edit, name in ((self.date_from, "audit_date_from"), (self.date_to, "audit_date_to")):
            edit.setObjectName(name)
            edit.setEnabled(False)
            edit.dateChanged.connect(self.apply_filters)
            edit.returnPressed.connect(self.apply_filters)
        self.use_dates.toggled.connect(self._toggle_dates)
        dates.addWidget(self.use_dates)
        dates.addWidget(self.date_from)
        dates.addWidget(QLabel(self.tr("to")))
        dates.addWidget(self.date_to)
        search = QPushButton(self.tr("Search"))
        search.clicked.connect(self.apply_filters)
        dates.addWidget(search)
        dates.addStretch(1)
        self.count_label = QLabel()
        self.count_label.setObjectName("audit_count")
        dates.addWidget(self.count_label)
        self.export_button = QPushButton(self.tr("Export to CSV..."))
        self.export_button.setObjectName("audit_export")
        self.export_button.clicked.connect(self.choose_export_file)
        dates.addWidget(self.export_button)
        layout.addLayout(dates)

        self.model = AuditTableModel(ctx, AuditQuery(), self)
        self.model.loaded.connect(self._show_count)
        self.view = QTableView()
        self.view.setTabKeyNavigation(False)  # Tab leaves the list
        self.view.setObjectName("audit_table")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.doubleClicked.connect(lambda index: self.open_row(index.row()))
        layout.addWidget(self.view, 1)

        self.message = QLabel()
        self.message.setObjectName("audit_message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.progress: QProgressDialog | None = None
        self._loaded_once = False
        self._sized = False

    # -- Page -------------------------------------------------------------------------------

    def activated(self) -> None:
        if not self._loaded_once:
            self._loaded_once = True
            self._load_operators()
        self.model.reload()
        self.verify_chain()

    # -- the chain --------------------------------------------------------------------------

    def verify_chain(self) -> None:
        """Check the whole hash chain in the background and say what was found."""
        from workstation.services.audit_log import verify_chain
        from workstation.sync.audit_findings import county_findings

        ctx = self.ctx
        self.ctx.runner.run(lambda: (verify_chain(ctx.db, ctx.actor), county_findings(ctx.db)),
                            on_done=self._show_chain, on_error=self._chain_failed)

    def _show_chain(self, found: Any) -> None:
        state, county = found
        if state.intact:
            text = self.tr("Audit log intact (%1 entries, verified)").replace(
                "%1", str(state.count))
            role = "ok"
        else:
            text = self.tr("Audit log %1: entries were deleted or changed outside this "
                           "program").replace("%1", "；".join(b.label for b in state.breaks))
            role = "alert"
        if county:  # what the county found, told back in its acknowledgements
            text = "\n".join([text, *county])
            role = "alert"
        self.chain_label.setText(text)
        set_role(self.chain_label, role)

    def _chain_failed(self, error: BaseException) -> None:
        self.chain_label.setText(self.tr("The audit log could not be verified: %1").replace(
            "%1", error_message(error)))

    # -- filters ----------------------------------------------------------------------------

    def _load_operators(self) -> None:
        from workstation.services.records import operators

        db = self.ctx.db
        self.ctx.runner.run(lambda: operators(db, include_inactive=True),
                            on_done=self._fill_operators)

    def _fill_operators(self, items: list[Any]) -> None:
        self.operator_box.blockSignals(True)
        for op in items:
            self.operator_box.addItem(f"{op.name}（{op.role_label}）", op.id)
        self.operator_box.blockSignals(False)

    def _toggle_dates(self, on: bool) -> None:
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)
        self.apply_filters()

    def current_query(self) -> Any:
        dated = self.use_dates.isChecked()
        return replace(
            self.model.query,
            operator_id=self.operator_box.currentData(),
            action=self.action_box.currentData(),
            record_type=self.type_box.currentData(),
            record_ref=self.record_edit.text().strip(),
            date_from=self.date_from.date_value() if dated else None,
            date_to=self.date_to.date_value() if dated else None,
        )

    def apply_filters(self) -> None:
        if self.use_dates.isChecked() and (message := range_error(self.date_from,
                                                                  self.date_to)):
            self.message.setText(message)  # the list stays as it is until the date is fixed
            return
        self.message.clear()
        self.model.set_query(self.current_query())

    def _show_count(self, total: int) -> None:
        self.count_label.setText(self.tr("%1 entries").replace("%1", str(total)))
        if total and not self._sized:
            self._sized = True
            self.view.resizeColumnsToContents()
            header = self.view.horizontalHeader()
            for column in range(header.count() - 1):
                header.resizeSection(column, min(header.sectionSize(column) + 12, MAX_COLUMN))

    # -- rows -------------------------------------------------------------------------------

    def open_row(self, row: int) -> bool:
        """Open the record of an entry (a case for its sessions, agreement, follow-ups)."""
        from workstation.services.audit_log import OPENABLE

        item = self.model.row_at(row)
        if item is None or item.open_type not in OPENABLE or not item.open_id:
            if item is not None:
                self.message.setText(self.tr("This entry has no record to open."))
            return False
        self.ctx.signals.open_record.emit(item.open_type, item.open_id)
        return True

    # -- export -----------------------------------------------------------------------------

    def choose_export_file(self) -> None:
        name = self.tr("audit-log-%1.csv").replace("%1", date.today().strftime("%Y%m%d"))
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export the audit log"), str(Path.home() / name),
            self.tr("CSV files (*.csv)"))
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        """Write the entries matching the filters to ``path`` in the background."""
        from workstation.services.audit_log import export_csv

        if self.progress is not None:
            return
        ctx, query = self.ctx, self.current_query()
        progress = QProgressDialog(self.tr("Exporting the audit log..."), self.tr("Cancel"),
                                   0, 0, self)
        progress.setObjectName("audit_export_progress")
        progress.setWindowTitle(self.tr("Export"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.setMinimumDuration(300)
        progress.setValue(0)
        self.progress = progress
        self.export_button.setEnabled(False)
        control = ctx.runner.run(
            lambda task: export_csv(ctx.db, ctx.actor, query, path, progress=task.progress),
            with_control=True, write=True, on_progress=self._export_progressed,
            on_done=lambda count: self._exported(path, count), on_error=self._export_failed)
        progress.canceled.connect(lambda: control.cancel())

    def _export_progressed(self, done: int, total: int) -> None:
        if self.progress is not None and not self.progress.wasCanceled():
            self.progress.setMaximum(max(total, 1))
            self.progress.setValue(min(done, max(total, 1)))

    def _end_export(self) -> None:
        if self.progress is not None:
            self.progress.hide()  # not close(): that would emit canceled()
            self.progress.deleteLater()
            self.progress = None
        self.export_button.setEnabled(True)

    def _exported(self, path: Path, count: int) -> None:
        self._end_export()
        text = self.tr("%1 entries exported to %2 (the export is in the audit log too).")
        self.message.setText(text.replace("%1", str(count)).replace("%2", str(path)))
        self.ctx.signals.status_message.emit(self.message.text())
        self.model.reload()

    def _export_failed(self, error: BaseException) -> None:
        self._end_export()
        from workstation.services.audit_log import ExportCancelled

        if isinstance(error, ExportCancelled):
            self.message.setText(self.tr("Export cancelled; no file was written."))
        else:
            self.message.setText(error_message(error))
