"""Words of Qt's own dialogs that Qt's ``qtbase_zh_CN.qm`` leaves in English.

Qt 6's non-native file dialog labels its fields "&Look in:" and "Files of &type:", which the
shipped Chinese catalog does not hold (it has them without the mnemonic). Listed here as
literal ``translate`` calls in Qt's own contexts, lupdate puts them into our catalog, which is
installed after Qt's and so is asked first. Never called: the list only feeds lupdate.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def _for_lupdate() -> None:  # pragma: no cover - read by lupdate, never run
    translate = QCoreApplication.translate
    translate("QFileDialog", "&Look in:")
    translate("QFileDialog", "Files of &type:")
    translate("QFileDialog", "Save &as:")
    translate("QPlatformTheme", "Yes to All")
    translate("QPlatformTheme", "No to All")
