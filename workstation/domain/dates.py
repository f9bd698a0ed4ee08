"""Dates and times as a clerk types them into one field (pure: no Qt, no clock).

Accepted, for 7 December 2026 (``today`` gives the year when it is left out):

* ``20261207``, ``2026-12-07``, ``2026/12/7``, ``2026.12.7``, ``2026年12月7日``, ``2026 12 7``;
* ``12-07``, ``12/7``, ``12月7日``, ``1207`` (month and day of ``today``'s year);
* full-width digits and punctuation as a Chinese input method types them.

A date and time is a date followed by an optional time: ``2026-12-07 14:30``,
``20261207 1430``, ``12-07 9:05``, ``2026-12-07T14:30``. Without a time, ``default_time``.

Bad input raises ``DateInputError`` (a ``ValueError``) with a Chinese message for the user.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time

__all__ = [
    "DATETIME_FORMAT",
    "DATE_FORMAT",
    "DateInputError",
    "format_date",
    "format_datetime",
    "parse_date",
    "parse_datetime",
]

DATE_FORMAT = "%Y-%m-%d"
DATETIME_FORMAT = "%Y-%m-%d %H:%M"
HINT = "如 20261207、2026-12-07 或 12-07"
MIN_YEAR = 1900
MAX_YEAR = 2100


class DateInputError(ValueError):
    """Typed text that is not a date (the message is Chinese, for the user)."""


def _normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def _make(year: int, month: int, day: int) -> date:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DateInputError(f"年份应在 {MIN_YEAR} 至 {MAX_YEAR} 之间")
    if not 1 <= month <= 12:
        raise DateInputError(f"月份应在 1 至 12 之间（{HINT}）")
    try:
        return date(year, month, day)
    except ValueError:
        raise DateInputError(f"{year}年{month}月没有{day}日") from None


def parse_date(text: str, today: date) -> date:
    """The date typed in ``text``; ``today`` supplies the year when only month and day are
    typed."""
    value = _normalize(text).rstrip("日号")
    if not value:
        raise DateInputError(f"请输入日期（{HINT}）")
    if value.isdigit():
        if len(value) == 8:
            return _make(int(value[:4]), int(value[4:6]), int(value[6:]))
        if len(value) == 4:
            return _make(today.year, int(value[:2]), int(value[2:]))
        raise DateInputError(f"日期格式不对（{HINT}）")
    parts = [p for p in re.split(r"[-/.年月\s]+", value) if p]
    if not all(p.isdigit() for p in parts):
        raise DateInputError(f"日期格式不对（{HINT}）")
    if len(parts) == 3 and len(parts[0]) == 4 and all(len(p) <= 2 for p in parts[1:]):
        return _make(int(parts[0]), int(parts[1]), int(parts[2]))
    if len(parts) == 2 and all(len(p) <= 2 for p in parts):
        return _make(today.year, int(parts[0]), int(parts[1]))
    raise DateInputError(f"日期格式不对（{HINT}）")


def _parse_time(text: str) -> time:
    value = text.replace("时", ":").replace("点", ":").rstrip("分")
    if value.isdigit() and len(value) in (3, 4):
        hour, minute = int(value[:-2]), int(value[-2:])
    elif value.isdigit() and len(value) <= 2:
        hour, minute = int(value), 0
    else:
        match = re.fullmatch(r"(\d{1,2}):(\d{1,2})(?::\d{1,2})?", value)
        if match is None:
            raise DateInputError("时间格式不对（如 14:30 或 1430）")
        hour, minute = int(match.group(1)), int(match.group(2))
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise DateInputError("时间不对：小时应在 0 至 23 之间，分钟应在 0 至 59 之间")
    return time(hour, minute)


def parse_datetime(text: str, today: date, default_time: time = time(0, 0)) -> datetime:
    """A date with an optional time after it (naive, local)."""
    value = _normalize(text)
    if not value:
        raise DateInputError("请输入日期和时间（如 2026-12-07 14:30 或 20261207 1430）")
    match = re.fullmatch(r"(.+?)(?:[\sT]+(\d{1,2}[:时点]\d{1,2}(?::\d{1,2})?分?|\d{1,4}))?",
                         value)
    assert match is not None  # ".+?" matches any non-empty text
    day = parse_date(match.group(1), today)
    moment = _parse_time(match.group(2)) if match.group(2) else default_time
    return datetime.combine(day, moment)


def format_date(value: date) -> str:
    return value.strftime(DATE_FORMAT)


def format_datetime(value: datetime) -> str:
    return value.strftime(DATETIME_FORMAT)
