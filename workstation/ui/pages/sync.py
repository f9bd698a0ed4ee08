"""同步: what has not reached the county yet, the bundles written so far, export to a USB
stick (with progress, cancellable until the bundle is recorded) and the county's
acknowledgements (回执), which also bring back its decisions on forwarded aid applications.

All database, crypto and file work runs through ``ctx.runner`` (``workstation.sync.station``);
the worker functions here never touch widgets.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSettings,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.wording import ELLIPSIS
from workstation.services.context import Actor
from workstation.storage.engine import Database

from ..appearance import set_role
from ..context import AppContext
from ..models.item_table import ItemTableModel
from ..sync.conflicts import ConflictsPanel
from ..sync.epoch_notice import EpochNotice
from ..sync.version_notice import VersionNoticeLabel
from ..widgets.forms import show_error
from ..widgets.progress import TaskProgress
from .base import Page

Index = QModelIndex | QPersistentModelIndex

#: QSettings keys: the folders last used for export, acknowledgements and key files.
SETTING_EXPORT_DIR = "sync/export_dir"
SETTING_ACK_DIR = "sync/ack_dir"
SETTING_KEY_DIR = "sync/key_dir"

#: The county-key button while no key is set: it is the next thing to do.
NOT_ACKED_TEXT = QColor("#7d5a00")
NOT_ACKED_BACKGROUND = QColor("#fff4d6")
FINGERPRINT_DIGITS = 16  # as the command line prints them (docs/sync-bundle.md)


# --- background work (no Qt) --------------------------------------------------------------------


@dataclass(frozen=True)
class BundleRow:
    seq: int
    file_name: str
    from_seq: int
    to_seq: int
    records: int
    created_at: datetime
    acked_at: datetime | None


@dataclass(frozen=True)
class SyncStatus:
    unsynced: int
    bundles: list[BundleRow]
    station_key: str  # PEM, for the county to register
    station_fingerprint: str
    county_fingerprint: str | None  # None until the county's key file is imported
    #: What the county found in this station's audit trail (sync/audit_findings.py).
    audit_findings: tuple[str, ...] = ()

    @property
    def last_bundle(self) -> BundleRow | None:
        return max(self.bundles, key=lambda b: b.seq, default=None)

    @property
    def last_ack(self) -> datetime | None:
        return max((b.acked_at for b in self.bundles if b.acked_at), default=None)


def load_status(db: Database, actor: Actor | None = None) -> SyncStatus:
    """Everything the page shows (makes the station key pair on first use, audited under
    ``actor``)."""
    from workstation.sync import keys
    from workstation.sync import station as sync
    from workstation.sync.audit_findings import county_findings

    state = sync.ensure_state(db, actor)
    county = (keys.fingerprint(keys.load_county_public(state.county_public_key).box)
              if state.county_public_key else None)
    bundles = [BundleRow(b.seq, b.file_name, b.from_seq, b.to_seq, b.records, b.created_at,
                         b.acked_at) for b in sync.list_bundles(db)]
    return SyncStatus(
        unsynced=sync.unacknowledged_changes(db), bundles=bundles,
        station_key=state.station_public_key,
        station_fingerprint=keys.fingerprint(keys.load_station_public(state.station_public_key)),
        county_fingerprint=county, audit_findings=tuple(county_findings(db)))


def import_county_key(db: Database, actor: Actor, path: str) -> str:
    from workstation.sync import keys
    from workstation.sync import station as sync

    return sync.set_county_key(db, actor, keys.read_key_file(path))


def save_station_key(db: Database, path: str, actor: Actor | None = None) -> Path:
    from workstation.sync import station as sync
    from workstation.sync.errors import SyncError

    target = Path(path)
    try:
        target.write_text(sync.station_public_key(db, actor), encoding="ascii")
    except OSError as exc:
        raise SyncError(f"无法写入文件 {target}：{exc.strerror or exc}") from exc
    return target


# --- helpers --------------------------------------------------------------------------------------


def local_time(value: datetime | None) -> str:
    """``2026-11-26 21:55`` in this computer's time zone ('' for None)."""
    if value is None:
        return ""
    return value.astimezone().strftime("%Y-%m-%d %H:%M")


def short_fingerprint(value: str) -> str:
    return value[:FINGERPRINT_DIGITS]


def _remembered_dir(key: str) -> str:
    stored = str(QSettings().value(key, "") or "")
    return stored if stored and Path(stored).is_dir() else str(Path.home())


# --- the bundles table ------------------------------------------------------------------------


class BundleTableModel(ItemTableModel):
    """The bundles this station wrote, newest first: seq, file, change range, records,
    exported, acknowledged (with time; not yet acknowledged rows amber)."""

    SEQ, FILE, CHANGES, RECORDS, CREATED, ACKED = range(6)

    def __init__(self, parent: Any = None) -> None:
        super().__init__((self.tr("No."), self.tr("File"), self.tr("Changes"),
                          self.tr("Records"), self.tr("Exported"),
                          self.tr("County acknowledgement")), parent)

    @property
    def rows(self) -> list[BundleRow]:
        return self.items

    def set_rows(self, rows: list[BundleRow]) -> None:
        self.set_items(sorted(rows, key=lambda b: b.seq, reverse=True))

    def row_at(self, row: int) -> BundleRow | None:
        return self.item_at(row)

    def cell(self, bundle: BundleRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(bundle, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.SEQ, self.RECORDS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if bundle.acked_at is None and column == self.ACKED:
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(NOT_ACKED_TEXT)
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(NOT_ACKED_BACKGROUND)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.CHANGES:
            return self.tr("Change log entries %1 to %2").replace(
                "%1", str(bundle.from_seq)).replace("%2", str(bundle.to_seq))
        return None

    def _display(self, bundle: BundleRow, column: int) -> str | None:
        if column == self.SEQ:
            return str(bundle.seq)
        if column == self.FILE:
            return bundle.file_name
        if column == self.CHANGES:
            return f"{bundle.from_seq} – {bundle.to_seq}"
        if column == self.RECORDS:
            return str(bundle.records)
        if column == self.CREATED:
            return local_time(bundle.created_at)
        if column == self.ACKED:
            if bundle.acked_at is None:
                return self.tr("Not yet")
            return self.tr("Yes, %1").replace("%1", local_time(bundle.acked_at))
        return None


# --- the page ---------------------------------------------------------------------------------


class SyncPage(Page):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.status: SyncStatus | None = None
        self.busy = False
        self.progress_dialog: TaskProgress | None = None
        self.last_written: list[Path] = []

        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        heading = QLabel(self.tr("Send records to the county center"))
        heading.setProperty("role", "heading")
        layout.addWidget(heading)

        # What is waiting, and when things last happened.
        tile = QFrame()
        tile.setObjectName("tile")
        tile.setProperty("role", "tile")
        tile_layout = QVBoxLayout(tile)
        self.unsynced_label = QLabel(self.tr("Loading..."))
        self.unsynced_label.setObjectName("unsynced")
        self.unsynced_label.setProperty("role", "count")
        self.last_export_label = QLabel()
        self.last_export_label.setObjectName("last_export")
        self.last_ack_label = QLabel()
        self.last_ack_label.setObjectName("last_ack")
        for label in (self.last_export_label, self.last_ack_label):
            label.setProperty("role", "lead")
        for label in (self.unsynced_label, self.last_export_label, self.last_ack_label):
            label.setWordWrap(True)
            tile_layout.addWidget(label)
        layout.addWidget(tile)
        self.epoch_notice = EpochNotice(ctx)  # after a restore or rollback
        layout.addWidget(self.epoch_notice)

        # The two big actions.
        actions = QHBoxLayout()
        self.export_button = QPushButton(self.tr("Export bundle to USB stick..."))
        self.export_button.setObjectName("export")
        self.ack_button = QPushButton(self.tr("Import acknowledgement..."))
        self.ack_button.setObjectName("import_ack")
        for button in (self.export_button, self.ack_button):
            button.setProperty("role", "big")
            button.setEnabled(False)
            actions.addWidget(button)
        actions.addStretch(1)
        layout.addLayout(actions)
        self.export_button.clicked.connect(self.export_bundle)
        self.ack_button.clicked.connect(self.import_ack)
        self.needs_key_label = QLabel(self.tr(
            "Please import the county center's public key first (button below)."))
        self.needs_key_label.setObjectName("needs_county_key")
        self.needs_key_label.setProperty("role", "notice")
        self.needs_key_label.setWordWrap(True)
        self.needs_key_label.hide()
        layout.addWidget(self.needs_key_label)
        self.version_notice = VersionNoticeLabel()
        layout.addWidget(self.version_notice)
        # What the county found in this station's audit trail (from its acknowledgements).
        self.audit_findings_label = QLabel()
        self.audit_findings_label.setObjectName("county_audit_findings")
        self.audit_findings_label.setProperty("role", "alert")
        self.audit_findings_label.setWordWrap(True)
        self.audit_findings_label.hide()
        layout.addWidget(self.audit_findings_label)
        hint = QLabel(self.tr(
            "Export writes every change the county has not confirmed yet. Take the USB stick "
            "to the county public legal service center; bring back its acknowledgement file "
            "and import it here."))
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        layout.addWidget(hint)
        self.conflicts_panel = ConflictsPanel(ctx)
        layout.addWidget(self.conflicts_panel)
        ctx.signals.sync_ack_applied.connect(self._ack_applied_in_background)

        layout.addWidget(self._keys_box())
        self.upload_box: Any = None
        if ctx.actor.is_admin:  # online upload settings (ui/sync/upload_settings.py)
            from ..sync.upload_settings import UploadSettingsBox

            self.upload_box = UploadSettingsBox(ctx, self)
            layout.addWidget(self.upload_box)

        table_heading = QLabel(self.tr("Bundles exported"))
        table_heading.setProperty("role", "subheading")
        layout.addWidget(table_heading)
        self.model = BundleTableModel(self)
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab leaves the list
        self.table.setObjectName("bundles")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(BundleTableModel.FILE, QHeaderView.ResizeMode.Stretch)
        self.empty_label = QLabel(self.tr("No bundle has been exported yet."))
        self.empty_label.setProperty("role", "hint")
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table, 1)
        self.table.hide()
        layout.addStretch(0)  # takes the room while the table is hidden

        self.setTabOrder(self.export_button, self.ack_button)
        self.setTabOrder(self.ack_button, self.copy_key_button)
        self.setTabOrder(self.copy_key_button, self.save_key_button)
        self.setTabOrder(self.save_key_button, self.county_key_button)
        self.setTabOrder(self.county_key_button, self.table)
        if self.upload_box is not None:
            self.upload_box.chain_tab_order(self.county_key_button, self.table)

    def _keys_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Keys"))
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 1)
        grid.addWidget(QLabel(self.tr("This station's key:")), 0, 0)
        self.station_key_label = QLabel(ELLIPSIS)  # until loaded
        self.station_key_label.setObjectName("station_fingerprint")
        self.station_key_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        grid.addWidget(self.station_key_label, 0, 1)
        self.copy_key_button = QPushButton(self.tr("Copy station public key"))
        self.copy_key_button.setObjectName("copy_station_key")
        self.copy_key_button.clicked.connect(self.copy_station_key)
        self.save_key_button = QPushButton(self.tr("Save station public key to file..."))
        self.save_key_button.setObjectName("save_station_key")
        self.save_key_button.clicked.connect(self.save_station_key)
        # The buttons sit under the key number: beside it they need more than 1024 px in 特大.
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_key_button)
        buttons.addWidget(self.save_key_button)
        buttons.addStretch(1)
        grid.addLayout(buttons, 1, 1)

        grid.addWidget(QLabel(self.tr("County center's key:")), 2, 0)
        self.county_key_label = QLabel(ELLIPSIS)  # until loaded
        self.county_key_label.setObjectName("county_fingerprint")
        self.county_key_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        grid.addWidget(self.county_key_label, 2, 1)
        self.county_key_button = QPushButton(self.tr("Import county public key..."))
        self.county_key_button.setObjectName("import_county_key")
        self.county_key_button.clicked.connect(self.import_county_key)
        grid.addWidget(self.county_key_button, 3, 1, Qt.AlignmentFlag.AlignLeft)
        # A station setting: admins only (the service refuses anyone else anyway).
        self.county_key_button.setVisible(self.ctx.actor.is_admin)
        for button in (self.copy_key_button, self.save_key_button, self.county_key_button):
            button.setProperty("role", "wide")
            button.setEnabled(False)
        note = QLabel(self.tr(
            "The county center registers this station's public key; compare the key numbers "
            "by phone when in doubt."))
        note.setWordWrap(True)
        note.setProperty("role", "hint")
        grid.addWidget(note, 4, 0, 1, 2)
        return box

    # -- status ------------------------------------------------------------------------------

    def activated(self) -> None:
        self.refresh()
        if self.upload_box is not None:
            self.upload_box.refresh()

    def refresh(self) -> None:
        db, actor = self.ctx.db, self.ctx.actor
        # ensure_state() may create the key pair on first use: a write.
        self.ctx.runner.run(lambda: load_status(db, actor), on_done=self.show_status,
                            on_error=self._status_failed, write=True)
        self.conflicts_panel.refresh()
        self.epoch_notice.refresh()

    def _status_failed(self, error: BaseException) -> None:
        self.unsynced_label.setText(self.tr("Could not read the sync state."))
        show_error(self, self.tr("Sync"), error)

    def show_status(self, status: SyncStatus) -> None:
        self.status = status
        self.unsynced_label.setText(self.tr("Unsynced changes: %1").replace(
            "%1", str(status.unsynced)))
        last = status.last_bundle
        if last is None:
            self.last_export_label.setText(self.tr("Last bundle exported: none yet"))
        else:
            self.last_export_label.setText(
                self.tr("Last bundle exported: No. %1 (%2), %3").replace("%1", str(last.seq))
                .replace("%2", last.file_name).replace("%3", local_time(last.created_at)))
        if status.last_ack is None:
            self.last_ack_label.setText(self.tr("Last acknowledgement: none yet"))
        else:
            self.last_ack_label.setText(self.tr("Last acknowledgement: %1").replace(
                "%1", local_time(status.last_ack)))
        self.station_key_label.setText(self.tr("key number %1").replace(
            "%1", short_fingerprint(status.station_fingerprint)))
        if status.county_fingerprint is None:
            self.county_key_label.setText(self.tr("not imported yet"))
        else:
            self.county_key_label.setText(self.tr("imported, key number %1").replace(
                "%1", short_fingerprint(status.county_fingerprint)))
        self.audit_findings_label.setText("\n".join(
            [self.tr("The county center found entries of this station's audit log missing or "
                     "changed (see Audit log):"), *status.audit_findings]))
        self.audit_findings_label.setVisible(bool(status.audit_findings))
        self.model.set_rows(status.bundles)
        self.empty_label.setVisible(not status.bundles)
        self.table.setVisible(bool(status.bundles))
        self._update_buttons()

    def _update_buttons(self) -> None:
        status = self.status
        ready = status is not None and not self.busy
        has_county = status is not None and status.county_fingerprint is not None
        self.export_button.setEnabled(ready and has_county)
        self.ack_button.setEnabled(ready and has_county)
        self.needs_key_label.setVisible(status is not None and not has_county)
        for button in (self.copy_key_button, self.save_key_button, self.county_key_button):
            button.setEnabled(ready)
        set_role(self.county_key_button,
                 "wide" if has_county or status is None else "next_step")
        tip = "" if has_county else self.needs_key_label.text()
        self.export_button.setToolTip(tip)
        self.ack_button.setToolTip(tip)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self._update_buttons()

    # -- keys --------------------------------------------------------------------------------

    def copy_station_key(self) -> None:
        if self.status is None:
            return
        QGuiApplication.clipboard().setText(self.status.station_key)
        self.ctx.signals.status_message.emit(self.tr(
            "The station's public key was copied; paste it into a file for the county center."))

    def save_station_key(self) -> None:
        if self.status is None:
            return
        start = Path(_remembered_dir(SETTING_KEY_DIR)) / self.tr("station-public-key.pem")
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save station public key"), str(start),
            self.tr("Key files (*.pem);;All files (*)"))
        if not path:
            return
        QSettings().setValue(SETTING_KEY_DIR, str(Path(path).parent))
        db, actor = self.ctx.db, self.ctx.actor
        self._set_busy(True)
        self.ctx.runner.run(lambda: save_station_key(db, path, actor), on_done=self._key_saved,
                            on_error=self._failed(self.tr("Could not save the key")))

    def _key_saved(self, path: Path) -> None:
        self._set_busy(False)
        QMessageBox.information(self, self.tr("Station public key"), self.tr(
            "Saved to %1.\nGive this file to the county public legal service center.")
            .replace("%1", str(path)))

    def import_county_key(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Choose the county center's public key file"),
            _remembered_dir(SETTING_KEY_DIR), self.tr("Key files (*.pem *.txt *.key);;"
                                                      "All files (*)"))
        if not path:
            return
        QSettings().setValue(SETTING_KEY_DIR, str(Path(path).parent))
        db, actor = self.ctx.db, self.ctx.actor
        self._set_busy(True)
        self.ctx.runner.run(lambda: import_county_key(db, actor, path),
                            on_done=self._county_key_set,
                            on_error=self._failed(self.tr("Could not import the key")),
                            write=True)

    def _county_key_set(self, fingerprint: str) -> None:
        self._set_busy(False)
        self.refresh()
        QMessageBox.information(self, self.tr("County center's public key"), self.tr(
            "The county center's public key was imported (key number %1). You can export "
            "bundles now.").replace("%1", short_fingerprint(fingerprint)))

    # -- export ------------------------------------------------------------------------------

    def export_bundle(self) -> None:
        if self.busy or self.status is None or self.status.county_fingerprint is None:
            return
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Choose the USB stick (or a folder) to export to"),
            _remembered_dir(SETTING_EXPORT_DIR))
        if not folder:
            return
        QSettings().setValue(SETTING_EXPORT_DIR, folder)
        from workstation.sync import station as sync

        db, out_dir, actor = self.ctx.db, Path(folder), self.ctx.actor
        progress = TaskProgress(self, self.tr("Exporting the bundle..."),
                                title=self.tr("Export"), cancel=self.tr("Cancel"))
        self.progress_dialog = progress
        self._set_busy(True)
        progress.run(self.ctx.runner,
                     lambda c: sync.export(db, out_dir, progress=c.progress, actor=actor),
                     write=True, on_done=self._exported, on_error=self._export_failed)

    def _close_progress(self) -> None:
        progress, self.progress_dialog = self.progress_dialog, None
        if progress is not None:
            progress.close()

    def _exported(self, paths: list[Path]) -> None:
        self._close_progress()
        self._set_busy(False)
        self.last_written = list(paths)
        self.refresh()
        if not paths:
            QMessageBox.information(self, self.tr("Export"), self.tr("No new changes to send."))
            return
        files = "\n".join(str(p) for p in paths)
        QMessageBox.information(self, self.tr("Export"), self.tr(
            "Written:\n%1\n\nPlease hand the USB stick to the county public legal service "
            "center.").replace("%1", files))
        self.ctx.signals.status_message.emit(self.tr("Bundle exported: %1").replace(
            "%1", ", ".join(p.name for p in paths)))

    def _export_failed(self, error: BaseException) -> None:
        from workstation.sync.station import ExportCancelled

        self._close_progress()
        self._set_busy(False)
        self.refresh()
        if isinstance(error, ExportCancelled):
            self.ctx.signals.status_message.emit(str(error))
            return
        show_error(self, self.tr("Could not export"), error)

    # -- acknowledgements --------------------------------------------------------------------

    def import_ack(self) -> None:
        if self.busy or self.status is None or self.status.county_fingerprint is None:
            return
        start = _remembered_dir(SETTING_ACK_DIR)
        if start == str(Path.home()):
            start = _remembered_dir(SETTING_EXPORT_DIR)
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Choose the county center's acknowledgement file"), start,
            self.tr("Acknowledgement files (*.wsa);;All files (*)"))
        if not path:
            return
        QSettings().setValue(SETTING_ACK_DIR, str(Path(path).parent))
        from workstation.sync import station as sync

        db, actor = self.ctx.db, self.ctx.actor
        self._set_busy(True)
        self.ctx.runner.run(lambda: sync.import_ack(db, Path(path), actor=actor), write=True,
                            on_done=self._ack_imported,
                            on_error=self._failed(self.tr("Could not import the acknowledgement"),
                                                  refresh=True))

    def _ack_applied_in_background(self, result: Any) -> None:
        """The background uploader applied an acknowledgement: show what it brought."""
        self.version_notice.show_notice(result.version_notice)
        self.refresh()  # the bundles' state and the conflicts panel

    def _ack_imported(self, result: Any) -> None:
        self._set_busy(False)
        self.refresh()
        lines = [self.tr("Acknowledgement of bundle No. %1 imported.").replace(
            "%1", str(result.bundle_seq))]
        if getattr(result, "stale_epoch", False):
            lines.append(self.tr("It is from before this station's new chain began: only its "
                                 "decisions were applied."))
        lines.append(self.tr("Bundles newly confirmed: %1").replace(
            "%1", str(result.newly_acked)))
        lines.append(self.tr("County decisions on legal aid applications applied: %1")
                     .replace("%1", str(result.decisions_applied)))
        if result.decisions_applied:
            lines.append(self.tr("The decisions now show on those applications."))
        if result.conflicts_open:
            lines.append(self.tr("Records the county center holds differently: %1 (see "
                                 "\"Conflicts with the county center\" on this page)")
                         .replace("%1", str(result.conflicts_open)))
        if result.decisions_skipped:
            lines.append(self.tr("Not applied:"))
            lines += [f"  · {item}" for item in result.decisions_skipped]
        if getattr(result, "audit_findings", None):
            lines.append(self.tr("The county center found entries of this station's audit "
                                 "log missing or changed (recorded in the audit log):"))
            lines += [f"  · {item}" for item in result.audit_findings]
        self.version_notice.ack_applied(result)
        if result.notice:
            lines.append(result.notice)
        self.ctx.signals.records_changed.emit("aid_referral")
        QMessageBox.information(self, self.tr("Acknowledgement"), "\n".join(lines))

    # -- shared ------------------------------------------------------------------------------

    def _failed(self, title: str, *, refresh: bool = False):  # type: ignore[no-untyped-def]
        def handle(error: BaseException) -> None:
            self._set_busy(False)
            if refresh:
                self.refresh()
            show_error(self, title, error)

        return handle

    def shutdown(self) -> None:
        self._close_progress()
