"""The county database locked like a station's: created with a first admin and a recovery
code, unlocked by a county operator's password, converted from an old plain county, and
re-keyed when access is revoked.

**Key slots.** The county has a random *data key* that exists only in memory while an
operator is logged in (``CountyDatabase.key``). It is wrapped once per county operator and
once by the recovery code in a key file of ``storage.keyslots`` (the station's format and
code: Argon2id, X25519-wrapped slots, the login throttle of ``services.login_throttle``):

* an **SQLite** county is a SQLCipher file opened with the data key; its key file lies beside
  it (``county.db`` → ``county.db.keys``), as at a station. Backups must take both files;
* a **PostgreSQL** county keeps its key file in the table ``county_keyfile`` (the database
  server cannot open it without a password); the county's private keys are sealed with the
  data key (``county.sealing``). Only the private keys are sealed there so far: see
  docs/security.md for what the PostgreSQL server itself must protect.

**Operators** (``county_operator``: user name, display name, role, active) are rows in the
county database; their passwords are their slots. A slot is written before the row that
makes it usable (add, enable) and removed with the re-key that retires it (disable).

**Revocation.** Disabling an operator or replacing the recovery code gives the county a new
data key: every remaining slot is re-wrapped for it (no one's password needed). On SQLite the
file is re-encrypted by ``storage.rekey`` (crash-safe, the same code as the stations'); on
PostgreSQL the sealed values are re-sealed and the key file replaced in one transaction.

**Old plain counties** are converted by ``create_county`` (``county init``, or the console's
first-admin dialog): the plain SQLite file is copied into an encrypted one, swapped in and
the plain file shredded (``storage.encryption``: crash-safe at every step; no plain copy is
kept: a backup the county made before remains the admin's to destroy). On PostgreSQL the
private keys are sealed in place (old row versions remain until ``VACUUM``: the conversion
runs ``VACUUM FULL county_key``).
"""

from __future__ import annotations

import contextlib
import hmac
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, insert, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from workstation.domain.audit import CountyAuditAction
from workstation.domain.audit_chain import at_text
from workstation.domain.enums import CountyRole
from workstation.domain.errors import FieldError, ValidationError
from workstation.services.login_throttle import RECOVERY as RECOVERY_WHAT
from workstation.services.login_throttle import LoginFailed
from workstation.services.security import (
    WRONG_CREDENTIALS,
    open_slot_throttled,
    pending_plan,
    settle_pending,
    validate_new_password,
)
from workstation.storage import encryption, rekey
from workstation.storage.engine import DatabaseError
from workstation.storage.keyslots import (
    RECOVERY_LABEL,
    KeyFile,
    KeySlotError,
    Slot,
    file_lock,
    keyfile_path,
    new_data_key,
    new_recovery_code,
    normalize_recovery_code,
    operator_label,
)
from workstation.sync.errors import SyncError

from . import audit
from .access import CountySession, Permission, require
from .db import (
    CountyDatabase,
    CountyNotFound,
    county_audit,
    county_key,
    county_keyfile,
    county_operator,
    display,
    insert_for,
    open_county,
    to_url,
)
from .service import key_row, now_iso, seal_key_row

#: Where messages say a PostgreSQL county's key file is.
PG_KEYS = Path("county_keyfile")
MAX_USERNAME = 64
MAX_NAME = 64


class CountyState(StrEnum):
    MISSING = "missing"      # nothing there yet: ``create_county``
    PLAIN = "plain"          # an old county without operators: converted by ``create_county``
    LOCKED = "locked"        # operators and key slots: ``unlock_county``
    NO_KEYS = "no_keys"      # an encrypted SQLite file whose key file is gone


@dataclass
class Created:
    """A county just created (or converted) and its first admin logged in; the recovery
    code is shown once."""

    db: CountyDatabase
    recovery_code: str
    converted: bool = False


def sqlite_path(target: str | Path) -> Path | None:
    """The file of an SQLite county (None for PostgreSQL)."""
    try:
        parsed = make_url(to_url(target))
    except ArgumentError:
        return None
    if parsed.get_backend_name() != "sqlite" or not parsed.database \
            or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def county_state(target: str | Path) -> CountyState:
    """Finish a creation, conversion or re-key a crash interrupted, then say what is there."""
    path = sqlite_path(target)
    if path is not None:
        if path.parent.exists():
            if encryption.is_plain_sqlite(path):
                open_county(path).dispose()  # refuses another program's file before the lock
            with file_lock(keyfile_path(path)):
                encryption.finish_interrupted(path)
                rekey.finish_rekey(path)
        if not path.exists() or path.stat().st_size == 0:
            return CountyState.MISSING
        if encryption.is_plain_sqlite(path):
            return CountyState.PLAIN
        if not keyfile_path(path).exists():
            return CountyState.NO_KEYS
        return CountyState.LOCKED
    try:
        db = open_county(target)
    except CountyNotFound:
        return CountyState.MISSING
    try:
        with db.engine.connect() as conn:
            found = conn.execute(select(county_keyfile.c.id)).first()
    finally:
        db.dispose()
    return CountyState.LOCKED if found else CountyState.PLAIN


# --- the key file's store, locked ------------------------------------------------------------

Store = Iterator[tuple[KeyFile, Callable[[], None]]]


@contextmanager
def _file_keys(path: Path) -> Store:
    keys = keyfile_path(path)
    with file_lock(keys):
        keyfile = KeyFile.load(keys)
        yield keyfile, keyfile.save


@contextmanager
def _row_keys(db: CountyDatabase, conn: Connection | None = None) -> Store:
    """The key file of a PostgreSQL county, its row locked (``FOR UPDATE``) until the block
    ends. ``save`` writes it back in the same transaction; a refused login still commits (the
    throttle counters must stay)."""
    with db.engine.connect() as own:
        c = conn or own
        trans = own.begin() if conn is None else None
        try:
            row = c.execute(select(county_keyfile.c.body).where(county_keyfile.c.id == 1)
                            .with_for_update()).first()
            if row is None:
                raise KeySlotError("县级数据库还没有操作员：请先运行 county init 创建管理员")
            keyfile = KeyFile.parse(PG_KEYS, str(row.body).encode("utf-8"))

            def save() -> None:
                c.execute(update(county_keyfile).where(county_keyfile.c.id == 1)
                          .values(body=keyfile.to_bytes().decode("utf-8")))

            yield keyfile, save
        except LoginFailed:
            if trans is not None:
                trans.commit()
            raise
        except BaseException:
            if trans is not None:
                trans.rollback()
            raise
        if trans is not None:
            trans.commit()


def _store(db: CountyDatabase) -> Any:
    path = sqlite_path(db.url)
    return _file_keys(path) if path is not None else _row_keys(db)


# --- creating and unlocking ----------------------------------------------------------------

def _checked_operator(username: str, name: str, password: str, role: str
                      ) -> tuple[str, str, CountyRole]:
    errors: dict[str, str] = {}
    user, shown = username.strip(), name.strip()
    if not user:
        errors["username"] = "请填写用户名"
    elif len(user) > MAX_USERNAME or any(ch.isspace() or ch == ":" for ch in user):
        errors["username"] = f"用户名不能含空格或冒号，最多{MAX_USERNAME}个字符"
    if not shown:
        errors["name"] = "请填写姓名"
    elif len(shown) > MAX_NAME:
        errors["name"] = f"姓名最多{MAX_NAME}个字符"
    try:
        checked_role = CountyRole(role)
    except ValueError:
        errors["role"] = "角色应为：" + "、".join(r.label for r in CountyRole)
        checked_role = CountyRole.STATISTICS
    if errors:
        raise ValidationError(FieldError(k, v) for k, v in errors.items())
    validate_new_password(password)
    return user, shown, checked_role


def _operator_values(username: str, name: str, role: CountyRole) -> dict[str, Any]:
    return {"username": username, "name": name, "role": role.value, "active": True,
            "created_at": now_iso()}


def _new_keyfile(path: Path, data_key: bytes, username: str, password: str, code: str
                 ) -> KeyFile:
    keyfile = KeyFile.create(path, data_key, username=username, password=password,
                             recovery_code=code)
    keyfile.meta["county"] = True
    return keyfile


def create_county(target: str | Path, *, username: str, name: str, password: str
                  ) -> Created:
    """Create the county (or convert an old plain one) with its first admin, logged in.

    SQLite: a new SQLCipher file, or the old plain file copied into one and shredded.
    PostgreSQL: the key slots in ``county_keyfile``, the private keys sealed."""
    user, shown, _role = _checked_operator(username, name, password, CountyRole.ADMIN)
    state = county_state(target)
    if state in (CountyState.LOCKED, CountyState.NO_KEYS):
        raise SyncError(f"县级数据库 {display(target)} 已有操作员，无需再次初始化")
    code, data_key = new_recovery_code(), new_data_key()
    admin = _operator_values(user, shown, CountyRole.ADMIN)
    path = sqlite_path(target)
    if path is not None:
        keys = keyfile_path(path)
        if state is CountyState.PLAIN:
            with file_lock(keys):
                encryption.convert_in_place(
                    path, data_key,
                    lambda: _new_keyfile(keys, data_key, user, password, code).save(),
                    prepare=lambda raw: _prepare_plain_sqlite(raw, admin))
        else:
            temp = encryption.encrypting_path(path)
            encryption.remove_database_files(temp)
            made = open_county(temp, create=True, key=data_key)
            try:
                with made.write() as conn:
                    conn.execute(insert(county_operator).values(**admin))
                    conn.execute(insert(county_key).values(**key_row(conn, data_key)))
            finally:
                made.dispose()
            with file_lock(keys):
                encryption.install_new(
                    path, lambda: _new_keyfile(keys, data_key, user, password, code).save())
        db = open_county(path, key=data_key)
    else:
        db = open_county(target, create=True)
        db.key = data_key
        keyfile = _new_keyfile(PG_KEYS, data_key, user, password, code)
        try:
            with db.write() as conn:
                conn.execute(text("LOCK TABLE county_keyfile IN EXCLUSIVE MODE"))
                if conn.execute(select(county_keyfile.c.id)).first() is not None:
                    raise SyncError(f"县级数据库 {display(target)} 已有操作员，无需再次初始化")
                conn.execute(insert(county_keyfile).values(
                    id=1, body=keyfile.to_bytes().decode("utf-8")))
                conn.execute(insert(county_operator).values(**admin))
                old = conn.execute(select(county_key).where(county_key.c.id == 1)).first()
                if old is None:
                    conn.execute(insert(county_key).values(**key_row(conn, data_key)))
                else:
                    conn.execute(update(county_key).where(county_key.c.id == 1).values(
                        **seal_key_row(conn, dict(old._mapping), data_key)))
            if state is CountyState.PLAIN:
                with db.engine.connect().execution_options(
                        isolation_level="AUTOCOMMIT") as conn:
                    conn.execute(text("VACUUM FULL county_key"))
        except BaseException:
            db.dispose()
            raise
    db.session = CountySession(user, shown, CountyRole.ADMIN)
    converted = state is CountyState.PLAIN
    audit.record(db, CountyAuditAction.INIT, actor=shown, target_type="database",
                 detail="加密原县级数据库，创建第一个管理员" if converted
                 else "创建县级数据库和县级中心密钥，创建第一个管理员")
    return Created(db, code, converted=converted)


def _prepare_plain_sqlite(raw: Any, admin: dict[str, Any]) -> None:
    """The encrypted copy of an old plain county gets its first admin (the schema of the
    new table is made first: the copy was exported from the old file)."""
    raw.execute("CREATE TABLE IF NOT EXISTS county_operator (username VARCHAR(64) NOT NULL "
                "PRIMARY KEY, name TEXT NOT NULL, role VARCHAR(16) NOT NULL, active BOOLEAN "
                "NOT NULL, created_at VARCHAR(32) NOT NULL)")
    raw.execute("INSERT INTO county_operator (username, name, role, active, created_at) "
                "VALUES (?, ?, ?, 1, ?)",
                (admin["username"], admin["name"], admin["role"], admin["created_at"]))


def refuse_state(target: str | Path, state: CountyState) -> None:
    shown = display(target)
    if state is CountyState.MISSING:
        raise CountyNotFound(f"找不到县级数据库：{shown}（请先运行 county init）")
    if state is CountyState.PLAIN:
        raise SyncError(f"县级数据库 {shown} 尚未加密、没有操作员：请由管理员运行 county init"
                        "（创建第一个管理员并加密）")
    if state is CountyState.NO_KEYS:
        raise KeySlotError(f"找不到县级数据库的密钥文件：{keyfile_path(Path(str(target)))}"
                           "（请从备份中找回它）")


def unlock_county(target: str | Path, username: str, password: str) -> CountyDatabase:
    """The county opened by a county operator (throttled like a station's login; one
    message for a wrong user name or a wrong password)."""
    state = county_state(target)
    if state is not CountyState.LOCKED:
        refuse_state(target, state)
    user = username.strip()
    path = sqlite_path(target)
    if path is not None:
        with _file_keys(path) as (keyfile, save):
            key = open_slot_throttled(keyfile, save, operator_label(user), password, user)
        db = open_county(path, key=key)
    else:
        db = open_county(target)
        try:
            with _row_keys(db) as (keyfile, save):
                key = open_slot_throttled(keyfile, save, operator_label(user), password,
                                          user)
        except BaseException:
            db.dispose()
            raise
        db.key = key
    try:
        write_pending_failures(db)
        db.session = _session_of(db, user)
    except BaseException:
        db.dispose()
        raise
    audit.record_login(db, db.session.name)
    if db.session.is_admin:
        _finish_due_rekey(db)
    return db


#: What a queued failure's kind says in the county's audit trail (``login.failed`` detail).
_FAILURE_DETAIL = {"failed": WRONG_CREDENTIALS, "locked": "连续输错，账户已锁定",
                   "refused": "锁定或等待期间的尝试，未核对密码"}


def write_pending_failures(db: CountyDatabase) -> int:
    """Failed county logins queued in the key file (they could not open the database) into
    the county's audit trail, as the station does (``services.security.pending_plan``):
    ``login.failed`` with the user name as typed, at the time they happened; a tampered
    queue as ``login.suspicious``. Safe to repeat: entries already written are skipped.
    Returns the number of ``login.failed`` entries written."""
    key = db.key
    if key is None:
        return 0
    try:
        with _store(db) as (keyfile, _save):
            plan = pending_plan(keyfile, key)
    except KeySlotError:
        return 0
    if plan.idle:
        return 0
    written = 0
    with db.write() as conn:
        for wanted, count in plan.wanted.items():
            at, action, username, detail = wanted
            if action == CountyAuditAction.LOGIN_FAILED.value:
                detail = _FAILURE_DETAIL.get(plan.reasons.get(wanted, ""), WRONG_CREDENTIALS)
            when = at_text(at)
            there = conn.execute(select(func.count()).select_from(county_audit).where(
                county_audit.c.action == action, county_audit.c.at == when,
                county_audit.c.target == username,
                county_audit.c.detail == detail)).scalar() or 0
            for _ in range(count - there):  # entries a crash left queued are not repeated
                audit.append(conn, action, target_type="operator", target=username,
                             detail=detail, at=when)
                written += action == CountyAuditAction.LOGIN_FAILED.value
    with _store(db) as (fresh, save):
        settle_pending(fresh, plan, key)
        save()
    return written


def _finish_due_rekey(db: CountyDatabase) -> None:
    """A revocation left due (the database was busy): done at an admin's login if the
    database is free now; else it stays due."""
    path = sqlite_path(db.url)
    if path is None:
        return
    try:
        due = bool(KeyFile.load(keyfile_path(path)).meta.get(rekey.DUE_FLAG))
    except KeySlotError:
        return
    if due:
        with contextlib.suppress(DatabaseError):
            rekey_county(db)


def _session_of(db: CountyDatabase, username: str) -> CountySession:
    with db.engine.connect() as conn:
        row = conn.execute(select(county_operator)
                           .where(county_operator.c.username == username)).first()
    if row is None:
        raise LoginFailed(WRONG_CREDENTIALS)
    if not row.active:
        raise LoginFailed("该账户已停用，请联系县级中心管理员")
    return CountySession(row.username, row.name, CountyRole(row.role))


def recover_admin(target: str | Path, code: str, username: str, new_password: str
                  ) -> CountyDatabase:
    """The recovery code sets a new password for the admin ``username`` (and enables it)."""
    state = county_state(target)
    if state is not CountyState.LOCKED:
        refuse_state(target, state)
    validate_new_password(new_password)
    user = username.strip()
    path = sqlite_path(target)
    db = None if path is not None else open_county(target)
    try:
        store = _file_keys(path) if path is not None else _row_keys(db)  # type: ignore[arg-type]
        with store as (keyfile, save):
            key = open_slot_throttled(keyfile, save, RECOVERY_LABEL,
                                      normalize_recovery_code(code), user, queue=False,
                                      wrong="恢复码不正确", what=RECOVERY_WHAT)
        if db is None:
            db = open_county(path, key=key)  # type: ignore[arg-type]
        db.key = key
        with db.engine.connect() as conn:
            row = conn.execute(select(county_operator)
                               .where(county_operator.c.username == user)).first()
        if row is None or row.role != CountyRole.ADMIN.value:
            raise SyncError(f"没有名为“{user}”的县级中心管理员")
        with _store(db) as (keyfile, save):
            keyfile.set_operator(user, new_password, key)
            save()
        with db.write() as conn:
            conn.execute(update(county_operator).where(county_operator.c.username == user)
                         .values(active=True))
        db.session = CountySession(row.username, row.name, CountyRole.ADMIN)
        return db
    except BaseException:
        if db is not None:
            db.dispose()
        raise


# --- operators ---------------------------------------------------------------------------

@dataclass(frozen=True)
class OperatorInfo:
    username: str
    name: str
    role: CountyRole
    active: bool
    created_at: str


def require_admin(db: CountyDatabase) -> None:
    """Refuse (before any password is read) unless the operator may manage operators."""
    require(db, Permission.OPERATORS)


def list_operators(db: CountyDatabase) -> list[OperatorInfo]:
    require(db, Permission.OPERATORS)
    with db.engine.connect() as conn:
        rows = conn.execute(select(county_operator).order_by(county_operator.c.created_at,
                                                             county_operator.c.username))
        return [OperatorInfo(r.username, r.name, CountyRole(r.role), bool(r.active),
                             r.created_at) for r in rows]


def _row(conn: Connection, username: str) -> Any:
    row = conn.execute(select(county_operator)
                       .where(county_operator.c.username == username.strip())).first()
    if row is None:
        raise SyncError(f"没有名为“{username.strip()}”的县级中心操作员")
    return row


def add_operator(db: CountyDatabase, *, username: str, name: str, role: str,
                 password: str) -> OperatorInfo:
    require(db, Permission.OPERATORS)
    user, shown, checked = _checked_operator(username, name, password, role)
    key = _key(db)
    with db.engine.connect() as conn:
        if conn.execute(select(county_operator.c.username)
                        .where(county_operator.c.username == user)).first() is not None:
            raise ValidationError.single("username", f"用户名“{user}”已被使用")
    with _store(db) as (keyfile, save):  # the slot first: a crash leaves a stale slot only
        keyfile.set_operator(user, password, key)
        save()
    values = _operator_values(user, shown, checked)
    with db.write() as conn:
        conn.execute(insert_for(conn, county_operator).values(**values))
    return OperatorInfo(user, shown, checked, True, values["created_at"])


def reset_password(db: CountyDatabase, username: str, password: str) -> None:
    """A new password (a new slot, its throttle cleared) for an active operator."""
    require(db, Permission.OPERATORS)
    validate_new_password(password)
    key = _key(db)
    with db.engine.connect() as conn:
        row = _row(conn, username)
    if not row.active:
        raise SyncError(f"“{row.name}”已停用，请用“启用”并设置新密码")
    with _store(db) as (keyfile, save):
        keyfile.set_operator(row.username, password, key)
        save()


def enable_operator(db: CountyDatabase, username: str, password: str) -> None:
    """A disabled operator back, with a new password (their old slot was revoked)."""
    require(db, Permission.OPERATORS)
    validate_new_password(password)
    key = _key(db)
    with db.engine.connect() as conn:
        row = _row(conn, username)
    with _store(db) as (keyfile, save):
        keyfile.set_operator(row.username, password, key)
        save()
    with db.write() as conn:
        conn.execute(update(county_operator)
                     .where(county_operator.c.username == row.username).values(active=True))


def disable_operator(db: CountyDatabase, username: str,
                     progress: rekey.Progress | None = None) -> None:
    """Disable an operator and revoke: the county gets a new data key that their slot (and
    any copy of the old key file) does not open."""
    session = require(db, Permission.OPERATORS)
    with db.engine.connect() as conn:
        row = _row(conn, username)
        admins = conn.execute(select(county_operator.c.username).where(
            county_operator.c.role == CountyRole.ADMIN.value,
            county_operator.c.active.is_(True))).scalars().all()
    if row.username == session.username:
        raise SyncError("不能停用自己的账户")
    if row.role == CountyRole.ADMIN.value and row.active and len(admins) <= 1:
        raise SyncError("至少要保留一个启用的县级中心管理员")
    with db.write() as conn:
        conn.execute(update(county_operator)
                     .where(county_operator.c.username == row.username).values(active=False))
    with _store(db) as (keyfile, save):  # their slot goes now; the rekey revokes copies
        keyfile.remove_operator(row.username)
        keyfile.meta[rekey.DUE_FLAG] = True
        save()
    try:
        rekey_county(db, progress=progress)
    except DatabaseError as exc:
        raise RekeyPending(f"已停用“{row.name}”，其密钥槽已删除；但县级数据库正被其他程序使用，"
                           "数据密钥尚未更换：请关闭其他县级中心程序后重新登录（管理员登录时完成更换）"
                           ) from exc


class RekeyPending(SyncError):
    """The change is made but the new data key is not: the database was busy. The next admin
    login re-keys (``rekey.DUE_FLAG`` in the key file)."""


def renew_recovery_code(db: CountyDatabase, progress: rekey.Progress | None = None) -> str:
    """A new recovery code (shown once); the old one no longer opens anything."""
    require(db, Permission.OPERATORS)
    code = new_recovery_code()
    rekey_county(db, recovery_code=code, progress=progress)
    return code


def _key(db: CountyDatabase) -> bytes:
    if db.key is None:
        raise SyncError("县级数据库未加密：请由管理员运行 county init")
    return db.key


def rekey_county(db: CountyDatabase, *, recovery_code: str | None = None,
                 progress: rekey.Progress | None = None) -> None:
    """Give the open county a new data key, re-wrapping the slots of active operators (and
    the recovery slot, or one for ``recovery_code``); ``db`` goes on with the new key."""
    require(db, Permission.OPERATORS)
    old_key, new_key = _key(db), new_data_key()
    with db.engine.connect() as conn:
        active = set(conn.execute(select(county_operator.c.username)
                                  .where(county_operator.c.active.is_(True))).scalars())
    path = sqlite_path(db.url)
    if path is not None:
        keys = keyfile_path(path)
        with file_lock(keys):
            fresh = _rewrapped(KeyFile.load(keys), old_key, new_key, active, recovery_code)
            fresh.meta[rekey.SWAP_FLAG] = True
            db.engine.dispose()
            committed = False
            try:
                rekey.rekey_database(path, old_key, new_key, fresh.save, progress)
                committed = True
            except BaseException:
                committed = _written(keys, fresh)
                if committed:
                    rekey.finish_rekey(path)
                raise
            finally:
                reopened = open_county(path, key=new_key if committed else old_key)
                db.engine, db.key = reopened.engine, reopened.key
        return
    with db.write() as conn, _row_keys(db, conn) as (keyfile, save):
        fresh = _rewrapped(keyfile, old_key, new_key, active, recovery_code)
        keyfile.slots, keyfile.meta, keyfile.chain = fresh.slots, fresh.meta, fresh.chain
        save()
        old = conn.execute(select(county_key).where(county_key.c.id == 1)).first()
        if old is not None:
            from . import sealing

            opened = {name: sealing.unseal(old_key, getattr(old, name), name)
                      for name in ("sign_private", "box_private")}
            conn.execute(update(county_key).where(county_key.c.id == 1).values(
                **seal_key_row(conn, opened, new_key)))
    db.key = new_key


def _rewrapped(current: KeyFile, old_key: bytes, new_key: bytes, active: set[str],
               recovery_code: str | None) -> KeyFile:
    fresh = KeyFile(current.path, meta=dict(current.meta), decoys=dict(current.decoys))
    fresh.start_chain(new_key)
    for username in current.operator_usernames():
        slot = current.slots[operator_label(username)]
        if username in active and slot.rewrappable and slot.authentic(old_key):
            fresh.slots[slot.label] = slot.rewrapped(new_key)
    old_recovery = current.slots.get(RECOVERY_LABEL)
    if recovery_code is not None:
        fresh.slots[RECOVERY_LABEL] = Slot.seal(
            RECOVERY_LABEL, normalize_recovery_code(recovery_code), new_key)
    elif old_recovery is not None and old_recovery.rewrappable \
            and old_recovery.authentic(old_key):
        fresh.slots[RECOVERY_LABEL] = old_recovery.rewrapped(new_key)
    fresh.meta.pop(rekey.DUE_FLAG, None)
    return fresh


def _written(keys: Path, fresh: KeyFile) -> bool:
    try:
        on_disk = KeyFile.load(keys)
    except KeySlotError:
        return False
    return hmac.compare_digest(str(on_disk.chain.get("sealed", "")),
                               str(fresh.chain.get("sealed", "")))
