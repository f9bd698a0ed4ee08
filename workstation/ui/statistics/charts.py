"""Bar charts of statistics tables (QtCharts); clicking a bar names the cell behind it.

A ``ChartSpec`` says which table, which columns become bar sets (categories are the table's
rows), or with ``by_columns`` which columns become the categories of one row (e.g. channels
of the total row). Values show on the bars; long category labels are shortened on the axis
and shown in full in the tooltip.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QHorizontalStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt, Signal
from PySide6.QtGui import QColor, QCursor, QFont, QPainter
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

from workstation.statistics.model import FEN, RATE, TOTAL, Table

#: Shown on the axis; the tooltip has the whole label.
AXIS_LABEL_CHARS = 12
COLORS = ("#2f6fad", "#e08a2c", "#4a9b5b", "#b84a4a", "#7a5fa8", "#8c8c8c")
#: Amounts are drawn in 10,000 yuan (万元) so bars keep short labels.
FEN_PER_WAN = 1_000_000


@dataclass(frozen=True)
class ChartSpec:
    key: str
    title: str
    table: str
    columns: tuple[str, ...]
    by_columns: bool = False  # categories = ``columns`` of row ``row``; one bar set
    row: str = TOTAL
    horizontal: bool = True
    stacked: bool = False
    wide: bool = False  # takes the whole width of the page


def short(label: str, limit: int = AXIS_LABEL_CHARS) -> str:
    return label if len(label) <= limit else label[:limit - 1] + "…"


def chart_value(value: int | float | None, unit: str) -> float:
    """What a bar's length shows: counts, percent for rates, 万元 for amounts."""
    if value is None:
        return 0.0
    if unit == RATE:
        return round(float(value) * 100, 1)
    if unit == FEN:
        return round(int(value) / FEN_PER_WAN, 2)
    return float(value)


class BarChart(QChartView):
    """One chart; ``show_table`` (re)draws it, ``cell_clicked(table, row, column)`` when a
    bar is clicked."""

    cell_clicked = Signal(str, str, str)

    def __init__(self, spec: ChartSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setObjectName(f"chart_{spec.key}")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(340)
        chart = QChart()
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.setChart(chart)
        self.set_title(spec.title)
        #: Category keys (row or column keys) in axis order, bar-set column keys, their labels.
        self.category_keys: list[str] = []
        self.category_labels: list[str] = []
        self.set_keys: list[str] = []
        self.sets: list[QBarSet] = []
        self.unit = "count"
        self._order: list[int] = []

    def set_title(self, title: str) -> None:
        font = QFont(QApplication.font())
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.chart().setTitleFont(font)
        self.chart().setTitle(title)

    # -- drawing -----------------------------------------------------------------------------

    def show_table(self, table: Table) -> None:
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        spec = self.spec
        columns = {c.key: c for c in table.columns}
        self.unit = columns[spec.columns[0]].unit
        if spec.by_columns:
            row = table.row(spec.row)
            index = {c.key: i for i, c in enumerate(table.columns)}
            self.category_keys = list(spec.columns)
            self.category_labels = [columns[k].label for k in spec.columns]
            self.set_keys = [spec.row]
            series_data = [(row.label, [row.values[index[k]] for k in spec.columns])]
        else:
            rows = list(table.rows)
            self.category_keys = [r.key for r in rows]
            self.category_labels = [r.label for r in rows]
            self.set_keys = list(spec.columns)
            index = {c.key: i for i, c in enumerate(table.columns)}
            series_data = [(columns[k].label, [r.values[index[k]] for r in rows])
                           for k in spec.columns]
        order = list(range(len(self.category_keys)))
        if spec.horizontal:  # the first row on top
            order.reverse()
        if spec.horizontal:
            series: QAbstractBarSeries = (QHorizontalStackedBarSeries() if spec.stacked
                                          else QHorizontalBarSeries())
        else:
            series = QBarSeries()
        self.sets = []
        top = 0.0
        for n, (label, values) in enumerate(series_data):
            bar_set = QBarSet(label)
            bar_set.setColor(QColor(COLORS[n % len(COLORS)]))
            bar_set.setLabelColor(QColor("#1a1a1a"))
            bar_set.setLabelFont(QApplication.font())
            numbers = [chart_value(values[i], self.unit) for i in order]
            bar_set.append(numbers)
            bar_set.clicked.connect(lambda i, n=n: self._clicked(i, n))
            bar_set.hovered.connect(lambda on, i, n=n: self._hovered(on, i, n))
            series.append(bar_set)
            self.sets.append(bar_set)
            top = max(top, sum(numbers) if spec.stacked else max(numbers, default=0.0))
        if spec.stacked:
            top = max([sum(s.at(i) for s in self.sets) for i in range(len(order))] or [0.0])
        # Values on the bars (segments of stacked bars are too small: tooltips show them).
        series.setLabelsVisible(not spec.stacked)
        series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
        series.setLabelsPrecision(6)
        if self.unit == RATE:
            series.setLabelsFormat("@value%")
        chart.addSeries(series)
        categories = QBarCategoryAxis()
        limit = AXIS_LABEL_CHARS * (2 if spec.wide else 1)
        categories.append([short(self.category_labels[i], limit) for i in order])
        values_axis = QValueAxis()
        if self.unit == RATE:
            values_axis.setRange(0, 120)
            values_axis.setTickCount(7)
        else:
            values_axis.setRange(0, max(4.0, top * 1.2))  # room for the labels at the ends
            values_axis.applyNiceNumbers()
        values_axis.setLabelFormat("%.0f%%" if self.unit == RATE else
                                   "%.1f" if self.unit == FEN else "%d")
        font = QApplication.font()
        for axis in (categories, values_axis):
            axis.setLabelsFont(font)
        chart.legend().setFont(font)
        chart.legend().setVisible(len(self.sets) > 1)
        cat_side, value_side = ((Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignBottom)
                                if spec.horizontal else
                                (Qt.AlignmentFlag.AlignBottom, Qt.AlignmentFlag.AlignLeft))
        chart.addAxis(categories, cat_side)
        chart.addAxis(values_axis, value_side)
        series.attachAxis(categories)
        series.attachAxis(values_axis)
        self._order = order

    # -- interaction -------------------------------------------------------------------------

    def cell_at(self, bar_index: int, set_index: int) -> tuple[str, str]:
        """(row key, column key) of a bar (``bar_index`` in axis order)."""
        category = self.category_keys[self._order[bar_index]]
        if self.spec.by_columns:
            return self.spec.row, category
        return category, self.set_keys[set_index]

    def _clicked(self, bar_index: int, set_index: int) -> None:
        row, column = self.cell_at(bar_index, set_index)
        self.cell_clicked.emit(self.spec.table, row, column)

    def _hovered(self, on: bool, bar_index: int, set_index: int) -> None:
        if not on:
            QToolTip.hideText()
            return
        label = self.category_labels[self._order[bar_index]]
        bar_set = self.sets[set_index]
        value = bar_set.at(bar_index)
        shown = f"{value:g}%" if self.unit == RATE else (
            self.tr("%1 (10,000 yuan)").replace("%1", f"{value:g}") if self.unit == FEN
            else f"{value:g}")
        name = f"{bar_set.label()} · " if len(self.sets) > 1 else ""
        QToolTip.showText(QCursor.pos(), f"{label}\n{name}{shown}\n"
                          + self.tr("Click to see the records"))

    def bar_index(self, category_key: str) -> int:
        """Position on the axis of a category (a row key, or a column key ``by_columns``)."""
        return self._order.index(self.category_keys.index(category_key))

    # -- for tests ---------------------------------------------------------------------------

    def values(self) -> dict[str, dict[str, float]]:
        """Bar set label → {category label: value}, in table order."""
        out: dict[str, dict[str, float]] = {}
        for bar_set in self.sets:
            by_axis = [bar_set.at(i) for i in range(bar_set.count())]
            out[bar_set.label()] = {self.category_labels[self._order[i]]: by_axis[i]
                                    for i in range(len(by_axis))}
        return out

