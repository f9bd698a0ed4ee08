"""App start to the login window vs a bare ``QMainWindow``, each in a fresh process."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

from .common import BenchContext, Figure, Target, figure

REPEAT = 5
TARGET = Target("ratio", "<=", 2.0, "≤ 2×")
TIMEOUT_S = 120


def start_ms(module: str, *args: str) -> float:
    """Milliseconds from launching ``python -m module`` to the window it reports shown."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    started = time.time()
    proc = subprocess.run([sys.executable, "-m", module, *args], env=env, capture_output=True,
                          text=True, timeout=TIMEOUT_S, check=False)
    for line in proc.stdout.splitlines():
        if line.startswith("SHOWN "):
            _, stamp, visible = line.split()
            if visible != "1":
                raise RuntimeError(f"{module}: window not visible")
            return (float(stamp) - started) * 1000
    raise RuntimeError(f"{module} failed ({proc.returncode}): {proc.stderr[-500:]}")


def run(ctx: BenchContext) -> list[Figure]:
    repeat = 3 if ctx.quick else REPEAT
    bare: list[float] = []
    login: list[float] = []
    probe = "workstation.ui.start_probe"  # Qt lives in workstation.ui only
    start_ms(probe, "bare")  # warms the OS file cache for both
    start_ms(probe, "login", str(ctx.db_path))
    for _ in range(repeat):  # interleaved so drifts in machine load hit both alike
        bare.append(start_ms(probe, "bare"))
        login.append(start_ms(probe, "login", str(ctx.db_path)))
    return [figure("app start to login window", statistics.median(login), "ms",
                   statistics.median(bare), TARGET,
                   note=f"median of {repeat} processes, QT_QPA_PLATFORM=offscreen; "
                        "baseline: bare QMainWindow")]
