"""Choosers searchable by typing: part of the label (纠纷) or its pinyin initials (lj for
邻里纠纷) or full pinyin (linli).

The combo box becomes editable only as a search line: typing filters a popup of the matching
items (the first one highlighted, so Enter takes it); leaving the field with text that is no
item puts the chosen item's label back. ``currentIndex`` / ``currentData`` stay the truth, so
code reading the combo box does not change.

With ``free_text`` (a chooser whose value is stored as written, e.g. 民族) a Chinese text
that is no item is kept as typed; only pinyin keys (ASCII), which never are a value, are
put back to the chosen item when the field is left.
"""

from __future__ import annotations

from functools import lru_cache

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import QComboBox, QCompleter

from workstation.domain.pinyin import name_keys

Index = QModelIndex | QPersistentModelIndex


@lru_cache(maxsize=2048)
def label_keys(label: str) -> tuple[str, ...]:
    """Lowercase keys a label is found by: the label, its pinyin initials and full pinyin."""
    keys = name_keys(label)
    return (label.lower(), *keys.initials, *keys.full)


def label_matches(label: str, typed: str) -> bool:
    """Whether ``typed`` finds ``label``: a part of the label, or the start of (or a part of)
    its pinyin initials / full pinyin."""
    text = typed.strip().lower()
    if not text:
        return True
    if text in label.lower():
        return True
    if not text.isascii():
        return False
    return any(text in key for key in label_keys(label)[1:])


class LabelFilter(QSortFilterProxyModel):
    """The items of a combo box whose label matches the typed text."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.typed = ""

    def set_typed(self, text: str) -> None:
        self.beginFilterChange()
        self.typed = text
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        index = self.sourceModel().index(source_row, 0, source_parent)
        label = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        flags = self.sourceModel().flags(index)
        if not label or not flags & Qt.ItemFlag.ItemIsEnabled:
            return False  # separators, placeholders without text
        return label_matches(label, self.typed)


class _Searcher(QObject):
    """Keeps the filter, the popup and the combo box's current item in step."""

    def __init__(self, box: QComboBox, free_text: bool = False) -> None:
        super().__init__(box)
        self.box = box
        self.free_text = free_text
        self.filter = LabelFilter(self)
        self.filter.setSourceModel(box.model())
        self.completer = QCompleter(self.filter, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setWidget(box.lineEdit())
        self.completer.activated[str].connect(self._take)  # type: ignore[index]
        line = box.lineEdit()
        line.textEdited.connect(self._typed)
        line.returnPressed.connect(self._take_first)
        line.installEventFilter(self)
        box.installEventFilter(self)

    def _typed(self, text: str) -> None:
        self.filter.set_typed(text)
        if self.filter.rowCount() and text.strip():
            self.completer.complete()
            popup = self.completer.popup()
            popup.setCurrentIndex(self.completer.completionModel().index(0, 0))
        else:
            self.completer.popup().hide()

    def _take(self, label: str) -> None:
        row = self.box.findText(label, Qt.MatchFlag.MatchExactly)
        if row >= 0:
            self.box.setCurrentIndex(row)
        self._restore()

    def _take_first(self) -> None:
        """Enter without a popup choice: the first matching item."""
        if self.completer.popup().isVisible():
            return  # the popup's highlighted item is taken by the completer
        text = self.box.lineEdit().text()
        current = self.box.currentIndex()
        if current >= 0 and text == self.box.itemText(current):
            return
        if self._keep_typed(text):
            return
        self.filter.set_typed(text)
        if self.filter.rowCount():
            self.box.setCurrentIndex(self.filter.mapToSource(self.filter.index(0, 0)).row())
        self._restore()

    def _keep_typed(self, text: str) -> bool:
        """``free_text``: Chinese text is a value as written (an item when it is one), and
        an emptied field is empty."""
        if not self.free_text or (text.strip() and text.isascii()):
            return False
        row = self.box.findText(text, Qt.MatchFlag.MatchExactly)
        if row >= 0 and row != self.box.currentIndex():
            self.box.setCurrentIndex(row)
        return True

    def _restore(self) -> None:
        """The line shows the chosen item's label, never half-typed text."""
        if self._keep_typed(self.box.lineEdit().text()):
            return
        current = self.box.currentIndex()
        label = self.box.itemText(current) if current >= 0 else ""
        if self.box.lineEdit().text() != label:
            self.box.lineEdit().setText(label)

    def _select_all(self) -> None:
        if shiboken6.isValid(self.box) and self.box.lineEdit().hasFocus():
            self.box.lineEdit().selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        box = self.__dict__.get("box")  # gone while the wrapper is being torn down
        if box is None or not shiboken6.isValid(box):
            return False  # torn down with the focus inside
        if (event.type() == QEvent.Type.FocusOut
                and event.reason() != Qt.FocusReason.PopupFocusReason  # type: ignore[attr-defined]
                and not self.completer.popup().isVisible()):
            self._restore()  # left with half-typed text: show the chosen item again
        elif event.type() == QEvent.Type.FocusIn:
            # Typing replaces the shown label (also when focused by a click or a shortcut).
            QTimer.singleShot(0, self._select_all)
        return super().eventFilter(watched, event)


def make_searchable(box: QComboBox, *, free_text: bool = False) -> QComboBox:
    """Let the user find an item of ``box`` by typing (label, pinyin initials); with
    ``free_text`` a Chinese text that is no item stays as typed (read ``currentText``)."""
    box.setEditable(True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    box.setCompleter(None)  # Qt's own prefix completer would fight ours
    box.lineEdit().setPlaceholderText(QCoreApplication.translate(
        "SearchableCombo", "Type to search, e.g. pinyin initials"))
    box.setProperty("searchable", True)
    box._searcher = _Searcher(box, free_text)  # type: ignore[attr-defined]
    return box
