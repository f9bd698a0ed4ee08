"""From launch to the main window: setup wizard or login, demo station, draft recovery.

The login window shows at once; the database opens (and migrates) in the background while
the user types, so neither a large file nor an upgrade freezes the first screen.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from concurrent.futures import Future
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

from workstation.paths import default_database
from workstation.services.context import Actor
from workstation.storage.engine import Database

from .appearance import apply_appearance, register_bundled_fonts
from .context import AppContext
from .dialogs.login import LoginDialog
from .dialogs.setup_wizard import SetupWizard
from .i18n import install_translators
from .main_window import MainWindow
from .pages.registry import default_pages
from .tasks import TaskControl, TaskRunner


def _open_db(path: Path, create: bool) -> Database:
    from workstation.storage.engine import open_database

    return open_database(path, create=create)


def _station_name(db: Database) -> str | None:
    from workstation.services.stations import get_station, has_station

    return get_station(db).name if has_station(db) else None


class Startup(QObject):
    """Drives the first screens; ``window`` is the main window once logged in."""

    def __init__(self, runner: TaskRunner, args: argparse.Namespace) -> None:
        super().__init__()
        self.runner = runner
        self.args = args
        self.db_future: Future[Database] = Future()
        self.station_name = ""
        self.window: MainWindow | None = None
        self.login: LoginDialog | None = None
        self.wizard: SetupWizard | None = None
        self.demo_dir: Path | None = None

    # -- entry ------------------------------------------------------------------------------

    def start(self) -> None:
        if self.args.demo:
            self._start_demo()
            return
        path = Path(self.args.db) if self.args.db else default_database()
        if not path.exists():
            self._show_wizard(path)
            return
        self._show_login()
        self.runner.run(lambda: self._open_existing(path), on_done=self._opened,
                        on_error=self._open_failed)

    def _open_existing(self, path: Path) -> tuple[Database, str | None]:
        try:
            db = _open_db(path, create=False)
        except BaseException as exc:
            self.db_future.set_exception(exc)
            raise
        self.db_future.set_result(db)
        return db, _station_name(db)

    def _opened(self, result: tuple[Database, str | None]) -> None:
        db, name = result
        if name is None:
            if self.login is not None:
                self.login.hide()
            self._show_wizard(db.path, db)
            return
        self.station_name = name
        if self.login is not None:
            self.login.set_station_name(name)

    def _open_failed(self, error: BaseException) -> None:
        QMessageBox.critical(None, QApplication.translate("Startup", "Cannot open the database"),
                             str(error))
        QApplication.exit(1)

    # -- demo -------------------------------------------------------------------------------

    def _start_demo(self) -> None:
        from workstation.demo.generator import DEMO_PASSWORD, DEMO_USERNAME

        self.demo_dir = Path(tempfile.mkdtemp(prefix="workstation-demo-"))
        path = self.demo_dir / "demo.db"
        records = max(0, int(self.args.demo_records))
        progress = QProgressDialog(
            QApplication.translate("Startup", "Creating the demo station..."),
            QApplication.translate("Startup", "Cancel"), 0, records)
        progress.setWindowTitle(QApplication.translate("Startup", "Demo"))
        progress.setWindowModality(Qt.WindowModality.ApplicationModal)
        progress.setMinimumDuration(0)
        progress.setValue(0)
        self._demo_progress = progress

        def build(control: TaskControl) -> tuple[Database, str | None]:
            from workstation.demo.generator import create_demo_station

            db = create_demo_station(path, records, seed=0, progress=control.progress)
            self.db_future.set_result(db)
            return db, _station_name(db)

        control = self.runner.run(build, with_control=True, write=True,
                                  on_done=self._demo_ready, on_error=self._open_failed,
                                  on_progress=lambda done, total: progress.setValue(done))
        progress.canceled.connect(control.cancel)
        hint = QApplication.translate(
            "Startup", "Demo station: log in as %1 with password %2. "
            "Everything is deleted when you quit.").replace("%1", DEMO_USERNAME).replace(
            "%2", DEMO_PASSWORD)
        self._demo_hint = hint

    def _demo_ready(self, result: tuple[Database, str | None]) -> None:
        from workstation.demo.generator import DEMO_USERNAME

        self._demo_progress.close()
        self.station_name = result[1] or ""
        self._show_login(hint=self._demo_hint)
        assert self.login is not None
        self.login.username.setText(DEMO_USERNAME)
        self.login.password.setFocus()

    def cleanup(self) -> None:
        """Close the database; delete a demo station."""
        if self.db_future.done() and self.db_future.exception() is None:
            self.db_future.result().dispose()
        if self.demo_dir is not None:
            shutil.rmtree(self.demo_dir, ignore_errors=True)

    # -- wizard and login -------------------------------------------------------------------

    def _show_wizard(self, path: Path, db: Database | None = None) -> None:
        def create(setup):  # type: ignore[no-untyped-def]
            from workstation.services.stations import init_station

            database = db or _open_db(path, create=True)
            if not self.db_future.done():
                self.db_future.set_result(database)
            actor = init_station(database, setup)
            self.station_name = setup.station_name
            return actor

        self.wizard = SetupWizard(self.runner, create)
        self.wizard.accepted.connect(lambda: self._logged_in(self.wizard.actor))
        self.wizard.rejected.connect(QApplication.quit)
        self.wizard.show()

    def _show_login(self, hint: str = "") -> None:
        def authenticate(username: str, password: str) -> Actor:
            from workstation.services.auth import authenticate as check

            return check(self.db_future.result(), username, password)

        self.login = LoginDialog(self.runner, authenticate, self.station_name, hint)
        self.login.accepted.connect(lambda: self._logged_in(self.login.actor))
        self.login.rejected.connect(QApplication.quit)
        self.login.show()

    def _logged_in(self, actor: Actor | None) -> None:
        if actor is None:
            return
        ctx = AppContext(db=self.db_future.result(), actor=actor, runner=self.runner,
                         station_name=self.station_name)
        self.window = MainWindow(ctx, default_pages())
        self.window.show()
        self._offer_drafts(ctx)

    # -- drafts -----------------------------------------------------------------------------

    def _offer_drafts(self, ctx: AppContext) -> None:
        from workstation.services.drafts import list_drafts

        self.runner.run(lambda: list_drafts(ctx.db, ctx.actor), on_done=self._drafts_found)

    def _drafts_found(self, drafts: list) -> None:  # type: ignore[type-arg]
        if not drafts or self.window is None:
            return
        window = self.window
        titles = "\n".join(f"· {d.title}（{d.saved_at.astimezone():%Y-%m-%d %H:%M}）"
                           for d in drafts)
        box = QMessageBox(window)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(window.tr("Unsaved forms found"))
        box.setText(window.tr("These forms were being filled in when the program last "
                              "closed unexpectedly:") + "\n" + titles)
        restore = box.addButton(window.tr("Restore"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(window.tr("Discard"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(window.tr("Later"), QMessageBox.ButtonRole.RejectRole)
        box.setObjectName("draft_prompt")
        box.exec()
        clicked = box.clickedButton()
        if clicked is restore:
            for draft in drafts:
                window.restore_draft(draft.form_key, draft.payload)
        elif clicked is discard:
            from workstation.services.drafts import discard_draft

            ctx = window.ctx
            for draft in drafts:
                key = draft.form_key
                self.runner.run(lambda k=key: discard_draft(ctx.db, ctx.actor, k), write=True)


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with names, translations, fonts and text size applied."""
    app = QApplication.instance() or QApplication(argv or [])
    assert isinstance(app, QApplication)
    app.setOrganizationName("workstation")
    app.setApplicationName("workstation")
    app.setApplicationDisplayName(QApplication.translate("Startup", "Public Legal Service "
                                                         "Workstation"))
    install_translators(app)
    bundled = register_bundled_fonts()
    apply_appearance(app, QSettings(), bundled)
    return app


def run_app(args: argparse.Namespace) -> int:
    app = create_application([])
    runner = TaskRunner()
    startup = Startup(runner, args)
    startup.start()
    try:
        return app.exec()
    finally:
        runner.wait()
        startup.cleanup()
