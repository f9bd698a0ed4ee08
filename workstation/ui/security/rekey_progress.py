"""The progress of a change that gives a database a new data key (disabling an operator, a
new recovery code), at a station or at the county: one crash-safe step that cannot be
cancelled, shown step by step."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

from ..tasks import TaskRunner
from ..widgets.forms import show_error
from ..widgets.progress import TaskProgress


def run_rekey(page: QWidget, runner: TaskRunner, fn: Callable[[Any], Any], *, title: str,
              label: Callable[[str], str], object_name: str,
              on_done: Callable[[Any], None]) -> None:
    """Run ``fn(progress)`` (a service taking a ``(step, done, total)`` callback) on the write
    pool with a progress dialog that has no Cancel; ``label(step name)`` is its text. The
    dialog is kept as ``page.progress_dialog`` while it runs; ``page.refresh()`` follows a
    failure."""
    from workstation.services.revocation import REKEY_TOTAL, STEP_LABELS, rekey_step

    owner: Any = page  # an operators page: progress_dialog, refresh()
    progress = TaskProgress(page, label(STEP_LABELS["copy"]), title=title, delay_ms=0)
    assert progress.dialog is not None
    progress.dialog.setObjectName(object_name)
    progress.set_progress(0, REKEY_TOTAL)
    owner.progress_dialog = progress
    shown = {"step": "copy"}

    def report(control: Any) -> Callable[[str, int, int], None]:
        return lambda _step, done, total: control.progress(done, total) and None

    def moved(done: int, _total: int) -> None:
        step = rekey_step(done)
        if step != shown["step"]:
            shown["step"] = step
            progress.set_label(label(STEP_LABELS[step]))

    def done(result: Any) -> None:
        owner.progress_dialog = None
        on_done(result)

    def failed(error: BaseException) -> None:
        owner.progress_dialog = None
        show_error(page, title, error)
        owner.refresh()

    progress.run(runner, lambda c: fn(report(c)), write=True, on_done=done, on_error=failed,
                 on_progress=moved)
