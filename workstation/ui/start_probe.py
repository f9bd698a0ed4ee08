"""Start-up probe for the benchmark: ``python -m workstation.ui.start_probe bare|login [DB]``.

Shows a bare ``QMainWindow`` (the baseline) or the app's first window on an existing database
(the login), then prints ``SHOWN <unix time> <visible>`` and quits.
"""

from __future__ import annotations

import argparse
import sys
import time


def _report_and_quit(app: object, visible: bool) -> None:
    print(f"SHOWN {time.time():.6f} {int(visible)}", flush=True)
    app.exit(0)  # type: ignore[attr-defined]


def bare() -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("bare")
    window.show()
    QTimer.singleShot(0, lambda: _report_and_quit(app, window.isVisible()))
    return app.exec()


def login(db_path: str) -> int:
    from PySide6.QtCore import QTimer

    from workstation.ui.startup import Startup, create_application
    from workstation.ui.tasks import TaskRunner

    app = create_application([])
    runner = TaskRunner()
    startup = Startup(runner, argparse.Namespace(db=db_path, demo=False))
    startup.quit_requested.connect(app.exit)
    startup.start()
    QTimer.singleShot(0, lambda: _report_and_quit(
        app, startup.login is not None and startup.login.isVisible()))
    try:
        return app.exec()
    finally:
        runner.wait()
        startup.cleanup()


def main(argv: list[str]) -> int:
    if argv[:1] == ["bare"]:
        return bare()
    if len(argv) == 2 and argv[0] == "login":
        return login(argv[1])
    print("usage: python -m workstation.ui.start_probe bare|login DB", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
