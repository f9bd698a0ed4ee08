"""``python -m workstation bench``: runs on a tiny station, JSON report is complete and coherent."""

from __future__ import annotations

import json
import math
import operator
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from workstation.bench import FIGURES, Target, figure
from workstation.bench.runner import format_table

ROOT = Path(__file__).resolve().parent.parent
REQUIRED = ("name", "value", "unit", "baseline", "ratio", "target", "ok")
OPS = {"<=": operator.le, "<": operator.lt, ">=": operator.ge, ">": operator.gt}


@pytest.fixture(scope="module")
def report() -> list[dict[str, Any]]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-m", "workstation", "bench", "--records", "300",
                           "--json"], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=180, check=False)
    assert proc.returncode in (0, 1), proc.stderr  # 1: some figure misses its target
    data = json.loads(proc.stdout)
    assert isinstance(data, list)
    return data


def test_every_figure_has_the_required_keys(report: list[dict[str, Any]]) -> None:
    assert report
    for item in report:
        assert set(REQUIRED) <= set(item), item
        assert isinstance(item["name"], str) and item["name"]
        assert isinstance(item["value"], int | float) and math.isfinite(item["value"])
        assert isinstance(item["ok"], bool)
    assert not [i for i in report if i["name"].endswith("(failed)")], report


def test_all_figure_groups_are_reported(report: list[dict[str, Any]]) -> None:
    names = [i["name"] for i in report]
    for kind in ("consultation", "mediation_case", "aid_referral"):
        assert f"save {kind}" in names
    for label in ("name (2 chars)", "pinyin initials", "ID last 4", "text (3+ chars)"):
        assert f"search {label} p50" in names
        assert f"search {label} p95" in names
    for name in ("mediation list open (count + 200 rows)", "print mediation agreement",
                 "statistics report, a year (PDF)", "statistics report, a year (Excel)",
                 "sync export", "county import (SQLite)", "app start to login window",
                 "app start to dashboard filled (after login)",
                 "login accepted to dashboard filled",
                 "mediation list opened from the dashboard (300 records)",
                 "peak memory, dashboard + mediation list (300 records)",
                 "memory after the mediation list is shown",
                 "log in (Argon2id slot + open)"):
        assert name in names


def test_start_and_memory_figures_are_sane(report: list[dict[str, Any]]) -> None:
    by_name = {i["name"]: i for i in report}
    login = by_name["app start to login window"]
    dashboard = by_name["app start to dashboard filled (after login)"]
    assert login["baseline"] == dashboard["baseline"] > 0  # the same bare-window runs
    assert dashboard["value"] > login["value"] > 0
    assert 0 < by_name["login accepted to dashboard filled"]["value"] < dashboard["value"]
    peak = by_name["peak memory, dashboard + mediation list (300 records)"]
    now = by_name["memory after the mediation list is shown"]
    assert peak["unit"] == now["unit"] == "MB"
    assert 20 < peak["baseline"] < peak["value"]  # a bare Qt window is small, the app larger
    assert now["value"] <= peak["value"]
    after_login = by_name.get("peak memory after login (dashboard + mediation list)")
    if after_login is not None:  # where the platform can restart the peak count (Linux)
        assert now["value"] <= after_login["value"] <= peak["value"]
    assert peak["target_limit"] == pytest.approx(peak["baseline"] + 80)


def test_save_figures_say_where_the_time_goes(report: list[dict[str, Any]]) -> None:
    for kind in ("consultation", "mediation_case", "aid_referral"):
        note = next(i for i in report if i["name"] == f"save {kind}")["note"]
        assert "commit" in note and "SQL" in note and "Python" in note
        assert "synchronous=FULL" in note


def test_probe_login_variable_is_the_benchs() -> None:
    from workstation.bench import startup
    from workstation.ui import start_probe

    assert startup.LOGIN_ENV == start_probe.LOGIN_ENV


def test_ratio_is_value_over_baseline(report: list[dict[str, Any]]) -> None:
    for item in report:
        if item["baseline"]:
            assert item["ratio"] == pytest.approx(item["value"] / item["baseline"]), item
        else:
            assert item["ratio"] is None, item


def test_ok_matches_the_target(report: list[dict[str, Any]]) -> None:
    for item in report:
        if item["target_on"] is None:
            assert item["ok"] is True  # informational figure
            continue
        measured = item[item["target_on"]]
        assert item["ok"] is OPS[item["target_op"]](measured, item["target_limit"]), item


def test_figure_helper_and_table() -> None:
    fast = figure("x", 2.0, "ms", 1.0, Target("ratio", "<=", 3.0))
    slow = figure("y", 40.0, "ms", 1.0, Target("value", "<", 30.0, "< 30 ms"))
    none = figure("z", 5.0, "rows/s", None)
    assert (fast.ratio, fast.ok) == (2.0, True)
    assert (slow.ratio, slow.ok, slow.target) == (40.0, False, "< 30 ms")
    assert (none.ratio, none.ok, none.target) == (None, True, "—")
    table = format_table([fast, slow, none]).splitlines()
    assert table[0].split() == ["figure", *REQUIRED[1:]]
    assert len(table) == 5 and "NO" in table[3]


def test_bench_package_imports_no_qt() -> None:
    code = ("import sys, importlib, workstation.bench as b\n"
            "[importlib.import_module('workstation.bench.' + m) for m in b.FIGURES]\n"
            "import workstation.bench.runner\n"
            "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt imported'\n")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=60)
    assert "startup" in FIGURES
