"""``backup`` and ``restore`` on the command line: round trip, confirmation, refusals."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.backup_support import flip, member_offset, record_ids
from tests.cli.test_cli import INIT, PASSWORD, Cli
from workstation.storage.keyslots import KeyFile, keyfile_path, operator_label

BACKUP_PASSWORD = "correct-horse-1"


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _one_chinese_error(result: Any) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and _has_cjk(lines[0]), result.stderr


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    (tmp_path / "data").mkdir()
    return Cli(tmp_path / "data")


def _log_in_as_admin(cli: Cli) -> Cli:
    """Station commands log in as the admin (and a restore onto a PC without the station
    proves the backup is ours with the same password, as it was when the backup was made)."""
    cli.env["WORKSTATION_USER"] = "admin"
    cli.env["WORKSTATION_PASSWORD"] = PASSWORD.strip()
    cli.env["WORKSTATION_BACKUP_PASSWORD"] = PASSWORD.strip()
    return cli


def _key(cli: Cli) -> bytes:
    """The station's data key, from the admin's key slot."""
    keyfile = KeyFile.load(keyfile_path(cli.db))
    return keyfile.slots[operator_label("admin")].open(PASSWORD.strip())


@pytest.fixture
def station(cli: Cli) -> Cli:
    assert cli(*INIT, stdin=PASSWORD).returncode == 0
    _log_in_as_admin(cli)
    assert cli("demo", "--records", "12").returncode == 0
    return cli


@pytest.fixture
def usb(tmp_path: Path) -> Path:
    path = tmp_path / "usb"
    path.mkdir()
    return path


def _backup(cli: Cli, usb: Path) -> Path:
    result = cli("backup", "--out", str(usb))
    assert result.returncode == 0, result.stderr
    [line] = result.stdout.strip().splitlines()
    path = Path(line)
    assert path.is_file() and path.parent == usb and path.suffix == ".wsbak"
    return path


def test_backup_and_restore_round_trip(station: Cli, usb: Path) -> None:
    at_backup = station.json("stats")
    ids = record_ids(station.db, _key(station))
    backup = _backup(station, usb)
    assert station("demo", "--records", "8", "--seed", "7").returncode == 0
    assert station.json("stats") != at_backup

    refused = station("restore", str(backup))  # stdin is not a terminal: needs --yes
    assert refused.returncode == 2
    _one_chinese_error(refused)
    assert "--yes" in refused.stderr

    result = station("restore", str(backup), "--yes")
    assert result.returncode == 0, result.stderr
    assert "海港镇公共法律服务工作站" in result.stdout and "before-restore" in result.stdout
    assert station.json("stats") == at_backup
    assert record_ids(station.db, _key(station)) == ids
    assert list(station.data_dir.glob("station.before-restore-*.db"))


def test_damaged_backup_and_missing_folder_fail_and_change_nothing(
        station: Cli, usb: Path, tmp_path: Path) -> None:
    no_usb = station("backup", "--out", str(tmp_path / "no-such-usb"))
    assert no_usb.returncode == 1
    _one_chinese_error(no_usb)
    good = _backup(station, usb)
    bad = tmp_path / good.name
    shutil.copyfile(good, bad)
    offset, size = member_offset(bad)
    flip(bad, offset + size // 3)
    before = record_ids(station.db, _key(station))
    keys_before = keyfile_path(station.db).read_bytes()
    result = station("restore", str(bad), "--yes")
    assert result.returncode == 1
    _one_chinese_error(result)
    assert "损坏" in result.stderr
    # Nothing restored: the same records and key file (the database itself changed only by
    # the audit trail: restore logs in, and the login is audited).
    assert record_ids(station.db, _key(station)) == before
    assert keyfile_path(station.db).read_bytes() == keys_before


def test_restore_onto_a_pc_without_a_database(station: Cli, usb: Path, tmp_path: Path) -> None:
    backup = _backup(station, usb)
    new_pc = _log_in_as_admin(Cli(tmp_path / "new-pc"))
    new_pc.data_dir.mkdir()
    result = new_pc("restore", str(backup), "--yes", "--backup-user", "admin")
    assert result.returncode == 0, result.stderr
    assert new_pc.json("stats") == station.json("stats")
    # A database too damaged to open is what a restore is for: it is replaced (kept aside).
    new_pc.db.write_bytes(b"\0garbage" * 512)
    result = new_pc("restore", str(backup), "--yes", "--backup-user", "admin")
    assert result.returncode == 0, result.stderr
    assert "无法正常打开" in result.stderr and "Traceback" not in result.stderr
    assert new_pc.json("stats") == station.json("stats")
    [aside] = new_pc.data_dir.glob("station.before-restore-*.db")
    assert aside.read_bytes() == b"\0garbage" * 512


def test_encrypted_backup_from_another_pc_needs_its_password(
        usb: Path, tmp_path: Path, make: Any) -> None:
    from tests.backup_support import add_consultations
    from tests.conftest import TEST_KEY, valid_setup
    from workstation.services.backup import backup_now
    from workstation.services.stations import init_station
    from workstation.storage.engine import open_database

    source = tmp_path / "old-pc" / "station.db"
    db = open_database(source, key=TEST_KEY, create=True)
    actor = init_station(db, valid_setup())
    add_consultations(db, actor, make, 3)
    KeyFile.create(keyfile_path(source), TEST_KEY, username="admin", password=BACKUP_PASSWORD,
                   recovery_code="ABCDE-FGHJK-LMNPQ-RSTUV-WXYZ2").save()
    backup = backup_now(db, actor, usb).path
    db.dispose()

    new_pc = Cli(tmp_path / "new-pc")
    new_pc.data_dir.mkdir()
    missing = new_pc("restore", str(backup), "--yes")
    assert missing.returncode == 2 and "--backup-user" in missing.stderr
    _one_chinese_error(missing)
    new_pc.env["WORKSTATION_BACKUP_PASSWORD"] = "wrong-password"
    wrong = new_pc("restore", str(backup), "--yes", "--backup-user", "admin")
    assert wrong.returncode == 1 and "用户名或密码错误" in wrong.stderr
    assert not new_pc.db.exists()
    new_pc.env["WORKSTATION_BACKUP_PASSWORD"] = BACKUP_PASSWORD
    ok = new_pc("restore", str(backup), "--yes", "--backup-user", "admin")
    assert ok.returncode == 0, ok.stderr
    assert record_ids(new_pc.db, TEST_KEY) == record_ids(source, TEST_KEY)
    assert keyfile_path(new_pc.db).read_bytes() == keyfile_path(source).read_bytes()


def test_a_mediator_cannot_restore_by_moving_the_key_file_away(
        cli: Cli, usb: Path, tmp_path: Path) -> None:
    made = cli(*INIT, stdin=PASSWORD)
    assert made.returncode == 0, made.stderr
    [code] = [line.split("：", 1)[1] for line in (made.stdout + made.stderr).splitlines()
              if line.startswith("恢复码：")]
    _log_in_as_admin(cli)
    added = cli("operators", "add", "tiaojie", "--name", "李调解", stdin="mediator-pass\n")
    assert added.returncode == 0, added.stderr
    backup = _backup(cli, usb)
    assert cli("demo", "--records", "5").returncode == 0
    after_backup = cli.json("stats")

    # The mediator moves the key file away: nobody is logged in, the backup asks for a secret.
    keys = keyfile_path(cli.db)
    moved = tmp_path / "moved.keys"
    keys.rename(moved)
    cli.env.update({"WORKSTATION_USER": "tiaojie", "WORKSTATION_PASSWORD": "mediator-pass",
                    "WORKSTATION_BACKUP_PASSWORD": "mediator-pass"})
    refused = cli("restore", str(backup), "--yes", "--backup-user", "tiaojie")
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "没有已登录的站点管理员" in refused.stderr.strip().splitlines()[-1]
    assert not list(cli.data_dir.glob("station.before-restore-*.db"))
    moved.rename(keys)
    _log_in_as_admin(cli)
    assert cli.json("stats") == after_backup  # nothing restored

    # The recovery code proves admin rights: the documented path when the key file is lost.
    keys.rename(moved)
    recovered = cli("restore", str(backup), "--yes", "--recovery-code", code)
    assert recovered.returncode == 0, recovered.stderr
    assert cli.json("stats") != after_backup
    # So does an admin's password valid when the backup was made.
    keys.rename(tmp_path / "moved-again.keys")
    assert cli("restore", str(backup), "--yes", "--backup-user", "admin").returncode == 0
