"""A read-only table over a short list of plain rows (deadlines, bundles, ...).

Every cell's tooltip carries its whole text (``full_text_tip``): a column cut at 1024 wide
(a long 申请事项, a county station's 缺号) can always be read by pointing at it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex


class ItemTableModel(QAbstractTableModel):
    """Rows are plain objects held in ``items``; a subclass says what each cell shows in
    ``cell(item, column, role)``."""

    def __init__(self, headers: Sequence[str], parent: Any = None) -> None:
        super().__init__(parent)
        self.items: list[Any] = []
        self._headers = tuple(headers)

    def set_items(self, items: Sequence[Any]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def item_at(self, row: int) -> Any | None:
        return self.items[row] if 0 <= row < len(self.items) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self._headers)):
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.item_at(index.row()) if index.isValid() else None
        if item is None or not 0 <= index.column() < len(self._headers):
            return None
        value = self.cell(item, index.column(), role)
        if role == Qt.ItemDataRole.ToolTipRole:
            return full_text_tip(self.cell(item, index.column(), Qt.ItemDataRole.DisplayRole),
                                 value)
        return value

    def cell(self, item: Any, column: int, role: int) -> Any:
        raise NotImplementedError


def full_text_tip(shown: Any, tip: Any = None) -> str | None:
    """A cell's tooltip: its whole text (it may be elided in a narrow column), followed by
    the cell's own tooltip when it says more."""
    text = "" if shown is None else str(shown).strip()
    extra = "" if tip is None else str(tip).strip()
    if not extra or extra == text:
        return text or None
    if not text or text in extra:
        return extra
    return f"{text}\n{extra}"
