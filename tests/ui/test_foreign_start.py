"""Starting the app on another program's SQLite file shows why and leaves the file alone."""

from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

from workstation.ui.startup import Startup
from workstation.ui.tasks import TaskRunner


def test_start_on_a_foreign_file_explains_and_leaves_it(qtbot: Any, tmp_path: Path) -> None:
    path = tmp_path / "library.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE songs (id INTEGER PRIMARY KEY, title TEXT)")
    conn.commit()
    conn.close()
    before = (path.read_bytes(), path.stat().st_mtime_ns, sorted(tmp_path.iterdir()))
    startup = Startup(TaskRunner(), argparse.Namespace(db=path, demo=False, demo_records=0))
    try:
        startup.start()
        qtbot.waitUntil(lambda: getattr(startup, "error_box", None) is not None,
                        timeout=10_000)
        assert "不是工作站的数据库" in startup.error_box.text()
        assert startup.window is None
        assert (path.read_bytes(), path.stat().st_mtime_ns, sorted(tmp_path.iterdir())) \
            == before
    finally:
        startup.runner.wait()
        QApplication.processEvents()
        if getattr(startup, "error_box", None) is not None:
            startup.error_box.hide()
        if startup.login is not None:
            startup.login.hide()
        startup.cleanup()
