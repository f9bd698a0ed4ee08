"""Python's cyclic garbage collection, on the GUI thread only.

The collector runs in whichever thread happens to allocate when a threshold is reached. If
that is a worker thread (a background task) and the garbage holds a Qt object made on the GUI
thread — a closed dialog caught in a reference cycle — Qt deletes it from the wrong thread and
the program crashes. So automatic collection is switched off and the GUI thread collects on a
timer (Anki does the same).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

COLLECT_EVERY_MS = 5_000


class MainThreadGarbageCollector(QObject):
    """Owns the timer; create it once on the GUI thread."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = COLLECT_EVERY_MS
                 ) -> None:
        super().__init__(parent)
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.collect)
        self.timer.start()

    @staticmethod
    def collect() -> None:
        gc.collect()
