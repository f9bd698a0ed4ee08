"""Backups and restore as use cases: audited, restore for admins only, automatic backups
(on start when the newest is older than a day, and on exit) with rotation.

The mechanics (file format, online copy, verified swap) live in ``storage.backup``; this
module adds who may do what, the audit trail and the automatic schedule.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from workstation.domain.backup_rotation import Retention, backups_to_keep
from workstation.domain.enums import OperatorRole
from workstation.paths import backup_dir
from workstation.storage.backup import archive, create, restore
from workstation.storage.backup.errors import BackupCancelled as _StorageCancelled
from workstation.storage.backup.errors import BackupError
from workstation.storage.backup.errors import NeedsSecret as _StorageNeedsSecret
from workstation.storage.backup.restore import PreparedRestore, RestoreSecret
from workstation.storage.backup.snapshot import Progress
from workstation.storage.engine import Database, open_database
from workstation.storage.keyslots import operator_label
from workstation.storage.models import Operator

from .context import Actor, ServiceError, UnitOfWork
from .stations import get_station

__all__ = ["AUTO_INTERVAL", "BackupCancelled", "BackupEntry", "BackupFailed", "NeedsSecret",
           "PreparedRestore", "RestoreDone", "RestoreSecret", "automatic_backup_due",
           "backup_now", "list_backups", "prepare_restore", "restore_backup",
           "restore_sync_warning", "rotate_backups", "run_automatic_backup"]

log = logging.getLogger(__name__)

AUTO_INTERVAL = timedelta(days=1)
PROGRESS_TOTAL = create.PROGRESS_TOTAL
ADMIN_ONLY = "只有站点管理员可以恢复备份"
NO_ADMIN = ("没有已登录的站点管理员：恢复需要做备份时有效的站点管理员用户名和密码，"
            "或站点恢复码")


class BackupFailed(ServiceError):
    """A backup or restore failed or was refused (nothing half-done)."""


class BackupCancelled(BackupFailed):
    """The user cancelled; nothing was written."""


class NeedsSecret(BackupFailed):
    """The backup needs a password valid when it was made, or the recovery code."""


def _service_error(exc: BackupError) -> BackupFailed:
    if isinstance(exc, _StorageCancelled):
        return BackupCancelled(str(exc))
    if isinstance(exc, _StorageNeedsSecret):
        return NeedsSecret(str(exc))
    return BackupFailed(str(exc))


# --- backing up ------------------------------------------------------------------------------


def backup_now(db: Database, actor: Actor | None, folder: Path, *,
               progress: Progress | None = None, reason: str = "手动备份",
               now: datetime | None = None) -> create.BackupMade:
    """Write a verified backup of ``db`` into ``folder``; audited, failures too."""
    try:
        made = create.make_backup(db.path, db.key, Path(folder), progress=progress, now=now)
    except BackupError as exc:
        if not isinstance(exc, _StorageCancelled):
            _audit_quietly(db, actor, "backup.failed", "", f"{reason}：{folder}：{exc}")
        raise _service_error(exc) from exc
    _audit_quietly(db, actor, "backup", made.path.name,
                   f"{reason}：{made.path}（{made.size} 字节）")
    return made


def _audit_quietly(db: Database, actor: Actor | None, action: str, record_id: str,
                   detail: str) -> None:
    """Audit a backup event; a database too broken to take the entry must not hide the
    backup's own outcome from the user."""
    try:
        with UnitOfWork(db, actor) as uow:
            uow.audit(action, "backup", record_id, detail)
            uow.commit()
    except Exception:  # logged; the caller reports the backup itself
        log.exception("could not audit %s", action)


# --- listing and rotation ----------------------------------------------------------------------


@dataclass(frozen=True)
class BackupEntry:
    """A backup file as the list shows it (cheap checks: structure and manifest)."""

    path: Path
    size: int
    made_at: datetime  # local, aware
    division_code: str
    manifest: archive.Manifest | None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.manifest is not None and not self.problem


def list_backups(folder: Path, division_code: str | None = None,
                 station_id: str | None = None) -> list[BackupEntry]:
    """Backup files in ``folder`` (of one station if ``division_code``; of one station
    database if ``station_id``, which its manifest records), newest first. Two databases
    of one division (a demo, a station set up anew) share a file name pattern, not an id."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    entries = []
    for path in folder.glob(f"*{archive.SUFFIX}"):
        parsed = archive.parse_backup_name(path.name)
        if parsed is None or (division_code and parsed[0] != division_code):
            continue
        listing = archive.inspect_archive(path)
        if station_id and listing.manifest and listing.manifest.station_id != station_id:
            continue
        made = (listing.manifest.created_at.astimezone() if listing.manifest
                else parsed[1].astimezone())
        entries.append(BackupEntry(path, listing.size, made, parsed[0], listing.manifest,
                                   listing.problem))
    return sorted(entries, key=lambda e: (e.made_at, e.path.name), reverse=True)


def _stamps(folder: Path, division_code: str) -> dict[Path, datetime]:
    found = {}
    if Path(folder).is_dir():
        for path in Path(folder).glob(f"*{archive.SUFFIX}"):
            parsed = archive.parse_backup_name(path.name)
            if parsed is not None and parsed[0] == division_code:
                found[path] = parsed[1]
    return found


def rotate_backups(folder: Path, division_code: str,
                   rule: Retention | None = None) -> list[Path]:
    """Delete this station's backups in ``folder`` that rotation does not keep; them."""
    stamps = _stamps(folder, division_code)
    keep = backups_to_keep(stamps.values(), rule or Retention())
    removed = []
    for path, stamp in sorted(stamps.items(), key=lambda item: item[1]):
        if stamp not in keep:
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path)
    return removed


def automatic_backup_due(db: Database, folder: Path | None = None, *,
                         now: datetime | None = None) -> bool:
    """True when this station's newest backup in ``folder`` is older than a day (or none)."""
    stamps = _stamps(folder or backup_dir(), get_station(db).division_code).values()
    if not stamps:
        return True
    current = (now or datetime.now().astimezone()).astimezone().replace(tzinfo=None)
    return current - max(stamps) >= AUTO_INTERVAL


@dataclass(frozen=True)
class AutoBackup:
    made: create.BackupMade
    removed: list[Path] = field(default_factory=list)


def run_automatic_backup(db: Database, actor: Actor | None, when: str, *,
                         folder: Path | None = None, progress: Progress | None = None,
                         now: datetime | None = None) -> AutoBackup:
    """An automatic backup into the data folder (``when``: "start" or "exit"), then
    rotation of this station's automatic backups."""
    target = folder or backup_dir()
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        from workstation.storage.backup.errors import os_error_text

        detail = f"无法创建备份文件夹 {target}：{os_error_text(exc)}"
        _audit_quietly(db, actor, "backup.failed", "", f"自动备份：{detail}")
        raise BackupFailed(detail) from exc
    reason = {"start": "启动时自动备份", "exit": "退出时自动备份"}.get(when, "自动备份")
    made = backup_now(db, actor, target, progress=progress, reason=reason, now=now)
    removed = rotate_backups(target, made.manifest.division_code)
    return AutoBackup(made, removed)


# --- restoring ---------------------------------------------------------------------------------


def _require_admin(actor: Actor | None) -> None:
    """Restoring replaces every record: a logged-in operator must be an admin. ``None`` is
    no operator at all (the command line on a PC whose database or key file is missing or too
    damaged to open): then the backup itself must prove admin rights (``_prove_admin``)."""
    if actor is not None and not actor.is_admin:
        raise ServiceError(ADMIN_ONLY)


def _prove_admin(prepared: PreparedRestore, secret: RestoreSecret) -> str:
    """With nobody logged in, the secret must prove admin rights in the backup: the station's
    recovery code (only admins hold it), or the user name and password of an operator who was
    an active admin when the backup was made. A mediator's own password is not enough (moving
    the key file away must not turn a mediator into an admin). Returns the proof."""
    if secret.recovery_code.strip():
        if prepared.keyfile is None:  # the code did not open anything: a plain backup
            raise ServiceError(NO_ADMIN + "（该备份未加密，没有恢复码：请用做备份时的管理员"
                               "用户名和密码）")
        return "recovery"
    username = secret.username.strip()
    db = open_database(prepared.copy, key=prepared.key)
    try:
        with db.read() as session:
            operator = session.scalars(
                select(Operator).where(Operator.username == username)).first()
        ok = operator is not None and operator.active and operator.role == OperatorRole.ADMIN
        if ok and prepared.keyfile is None:  # a plain backup: its own password hash decides
            from .auth import verify_password

            ok = verify_password(operator.password_hash, secret.password)  # type: ignore[union-attr]
    finally:
        db.dispose()
    if not ok:
        raise ServiceError(NO_ADMIN)
    return operator_label(username)


def prepare_restore(db_path: Path, current_key: bytes | None, actor: Actor | None,
                    backup: Path, *, secret: RestoreSecret | None = None,
                    progress: Progress | None = None) -> PreparedRestore:
    """Verify ``backup`` on a private copy (see ``storage.backup.restore``); nothing of the
    station changes. ``NeedsSecret`` asks for a password or the recovery code; with nobody
    logged in (``actor`` None) it is always asked, and must prove admin rights."""
    _require_admin(actor)
    if actor is None and secret is None:
        raise NeedsSecret(NO_ADMIN)
    try:
        prepared = restore.prepare_restore(Path(db_path), current_key, Path(backup),
                                           secret=secret, progress=progress)
    except BackupError as exc:
        raise _service_error(exc) from exc
    if actor is None:
        assert secret is not None
        try:
            prepared.admin_proof = _prove_admin(prepared, secret)
        except BaseException:
            prepared.discard()
            raise
    return prepared


def restore_sync_warning(prepared: PreparedRestore) -> list[str]:
    """What a restore means for sync, when this station already sent bundles to the county
    (nothing when it never did): how many, the last one, and what happens next."""
    now, backup = prepared.sent_now, prepared.sent_in_backup
    sent = now if now is not None and now.count else backup
    if sent is None or not sent.count:
        return []
    when = (f"，{sent.last_created_at.astimezone():%Y-%m-%d %H:%M}"
            if sent.last_created_at else "")
    lines = [f"本站已向县级中心发送过 {sent.count} 个数据包（最后一个：{sent.last_file}{when}）"
             + (f"，备份中只记录到第 {backup.last_seq or 0} 号" if backup is not None
                and sent is now and (backup.last_seq or 0) < (now.last_seq or 0) else "")
             + "。",
             "恢复后，下次导出将开始新一轮同步，发送全部记录；县级中心逐条合并（较新的版本"
             "保留，县级中心已有的记录不会丢失）。"]
    if now is not None:
        lines.append("备份之后录入、还没有发送给县级中心的记录，恢复后不在本站数据库中，也就不会"
                     "发送；它们仍保存在原数据库的副本里。")
    return lines


@dataclass(frozen=True)
class RestoreDone:
    aside: Path | None  # the previous database, kept
    key: bytes | None  # data key of the restored database
    station_name: str
    counts: dict[str, int]
    notes: list[str]


def restore_backup(prepared: PreparedRestore, actor: Actor | None, current_key: bytes | None,
                   *, db: Database | None = None) -> RestoreDone:
    """Swap the prepared backup in. ``db`` (the open station database, if any) is closed
    first: the caller reopens the restored one (the app asks everyone to log in again).
    The restore is audited in the restored database."""
    try:
        _require_admin(actor)
        if actor is None and not prepared.admin_proof:
            raise ServiceError(NO_ADMIN)
        if db is not None:
            db.dispose()
        aside = restore.apply_restore(prepared, current_key)
    except BackupError as exc:
        prepared.discard()
        raise _service_error(exc) from exc
    except BaseException:
        prepared.discard()
        raise
    notes = list(prepared.notes)
    if aside is not None:
        notes.append(f"原来的数据库已保留为 {aside.name}")
    if prepared.new_epoch is not None:
        notes.append(f"本站曾向县级中心发送过数据包：下次导出将开始第 {prepared.new_epoch} 轮"
                     "同步，发送全部记录，由县级中心逐条合并（见“同步”页）")
    _audit_restore(prepared, actor, aside)
    return RestoreDone(aside, prepared.key, prepared.facts.station_name,
                       dict(prepared.facts.counts), notes)


def _audit_restore(prepared: PreparedRestore, actor: Actor | None, aside: Path | None) -> None:
    manifest = prepared.manifest
    detail = (f"恢复备份 {prepared.backup.name}（{manifest.station_name}，"
              f"{manifest.created_at.astimezone():%Y-%m-%d %H:%M}）"
              + (f"；原数据库保留为 {aside.name}" if aside else ""))
    try:
        db = open_database(prepared.db_path, key=prepared.key)
    except Exception:  # the restore itself is done; the entry is a bonus
        log.exception("could not open the restored database to audit the restore")
        return
    try:
        with db.read() as session:
            known = actor is not None and session.scalar(
                select(Operator.id).where(Operator.id == actor.operator_id)) is not None
            if actor is None and prepared.admin_proof.startswith(operator_label("")):
                username = prepared.admin_proof[len(operator_label("")):]
                admin = session.scalars(
                    select(Operator).where(Operator.username == username)).first()
                if admin is not None:  # the admin whose password proved the right
                    actor = Actor(admin.id, admin.station_id, admin.username, admin.name,
                                  admin.role)
                    known = True
        if actor is not None and not known:
            detail += f"；操作员 {actor.username}（{actor.name}）"
        if prepared.admin_proof == "recovery":
            detail += "；凭站点恢复码（无人登录）"
        _audit_quietly(db, actor if known else None, "restore", prepared.backup.name, detail)
    finally:
        db.dispose()
