"""A layout that places its items in a row and wraps them onto the next row when the row is
full (Qt's flow layout example): filter bars and tile rows that fit a 1024-pixel screen at any
text size instead of squeezing their widgets over each other."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget, QWidgetItem


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def add(self, *widgets: QWidget) -> None:
        for widget in widgets:
            self.addWidget(widget)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        width = sum(i.sizeHint().width() + self._spacing for i in self._visible())
        height = max((i.sizeHint().height() for i in self._visible()), default=0)
        m = self.contentsMargins()
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _visible(self) -> list[QLayoutItem]:
        return [i for i in self._items
                if not (isinstance(i, QWidgetItem) and i.widget() is not None
                        and i.widget().isHidden())]

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        x, y, line = area.x(), area.y(), 0
        rows: list[list[tuple[QLayoutItem, QSize]]] = [[]]
        for item in self._visible():
            hint = item.sizeHint().boundedTo(QSize(area.width(), 1 << 20)) \
                if area.width() > 0 else item.sizeHint()
            if x + hint.width() > area.right() + 1 and line > 0:
                x, y, line = area.x(), y + line + self._spacing, 0
                rows.append([])
            rows[-1].append((item, hint))
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            line = max(line, hint.height())
        if move:  # centre each item vertically in its row
            for row in rows:
                height = max((h.height() for _, h in row), default=0)
                for item, hint in row:
                    g = item.geometry()
                    item.setGeometry(QRect(g.x(), g.y() + (height - hint.height()) // 2,
                                           hint.width(), hint.height()))
        return y + line - rect.y() + m.bottom()
