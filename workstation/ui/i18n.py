"""Loading the zh_CN translations (ours and Qt's own for standard dialogs)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from workstation.paths import resources_dir

LOCALE = "zh_CN"


def translations_dir() -> Path:
    return resources_dir() / "translations"


def install_translators(app: QCoreApplication, locale: str = LOCALE) -> list[QTranslator]:
    """Install the app's ``workstation_<locale>.qm`` and Qt's ``qtbase_<locale>.qm``."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    installed: list[QTranslator] = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name, folder in ((f"qtbase_{locale}", qt_dir), (f"workstation_{locale}",
                                                         str(translations_dir()))):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            installed.append(translator)
    return installed
