"""Plain backups left from before a station was encrypted.

A station that was an old plain database keeps, in its backup folder, the plain backups made
back then: everyone's names, ID numbers and phones in clear, and the operators' argon2
password hashes, which were the wrapping keys of the "legacy" key slots made at encryption
(so the data key could be recovered from them while such a slot exists). Once the station is
encrypted they are found here and, with an admin's confirmation, shredded (overwritten with
zeros, fsynced, deleted). The app and the commands keep asking at every admin login until
they are gone; the safe answer ("later") keeps them.

They are removed, not re-encrypted: the encrypted station holds everything they hold. Copies
made by hand elsewhere (USB sticks) are out of reach: the admin is told to destroy them.
"""

from __future__ import annotations

from pathlib import Path

from workstation.paths import backup_dir
from workstation.storage import encryption
from workstation.storage.backup import archive
from workstation.storage.engine import Database

from .backup import list_backups
from .context import Actor, ServiceError, UnitOfWork
from .stations import get_station


def find_plain_backups(db: Database, folder: Path | None = None) -> list[Path]:
    """This station's unencrypted backups in ``folder`` (the backup folder by default), once
    the station itself is encrypted; oldest first."""
    if db.key is None:
        return []
    station = get_station(db)
    entries = list_backups(folder or backup_dir(), station_id=station.id)
    return sorted((e.path for e in entries
                   if e.manifest is not None and not e.manifest.encrypted),
                  key=lambda p: p.name)


def remove_plain_backups(db: Database, actor: Actor, folder: Path | None = None) -> list[Path]:
    """Shred this station's plain backups in ``folder`` (station admins only, after they
    confirmed); returns the files removed, audited."""
    if not actor.is_admin:
        raise ServiceError("只有站点管理员可以删除旧的未加密备份")
    removed = []
    for path in find_plain_backups(db, folder):
        if archive.inspect_archive(path).manifest is None:
            continue  # changed since it was listed: leave it
        encryption.shred(path)
        removed.append(path)
    if removed:
        with UnitOfWork(db, actor) as uow:
            uow.audit("backup.plain_removed", "station", actor.station_id,
                      f"粉碎未加密的旧备份 {len(removed)} 个："
                      + "、".join(p.name for p in removed))
            uow.commit()
    return removed
