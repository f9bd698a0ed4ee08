"""The county's "newest version" notice on the station's 同步 page.

Every acknowledgement may carry the newest program version the county distributes
(``notice``); when this station runs an older version, the page says so in a caution box
("县级中心提示：有新版本 X …"). The last notice received is remembered (QSettings), so the box
stays after a restart until an acknowledgement without a notice arrives or the program is
upgraded (the comparison is made again with the running version each time it is shown).
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel, QWidget

#: QSettings key: the last acknowledgement's ``notice`` as JSON ("" when it had none).
SETTING_NOTICE = "sync/version_notice"


def remembered_notice() -> dict[str, Any] | None:
    text = str(QSettings().value(SETTING_NOTICE, "") or "")
    try:
        notice = json.loads(text) if text else None
    except ValueError:
        return None
    return notice if isinstance(notice, dict) else None


def remember_notice(result: Any) -> dict[str, Any] | None:
    """Remember an applied acknowledgement's notice (``AckResult``; none: forgotten), also
    when no 同步 page exists yet (the background uploader); returns it."""
    notice = getattr(result, "version_notice", None)
    QSettings().setValue(SETTING_NOTICE, json.dumps(notice, ensure_ascii=False)
                         if notice else "")
    return notice if isinstance(notice, dict) else None


class VersionNoticeLabel(QLabel):
    """Hidden unless the county distributes a newer version than this program's."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("version_notice")
        self.setProperty("role", "notice")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)  # the county's words, never markup
        self.show_notice(remembered_notice())

    def show_notice(self, notice: dict[str, Any] | None) -> None:
        from workstation.sync.ack import notice_message

        message = notice_message({"notice": notice}) if notice else None
        self.setText(message or "")
        self.setVisible(bool(message))

    def ack_applied(self, result: Any) -> None:
        """After an acknowledgement was applied (``AckResult``): remember and show its
        notice (none: the box goes)."""
        self.show_notice(remember_notice(result))
