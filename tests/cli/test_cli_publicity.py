"""``list activities``, ``list providers`` and ``providers import|export`` end to end."""

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
CSV = ("名称,类别,地址,电话,办公时间,服务内容,备注,启用\n"
       "河北海港律师事务所,律所,海港区文化路88号,0335-3012345,工作日,民事代理,,是\n"
       "海港区信访局,信访局,海港区建设大街20号,0335-3034567,工作日,来访接待,,否\n")


def run(cwd: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "WORKSTATION_DB"}
    env["WORKSTATION_DATA_DIR"] = str(cwd)
    env["PYTHONPATH"] = str(REPO)
    env["PYTHONIOENCODING"] = "utf-8"
    env["WORKSTATION_USER"] = "admin"  # station commands log in as the admin
    env["WORKSTATION_PASSWORD"] = PASSWORD
    return run_workstation(args, input=stdin, env=env, cwd=cwd)


def ok(cwd: Path, *args: str) -> str:
    result = run(cwd, *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def station(tmp_path: Path) -> Path:
    result = run(tmp_path, *INIT, "--db", str(tmp_path / "s.db"), stdin=PASSWORD + "\n")
    assert result.returncode == 0, result.stderr
    return tmp_path / "s.db"


def test_providers_import_list_and_export(station: Path, tmp_path: Path) -> None:
    source = tmp_path / "县名录.csv"
    source.write_bytes(CSV.encode("gbk"))
    out = ok(tmp_path, "providers", "import", "--db", str(station), str(source))
    assert out.strip() == "已导入2家机构：新增2家，更新0家，未变0家"

    rows = json.loads(ok(tmp_path, "list", "providers", "--db", str(station), "--json"))
    assert [(r["name"], r["kind"], r["active"]) for r in rows] == [
        ("河北海港律师事务所", "law_firm", True), ("海港区信访局", "petition", False)]
    assert all(r["id"] for r in rows)
    text = ok(tmp_path, "list", "providers", "--db", str(station), "--limit", "1")
    assert text.count("\n") == 1 and "河北海港律师事务所\tlaw_firm\t律师事务所" in text

    target = tmp_path / "导出.csv"
    out = ok(tmp_path, "providers", "export", "--db", str(station), str(target))
    assert out.strip() == f"已导出2家机构：{target}"
    exported = target.read_bytes()
    assert exported.startswith("\ufeff名称,类别".encode())
    assert "海港区信访局,信访部门" in exported.decode("utf-8-sig")


def test_bad_csv_is_one_chinese_line_naming_the_line(station: Path, tmp_path: Path) -> None:
    source = tmp_path / "bad.csv"
    source.write_text(CSV + "坏机构,银行,,,,,,\n", encoding="utf-8-sig")
    result = run(tmp_path, "providers", "import", "--db", str(station), str(source))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert "第4行" in line and "类别“银行”无法识别" in line
    rows = json.loads(ok(tmp_path, "list", "providers", "--db", str(station), "--json"))
    assert rows == []
    missing = run(tmp_path, "providers", "import", "--db", str(station), str(tmp_path / "x.csv"))
    assert missing.returncode == 1 and "无法读取文件" in missing.stderr


def test_list_activities_after_demo(station: Path, tmp_path: Path) -> None:
    ok(tmp_path, "demo", "--db", str(station), "--records", "300", "--seed", "2")
    rows = json.loads(ok(tmp_path, "list", "activities", "--db", str(station), "--json"))
    assert len(rows) == 6
    assert all("海宣字第" in r["number"] for r in rows)
    days = [r["held_on"] for r in rows]
    assert days == sorted(days, reverse=True)
    assert {"id", "number", "held_on", "place_kind", "place", "form", "theme", "audience",
            "materials", "operators", "photos"} == set(rows[0])
    assert sum(r["photos"] for r in rows) > 0
    text = ok(tmp_path, "list", "activities", "--db", str(station), "--limit", "2")
    assert len(text.strip().splitlines()) == 2
