"""The county's own audit trail: who did what at the county center (``db.county_audit``).

Every county action that changes, exports or reveals something appends one entry with
``append`` *inside the transaction of the work it records* (an import, a registration, a
decision, a record view), so the work and its entry are committed or rolled back together;
work that writes no database row (a key or report file) uses ``record`` after the file was
written. ``actor`` is the county operator's display name as the caller knows it ("" while
nobody is logged in: shown as 未登录), or ``domain.audit.upload_actor`` for a station's online
upload.

The entries are hash-chained with the stations' hashing (``domain.audit_chain``): the chained
fields are ``seq``, ``at``, the actor (as ``operator_id``), the action, ``target_type`` (as
``record_type``), the station and target together (as ``record_id``: the JSON array
``[station, target]``) and the detail's digest. ``verify`` re-reads the whole trail in
``seq`` order a batch at a time and reports deleted or edited entries as ranges. Like the
stations' chain, it cannot show entries cut off at the end, nor a trail rewritten from some
point on by someone who recomputes every hash after it (docs/security.md).

Writers serialise on the chain's end: SQLite write transactions begin ``IMMEDIATE`` (the
whole database is locked), PostgreSQL ones take a transaction-scoped advisory lock before
reading the newest entry; ``seq`` is the primary key besides.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Select, func, select, text

from workstation.domain.audit import (
    CountyAuditAction,
    county_actor_label,
    county_target_label,
)
from workstation.domain.audit_chain import GENESIS, Break, ChainChecker, at_text, entry_hash
from workstation.services.listing import Column
from workstation.storage.audit_chain import ChainState

from .access import Permission, require
from .db import CountyDatabase, county_audit, station

#: Longest detail kept (a refusal's reason can be long); longer ones are cut with "……".
MAX_DETAIL = 1000
#: Longest actor name and target kept.
MAX_ACTOR = 100
MAX_TARGET = 300
_PG_LOCK = 7215404  # the schema upgrader uses 7215403


def _cut(value: str, limit: int) -> str:
    value = value or ""
    return value if len(value) <= limit else value[:limit - 2] + "……"


def _ref(station_code: str, target: str) -> str:
    """What the chain hashes as ``record_id``: station and target, unambiguously."""
    return json.dumps([station_code, target], ensure_ascii=False, separators=(",", ":"))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def append(conn: Connection, action: CountyAuditAction | str, *, actor: str = "",
           station_code: str = "", target_type: str = "", target: str = "",
           detail: str = "", at: str | None = None) -> int:
    """Append one entry inside ``conn``'s (write) transaction; returns its ``seq``."""
    code = CountyAuditAction(action).value  # an undeclared action is a programming error
    if conn.dialect.name == "postgresql":
        conn.execute(text(f"SELECT pg_advisory_xact_lock({_PG_LOCK})"))
    last = conn.execute(select(county_audit.c.seq, county_audit.c.hash)
                        .order_by(county_audit.c.seq.desc()).limit(1)).first()
    seq, prev = (int(last.seq) + 1, str(last.hash)) if last is not None else (1, GENESIS)
    values = {
        "seq": seq, "at": at_text(at or _now()), "actor": _cut(actor, MAX_ACTOR),
        "action": code, "station": station_code or "", "target_type": target_type,
        "target": _cut(target, MAX_TARGET), "detail": _cut(detail, MAX_DETAIL),
        "prev_hash": prev,
    }
    values["hash"] = _hash(values)
    conn.execute(county_audit.insert().values(**values))
    return seq


def _hash(entry: dict[str, Any]) -> str:
    return entry_hash(entry["prev_hash"], int(entry["seq"]), entry["at"], entry["actor"],
                      entry["action"], entry["target_type"] or "",
                      _ref(entry["station"] or "", entry["target"] or ""),
                      entry["detail"] or "")


def record(db: CountyDatabase, action: CountyAuditAction | str, **fields: Any) -> int:
    """``append`` in a transaction of its own (work that writes no database row)."""
    with db.write() as conn:
        return append(conn, action, **fields)


_FORMATS = {".pdf": "PDF", ".xlsx": "Excel", ".csv": "CSV"}


def record_report_export(db: CountyDatabase, report: Any, path: Path | str, *,
                         actor: str = "", station_code: str = "") -> int:
    """A statistics report written to ``path`` (after the file was written): the file leaves
    the database's protection. ``report``: a ``statistics`` report (its scope and period)."""
    path = Path(path)
    kind = _FORMATS.get(path.suffix.lower(), path.suffix.lstrip(".").upper())
    return record(db, CountyAuditAction.REPORT_EXPORT, actor=actor, station_code=station_code,
                  target_type="report", target=path.name,
                  detail=f"{report.scope.name} {report.period.label}统计报表（{kind}）")


def record_login(db: CountyDatabase, actor: str) -> int:
    """A county operator logged in (console or ``county`` command)."""
    return record(db, CountyAuditAction.LOGIN, actor=actor, target_type="operator",
                  target=actor)


def record_login_failed(db: CountyDatabase, name: str, reason: str = "") -> int:
    """A failed county login: ``name`` as typed (the entry has no actor: nobody is logged
    in), ``reason`` e.g. 用户名或密码不正确."""
    return record(db, CountyAuditAction.LOGIN_FAILED, target_type="operator",
                  target=name, detail=reason)


def record_logout(db: CountyDatabase, actor: str) -> int:
    return record(db, CountyAuditAction.LOGOUT, actor=actor, target_type="operator",
                  target=actor)


# --- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountyAuditQuery:
    """Filters of the 操作日志 (all optional): local dates inclusive, an actor exactly as
    shown ("" = nobody logged in), an action code, a station's division code."""

    date_from: date | None = None
    date_to: date | None = None
    actor: str | None = None
    action: str | None = None
    station: str | None = None
    #: Oldest first (the CLI) instead of newest first (the console).
    oldest_first: bool = False


@dataclass(frozen=True)
class CountyAuditRow:
    id: int  # = seq (the record table's models use ``id``)
    seq: int
    at: datetime
    actor: str
    action: str
    station: str
    station_name: str
    target_type: str
    target: str
    detail: str

    @property
    def when(self) -> str:
        return self.at.astimezone().strftime("%Y-%m-%d %H:%M:%S")

    @property
    def actor_label(self) -> str:
        return county_actor_label(self.actor)

    @property
    def action_label(self) -> str:
        return CountyAuditAction.label_of(self.action)

    @property
    def station_label(self) -> str:
        if not self.station:
            return ""
        return f"{self.station}　{self.station_name}" if self.station_name else self.station

    @property
    def target_label(self) -> str:
        kind = county_target_label(self.target_type)
        if kind and self.target:
            return f"{kind}：{self.target}"
        return kind or self.target

    def as_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "at": at_text(self.at), "actor": self.actor,
                "actor_label": self.actor_label, "action": self.action,
                "action_label": self.action_label, "station": self.station,
                "station_name": self.station_name, "target_type": self.target_type,
                "target": self.target, "detail": self.detail}


#: The console's columns (``key`` names a CountyAuditRow attribute).
COLUMNS = (
    Column("when", "时间", False),
    Column("actor_label", "操作人", False),
    Column("action_label", "操作", False),
    Column("station_label", "站点", False),
    Column("target_label", "对象", False),
    Column("detail", "详情", False),
)


def _day_start(day: date) -> str:
    """Local midnight of ``day`` as the UTC text the entries store."""
    return at_text(datetime.combine(day, time()).astimezone())


def _filtered(query: CountyAuditQuery, stmt: Select[Any]) -> Select[Any]:
    c = county_audit.c
    if query.date_from is not None:
        stmt = stmt.where(c.at >= _day_start(query.date_from))
    if query.date_to is not None:
        stmt = stmt.where(c.at < _day_start(query.date_to + timedelta(days=1)))
    if query.actor is not None:
        stmt = stmt.where(c.actor == query.actor)
    if query.action:
        stmt = stmt.where(c.action == query.action)
    if query.station:
        stmt = stmt.where(c.station == query.station)
    return stmt


def count_entries(db: CountyDatabase, query: CountyAuditQuery) -> int:
    require(db, Permission.AUDIT)
    with db.engine.connect() as conn:
        return int(conn.execute(_filtered(query, select(func.count())
                                          .select_from(county_audit))).scalar_one())


def fetch_entries(db: CountyDatabase, query: CountyAuditQuery, offset: int = 0,
                  limit: int = 200) -> list[CountyAuditRow]:
    """One page of matching entries, newest first (``oldest_first``: oldest first)."""
    require(db, Permission.AUDIT)
    if limit <= 0:
        return []
    order = county_audit.c.seq if query.oldest_first else county_audit.c.seq.desc()
    with db.engine.connect() as conn:
        rows = conn.execute(_filtered(query, select(county_audit)).order_by(order)
                            .offset(max(0, offset)).limit(limit)).all()
        names = dict(conn.execute(select(station.c.division_code, station.c.name)).all())
    return [CountyAuditRow(
        id=int(r.seq), seq=int(r.seq), at=datetime.fromisoformat(r.at), actor=r.actor,
        action=r.action, station=r.station, station_name=names.get(r.station) or "",
        target_type=r.target_type, target=r.target, detail=r.detail) for r in rows]


def iter_entries(db: CountyDatabase, query: CountyAuditQuery, batch: int = 2000
                 ) -> Iterator[CountyAuditRow]:
    """Every matching entry, a batch at a time (bounded memory)."""
    require(db, Permission.AUDIT)
    offset = 0
    while True:
        rows = fetch_entries(db, query, offset, batch)
        yield from rows
        if len(rows) < batch:
            return
        offset += len(rows)


def actors(db: CountyDatabase) -> list[str]:
    """Every actor named in the trail ("" for nobody logged in), for the actor filter."""
    require(db, Permission.AUDIT)
    with db.engine.connect() as conn:
        return sorted(str(a) for a in conn.execute(
            select(county_audit.c.actor).distinct()).scalars())


def verify(db: CountyDatabase, batch: int = 5000) -> ChainState:
    """Read the whole trail in ``seq`` order, a batch at a time, and check every link and
    hash (run it off the GUI thread)."""
    require(db, Permission.AUDIT)
    checker = ChainChecker()
    after = 0
    c = county_audit.c
    with db.engine.connect() as conn:
        while True:
            rows = conn.execute(select(county_audit).where(c.seq > after).order_by(c.seq)
                                .limit(batch)).mappings().all()
            if not rows:
                break
            for row in rows:
                checker.feed(_chain_fields(row))
            after = int(rows[-1]["seq"])
    return ChainState(checker.count, tuple(checker.result()))


def _chain_fields(row: Any) -> dict[str, Any]:
    """A stored row as ``domain.audit_chain`` reads an entry."""
    return {"seq": int(row["seq"]), "at": row["at"], "operator_id": row["actor"],
            "action": row["action"], "record_type": row["target_type"] or "",
            "record_id": _ref(row["station"] or "", row["target"] or ""),
            "detail": row["detail"] or "", "prev_hash": row["prev_hash"],
            "hash": row["hash"]}


def chain_text(state: ChainState) -> str:
    """The line the console and the CLI show about the trail's chain."""
    if state.intact:
        return f"操作日志完整（共 {state.count} 条，已核对）"
    return ("操作日志" + "；".join(b.label for b in state.breaks)
            + "：有日志在本程序之外被删除或改动")


def breaks_as_dicts(breaks: tuple[Break, ...]) -> list[dict[str, Any]]:
    return [{"kind": b.kind, "first_seq": b.first_seq, "last_seq": b.last_seq,
             "label": b.label} for b in breaks]
