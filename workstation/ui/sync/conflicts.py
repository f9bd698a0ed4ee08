"""Conflicts the county reported (同步 page): a notice with the number of open ones, and a
dialog listing them (record, why, the county's version against this station's, when) where
the operator settles one: 保留本站版本 or 采用县级中心版本 (``workstation.sync.station_conflicts``).

Reading and settling run through ``ctx.runner``; the worker functions never touch widgets.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.audit import record_type_label

from ..context import AppContext
from ..models.item_table import ItemTableModel
from ..widgets.forms import show_error
from ..widgets.shortcuts import confirm


def load_conflicts(db: Any, include_resolved: bool = False) -> list[Any]:
    from workstation.sync import station_conflicts

    return station_conflicts.list_conflicts(db, include_resolved=include_resolved)


class ConflictTableModel(ItemTableModel):
    """One row per conflict: record, why, county version, station version, found, state."""

    RECORD, REASON, COUNTY, STATION, FOUND, STATE = range(6)

    def __init__(self, parent: Any = None) -> None:
        super().__init__((self.tr("Record"), self.tr("Why"), self.tr("County version"),
                          self.tr("Station version"), self.tr("Found"), self.tr("State")),
                         parent)

    def cell(self, item: Any, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.COUNTY, self.STATION):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == self.RECORD:
            kind = record_type_label(item.table)
            return f"{kind} {item.label}" if item.label else f"{kind} {item.record_id[:8]}"
        if column == self.REASON:
            return item.reason_text
        if column == self.COUNTY:
            return str(item.county_version)
        if column == self.STATION:
            current = item.current_version
            if current is not None and current != item.station_version:
                return f"{item.station_version} → {current}"
            return str(item.station_version)
        if column == self.FOUND:
            return item.detected_at[:16].replace("T", " ")
        if column == self.STATE:
            if item.open:
                return self.tr("To settle")
            if item.resolution == "station":
                return self.tr("Kept this station's version; goes with the next bundle")
            if item.resolution == "county":
                return self.tr("Took the county's version; goes with the next bundle")
            return self.tr("Settled at the county")
        return None


class ConflictsDialog(QDialog):
    """The list and the two ways to settle the selected conflict."""

    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.busy = False
        self.settling_table = ""
        self.differences_of: Any = None  # the conflict whose differences are being read
        self.setWindowTitle(self.tr("Conflicts reported by the county center"))
        layout = QVBoxLayout(self)
        hint = QLabel(self.tr(
            "The county center holds these records differently from this station. Keep this "
            "station's version (it is sent again as a newer version with the next bundle) or "
            "take the county center's version (this station's record is replaced by it)."))
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        layout.addWidget(hint)
        self.model = ConflictTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("conflicts")
        self.table.setModel(self.model)
        self.table.setTabKeyNavigation(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        # The record and the reason share the room left and wrap, so every column (the state
        # last) shows without scrolling sideways, also at 1024×768 in 特大.
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in (ConflictTableModel.RECORD, ConflictTableModel.REASON):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        header.sectionResized.connect(lambda *_args: self.table.resizeRowsToContents())
        layout.addWidget(self.table, 1)
        self.difference_label = QLabel()  # what the selected record holds otherwise
        self.difference_label.setObjectName("conflict_differences")
        self.difference_label.setWordWrap(True)
        self.difference_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.difference_label)
        self.note = QLabel()
        self.note.setObjectName("conflict_note")
        self.note.setWordWrap(True)
        self.note.setProperty("role", "hint")
        layout.addWidget(self.note)
        row = QHBoxLayout()
        self.keep_button = QPushButton(self.tr("Keep this station's version"))
        self.keep_button.setObjectName("keep_station")
        self.take_button = QPushButton(self.tr("Take the county's version"))
        self.take_button.setObjectName("take_county")
        for button in (self.keep_button, self.take_button):
            button.setProperty("role", "wide")
            button.setEnabled(False)
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.keep_button.clicked.connect(lambda: self.settle("station"))
        self.take_button.clicked.connect(lambda: self.settle("county"))
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.resize(960, 500)
        self.refresh()

    def refresh(self) -> None:
        db = self.ctx.db
        self.ctx.runner.run(lambda: load_conflicts(db, True), on_done=self.show_rows,
                            on_error=lambda e: show_error(self, self.windowTitle(), e))

    def show_rows(self, rows: list[Any]) -> None:
        self.model.set_items(rows)
        self.table.resizeRowsToContents()
        if rows:
            self.table.selectRow(0)
        self._update_buttons()

    def selected(self) -> Any | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.item_at(rows[0].row()) if rows else None

    def _selection_changed(self, *_args: Any) -> None:
        self._update_buttons()
        self.show_differences()

    def show_differences(self) -> None:
        """Read what the selected record holds otherwise (county against this station)."""
        item = self.selected()
        self.difference_label.setText("")
        if item is None or not item.open:
            return
        from workstation.sync import station_conflicts

        db, record_id, table = self.ctx.db, item.record_id, item.table
        self.differences_of = item
        # A bound method: the runner drops it when the dialog is gone.
        self.ctx.runner.run(lambda: station_conflicts.differences(db, record_id, table),
                            on_done=self._show_differences,
                            on_error=self._differences_failed)

    def _differences_failed(self, _error: BaseException) -> None:
        """Nothing to add: the buttons still work, and settling reports its own errors."""

    def _show_differences(self, found: Any) -> None:
        if self.differences_of is not self.selected() or found is None:
            return  # another row was chosen meanwhile, or the county's data did not come
        if not found:
            self.difference_label.setText(self.tr(
                "The contents are the same; only the version numbers differ."))
            return
        lines = [self.tr("What differs:")]
        lines += [self.tr("%1: county center %2, this station %3").replace("%1", d.label)
                  .replace("%2", d.county).replace("%3", d.station) for d in found[:4]]
        if len(found) > 4:
            lines.append(self.tr("and %1 more field(s)").replace("%1", str(len(found) - 4)))
        self.difference_label.setText("\n".join(lines))

    def _update_buttons(self, *_args: Any) -> None:
        item = self.selected()
        self.keep_button.setEnabled(bool(item and item.can_keep_station and not self.busy))
        self.take_button.setEnabled(bool(item and item.can_take_county and not self.busy))
        if item is None or not item.open:
            self.note.setText("")
        elif not item.can_keep_station:
            self.note.setText(self.tr(
                "This station cannot settle this one; please call the county center."))
        elif not item.can_take_county:
            self.note.setText(self.tr(
                "The county center's data of this record did not come with the "
                "acknowledgement: only this station's version can be kept."))
        else:
            self.note.setText("")

    def settle(self, keep: str) -> None:
        item = self.selected()
        if item is None or self.busy:
            return
        if keep == "station":
            question = self.tr(
                "Keep this station's version of %1? The county center's version is replaced "
                "when the next bundle arrives there.")
        else:
            question = self.tr(
                "Replace this station's %1 by the county center's version? What this station "
                "holds now is overwritten (the audit log keeps the change).")
        label = self.model.data(self.model.index(self.model.items.index(item),
                                                 ConflictTableModel.RECORD))
        if not confirm(self, self.windowTitle(), question.replace("%1", str(label))):
            return
        from workstation.sync import station_conflicts

        db, actor = self.ctx.db, self.ctx.actor
        record_id, table = item.record_id, item.table
        self.busy = True
        self.settling_table = table
        self._update_buttons()
        self.ctx.runner.run(
            lambda: station_conflicts.resolve(db, actor, record_id, keep, table),
            write=True, on_done=self._settled, on_error=self._failed)

    def _settled(self, _view: Any) -> None:
        self.busy = False
        self.changed.emit()
        self.ctx.signals.records_changed.emit(self.settling_table)  # pages showing it reload
        self.refresh()

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        self._update_buttons()
        show_error(self, self.windowTitle(), error)


class ConflictsPanel(QGroupBox):
    """On the 同步 page: hidden while no conflict is open; otherwise how many, and a button
    that opens the list."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Conflicts with the county center"), parent)
        self.ctx = ctx
        self.setObjectName("conflicts_panel")
        self.open_count = 0
        layout = QHBoxLayout(self)
        self.count_label = QLabel()
        self.count_label.setObjectName("conflict_count")
        self.count_label.setProperty("role", "warning")
        self.count_label.setWordWrap(True)
        layout.addWidget(self.count_label, 1)
        self.open_button = QPushButton(self.tr("View and settle..."))
        self.open_button.setObjectName("open_conflicts")
        self.open_button.setProperty("role", "wide")
        self.open_button.clicked.connect(self.open_dialog)
        layout.addWidget(self.open_button)
        self.hide()

    def refresh(self) -> None:
        db = self.ctx.db
        self.ctx.runner.run(lambda: load_conflicts(db), on_done=self.show_rows,
                            on_error=lambda _e: None)  # the page reports database trouble

    def show_rows(self, rows: list[Any]) -> None:
        self.open_count = sum(1 for r in rows if r.open)
        self.count_label.setText(self.tr(
            "The county center reported %1 record(s) it holds differently.").replace(
            "%1", str(self.open_count)))
        self.setVisible(self.open_count > 0)

    def open_dialog(self) -> ConflictsDialog:
        dialog = ConflictsDialog(self.ctx, self)
        dialog.changed.connect(self.refresh)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
