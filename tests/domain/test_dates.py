"""Dates typed in one field (``workstation.domain.dates``): many forms in, one date out."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from workstation.domain.dates import (
    DateInputError,
    format_date,
    format_datetime,
    parse_date,
    parse_datetime,
)

TODAY = date(2031, 3, 15)  # a fixed "today": nothing here reads the clock


@pytest.mark.parametrize("typed", [
    "20261207", "2026-12-07", "2026/12/7", "2026.12.7", "2026-12-7", "2026年12月7日",
    "2026年12月7号", " 2026-12-07 ", "２０２６－１２－０７", "2026 12 7",
])
def test_full_dates(typed: str) -> None:
    assert parse_date(typed, TODAY) == date(2026, 12, 7)


@pytest.mark.parametrize("typed", ["12-07", "12/7", "12.7", "1207", "12月7日", "１２/０７"])
def test_month_and_day_take_the_year_of_today(typed: str) -> None:
    assert parse_date(typed, TODAY) == date(2031, 12, 7)
    assert parse_date(typed, date(2019, 1, 1)) == date(2019, 12, 7)


def test_leap_day_only_in_leap_years() -> None:
    assert parse_date("20240229", TODAY) == date(2024, 2, 29)
    with pytest.raises(DateInputError, match="2025年2月没有29日"):
        parse_date("2025-02-29", TODAY)


@pytest.mark.parametrize("typed, message", [
    ("", "请输入日期"),
    ("   ", "请输入日期"),
    ("abc", "日期格式不对"),
    ("2026-12", "日期格式不对"),
    ("12", "日期格式不对"),
    ("1234567", "日期格式不对"),
    ("202612071", "日期格式不对"),
    ("2026-13-01", "月份应在 1 至 12 之间"),
    ("20260001", "月份应在 1 至 12 之间"),
    ("2026-04-31", "2026年4月没有31日"),
    ("0000-01-01", "年份应在"),
    ("26-12-07", "日期格式不对"),
    ("2026-12-07-01", "日期格式不对"),
])
def test_bad_dates_say_why_in_chinese(typed: str, message: str) -> None:
    with pytest.raises(DateInputError, match=message) as caught:
        parse_date(typed, TODAY)
    assert isinstance(caught.value, ValueError)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(caught.value))


@pytest.mark.parametrize("typed, expected", [
    ("2026-12-07 14:30", datetime(2026, 12, 7, 14, 30)),
    ("20261207 1430", datetime(2026, 12, 7, 14, 30)),
    ("2026/12/7 9:05", datetime(2026, 12, 7, 9, 5)),
    ("12-07 930", datetime(2031, 12, 7, 9, 30)),
    ("1207 14", datetime(2031, 12, 7, 14, 0)),
    ("2026-12-07T14:30:00", datetime(2026, 12, 7, 14, 30)),  # drafts of older versions
    ("2026-12-07 14：30", datetime(2026, 12, 7, 14, 30)),  # full-width colon
    ("2026年12月7日 14时30分", datetime(2026, 12, 7, 14, 30)),
])
def test_date_and_time(typed: str, expected: datetime) -> None:
    assert parse_datetime(typed, TODAY) == expected


def test_time_is_optional() -> None:
    assert parse_datetime("20261207", TODAY) == datetime(2026, 12, 7, 0, 0)
    assert parse_datetime("12-07", TODAY, time(8, 15)) == datetime(2031, 12, 7, 8, 15)


@pytest.mark.parametrize("typed, message", [
    ("", "请输入日期和时间"),
    ("2026-12-07 2561", "时间不对"),
    ("2026-12-07 24:00", "时间不对"),
    ("2026-12-07 14:3x", "日期格式不对|时间格式不对"),
    ("2026-02-30 10:00", "2026年2月没有30日"),
])
def test_bad_date_and_time(typed: str, message: str) -> None:
    with pytest.raises(DateInputError, match=message):
        parse_datetime(typed, TODAY)


def test_canonical_text_reads_back() -> None:
    moment = datetime(2026, 12, 7, 14, 30)
    assert format_datetime(moment) == "2026-12-07 14:30"
    assert format_date(moment.date()) == "2026-12-07"
    assert parse_datetime(format_datetime(moment), TODAY) == moment
    assert parse_date(format_date(moment.date()), TODAY) == moment.date()
