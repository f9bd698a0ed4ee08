"""导入: import every bundle in a folder (or chosen files) in the background, with a progress
bar and Cancel; then one row per bundle (station, records new / updated / unchanged,
duplicates skipped, refusals with their reason) and where the acknowledgement files went.

Acknowledgements are written beside the bundles (the stations' USB stick, by default) or to a
folder the user picks once (remembered).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtGui import QBrush, QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workstation.county.batch import BatchImport, BundleResult
from workstation.county.db import CountyDatabase

from ..models.item_table import ItemTableModel
from ..tasks import TaskControl
from ..widgets.forms import show_error
from .common import (
    BAD_TEXT,
    MUTED_TEXT,
    WARN_TEXT,
    CountyPage,
    heading,
    hint,
    make_table,
    remembered,
)
from .context import CountyContext

#: QSettings: where bundles were last taken from; where acknowledgements go ('' = beside
#: the bundles).
SETTING_IMPORT_DIR = "county/import_dir"
SETTING_ACK_DIR = "county/ack_dir"


def run_import(db: CountyDatabase, chosen: list[str], ack_dir: str,
               control: TaskControl, actor: str = "") -> BatchImport:
    """Worker: find the bundles among ``chosen`` and import them (no Qt)."""
    from workstation.county.batch import find_bundles, import_bundles

    files = find_bundles(chosen)
    return import_bundles(db, files, ack_dir=Path(ack_dir) if ack_dir else None,
                          progress=control.progress, actor=actor)


def reason_only(result: BundleResult) -> str:
    """A refusal without the "数据包 <file> 被拒绝：" the file column already says."""
    prefix = f"数据包 {result.file_name} 被拒绝："
    message = result.message
    return message[len(prefix):] if message.startswith(prefix) else message


class ResultTableModel(ItemTableModel):
    FILE, STATION, SEQ, RESULT, NEW, UPDATED, UNCHANGED, CONFLICTS, NOTE = range(9)

    def __init__(self, parent: Any = None) -> None:
        super().__init__((self.tr("File"), self.tr("Station"), self.tr("No."),
                          self.tr("Result"), self.tr("New"), self.tr("Updated"),
                          self.tr("Unchanged"), self.tr("Conflicts"), self.tr("Note")), parent)

    def result_at(self, row: int) -> BundleResult | None:
        return self.item_at(row)

    def result_text(self, r: BundleResult) -> str:
        return {"imported": self.tr("Imported"),
                "replay": self.tr("Duplicate, skipped"),
                "superseded": self.tr("Covered by a later bundle, skipped"),
                "refused": self.tr("Refused")}.get(r.status, r.status)

    def note_text(self, r: BundleResult) -> str:
        if r.status == "refused":
            return reason_only(r)
        if r.message:
            return r.message
        if r.ack_path is not None:
            return self.tr("Acknowledgement: %1").replace("%1", r.ack_path.name)
        return ""

    def cell(self, r: BundleResult, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
                self.SEQ, self.NEW, self.UPDATED, self.UNCHANGED, self.CONFLICTS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if r.status == "refused" and column in (self.RESULT, self.NOTE):
                return QBrush(BAD_TEXT)
            if r.message and column == self.NOTE:
                return QBrush(WARN_TEXT)
            if r.skipped and column == self.RESULT:
                return QBrush(MUTED_TEXT)
            if column == self.CONFLICTS and r.conflicts:
                return QBrush(BAD_TEXT)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.NOTE:
            return r.message or (str(r.ack_path) if r.ack_path else None)
        return None

    def _display(self, r: BundleResult, column: int) -> str | None:
        counted = r.status == "imported"
        values = {
            self.FILE: r.file_name,
            self.STATION: " ".join(x for x in (r.division_code, r.station_name) if x),
            self.SEQ: str(r.seq) if r.seq is not None else "",
            self.RESULT: self.result_text(r),
            self.NEW: str(r.imported) if counted else "",
            self.UPDATED: str(r.updated) if counted else "",
            self.UNCHANGED: str(r.unchanged) if counted else "",
            self.CONFLICTS: str(r.conflicts) if counted else "",
            self.NOTE: self.note_text(r),
        }
        return values.get(column)


class ImportPage(CountyPage):
    def __init__(self, ctx: CountyContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.control: TaskControl | None = None
        self.batch: BatchImport | None = None

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(heading(self.tr("Import bundles")))
        layout.addWidget(hint(self.tr(
            "Plug in the USB stick a station brought and choose the folder with its bundles "
            "(.wsb files), or the files themselves. Each bundle is checked (signature, "
            "completeness, order) before anything is written. An acknowledgement file (.wsa) "
            "is then written for each station: take it back to the station, which imports it "
            "on its Sync page.")))

        ack_row = QHBoxLayout()
        ack_row.addWidget(QLabel(self.tr("Acknowledgement files go to:")))
        self.ack_dir_label = QLabel()
        self.ack_dir_label.setObjectName("ack_dir")
        self.ack_dir_label.setProperty("role", "strong")
        self.ack_dir_label.setWordWrap(True)
        self.ack_dir_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        ack_row.addWidget(self.ack_dir_label, 1)
        self.ack_dir_button = QPushButton(self.tr("Change..."))
        self.ack_dir_button.setObjectName("choose_ack_dir")
        self.ack_beside_button = QPushButton(self.tr("Beside the bundles"))
        self.ack_beside_button.setObjectName("ack_beside_bundles")
        for button in (self.ack_dir_button, self.ack_beside_button):
            button.setProperty("role", "wide")
            ack_row.addWidget(button)
        self.ack_dir_button.clicked.connect(self.choose_ack_dir)
        self.ack_beside_button.clicked.connect(lambda: self.set_ack_dir(""))
        layout.addLayout(ack_row)

        actions = QHBoxLayout()
        self.folder_button = QPushButton(self.tr("Import a folder..."))
        self.folder_button.setObjectName("import_folder")
        self.folder_button.setProperty("role", "big")
        self.files_button = QPushButton(self.tr("Choose bundle files..."))
        self.files_button.setObjectName("import_files")
        self.files_button.setProperty("role", "wide")
        self.folder_button.clicked.connect(self.import_folder)
        self.files_button.clicked.connect(self.import_files)
        actions.addWidget(self.folder_button)
        actions.addWidget(self.files_button)
        actions.addStretch(1)
        layout.addLayout(actions)

        progress_row = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setObjectName("import_progress")
        self.progress_label = QLabel()
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("cancel_import")
        self.cancel_button.setProperty("role", "wide")
        self.cancel_button.clicked.connect(self.cancel)
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.progress_label)
        progress_row.addWidget(self.cancel_button)
        self.progress_box = QWidget()
        self.progress_box.setLayout(progress_row)
        self.progress_box.hide()
        layout.addWidget(self.progress_box)

        self.summary_label = QLabel(self.tr("No bundles imported in this session yet."))
        self.summary_label.setObjectName("import_summary")
        self.summary_label.setProperty("role", "lead")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary_label)
        self.open_acks_button = QPushButton(self.tr("Open the acknowledgement folder"))
        self.open_acks_button.setObjectName("open_ack_dir")
        self.open_acks_button.setProperty("role", "wide")
        self.open_acks_button.clicked.connect(self.open_ack_folder)
        self.open_acks_button.hide()
        open_row = QHBoxLayout()
        open_row.addWidget(self.open_acks_button)
        open_row.addStretch(1)
        layout.addLayout(open_row)

        self.model = ResultTableModel(self)
        self.table = make_table(self.model, "import_results", ResultTableModel.NOTE)
        layout.addWidget(self.table, 1)
        self.set_ack_dir(remembered(SETTING_ACK_DIR), remember=False)

    # -- where acknowledgements go -----------------------------------------------------------

    @property
    def ack_dir(self) -> str:
        return self._ack_dir

    def set_ack_dir(self, folder: str, *, remember: bool = True) -> None:
        self._ack_dir = folder
        if remember:
            QSettings().setValue(SETTING_ACK_DIR, folder)
        self.ack_dir_label.setText(folder or self.tr("the folder of the bundles (e.g. the "
                                                     "station's USB stick)"))
        self.ack_beside_button.setEnabled(bool(folder) and self.control is None)

    def choose_ack_dir(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Choose the folder for acknowledgement files"),
            self.ack_dir or remembered(SETTING_IMPORT_DIR, str(Path.home())))
        if folder:
            self.set_ack_dir(folder)

    # -- importing ---------------------------------------------------------------------------

    def import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Choose the folder with the bundles"),
            remembered(SETTING_IMPORT_DIR, str(Path.home())))
        if folder:
            QSettings().setValue(SETTING_IMPORT_DIR, folder)
            self.start([folder])

    def import_files(self) -> None:
        files, _filter = QFileDialog.getOpenFileNames(
            self, self.tr("Choose bundle files"),
            remembered(SETTING_IMPORT_DIR, str(Path.home())),
            self.tr("Bundles (*.wsb);;All files (*)"))
        if files:
            QSettings().setValue(SETTING_IMPORT_DIR, str(Path(files[0]).parent))
            self.start(list(files))

    def start(self, chosen: list[str]) -> None:
        """Import ``chosen`` (folders and/or files) in the background."""
        if self.control is not None:
            return
        db, ack_dir, actor = self.ctx.db, self.ack_dir, self.ctx.actor
        self.progress.setRange(0, 0)
        self.progress_label.setText(self.tr("Looking for bundles..."))
        self.progress_box.show()
        self.cancel_button.setEnabled(True)
        self.summary_label.setText(self.tr("Importing..."))
        self.open_acks_button.hide()
        self.model.set_items([])
        self.control = self.ctx.runner.run(
            lambda c: run_import(db, chosen, ack_dir, c, actor), with_control=True, write=True,
            on_done=self._finished, on_error=self._failed, on_progress=self._progressed)
        self._update_buttons()

    def _progressed(self, done: int, total: int) -> None:
        if self.control is None:
            return
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress_label.setText(self.tr("%1 of %2 bundles").replace(
            "%1", str(done)).replace("%2", str(total)))

    def cancel(self) -> None:
        control = self.control
        if control is not None:
            control.cancel()
            self.cancel_button.setEnabled(False)
            self.progress_label.setText(self.tr("Cancelling after the current bundle..."))

    def _done(self) -> None:
        self.control = None
        self.progress_box.hide()
        self._update_buttons()

    def _finished(self, batch: BatchImport) -> None:
        self._done()
        self.batch = batch
        self.model.set_items(batch.results)
        self.summary_label.setText(self.summary_text(batch))
        self.open_acks_button.setVisible(bool(batch.ack_paths))
        self.ctx.signals.status_message.emit(self.tr("Import finished: %1 imported.").replace(
            "%1", str(batch.count("imported"))))
        if batch.count("imported"):
            self.ctx.signals.records_imported.emit()

    def _failed(self, error: BaseException) -> None:
        self._done()
        self.summary_label.setText(self.tr("Nothing was imported."))
        show_error(self, self.tr("Could not import"), error)

    def summary_text(self, batch: BatchImport) -> str:
        lines = [self.tr("%1 bundles: %2 imported, %3 skipped as duplicates, %4 refused.")
                 .replace("%1", str(len(batch.results))).replace(
                     "%2", str(batch.count("imported"))).replace(
                     "%3", str(batch.skipped)).replace("%4", str(batch.count("refused")))]
        if batch.cancelled:
            lines.append(self.tr("Cancelled: %1 more bundles were not imported.").replace(
                "%1", str(batch.not_started)))
        acks = batch.ack_paths
        if acks:
            folders = sorted({str(p.parent) for p in acks})
            lines.append(self.tr("%1 acknowledgement files written to %2. Take them back to "
                                 "the stations.").replace("%1", str(len(acks))).replace(
                "%2", "、".join(folders)))
        elif batch.results:
            lines.append(self.tr("No acknowledgement file was written."))
        return "\n".join(lines)

    def open_ack_folder(self) -> None:
        if self.batch is None or not self.batch.ack_paths:
            return
        folder = self.batch.ack_paths[0].parent
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def _update_buttons(self) -> None:
        idle = self.control is None
        for button in (self.folder_button, self.files_button, self.ack_dir_button):
            button.setEnabled(idle)
        self.ack_beside_button.setEnabled(idle and bool(self.ack_dir))

    def shutdown(self) -> None:
        self.cancel()
