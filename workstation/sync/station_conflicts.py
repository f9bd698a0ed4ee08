"""Station side of conflicts (``workstation.sync.conflicts``): keep what the newest
acknowledgement lists, show it, and settle one.

Settling happens here; the county learns it from the next bundle:

* **keep the station's version** (保留本站版本): the record gets a new version above the
  county's (same content), so the next bundle carries it and the county stores it over its
  own and marks the conflict resolved;
* **take the county's version** (采用县级中心版本): the record takes the county's data and
  version (decrypted from the acknowledgement); the next bundle carries it unchanged, the
  county finds the same version with the same content and marks the conflict resolved.

Either is one unit of work: the record, its change-log row (trigger) and an audit entry
commit together. A ``foreign`` conflict (the id belongs to another station) cannot be settled
here: the county center must look at it.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Date, LargeBinary, Table, select, update
from sqlmodel import SQLModel

from workstation.services.context import Actor, ServiceError, UnitOfWork
from workstation.storage import search_index
from workstation.storage.engine import Database
from workstation.storage.models import Record, SyncConflict, SyncState
from workstation.storage.types import AwareDateTime, utcnow

from . import conflicts, keys
from .format import TABLES

KEEP_STATION = "station"
TAKE_COUNTY = "county"
#: The county no longer lists the conflict (settled there, or by a later bundle).
COUNTY_CLOSED = "county_closed"


@dataclass(frozen=True)
class ConflictView:
    """One conflict as the 同步 page and ``sync conflicts`` show it."""

    table: str
    record_id: str
    label: str
    reason: str
    reason_text: str
    county_version: int
    station_version: int
    current_version: int | None  # the station's record now (None: not found here)
    detected_at: str
    bundle_seq: int
    has_county_data: bool
    resolved_at: datetime | None
    resolution: str | None

    @property
    def open(self) -> bool:
        return self.resolved_at is None

    @property
    def can_keep_station(self) -> bool:
        return (self.open and self.reason in conflicts.RESOLVABLE
                and self.current_version is not None)

    @property
    def can_take_county(self) -> bool:
        return self.can_keep_station and self.has_county_data

    def as_dict(self) -> dict[str, Any]:
        return {
            "table": self.table, "record_id": self.record_id, "label": self.label,
            "reason": self.reason, "reason_text": self.reason_text,
            "county_version": self.county_version, "station_version": self.station_version,
            "current_version": self.current_version, "detected_at": self.detected_at,
            "bundle_seq": self.bundle_seq, "county_data": self.has_county_data,
            "resolved_at": self.resolved_at.isoformat() if self.resolved_at else None,
            "resolution": self.resolution,
        }


def _table(name: str) -> Table:
    if name not in TABLES:
        raise ServiceError(f"未知的记录类型：{name}")
    return SQLModel.metadata.tables[name]


def _models() -> dict[str, type[SQLModel]]:
    out: dict[str, type[SQLModel]] = {}
    stack: list[type] = [Record]
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        name = getattr(cls, "__tablename__", None)
        if isinstance(name, str) and name in TABLES:
            out[name] = cls  # type: ignore[assignment]
    return out


def _local_row(conn: Any, table: str, record_id: str) -> Any:
    t = _table(table)
    return conn.execute(select(t).where(t.c.id == record_id)).first()


# --- from the acknowledgement ----------------------------------------------------------------


def store_from_ack(uow: UnitOfWork, body: dict[str, Any], state: SyncState,
                   station_id: str) -> int:
    """Keep the conflicts of the newest acknowledgement (inside its unit of work); returns
    how many are open here. A conflict already settled here stays settled while the county
    lists it with the same versions (its next bundle has not reached the county yet); one the
    county no longer lists is closed, unless the list was cut short."""
    session = uow.session
    if "conflicts" not in body:  # from a county before conflicts came back: it says nothing
        return sum(1 for c in session.scalars(select(SyncConflict)) if c.resolved_at is None)
    listed = body["conflicts"]
    total = body.get("conflicts_total", len(listed))
    payload: dict[str, Any] = {}
    if "sealed" in body and state.box_private_key:
        payload = conflicts.unseal(body["sealed"], keys.load_box_private(state.box_private_key),
                                   station_id, body["bundle_seq"]) or {}
    known = {(c.table_name, c.record_id): c for c in session.scalars(select(SyncConflict))}
    seen: set[tuple[str, str]] = set()
    now = datetime.now(UTC)
    for entry in listed:
        key = (entry["table"], entry["record_id"])
        seen.add(key)
        item = payload.get(conflicts.entry_key(*key))
        item = item if isinstance(item, dict) else {}
        data = item.get("data")
        county_version = entry["county_version"]
        county_data = None
        if (isinstance(data, dict) and data.get("id") == key[1]
                and data.get("station_id") == station_id
                and isinstance(item.get("county_version"), int)):
            county_data = json.dumps(data, ensure_ascii=False)
            county_version = item["county_version"]
        local = _local_row(uow.connection, *key)
        label = conflicts.record_label(key[0], dict(local._mapping)) if local else ""
        if not label and isinstance(item.get("label"), str):
            label = item["label"][:conflicts.MAX_LABEL]
        row = known.get(key)
        same = (row is not None and row.reason == entry["reason"]
                and row.county_version == county_version
                and row.station_version == entry["station_version"]
                and row.resolution != COUNTY_CLOSED)
        if row is None:
            row = SyncConflict(table_name=key[0], record_id=key[1], reason=entry["reason"],
                               county_version=county_version,
                               station_version=entry["station_version"],
                               bundle_seq=entry["bundle_seq"],
                               detected_at=entry["detected_at"])
            session.add(row)
        elif not same:
            row.resolved_at = None
            row.resolution = None
        row.reason = entry["reason"]
        row.reason_text = conflicts.reason_text(entry["reason"], entry.get("reason_text", ""))
        row.county_version = county_version
        row.station_version = entry["station_version"]
        row.bundle_seq = entry["bundle_seq"]
        row.detected_at = entry["detected_at"]
        row.label = label
        if county_data is not None or not same:
            row.county_data = county_data
        row.received_at = now
    if len(listed) >= total:
        for key, row in known.items():
            if key not in seen and row.resolved_at is None:
                row.resolved_at = now
                row.resolution = COUNTY_CLOSED
    session.flush()
    return sum(1 for c in session.scalars(select(SyncConflict)) if c.resolved_at is None)


# --- listing ---------------------------------------------------------------------------------


def list_conflicts(db: Database, *, include_resolved: bool = False) -> list[ConflictView]:
    """The conflicts the county reported, open ones first (then newest first)."""
    with db.read() as session:
        rows = list(session.scalars(select(SyncConflict)))
        views = []
        for c in rows:
            if c.resolved_at is not None and not include_resolved:
                continue
            local = _local_row(session.connection(), c.table_name, c.record_id)
            views.append(ConflictView(
                c.table_name, c.record_id, c.label, c.reason,
                conflicts.reason_text(c.reason, c.reason_text), c.county_version,
                c.station_version, int(local.version) if local is not None else None,
                c.detected_at, c.bundle_seq, c.county_data is not None, c.resolved_at,
                c.resolution))
    views.sort(key=lambda v: (not v.open, v.detected_at, v.table, v.record_id))
    return views


def open_count(db: Database) -> int:
    return sum(1 for v in list_conflicts(db))


# --- settling ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    """One field the county's version of a conflicting record holds otherwise."""

    label: str
    county: str
    station: str


#: How long a value may be in the conflicts dialog before it is shortened.
DIFFERENCE_CHARS = 40


def _person_fields() -> tuple[Any, ...]:
    """The person's fields, labelled as its own change notes label them."""
    from workstation.domain import enums as E
    from workstation.services.corrections import CorrectableField
    from workstation.services.persons import FIELD_LABELS

    def show(kind: Any) -> Any:
        return lambda _s, value: kind.label_of(value) if value else "（空）"

    def groups(_s: Any, value: Any) -> str:
        return "、".join(E.SpecialGroup.label_of(v) for v in value or ()) or "（空）"

    special = {"sex": show(E.Sex), "special_groups": groups}
    return tuple(CorrectableField(name, label, special[name]) if name in special
                 else CorrectableField(name, label) for name, label in FIELD_LABELS.items())


def differences(db: Database, record_id: str, table: str) -> list[Difference] | None:
    """What the county's version of the conflicting record holds otherwise than this
    station's record now (labelled fields only, values shortened); None when the county's
    data did not come with the acknowledgement or the record is not here."""
    from workstation.services.corrections import CORRECTABLE

    with db.read() as session:
        c = session.scalar(select(SyncConflict).where(SyncConflict.record_id == record_id,
                                                       SyncConflict.table_name == table))
        local = _local_row(session.connection(), table, record_id) if c else None
        if c is None or c.county_data is None or local is None:
            return None
        county = json.loads(c.county_data)
        t = _table(table)
        fields = _person_fields() if table == "person" else CORRECTABLE.get(table, ())
        out = []
        for field in fields:
            if field.name not in county or field.name not in t.c:
                continue
            theirs = _from_json(t.c[field.name], county[field.name])
            ours = getattr(local, field.name)
            if (theirs or None) == (ours or None):
                continue
            out.append(Difference(field.label, _short(field.show(session, theirs)),
                                  _short(field.show(session, ours))))
        return out


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    if len(text) <= DIFFERENCE_CHARS:
        return text
    quoted = text.startswith("“") and text.endswith("”")
    return text[:DIFFERENCE_CHARS - 2] + ("…”" if quoted else "…")


def _find(uow: UnitOfWork, record_id: str, table: str | None) -> SyncConflict:
    query = select(SyncConflict).where(SyncConflict.record_id == record_id)
    if table:
        query = query.where(SyncConflict.table_name == table)
    found = list(uow.session.scalars(query))
    if not found:
        raise ServiceError(f"没有记录 {record_id} 的冲突")
    if len(found) > 1:
        raise ServiceError(f"记录 {record_id} 有多条冲突，请指明记录类型")
    return found[0]


def _from_json(column: Any, value: Any) -> Any:
    """A record's JSON value (as bundles carry it) → the station column's Python value."""
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, AwareDateTime):
        parsed = datetime.fromisoformat(value)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    if isinstance(kind, Date):
        return date.fromisoformat(value)
    if isinstance(kind, LargeBinary):
        return base64.b64decode(value, validate=True)
    return value


def resolve(db: Database, actor: Actor, record_id: str, keep: str,
            table: str | None = None) -> ConflictView:
    """Settle the open conflict of ``record_id``: ``keep`` = ``station`` or ``county``."""
    if keep not in (KEEP_STATION, TAKE_COUNTY):
        raise ServiceError("处理方式应为 station（保留本站版本）或 county（采用县级中心版本）")
    with UnitOfWork(db, actor) as uow:
        c = _find(uow, record_id, table)
        table_name = c.table_name
        if c.resolved_at is not None:
            raise ServiceError("这条冲突已经处理过了")
        if c.reason not in conflicts.RESOLVABLE:
            raise ServiceError("这条记录的编号属于另一个站点，本站无法处理，请联系县级中心")
        t = _table(c.table_name)
        local = _local_row(uow.connection, c.table_name, c.record_id)
        if local is None or local.station_id != actor.station_id:
            raise ServiceError("本站没有这条记录")
        model = _models().get(c.table_name)
        if keep == KEEP_STATION:
            version = max(int(local.version), c.county_version) + 1
            uow.connection.execute(update(t).where(t.c.id == c.record_id).values(
                version=version, updated_at=utcnow()))
            detail = (f"保留本站版本：版本 {local.version} → {version}"
                      f"（县级中心版本 {c.county_version}）")
        else:
            if c.county_data is None:
                raise ServiceError("确认文件没有带来县级中心的这条记录，无法采用县级中心版本"
                                   "（可保留本站版本）")
            data = json.loads(c.county_data)
            if data.get("id") != c.record_id or data.get("station_id") != actor.station_id:
                raise ServiceError("县级中心的数据与本站记录不符")
            values = {col.name: _from_json(col, data[col.name]) for col in t.columns
                      if col.name in data and col.name not in ("id", "station_id", "version")}
            values["version"] = c.county_version
            try:
                uow.connection.execute(update(t).where(t.c.id == c.record_id).values(values))
            except (ValueError, TypeError) as exc:
                raise ServiceError(f"县级中心的数据无法写入本站记录：{exc}") from exc
            if model is not None:
                search_index.note_updated(uow.session, model, c.record_id, values)
            detail = f"采用县级中心版本：版本 {local.version} → {c.county_version}"
        c.resolved_at = datetime.now(UTC)
        c.resolution = keep
        uow.audit(f"sync.conflict.{keep}", c.table_name, c.record_id, detail)
        uow.commit()
    for view in list_conflicts(db, include_resolved=True):
        if view.record_id == record_id and view.table == table_name:
            return view
    raise ServiceError(f"没有记录 {record_id} 的冲突")  # pragma: no cover
