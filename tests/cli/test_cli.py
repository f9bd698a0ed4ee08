"""The command line end to end: ``python -m workstation ...`` in a scratch data folder."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "secret-pass-1\n"
INIT = ["init", "--station-name", "海港镇公共法律服务工作站", "--division-code", "130302100000",
        "--county", "海港区公共法律服务中心", "--admin", "admin", "--admin-name", "王管理"]
KINDS = {"persons": "persons", "consultations": "consultations",
         "mediation_cases": "mediations", "aid_referrals": "referrals"}


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


class Cli:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.env = {k: v for k, v in os.environ.items() if k != "WORKSTATION_DB"}
        self.env["WORKSTATION_DATA_DIR"] = str(data_dir)
        self.env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p)
        self.env["PYTHONIOENCODING"] = "utf-8"

    @property
    def db(self) -> Path:
        return self.data_dir / "station.db"

    def __call__(self, *args: str, stdin: str = "", timeout: float = 120
                 ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "workstation", *args], input=stdin, capture_output=True,
            text=True, encoding="utf-8", env=self.env, cwd=self.data_dir, timeout=timeout,
        )

    def json(self, *args: str) -> object:
        result = self(*args, "--json")
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)


def _assert_one_chinese_line(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert _has_cjk(lines[0])


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path)


@pytest.fixture
def initialised(cli: Cli) -> Cli:
    result = cli(*INIT, stdin=PASSWORD)
    assert result.returncode == 0, result.stderr
    return cli


def test_init_reads_password_from_stdin(initialised: Cli) -> None:
    assert initialised.db.exists()
    from workstation.services.auth import authenticate
    from workstation.storage.engine import open_database

    db = open_database(initialised.db)
    try:
        actor = authenticate(db, "admin", PASSWORD.strip())
        assert actor.name == "王管理" and actor.is_admin
    finally:
        db.dispose()


def test_second_init_fails_with_one_line(initialised: Cli) -> None:
    result = initialised(*INIT, stdin=PASSWORD)
    assert result.returncode != 0
    _assert_one_chinese_line(result)
    assert "重复初始化" in result.stderr


@pytest.mark.parametrize(("flag", "value"), [("--division-code", "130302"),
                                             ("--admin", "1x")])
def test_init_with_bad_input_creates_no_file(cli: Cli, flag: str, value: str) -> None:
    args = list(INIT)
    args[args.index(flag) + 1] = value
    result = cli(*args, stdin=PASSWORD)
    assert result.returncode == 2
    _assert_one_chinese_line(result)
    assert not cli.db.exists()


def test_init_with_short_or_missing_password(cli: Cli) -> None:
    for stdin in ("short\n", ""):
        result = cli(*INIT, stdin=stdin)
        assert result.returncode == 2
        _assert_one_chinese_line(result)
        assert not cli.db.exists()


def test_stats_and_list_json(initialised: Cli) -> None:
    stats = initialised.json("stats")
    assert isinstance(stats, dict)
    for key in KINDS:
        assert type(stats[key]) is int
        assert stats[key] == 0
    for kind in KINDS.values():
        assert initialised.json("list", kind) == []
    text = initialised("stats")
    assert text.returncode == 0 and "法律咨询：0" in text.stdout


def test_list_json_rows_have_id_and_number(initialised: Cli, make) -> None:
    from workstation.services.auth import authenticate
    from workstation.services.consultations import register_consultation
    from workstation.services.mediation import open_case
    from workstation.storage.engine import open_database

    db = open_database(initialised.db)
    try:
        actor = authenticate(db, "admin", PASSWORD.strip())
        cid = register_consultation(db, actor, make.consultation())
        case_id = open_case(db, actor, make.case())
    finally:
        db.dispose()

    rows = initialised.json("list", "consultations")
    assert isinstance(rows, list) and len(rows) == 1
    assert rows[0]["id"] == cid and "海咨字第0001号" in rows[0]["number"]
    (case,) = initialised.json("list", "mediations")  # type: ignore[misc]
    assert case["id"] == case_id and "海调字第0001号" in case["number"]
    people = initialised.json("list", "persons")
    assert isinstance(people, list) and len(people) == 2
    assert all("id" in p and "number" in p for p in people)
    assert initialised.json("stats")["persons"] == 2  # type: ignore[index]
    limited = initialised("list", "persons", "--limit", "1")
    assert limited.returncode == 0 and len(limited.stdout.strip().splitlines()) == 1


@pytest.mark.parametrize("command", [["stats"], ["list", "persons"], ["stats", "--json"]])
def test_missing_database(cli: Cli, command: list[str]) -> None:
    result = cli(*command)
    assert result.returncode != 0
    _assert_one_chinese_line(result)
    assert "找不到数据库" in result.stderr
    assert not cli.db.exists()


def test_file_that_is_not_a_database(cli: Cli) -> None:
    junk = cli.data_dir / "junk.db"
    junk.write_bytes(b"not a database at all\n" * 100)
    result = cli("stats", "--db", str(junk))
    assert result.returncode != 0
    _assert_one_chinese_line(result)


@pytest.mark.parametrize("args", [
    ["stats", "--bogus"],
    ["list", "everything"],
    ["list", "persons", "--limit", "-1"],
    ["frobnicate"],
    [],
])
def test_usage_errors_are_one_chinese_line(cli: Cli, args: list[str]) -> None:
    result = cli(*args)
    assert result.returncode == 2
    _assert_one_chinese_line(result)
    assert result.stdout == ""


def test_explicit_db_flag_and_env(cli: Cli, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere" / "mine.db"
    result = cli(*INIT, "--db", str(other), stdin=PASSWORD)
    assert result.returncode == 0, result.stderr
    assert other.exists() and not cli.db.exists()
    cli.env["WORKSTATION_DB"] = str(other)
    assert cli.json("stats")["consultations"] == 0  # type: ignore[index]


_HAS_GENERATOR = importlib.util.find_spec("workstation.demo.generator") is not None


@pytest.mark.skipif(not _HAS_GENERATOR, reason="workstation.demo.generator not written yet")
def test_demo_totals_agree_with_listings(initialised: Cli) -> None:
    result = initialised("demo", "--records", "300", "--seed", "1", timeout=300)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    stats = initialised.json("stats")
    assert isinstance(stats, dict)
    total = 0
    for key, kind in KINDS.items():
        rows = initialised.json("list", kind)
        assert isinstance(rows, list)
        assert stats[key] == len(rows), key
        assert len({r["id"] for r in rows}) == len(rows)
        if kind != "persons":
            assert len({r["number"] for r in rows}) == len(rows)
            total += len(rows)
    assert total > 0
