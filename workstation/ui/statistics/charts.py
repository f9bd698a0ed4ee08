"""Bar charts of statistics tables (QtCharts); clicking a bar names the cell behind it.

A ``ChartSpec`` says which table, which columns become bar sets (categories are the table's
rows), or with ``by_columns`` which columns become the categories of one row (e.g. channels
of the total row). Values show on the bars, zeros included; category labels are never
elided: they wrap onto more lines to fit the room of their bar (recomputed when the chart is
resized or the text size changes), and the tooltip repeats them.
"""

from __future__ import annotations

import html
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
from PySide6.QtCore import QEvent, QMargins, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QCursor, QFont, QFontMetricsF, QPainter
from PySide6.QtWidgets import QGraphicsSimpleTextItem, QToolTip, QWidget

from workstation.statistics.model import FEN, RATE, TOTAL, Table

#: Share of the chart's width the labels of a horizontal chart may take.
LABEL_SHARE = 0.3
#: Qt draws bars at this share of their category's room (QAbstractBarSeries' default).
BAR_WIDTH = 0.5
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


def wrap_label(label: str, metrics: QFontMetricsF, width: float) -> list[str]:
    """``label`` cut into lines no wider than ``width`` (at least one character a line):
    Chinese has no spaces, so any character may start a line."""
    lines: list[str] = []
    line = ""
    for char in label:
        if line and metrics.horizontalAdvance(line + char) > width:
            lines.append(line)
            line = ""
        line += char
    return [*lines, line] if line or not lines else lines


def axis_text(lines: list[str]) -> str:
    """Lines of a category label as the chart's rich-text axis draws them."""
    return "<br>".join(html.escape(line) for line in lines)


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
        self._table: Table | None = None
        self._categories: QBarCategoryAxis | None = None
        self._label_lines: list[list[str]] = []
        #: "0" drawn at the foot of each empty bar (Qt leaves zero bars unlabelled).
        self.zero_labels: list[QGraphicsSimpleTextItem] = []
        self._zero_points: list[tuple[float, float]] = []
        self._redraw_pending = False
        chart.plotAreaChanged.connect(lambda _area: self._place_zero_labels())

    def set_title(self, title: str) -> None:
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.chart().setTitleFont(font)
        self.chart().setTitle(title)

    # -- drawing -----------------------------------------------------------------------------

    def show_table(self, table: Table) -> None:
        self._table = table
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
            bar_set.setLabelFont(self.font())
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
        self._categories = categories
        self._order = order
        categories.append(self._wrapped_labels())
        values_axis = QValueAxis()
        if self.unit == RATE:
            values_axis.setRange(0, 120)
            values_axis.setTickCount(7)
        else:
            values_axis.setRange(0, max(4.0, top * 1.2))  # room for the labels at the ends
            values_axis.applyNiceNumbers()
        values_axis.setLabelFormat("%.0f%%" if self.unit == RATE else
                                   "%.1f" if self.unit == FEN else "%d")
        font = self.font()
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
        self._make_zero_labels(series_data, order)
        self.setMinimumHeight(self.wanted_height())

    # -- labels that fit ---------------------------------------------------------------------

    def _label_width(self) -> float:
        """The room of one category label, from the view's width."""
        count = max(1, len(self.category_keys))
        if self.spec.horizontal:
            return max(4 * self.fontMetrics().horizontalAdvance("中"), self.width() * LABEL_SHARE)
        axis = 6 * self.fontMetrics().horizontalAdvance("0")  # the value axis on the left
        # Qt elides a label wider than its category less some padding, and its text item
        # has margins of its own.
        return max(self.fontMetrics().horizontalAdvance("中"),
                   (self.width() - axis - 40) / count * 0.85 - 10)

    def _wrapped_labels(self) -> list[str]:
        metrics = QFontMetricsF(self.font())
        width = self._label_width()
        self._label_lines = [wrap_label(self.category_labels[i], metrics, width)
                             for i in self._order]
        return [axis_text(lines) for lines in self._label_lines]

    def wanted_height(self) -> int:
        """Tall enough for every category's label lines (Qt elides a label without room)."""
        line = self.fontMetrics().lineSpacing()
        lines = max((len(x) for x in self._label_lines), default=1)
        fixed = 6 * line + 80  # title, legend, value axis, margins
        if self.spec.horizontal:  # a label's lines and the text item's own margins
            per_bar = max(lines * line + 20, 2 * line)
            return max(340, fixed + per_bar * len(self._label_lines))
        return max(340, fixed + lines * line + 200)

    def _relabel(self) -> None:
        """Re-wrap the category labels for the current width and font."""
        if self._categories is None or not self.category_keys:
            return
        labels = self._wrapped_labels()
        if labels != self._categories.categories():
            self._categories.setCategories(labels)
            self.setMinimumHeight(self.wanted_height())

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._relabel()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and not self._redraw_pending:
            # The text size changed: draw anew once the application has restyled (not in
            # the middle of it).
            self._redraw_pending = True
            QTimer.singleShot(0, self, self._redraw)

    def _redraw(self) -> None:
        self._redraw_pending = False
        self.set_title(self.chart().title() or self.spec.title)
        if self._table is not None:
            self.show_table(self._table)

    def _make_zero_labels(self, series_data: list[tuple[str, list]], order: list[int]  # type: ignore[type-arg]
                          ) -> None:
        """A "0" at the foot of every empty bar, like the values Qt draws on the others."""
        for item in self.zero_labels:
            self.scene().removeItem(item)
        self.zero_labels = []
        self._zero_points = []
        if self.spec.stacked:
            return
        sets = len(self.sets)
        for n, bar_set in enumerate(self.sets):
            offset = (n + 0.5) / sets * BAR_WIDTH - BAR_WIDTH / 2
            for position in range(bar_set.count()):
                if bar_set.at(position) != 0:
                    continue
                item = QGraphicsSimpleTextItem("0%" if self.unit == RATE else "0",
                                               self.chart())
                item.setFont(self.font())
                item.setBrush(QColor("#1a1a1a"))
                self.zero_labels.append(item)
                self._zero_points.append((position + offset, 0.0))
        self._place_zero_labels()

    def _place_zero_labels(self) -> None:
        if not self.zero_labels or not self.chart().series():
            return
        series = self.chart().series()[0]
        for item, (category, value) in zip(self.zero_labels, self._zero_points, strict=True):
            if self.spec.horizontal:
                point = self.chart().mapToPosition(QPointF(value, category), series)
                box = item.boundingRect()
                item.setPos(point.x() + 4, point.y() - box.height() / 2)
            else:
                point = self.chart().mapToPosition(QPointF(category, value), series)
                box = item.boundingRect()
                item.setPos(point.x() - box.width() / 2, point.y() - box.height() - 2)

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

