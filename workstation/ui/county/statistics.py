"""统计 at the county: the station statistics and reports summed over all stations (全县) or
for one chosen station. Drill-down lists say which station each record is from; a record
opens read-only (the county holds the stations' data, not their forms)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QVBoxLayout, QWidget

from workstation.county.access import Permission
from workstation.county.records import RecordDetails, StationChoice

from ..statistics.view import StatisticsView
from .common import CountyPage
from .context import CountyContext
from .record_dialog import RecordDialog


def load_choices(db: Any) -> list[StationChoice]:
    from workstation.county.records import station_choices

    return station_choices(db)


class CountyStatisticsPage(CountyPage):
    def __init__(self, ctx: CountyContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        # Division codes in scope (None: every station); read by make_source on a worker.
        self.codes: tuple[str, ...] | None = None
        self.choices: list[StationChoice] = []
        self.record_dialog: RecordDialog | None = None
        self._stale = True

        self.station_box = QComboBox()
        self.station_box.setObjectName("statistics_station")
        self.station_box.setMinimumWidth(340)
        self.station_box.setToolTip(self.tr(
            "All stations: the records of every registered station added up. An exported "
            "report is headed with the chosen scope."))
        self.station_box.addItem(self.tr("All stations"), None)
        self.station_box.currentIndexChanged.connect(self._scope_changed)

        db = ctx.db

        def make_source() -> object:
            from workstation.statistics.county_source import CountySource

            return CountySource(db, self.codes)

        def exported(report: Any, path: Any) -> None:  # worker thread, after the file
            from workstation.county.audit import record_report_export

            codes = self.codes
            record_report_export(db, report, path, actor=ctx.actor,
                                 station_code=codes[0] if codes and len(codes) == 1 else "")

        # A statistics-only operator reads no records (the service refuses them too).
        opens = self.show_record if ctx.can(Permission.RECORDS) else None
        self.view = StatisticsView(ctx.runner, make_source, open_record=opens,
                                   list_stays_open=True, exported=exported,
                                   status=ctx.signals.status_message.emit,
                                   made_by=ctx.session.name if ctx.session else "")
        self.view.add_choice(self.tr("Stations:"), self.station_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        ctx.signals.records_imported.connect(self._records_imported)

    # -- scope -------------------------------------------------------------------------------

    def activated(self) -> None:
        self.refresh_stations()
        if self._stale or self.view.report is None:
            self._stale = False
            self.view.reload()

    def refresh_stations(self) -> None:
        """Reload the stations to choose from (registered since, or named by an import)."""
        self.ctx.runner.run(lambda: load_choices(self.ctx.db), on_done=self.show_choices,
                            on_error=lambda exc: self.ctx.signals.status_message.emit(
                                str(exc)))

    def show_choices(self, choices: list[StationChoice]) -> None:
        self.choices = choices
        current = self.station_box.currentData()
        box = self.station_box
        box.blockSignals(True)
        while box.count() > 1:
            box.removeItem(1)
        for choice in choices:
            label = choice.label
            if choice.revoked:
                label = self.tr("%1 (revoked)").replace("%1", label)
            box.addItem(label, choice.division_code)
        index = box.findData(current) if current is not None else 0
        box.setCurrentIndex(max(index, 0))
        box.blockSignals(False)
        if box.currentData() != current:  # the chosen station is gone: back to all
            self._scope_changed()

    def choose_station(self, division_code: str | None) -> None:
        """Show one station's statistics (None: all stations)."""
        index = self.station_box.findData(division_code) if division_code else 0
        if index < 0:
            raise KeyError(division_code)
        self.station_box.setCurrentIndex(index)

    def _scope_changed(self, _index: int = 0) -> None:
        code = self.station_box.currentData()
        self.codes = None if code is None else (str(code),)
        self.view.reload()

    def _records_imported(self) -> None:
        if self.isVisible():
            self.view.reload()
        else:
            self._stale = True

    # -- a record, read only -----------------------------------------------------------------

    def show_record(self, record_type: str, record_id: str) -> None:
        """Load the record's fields in the background, then show them in a dialog."""
        from workstation.county.records import view_record

        db, actor = self.ctx.db, self.ctx.actor
        self.ctx.runner.run(lambda: view_record(db, record_type, record_id, actor=actor),
                            write=True,
                            on_done=self._show_details,
                            on_error=lambda exc: self.ctx.signals.status_message.emit(
                                str(exc)))

    def _show_details(self, details: RecordDetails | None) -> None:
        if details is None:
            self.ctx.signals.status_message.emit(self.tr(
                "The record is not in the county database."))
            return
        if self.record_dialog is not None:
            self.record_dialog.close()
        parent = self.view.drill_dialog or self
        dialog = RecordDialog(details, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda *_: self._forget_record_dialog(dialog))
        self.record_dialog = dialog
        dialog.show()

    def _forget_record_dialog(self, dialog: RecordDialog) -> None:
        if self.record_dialog is dialog:
            self.record_dialog = None

    def shutdown(self) -> None:
        if self.record_dialog is not None:
            self.record_dialog.close()
        self.view.shutdown()
