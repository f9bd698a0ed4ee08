"""备份: the automatic backups with their state, backing up now or to a USB stick (progress,
cancel), and restoring a backup (verified first, confirmed, admins only; everyone logs in
again afterwards).

All database and file work runs through ``ctx.runner`` (``workstation.services.backup``); the
worker functions here never touch widgets.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtGui import QBrush, QColor, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.wording import ELLIPSIS
from workstation.storage.engine import Database

from ..context import AppContext
from ..dialogs.restore import RestoreConfirmDialog, RestoreSecretDialog
from ..models.item_table import ItemTableModel
from ..widgets.forms import show_error
from .base import Page

SETTING_BACKUP_TARGET = "backup/target_dir"
SETTING_RESTORE_DIR = "backup/restore_dir"
DAMAGED = QColor("#c0392b")


# --- background work (no Qt) --------------------------------------------------------------------


@dataclass(frozen=True)
class BackupOverview:
    folder: Path
    station_name: str
    entries: list[Any]  # services.backup.BackupEntry, newest first


def load_overview(db: Database) -> BackupOverview:
    from workstation.paths import backup_dir
    from workstation.services.backup import list_backups
    from workstation.services.stations import get_station

    station = get_station(db)
    folder = backup_dir()
    return BackupOverview(folder, station.name,
                          list_backups(folder, station.division_code, station.id))


def human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{max(size, 1) / 1024:.0f} KB"


def _remembered_dir(key: str) -> str:
    stored = str(QSettings().value(key, "") or "")
    return stored if stored and Path(stored).is_dir() else str(Path.home())


# --- the table ----------------------------------------------------------------------------------


class BackupTableModel(ItemTableModel):
    MADE, SIZE, RECORDS, STATE, FILE = range(5)

    def __init__(self, parent: Any = None) -> None:
        super().__init__([self.tr("Made at"), self.tr("Size"), self.tr("Records"),
                          self.tr("State"), self.tr("File")], parent)

    def cell(self, item: Any, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column == self.STATE and not item.ok:
            return QBrush(DAMAGED)
        if role == Qt.ItemDataRole.ToolTipRole and not item.ok:
            return item.problem
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == self.MADE:
            return item.made_at.strftime("%Y-%m-%d %H:%M")
        if column == self.SIZE:
            return human_size(item.size)
        if column == self.RECORDS:
            if item.manifest is None:
                return ""
            counts = item.manifest.counts
            return (self.tr("%1 consultations, %2 mediations, %3 aid applications")
                    .replace("%1", str(counts.get("consultation", 0)))
                    .replace("%2", str(counts.get("mediation_case", 0)))
                    .replace("%3", str(counts.get("aid_referral", 0))))
        if column == self.STATE:
            return self.tr("Verified") if item.ok else self.tr("Damaged")
        return item.path.name


# --- the page -----------------------------------------------------------------------------------


class BackupPage(Page):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.overview: BackupOverview | None = None
        self.busy = False
        self.progress_dialog: QProgressDialog | None = None
        self.secret_dialog: RestoreSecretDialog | None = None
        self.confirm_dialog: RestoreConfirmDialog | None = None
        self.last_made: Path | None = None
        self.done_box: QMessageBox | None = None

        layout = QVBoxLayout(self)
        heading = QLabel(self.tr("Backups"))
        heading.setProperty("role", "heading")
        layout.addWidget(heading)
        self.last_label = QLabel(ELLIPSIS)  # until loaded
        self.last_label.setObjectName("last_backup")
        self.last_label.setProperty("role", "lead")
        layout.addWidget(self.last_label)
        text = self.tr(
            "A backup is made automatically when the program starts (if the last one is more "
            "than a day old) and when it closes. The newest backup of each of the last 7 days, "
            "4 weeks and 12 months is kept.")
        if ctx.db.key is not None:
            text += "\n" + self.tr("Backups are encrypted: they open only with this station's "
                                  "passwords or its recovery code.")
        rule = QLabel(text)
        rule.setWordWrap(True)
        rule.setProperty("role", "hint")
        layout.addWidget(rule)
        folder_row = QHBoxLayout()
        folder_row.addWidget(QLabel(self.tr("Automatic backups are kept in:")))
        self.folder_edit = QLineEdit()  # read-only: the path can be selected and copied
        self.folder_edit.setObjectName("backup_folder")
        self.folder_edit.setReadOnly(True)
        folder_row.addWidget(self.folder_edit, 1)
        self.open_folder_button = QPushButton(self.tr("Open folder"))
        self.open_folder_button.setObjectName("open_backup_folder")
        self.open_folder_button.setProperty("role", "wide")
        self.open_folder_button.clicked.connect(self.open_folder)
        folder_row.addWidget(self.open_folder_button)
        layout.addLayout(folder_row)

        row = QHBoxLayout()
        self.backup_button = QPushButton(self.tr("Back up now"))
        self.backup_button.setObjectName("backup_now")
        self.backup_button.setProperty("role", "big")
        self.backup_button.clicked.connect(self.backup_now)
        self.backup_to_button = QPushButton(self.tr("Back up to a USB stick or folder..."))
        self.backup_to_button.setObjectName("backup_to")
        self.backup_to_button.setProperty("role", "big")
        self.backup_to_button.clicked.connect(self.backup_to)
        row.addWidget(self.backup_button)
        row.addWidget(self.backup_to_button)
        row.addStretch(1)
        layout.addLayout(row)

        table_heading = QLabel(self.tr("Automatic backups on this computer"))
        table_heading.setProperty("role", "subheading")
        layout.addWidget(table_heading)
        self.model = BackupTableModel(self)
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab leaves the list
        self.table.setObjectName("backups")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(BackupTableModel.FILE, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.table.doubleClicked.connect(lambda *_: self.restore_selected())
        self.empty_label = QLabel(self.tr("No backup has been made on this computer yet."))
        self.empty_label.setProperty("role", "hint")
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table, 1)
        self.table.hide()

        restore_row = QHBoxLayout()
        self.restore_selected_button = QPushButton(self.tr("Restore the selected backup..."))
        self.restore_selected_button.setObjectName("restore_selected")
        self.restore_selected_button.clicked.connect(self.restore_selected)
        self.restore_file_button = QPushButton(self.tr("Restore from a file..."))
        self.restore_file_button.setObjectName("restore_file")
        self.restore_file_button.clicked.connect(self.restore_from_file)
        for button in (self.restore_selected_button, self.restore_file_button):
            button.setProperty("role", "wide")
            restore_row.addWidget(button)
        restore_row.addStretch(1)
        layout.addLayout(restore_row)
        self.admin_note = QLabel(self.tr("Only the station admin can restore backups."))
        self.admin_note.setProperty("role", "hint")
        self.admin_note.setVisible(not ctx.actor.is_admin)
        layout.addWidget(self.admin_note)
        self._update_buttons()

    # -- the list ----------------------------------------------------------------------------

    def activated(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        db = self.ctx.db
        self.ctx.runner.run(lambda: load_overview(db), on_done=self.show_overview,
                            on_error=lambda e: show_error(self, self.tr("Backups"), e))

    def show_overview(self, overview: BackupOverview) -> None:
        self.overview = overview
        self.folder_edit.setText(str(overview.folder))
        newest = next((e for e in overview.entries if e.ok), None)
        if newest is None:
            self.last_label.setText(self.tr("No backup yet on this computer."))
        else:
            self.last_label.setText(self.tr("Last backup: %1").replace(
                "%1", newest.made_at.strftime("%Y-%m-%d %H:%M")))
        self.model.set_items(overview.entries)
        self.empty_label.setVisible(not overview.entries)
        self.table.setVisible(bool(overview.entries))
        self._update_buttons()

    def open_folder(self) -> None:
        if self.overview is None:
            return
        folder = self.overview.folder
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def selected_entry(self) -> Any | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.item_at(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        ready = not self.busy
        admin = self.ctx.actor.is_admin
        self.backup_button.setEnabled(ready)
        self.backup_to_button.setEnabled(ready)
        self.restore_file_button.setEnabled(ready and admin)
        self.restore_selected_button.setEnabled(ready and admin
                                                and self.selected_entry() is not None)
        tip = "" if admin else self.admin_note.text()
        self.restore_file_button.setToolTip(tip)
        self.restore_selected_button.setToolTip(tip)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self._update_buttons()

    # -- progress ----------------------------------------------------------------------------

    def _open_progress(self, text: str, title: str, cancellable: bool = True) -> QProgressDialog:
        dialog = QProgressDialog(text, self.tr("Cancel") if cancellable else "", 0, 0, self)
        dialog.setObjectName("backup_progress")
        dialog.setWindowTitle(title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumWidth(380)
        if not cancellable:
            dialog.setCancelButton(None)  # type: ignore[arg-type]
        self.progress_dialog = dialog
        dialog.show()
        return dialog

    def _progress(self, done: int, total: int) -> None:
        dialog = self.progress_dialog
        if dialog is not None:
            dialog.setMaximum(total)
            dialog.setValue(done)

    def _close_progress(self) -> None:
        dialog, self.progress_dialog = self.progress_dialog, None
        if dialog is not None:  # hide() does not emit canceled
            dialog.hide()
            dialog.deleteLater()

    # -- backing up --------------------------------------------------------------------------

    def backup_now(self) -> None:
        from workstation.paths import backup_dir

        self._start_backup(backup_dir(), create=True)

    def backup_to(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Choose the USB stick (or a folder) to back up to"),
            _remembered_dir(SETTING_BACKUP_TARGET))
        if not folder:
            return
        QSettings().setValue(SETTING_BACKUP_TARGET, folder)
        self._start_backup(Path(folder))

    def _start_backup(self, folder: Path, create: bool = False) -> None:
        if self.busy:
            return
        from workstation.services.backup import backup_now

        db, actor = self.ctx.db, self.ctx.actor

        def work(control: Any) -> Any:
            if create:
                folder.mkdir(parents=True, exist_ok=True)
            return backup_now(db, actor, folder, progress=control.progress)

        dialog = self._open_progress(self.tr("Backing up..."), self.tr("Backup"))
        self._set_busy(True)
        # Reads only (the copy is a snapshot): saving records goes on meanwhile.
        control = self.ctx.runner.run(work, with_control=True, on_done=self._backed_up,
                                      on_error=self._backup_failed, on_progress=self._progress)
        dialog.canceled.connect(lambda: control.cancel())  # a lambda: see ui/tasks.py

    def _backed_up(self, made: Any) -> None:
        self._close_progress()
        self._set_busy(False)
        self.last_made = made.path
        self.refresh()
        QMessageBox.information(self, self.tr("Backup"), self.tr(
            "Backup written and verified:\n%1").replace("%1", str(made.path)))
        self.ctx.signals.status_message.emit(self.tr("Backup written: %1").replace(
            "%1", made.path.name))

    def _backup_failed(self, error: BaseException) -> None:
        from workstation.services.backup import BackupCancelled

        self._close_progress()
        self._set_busy(False)
        self.refresh()
        if isinstance(error, BackupCancelled):
            self.ctx.signals.status_message.emit(str(error))
            return
        show_error(self, self.tr("Backup failed"), error)

    # -- restoring ---------------------------------------------------------------------------

    def restore_selected(self) -> None:
        entry = self.selected_entry()
        if entry is not None and self.ctx.actor.is_admin:
            self.restore(entry.path)

    def restore_from_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Choose the backup file to restore"),
            _remembered_dir(SETTING_RESTORE_DIR),
            self.tr("Backup files (*.wsbak);;All files (*)"))
        if not path:
            return
        QSettings().setValue(SETTING_RESTORE_DIR, str(Path(path).parent))
        self.restore(Path(path))

    def restore(self, path: Path, secret: Any = None) -> None:
        """Verify ``path`` in the background, then ask (password if needed, confirmation)."""
        if self.busy:
            return
        from workstation.services.backup import prepare_restore

        db, actor = self.ctx.db, self.ctx.actor
        dialog = self._open_progress(self.tr("Checking the backup..."), self.tr("Restore"))
        self._set_busy(True)
        control = self.ctx.runner.run(
            lambda c: prepare_restore(db.path, db.key, actor, path, secret=secret,
                                      progress=c.progress),
            with_control=True, on_done=self._prepared,
            on_error=lambda e: self._prepare_failed(path, secret, e),
            on_progress=self._progress)
        dialog.canceled.connect(lambda: control.cancel())

    def _prepare_failed(self, path: Path, secret: Any, error: BaseException) -> None:
        from workstation.services.backup import BackupCancelled, NeedsSecret

        self._close_progress()
        self._set_busy(False)
        if isinstance(error, BackupCancelled):
            self.ctx.signals.status_message.emit(str(error))
            return
        if isinstance(error, NeedsSecret):
            reason = self.tr(
                "This backup was made on another computer or for another station. Enter a "
                "user name and the password it had when the backup was made, or the "
                "station's recovery code.")
            dialog = RestoreSecretDialog(reason, str(error) if secret is not None else "", self)
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.accepted.connect(lambda: self.restore(path, dialog.secret()))
            dialog.finished.connect(lambda *_: self._forget_secret_dialog(dialog))
            self.secret_dialog = dialog
            dialog.open()
            return
        show_error(self, self.tr("Cannot restore this backup"), error)

    def _forget_secret_dialog(self, dialog: RestoreSecretDialog) -> None:
        if self.secret_dialog is dialog:
            self.secret_dialog = None
        dialog.deleteLater()

    def _prepared(self, prepared: Any) -> None:
        self._close_progress()
        dialog = RestoreConfirmDialog(prepared, self.ctx.station_name, self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.finished.connect(lambda result: self._confirmed(dialog, prepared, result))
        self.confirm_dialog = dialog
        dialog.open()

    def _confirmed(self, dialog: RestoreConfirmDialog, prepared: Any, result: int) -> None:
        self.confirm_dialog = None
        dialog.deleteLater()
        if result != RestoreConfirmDialog.DialogCode.Accepted:
            self.ctx.runner.run(prepared.discard)
            self._set_busy(False)
            self.ctx.signals.status_message.emit(self.tr(
                "Restore cancelled; nothing was changed."))
            return
        from workstation.services.backup import restore_backup

        db, actor = self.ctx.db, self.ctx.actor
        self._open_progress(self.tr("Restoring... Do not switch the computer off."),
                            self.tr("Restore"), cancellable=False)
        # On the write queue: no save is under way while the database is swapped.
        self.ctx.runner.run(lambda: restore_backup(prepared, actor, db.key, db=db),
                            write=True, on_done=self._restored, on_error=self._restore_failed)

    def _restored(self, done: Any) -> None:
        self._close_progress()
        lines = [self.tr("The backup was restored.")]
        lines += done.notes
        lines.append(self.tr("Please log in again."))
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Restore"), "\n".join(lines),
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("restore_done")
        box.finished.connect(lambda *_: self.ctx.signals.restart_requested.emit())
        self.done_box = box
        box.open()

    def _restore_failed(self, error: BaseException) -> None:
        self._close_progress()
        self._set_busy(False)
        self.refresh()
        show_error(self, self.tr("Restore failed"), error)

    def shutdown(self) -> None:
        self._close_progress()
