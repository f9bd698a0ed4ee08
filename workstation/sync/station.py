"""Station side of sync: keys, export of unacknowledged changes, acknowledgements.

Export reads one consistent snapshot (a single read transaction): the change-log range after
the last *acknowledged* change and the latest state of every record changed in it. The bundle
is built outside any write lock; then one short write transaction reserves its sequence
number (refusing if another export took it meanwhile) and commits *before* the file is
written atomically. So a sequence number is never used for two different bundles; a bundle
whose file was never written is simply superseded by the next one (docs/sync-bundle.md).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy import Connection, func, select, text
from sqlmodel import SQLModel

from workstation.domain.audit import AuditAction
from workstation.domain.enums import AidDecision, AidStatus
from workstation.domain.errors import ValidationError
from workstation.domain.transitions import check_aid_transition
from workstation.files import write_atomically
from workstation.services.context import Actor, ServiceError, UnitOfWork
from workstation.services.sync_status import unsynced_changes
from workstation.storage.engine import Database
from workstation.storage.models import (
    AidReferral,
    ChangeLog,
    Station,
    StatusChange,
    SyncBundle,
    SyncState,
    record_changes,
)
from workstation.storage.sync_epoch import ROLLBACK, SentBundles, mark_values

from . import keys
from .ack import decode_ack, notice_message, read_ack
from .audit_findings import record_findings
from .errors import BundleRefused, SyncError
from .format import (
    AUDIT_TABLE,
    MAX_PART,
    MAX_TOTAL,
    NONCE_SIZE,
    SCHEMA_VERSION,
    SECRET_COLUMNS,
    TABLES,
    StationIdentity,
    audit_line,
    build_bundle,
    bundle_file_name,
)

NOTHING_NEW = "没有需要同步的新更改"

#: ``progress(done, total)`` hook of ``export``; returning ``False`` asks to cancel.
Progress = Callable[[int, int], bool | None]


class ExportCancelled(SyncError):
    """The user cancelled an export before its bundle was recorded; nothing was written."""


# --- keys -------------------------------------------------------------------------------------


def ensure_state(db: Database, actor: Actor | None = None) -> SyncState:
    """This station's sync state, creating the station key pair on first use (audited
    ``sync.key`` under ``actor``, the logged-in operator)."""
    with db.read() as session:
        state = session.get(SyncState, 1)
    if state is not None:
        return state
    key = keys.new_signing_key()
    with UnitOfWork(db, actor) as uow:
        if uow.session.scalar(select(func.count()).select_from(Station)) == 0:
            raise SyncError("数据库尚未初始化站点，请先运行 init")
        state = uow.session.get(SyncState, 1)
        if state is None:
            state = SyncState(id=1, station_private_key=keys.private_pem(key),
                              station_public_key=keys.public_pem(key.public_key()))
            uow.session.add(state)
            uow.audit("sync.key", "sync_state", "1",
                      "本站密钥编号 " + keys.fingerprint(key.public_key())[:16])
            uow.commit()
        return state


def ensure_box_key(db: Database, actor: Actor | None = None) -> str:
    """This station's X25519 public key as the manifest carries it, making the pair on first
    use (audited ``sync.box_key`` under ``actor``; the county encrypts its acknowledgements
    for it)."""
    from .conflicts import box_key_text

    state = ensure_state(db, actor)
    if state.box_public_key:
        return box_key_text(keys.load_box_public(state.box_public_key))
    key = keys.new_box_key()
    with UnitOfWork(db, actor) as uow:
        current = uow.session.get_one(SyncState, 1)
        if not current.box_public_key:
            current.box_private_key = keys.private_pem(key)
            current.box_public_key = keys.public_pem(key.public_key())
            uow.audit("sync.box_key", "sync_state", "1",
                      "本站加密密钥编号 " + keys.fingerprint(key.public_key())[:16])
            uow.commit()
        return box_key_text(keys.load_box_public(current.box_public_key or ""))


def station_public_key(db: Database, actor: Actor | None = None) -> str:
    """The station's Ed25519 public key (PEM) to hand to the county for registration
    (``actor``: the logged-in operator, should the key pair be made now)."""
    return ensure_state(db, actor).station_public_key


def set_county_key(db: Database, actor: Actor, text: str | bytes) -> str:
    """Store the county's public key file (a station setting: admins only); returns its
    encryption-key fingerprint."""
    if not actor.is_admin:
        raise ServiceError("只有站点管理员可以设置县级中心公钥")
    county = keys.load_county_public(text)
    ensure_state(db, actor)
    with UnitOfWork(db, actor) as uow:
        state = uow.session.get_one(SyncState, 1)
        state.county_public_key = county.pem()
        state.updated_at = datetime.now(UTC)
        fp = keys.fingerprint(county.box)
        uow.audit("sync.county_key", "sync_state", "1", fp[:16])
        uow.commit()
    return fp


def unacknowledged_changes(db: Database) -> int:
    """Record changes the county has not acknowledged (``services.sync_status``)."""
    ensure_state(db)
    return unsynced_changes(db)


def list_bundles(db: Database) -> list[SyncBundle]:
    with db.read() as session:
        return list(session.scalars(select(SyncBundle).order_by(SyncBundle.seq)))


@dataclass(frozen=True)
class EpochStatus:
    """This station's chain epoch as the 同步 page explains it (storage.sync_epoch)."""

    epoch: int
    pending: int | None  # a new epoch is needed: the number the next export starts
    reason: str | None  # "restore" or "rollback" (of the pending or current epoch)
    marked_at: datetime | None  # when the need was found
    started_at: datetime | None  # when the current epoch's first bundle was written
    #: The current epoch (2 or later) began and the county has acknowledged none of its
    #: bundles yet: exports still carry every record.
    awaiting_county: bool

    @property
    def to_explain(self) -> bool:
        return self.pending is not None or self.awaiting_county


def epoch_status(db: Database) -> EpochStatus:
    with db.read() as session:
        state = session.get(SyncState, 1)
    if state is None:
        return EpochStatus(1, None, None, None, None, False)
    return EpochStatus(
        epoch=state.epoch, pending=state.epoch_pending, reason=state.epoch_reason,
        marked_at=state.epoch_marked_at, started_at=state.epoch_started_at,
        awaiting_county=state.epoch_pending is None and needs_full_state(state))


# --- export -----------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")  # photos (publicity_photo)
    return value


def _table_lines(conn: Connection, table: str, after: int, through: int, *,
                 full: bool = False) -> list[bytes]:
    """The lines of ``table``: the records changed in ``(after, through]``, or with ``full``
    every record (the first bundles of a new chain epoch carry the full state)."""
    t = SQLModel.metadata.tables[table]
    cl = ChangeLog.__table__  # type: ignore[attr-defined]
    hidden = SECRET_COLUMNS.get(table, frozenset())
    columns = [c for c in t.columns if c.name not in hidden]
    query = select(*columns).order_by(t.c.id)
    if not full:
        query = query.where(t.c.id.in_(
            select(cl.c.record_id)
            .where(cl.c.table_name == table, cl.c.seq > after, cl.c.seq <= through)))
    lines: list[bytes] = []
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    for row in conn.execute(query):
        data = {c.name: _plain(v) for c, v in zip(columns, row, strict=True)}
        lines.append(dumps({"table": table, "id": data["id"], "version": data["version"],
                            "schema_version": SCHEMA_VERSION, "data": data}).encode("utf-8"))
    return lines


def _audit_lines(conn: Connection, station_id: str, after: int, through: int, *,
                 full: bool = False) -> list[bytes]:
    """The lines of the audit entries logged in ``(after, through]`` (``full``: all), in chain
    order (``format.audit_line``: the detail text stays here, its digest travels)."""
    sql = ("SELECT seq, at, operator_id, action, record_type, record_id, detail, prev_hash, "
           "hash FROM audit_entry WHERE seq IS NOT NULL")
    if not full:
        sql += (" AND id IN (SELECT CAST(record_id AS INTEGER) FROM change_log WHERE "
                "table_name = 'audit_entry' AND seq > :after AND seq <= :through)")
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    return [dumps(audit_line(station_id, row)).encode("utf-8") for row in conn.execute(
        text(sql + " ORDER BY seq"), {"after": after, "through": through}).mappings()]


@dataclass(frozen=True)
class _Snapshot:
    station: StationIdentity
    state: SyncState
    from_seq: int
    to_seq: int
    payload: dict[str, bytes]
    counts: dict[str, int]
    prev_sha256: str | None
    epoch: int = 1
    #: True: every record (a new chain epoch not yet acknowledged by the county).
    full_state: bool = False


def needs_full_state(state: SyncState) -> bool:
    """A new chain epoch is pending, or began and no bundle of it was acknowledged yet: the
    next bundle carries the full state of every record (the county may hold anything)."""
    return state.epoch_pending is not None or (
        state.epoch > 1 and state.last_acked_bundle_seq < state.epoch_first_seq)


def _snapshot(db: Database, step: Callable[[], None] | None = None) -> _Snapshot | None:
    state = ensure_state(db)
    if not state.county_public_key:
        raise SyncError("尚未设置县级中心公钥，请先运行 sync set-county-key")
    cl = ChangeLog.__table__  # type: ignore[attr-defined]
    with db.engine.connect() as conn, conn.begin():
        st = conn.execute(select(Station.__table__)).first()  # type: ignore[call-overload]
        if st is None:
            raise SyncError("数据库尚未初始化站点，请先运行 init")
        row = conn.execute(select(SyncState.__table__)  # type: ignore[call-overload]
                           .where(SyncState.__table__.c.id == 1)).one()  # type: ignore[attr-defined]
        state = SyncState(**row._mapping)
        full = needs_full_state(state)
        after = 0 if full else int(row.last_acked_change_seq)
        first, last = conn.execute(select(func.min(cl.c.seq), func.max(cl.c.seq))
                                   .where(cl.c.seq > after)).one()
        if last is None or (not full and conn.execute(
                select(func.count()).select_from(cl)
                .where(cl.c.seq > after, record_changes())).scalar_one() == 0):
            return None  # audit entries alone ride along with the next record changes
        payload: dict[str, bytes] = {}
        counts: dict[str, int] = {}
        for table in TABLES:
            lines = (_audit_lines(conn, st.id, after, int(last), full=full)
                     if table == AUDIT_TABLE else
                     _table_lines(conn, table, after, int(last), full=full))
            if lines:
                payload[table] = b"\n".join(lines) + b"\n"
                counts[table] = len(lines)
            if step is not None:
                step()
        epoch = state.epoch_pending or state.epoch
        sb = SyncBundle.__table__  # type: ignore[attr-defined]
        prev = conn.execute(select(sb.c.sha256).where(sb.c.seq == row.next_bundle_seq - 1,
                                                      sb.c.epoch == epoch)
                            ).scalar_one_or_none()  # the chain restarts in a new epoch
    return _Snapshot(StationIdentity(st.id, st.division_code, st.name), state, int(first),
                     int(last), payload, counts, prev, epoch, full)


def _epoch_object(state: SyncState, seq: int, full: bool, now: datetime
                  ) -> dict[str, Any] | None:
    """The manifest's ``epoch`` (format.check_manifest); None in epoch 1."""
    if state.epoch_pending is not None:
        number, first, started = state.epoch_pending, seq, now
    elif state.epoch > 1:
        number, first = state.epoch, state.epoch_first_seq
        started = state.epoch_started_at or now
    else:
        return None
    previous = json.loads(state.epoch_previous) if state.epoch_previous else {
        "number": number - 1, "bundle_seq": 0, "bundle_sha256": None, "acked_bundle_seq": 0}
    return {"number": number, "reason": state.epoch_reason or ROLLBACK,
            "started_at": started.isoformat(timespec="seconds"), "first_seq": first,
            "full_state": full, "previous": previous}


def _check_size(snap: _Snapshot) -> None:
    """Refuse, before anything is recorded, a bundle the county would refuse as too large
    (photos make parts large; splitting an export into several bundles is not built yet)."""
    overhead = NONCE_SIZE + 16
    total = sum(len(p) + overhead for p in snap.payload.values())
    for table, plain in snap.payload.items():
        if len(plain) + overhead > MAX_PART or total > MAX_TOTAL:
            raise SyncError(f"待同步的更改过多（{table} 部分 {len(plain) >> 20} MB，单个数据包"
                            f"每部分上限 {MAX_PART >> 20} MB、总计上限 {MAX_TOTAL >> 20} MB），"
                            "无法放入一个数据包，请联系技术支持")


def export(db: Database, out_dir: Path, progress: Progress | None = None, *,
           actor: Actor | None = None) -> list[Path]:
    """Write every change not yet acknowledged to a bundle in ``out_dir``; [] if none.

    ``progress(done, total)``, if given, is called after each step (reading each table,
    encrypting, recording the bundle, writing the file). Returning ``False`` before the
    bundle is recorded cancels the export (``ExportCancelled``; nothing changed, no file);
    once recorded, the file is written regardless (a sequence number is never left
    half-used by a cancel). ``actor``: the logged-in operator the export is audited under.
    """
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise SyncError(f"导出目录不存在：{out_dir}")
    total = len(TABLES) + 3
    done = 0

    def step(*, may_cancel: bool = True) -> None:
        nonlocal done
        done += 1
        if progress is not None and progress(done, total) is False and may_cancel:
            raise ExportCancelled("导出已取消，没有写入任何文件")

    box = ensure_box_key(db, actor)
    snap = _snapshot(db, step if progress is not None else None)
    if snap is None:
        if progress is not None:
            progress(total, total)
        return []
    _check_size(snap)
    state = snap.state
    seq = state.next_bundle_seq
    now = datetime.now(UTC)
    data, bundle_hash = build_bundle(
        station=snap.station, seq=seq, prev_sha256=snap.prev_sha256,
        from_seq=snap.from_seq, to_seq=snap.to_seq,
        created_at=now.isoformat(timespec="seconds"),
        payload=snap.payload, counts=snap.counts,
        county=keys.load_county_public(state.county_public_key or ""),
        signer=keys.load_signing_private(state.station_private_key), station_box=box,
        epoch=_epoch_object(state, seq, snap.full_state, now),
    )
    step()
    name = bundle_file_name(snap.station.division_code, seq, snap.epoch)
    with UnitOfWork(db, actor) as uow:
        current = uow.session.get_one(SyncState, 1)
        if (current.next_bundle_seq, current.last_acked_change_seq, current.epoch,
                current.epoch_pending) != (seq, state.last_acked_change_seq, state.epoch,
                                           state.epoch_pending):
            raise SyncError("同步状态在导出过程中发生了变化（可能有另一个导出），请重试")
        current.next_bundle_seq = seq + 1
        current.updated_at = now
        if current.epoch_pending is not None:  # this bundle starts the new epoch
            current.epoch = current.epoch_pending
            current.epoch_first_seq = seq
            current.epoch_started_at = now
            current.epoch_pending = None
            uow.audit(AuditAction.SYNC_EPOCH.value, "sync_state", "1",
                      f"chain epoch {current.epoch} ({current.epoch_reason}) from bundle {seq}")
        uow.session.add(SyncBundle(seq=seq, file_name=name, from_seq=snap.from_seq,
                                   to_seq=snap.to_seq, records=sum(snap.counts.values()),
                                   sha256=bundle_hash, epoch=snap.epoch))
        uow.audit("sync.export", "sync_bundle", str(seq),
                  f"{name} changes {snap.from_seq}-{snap.to_seq}"
                  + (" full state" if snap.full_state else ""))
        uow.commit()
    if progress is not None:
        step(may_cancel=False)
    path = out_dir / name
    try:
        write_atomically(path, data)
    except OSError as exc:
        raise SyncError(f"无法写入数据包 {path}：{exc.strerror or exc}") from exc
    if progress is not None:
        step(may_cancel=False)
    return [path]


# --- acknowledgements -------------------------------------------------------------------------


@dataclass
class AckResult:
    bundle_seq: int
    newly_acked: int = 0
    decisions_applied: int = 0
    decisions_skipped: list[str] = field(default_factory=list)
    conflicts_open: int = 0  # conflicts the county lists that are not settled here yet
    #: "县级中心提示：有新版本 …" when the county distributes a newer program version.
    notice: str | None = None
    #: The acknowledgement's ``notice`` as sent (``{"newest_version", "text"}``), or None.
    version_notice: dict[str, str] | None = None
    #: The acknowledgement is of an older chain epoch of this station: only its decisions
    #: were applied.
    stale_epoch: bool = False
    #: What the county found in this station's audit trail, newly recorded here (one Chinese
    #: line each, ``audit_findings.finding_text``).
    audit_findings: list[str] = field(default_factory=list)


def import_ack(db: Database, path: Path, *, actor: Actor | None = None) -> AckResult:
    """Verify the county's acknowledgement file at ``path`` and apply it (``apply_ack``)."""
    county, box = _county_public(db), _box_private(db)
    return _apply_ack(db, read_ack(Path(path), county.signing, box), Path(path).name, actor)


def apply_ack(db: Database, data: bytes, label: str, *, actor: Actor | None = None
              ) -> AckResult:
    """Verify an acknowledgement's bytes (``label`` names it in messages); mark bundles
    acknowledged up to its sequence and apply the aid decisions it carries (each audited
    ``sync.decision``, under ``actor``, the logged-in operator)."""
    county, box = _county_public(db), _box_private(db)
    return _apply_ack(db, decode_ack(data, county.signing, label, box), label, actor)


def verified_ack(db: Database, data: bytes, label: str) -> dict[str, Any]:
    """The body of an acknowledgement's bytes, verified with this station's county key and
    unsealed with its box key (``ack.decode_ack``), without applying it."""
    return decode_ack(data, _county_public(db).signing, label, _box_private(db))


def _box_private(db: Database) -> X25519PrivateKey | None:
    state = ensure_state(db)
    return keys.load_box_private(state.box_private_key) if state.box_private_key else None


def _county_public(db: Database) -> keys.CountyPublic:
    state = ensure_state(db)
    if not state.county_public_key:
        raise SyncError("尚未设置县级中心公钥，请先运行 sync set-county-key")
    return keys.load_county_public(state.county_public_key)


def _rolled_back(session: Any, current: SyncState, body: dict[str, Any]) -> bool:
    """The acknowledgement shows the county holds bundles this station does not have: a
    newer chain epoch, or a bundle of the current epoch unknown here (or different)."""
    epoch, seq = int(body.get("epoch", 1)), body["bundle_seq"]
    if epoch != current.epoch:
        return epoch > current.epoch
    if not seq:
        return False
    bundle = session.get(SyncBundle, seq)
    return bundle is None or bundle.sha256 != body.get("bundle_sha256") or (
        bundle.epoch != epoch)


def _mark_rollback(db: Database, body: dict[str, Any], label: str,
                   actor: Actor | None = None) -> int:
    """Record that a new chain epoch is needed (reason rollback) unless one already is, and
    above the county's epoch; returns the epoch number the next export starts."""
    with UnitOfWork(db, actor) as uow:
        current = uow.session.get_one(SyncState, 1)
        number = max(current.epoch + 1, int(body.get("epoch", 1)) + 1)
        if current.epoch_pending is not None and current.epoch_pending >= number:
            return current.epoch_pending
        last = uow.session.scalars(select(SyncBundle).order_by(SyncBundle.seq.desc())  # type: ignore[attr-defined]
                                   .limit(1)).first()
        previous = SentBundles(
            epoch=current.epoch, pending=current.epoch_pending, count=0,
            last_seq=last.seq if last else None, last_file=last.file_name if last else None,
            last_sha256=last.sha256 if last else None,
            last_created_at=last.created_at if last else None,
            acked_seq=current.last_acked_bundle_seq).previous()
        if current.epoch_pending is not None and current.epoch_previous:
            previous = json.loads(current.epoch_previous)  # keep what a restore recorded
        reason = current.epoch_reason if current.epoch_pending is not None else ROLLBACK
        for column, value in mark_values(reason or ROLLBACK, number, previous,
                                         datetime.now(UTC)).items():
            setattr(current, column, value)
        uow.audit(AuditAction.SYNC_EPOCH_NEEDED.value, "sync_state", "1",
                  f"{label}: county holds epoch {body.get('epoch', 1)} bundle "
                  f"{body['bundle_seq']}; next export starts epoch {number}")
        uow.commit()
        return number


def _apply_ack(db: Database, body: dict[str, Any], label: str,
               actor: Actor | None = None) -> AckResult:
    result = AckResult(bundle_seq=body["bundle_seq"], notice=notice_message(body),
                       version_notice=body.get("notice"))
    with db.read() as session:
        station_id = session.scalars(select(Station.id)).one()
        if body["station_id"] != station_id:
            raise BundleRefused(f"确认文件 {label} 被拒绝：它是发给另一个站点的")
        rolled_back = _rolled_back(session, session.get_one(SyncState, 1), body)
    if rolled_back:
        number = _mark_rollback(db, body, label, actor)
        raise BundleRefused(
            f"确认文件 {label} 被拒绝：县级中心已收到本站第 {body['bundle_seq']} 号数据包，"
            "但本站没有与之相符的记录——本站数据曾回退（从较早的备份恢复，或换用了旧的数据库"
            f"副本）。下次导出将开始第 {number} 轮同步并发送全部记录，县级中心会逐条合并，"
            "双方已有的记录都不会丢失")
    with UnitOfWork(db, actor) as uow:
        current = uow.session.get_one(SyncState, 1)
        seq = body["bundle_seq"]
        newest = seq >= current.last_acked_bundle_seq  # an older one's conflicts are stale
        if int(body.get("epoch", 1)) < current.epoch:
            result.stale_epoch = True  # from before this station's epoch change: decisions only
            seq = 0
            newest = False
        if seq:
            bundle = uow.session.get_one(SyncBundle, seq)
            if seq > current.last_acked_bundle_seq:
                now = datetime.now(UTC)
                for older in uow.session.scalars(
                        select(SyncBundle).where(SyncBundle.seq <= seq,
                                                 SyncBundle.acked_at.is_(None))):  # type: ignore[union-attr]
                    older.acked_at = now
                    result.newly_acked += 1
                current.last_acked_bundle_seq = seq
                current.last_acked_change_seq = max(current.last_acked_change_seq,
                                                    bundle.to_seq)
                current.updated_at = now
        for decision in body["decisions"]:
            _apply_decision(uow, station_id, decision, result)
        if newest:
            from .station_conflicts import store_from_ack

            result.conflicts_open = store_from_ack(uow, body, current, station_id)
        result.audit_findings = record_findings(uow, body.get("audit_breaks", []))
        uow.audit("sync.ack", "sync_bundle", str(seq),
                  f"{label}: acked {result.newly_acked}, decisions {result.decisions_applied}")
        uow.commit()
    return result


def _apply_decision(uow: UnitOfWork, station_id: str, d: dict[str, Any],
                    result: AckResult) -> None:
    referral = uow.session.get(AidReferral, d["referral_id"])
    if referral is None or referral.station_id != station_id:
        result.decisions_skipped.append(f"{d['referral_id']}：本站没有该法律援助申请")
        return
    if referral.voided_at is not None:
        result.decisions_skipped.append(f"{referral.number}：该申请已作废，未应用县级中心的决定")
        return
    outcome = AidDecision(d["decision"])
    lawyer, reason = d.get("lawyer", "").strip(), d.get("reason", "").strip()
    if referral.decision == outcome and referral.assigned_lawyer == lawyer:
        return  # already applied (a replayed acknowledgement)
    target = AidStatus.GRANTED if outcome is AidDecision.GRANTED else AidStatus.DENIED
    try:
        check_aid_transition(referral.status, target)
        decided_on = date.fromisoformat(d["decided_on"])
    except (ValidationError, ValueError) as exc:
        result.decisions_skipped.append(f"{referral.number}：{exc}")
        return
    previous = referral.status
    referral.status = target
    referral.decision = outcome
    referral.decision_on = decided_on
    referral.decision_note = reason
    referral.assigned_lawyer = lawyer
    uow.session.add(StatusChange(
        station_id=station_id, record_type="aid_referral", record_id=referral.id,
        from_status=previous, to_status=target, changed_at=datetime.now(UTC),
        operator_id=None, reason="县级中心决定（同步确认文件）",
    ))
    uow.audit("sync.decision", "aid_referral", referral.id,
              f"{previous}->{target} lawyer={lawyer}")
    result.decisions_applied += 1
