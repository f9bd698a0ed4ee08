"""The command line end to end in a scratch data folder: ``main(argv)`` in-process
(``tests/cli_support.py``), and ``python -m workstation ...`` itself in a few smoke tests."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_support import run_workstation

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
        self.env = {k: v for k, v in os.environ.items()
                    if k not in ("WORKSTATION_DB", "WORKSTATION_USER", "WORKSTATION_PASSWORD")}
        self.env["WORKSTATION_DATA_DIR"] = str(data_dir)
        self.env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p)
        self.env["PYTHONIOENCODING"] = "utf-8"

    @property
    def db(self) -> Path:
        return self.data_dir / "station.db"

    def __call__(self, *args: str, stdin: str = "", timeout: float = 120,
                 child: bool = False) -> subprocess.CompletedProcess[str]:
        """In-process, or in a ``python -m workstation`` child process with ``child=True``."""
        if not child:
            return run_workstation(args, input=stdin, env=self.env, cwd=self.data_dir)
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
    """An initialised station; later commands log in as its admin through the environment."""
    result = cli(*INIT, stdin=PASSWORD)
    assert result.returncode == 0, result.stderr
    cli.recovery_code = result.stdout.split("恢复码：")[1].split()[0]  # type: ignore[attr-defined]
    cli.env["WORKSTATION_USER"] = "admin"
    cli.env["WORKSTATION_PASSWORD"] = PASSWORD.strip()
    return cli


def test_init_reads_password_from_stdin_and_shows_the_recovery_code(initialised: Cli) -> None:
    from workstation.services.security import StationStatus, station_status, unlock_station

    assert station_status(initialised.db) is StationStatus.ENCRYPTED
    assert not initialised.db.read_bytes().startswith(b"SQLite format 3")
    opened = unlock_station(initialised.db, "admin", PASSWORD.strip())
    try:
        assert opened.actor.name == "王管理" and opened.actor.is_admin
        assert not opened.recovery_due  # shown by init: nothing to offer again
    finally:
        opened.db.dispose()
    code = initialised.recovery_code  # type: ignore[attr-defined]
    assert len(code) == 29 and code.count("-") == 4


def test_python_dash_m_workstation_smoke(cli: Cli) -> None:
    """The real entry point in child processes (real Argon2): init, a login command, an error
    exit, each as a user would run them."""
    result = cli(*INIT, stdin=PASSWORD, child=True)
    assert result.returncode == 0, result.stderr
    assert "恢复码：" in result.stdout and cli.db.exists()
    cli.env["WORKSTATION_USER"] = "admin"
    cli.env["WORKSTATION_PASSWORD"] = PASSWORD.strip()
    stats = cli("stats", "--json", child=True)
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["persons"] == 0
    cli.env["WORKSTATION_PASSWORD"] = "wrong-secret-42"
    refused = cli("stats", child=True)
    assert refused.returncode == 1
    _assert_one_chinese_line(refused)
    usage = cli("frobnicate", child=True)
    assert usage.returncode == 2
    _assert_one_chinese_line(usage)


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
    from workstation.services.consultations import register_consultation
    from workstation.services.mediation import open_case
    from workstation.services.security import unlock_station

    opened = unlock_station(initialised.db, "admin", PASSWORD.strip())
    db, actor = opened.db, opened.actor
    try:
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
    result = cli(*command, "--user", "admin")
    assert result.returncode != 0
    _assert_one_chinese_line(result)
    assert "找不到数据库" in result.stderr
    assert not cli.db.exists()


def test_file_that_is_not_a_database(cli: Cli) -> None:
    junk = cli.data_dir / "junk.db"
    junk.write_bytes(b"not a database at all\n" * 100)
    result = cli("stats", "--db", str(junk), "--user", "admin", stdin=PASSWORD)
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
    cli.env["WORKSTATION_USER"] = "admin"
    cli.env["WORKSTATION_PASSWORD"] = PASSWORD.strip()
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


# --- logging in ------------------------------------------------------------------------------


def test_every_station_command_needs_a_user(initialised: Cli) -> None:
    del initialised.env["WORKSTATION_USER"]
    for args in (["stats"], ["list", "persons"], ["sync", "station-key"], ["passwd"],
                 ["operators", "list"], ["print", "consultation_register", "--record", "x",
                                         "--out", "x.pdf"]):
        result = initialised(*args)
        assert result.returncode == 2, args
        _assert_one_chinese_line(result)
        assert "--user" in result.stderr and "WORKSTATION_USER" in result.stderr


def test_password_from_environment_stdin_or_flag_user(initialised: Cli) -> None:
    assert initialised.json("stats")["persons"] == 0  # type: ignore[index]  # env password
    del initialised.env["WORKSTATION_PASSWORD"]
    del initialised.env["WORKSTATION_USER"]
    result = initialised("stats", "--json", "--user", "admin", stdin=PASSWORD)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["persons"] == 0
    result = initialised("stats", "--user", "admin", stdin="")
    assert result.returncode == 2
    _assert_one_chinese_line(result)


def test_wrong_password_is_one_line_and_never_echoed(initialised: Cli) -> None:
    initialised.env["WORKSTATION_PASSWORD"] = "wrong-secret-42"
    result = initialised("stats", "--json")
    assert result.returncode == 1
    _assert_one_chinese_line(result)
    assert "用户名或密码错误" in result.stderr
    assert "wrong-secret-42" not in result.stderr + result.stdout
    assert result.stdout == ""
    result = initialised("list", "persons", "--user", "nobody")
    assert result.returncode == 1
    _assert_one_chinese_line(result)


def test_passwd_and_operator_management(initialised: Cli) -> None:
    cli = initialised
    del cli.env["WORKSTATION_PASSWORD"]
    result = cli("passwd", stdin=PASSWORD + "new-admin-pass\n")
    assert result.returncode == 0, result.stderr
    assert "new-admin-pass" not in result.stdout + result.stderr
    cli.env["WORKSTATION_PASSWORD"] = "new-admin-pass"
    assert cli("stats").returncode == 0

    added = cli("operators", "add", "tiaojie", "--name", "李调解", stdin="mediator-pass\n")
    assert added.returncode == 0, added.stderr
    rows = cli.json("operators", "list")
    assert [(r["username"], r["role"], r["active"]) for r in rows] == [  # type: ignore[union-attr]
        ("admin", "admin", True), ("tiaojie", "mediator", True)]

    as_mediator = {"WORKSTATION_USER": "tiaojie", "WORKSTATION_PASSWORD": "mediator-pass"}
    cli.env.update(as_mediator)
    assert cli("stats").returncode == 0  # mediators read and print
    refused = cli("operators", "add", "other", "--name", "王", stdin="another-pass\n")
    assert refused.returncode == 1
    _assert_one_chinese_line(refused)
    assert "管理员" in refused.stderr

    cli.env.update({"WORKSTATION_USER": "admin", "WORKSTATION_PASSWORD": "new-admin-pass"})
    disabled = cli("operators", "disable", "tiaojie")
    assert disabled.returncode == 0, disabled.stderr
    assert "（1/3）" in disabled.stdout and "数据库密钥已更换" in disabled.stdout
    cli.env.update(as_mediator)
    assert cli("stats").returncode == 1
    cli.env.update({"WORKSTATION_USER": "admin", "WORKSTATION_PASSWORD": "new-admin-pass"})
    assert cli("operators", "enable", "tiaojie", stdin="mediator-new\n").returncode == 0
    assert cli("operators", "reset-password", "tiaojie", stdin="mediator-newer\n"
               ).returncode == 0
    missing = cli("operators", "disable", "nobody")
    assert missing.returncode == 2 and "nobody" in missing.stderr
    cli.env.update({"WORKSTATION_USER": "tiaojie", "WORKSTATION_PASSWORD": "mediator-newer"})
    assert cli("stats").returncode == 0


def test_recovery_code_command_replaces_the_code(initialised: Cli) -> None:
    from workstation.services.security import recover_admin

    result = initialised("operators", "recovery-code")
    assert result.returncode == 0, result.stderr
    new = result.stdout.split("恢复码：")[1].split()[0]
    assert new != initialised.recovery_code  # type: ignore[attr-defined]
    recover_admin(initialised.db, new, "admin", "recovered-pass").db.dispose()


def test_demo_creates_an_encrypted_station(cli: Cli) -> None:
    result = cli("demo", "--records", "30", timeout=300)
    assert result.returncode == 0, result.stderr
    assert "demo1234" in result.stdout and not cli.db.read_bytes().startswith(b"SQLite")
    cli.env.update({"WORKSTATION_USER": "demo", "WORKSTATION_PASSWORD": "demo1234"})
    stats = cli.json("stats")
    assert stats["consultations"] + stats["mediation_cases"] > 0  # type: ignore[index]


def test_old_plain_database_is_encrypted_at_its_first_command(cli: Cli, make) -> None:
    from workstation.services.consultations import register_consultation
    from workstation.services.stations import init_station
    from workstation.storage.engine import open_database

    db = open_database(cli.db, create=True)
    try:
        actor = init_station(db, make.setup())
        register_consultation(db, actor, make.consultation())
    finally:
        db.dispose()
    assert cli.db.read_bytes().startswith(b"SQLite format 3")
    cli.env.update({"WORKSTATION_USER": "admin", "WORKSTATION_PASSWORD": make.password})
    result = cli("stats", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["consultations"] == 1
    assert "已加密" in result.stderr and "恢复码：" in result.stderr
    assert not cli.db.read_bytes().startswith(b"SQLite format 3")
    assert cli.json("stats")["consultations"] == 1  # type: ignore[index]
