"""Automatic backups of a session: after login when the newest is older than a day, and when
the program closes (after the event loop ended; a progress dialog shows if it takes long).

A failure never stops the program: it shows in the status bar (a red note whose tooltip
gives the reason) or, at exit, in a message box; the service has audited it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QProgressDialog

from .appearance import set_role
from .context import AppContext

#: The exit backup's progress dialog appears only when the backup takes longer than this.
EXIT_PROGRESS_AFTER_MS = 700


def _start_work(ctx: AppContext, control: Any) -> tuple[Any, datetime | None]:
    """(the backup made or None when not due, the newest backup's time). No Qt."""
    from workstation.paths import backup_dir
    from workstation.services.backup import (
        automatic_backup_due,
        list_backups,
        run_automatic_backup,
    )
    from workstation.services.stations import get_station

    if not automatic_backup_due(ctx.db):
        station = get_station(ctx.db)
        newest = next((e for e in list_backups(backup_dir(), station.division_code, station.id)
                       if e.ok), None)
        return None, newest.made_at if newest else None
    result = run_automatic_backup(ctx.db, ctx.actor, "start", progress=control.progress)
    return result, result.made.manifest.created_at.astimezone()


class AutoBackup(QObject):
    """Automatic backups for the session of ``ctx``; its note lives in ``window``'s status
    bar."""

    def __init__(self, ctx: AppContext, window: QMainWindow) -> None:
        super().__init__(window)
        self.ctx = ctx
        self.label = QLabel()
        self.label.setObjectName("auto_backup_state")
        window.statusBar().addPermanentWidget(self.label)
        self.last_error: BaseException | None = None
        self.running = False
        self.exit_dialog: QProgressDialog | None = None

    # -- at start ----------------------------------------------------------------------------

    def start(self) -> None:
        ctx = self.ctx
        self.running = True
        self.ctx.runner.run(lambda control: _start_work(ctx, control), with_control=True,
                            on_done=self._started, on_error=self._failed)

    def _started(self, result: tuple[Any, datetime | None]) -> None:
        self.running = False
        made, newest = result
        self.last_error = None
        if newest is not None:
            self.label.setText(self.tr("Last backup: %1").replace(
                "%1", newest.strftime("%m-%d %H:%M")))
            set_role(self.label, "ok")
            self.label.setToolTip("")
        if made is not None:
            self.ctx.signals.status_message.emit(self.tr("Automatic backup written: %1")
                                                 .replace("%1", made.made.path.name))

    def _failed(self, error: BaseException) -> None:
        self.running = False
        self.last_error = error
        self.label.setText(self.tr("Automatic backup failed"))
        set_role(self.label, "alert")
        self.label.setToolTip(str(error))
        self.ctx.signals.status_message.emit(self.tr("Automatic backup failed: %1").replace(
            "%1", str(error)))

    # -- at exit -----------------------------------------------------------------------------

    def run_at_exit(self) -> Any:
        """Back up before the program ends; returns the result, or the error (shown)."""
        from workstation.services.backup import BackupCancelled, run_automatic_backup

        ctx = self.ctx
        outcome: dict[str, Any] = {}
        loop = QEventLoop()
        dialog = QProgressDialog(self.tr("Backing up before closing..."), self.tr("Skip"),
                                 0, 1000)
        dialog.setObjectName("exit_backup_progress")
        dialog.setWindowTitle(self.tr("Backup"))
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        dialog.setMinimumDuration(EXIT_PROGRESS_AFTER_MS)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        self.exit_dialog = dialog

        def finish(key: str, value: Any) -> None:
            outcome[key] = value
            loop.quit()

        control = ctx.runner.run(
            lambda c: run_automatic_backup(ctx.db, ctx.actor, "exit", progress=c.progress),
            with_control=True, on_done=lambda r: finish("done", r),
            on_error=lambda e: finish("error", e),
            on_progress=lambda done, total: dialog.setValue(done))
        dialog.canceled.connect(lambda: control.cancel())  # a lambda: see ui/tasks.py
        loop.exec()
        dialog.hide()
        dialog.deleteLater()
        self.exit_dialog = None
        error = outcome.get("error")
        if error is not None and not isinstance(error, BackupCancelled):
            QMessageBox.warning(None, self.tr("Backup failed"), self.tr(
                "The backup before closing failed:\n%1\n\nYour records are saved; please "
                "make a backup to a USB stick from the Backups page soon.").replace(
                "%1", str(error)))
            return error
        return outcome.get("done", error)
