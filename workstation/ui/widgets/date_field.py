"""One line edit for a date (or a date and time), typed the way a clerk types it.

``20261207``, ``2026-12-07``, ``2026/12/7`` and ``12-07`` are all understood (parsing is the
domain's: ``workstation.domain.dates``); when the field is left the text is shown again in the
canonical form. One Tab stop; F4 or Alt+Down (or the small button inside the field, which is
not in the Tab chain) opens a calendar.

The clock is injected (``today``), so that nothing here depends on the wall clock in tests.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time

from PySide6.QtCore import QDate, QDateTime, QEvent, QObject, QSize, Qt, QTime, Signal
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QSizePolicy, QStyle, QWidget

from workstation.domain.dates import (
    DateInputError,
    format_date,
    format_datetime,
    parse_date,
    parse_datetime,
)

Clock = Callable[[], datetime]


class DateField(QLineEdit):
    """A date (``with_time=False``) or a date and time typed in one field."""

    #: The text changed (ValidatedForm watches this).
    changed = Signal()
    #: The text became a (new) date: as ``QDateEdit.dateChanged``.
    dateChanged = Signal(QDate)

    def __init__(self, *, with_time: bool = False, optional: bool = False,
                 clock: Clock = datetime.now, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.with_time = with_time
        self.optional = optional
        self.clock = clock
        #: The domain field whose error this field's bad text is reported under (set by the
        #: form, e.g. "person.birth_date"); see ``ValidatedForm.validate``.
        self.error_field = ""
        self.minimum: date | None = None
        self.maximum: date | None = None
        self.calendar: QCalendarWidget | None = None
        self.setPlaceholderText(self.tr("e.g. 20261207 1430") if with_time
                                else self.tr("e.g. 20261207 or 12-07"))
        self.setToolTip(self.tr("Type the date as digits, e.g. 20261207, 2026-12-07 or 12-07 "
                                "(this year); F4 opens a calendar"))
        # An icon only (the field stays narrow); its name is the tooltip.
        action = QAction(self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowDown), "",
                         self)
        action.setToolTip(self.tr("Calendar (F4)"))
        action.triggered.connect(self.open_calendar)
        self.addAction(action, QLineEdit.ActionPosition.TrailingPosition)
        self.textChanged.connect(self._text_changed)
        self.editingFinished.connect(self.tidy)

    # -- values ---------------------------------------------------------------------------

    def _text_changed(self, *_: object) -> None:
        self.changed.emit()
        value = self.date_value()
        if value is not None:
            self.dateChanged.emit(QDate(value.year, value.month, value.day))

    def date(self) -> QDate:
        """As ``QDateEdit.date``, for code written for one: the typed date, or today while the
        text is no date (the form reports the text under ``error_field`` meanwhile)."""
        value = self.date_value() or self._today()
        return QDate(value.year, value.month, value.day)

    def dateTime(self) -> QDateTime:
        """As ``QDateTimeEdit.dateTime`` (local time), now while the text is no date."""
        value = self.datetime_value() or self.clock()
        return QDateTime(QDate(value.year, value.month, value.day),
                         QTime(value.hour, value.minute))

    def setDateTime(self, value: QDateTime) -> None:
        """As ``QDateTimeEdit.setDateTime``; an invalid QDateTime empties the field."""
        if not value.isValid():
            self.clear()
            return
        day, moment = value.date(), value.time()
        self.set_value(datetime(day.year(), day.month(), day.day(), moment.hour(),
                                moment.minute()))

    def setDate(self, value: QDate) -> None:
        """As ``QDateEdit.setDate``; an invalid QDate empties the field."""
        self.set_value(date(value.year(), value.month(), value.day()) if value.isValid()
                       else None)

    def setMinimumDate(self, value: QDate) -> None:
        """As ``QDateEdit.setMinimumDate``: an earlier typed date is refused with a message."""
        self.minimum = date(value.year(), value.month(), value.day())

    def setMaximumDate(self, value: QDate) -> None:
        """As ``QDateEdit.setMaximumDate``: a later typed date is refused with a message."""
        self.maximum = date(value.year(), value.month(), value.day())

    def _today(self) -> date:
        return self.clock().date()

    def parsed(self) -> date | datetime | None:
        """The typed value; None when empty; raises ``DateInputError`` when not a date."""
        text = self.text().strip()
        if not text:
            if self.optional:
                return None
            raise DateInputError(self.tr("Please enter a date") if not self.with_time
                                 else self.tr("Please enter the date and time"))
        if self.with_time:
            now = self.clock()
            value: date | datetime = parse_datetime(text, now.date(),
                                                    time(now.hour, now.minute))
        else:
            value = parse_date(text, self._today())
        day = value.date() if isinstance(value, datetime) else value
        if self.minimum is not None and day < self.minimum:
            raise DateInputError(self.tr("The date cannot be before %1").replace(
                "%1", format_date(self.minimum)))
        if self.maximum is not None and day > self.maximum:
            raise DateInputError(self.tr("The date cannot be after %1").replace(
                "%1", format_date(self.maximum)))
        return value

    def error_text(self) -> str:
        """The Chinese message for bad text, "" when the text is a date (or empty and
        optional)."""
        try:
            self.parsed()
        except DateInputError as exc:
            return str(exc)
        return ""

    def date_value(self) -> date | None:
        """The date typed, None when empty or not a date."""
        try:
            value = self.parsed()
        except DateInputError:
            return None
        return value.date() if isinstance(value, datetime) else value

    def datetime_value(self) -> datetime | None:
        """The date and time typed (``with_time``), None when empty or not valid."""
        try:
            value = self.parsed()
        except DateInputError:
            return None
        if value is None or isinstance(value, datetime):
            return value
        return datetime.combine(value, time(0, 0))

    def minimumSizeHint(self) -> QSize:
        """Never narrower than a whole date (and time) in the current font, beside the
        calendar button: a squeezed bar must not cut "2026-12-07" to "-12-07"."""
        hint = super().minimumSizeHint()
        sample = "2026-12-07 14:30" if self.with_time else "2026-12-07"
        margins = self.textMargins()
        width = (self.fontMetrics().horizontalAdvance(sample + "  ") + margins.left()
                 + margins.right() + hint.height() + 12)  # + the calendar button, frame
        return QSize(max(hint.width(), width), hint.height())

    def set_value(self, value: date | datetime | None) -> None:
        if value is None:
            self.clear()
        elif self.with_time:
            moment = value if isinstance(value, datetime) else datetime.combine(value, time())
            self.setText(format_datetime(moment))
        else:
            self.setText(format_date(value.date() if isinstance(value, datetime) else value))

    def tidy(self) -> None:
        """Show a valid value in the canonical form (2026-12-07 14:30)."""
        try:
            value = self.parsed()
        except DateInputError:
            return
        if value is not None:
            text = (format_datetime(value) if isinstance(value, datetime)
                    else format_date(value))
            if text != self.text():
                self.setText(text)

    # -- the calendar ---------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        alt_down = (key == Qt.Key.Key_Down
                    and event.modifiers() & Qt.KeyboardModifier.AltModifier)
        if key == Qt.Key.Key_F4 or alt_down:
            self.open_calendar()
            return
        super().keyPressEvent(event)

    def open_calendar(self) -> QCalendarWidget:
        """A calendar under the field; Enter or a click takes the day, Esc closes it."""
        calendar = QCalendarWidget(self)
        calendar.setWindowFlags(Qt.WindowType.Popup)
        calendar.setObjectName("date_calendar")
        calendar.setGridVisible(True)
        current = self.date_value() or self._today()
        calendar.setSelectedDate(QDate(current.year, current.month, current.day))
        if self.maximum is not None:
            calendar.setMaximumDate(QDate(self.maximum.year, self.maximum.month,
                                          self.maximum.day))
        calendar.activated.connect(lambda day: self._take(calendar, day))
        calendar.clicked.connect(lambda day: self._take(calendar, day))
        calendar.installEventFilter(self)
        calendar.move(self.mapToGlobal(self.rect().bottomLeft()))
        self.calendar = calendar
        calendar.show()
        calendar.setFocus()
        return calendar

    def close_calendar(self) -> None:
        """Close the calendar (deleted later: this may run inside its own key handler)."""
        calendar, self.calendar = self.calendar, None
        if calendar is not None:
            calendar.hide()
            calendar.deleteLater()
        self.setFocus()

    def _take(self, calendar: QCalendarWidget, day: QDate) -> None:
        picked = date(day.year(), day.month(), day.day())
        if self.with_time:
            old = self.datetime_value()
            moment = old.time() if old is not None else time(self.clock().hour,
                                                              self.clock().minute)
            self.set_value(datetime.combine(picked, moment))
        else:
            self.set_value(picked)
        self.close_calendar()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.calendar and event.type() == QEvent.Type.KeyPress
                and event.key() == Qt.Key.Key_Escape):  # type: ignore[attr-defined]
            self.close_calendar()
            return True
        return super().eventFilter(watched, event)


def range_fields(days_back: int, *, clock: Clock = datetime.now) -> tuple[DateField, DateField]:
    """A "from … to" pair for a list filter: ``days_back`` days ago to today, each typed in
    one field; an emptied field means no bound on that side."""
    today = clock().date()
    start = DateField(optional=True, clock=clock)
    start.set_value(date.fromordinal(today.toordinal() - days_back))
    end = DateField(optional=True, clock=clock)
    end.set_value(today)
    for field in (start, end):
        compact(field)
    return start, end


def compact(field: DateField) -> DateField:
    """As wide as a line edit wants (it follows the text size), not stretched across a bar."""
    field.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    return field


def range_error(*fields: DateField) -> str:
    """The message of the first field of a filter range whose text is no date, else ""."""
    return next((message for message in (f.error_text() for f in fields) if message), "")
