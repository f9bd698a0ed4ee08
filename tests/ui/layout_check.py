"""Walks the visible widgets of a window and names what a user could not read or reach."""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QRect, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QLabel,
    QListWidget,
    QScrollArea,
    QToolButton,
    QWidget,
)


def restore_style(app: QApplication, font: QFont) -> None:
    """Back to no application style sheet and ``font`` after a test that set a text size.
    Widgets of the test are deleted first: restyling a widget half torn down crashes."""
    for _ in range(2):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QCoreApplication.processEvents()
    gc.collect()
    app.setStyleSheet("")
    app.setFont(font)


def describe(widget: QWidget) -> str:
    """``Class#name 'text'`` with the names of its ancestors up to the window."""
    parts = []
    w: QWidget | None = widget
    while w is not None and not w.isWindow():
        if w.objectName():
            parts.append(w.objectName())
        w = w.parentWidget()
    text = widget.text() if isinstance(widget, (QLabel, QAbstractButton)) else ""
    return f"{type(widget).__name__}[{'/'.join(reversed(parts))}] {text[:30]!r}"


def _scrolled(widget: QWidget, window: QWidget) -> QAbstractScrollArea | None:
    """The scroll area whose viewport shows ``widget``, if any (then the viewport clips it)."""
    w = widget.parentWidget()
    while w is not None and w is not window:
        parent = w.parentWidget()
        if isinstance(parent, QAbstractScrollArea) and w is parent.viewport():
            return parent
        w = parent
    return None


def layout_problems(window: QWidget) -> list[str]:
    """What is wrong with ``window`` as laid out now: widgets outside the window, text wider
    (or taller) than its label or button, layouts squeezed below their minimum (overlapping
    widgets), pages that need scrolling sideways."""
    problems: list[str] = []
    bounds = window.rect()
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.isWindow():
            continue
        area = _scrolled(widget, window)
        if area is not None:
            # Inside a scroll area only what is scrolled into view shows; check the rest only
            # for what is in view now.
            if widget.visibleRegion().isEmpty():
                continue
        else:
            rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
            if not bounds.contains(rect):
                problems.append(f"outside the window {rect.getRect()}: {describe(widget)}")
                continue
        if isinstance(widget, QScrollArea) and widget.horizontalScrollBar().isVisible():
            problems.append(f"needs sideways scrolling ({widest(widget.widget())}): "
                            f"{describe(widget)}")
        layout = widget.layout()
        if layout is not None and not isinstance(widget, QAbstractScrollArea):
            need = layout.minimumSize()
            if widget.width() + 1 < need.width():
                problems.append(f"squeezed {widget.width()} < {need.width()} wide: "
                                f"{describe(widget)}")
            elif not layout.hasHeightForWidth() and widget.height() + 1 < need.height():
                problems.append(f"squeezed {widget.height()} < {need.height()} high: "
                                f"{describe(widget)}")
        problems += _clipped_text(widget)
        if isinstance(widget, QListWidget):
            problems += _overlapping_items(widget)
    return problems


def _overlapping_items(view: QListWidget) -> list[str]:
    """Items of a list drawn over each other or shorter than their text and padding."""
    problems = []
    rects = [view.visualItemRect(view.item(i)) for i in range(view.count())]
    for i, rect in enumerate(rects):
        need = view.sizeHintForRow(i)
        if rect.height() + 1 < need:
            problems.append(f"item {view.item(i).text()!r} {rect.height()} < {need} high: "
                            f"{describe(view)}")
        if i and rects[i - 1].bottom() >= rect.top() + 1:
            problems.append(f"item {view.item(i).text()!r} overlaps the one above: "
                            f"{describe(view)}")
    return problems


def widest(widget: QWidget | None, depth: int = 0) -> str:
    """The chain of widgets whose minimum width is largest (what forces a page wide)."""
    if widget is None:
        return ""
    direct = Qt.FindChildOption.FindDirectChildrenOnly
    children = [c for c in widget.findChildren(QWidget, options=direct)
                if c.isVisible() and not c.isWindow()]
    if not children or depth > 8:
        return f"{describe(widget)} {widget.minimumSizeHint().width()}"
    child = max(children, key=lambda c: max(c.minimumSizeHint().width(), c.minimumWidth()))
    return (f"{type(widget).__name__}:{widget.minimumSizeHint().width()} > "
            + widest(child, depth + 1))


def _clipped_text(widget: QWidget) -> list[str]:
    from workstation.ui.widgets.date_field import DateField

    if isinstance(widget, DateField) and widget.text():
        # The text, the frame and the calendar button (about as wide as the field is high).
        need = widget.fontMetrics().horizontalAdvance(widget.text()) + widget.height() + 8
        if widget.width() + 1 < need:
            return [f"date cut off ({widget.width()} < {need} wide): {describe(widget)}"]
        return []
    if isinstance(widget, QLabel):
        if not widget.text() or (widget.pixmap() is not None and not widget.pixmap().isNull()):
            return []
        if widget.wordWrap():
            need = widget.heightForWidth(widget.width())
            if need > widget.height() + 1:
                return [f"text cut off ({widget.height()} < {need} high): {describe(widget)}"]
        elif widget.minimumSizeHint().width() > widget.width() + 1:
            return [f"text elided ({widget.width()} < {widget.minimumSizeHint().width()} "
                    f"wide): {describe(widget)}"]
        return []
    if (isinstance(widget, QToolButton) and not widget.icon().isNull()
            and widget.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly):
        return []  # an icon button (a line edit's calendar action): its text is a tooltip
    if isinstance(widget, QAbstractButton) and widget.text():
        need = widget.minimumSizeHint()
        if (need.width() > widget.width() + 1
                or widget.fontMetrics().height() > widget.contentsRect().height()):
            return [f"button text cut off ({widget.width()}×{widget.height()} < "
                    f"{need.width()}×{need.height()}): {describe(widget)}"]
    return []
