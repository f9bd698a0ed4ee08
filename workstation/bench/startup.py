"""App start (to the login window, to the filled workbench after login) and the app's peak
memory, each versus a bare ``QMainWindow`` in a fresh process.

The probe (``workstation.ui.start_probe``; Qt lives in ``workstation.ui`` only) logs in by
itself with the demo credentials, shows the workbench, then opens the mediation list on the
benchmark's station (100,000 records in a full run) and reports its peak resident memory.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass

from .common import BenchContext, Figure, Target, figure

REPEAT = 5
LOGIN_TARGET = Target("ratio", "<=", 2.0, "≤ 2×")
DASHBOARD_TARGET = Target("ratio", "<=", 4.0, "≤ 4×")
#: Peak memory may exceed the bare window's by this much.
MEMORY_ALLOWANCE_MB = 80.0
TIMEOUT_S = 180
PROBE = "workstation.ui.start_probe"
#: The probe's ``LOGIN_ENV`` (not imported: the bench imports no Qt-side module).
LOGIN_ENV = "WORKSTATION_PROBE_LOGIN"


@dataclass(frozen=True)
class ProbeRun:
    """What one probe process reported: milliseconds from launch to its window shown (to the
    mediation rows listed), its peak and final resident memory in MB (None if not told)."""

    shown_ms: float
    logged_in_ms: float | None
    listed_ms: float | None
    peak_mb: float | None
    rss_mb: float | None
    peak_since_login_mb: float | None = None


def probe(mode: str, *args: str, login: str | None = None) -> ProbeRun:
    """Run the probe once in a fresh process; ``login`` is ``user:password`` for it."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    if login is not None:
        env[LOGIN_ENV] = login
    started = time.time()
    proc = subprocess.run([sys.executable, "-m", PROBE, mode, *args], env=env,
                          capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
    found: dict[str, list[str]] = {}
    for line in proc.stdout.splitlines():
        key, _, rest = line.partition(" ")
        found[key] = rest.split()
    if proc.returncode != 0 or "SHOWN" not in found:
        raise RuntimeError(f"{PROBE} {mode} failed ({proc.returncode}): {proc.stderr[-500:]}")
    stamp, visible = found["SHOWN"]
    if visible != "1":
        raise RuntimeError(f"{PROBE} {mode}: window not visible")

    def since_start(key: str) -> float | None:
        return (float(found[key][0]) - started) * 1000 if key in found else None

    def mb(key: str) -> float | None:
        return int(found[key][0]) / 1024 if key in found else None

    return ProbeRun((float(stamp) - started) * 1000, since_start("LOGGED_IN"),
                    since_start("LISTED"), mb("PEAK_RSS_KB"), mb("RSS_KB"),
                    mb("PEAK_SINCE_LOGIN_KB"))


def _median(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return statistics.median(known) if known else None


def run(ctx: BenchContext) -> list[Figure]:
    from workstation.demo.generator import DEMO_PASSWORD, DEMO_USERNAME

    repeat = 3 if ctx.quick else REPEAT
    db = str(ctx.db_path)
    login = f"{DEMO_USERNAME}:{DEMO_PASSWORD}"
    runs: dict[str, list[ProbeRun]] = {"bare": [], "login": [], "dashboard": []}
    args = {"bare": (), "login": (db,), "dashboard": (db,)}
    for mode in runs:  # warms the OS file cache
        probe(mode, *args[mode], login=login if mode == "dashboard" else None)
    for _ in range(repeat):  # interleaved so drifts in machine load hit all alike
        for mode, out in runs.items():
            out.append(probe(mode, *args[mode], login=login if mode == "dashboard" else None))
    bare = statistics.median(r.shown_ms for r in runs["bare"])
    note = f"median of {repeat} processes, QT_QPA_PLATFORM=offscreen; baseline: bare QMainWindow"
    figures = [
        figure("app start to login window", statistics.median(r.shown_ms for r in runs["login"]),
               "ms", bare, LOGIN_TARGET, note=note),
        figure("app start to dashboard filled (after login)",
               statistics.median(r.shown_ms for r in runs["dashboard"]), "ms", bare,
               DASHBOARD_TARGET,
               note=note + "; the probe logs in at once with the demo credentials (argon2id "
                           "verification included)"),
    ]
    after_login = _median([r.shown_ms - r.logged_in_ms for r in runs["dashboard"]
                           if r.logged_in_ms is not None])
    if after_login is not None:
        figures.append(figure(
            "login accepted to dashboard filled", after_login, "ms", None,
            note="informational: main window built to workbench data shown (what remains "
                 "after the password check)"))
    listed = _median([r.listed_ms - r.shown_ms for r in runs["dashboard"]
                      if r.listed_ms is not None])
    if listed is not None:
        figures.append(figure(
            f"mediation list opened from the dashboard ({ctx.records} records)", listed, "ms",
            None, note="informational: page built, count + first 200 rows shown"))
    bare_peak = _median([r.peak_mb for r in runs["bare"]])
    app_peak = _median([r.peak_mb for r in runs["dashboard"]])
    if bare_peak is not None and app_peak is not None:
        limit = bare_peak + MEMORY_ALLOWANCE_MB
        figures.append(figure(
            f"peak memory, dashboard + mediation list ({ctx.records} records)", app_peak, "MB",
            bare_peak, Target("value", "<=", limit, f"≤ bare + {MEMORY_ALLOWANCE_MB:g} MB"),
            note=f"peak RSS of the app process (median of {repeat}); baseline: peak RSS of a "
                 "bare QMainWindow process"))
        since_login = _median([r.peak_since_login_mb for r in runs["dashboard"]])
        if since_login is not None:
            figures.append(figure(
                "peak memory after login (dashboard + mediation list)", since_login, "MB",
                bare_peak, note="informational: peak RSS from the password accepted on, without "
                                "argon2id's transient working memory during the check"))
        app_rss = _median([r.rss_mb for r in runs["dashboard"]])
        if app_rss is not None:
            figures.append(figure(
                "memory after the mediation list is shown", app_rss, "MB", bare_peak,
                note="informational: resident memory at that moment"))
    return figures
