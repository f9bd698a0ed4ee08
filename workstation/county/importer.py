"""Importing a station's bundle into the county database.

Order (nothing touches the database before step 5):
1. read the zip into memory by name against the manifest, with size limits (sync.format);
2. the station: registered under the manifest's division code, not revoked, and its
   Ed25519 signature over the exact manifest bytes is valid;
3. the chain: replay (no-op), supersession, next in line, or a gap naming the missing seq;
4. every hash, key unwrap, decryption and every JSON line (table, ids, this station's);
5. one write transaction: the station row is locked (``SELECT ... FOR UPDATE`` on
   PostgreSQL; SQLite's ``BEGIN IMMEDIATE`` locks the whole database), the chain is checked
   again, then each record is inserted, updated (newer version), ignored (older or
   identical) or counted as a conflict (same version different content, or an id owned by
   another station). ``dry_run`` rolls it back. Then a signed acknowledgement is written.

Speed (the bulk of an import is the records): each record's ``data`` is stored as the exact
JSON text the station sent (sliced out of its line once the line parsed, never re-serialised);
existing versions are read with one query per table; the new and newer rows are written with
one guarded upsert per table, executed with plain tuples through the driver's
``executemany``. See ``tests/sync/bench_sync.py``.
"""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import DBAPIError

from workstation.domain.audit import CountyAuditAction, record_type_label
from workstation.domain.audit_chain import Break
from workstation.files import write_atomically
from workstation.sync import conflicts
from workstation.sync.ack import ack_file_name, encode_ack
from workstation.sync.conflicts import load_box_key_text
from workstation.sync.errors import BundleRefused, SyncError
from workstation.sync.format import (
    AUDIT_TABLE,
    FOREIGN_KEYS,
    SUPPORTED_SCHEMA_VERSIONS,
    TABLES,
    RawBundle,
    decrypt_parts,
    is_int,
    is_uuid,
    manifest_epoch,
    manifest_program_version,
    read_bundle,
    verify_signature,
)
from workstation.sync.keys import load_station_public

from . import audit, audit_chain
from .access import Permission, require
from .conflicts import ack_fields as conflict_ack_fields
from .db import (
    RECORDS,
    CountyDatabase,
    bundle,
    bundle_refusal,
    conflict,
    db_error_line,
    insert_for,
    station,
    upsert,
)
from .overview import parse_time
from .service import current_notice, load_keys, now_iso, pending_decisions

_canonical = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode
_LINE_KEYS = {"table", "id", "version", "schema_version", "data"}
_DATA = ',"data":'
# The head of a line as the station writes it: plain values only (no escapes, no spaces),
# so matching it is the same as parsing it.
_HEAD = re.compile(r'\{"table":"([a-z_]{1,64})","id":"([0-9a-f-]{36})",'
                   r'"version":([1-9][0-9]{0,17}),"schema_version":([1-9][0-9]{0,8})')


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")  # NaN / Infinity: Python accepts them, JSON not


_decoder = json.JSONDecoder(parse_constant=_no_constants)


@dataclass
class TableCounts:
    imported: int = 0
    updated: int = 0
    ignored: int = 0
    conflicts: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"imported": self.imported, "updated": self.updated, "ignored": self.ignored,
                "conflicts": self.conflicts}


@dataclass
class ImportSummary:
    """What an import did (DHIS2-style), per table. ``status``: imported, dry_run, replay
    (already imported: nothing changed) or superseded (a later bundle already carried it)."""

    file: str
    division_code: str
    seq: int
    status: str
    tables: dict[str, TableCounts] = field(default_factory=dict)
    ack_path: Path | None = None
    #: The station's chain epoch of this bundle; ``epoch_started``: this bundle began it here
    #: (its full state was merged record by record).
    epoch: int = 1
    epoch_started: bool = False
    #: Breaks of the station's audit chain this bundle showed (flagged, not refused).
    audit_breaks: list[Break] = field(default_factory=list)

    def total(self, kind: str) -> int:
        return sum(getattr(c, kind) for c in self.tables.values())

    @property
    def epoch_note(self) -> str:
        """What a county clerk is told when this bundle began the station's new epoch."""
        if not self.epoch_started:
            return ""
        return (f"站点开始了第 {self.epoch} 轮同步（数据曾从备份恢复或回退），"
                "已按记录逐条合并，较新的版本保留")

    @property
    def audit_note(self) -> str:
        """What a county clerk is told when this bundle showed a break in the station's
        audit trail (flagged on the 站点 page; the records were imported all the same)."""
        if not self.audit_breaks:
            return ""
        return ("站点操作日志" + "；".join(b.label for b in self.audit_breaks)
                + "（可能被人删除或改动，已记录在站点页，数据照常导入）")

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file, "division_code": self.division_code, "seq": self.seq,
            "status": self.status,
            "totals": {k: self.total(k) for k in ("imported", "updated", "ignored",
                                                  "conflicts")},
            "tables": {t: c.as_dict() for t, c in self.tables.items()},
            "ack": str(self.ack_path) if self.ack_path else None,
            "epoch": self.epoch, "epoch_started": self.epoch_started,
            "audit_breaks": [{"kind": b.kind, "first_seq": b.first_seq,
                              "last_seq": b.last_seq} for b in self.audit_breaks],
        }


def _refuse(raw: RawBundle, reason: str) -> BundleRefused:
    return BundleRefused(f"数据包 {raw.file_name} 被拒绝：{reason}")


def _chain(raw: RawBundle, st: Any, conn: Connection) -> str:
    """'apply', 'epoch' (the first bundle of a new chain epoch: merged record by record),
    'replay' or 'superseded' for this bundle given the station's county state."""
    m = raw.manifest
    seq, last = raw.seq, int(st.last_seq)
    epoch, held = manifest_epoch(m), int(st.epoch)
    if epoch < held:
        if conn.execute(select(bundle.c.sha256).where(
                bundle.c.division_code == st.division_code, bundle.c.epoch == epoch,
                bundle.c.seq == seq)).scalar() == raw.bundle_hash:
            return "replay"  # imported before the epoch change: nothing to do
        started = (f"于 {parse_time(st.epoch_started_at).astimezone():%Y-%m-%d %H:%M} "
                   if st.epoch_started_at else "")
        raise _refuse(raw, f"它属于站点第 {epoch} 轮同步，而该站点已{started}开始第 {held} 轮"
                           "（数据曾从备份恢复，新一轮已发送全部记录），旧一轮的数据包不再导入")
    if epoch > held:
        if not m["epoch"]["full_state"]:
            raise _refuse(raw, f"站点开始了第 {epoch} 轮同步，但本中心还没有收到这一轮的第一个"
                               f"数据包（含全部记录，第 {m['epoch']['first_seq']} 号），请先导入它"
                               "（或让站点重新导出）")
        return "epoch"
    from_seq = int(m["changes"]["from_seq"])
    if seq <= last:
        known = conn.execute(select(bundle.c.sha256).where(
            bundle.c.division_code == st.division_code, bundle.c.epoch == epoch,
            bundle.c.seq == seq)).scalar()
        if known is None:
            return "superseded"
        if known != raw.bundle_hash:
            raise _refuse(raw, f"与已导入的第 {seq} 号数据包内容不同"
                               "（站点数据库是否从备份恢复过？）")
        return "replay"
    if seq == last + 1 and m["prev_sha256"] != st.last_sha256:
        raise _refuse(raw, f"数据包链不符：它的上一个数据包不是已导入的第 {last} 号")
    if from_seq > int(st.last_change_seq) + 1:
        raise _refuse(raw, f"缺少第 {last + 1} 号数据包，请先导入它（或让站点重新导出）")
    return "apply"


def _station_row(conn: Connection, raw: RawBundle, *, lock: bool = False) -> Any:
    code = raw.station["division_code"]
    query = select(station).where(station.c.division_code == code)
    if lock:  # FOR UPDATE on PostgreSQL; SQLite is already locked by BEGIN IMMEDIATE
        query = query.with_for_update()
    st = conn.execute(query).first()
    if st is None:
        raise _refuse(raw, f"站点未登记（区划代码 {code}），请先登记该站点的公钥")
    if st.revoked:
        raise _refuse(raw, f"站点（区划代码 {code}）的登记已被撤销")
    verify_signature(raw, load_station_public(st.public_key))
    if st.station_id and st.station_id != raw.station["id"]:
        raise _refuse(raw, "站点标识与登记的不一致")
    return st


def _split(line: str) -> tuple[dict[str, Any], str] | None:
    """The fast path for a line laid out exactly as the station writes it,
    ``{"table":…,"id":…,"version":…,"schema_version":…,"data":{…}}``: the line as a dict
    and the exact text of its ``data`` value. None for any other layout: the caller then
    parses the whole line and re-serialises ``data`` canonically."""
    at = line.find(_DATA)
    if at < 0:
        return None
    head = _HEAD.fullmatch(line, 0, at)
    if head is None:
        return None
    start = at + len(_DATA)
    try:
        data, end = _decoder.raw_decode(line, start)
    except ValueError:
        return None
    if end != len(line) - 1 or line[end] != "}":
        return None
    return {"table": head[1], "id": head[2], "version": int(head[3]),
            "schema_version": int(head[4]), "data": data}, line[start:end]


def _lines(raw: RawBundle, part: dict[str, Any], payload: bytes) -> list[str]:
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError as exc:
        number = payload.count(b"\n", 0, exc.start) + 1
        raise _refuse(raw, f"{part['name']} 第 {number} 行 不是有效的 JSON") from exc
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


#: One reference a record makes: (table, record id, column, referenced table, referenced id).
Reference = tuple[str, str, str, str, str]


def _parse(raw: RawBundle, plain: dict[str, bytes], refs: list[Reference] | None = None
           ) -> dict[str, list[tuple[str, int, str]]]:
    """table → [(id, version, data JSON text)], each line checked. The non-null references
    of the records (``FOREIGN_KEYS``) are appended to ``refs`` when it is given; a reference
    that is not a record id refuses the bundle."""
    station_id = raw.station["id"]
    out: dict[str, list[tuple[str, int, str]]] = {}
    for part in raw.manifest["parts"]:
        table = part["table"]
        rows: list[tuple[str, int, str]] = []
        seen: set[str] = set()
        foreign = FOREIGN_KEYS.get(table, ()) if refs is not None else ()
        for number, line in enumerate(_lines(raw, part, plain[table]), 1):
            where = f"{part['name']} 第 {number} 行"
            fast = _split(line)
            if fast is not None:
                rec, text = fast
            else:
                try:
                    rec = _decoder.decode(line)
                except ValueError as exc:
                    raise _refuse(raw, f"{where} 不是有效的 JSON") from exc
                text = ""
            if not (isinstance(rec, dict) and rec.keys() == _LINE_KEYS
                    and isinstance(rec["data"], dict)):
                raise _refuse(raw, f"{where} 的记录格式不正确")
            data = rec["data"]
            if rec["table"] not in TABLES:
                raise _refuse(raw, f"{where} 的表 {rec['table']!r} 未知")
            if rec["table"] != table:
                raise _refuse(raw, f"{where} 的表与所在部分不符")
            if rec["schema_version"] not in SUPPORTED_SCHEMA_VERSIONS:
                raise _refuse(raw, f"{where} 的记录结构版本不受支持")
            rid = rec["id"]
            if not (is_uuid(rid) and is_int(rec["version"], 1)
                    and data.get("id") == rid and data.get("version") == rec["version"]):
                raise _refuse(raw, f"{where} 的 id 或版本不正确")
            if data.get("station_id") != station_id:
                raise _refuse(raw, f"{where} 是其他站点的记录")
            if rid in seen:
                raise _refuse(raw, f"{where} 的记录重复")
            seen.add(rid)
            rows.append((rid, rec["version"], text or _canonical(data)))
            for column, target in foreign:
                value = data.get(column)
                if value is None:
                    continue
                if not is_uuid(value):
                    raise _refuse(raw, f"{where} 的 {column} 不是有效的记录 ID")
                refs.append((table, rid, column, target, value))  # type: ignore[union-attr]
        if len(rows) != part["records"]:
            raise _refuse(raw, f"{part['name']} 的记录数与清单不符")
        out[table] = rows
    return out


def _select_by_ids(conn: Connection, table: str, columns: str, ids: list[str]) -> list[Any]:
    """One query for all ``ids`` (an array parameter on PostgreSQL, a JSON array on SQLite)."""
    if conn.dialect.name == "postgresql":
        sql = f"SELECT {columns} FROM {table} WHERE id = ANY(%s::uuid[])"
        return list(conn.exec_driver_sql(sql, (ids,)))
    sql = f"SELECT {columns} FROM {table} WHERE id IN (SELECT value FROM json_each(?))"
    return list(conn.exec_driver_sql(sql, (json.dumps(ids),)))


def _label(table: str) -> str:
    return f"{record_type_label(table)}（{table}）"


def _check_references(conn: Connection, raw: RawBundle,
                      records: dict[str, list[tuple[str, int, str]]],
                      refs: list[Reference]) -> None:
    """Every reference resolves to a record of the bundle's own station: one the county holds
    for that station, or one in the bundle whose id no other station holds. Otherwise the
    bundle is refused, naming the first bad reference. One query per referenced table."""
    station_id = raw.station["id"]
    wanted: dict[str, set[str]] = {}
    for _table, _rid, _column, target, ref in refs:
        wanted.setdefault(target, set()).add(ref)
    cast = "::text" if conn.dialect.name == "postgresql" else ""
    owners: dict[str, dict[str, str]] = {}
    for target, ids in wanted.items():
        owners[target] = {str(rid): str(owner) for rid, owner in _select_by_ids(
            conn, RECORDS[target].name, f"id{cast}, station_id{cast}", sorted(ids))}
    in_bundle = {target: {r[0] for r in records.get(target, ())} for target in wanted}
    for table, rid, column, target, ref in refs:
        owner = owners[target].get(ref)
        if owner == station_id or (owner is None and ref in in_bundle[target]):
            continue
        why = ("它属于其他站点" if owner is not None
               else "县级中心和本数据包中都没有这条记录")
        raise _refuse(raw, f"{_label(table)}记录 {rid} 的 {column} 指向{_label(target)}"
                           f"记录 {ref}，{why}；每条记录只能引用本站点的记录")


def _upsert_sql(conn: Connection, table: str) -> str:
    """Insert, or update a row of the same station with an older version; nothing else."""
    mark = "%s" if conn.dialect.name == "postgresql" else "?"
    return (f"INSERT INTO {table} (id, station_id, version, data, imported_at) "
            f"VALUES ({mark}, {mark}, {mark}, {mark}, {mark}) "
            "ON CONFLICT (id) DO UPDATE SET version = excluded.version, "
            "data = excluded.data, imported_at = excluded.imported_at "
            f"WHERE {table}.station_id = excluded.station_id "
            f"AND {table}.version < excluded.version")


def _same_content(old: str, new: str) -> bool:
    return old == new or json.loads(old) == json.loads(new)


#: Keys that change with every version of a record: an older version whose other fields are
#: those the county holds tells the station nothing.
_VERSION_KEYS = frozenset({"version", "updated_at"})


def _same_apart_from_version(old: str, new: str) -> bool:
    a, b = json.loads(old), json.loads(new)
    return ({k: v for k, v in a.items() if k not in _VERSION_KEYS}
            == {k: v for k, v in b.items() if k not in _VERSION_KEYS})


@dataclass
class _Found:
    """What ``_apply`` learnt about conflicts: new ones, and open ones this bundle settles."""

    code: str
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    resolved: list[tuple[str, str, str]] = field(default_factory=list)  # table, id, how


def _apply(conn: Connection, station_id: str, records: dict[str, list[tuple[str, int, str]]],
           *, division_code: str | None = None, bundle_seq: int = 0,
           resolved: list[tuple[str, str, str]] | None = None) -> dict[str, TableCounts]:
    """Write the records of one bundle (inside the caller's transaction) and classify each:

    * new id → imported; a newer version than the county's → updated (and an open conflict
      of that record is resolved: the station's version superseded the county's);
    * the same version with the same content → ignored (an open conflict with that county
      version is resolved: the station took the county's version);
    * an older version whose fields apart from version and ``updated_at`` are the county's
      → ignored (nothing the station needs to hear);
    * conflicts (not applied, each kept in the ``conflict`` table and listed in every
      acknowledgement until resolved; see ``workstation.sync.conflicts``): the same version
      with different content (``same_version``), an older version with different content
      (``county_newer``), an id owned by another station (``foreign``).

    ``resolved`` (when given) receives the open conflicts this bundle settled:
    ``(table, id, "station" | "county")``.
    """
    counts: dict[str, TableCounts] = {}
    stamp = now_iso()
    pg = conn.dialect.name == "postgresql"
    cast = "::text" if pg else ""
    imported_at: Any = datetime.fromisoformat(stamp) if pg else stamp
    code = division_code or _division_of(conn, station_id)
    open_now = _open_conflicts(conn, code)
    found = _Found(code)

    def conflict_of(table: str, rid: str, reason: str, county_version: int, version: int,
                    data: str) -> None:
        found.conflicts.append({
            "division_code": code, "table_name": table, "record_id": rid,
            "station_id": station_id, "reason": reason, "county_version": county_version,
            "station_version": version, "station_data": data, "bundle_seq": bundle_seq,
            "detected_at": stamp, "resolved_at": None, "resolution": None,
            "resolved_seq": None})

    for table in TABLES:
        rows = records.get(table)
        if not rows:
            continue
        name = RECORDS[table].name
        c = counts[table] = TableCounts()
        existing = {rid: (owner, version) for rid, owner, version in _select_by_ids(
            conn, name, f"id{cast}, station_id{cast}, version", [r[0] for r in rows])}
        writes: list[tuple[str, str, int, str, Any]] = []
        compare: dict[str, tuple[int, str]] = {}
        for rid, version, data in rows:
            old = existing.get(rid)
            if old is None:
                writes.append((rid, station_id, version, data, imported_at))
                c.imported += 1
            elif old[0] != station_id:
                c.conflicts += 1
                conflict_of(table, rid, conflicts.FOREIGN, old[1], version, data)
            elif version > old[1]:
                writes.append((rid, station_id, version, data, imported_at))
                c.updated += 1
                if (table, rid) in open_now:
                    found.resolved.append((table, rid, "station"))
            else:
                compare[rid] = (version, data)
        if compare:
            for rid, old_data in _select_by_ids(conn, name, f"id{cast}, data{cast}",
                                                list(compare)):
                version, data = compare[rid]
                county_version = existing[rid][1]
                if version == county_version and _same_content(old_data, data):
                    c.ignored += 1
                    if open_now.get((table, rid)) == version:
                        found.resolved.append((table, rid, "county"))
                elif version < county_version and _same_apart_from_version(old_data, data):
                    c.ignored += 1
                else:
                    c.conflicts += 1
                    conflict_of(table, rid, conflicts.SAME_VERSION if version == county_version
                                else conflicts.COUNTY_NEWER, county_version, version, data)
        if writes:
            conn.exec_driver_sql(_upsert_sql(conn, name), writes)
    _keep_conflicts(conn, found, bundle_seq, stamp)
    if resolved is not None:
        resolved.extend(found.resolved)
    return counts


def _division_of(conn: Connection, station_id: str) -> str:
    code = conn.execute(select(station.c.division_code)
                        .where(station.c.station_id == station_id)).scalar()
    if code is None:
        raise SyncError("站点标识未登记")
    return str(code)


def _open_conflicts(conn: Connection, code: str) -> dict[tuple[str, str], int]:
    """(table, id) → the county's version, of the station's open conflicts."""
    return {(t, rid): int(v) for t, rid, v in conn.execute(
        select(conflict.c.table_name, conflict.c.record_id, conflict.c.county_version)
        .where(conflict.c.division_code == code, conflict.c.resolved_at.is_(None)))}


def _keep_conflicts(conn: Connection, found: _Found, bundle_seq: int, stamp: str) -> None:
    """Record new conflicts (a conflict already recorded with the same versions and reason is
    left as it is, so a replay or re-export does not duplicate or re-date it; a different one
    replaces the record's row and reopens it), then resolve the settled ones."""
    if found.conflicts:
        code = found.code
        known: dict[tuple[str, str], Any] = {}
        ids = [c["record_id"] for c in found.conflicts]
        for start in range(0, len(ids), 500):
            for row in conn.execute(select(conflict).where(
                    conflict.c.division_code == code,
                    conflict.c.record_id.in_(ids[start:start + 500]))):
                known[(row.table_name, row.record_id)] = row
        fresh = []
        for c in found.conflicts:
            row = known.get((c["table_name"], c["record_id"]))
            if (row is not None and row.resolved_at is None and row.reason == c["reason"]
                    and row.county_version == c["county_version"]
                    and row.station_version == c["station_version"]):
                continue
            fresh.append(c)
        if fresh:
            stmt = insert_for(conn, conflict)
            conn.execute(stmt.on_conflict_do_update(
                index_elements=["division_code", "table_name", "record_id"],
                set_={k: stmt.excluded[k] for k in fresh[0]
                      if k not in ("division_code", "table_name", "record_id")}), fresh)
    for table, rid, how in found.resolved:
        conn.execute(update(conflict).where(
            conflict.c.division_code == found.code,
            conflict.c.table_name == table, conflict.c.record_id == rid,
            conflict.c.resolved_at.is_(None)).values(
            resolved_at=stamp, resolution=how, resolved_seq=bundle_seq))


class AckNotWritten(SyncError):
    """The bundle was imported (committed) but its acknowledgement file could not be written;
    ``summary`` says what was imported. Importing the bundle again writes it again."""

    def __init__(self, message: str, summary: ImportSummary) -> None:
        super().__init__(message)
        self.summary = summary


def import_bundle(db: CountyDatabase, path: Path, *, dry_run: bool = False,
                  ack_dir: Path | None = None, actor: str = "") -> ImportSummary:
    """Verify ``path`` completely, then apply it in one transaction (see the module doc).

    A bundle refused after its station's signature was verified is recorded in
    ``bundle_refusal`` (not on a dry run), so the console can show it waiting in the chain.
    Every import, refusal and failed import (not a dry run) is an entry of the county's audit
    trail under ``actor`` (``county.audit``): an import's in its own transaction, a refusal's
    with its ``bundle_refusal`` row.
    """
    require(db, Permission.IMPORT)
    path = Path(path)
    try:
        raw = read_bundle(path)
        keys = load_keys(db)
        with db.engine.connect() as conn:
            _station_row(conn, raw)  # registered, not revoked, signature valid
    except BundleRefused as exc:
        if not dry_run:  # the station is not verified: nothing attributed to it
            _audit_alone(db, CountyAuditAction.IMPORT_REFUSED, path, str(exc), actor)
        raise
    try:
        return _import(db, path, raw, keys, dry_run=dry_run, ack_dir=ack_dir, actor=actor)
    except BundleRefused as exc:
        if not dry_run:
            _record_refusal(db, raw, path, str(exc), actor)
        raise
    except AckNotWritten:
        raise  # imported (and audited) all the same
    except SyncError as exc:
        if not dry_run:
            _audit_alone(db, CountyAuditAction.IMPORT_FAILED, path, str(exc), actor,
                         raw.station["division_code"], raw.seq)
        raise


def _bundle_target(path: Path, seq: int | None) -> str:
    return f"{path.name}（第 {seq} 号）" if seq is not None else path.name


def _audit_alone(db: CountyDatabase, action: CountyAuditAction, path: Path, reason: str,
                 actor: str, code: str = "", seq: int | None = None) -> None:
    # When the database is failing, the error itself is what the user must see.
    with contextlib.suppress(DBAPIError):
        audit.record(db, action, actor=actor, station_code=code, target_type="bundle",
                     target=_bundle_target(path, seq), detail=reason)


def _record_refusal(db: CountyDatabase, raw: RawBundle, path: Path, reason: str,
                    actor: str = "") -> None:
    code = raw.station["division_code"]
    try:
        with db.write() as conn:
            upsert(conn, bundle_refusal, {
                "division_code": code, "seq": raw.seq,
                "epoch": manifest_epoch(raw.manifest),
                "sha256": raw.bundle_hash, "file_name": path.name, "reason": reason,
                "refused_at": now_iso()}, ["division_code", "epoch", "seq", "sha256"])
            audit.append(conn, CountyAuditAction.IMPORT_REFUSED, actor=actor,
                         station_code=code, target_type="bundle",
                         target=_bundle_target(path, raw.seq), detail=reason)
    except DBAPIError:
        pass  # the refusal itself is what the user must see; its record is a convenience


def _import(db: CountyDatabase, path: Path, raw: RawBundle, keys: Any, *, dry_run: bool,
            ack_dir: Path | None, actor: str = "") -> ImportSummary:
    with db.engine.connect() as conn:
        st = _station_row(conn, raw)
        verdict = _chain(raw, st, conn)
    applies = ("apply", "epoch")
    summary = ImportSummary(path.name, st.division_code, raw.seq,
                            "imported" if verdict in applies else verdict,
                            epoch=manifest_epoch(raw.manifest))
    records: dict[str, list[tuple[str, int, str]]] = {}
    refs: list[Reference] = []
    resolved: list[tuple[str, str, str]] = []
    if verdict in applies:
        records = _parse(raw, decrypt_parts(raw, keys.box), refs)
    m = raw.manifest
    with db.engine.connect() as conn:
        tx = conn.begin()
        try:
            st = _station_row(conn, raw, lock=True)
            verdict = _chain(raw, st, conn)  # again, under the write lock
            summary.status = "imported" if verdict in applies else verdict
            if verdict in applies:
                _check_references(conn, raw, records, refs)
                # A new epoch's full state goes through the same record-by-record rule:
                # newer versions win, nothing the county holds is overwritten by older ones.
                audit = records.pop(AUDIT_TABLE, [])
                summary.tables = _apply(conn, raw.station["id"], records,
                                        division_code=st.division_code, bundle_seq=raw.seq,
                                        resolved=resolved)
                if audit:
                    summary.audit_breaks = audit_chain.receive(
                        conn, raw.station["id"], st.division_code, audit,
                        bundle_seq=raw.seq, epoch=summary.epoch, stamp=now_iso(),
                        restart=verdict == "epoch")
                summary.epoch_started = verdict == "epoch"
                box = m.get("station_box_key")
                conn.execute(update(station)
                             .where(station.c.division_code == st.division_code).values(
                    station_id=raw.station["id"], name=raw.station["name"],
                    box_key=box if box is not None else st.box_key,
                    last_seq=raw.seq, last_sha256=raw.bundle_hash,
                    last_change_seq=int(m["changes"]["to_seq"]) if verdict == "epoch"
                    else max(int(st.last_change_seq), int(m["changes"]["to_seq"])),
                    program_version=manifest_program_version(m),
                    **(_epoch_values(m["epoch"], raw.seq) if verdict == "epoch" else {})))
                conn.execute(insert(bundle).values(
                    division_code=st.division_code, seq=raw.seq, sha256=raw.bundle_hash,
                    epoch=summary.epoch,
                    file_name=path.name, from_seq=m["changes"]["from_seq"],
                    to_seq=m["changes"]["to_seq"], imported_at=now_iso(),
                    summary=json.dumps({t: c.as_dict() for t, c in summary.tables.items()})))
            if dry_run:
                summary.status = "dry_run" if verdict == "apply" else verdict
                tx.rollback()
                return summary
            ack = _ack_bytes(conn, keys, raw.station)
            _audit_import(conn, summary, path, actor, resolved)
            tx.commit()
        except DBAPIError as exc:
            if tx.is_active:
                tx.rollback()
            raise SyncError(f"数据包 {path.name} 导入失败，县级数据库未作改动："
                            f"{db_error_line(exc)}") from exc
        except BaseException:
            if tx.is_active:
                tx.rollback()
            raise
    out_dir = Path(ack_dir) if ack_dir is not None else path.parent
    ack_path = out_dir / ack_file_name(st.division_code, ack[0], ack[2])
    try:
        write_atomically(ack_path, ack[1])
    except OSError as exc:
        raise AckNotWritten(f"数据包 {path.name} 已导入，但无法写入确认文件 {ack_path}："
                            f"{exc.strerror or exc}（再次导入该数据包即可重新生成）",
                            summary) from exc
    summary.ack_path = ack_path
    return summary


_AUDIT_STATUS = {"imported": "已导入", "replay": "已导入过，未作改动",
                 "superseded": "已被后续数据包包含，未作改动"}
#: Settled conflicts named one by one in the entry's detail; more are counted.
_LISTED_RESOLVED = 20


def _audit_import(conn: Connection, summary: ImportSummary, path: Path, actor: str,
                  resolved: list[tuple[str, str, str]]) -> None:
    """The import's audit entry (and one for the conflicts it settled), in its transaction."""
    code, target = summary.division_code, _bundle_target(path, summary.seq)
    detail = (f"{_AUDIT_STATUS.get(summary.status, summary.status)}；新增 "
              f"{summary.total('imported')}，更新 {summary.total('updated')}，忽略 "
              f"{summary.total('ignored')}，冲突 {summary.total('conflicts')}")
    notes = [n for n in (summary.epoch_note, summary.audit_note) if n]
    audit.append(conn, CountyAuditAction.IMPORT, actor=actor, station_code=code,
                 target_type="bundle", target=target, detail="；".join([detail, *notes]))
    if resolved:
        how = {"station": "采用站点版本", "county": "站点采用了县级中心版本"}
        items = [f"{record_type_label(t)} {rid}（{how.get(h, h)}）"
                 for t, rid, h in resolved[:_LISTED_RESOLVED]]
        more = len(resolved) - len(items)
        audit.append(conn, CountyAuditAction.CONFLICT_RESOLVED, actor=actor,
                     station_code=code, target_type="bundle", target=target,
                     detail=f"{len(resolved)} 条：" + "；".join(items)
                     + (f"；另有 {more} 条" if more > 0 else ""))


def _epoch_values(epoch: dict[str, Any], seq: int) -> dict[str, Any]:
    """The station row's columns when a bundle begins a new chain epoch here."""
    return {"epoch": int(epoch["number"]), "epoch_started_at": now_iso(),
            "epoch_reason": epoch["reason"], "epoch_first_seq": seq,
            "epoch_previous": json.dumps(epoch["previous"], sort_keys=True)}


def _ack_bytes(conn: Connection, keys: Any, ident: dict[str, str]) -> tuple[int, bytes, int]:
    """The acknowledgement of everything imported from this station so far, in its current
    chain epoch (``ident``: the station's ``id`` and ``division_code``, as in a manifest):
    its bundle seq, bytes and epoch."""
    st = conn.execute(select(station).where(
        station.c.division_code == ident["division_code"])).one()
    body = {
        "station_id": ident["id"], "division_code": st.division_code,
        "bundle_seq": int(st.last_seq), "bundle_sha256": st.last_sha256,
        "change_seq": int(st.last_change_seq), "created_at": now_iso(),
        "decisions": pending_decisions(conn, ident["id"]),
        **conflict_ack_fields(conn, st.division_code, ident["id"], int(st.last_seq)),
    }
    notice = current_notice(conn)
    if notice is not None:
        body["notice"] = notice
    breaks = audit_chain.ack_breaks(conn, st.division_code)
    if breaks:  # the station learns what was found in its audit trail
        body["audit_breaks"] = breaks
    if int(st.epoch) > 1:
        body["epoch"] = int(st.epoch)
    # Sealed for the station's box key once it sent one (ack.py); open for older stations.
    box = load_box_key_text(st.box_key)
    return int(st.last_seq), encode_ack(body, keys.signing, box), int(st.epoch)


def current_ack(db: CountyDatabase, division_code: str) -> tuple[int, bytes, int] | None:
    """The station's acknowledgement as of now (its last imported bundle, the decisions still
    pending), built exactly as an import builds it: ``(bundle seq, file bytes, epoch)``, or
    None before the station's first import (or for an unknown station)."""
    require(db, Permission.IMPORT)
    keys = load_keys(db)
    with db.engine.connect() as conn:
        st = conn.execute(select(station.c.station_id, station.c.last_seq).where(
            station.c.division_code == division_code)).first()
        if st is None or st.station_id is None or int(st.last_seq) == 0:
            return None
        return _ack_bytes(conn, keys, {"id": str(st.station_id),
                                       "division_code": division_code})
