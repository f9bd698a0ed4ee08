"""The station's directory of legal service providers (法律服务指引名录).

Everyone reads it (the consultation form's picker, the guidance slip); only the station
admin changes it: adding, editing, or importing a CSV file a county handed out (see
``providers_csv``). Providers are never deleted; an inactive one is no longer offered.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workstation.domain.errors import ValidationError
from workstation.domain.referral import ProviderInput, ProviderKind
from workstation.storage.engine import Database
from workstation.storage.models import ReferralProvider, Station

from .context import Actor, NotFound, ServiceError, UnitOfWork
from .listing import enum_order
from .providers_csv import (
    MAX_FILE_BYTES,
    encode_csv,
    oversized,
    parse_csv,
    write_file_atomically,
)

RECORD_TYPE = "referral_provider"
ADMIN_ONLY = "只有站点管理员可以修改法律服务指引名录"
STALE = "该机构信息已被修改（可能是其他人同时在编辑），请重新打开后再修改"
_FIELDS = ("name", "kind", "address", "phone", "hours", "services", "notes", "active")


@dataclass(frozen=True)
class ProviderInfo:
    id: str
    name: str
    kind: str
    kind_label: str
    address: str
    phone: str
    hours: str
    services: str
    notes: str
    active: bool
    version: int = 1

    def as_input(self) -> ProviderInput:
        return ProviderInput(name=self.name, kind=self.kind, address=self.address,
                             phone=self.phone, hours=self.hours, services=self.services,
                             notes=self.notes, active=self.active)


def provider_info(p: ReferralProvider) -> ProviderInfo:
    return ProviderInfo(id=p.id, name=p.name, kind=p.kind,
                        kind_label=ProviderKind.label_of(p.kind), address=p.address,
                        phone=p.phone, hours=p.hours, services=p.services, notes=p.notes,
                        active=p.active, version=p.version)


def require_admin(actor: Actor) -> None:
    if not actor.is_admin:
        raise ServiceError(ADMIN_ONLY)


# --- reading ----------------------------------------------------------------------------------


def list_providers(db: Database, *, active_only: bool = False,
                   kinds: Sequence[str] = ()) -> list[ProviderInfo]:
    """The directory ordered by kind (declaration order) then name."""
    p = ReferralProvider
    stmt = select(p).order_by(enum_order(p.kind, ProviderKind), p.name, p.id)
    if active_only:
        stmt = stmt.where(p.active.is_(True))
    if kinds:
        stmt = stmt.where(p.kind.in_(list(kinds)))
    with db.read() as session:
        return [provider_info(row) for row in session.scalars(stmt)]


def load_provider(db: Database, provider_id: str) -> ProviderInfo:
    with db.read() as session:
        row = session.get(ReferralProvider, provider_id)
        if row is None:
            raise NotFound("找不到该法律服务机构")
        return provider_info(row)


def provider_rows(db: Database, *, limit: int | None = None) -> list[dict[str, Any]]:
    """The directory as plain rows for the command line (``list providers``)."""
    return [
        {"id": p.id, "name": p.name, "kind": p.kind, "kind_label": p.kind_label,
         "address": p.address, "phone": p.phone, "hours": p.hours, "services": p.services,
         "notes": p.notes, "active": p.active}
        for p in list_providers(db)[:limit]
    ]


# --- writing (admin only) ---------------------------------------------------------------------


def _name_taken(session: Session, station_id: str, name: str, other_than: str | None) -> bool:
    found = session.scalar(select(ReferralProvider.id).where(
        ReferralProvider.station_id == station_id, ReferralProvider.name == name))
    return found is not None and found != other_than


def create_provider(db: Database, actor: Actor, data: ProviderInput) -> str:
    require_admin(actor)
    data = data.validated()
    with UnitOfWork(db, actor) as uow:
        if _name_taken(uow.session, actor.station_id, data.name, None):
            raise ServiceError(f"名录中已有名为“{data.name}”的机构")
        row = ReferralProvider(station_id=actor.station_id,
                               **{f: getattr(data, f) for f in _FIELDS})
        uow.session.add(row)
        uow.session.flush()
        uow.audit("create", RECORD_TYPE, row.id, data.name)
        uow.commit()
        return row.id


def update_provider(db: Database, actor: Actor, provider_id: str, data: ProviderInput, *,
                    expected_version: int) -> int:
    """Change a provider; returns its new version (refused if it changed meanwhile)."""
    require_admin(actor)
    data = data.validated()
    with UnitOfWork(db, actor) as uow:
        row = uow.session.get(ReferralProvider, provider_id)
        if row is None:
            raise NotFound("找不到该法律服务机构")
        if row.version != expected_version:
            raise ServiceError(STALE)
        if _name_taken(uow.session, row.station_id, data.name, row.id):
            raise ServiceError(f"名录中已有名为“{data.name}”的机构")
        changed = _apply(row, data)
        if not changed:
            return row.version
        uow.session.flush()
        uow.audit("update", RECORD_TYPE, row.id, f"v{row.version}: {', '.join(changed)}")
        uow.commit()
        return row.version


def _apply(row: ReferralProvider, data: ProviderInput) -> list[str]:
    changed = [f for f in _FIELDS if getattr(row, f) != getattr(data, f)]
    for name in changed:
        setattr(row, name, getattr(data, name))
    return changed


@dataclass(frozen=True)
class ImportResult:
    added: int
    updated: int
    unchanged: int

    @property
    def total(self) -> int:
        return self.added + self.updated + self.unchanged

    def message(self) -> str:
        return (f"已导入{self.total}家机构：新增{self.added}家，更新{self.updated}家，"
                f"未变{self.unchanged}家")


def import_providers(db: Database, actor: Actor, raw: bytes, file_name: str = "") -> ImportResult:
    """Merge a directory CSV (UTF-8 with or without BOM, or GBK) into the directory by name:
    new names are added, known ones updated; nobody is removed. All or nothing: a bad row
    refuses the whole file with a message naming its line."""
    require_admin(actor)
    entries = [data for _line, data in parse_csv(raw, file_name)]
    return _merge(db, actor, entries, Path(file_name).name)


def _merge(db: Database, actor: Actor, entries: Sequence[ProviderInput], label: str
           ) -> ImportResult:
    """Merge validated ``entries`` into the directory by name, in one transaction."""
    added = updated = unchanged = 0
    with UnitOfWork(db, actor) as uow:
        station = uow.session.get_one(Station, actor.station_id)
        existing = {row.name: row for row in uow.session.scalars(
            select(ReferralProvider).where(ReferralProvider.station_id == station.id))}
        for data in entries:
            row = existing.get(data.name)
            if row is None:
                uow.session.add(ReferralProvider(station_id=station.id,
                                                 **{f: getattr(data, f) for f in _FIELDS}))
                added += 1
            elif _apply(row, data):
                updated += 1
            else:
                unchanged += 1
        uow.session.flush()
        result = ImportResult(added, updated, unchanged)
        uow.audit("import", RECORD_TYPE, "", f"{label}: +{added} ~{updated} ={unchanged}")
        uow.commit()
    return result


#: The county receiver's directory (``GET /v1/directory``, ``county/directory.py``).
DIRECTORY_FORMAT = "workstation-provider-directory"
MAX_DIRECTORY_ENTRIES = 5000


def import_directory(db: Database, actor: Actor, data: bytes | dict[str, Any],
                     label: str = "县级中心名录") -> ImportResult:
    """Merge the county's directory (the JSON of ``GET /v1/directory``) into this station's,
    by name, as a CSV file is merged: all or nothing, an entry that fails the directory's own
    rules refuses the whole directory with a message naming it."""
    require_admin(actor)
    return _merge(db, actor, _directory_entries(data, label), label)


def preview_directory(db: Database, actor: Actor, data: bytes | dict[str, Any],
                      label: str = "县级中心名录") -> ImportResult:
    """What ``import_directory`` would do (how many added, updated, unchanged), writing
    nothing: the caller asks before existing entries are changed."""
    require_admin(actor)
    entries = _directory_entries(data, label)
    with db.read() as session:
        existing = {row.name: row for row in session.scalars(
            select(ReferralProvider).where(ReferralProvider.station_id == actor.station_id))}
    added = updated = 0
    for item in entries:
        row = existing.get(item.name)
        if row is None:
            added += 1
        elif any(getattr(row, f) != getattr(item, f) for f in _FIELDS):
            updated += 1
    return ImportResult(added, updated, len(entries) - added - updated)


def _directory_entries(data: bytes | dict[str, Any], label: str) -> list[ProviderInput]:
    """The validated entries of a county directory; ServiceError naming the first bad one."""
    try:
        doc = json.loads(data) if isinstance(data, bytes | str) else data
        providers = doc["providers"]
        if doc.get("format") != DIRECTORY_FORMAT or not isinstance(providers, list):
            raise ValueError("format")
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ServiceError(f"{label}未导入：不是有效的法律服务指引名录") from exc
    if len(providers) > MAX_DIRECTORY_ENTRIES:
        raise ServiceError(f"{label}未导入：机构超过{MAX_DIRECTORY_ENTRIES}家")
    entries: list[ProviderInput] = []
    names: set[str] = set()
    for number, entry in enumerate(providers, 1):
        name = str(entry.get("name") or "") if isinstance(entry, dict) else ""
        try:
            if not isinstance(entry, dict):
                raise ValidationError.single("name", "格式不正确")
            item = ProviderInput(
                **{f: str(entry.get(f) or "") for f in _FIELDS if f != "active"},
                active=entry.get("active", True) is not False).validated()
        except ValidationError as exc:
            raise ServiceError(f"{label}未导入（名录未作任何改动）：第{number}家机构"
                               f"“{name[:100]}”：{exc}") from exc
        if item.name in names:
            raise ServiceError(f"{label}未导入：机构“{item.name}”重复")
        names.add(item.name)
        entries.append(item)
    return entries


def import_providers_file(db: Database, actor: Actor, path: Path | str) -> ImportResult:
    require_admin(actor)
    file = Path(path)
    try:
        with open(file, "rb") as handle:  # never more than the cap (+1 to see it is over)
            too_big = os.fstat(handle.fileno()).st_size > MAX_FILE_BYTES
            raw = b"" if too_big else handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ServiceError(f"无法读取文件 {file}：{exc.strerror or exc}") from exc
    if too_big or len(raw) > MAX_FILE_BYTES:
        raise oversized(file.name)
    return import_providers(db, actor, raw, file.name)


def export_providers(db: Database) -> bytes:
    """The directory as CSV: UTF-8 with BOM and CRLF, as Excel writes it."""
    return encode_csv(list_providers(db))


def export_providers_file(db: Database, actor: Actor, path: Path | str) -> int:
    """Write the directory CSV to ``path`` (temporary file, fsync, rename); returns the number
    of providers. Audited (``export``)."""
    providers = list_providers(db)
    target = Path(path)
    try:
        write_file_atomically(target, encode_csv(providers))
    except OSError as exc:
        raise ServiceError(f"无法写入文件 {target}：{exc.strerror or exc}") from exc
    with UnitOfWork(db, actor) as uow:
        uow.audit("export", RECORD_TYPE, "", f"{target.name}: {len(providers)}")
        uow.commit()
    return len(providers)
