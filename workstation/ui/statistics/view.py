"""The statistics view: period picker, summary tiles, charts and tables of one fact source,
the workload per operator (人员工作量 tab), the records behind any bar or cell, and the report
export. Used by the station's 统计 page (``pages/statistics.py``, which counts and opens
records through ``services.workload`` so an operator sees only their own workload); the
county console can host it over a ``CountySource``.

Counting runs in the background (``TaskRunner``); a newer request supersedes older ones.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QSettings, Qt, QTimer
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workstation.statistics.format import display
from workstation.statistics.model import TOTAL, RecordLine, Report

from ..pages.dashboard import Tile
from ..tasks import TaskControl, TaskRunner
from ..widgets.flow_layout import FlowLayout
from ..widgets.forms import show_error
from ..widgets.progress import TaskProgress
from .charts import BarChart, ChartSpec
from .period_picker import PeriodPicker
from .tables import DrillDownDialog, StatTableView
from .workload import WorkloadPanel

SETTING_EXPORT_DIR = "statistics/export_dir"
#: Wait this long after the last change of the period before counting (arrow-key repeats).
RELOAD_DELAY_MS = 250
WORKLOAD = "workload"
CHANNELS = ("consultations_walk_in", "consultations_phone", "consultations_online",
            "consultations_visit")


def chart_specs() -> list[ChartSpec]:
    """The charts, in page order. Charts with many categories take the whole width and show
    one value per bar. (Literal ``QCoreApplication.translate`` calls, for lupdate.)"""
    qt = QCoreApplication
    return [
        ChartSpec("consultation_topics",
                  qt.translate("StatisticsView", "Consultations by topic"),
                  "consultation_by_topic", ("consultations",), wide=True),
        ChartSpec("consultation_channels",
                  qt.translate("StatisticsView", "Consultations by channel"),
                  "consultation_by_topic", CHANNELS, by_columns=True, horizontal=False),
        ChartSpec("satisfaction", qt.translate("StatisticsView", "Satisfaction by source"),
                  "satisfaction", ("ratings_citizen", "ratings_visit", "ratings_staff"),
                  horizontal=False),
        ChartSpec("mediation_types",
                  qt.translate("StatisticsView", "Mediation cases accepted by dispute type"),
                  "mediation_by_type", ("cases_accepted",), wide=True),
        ChartSpec("mediation_sources",
                  qt.translate("StatisticsView", "Cases accepted by source"),
                  "mediation_by_source", ("cases_accepted",), horizontal=False),
        ChartSpec("mediation_outcomes",
                  qt.translate("StatisticsView", "Cases concluded by outcome"),
                  "mediation_by_outcome", ("cases_concluded", "cases_in_time"),
                  horizontal=False),
        ChartSpec("success_by_month",
                  qt.translate("StatisticsView", "Success rate by month (%)"),
                  "mediation_by_month", ("success_rate",), horizontal=False),
        ChartSpec("amounts_by_month",
                  qt.translate("StatisticsView",
                               "Amounts in agreements by month (10,000 yuan)"),
                  "mediation_by_month", ("cases_agreed_fen",), horizontal=False),
        ChartSpec("amounts_by_type",
                  qt.translate("StatisticsView",
                               "Amounts in agreements by dispute type (10,000 yuan)"),
                  "mediation_by_type", ("cases_agreed_fen",), wide=True),
        ChartSpec("referral_matters",
                  qt.translate("StatisticsView", "Legal aid applications by matter"),
                  "referral_by_matter", ("referrals_applied",), wide=True),
        ChartSpec("referral_decisions",
                  qt.translate("StatisticsView", "Decisions of the legal aid center"),
                  "referral_by_decision", ("count",), horizontal=False),
        ChartSpec("time_limits", qt.translate("StatisticsView", "Time limits kept (%)"),
                  "time_limits", ("rate",), horizontal=False),
        ChartSpec("publicity_forms",
                  qt.translate("StatisticsView", "Legal publicity activities by form"),
                  "publicity_by_form", ("activities",)),
        ChartSpec("publicity_audience",
                  qt.translate("StatisticsView", "Audience of legal publicity by place"),
                  "publicity_by_place", ("activities_audience",)),
    ]


def load(source: Any, period: Any, as_of: date) -> tuple[Any, Report]:
    """Facts and report (runs on a worker thread)."""
    from workstation.statistics import build_report, collect

    facts = collect(source, period, as_of)
    return facts, build_report(facts)


def export_report(report: Report, path: Path, control: TaskControl) -> Path:
    """Render and write the report (runs on a worker thread; cancellable before writing)."""
    from workstation.files import write_atomically
    from workstation.printing.reports import render, report_format

    fmt = report_format(path)
    control.progress(0, 3)
    data = render(report, fmt)
    control.progress(1, 3)
    control.check()
    write_atomically(path, data)
    control.progress(3, 3)
    return path


class StatisticsView(QWidget):
    """Charts, tables and export for the facts ``make_source()`` gives (called on a worker
    thread). ``open_record(type, id)`` opens a record from a drill-down list (None: the
    records cannot be opened here); ``list_stays_open`` keeps the list open meanwhile (a
    record shown in a dialog rather than on a page). A source with ``station_names()``
    (the county's) adds the station to the lists.

    ``load_report(period, as_of) -> (facts, report)`` and ``drill_down(facts, table, row,
    column) -> lines`` (worker thread) replace counting ``make_source()``'s facts and listing
    a cell's records: the station counts and lists through ``services.workload`` with the
    logged-in operator. ``exported(report, path)`` (worker thread) runs after a report file
    was written: the station audits the export under the logged-in operator."""

    def __init__(self, runner: TaskRunner, make_source: Callable[[], Any], *,
                 open_record: Callable[[str, str], None] | None = None,
                 list_stays_open: bool = False,
                 status: Callable[[str], None] | None = None, today: date | None = None,
                 load_report: Callable[[Any, date], tuple[Any, Report]] | None = None,
                 drill_down: Callable[[Any, str, str, str], list[RecordLine]] | None = None,
                 exported: Callable[[Report, Path], None] | None = None,
                 made_by: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.make_source = make_source
        self.load_report = load_report
        self.exported = exported
        #: Named on exported files as who made them (the county operator logged in).
        self.made_by = made_by
        self.drill_down = drill_down
        self.open_record = open_record
        self.list_stays_open = list_stays_open
        self.status = status or (lambda _text: None)
        self.facts: Any = None
        self.report: Report | None = None
        self.drill_dialog: DrillDownDialog | None = None
        self.progress_dialog: TaskProgress | None = None
        self.last_export: Path | None = None
        self._generation = 0
        self._today = today

        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        top = QHBoxLayout()
        heading = QLabel(self.tr("Statistics"))
        heading.setProperty("role", "heading")
        top.addWidget(heading)
        top.addStretch(1)
        #: The period and the host's own choices (``add_choice``): a row of their own that
        #: wraps on a narrow screen.
        self._choices = FlowLayout(spacing=16)
        self.picker = PeriodPicker(today)
        self._choices.addWidget(self._labelled(self.tr("Period:"), self.picker))
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setObjectName("statistics_refresh")
        self.refresh_button.clicked.connect(self.reload)
        self.export_button = QPushButton(self.tr("Export report (PDF / Excel)..."))
        self.export_button.setObjectName("statistics_export")
        self.export_button.setToolTip(self.tr(
            "Save the report of the shown period as a PDF file or a spreadsheet"))
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self.choose_export)
        top.addWidget(self.refresh_button)
        top.addWidget(self.export_button)
        layout.addLayout(top)
        layout.addLayout(self._choices)

        self.summary = QLabel(self.tr("Counting..."))
        self.summary.setObjectName("statistics_summary")
        self.summary.setWordWrap(True)
        self.summary.setProperty("role", "hint")
        layout.addWidget(self.summary)

        tiles = FlowLayout(spacing=8)  # a second row on a narrow screen or with large text
        self.tiles = {
            "consultations": Tile(self.tr("Consultations"), "stat_consultations"),
            "accepted": Tile(self.tr("Mediation cases accepted"), "stat_accepted"),
            "success": Tile(self.tr("Mediation success rate"), "stat_success"),
            "amount": Tile(self.tr("Amount in agreements (10,000 yuan)"), "stat_amount"),
            "referrals": Tile(self.tr("Legal aid applications"), "stat_referrals"),
            "in_time": Tile(self.tr("Mediations concluded in time"), "stat_in_time"),
            "activities": Tile(self.tr("Publicity activities (times)"),
                               "stat_activities"),
        }
        for tile in self.tiles.values():
            tiles.addWidget(tile)
        layout.addLayout(tiles)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("statistics_tabs")
        self.charts = {spec.key: BarChart(spec) for spec in chart_specs()}
        charts_body = QWidget()
        grid = QGridLayout(charts_body)
        grid.setSpacing(10)
        row = column = 0
        for chart in self.charts.values():
            chart.cell_clicked.connect(self.open_cell)
            if chart.spec.wide:
                row += column
                grid.addWidget(chart, row, 0, 1, 2)
                row, column = row + 1, 0
            else:
                grid.addWidget(chart, row, column)
                row, column = (row + 1, 0) if column else (row, 1)
        self.tabs.addTab(self._scrolling(charts_body), self.tr("Charts"))

        from workstation.statistics.catalog import SHEETS

        tables_body = QWidget()
        column = QVBoxLayout(tables_body)
        self.table_views: dict[str, StatTableView] = {}
        self.table_titles: dict[str, QLabel] = {}
        #: Each table's note (口径 of a row, or why an official row is "—").
        self.table_notes: dict[str, QLabel] = {}
        for _sheet, rows in SHEETS:
            for keys in rows:
                for key in keys:
                    if key == WORKLOAD:
                        continue  # its own tab
                    title = QLabel()
                    title.setProperty("role", "subheading")
                    view = StatTableView()
                    view.setObjectName(f"table_{key}")
                    view.cell_activated.connect(self.open_cell)
                    note = QLabel()
                    note.setObjectName(f"note_{key}")
                    note.setProperty("role", "hint")
                    note.setWordWrap(True)
                    note.hide()
                    column.addWidget(title)
                    column.addWidget(view)
                    column.addWidget(note)
                    column.addSpacing(8)
                    self.table_notes[key] = note
                    self.table_views[key] = view
                    self.table_titles[key] = title
        column.addStretch(1)
        self.tabs.addTab(self._scrolling(tables_body), self.tr("Tables"))
        self.workload = WorkloadPanel()
        self.workload.cell_activated.connect(self.open_cell)
        self.tabs.addTab(self._scrolling(self.workload), self.tr("Workload by operator"))
        layout.addWidget(self.tabs, 1)
        hint = QLabel(self.tr("Click a bar, or double-click a number in the tables, to see the "
                              "records behind it."))
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)

        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(RELOAD_DELAY_MS)
        self._reload_timer.timeout.connect(self.reload)
        self.picker.changed.connect(lambda _period: self._reload_timer.start())

    def add_choice(self, label: str, widget: QWidget) -> None:
        """Put ``label`` and ``widget`` after the period picker (e.g. the county's station)."""
        self._choices.addWidget(self._labelled(label, widget))

    @staticmethod
    def _labelled(label: str, widget: QWidget) -> QWidget:
        """``label`` and ``widget`` side by side, kept together when the row wraps."""
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(label))
        row.addWidget(widget)
        return box

    @staticmethod
    def _scrolling(body: QWidget) -> QScrollArea:
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        return scroll

    # -- loading -----------------------------------------------------------------------------

    def reload(self) -> None:
        """Count the chosen period in the background."""
        from workstation.domain.errors import ValidationError

        self._reload_timer.stop()
        try:
            period = self.picker.period()
        except ValidationError:
            return
        self._generation += 1
        generation, make_source = self._generation, self.make_source
        load_report = self.load_report
        as_of = self._today or date.today()
        self.summary.setText(self.tr("Counting %1...").replace("%1", period.label))
        self.export_button.setEnabled(False)
        self.runner.run(lambda: load_report(period, as_of) if load_report is not None
                        else load(make_source(), period, as_of),
                        on_done=lambda result: self._loaded(generation, result),
                        on_error=lambda exc: self._failed(generation, exc))

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation == self._generation:
            self.summary.setText(self.tr("Could not count: %1").replace("%1", str(error)))
            self.status(str(error))

    def _loaded(self, generation: int, result: tuple[Any, Report]) -> None:
        if generation != self._generation:
            return
        self.facts, report = result
        self.report = report
        self.summary.setText(self.tr("%1 · %2 · counted on %3").replace(
            "%1", report.scope.name).replace("%2", report.period.label).replace(
            "%3", report.as_of.strftime("%Y-%m-%d")))
        self._show_tiles(report)
        for chart in self.charts.values():
            chart.show_table(report.table(chart.spec.table))  # sets its own height
        for key, view in self.table_views.items():
            table = report.table(key)
            self.table_titles[key].setText(table.title)
            # Chinese data of the report (like its title), not a UI string.
            self.table_notes[key].setText(f"注：{table.note}" if table.note else "")
            self.table_notes[key].setVisible(bool(table.note))
            view.show_table(table)
        self.workload.show_table(report.table(WORKLOAD))
        self.export_button.setEnabled(True)

    def _show_tiles(self, report: Report) -> None:
        def value(table: str, row: str, column: str) -> Any:
            return report.table(table).value(row, column)

        shown = {
            "consultations": display(value("consultation_by_topic", TOTAL, "consultations"),
                                     "count"),
            "accepted": display(value("mediation_by_type", TOTAL, "cases_accepted"), "count"),
            "success": display(value("mediation_by_type", TOTAL, "success_rate"), "rate"),
            "amount": f"{value('mediation_by_type', TOTAL, 'cases_agreed_fen') / 1e6:,.1f}",
            "referrals": display(value("referral_by_matter", TOTAL, "referrals_applied"),
                                 "count"),
            "in_time": display(value("time_limits", "mediation", "rate"), "rate"),
            "activities": display(value("publicity_by_form", TOTAL, "activities"), "count"),
        }
        for key, text in shown.items():
            self.tiles[key].value.setText(text)

    # -- drill-down --------------------------------------------------------------------------

    def open_cell(self, table_key: str, row_key: str, column_key: str) -> None:
        """List the records behind one cell (in the background, then a dialog)."""
        from workstation.statistics import drill_down

        facts, report, make_source = self.facts, self.report, self.make_source
        if facts is None or report is None:
            return
        lister = self.drill_down or drill_down

        def work() -> tuple[list[RecordLine], dict[str, str], dict[str, str] | None]:
            lines = lister(facts, table_key, row_key, column_key)
            source = make_source()
            titles = getattr(source, "titles", None)
            stations = getattr(source, "station_names", None)
            return (lines, titles(lines) if titles is not None else {},
                    stations() if stations is not None else None)

        self.runner.run(work, on_done=lambda result: self._show_records(
            report, table_key, row_key, column_key, *result),
            on_error=lambda exc: self.status(str(exc)))

    def _show_records(self, report: Report, table_key: str, row_key: str, column_key: str,
                      lines: list[RecordLine], titles: dict[str, str],
                      stations: dict[str, str] | None) -> None:
        if report is not self.report:
            return  # the period changed meanwhile
        table = report.table(table_key)
        column = table.columns[table.column_index(column_key)]
        title = self.tr("%1: %2 · %3 (%4)").replace("%1", table.title).replace(
            "%2", table.row(row_key).label).replace("%3", column.label).replace(
            "%4", report.period.label)
        if self.drill_dialog is not None:
            self.drill_dialog.close()
        dialog = DrillDownDialog(title, lines, openable=self.open_record is not None,
                                 titles=titles, stations=stations,
                                 stays_open=self.list_stays_open, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if self.open_record is not None:
            dialog.record_opened.connect(self.open_record)
        dialog.destroyed.connect(lambda *_: self._forget_dialog(dialog))
        self.drill_dialog = dialog
        dialog.show()

    def _forget_dialog(self, dialog: DrillDownDialog) -> None:
        if self.drill_dialog is dialog:
            self.drill_dialog = None

    # -- export ------------------------------------------------------------------------------

    def suggested_file_name(self) -> str:
        assert self.report is not None
        return f"{self.report.scope.name}{self.report.period.label}统计报表.pdf"

    def choose_export(self) -> None:
        if self.report is None:
            return
        folder = str(QSettings().value(SETTING_EXPORT_DIR, "") or "")
        if not folder or not Path(folder).is_dir():
            folder = str(Path.home())
        pdf_filter = self.tr("PDF report (*.pdf)")
        xlsx_filter = self.tr("Excel workbook (*.xlsx)")
        path, chosen = QFileDialog.getSaveFileName(
            self, self.tr("Export the statistics report"),
            str(Path(folder) / self.suggested_file_name()), f"{pdf_filter};;{xlsx_filter}")
        if not path:
            return
        target = Path(path)
        if not target.suffix:
            target = target.with_suffix(".xlsx" if chosen == xlsx_filter else ".pdf")
        QSettings().setValue(SETTING_EXPORT_DIR, str(target.parent))
        self.export_to(target)

    def export_to(self, target: Path) -> None:
        """Write the shown report to ``target`` (.pdf or .xlsx) in the background."""
        report = self.report
        if report is None:
            return
        if self.made_by:
            from dataclasses import replace

            report = replace(report, made_by=self.made_by)
        progress = TaskProgress(self, self.tr("Writing the report..."),
                                title=self.tr("Export"), cancel=self.tr("Cancel"))
        self.progress_dialog = progress
        self.export_button.setEnabled(False)
        exported = self.exported

        def write(c: TaskControl) -> Path:
            path = export_report(report, target, c)
            if exported is not None:
                exported(report, path)
            return path

        progress.run(self.runner, write, on_done=self._exported, on_error=self._export_failed)

    def _close_progress(self) -> None:
        progress, self.progress_dialog = self.progress_dialog, None
        if progress is not None:
            progress.close()
        self.export_button.setEnabled(self.report is not None)

    def _exported(self, path: Path) -> None:
        self._close_progress()
        self.last_export = path
        self.status(self.tr("Report written: %1").replace("%1", str(path)))
        QMessageBox.information(self, self.tr("Export"),
                                self.tr("Report written:\n%1").replace("%1", str(path)))

    def _export_failed(self, error: BaseException) -> None:
        from ..tasks import Cancelled

        self._close_progress()
        if isinstance(error, Cancelled):
            self.status(self.tr("Export cancelled; nothing was written."))
            return
        show_error(self, self.tr("Could not export the report"), error)

    def shutdown(self) -> None:
        self._reload_timer.stop()
        self._close_progress()
        if self.drill_dialog is not None:
            self.drill_dialog.close()
