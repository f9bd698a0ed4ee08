"""Shared fixtures for UI tests: a fresh station database, an AppContext with a TaskRunner."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, QStandardPaths

from workstation.domain.identity import make_resident_id
from workstation.domain.inputs import PersonInput
from workstation.services.context import Actor
from workstation.services.security import seal_new_station
from workstation.services.stations import StationSetup, init_station
from workstation.storage.engine import Database, open_database

UI_STATION = "海港镇公共法律服务工作站"
UI_REGION = "130302"
UI_ADMIN_PASSWORD = "secret123"
UI_KEY = bytes(range(100, 132))  # the data key of ``ui_db``


def make_person_input(name: str = "张三", seq: int = 1, sex: str = "male",
                      birth: date = date(1980, 5, 17), **overrides: Any) -> PersonInput:
    """A valid ``PersonInput``; distinct ``seq`` (0..499) gives distinct ID numbers."""
    values: dict[str, Any] = {
        "name": name,
        "id_number": make_resident_id(UI_REGION, birth, seq, sex),
        "phone": "13800138000",
        "address": "海港镇东村1号",
    }
    values.update(overrides)
    return PersonInput(**values)


@pytest.fixture
def ui_db(tmp_path: Path) -> Iterator[tuple[Database, Actor]]:
    """A fresh encrypted station (database and key file) with a logged-in admin:
    ``(db, actor)``; ``admin`` / ``UI_ADMIN_PASSWORD`` unlocks it like the app does."""
    database = open_database(tmp_path / "ui.db", key=UI_KEY, create=True)
    try:
        actor = init_station(database, StationSetup(
            UI_STATION, "130302100000", "海港区公共法律服务中心", "海调",
            "admin", "王芳", UI_ADMIN_PASSWORD,
        ))
        seal_new_station(database, "admin", UI_ADMIN_PASSWORD)
        yield database, actor
    finally:
        database.dispose()


@pytest.fixture
def ui_ctx(qtbot: Any, ui_db: tuple[Database, Actor]) -> Iterator[Any]:
    """An ``AppContext`` on ``ui_db`` with a ``TaskRunner``; waits for all tasks at teardown."""
    from workstation.ui.context import AppContext
    from workstation.ui.tasks import TaskRunner

    db, actor = ui_db
    runner = TaskRunner()
    ctx = AppContext(db=db, actor=actor, runner=runner, station_name=UI_STATION)
    try:
        yield ctx
    finally:
        runner.wait()
        # Deliver queued results so no relay outlives the test.
        from PySide6.QtCore import QCoreApplication
        QCoreApplication.processEvents()


@pytest.fixture
def ui_make_person() -> Any:
    """The ``make_person_input`` helper as a fixture (no import needed in test files)."""
    return make_person_input


@pytest.fixture
def chinese_settings(tmp_path: Path, qapp: Any) -> Iterator[Path]:
    """QSettings() in an INI file under tmp_path, and the Chinese translation installed."""
    from workstation.ui.i18n import install_translators

    translators = install_translators(qapp)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(tmp_path / "settings"))
    try:
        yield tmp_path
    finally:
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                          QStandardPaths.writableLocation(
                              QStandardPaths.StandardLocation.GenericConfigLocation))
        QSettings.setDefaultFormat(QSettings.Format.NativeFormat)
        for translator in translators:
            qapp.removeTranslator(translator)
