"""Schema upgrades of an existing county database, in order, with Alembic's operations.

A new database is made from ``db.metadata`` with ``create_all`` and stamped with the newest
version. An existing one records its version in ``county_meta`` (absent: version 1, the
schema before this module); opening it runs every step after that version in one
transaction, then stamps the new version. A database newer than this program is refused
(an older program must not write into a schema it does not know).

To change the county schema: change ``db.metadata`` (what a new database gets) *and* append
one step here that brings a database of the previous version to the same shape (with
``op.add_column``; ``op.batch_alter_table`` for anything SQLite cannot alter in place).
New tables need no step: ``create_all`` adds missing tables before the steps run.
"""

from __future__ import annotations

from collections.abc import Callable

from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import (
    Column,
    Connection,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    inspect,
    select,
    text,
)

from workstation.sync.errors import SyncError

#: Holds the schema version (one row, ``key = 'schema_version'``).
meta = MetaData()
county_meta = Table(
    "county_meta", meta,
    Column("key", String(64), primary_key=True),
    Column("value", String(200), nullable=False),
)

Step = Callable[[Operations], None]



def _columns(op: Operations, table: str) -> set[str]:
    """The names of ``table``'s columns as the database has them now (steps check first, so
    each works whatever steps ran before it)."""
    return {c["name"] for c in inspect(op.get_bind()).get_columns(table)}


def _station_box_key(op: Operations) -> None:
    """station.box_key: the station's X25519 public key (conflict data in acknowledgements)."""
    if "box_key" not in _columns(op, "station"):
        op.add_column("station", Column("box_key", String(44), nullable=True))


def _station_program_version(op: Operations) -> None:
    """``station.program_version``: the program version of the station's newest bundle."""
    if "program_version" in _columns(op, "station"):
        return  # made by a program that already had it
    with op.batch_alter_table("station") as batch:
        batch.add_column(Column("program_version", String(64), nullable=True))


def _chain_epochs(op: Operations) -> None:
    """Chain epochs (recovery after a station restore): the station's current epoch and
    its start; each bundle and refusal belongs to an epoch, which joins their keys."""
    from .db import Timestamp  # db imports this module

    conn = op.get_bind()
    have = _columns(op, "station")
    for column in (Column("epoch", Integer, nullable=False, server_default="1"),
                   Column("epoch_started_at", Timestamp, nullable=True),
                   Column("epoch_reason", String(16), nullable=True),
                   Column("epoch_first_seq", Integer, nullable=False, server_default="0"),
                   Column("epoch_previous", Text, nullable=True)):
        if column.name not in have:
            op.add_column("station", column)
    for table, key in (("bundle", ["division_code", "epoch", "seq"]),
                       ("bundle_refusal", ["division_code", "epoch", "seq", "sha256"])):
        if "epoch" in _columns(op, table):
            continue
        # A new key: copy into a new table, drop the old one, rename (both backends).
        old = Table(table, MetaData(), autoload_with=conn)
        names = ", ".join(c.name for c in old.columns)
        op.create_table(f"_epoch_{table}",
                        *(Column(c.name, c.type, nullable=c.nullable) for c in old.columns),
                        Column("epoch", Integer, nullable=False, server_default="1"),
                        PrimaryKeyConstraint(*key, name=f"{table}_pkey_e"))
        op.execute(f"INSERT INTO _epoch_{table} ({names}) SELECT {names} FROM {table}")
        op.drop_table(table)
        op.rename_table(f"_epoch_{table}", table)
        if conn.dialect.name == "postgresql":  # the name a new database gives it
            op.execute(f"ALTER TABLE {table} RENAME CONSTRAINT {table}_pkey_e TO {table}_pkey")


#: ``STEPS[i]`` upgrades version ``i + 1`` to ``i + 2``.
STEPS: list[Step] = [_station_box_key, _station_program_version, _chain_epochs]

#: The version a database made by this program has.
SCHEMA_VERSION = 1 + len(STEPS)
_KEY = "schema_version"


def read_version(conn: Connection) -> int | None:
    """The database's version: None when it has no county tables yet, 1 when it predates
    versioning."""
    value = None
    if "county_meta" in conn.dialect.get_table_names(conn):
        value = conn.execute(select(county_meta.c.value)
                             .where(county_meta.c.key == _KEY)).scalar()
    if value is not None:
        return int(value)
    return 1 if "county_key" in conn.dialect.get_table_names(conn) else None


def _stamp(conn: Connection, version: int) -> None:
    county_meta.create(conn, checkfirst=True)
    conn.execute(county_meta.delete().where(county_meta.c.key == _KEY))
    conn.execute(county_meta.insert().values(key=_KEY, value=str(version)))


def prepare(conn: Connection, metadata: MetaData, *, create: bool) -> int:
    """Inside one write transaction: make a new database (``create``) or bring an existing
    one to ``SCHEMA_VERSION``. Returns the number of upgrade steps run."""
    if conn.dialect.name == "postgresql":  # one upgrader at a time across processes
        conn.execute(text("SELECT pg_advisory_xact_lock(7215403)"))
    version = read_version(conn)
    if version is None:
        if not create:
            return 0
        metadata.create_all(conn)
        _stamp(conn, SCHEMA_VERSION)
        return 0
    if version > SCHEMA_VERSION:
        raise SyncError(f"县级数据库的结构版本 {version} 比本程序支持的 {SCHEMA_VERSION} 新，"
                        "请升级程序")
    metadata.create_all(conn)  # tables added since (checkfirst)
    if version == SCHEMA_VERSION:
        return 0
    op = Operations(MigrationContext.configure(conn))
    for step in STEPS[version - 1:]:
        step(op)
    _stamp(conn, SCHEMA_VERSION)
    return SCHEMA_VERSION - version
