"""County keys, station registration, aid decisions and statistics."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy import Connection, func, select, text, update

from workstation.domain.audit import CountyAuditAction
from workstation.domain.enums import AidStatus
from workstation.domain.errors import FieldError, ValidationError
from workstation.sync import keys
from workstation.sync.ack import DECISIONS, MAX_NOTICE_TEXT, MAX_NOTICE_VERSION
from workstation.sync.errors import SyncError
from workstation.sync.format import TABLES, is_uuid
from workstation.version import parse_version

from . import audit, sealing
from .access import Permission, require
from .audit_chain import chain_status
from .db import (
    RECORDS,
    CountyDatabase,
    county_key,
    county_notice,
    decision,
    insert_for,
    station,
    upsert,
)

_DIVISION = re.compile(r"^[0-9]{12}$")
#: Station statuses of a referral the county can decide on (forwarded, or received by it).
DECIDABLE = (AidStatus.FORWARDED.value, AidStatus.RECEIVED.value)


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class CountyKeys:
    signing: Ed25519PrivateKey
    box: X25519PrivateKey

    def public(self) -> keys.CountyPublic:
        return keys.CountyPublic(self.signing.public_key(), self.box.public_key())


def key_row(conn: Connection, data_key: bytes | None) -> dict[str, Any]:
    """A new ``county_key`` row: fresh key pairs, sealed with ``data_key`` on PostgreSQL (an
    SQLite county is a SQLCipher file: its pages are encrypted already)."""
    row = {"id": 1, "sign_private": keys.private_pem(keys.new_signing_key()),
           "box_private": keys.private_pem(keys.new_box_key()), "created_at": now_iso()}
    return seal_key_row(conn, row, data_key)


def seal_key_row(conn: Connection, row: dict[str, Any], data_key: bytes | None
                 ) -> dict[str, Any]:
    """``row`` with its private keys sealed for a PostgreSQL county (as it is on SQLite)."""
    if conn.dialect.name != "postgresql":
        return row
    if data_key is None:
        raise SyncError("县级中心的私钥不能明文保存：请以县级中心操作员登录")
    return {**row, **{name: sealing.seal(data_key, sealing.unseal(data_key, row[name], name),
                                         name)
                      for name in _PRIVATE}}


_PRIVATE = ("sign_private", "box_private")


def init_county(db: CountyDatabase, *, actor: str = "") -> keys.CountyPublic:
    """Create the county key pairs if absent (the schema exists once the database is open);
    their creation is the first entry of the county's audit trail."""
    require(db, Permission.KEYS)
    with db.write() as conn:
        row = conn.execute(select(county_key.c.id).where(county_key.c.id == 1)).first()
        if row is None:  # two concurrent inits: the first one's keys win
            made = conn.execute(insert_for(conn, county_key).values(**key_row(conn, db.key))
                                .on_conflict_do_nothing(index_elements=["id"]))
            if made.rowcount:
                audit.append(conn, CountyAuditAction.INIT, actor=actor,
                             target_type="database", detail="生成县级中心密钥")
    return load_keys(db).public()


def load_keys(db: CountyDatabase, conn: Connection | None = None) -> CountyKeys:
    def read(c: Connection) -> Any:
        return c.execute(select(county_key).where(county_key.c.id == 1)).first()

    if conn is not None:
        row = read(conn)
    else:
        with db.engine.connect() as c:
            row = read(c)
    if row is None:
        raise SyncError("县级数据库还没有密钥，请先运行 county init")
    return CountyKeys(
        keys.load_signing_private(sealing.unseal(db.key, row.sign_private, "sign_private")),
        keys.load_box_private(sealing.unseal(db.key, row.box_private, "box_private")))


def county_public_key(db: CountyDatabase) -> str:
    return load_keys(db).public().pem()


def export_public_key(db: CountyDatabase, to: str, *, actor: str = "") -> str:
    """The county's public key (PEM) handed out ``to`` a file name, 剪贴板 or 命令行输出, with the
    audit entry of the export; call it after the file is written."""
    pem = county_public_key(db)
    audit.record(db, CountyAuditAction.KEY_EXPORT, actor=actor, target_type="county_key",
                 target=to)
    return pem


def register_station(db: CountyDatabase, division_code: str, key_text: str | bytes,
                     name: str = "", *, actor: str = "") -> str:
    """Register a station's public key under its division code; returns the key fingerprint."""
    require(db, Permission.STATIONS)
    code = division_code.strip()
    if not _DIVISION.match(code):
        raise SyncError("区划代码应为12位数字")
    public = keys.load_station_public(key_text)
    pem = keys.public_pem(public)
    with db.write() as conn:
        made = conn.execute(insert_for(conn, station).values(
            division_code=code, name=name, public_key=pem, revoked=False,
            registered_at=now_iso(), last_seq=0, last_sha256=None, last_change_seq=0)
            .on_conflict_do_nothing(index_elements=["division_code"]))
        registered = conn.execute(select(station.c.public_key)
                                  .where(station.c.division_code == code)).scalar_one()
        if registered != pem:
            raise SyncError(f"区划代码 {code} 的站点已登记了另一个公钥")
        fingerprint = keys.fingerprint(public)
        audit.append(conn, CountyAuditAction.STATION_REGISTER, actor=actor,
                     station_code=code, target_type="station", target=code,
                     detail=(f"{name}，" if name else "") + f"公钥指纹 {fingerprint[:16]}"
                     + ("" if made.rowcount else "（已登记过，公钥相同）"))
    return fingerprint


@dataclass(frozen=True)
class RegistrationInput:
    """A station to register, as typed in the console: its division code, its public key
    (PEM text from the station's 同步 page) and optionally its name."""

    division_code: str
    key_text: str
    name: str = ""

    def validated(self) -> RegistrationInput:
        errors: list[FieldError] = []
        code = self.division_code.strip()
        if not _DIVISION.match(code):
            errors.append(FieldError("division_code", "区划代码应为12位数字"))
        key = self.key_text.strip()
        if not key:
            errors.append(FieldError("public_key", "请粘贴站点公钥，或从站点给的公钥文件读取"))
        else:
            try:
                keys.load_station_public(key)
            except SyncError:
                errors.append(FieldError("public_key", "不是有效的站点公钥：请粘贴站点“同步”页"
                                                       "复制或保存的公钥全文"))
        if len(self.name.strip()) > 100:
            errors.append(FieldError("name", "站点名称不能超过100字"))
        if errors:
            raise ValidationError(errors)
        return RegistrationInput(code, key, self.name.strip())

    def fingerprint(self) -> str:
        return keys.fingerprint(keys.load_station_public(self.key_text.strip()))


def register(db: CountyDatabase, data: RegistrationInput, *, actor: str = "") -> str:
    """Validate and register a station; returns its key fingerprint."""
    require(db, Permission.STATIONS)
    valid = data.validated()
    return register_station(db, valid.division_code, valid.key_text, valid.name, actor=actor)


def revoke_station(db: CountyDatabase, division_code: str, *, actor: str = "") -> None:
    require(db, Permission.STATIONS)
    with db.write() as conn:
        done = conn.execute(update(station).where(station.c.division_code == division_code)
                            .values(revoked=True))
        if done.rowcount == 0:
            raise SyncError(f"没有登记区划代码为 {division_code} 的站点")
        audit.append(conn, CountyAuditAction.STATION_REVOKE, actor=actor,
                     station_code=division_code, target_type="station",
                     target=division_code)


def decide(db: CountyDatabase, referral_id: str, outcome: str, lawyer: str = "",
           reason: str = "", *, decided_on: date | None = None, actor: str = "") -> str:
    """Record the county's decision on a forwarded aid referral; the next acknowledgement
    for its station carries it back. Returns the referral's number."""
    require(db, Permission.DECIDE)
    if not is_uuid(referral_id):
        raise SyncError("法律援助申请 ID 格式不正确")
    if outcome not in DECISIONS:
        raise SyncError("决定只能是 granted（准予）或 denied（不予）")
    if outcome == "granted" and not lawyer.strip():
        raise SyncError("准予法律援助时请用 --lawyer 指明承办律师")
    referrals = RECORDS["aid_referral"]
    with db.write() as conn:
        row = conn.execute(select(referrals).where(referrals.c.id == referral_id)
                           .with_for_update()).first()
        if row is None:
            raise SyncError("县级数据库中没有该法律援助申请（站点尚未同步上来）")
        data = json.loads(row.data)
        number = data.get("number", "")
        if data.get("voided_at"):
            raise SyncError(f"申请 {number} 已被站点作废，不能再作出决定")
        if data.get("decision"):
            raise SyncError(f"申请 {number} 在站点已记录了决定，不能再次决定")
        if data.get("status") not in DECIDABLE:
            shown = AidStatus.label_of(data.get("status"))
            raise SyncError(f"申请 {number} 在站点的状态是“{shown}”，只有已转交的申请才能决定")
        day = decided_on or date.today()
        forwarded = data.get("forwarded_on")
        if forwarded and day.isoformat() < forwarded:
            earliest = date.fromisoformat(forwarded)
            raise ValidationError.single("decided_on",
                                         f"决定日期不能早于转交日期{earliest:%Y年%m月%d日}")
        upsert(conn, decision, {
            "referral_id": referral_id, "station_id": row.station_id, "decision": outcome,
            "lawyer": lawyer.strip(), "reason": reason.strip(),
            "decided_on": day.isoformat(), "decided_at": now_iso(),
        }, ["referral_id"])
        code = conn.execute(select(station.c.division_code).where(
            station.c.station_id == row.station_id)).scalar() or ""
        outcome_text = "准予" if outcome == "granted" else "不予"
        target = f"{number}（{referral_id}）" if number else referral_id
        audit.append(conn, CountyAuditAction.DECISION, actor=actor, station_code=code,
                     target_type="aid_referral", target=target,
                     detail=f"{outcome_text}法律援助，决定日期 {day.isoformat()}"
                     + (f"，承办律师：{lawyer.strip()}" if lawyer.strip() else "")
                     + (f"，理由：{reason.strip()}" if reason.strip() else ""))
    return str(data.get("number", referral_id))


def pending_decisions(conn: Connection, station_id: str) -> list[dict[str, str]]:
    """Decisions the station has not yet shown back in a bundle (carried by each ack)."""
    referrals = RECORDS["aid_referral"]
    out = []
    for d in conn.execute(select(decision).where(decision.c.station_id == station_id)
                          .order_by(decision.c.decided_at)):
        row = conn.execute(select(referrals.c.data).where(referrals.c.id == d.referral_id)
                           ).scalar_one_or_none()
        data = json.loads(row) if row else {}
        if data.get("decision") == d.decision and data.get("assigned_lawyer", "") == d.lawyer:
            continue  # the station has it
        out.append({"referral_id": d.referral_id, "decision": d.decision, "lawyer": d.lawyer,
                    "reason": d.reason, "decided_on": d.decided_on})
    return out


def set_notice(db: CountyDatabase, newest_version: str, text: str = "", *,
               actor: str = "") -> str:
    """Record the newest program version the county distributes (and a short explanation,
    e.g. where to get it); every acknowledgement then carries it as ``notice`` and stations
    running an older version say so. Returns the version as stored."""
    require(db, Permission.NOTICES)
    version = newest_version.strip()
    if parse_version(version) is None or len(version) > MAX_NOTICE_VERSION:
        raise SyncError(f"“{newest_version}”不是有效的程序版本号（例如 0.2.0）")
    note = text.strip()
    if len(note) > MAX_NOTICE_TEXT:
        raise SyncError(f"说明不能超过 {MAX_NOTICE_TEXT} 字")
    if not note.isprintable():
        raise SyncError("说明只能是一行文字")
    with db.write() as conn:
        upsert(conn, county_notice, {"id": 1, "newest_version": version, "text": note,
                                     "set_at": now_iso()}, ["id"])
        audit.append(conn, CountyAuditAction.NOTICE_SET, actor=actor, target_type="notice",
                     target=version, detail=note)
    return version


def clear_notice(db: CountyDatabase, *, actor: str = "") -> None:
    """Stop telling stations about a newer version."""
    require(db, Permission.NOTICES)
    with db.write() as conn:
        conn.execute(county_notice.delete())
        audit.append(conn, CountyAuditAction.NOTICE_CLEAR, actor=actor, target_type="notice")


def current_notice(conn: Connection) -> dict[str, str] | None:
    """The notice acknowledgements carry: ``{"newest_version", "text"}``, or None."""
    row = conn.execute(select(county_notice).where(county_notice.c.id == 1)).first()
    if row is None:
        return None
    return {"newest_version": row.newest_version, "text": row.text}


#: Tables whose records a station can void (作废); ``stats`` counts the voided ones apart.
VOIDABLE_TABLES = ("person", "consultation", "mediation_case", "aid_referral")


def _voided(conn: Connection, table_name: str) -> Any:
    """SQL condition: the record's data carries a void (``voided_at`` set)."""
    if conn.dialect.name == "postgresql":
        return text(f"({table_name}.data ->> 'voided_at') IS NOT NULL")
    return text(f"json_extract({table_name}.data, '$.voided_at') IS NOT NULL")


def stats(db: CountyDatabase) -> dict[str, Any]:
    """Counts per station and record kind (every record received), and of those the voided
    ones under ``voided``; each station's audit chain as received (``audit_chain``: entries,
    last_seq, intact, breaks with kind, first_seq, last_seq, detected_at)."""
    require(db, Permission.STATISTICS)
    with db.engine.connect() as conn:
        stations = [dict(r._mapping) for r in conn.execute(
            select(station.c.division_code, station.c.station_id, station.c.name,
                   station.c.revoked, station.c.last_seq, station.c.last_change_seq,
                   station.c.program_version)
            .order_by(station.c.division_code))]
        per: dict[str, dict[str, int]] = {}
        totals: dict[str, int] = {}
        per_voided: dict[str, dict[str, int]] = {}
        voided: dict[str, int] = {}
        for table in TABLES:
            t = RECORDS[table]
            for sid, n in conn.execute(select(t.c.station_id, func.count())
                                       .group_by(t.c.station_id)):
                per.setdefault(str(sid), {})[table] = int(n)
                totals[table] = totals.get(table, 0) + int(n)
            if table not in VOIDABLE_TABLES:
                continue
            for sid, n in conn.execute(select(t.c.station_id, func.count())
                                       .where(_voided(conn, t.name))
                                       .group_by(t.c.station_id)):
                per_voided.setdefault(str(sid), {})[table] = int(n)
                voided[table] = voided.get(table, 0) + int(n)
        pending = int(conn.execute(select(func.count()).select_from(decision)).scalar_one())
        chains = chain_status(conn)
    for s in stations:
        s["audit_chain"] = chains[s["division_code"]].as_dict()
        s["revoked"] = bool(s["revoked"])
        s["records"] = per.get(str(s["station_id"] or ""), {})
        s["voided"] = per_voided.get(str(s["station_id"] or ""), {})
    return {"stations": stations, "totals": totals, "voided": voided, "decisions": pending}
