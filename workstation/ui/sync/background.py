"""The app's background uploader and its note in the main window's status bar.

When automatic upload is on (同步 → 在线上传) it starts an attempt (``sync/uploader.py``):

- every ``PERIOD_MS`` (10 minutes) when there is something to send or a decision to fetch;
- ``IDLE_MS`` after the last save (a save restarts the wait, so typing a series of records
  uploads once, when the operator pauses);
- when a back-off retry falls due (checked every ``TICK_MS``; the time survives restarts).

Attempts run through ``ctx.runner`` (never on the GUI thread), one at a time; closing the
window (logout, exit) cancels the attempt between steps. The note reads 已同步 HH:MM /
正在上传…… / 等待网络，下次重试 HH:MM / 县级中心拒收：reason, followed by "· N 条记录待核对"
while conflicts the county reported wait to be settled; its tooltip has the last error.

An acknowledgement applied in the background is treated as one imported from a USB stick:
its version notice is remembered (``version_notice.remember_notice``), and
``signals.sync_ack_applied`` tells the 同步 page to show it and its conflicts.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QLabel, QMainWindow

from workstation.storage.engine import Database

from ..appearance import set_role
from ..context import AppContext

PERIOD_MS = 10 * 60 * 1000
IDLE_MS = 60 * 1000
TICK_MS = 60 * 1000


# --- background work (no Qt) --------------------------------------------------------------------


def _load(db: Database) -> tuple[Any, int]:
    """The upload state and the number of open conflicts."""
    from workstation.sync.uploader import load_state

    return load_state(db), _open_conflicts(db)


def _open_conflicts(db: Database) -> int:
    from workstation.sync.station_conflicts import open_count

    return open_count(db)


def _attempt(uploader: Any, check: Callable[[], None]) -> Any:
    """One automatic attempt if it is due and has work; None otherwise."""
    if not uploader.due() or not uploader.wanted():
        return None
    return uploader.run(check=check)


# --- the status note ----------------------------------------------------------------------------


def _hhmm(value: datetime | None) -> str:
    return value.astimezone().strftime("%H:%M") if value else ""


class UploadStatus(QObject):
    """Words and style of the status-bar note for an upload state."""

    def describe(self, state: Any, running: bool) -> tuple[str, str, str]:
        """(text, style role, tooltip); text "" hides the note."""
        from workstation.sync.uploader import NETWORK, OK, REFUSED, RETRY

        tip = state.last_error
        if running:
            return self.tr("Uploading..."), "hint", tip
        if not state.url or (not state.enabled and not state.last_result):
            return "", "", ""
        result, nxt = state.last_result, _hhmm(state.next_attempt_at)
        if result == OK:
            return (self.tr("Synced %1").replace("%1", _hhmm(state.last_success_at)), "ok",
                    tip)
        if result == NETWORK:
            return (self.tr("Waiting for the network, next try %1").replace("%1", nxt),
                    "warning", tip)
        if result == RETRY:
            return (self.tr("County center busy, next try %1").replace("%1", nxt), "warning",
                    tip)
        if result == REFUSED:
            reason = state.last_error.removeprefix("县级中心拒收：")
            return self.tr("Refused by the county: %1").replace("%1", reason), "alert", tip
        if result:
            return (self.tr("Upload failed, next try %1").replace("%1", nxt), "alert", tip)
        return self.tr("Automatic upload on"), "hint", tip

    def with_conflicts(self, text: str, role: str, conflicts: int) -> tuple[str, str]:
        """The note followed by the number of conflicts waiting (they need a person)."""
        if not text or conflicts <= 0:
            return text, role
        more = self.tr("%1 · %2 record(s) to check").replace("%1", text).replace(
            "%2", str(conflicts))
        return more, "warning" if role in ("ok", "hint") else role


class BackgroundUploader(QObject):
    """Automatic upload for the session of ``ctx``; its note lives in ``window``'s status
    bar. ``uploader`` (a ``sync.uploader.Uploader``) may be injected by tests."""

    def __init__(self, ctx: AppContext, window: QMainWindow, uploader: Any = None) -> None:
        super().__init__(window)
        from workstation.sync.uploader import Uploader

        self.ctx = ctx
        self.window = window
        self.uploader = (uploader if uploader is not None
                         else Uploader(ctx.db, actor=ctx.actor))
        self.words = UploadStatus(self)
        self.state: Any = None
        #: Conflicts the county reported that wait to be settled here.
        self.conflicts = 0
        self.running = False
        self.control: Any = None
        self.stopped = False
        self.label = QLabel()
        self.label.setObjectName("upload_state")
        self.label.hide()
        window.statusBar().addPermanentWidget(self.label)

        self.period = QTimer(self)
        self.period.setInterval(PERIOD_MS)
        self.period.timeout.connect(self.attempt)
        self.tick = QTimer(self)
        self.tick.setInterval(TICK_MS)
        self.tick.timeout.connect(self._retry_if_due)
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.setInterval(IDLE_MS)
        self.idle.timeout.connect(self.attempt)
        ctx.signals.records_changed.connect(lambda *_: self._saved())
        ctx.signals.sync_upload_changed.connect(self._settings_changed)
        window.installEventFilter(self)

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> None:
        """Read the stored state, show it, and begin (an attempt soon if one is due)."""
        self.period.start()
        self.tick.start()
        self.reload(then_attempt=True)

    def stop(self) -> None:
        """No further attempts; the running one stops at its next step."""
        self.stopped = True
        for timer in (self.period, self.tick, self.idle):
            timer.stop()
        if self.control is not None:
            self.control.cancel()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.stop()
        return False

    def reload(self, then_attempt: bool = False) -> None:
        db = self.ctx.db

        def loaded(found: tuple[Any, int]) -> None:
            state, self.conflicts = found
            self.show_state(state)
            if then_attempt:
                self.attempt()

        self.ctx.runner.run(lambda: _load(db), on_done=loaded)

    def _settings_changed(self) -> None:
        self.reload(then_attempt=True)

    # -- triggers ----------------------------------------------------------------------------

    def _saved(self) -> None:
        if not self.stopped and (self.conflicts or (self.state is not None and self.state.url)):
            # A conflict settled, or an acknowledgement imported from a USB stick
            # (records_changed follows both): count again.
            self._count_conflicts()
        if self.state is not None and self.state.enabled and not self.stopped:
            self.idle.start()  # restarts: the attempt follows the last save of a series

    def _count_conflicts(self) -> None:
        db = self.ctx.db

        def counted(count: int) -> None:
            self.conflicts = count
            if self.state is not None:
                self.show_state(self.state)

        self.ctx.runner.run(lambda: _open_conflicts(db), on_done=counted,
                            on_error=lambda _e: None)  # the note keeps the last count

    def _retry_if_due(self) -> None:
        state = self.state
        if state is not None and state.failures and state.due(datetime.now(UTC)):
            self.attempt()

    def attempt(self) -> None:
        """Start an automatic attempt unless one runs, uploading is off, or it is not due."""
        if self.running or self.stopped or self.state is None or not self.state.enabled:
            return
        uploader = self.uploader
        self.running = True
        self.show_state(self.state)
        self.control = self.ctx.runner.run(lambda control: _attempt(uploader, control.check),
                                           with_control=True, on_done=self._done,
                                           on_error=self._error)

    # -- results -----------------------------------------------------------------------------

    def _done(self, attempt: Any) -> None:
        self.running = False
        self.control = None
        if attempt is None:
            self.show_state(self.state)
            return
        if attempt.ack is not None:
            self._ack_applied(attempt.ack)
        self.show_state(attempt.state)
        if attempt.uploaded or attempt.decisions_applied:
            refresh = getattr(self.window, "refresh_unsynced", None)
            if refresh is not None:
                refresh()
        if attempt.decisions_applied:
            self.ctx.signals.status_message.emit(self.tr(
                "County decisions on legal aid applications applied: %1").replace(
                "%1", str(attempt.decisions_applied)))

    def _ack_applied(self, result: Any) -> None:
        """As after an acknowledgement imported from a USB stick: its version notice is
        remembered, the 同步 page shows it and the conflicts, the note counts them."""
        from .version_notice import remember_notice

        remember_notice(result)
        if result.conflicts_open and result.conflicts_open != self.conflicts:
            self.ctx.signals.status_message.emit(self.tr(
                "The county center reported %1 record(s) it holds differently: see Sync")
                .replace("%1", str(result.conflicts_open)))
        self.conflicts = result.conflicts_open
        self.ctx.signals.sync_ack_applied.emit(result)

    def _error(self, error: BaseException) -> None:
        """Cancelled (logout), or an error outside the upload's own (e.g. the database)."""
        self.running = False
        self.control = None
        if not self.stopped:
            self.label.setToolTip(str(error))
            self.reload()

    def show_state(self, state: Any) -> None:
        self.state = state
        text, role, tip = self.words.describe(state, self.running)
        if not self.running:
            text, role = self.words.with_conflicts(text, role, self.conflicts)
        self.label.setText(text)
        self.label.setToolTip(tip)
        set_role(self.label, role or None)
        self.label.setVisible(bool(text))
