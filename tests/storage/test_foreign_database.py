"""Another program's SQLite file is never touched: opening it as a station (the app's login,
any command's ``--db``, a restore's target) or as a county database refuses before any
migration or pragma writes to it. The file stays byte for byte, with its time, and no WAL
appears beside it."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from tests.cli_support import run_workstation
from workstation.county.db import open_county
from workstation.services import security
from workstation.services.context import Actor
from workstation.storage.backup.create import make_backup
from workstation.storage.backup.errors import BackupError
from workstation.storage.backup.restore import RestoreSecret, prepare_restore
from workstation.storage.engine import Database, DatabaseError, open_database
from workstation.sync.errors import SyncError


def _foreign(path: Path) -> Path:
    """A music player's library: two tables of its own, rollback journal."""
    conn = sqlite3.connect(path)
    conn.executescript("""
        CREATE TABLE songs (id INTEGER PRIMARY KEY, title TEXT, artist TEXT);
        CREATE TABLE playlists (id INTEGER PRIMARY KEY, name TEXT);
        INSERT INTO songs (title, artist) VALUES ('茉莉花', '民歌'), ('Song', 'Band');
    """)
    conn.commit()
    conn.close()
    os.utime(path, (1_700_000_000, 1_700_000_000))
    return path


def _snapshot(path: Path) -> tuple[bytes, int, list[str]]:
    return (path.read_bytes(), path.stat().st_mtime_ns,
            sorted(p.name for p in path.parent.iterdir()))


def _tables(path: Path) -> set[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()


@pytest.mark.parametrize("create", [False, True])
def test_open_database_refuses_a_foreign_file_untouched(tmp_path: Path, create: bool) -> None:
    path = _foreign(tmp_path / "library.db")
    before = _snapshot(path)
    with pytest.raises(DatabaseError) as info:
        open_database(path, create=create)
    assert "不是工作站的数据库" in str(info.value)
    assert _snapshot(path) == before
    assert _tables(path) == {"songs", "playlists"}


def test_login_screen_and_login_refuse_a_foreign_file_untouched(tmp_path: Path) -> None:
    path = _foreign(tmp_path / "library.db")
    before = _snapshot(path)
    for attempt in (lambda: security.login_station_name(path),
                    lambda: security.unlock_station(path, "admin", "correct-horse-1")):
        with pytest.raises(DatabaseError, match="不是工作站的数据库"):
            attempt()
    assert _snapshot(path) == before


def test_a_command_pointed_at_a_foreign_file_refuses_untouched(tmp_path: Path) -> None:
    path = _foreign(tmp_path / "library.db")
    before = _snapshot(path)
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKSTATION_")}
    env["WORKSTATION_DATA_DIR"] = str(tmp_path / "data")
    result = run_workstation(["stats", "--db", str(path), "--user", "admin"],
                             input="correct-horse-1\n", env=env)
    assert result.returncode == 1
    assert "不是工作站的数据库" in result.stderr and "Traceback" not in result.stderr
    assert _snapshot(path) == before


def test_an_empty_file_and_a_station_still_open(tmp_path: Path) -> None:
    empty = tmp_path / "new.db"
    empty.touch()
    open_database(empty, create=True).dispose()
    assert "station" in _tables(empty)
    open_database(empty).dispose()  # a station: opens again


@pytest.mark.parametrize("create", [False, True])
def test_open_county_refuses_a_foreign_sqlite_file_untouched(tmp_path: Path,
                                                             create: bool) -> None:
    path = _foreign(tmp_path / "library.db")
    before = _snapshot(path)
    with pytest.raises(SyncError) as info:
        open_county(path, create=create)
    assert "不是县级数据库" in str(info.value)
    assert _snapshot(path) == before
    assert _tables(path) == {"songs", "playlists"}


def test_a_restore_does_not_replace_a_foreign_file(db: Database, actor: Actor,
                                                   tmp_path: Path) -> None:
    out = tmp_path / "usb"
    out.mkdir()
    backup = make_backup(db.path, db.key, out).path
    (tmp_path / "music").mkdir()
    path = _foreign(tmp_path / "music" / "library.db")
    before = _snapshot(path)
    with pytest.raises(BackupError, match="不是工作站的数据库"):
        prepare_restore(path, None, backup, secret=RestoreSecret("admin", "correct-horse-1"))
    assert _snapshot(path) == before
