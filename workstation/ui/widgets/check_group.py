"""A group of checkboxes that is one Tab stop: arrows move between the boxes, Space toggles.

Nine 特殊群体 boxes used to be nine Tab stops. Here only one box at a time is a Tab stop (the
"roving" one: the last one the user was on); the others take the focus by click only. Arrow
keys move the focus, and the roving stop, to the neighbouring box; Space ticks the focused box
as usual. The focus ring is the focused box's own, so nothing needs a style sheet.

Put the group into a Tab chain with ``chain()`` (its boxes, in order), not the group widget.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QWidget


class CheckGroup(QWidget):
    """Checkboxes for ``choices`` (code, label) in a grid of ``columns``."""

    #: A box was ticked or unticked.
    changed = Signal()

    def __init__(self, choices: list[tuple[str, str]] | tuple[tuple[str, str], ...], *,
                 columns: int = 3, name_prefix: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = max(columns, 1)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        self.boxes: dict[str, QCheckBox] = {}
        previous: QCheckBox | None = None
        for i, (code, label) in enumerate(choices):
            box = QCheckBox(label)
            box.setObjectName(f"{name_prefix}{code}")
            box.toggled.connect(lambda *_: self.changed.emit())
            box.installEventFilter(self)
            grid.addWidget(box, i // self.columns, i % self.columns)
            self.boxes[code] = box
            if previous is not None:
                QWidget.setTabOrder(previous, box)
            previous = box
        self.cursor = 0
        self._rove()

    def _list(self) -> list[QCheckBox]:
        return list(self.boxes.values())

    def chain(self) -> list[QWidget]:
        """The boxes in Tab-chain order (only the roving one is a Tab stop)."""
        return list(self._list())

    def current_box(self) -> QCheckBox | None:
        boxes = self._list()
        return boxes[self.cursor] if 0 <= self.cursor < len(boxes) else None

    def has_focus(self) -> bool:
        """The keyboard focus is on one of the boxes."""
        return any(box.hasFocus() for box in self._list())

    def _rove(self) -> None:
        for i, box in enumerate(self._list()):
            box.setFocusPolicy(Qt.FocusPolicy.StrongFocus if i == self.cursor
                               else Qt.FocusPolicy.ClickFocus)

    def move_to(self, index: int) -> None:
        boxes = self._list()
        if not boxes:
            return
        self.cursor = max(0, min(index, len(boxes) - 1))
        self._rove()
        boxes[self.cursor].setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        boxes = self._list()
        if watched in boxes:
            index = boxes.index(watched)  # type: ignore[arg-type]
            if event.type() == QEvent.Type.FocusIn and index != self.cursor:
                self.cursor = index  # clicked: the roving stop follows
                self._rove()
            elif event.type() == QEvent.Type.KeyPress:
                key = event.key()  # type: ignore[attr-defined]
                moves = {
                    Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1,
                    Qt.Key.Key_Up: -self.columns, Qt.Key.Key_Down: self.columns,
                }
                if key in moves:
                    target = index + moves[key]
                    if 0 <= target < len(boxes):
                        self.move_to(target)
                    return True
                if key == Qt.Key.Key_Home:
                    self.move_to(0)
                    return True
                if key == Qt.Key.Key_End:
                    self.move_to(len(boxes) - 1)
                    return True
        return super().eventFilter(watched, event)

    def checked_codes(self) -> tuple[str, ...]:
        return tuple(code for code, box in self.boxes.items() if box.isChecked())

    def set_checked(self, codes: set[str] | tuple[str, ...] | list[str]) -> None:
        chosen = set(codes)
        for code, box in self.boxes.items():
            box.setChecked(code in chosen)
