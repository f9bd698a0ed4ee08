"""An encrypted station database with the known records of ``known.py`` (once per module)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from workstation.services.security import seal_new_station
from workstation.services.stations import init_station
from workstation.storage.engine import Database, open_database

from .known import Known, build_known_station


@pytest.fixture(scope="module")
def known_station(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, Known]]:
    from tests.conftest import ADMIN_PASSWORD, TEST_KEY, valid_setup

    path: Path = tmp_path_factory.mktemp("known") / "station.db"
    db = open_database(path, key=TEST_KEY, create=True)
    try:
        actor = init_station(db, valid_setup())
        seal_new_station(db, "admin", ADMIN_PASSWORD)  # the CLI tests log in as the admin
        known = build_known_station(db, actor)
        yield db, known
    finally:
        db.dispose()
