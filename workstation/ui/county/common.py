"""Small pieces shared by the county pages: styles, times, tables, the page base class."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QAbstractItemModel, QSettings
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QWidget,
)

from .context import CountyContext

#: Rows that need attention (a quiet station, an overdue decision).
WARN_TEXT = QColor("#7d5a00")
WARN_BACKGROUND = QColor("#fff4d6")
#: Something is missing or refused.
BAD_TEXT = QColor("#b03a2e")
MUTED_TEXT = QColor("#777777")
#: Digits of a key fingerprint shown to people (as the command line prints them).
FINGERPRINT_DIGITS = 16


def local_time(value: datetime | None) -> str:
    """``2026-11-26 21:55`` in this computer's time zone ('' for None)."""
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value is not None else ""


def day_text(value: date | None) -> str:
    return value.isoformat() if value is not None else ""


def heading(text: str, role: str = "heading") -> QLabel:
    label = QLabel(text)
    label.setProperty("role", role)
    return label


def hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setProperty("role", "hint")
    return label


def make_table(model: QAbstractItemModel, name: str, stretch: int | None = None) -> QTableView:
    """A read-only, row-selecting table over ``model``; column ``stretch`` takes the room."""
    table = QTableView()
    table.setTabKeyNavigation(False)  # Tab leaves the list
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def remembered(key: str, default: str = "") -> str:
    return str(QSettings().value(key, default) or default)


class CountyPage(QWidget):
    """A page of the county console; loads its data in ``activated`` (in the background)."""

    def __init__(self, ctx: CountyContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    def activated(self) -> None:
        """The page became visible: refresh what may have changed."""

    def shutdown(self) -> None:
        """The window is closing: stop what runs."""
