"""Which automatic backups to keep: the newest of each of the last few days, weeks and months.

The rule is restic's ``--keep-daily/--keep-weekly/--keep-monthly``: walking from the newest
backup back, the first (newest) backup of each day is kept until ``daily`` different days have
one; likewise for ISO weeks and calendar months. Days without a backup do not count, so a
station closed for a holiday still keeps seven days' worth. The newest backup is always kept.
Times are the station's local wall-clock times (what the file names show).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Retention:
    daily: int = 7
    weekly: int = 4
    monthly: int = 12


def _day(stamp: datetime) -> Hashable:
    return stamp.date()


def _week(stamp: datetime) -> Hashable:
    iso = stamp.isocalendar()
    return iso.year, iso.week


def _month(stamp: datetime) -> Hashable:
    return stamp.year, stamp.month


def _newest_per_period(ordered: list[datetime], period: Callable[[datetime], Hashable],
                       count: int) -> set[datetime]:
    kept: set[datetime] = set()
    seen: set[Hashable] = set()
    for stamp in ordered:
        if len(seen) >= count:
            break
        bucket = period(stamp)
        if bucket not in seen:
            seen.add(bucket)
            kept.add(stamp)
    return kept


def backups_to_keep(stamps: Iterable[datetime], rule: Retention | None = None) -> set[datetime]:
    """The subset of ``stamps`` (backup times) that rotation keeps; delete the others."""
    rule = rule or Retention()
    ordered = sorted(set(stamps), reverse=True)
    if not ordered:
        return set()
    return ({ordered[0]}
            | _newest_per_period(ordered, _day, rule.daily)
            | _newest_per_period(ordered, _week, rule.weekly)
            | _newest_per_period(ordered, _month, rule.monthly))
