"""Build the demo station in a temporary directory, run every figure, format the report."""

from __future__ import annotations

import importlib
import json
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from . import FIGURES
from .common import BenchContext, Figure

DEFAULT_RECORDS = 100_000
#: Below this many records the figures use fewer repetitions (tests, smoke runs).
QUICK_BELOW = 1000


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run_bench(records: int = DEFAULT_RECORDS, *, only: Sequence[str] | None = None,
              log: Callable[[str], None] = _say) -> list[Figure]:
    """All figures (or those of the modules in ``only``) on a fresh demo station."""
    from workstation.demo.generator import create_demo_station

    out: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="workstation-bench-") as tmp:
        base = Path(tmp)
        path = base / "station.db"
        started = time.perf_counter()
        log(f"bench: creating a demo station of {records} records …")
        db = create_demo_station(path, records, seed=1)
        log(f"bench: demo station ready in {time.perf_counter() - started:.1f} s")
        ctx = BenchContext(base, path, records, db, quick=records < QUICK_BELOW)
        try:
            for name in only or FIGURES:
                started = time.perf_counter()
                try:
                    module = importlib.import_module(f"{__package__}.{name}")
                    figures = module.run(ctx)
                except Exception as exc:  # a broken figure is reported, never hidden
                    figures = [Figure(f"{name} (failed)", 0.0, "", None, None, "runs", False,
                                      note=f"{type(exc).__name__}: {exc}")]
                out.extend(figures)
                log(f"bench: {name} done in {time.perf_counter() - started:.1f} s")
        finally:
            db.dispose()
    return out


def _num(value: float | None) -> str:
    if value is None:
        return "—"
    if value >= 1000:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}" if value < 0.1 else f"{value:.2f}"


def format_table(figures: Sequence[Figure]) -> str:
    header = ("figure", "value", "unit", "baseline", "ratio", "target", "ok")
    rows = [(f.name, _num(f.value), f.unit, _num(f.baseline),
             "—" if f.ratio is None else f"{f.ratio:.3g}×", f.target, "yes" if f.ok else "NO")
            for f in figures]
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
             for row in [header, tuple("-" * w for w in widths), *rows]]
    return "\n".join(lines)


def to_json(figures: Sequence[Figure]) -> str:
    return json.dumps([f.as_dict() for f in figures], ensure_ascii=False, indent=2)
