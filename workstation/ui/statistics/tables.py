"""A statistics table in a table view (the 报表 tab) and the drill-down list of records."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workstation.statistics.format import display
from workstation.statistics.model import RecordLine, Table

from ..models.item_table import ItemTableModel
from ..widgets.shortcuts import shortcut


class StatTableModel(ItemTableModel):
    """Rows of a statistics ``Table`` (total last, bold): label, then each column's value."""

    def __init__(self, table: Table, parent: Any = None) -> None:
        super().__init__((table.row_header, *(c.label for c in table.columns)), parent)
        self.table = table
        self.set_items(table.all_rows())

    def cell(self, row: Any, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == 0:
                return row.label
            col = self.table.columns[column - 1]
            return display(row.values[column - 1], col.unit)
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and row is self.table.total:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.UserRole:
            return row.key
        return None

    def cell_key(self, row: int, column: int) -> tuple[str, str] | None:
        """(row key, column key) of a value cell; None for the label column."""
        item = self.item_at(row)
        if item is None or column < 1 or column > len(self.table.columns):
            return None
        return item.key, self.table.columns[column - 1].key


class StatTableView(QTableView):
    """A statistics table as tall as its rows (the page scrolls, not the table); double-click
    or Enter on a value opens the records behind it (``cell_activated``)."""

    cell_activated = Signal(str, str, str)  # table, row, column

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)  # arrows move between cells; Tab leaves
        self.verticalHeader().hide()
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setProperty("role", "statistics")
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setMinimumSectionSize(72)
        self.doubleClicked.connect(lambda index: self._activate(index.row(), index.column()))
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut(key, self,
                     lambda: self._activate(self.currentIndex().row(),
                                            self.currentIndex().column()),
                     Qt.ShortcutContext.WidgetShortcut)

    def show_table(self, table: Table) -> None:
        old = self.model()
        self.setModel(StatTableModel(table, self))
        if old is not None:
            old.deleteLater()
        self.resizeColumnsToContents()
        self.resizeRowsToContents()
        # As big as the table (the page scrolls, not the table).
        frame = 2 * self.frameWidth()
        height = self.horizontalHeader().height() + frame
        height += sum(self.rowHeight(r) for r in range(self.model().rowCount()))
        self.setFixedHeight(height + 2)
        width = sum(self.columnWidth(c) for c in range(self.model().columnCount())) + frame
        self.setMaximumWidth(width + 2)

    def _activate(self, row: int, column: int) -> None:
        model = self.model()
        if not isinstance(model, StatTableModel):
            return
        key = model.cell_key(row, column)
        if key is not None:
            self.cell_activated.emit(model.table.key, *key)


class RecordLineModel(ItemTableModel):
    """Records behind a cell: number, date, who (parties, citizen, applicant), category,
    status or result; with ``stations`` (station id → name) first the station it is from."""

    def __init__(self, titles: dict[str, str] | None = None,
                 stations: dict[str, str] | None = None, parent: Any = None) -> None:
        headers = (self.tr("Number"), self.tr("Date"), self.tr("Parties / citizen"),
                   self.tr("Type"), self.tr("Status / result"))
        if stations is not None:
            headers = (self.tr("Station"), *headers)
        super().__init__(headers, parent)
        self.titles = titles or {}
        self.stations = stations

    def cell(self, line: RecordLine, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            day = line.day.strftime("%Y-%m-%d") if line.day else ""
            who = self.titles.get(line.record_id, "")
            values: tuple[str, ...] = (line.number, day, who, line.category, line.status)
            if self.stations is not None:
                values = (self.stations.get(line.station_id, ""), *values)
            return values[column]
        if role == Qt.ItemDataRole.UserRole:
            return line.record_id
        return None


class DrillDownDialog(QDialog):
    """The records behind one cell; double-click (or Enter) opens one (``record_opened``)
    and closes the list, unless ``stays_open``. ``stations`` adds the station column."""

    record_opened = Signal(str, str)  # record type, record id

    def __init__(self, title: str, lines: list[RecordLine], *, openable: bool = True,
                 titles: dict[str, str] | None = None,
                 stations: dict[str, str] | None = None, stays_open: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("drill_down")
        self.setWindowTitle(self.tr("Records behind the number"))
        self.resize(720 if stations is None else 940, 520)
        layout = QVBoxLayout(self)
        heading = QLabel(title)
        heading.setObjectName("drill_down_title")
        heading.setWordWrap(True)
        heading.setProperty("role", "subheading")
        layout.addWidget(heading)
        self.count = QLabel(self.tr("%1 records").replace("%1", str(len(lines))))
        self.count.setObjectName("drill_down_count")
        layout.addWidget(self.count)
        note = QLabel(self.tr("The date is the one the record is counted by (accepted, "
                              "concluded, applied, forwarded ...)."))
        note.setProperty("role", "hint")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.model = RecordLineModel(titles, stations, self)
        self.model.set_items(lines)
        self.view = QTableView()
        self.view.setTabKeyNavigation(False)  # Tab leaves the list
        self.view.setObjectName("drill_down_records")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout.addWidget(self.view, 1)
        self.openable = openable
        self.stays_open = stays_open
        if openable:
            self.view.doubleClicked.connect(lambda index: self.open_row(index.row()))
            for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                shortcut(key, self.view,
                         lambda: self.open_row(self.view.currentIndex().row()),
                         Qt.ShortcutContext.WidgetShortcut)
            hint = QLabel(self.tr("Double-click a row or press Enter to open the record."))
            hint.setProperty("role", "hint")
            layout.addWidget(hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def open_row(self, row: int) -> None:
        line = self.model.item_at(row)
        if line is not None and self.openable:
            self.record_opened.emit(line.record_type, line.record_id)
            if not self.stays_open:
                self.accept()
