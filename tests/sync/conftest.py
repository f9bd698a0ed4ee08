"""Sync fixtures. County tests run on SQLite and on PostgreSQL (``county_backend``).

PostgreSQL comes from ``WORKSTATION_TEST_PG_URL`` or a throw-away server started here
(``pgserver``). Without one the PostgreSQL tests skip, loudly (a banner at the end of the
run); with ``CI=true`` they fail instead.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from workstation.county.db import CountyDatabase
from workstation.demo.generator import generate_demo
from workstation.services.context import Actor
from workstation.storage.engine import Database

from . import pgserver
from .helpers import BACKENDS, CountyMaker, link

_PG_SKIPPED: list[str] = []


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[pgserver.Server]:
    try:
        server = pgserver.start()
    except pgserver.Unavailable as exc:
        reason = f"POSTGRESQL NOT AVAILABLE — county PostgreSQL tests not run: {exc}"
        if _in_ci():
            pytest.fail(f"CI=true: {reason}", pytrace=False)
        _PG_SKIPPED.append(reason)
        pytest.skip(f"!!! {reason} !!!")
    try:
        yield server
    finally:
        server.stop()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _PG_SKIPPED:
        terminalreporter.write_sep("!", "PostgreSQL tests SKIPPED", red=True, bold=True)
        terminalreporter.write_line(_PG_SKIPPED[0], red=True, bold=True)
        terminalreporter.write_line(
            f"Set {pgserver.ENV_URL} or install Debian's postgresql package "
            "(CI=true turns this into a failure).", red=True, bold=True)


def _maker(request: pytest.FixtureRequest, backend: str, folder: Path) -> CountyMaker:
    server = request.getfixturevalue("pg_server") if backend == "postgresql" else None
    return CountyMaker(backend, folder, server)


@pytest.fixture(params=BACKENDS)
def county_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def county_factory(request: pytest.FixtureRequest, county_backend: str,
                   tmp_path: Path) -> Iterator[Callable[[], CountyDatabase]]:
    """Makes fresh initialised county databases of the test's backend."""
    maker = _maker(request, county_backend, tmp_path)
    try:
        yield maker.new
    finally:
        maker.close()


@pytest.fixture
def county(county_factory: Callable[[], CountyDatabase]) -> CountyDatabase:
    return county_factory()


@pytest.fixture
def usb(tmp_path: Path) -> Path:
    path = tmp_path / "usb"
    path.mkdir()
    return path


@pytest.fixture
def demo_station(db: Database, actor: Actor, county: CountyDatabase) -> Database:
    """A small demo station (300 records) linked to the county fixture, with a case-file step
    (the demo makes none yet) so that every synced table has rows."""
    from datetime import date

    from sqlalchemy import text

    from workstation.domain.casefile import RightsNoticeInput
    from workstation.services.casefile import record_rights_notice

    generate_demo(db, 300, seed=5)
    with db.engine.connect() as conn:
        case_id, day = conn.execute(text(
            "SELECT id, registered_on FROM mediation_case WHERE status = 'registered' "
            "AND voided_at IS NULL ORDER BY number LIMIT 1")).one()
    record_rights_notice(db, actor, case_id, RightsNoticeInput(
        date.fromisoformat(str(day)), "written", "双方当事人"))
    link(db, county)
    return db
