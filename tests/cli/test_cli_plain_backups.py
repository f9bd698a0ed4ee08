"""The ``plain-backups`` command and the reminder at every admin login: plain backups left
by an old plain station are listed, and shredded only when the admin says so."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.cli.test_cli import Cli
from workstation.paths import backup_dir
from workstation.services.backup import backup_now
from workstation.services.consultations import register_consultation
from workstation.services.stations import init_station
from workstation.storage.engine import open_database

PASSWORD = "correct-horse-1"


def test_plain_backups_are_listed_then_shredded_on_the_admins_word(tmp_path: Path,
                                                                   make: Any) -> None:
    cli = Cli(tmp_path / "data")
    cli.data_dir.mkdir()
    cli.env["WORKSTATION_BACKUP_DIR"] = str(backup_dir())
    db = open_database(cli.db, create=True)  # an old plain station with a plain backup
    try:
        admin = init_station(db, make.setup())
        register_consultation(db, admin, make.consultation(make.person(40, "欧阳建国")))
        plain = backup_now(db, admin, backup_dir()).path
    finally:
        db.dispose()
    cli.env.update({"WORKSTATION_USER": "admin", "WORKSTATION_PASSWORD": PASSWORD})

    listed = cli("plain-backups")  # the first login encrypts the station
    assert listed.returncode == 0, listed.stderr
    assert str(plain) in listed.stdout and "--delete" in listed.stdout
    assert "未加密旧备份" in listed.stderr  # the reminder at the admin's login
    refused = cli("plain-backups", "--delete")  # not a terminal: needs --yes
    assert refused.returncode != 0 and "--yes" in refused.stderr
    assert plain.exists()
    stats = cli("stats")
    assert stats.returncode == 0 and "plain-backups --delete" in stats.stderr

    removed = cli("plain-backups", "--delete", "--yes")
    assert removed.returncode == 0, removed.stderr
    assert "已粉碎 1 个" in removed.stdout and not plain.exists()
    again = cli("stats")
    assert again.returncode == 0 and "未加密旧备份" not in again.stderr
    assert cli("plain-backups").stdout.strip() == "备份文件夹中没有未加密的旧备份"
