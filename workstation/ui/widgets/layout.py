"""Small layout helpers shared by the record forms and views."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QProgressBar,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)


class _FoldingColumns(QScrollArea):
    """Two columns side by side while they fit the width, one under the other when they do
    not (a 1024-pixel screen, 特大 text): the page scrolls down, never sideways."""

    def __init__(self, stretch: tuple[int, int]) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight, body)
        self.left, self.right = QVBoxLayout(), QVBoxLayout()
        self.columns.addLayout(self.left, stretch[0])
        self.columns.addLayout(self.right, stretch[1])
        self.setWidget(body)

    def fold(self) -> None:
        m = self.columns.contentsMargins()
        needed = (self.left.minimumSize().width() + self.right.minimumSize().width()
                  + self.columns.spacing() + m.left() + m.right())
        direction = (QBoxLayout.Direction.LeftToRight if self.viewport().width() >= needed
                     else QBoxLayout.Direction.TopToBottom)
        if self.columns.direction() != direction:
            self.columns.setDirection(direction)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fold()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            QTimer.singleShot(0, self, self.fold)  # once the new sizes are known


def scrolling_columns(outer: QBoxLayout, stretch: tuple[int, int] = (3, 2)
                      ) -> tuple[QVBoxLayout, QVBoxLayout]:
    """Add a frameless scroll area with two columns to ``outer`` (one under the other when
    the width is too small for both); return the column layouts."""
    scroll = _FoldingColumns(stretch)
    outer.addWidget(scroll, 1)
    return scroll.left, scroll.right


def busy_bar(name: str = "") -> QProgressBar:
    """A thin indeterminate bar shown while a background check runs (hidden until then)."""
    bar = QProgressBar()
    if name:
        bar.setObjectName(name)
    bar.setRange(0, 0)
    bar.setTextVisible(False)
    bar.setMaximumHeight(8)
    bar.hide()
    return bar
