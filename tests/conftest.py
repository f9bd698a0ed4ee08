"""Shared fixtures: a fresh migrated station database, a logged-in admin, valid inputs."""

from __future__ import annotations

import gc
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy import text

from workstation.domain.identity import make_resident_id
from workstation.domain.inputs import (
    CaseInput,
    ConsultationInput,
    PartyInput,
    PersonInput,
    ReferralInput,
)
from workstation.services import auth
from workstation.services.context import Actor
from workstation.services.security import seal_new_station
from workstation.services.stations import StationSetup, init_station
from workstation.storage import keyslots
from workstation.storage.engine import Database, open_database

DIVISION_CODE = "130302100000"
ADMIN_PASSWORD = "correct-horse-1"
REGION = "130302"
# A fixed data key: service and storage tests run on encrypted (SQLCipher) databases.
TEST_KEY = bytes(range(32))


_CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture(autouse=True)
def private_backup_dir(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
                       ) -> Path:
    """Automatic backups of tests go to a temporary folder, never the user's data folder."""
    folder = tmp_path_factory.mktemp("backups")
    monkeypatch.setenv("WORKSTATION_BACKUP_DIR", str(folder))
    return folder


@pytest.fixture(autouse=True, scope="session")
def garbage_collected_on_the_main_thread() -> Iterator[None]:
    """As the app does (``ui/gc_guard.py``): no automatic collection, which could run in a
    worker thread and free Qt objects there; the main thread collects after every test
    (``pytest_runtest_protocol`` below)."""
    gc.disable()
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
        gc.enable()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[Any]:
    """After each test, once pytest has dropped its fixture values: a full collection on the
    main thread, then ``gc.freeze()`` of what survived it.

    The survivors are the libraries, lazily imported modules and caches (~120,000 objects
    after the imports, several times that later in the session). A collection that walks them
    all costs 70-500 ms, per test: more than half of a service test's time. Frozen, they are
    out of the collector's sight and a collection walks only what the last test made. A frozen
    object is never collected: one that dies later (the state of a module-scoped fixture) is
    leaked until the process exits, never freed in the wrong thread."""
    try:
        return (yield)
    finally:
        gc.collect()
        if not gc.isenabled():  # not after the session's end
            gc.freeze()


@pytest.fixture(autouse=True)
def county_login_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """``county`` commands run by the tests log in as the first admin of the counties the
    fixtures make (``tests.sync.helpers.make_county``), whatever station commands log in as
    (``WORKSTATION_COUNTY_USER`` / ``_PASSWORD`` come before ``WORKSTATION_USER`` /
    ``_PASSWORD`` for county commands)."""
    from tests.sync.helpers import COUNTY_ADMIN, COUNTY_PASSWORD

    monkeypatch.setenv("WORKSTATION_COUNTY_USER", COUNTY_ADMIN)
    monkeypatch.setenv("WORKSTATION_COUNTY_PASSWORD", COUNTY_PASSWORD)


@pytest.fixture(autouse=True)
def cheap_key_derivation(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id at its real cost (64 MiB, ~0.2-0.4 s) per slot or old-style password hash
    would dominate the suite's time (subprocesses still pay it)."""
    monkeypatch.setattr(keyslots, "DEFAULT_KDF", keyslots.KdfParams(1, 1024, 1))
    monkeypatch.setattr(auth, "_hasher", lambda: _CHEAP_HASHER)


def valid_setup(**overrides: Any) -> StationSetup:
    values: dict[str, Any] = {
        "station_name": "海港镇公共法律服务工作站",
        "division_code": DIVISION_CODE,
        "county_center": "海港区公共法律服务中心",
        "case_prefix": "海调",
        "admin_username": "admin",
        "admin_name": "王管理",
        "admin_password": ADMIN_PASSWORD,
    }
    values.update(overrides)
    return StationSetup(**values)


def resident_id(seq: int = 1, sex: str = "male", birth: date = date(1980, 5, 17)) -> str:
    """A valid 18-digit resident ID number; distinct ``seq`` (0..499) gives distinct numbers."""
    return make_resident_id(REGION, birth, seq, sex)


def person_input(seq: int = 1, name: str = "张三", sex: str = "male", **overrides: Any
                 ) -> PersonInput:
    values: dict[str, Any] = {
        "name": name,
        "id_number": resident_id(seq, sex),
        "phone": "13800138000",
        "address": "海港镇东村1号",
    }
    values.update(overrides)
    return PersonInput(**values)


def consultation_input(person: PersonInput | None = None, **overrides: Any) -> ConsultationInput:
    values: dict[str, Any] = {
        "occurred_at": datetime.now(UTC) - timedelta(hours=1),
        "channel": "walk_in",
        "topic": "wages",
        "question": "老板拖欠三个月工资怎么办？",
        "handling_result": "answered",
        "answer": "可先协商，协商不成可申请劳动仲裁。",
        "person": person if person is not None else person_input(),
    }
    values.update(overrides)
    return ConsultationInput(**values)


def case_input(applicant: PersonInput | None = None, respondent: PersonInput | None = None,
               **overrides: Any) -> CaseInput:
    values: dict[str, Any] = {
        "source": "application",
        "dispute_type": "neighbour",
        "facts": "两家因排水沟堵塞发生争执。",
        "registered_on": date.today() - timedelta(days=2),
        "parties": (
            PartyInput(role="applicant", person=applicant or person_input(1, "张三")),
            PartyInput(role="respondent",
                       person=respondent or person_input(2, "李四", "female")),
        ),
    }
    values.update(overrides)
    return CaseInput(**values)


def referral_input(applicant: PersonInput | None = None, **overrides: Any) -> ReferralInput:
    values: dict[str, Any] = {
        "matter": "wages",
        "facts": "在工地务工半年，工资未结清。",
        "request": "请求支付拖欠的劳动报酬。",
        "hardship_route": "commitment",
        "household_size": 4,
        "applied_on": date.today() - timedelta(days=3),
        "applicant": applicant or person_input(3, "赵五"),
    }
    values.update(overrides)
    return ReferralInput(**values)


def count_rows(db: Database, table: str, where: str = "", **params: Any) -> int:
    sql = f"SELECT count(*) FROM {table}" + (f" WHERE {where}" if where else "")
    with db.engine.connect() as conn:
        return int(conn.execute(text(sql), params).scalar_one())


def fetch_all(db: Database, sql: str, **params: Any) -> list[Any]:
    with db.engine.connect() as conn:
        return list(conn.execute(text(sql), params).all())


class Sql:
    """Raw reads of a database, bypassing the ORM (what is really stored)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def count(self, table: str, where: str = "", **params: Any) -> int:
        return count_rows(self.db, table, where, **params)

    def rows(self, sql: str, **params: Any) -> list[Any]:
        return fetch_all(self.db, sql, **params)

    def counts(self, *tables: str) -> dict[str, int]:
        return {table: self.count(table) for table in tables}


@pytest.fixture
def make() -> SimpleNamespace:
    """Builders of valid inputs: ``make.person(seq)``, ``make.case()``, ``make.setup()`` ..."""
    return SimpleNamespace(
        setup=valid_setup, resident_id=resident_id, person=person_input,
        consultation=consultation_input, case=case_input, referral=referral_input,
        password=ADMIN_PASSWORD, division_code=DIVISION_CODE,
    )


@pytest.fixture
def sql(db: Database) -> Sql:
    return Sql(db)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "station.db"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = open_database(db_path, key=TEST_KEY, create=True)
    try:
        yield database
    finally:
        database.dispose()


@pytest.fixture
def actor(db: Database) -> Actor:
    """The station's admin, with the key file beside the database (admin slot + recovery)."""
    admin = init_station(db, valid_setup())
    seal_new_station(db, "admin", ADMIN_PASSWORD)
    return admin
