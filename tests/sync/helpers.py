"""Shared helpers of the sync tests: a linked station and county, fingerprints, zip surgery."""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import delete, insert, select

from workstation.county import service
from workstation.county.db import CountyDatabase, county_key, metadata
from workstation.storage.engine import Database
from workstation.sync import keys
from workstation.sync import station as sync

if TYPE_CHECKING:
    from .pgserver import Server

BACKENDS = ["sqlite", "postgresql"]


def cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def one_chinese_line(message: str) -> bool:
    return cjk(message) and "\n" not in message


#: The first admin of every county the tests make (the Argon2 cost is the tests' cheap one).
COUNTY_ADMIN = "county-admin"
COUNTY_ADMIN_NAME = "县级管理员"
COUNTY_PASSWORD = "county-pass-1"


def make_county(target: Path | str) -> CountyDatabase:
    """A new county (SQLCipher file / PostgreSQL with sealed keys) with its first admin
    logged in."""
    from workstation.county.security import create_county

    return create_county(target, username=COUNTY_ADMIN, name=COUNTY_ADMIN_NAME,
                         password=COUNTY_PASSWORD).db


def reopen(county: CountyDatabase | Path | str) -> CountyDatabase:
    """The same county (or the one at a path or URL) opened again by its first admin (a
    second process, a restart)."""
    from workstation.county.security import unlock_county

    target = county.url if isinstance(county, CountyDatabase) else county
    return unlock_county(target, COUNTY_ADMIN, COUNTY_PASSWORD)


@dataclass
class CountyMaker:
    """Fresh initialised county databases on one backend: SQLite files in ``folder`` or
    PostgreSQL schemas on ``server``; ``close`` disposes them (and drops the schemas)."""

    backend: str
    folder: Path
    server: Server | None = None
    made: list[CountyDatabase] = field(default_factory=list)

    def new(self) -> CountyDatabase:
        if self.backend == "sqlite":
            name = "county.db" if not self.made else f"county-{len(self.made)}.db"
            target: Path | str = self.folder / name
        else:
            assert self.server is not None
            target = self.server.new_url()
        county = make_county(target)
        self.made.append(county)
        return county

    def close(self) -> None:
        for county in self.made:
            county.dispose()
            if self.server is not None:
                self.server.drop(county.url)
        self.made.clear()


def same_keys(source: CountyDatabase, target: CountyDatabase) -> None:
    """Give ``target`` the county keys of ``source`` (a county restored elsewhere)."""
    pair = service.load_keys(source)
    row = {"id": 1, "sign_private": keys.private_pem(pair.signing),
           "box_private": keys.private_pem(pair.box), "created_at": service.now_iso()}
    with target.write() as conn:
        conn.execute(delete(county_key))
        conn.execute(insert(county_key).values(**service.seal_key_row(conn, row, target.key)))


def link(db: Database, county: CountyDatabase) -> None:
    """Station knows the county's key; county registered the station."""
    from workstation.services.printing import first_admin

    sync.set_county_key(db, first_admin(db), service.county_public_key(county))
    from workstation.services.stations import get_station

    service.register_station(county, get_station(db).division_code,
                             sync.station_public_key(db))


def fingerprint(county: CountyDatabase) -> dict[str, tuple[int, str]]:
    """Row count and a hash of every row of every county table but the log of refused
    bundles and the county's audit trail (a refusal is logged there; the data tables stay
    untouched)."""
    out = {}
    with county.engine.connect() as conn:
        for table in metadata.sorted_tables:
            if table.name in ("bundle_refusal", "county_audit"):
                continue
            rows = sorted(repr(tuple(r)) for r in conn.execute(select(table)))
            out[table.name] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return out


@dataclass
class Member:
    name: str
    data: bytes
    start: int  # offset of the data in the file
    end: int


def members(data: bytes) -> list[Member]:
    out = []
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for info in zf.infolist():
            header = info.header_offset
            name_len = int.from_bytes(data[header + 26:header + 28], "little")
            extra_len = int.from_bytes(data[header + 28:header + 30], "little")
            start = header + 30 + name_len + extra_len
            out.append(Member(info.filename, zf.read(info), start, start + info.compress_size))
    return out


def rezip(entries: list[tuple[str, bytes]], compress: int = zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compress) as zf:
        for name, data in entries:
            zf.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data,
                        compress_type=compress)
    return buffer.getvalue()


def new_station(path: Path, division_code: str, name: str, *, records: int = 0,
                seed: int = 0, county: CountyDatabase | None = None) -> Database:
    """Another station database at ``path`` (own division code and name), with ``records``
    demo records, linked to ``county`` when given."""
    from tests.conftest import valid_setup
    from workstation.demo.generator import generate_demo
    from workstation.services.stations import init_station
    from workstation.storage.engine import open_database

    db = open_database(path, create=True)
    init_station(db, valid_setup(station_name=name, division_code=division_code))
    if records:
        generate_demo(db, records, seed=seed)
    if county is not None:
        link(db, county)
    return db


def touch_person(db: Database, phone: str) -> str:
    """Change the first person's phone (one new change to sync); returns the person's id."""
    from workstation.storage.models import Person

    with db.write_session() as s:
        person = s.scalars(select(Person).order_by(Person.id)).first()
        assert person is not None
        person.phone = phone
        s.commit()
        return person.id
