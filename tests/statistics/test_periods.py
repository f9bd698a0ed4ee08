"""Report periods: what users type, what they read, what is refused (in Chinese)."""

from __future__ import annotations

from datetime import date

import pytest

from workstation.domain.errors import ValidationError
from workstation.statistics.periods import Period, parse_period


@pytest.mark.parametrize(("text", "start", "end", "label", "code"), [
    ("2026-10", date(2026, 10, 1), date(2026, 10, 31), "2026年10月", "2026-10"),
    ("2026-2", date(2026, 2, 1), date(2026, 2, 28), "2026年2月", "2026-02"),
    ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "2024年2月", "2024-02"),
    ("2026-12", date(2026, 12, 1), date(2026, 12, 31), "2026年12月", "2026-12"),
    ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31), "2026年第四季度", "2026-Q4"),
    ("2026q1", date(2026, 1, 1), date(2026, 3, 31), "2026年第一季度", "2026-Q1"),
    (" 2026 ", date(2026, 1, 1), date(2026, 12, 31), "2026年", "2026"),
    ("2026-01-05..2026-02-10", date(2026, 1, 5), date(2026, 2, 10),
     "2026年1月5日至2026年2月10日", "2026-01-05..2026-02-10"),
    ("2026-1-5至2026-1-5", date(2026, 1, 5), date(2026, 1, 5), "2026年1月5日至2026年1月5日",
     "2026-01-05..2026-01-05"),
    ("2026-01-05 ~ 2026-03-01", date(2026, 1, 5), date(2026, 3, 1),
     "2026年1月5日至2026年3月1日", "2026-01-05..2026-03-01"),
])
def test_parse(text: str, start: date, end: date, label: str, code: str) -> None:
    period = parse_period(text)
    assert (period.start, period.end, period.label, period.code) == (start, end, label, code)
    assert parse_period(period.code) == period


@pytest.mark.parametrize(("text", "fragment"), [
    ("", "请指定统计时段"),
    ("2026-13", "月份应在1至12之间"),
    ("2026-Q5", "无法识别"),
    ("10/2026", "无法识别"),
    ("20266", "无法识别"),
    ("1800", "年份应在"),
    ("2026-02-30..2026-03-01", "日期无效"),
    ("2026-03-01..2026-02-01", "结束日期不能早于开始日期"),
    ("2000-01-01..2026-01-01", "不能超过十年"),
    ("abc", "2026-Q4"),  # the message shows the accepted forms
])
def test_refused_with_one_chinese_line(text: str, fragment: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_period(text)
    message = str(info.value)
    assert fragment in message and "\n" not in message
    assert info.value.by_field.keys() == {"period"}


def test_months_are_clipped_to_the_period() -> None:
    months = parse_period("2026-01-15..2026-03-10").months()
    assert [(m.start, m.end) for m in months] == [
        (date(2026, 1, 15), date(2026, 1, 31)), (date(2026, 2, 1), date(2026, 2, 28)),
        (date(2026, 3, 1), date(2026, 3, 10))]
    assert [m.month_label for m in months] == ["2026年1月", "2026年2月", "2026年3月"]
    assert len(parse_period("2026").months()) == 12
    assert parse_period("2026-Q2").days == 91
    assert Period.month(2026, 3).contains(date(2026, 3, 31))
    assert not Period.month(2026, 3).contains(None)
