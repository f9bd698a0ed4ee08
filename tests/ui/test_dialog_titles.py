"""Every window and dialog title the program sets, and every message box title, reads as
Chinese: found in the source (``setWindowTitle(self.tr(...))``, ``QMessageBox.warning(parent,
self.tr(...), ...)``, ``translate(context, ...)``) and looked up in the compiled catalog the
program loads."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTranslator

from tests.latin import latin_words
from workstation.ui.i18n import translations_dir
from workstation.ui.translations_build import load_glossary

UI = Path(__file__).resolve().parents[2] / "workstation" / "ui"
BOXES = {"warning", "information", "critical", "question", "about"}


def _text(node: ast.AST, context: str) -> tuple[str, str] | None:
    """(context, source text) of a ``self.tr("…")`` / ``translate("ctx", "…")`` call."""
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
        return None
    args = node.args
    if node.func.attr == "tr" and args and isinstance(args[0], ast.Constant):
        own = isinstance(node.func.value, ast.Name) and node.func.value.id == "self"
        return (context if own else "*"), str(args[0].value)  # "*": another object's tr
    if node.func.attr == "translate" and len(args) >= 2 and all(
            isinstance(a, ast.Constant) for a in args[:2]):
        return str(args[0].value), str(args[1].value)  # type: ignore[union-attr]
    return None


def _titles() -> list[tuple[str, str, str]]:
    found = []
    for path in sorted(UI.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for cls in [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)] + [tree]:
            context = cls.name if isinstance(cls, ast.ClassDef) else ""
            for node in ast.walk(cls):
                if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                    continue
                title = None
                if node.func.attr == "setWindowTitle" and node.args:
                    title = node.args[0]
                elif node.func.attr in BOXES and len(node.args) >= 2:
                    title = node.args[1]
                # "self.tr(...).replace(...)": the call inside
                while isinstance(title, ast.Call) and isinstance(title.func, ast.Attribute) \
                        and title.func.attr == "replace":
                    title = title.func.value
                text = _text(title, context) if title is not None else None
                if text is not None and text[0]:
                    found.append((path.name, *text))
    return sorted(set(found))


def test_every_title_is_chinese(qapp: Any) -> None:
    translator = QTranslator()
    assert translator.load("workstation_zh_CN", str(translations_dir()))
    titles = _titles()
    assert len(titles) > 30
    assert ("login.py", "LoginDialog", "Log in") in titles
    glossary = load_glossary()
    offenders = []
    for where, context, source in titles:
        if context == "*":
            chinese = glossary.get(source) or next(
                (v for k, v in glossary.items() if k.endswith("|" + source)), "")
        else:
            chinese = translator.translate(context, source)
        if not chinese or latin_words(chinese.replace("%1", "").replace("%2", "")):
            offenders.append((where, context, source, chinese))
    assert offenders == []
