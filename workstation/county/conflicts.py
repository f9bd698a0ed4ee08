"""Conflicts the county keeps for each station (``db.conflict``; classified by the importer's
``_apply``): what an acknowledgement tells the station about them, and what the console shows.

The acknowledgement lists each open conflict of the station in clear (table, id, versions,
reason: no personal data) and, when the station has sent its X25519 key, seals for it the
county's data of each record (never another station's) and the record's number or name.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, select

from workstation.sync import conflicts as shared

from .db import RECORDS, conflict, station


def _county_rows(conn: Connection, table: str, station_id: str,
                 ids: list[str]) -> dict[str, tuple[int, str]]:
    rec = RECORDS[table]
    out: dict[str, tuple[int, str]] = {}
    for start in range(0, len(ids), 500):
        for rid, version, data in conn.execute(
                select(rec.c.id, rec.c.version, rec.c.data).where(
                    rec.c.id.in_(ids[start:start + 500]), rec.c.station_id == station_id)):
            out[str(rid)] = (int(version), data)
    return out


def ack_fields(conn: Connection, division_code: str, station_id: str,
               bundle_seq: int) -> dict[str, Any]:
    """The conflict fields of an acknowledgement: ``conflicts`` (the first
    ``shared.MAX_LISTED`` open ones, oldest first), ``conflicts_total`` and, if the station
    sent its box key, ``sealed`` (per listed record: its label and, for a record of this
    station within the size bounds, the county's version and data)."""
    where = (conflict.c.division_code == division_code, conflict.c.resolved_at.is_(None))
    total = int(conn.execute(select(func.count()).select_from(conflict).where(*where))
                .scalar() or 0)
    if total == 0:
        return {"conflicts": [], "conflicts_total": 0}
    rows = list(conn.execute(select(conflict).where(*where).order_by(
        conflict.c.detected_at, conflict.c.table_name, conflict.c.record_id)
        .limit(shared.MAX_LISTED)))
    listed = [{
        "table": r.table_name, "record_id": str(r.record_id), "reason": r.reason,
        "reason_text": shared.reason_text(r.reason), "county_version": int(r.county_version),
        "station_version": int(r.station_version), "detected_at": r.detected_at,
        "bundle_seq": int(r.bundle_seq)} for r in rows]
    fields: dict[str, Any] = {"conflicts": listed, "conflicts_total": total}
    box_text = conn.execute(select(station.c.box_key)
                            .where(station.c.division_code == division_code)).scalar()
    box = shared.load_box_key_text(box_text)
    if box is None:
        return fields
    by_table: dict[str, list[str]] = {}
    for r in rows:
        if r.reason != shared.FOREIGN:
            by_table.setdefault(r.table_name, []).append(str(r.record_id))
    county = {t: _county_rows(conn, t, station_id, ids) for t, ids in by_table.items()}
    payload: dict[str, Any] = {}
    room = shared.MAX_SEALED - 4096
    for r in rows:
        rid = str(r.record_id)
        sent = json.loads(r.station_data)
        item: dict[str, Any] = {"label": shared.record_label(r.table_name, sent)}
        held = county.get(r.table_name, {}).get(rid)
        if held is not None and len(held[1].encode("utf-8")) <= min(
                shared.MAX_RECORD_DATA, room):
            data = json.loads(held[1])
            item.update(county_version=held[0], data=data,
                        county_label=shared.record_label(r.table_name, data))
            room -= len(held[1].encode("utf-8"))
        room -= 1500  # label, county label, versions, key
        if room <= 0:
            break
        payload[shared.entry_key(r.table_name, rid)] = item
    fields["sealed"] = shared.seal(payload, box, station_id, bundle_seq)
    return fields


# --- the console ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConflictRow:
    division_code: str
    table: str
    record_id: str
    reason: str
    county_version: int
    station_version: int
    bundle_seq: int
    detected_at: str
    resolved_at: str | None
    resolution: str | None
    #: The record's number or name as the station sent it ('' when it has none).
    label: str = ""

    @property
    def reason_text(self) -> str:
        return shared.reason_text(self.reason)


def open_counts(conn: Connection) -> dict[str, int]:
    """Division code → number of open conflicts (stations without any are absent)."""
    return {code: int(n) for code, n in conn.execute(
        select(conflict.c.division_code, func.count()).where(conflict.c.resolved_at.is_(None))
        .group_by(conflict.c.division_code))}


def _label(table: str, station_data: str | None) -> str:
    try:
        return shared.record_label(table, json.loads(station_data or "{}"))
    except (ValueError, AttributeError):
        return ""


def list_conflicts(conn: Connection, division_code: str, *,
                   include_resolved: bool = False) -> list[ConflictRow]:
    query = select(conflict).where(conflict.c.division_code == division_code)
    if not include_resolved:
        query = query.where(conflict.c.resolved_at.is_(None))
    return [ConflictRow(r.division_code, r.table_name, str(r.record_id), r.reason,
                        int(r.county_version), int(r.station_version), int(r.bundle_seq),
                        r.detected_at, r.resolved_at, r.resolution,
                        _label(r.table_name, r.station_data))
            for r in conn.execute(query.order_by(conflict.c.detected_at,
                                                 conflict.c.table_name))]
