"""The stations' audit trails at the county: each arriving entry is checked against the chain
already received, stored, and every break flagged in ``audit_break`` (never refused: the
bundle's records still arrive). See docs/security.md for what this detects.

Kinds (``domain.audit_chain``):

* ``altered``: an entry whose hash is not the hash of its own fields; an entry arriving again
  (same station and ``seq``) with another hash than the one received before; an entry whose
  ``prev_hash`` is not the hash of the entry before it (or of the one after it, received
  earlier): entries were changed and the chain rewritten from there;
* ``missing``: sequence numbers skipped (entries deleted before they were sent);
* ``reordered``: an entry arriving after later ones of its station (it filled a gap).

A bundle that begins a new chain epoch (the station restored a backup or went back) carries
the station's whole trail as it now is: from the first entry whose hash differs from the one
held here, the entries the county holds are gone from the station. They are flagged
``missing`` (a restore loses audit history too, and restoring is how someone with an admin's
password could try to erase it), kept in ``rec_audit_entry``, and the chain continues from
the station's entries.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, func, select

from workstation.domain.audit_chain import ALTERED, GENESIS, MISSING, REORDERED, Break, hash_of
from workstation.domain.audit_chain import merge as merge_breaks
from workstation.sync.ack import MAX_ACK_BREAKS

from .db import RECORDS, audit_break, audit_link, insert_for, station

_HEX64 = re.compile(r"^[0-9a-f]{64}$")


def _well_formed(data: dict[str, Any]) -> bool:
    seq = data.get("seq")
    return (isinstance(seq, int) and not isinstance(seq, bool) and seq >= 1
            and all(isinstance(data.get(k), str) and _HEX64.match(data[k])
                    for k in ("hash", "prev_hash", "detail_sha256"))
            and all(isinstance(data.get(k), str)
                    for k in ("at", "action", "record_type", "record_id"))
            and (data.get("operator_id") is None or isinstance(data["operator_id"], str)))


def receive(conn: Connection, station_id: str, division_code: str,
            rows: Iterable[tuple[str, int, str]], *, bundle_seq: int, epoch: int,
            stamp: str, restart: bool = False) -> list[Break]:
    """Check and keep a bundle's audit lines (``(id, version, data JSON)`` as parsed by the
    importer), inside the import's transaction; ``restart``: the bundle begins a new chain
    epoch (see the module doc). Returns the breaks newly flagged."""
    entries: dict[int, tuple[str, dict[str, Any], str]] = {}
    breaks: list[Break] = []
    for rid, _version, text in rows:
        data = json.loads(text)
        if not _well_formed(data):  # cannot be placed in the chain: flagged, not kept
            seq = data.get("seq")
            if isinstance(seq, int) and not isinstance(seq, bool) and seq >= 1:
                breaks.append(Break(ALTERED, seq, seq))
            continue
        if hash_of(data) != data["hash"]:  # kept as received: the next links check on it
            breaks.append(Break(ALTERED, int(data["seq"]), int(data["seq"])))
        entries[int(data["seq"])] = (rid, data, text)
    if entries and restart:
        breaks += _restart(conn, station_id, entries)
    if entries:
        breaks += _link(conn, station_id, entries, stamp)
    merged = merge_breaks(breaks)
    return _flag(conn, division_code, merged, bundle_seq, epoch, stamp)


def _restart(conn: Connection, station_id: str,
             entries: dict[int, tuple[str, dict[str, Any], str]]) -> list[Break]:
    """A new epoch: the chain held here from the first entry that differs on is gone from
    the station; flagged ``missing`` and unlinked (its entries stay in ``rec_audit_entry``)."""
    held = dict(conn.execute(select(audit_link.c.seq, audit_link.c.hash).where(
        audit_link.c.station_id == station_id, audit_link.c.seq >= min(entries))).all())
    differs = [seq for seq, (_rid, data, _text) in entries.items()
               if seq in held and held[seq] != data["hash"]]
    if not differs:
        return []
    first = min(differs)
    newest = max(held)
    conn.execute(audit_link.delete().where(audit_link.c.station_id == station_id,
                                           audit_link.c.seq >= first))
    return [Break(MISSING, first, newest)]


def _link(conn: Connection, station_id: str,
          entries: dict[int, tuple[str, dict[str, Any], str]], stamp: str) -> list[Break]:
    low, high = min(entries), max(entries)
    known: dict[int, tuple[str, str]] = {
        int(r.seq): (r.hash, r.prev_hash) for r in conn.execute(
            select(audit_link.c.seq, audit_link.c.hash, audit_link.c.prev_hash).where(
                audit_link.c.station_id == station_id,
                audit_link.c.seq >= low - 1, audit_link.c.seq <= high + 1))}
    newest = conn.execute(select(func.max(audit_link.c.seq)).where(
        audit_link.c.station_id == station_id)).scalar() or 0
    breaks: list[Break] = []
    new: list[int] = []
    for seq in sorted(entries):
        rid, data, text = entries[seq]
        if seq in known:
            if known[seq][0] != data["hash"]:
                breaks.append(Break(ALTERED, seq, seq))
            continue
        if seq < newest:
            breaks.append(Break(REORDERED, seq, seq))
        known[seq] = (data["hash"], data["prev_hash"])
        new.append(seq)
        conn.execute(audit_link.insert().values(station_id=station_id, seq=seq,
                                                hash=data["hash"], prev_hash=data["prev_hash"]))
        records = RECORDS["audit_entry"]
        conn.execute(insert_for(conn, records).values(
            id=rid, station_id=station_id, version=1, data=text, imported_at=stamp)
            .on_conflict_do_nothing(index_elements=["id"]))
    for seq in new:
        prev_hash = known[seq][1]
        before = known.get(seq - 1)
        if seq == 1:
            if prev_hash != GENESIS:
                breaks.append(Break(ALTERED, 1, 1))
        elif before is None:
            below = conn.execute(select(func.max(audit_link.c.seq)).where(
                audit_link.c.station_id == station_id, audit_link.c.seq < seq)).scalar() or 0
            breaks.append(Break(MISSING, below + 1, seq - 1))
        elif before[0] != prev_hash:
            breaks.append(Break(ALTERED, seq - 1, seq))
        after = known.get(seq + 1)
        if after is not None and seq + 1 not in new and after[1] != known[seq][0]:
            breaks.append(Break(ALTERED, seq, seq + 1))
    return breaks


def _flag(conn: Connection, division_code: str, breaks: list[Break], bundle_seq: int,
          epoch: int, stamp: str) -> list[Break]:
    """Record ``breaks`` not already flagged for this station (a full state sent again in a
    new epoch shows old breaks again)."""
    flagged: list[Break] = []
    for b in breaks:
        there = conn.execute(select(audit_break.c.id).where(and_(
            audit_break.c.division_code == division_code, audit_break.c.kind == b.kind,
            audit_break.c.first_seq == b.first_seq, audit_break.c.last_seq == b.last_seq))
        ).first()
        if there is not None:
            continue
        conn.execute(audit_break.insert().values(
            division_code=division_code, kind=b.kind, first_seq=b.first_seq,
            last_seq=b.last_seq, detected_at=stamp, bundle_seq=bundle_seq, epoch=epoch))
        flagged.append(b)
    return flagged


def ack_breaks(conn: Connection, division_code: str) -> list[dict[str, Any]]:
    """The breaks found in the station's audit trail, as its acknowledgements tell it
    (``audit_breaks``: kind, range, when found, epoch; the first ``MAX_ACK_BREAKS`` in
    ``seq`` order)."""
    return [{"kind": r.kind, "first_seq": int(r.first_seq), "last_seq": int(r.last_seq),
             "detected_at": str(r.detected_at), "epoch": int(r.epoch or 1)}
            for r in conn.execute(select(audit_break).where(
                audit_break.c.division_code == division_code).order_by(
                audit_break.c.first_seq, audit_break.c.id).limit(MAX_ACK_BREAKS))]


@dataclass(frozen=True)
class AuditChainStatus:
    """A station's audit trail at the county: entries received, the newest ``seq``, breaks."""

    entries: int
    last_seq: int
    breaks: tuple[tuple[Break, str], ...]  # (break, detected_at)

    @property
    def text(self) -> str:
        """The line the 站点 page shows."""
        if not self.entries:
            return "尚未收到操作日志"
        if not self.breaks:
            return f"操作日志完整（已收到 {self.entries} 条）"
        return "操作日志" + "；".join(b.label for b, _at in self.breaks)

    def as_dict(self) -> dict[str, Any]:
        return {"entries": self.entries, "last_seq": self.last_seq,
                "intact": not self.breaks,
                "breaks": [{"kind": b.kind, "first_seq": b.first_seq, "last_seq": b.last_seq,
                            "detected_at": at} for b, at in self.breaks]}


def chain_status(conn: Connection) -> dict[str, AuditChainStatus]:
    """division code → the state of its station's audit chain, for every registered station."""
    counts = {str(r.station_id): (int(r.n), int(r.top or 0)) for r in conn.execute(
        select(audit_link.c.station_id, func.count().label("n"),
               func.max(audit_link.c.seq).label("top")).group_by(audit_link.c.station_id))}
    breaks: dict[str, list[tuple[Break, str]]] = {}
    for r in conn.execute(select(audit_break).order_by(audit_break.c.first_seq,
                                                       audit_break.c.id)):
        breaks.setdefault(r.division_code, []).append(
            (Break(r.kind, int(r.first_seq), int(r.last_seq)), str(r.detected_at)))
    out: dict[str, AuditChainStatus] = {}
    for st in conn.execute(select(station.c.division_code, station.c.station_id)):
        n, top = counts.get(str(st.station_id), (0, 0)) if st.station_id else (0, 0)
        out[st.division_code] = AuditChainStatus(n, top, tuple(breaks.get(st.division_code, ())))
    return out
