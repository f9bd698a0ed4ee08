"""The county database: keys, registered stations, imported bundles, records, decisions.

SQLite (a path, the default) or PostgreSQL (an SQLAlchemy URL, driver ``psycopg`` 3; a
``postgresql://`` URL without a driver uses it). One table per synced record kind
(``rec_<table>``) holding the latest state each station sent: ``id`` (the record's UUID,
unique across stations), ``station_id``, ``version``, ``data`` (the record's JSON exactly as
the station sent it) and ``imported_at``. Schema made with ``create_all`` (idempotent); a
schema change later gets its own small Alembic environment.

Column types are portable with native PostgreSQL variants: UUIDs are ``uuid`` there and
``VARCHAR(36)`` text on SQLite; JSON is ``json`` (validated, kept byte for byte, queryable
with ``->>``) there and ``TEXT`` on SQLite; timestamps are ``timestamptz`` there and ISO-8601
text on SQLite; decision dates are ``date`` there. On the Python side they are always text
(UUID strings, JSON text, ISO timestamps and dates) whatever the backend.

An SQLite county is a SQLCipher file opened with the county's data key; a PostgreSQL county
keeps its private keys sealed with it. Both are unlocked by a county operator
(``county.security``), whose ``CountySession`` the ``CountyDatabase`` carries for the role
checks of ``county.access``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

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
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.types import TypeDecorator, UserDefinedType

from workstation.files import sqlite_tables
from workstation.sync.errors import SyncError
from workstation.sync.format import TABLES

from . import migrations

SUPPORTED = ("sqlite", "postgresql")


class _PgJSON(UserDefinedType[str]):
    """PostgreSQL ``json``: text in, the same text out (loaders are set per connection)."""

    cache_ok = True

    def get_col_spec(self, **_kw: Any) -> str:
        return "JSON"


def _uuid() -> Any:
    return String(36).with_variant(postgresql.UUID(as_uuid=False), "postgresql")


def _json() -> Any:
    return Text().with_variant(_PgJSON(), "postgresql")


class Timestamp(TypeDecorator[str]):
    """An aware UTC timestamp, ISO-8601 text on the Python side; ``timestamptz`` on
    PostgreSQL, the same ISO text on SQLite."""

    impl = String(32)
    cache_ok = True

    def load_dialect_impl(self, dialect: Any) -> Any:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(postgresql.TIMESTAMP(timezone=True))
        return dialect.type_descriptor(String(32))

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        if value is None or dialect.name != "postgresql":
            return value
        return datetime.fromisoformat(value) if isinstance(value, str) else value

    def process_result_value(self, value: Any, dialect: Any) -> Any:
        if isinstance(value, datetime):
            return value.astimezone(UTC).isoformat(timespec="microseconds")
        return value


class Day(TypeDecorator[str]):
    """A calendar date, ``YYYY-MM-DD`` text on the Python side; ``date`` on PostgreSQL."""

    impl = String(10)
    cache_ok = True

    def load_dialect_impl(self, dialect: Any) -> Any:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(postgresql.DATE())
        return dialect.type_descriptor(String(10))

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        if value is None or dialect.name != "postgresql":
            return value
        return date.fromisoformat(value) if isinstance(value, str) else value

    def process_result_value(self, value: Any, dialect: Any) -> Any:
        return value.isoformat() if isinstance(value, date) else value


metadata = MetaData()

county_key = Table(
    "county_key", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    # PKCS#8 PEM: on SQLite inside the SQLCipher file; on PostgreSQL sealed with the
    # county's data key (``county.sealing``), never in clear.
    Column("sign_private", Text, nullable=False),
    Column("box_private", Text, nullable=False),
    Column("created_at", Timestamp, nullable=False),
)

station = Table(
    "station", metadata,
    Column("division_code", String(12), primary_key=True),
    Column("station_id", _uuid(), unique=True, nullable=True),  # bound at first import
    Column("name", Text, nullable=False, default=""),
    Column("public_key", Text, nullable=False),
    Column("revoked", Boolean, nullable=False, default=False),
    Column("registered_at", Timestamp, nullable=False),
    Column("last_seq", Integer, nullable=False, default=0),
    Column("last_sha256", String(64), nullable=True),
    Column("last_change_seq", Integer, nullable=False, default=0),
    # Chain epochs (docs/sync-bundle.md, Recovery after a restore): the station's current
    # epoch, when it began here, why, its first bundle and what the station last knew
    # (the manifest's epoch.previous). last_seq / last_sha256 / last_change_seq are of it.
    Column("epoch", Integer, nullable=False, default=1, server_default="1"),
    Column("epoch_started_at", Timestamp, nullable=True),
    Column("epoch_reason", String(16), nullable=True),
    Column("epoch_first_seq", Integer, nullable=False, default=0, server_default="0"),
    Column("epoch_previous", Text, nullable=True),
    # The station's X25519 public key (base64, from its signed manifests): the county's data
    # of conflicting records travels encrypted for it in acknowledgements.
    Column("box_key", String(44), nullable=True),
    # The program version named by the station's newest imported bundle (None: none named).
    Column("program_version", String(64), nullable=True),
)

#: The county's operators (``county.access``, ``county.security``): their passwords are
#: their key slots (the key file beside an SQLite county, ``county_keyfile`` on PostgreSQL).
county_operator = Table(
    "county_operator", metadata,
    Column("username", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("role", String(16), nullable=False),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", Timestamp, nullable=False),
)

#: A PostgreSQL county's key slots (one row, ``id`` = 1): the key file of
#: ``storage.keyslots`` as its JSON text. SQLite counties keep it beside the database.
county_keyfile = Table(
    "county_keyfile", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("body", Text, nullable=False),
)

#: The newest program version the county distributes, and what to tell stations about it
#: (one row, ``id`` = 1; none: no notice). Every acknowledgement carries it as ``notice``.
county_notice = Table(
    "county_notice", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("newest_version", String(64), nullable=False),
    Column("text", Text, nullable=False, default=""),
    Column("set_at", Timestamp, nullable=False),
)

bundle = Table(
    "bundle", metadata,
    Column("division_code", String(12), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("file_name", Text, nullable=False),
    Column("from_seq", Integer, nullable=False),
    Column("to_seq", Integer, nullable=False),
    Column("imported_at", Timestamp, nullable=False),
    Column("summary", _json(), nullable=False),
    # A new chain epoch numbers its bundles again: (station, epoch, seq) is a bundle's place.
    Column("epoch", Integer, nullable=False, default=1, server_default="1"),
    PrimaryKeyConstraint("division_code", "epoch", "seq", name="bundle_pkey"),
)

#: Bundles refused after their station's signature was verified (so only the station itself
#: can add rows): the console shows them as waiting in the station's chain until a bundle of
#: that seq is imported.
bundle_refusal = Table(
    "bundle_refusal", metadata,
    Column("division_code", String(12), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("file_name", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("refused_at", Timestamp, nullable=False),
    Column("epoch", Integer, nullable=False, default=1, server_default="1"),
    PrimaryKeyConstraint("division_code", "epoch", "seq", "sha256", name="bundle_refusal_pkey"),
)

decision = Table(
    "decision", metadata,
    Column("referral_id", _uuid(), primary_key=True),
    Column("station_id", _uuid(), nullable=False, index=True),
    Column("decision", String(16), nullable=False),
    Column("lawyer", Text, nullable=False, default=""),
    Column("reason", Text, nullable=False, default=""),
    Column("decided_on", Day, nullable=False),
    Column("decided_at", Timestamp, nullable=False),
)

#: Records of a station's bundles the county did not apply because it holds them differently
#: (``workstation.sync.conflicts``): one row per station and record, the latest conflict.
#: Open while ``resolved_at`` is NULL; every acknowledgement for the station lists the open
#: ones. ``station_data`` is the record's JSON as the station sent it.
conflict = Table(
    "conflict", metadata,
    Column("division_code", String(12), nullable=False),
    Column("table_name", String(32), nullable=False),
    Column("record_id", _uuid(), nullable=False),
    Column("station_id", _uuid(), nullable=False),
    Column("reason", String(16), nullable=False),
    Column("county_version", Integer, nullable=False),
    Column("station_version", Integer, nullable=False),
    Column("station_data", _json(), nullable=False),
    Column("bundle_seq", Integer, nullable=False),
    Column("detected_at", Timestamp, nullable=False),
    Column("resolved_at", Timestamp, nullable=True),
    Column("resolution", String(16), nullable=True),
    Column("resolved_seq", Integer, nullable=True),
    PrimaryKeyConstraint("division_code", "table_name", "record_id"),
)

RECORDS: dict[str, Table] = {
    name: Table(
        f"rec_{name}", metadata,
        Column("id", _uuid(), primary_key=True),
        Column("station_id", _uuid(), nullable=False, index=True),
        Column("version", Integer, nullable=False),
        Column("data", _json(), nullable=False),
        Column("imported_at", Timestamp, nullable=False),
    )
    for name in TABLES
}


#: The chain of each station's audit trail as received (``county.audit_chain``): one row per
#: entry, its place and hashes (the entry itself is in ``rec_audit_entry``).
audit_link = Table(
    "audit_link", metadata,
    Column("station_id", _uuid(), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("hash", String(64), nullable=False),
    Column("prev_hash", String(64), nullable=False),
    PrimaryKeyConstraint("station_id", "seq", name="audit_link_pkey"),
)

#: Breaks found in a station's audit chain on import: ``kind`` missing / altered /
#: reordered (``domain.audit_chain``), the entries affected ``first_seq``–``last_seq``, the
#: bundle that showed it. Flagged, never refused: the records still arrive.
audit_break = Table(
    "audit_break", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("division_code", String(12), nullable=False, index=True),
    Column("kind", String(16), nullable=False),
    Column("first_seq", Integer, nullable=False),
    Column("last_seq", Integer, nullable=False),
    Column("detected_at", Timestamp, nullable=False),
    Column("bundle_seq", Integer, nullable=False),
    Column("epoch", Integer, nullable=False, default=1),
)


#: The county's own audit trail (``county.audit``): who did what at the county center, one
#: row per action, written in the transaction of the work it records. Hash-chained like the
#: stations' trails (``domain.audit_chain``): ``seq`` 1, 2, 3 … without gaps, each row
#: carrying the hash of the one before, so a row deleted or edited in the database shows.
#: ``actor``: the operator's display name ("" = nobody logged in); ``station``: the division
#: code the action concerns ("" for none); ``target_type`` / ``target``: what it acted on
#: (a bundle file and seq, a record table and id, a referral id, a report file).
county_audit = Table(
    "county_audit", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", Timestamp, nullable=False, index=True),
    Column("actor", Text, nullable=False, default=""),
    Column("action", String(48), nullable=False, index=True),
    Column("station", String(12), nullable=False, default="", index=True),
    Column("target_type", String(32), nullable=False, default=""),
    Column("target", Text, nullable=False, default=""),
    Column("detail", Text, nullable=False, default=""),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)


def insert_for(conn: Connection, table: Table) -> Any:
    """The dialect's INSERT construct (with ``on_conflict_do_update``/``_do_nothing``)."""
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite_dialect.insert(table)


def upsert(conn: Connection, table: Table, values: dict[str, Any], keys: list[str]) -> None:
    """Insert ``values`` or, when a row with the same ``keys`` exists, update it."""
    stmt = insert_for(conn, table).values(**values)
    conn.execute(stmt.on_conflict_do_update(
        index_elements=keys, set_={k: v for k, v in values.items() if k not in keys}))


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


def _pg_connect(dbapi_connection: Any, _record: object) -> None:
    # json comes back as the exact text stored (not parsed into dicts), like on SQLite.
    from psycopg.types.string import TextLoader

    dbapi_connection.adapters.register_loader("json", TextLoader)


def to_url(target: str | Path) -> str:
    """A path → an SQLite URL; ``postgresql://`` / ``postgres://`` → the psycopg driver."""
    text = str(target)
    if "://" not in text:
        return f"sqlite:///{Path(text)}"
    for scheme in ("postgresql://", "postgres://"):
        if text.startswith(scheme):
            return "postgresql+psycopg://" + text[len(scheme):]
    return text


def display(target: str | Path) -> str:
    """``target`` for messages: URL passwords masked."""
    text = str(target)
    if "://" not in text:
        return text
    try:
        return make_url(text).render_as_string(hide_password=True)
    except ArgumentError:
        return "<数据库地址>"


@dataclass
class CountyDatabase:
    engine: Engine
    url: str
    #: The county's data key while an operator is logged in (SQLCipher key on SQLite; the
    #: key of sealed values on PostgreSQL).
    key: bytes | None = field(default=None, repr=False)
    #: Who is logged in (``county.access.CountySession``); None: nobody, every service
    #: that checks a role refuses.
    session: Any = None

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction (committed at the end of the block unless it raises)."""
        with self.engine.connect() as conn, conn.begin():
            yield conn

    def dispose(self) -> None:
        self.engine.dispose()


def json_text(conn: Connection, column: str, key: str) -> str:
    """SQL for the text value of ``key`` in a JSON column (NULL for a JSON null or absent):
    ``json_extract`` on SQLite, ``->>`` on PostgreSQL. ``column`` and ``key`` are code
    constants, never user input."""
    if conn.dialect.name == "postgresql":
        return f"({column} ->> '{key}')"
    return f"json_extract({column}, '$.{key}')"


class CountyNotFound(SyncError):
    """No county database there yet (a missing SQLite file, or a PostgreSQL database without
    any table): ``county init``, or the console, may create it."""


def db_error_line(exc: BaseException) -> str:
    """The first line of a driver error (no SQL, no parameters)."""
    return (str(getattr(exc, "orig", None) or exc).strip().splitlines() or ["?"])[0]


def _not_county(shown: str) -> str:
    return (f"{shown} 不是县级数据库（其中是其他程序的数据），为免损坏未作任何改动；"
            "请检查数据库的位置")


class CountyLocked(SyncError):
    """The county database is encrypted: an operator must log in (``county.security``)."""


def open_county(target: str | Path, *, create: bool = False, key: bytes | None = None,
                session: Any = None) -> CountyDatabase:
    """Open the county database at a path or SQLAlchemy URL (``create`` makes the schema).

    An SQLite county is a SQLCipher file opened with its data ``key``; callers get the key
    from an operator's key slot (``county.security.unlock_county``), which also sets
    ``session``. Without a key only a plain (old, or test) SQLite file opens."""
    url = to_url(target)
    shown = display(target)
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise SyncError(f"无法识别的数据库地址：{shown}") from exc
    backend = parsed.get_backend_name()
    if backend not in SUPPORTED:
        raise SyncError(f"县级数据库只支持 SQLite 和 PostgreSQL：{shown}")
    is_sqlite = backend == "sqlite"
    connect_args: dict[str, Any] = {}
    if is_sqlite and parsed.database and parsed.database != ":memory:":
        path = Path(parsed.database)
        if not create and not path.exists():
            raise CountyNotFound(f"找不到县级数据库：{path}（请先运行 county init）")
        tables = sqlite_tables(path)  # before any pragma writes to another program's file
        if tables and "county_key" not in tables:
            raise SyncError(_not_county(shown))
        if key is None and tables is None and path.exists() and path.stat().st_size:
            raise CountyLocked(f"县级数据库 {shown} 已加密，需要县级中心操作员登录后才能打开")
        if create:
            path.parent.mkdir(parents=True, exist_ok=True)
        if key is not None:
            from sqlalchemy import URL

            from workstation.storage.engine import _quiet_sqlcipher, key_pragma

            _quiet_sqlcipher()
            engine_url: Any = URL.create("sqlite+pysqlcipher", password=key_pragma(key),
                                         database=str(path))
            connect_args["check_same_thread"] = False
    try:
        if is_sqlite and key is not None:
            from sqlalchemy.pool import QueuePool

            # Pooled like plain files (see storage.engine.make_engine: the pysqlcipher
            # default pool closes connections of other threads).
            engine = create_engine(engine_url, poolclass=QueuePool,
                                   connect_args=connect_args)
        else:
            engine = create_engine(url, pool_pre_ping=not is_sqlite)
    except Exception as exc:  # missing driver, bad URL
        raise SyncError(f"无法打开县级数据库 {shown}：{exc}") from exc
    if is_sqlite:
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
    else:
        event.listen(engine, "connect", _pg_connect)
    try:
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            version = migrations.read_version(conn)
        if "county_key" not in tables and (tables or not create):
            engine.dispose()
            if not tables and not is_sqlite:
                raise CountyNotFound(f"{shown} 中还没有县级数据库（请先运行 county init）")
            if tables:
                raise SyncError(_not_county(shown))
            raise SyncError(f"{shown} 不是县级数据库（请先运行 county init）")
        if version != migrations.SCHEMA_VERSION or not set(metadata.tables) <= tables:
            with engine.connect() as conn, conn.begin():
                migrations.prepare(conn, metadata, create=create)
    except SyncError:
        raise
    except Exception as exc:
        engine.dispose()
        raise SyncError(f"无法打开县级数据库 {shown}：{db_error_line(exc)}") from exc
    return CountyDatabase(engine, url, key, session)
