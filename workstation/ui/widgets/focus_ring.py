"""A focus ring an older eye finds: which field or button takes the next key.

A separate piece of the application style sheet, appended by ``ui/appearance.py`` (the style
layer owns the rest of the sheet).
"""

from __future__ import annotations

FOCUS_COLOR = "#1565c0"

FOCUS_RING_QSS = f"""
/* focus ring (ui/widgets/focus_ring.py) */
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QComboBox:focus, QSpinBox:focus,
QAbstractItemView:focus {{
    border: 2px solid {FOCUS_COLOR};
}}
QPushButton:focus, QToolButton:focus {{
    border: 2px solid {FOCUS_COLOR};
    border-radius: 3px;
}}
QCheckBox:focus, QRadioButton:focus {{
    border: 2px solid {FOCUS_COLOR};
}}
"""


def with_focus_ring(sheet: str) -> str:
    """``sheet`` with the focus ring appended (once)."""
    return sheet if FOCUS_RING_QSS in sheet else sheet + FOCUS_RING_QSS
