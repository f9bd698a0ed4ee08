"""From launch to the main window: setup wizard or login, demo station, recovery code,
draft recovery.

The login window shows at once. The station database is encrypted, so it opens only with a
password: the files are checked in the background while the user types (a conversion a crash
interrupted is finished, the station's name read from the key file), and logging in (Argon2,
opening and upgrading the database, and for an old plain database its encryption) runs in the
background behind a busy bar, so the first screen never freezes.
"""

from __future__ import annotations

import argparse
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QMessageBox,
    QProgressDialog,
)

from workstation.paths import default_database

from . import import_scan
from .appearance import apply_appearance, register_bundled_fonts
from .dialogs.login import LoginDialog
from .i18n import install_translators
from .tasks import Cancelled, TaskControl, TaskRunner

if TYPE_CHECKING:  # the login window must not wait for SQLAlchemy, services or the pages
    from workstation.demo.sandbox import Sandbox
    from workstation.services.security import Unlocked
    from workstation.storage.engine import Database

    from .auto_backup import AutoBackup
    from .context import AppContext
    from .county.startup import CountyStartup
    from .dialogs.setup_wizard import SetupWizard
    from .main_window import MainWindow


def _inspect(path: Path) -> tuple[str, str | None]:
    """Finish an interrupted conversion; the station's status and name (worker thread)."""
    from workstation.services.security import StationStatus, login_station_name, prepare_station
    from workstation.storage.keyslots import KeySlotError, keyfile_path

    status = prepare_station(path)
    if status is StationStatus.NO_KEYS:
        raise KeySlotError(f"找不到数据库密钥文件：{keyfile_path(path)}（数据库已加密，"
                           "请从备份中恢复该文件）")
    name = login_station_name(path) if status is not StationStatus.MISSING else None
    return str(status), name


def _station_files_exist(path: Path) -> bool:
    """A database, or the files of one being converted (cheap: checked on the GUI thread)."""
    return any(p.exists() for p in (path, path.with_name(path.name + ".encrypting"),
                                    path.with_name(path.name + ".plain")))


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
        #: The open database once someone logged in (or created the station).
        self.db_future: Future[Database] = Future()
        self.path: Path | None = None
        self.station_name = ""
        #: The recovery code dialog shown after logging in, while it is open.
        self.recovery_dialog: QDialog | None = None
        self.window: MainWindow | None = None
        self.login: LoginDialog | None = None
        self.wizard: SetupWizard | None = None
        #: A demo's folder (its sandbox: database, data and backups), deleted at the end.
        self.demo_dir: Path | None = None
        self.demo_sandbox: Sandbox | None = None
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
        self.path = path
        if not _station_files_exist(path):
            self._show_wizard(path)
            return
        self._show_login()
        self.runner.run(lambda: _inspect(path), on_done=self._inspected,
                        on_error=self._open_failed)
        self.runner.run(_warm_up)
        self.runner.run(_import_main_window)

    def _inspected(self, result: tuple[str, str | None]) -> None:
        status, name = result
        assert self.path is not None
        if status == "missing" or name is None:  # no station in it (yet)
            if self.login is not None:
                self.login.hide()
            self._show_wizard(self.path)
            return
        self.station_name = name
        if self.login is not None:
            self.login.set_station_name(name)
            if status == "plain":
                self.login.set_note(QApplication.translate(
                    "Startup", "This database is not encrypted yet. It is encrypted when you "
                    "log in, which can take a moment; then every operator logs in as before."))
                self.login.set_recover(None)

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
        from workstation import paths
        from workstation.demo.sandbox import make_sandbox, remove_stale

        remove_stale()  # folders of demos that were killed
        self.demo_sandbox = make_sandbox()
        self.demo_dir = self.demo_sandbox.root
        paths.use_sandbox(self.demo_dir)  # its data and backups stay inside
        path = self.demo_sandbox.data_dir / "demo.db"
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
        self.path = path

        def build(control: TaskControl) -> str:
            from workstation.demo.generator import create_demo_station

            db = create_demo_station(path, records, seed=0, progress=control.progress)
            db.dispose()  # opened again by logging in, like any station
            if control.cancelled:
                raise Cancelled
            return "海港镇公共法律服务工作站"

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

    def _demo_ready(self, station_name: str) -> None:
        from workstation.demo.generator import DEMO_PASSWORD, DEMO_USERNAME  # loaded by now

        if self.demo_progress is not None and self.demo_progress.wasCanceled():
            self._open_failed(Cancelled())  # cancelled just as the building finished
            return
        self._hide_demo_progress()
        self.station_name = station_name
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
        if self.demo_sandbox is not None:
            from workstation import paths

            paths.use_sandbox(None)
            self.demo_sandbox.close()
            self.demo_sandbox = None

    # -- wizard and login -------------------------------------------------------------------

    def _show_wizard(self, path: Path) -> None:
        def create(setup):  # type: ignore[no-untyped-def]
            from workstation.services.security import create_station

            made = create_station(path, setup)
            self.db_future.set_result(made.db)
            return made

        from .dialogs.setup_wizard import SetupWizard

        self.wizard = SetupWizard(self.runner, create)
        self.wizard.accepted.connect(self._wizard_done)
        self.wizard.rejected.connect(lambda: self.quit_requested.emit(0))
        self.wizard.show()

    def _show_login(self, hint: str = "") -> None:
        path = self.path
        assert path is not None

        def unlock(username: str, password: str) -> Unlocked:
            from workstation.services.security import unlock_station

            unlocked = unlock_station(path, username, password)
            self.db_future.set_result(unlocked.db)
            return unlocked

        def recover(code: str, username: str, password: str) -> Unlocked:
            from workstation.services.security import recover_admin

            unlocked = recover_admin(path, code, username, password)
            self.db_future.set_result(unlocked.db)
            return unlocked

        self.login = LoginDialog(self.runner, unlock, self.station_name, hint, recover=recover)
        self.login.accepted.connect(lambda: self._logged_in(self.login.result_value))
        self.login.rejected.connect(lambda: self.quit_requested.emit(0))
        self.login.show()

    def _wizard_done(self) -> None:
        assert self.wizard is not None
        made = self.wizard.result_value
        if made is None:
            return
        self.station_name = made.station_name
        if self.wizard.recovery_confirmed:
            self._confirm_recovery(made.db, made.actor)
        self._logged_in(made, show_code=False)

    def _logged_in(self, unlocked: Unlocked | None, *, show_code: bool = True) -> None:
        if unlocked is None:
            return
        from .context import AppContext
        from .main_window import MainWindow
        from .pages.registry import default_pages

        self.station_name = unlocked.station_name or self.station_name
        ctx = AppContext(db=unlocked.db, actor=unlocked.actor, runner=self.runner,
                         station_name=self.station_name)
        self.window = MainWindow(ctx, default_pages(unlocked.actor))
        self.window.logout_requested.connect(self.logout)
        self.window.show()
        ctx.signals.restart_requested.connect(self._restart_session)
        if self.demo_dir is None:
            from .auto_backup import AutoBackup

            self.auto_backup = AutoBackup(ctx, self.window)
            self.auto_backup.start()
            from .sync.background import BackgroundUploader

            BackgroundUploader(ctx, self.window).start()  # a child of the window
            from .security.plain_backups import PlainBackupsPrompt

            PlainBackupsPrompt(ctx, self.window).start()  # admins: asked until they are gone
        if show_code and unlocked.recovery_code:
            self._show_recovery_code(ctx, unlocked.recovery_code)
        elif show_code and unlocked.recovery_due:
            from workstation.services.security import renew_recovery_code

            self.runner.run(lambda: renew_recovery_code(ctx.db, ctx.actor), write=True,
                            on_done=lambda code: self._show_recovery_code(ctx, code),
                            on_error=lambda _e: self._offer_drafts(ctx))
        else:
            self._offer_drafts(ctx)

    # -- the recovery code ------------------------------------------------------------------

    def _show_recovery_code(self, ctx: AppContext, code: str) -> None:
        """Show a recovery code nobody has seen yet (a database just encrypted, or a code never
        confirmed), over the main window; the drafts prompt follows."""
        from .security.recovery_code import RecoveryCodeDialog

        assert self.window is not None
        dialog = RecoveryCodeDialog(self.runner, self.station_name, code, self.window)
        dialog.setObjectName("recovery_code_dialog")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)

        def closed(result: int) -> None:
            self.recovery_dialog = None
            if result == QDialog.DialogCode.Accepted.value:
                self._confirm_recovery(ctx.db, ctx.actor)
            dialog.deleteLater()
            self._offer_drafts(ctx)

        dialog.finished.connect(closed)
        self.recovery_dialog = dialog
        dialog.open()

    def _confirm_recovery(self, db: Database, actor: object) -> None:
        from workstation.services.security import confirm_recovery_recorded

        self.runner.run(lambda: confirm_recovery_recorded(db, actor), write=True)  # type: ignore[arg-type]

    # -- automatic backup at exit, restarting after a restore -------------------------------

    def exit_backup(self) -> None:
        """The automatic backup when the program closes (``run_app`` calls it after the
        event loop; the task runner must be idle)."""
        if self.auto_backup is not None and self.window is not None:
            self.auto_backup.run_at_exit()

    def _restart_session(self) -> None:
        """The database was replaced by a restore: log in again to the restored one."""
        self._back_to_login()
        if self.path is not None:
            path = self.path
            self.runner.run(lambda: _inspect(path), on_done=self._inspected,
                            on_error=self._open_failed)

    def logout(self) -> None:
        """End the session (切换用户 on the lock screen): forms are saved as drafts by the
        pages as the window closes, then the login window shows again."""
        self._back_to_login()

    def _back_to_login(self) -> None:
        """Close the window (its pages save drafts and finish queued writes), close the
        database, and show the login for the same station."""
        window, self.window = self.window, None
        if window is None:
            return
        self.path = window.ctx.db.path
        self.auto_backup = None
        self.draft_prompt = None
        self.draft_buttons = {}
        # The login shows first: closing the last window would end the application.
        self._show_login(hint=self._demo_hint)
        window.close()
        window.deleteLater()
        self.runner.wait()
        window.ctx.db.dispose()
        self.db_future = Future()

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
    install_translators(app)  # before any translated text, the display name included
    app.setApplicationDisplayName(QApplication.translate("Startup", "Public Legal Service "
                                                         "Workstation"))
    bundled = register_bundled_fonts()
    apply_appearance(app, QSettings(), bundled)
    return app


def run_app(args: argparse.Namespace) -> int:
    app = create_application([])
    from .gc_guard import MainThreadGarbageCollector

    collector = MainThreadGarbageCollector(app)  # noqa: F841  (lives as long as the app)
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
