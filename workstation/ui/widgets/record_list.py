"""A filterable, sortable, lazily loaded list of one record kind."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.enums import LabeledEnum

from ..context import AppContext
from ..models.record_table import RecordTableModel
from .date_field import range_error, range_fields
from .flow_layout import FlowLayout
from .shortcuts import shortcut

MAX_COLUMN = 360


class RecordList(QWidget):
    """Filters (status, type, dates), a table and a New button for one ``kind``."""

    #: A row was opened (double-click or Enter): its record id.
    record_activated = Signal(str)
    #: The New button was pressed.
    new_requested = Signal()
    #: The user moved the current row (click, arrow keys) to another record: its id. The page
    #: shows that record and then calls ``show_record`` so that list and detail agree.
    current_changed = Signal(str)

    def __init__(self, ctx: AppContext, kind: str, *, status_enum: type[LabeledEnum] | None,
                 type_enum: type[LabeledEnum] | None, new_label: str = "",
                 all_statuses: str = "", all_types: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from workstation.services.listing import ListQuery

        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = FlowLayout()  # wraps onto a second row on a narrow screen or with large text
        self.status_box = self._filter_combo(status_enum, all_statuses or self.tr("All statuses"))
        self.type_box = self._filter_combo(type_enum, all_types or self.tr("All types"))
        for box in (self.status_box, self.type_box):
            if box is not None:
                bar.addWidget(box)
                box.currentIndexChanged.connect(self.apply_filters)
        self.use_dates = QCheckBox(self.tr("Date from"))
        self.date_from, self.date_to = range_fields(90)
        for edit in (self.date_from, self.date_to):
            edit.setEnabled(False)
            edit.dateChanged.connect(self.apply_filters)
            edit.editingFinished.connect(self._check_dates)
        self.use_dates.toggled.connect(self._toggle_dates)
        dates = QWidget()  # the date range wraps as one piece
        dates_row = QHBoxLayout(dates)
        dates_row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.use_dates, self.date_from, QLabel(self.tr("to")), self.date_to):
            dates_row.addWidget(widget)
        bar.addWidget(dates)
        self.show_voided = QCheckBox(self.tr("Show voided"))
        self.show_voided.setObjectName("show_voided")
        self.show_voided.setToolTip(self.tr("Voided records are kept; tick to list them too "
                                            "(struck through)"))
        self.show_voided.toggled.connect(self.apply_filters)
        bar.addWidget(self.show_voided)
        self.count_label = QLabel()
        bar.addWidget(self.count_label)
        self.new_button = QPushButton(new_label or self.tr("New"))
        self.new_button.setObjectName("new_record")
        self.new_button.setVisible(bool(new_label))
        self.new_button.clicked.connect(self.new_requested)
        bar.addWidget(self.new_button)
        layout.addLayout(bar)

        self.model = RecordTableModel(ctx, ListQuery(kind=kind), self)
        self.model.loaded.connect(self._show_count)
        self.view = QTableView()
        self.view.setTabKeyNavigation(False)  # Tab leaves the list
        self.view.setObjectName(f"{kind}_table")
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(1, Qt.SortOrder.DescendingOrder)
        self._sort = (1, Qt.SortOrder.DescendingOrder)
        self.view.horizontalHeader().sortIndicatorChanged.connect(self._sort_changed)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.doubleClicked.connect(lambda index: self._open_row(index.row()))
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut(key, self.view, lambda: self._open_row(self.view.currentIndex().row()),
                     Qt.ShortcutContext.WidgetShortcut)
        layout.addWidget(self.view, 1)
        #: The record the page's detail shows (highlighted here whenever it is listed).
        self.shown_id: str | None = None
        self._syncing = False
        self.view.selectionModel().currentRowChanged.connect(self._current_row_changed)
        self.model.loaded.connect(lambda *_: self._highlight_shown())
        ctx.signals.records_changed.connect(self._maybe_reload)
        self._record_type = {"consultations": "consultation", "mediations": "mediation_case",
                             "referrals": "aid_referral", "persons": "person",
                             "activities": "publicity_activity",
                             "screenings": "screening", "orders": "work_order"}[kind]
        self._loaded_once = False
        self._sized = False

    def _filter_combo(self, enum: type[LabeledEnum] | None, everything: str) -> QComboBox | None:
        if enum is None:
            return None
        box = QComboBox()
        box.addItem(everything, None)
        for code, label in enum.choices():
            box.addItem(label, code)
        return box

    def _sort_changed(self, column: int, order: Qt.SortOrder) -> None:
        """Keep the header's arrow on the column really sorted by (some are not sortable)."""
        columns = self.model.columns
        if 0 <= column < len(columns) and columns[column].sortable:
            self._sort = (column, order)
            return
        header = self.view.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(*self._sort)
        header.blockSignals(False)

    def _toggle_dates(self, on: bool) -> None:
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)
        self.apply_filters()

    def _check_dates(self) -> None:
        """Left a date: text that is no date is said where the count is; an emptied field
        (no bound on that side) filters now."""
        if not self.use_dates.isChecked():
            return
        if message := range_error(self.date_from, self.date_to):
            self.count_label.setText(message)
        elif ((self.model.query.date_from, self.model.query.date_to)
              != (self.date_from.date_value(), self.date_to.date_value())):
            self.apply_filters()

    def apply_filters(self) -> None:
        dated = self.use_dates.isChecked()
        if dated and (message := range_error(self.date_from, self.date_to)):
            self.count_label.setText(message)  # the list keeps its rows until the date is fixed
            return
        query = replace(
            self.model.query,
            status=self.status_box.currentData() if self.status_box else None,
            type_code=self.type_box.currentData() if self.type_box else None,
            date_from=self.date_from.date_value() if dated else None,
            date_to=self.date_to.date_value() if dated else None,
            include_voided=self.show_voided.isChecked(),
        )
        self.model.set_query(query)

    def load(self) -> None:
        """Load on first show; later shows reload only after changes."""
        if not self._loaded_once:
            self._loaded_once = True
            self.model.reload()

    def _maybe_reload(self, record_type: str) -> None:
        if self._loaded_once and record_type in (self._record_type, "person"):
            self.model.reload()

    def _show_count(self, total: int) -> None:
        self.count_label.setText(self.tr("%1 records").replace("%1", str(total)))
        if total and not self._sized:
            self._sized = True
            self.view.resizeColumnsToContents()
            header = self.view.horizontalHeader()
            for column in range(header.count() - 1):
                header.resizeSection(column, min(header.sectionSize(column) + 12, MAX_COLUMN))
            # The room left goes to the widest column (a long matter or title), not to the
            # last one (often a short mark such as 紧急).
            header.setStretchLastSection(False)
            last = header.count() - 1
            header.resizeSection(last, max(header.sectionSizeHint(last),
                                           min(header.sectionSize(last) + 12, MAX_COLUMN)))
            room = self.view.viewport().width() - header.length()
            if room > 0:
                widest = max(range(header.count()), key=header.sectionSize)
                header.resizeSection(widest, header.sectionSize(widest) + room)

    def _open_row(self, row: int) -> None:
        item = self.model.row_at(row)
        if item is not None:
            self.record_activated.emit(item.id)

    # -- one current record -------------------------------------------------------------------

    def _current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing:
            return
        item = self.model.row_at(current.row()) if current.isValid() else None
        if item is not None and item.id != self.shown_id:
            self.current_changed.emit(item.id)

    def show_record(self, record_id: str | None) -> None:
        """The detail now shows ``record_id``: highlight its row (none when it is not listed,
        e.g. filtered out)."""
        self.shown_id = record_id
        self._highlight_shown()

    def _highlight_shown(self) -> None:
        rows = self.model.rows
        row = next((i for i, r in enumerate(rows) if r.id == self.shown_id), -1) \
            if self.shown_id else -1
        selection = self.view.selectionModel()
        self._syncing = True
        try:
            if row >= 0:
                index = self.model.index(row, 0)
                selection.setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows)
                self.view.scrollTo(index)
            else:
                selection.clear()
        finally:
            self._syncing = False

    def highlighted_id(self) -> str | None:
        """The id of the highlighted (selected) row, None when no row is."""
        rows = self.view.selectionModel().selectedRows()
        item = self.model.row_at(rows[0].row()) if rows else None
        return item.id if item is not None else None
