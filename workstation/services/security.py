"""The station lifecycle: create an encrypted station, unlock it with an operator's password
(or an admin's recovery code), encrypt an old plain database at its first login.

The database (SQLCipher) opens with a random data key that exists only in memory
(``Database.key``) while someone is logged in; on disk it is wrapped once per operator and once
by the recovery code in the key file beside the database (``keyslots.keyfile_path``:
``station.db`` → ``station.db.keys``). Losing the key file loses the database: backups must
take both.

**One verifier per password.** A password is checked by opening its key slot (Argon2id, then
AES-GCM); ``Operator.password_hash`` is not kept alongside it (it would be a second verifier
that a crash between two writes could leave disagreeing). For encrypted stations the column
is empty; it is read only to authenticate operators of an old plain database, once, when that
database is encrypted (``_encrypt_plain``). The column stays in the schema so old databases
and the sync format need no migration.

**Old plain databases.** The first operator to log in is checked against the database's
argon2 hashes, then the database is copied into an encrypted one and swapped in
(``storage.encryption``: crash-safe at every step). Every other active operator gets a slot
at the same moment without anyone knowing their password: an argon2id hash *is* the key its
password derives (same salt and cost), so the data key is wrapped with it and the hash is
thrown away (``Slot.from_password_hash``). They log in with their old password as before;
their first login re-seals their slot with a fresh salt at the current cost. Operators whose
hash has another shape (none made by this program) need a password reset by an admin.

**Crash consistency between key file and database.** A slot is written before the database
row that makes it usable (add, enable) and removed after the row that retires it (disable);
a slot whose operator is missing or inactive in the database is stale and is removed at the
next successful login (after a minute's grace, so a change still committing elsewhere is not
undone). A crash between the two writes never locks anyone out.
"""

from __future__ import annotations

import hmac
import sqlite3
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from sqlalchemy import func, select

from workstation.domain.errors import ValidationError
from workstation.storage import audit_chain, encryption, rekey
from workstation.storage.engine import Database, DatabaseError, open_database, refuse_foreign
from workstation.storage.keyslots import (
    RECOVERY_LABEL,
    KeyFile,
    KeySlotError,
    PendingCheck,
    Slot,
    WrongSecret,
    file_lock,
    keyfile_path,
    new_data_key,
    new_recovery_code,
    normalize_recovery_code,
    operator_label,
)
from workstation.storage.models import AuditEntry, Operator

from . import login_throttle as throttle
from .context import Actor, ServiceError, UnitOfWork
from .login_throttle import LoginFailed
from .revocation import Progress, RekeyResult, rekey_due, rekey_station, run_rekey
from .stations import StationSetup, get_station, has_station, init_station, validate_setup

#: A slot younger than this is never treated as stale (its database change may still be
#: committing in another process).
STALE_GRACE_SECONDS = 60
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 128
WRONG_CREDENTIALS = "用户名或密码错误"


class StationStatus(StrEnum):
    MISSING = "missing"        # no database yet: the setup wizard / ``init``
    PLAIN = "plain"            # an old unencrypted database: encrypted at the next login
    ENCRYPTED = "encrypted"    # a station database with its key file
    NO_KEYS = "no_keys"        # encrypted, but its key file is gone


@dataclass
class Unlocked:
    """An open station and the operator logged in to it."""

    db: Database
    actor: Actor
    station_name: str
    #: A recovery code to show now, once (a new station, or a database just encrypted by an
    #: admin); call ``confirm_recovery_recorded`` when the admin confirms writing it down.
    recovery_code: str | None = None
    #: The recovery code was never confirmed as recorded: offer an admin a new one
    #: (``renew_recovery_code``).
    recovery_due: bool = False
    #: The database was an old plain one and has just been encrypted.
    migrated: bool = False
    #: A rekey left due by a crash (or a busy database) was done at this login.
    rekeyed: RekeyResult | None = None


# --- reading the files before anyone logs in ----------------------------------------------

def prepare_station(path: Path | str) -> StationStatus:
    """Finish a creation or encryption interrupted by a crash, then say what ``path`` is."""
    db_path = Path(path)
    if encryption.is_plain_sqlite(db_path):
        refuse_foreign(db_path)  # before the lock file is made beside another program's file
    if db_path.parent.exists():
        with file_lock(keyfile_path(db_path)):
            encryption.finish_interrupted(db_path)
            rekey.finish_rekey(db_path)
    return station_status(db_path)


def station_status(path: Path | str) -> StationStatus:
    db_path = Path(path)
    if not db_path.exists() or db_path.stat().st_size == 0:
        return StationStatus.MISSING
    if encryption.is_plain_sqlite(db_path):
        return StationStatus.PLAIN
    if not keyfile_path(db_path).exists():
        return StationStatus.NO_KEYS
    return StationStatus.ENCRYPTED


def login_station_name(path: Path | str) -> str | None:
    """The station's name for the login screen (from the key file; an old plain database is
    opened, and migrated to the newest schema, to read it). None if it has no station."""
    db_path = Path(path)
    status = station_status(db_path)
    if status is StationStatus.ENCRYPTED:
        try:
            return str(KeyFile.load(keyfile_path(db_path)).meta.get("station_name") or "")
        except KeySlotError:
            return ""
    if status is StationStatus.PLAIN:
        db = open_database(db_path)
        try:
            return get_station(db).name if has_station(db) else None
        finally:
            db.dispose()
    return None


def _refuse_status(path: Path, status: StationStatus) -> None:
    if status is StationStatus.MISSING:
        raise DatabaseError(f"找不到数据库文件：{path}")
    if status is StationStatus.NO_KEYS:
        raise KeySlotError(f"找不到数据库密钥文件：{keyfile_path(path)}（数据库已加密，"
                           "请从备份中恢复该文件）")


# --- creating ------------------------------------------------------------------------------

def validate_new_password(password: str, field: str = "password") -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError.single(field, f"密码至少需要{MIN_PASSWORD_LENGTH}位")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValidationError.single(field, f"密码不能超过{MAX_PASSWORD_LENGTH}位")
    return password


def create_station(path: Path | str, setup: StationSetup) -> Unlocked:
    """A new encrypted station at ``path``: data key, database, station and first admin, key
    file with the admin's slot and a recovery slot. ``recovery_code`` is set: show it once.

    Refused if a station database is already there; an empty plain file left by an old
    version is replaced.
    """
    setup = validate_setup(setup)
    db_path = Path(path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    keys = keyfile_path(db_path)
    with file_lock(keys):
        encryption.finish_interrupted(db_path)
        status = station_status(db_path)
        if status is StationStatus.PLAIN and login_station_name(db_path) is None:
            encryption.shred(db_path)  # an empty database from an interrupted old set-up
        elif status is not StationStatus.MISSING:
            raise ServiceError("该位置已有工作站数据库，不能重复初始化")
        elif db_path.exists():
            db_path.unlink()  # an empty file
        if keys.exists():
            encryption.set_aside(keys, "orphan")  # its database is gone
        key, code = new_data_key(), new_recovery_code()
        temp = encryption.encrypting_path(db_path)
        encryption.remove_database_files(temp)
        made = open_database(temp, key=key, create=True)
        try:
            actor = init_station(made, setup)
        finally:
            made.dispose()
        keyfile = KeyFile.create(keys, key, username=setup.admin_username,
                                 password=setup.admin_password, recovery_code=code)
        keyfile.meta = {"station_name": setup.station_name, "recovery_pending": True}
        encryption.install_new(db_path, keyfile.save)
    db = open_database(db_path, key=key)
    return Unlocked(db, actor, setup.station_name, recovery_code=code)


def seal_new_station(db: Database, username: str, password: str) -> str:
    """Write the key file for ``db`` (an encrypted database made without one: tests, demo):
    the operator's slot and a recovery slot. Returns the recovery code."""
    if db.key is None:
        raise ServiceError("数据库未加密")
    code = new_recovery_code()
    keyfile = KeyFile.create(keyfile_path(db.path), db.key, username=username,
                             password=password, recovery_code=code)
    keyfile.meta = {"station_name": get_station(db).name, "recovery_pending": False}
    keyfile.save()
    return code


# --- unlocking -----------------------------------------------------------------------------

def unlock_station(path: Path | str, username: str, password: str) -> Unlocked:
    """Log in: the operator's slot gives the data key, the database opens (and migrates to
    the newest schema), the operator must be active in it. Failed logins are throttled and
    queued for the audit trail, written here at the next success. An old plain database is
    encrypted on the way (``migrated``)."""
    db_path = Path(path)
    username = (username or "").strip()
    status = prepare_station(db_path)
    if status is StationStatus.PLAIN:
        return _encrypt_plain(db_path, username, password)
    _refuse_status(db_path, status)
    keys = keyfile_path(db_path)
    key = open_operator_slot(keys, username, password)
    db = open_database(db_path, key=key)
    try:
        actor = _log_in(db, keys, username)
        rekeyed = _finish_due_rekey(db, actor)
        keyfile = KeyFile.load(keys)
    except BaseException:
        db.dispose()
        raise
    return Unlocked(db, actor, str(keyfile.meta.get("station_name") or ""),
                    recovery_due=actor.is_admin and bool(keyfile.meta.get("recovery_pending")),
                    rekeyed=rekeyed)


def _finish_due_rekey(db: Database, actor: Actor) -> RekeyResult | None:
    """A disabled operator's rekey that did not happen (crash, busy database) happens now."""
    if not rekey_due(db):
        return None
    try:
        return run_rekey(db, actor, audit_detail="补做停用操作员后的更换数据密钥")
    except (DatabaseError, ServiceError):
        return None  # still due: the next login tries again


def recover_admin(path: Path | str, code: str, username: str, new_password: str) -> Unlocked:
    """Forgotten password: the recovery code gives the data key; the admin ``username`` gets
    ``new_password`` (re-wrapped, audited) and is logged in."""
    db_path = Path(path)
    username = (username or "").strip()
    validate_new_password(new_password, "new_password")
    status = prepare_station(db_path)
    if status is StationStatus.PLAIN:
        raise ServiceError("该数据库尚未加密，没有恢复码；请用原密码登录")
    _refuse_status(db_path, status)
    keys = keyfile_path(db_path)
    key = _open_throttled(keys, RECOVERY_LABEL, normalize_recovery_code(code), "",
                          wrong="恢复码不正确", what=throttle.RECOVERY)
    slot = Slot.seal(operator_label(username), new_password, key)  # Argon2 outside the lock
    db = open_database(db_path, key=key)
    try:
        with UnitOfWork(db, None) as uow:
            operator = _operator(uow, username)
            if operator is None or not operator.active or operator.role != "admin":
                raise ServiceError(f"“{username}”不是本站在用的站点管理员账户")
            actor = _actor(operator)
            uow.actor = actor
            uow.audit("operator.recover", "operator", operator.id,
                      f"{username} 用恢复码重设密码")
            uow.session.flush()
            with KeyFile.update(keys) as keyfile:
                keyfile.slots[slot.label] = slot
            uow.commit()
        actor = _log_in(db, keys, username)
        keyfile = KeyFile.load(keys)
    except BaseException:
        db.dispose()
        raise
    return Unlocked(db, actor, str(keyfile.meta.get("station_name") or ""),
                    recovery_due=bool(keyfile.meta.get("recovery_pending")))


def verify_password(db: Database, actor: Actor, password: str, *, queue: bool = True) -> None:
    """Check the logged-in operator's own password again (the idle lock, changing one's
    password); LoginFailed if wrong. Throttled like a login; failures are queued for the
    audit trail unless ``queue`` is False (the caller audits them itself)."""
    if db.key is None:
        from .auth import authenticate_plain

        authenticate_plain(db, actor.username, password, audit=False)
        return
    key = open_operator_slot(keyfile_path(db.path), actor.username, password, queue=queue)
    if not hmac.compare_digest(key, db.key):
        raise LoginFailed(WRONG_CREDENTIALS)


def open_operator_slot(keys: Path, username: str, password: str, *, queue: bool = True
                       ) -> bytes:
    """The data key from ``username``'s slot, throttled; LoginFailed otherwise (queued for
    the audit trail unless ``queue`` is False)."""
    return _open_throttled(keys, operator_label(username), password, username, queue=queue)


def _open_throttled(keys: Path, label: str, secret: str, username: str, *,
                    wrong: str = WRONG_CREDENTIALS, what: str = throttle.ACCOUNT,
                    queue: bool = True) -> bytes:
    """The data key from the slot ``label`` of the key file ``keys``, throttled
    (``open_slot_throttled`` under the key file's lock)."""
    with file_lock(keys):
        keyfile = KeyFile.load(keys)
        return open_slot_throttled(keyfile, keyfile.save, label, secret, username,
                                   wrong=wrong, what=what, queue=queue)


def open_slot_throttled(keyfile: KeyFile, save: Callable[[], None], label: str, secret: str,
                        username: str, *, wrong: str = WRONG_CREDENTIALS,
                        what: str = throttle.ACCOUNT, queue: bool = True) -> bytes:
    """The data key from the slot ``label``, throttled. Call with the lock of the key file's
    store held (``save`` writes it back): the counters are read, checked and updated under
    it, around the password check itself, so attempts made at the same moment are checked
    one at a time, each seeing what the previous one left. A label without a slot (an
    unknown user name) gets a decoy slot with the same cost and its own counters: the same
    answers, the same delay, the same lock as a real account."""
    at = throttle.now()
    slot = keyfile.slots.get(label)
    decoy = slot is None
    if slot is None:
        slot = keyfile.decoy(label)
    try:
        throttle.check_allowed(slot, at, what)
    except LoginFailed:
        if queue:
            throttle.queue_failure(keyfile, username, at, "refused", slot)
            save()
        raise
    try:
        key = slot.open(secret)
    except WrongSecret:
        locked = throttle.register_failure(slot, at)
        if decoy:
            keyfile.keep_decoy(slot)
        throttle.queue_failure(keyfile, username, at, "locked" if locked else "failed",
                               slot, audit=queue)
        save()
        raise LoginFailed(throttle.failure_message(slot, locked, wrong, what)) from None
    if not slot.rewrappable:  # legacy and old-form slots: replaced by the current form
        keyfile.slots[label] = Slot.seal(label, secret, key)
        save()
    elif throttle.clear(slot):
        throttle.queue_failure(keyfile, username, at, "cleared", slot, audit=False)
        save()
    return key


# --- after the data key opened the database ---------------------------------------------------

def _operator(uow: UnitOfWork, username: str) -> Operator | None:
    return uow.session.scalars(select(Operator).where(Operator.username == username)).first()


def _actor(operator: Operator) -> Actor:
    return Actor(operator.id, operator.station_id, operator.username, operator.name,
                 operator.role)


_PENDING_DETAIL = {"failed": "", "locked": "（连续输错，账户已锁定）",
                   "refused": "（锁定或等待期间的尝试，未核对密码）"}


def _log_in(db: Database, keys: Path, username: str) -> Actor:
    """Write queued failures to the audit trail, check the operator is active, audit the
    login, drop stale slots."""
    write_pending_failures(db, keys)
    with UnitOfWork(db, None) as uow:
        operator = _operator(uow, username)
        if operator is None or not operator.active:
            stale = True
        else:
            stale = False
            actor = _actor(operator)
            uow.actor = actor
            uow.audit("login", "operator", operator.id)
            uow.commit()
    if stale:
        with KeyFile.update(keys) as keyfile:
            keyfile.remove_operator(username)
        raise LoginFailed("该账户已停用，请联系站点管理员")
    remove_stale_slots(db, keys)
    return actor


@dataclass
class PendingPlan:
    """What the key file's queue of failed logins asks of an audit trail (``pending_plan``):
    ``wanted`` counts entries ``(at, action, username, detail)`` with ``action``
    ``login.failed`` or ``login.suspicious``; ``reason`` is the failure's kind
    (``failed``, ``locked``, ``refused``; "" for a suspicious entry). The station and the
    county each write them to their own trail, then ``settle_pending`` the key file."""

    check: PendingCheck
    wanted: Counter[tuple[datetime, str, str, str]]
    reasons: dict[tuple[datetime, str, str, str], str]
    edits: list[str]
    start_only: bool = False

    @property
    def idle(self) -> bool:
        return not self.wanted and not self.start_only and not self.check.broken \
            and not self.check.missing and not self.edits


def pending_plan(keyfile: KeyFile, key: bytes) -> PendingPlan:
    """Check the queue of failed logins (``KeyFile.verify_pending``) and say which audit
    entries it asks for: genuine failures as ``login.failed``; entries that fail the check,
    entries deleted from it and throttle counters that differ from the authenticated record
    as ``login.suspicious``."""
    check = keyfile.verify_pending(key)
    wanted: Counter[tuple[datetime, str, str, str]] = Counter()
    reasons: dict[tuple[datetime, str, str, str], str] = {}
    if check.absent and not keyfile.pending:  # a key file from before chains: start one
        return PendingPlan(check, wanted, reasons, [], start_only=True)
    edits = _throttle_edits(keyfile, check)
    if not keyfile.pending and not check.broken and not check.missing and not edits:
        return PendingPlan(check, wanted, reasons, edits)
    for entry in check.genuine:
        if entry.get("audit") is False or entry.get("kind") == "cleared":
            continue
        username = str(entry.get("username") or "")
        detail = (username or "（恢复码）") + _PENDING_DETAIL.get(entry.get("kind", ""), "")
        wanted_key = (_entry_time(entry), "login.failed", username, detail)
        wanted[wanted_key] += 1
        reasons[wanted_key] = str(entry.get("kind", ""))
    now = datetime.now(UTC)
    for entry in check.forged:
        username = str(entry.get("username") or "")
        wanted[(now, "login.suspicious", username,
                "密钥文件中一条登录失败记录未通过校验，已丢弃（被改动或伪造）："
                f"{username or '（恢复码）'}，{entry.get('at', '')}")] += 1
    if check.broken:
        wanted[(now, "login.suspicious", "", "密钥文件中的登录失败记录链"
                + ("缺失（旧版密钥文件，或被删除）" if check.absent
                   else "未通过校验（被改动或替换）")
                + "，其中的记录无法校验，已丢弃")] += 1
    if check.missing:
        wanted[(now, "login.suspicious", "", f"密钥文件中有 {check.missing} 条登录失败记录"
                "被删除（或超出保存上限被丢弃）")] += 1
    for label in edits:
        wanted[(now, "login.suspicious", label.removeprefix(operator_label("")),
                f"密钥文件中“{label.removeprefix(operator_label(''))}”的登录限制计数被改动，"
                "已恢复为校验过的记录")] += 1
    return PendingPlan(check, wanted, reasons, edits)


def settle_pending(fresh: KeyFile, plan: PendingPlan, key: bytes) -> None:
    """After the plan's entries are in the audit trail: drop the handled entries from the
    (freshly loaded, locked) key file, put edited counters back, move the checkpoint."""
    if plan.start_only:
        if "sealed" not in fresh.chain:
            fresh.start_chain(key)
        return
    check = plan.check
    handled = check.genuine + check.forged
    fresh.pending = [e for e in fresh.pending if e not in handled]
    later = {e.get("label") for e in fresh.pending}  # appended meanwhile: next time
    for label in _throttle_edits(fresh, check):
        if label not in later:
            (fresh.slots[label].failures, fresh.slots[label].retry_after,
             fresh.slots[label].locked_until) = _counters(check.throttle[label][0])
    if check.broken or check.key_upto is None:
        fresh.start_chain(key)
    else:
        fresh.checkpoint(key, check.upto, check.key_upto)


def write_pending_failures(db: Database, keys: Path) -> int:
    """Move failed logins queued in the key file into the audit trail (``login.failed``,
    at the time they happened; ``pending_plan``): tampering with the queue is audited as
    ``login.suspicious`` (the counters are put back). Safe to repeat: entries already
    written are skipped. Returns the number of entries written."""
    if db.key is None:
        return 0
    try:
        keyfile = KeyFile.load(keys)
    except KeySlotError:
        return 0
    plan = pending_plan(keyfile, db.key)
    if plan.idle:
        return 0
    written = 0
    if plan.wanted:
        with UnitOfWork(db, None) as uow:
            ids = dict(uow.session.execute(select(Operator.username, Operator.id)).all())
            for (at, action, username, detail), count in plan.wanted.items():
                there = uow.session.scalar(select(func.count()).select_from(AuditEntry).where(
                    AuditEntry.action == action, AuditEntry.at == at,
                    AuditEntry.detail == detail)) or 0
                for _ in range(count - there):  # entries a crash left queued: not repeated
                    uow.audit(action, "operator", ids.get(username, ""), detail, at=at)
                    written += action == "login.failed"
            uow.commit()
    with KeyFile.update(keys) as fresh:
        settle_pending(fresh, plan, db.key)
    return written


def _entry_time(entry: dict[str, object]) -> datetime:
    return datetime.fromisoformat(str(entry["at"])).astimezone(UTC)


def _counters(raw: tuple[object, ...]) -> tuple[int, float, float]:
    failures, retry_after, locked_until = [*raw, 0, 0.0, 0.0][:3]
    return int(failures), float(retry_after), float(locked_until)  # type: ignore[arg-type]


def _throttle_edits(keyfile: KeyFile, check: PendingCheck) -> list[str]:
    """Slots whose counters differ from the authenticated record (a slot sealed after that
    record is new: an admin's reset, a new operator)."""
    if check.broken:
        return []
    edited = []
    for label, slot in keyfile.slots.items():
        known = check.throttle.get(label)
        if known is None or slot.created > known[1]:
            continue
        if (slot.failures, slot.retry_after, slot.locked_until) != _counters(known[0]):
            edited.append(label)
    return edited


def remove_stale_slots(db: Database, keys: Path) -> list[str]:
    """Remove slots of operators missing or inactive in the database (left by a crash
    between the key file and the database)."""
    with db.read() as session:
        active = set(session.scalars(select(Operator.username)
                                     .where(Operator.active.is_(True))))
    cutoff = throttle.now() - STALE_GRACE_SECONDS
    keyfile = KeyFile.load(keys)
    stale = [u for u in keyfile.operator_usernames()
             if u not in active and keyfile.slots[operator_label(u)].created < cutoff]
    if stale:
        with KeyFile.update(keys) as fresh:
            for username in stale:
                fresh.remove_operator(username)
    return stale


# --- the recovery code -------------------------------------------------------------------------

def _require_admin(actor: Actor, message: str) -> None:
    if not actor.is_admin:
        raise ServiceError(message)


def renew_recovery_code(db: Database, actor: Actor, progress: Progress | None = None) -> str:
    """A new recovery code (the old one stops working, and the database gets a new data key
    so old key files open nothing written afterwards); show it once, then
    ``confirm_recovery_recorded``. Station admins only."""
    _require_admin(actor, "只有站点管理员可以生成恢复码")
    if db.key is None:
        raise ServiceError("数据库未加密，没有恢复码")
    code = new_recovery_code()
    # The old code must open nothing written from now on: a new data key (revocation).
    try:
        rekey_station(db, actor, recovery_code=code, progress=progress,
                      audit_detail="更换恢复码后更换数据密钥")
    except DatabaseError:
        # The database is busy (another program, an automatic backup): the code is replaced
        # now, the data key at the next login.
        slot = Slot.seal(RECOVERY_LABEL, normalize_recovery_code(code), db.key)
        with KeyFile.update(keyfile_path(db.path)) as keyfile:
            keyfile.slots[RECOVERY_LABEL] = slot
            keyfile.meta["recovery_pending"] = True
            keyfile.meta[rekey.DUE_FLAG] = True
    with UnitOfWork(db, actor) as uow:
        uow.audit("station.recovery_code", "operator", actor.operator_id, "生成新的恢复码")
        uow.commit()
    return code


def confirm_recovery_recorded(db: Database, actor: Actor) -> None:
    """The admin confirmed the recovery code was written down or printed."""
    _require_admin(actor, "只有站点管理员可以确认恢复码")
    keys = keyfile_path(db.path)
    if not keys.exists():
        return
    with KeyFile.update(keys) as keyfile:
        keyfile.meta["recovery_pending"] = False


# --- encrypting an old plain database -------------------------------------------------------------

def _encrypt_plain(path: Path, username: str, password: str) -> Unlocked:
    from .auth import authenticate_plain

    keys = keyfile_path(path)
    with file_lock(keys):
        encryption.finish_interrupted(path)
        if not encryption.is_plain_sqlite(path):
            encrypted_meanwhile = True  # another process did it while we waited
        else:
            encrypted_meanwhile = False
            plain = open_database(path)
            try:
                actor = authenticate_plain(plain, username, password)
                station_name = get_station(plain).name
                with plain.read() as session:
                    others = [(op.username, op.password_hash) for op in session.scalars(
                        select(Operator).where(Operator.active.is_(True),
                                               Operator.username != username))]
            finally:
                plain.dispose()
            key, code = new_data_key(), new_recovery_code()
            keyfile = KeyFile(keys, meta={"station_name": station_name,
                                          "recovery_pending": True})
            keyfile.set_operator(username, password, key)
            for other, encoded in others:
                slot = Slot.from_password_hash(operator_label(other), encoded or "", key)
                if slot is not None:
                    keyfile.slots[slot.label] = slot
            keyfile.set_recovery(code, key)
            keyfile.start_chain(key)

            def prepare(connection: sqlite3.Connection) -> None:
                now = datetime.now(UTC).isoformat(timespec="microseconds")
                connection.execute("BEGIN IMMEDIATE")
                connection.execute("UPDATE operator SET password_hash = ''")
                entry = audit_chain.chained_sqlite(connection, {
                    "at": now, "operator_id": actor.operator_id, "action": "station.encrypt",
                    "record_type": "station", "record_id": actor.station_id,
                    "detail": "数据库已加密（SQLCipher），原未加密文件已粉碎"})
                connection.execute(
                    "INSERT INTO audit_entry (seq, at, operator_id, action, record_type,"
                    " record_id, detail, prev_hash, hash) VALUES (:seq, :at, :operator_id,"
                    " :action, :record_type, :record_id, :detail, :prev_hash, :hash)", entry)
                connection.execute("COMMIT")

            encryption.convert_in_place(path, key, keyfile.save, prepare)
    if encrypted_meanwhile:
        return unlock_station(path, username, password)
    db = open_database(path, key=key)
    return Unlocked(db, actor, station_name, recovery_code=code if actor.is_admin else None,
                    recovery_due=False, migrated=True)
