"""A station database holding the known records of ``known.py`` (built once per module)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from workstation.services.stations import init_station
from workstation.storage.engine import Database, open_database

from .known import Known, build_known_station


@pytest.fixture(scope="module")
def known_station(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, Known]]:
    from tests.conftest import valid_setup

    path: Path = tmp_path_factory.mktemp("known") / "station.db"
    db = open_database(path, create=True)
    try:
        actor = init_station(db, valid_setup())
        known = build_known_station(db, actor)
        yield db, known
    finally:
        db.dispose()
