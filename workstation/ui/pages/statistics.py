"""统计: the station's statistics for a month, quarter, year or custom period — charts,
tables, the records behind any number, and the monthly report as PDF or Excel."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from ..context import AppContext
from ..statistics.view import StatisticsView
from .base import Page


class StatisticsPage(Page):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._stale = True
        db = ctx.db

        def make_source() -> object:
            from workstation.statistics.station_source import StationSource

            return StationSource(db)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.view = StatisticsView(ctx.runner, make_source,
                                   open_record=ctx.signals.open_record.emit,
                                   status=ctx.signals.status_message.emit)
        layout.addWidget(self.view)
        ctx.signals.records_changed.connect(self._records_changed)

    def activated(self) -> None:
        if self._stale or self.view.report is None:
            self._stale = False
            self.view.reload()

    def _records_changed(self, _record_type: str) -> None:
        if self.isVisible():
            self.view.reload()
        else:
            self._stale = True

    def shutdown(self) -> None:
        self.view.shutdown()
