"""The 人员工作量 tab of the statistics view: the workload and service quality per operator
(the ``workload`` table) and a chart of each operator's work.

What rows the table holds is decided below the UI (``services.workload``): an admin's report
has every operator and the total, an operator's only their own row (no total); the panel
says so when the total is missing.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from workstation.statistics.model import Table

from .charts import BarChart, ChartSpec
from .tables import StatTableView

TABLE = "workload"
CHART_COLUMNS = ("consultations", "cases_accepted", "referrals_applied",
                 "activity_participations")
#: Height of one operator's group of bars in the chart.
BAR_GROUP_PX = 64


def workload_chart_spec() -> ChartSpec:
    return ChartSpec("workload", QCoreApplication.translate("WorkloadPanel",
                                                            "Work by operator"),
                     TABLE, CHART_COLUMNS, wide=True)


class WorkloadPanel(QWidget):
    """Workload table and chart; ``cell_activated(table, row, column)`` when a number or a
    bar is chosen (the view lists the records behind it)."""

    cell_activated = Signal(str, str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setProperty("role", "subheading")
        layout.addWidget(self.title)
        self.scope_note = QLabel()
        self.scope_note.setObjectName("workload_scope")
        self.scope_note.setWordWrap(True)
        self.scope_note.setProperty("role", "hint")
        layout.addWidget(self.scope_note)
        self.table = StatTableView()
        self.table.setObjectName(f"table_{TABLE}")
        self.table.cell_activated.connect(self.cell_activated)
        layout.addWidget(self.table)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setProperty("role", "hint")
        layout.addWidget(self.note)
        layout.addSpacing(8)
        self.chart = BarChart(workload_chart_spec())
        self.chart.cell_clicked.connect(self.cell_activated)
        layout.addWidget(self.chart)
        layout.addStretch(1)

    @property
    def own_only(self) -> bool:
        """The figures shown are the viewer's own only (no total row)."""
        model = self.table.model()
        return model is not None and getattr(model, "table", None) is not None \
            and model.table.total is None

    def show_table(self, table: Table) -> None:
        self.title.setText(table.title)
        self.table.show_table(table)
        self.note.setText(self.tr("Note: %1").replace("%1", table.note) if table.note else "")
        if table.total is None:
            self.scope_note.setText(self.tr(
                "Only your own figures are shown; the station admin sees everyone's."))
        else:
            self.scope_note.setText(self.tr(
                "Every operator's figures; each operator sees only their own."))
        self.chart.show_table(table)
        self.chart.setFixedHeight(max(280, 140 + BAR_GROUP_PX * len(table.rows)))
