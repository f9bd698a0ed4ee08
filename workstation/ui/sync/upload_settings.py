"""在线上传 settings on the 同步 page (station admins): automatic upload on/off, the county
receiver's address, the pinned TLS certificate fingerprint (typed, or read from the county's
certificate file), 测试连接 and 立即上传.

Everything that touches the database, a file or the network runs through ``ctx.runner``
(``workstation.sync.uploader``); the worker functions never touch widgets. After a save or an
upload ``ctx.signals.sync_upload_changed`` tells the status bar to read the state again.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from workstation.services.context import Actor
from workstation.storage.engine import Database

from ..appearance import set_role
from ..context import AppContext

#: QSettings key: the folder the county's certificate file was last read from.
SETTING_CERT_DIR = "sync/cert_dir"
MAX_CERT_FILE = 256 * 1024


# --- background work (no Qt) --------------------------------------------------------------------


def load_settings(db: Database) -> Any:
    from workstation.sync.uploader import load_state

    return load_state(db)


def save_settings(db: Database, actor: Actor, enabled: bool, url: str, pin: str) -> Any:
    from workstation.sync import uploader

    return uploader.save_settings(db, actor, enabled=enabled, url=url, pin_sha256=pin)


def read_certificate(path: str) -> str:
    from workstation.sync.client import certificate_fingerprint
    from workstation.sync.errors import SyncError

    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_CERT_FILE)
        return certificate_fingerprint(data)
    except OSError as exc:
        raise SyncError(f"无法读取证书文件 {Path(path).name}：{exc.strerror or exc}") from exc
    except ValueError as exc:
        raise SyncError(str(exc)) from exc


def probe_connection(db: Database, url: str, pin: str) -> str:
    from workstation.sync.uploader import check_connection

    return check_connection(db, url, pin)


def upload_now(db: Database, check: Any, actor: Any = None) -> Any:
    from workstation.sync.uploader import Uploader

    return Uploader(db, actor=actor).run(manual=True, check=check)


# --- the box ------------------------------------------------------------------------------------


class UploadSettingsBox(QGroupBox):
    """The 在线上传 group of the 同步 page (shown to admins only)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.busy = False
        self.setTitle(self.tr("Online upload"))
        self.setObjectName("upload_settings")
        grid = QGridLayout(self)
        grid.setColumnStretch(1, 1)

        self.enabled_box = QCheckBox(self.tr("Upload automatically to the county center"))
        self.enabled_box.setObjectName("upload_enabled")
        grid.addWidget(self.enabled_box, 0, 0, 1, 3)

        grid.addWidget(QLabel(self.tr("County center address:")), 1, 0)
        self.url_edit = QLineEdit()
        self.url_edit.setObjectName("upload_url")
        self.url_edit.setPlaceholderText(self.tr("The address the county center gives you"))
        grid.addWidget(self.url_edit, 1, 1, 1, 2)

        grid.addWidget(QLabel(self.tr("Certificate fingerprint:")), 2, 0)
        self.pin_edit = QLineEdit()
        self.pin_edit.setObjectName("upload_pin")
        self.pin_edit.setPlaceholderText(self.tr("SHA-256; only for secure addresses"))
        grid.addWidget(self.pin_edit, 2, 1)
        self.cert_button = QPushButton(self.tr("From certificate file..."))
        self.cert_button.setObjectName("upload_cert_file")
        self.cert_button.clicked.connect(self.choose_certificate)
        grid.addWidget(self.cert_button, 2, 2)

        buttons = QHBoxLayout()
        self.save_button = QPushButton(self.tr("Save settings"))
        self.save_button.setObjectName("upload_save")
        self.save_button.clicked.connect(self.save)
        self.test_button = QPushButton(self.tr("Test connection"))
        self.test_button.setObjectName("upload_test")
        self.test_button.clicked.connect(self.test)
        self.upload_button = QPushButton(self.tr("Upload now"))
        self.upload_button.setObjectName("upload_now")
        self.upload_button.clicked.connect(self.upload)
        for button in (self.save_button, self.test_button, self.upload_button):
            button.setProperty("role", "wide")
            buttons.addWidget(button)
        buttons.addStretch(1)
        grid.addLayout(buttons, 3, 0, 1, 3)

        self.result_label = QLabel()
        self.result_label.setObjectName("upload_result")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_label.hide()  # until there is something to say
        grid.addWidget(self.result_label, 4, 0, 1, 3)
        hint = QLabel(self.tr(
            "The county center gives you its address and its certificate fingerprint. "
            "Without a network the station keeps trying (1 minute, then "
            "longer, up to every hour); USB export still works at any time."))
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        grid.addWidget(hint, 5, 0, 1, 3)
        self._set_busy(True)  # until loaded

    def chain_tab_order(self, before: QWidget, after: QWidget) -> None:
        """Put the box's fields between ``before`` and ``after`` in the page's Tab order."""
        chain = [before, self.enabled_box, self.url_edit, self.pin_edit, self.cert_button,
                 self.save_button, self.test_button, self.upload_button, after]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    # -- loading -----------------------------------------------------------------------------

    def refresh(self) -> None:
        db = self.ctx.db
        self.ctx.runner.run(lambda: load_settings(db), on_done=self.show_settings,
                            on_error=self._failed)

    def show_settings(self, state: Any) -> None:
        self.enabled_box.setChecked(state.enabled)
        self.url_edit.setText(state.url)
        self.pin_edit.setText(state.pin_sha256)
        self._set_busy(False)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for widget in (self.save_button, self.test_button, self.upload_button,
                       self.cert_button):
            widget.setEnabled(not busy)

    def _say(self, text: str, role: str) -> None:
        self.result_label.setText(text)
        set_role(self.result_label, role)
        self.result_label.setVisible(bool(text))

    def _failed(self, error: BaseException) -> None:
        from ..widgets.forms import error_message

        self._set_busy(False)
        self._say(error_message(error), "error")

    # -- actions -----------------------------------------------------------------------------

    def choose_certificate(self) -> None:
        stored = str(QSettings().value(SETTING_CERT_DIR, "") or "")
        start = stored if stored and Path(stored).is_dir() else str(Path.home())
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Choose the county center's certificate"), start,
            self.tr("Certificates (*.crt *.pem *.cer);;All files (*)"))
        if not path:
            return
        QSettings().setValue(SETTING_CERT_DIR, str(Path(path).parent))
        self._set_busy(True)
        self.ctx.runner.run(lambda: read_certificate(path), on_done=self._certificate_read,
                            on_error=self._failed)

    def _certificate_read(self, fingerprint: str) -> None:
        self._set_busy(False)
        self.pin_edit.setText(fingerprint)
        self._say(self.tr("Fingerprint read from the certificate; save the settings to use "
                          "it."), "hint")

    def save(self) -> None:
        if self.busy:
            return
        db, actor = self.ctx.db, self.ctx.actor
        enabled, url, pin = (self.enabled_box.isChecked(), self.url_edit.text(),
                             self.pin_edit.text())
        self._set_busy(True)
        self.ctx.runner.run(lambda: save_settings(db, actor, enabled, url, pin), write=True,
                            on_done=self._saved, on_error=self._failed)

    def _saved(self, state: Any) -> None:
        self.show_settings(state)
        self._say(self.tr("Settings saved. Automatic upload is on.") if state.enabled
                  else self.tr("Settings saved. Automatic upload is off."), "ok")
        self.ctx.signals.sync_upload_changed.emit()

    def test(self) -> None:
        if self.busy:
            return
        db, url, pin = self.ctx.db, self.url_edit.text(), self.pin_edit.text()
        self._set_busy(True)
        self._say(self.tr("Connecting to the county center..."), "hint")
        self.ctx.runner.run(lambda: probe_connection(db, url, pin), on_done=self._tested,
                            on_error=self._failed)

    def _tested(self, verdict: str) -> None:
        self._set_busy(False)
        self._say(verdict, "ok")

    def upload(self) -> None:
        if self.busy:
            return
        db, actor = self.ctx.db, self.ctx.actor
        self._set_busy(True)
        self._say(self.tr("Uploading..."), "hint")
        self.ctx.runner.run(lambda control: upload_now(db, control.check, actor),
                            with_control=True,
                            on_done=self._uploaded, on_error=self._failed)

    def _uploaded(self, attempt: Any) -> None:
        self._set_busy(False)
        self._say(self.summary(attempt), "error" if attempt.failed else "ok")
        self.ctx.signals.sync_upload_changed.emit()
        if attempt.decisions_applied:
            self.ctx.signals.records_changed.emit("aid_referral")

    def summary(self, attempt: Any) -> str:
        """What 立即上传 did, in a few lines."""
        from workstation.sync.uploader import REFUSED

        if attempt.failed:
            lines = [attempt.message]
            if attempt.outcome == REFUSED:
                lines.append(self.tr(
                    "This bundle will not be sent again automatically. Please call the county "
                    "center; once the cause is cleared, press Upload now (a new bundle is "
                    "exported) or export to a USB stick."))
            elif attempt.state.next_attempt_at is not None and attempt.state.enabled:
                lines.append(self.tr("Next automatic try: %1").replace(
                    "%1", attempt.state.next_attempt_at.astimezone().strftime("%H:%M")))
            return "\n".join(lines)
        if attempt.uploaded:
            lines = [self.tr("Uploaded %1 bundle(s); the county center confirmed bundles up "
                             "to No. %2.").replace("%1", str(attempt.uploaded))
                     .replace("%2", str(attempt.acked_bundle_seq))]
        else:
            lines = [self.tr("Nothing new to upload.")]
        if attempt.decisions_applied:
            lines.append(self.tr("County decisions on legal aid applications applied: %1")
                         .replace("%1", str(attempt.decisions_applied)))
        lines += [self.tr("Not applied: %1").replace("%1", note)
                  for note in attempt.decisions_skipped]
        return "\n".join(lines)
