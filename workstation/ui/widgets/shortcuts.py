"""Keyboard shortcuts that act where the user is, and confirmations that default to "No".

Why a helper: in PySide6 6.12 ``QShortcut(keys, parent, callable, context=...)`` ignores the
context (keyword or positional) and makes a window-wide shortcut, so a list's "Enter opens the
row" fired from every field of the window (see NOTES.md). Constructing without the callable,
then ``setContext`` and connecting ``activated``, really scopes the shortcut.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QMessageBox, QWidget


def shortcut(keys: QKeySequence | QKeySequence.StandardKey | Qt.Key | str, parent: QWidget,
             slot: Callable[[], Any],
             context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetWithChildrenShortcut,
             ) -> QShortcut:
    """A shortcut on ``parent`` that really has ``context`` (default: ``parent`` or one of its
    children has the focus)."""
    sequence = keys if isinstance(keys, QKeySequence) else QKeySequence(keys)
    result = QShortcut(sequence, parent)
    result.setContext(context)
    result.activated.connect(slot)
    return result


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    """Ask before something that cannot be taken back; "No" is the default (Enter keeps
    what is there)."""
    answer = QMessageBox.question(
        parent, title, text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes
