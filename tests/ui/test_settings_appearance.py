"""Readability: the larger-text setting (applied at once, kept in QSettings) and the bundled
CJK font."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QLabel

from tests.ui.layout_check import restore_style
from workstation.paths import resources_dir
from workstation.ui.appearance import (
    SETTING_TEXT_SIZE,
    TEXT_SIZES,
    apply_appearance,
    register_bundled_fonts,
    text_size,
)


@pytest.fixture
def isolated_settings(tmp_path: Path, qapp: QApplication) -> Iterator[Path]:
    """QSettings() reads and writes an INI file under ``tmp_path``; the app font is restored."""
    from workstation.ui.i18n import install_translators

    font = qapp.font()
    translators = install_translators(qapp)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    try:
        yield tmp_path
    finally:
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                          QStandardPaths.writableLocation(
                              QStandardPaths.StandardLocation.GenericConfigLocation))
        QSettings.setDefaultFormat(QSettings.Format.NativeFormat)
        restore_style(qapp, font)  # no style sheet left for later tests
        for translator in translators:
            qapp.removeTranslator(translator)


def test_extra_large_text_applies_at_once_and_is_kept(qtbot: Any, ui_ctx: Any, qapp: Any,
                                                      isolated_settings: Path) -> None:
    from workstation.ui.pages.settings import SettingsPage

    assert text_size(QSettings()) == "normal"  # nothing stored yet
    apply_appearance(qapp, QSettings(), register_bundled_fonts())
    assert qapp.font().pointSizeF() == TEXT_SIZES["normal"]

    page = SettingsPage(ui_ctx)
    qtbot.addWidget(page)
    page.show()
    assert page.size_buttons["normal"].isChecked()
    assert page.size_buttons["larger"].text() == "特大"
    label = page.findChild(QLabel)
    before = label.font().pointSizeF()
    height_before = label.sizeHint().height()

    page.size_buttons["larger"].click()  # 特大

    assert qapp.font().pointSizeF() == TEXT_SIZES["larger"] > TEXT_SIZES["normal"]
    qtbot.waitUntil(lambda: label.font().pointSizeF() == TEXT_SIZES["larger"], timeout=3000)
    assert label.font().pointSizeF() > before  # widgets already shown grow too
    assert label.sizeHint().height() > height_before
    assert QSettings().value(SETTING_TEXT_SIZE) == "larger"
    assert list(isolated_settings.rglob("*.conf")) or list(isolated_settings.rglob("*.ini"))

    # Next start: the application font comes back from the settings file.
    qapp.setFont(type(qapp.font())())
    apply_appearance(qapp, QSettings(), register_bundled_fonts())
    assert qapp.font().pointSizeF() == TEXT_SIZES["larger"]
    again = SettingsPage(ui_ctx)
    qtbot.addWidget(again)
    assert again.size_buttons["larger"].isChecked()

    again.size_buttons["normal"].click()
    assert qapp.font().pointSizeF() == TEXT_SIZES["normal"]
    assert text_size(QSettings()) == "normal"


def test_unknown_stored_size_falls_back_to_normal(isolated_settings: Path) -> None:
    QSettings().setValue(SETTING_TEXT_SIZE, "gigantic")
    assert text_size(QSettings()) == "normal"


def test_bundled_font_registers_with_its_licence(qapp: Any) -> None:
    families = register_bundled_fonts()
    assert "WenQuanYi Micro Hei" in families
    assert QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(
        "WenQuanYi Micro Hei")
    fonts = resources_dir() / "fonts"
    assert (fonts / "wqy-microhei.ttc").stat().st_size > 1_000_000
    assert (fonts / "wqy-microhei.LICENSE-Apache-2.0").exists()
    # The UI font chain always ends with the bundled face, so Chinese renders on a PC
    # without any Chinese font installed.
    from workstation.ui.appearance import ui_font_family

    assert ui_font_family(families)[-len(families):] == families
