"""``tasks.alive``: a ``functools.partial`` of a deleted widget's method is dead too, so a
task's result with extra arguments (a load's generation) never reaches a deleted widget."""

from __future__ import annotations

from functools import partial
from typing import Any

import shiboken6
from PySide6.QtWidgets import QWidget

from workstation.ui import tasks


class _Owner(QWidget):
    def loaded(self, generation: int, result: Any) -> None:  # pragma: no cover - never called
        raise AssertionError((generation, result))


def test_a_partial_of_a_deleted_widgets_method_is_not_alive(qtbot: Any) -> None:
    owner = _Owner()
    bound = partial(owner.loaded, 3)
    assert tasks.alive(bound) and tasks.alive(partial(bound))
    shiboken6.delete(owner)
    assert not tasks.alive(bound) and not tasks.alive(partial(bound))
    assert tasks.alive(partial(print, "a plain function stays alive"))
