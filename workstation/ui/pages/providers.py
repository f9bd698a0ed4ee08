"""服务指引: the station's directory of legal service providers (lawyers, notaries, judicial
appraisal, legal aid, courts, arbitration, petition offices).

Everyone looks things up here (phone, address, hours); the station admin adds and edits
providers and imports the CSV file the county hands out (or exports one), or, when an online
county address is set (同步 → 在线上传), fetches the county's directory over the network
(从县级中心更新; ``sync/directory.py``), asked first when it would change entries this station
already has. Loading, saving, importing, exporting and fetching run on the task runner.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.referral import ProviderKind

from ..context import AppContext
from ..publicity.directory import RECORD_TYPE, ProviderForm, ProviderTableModel
from ..widgets.forms import show_error
from ..widgets.shortcuts import confirm
from .base import Page

SETTING_CSV_DIR = "providers/csv_dir"
DEFAULT_EXPORT_NAME = "法律服务指引名录.csv"


# --- background work (no Qt) ----------------------------------------------------------------------


def _county_address(db: Any) -> str:
    from workstation.sync.uploader import load_state

    return load_state(db).url


def _fetch_with_preview(db: Any, actor: Any) -> tuple[dict[str, Any], Any]:
    from workstation.sync import directory

    data = directory.fetch(db)
    return data, directory.preview(db, actor, data)


def _apply_directory(db: Any, actor: Any, data: dict[str, Any]) -> Any:
    from workstation.sync import directory

    return directory.apply(db, actor, data)


class ProvidersPage(Page):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.providers: list[Any] = []
        self._selected_id: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        bar = QHBoxLayout()
        self.kind_box = QComboBox()
        self.kind_box.setObjectName("kind_filter")
        self.kind_box.addItem(self.tr("All kinds"), None)
        for code, label in ProviderKind.choices():
            self.kind_box.addItem(label, code)
        self.kind_box.currentIndexChanged.connect(self._show_rows)
        self.inactive_box = QCheckBox(self.tr("Show providers not in use"))
        self.inactive_box.setObjectName("show_inactive")
        self.inactive_box.toggled.connect(self._show_rows)
        self.count_label = QLabel()
        self.new_button = QPushButton(self.tr("New provider"))
        self.new_button.setObjectName("new_provider")
        self.new_button.clicked.connect(self.new_record)
        self.import_button = QPushButton(self.tr("Import CSV..."))
        self.import_button.setObjectName("import_csv")
        self.import_button.setToolTip(self.tr(
            "Merge a directory file handed out by the county (UTF-8 or GBK CSV) by name"))
        self.import_button.clicked.connect(self.import_csv)
        self.export_button = QPushButton(self.tr("Export CSV..."))
        self.export_button.setObjectName("export_csv")
        self.export_button.clicked.connect(self.export_csv)
        self.county_button = QPushButton(self.tr("Update from the county center"))
        self.county_button.setObjectName("update_from_county")
        self.county_button.setToolTip(self.tr(
            "Fetch the county center's directory over the network and merge it by name "
            "(no provider is removed)"))
        self.county_button.clicked.connect(self.update_from_county)
        self.county_button.hide()  # admins, once an online county address is set
        for widget in (self.kind_box, self.inactive_box):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        for button in (self.new_button, self.import_button, self.export_button):
            bar.addWidget(button)
        for button in (self.new_button, self.import_button):
            button.setVisible(ctx.actor.is_admin)
        layout.addLayout(bar)
        county_row = QHBoxLayout()  # its own row: the bar is full at 1024 px in 特大
        county_row.addStretch(1)
        county_row.addWidget(self.county_button)
        layout.addLayout(county_row)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        self.model = ProviderTableModel(self)
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab leaves the list
        self.table.setObjectName("providers_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._row_chosen(current.row()))
        splitter.addWidget(self.table)
        self.form = ProviderForm(ctx)
        self.form.setObjectName("provider_form")
        self.form.saved.connect(self._saved)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.form)
        scroll.setMinimumWidth(420)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        self._loaded_once = False
        self._busy = False
        ctx.signals.records_changed.connect(self._maybe_reload)
        ctx.signals.sync_upload_changed.connect(self._check_county_address)

    # -- Page -----------------------------------------------------------------------------------

    def activated(self) -> None:
        if not self._loaded_once:
            self.reload()
        self._check_county_address()

    def new_record(self) -> None:
        self._selected_id = None
        self.table.clearSelection()
        self.form.reset()
        self.form.name.setFocus()

    def open_record(self, record_type: str, record_id: str) -> bool:
        if record_type != RECORD_TYPE:
            return False
        if record_id == "new" or record_id.startswith("new:"):
            self.new_record()
        else:
            self._selected_id = record_id
            self.reload()
        return True

    def shutdown(self) -> None:
        self.form.stop()

    # -- loading --------------------------------------------------------------------------------

    def reload(self) -> None:
        from workstation.services.providers import list_providers

        db = self.ctx.db
        self._loaded_once = True
        self.ctx.runner.run(lambda: list_providers(db), on_done=self._loaded,
                            on_error=lambda exc: self.ctx.signals.status_message.emit(
                                str(exc)))

    def _maybe_reload(self, record_type: str) -> None:
        if self._loaded_once and record_type == RECORD_TYPE:
            self.reload()

    def _loaded(self, providers: list[Any]) -> None:
        self.providers = providers
        self._show_rows()

    def _show_rows(self, *_: object) -> None:
        kind = self.kind_box.currentData()
        show_inactive = self.inactive_box.isChecked()
        rows = [p for p in self.providers
                if (kind is None or p.kind == kind) and (show_inactive or p.active)]
        self.model.set_items(rows)
        self.count_label.setText(self.tr("%1 providers").replace("%1", str(len(rows))))
        if rows:
            self.table.resizeColumnsToContents()
            header = self.table.horizontalHeader()
            for column in range(header.count() - 1):
                header.resizeSection(column, min(header.sectionSize(column) + 12, 260))
        row = next((i for i, p in enumerate(rows) if p.id == self._selected_id), -1)
        if row >= 0:
            self.table.selectRow(row)
            self.form.load(rows[row])

    def _row_chosen(self, row: int) -> None:
        provider = self.model.item_at(row)
        if provider is not None and provider.id != self.form.provider_id:
            self._selected_id = provider.id
            self.form.load(provider)

    def _saved(self, provider_id: str) -> None:
        self._selected_id = provider_id
        self.ctx.signals.status_message.emit(self.tr("Directory saved."))
        # records_changed (emitted by the form) reloads the table and reselects the row.

    # -- CSV ------------------------------------------------------------------------------------

    def _folder(self) -> str:
        return str(QSettings().value(SETTING_CSV_DIR, "") or "")

    def import_csv(self) -> None:
        if self._busy:
            return
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Import the directory"), self._folder(),
            self.tr("CSV files (*.csv *.txt);;All files (*)"))
        if path:
            QSettings().setValue(SETTING_CSV_DIR, str(Path(path).parent))
            self.import_file(path)

    def import_file(self, path: str) -> None:
        from workstation.services.providers import import_providers_file

        db, actor = self.ctx.db, self.ctx.actor
        self._set_busy(True)
        self.ctx.runner.run(lambda: import_providers_file(db, actor, path), write=True,
                            on_done=self._imported, on_error=self._csv_failed)

    def _imported(self, result: Any) -> None:
        self._set_busy(False)
        self.ctx.signals.records_changed.emit(RECORD_TYPE)
        self.ctx.signals.status_message.emit(result.message())
        QMessageBox.information(self, self.tr("Import the directory"), result.message())

    def export_csv(self) -> None:
        if self._busy:
            return
        start = str(Path(self._folder() or str(Path.home())) / DEFAULT_EXPORT_NAME)
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export the directory"), start, self.tr("CSV files (*.csv)"))
        if path:
            QSettings().setValue(SETTING_CSV_DIR, str(Path(path).parent))
            self.export_file(path)

    def export_file(self, path: str) -> None:
        from workstation.services.providers import export_providers_file

        db, actor = self.ctx.db, self.ctx.actor
        self._set_busy(True)
        self.ctx.runner.run(lambda: export_providers_file(db, actor, path), write=True,
                            on_done=lambda count: self._exported(path, count),
                            on_error=self._csv_failed)

    def _exported(self, path: str, count: int) -> None:
        self._set_busy(False)
        self.ctx.signals.status_message.emit(
            self.tr("%1 providers exported to %2").replace("%1", str(count))
            .replace("%2", path))

    def _csv_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        show_error(self, self.tr("The directory file was not processed"), error)

    # -- the county's directory over the network ------------------------------------------------

    def _check_county_address(self) -> None:
        if not self.ctx.actor.is_admin:
            return
        db = self.ctx.db
        self.ctx.runner.run(lambda: _county_address(db),
                            on_done=lambda url: self.county_button.setVisible(bool(url)),
                            on_error=lambda _e: None)  # the button stays as it was

    def update_from_county(self) -> None:
        if self._busy:
            return
        db, actor = self.ctx.db, self.ctx.actor
        self._set_busy(True)
        self.ctx.runner.run(lambda: _fetch_with_preview(db, actor),
                            on_done=self._county_fetched, on_error=self._county_failed)

    def _county_fetched(self, fetched: tuple[dict[str, Any], Any]) -> None:
        data, preview = fetched
        title = self.tr("Update from the county center")
        if not preview.added and not preview.updated:
            self._set_busy(False)
            QMessageBox.information(self, title, self.tr(
                "The directory already matches the county center's (%1 providers).")
                .replace("%1", str(preview.unchanged)))
            return
        if preview.updated and not confirm(self, title, self.tr(
                "The county center's directory changes %1 provider(s) this station already "
                "has (their details here are replaced by the county center's) and adds %2. "
                "Update the directory?").replace("%1", str(preview.updated))
                .replace("%2", str(preview.added))):
            self._set_busy(False)
            self.ctx.signals.status_message.emit(self.tr("The directory was not updated."))
            return
        db, actor = self.ctx.db, self.ctx.actor
        self.ctx.runner.run(lambda: _apply_directory(db, actor, data), write=True,
                            on_done=self._county_imported, on_error=self._county_failed)

    def _county_imported(self, result: Any) -> None:
        self._set_busy(False)
        self.ctx.signals.records_changed.emit(RECORD_TYPE)
        text = (self.tr("Directory updated from the county center: %1 added, %2 updated, "
                        "%3 unchanged.").replace("%1", str(result.added))
                .replace("%2", str(result.updated)).replace("%3", str(result.unchanged)))
        self.ctx.signals.status_message.emit(text)
        QMessageBox.information(self, self.tr("Update from the county center"), text)

    def _county_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        show_error(self, self.tr("The directory was not updated from the county center"),
                   error)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.county_button.setEnabled(not busy)
        self.import_button.setEnabled(not busy)
        self.export_button.setEnabled(not busy)
