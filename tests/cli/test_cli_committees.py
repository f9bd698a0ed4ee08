"""``committees list|add|update`` and ``init --committee-name`` end to end (in-process)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.cli_support import run_workstation

REPO = Path(__file__).resolve().parents[2]
INIT = ["init", "--station-name", "海港镇公共法律服务工作站", "--division-code", "130302100000",
        "--county", "海港区公共法律服务中心", "--admin", "admin"]
PASSWORD = "secret-pass-1"


def run(cwd: Path, *args: str, user: str = "admin", password: str = PASSWORD,
        stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "WORKSTATION_DB"}
    env["WORKSTATION_DATA_DIR"] = str(cwd)
    env["PYTHONPATH"] = str(REPO)
    env["WORKSTATION_USER"] = user
    env["WORKSTATION_PASSWORD"] = password
    return run_workstation(args, input=stdin, env=env, cwd=cwd)


def ok(cwd: Path, *args: str) -> str:
    result = run(cwd, *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def station(tmp_path: Path) -> Path:
    db = tmp_path / "s.db"
    out = ok(tmp_path, *INIT, "--db", str(db))
    assert "人民调解委员会：海港镇人民调解委员会" in out
    return db


def _rows(cwd: Path, db: Path) -> list[dict]:
    return json.loads(ok(cwd, "committees", "list", "--db", str(db), "--json"))


def test_add_list_update_deactivate(station: Path, tmp_path: Path) -> None:
    [first] = _rows(tmp_path, station)
    assert (first["name"], first["kind"], first["is_default"], first["active"]) == (
        "海港镇人民调解委员会", "township", True, True)

    out = ok(tmp_path, "committees", "add", "--db", str(station), "--name",
             "东港村人民调解委员会", "--division-code", "130302100201", "--mediators", "admin",
             "--other-mediators", "王德顺，李秀兰")
    assert out.strip() == "已添加人民调解委员会 东港村人民调解委员会"
    rows = {r["name"]: r for r in _rows(tmp_path, station)}
    village = rows["东港村人民调解委员会"]
    assert village["kind"] == "village" and village["division_code"] == "130302100201"
    assert village["other_mediators"] == "王德顺、李秀兰" and not village["is_default"]
    assert village["mediators"].endswith("王德顺、李秀兰") and len(village["operator_ids"]) == 1

    ok(tmp_path, "committees", "update", "--db", str(station), "东港村人民调解委员会",
       "--name", "海港镇东港村人民调解委员会", "--default")
    rows = {r["name"]: r for r in _rows(tmp_path, station)}
    assert rows["海港镇东港村人民调解委员会"]["is_default"]
    assert not rows["海港镇人民调解委员会"]["is_default"]

    ok(tmp_path, "committees", "update", "--db", str(station), "海港镇东港村人民调解委员会",
       "--deactivate")
    rows = {r["name"]: r for r in _rows(tmp_path, station)}
    assert not rows["海港镇东港村人民调解委员会"]["active"]
    assert rows["海港镇人民调解委员会"]["is_default"]  # the default moved to an active one
    text = ok(tmp_path, "committees", "list", "--db", str(station))
    assert "海港镇东港村人民调解委员会\t村\t130302100201" in text and "已停用" in text


def test_refusals_are_one_chinese_line(station: Path, tmp_path: Path) -> None:
    bad = run(tmp_path, "committees", "add", "--db", str(station), "--name", "东港村调委会")
    assert bad.returncode != 0 and "应以“人民调解委员会”结尾" in bad.stderr
    assert "Traceback" not in bad.stderr
    last = run(tmp_path, "committees", "update", "--db", str(station), "海港镇人民调解委员会",
               "--deactivate")
    assert last.returncode != 0 and "唯一在用的人民调解委员会" in last.stderr
    missing = run(tmp_path, "committees", "update", "--db", str(station), "西河村人民调解委员会",
                  "--name", "西河村人民调解委员会")
    assert missing.returncode != 0 and "没有名为“西河村人民调解委员会”" in missing.stderr


def test_only_the_admin_manages_committees(station: Path, tmp_path: Path) -> None:
    added = run(tmp_path, "operators", "add", "--db", str(station), "wangli", "--name", "王丽",
                stdin="wangli-pass-1\nwangli-pass-1\n")
    assert added.returncode == 0, added.stderr
    refused = run(tmp_path, "committees", "list", "--db", str(station), user="wangli",
                  password="wangli-pass-1")
    assert refused.returncode != 0
    assert "只有站点管理员可以管理人民调解委员会" in refused.stderr


def test_init_takes_the_committee_name(tmp_path: Path) -> None:
    db = tmp_path / "v.db"
    ok(tmp_path, "init", "--station-name", "海港镇东港村公共法律服务工作室", "--division-code",
       "130302100201", "--county", "海港区公共法律服务中心", "--admin", "admin",
       "--committee-name", "东港村人民调解委员会", "--db", str(db))
    [row] = _rows(tmp_path, db)
    assert (row["name"], row["kind"]) == ("东港村人民调解委员会", "village")
