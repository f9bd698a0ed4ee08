"""Every user-visible UI string has its zh_CN translation; the shipped files are current."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from workstation.ui import translations_build as tb


def _messages(ts_file: Path) -> dict[tuple[str, str], str]:
    root = ET.parse(ts_file).getroot()
    return {
        (ctx.findtext("name") or "", msg.findtext("source") or ""): msg.findtext("translation")
        or ""
        for ctx in root.iter("context")
        for msg in ctx.iter("message")
    }


def test_every_ui_string_has_a_chinese_translation(tmp_path: Path) -> None:
    ts, qm = tmp_path / "t.ts", tmp_path / "t.qm"
    missing = tb.build(ts, qm)
    assert missing == [], f"untranslated: {missing[:20]}"
    assert qm.stat().st_size > 0


def test_shipped_translation_is_current(tmp_path: Path) -> None:
    ts, qm = tmp_path / "t.ts", tmp_path / "t.qm"
    tb.build(ts, qm)
    assert _messages(tb.TS_FILE) == _messages(ts), (
        "resources/translations is stale: run python -m workstation.ui.translations_build"
    )
    assert tb.QM_FILE.read_bytes() == qm.read_bytes()


def test_translator_loads_and_translates(qapp: object) -> None:
    from PySide6.QtCore import QCoreApplication

    from workstation.ui.i18n import install_translators

    app = QCoreApplication.instance()
    assert app is not None
    translators = install_translators(app)
    try:
        assert QCoreApplication.translate("LoginDialog", "Log in") == "登录"
        assert len(translators) == 2  # ours and Qt's qtbase
    finally:
        for translator in translators:
            app.removeTranslator(translator)
