"""首问负责 (first-inquiry responsibility): first receivers, current handlers, hand-overs,
consultation links and the consultation time limit (``domain.responsibility``).

Generic over record kinds. A record kind joins by declaring itself once here
(:func:`declare`, e.g. from its own service module)::

    declare(ResponsibleKind(
        record_type="work_order", label="12348工单", model=WorkOrder,
        creator="operator_id", open_when=lambda m: m.replied_on.is_(None),
        number="order_no"))

and by calling :func:`receive` in the unit of work that registers a record. Everything else —
hand-over, accept, decline, confirm, the record pages' panel, "我负责的未结事项", the
county's counts — then works for it. A record without a responsibility row (registered by a
program before migration 0016, or a bulk demo import) answers as if its ``creator``
column's operator were first receiver and handler.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, exists, select
from sqlalchemy.orm import Session, aliased
from sqlmodel import SQLModel

from workstation.domain.audit import AuditAction
from workstation.domain.enums import AidStatus, ConsultationTopic, MediationStatus
from workstation.domain.responsibility import (
    DEFAULT_CONSULTATION_DAYS,
    NEEDS_FOLLOW_THROUGH,
    HandoverStatus,
    HandoverTarget,
    LinkKind,
    check_consultation_days,
    check_handover,
    consultation_due,
)
from workstation.domain.work_orders import order_title
from workstation.storage.engine import Database
from workstation.storage.models import (
    AidReferral,
    Consultation,
    Handover,
    MediationCase,
    Operator,
    Person,
    RecordLink,
    ReferralProvider,
    Responsibility,
    Station,
    WorkOrder,
)

from .context import Actor, NotFound, ServiceError, UnitOfWork
from .listing import local_day_start, party_titles, referral_title

CONSULTATION = "consultation"
WORK_ORDER = "work_order"



@dataclass(frozen=True)
class ResponsibleKind:
    """A record kind with a first receiver, a current handler and hand-overs."""

    record_type: str
    #: Chinese name of the kind, as the workbench lists it.
    label: str
    model: type[SQLModel]
    #: Column of the operator who registered the record (the first receiver by default).
    creator: str
    #: SQL condition (given the model) of a record still open (未结) for its handler.
    open_when: Callable[[Any], Any]
    #: Column of the record that names its handler and follows an accepted hand-over to an
    #: operator (``mediation_case.mediator_id``: replacing a mediator is a hand-over).
    handler_column: str | None = None
    #: Record id → a short title for lists (optional).
    titles: Callable[[Session, Sequence[str]], dict[str, str]] | None = None
    #: Record id → the day the matter is due (optional; a 12348 order's reply day), shown
    #: and sorted by in "我负责的未结事项". Consultations compute theirs from the time limit.
    dues: Callable[[Session, Sequence[str]], dict[str, date]] | None = None
    #: Column of the record's number as shown and printed (a 12348 order's ``order_no``).
    #: Every reader of a kind's numbers goes through it (lists, links, statistics).
    number: str = "number"


KINDS: dict[str, ResponsibleKind] = {}


def declare(kind: ResponsibleKind) -> ResponsibleKind:
    """Make a record kind take part in first-inquiry responsibility (see module doc)."""
    KINDS[kind.record_type] = kind
    return kind


def _kind(record_type: str) -> ResponsibleKind:
    try:
        return KINDS[record_type]
    except KeyError:
        raise ServiceError("该类记录不适用首问负责") from None


# --- the kinds of the station ---------------------------------------------------------


def _consultation_open(m: Any) -> Any:
    linked = exists().where(RecordLink.from_type == CONSULTATION, RecordLink.from_id == m.id)
    return and_(m.handling_result.in_(list(NEEDS_FOLLOW_THROUGH)), ~linked)


def _consultation_titles(session: Session, ids: Sequence[str]) -> dict[str, str]:
    rows = session.execute(
        select(Consultation.id, Consultation.topic, Person.name)
        .outerjoin(Person, Person.id == Consultation.person_id)
        .where(Consultation.id.in_(list(ids))))
    return {r.id: f"{r.name or '匿名'} · {ConsultationTopic.label_of(r.topic)}" for r in rows}


def _referral_titles(session: Session, ids: Sequence[str]) -> dict[str, str]:
    rows = session.execute(
        select(AidReferral.id, AidReferral.matter, Person.name)
        .outerjoin(Person, Person.id == AidReferral.applicant_id)
        .where(AidReferral.id.in_(list(ids))))
    return {r.id: referral_title(r.name, r.matter) for r in rows}


declare(ResponsibleKind(
    CONSULTATION, "法律咨询", Consultation, "operator_id", _consultation_open,
    titles=_consultation_titles))
declare(ResponsibleKind(
    "mediation_case", "调解案件", MediationCase, "mediator_id",
    lambda m: m.status.in_([MediationStatus.REGISTERED, MediationStatus.ACCEPTED,
                            MediationStatus.MEDIATING]),
    handler_column="mediator_id", titles=party_titles))
declare(ResponsibleKind(
    "aid_referral", "法律援助申请", AidReferral, "operator_id",
    lambda m: m.status.in_([AidStatus.DRAFT, AidStatus.FORWARDED, AidStatus.RECEIVED]),
    titles=_referral_titles))


def _order_titles(session: Session, ids: Sequence[str]) -> dict[str, str]:
    rows = session.execute(select(WorkOrder.id, WorkOrder.channel, WorkOrder.request)
                           .where(WorkOrder.id.in_(list(ids))))
    return {r.id: order_title(r.channel, r.request) for r in rows}


def _order_dues(session: Session, ids: Sequence[str]) -> dict[str, date]:
    return dict(session.execute(select(WorkOrder.id, WorkOrder.due_on)
                                .where(WorkOrder.id.in_(list(ids)))).all())


# A 12348 order is open (未结) for its handler until the reply to the platform is recorded;
# it is due on the platform's reply day.
declare(ResponsibleKind(
    WORK_ORDER, "12348工单", WorkOrder, "operator_id", lambda m: m.replied_on.is_(None),
    titles=_order_titles, dues=_order_dues, number="order_no"))


# --- writing --------------------------------------------------------------------------------


def receive(uow: UnitOfWork, record_type: str, record_id: str, operator_id: str, *,
            handler_id: str | None = None, consultation_id: str | None = None) -> None:
    """Inside the unit of work registering a record: its first receiver is ``operator_id``,
    its handler ``handler_id`` (default: the same; a case's mediator); ``consultation_id``
    names the consultation it came from (stored link)."""
    assert uow.actor is not None
    _kind(record_type)
    uow.insert(Responsibility, station_id=uow.actor.station_id, record_type=record_type,
               record_id=record_id, first_receiver_id=operator_id,
               handler_id=handler_id or operator_id)
    if consultation_id:
        link_consultation(uow, consultation_id, record_type, record_id)


def link_consultation(uow: UnitOfWork, consultation_id: str, to_type: str, to_id: str) -> None:
    """Store that a consultation led to ``to_type``/``to_id`` (a case or an aid application)."""
    assert uow.actor is not None
    LinkKind(to_type)  # only the kinds a consultation can lead to
    consultation = uow.session.get(Consultation, consultation_id)
    if consultation is None or consultation.voided_at is not None:
        raise ServiceError("所依据的咨询记录不存在或已作废")
    uow.insert(RecordLink, station_id=uow.actor.station_id, from_type=CONSULTATION,
               from_id=consultation_id, to_type=to_type, to_id=to_id,
               operator_id=uow.actor.operator_id)
    uow.audit(AuditAction.LINK, CONSULTATION, consultation_id, f"{to_type}:{to_id}")


def _record(uow: UnitOfWork, kind: ResponsibleKind, record_id: str) -> Any:
    record = uow.session.get(kind.model, record_id)
    if record is None:
        raise NotFound("记录不存在")
    if getattr(record, "voided_at", None) is not None:
        raise ServiceError("记录已作废，不能移交")
    return record


def _ensure(uow: UnitOfWork, kind: ResponsibleKind, record: Any) -> Responsibility:
    row = uow.session.scalar(select(Responsibility).where(
        Responsibility.record_type == kind.record_type, Responsibility.record_id == record.id))
    if row is None:
        operator_id = getattr(record, kind.creator)
        uow.insert(Responsibility, station_id=record.station_id,
                   record_type=kind.record_type, record_id=record.id,
                   first_receiver_id=operator_id, handler_id=operator_id)
        row = uow.session.scalar(select(Responsibility).where(
            Responsibility.record_type == kind.record_type,
            Responsibility.record_id == record.id))
    assert row is not None
    return row


def _pending(session: Session, record_type: str, record_id: str) -> Handover | None:
    return session.scalar(select(Handover).where(
        Handover.record_type == record_type, Handover.record_id == record_id,
        Handover.status == HandoverStatus.PENDING))


def hand_over(db: Database, actor: Actor, record_type: str, record_id: str, *, target: str,
              reason: str, to_operator_id: str | None = None, to_name: str = "",
              provider_id: str | None = None, at: datetime | None = None) -> str:
    """Record a hand-over (移交) of a record by its current handler (or an admin). The
    handler stays accountable until it is accepted."""
    kind = _kind(record_type)
    with UnitOfWork(db, actor) as uow:
        record = _record(uow, kind, record_id)
        resp = _ensure(uow, kind, record)
        if resp.handler_id is None:
            raise ServiceError(f"该记录已移交“{resp.handler_name}”，不能再次移交")
        if resp.handler_id != actor.operator_id and not actor.is_admin:
            raise ServiceError("只有当前承办人或管理员可以移交")
        if _pending(uow.session, record_type, record_id) is not None:
            raise ServiceError("该记录已有一项待接收的移交，请等对方接收或退回后再办")
        name = to_name.strip()
        if target == HandoverTarget.OPERATOR:
            receiver = uow.session.get(Operator, to_operator_id) if to_operator_id else None
            if receiver is None or not receiver.active:
                raise ServiceError("请选择接收的工作人员（须为在用的操作员）")
            name = receiver.name
        else:
            to_operator_id = None
        if target == HandoverTarget.AGENCY and provider_id:
            provider = uow.session.get(ReferralProvider, provider_id)
            if provider is None or not provider.active:
                raise ServiceError("所选的服务指引机构不存在或已停用")
            name = provider.name
        elif target != HandoverTarget.AGENCY:
            provider_id = None
        errors = check_handover(target, same_operator=to_operator_id == resp.handler_id,
                                to_name=name, reason=reason)
        if errors:
            raise ServiceError("；".join(errors))
        row = uow.insert(
            Handover, station_id=actor.station_id, record_type=record_type,
            record_id=record_id, from_operator_id=resp.handler_id, target=target,
            to_operator_id=to_operator_id, to_name=name, provider_id=provider_id,
            reason=reason.strip(), handed_at=at or datetime.now(UTC),
            status=HandoverStatus.PENDING)
        uow.audit(AuditAction.HANDOVER, record_type, record_id,
                  f"移交{HandoverTarget.label_of(target)}：{name}；原因：{reason.strip()}")
        uow.commit()
        return str(row["id"])


def _load_handover(uow: UnitOfWork, handover_id: str) -> Handover:
    row = uow.session.get(Handover, handover_id)
    if row is None:
        raise NotFound("移交记录不存在")
    if row.status != HandoverStatus.PENDING:
        raise ServiceError(f"该移交已{HandoverStatus.label_of(row.status)}")
    return row


def _decide(uow: UnitOfWork, row: Handover, status: HandoverStatus, at: datetime,
            **extra: Any) -> None:
    assert uow.actor is not None
    # ORM changes (the session hooks bump the version): ``UnitOfWork.update`` binds
    # ``record_id``, a column of these tables.
    row.status, row.decided_at, row.decided_by = status.value, at, uow.actor.operator_id
    for name, value in extra.items():
        setattr(row, name, value)


def accept_handover(db: Database, actor: Actor, handover_id: str, *,
                    at: datetime | None = None) -> None:
    """The receiving operator accepts: they become the current handler (and the case's
    mediator, for a mediation case)."""
    with UnitOfWork(db, actor) as uow:
        row = _load_handover(uow, handover_id)
        if row.target != HandoverTarget.OPERATOR:
            raise ServiceError("移交到站外的事项，请登记对方的接收确认")
        if row.to_operator_id != actor.operator_id:
            raise ServiceError("只有接收人本人可以接收这项移交")
        kind = _kind(row.record_type)
        record = _record(uow, kind, row.record_id)
        resp = _ensure(uow, kind, record)
        _decide(uow, row, HandoverStatus.ACCEPTED, at or datetime.now(UTC))
        resp.handler_id, resp.handler_name = actor.operator_id, ""
        if kind.handler_column:
            uow.update(kind.model, record.id, **{kind.handler_column: actor.operator_id})
        uow.audit(AuditAction.HANDOVER_ACCEPT, row.record_type, row.record_id, row.to_name)
        uow.commit()


def decline_handover(db: Database, actor: Actor, handover_id: str, reason: str, *,
                     at: datetime | None = None) -> None:
    """The receiving operator declines (退回) with a reason; the sender keeps the matter."""
    reason = reason.strip()
    if not reason:
        raise ServiceError("请填写退回原因")
    with UnitOfWork(db, actor) as uow:
        row = _load_handover(uow, handover_id)
        if row.target != HandoverTarget.OPERATOR or row.to_operator_id != actor.operator_id:
            raise ServiceError("只有接收人本人可以退回这项移交")
        _decide(uow, row, HandoverStatus.DECLINED, at or datetime.now(UTC),
                decline_reason=reason)
        uow.audit(AuditAction.HANDOVER_DECLINE, row.record_type, row.record_id, reason)
        uow.commit()


def confirm_handover(db: Database, actor: Actor, handover_id: str, *, confirmed_by: str,
                     confirmed_at: datetime, declined: bool = False,
                     reason: str = "") -> None:
    """Record the outside receiver's answer to a hand-over (another station, the county
    center, an agency): who confirmed and when. Accepted: the matter leaves the station's
    handlers. ``declined``: they refused it (``reason``); the sender keeps it."""
    confirmed_by = confirmed_by.strip()
    if not confirmed_by:
        raise ServiceError("请填写对方确认人")
    if declined and not reason.strip():
        raise ServiceError("请填写对方拒收的原因")
    with UnitOfWork(db, actor) as uow:
        row = _load_handover(uow, handover_id)
        if row.target == HandoverTarget.OPERATOR:
            raise ServiceError("移交给本站工作人员的事项由接收人本人接收")
        if row.from_operator_id != actor.operator_id and not actor.is_admin:
            raise ServiceError("只有移交人或管理员可以登记对方的确认")
        if confirmed_at < row.handed_at:
            raise ServiceError("确认时间不能早于移交时间")
        if declined:
            _decide(uow, row, HandoverStatus.DECLINED, confirmed_at,
                    confirmed_by=confirmed_by, decline_reason=reason.strip())
        else:
            kind = _kind(row.record_type)
            resp = _ensure(uow, kind, _record(uow, kind, row.record_id))
            _decide(uow, row, HandoverStatus.ACCEPTED, confirmed_at, confirmed_by=confirmed_by)
            resp.handler_id, resp.handler_name = None, row.to_name
        uow.audit(AuditAction.HANDOVER_CONFIRM, row.record_type, row.record_id,
                  f"{row.to_name}（{confirmed_by}）{'拒收' if declined else '已接收'}")
        uow.commit()


def settle_consultation(db: Database, actor: Actor, consultation_id: str, note: str,
                        on: date) -> None:
    """The handler records that a consultation not answered on the spot was answered."""
    note = note.strip()
    if not note:
        raise ServiceError("请填写答复情况")
    kind = _kind(CONSULTATION)
    with UnitOfWork(db, actor) as uow:
        record = _record(uow, kind, consultation_id)
        resp = _ensure(uow, kind, record)
        if resp.handler_id != actor.operator_id and not actor.is_admin:
            raise ServiceError("只有当前承办人或管理员可以登记答复")
        if on < record.occurred_at.astimezone().date():
            raise ServiceError("答复日期不能早于咨询日期")
        resp.settled_on, resp.settled_note = on, note
        uow.audit(AuditAction.HANDOVER_SETTLE, CONSULTATION, consultation_id, note)
        uow.commit()


def consultation_days(db: Database) -> int:
    with db.read() as session:
        return _consultation_days(session)


def _consultation_days(session: Session) -> int:
    station = session.scalars(select(Station)).first()
    days = getattr(station, "consultation_days", None)
    return days if isinstance(days, int) and days > 0 else DEFAULT_CONSULTATION_DAYS


def set_consultation_days(db: Database, actor: Actor, days: int) -> None:
    """The admin's consultation time limit (working days)."""
    if not actor.is_admin:
        raise ServiceError("只有管理员可以修改咨询答复时限")
    message = check_consultation_days(days)
    if message:
        raise ServiceError(message)
    with UnitOfWork(db, actor) as uow:
        station = uow.session.get(Station, actor.station_id)
        if station is None:
            raise NotFound("站点不存在")
        before = station.consultation_days
        station.consultation_days = days
        uow.audit(AuditAction.SETTINGS, "station", station.id,
                  f"咨询答复时限：{before} → {days} 个工作日")
        uow.commit()


# --- reading --------------------------------------------------------------------------------


@dataclass(frozen=True)
class HandoverView:
    id: str
    record_type: str
    record_id: str
    from_name: str
    target: str
    target_label: str
    to_operator_id: str | None
    to_name: str
    reason: str
    handed_at: datetime
    status: str
    status_label: str
    decided_at: datetime | None
    decided_by_name: str
    confirmed_by: str
    decline_reason: str
    #: "调解案件 （2026）…调字第12号": what is handed over (filled for workbench lists).
    record_label: str = ""


@dataclass(frozen=True)
class LinkView:
    record_type: str
    record_id: str
    number: str
    label: str


@dataclass(frozen=True)
class ResponsibilityView:
    record_type: str
    record_id: str
    first_receiver_id: str
    first_receiver_name: str
    handler_id: str | None
    #: The operator's name, or the outside receiver's once confirmed.
    handler_name: str
    settled_on: date | None
    settled_note: str
    handovers: list[HandoverView] = field(default_factory=list)
    links: list[LinkView] = field(default_factory=list)

    @property
    def pending(self) -> HandoverView | None:
        return next((h for h in self.handovers if h.status == HandoverStatus.PENDING), None)


def _names(session: Session, ids: set[str | None]) -> dict[str, str]:
    wanted = [i for i in ids if i]
    if not wanted:
        return {}
    return dict(session.execute(select(Operator.id, Operator.name)
                                .where(Operator.id.in_(wanted))).all())


def _numbers(session: Session, pairs: Sequence[tuple[str, str]]) -> dict[tuple[str, str], str]:
    out: dict[tuple[str, str], str] = {}
    for record_type, record_id in pairs:
        kind = KINDS.get(record_type)
        if kind is None:
            continue
        number = session.scalar(select(getattr(kind.model, kind.number)).where(
            kind.model.id == record_id))  # type: ignore[attr-defined]
        out[(record_type, record_id)] = number or ""
    return out


def load_responsibility_in(session: Session, record_type: str,
                           record_id: str) -> ResponsibilityView:
    kind = _kind(record_type)
    record = session.get(kind.model, record_id)
    if record is None:
        raise NotFound("记录不存在")
    resp = session.scalar(select(Responsibility).where(
        Responsibility.record_type == record_type, Responsibility.record_id == record_id))
    creator = getattr(record, kind.creator)
    first = resp.first_receiver_id if resp else creator
    handler = resp.handler_id if resp else creator
    rows = list(session.scalars(select(Handover).where(
        Handover.record_type == record_type, Handover.record_id == record_id)
        .order_by(Handover.handed_at, Handover.id)))
    names = _names(session, {first, handler} | {h.from_operator_id for h in rows}
                   | {h.decided_by for h in rows})
    handovers = [HandoverView(
        id=h.id, record_type=h.record_type, record_id=h.record_id,
        from_name=names.get(h.from_operator_id, ""), target=h.target,
        target_label=HandoverTarget.label_of(h.target), to_operator_id=h.to_operator_id,
        to_name=h.to_name, reason=h.reason, handed_at=h.handed_at, status=h.status,
        status_label=HandoverStatus.label_of(h.status), decided_at=h.decided_at,
        decided_by_name=names.get(h.decided_by or "", ""), confirmed_by=h.confirmed_by,
        decline_reason=h.decline_reason) for h in rows]
    link_rows = session.execute(select(RecordLink).where(
        ((RecordLink.from_type == record_type) & (RecordLink.from_id == record_id))
        | ((RecordLink.to_type == record_type) & (RecordLink.to_id == record_id)))
        .order_by(RecordLink.created_at)).scalars().all()
    others = [(r.to_type, r.to_id) if r.from_id == record_id else (r.from_type, r.from_id)
              for r in link_rows]
    numbers = _numbers(session, others)
    links = [LinkView(t, i, numbers.get((t, i), ""), KINDS[t].label if t in KINDS else t)
             for t, i in others]
    return ResponsibilityView(
        record_type=record_type, record_id=record_id, first_receiver_id=first,
        first_receiver_name=names.get(first, ""), handler_id=handler,
        handler_name=names.get(handler or "", "") if handler else (resp.handler_name
                                                                    if resp else ""),
        settled_on=resp.settled_on if resp else None,
        settled_note=resp.settled_note if resp else "", handovers=handovers, links=links)


def load_responsibility(db: Database, record_type: str, record_id: str) -> ResponsibilityView:
    with db.read() as session:
        return load_responsibility_in(session, record_type, record_id)


def responsible_name(session: Session, record_type: str, record_id: str) -> str:
    """The name printed on a record's receipt and forms as 首问责任人 / 承办人: whoever
    answers for the matter (the current handler; the first receiver once it left the
    station), never the person printing."""
    view = load_responsibility_in(session, record_type, record_id)
    return view.handler_name if view.handler_id else view.first_receiver_name


# --- the workbench: 我负责的未结事项 --------------------------------------------------------


@dataclass(frozen=True)
class OpenItem:
    record_type: str
    kind_label: str
    record_id: str
    number: str
    title: str
    #: "移交待接收：<name>" while a hand-over from the handler waits; "" otherwise.
    note: str
    due: date | None = None


@dataclass(frozen=True)
class MyWork:
    #: Open matters whose current handler is the operator.
    open_items: list[OpenItem]
    #: Hand-overs to the operator waiting for their answer.
    incoming: list[HandoverView]


def _open_rows(session: Session, kind: ResponsibleKind, handler: str | None,
               received_before: datetime | None = None) -> list[tuple[str, str, Any]]:
    """(id, number, received-at) of the kind's open records, of one handler (or all)."""
    m = kind.model
    resp = aliased(Responsibility)
    creator = getattr(m, kind.creator)
    current = case((resp.id.is_(None), creator), else_=resp.handler_id)
    received = m.occurred_at if hasattr(m, "occurred_at") else m.created_at  # type: ignore[attr-defined]
    stmt = (select(m.id, getattr(m, kind.number), received)  # type: ignore[attr-defined]
            .outerjoin(resp, and_(resp.record_type == kind.record_type,
                                  resp.record_id == m.id))  # type: ignore[attr-defined]
            .where(kind.open_when(m), resp.settled_on.is_(None), current.is_not(None)))
    if hasattr(m, "voided_at"):
        stmt = stmt.where(m.voided_at.is_(None))  # type: ignore[attr-defined]
    if handler is not None:
        stmt = stmt.where(current == handler)
    if received_before is not None:
        stmt = stmt.where(received < received_before)
    return [(r[0], r[1], r[2]) for r in session.execute(stmt)]


def my_work(db: Database, actor: Actor) -> MyWork:
    with db.read() as session:
        return my_work_in(session, actor)


def my_work_in(session: Session, actor: Actor) -> MyWork:
    days = _consultation_days(session)
    pending = {(h.record_type, h.record_id): h for h in session.scalars(
        select(Handover).where(Handover.status == HandoverStatus.PENDING))}
    items: list[OpenItem] = []
    for kind in KINDS.values():
        rows = _open_rows(session, kind, actor.operator_id)
        titles = kind.titles(session, [r[0] for r in rows]) if kind.titles and rows else {}
        dues = kind.dues(session, [r[0] for r in rows]) if kind.dues and rows else {}
        for record_id, number, received in rows:
            waiting = pending.get((kind.record_type, record_id))
            due = dues.get(record_id)
            if kind.record_type == CONSULTATION and isinstance(received, datetime):
                due = consultation_due(received.astimezone().date(), days)
            items.append(OpenItem(
                kind.record_type, kind.label, record_id, number or "",
                titles.get(record_id, ""),
                f"移交待接收：{waiting.to_name}" if waiting else "", due))
    items.sort(key=lambda i: (i.due or date.max, i.number))
    incoming_ids = [h.id for h in pending.values() if h.to_operator_id == actor.operator_id]
    incoming: list[HandoverView] = []
    for hid in incoming_ids:
        h = session.get(Handover, hid)
        assert h is not None
        record = session.get(KINDS[h.record_type].model, h.record_id) \
            if h.record_type in KINDS else None
        if record is None or getattr(record, "voided_at", None) is not None:
            continue  # a voided record is nobody's work
        view = load_responsibility_in(session, h.record_type, h.record_id)
        number = _numbers(session, [(h.record_type, h.record_id)]).get(
            (h.record_type, h.record_id), "")
        label = f"{KINDS[h.record_type].label} {number}" if h.record_type in KINDS else ""
        incoming += [replace(v, record_label=label) for v in view.handovers if v.id == hid]
    incoming.sort(key=lambda v: v.handed_at)
    return MyWork(items, incoming)


def consultation_deadlines(session: Session, today: date,
                           horizon: date) -> list[tuple[str, str, str, date]]:
    """(id, number, title, due) of open consultations due by ``horizon`` (限时办结)."""
    days = _consultation_days(session)
    kind = KINDS[CONSULTATION]
    # Working days are never fewer calendar days: read only consultations old enough.
    oldest = local_day_start(horizon - timedelta(days=days) + timedelta(days=1))
    rows = _open_rows(session, kind, None, oldest)
    out: list[tuple[str, str, str, date]] = []
    titles = _consultation_titles(session, [r[0] for r in rows]) if rows else {}
    for record_id, number, received in rows:
        due = consultation_due(received.astimezone().date(), days)
        if due <= horizon:
            out.append((record_id, number, titles.get(record_id, ""), due))
    return out



@dataclass(frozen=True)
class Choice:
    id: str
    name: str


@dataclass(frozen=True)
class HandoverChoices:
    """What the 移交 dialog offers: the station's other active operators, the directory's
    active agencies, and the county center's name."""

    operators: list[Choice]
    agencies: list[Choice]
    county_center: str


def handover_choices(db: Database, actor: Actor) -> HandoverChoices:
    with db.read() as session:
        operators = [Choice(i, n) for i, n in session.execute(
            select(Operator.id, Operator.name).where(Operator.active.is_(True),
                                                     Operator.id != actor.operator_id)
            .order_by(Operator.name))]
        agencies = [Choice(i, n) for i, n in session.execute(
            select(ReferralProvider.id, ReferralProvider.name)
            .where(ReferralProvider.active.is_(True)).order_by(ReferralProvider.name))]
        station = session.get(Station, actor.station_id)
        return HandoverChoices(operators, agencies, station.county_center if station else "")
