"""Dispute screening (矛盾纠纷排查化解): register, edit, open and list screenings and the
disputes they found; review watched disputes; a case's prevention indicator.

A screening and its disputes are written in one transaction with their audit entry (and,
through the triggers, their change-log rows for sync). Edits are versioned like publicity
activities: the form hands back the version it showed and an edit of a newer version is
refused. Who may change a screening: whoever registered it, or a station admin. A dispute
taken off a screening keeps its row (``removed``), never deleted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from workstation.domain.enums import DisputeType
from workstation.domain.errors import ValidationError
from workstation.domain.numbering import NumberKind
from workstation.domain.screening import (
    DisputeOutcome,
    FoundDisputeInput,
    PreventionKind,
    RiskLevel,
    ScreeningInput,
    ScreeningKind,
    validated_prevention,
)
from workstation.domain.validators import ErrorCollector
from workstation.storage.engine import Database
from workstation.storage.models import (
    MediationCase,
    Operator,
    Screening,
    ScreeningDispute,
    Station,
)
from workstation.storage.types import utcnow

from .context import Actor, NotFound, ServiceError, UnitOfWork
from .listing import Column, ListQuery, ListRow, enum_order, like_pattern, party_titles
from .numbers import next_number
from .permissions import NotPermitted

RECORD_TYPE = "screening"
KIND = "screenings"
STALE = "该排查记录已被修改（可能是其他人同时在编辑），请重新打开后再修改"
_FIELDS = ("held_on", "place", "kind", "participants", "notes")
_DISPUTE_FIELDS = ("parties", "dispute_type", "risk_level", "summary", "outcome", "case_id",
                   "referred_to", "prevention_kind", "prevention_persons")


# --- writing ------------------------------------------------------------------------------


def create_screening(db: Database, actor: Actor, data: ScreeningInput, *,
                     today: date | None = None) -> str:
    """Save a new screening with the disputes it found; returns its id."""
    data = data.validated(today)
    with UnitOfWork(db, actor) as uow:
        session = uow.session
        station = session.get_one(Station, actor.station_id)
        _check_cases(session, data)
        seq, number = next_number(uow, station.id, NumberKind.SCREENING, data.held_on.year)
        screening = Screening(station_id=station.id, year=data.held_on.year, seq=seq,
                              number=number, operator_id=actor.operator_id,
                              **{f: getattr(data, f) for f in _FIELDS})
        session.add(screening)
        session.flush()
        for position, dispute in enumerate(data.disputes):
            _add_dispute(session, screening, dispute, position)
        session.flush()
        uow.audit("create", RECORD_TYPE, screening.id,
                  f"{number} disputes={len(data.disputes)}")
        uow.commit()
        return screening.id


def update_screening(db: Database, actor: Actor, screening_id: str, data: ScreeningInput, *,
                     expected_version: int, today: date | None = None) -> int:
    """Change a screening and its disputes (a dispute with an ``id`` is edited, one without
    is added, one left out is taken off); returns the new version. Refused when the
    screening changed since ``expected_version`` was read."""
    data = data.validated(today)
    with UnitOfWork(db, actor) as uow:
        session = uow.session
        screening = _get(session, screening_id)
        _check_may_change(actor, screening)
        if screening.version != expected_version:
            raise ServiceError(STALE)
        _check_cases(session, data)
        fields = [f for f in _FIELDS if getattr(screening, f) != getattr(data, f)]
        changed = list(fields)
        current = {d.id: d for d in session.scalars(
            select(ScreeningDispute).where(ScreeningDispute.screening_id == screening.id))}
        kept: set[str] = set()
        next_position = max((d.position for d in current.values()), default=-1) + 1
        for position, item in enumerate(data.disputes):
            row = current.get(item.id) if item.id else None
            if item.id and (row is None or row.removed):
                raise ServiceError("要修改的纠纷不属于该排查记录，请重新打开后再试")
            if row is None:
                _add_dispute(session, screening, item, next_position + position)
                changed.append("dispute+")
                continue
            kept.add(row.id)
            diff = [f for f in _DISPUTE_FIELDS if getattr(row, f) != getattr(item, f)]
            if diff:
                for name in diff:
                    setattr(row, name, getattr(item, name))
                if "outcome" in diff and row.outcome == DisputeOutcome.WATCHED:
                    row.reviewed_on = data.held_on if today is None else today
                changed.append(f"dispute:{','.join(diff)}")
        for row in current.values():
            if row.id not in kept and not row.removed:
                row.removed = True
                changed.append("dispute-")
        if not changed:
            return screening.version
        for name in fields:
            setattr(screening, name, getattr(data, name))
        screening.updated_at = utcnow()  # every edit bumps the screening's version
        session.flush()
        uow.audit("update", RECORD_TYPE, screening.id,
                  f"{screening.number} v{screening.version}: {'; '.join(changed)}")
        uow.commit()
        return screening.version


def review_dispute(db: Database, actor: Actor, dispute_id: str, reviewed_on: date, *,
                   today: date | None = None) -> None:
    """Record that a watched dispute was looked at again on ``reviewed_on`` (its dashboard
    reminder starts over)."""
    day = today or date.today()
    if reviewed_on > day:
        raise ValidationError.single("reviewed_on", "复查日期不能晚于今天")
    with UnitOfWork(db, actor) as uow:
        row = uow.session.get(ScreeningDispute, dispute_id)
        if row is None or row.removed:
            raise NotFound("找不到该纠纷")
        screening = _get(uow.session, row.screening_id)
        if reviewed_on < screening.held_on:
            raise ValidationError.single("reviewed_on", "复查日期不能早于排查日期")
        row.reviewed_on = reviewed_on
        uow.session.flush()
        uow.audit("review", "screening_dispute", row.id,
                  f"{screening.number} {reviewed_on.isoformat()}")
        uow.commit()


def set_case_prevention(db: Database, actor: Actor, case_id: str, kind: str | None,
                        persons: int = 0) -> None:
    """Set (or clear with an empty ``kind``) the prevention indicator a mediation case
    carries (防止…… 件/人)."""
    errors = ErrorCollector()
    kind, persons = validated_prevention(errors, kind, persons)
    errors.raise_if_any()
    with UnitOfWork(db, actor) as uow:
        case = uow.session.get(MediationCase, case_id)
        if case is None or case.voided_at is not None:
            raise NotFound("找不到该调解案件")
        if (case.prevention_kind, case.prevention_persons) == (kind, persons):
            return
        uow.update(MediationCase, case.id, prevention_kind=kind, prevention_persons=persons)
        uow.audit("prevention", "mediation_case", case.id,
                  f"{case.number} {kind or '-'} {persons}")
        uow.commit()


def _get(session: Session, screening_id: str) -> Screening:
    screening = session.get(Screening, screening_id)
    if screening is None:
        raise NotFound("找不到该排查记录")
    return screening


def _check_may_change(actor: Actor, screening: Screening) -> None:
    if not actor.is_admin and screening.operator_id != actor.operator_id:
        raise NotPermitted("只有登记人或站点管理员可以修改该排查记录")


def _check_cases(session: Session, data: ScreeningInput) -> None:
    wanted = {d.case_id for d in data.disputes if d.case_id}
    if not wanted:
        return
    found = set(session.scalars(select(MediationCase.id).where(
        MediationCase.id.in_(wanted), MediationCase.voided_at.is_(None))))
    if found != wanted:
        raise ServiceError("所选的调解案件不存在或已作废，请重新选择")


def _add_dispute(session: Session, screening: Screening, item: FoundDisputeInput,
                 position: int) -> None:
    session.add(ScreeningDispute(
        station_id=screening.station_id, screening_id=screening.id, position=position,
        reviewed_on=screening.held_on, **{f: getattr(item, f) for f in _DISPUTE_FIELDS}))


# --- reading ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DisputeInfo:
    id: str
    parties: str
    dispute_type: str
    dispute_type_label: str
    risk_level: str
    risk_level_label: str
    summary: str
    outcome: str
    outcome_label: str
    case_id: str | None
    case_number: str
    referred_to: str
    prevention_kind: str
    prevention_label: str
    prevention_persons: int
    reviewed_on: date

    def as_input(self) -> FoundDisputeInput:
        return FoundDisputeInput(
            parties=self.parties, dispute_type=self.dispute_type, risk_level=self.risk_level,
            summary=self.summary, outcome=self.outcome, case_id=self.case_id,
            referred_to=self.referred_to, prevention_kind=self.prevention_kind,
            prevention_persons=self.prevention_persons, id=self.id)


@dataclass(frozen=True)
class ScreeningDetail:
    id: str
    number: str
    held_on: date
    place: str
    kind: str
    kind_label: str
    participants: str
    notes: str
    operator_id: str
    registered_by: str
    disputes: list[DisputeInfo] = field(default_factory=list)
    created_at: datetime | None = None
    updated_at: datetime | None = None
    version: int = 1

    def as_input(self) -> ScreeningInput:
        return ScreeningInput(held_on=self.held_on, place=self.place, kind=self.kind,
                              participants=self.participants, notes=self.notes,
                              disputes=tuple(d.as_input() for d in self.disputes))


def load_screening(db: Database, screening_id: str) -> ScreeningDetail:
    with db.read() as session:
        s = _get(session, screening_id)
        d = ScreeningDispute
        rows = session.execute(
            select(d, MediationCase.number).outerjoin(MediationCase,
                                                      MediationCase.id == d.case_id)
            .where(d.screening_id == s.id, d.removed.is_(False))
            .order_by(d.position, d.id)).all()
        registered_by = session.scalar(select(Operator.name).where(Operator.id == s.operator_id))
        return ScreeningDetail(
            id=s.id, number=s.number, held_on=s.held_on, place=s.place, kind=s.kind,
            kind_label=ScreeningKind.label_of(s.kind), participants=s.participants,
            notes=s.notes, operator_id=s.operator_id, registered_by=registered_by or "",
            disputes=[_dispute_info(row, number) for row, number in rows],
            created_at=s.created_at, updated_at=s.updated_at, version=s.version)


def _dispute_info(row: ScreeningDispute, case_number: str | None) -> DisputeInfo:
    return DisputeInfo(
        id=row.id, parties=row.parties, dispute_type=row.dispute_type,
        dispute_type_label=DisputeType.label_of(row.dispute_type), risk_level=row.risk_level,
        risk_level_label=RiskLevel.label_of(row.risk_level), summary=row.summary,
        outcome=row.outcome, outcome_label=DisputeOutcome.label_of(row.outcome),
        case_id=row.case_id, case_number=case_number or "", referred_to=row.referred_to,
        prevention_kind=row.prevention_kind,
        prevention_label=PreventionKind.label_of(row.prevention_kind),
        prevention_persons=row.prevention_persons, reviewed_on=row.reviewed_on)


@dataclass(frozen=True)
class CaseChoice:
    id: str
    number: str
    title: str

    @property
    def label(self) -> str:
        return f"{self.number}  {self.title}"


def linkable_cases(db: Database, *, limit: int = 300) -> list[CaseChoice]:
    """Mediation cases a found dispute may be linked to (not voided), newest first."""
    m = MediationCase
    with db.read() as session:
        rows = session.execute(select(m.id, m.number).where(m.voided_at.is_(None))
                               .order_by(m.registered_on.desc(), m.year.desc(), m.seq.desc())
                               .limit(limit)).all()
        titles = party_titles(session, [r.id for r in rows])
    return [CaseChoice(r.id, r.number, titles.get(r.id, "")) for r in rows]


# --- the list (services.listing dispatches the "screenings" kind here) ---------------------

COLUMNS = (
    Column("number", "编号", True),
    Column("date", "排查日期", True),
    Column("title", "排查地点", True),
    Column("type_label", "排查类型", True),
    Column("status_label", "发现纠纷", True),
    Column("extra", "处置情况", False),
)


def _filtered(query: ListQuery, stmt: Select[Any]) -> Select[Any]:
    s = Screening
    if query.type_code:
        stmt = stmt.where(s.kind == query.type_code)
    if query.date_from:
        stmt = stmt.where(s.held_on >= query.date_from)
    if query.date_to:
        stmt = stmt.where(s.held_on <= query.date_to)
    text = query.text.strip()
    if text:
        pattern = like_pattern(text)
        parties = (select(ScreeningDispute.id).where(
            ScreeningDispute.screening_id == s.id, ScreeningDispute.removed.is_(False),
            ScreeningDispute.parties.like(pattern, escape="\\")).correlate(s).exists())
        stmt = stmt.where(s.number.like(pattern, escape="\\") | s.place.like(pattern, escape="\\")
                          | parties)
    return stmt


def _found() -> Any:
    s = Screening
    return (select(func.count()).select_from(ScreeningDispute)
            .where(ScreeningDispute.screening_id == s.id, ScreeningDispute.removed.is_(False))
            .correlate(s).scalar_subquery())


def _sort_terms(key: str) -> list[Any]:
    s = Screening
    terms: dict[str, list[Any]] = {
        "number": [s.station_id, s.year, s.seq],
        "date": [s.held_on, s.year, s.seq],
        "title": [s.place],
        "type_label": [enum_order(s.kind, ScreeningKind)],
        "status_label": [_found()],
    }
    if key not in terms:
        raise ValueError(f"list 'screenings' cannot be sorted by {key!r}")
    return terms[key]


def count_rows(db: Database, query: ListQuery) -> int:
    stmt = _filtered(query, select(func.count()).select_from(Screening))
    with db.read() as session:
        return int(session.scalar(stmt) or 0)


def fetch_rows(db: Database, query: ListQuery, offset: int, limit: int) -> list[ListRow]:
    if limit <= 0:
        return []
    s = Screening
    terms = [*_sort_terms(query.sort_key), s.id]
    stmt = _filtered(query, select(s.id, s.number, s.held_on, s.place, s.kind,
                                   _found().label("found")))
    stmt = stmt.order_by(*(t.desc() if query.descending else t.asc() for t in terms))
    with db.read() as session:
        rows = session.execute(stmt.offset(max(0, offset)).limit(limit)).all()
        outcomes: dict[str, dict[str, int]] = {}
        if rows:
            d = ScreeningDispute
            for sid, outcome, n in session.execute(
                    select(d.screening_id, d.outcome, func.count())
                    .where(d.screening_id.in_([r.id for r in rows]), d.removed.is_(False))
                    .group_by(d.screening_id, d.outcome)):
                outcomes.setdefault(sid, {})[outcome] = n
    out = []
    for r in rows:
        counts = outcomes.get(r.id, {})
        extra = "，".join(f"{o.label}{counts[o.value]}件" for o in DisputeOutcome
                         if counts.get(o.value))
        out.append(ListRow(
            id=r.id, number=r.number, date=r.held_on, title=r.place,
            type_label=ScreeningKind.label_of(r.kind), status=r.kind,
            status_label=f"{r.found}件", extra=extra,
            alert=bool(counts.get(DisputeOutcome.WATCHED.value))))
    return out


def list_screenings(db: Database, *, limit: int | None = None) -> list[dict[str, Any]]:
    """Newest first, for the command line (``list screenings``)."""
    s, d = Screening, ScreeningDispute
    found = (select(func.count()).select_from(d)
             .where(d.screening_id == s.id, d.removed.is_(False)).correlate(s)
             .scalar_subquery())
    watched = (select(func.count()).select_from(d)
               .where(d.screening_id == s.id, d.removed.is_(False),
                      d.outcome == DisputeOutcome.WATCHED).correlate(s).scalar_subquery())
    stmt = (select(s.id, s.number, s.held_on, s.kind, s.place, s.participants,
                   found.label("disputes"), watched.label("watched"))
            .order_by(s.held_on.desc(), s.number.desc()).limit(limit))
    with db.read() as session:
        return [
            {"id": r.id, "number": r.number, "held_on": r.held_on.isoformat(),
             "kind": r.kind, "place": r.place, "participants": r.participants,
             "disputes": r.disputes, "watched": r.watched}
            for r in session.execute(stmt)
        ]
