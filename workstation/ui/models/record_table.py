"""A lazily fetched, sortable table of records (consultations, cases, referrals, persons).

Rows are plain dataclasses from ``services.listing``; pages of rows are fetched on a worker
thread as the view scrolls (``canFetchMore``/``fetchMore``), and sorting is done in SQL.
Voided rows (``row.voided``) show struck through in grey with the reason as tooltip.
Another paged query (the audit log) reuses the model by overriding ``count`` and ``fetch``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from ..context import AppContext
from .item_table import full_text_tip

PAGE_SIZE = 200
OVERDUE_COLOR = QColor("#c0392b")
VOIDED_COLOR = QColor("#8a8a8a")

Index = QModelIndex | QPersistentModelIndex


class RecordTableModel(QAbstractTableModel):
    """Rows of one ``ListQuery``, fetched a page at a time."""

    #: Emitted after a (re)load finished: total row count.
    loaded = Signal(int)

    def __init__(self, ctx: AppContext, query: Any, parent: Any = None, *,
                 columns: list[Any] | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.query = query
        if columns is None:
            from workstation.services.listing import columns as list_columns

            columns = list_columns(query.kind)
        self.columns = columns
        self.rows: list[Any] = []
        self.total = 0
        self._generation = 0
        self._fetching = False

    # -- loading ----------------------------------------------------------------------------

    def set_query(self, query: Any) -> None:
        """Replace the query (filters, sort) and reload from the first page."""
        self.query = query
        self.reload()

    def count(self, db: Any, query: Any) -> int:
        """Rows matching ``query`` (runs on a worker thread)."""
        from workstation.services.listing import count_rows

        return count_rows(db, query)

    def fetch(self, db: Any, query: Any, offset: int, limit: int) -> list[Any]:
        """One page of rows (runs on a worker thread)."""
        from workstation.services.listing import fetch_rows

        return fetch_rows(db, query, offset, limit)

    def reload(self) -> None:
        self._generation += 1
        generation, db, query = self._generation, self.ctx.db, self.query
        count, fetch = self.count, self.fetch
        self._fetching = True

        def load() -> tuple[int, list[Any]]:
            return count(db, query), fetch(db, query, 0, PAGE_SIZE)

        self.ctx.runner.run(load, on_done=lambda result: self._loaded(generation, *result),
                            on_error=lambda exc: self._failed(generation, exc))

    def _loaded(self, generation: int, total: int, rows: list[Any]) -> None:
        if generation != self._generation:
            return  # a newer query replaced this one
        self.beginResetModel()
        self.rows, self.total = list(rows), total
        self._fetching = False  # before the views ask canFetchMore() again
        self.endResetModel()
        self.loaded.emit(total)

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation == self._generation:
            self._fetching = False
            self.ctx.signals.status_message.emit(str(error))

    @property
    def busy(self) -> bool:
        """A load or a page fetch is under way."""
        return self._fetching

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._fetching and len(self.rows) < self.total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._fetching or len(self.rows) >= self.total:
            return
        self._fetching = True
        generation, db, query, offset = self._generation, self.ctx.db, self.query, len(self.rows)
        fetch = self.fetch
        self.ctx.runner.run(lambda: fetch(db, query, offset, PAGE_SIZE),
                            on_done=lambda rows: self._appended(generation, offset, rows),
                            on_error=lambda exc: self._failed(generation, exc))

    def _appended(self, generation: int, offset: int, rows: list[Any]) -> None:
        if generation != self._generation:
            return  # a reload replaced the rows meanwhile; it owns ``_fetching`` now
        if offset != len(self.rows):
            self._fetching = False
            return
        if not rows:
            self.total = len(self.rows)  # fewer rows than counted (some were deleted)
            self._fetching = False
            return
        # Still "fetching" while the views and testers react to the insertion, so that a
        # fetchMore() they call from a slot cannot ask for the same page again.
        self.beginInsertRows(QModelIndex(), offset, offset + len(rows) - 1)
        self.rows.extend(rows)
        self.endInsertRows()
        self._fetching = False

    # -- model contract ---------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.columns)):
            return self.columns[section].label_zh
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = cell_value(row, column.key)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        voided = getattr(row, "voided", False)
        if role == Qt.ItemDataRole.ForegroundRole:
            if voided:
                return QBrush(VOIDED_COLOR)
            if getattr(row, "alert", False):
                return QBrush(OVERDUE_COLOR)
        if role == Qt.ItemDataRole.FontRole and voided:
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:  # the whole text, as a column may cut it
            value = cell_value(row, column.key)
            return full_text_tip(value, getattr(row, "void_note", "") if voided else None)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns) or not self.columns[column].sortable:
            return
        self.set_query(replace(self.query, sort_key=self.columns[column].key,
                               descending=order == Qt.SortOrder.DescendingOrder))

    def row_at(self, row: int) -> Any | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None


def cell_value(row: Any, key: str) -> Any:
    """A row's value for a column key: an attribute, else an entry of its ``extra`` dict."""
    if hasattr(row, key):
        return getattr(row, key)
    extra = getattr(row, "extra", None)
    if isinstance(extra, dict):
        return extra.get(key)
    return None
