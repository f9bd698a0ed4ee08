"""The audit trail for station admins: filter by operator, record, action and dates, page
through it lazily, export it to CSV (itself audited).

Entries are written by every service (``UnitOfWork.audit``) and never changed (triggers refuse
UPDATE and DELETE on ``audit_entry``). Action codes and record types get their Chinese labels
from ``domain.audit``. An entry about a part of a mediation case (session, agreement,
follow-up) belongs to its case: filtering by the case finds it and opening it opens the case.

Newest first by ``id`` (entries are appended in time order), so a page is an index range.
"""

from __future__ import annotations

import csv
import os
import re
import tempfile
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Select, false, func, or_, select
from sqlalchemy.orm import Session

from workstation.domain.audit import action_label, detail_text, record_type_label
from workstation.domain.identity import normalize_id_number
from workstation.domain.spreadsheet import neutralise
from workstation.files import fsync_folder
from workstation.storage import audit_chain
from workstation.storage.engine import Database
from workstation.storage.models import (
    AidReferral,
    AuditEntry,
    Consultation,
    FollowUp,
    MediationAgreement,
    MediationCase,
    MediationParty,
    MediationSession,
    Operator,
    Person,
    Station,
    SyncBundle,
)

from .context import Actor, ServiceError, UnitOfWork
from .listing import Column, chunks, local_day_start
from .permissions import require_admin

#: Numbered records: what an admin can type a number for.
_NUMBERED: dict[str, Any] = {"consultation": Consultation, "mediation_case": MediationCase,
                             "aid_referral": AidReferral}
#: Parts of a mediation case, audited under their own ids.
_CASE_PARTS: dict[str, Any] = {"mediation_session": MediationSession,
                               "mediation_agreement": MediationAgreement,
                               "follow_up": FollowUp, "mediation_party": MediationParty}
#: Record types the desk application can open (``open_record``).
OPENABLE = ("consultation", "mediation_case", "aid_referral", "person")
_MAX_MATCHES = 500
EXPORT_PAGE = 2000


class ExportCancelled(ServiceError):
    """The user cancelled an export; nothing was written."""


@dataclass(frozen=True)
class AuditQuery:
    """Filters of the audit view; all optional."""

    operator_id: str | None = None
    #: A code of ``domain.audit.ACTION_FILTERS``: matches itself and ``code.*``.
    action: str | None = None
    #: Limit to entries about one kind of record (with ``record_ref``: about these records).
    record_type: str | None = None
    #: A record number, UUID, person name or ID number, operator user name...
    record_ref: str = ""
    date_from: date | None = None
    date_to: date | None = None


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    operator_id: str | None
    operator_name: str
    action: str
    action_label: str
    record_type: str
    record_type_label: str
    record_id: str
    #: The record as a person reads it: its number, a person's name, an operator's name.
    record_label: str
    detail: str
    #: What double-clicking opens: (record type, id), e.g. the case of a session; or None.
    open_type: str | None = None
    open_id: str | None = None

    @property
    def when(self) -> str:
        return self.at.astimezone().strftime("%Y-%m-%d %H:%M:%S")


COLUMNS = (
    Column("when", "时间", False),
    Column("operator_name", "操作员", False),
    Column("action_label", "操作", False),
    Column("record_type_label", "记录类型", False),
    Column("record_label", "记录", False),
    Column("detail", "详情", False),
)


# --- filtering -------------------------------------------------------------------------------


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _numbered_ids(session: Session, model: Any, ref: str) -> list[str]:
    from .printing import normalize_number

    exact = list(session.scalars(select(model.id).where(model.number == normalize_number(ref))))
    if exact:
        return exact
    return list(session.scalars(select(model.id).where(
        model.number.like(_like(ref), escape="\\")).limit(_MAX_MATCHES)))


def _person_ids(session: Session, ref: str) -> list[str]:
    digits = normalize_id_number(ref)
    conditions = [Person.name == ref]
    if re.fullmatch(r"[0-9]{4,17}[0-9X]?", digits):
        conditions += [Person.id_number == digits, Person.id_number.like(f"%{digits}")]
    return list(session.scalars(select(Person.id).where(or_(*conditions)).limit(_MAX_MATCHES)))


def _operator_ids(session: Session, ref: str) -> list[str]:
    return list(session.scalars(select(Operator.id).where(
        or_(Operator.username == ref, Operator.name == ref))))


def _case_part_ids(session: Session, case_ids: Sequence[str]) -> list[str]:
    ids: list[str] = []
    for part in chunks(list(case_ids)):
        for model in _CASE_PARTS.values():
            ids += session.scalars(select(model.id).where(model.case_id.in_(part)))
    return ids


def matching_record_ids(session: Session, record_type: str | None, ref: str) -> list[str]:
    """Ids of the records ``ref`` names (in ``record_type``, else in any kind), with the parts
    of the mediation cases among them."""
    ref = ref.strip()
    if not ref:
        return []
    if _is_uuid(ref):
        ids = [ref]
        if record_type in (None, "mediation_case"):
            ids += _case_part_ids(session, [ref])
        return ids
    kinds = [record_type] if record_type else [*_NUMBERED, "person", "operator"]
    ids = []
    for kind in kinds:
        if kind in _NUMBERED:
            found = _numbered_ids(session, _NUMBERED[kind], ref)
            ids += found
            if kind == "mediation_case":
                ids += _case_part_ids(session, found)
        elif kind == "person":
            ids += _person_ids(session, ref)
        elif kind == "operator":
            ids += _operator_ids(session, ref)
    return ids


def _filtered(session: Session, query: AuditQuery, stmt: Select[Any]) -> Select[Any]:
    e = AuditEntry
    if query.operator_id:
        stmt = stmt.where(e.operator_id == query.operator_id)
    if query.action:
        stmt = stmt.where(or_(e.action == query.action, e.action.like(f"{query.action}.%")))
    if query.date_from:
        stmt = stmt.where(e.at >= local_day_start(query.date_from))
    if query.date_to:
        stmt = stmt.where(e.at < local_day_start(query.date_to + timedelta(days=1)))
    if query.record_ref.strip():
        ids = matching_record_ids(session, query.record_type, query.record_ref)
        if not ids:
            return stmt.where(false())
        stmt = stmt.where(e.record_id.in_(ids))
    elif query.record_type:
        types = [query.record_type]
        if query.record_type == "mediation_case":
            types += list(_CASE_PARTS)
        stmt = stmt.where(e.record_type.in_(types))
    return stmt


# --- reading ---------------------------------------------------------------------------------


def count_entries(db: Database, actor: Actor, query: AuditQuery) -> int:
    """How many entries match (station admins only)."""
    require_admin(actor, "查看操作日志")
    with db.read() as session:
        stmt = _filtered(session, query, select(func.count()).select_from(AuditEntry))
        return int(session.scalar(stmt) or 0)


def verify_chain(db: Database, actor: Actor) -> audit_chain.ChainState:
    """Read the whole audit trail and check its hash chain (station admins only): every
    ``seq`` present, every link and hash right. Reads in batches; run it off the GUI thread."""
    require_admin(actor, "查看操作日志")
    with db.read() as session:
        return audit_chain.verify(session.connection())


def fetch_entries(db: Database, actor: Actor, query: AuditQuery, offset: int,
                  limit: int) -> list[AuditRow]:
    """One page of matching entries, newest first (station admins only)."""
    require_admin(actor, "查看操作日志")
    if limit <= 0:
        return []
    with db.read() as session:
        stmt = _filtered(session, query, select(AuditEntry))
        entries = session.scalars(
            stmt.order_by(AuditEntry.id.desc()).offset(max(0, offset)).limit(limit)).all()
        return _rows(session, entries)


def _rows(session: Session, entries: Sequence[AuditEntry]) -> list[AuditRow]:
    wanted = {e.operator_id for e in entries if e.operator_id}
    names: dict[str, str] = {}
    if wanted:
        names = {op_id: name for op_id, name in session.execute(
            select(Operator.id, Operator.name).where(Operator.id.in_(wanted)))}
    labels = _record_labels(session, [(e.record_type, e.record_id) for e in entries])
    rows = []
    for e in entries:
        label, open_type, open_id = labels.get((e.record_type, e.record_id), ("", None, None))
        rows.append(AuditRow(
            id=int(e.id or 0), at=e.at, operator_id=e.operator_id,
            operator_name=names.get(e.operator_id or "", "") if e.operator_id else "（未登录）",
            action=e.action, action_label=action_label(e.action), record_type=e.record_type,
            record_type_label=record_type_label(e.record_type), record_id=e.record_id,
            record_label=label or e.record_id,
            detail=detail_text(e.action, e.record_type, e.detail, _document_title),
            open_type=open_type,
            open_id=open_id,
        ))
    return rows


def _document_title(key: str) -> str:
    """The title of a printable document (``mediation_agreement`` → 人民调解协议书)."""
    from workstation.printing.registry import get_spec

    try:
        return get_spec(key).title
    except ServiceError:
        return key


_Label = tuple[str, str | None, str | None]


def _record_labels(session: Session, refs: Iterable[tuple[str, str]]) -> dict[tuple[str, str],
                                                                              _Label]:
    """(record type, id) → (label, type to open, id to open), one query per kind."""
    by_type: dict[str, set[str]] = defaultdict(set)
    for record_type, record_id in refs:
        if record_type and record_id:
            by_type[record_type].add(record_id)
    out: dict[tuple[str, str], _Label] = {}
    for record_type, ids in by_type.items():
        wanted = sorted(ids)
        if record_type in _NUMBERED:
            model = _NUMBERED[record_type]
            for rid, number in session.execute(select(model.id, model.number)
                                               .where(model.id.in_(wanted))):
                out[(record_type, rid)] = (number, record_type, rid)
        elif record_type in _CASE_PARTS:
            model = _CASE_PARTS[record_type]
            for rid, case_id, number in session.execute(
                    select(model.id, model.case_id, MediationCase.number)
                    .join(MediationCase, MediationCase.id == model.case_id)
                    .where(model.id.in_(wanted))):
                out[(record_type, rid)] = (number, "mediation_case", case_id)
        elif record_type == "person":
            for rid, name in session.execute(select(Person.id, Person.name)
                                             .where(Person.id.in_(wanted))):
                out[(record_type, rid)] = (name, "person", rid)
        elif record_type == "operator":
            for rid, name, username in session.execute(
                    select(Operator.id, Operator.name, Operator.username)
                    .where(Operator.id.in_(wanted))):
                out[(record_type, rid)] = (f"{name}（{username}）", None, None)
        elif record_type == "station":
            for rid, name in session.execute(select(Station.id, Station.name)
                                             .where(Station.id.in_(wanted))):
                out[(record_type, rid)] = (name, None, None)
        elif record_type == "sync_state":
            for rid in wanted:
                out[(record_type, rid)] = ("本站同步设置", None, None)
        elif record_type == "sync_bundle":
            seqs = [int(i) for i in wanted if i.isdigit()]
            for seq, file_name in session.execute(select(SyncBundle.seq, SyncBundle.file_name)
                                                  .where(SyncBundle.seq.in_(seqs))):
                out[(record_type, str(seq))] = (file_name, None, None)
    return out


# --- export ----------------------------------------------------------------------------------

CSV_HEADER = ("时间", "操作员", "操作", "操作代码", "记录类型", "记录", "记录ID", "详情", "序号")
def describe(query: AuditQuery, operator_name: str = "") -> str:
    """The filters in words, for the export's own audit entry."""
    parts = []
    if query.operator_id:
        parts.append(f"操作员={operator_name or query.operator_id}")
    if query.action:
        parts.append(f"操作={action_label(query.action)}")
    if query.record_type:
        parts.append(f"记录类型={record_type_label(query.record_type)}")
    if query.record_ref.strip():
        parts.append(f"记录={query.record_ref.strip()}")
    if query.date_from or query.date_to:
        parts.append(f"日期={query.date_from or '…'}至{query.date_to or '…'}")
    return "；".join(parts) or "全部"


def export_csv(db: Database, actor: Actor, query: AuditQuery, path: str | Path, *,
               progress: Callable[[int, int], bool] | None = None) -> int:
    """Write the matching entries to ``path`` as CSV (UTF-8 with BOM, so Excel reads the
    Chinese), newest first; returns the number of entries written.

    Written to a temporary file in the same folder, fsynced, then renamed: a crash or a
    cancel (``progress`` returning False → ``ExportCancelled``) leaves no partial file. The
    export is audited (``export``, ``audit_entry``) with the filters and the row count.
    """
    require_admin(actor, "导出操作日志")
    target = Path(path)
    total = count_entries(db, actor, query)
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    written = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(CSV_HEADER)
            last_id: int | None = None
            while True:
                rows = _export_page(db, query, last_id)
                if not rows:
                    break
                for row in rows:
                    writer.writerow([neutralise(str(v)) for v in (
                        row.when, row.operator_name, row.action_label, row.action,
                        row.record_type_label, row.record_label, row.record_id, row.detail,
                        row.id)])
                written += len(rows)
                last_id = rows[-1].id
                if progress is not None and not progress(written, max(total, written)):
                    raise ExportCancelled("已取消导出")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    fsync_folder(target.parent)
    operator_name = ""
    if query.operator_id:
        with db.read() as session:
            operator_name = session.scalar(
                select(Operator.name).where(Operator.id == query.operator_id)) or ""
    with UnitOfWork(db, actor) as uow:
        uow.audit("export", "audit_entry", "",
                  f"操作日志{written}条 → {target.name}（筛选：{describe(query, operator_name)}）")
        uow.commit()
    return written


def _export_page(db: Database, query: AuditQuery, before_id: int | None) -> list[AuditRow]:
    """The next page of the export after ``before_id`` (keyset paging: entries added while
    exporting never shift the pages)."""
    with db.read() as session:
        stmt = _filtered(session, query, select(AuditEntry))
        if before_id is not None:
            stmt = stmt.where(AuditEntry.id < before_id)
        entries = session.scalars(stmt.order_by(AuditEntry.id.desc()).limit(EXPORT_PAGE)).all()
        return _rows(session, entries)
