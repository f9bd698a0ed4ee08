"""Revocation: a new data key for the station, wrapped again for every active slot.

Disabling an operator or replacing the recovery code leaves the old key file (and every
backup) able to open the *old* database only: the database gets a new random data key
(``storage.rekey``: copy, key file, rename; crash-safe) and each remaining slot the new key
wrapped to its public key (``Slot.rewrapped``: no operator's password is needed).

Slots that cannot be carried over lose access until an admin resets their password: a slot
of the old form (sealed before key pairs existed and not unlocked since), a legacy slot (made
from an old plain database's password hash, which old plain backups still hold), and a slot
whose public key is not bound to the current data key (an edited key file). The recovery slot
in that case is replaced by a new recovery code (returned, to be shown once).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from workstation.storage import rekey
from workstation.storage.engine import Database, DatabaseError
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
from workstation.storage.models import Operator

from .context import Actor, ServiceError, UnitOfWork

Progress = Callable[[str, int, int], None]
#: The steps a rekey reports to ``progress(step, done, total)`` (``done`` out of
#: ``REKEY_TOTAL``, moving during the copy; ``rekey_step(done)`` names its step).
REKEY_STEPS = rekey.STEPS
REKEY_TOTAL = rekey.TOTAL
rekey_step = rekey.step_at

#: Chinese names of the steps of ``storage.rekey`` (CLI and progress dialog).
STEP_LABELS = {"copy": "正在用新密钥复制并校验数据库", "keys": "正在写入新的密钥文件",
               "swap": "正在替换数据库文件"}


@dataclass
class RekeyResult:
    #: Operators still active whose slot could not be carried over: they can log in again
    #: only after an admin resets their password.
    needs_reset: list[str] = field(default_factory=list)
    #: A new recovery code (the old slot could not be carried over, or one was asked for):
    #: show it once.
    recovery_code: str | None = None
    #: The rekey could not run now (another program has the database open); it is still due
    #: and runs at the next login.
    deferred: bool = False


def rekey_due(db: Database) -> bool:
    """A committed change (a disabled operator) is still waiting for its rekey."""
    try:
        return bool(KeyFile.load(keyfile_path(db.path)).meta.get(rekey.DUE_FLAG))
    except KeySlotError:  # no key file: nothing to do
        return False


def mark_rekey_due(db: Database) -> None:
    """Before committing a change that needs a rekey: a crash after the commit still leads to
    one (at the next login)."""
    if db.key is None:
        return
    with KeyFile.update(keyfile_path(db.path)) as keyfile:
        keyfile.meta[rekey.DUE_FLAG] = True


def rekey_station(db: Database, actor: Actor, *, progress: Progress | None = None,
                  recovery_code: str | None = None, audit_detail: str = "") -> RekeyResult:
    """Give the open station ``db`` a new data key; ``db`` is reopened with it. Station
    admins only. ``recovery_code``: the recovery slot is sealed for this new code instead of
    being carried over. ``ServiceError`` if the acting admin's own slot cannot be carried over
    (log in again first); ``DatabaseError`` if another program has the database open."""
    with UnitOfWork(db, actor) as uow:
        me = uow.session.get(Operator, actor.operator_id)
        if me is None or not me.active or me.role != "admin" or not actor.is_admin:
            raise ServiceError("只有站点管理员可以更换数据密钥")
    return run_rekey(db, actor, progress=progress, recovery_code=recovery_code,
                     audit_detail=audit_detail)


def run_rekey(db: Database, actor: Actor, *, progress: Progress | None = None,
              recovery_code: str | None = None, audit_detail: str = "") -> RekeyResult:
    """``rekey_station`` without the admin check: also run by any login that finds a rekey
    due (every logged-in operator holds the data key)."""
    if db.key is None:
        raise ServiceError("数据库未加密，无需更换密钥")
    old_key, new_key = db.key, new_data_key()
    keys = keyfile_path(db.path)
    with db.read() as session:
        active = set(session.scalars(select(Operator.username)
                                     .where(Operator.active.is_(True))))
    from .security import write_pending_failures  # security imports this module

    # Failed logins queued in the key file are checked under the old key and written to the
    # audit trail first: the new key file starts a new failed-login chain under the new key.
    write_pending_failures(db, keys)
    result = RekeyResult()
    code = recovery_code
    recovery = (Slot.seal(RECOVERY_LABEL, normalize_recovery_code(code), new_key)
                if code else None)
    with file_lock(keys):
        current = KeyFile.load(keys)
        fresh = KeyFile(keys, meta=dict(current.meta), pending=list(current.pending),
                        decoys=dict(current.decoys))
        fresh.start_chain(new_key)
        for username in current.operator_usernames():
            slot = current.slots[operator_label(username)]
            if username not in active:
                continue  # disabled: the point of it all
            if slot.rewrappable and slot.authentic(old_key):
                fresh.slots[slot.label] = slot.rewrapped(new_key)
            else:
                result.needs_reset.append(username)
        if actor.username in result.needs_reset:
            raise ServiceError("您的密钥槽是旧格式，请退出后重新登录，再执行此操作")
        old_recovery = current.slots.get(RECOVERY_LABEL)
        if recovery is None and old_recovery is not None and old_recovery.rewrappable \
                and old_recovery.authentic(old_key):
            recovery = old_recovery.rewrapped(new_key)
        if recovery is None:
            code = new_recovery_code()
            recovery = Slot.seal(RECOVERY_LABEL, normalize_recovery_code(code), new_key)
        fresh.slots[RECOVERY_LABEL] = recovery
        if code:
            fresh.meta["recovery_pending"] = True
            result.recovery_code = code
        fresh.meta.pop(rekey.DUE_FLAG, None)
        fresh.meta[rekey.SWAP_FLAG] = True
        db.engine.dispose()
        try:
            rekey.rekey_database(db.path, old_key, new_key, fresh.save, progress)
        except DatabaseError as exc:
            db.reopen(old_key)  # the copy failed or was refused: nothing changed
            if "其他程序" in str(exc):
                raise DatabaseError("数据库正被其他程序使用，请关闭其他工作站程序后再试"
                                    ) from exc
            raise
        except BaseException:
            # Before the key file was written nothing changed; after it, roll forward.
            committed = _written(keys, fresh)
            if committed:
                rekey.finish_rekey(db.path)
            db.reopen(new_key if committed else old_key)
            raise
        db.reopen(new_key)
    detail = audit_detail or "更换数据密钥"
    if result.needs_reset:
        detail += "；需重设密码：" + "、".join(result.needs_reset)
    with UnitOfWork(db, actor) as uow:
        uow.audit("station.rekey", "station", actor.station_id, detail)
        uow.commit()
    return result


def _written(keys: Path, fresh: KeyFile) -> bool:
    """The key file on disk is the one this rekey wrote (the commit point was passed)."""
    try:
        on_disk = KeyFile.load(keys).slots.get(RECOVERY_LABEL)
    except KeySlotError:
        return False
    return on_disk is not None and on_disk.wrapped == fresh.slots[RECOVERY_LABEL].wrapped
