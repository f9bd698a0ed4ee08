"""Background work off the GUI thread, with results handed back on the GUI thread.

Reads run on a small pool; writes run on a one-thread pool so they never race each other
(a save queued behind another save simply waits). The work function must not touch widgets:
it gets a ``TaskControl`` to report progress and to see whether the user cancelled.
"""

from __future__ import annotations

import functools
import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class Cancelled(Exception):
    """Raised inside a task when the user cancelled it."""


class TaskControl:
    """What a running task may use: progress reports and the cancel flag.

    Connect a Cancel button through a lambda (``clicked.connect(lambda: control.cancel())``),
    never to the bound method itself: the control may be freed on the worker thread, and
    PySide then drops a bound-method connection there while holding Qt's connection lock,
    which can deadlock against the GUI thread (seen with a progress dialog's ``canceled``).
    """

    def __init__(self, relay: _Relay) -> None:
        self._relay = relay
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        """Raise ``Cancelled`` if the user cancelled."""
        if self._cancel.is_set():
            raise Cancelled

    def progress(self, done: int, total: int) -> bool:
        """Report progress; returns False once cancelled (handy as a ``progress`` callback)."""
        self._relay.progressed.emit(done, total)
        return not self._cancel.is_set()


def alive(callback: Callable[..., Any] | None) -> bool:
    """False for no callback, or a method of a widget that was closed and deleted while the
    task ran (a window closed at logout): its result has nowhere to go. A
    ``functools.partial`` of such a method (extra arguments first) counts as the method."""
    if callback is None:
        return False
    while isinstance(callback, functools.partial):
        callback = callback.func
    owner = getattr(callback, "__self__", None)
    return not isinstance(owner, QObject) or shiboken6.isValid(owner)


class _Relay(QObject):
    """Lives on the GUI thread; worker threads emit, slots run on the GUI thread."""

    succeeded = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int)
    _done = Signal(object, object)

    def __init__(self, on_done: Callable[[Any], None] | None,
                 on_error: Callable[[BaseException], None] | None,
                 on_progress: Callable[[int, int], None] | None) -> None:
        super().__init__()
        self._on_done, self._on_error, self._on_progress = on_done, on_error, on_progress
        self._done.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        if on_progress is not None:
            self.progressed.connect(self._progress, Qt.ConnectionType.QueuedConnection)

    @Slot(int, int)
    def _progress(self, done: int, total: int) -> None:
        if alive(self._on_progress):
            self._on_progress(done, total)  # type: ignore[misc]

    @Slot(object, object)
    def _deliver(self, result: object, error: object) -> None:
        try:
            if error is None:
                if alive(self._on_done):
                    self._on_done(result)  # type: ignore[misc]
                self.succeeded.emit(result)
            else:
                if alive(self._on_error):
                    self._on_error(error)  # type: ignore[misc]
                else:
                    log.error("background task failed: %s", error)
                self.failed.emit(error)
        finally:
            self.deleteLater()


class _Job(QRunnable):
    def __init__(self, fn: Callable[..., Any], relay: _Relay, control: TaskControl,
                 wants_control: bool) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._fn, self._relay, self._control, self._wants = fn, relay, control, wants_control

    def run(self) -> None:
        try:
            result = self._fn(self._control) if self._wants else self._fn()
        except BaseException as exc:
            if not isinstance(exc, Cancelled):
                log.debug("task error\n%s", traceback.format_exc())
            self._relay._done.emit(None, exc)
            return
        self._relay._done.emit(result, None)


class TaskRunner(QObject):
    """Runs callables on background threads; one runner per application."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.read_pool = QThreadPool(self)
        self.read_pool.setMaxThreadCount(2)
        self.write_pool = QThreadPool(self)
        self.write_pool.setMaxThreadCount(1)
        self._relays: set[_Relay] = set()

    def run(self, fn: Callable[..., Any], *, on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[BaseException], None] | None = None,
            on_progress: Callable[[int, int], None] | None = None,
            write: bool = False, with_control: bool = False) -> TaskControl:
        """Run ``fn()`` (or ``fn(control)`` with ``with_control``) in the background.

        ``on_done(result)`` or ``on_error(exception)`` then runs on the GUI thread.
        """
        relay = _Relay(on_done, on_error, on_progress)
        self._relays.add(relay)
        relay.destroyed.connect(lambda *_: self._relays.discard(relay))
        control = TaskControl(relay)
        pool = self.write_pool if write else self.read_pool
        pool.start(_Job(fn, relay, control, with_control))
        return control

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until every queued task finished (shutdown and tests)."""
        ok_write = self.write_pool.waitForDone(msecs)
        ok_read = self.read_pool.waitForDone(msecs)
        return ok_write and ok_read
