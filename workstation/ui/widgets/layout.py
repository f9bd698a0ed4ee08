"""Small layout helpers shared by the record forms and views."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QProgressBar,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)


def scrolling_columns(outer: QBoxLayout, stretch: tuple[int, int] = (3, 2)
                      ) -> tuple[QVBoxLayout, QVBoxLayout]:
    """Add a frameless scroll area with two columns to ``outer``; return the column layouts."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    body = QWidget()
    columns = QHBoxLayout(body)
    left, right = QVBoxLayout(), QVBoxLayout()
    columns.addLayout(left, stretch[0])
    columns.addLayout(right, stretch[1])
    scroll.setWidget(body)
    outer.addWidget(scroll, 1)
    return left, right


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
