"""Opening a station database: engine, pragmas, migrations, sessions.

Durability: WAL with ``synchronous=FULL``. In WAL mode NORMAL skips the fsync at commit, so a
power cut can roll back the newest commits after the user was told "saved" (and a receipt
may already be printed); FULL fsyncs the WAL at every commit for ~0.4 ms here. Writers take
the lock up front (``BEGIN IMMEDIATE``) so a read-then-write unit of work (serial numbers)
cannot deadlock or fail half-way with "database is locked".

Encryption at rest: a station database is a SQLCipher file opened with a raw 256-bit data key
(no passphrase KDF here; the key slots in ``keyslots.py`` do the password work). The WAL and
temporary files are encrypted with it too; ``temp_store=MEMORY`` keeps sort spills off disk.
Without a key the file is plain SQLite (older stations before migration, some tests).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from workstation.files import sqlite_tables

from .search_index import install_search_hooks
from .session_hooks import install_record_hooks

BUSY_TIMEOUT_MS = 10_000
PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
    "PRAGMA temp_store=MEMORY",
)


class DatabaseError(Exception):
    """A database cannot be opened; the message is fit to show a user (Chinese)."""


def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own handling is broken).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in PRAGMAS:
        cursor.execute(pragma)
    cursor.close()


def _on_begin(conn: object) -> None:
    immediate = conn.get_execution_options().get("sqlite_immediate", False)  # type: ignore[attr-defined]
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")  # type: ignore[attr-defined]


def key_pragma(key: bytes) -> str:
    """SQLCipher's raw-key form: the bytes are the AES key, no passphrase derivation."""
    return f"x'{key.hex()}'"


def make_engine(path: Path | str, key: bytes | None = None) -> Engine:
    """An engine on the SQLite file at ``path`` with the station pragmas; encrypted with
    ``key`` (SQLCipher) when one is given."""
    connect_args = {"timeout": BUSY_TIMEOUT_MS / 1000}
    if key is None:
        engine = create_engine(f"sqlite:///{path}", connect_args=connect_args)
    else:
        _quiet_sqlcipher()
        url = URL.create("sqlite+pysqlcipher", password=key_pragma(key), database=str(path))
        # The pysqlcipher dialect defaults to SingletonThreadPool, which closes the connection
        # of one thread when a sixth thread connects, even mid-query (seen as "Cannot operate
        # on a closed database" and segfaults with the app's worker threads): pool like plain
        # SQLite files instead, each connection used by one thread at a time.
        engine = create_engine(url, poolclass=QueuePool,
                               connect_args={**connect_args, "check_same_thread": False})
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


@dataclass
class Database:
    """An open station database: its engine and session factories.

    One session per unit of work, never shared across threads; ``write()`` sessions take the
    write lock at their first statement.
    """

    path: Path
    engine: Engine
    key: bytes | None = field(default=None, repr=False)
    _reader: sessionmaker[Session] = field(init=False, repr=False)
    _writer: sessionmaker[Session] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._reader = sessionmaker(self.engine, expire_on_commit=False)
        self._writer = sessionmaker(
            self.engine.execution_options(sqlite_immediate=True), expire_on_commit=False
        )
        install_record_hooks(self._writer)
        install_search_hooks(self._writer)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session; anything it flushed is rolled back."""
        session = self._reader()
        try:
            yield session
        finally:
            # Detach first: a rollback expires every loaded object, and objects handed out of
            # a read (get_station, get_person) must stay readable after the session closes.
            session.expunge_all()
            session.rollback()
            session.close()

    def write_session(self) -> Session:
        return self._writer()

    def dispose(self) -> None:
        self.engine.dispose()

    def reopen(self, key: bytes | None) -> None:
        """Point this database at its file again with ``key`` (after a rekey): the old
        engine's connections are closed, sessions made from now on use the new key."""
        self.engine.dispose()
        self.engine = make_engine(self.path, key)
        self.key = key
        self.__post_init__()


def open_database(path: Path | str, *, key: bytes | None = None, create: bool = False,
                  upgrade: bool = True) -> Database:
    """Open (and with ``create`` make) the database at ``path``, migrated to the newest schema;
    ``key`` is its data key when it is encrypted."""
    from .migrate import upgrade_to_head

    db_path = Path(path)
    _finish_pending_restore(db_path)
    if not create and not db_path.exists():
        raise DatabaseError(f"找不到数据库文件：{db_path}")
    if key is None:
        refuse_foreign(db_path)
    if create:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(db_path, key)
    try:
        if upgrade:
            upgrade_to_head(engine)
    except Exception as exc:
        engine.dispose()
        raise DatabaseError(f"无法打开数据库 {db_path}：{_reason(exc)}") from exc
    return Database(db_path, engine, key)


#: Tables that make a plain SQLite file a station's database (every revision has them).
STATION_TABLES = frozenset({"alembic_version", "station"})


def refuse_foreign(path: Path | str) -> None:
    """``DatabaseError`` when the plain SQLite file at ``path`` holds tables but is not a
    station's (another program's file named by mistake): checked by reading its schema only,
    before any pragma or migration could write to it, so such a file is left byte for byte.
    A missing or empty file, a station's, and anything SQLite cannot read (a damaged or an
    encrypted file: opening reports it) pass."""
    db_path = Path(path)
    tables = sqlite_tables(db_path)
    if tables and not STATION_TABLES.issubset(tables):  # None or empty: nothing to protect
        raise DatabaseError(f"{db_path.name} 不是工作站的数据库（其中是其他程序的数据），"
                            f"为免损坏未作任何改动；请检查数据库文件的位置：{db_path}")


def _finish_pending_restore(db_path: Path) -> None:
    """A restore interrupted by a crash is completed before anything opens the file (see
    ``storage.backup.restore``; the login code calls it before reading the key file)."""
    from .backup.errors import BackupError
    from .backup.journal import finish_pending_restore

    try:
        finish_pending_restore(db_path)
    except BackupError as exc:
        raise DatabaseError(str(exc)) from exc


def connect_raw(path: Path | str, key: bytes | None = None) -> sqlite3.Connection:
    """A plain DB-API connection (backups, checks) with the same key and pragmas."""
    if key is None:
        connection = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    else:
        _quiet_sqlcipher()
        import sqlcipher3

        connection = sqlcipher3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
        connection.execute(f'PRAGMA key="{key_pragma(key)}"')
    _on_connect(connection, None)
    return connection


@cache
def _quiet_sqlcipher() -> None:
    """SQLCipher logs every failed page decryption to stderr; a wrong key is our message."""
    import sqlcipher3

    probe = sqlcipher3.connect(":memory:")
    try:
        probe.execute("PRAGMA cipher_log_level = NONE")
    finally:
        probe.close()


_REASONS = (
    ("file is not a database", "该文件不是工作站数据库，或已损坏"),
    ("database is locked", "数据库正被其他程序占用，请稍后再试"),
    ("unable to open database file", "无法读写该文件，请检查路径和权限"),
    ("can't locate revision", "数据库由更新版本的程序创建，请先升级本程序"),
)


def _reason(exc: BaseException) -> str:
    """One Chinese line for a failure to open (SQLAlchemy's own text is English, two lines)."""
    detail = str(getattr(exc, "orig", None) or exc)
    lowered = detail.lower()
    for needle, reason in _REASONS:
        if needle in lowered:
            return reason
    return (detail.strip().splitlines() or [type(exc).__name__])[0]
