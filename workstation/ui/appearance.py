"""Fonts and text size: readable Chinese on any PC, larger text for older users."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from workstation.paths import resources_dir

#: Preferred UI families, first present wins; the bundled font is the last resort.
PREFERRED_FAMILIES = ("Microsoft YaHei", "Microsoft YaHei UI", "PingFang SC", "Noto Sans CJK SC",
                      "Source Han Sans SC")
BUNDLED_FONTS = ("wqy-microhei.ttc",)
TEXT_SIZES = {"normal": 10.5, "large": 13.0, "larger": 15.5}
SETTING_TEXT_SIZE = "appearance/text_size"


def register_bundled_fonts() -> list[str]:
    """Register the CJK fonts under ``resources/fonts``; returns their family names."""
    families: list[str] = []
    for name in BUNDLED_FONTS:
        path = resources_dir() / "fonts" / name
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families += QFontDatabase.applicationFontFamilies(font_id)
    return families


def ui_font_family(bundled: list[str]) -> list[str]:
    """Family list for the UI font: an installed preferred face, then the bundled one."""
    installed = set(QFontDatabase.families())
    chosen = [f for f in PREFERRED_FAMILIES if f in installed]
    return chosen[:1] + bundled


def text_size(settings: QSettings) -> str:
    value = str(settings.value(SETTING_TEXT_SIZE, "normal"))
    return value if value in TEXT_SIZES else "normal"


def apply_appearance(app: QApplication, settings: QSettings, bundled: list[str]) -> None:
    """Set the application font (family chain and the user's text size)."""
    font = QFont()
    families = ui_font_family(bundled)
    if families:
        font.setFamilies(families)
    font.setPointSizeF(TEXT_SIZES[text_size(settings)])
    app.setFont(font)
    # The keyboard focus ring (a frame that follows the focus; no style sheet involved).
    from .widgets.focus_ring import install_focus_ring

    install_focus_ring(app)
