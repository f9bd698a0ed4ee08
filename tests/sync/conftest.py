from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from workstation.county.db import CountyDatabase
from workstation.demo.generator import generate_demo
from workstation.services.context import Actor
from workstation.storage.engine import Database

from .helpers import link, make_county


@pytest.fixture
def county(tmp_path: Path) -> Iterator[CountyDatabase]:
    c = make_county(tmp_path / "county.db")
    try:
        yield c
    finally:
        c.dispose()


@pytest.fixture
def usb(tmp_path: Path) -> Path:
    path = tmp_path / "usb"
    path.mkdir()
    return path


@pytest.fixture
def demo_station(db: Database, actor: Actor, county: CountyDatabase) -> Database:
    """A small demo station (300 records) linked to the county fixture."""
    generate_demo(db, 300, seed=5)
    link(db, county)
    return db
