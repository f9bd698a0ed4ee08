"""Both consoles open and close cleanly and speak Chinese in their window titles, menus and
Qt's own dialogs: the real ``run_app`` in a child process (its own QApplication, as a user
starts it), driven by timers, with every way an error can be printed captured
(``sys.excepthook``, ``sys.unraisablehook``, Qt's message handler) and reported."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

from tests.latin import latin_words
from tests.sync.helpers import make_county
from workstation.storage.backup.archive import SUFFIX

#: Runs ``run_app`` for the arguments in argv; ``drive(app, startup)`` is polled until it
#: returns True. Anything printed as an error is tagged ``CAPTURED``.
DRIVER = textwrap.dedent("""
    import argparse, os, sys
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QtMsgType, QTimer, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    def report(kind, text):
        print(f"CAPTURED {kind}: {text}", file=sys.stderr, flush=True)

    previous_hook = sys.excepthook
    def excepthook(kind, value, tb):
        report("exception", f"{kind.__name__}: {value}")
        previous_hook(kind, value, tb)
    sys.excepthook = excepthook
    sys.unraisablehook = lambda u: report("unraisable", f"{u.exc_type.__name__}: "
                                          f"{u.exc_value} in {u.object!r}")

    def messages(kind, _context, text):
        if kind in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            if "propagateSizeHints" in text:  # the offscreen platform's own notice
                return
            report("qt", text)
    qInstallMessageHandler(messages)

    import workstation.ui.startup as startup_module
    from workstation.ui.county import startup as county_module

    def report_texts(app, window, runner):
        # Print what the user reads in window titles, menus and Qt's own dialogs.
        from PySide6.QtWidgets import (QAbstractButton, QFileDialog, QLabel, QMenu,
                                       QMessageBox, QPushButton, QToolButton)

        found = [("display name", app.applicationDisplayName())]
        for spec in window.specs:
            window.show_page(spec.key)
            runner.wait()
            app.processEvents()
        for widget in app.topLevelWidgets():
            if widget.isVisible():
                found.append(("title", widget.windowTitle()))
        menus = list(window.findChildren(QMenu))
        menus += [b.menu() for kind in (QPushButton, QToolButton)
                  for b in window.findChildren(kind) if b.menu()]
        found += [("menu", a.text()) for m in menus for a in m.actions() if a.text()]
        box = QMessageBox(window)
        B = QMessageBox.StandardButton
        box.setStandardButtons(B.Ok | B.Cancel | B.Yes | B.No | B.Save | B.Discard | B.Close)
        found += [("message box button", b.text()) for b in box.buttons()]
        dialog = QFileDialog(window)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        found += [("file dialog", label.text()) for label in dialog.findChildren(QLabel)
                  if label.text()]
        found += [("file dialog", b.text()) for b in dialog.findChildren(QAbstractButton)
                  if b.text()]
        for kind, text in found:
            print("TEXT", kind, "|", text.replace(chr(10), " "), flush=True)

    def drive_station(app, startup):
        if startup.window is not None:
            startup.runner.wait()
            app.processEvents()
            report_texts(app, startup.window, startup.runner)
            startup.window.close()  # the last window: the application ends
            return True
        login = startup.login
        if login is not None and login.isVisible() and "海港镇" in login.station_label.text() \\
                and not login.username.text():
            login.username.setText("admin")
            login.password.setText("secret123")
            login.try_login()
        return False

    def drive_county(app, startup):
        if startup.window is None:  # log in as the first admin of tests.sync.helpers
            login = startup.login_dialog
            if login is not None and login.isVisible() and not login.username.text():
                login.username.setText("county-admin")
                login.password.setText("county-pass-1")
                login.try_login()
            return False
        startup.runner.wait()
        app.processEvents()
        report_texts(app, startup.window, startup.runner)
        startup.window.close()
        return True

    def driven(base, drive):
        class Driven(base):
            def start(self):
                super().start()
                timer = QTimer(self)
                timer.timeout.connect(
                    lambda: drive(QApplication.instance(), self) and timer.stop())
                timer.start(50)
        return Driven

    startup_module.Startup = driven(startup_module.Startup, drive_station)
    county_module.CountyStartup = driven(county_module.CountyStartup, drive_county)
    args = argparse.Namespace(db=sys.argv[2], demo=False, demo_records=0,
                              county=sys.argv[1] == "county")
    code = startup_module.run_app(args)
    print("EXIT", code, flush=True)
    sys.exit(code)
""")


def _run_console(kind: str, db: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", WORKSTATION_DATA_DIR=str(tmp_path),
               XDG_CONFIG_HOME=str(tmp_path / "config"))
    return subprocess.run([sys.executable, "-c", DRIVER, kind, str(db)], env=env,
                          capture_output=True, text=True, timeout=300,
                          cwd=Path(__file__).resolve().parents[2])


def _assert_clean(done: subprocess.CompletedProcess[str]) -> None:
    assert "CAPTURED" not in done.stderr, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 0, done.stderr
    assert "EXIT 0" in done.stdout


def _assert_chinese(done: subprocess.CompletedProcess[str], db: Path) -> dict[str, list[str]]:
    """Every window title, menu entry and word of Qt's own dialogs the child reported is
    free of Latin words (the database's path aside); the texts by kind."""
    texts: dict[str, list[str]] = {}
    for line in done.stdout.splitlines():
        if line.startswith("TEXT "):
            kind, _, text = line[5:].partition(" | ")
            texts.setdefault(kind, []).append(text.replace(str(db), "数据库"))
    offenders = [(kind, text) for kind, found in texts.items() for text in found
                 if latin_words(text)]
    assert offenders == []
    assert texts["display name"] == ["公共法律服务工作站"]
    assert "是(&Y)" in texts["message box button"] or "是" in texts["message box button"]
    assert any("查找范围" in t for t in texts["file dialog"])
    assert any("文件类型" in t for t in texts["file dialog"])
    return texts


def test_station_console_logs_in_and_closes_cleanly(ui_db: Any, tmp_path: Path,
                                                    private_backup_dir: Path) -> None:
    db, _actor = ui_db
    db.dispose()
    done = _run_console("station", db.path, tmp_path)
    _assert_clean(done)
    texts = _assert_chinese(done, db.path)
    assert any("海港镇" in t for t in texts["title"])
    # The clean-up ran: the automatic backup at exit was written.
    assert list(private_backup_dir.glob(f"*{SUFFIX}"))


def test_county_console_opens_and_closes_cleanly(tmp_path: Path) -> None:
    county = make_county(tmp_path / "county.db")
    county.dispose()
    done = _run_console("county", tmp_path / "county.db", tmp_path)
    _assert_clean(done)
    texts = _assert_chinese(done, tmp_path / "county.db")
    assert any("县" in t for t in texts["title"])
