"""``python main.py --demo``: a throwaway demo station built in the background with progress,
the demo login shown on screen, and everything deleted at the end."""

from __future__ import annotations

import argparse
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QPushButton

from workstation.demo.generator import DEMO_PASSWORD, DEMO_USERNAME
from workstation.ui.startup import Startup
from workstation.ui.tasks import TaskRunner

WAIT_MS = 30_000


def demo_startup(records: int) -> Startup:
    return Startup(TaskRunner(), argparse.Namespace(db=None, demo=True, demo_records=records))


def finish(startup: Startup) -> None:
    startup.runner.wait()
    QCoreApplication.processEvents()
    for widget in (startup.window, startup.login, startup.demo_progress):
        if widget is not None:
            widget.close()
    startup.runner.wait()
    QCoreApplication.processEvents()
    startup.cleanup()


def test_demo_station_opens_with_demo_login_and_is_deleted(qtbot: Any) -> None:
    startup = demo_startup(300)
    progress_seen: list[tuple[int, int]] = []
    original = startup._demo_progressed
    startup._demo_progressed = lambda done, total: (progress_seen.append((done, total)),
                                                    original(done, total))
    try:
        startup.start()
        demo_dir = startup.demo_dir
        assert demo_dir is not None and demo_dir.is_dir()
        progress = startup.demo_progress
        assert progress is not None and progress.isVisible()  # shown while building
        assert startup.login is None
        assert startup.window is None

        qtbot.waitUntil(lambda: startup.login is not None, timeout=WAIT_MS)
        login = startup.login
        assert not progress.isVisible()
        assert progress_seen and progress_seen[-1] == (300, 300)
        assert progress.maximum() == 300 and progress.value() == 300
        assert login.isVisible()
        hint = login.hint_label.text()
        assert DEMO_USERNAME in hint and DEMO_PASSWORD in hint
        assert login.username.text() == DEMO_USERNAME
        assert "海港镇" in login.station_label.text()

        login.password.setText(DEMO_PASSWORD)
        login.try_login()
        qtbot.waitUntil(lambda: startup.window is not None, timeout=WAIT_MS)
        window = startup.window
        assert window.isVisible()
        assert window.ctx.actor.username == DEMO_USERNAME
        assert "海港镇" in window.windowTitle()
        qtbot.waitUntil(lambda: window.unsynced_label.text() != "", timeout=WAIT_MS)
        # The demo data is there: the consultations list shows records.
        page = window.show_page("consultations")
        page.tabs.setCurrentIndex(1)
        qtbot.waitUntil(lambda: page.list.model.total > 100, timeout=WAIT_MS)
    finally:
        finish(startup)
    assert not demo_dir.exists()


def test_cancelling_the_demo_progress_quits_cleanly(qtbot: Any) -> None:
    startup = demo_startup(20_000)  # ~15 s if it were built to the end
    quits: list[int] = []
    startup.quit_requested.connect(quits.append)
    try:
        startup.start()
        demo_dir = startup.demo_dir
        progress = startup.demo_progress
        cancel = progress.findChild(QPushButton)
        assert cancel is not None
        with qtbot.waitSignal(startup.quit_requested, timeout=8_000):
            cancel.click()
        assert quits == [0]
        assert startup.login is None and startup.window is None
        assert startup.error_box is None  # no error message for a cancel
        assert not progress.isVisible()
        assert not startup.db_future.done()  # the half-built database was closed
    finally:
        finish(startup)
    assert not demo_dir.exists()
