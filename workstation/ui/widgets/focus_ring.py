"""A focus ring an older eye finds: a blue frame around the widget that takes the next key.

Drawn by one ``QFocusFrame`` that follows the keyboard focus through the application, not by
style-sheet rules: an application style sheet would stop text-size changes from reaching
widgets already shown (and the style layer owns the sheet). ``FOCUS_RING_QSS`` is the same
ring as style-sheet rules, for a style layer that prefers to put it into its sheet instead.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QFocusFrame, QWidget

FOCUS_COLOR = "#1565c0"

FOCUS_RING_QSS = f"""
/* focus ring (ui/widgets/focus_ring.py) */
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QComboBox:focus, QSpinBox:focus,
QAbstractItemView:focus, QPushButton:focus, QToolButton:focus, QCheckBox:focus {{
    border: 2px solid {FOCUS_COLOR};
}}
"""


class FocusRing(QObject):
    """Keeps one focus frame around ``QApplication.focusWidget()``."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.frame: QFocusFrame | None = None
        app.focusChanged.connect(self._moved)

    @staticmethod
    def _paint_blue(frame: QFocusFrame) -> None:
        palette = frame.palette()
        for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Highlight):
            palette.setColor(role, QColor(FOCUS_COLOR))
        frame.setPalette(palette)

    def _moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        if self.frame is not None and not shiboken6.isValid(self.frame):
            self.frame = None
        if new is None or new.isWindow():
            if self.frame is not None:
                self.frame.setWidget(None)
            return
        if self.frame is None:
            self.frame = QFocusFrame()
            self.frame.setObjectName("focus_ring")
        self.frame.setWidget(new)
        self._paint_blue(self.frame)  # the frame takes the widget's palette on changes


def install_focus_ring(app: QApplication) -> FocusRing:
    """Follow the keyboard focus with the ring (once per application)."""
    existing = app.findChild(FocusRing)
    return existing if existing is not None else FocusRing(app)
