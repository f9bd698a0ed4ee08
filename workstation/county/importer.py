"""Importing a station's bundle into the county database.

Order (nothing touches the database before step 5):
1. read the zip into memory by name against the manifest, with size limits (sync.format);
2. the station: registered under the manifest's division code, not revoked, and its
   Ed25519 signature over the exact manifest bytes is valid;
3. the chain: replay (no-op), supersession, next in line, or a gap naming the missing seq;
4. every hash, key unwrap, decryption and every JSON line (table, ids, this station's);
5. one write transaction: the chain is checked again under the write lock, then each record
   is inserted, updated (newer version), ignored (older or identical) or counted as a conflict
   (same version different content, or an id owned by another station). ``dry_run`` rolls it
   back. Then a signed acknowledgement is written for the station.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, update

from workstation.sync.ack import ack_file_name, encode_ack
from workstation.sync.errors import BundleRefused, SyncError
from workstation.sync.format import (
    SCHEMA_VERSION,
    TABLES,
    RawBundle,
    decrypt_parts,
    is_int,
    is_uuid,
    read_bundle,
    verify_signature,
    write_atomically,
)
from workstation.sync.keys import load_station_public

from .db import RECORDS, CountyDatabase, bundle, station
from .service import load_keys, now_iso, pending_decisions

LOOKUP_CHUNK = 500
_canonical = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode
_LINE_KEYS = {"table", "id", "version", "schema_version", "data"}


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

    def total(self, kind: str) -> int:
        return sum(getattr(c, kind) for c in self.tables.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file, "division_code": self.division_code, "seq": self.seq,
            "status": self.status,
            "totals": {k: self.total(k) for k in ("imported", "updated", "ignored",
                                                  "conflicts")},
            "tables": {t: c.as_dict() for t, c in self.tables.items()},
            "ack": str(self.ack_path) if self.ack_path else None,
        }


def _refuse(raw: RawBundle, reason: str) -> BundleRefused:
    return BundleRefused(f"数据包 {raw.file_name} 被拒绝：{reason}")


def _chain(raw: RawBundle, st: Any, conn: Connection) -> str:
    """'apply', 'replay' or 'superseded' for this bundle given the station's county state."""
    m = raw.manifest
    seq, last = raw.seq, int(st.last_seq)
    from_seq = int(m["changes"]["from_seq"])
    if seq <= last:
        known = conn.execute(select(bundle.c.sha256).where(
            bundle.c.division_code == st.division_code, bundle.c.seq == seq)).scalar()
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


def _station_row(conn: Connection, raw: RawBundle) -> Any:
    code = raw.station["division_code"]
    st = conn.execute(select(station).where(station.c.division_code == code)).first()
    if st is None:
        raise _refuse(raw, f"站点未登记（区划代码 {code}），请先运行 county register-station")
    if st.revoked:
        raise _refuse(raw, f"站点（区划代码 {code}）的登记已被撤销")
    verify_signature(raw, load_station_public(st.public_key))
    if st.station_id and st.station_id != raw.station["id"]:
        raise _refuse(raw, "站点标识与登记的不一致")
    return st


def _parse(raw: RawBundle, plain: dict[str, bytes]) -> dict[str, list[tuple[str, int, str]]]:
    """table → [(id, version, canonical data JSON)], each line checked."""
    station_id = raw.station["id"]
    out: dict[str, list[tuple[str, int, str]]] = {}
    for part in raw.manifest["parts"]:
        table = part["table"]
        rows: list[tuple[str, int, str]] = []
        seen: set[str] = set()
        lines = plain[table].split(b"\n")
        if lines and lines[-1] == b"":
            lines.pop()
        for number, line in enumerate(lines, 1):
            where = f"{part['name']} 第 {number} 行"
            try:
                rec = json.loads(line)
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise _refuse(raw, f"{where} 不是有效的 JSON") from exc
            if not (isinstance(rec, dict) and set(rec) == _LINE_KEYS
                    and isinstance(rec["data"], dict)):
                raise _refuse(raw, f"{where} 的记录格式不正确")
            data = rec["data"]
            if rec["table"] not in TABLES:
                raise _refuse(raw, f"{where} 的表 {rec['table']!r} 未知")
            if rec["table"] != table:
                raise _refuse(raw, f"{where} 的表与所在部分不符")
            if rec["schema_version"] != SCHEMA_VERSION:
                raise _refuse(raw, f"{where} 的记录结构版本不受支持")
            if not (is_uuid(rec["id"]) and is_int(rec["version"], 1)
                    and data.get("id") == rec["id"] and data.get("version") == rec["version"]):
                raise _refuse(raw, f"{where} 的 id 或版本不正确")
            if data.get("station_id") != station_id:
                raise _refuse(raw, f"{where} 是其他站点的记录")
            if rec["id"] in seen:
                raise _refuse(raw, f"{where} 的记录重复")
            seen.add(rec["id"])
            rows.append((rec["id"], rec["version"], _canonical(data)))
        if len(rows) != part["records"]:
            raise _refuse(raw, f"{part['name']} 的记录数与清单不符")
        out[table] = rows
    return out


def _apply(conn: Connection, station_id: str, records: dict[str, list[tuple[str, int, str]]]
           ) -> dict[str, TableCounts]:
    counts: dict[str, TableCounts] = {}
    now = now_iso()
    for table in TABLES:
        rows = records.get(table)
        if not rows:
            continue
        t = RECORDS[table]
        c = counts[table] = TableCounts()
        existing: dict[str, Any] = {}
        ids = [r[0] for r in rows]
        for start in range(0, len(ids), LOOKUP_CHUNK):
            for row in conn.execute(select(t.c.id, t.c.station_id, t.c.version, t.c.data)
                                    .where(t.c.id.in_(ids[start:start + LOOKUP_CHUNK]))):
                existing[row.id] = row
        inserts: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        for rid, version, data in rows:
            old = existing.get(rid)
            if old is None:
                inserts.append({"id": rid, "station_id": station_id, "version": version,
                                "data": data, "imported_at": now})
                c.imported += 1
            elif old.station_id != station_id:
                c.conflicts += 1
            elif version > old.version:
                updates.append({"b_id": rid, "version": version, "data": data,
                                "imported_at": now})
                c.updated += 1
            elif version == old.version and data != old.data:
                c.conflicts += 1
            else:
                c.ignored += 1
        if inserts:
            conn.execute(insert(t), inserts)
        if updates:
            conn.execute(update(t).where(t.c.id == bindparam("b_id")), updates)
    return counts


def import_bundle(db: CountyDatabase, path: Path, *, dry_run: bool = False,
                  ack_dir: Path | None = None) -> ImportSummary:
    """Verify ``path`` completely, then apply it in one transaction (see the module doc)."""
    path = Path(path)
    raw = read_bundle(path)
    keys = load_keys(db)
    with db.engine.connect() as conn:
        st = _station_row(conn, raw)
        verdict = _chain(raw, st, conn)
    summary = ImportSummary(path.name, st.division_code, raw.seq,
                            "imported" if verdict == "apply" else verdict)
    records: dict[str, list[tuple[str, int, str]]] = {}
    if verdict == "apply":
        records = _parse(raw, decrypt_parts(raw, keys.box))
    m = raw.manifest
    with db.engine.connect() as conn:
        tx = conn.begin()
        try:
            st = _station_row(conn, raw)
            verdict = _chain(raw, st, conn)  # again, under the write lock
            summary.status = "imported" if verdict == "apply" else verdict
            if verdict == "apply":
                summary.tables = _apply(conn, raw.station["id"], records)
                conn.execute(update(station)
                             .where(station.c.division_code == st.division_code).values(
                    station_id=raw.station["id"], name=raw.station["name"],
                    last_seq=raw.seq, last_sha256=raw.bundle_hash,
                    last_change_seq=max(int(st.last_change_seq),
                                        int(m["changes"]["to_seq"]))))
                conn.execute(insert(bundle).values(
                    division_code=st.division_code, seq=raw.seq, sha256=raw.bundle_hash,
                    file_name=path.name, from_seq=m["changes"]["from_seq"],
                    to_seq=m["changes"]["to_seq"], imported_at=now_iso(),
                    summary=json.dumps({t: c.as_dict() for t, c in summary.tables.items()})))
            if dry_run:
                summary.status = "dry_run" if verdict == "apply" else verdict
                tx.rollback()
                return summary
            ack = _ack_bytes(conn, keys, raw)
            tx.commit()
        except BaseException:
            if tx.is_active:
                tx.rollback()
            raise
    out_dir = Path(ack_dir) if ack_dir is not None else path.parent
    ack_path = out_dir / ack_file_name(st.division_code, ack[0])
    try:
        write_atomically(ack_path, ack[1])
    except OSError as exc:
        raise SyncError(f"数据包 {path.name} 已导入，但无法写入确认文件 {ack_path}："
                        f"{exc.strerror or exc}（再次导入该数据包即可重新生成）") from exc
    summary.ack_path = ack_path
    return summary


def _ack_bytes(conn: Connection, keys: Any, raw: RawBundle) -> tuple[int, bytes]:
    """The acknowledgement of everything imported from this station so far."""
    st = conn.execute(select(station).where(
        station.c.division_code == raw.station["division_code"])).one()
    body = {
        "station_id": raw.station["id"], "division_code": st.division_code,
        "bundle_seq": int(st.last_seq), "bundle_sha256": st.last_sha256,
        "change_seq": int(st.last_change_seq), "created_at": now_iso(),
        "decisions": pending_decisions(conn, raw.station["id"]),
    }
    return int(st.last_seq), encode_ack(body, keys.signing)
