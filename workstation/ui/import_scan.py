"""A cheaper answer to the question PySide6 asks of every module imported after it.

PySide6 supports ``from __feature__ import snake_case`` per module, so its import hook asks of
each newly imported module whether it uses PySide6, by ``inspect.getsource(module)`` and a
search for "PySide6". ``getsource`` splits the whole file into lines and keeps them in
``linecache`` for good: for the ~400 modules of SQLAlchemy, SQLModel, pydantic and the services
that the app imports after Qt, that is ~18 MB of memory and a quarter of their import time.

:func:`install` answers the same question by searching the file's bytes (nothing kept); any
module without a plain ``.py`` file goes to PySide6's own check. workstation itself never
selects a feature. If PySide6 changes its internals, nothing is replaced.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

_MARK = "_workstation_bytes_scan"


def install() -> bool:
    """Replace PySide6's source scan (after PySide6 is imported); True if it was replaced."""
    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(original):
        return False
    if getattr(original, _MARK, False):
        return True
    setattr(feature, "_mod_uses_pyside", _bytes_scan(original))  # noqa: B010
    return True


def _bytes_scan(original: Callable[[ModuleType], bool]) -> Callable[[ModuleType], bool]:
    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return original(module)
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return original(module)

    setattr(uses_pyside, _MARK, True)
    return uses_pyside
