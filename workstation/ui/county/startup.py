"""From ``python main.py --county --db PATH_OR_URL`` to the county console.

The county is looked at in the background (``county.security.county_state``). A county with
operators asks for a user name and password (the station's login dialog; one message for a
wrong user or password, throttled like the station) and opens as that operator: the console
shows only what their role may do (``county.access``). Where no county exists yet, or an old
plain one, the first admin is asked for and the county is created (or encrypted), and the
recovery code shown once. Anything that cannot be opened is said in one Chinese message and
the application ends.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from workstation.paths import data_dir

from ..tasks import TaskRunner

if TYPE_CHECKING:
    from workstation.county.db import CountyDatabase

    from .window import CountyWindow


def default_county_database() -> Path:
    return data_dir() / "county.db"


def _console_result(db: CountyDatabase, target: str) -> tuple[CountyDatabase, str, str]:
    from workstation.county import service
    from workstation.county.db import display
    from workstation.sync import keys

    try:
        public = service.load_keys(db).public()
    except BaseException:
        db.dispose()
        raise
    return db, keys.fingerprint(public.box), display(target)


def log_in_console(target: str, username: str, password: str
                   ) -> tuple[CountyDatabase, str, str]:
    """Worker: the county opened by this operator, its key fingerprint, its label."""
    from workstation.county.security import unlock_county

    return _console_result(unlock_county(target, username, password), target)


def recover_console(target: str, code: str, username: str, password: str
                    ) -> tuple[CountyDatabase, str, str]:
    from workstation.county.security import recover_admin

    return _console_result(recover_admin(target, code, username, password), target)


def create_console(target: str, username: str, name: str, password: str
                   ) -> tuple[tuple[CountyDatabase, str, str], str]:
    """Worker: the county created (or an old plain one encrypted) with its first admin
    logged in; and the recovery code to show once."""
    from workstation.county.security import create_county

    created = create_county(target, username=username, name=name, password=password)
    return _console_result(created.db, target), created.recovery_code


class CountyStartup(QObject):
    """Opens (or creates) the county database, then shows ``window``."""

    #: The application should end with this exit code.
    quit_requested = Signal(int)

    def __init__(self, runner: TaskRunner, target: str | Path | None) -> None:
        super().__init__()
        self.runner = runner
        self.target = str(target) if target else str(default_county_database())
        self.db: CountyDatabase | None = None
        self.window: CountyWindow | None = None
        #: The dialog asking for credentials (login, or the first admin) while it is open.
        self.login_dialog: QDialog | None = None
        self.recovery_dialog: QDialog | None = None
        self.error_box: QMessageBox | None = None

    def start(self) -> None:
        from workstation.county.security import county_state

        target = self.target
        self.runner.run(lambda: county_state(target), on_done=self._state_known,
                        on_error=self._failed)

    def _state_known(self, state: Any) -> None:
        from workstation.county.security import CountyState

        if state is CountyState.LOCKED:
            self._ask_login()
        elif state is CountyState.MISSING:
            self._ask_first_admin(QApplication.translate(
                "CountyStartup", "There is no county database at %1. Create it: enter the "
                "first county administrator (the county's keys are made too).").replace(
                "%1", self.target))
        elif state is CountyState.PLAIN:
            self._ask_first_admin(QApplication.translate(
                "CountyStartup", "The county database at %1 is not encrypted and has no "
                "operators. Enter the first county administrator: the database is then "
                "encrypted and the unencrypted file destroyed.").replace("%1", self.target))
        else:  # the key file is gone: said in the service's words
            from workstation.county.security import unlock_county

            target = self.target
            self.runner.run(lambda: unlock_county(target, "", ""),
                            on_done=lambda _db: None, on_error=self._failed)

    # -- logging in --------------------------------------------------------------------------

    def _ask_login(self) -> None:
        from workstation.county.db import display

        from ..dialogs.login import LoginDialog

        target = self.target
        # Which county database this login opens (a file path, or a URL without its password).
        where = QApplication.translate("CountyStartup", "Database: %1").replace(
            "%1", display(target))
        dialog = LoginDialog(
            self.runner, lambda user, password: log_in_console(target, user, password),
            QApplication.translate("CountyStartup", "County console"), hint=where,
            recover=lambda code, user, password: recover_console(target, code, user,
                                                                 password))
        dialog.setObjectName("county_login")
        dialog.finished.connect(lambda code: self._login_finished(dialog, code))
        self.login_dialog = dialog
        dialog.open()

    def _login_finished(self, dialog: Any, code: int) -> None:
        self.login_dialog = None
        if code != QDialog.DialogCode.Accepted or dialog.result_value is None:
            self.quit_requested.emit(0)
            return
        self._opened(dialog.result_value)

    def _ask_first_admin(self, intro: str) -> None:
        from .first_admin import FirstAdminDialog

        target = self.target
        dialog = FirstAdminDialog(
            self.runner, lambda user, name, password: create_console(target, user, name,
                                                                    password), intro=intro)
        dialog.setObjectName("county_first_admin")
        dialog.finished.connect(lambda code: self._created(dialog, code))
        self.login_dialog = dialog
        dialog.open()

    def _created(self, dialog: Any, code: int) -> None:
        self.login_dialog = None
        if code != QDialog.DialogCode.Accepted or dialog.result_value is None:
            self.quit_requested.emit(0)
            return
        opened, recovery_code = dialog.result_value
        self._opened(opened)
        from ..security.recovery_code import RecoveryCodeDialog

        shown = RecoveryCodeDialog(self.runner, QApplication.translate(
            "CountyStartup", "County console"), recovery_code, self.window)
        shown.setObjectName("county_recovery_code")
        self.recovery_dialog = shown
        shown.open()

    # -- opened ------------------------------------------------------------------------------

    def _opened(self, result: tuple[Any, str, str]) -> None:
        from .context import CountyContext
        from .window import CountyWindow

        db, fingerprint, label = result
        self.db = db
        ctx = CountyContext(db=db, runner=self.runner, label=label, key_fingerprint=fingerprint)
        self.window = CountyWindow(ctx)
        self.window.show()

    def _failed(self, error: BaseException) -> None:
        box = QMessageBox(QMessageBox.Icon.Critical,
                          QApplication.translate("CountyStartup",
                                                 "Cannot open the county database"),
                          str(error))
        box.setObjectName("county_open_failed")
        box.finished.connect(lambda *_: self.quit_requested.emit(1))
        self.error_box = box
        box.open()

    def exit_backup(self) -> None:
        """Nothing to do: the county database is backed up by the county's own means (its
        server, or copies of the file); ``run_app`` calls this for either console."""

    def cleanup(self) -> None:
        """Close the database (call after ``runner.wait()``)."""
        if self.db is not None:
            self.db.dispose()
            self.db = None
