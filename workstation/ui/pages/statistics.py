"""统计: the station's statistics for a month, quarter, year or custom period — charts,
tables, the workload per operator, the records behind any number, and the monthly report as
PDF or Excel. Counting and listing go through ``services.workload`` with the logged-in
operator: an operator sees (and exports) only their own workload, an admin everyone's."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QVBoxLayout, QWidget

from ..context import AppContext
from ..statistics.view import StatisticsView
from .base import Page


class StatisticsPage(Page):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._stale = True
        db, actor = ctx.db, ctx.actor

        def make_source() -> object:
            from workstation.statistics.station_source import StationSource

            return StationSource(db)

        def load_report(period: Any, as_of: date) -> tuple[Any, Any]:
            from workstation.services.workload import statistics_for

            return statistics_for(db, actor, period, as_of)

        def drill_down(facts: Any, table: str, row: str, column: str) -> list[Any]:
            from workstation.services.workload import drill_down_for

            return drill_down_for(actor, facts, table, row, column)

        def exported(report: Any, path: Path) -> None:
            from workstation.services.workload import record_report_export

            record_report_export(db, actor, report, path)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.view = StatisticsView(ctx.runner, make_source,
                                   open_record=ctx.signals.open_record.emit,
                                   status=ctx.signals.status_message.emit,
                                   load_report=load_report, drill_down=drill_down,
                                   exported=exported)
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
