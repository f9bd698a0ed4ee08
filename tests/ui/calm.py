"""Helpers for calm forms: a field's error shows once the user has left it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QApplication, QWidget


def leave(widget: QWidget) -> None:
    """The user tabs out of ``widget`` (its error, if any, shows from now on)."""
    QApplication.sendEvent(widget, QFocusEvent(QEvent.Type.FocusOut,
                                               Qt.FocusReason.TabFocusReason))
