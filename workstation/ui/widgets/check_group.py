"""A group of checkboxes that is one Tab stop: arrows move between the boxes, Space toggles.

Nine 特殊群体 boxes used to be nine Tab stops. Here only the group takes the focus (Tab in,
Tab out); the box under the keyboard cursor is drawn with the focus ring. The boxes stay
ordinary ``QCheckBox`` es (``boxes``), so clicks, ``isChecked`` and ``toggled`` work as before.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QCheckBox, QGridLayout, QWidget


class CheckGroup(QWidget):
    """Checkboxes for ``choices`` (code, label) in a grid of ``columns``."""

    #: A box was ticked or unticked.
    changed = Signal()

    def __init__(self, choices: list[tuple[str, str]] | tuple[tuple[str, str], ...], *,
                 columns: int = 3, name_prefix: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.columns = max(columns, 1)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        self.boxes: dict[str, QCheckBox] = {}
        for i, (code, label) in enumerate(choices):
            box = QCheckBox(label)
            box.setObjectName(f"{name_prefix}{code}")
            # Not a Tab stop of its own; a click still ticks it and moves the cursor there.
            box.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            box.toggled.connect(lambda *_: self.changed.emit())
            box.pressed.connect(lambda i=i: self._move_to(i))
            grid.addWidget(box, i // self.columns, i % self.columns)
            self.boxes[code] = box
        self.cursor = 0
        self.setAccessibleName(self.tr("Checkbox group: arrow keys move, Space ticks"))

    def _list(self) -> list[QCheckBox]:
        return list(self.boxes.values())

    def current_box(self) -> QCheckBox | None:
        boxes = self._list()
        return boxes[self.cursor] if 0 <= self.cursor < len(boxes) else None

    def _move_to(self, index: int) -> None:
        boxes = self._list()
        if not boxes:
            return
        self.cursor = max(0, min(index, len(boxes) - 1))
        self._mark()

    def _mark(self) -> None:
        """The box under the cursor carries the focus ring while the group has the focus."""
        for i, box in enumerate(self._list()):
            box.setProperty("cursor", i == self.cursor and self.hasFocus())
            box.setStyleSheet("QCheckBox { border: 2px solid #1565c0; }"
                              if i == self.cursor and self.hasFocus() else "")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        count = len(self.boxes)
        moves = {
            Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1,
            Qt.Key.Key_Up: -self.columns, Qt.Key.Key_Down: self.columns,
        }
        if key in moves and count:
            target = self.cursor + moves[key]
            if 0 <= target < count:
                self._move_to(target)
            return
        if key == Qt.Key.Key_Home and count:
            self._move_to(0)
            return
        if key == Qt.Key.Key_End and count:
            self._move_to(count - 1)
            return
        if key == Qt.Key.Key_Space:
            box = self.current_box()
            if box is not None:
                box.toggle()
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self._mark()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self._mark()

    def checked_codes(self) -> tuple[str, ...]:
        return tuple(code for code, box in self.boxes.items() if box.isChecked())

    def set_checked(self, codes: set[str] | tuple[str, ...] | list[str]) -> None:
        chosen = set(codes)
        for code, box in self.boxes.items():
            box.setChecked(code in chosen)
