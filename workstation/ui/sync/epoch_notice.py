"""The 同步 page's explanation of a new chain epoch (recovery after a restore or rollback).

Shown while a new epoch is pending (the database was restored from a backup, or a county
acknowledgement showed bundles this station does not have) and while the county has not yet
acknowledged a bundle of the new epoch; hidden otherwise. What it explains is in
``docs/sync-bundle.md`` (Recovery after a restore). The state is read through ``ctx.runner``.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QWidget

if TYPE_CHECKING:
    from workstation.sync.station import EpochStatus

    from ..context import AppContext


def _sentences(*parts: str) -> str:
    """Sentences joined as the language writes them: no space after a Chinese full stop."""
    text = ""
    for part in parts:
        text += part if not text or text.endswith(("。", "）", "：")) else " " + part
    return text


def _local(value: datetime | None) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value is not None else ""


class EpochNotice(QLabel):
    """A caution box on the 同步 page; ``refresh()`` reads the station's epoch state."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("epoch_notice")
        self.setProperty("role", "notice")
        self.setWordWrap(True)
        self.hide()

    def refresh(self) -> None:
        from workstation.sync import station as sync

        db = self.ctx.db
        self.ctx.runner.run(lambda: sync.epoch_status(db), on_done=self.show_status,
                            on_error=lambda _error: self.hide())

    def show_status(self, status: EpochStatus) -> None:
        text = self.explain(status)
        self.setText(text)
        self.setVisible(bool(text))

    def explain(self, status: EpochStatus) -> str:
        """The explanation in plain words ('' when there is nothing to explain)."""
        if status.pending is not None:
            if status.reason == "rollback":
                cause = self.tr("An acknowledgement from the county center showed that this "
                                "station's data went back to an older state (found %1).")
            else:
                cause = self.tr("This station's data was restored from a backup (%1).")
            return _sentences(
                cause.replace("%1", _local(status.marked_at)),
                self.tr("The next export starts chain No. %1 and sends all records, not only "
                        "new changes. The county center merges them record by record and "
                        "keeps the newer version: nothing it already has is lost. Export and "
                        "send the bundle as usual.")
                .replace("%1", str(status.pending)))
        if status.awaiting_county:
            return _sentences(
                self.tr("Chain No. %1 began on %2 (after the station's data was restored or "
                        "went back).").replace("%1", str(status.epoch))
                .replace("%2", _local(status.started_at)),
                self.tr("Until the county center acknowledges a bundle of it, every export "
                        "sends all records. Take the bundle to the county center and import "
                        "its acknowledgement here."))
        return ""
