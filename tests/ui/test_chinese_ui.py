"""With the zh_CN translation loaded, no English text is left on any screen."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTableView,
    QTabWidget,
    QTreeView,
    QWidget,
)

from workstation.ui.i18n import install_translators

ENGLISH_WORD = re.compile(r"\b[A-Za-z]{4,}\b")
ALLOWED = {"Ctrl", "demo"}  # key names and the demo login


def _english(text: str) -> list[str]:
    return [w for w in ENGLISH_WORD.findall(text) if w not in ALLOWED]


def _visible_texts(root: QWidget) -> list[tuple[str, str]]:
    texts: list[tuple[str, str]] = [("title", root.windowTitle())]
    for widget in root.findChildren(QWidget):
        name = type(widget).__name__
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append((name, widget.text()))
        if isinstance(widget, QLineEdit | QPlainTextEdit):
            texts.append((name, widget.placeholderText()))
        if isinstance(widget, QGroupBox):
            texts.append((name, widget.title()))
        if isinstance(widget, QTabWidget):
            texts += [(name, widget.tabText(i)) for i in range(widget.count())]
        if isinstance(widget, QListWidget):
            texts += [(name, widget.item(i).text()) for i in range(widget.count())]
        if isinstance(widget, QTableView | QTreeView) and widget.model() is not None:
            model = widget.model()
            texts += [(name, str(model.headerData(c, Qt.Orientation.Horizontal) or ""))
                      for c in range(model.columnCount(QModelIndex()))]
        tip = widget.toolTip()
        if tip:
            texts.append((name + ".toolTip", tip))
    return texts


def test_every_page_speaks_chinese(ui_ctx: Any, qtbot: Any) -> None:
    from workstation.ui.main_window import MainWindow
    from workstation.ui.pages.registry import default_pages

    app = QCoreApplication.instance()
    assert isinstance(app, QApplication)
    translators = install_translators(app)
    try:
        window = MainWindow(ui_ctx, default_pages())
        qtbot.addWidget(window)
        window.show()
        offenders: list[str] = []
        for spec in window.specs:
            window.show_page(spec.key)
            if spec.key in ("consultations", "mediation", "aid"):
                window.open_record(spec.record_types[0], "new")
            qtbot.wait(50)
            ui_ctx.runner.wait()
            QCoreApplication.processEvents()
            for kind, text in _visible_texts(window):
                words = _english(text)
                if words:
                    offenders.append(f"{spec.key}: {kind}: {text!r}")
        assert sorted(set(offenders)) == []
        for page in window.pages.values():
            page.shutdown()
        ui_ctx.runner.wait()
        QCoreApplication.processEvents()
    finally:
        for translator in translators:
            app.removeTranslator(translator)
