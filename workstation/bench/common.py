"""Shared pieces of the benchmarks: a figure, timing helpers and the run context."""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

#: Comparison operators of a target: the figure is ``ok`` when ``op(measured, limit)`` holds.
_OPS: dict[str, Callable[[float, float], bool]] = {
    "<=": lambda a, b: a <= b,
    "<": lambda a, b: a < b,
    ">=": lambda a, b: a >= b,
    ">": lambda a, b: a > b,
}


@dataclass(frozen=True)
class Target:
    """A target on the figure's ``value`` or on its ``ratio`` (value / baseline)."""

    on: str  # "value" | "ratio"
    op: str  # one of _OPS
    limit: float
    text: str = ""

    def check(self, value: float, ratio: float | None) -> bool:
        measured = value if self.on == "value" else ratio
        if measured is None or math.isnan(measured):
            return False
        return _OPS[self.op](measured, self.limit)

    def describe(self, unit: str) -> str:
        if self.text:
            return self.text
        what = unit if self.on == "value" else "×"
        return f"{self.on} {self.op} {self.limit:g} {what}".strip()


@dataclass(frozen=True)
class Figure:
    """One measured figure; ``ratio`` is always ``value / baseline``."""

    name: str
    value: float
    unit: str
    baseline: float | None
    ratio: float | None
    target: str
    ok: bool
    target_on: str | None = None
    target_op: str | None = None
    target_limit: float | None = None
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def figure(name: str, value: float, unit: str, baseline: float | None,
           target: Target | None = None, note: str = "") -> Figure:
    """A figure with its ratio and ``ok`` computed (no target: informational, ``ok`` true)."""
    ratio = value / baseline if baseline else None
    if target is None:
        return Figure(name, value, unit, baseline, ratio, "—", True, note=note)
    return Figure(name, value, unit, baseline, ratio, target.describe(unit),
                  target.check(value, ratio), target.on, target.op, target.limit, note)


def ms(fn: Callable[[], Any]) -> float:
    """Milliseconds taken by one call of ``fn``."""
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def median_ms(fn: Callable[[], Any], repeat: int) -> float:
    return statistics.median(ms(fn) for _ in range(repeat))


def percentile(values: list[float], k: float) -> float:
    """Nearest-rank percentile (``k`` in 0..1) of a non-empty list."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(len(ordered) * k) - 1))]


@dataclass
class BenchContext:
    """What every figure gets: the temporary directory and the demo station in it."""

    base: Path
    db_path: Path
    records: int
    db: Any  # workstation.storage.engine.Database
    quick: bool = False
