"""Pick a report period: a month, a quarter, a year or a custom range of days."""

from __future__ import annotations

from datetime import date, datetime, time

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSpinBox, QWidget

from workstation.domain.errors import FieldError, ValidationError
from workstation.statistics.periods import (
    CUSTOM,
    MAX_YEAR,
    MIN_YEAR,
    MONTH,
    QUARTER,
    YEAR,
    Period,
)

from ..widgets.date_field import DateField, compact


class PeriodPicker(QWidget):
    """Kind (月/季度/年/自定义) and the fields that kind needs; ``changed`` on every edit
    that gives a valid period (an invalid custom range shows its message instead)."""

    changed = Signal(object)  # Period

    def __init__(self, today: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        day = today or date.today()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.kind = QComboBox()
        self.kind.setObjectName("period_kind")
        for code, text in ((MONTH, self.tr("Month")), (QUARTER, self.tr("Quarter")),
                           (YEAR, self.tr("Year")), (CUSTOM, self.tr("Custom dates"))):
            self.kind.addItem(text, code)
        self.year = QSpinBox()
        self.year.setObjectName("period_year")
        self.year.setRange(MIN_YEAR, MAX_YEAR)
        self.year.setValue(day.year)
        self.year.setSuffix(self.tr(" (year)"))
        self.month = QComboBox()
        self.month.setObjectName("period_month")
        for m in range(1, 13):
            self.month.addItem(self.tr("Month %1").replace("%1", str(m)), m)
        self.month.setCurrentIndex(day.month - 1)
        self.quarter = QComboBox()
        self.quarter.setObjectName("period_quarter")
        for q in range(1, 5):
            self.quarter.addItem(self.tr("Quarter %1").replace("%1", str(q)), q)
        self.quarter.setCurrentIndex((day.month - 1) // 3)
        # Typed days (20261207, 12-07; F4 for a calendar); a text that is no date is said
        # in the period's error label.
        self.start = DateField(clock=lambda: datetime.combine(day, time()))
        self.end = DateField(clock=lambda: datetime.combine(day, time()))
        for edit, name in ((self.start, "period_start"), (self.end, "period_end")):
            edit.setObjectName(name)
            edit.maximum = date(MAX_YEAR, 12, 31)
            compact(edit)
        self.start.set_value(day.replace(day=1))
        self.end.set_value(day)
        self.to_label = QLabel(self.tr("to"))
        self.error = QLabel()
        self.error.setObjectName("period_error")
        self.error.setProperty("role", "error")
        for widget in (self.kind, self.year, self.month, self.quarter, self.start,
                       self.to_label, self.end, self.error):
            layout.addWidget(widget)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.year.valueChanged.connect(self._emit)
        self.month.currentIndexChanged.connect(self._emit)
        self.quarter.currentIndexChanged.connect(self._emit)
        for edit in (self.start, self.end):
            edit.dateChanged.connect(self._emit)
            edit.editingFinished.connect(self._emit_if_bad)
        self._show_fields()

    def period(self) -> Period:
        """The chosen period; ``ValidationError`` for a bad custom range."""
        kind = self.kind.currentData()
        if kind == MONTH:
            return Period.month(self.year.value(), self.month.currentData())
        if kind == QUARTER:
            return Period.quarter(self.year.value(), self.quarter.currentData())
        if kind == YEAR:
            return Period.year(self.year.value())
        messages = dict.fromkeys(m for m in (self.start.error_text(), self.end.error_text())
                                 if m)  # the same message once when both days are wrong
        if messages:
            raise ValidationError(FieldError("period", m) for m in messages)
        start, end = self.start.date_value(), self.end.date_value()
        assert start is not None and end is not None  # no error: both are dates
        return Period.custom(start, end)

    def set_period(self, period: Period) -> None:
        """Show ``period`` (emits ``changed`` once)."""
        widgets = (self.kind, self.year, self.month, self.quarter, self.start, self.end)
        for w in widgets:
            w.blockSignals(True)
        try:
            self.kind.setCurrentIndex(self.kind.findData(period.kind))
            self.year.setValue(period.start.year)
            self.month.setCurrentIndex(period.start.month - 1)
            self.quarter.setCurrentIndex((period.start.month - 1) // 3)
            self.start.set_value(period.start)
            self.end.set_value(period.end)
        finally:
            for w in widgets:
                w.blockSignals(False)
        self._show_fields()
        self._emit()

    def _kind_changed(self) -> None:
        self._show_fields()
        self._emit()

    def _show_fields(self) -> None:
        kind = self.kind.currentData()
        self.year.setVisible(kind != CUSTOM)
        self.month.setVisible(kind == MONTH)
        self.quarter.setVisible(kind == QUARTER)
        for widget in (self.start, self.to_label, self.end):
            widget.setVisible(kind == CUSTOM)

    def _emit_if_bad(self) -> None:
        """Left a day whose text is no date: say so (a good day was emitted as typed)."""
        if self.kind.currentData() == CUSTOM and (self.start.error_text()
                                                   or self.end.error_text()):
            self._emit()

    def _emit(self) -> None:
        try:
            period = self.period()
        except ValidationError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.error.clear()
        self.error.hide()
        self.changed.emit(period)
