"""At an admin's login: plain backups left from before the station was encrypted are found
(in the background) and the admin is asked whether to shred them. "Later" is the default and
the answer to a closed box; the question comes back at the next admin login until they are
gone (``services.plain_backups``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from ..context import AppContext
from ..widgets.forms import show_error

#: While another window-modal dialog is open (the recovery code, the drafts), wait this long
#: and look again.
RETRY_MS = 1000


class PlainBackupsPrompt(QObject):
    def __init__(self, ctx: AppContext, window: QMainWindow) -> None:
        super().__init__(window)
        self.ctx = ctx
        self.window = window
        self.box: QMessageBox | None = None
        self.found: list[Path] = []

    def start(self) -> None:
        from workstation.services.plain_backups import find_plain_backups

        if not self.ctx.actor.is_admin:
            return
        db = self.ctx.db
        self.ctx.runner.run(lambda: find_plain_backups(db), on_done=self._found)

    def _found(self, found: list[Path]) -> None:
        self.found = list(found)
        if self.found:
            self._ask()

    def _ask(self) -> None:
        if QApplication.activeModalWidget() is not None:
            QTimer.singleShot(RETRY_MS, self, self._ask)
            return
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Old unencrypted backups"))
        box.setText(self.tr(
            "The backup folder still holds %1 backups made before this station was "
            "encrypted. They are not encrypted: anyone who copies them reads every person's "
            "records and the old password hashes.\n\nShred them now? The encrypted station "
            "holds everything they hold. Copies on USB sticks must be destroyed by hand.")
            .replace("%1", str(len(self.found))))
        shred = box.addButton(self.tr("Shred them"), QMessageBox.ButtonRole.DestructiveRole)
        later = box.addButton(self.tr("Ask me later"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(later)
        box.setEscapeButton(later)
        box.setObjectName("plain_backups_prompt")
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.finished.connect(lambda *_: self._answered(box.clickedButton() is shred))
        self.box = box
        box.open()

    def _answered(self, shred: bool) -> None:
        from workstation.services.plain_backups import remove_plain_backups

        box, self.box = self.box, None
        if box is not None:
            box.deleteLater()
        if not shred:
            return
        db, actor = self.ctx.db, self.ctx.actor
        self.ctx.runner.run(
            lambda: remove_plain_backups(db, actor), write=True,
            on_done=lambda removed: self.ctx.signals.status_message.emit(
                self.tr("%1 old unencrypted backups were shredded.")
                .replace("%1", str(len(removed)))),
            on_error=lambda e: show_error(self.window, self.tr("Old unencrypted backups"), e))
