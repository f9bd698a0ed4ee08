"""``python -m workstation bench``: speed figures as ratios against baselines of the same run.

Each figure lives in its own module with a ``run(ctx) -> list[Figure]``; :data:`FIGURES` lists
them in report order. No Qt is imported here; the start-up figure runs Qt in subprocesses.
"""

from __future__ import annotations

from .common import BenchContext, Figure, Target, figure

__all__ = ["FIGURES", "BenchContext", "Figure", "Target", "figure"]

#: Modules (under ``workstation.bench``) whose ``run`` gives figures, in report order.
FIGURES = ("saving", "search", "listing", "printing", "statistics", "sync", "backup",
           "startup", "unlock")
