"""A form being typed survives a crash: the next start offers it back (Restore / Discard /
Later), without blocking the event loop."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from workstation.ui.startup import Startup
from workstation.ui.tasks import TaskRunner

UI_ADMIN_PASSWORD = "secret123"  # as in tests/ui/conftest.py
QUESTION = "邻居在我家院墙外堆放柴草，存在火灾隐患，怎么处理？"
NAME = "单雄信"
WAIT_MS = 10_000


def draft_rows(path: Path) -> list[Any]:
    from workstation.storage.engine import open_database

    from .conftest import UI_KEY

    db = open_database(path, key=UI_KEY)
    try:
        with db.engine.connect() as conn:
            return list(conn.execute(text("SELECT form_key, title, payload FROM draft")).all())
    finally:
        db.dispose()


@pytest.fixture
def startups(qtbot: Any) -> Iterator[Any]:
    """``make(path)``: a started ``Startup`` on an existing database; all torn down after."""
    made: list[Startup] = []

    def make(path: Path) -> Startup:
        startup = Startup(TaskRunner(), argparse.Namespace(db=path, demo=False, demo_records=0))
        made.append(startup)
        startup.start()
        return startup

    yield make
    for startup in made:
        startup.runner.wait()
        QApplication.processEvents()
        if startup.draft_prompt is not None:
            startup.draft_prompt.done(0)
        window = startup.window
        if window is not None and not getattr(window, "_crashed", False):
            for page in window.pages.values():
                page.shutdown()
            startup.runner.wait()
            window.hide()
            window.deleteLater()
        if startup.login is not None:
            startup.login.hide()
        startup.runner.wait()
        QApplication.processEvents()
        startup.cleanup()


def log_in(qtbot: Any, startup: Startup, username: str = "admin",
           password: str = UI_ADMIN_PASSWORD) -> Any:
    login = startup.login
    assert login is not None and login.isVisible()
    login.username.setText(username)
    login.password.setText(password)
    login.try_login()
    qtbot.waitUntil(lambda: startup.window is not None, timeout=WAIT_MS)
    return startup.window


def crash_while_typing(qtbot: Any, startups: Any, path: Path) -> None:
    """Session 1: half-fill a consultation, let the draft be written, then "crash"."""
    first = startups(path)
    window = log_in(qtbot, first)
    first.runner.wait()  # the session's own look for old drafts is over before anything is typed
    QApplication.processEvents()
    page = window.show_page("consultations")
    form = page.form
    assert page.showing_form()
    form.person.start_new()
    form.person.name_edit.setText(NAME)
    form.question.setPlainText(QUESTION)
    form.topic.setCurrentIndex(form.topic.findData("neighbour"))
    assert form.dirty
    form.save_draft()
    first.runner.wait()  # the draft write is durable now
    QCoreApplication.processEvents()
    # The crash: no close event, no page.shutdown(), no cleanup; the window just vanishes.
    window._crashed = True
    form.stop()  # a dead process runs no timers either
    window.hide()
    window.deleteLater()
    first.window = None
    QCoreApplication.processEvents()
    rows = draft_rows(path)
    assert [r.form_key for r in rows] == ["consultation:new"]
    assert NAME in rows[0].title and QUESTION in rows[0].payload


def restart_to_prompt(qtbot: Any, startups: Any, path: Path) -> Startup:
    second = startups(path)
    qtbot.waitUntil(lambda: "海港镇" in second.login.station_label.text(), timeout=WAIT_MS)
    log_in(qtbot, second)
    qtbot.waitUntil(lambda: second.draft_prompt is not None
                    and second.draft_prompt.isVisible(), timeout=WAIT_MS)
    prompt = second.draft_prompt
    assert prompt.windowModality() == Qt.WindowModality.WindowModal  # open(), not exec()
    assert NAME in prompt.text()
    assert set(second.draft_buttons) == {"restore", "discard", "later"}
    return second


def test_draft_survives_a_crash_and_is_restored(qtbot: Any, ui_db: Any, startups: Any) -> None:
    db, _actor = ui_db
    crash_while_typing(qtbot, startups, db.path)

    second = restart_to_prompt(qtbot, startups, db.path)
    window = second.window
    qtbot.mouseClick(second.draft_buttons["restore"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: second.draft_prompt is None, timeout=WAIT_MS)

    page = window.pages["consultations"]
    assert window.stack.currentWidget() is page
    assert page.showing_form()
    form = page.form
    assert form.question.toPlainText() == QUESTION
    assert form.person.name_edit.text() == NAME
    assert form.person.mode == "new"
    assert form.topic.currentData() == "neighbour"
    second.runner.wait()
    # Restored, not yet saved: the draft stays until the consultation is saved.
    assert len(draft_rows(db.path)) == 1


def test_discard_deletes_the_drafts(qtbot: Any, ui_db: Any, startups: Any) -> None:
    db, _actor = ui_db
    crash_while_typing(qtbot, startups, db.path)

    second = restart_to_prompt(qtbot, startups, db.path)
    qtbot.mouseClick(second.draft_buttons["discard"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: second.draft_prompt is None, timeout=WAIT_MS)
    second.runner.wait()
    assert draft_rows(db.path) == []
    page = second.window.page("consultations")
    assert page.form.question.toPlainText() == ""


def test_later_keeps_the_drafts_for_the_next_start(qtbot: Any, ui_db: Any,
                                                   startups: Any) -> None:
    db, _actor = ui_db
    crash_while_typing(qtbot, startups, db.path)

    second = restart_to_prompt(qtbot, startups, db.path)
    qtbot.mouseClick(second.draft_buttons["later"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: second.draft_prompt is None, timeout=WAIT_MS)
    second.runner.wait()
    assert len(draft_rows(db.path)) == 1
    assert second.window.page("consultations").form.question.toPlainText() == ""
