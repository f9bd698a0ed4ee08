"""Report periods: a month, a quarter, a year or a custom range of days.

``parse_period`` reads what users and the command line type: ``2026-10``, ``2026-Q4``,
``2026`` or ``2026-01-05..2026-02-10`` (also ``~``, ``至`` or ``/`` between the days) and
refuses anything else with one Chinese message (a ``ValidationError`` on field ``period``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from workstation.domain.errors import ValidationError

MONTH, QUARTER, YEAR, CUSTOM = "month", "quarter", "year", "custom"
KINDS = (MONTH, QUARTER, YEAR, CUSTOM)
#: Years a report may cover (a typo like 20266 is refused rather than read).
MIN_YEAR, MAX_YEAR = 1990, 2100
#: Longest custom range, in days (ten years).
MAX_CUSTOM_DAYS = 3660
_QUARTER_NAMES = "一二三四"

_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})-?[Qq]([1-4])$")
_RANGE = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})\s*(?:\.\.|~|～|至|/)\s*(\d{4}-\d{1,2}-\d{1,2})$")

FORMAT_HINT = "格式应为 2026-10（月）、2026-Q4（季度）、2026（年）或 2026-01-05..2026-02-10"


def _refuse(message: str) -> ValidationError:
    return ValidationError.single("period", message)


@dataclass(frozen=True)
class Period:
    """Days ``start`` to ``end``, both included."""

    start: date
    end: date
    kind: str = CUSTOM

    # -- constructors ---------------------------------------------------------------------

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        _check_year(year)
        if not 1 <= month <= 12:
            raise _refuse(f"月份应在1至12之间：{month}")
        first = date(year, month, 1)
        return cls(first, _next_month(first) - timedelta(days=1), MONTH)

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        _check_year(year)
        if not 1 <= quarter <= 4:
            raise _refuse(f"季度应在1至4之间：{quarter}")
        first = date(year, 3 * quarter - 2, 1)
        last = Period.month(year, 3 * quarter).end
        return cls(first, last, QUARTER)

    @classmethod
    def year(cls, year: int) -> Period:
        _check_year(year)
        return cls(date(year, 1, 1), date(year, 12, 31), YEAR)

    @classmethod
    def custom(cls, start: date, end: date) -> Period:
        for day in (start, end):
            _check_year(day.year)
        if end < start:
            raise _refuse("结束日期不能早于开始日期")
        if (end - start).days >= MAX_CUSTOM_DAYS:
            raise _refuse("统计时段不能超过十年")
        return cls(start, end, CUSTOM)

    # -- questions ------------------------------------------------------------------------

    def contains(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def months(self) -> list[Period]:
        """The calendar months the period touches, each clipped to the period."""
        out: list[Period] = []
        first = self.start.replace(day=1)
        while first <= self.end:
            month = Period.month(first.year, first.month)
            clipped = Period(max(month.start, self.start), min(month.end, self.end), CUSTOM)
            out.append(month if clipped.start == month.start and clipped.end == month.end
                       else clipped)
            first = _next_month(first)
        return out

    @property
    def code(self) -> str:
        """What ``parse_period`` reads back: ``2026-10``, ``2026-Q4``, ``2026``, a range."""
        if self.kind == MONTH:
            return f"{self.start.year}-{self.start.month:02d}"
        if self.kind == QUARTER:
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == YEAR:
            return str(self.start.year)
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def label(self) -> str:
        """Chinese: 2026年10月 / 2026年第四季度 / 2026年 / 2026年1月5日至2026年2月10日."""
        s = self.start
        if self.kind == MONTH:
            return f"{s.year}年{s.month}月"
        if self.kind == QUARTER:
            return f"{s.year}年第{_QUARTER_NAMES[(s.month - 1) // 3]}季度"
        if self.kind == YEAR:
            return f"{s.year}年"
        return f"{_cn(self.start)}至{_cn(self.end)}"

    @property
    def month_label(self) -> str:
        """Short label of a month row: 2026年10月 (clipped months too)."""
        return f"{self.start.year}年{self.start.month}月"


def _cn(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _next_month(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _refuse(f"年份应在{MIN_YEAR}至{MAX_YEAR}之间：{year}")


def _day(text: str) -> date:
    try:
        year, month, day = (int(p) for p in text.split("-"))
        _check_year(year)
        return date(year, month, day)
    except ValueError as exc:
        if isinstance(exc, ValidationError):
            raise
        raise _refuse(f"日期无效：{text}") from None


def parse_period(text: str) -> Period:
    """A period from its code; ``ValidationError`` (field ``period``) for anything else."""
    value = (text or "").strip()
    if not value:
        raise _refuse(f"请指定统计时段，{FORMAT_HINT}")
    if match := _YEAR.match(value):
        return Period.year(int(match.group(1)))
    if match := _MONTH.match(value):
        return Period.month(int(match.group(1)), int(match.group(2)))
    if match := _QUARTER.match(value):
        return Period.quarter(int(match.group(1)), int(match.group(2)))
    if match := _RANGE.match(value):
        return Period.custom(_day(match.group(1)), _day(match.group(2)))
    raise _refuse(f"无法识别的统计时段“{value}”，{FORMAT_HINT}")
