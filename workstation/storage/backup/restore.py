"""Restoring a backup file over a station database: verify on a copy, then swap.

``prepare_restore`` does everything that can fail on a private copy beside the database:
member hashes, the key (the station's own, else the backup's key file opened with a password
valid at backup time or the recovery code), ``integrity_check``, the manifest's counts, and
the migrations up to this program's schema. Nothing of the station is touched, so a refused
backup leaves the database byte-identical.

``apply_restore`` then swaps, with every connection closed:

1. the current database is checkpointed and switched out of WAL mode (which SQLite only
   allows to the last connection: a second program still using it refuses the restore);
2. it is kept aside, complete and openable, as ``<name>.before-restore-<time>.db`` (a hard
   link, else a copy) with its key file (and, if it was too damaged to checkpoint, its WAL);
3. a journal ``<name>.restore-journal`` lists the remaining steps (delete the old WAL and
   shared-memory files, move the new key file and the new database into place) and is
   fsynced; the steps are done, the folder fsynced, the journal removed.

A crash after step 3 began is completed by ``finish_pending_restore`` on the next open (every
step is idempotent and its inputs were verified before the journal was written); a failure
before it leaves only the aside copy. Either the old database or the restored one is in
place, never a mixture of the two.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from workstation.files import fsync_folder, write_atomically
from workstation.storage.engine import DatabaseError, connect_raw, refuse_foreign
from workstation.storage.keyslots import KeyFile, KeySlotError, WrongSecret, keyfile_path
from workstation.storage.sync_epoch import (
    SentBundles,
    carry_identity,
    mark_restored,
    read_sent,
)

from .archive import DB_MEMBER, Manifest, open_archive, read_keyfile, read_member
from .create import work_dir
from .errors import BackupCancelled, BackupError, NeedsSecret, os_error_text
from .journal import finish_pending_restore, journal_path, write_journal
from .snapshot import (
    DB_ERRORS,
    CopyFacts,
    Progress,
    check_copy,
    encrypt_plain_copy,
    opens_with,
    settle,
)

PROGRESS_TOTAL = 1000
_EXTRACT_END = 500
_CHECK_END = 750
SIDECARS = ("-wal", "-journal")
#: Room a restore wants on the database's disk beyond the backup's database size: the
#: migrations' growth and journals. Checked before anything is written.
RESTORE_FREE_MARGIN = 64 << 20
IN_USE = "数据库正被其他程序使用（可能另开了一个工作站窗口），请关闭后再恢复"


@dataclass(frozen=True)
class RestoreSecret:
    """What opens a backup from another PC: a user name and the password it had then, or
    the station's recovery code."""

    username: str = ""
    password: str = ""
    recovery_code: str = ""


@dataclass
class PreparedRestore:
    """A verified, migrated copy of a backup, ready to be swapped in (or discarded)."""

    backup: Path
    manifest: Manifest
    db_path: Path
    work: Path
    copy: Path
    key: bytes | None  # the data key of the restored database
    keyfile: bytes | None  # installed with it (the backup's own); None keeps the current one
    facts: CopyFacts  # after migration
    notes: list[str] = field(default_factory=list)
    #: Bundles the current database sent (None: none there, unreadable, or sync never set
    #: up) and those the backup had sent: what the restore warns about.
    sent_now: SentBundles | None = None
    sent_in_backup: SentBundles | None = None
    #: Set by ``apply_restore``: the chain epoch the restored station's next export starts.
    new_epoch: int | None = None
    #: With nobody logged in, how the restore proved admin rights (``services.backup``):
    #: ``recovery`` or ``operator:<username>`` of an admin in the backup; empty otherwise.
    admin_proof: str = ""

    def discard(self) -> None:
        shutil.rmtree(self.work, ignore_errors=True)


def aside_path(db_path: Path, when: datetime) -> Path:
    """``station.before-restore-20261126-235501.db``: a free name, openable as a database
    (its key file beside it as usual)."""
    stem = f"{db_path.stem}.before-restore-{when:%Y%m%d-%H%M%S}"
    path, n = db_path.with_name(stem + db_path.suffix), 1
    while path.exists() or keyfile_path(path).exists():
        path, n = db_path.with_name(f"{stem}-{n}{db_path.suffix}"), n + 1
    return path


# --- preparing ---------------------------------------------------------------------------------


def _stage(progress: Progress | None, start: int, end: int, done: int, total: int) -> None:
    if progress is None:
        return
    fraction = min(done / total, 1.0) if total else 1.0
    if progress(start + round((end - start) * fraction), PROGRESS_TOTAL) is False:
        raise BackupCancelled("已取消恢复，当前数据库没有任何改动")


def prepare_restore(db_path: Path, current_key: bytes | None, backup: Path, *,
                    secret: RestoreSecret | None = None,
                    progress: Progress | None = None) -> PreparedRestore:
    """Verify ``backup`` and make the copy that would replace the database at ``db_path``
    (whose data key is ``current_key``). Raises ``NeedsSecret`` when the backup does not open
    with ``current_key`` and no (right) ``secret`` was given."""
    db_path = Path(db_path)
    if not db_path.parent.is_dir():
        raise BackupError(f"数据库所在的文件夹不存在：{db_path.parent}")
    try:
        refuse_foreign(db_path)  # a restore would replace another program's file
    except DatabaseError as exc:
        raise BackupError(str(exc)) from exc
    work = work_dir(db_path, "restore")
    try:
        extracted = work / "extracted.db"
        with open_archive(Path(backup)) as (archive, manifest):
            size = manifest.files[DB_MEMBER].size
            _check_room(work, size)
            try:
                with open(extracted, "wb") as target:
                    read_member(archive, manifest, DB_MEMBER, target,
                                lambda n: _stage(progress, 0, _EXTRACT_END, n, size))
                    target.flush()
                    os.fsync(target.fileno())
            except OSError as exc:
                raise BackupError(f"无法写入临时文件：{os_error_text(exc)}") from exc
            keyfile = read_keyfile(archive, manifest)
        copy, key, own_keyfile, notes = _choose_key(extracted, work, manifest, current_key,
                                                    keyfile, secret)
        facts = check_copy(copy, key, full=True)
        _stage(progress, _EXTRACT_END, _CHECK_END, 1, 1)
        if (facts.station_id, facts.revision, facts.counts) != (
                manifest.station_id, manifest.schema_revision, manifest.counts):
            raise BackupError("备份文件已损坏（数据库内容与说明不符）")
        after = _migrate(copy, key, facts)
        _stage(progress, _CHECK_END, PROGRESS_TOTAL, 1, 1)
        if after.revision != facts.revision:
            notes.append(f"已将备份的数据结构从 {facts.revision} 升级到 {after.revision}")
        return PreparedRestore(Path(backup), manifest, db_path, work, copy, key, own_keyfile,
                               after, notes, sent_now=_sent(db_path, current_key),
                               sent_in_backup=_sent(copy, key))
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def _check_room(work: Path, size: int) -> None:
    """Refuse before writing when the disk cannot hold a ``size`` bytes database copy."""
    try:
        free = shutil.disk_usage(work).free
    except OSError:
        return  # unknown: the write itself reports a full disk
    if free < size + RESTORE_FREE_MARGIN:
        need = (size + RESTORE_FREE_MARGIN + (1 << 20) - 1) >> 20
        raise BackupError(f"磁盘空间不足：恢复需要约 {need} MB 可用空间，当前只有 "
                          f"{free >> 20} MB，请先清理磁盘")


def _choose_key(extracted: Path, work: Path, manifest: Manifest, current_key: bytes | None,
                keyfile: bytes | None, secret: RestoreSecret | None
                ) -> tuple[Path, bytes | None, bytes | None, list[str]]:
    """(database copy, its key, key file to install, notes) — see ``prepare_restore``."""
    if not manifest.encrypted:
        if not opens_with(extracted, None):
            raise BackupError("备份文件已损坏：数据库无法打开")
        if current_key is None:
            return extracted, None, None, []
        encrypted = work / "encrypted.db"
        encrypt_plain_copy(extracted, encrypted, current_key)
        extracted.unlink()
        return encrypted, current_key, None, ["该备份是本站加密之前做的，恢复时已用本站的密钥加密"]
    if current_key is not None and opens_with(extracted, current_key):
        return extracted, current_key, None, []
    if keyfile is None:
        raise BackupError("该备份与本站的密钥不符，且其中没有密钥文件，无法打开")
    if secret is None:
        raise NeedsSecret("该备份来自另一台电脑或另一个站点，请输入做备份时有效的用户名和密码，"
                          "或该站点的恢复码")
    key = _unlock(work, keyfile, secret)
    if not opens_with(extracted, key):
        raise BackupError("备份文件已损坏：数据库无法用其密钥打开")
    return extracted, key, keyfile, ["恢复后本站使用备份中的密钥文件：请用做备份时的密码登录"]


def _unlock(work: Path, keyfile: bytes, secret: RestoreSecret) -> bytes:
    path = work / "backup.keys"
    path.write_bytes(keyfile)
    try:
        slots = KeyFile.load(path)
        if secret.recovery_code.strip():
            return slots.unlock_with_recovery(secret.recovery_code)
        return slots.unlock(secret.username.strip(), secret.password)
    except WrongSecret as exc:
        raise NeedsSecret(str(exc)) from None
    except KeySlotError as exc:
        raise BackupError(f"备份中的密钥文件无法使用：{exc}") from exc


def _known_revision(revision: str) -> bool:
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    from workstation.storage.migrate import alembic_config

    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except CommandError:
        return False
    except Exception:  # alembic's ResolutionError and friends: an id it does not know
        return False


def _migrate(copy: Path, key: bytes | None, before: CopyFacts) -> CopyFacts:
    if not _known_revision(before.revision):
        raise BackupError("该备份由更新版本的程序创建，请先升级本程序再恢复")
    from workstation.storage.engine import open_database

    try:
        open_database(copy, key=key).dispose()
    except DatabaseError as exc:
        raise BackupError("备份无法升级到本程序的数据结构") from exc
    settle(copy, key)
    return check_copy(copy, key)


def _sent(path: Path, key: bytes | None) -> SentBundles | None:
    """The bundles the database at ``path`` sent; None if it has none to tell (absent,
    unreadable, or an older schema without epochs)."""
    if not path.exists():
        return None
    try:
        conn = connect_raw(path, key)
    except DB_ERRORS:
        return None
    try:
        return read_sent(conn)
    except DB_ERRORS:
        return None
    finally:
        conn.close()


def _carry_identity(db_path: Path, key: bytes | None, target: Any) -> None:
    """A backup made before the station set up sync: keep the station's sync keys (the
    county knows it by them) from the database being replaced."""
    try:
        source = connect_raw(db_path, key)
    except DB_ERRORS:
        return
    try:
        carry_identity(source, target)
    except DB_ERRORS:
        pass  # a damaged database (often why one restores): nothing to carry over
    finally:
        source.close()


def _mark_epoch(prepared: PreparedRestore, current_key: bytes | None) -> None:
    """Record in the restored copy (before it is swapped in) that it was restored: its next
    export starts a new chain epoch (storage.sync_epoch)."""
    before = _sent(prepared.db_path, current_key) or prepared.sent_now
    try:
        conn = connect_raw(prepared.copy, prepared.key)
    except DB_ERRORS as exc:
        raise BackupError("恢复失败，当前数据库没有改动：无法写入备份副本") from exc
    try:
        if before is not None:
            _carry_identity(prepared.db_path, current_key, conn)
        prepared.new_epoch = mark_restored(conn, before, datetime.now().astimezone())
    except DB_ERRORS as exc:
        raise BackupError("恢复失败，当前数据库没有改动：无法写入备份副本") from exc
    finally:
        conn.close()


# --- swapping ----------------------------------------------------------------------------------


def _quiesce(db_path: Path, key: bytes | None) -> bool:
    """Fold the WAL into the database and leave WAL mode; False if the database is too
    damaged for that (its WAL is then kept aside with it). Refuses if another program has
    it open."""
    try:
        conn = connect_raw(db_path, key)
    except DB_ERRORS as exc:
        if "locked" in str(exc).lower():
            raise BackupError(IN_USE) from exc
        return False
    try:
        conn.execute("PRAGMA busy_timeout=2000")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        mode = str(conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0]).lower()
    except DB_ERRORS as exc:
        if "locked" in str(exc).lower() or "busy" in str(exc).lower():
            raise BackupError(IN_USE) from exc
        return False
    finally:
        conn.close()
    if mode != "delete":
        raise BackupError(IN_USE)
    return True


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        with open(source, "rb") as src, open(target, "wb") as dst:
            shutil.copyfileobj(src, dst, 1024 * 1024)
            dst.flush()
            os.fsync(dst.fileno())


def _keep_aside(db_path: Path, aside: Path, healthy: bool) -> list[Path]:
    made: list[Path] = []
    try:
        _link_or_copy(db_path, aside)
        made.append(aside)
        for suffix in SIDECARS:
            side = Path(f"{db_path}{suffix}")
            if not healthy and side.exists() and side.stat().st_size:
                _link_or_copy(side, Path(f"{aside}{suffix}"))
                made.append(Path(f"{aside}{suffix}"))
        keys = keyfile_path(db_path)
        if keys.exists():
            write_atomically(keyfile_path(aside), keys.read_bytes())
            made.append(keyfile_path(aside))
    except BaseException:
        for path in made:
            with contextlib.suppress(OSError):
                path.unlink()
        raise
    return made


def apply_restore(prepared: PreparedRestore, current_key: bytes | None, *,
                  now: datetime | None = None) -> Path | None:
    """Swap the prepared copy in (see the module docstring); the aside copy of the old
    database (None if there was none). Every connection to the database must be closed."""
    db_path = prepared.db_path
    folder = db_path.parent
    aside: Path | None = None
    made: list[Path] = []
    try:
        _mark_epoch(prepared, current_key)
        if db_path.exists():
            healthy = _quiesce(db_path, current_key)
            aside = aside_path(db_path, (now or datetime.now()).astimezone())
            made = _keep_aside(db_path, aside, healthy)
        renames: list[tuple[str, str]] = []
        if prepared.keyfile is not None:
            new_keys = prepared.work / "station.db.keys.new"
            write_atomically(new_keys, prepared.keyfile)
            renames.append((_rel(new_keys, folder), keyfile_path(db_path).name))
        renames.append((_rel(prepared.copy, folder), db_path.name))
        deletes = [db_path.name + s for s in (*SIDECARS, "-shm")]
        write_journal(db_path, deletes, renames, _rel(prepared.work, folder))
    except BaseException as exc:
        for path in made:
            with contextlib.suppress(OSError):
                path.unlink()
        if isinstance(exc, OSError):
            raise BackupError(f"恢复失败，当前数据库没有改动：{os_error_text(exc)}") from exc
        raise
    try:
        finish_pending_restore(db_path)
    except BackupError:
        if aside is not None and _roll_back(db_path, aside):
            journal_path(db_path).unlink(missing_ok=True)
            prepared.discard()
            raise BackupError("恢复失败，已换回原来的数据库") from None
        raise
    return aside


def _rel(path: Path, folder: Path) -> str:
    return path.relative_to(folder).as_posix()


def _roll_back(db_path: Path, aside: Path) -> bool:
    """Put the aside copy back after a failed swap; False if that failed too."""
    try:
        for source, target in ((keyfile_path(aside), keyfile_path(db_path)),
                               (aside, db_path)):
            if source.exists():
                temp = target.with_name(f".{target.name}.rollback")
                shutil.copyfile(source, temp)
                os.replace(temp, target)
        fsync_folder(db_path.parent)
        return True
    except OSError:
        return False
