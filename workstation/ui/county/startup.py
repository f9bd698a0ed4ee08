"""From ``python main.py --county --db PATH_OR_URL`` to the county console.

The database opens in the background (SQLAlchemy, the driver and the keys load there). A path
where no file exists, or a PostgreSQL database without any table, is offered to be made into
a new county database (with its keys, as ``county init`` does); anything else that cannot be
opened is said in one Chinese message and the application ends.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

from workstation.paths import data_dir

from ..tasks import TaskRunner

if TYPE_CHECKING:
    from workstation.county.db import CountyDatabase

    from .window import CountyWindow


def default_county_database() -> Path:
    return data_dir() / "county.db"


def open_console_db(target: str, create: bool) -> tuple[CountyDatabase, str, str]:
    """Worker: the open county database, its key fingerprint and its label for display."""
    from workstation.county import service
    from workstation.county.db import display, open_county
    from workstation.sync import keys

    db = open_county(target, create=create)
    try:
        public = service.init_county(db) if create else service.load_keys(db).public()
    except BaseException:
        db.dispose()
        raise
    return db, keys.fingerprint(public.box), display(target)


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
        #: The "create a new county database?" question while it is open.
        self.create_prompt: QMessageBox | None = None
        self.error_box: QMessageBox | None = None
        self.progress: QProgressDialog | None = None

    def start(self) -> None:
        if "://" not in self.target and not Path(self.target).exists():
            self._offer_create(QApplication.translate(
                "CountyStartup", "There is no county database at %1.").replace(
                "%1", self.target))
            return
        self._open(create=False)

    # -- opening -----------------------------------------------------------------------------

    def _open(self, create: bool) -> None:
        progress = QProgressDialog(
            QApplication.translate("CountyStartup", "Creating the county database...") if create
            else QApplication.translate("CountyStartup", "Opening the county database..."),
            "", 0, 0)
        progress.setObjectName("county_opening")
        progress.setWindowTitle(QApplication.translate("CountyStartup", "County console"))
        progress.setCancelButton(None)  # type: ignore[arg-type]
        progress.setWindowModality(Qt.WindowModality.ApplicationModal)
        progress.setMinimumDuration(400)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        self.progress = progress
        target = self.target
        self.runner.run(lambda: open_console_db(target, create), write=create,
                        on_done=self._opened, on_error=self._failed)

    def _hide_progress(self) -> None:
        if self.progress is not None:
            self.progress.hide()
            self.progress.deleteLater()
            self.progress = None

    def _opened(self, result: tuple[Any, str, str]) -> None:
        self._hide_progress()
        from .context import CountyContext
        from .window import CountyWindow

        db, fingerprint, label = result
        self.db = db
        ctx = CountyContext(db=db, runner=self.runner, label=label, key_fingerprint=fingerprint)
        self.window = CountyWindow(ctx)
        self.window.show()

    def _failed(self, error: BaseException) -> None:
        self._hide_progress()
        from workstation.county.db import CountyNotFound

        if isinstance(error, CountyNotFound):
            self._offer_create(str(error).split("（")[0])
            return
        box = QMessageBox(QMessageBox.Icon.Critical,
                          QApplication.translate("CountyStartup",
                                                 "Cannot open the county database"),
                          str(error))
        box.setObjectName("county_open_failed")
        box.finished.connect(lambda *_: self.quit_requested.emit(1))
        self.error_box = box
        box.open()

    # -- creating ----------------------------------------------------------------------------

    def _offer_create(self, reason: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Question,
                          QApplication.translate("CountyStartup", "County console"),
                          reason + "\n\n" + QApplication.translate(
                              "CountyStartup", "Create a new county database there? Its keys "
                              "are made too (as the county init command does)."))
        box.setObjectName("county_create_prompt")
        create = box.addButton(QApplication.translate("CountyStartup", "Create"),
                               QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QApplication.translate("CountyStartup", "Quit"),
                      QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(create)
        box.finished.connect(lambda *_: self._create_answered(box.clickedButton() is create))
        self.create_prompt = box
        box.open()

    def _create_answered(self, create: bool) -> None:
        self.create_prompt = None
        if create:
            self._open(create=True)
        else:
            self.quit_requested.emit(0)

    def exit_backup(self) -> None:
        """Nothing to do: the county database is backed up by the county's own means (its
        server, or copies of the file); ``run_app`` calls this for either console."""

    def cleanup(self) -> None:
        """Close the database (call after ``runner.wait()``)."""
        if self.db is not None:
            self.db.dispose()
            self.db = None
