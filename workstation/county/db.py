"""The county database: keys, registered stations, imported bundles, records, decisions.

One table per synced record kind (``rec_<table>``) holding the latest state each station sent:
``id`` (the record's UUID, unique across stations), ``station_id``, ``version`` and ``data``
(the record's columns as canonical JSON text). Schema made with ``create_all`` (idempotent);
a schema change later gets its own small Alembic environment. Only SQLite is exercised in
this slice; the URL path is where PostgreSQL plugs in (not tested yet).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Engine,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    create_engine,
    event,
    inspect,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from workstation.sync.errors import SyncError
from workstation.sync.format import TABLES

metadata = MetaData()

county_key = Table(
    "county_key", metadata,
    Column("id", Integer, primary_key=True),
    # Unencrypted PKCS#8 PEM for now; issue 7 encrypts private keys at rest.
    Column("sign_private", Text, nullable=False),
    Column("box_private", Text, nullable=False),
    Column("created_at", String(32), nullable=False),
)

station = Table(
    "station", metadata,
    Column("division_code", String(12), primary_key=True),
    Column("station_id", String(36), unique=True, nullable=True),  # bound at first import
    Column("name", Text, nullable=False, default=""),
    Column("public_key", Text, nullable=False),
    Column("revoked", Boolean, nullable=False, default=False),
    Column("registered_at", String(32), nullable=False),
    Column("last_seq", Integer, nullable=False, default=0),
    Column("last_sha256", String(64), nullable=True),
    Column("last_change_seq", Integer, nullable=False, default=0),
)

bundle = Table(
    "bundle", metadata,
    Column("division_code", String(12), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("file_name", Text, nullable=False),
    Column("from_seq", Integer, nullable=False),
    Column("to_seq", Integer, nullable=False),
    Column("imported_at", String(32), nullable=False),
    Column("summary", Text, nullable=False),
    PrimaryKeyConstraint("division_code", "seq"),
)

decision = Table(
    "decision", metadata,
    Column("referral_id", String(36), primary_key=True),
    Column("station_id", String(36), nullable=False, index=True),
    Column("decision", String(16), nullable=False),
    Column("lawyer", Text, nullable=False, default=""),
    Column("reason", Text, nullable=False, default=""),
    Column("decided_on", String(10), nullable=False),
    Column("decided_at", String(32), nullable=False),
)

RECORDS: dict[str, Table] = {
    name: Table(
        f"rec_{name}", metadata,
        Column("id", String(36), primary_key=True),
        Column("station_id", String(36), nullable=False, index=True),
        Column("version", Integer, nullable=False),
        Column("data", Text, nullable=False),
        Column("imported_at", String(32), nullable=False),
    )
    for name in TABLES
}


def _sqlite_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in ("PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL",
                   "PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=10000"):
        cursor.execute(pragma)
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    # Writers lock up front so the chain check and the apply see the same state.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def to_url(target: str | Path) -> str:
    text = str(target)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text)}"


@dataclass
class CountyDatabase:
    engine: Engine
    url: str

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction (committed at the end of the block unless it raises)."""
        with self.engine.connect() as conn, conn.begin():
            yield conn

    def dispose(self) -> None:
        self.engine.dispose()


def open_county(target: str | Path, *, create: bool = False) -> CountyDatabase:
    """Open the county database at a path or SQLAlchemy URL (``create`` makes the schema)."""
    url = to_url(target)
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise SyncError(f"无法识别的数据库地址：{target}") from exc
    is_sqlite = parsed.get_backend_name() == "sqlite"
    if is_sqlite and parsed.database and parsed.database != ":memory:":
        path = Path(parsed.database)
        if not create and not path.exists():
            raise SyncError(f"找不到县级数据库：{path}（请先运行 county init）")
        if create:
            path.parent.mkdir(parents=True, exist_ok=True)
    try:
        engine = create_engine(url)
    except Exception as exc:  # missing driver, bad URL
        raise SyncError(f"无法打开县级数据库 {target}：{exc}") from exc
    if is_sqlite:
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
    try:
        if create:
            metadata.create_all(engine)
        elif not inspect(engine).has_table("county_key"):
            engine.dispose()
            raise SyncError(f"{target} 不是县级数据库（请先运行 county init）")
    except SyncError:
        raise
    except Exception as exc:
        engine.dispose()
        first = (str(getattr(exc, "orig", None) or exc).strip().splitlines() or ["?"])[0]
        raise SyncError(f"无法打开县级数据库 {target}：{first}") from exc
    return CountyDatabase(engine, url)
