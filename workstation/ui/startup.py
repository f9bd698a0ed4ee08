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
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox, QProgressDialog

from workstation.paths import default_database

from . import import_scan
from .appearance import apply_appearance, register_bundled_fonts
from .dialogs.login import LoginDialog
from .i18n import install_translators
from .tasks import Cancelled, TaskControl, TaskRunner

if TYPE_CHECKING:  # the login window must not wait for SQLAlchemy, services or the pages
    from workstation.services.context import Actor
    from workstation.storage.engine import Database

    from .auto_backup import AutoBackup
    from .context import AppContext
    from .county.startup import CountyStartup
    from .dialogs.setup_wizard import SetupWizard
    from .main_window import MainWindow


def _open_db(path: Path, create: bool) -> Database:
    from workstation.storage.engine import open_database

    return open_database(path, create=create)


def _station_name(db: Database) -> str | None:
    from workstation.services.stations import get_station, has_station

    return get_station(db).name if has_station(db) else None


def _warm_up() -> None:
    """Load pypinyin's dictionary while the user types the password.

    Its loader holds the interpreter lock for ~0.1 s; done later it would stall the GUI at the
    first save or search.
    """
    from workstation.domain.pinyin import name_keys

    name_keys("张三")


def _import_main_window() -> None:
    """Import the main window, its first page and their services while the password is
    checked (argon2 leaves the interpreter free): ~0.1-0.2 s the GUI thread would otherwise
    spend importing after login. Imports only: no widget is made off the GUI thread."""
    import workstation.services.dashboard
    import workstation.services.drafts
    import workstation.services.listing
    import workstation.services.sync_status  # noqa: F401

    from .main_window import MainWindow  # noqa: F401
    from .pages.dashboard import DashboardPage  # noqa: F401
    from .pages.registry import default_pages  # noqa: F401


class Startup(QObject):
    """Drives the first screens; ``window`` is the main window once logged in."""

    #: The application should end with this exit code (``run_app`` connects it to
    #: ``QApplication.exit``; tests watch it instead of quitting their application).
    quit_requested = Signal(int)

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
        self.demo_progress: QProgressDialog | None = None
        self._demo_hint = ""
        self.error_box: QMessageBox | None = None
        #: The "unsaved forms found" prompt while it is open (non-modal for the event loop).
        self.draft_prompt: QMessageBox | None = None
        #: Its buttons by role: "restore", "discard", "later".
        self.draft_buttons: dict[str, QAbstractButton] = {}
        #: Automatic backups of the session (none for a demo station).
        self.auto_backup: AutoBackup | None = None

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
        self.runner.run(_warm_up)

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
        self.runner.run(_import_main_window)

    def _open_failed(self, error: BaseException) -> None:
        self._hide_demo_progress()
        if isinstance(error, Cancelled):
            self.quit_requested.emit(0)  # the user cancelled creating the demo station
            return
        box = QMessageBox(QMessageBox.Icon.Critical,
                          QApplication.translate("Startup", "Cannot open the database"),
                          str(error))
        box.setObjectName("open_failed")
        box.finished.connect(lambda *_: self.quit_requested.emit(1))
        self.error_box = box
        box.open()

    # -- demo -------------------------------------------------------------------------------

    def _start_demo(self) -> None:
        # workstation.demo.generator (Faker, ~0.1 s to import) is imported by the worker only.
        self.demo_dir = Path(tempfile.mkdtemp(prefix="workstation-demo-"))
        path = self.demo_dir / "demo.db"
        records = max(0, int(self.args.demo_records))
        progress = QProgressDialog(
            QApplication.translate("Startup", "Creating the demo station..."),
            QApplication.translate("Startup", "Cancel"), 0, max(records, 1))
        progress.setObjectName("demo_progress")
        progress.setWindowTitle(QApplication.translate("Startup", "Demo"))
        progress.setWindowModality(Qt.WindowModality.ApplicationModal)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.setMinimumDuration(0)
        progress.setValue(0)
        progress.show()
        self.demo_progress = progress

        def build(control: TaskControl) -> tuple[Database, str | None]:
            from workstation.demo.generator import create_demo_station

            db = create_demo_station(path, records, seed=0, progress=control.progress)
            if control.cancelled:
                db.dispose()
                raise Cancelled
            self.db_future.set_result(db)
            return db, _station_name(db)

        control = self.runner.run(build, with_control=True, write=True,
                                  on_done=self._demo_ready, on_error=self._open_failed,
                                  on_progress=self._demo_progressed)
        progress.canceled.connect(lambda: control.cancel())

    def _demo_progressed(self, done: int, total: int) -> None:
        progress = self.demo_progress
        if progress is not None and not progress.wasCanceled():
            progress.setMaximum(max(total, 1))
            progress.setValue(min(done, max(total, 1)))

    def _hide_demo_progress(self) -> None:
        # hide(), not close(): closing a QProgressDialog emits canceled() and resets it.
        if self.demo_progress is not None:
            self.demo_progress.hide()

    def _demo_ready(self, result: tuple[Database, str | None]) -> None:
        from workstation.demo.generator import DEMO_PASSWORD, DEMO_USERNAME  # loaded by now

        if self.demo_progress is not None and self.demo_progress.wasCanceled():
            self._open_failed(Cancelled())  # cancelled just as the building finished
            return
        self._hide_demo_progress()
        self.station_name = result[1] or ""
        self._demo_hint = QApplication.translate(
            "Startup", "Demo station: log in as %1 with password %2. "
            "Everything is deleted when you quit.").replace("%1", DEMO_USERNAME).replace(
            "%2", DEMO_PASSWORD)
        self._show_login(hint=self._demo_hint)
        assert self.login is not None
        self.login.username.setText(DEMO_USERNAME)
        self.login.password.setFocus()

    def cleanup(self) -> None:
        """Close the database; delete a demo station (call after ``runner.wait()``)."""
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
            return init_station(database, setup)

        from .dialogs.setup_wizard import SetupWizard

        self.wizard = SetupWizard(self.runner, create)
        self.wizard.accepted.connect(self._wizard_done)
        self.wizard.rejected.connect(lambda: self.quit_requested.emit(0))
        self.wizard.show()

    def _show_login(self, hint: str = "") -> None:
        def authenticate(username: str, password: str) -> Actor:
            from workstation.services.auth import authenticate as check

            return check(self.db_future.result(), username, password)

        self.login = LoginDialog(self.runner, authenticate, self.station_name, hint)
        self.login.accepted.connect(lambda: self._logged_in(self.login.actor))
        self.login.rejected.connect(lambda: self.quit_requested.emit(0))
        self.login.show()

    def _wizard_done(self) -> None:
        assert self.wizard is not None
        self.station_name = self.wizard.setup().station_name.strip()
        self._logged_in(self.wizard.actor)

    def _logged_in(self, actor: Actor | None) -> None:
        if actor is None:
            return
        from .context import AppContext
        from .main_window import MainWindow
        from .pages.registry import default_pages

        ctx = AppContext(db=self.db_future.result(), actor=actor, runner=self.runner,
                         station_name=self.station_name)
        self.window = MainWindow(ctx, default_pages())
        self.window.logout_requested.connect(self.logout)
        self.window.show()
        ctx.signals.restart_requested.connect(self._restart_session)
        if self.demo_dir is None:
            from .auto_backup import AutoBackup

            self.auto_backup = AutoBackup(ctx, self.window)
            self.auto_backup.start()
        self._offer_drafts(ctx)

    # -- automatic backup at exit, restarting after a restore -------------------------------

    def exit_backup(self) -> None:
        """The automatic backup when the program closes (``run_app`` calls it after the
        event loop; the task runner must be idle)."""
        if self.auto_backup is not None and self.window is not None:
            self.auto_backup.run_at_exit()

    def _restart_session(self) -> None:
        """The database was replaced by a restore: log in again to the restored one."""
        window, self.window = self.window, None
        if window is None:
            return
        path = window.ctx.db.path
        window.ctx.db.dispose()
        self.auto_backup = None
        self.db_future = Future()
        self._show_login()
        self.runner.run(lambda: self._open_existing(path), on_done=self._opened,
                        on_error=self._open_failed)
        window.close()  # pages stop their timers; the login window keeps the program open

    def logout(self) -> None:
        """End the session (切换用户 on the lock screen): forms are saved as drafts by the
        pages as the window closes, then the login window shows again."""
        window, self.window = self.window, None
        if window is None:
            return
        self.draft_prompt = None
        self.draft_buttons = {}
        # The login shows first: closing the last window would end the application.
        self._show_login()
        window.close()  # pages save their drafts; waits for queued writes
        window.deleteLater()

    # -- drafts -----------------------------------------------------------------------------

    def _offer_drafts(self, ctx: AppContext) -> None:
        from workstation.services.drafts import list_drafts

        self.runner.run(lambda: list_drafts(ctx.db, ctx.actor), on_done=self._drafts_found)

    def _drafts_found(self, drafts: list) -> None:  # type: ignore[type-arg]
        """Offer the drafts back without blocking: the prompt is opened window-modal and its
        answer handled in ``_draft_answer``."""
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
        later = box.addButton(window.tr("Later"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(restore)
        box.setEscapeButton(later)
        box.setObjectName("draft_prompt")
        self.draft_prompt = box
        self.draft_buttons = {"restore": restore, "discard": discard, "later": later}
        box.finished.connect(lambda *_: self._draft_answer(box, list(drafts)))
        box.open()

    def _draft_answer(self, box: QMessageBox, drafts: list) -> None:  # type: ignore[type-arg]
        clicked = box.clickedButton()
        choice = next((k for k, b in self.draft_buttons.items() if b is clicked), "later")
        self.draft_prompt = None
        self.draft_buttons = {}
        box.deleteLater()
        window = self.window
        if window is None:
            return
        if choice == "restore":
            for draft in drafts:
                window.restore_draft(draft.form_key, draft.payload)
        elif choice == "discard":
            from workstation.services.drafts import discard_draft

            ctx = window.ctx
            keys = [d.form_key for d in drafts]

            def discard_all() -> None:
                for key in keys:
                    discard_draft(ctx.db, ctx.actor, key)

            self.runner.run(discard_all, write=True,
                            on_error=lambda exc: ctx.signals.status_message.emit(str(exc)))


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with names, translations, fonts and text size applied."""
    import_scan.install()  # before SQLAlchemy & co. are imported in the background
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
    startup: Startup | CountyStartup
    if getattr(args, "county", False):
        from .county.startup import CountyStartup

        startup = CountyStartup(runner, args.db)
    else:
        startup = Startup(runner, args)
    startup.quit_requested.connect(app.exit)
    startup.start()
    try:
        return app.exec()
    finally:
        runner.wait()
        startup.exit_backup()
        runner.wait()
        startup.cleanup()
