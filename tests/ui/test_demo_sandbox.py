"""The demo stays in its sandbox: its database, data and backups live in its temporary
folder, a killed demo's folder is removed at the next start, and the 备份 page lists only
the backups of the station that is open."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox

from workstation import paths
from workstation.demo.generator import DEMO_PASSWORD
from workstation.demo.sandbox import LOCK_NAME, PREFIX, make_sandbox, remove_stale
from workstation.services import backup as service
from workstation.services.stations import StationSetup, init_station
from workstation.storage.engine import open_database
from workstation.ui.pages.backup import BackupPage
from workstation.ui.startup import Startup
from workstation.ui.tasks import TaskRunner

WAIT_MS = 30_000


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The temporary directory demos make their sandboxes in (never the machine's own)."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    shown = SimpleNamespace(info=[], warnings=[])
    monkeypatch.setattr(QMessageBox, "information",
                        lambda parent, title, text, *a: shown.info.append(text))
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text, *a: shown.warnings.append(text))
    return shown


def test_a_killed_demos_folder_is_removed_at_the_next_start(private_tmp: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, time
            from pathlib import Path
            from workstation.demo.sandbox import make_sandbox
            box = make_sandbox(Path({str(private_tmp)!r}))
            (box.backup_dir / "x.wsbak").write_bytes(b"backup")
            print(box.root, flush=True)
            time.sleep(600)
        """)], stdout=subprocess.PIPE, text=True,
        cwd=Path(__file__).resolve().parents[2])
    try:
        dead = Path(child.stdout.readline().strip())  # type: ignore[union-attr]
        assert dead.is_dir() and dead.name.startswith(PREFIX)
        assert remove_stale(private_tmp) == []  # its demo still runs: kept
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        child.stdout.close()  # type: ignore[union-attr]
    alive = make_sandbox(private_tmp)  # a demo running in this process
    unrelated = private_tmp / "someone-else"
    unrelated.mkdir()
    try:
        assert (dead / LOCK_NAME).exists()
        assert remove_stale(private_tmp) == [dead]
        assert not dead.exists()
        assert alive.root.is_dir() and unrelated.is_dir()
    finally:
        alive.close()
    assert not alive.root.exists()


def test_demo_backups_land_inside_the_demo_folder(qtbot: Any, private_tmp: Path,
                                                  messages: SimpleNamespace,
                                                  private_backup_dir: Path) -> None:
    stale = private_tmp / f"{PREFIX}killed"
    (stale / "backups").mkdir(parents=True)
    (stale / LOCK_NAME).write_text("12345\n")  # nobody holds its lock
    startup = Startup(TaskRunner(), argparse.Namespace(db=None, demo=True, demo_records=20))
    try:
        startup.start()
        assert not stale.exists()  # removed before the new demo is built
        demo_dir = startup.demo_dir
        assert demo_dir is not None and demo_dir.parent == private_tmp
        assert paths.backup_dir() == demo_dir / "backups"
        assert paths.data_dir() == demo_dir / "data"
        qtbot.waitUntil(lambda: startup.login is not None, timeout=WAIT_MS)
        startup.login.password.setText(DEMO_PASSWORD)
        startup.login.try_login()
        qtbot.waitUntil(lambda: startup.window is not None, timeout=WAIT_MS)
        page = startup.window.show_page("backup")
        qtbot.waitUntil(lambda: page.overview is not None, timeout=WAIT_MS)
        assert page.folder_edit.text() == str(demo_dir / "backups")
        qtbot.mouseClick(page.backup_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(messages.info) == 1, timeout=WAIT_MS)
        startup.runner.wait()
        made = list((demo_dir / "backups").glob("*.wsbak"))
        assert len(made) == 1
        assert list(private_backup_dir.iterdir()) == []  # nothing in the user's folder
    finally:
        startup.runner.wait()
        QCoreApplication.processEvents()
        for widget in (startup.window, startup.login, startup.demo_progress):
            if widget is not None:
                widget.close()
        startup.runner.wait()
        QCoreApplication.processEvents()
        startup.cleanup()
    assert not demo_dir.exists()
    assert paths.sandbox() is None
    assert paths.backup_dir() == private_backup_dir


def test_the_backup_page_lists_only_the_open_stations_backups(
        qtbot: Any, ui_ctx: Any, tmp_path: Path, private_backup_dir: Path) -> None:
    # Another database of the same division (a station set up anew, a demo) backed up into
    # the same folder: same file name pattern, another station id.
    other = open_database(tmp_path / "other.db", key=bytes(range(1, 33)), create=True)
    try:
        other_admin = init_station(other, StationSetup(
            "海港镇公共法律服务工作站", "130302100000", "海港区公共法律服务中心", "海调",
            "admin", "王芳", "secret123"))
        theirs = service.backup_now(other, other_admin, private_backup_dir)
    finally:
        other.dispose()
    ours = service.backup_now(ui_ctx.db, ui_ctx.actor, private_backup_dir)
    assert theirs.path.name.split("-")[0] == ours.path.name.split("-")[0]
    page = BackupPage(ui_ctx)
    qtbot.addWidget(page)
    page.show()
    page.activated()
    qtbot.waitUntil(lambda: page.overview is not None, timeout=WAIT_MS)
    assert [e.path for e in page.overview.entries] == [ours.path]
    assert page.model.rowCount() == 1
