"""Start-up probe for the benchmark: ``python -m workstation.ui.start_probe MODE [DB]``.

Modes:

* ``bare``: a bare ``QMainWindow`` (the baseline);
* ``login DB``: the app's first window on an existing database (the login);
* ``dashboard DB``: the app logs in by itself with the credentials in the environment
  variable :data:`LOGIN_ENV` (``user:password``, read by this probe only), shows the
  workbench filled with data, then opens the mediation list and waits for its rows.

Each prints ``SHOWN <unix time> <visible>`` when its window is shown (for ``dashboard``: when
the workbench is filled in and has had one turn of the event loop to paint); ``dashboard``
also prints ``LOGGED_IN <unix time>`` (password accepted, main window built) before it and
``LISTED <unix time> <rows>`` after it, and every mode ends with ``PEAK_RSS_KB <kB>`` (the
process's peak resident memory so far) and ``RSS_KB <kB>`` (its resident memory now), where
the platform tells them, and quits. ``dashboard`` adds ``PEAK_SINCE_LOGIN_KB <kB>``: the peak
from the login on (where the platform can restart the count), leaving out the password check.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import Any

#: ``user:password`` the ``dashboard`` mode logs in with (never read by the app itself).
LOGIN_ENV = "WORKSTATION_PROBE_LOGIN"


#: A probe that has not finished by then (a failed login, say) reports why and quits.
WATCHDOG_MS = 90_000


def _give_up(app: Any, startup: Any) -> None:
    message = startup.login.message.text() if startup.login is not None else ""
    print(f"probe timed out {message}".strip(), file=sys.stderr, flush=True)
    app.exit(3)


def _stamp(label: str, *values: object) -> None:
    print(label, f"{time.time():.6f}", *values, flush=True)


def _memory_kb() -> tuple[int | None, int | None]:
    """(peak, current) resident memory of this process in kB, where the platform tells.

    Linux: ``VmHWM`` / ``VmRSS`` of /proc/self/status. Not ``getrusage``'s ``ru_maxrss``: Linux
    carries the parent's resident size at ``exec`` into the child's maximum, so a child of a
    large process (the benchmark) would report its parent's size.
    """
    try:
        with open("/proc/self/status", encoding="utf-8", errors="replace") as status:
            fields = dict(line.split(":", 1) for line in status if ":" in line)
        return int(fields["VmHWM"].split()[0]), int(fields["VmRSS"].split()[0])
    except (OSError, KeyError, ValueError):
        pass
    try:
        import resource
    except ImportError:  # Windows
        return None, None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return (peak // 1024 if sys.platform == "darwin" else peak), None  # macOS: bytes


#: The peak before :func:`_restart_peak` (kB), so the whole run's peak is still known.
_earlier_peak: list[int] = []


def _restart_peak() -> bool:
    """Start measuring the peak afresh (Linux: ``clear_refs`` 5 resets ``VmHWM``)."""
    peak, _ = _memory_kb()
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
            refs.write("5")
    except OSError:
        return False
    if peak is not None:
        _earlier_peak.append(peak)
    return True


def _peak_and_quit(app: Any) -> None:
    peak, now = _memory_kb()
    if peak is not None:
        if _earlier_peak:
            print("PEAK_SINCE_LOGIN_KB", peak, flush=True)
        print("PEAK_RSS_KB", max([peak, *_earlier_peak]), flush=True)
    if now is not None:
        print("RSS_KB", now, flush=True)
    app.exit(0)


def _report_and_quit(app: Any, visible: bool) -> None:
    _stamp("SHOWN", int(visible))
    _peak_and_quit(app)


def bare() -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("bare")
    window.show()
    QTimer.singleShot(0, lambda: _report_and_quit(app, window.isVisible()))
    return app.exec()


def _run(db_path: str, then: Any) -> int:
    """Start the app on ``db_path`` as ``run_app`` does; ``then(app, startup)`` once the
    login window is up."""
    from PySide6.QtCore import QTimer

    from workstation.ui.startup import Startup, create_application
    from workstation.ui.tasks import TaskRunner

    app = create_application([])
    runner = TaskRunner()
    startup = Startup(runner, argparse.Namespace(db=db_path, demo=False))
    startup.quit_requested.connect(app.exit)
    startup.start()
    QTimer.singleShot(0, lambda: then(app, startup))
    QTimer.singleShot(WATCHDOG_MS, lambda: _give_up(app, startup))
    try:
        return app.exec()
    finally:
        runner.wait()
        startup.cleanup()


def login(db_path: str) -> int:
    return _run(db_path, lambda app, startup: _report_and_quit(
        app, startup.login is not None and startup.login.isVisible()))


def dashboard(db_path: str) -> int:
    from PySide6.QtCore import QTimer

    username, _, password = os.environ.get(LOGIN_ENV, "").partition(":")

    def listed(app: Any, rows: int) -> None:
        _stamp("LISTED", rows)
        _peak_and_quit(app)

    def open_mediation_list(app: Any, window: Any) -> None:
        page = window.show_page("mediation")
        model = page.list.model
        if model.rows:
            listed(app, len(model.rows))
        else:
            model.loaded.connect(lambda *_: QTimer.singleShot(0, lambda: listed(
                app, len(model.rows))))

    def filled(app: Any, window: Any) -> None:
        _stamp("SHOWN", int(window.isVisible()))
        open_mediation_list(app, window)

    def logged_in(app: Any, startup: Any) -> None:
        _stamp("LOGGED_IN")  # the main window is built by now (the startup's handler ran first)
        _restart_peak()  # the password check's transient memory is behind us
        window = startup.window
        page = window.page("dashboard")
        if page.dashboard is not None:
            QTimer.singleShot(0, lambda: filled(app, window))
        else:
            page.loaded.connect(lambda: QTimer.singleShot(0, lambda: filled(app, window)))

    def log_in(app: Any, startup: Any) -> None:
        dialog = startup.login
        if dialog is None:
            print("no login window (is the database initialised?)", file=sys.stderr)
            app.exit(2)
            return
        dialog.accepted.connect(lambda: logged_in(app, startup))
        dialog.username.setText(username)
        dialog.password.setText(password)
        dialog.try_login()

    return _run(db_path, log_in)


def main(argv: list[str]) -> int:
    if argv[:1] == ["bare"]:
        return bare()
    if len(argv) == 2 and argv[0] == "login":
        return login(argv[1])
    if len(argv) == 2 and argv[0] == "dashboard":
        if ":" not in os.environ.get(LOGIN_ENV, ""):
            print(f"dashboard needs {LOGIN_ENV}=user:password", file=sys.stderr)
            return 2
        return dashboard(argv[1])
    print("usage: python -m workstation.ui.start_probe bare | login DB | dashboard DB",
          file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
