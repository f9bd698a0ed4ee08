"""Rotation of automatic backups: newest per day (7), ISO week (4) and month (12)."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from workstation.domain.backup_rotation import Retention, backups_to_keep


def at(day: str, hour: int = 12, minute: int = 0) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, minute=minute)


def test_nothing_to_keep_from_nothing() -> None:
    assert backups_to_keep([]) == set()


def test_one_backup_is_always_kept() -> None:
    only = at("2026-03-01")
    assert backups_to_keep([only], Retention(0, 0, 0)) == {only}


def test_newest_of_each_of_the_last_seven_days() -> None:
    # Two backups a day (start and exit) for ten days in March 2026.
    stamps = [at(f"2026-03-{d:02d}", h) for d in range(1, 11) for h in (8, 18)]
    kept = backups_to_keep(stamps, Retention(daily=7, weekly=0, monthly=0))
    assert kept == {at(f"2026-03-{d:02d}", 18) for d in range(4, 11)}


def test_days_without_backups_do_not_count() -> None:
    """A station closed over a holiday still keeps seven days' worth."""
    days = ["2026-01-20", "2026-01-21", "2026-01-22", "2026-02-03", "2026-02-04",
            "2026-02-05", "2026-02-06", "2026-02-07"]
    stamps = [at(d) for d in days]
    kept = backups_to_keep(stamps, Retention(daily=7, weekly=0, monthly=0))
    assert kept == {at(d) for d in days[1:]}


def test_weekly_keeps_the_newest_of_each_iso_week() -> None:
    # Daily backups for five weeks: Monday 2026-03-02 .. Sunday 2026-04-05.
    start = at("2026-03-02", 17)
    stamps = [start + timedelta(days=i) for i in range(35)]
    kept = backups_to_keep(stamps, Retention(daily=0, weekly=4, monthly=0))
    sundays = {at("2026-03-15", 17), at("2026-03-22", 17), at("2026-03-29", 17),
               at("2026-04-05", 17)}
    assert kept == sundays


def test_monthly_keeps_the_newest_of_each_month_for_a_year() -> None:
    stamps = [at(f"{2025 + (m - 1) // 12}-{(m - 1) % 12 + 1:02d}-{d:02d}")
              for m in range(1, 19) for d in (3, 17)]  # Jan 2025 .. Jun 2026
    kept = backups_to_keep(stamps, Retention(daily=0, weekly=0, monthly=12))
    assert len(kept) == 12
    assert min(kept) == at("2025-07-17") and max(kept) == at("2026-06-17")
    assert all(k.day == 17 for k in kept)


def test_default_rule_over_a_year_of_twice_daily_backups() -> None:
    today = at("2026-11-26", 18)
    stamps = [today - timedelta(hours=12 * i) for i in range(2 * 400)]
    kept = backups_to_keep(stamps)
    # 7 daily + older weekly + older monthly, overlaps counted once.
    assert len(kept) <= 7 + 4 + 12
    assert today in kept
    newest_days = sorted({k.date() for k in kept}, reverse=True)[:7]
    assert newest_days == [(today - timedelta(days=i)).date() for i in range(7)]
    assert min(kept) >= today - timedelta(days=366)
    assert {(k.year, k.month) for k in kept} >= {(2026, m) for m in range(1, 12)}


@given(st.lists(st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1)),
                max_size=60))
def test_kept_is_a_bounded_subset_including_the_newest(stamps: list[datetime]) -> None:
    kept = backups_to_keep(stamps)
    assert kept <= set(stamps)
    assert len(kept) <= 1 + 7 + 4 + 12
    if stamps:
        assert max(stamps) in kept
    assert backups_to_keep(kept) == kept  # rotating again removes nothing more
