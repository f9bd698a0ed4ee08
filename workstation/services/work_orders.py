"""12348 work orders (12348工单): register the orders the 12348 platform dispatches to the
station, link the station's handling to them, record the reply back to the platform, open and
list them, and find those overdue or due soon (rules in ``domain.work_orders``).

Every write is one transaction with its audit entry (and, through the triggers, its
change-log row for sync). Edits are versioned: the form hands back the version it showed and
an edit of a newer version is refused. Who may change an order: whoever registered it, or a
station admin; any operator of the station may link handling to it or record its reply (the
order is the station's, and the reply names who gave it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from workstation.domain.audit import AuditAction
from workstation.domain.deadlines import DUE_SOON_DAYS, due_state
from workstation.domain.enums import Channel
from workstation.domain.errors import ValidationError
from workstation.domain.work_orders import (
    HandlingKind,
    OrderState,
    ReplyInput,
    ReplyMethod,
    WorkOrderInput,
    is_overdue,
    order_state,
    order_title,
    replied_on_time,
    short_text,
)
from workstation.storage.engine import Database
from workstation.storage.models import (
    AidReferral,
    Consultation,
    MediationCase,
    Operator,
    WorkOrder,
)
from workstation.storage.types import utcnow

from . import responsibility
from .context import Actor, NotFound, ServiceError, UnitOfWork
from .listing import Column, ListQuery, ListRow, enum_order, like_pattern
from .permissions import NotPermitted

RECORD_TYPE = "work_order"
KIND = "orders"
STALE = "该工单已被修改（可能是其他人同时在编辑），请重新打开后再修改"
_FIELDS = ("order_no", "channel", "received_on", "due_on", "request", "caller_name",
           "caller_phone")

#: The order's link column and the linked model of each kind of handling.
_LINKS: dict[HandlingKind, tuple[str, Any]] = {
    HandlingKind.CONSULTATION: ("consultation_id", Consultation),
    HandlingKind.MEDIATION_CASE: ("case_id", MediationCase),
    HandlingKind.AID_REFERRAL: ("referral_id", AidReferral),
}


def _duplicate(order_no: str) -> ServiceError:
    return ServiceError(f"工单编号“{order_no}”已经登记过，请核对后再保存")


# --- writing ------------------------------------------------------------------------------


def register_order(db: Database, actor: Actor, data: WorkOrderInput, *,
                   today: date | None = None) -> str:
    """Save a new work order received by ``actor`` (the receiving operator); returns its id.
    Refused with a clear message when the station already has the order number."""
    data = data.validated(today)
    with UnitOfWork(db, actor) as uow:
        session = uow.session
        _check_unique(session, actor.station_id, data.order_no, None)
        order = WorkOrder(station_id=actor.station_id, operator_id=actor.operator_id,
                          **{f: getattr(data, f) for f in _FIELDS})
        session.add(order)
        session.flush()
        responsibility.receive(uow, RECORD_TYPE, order.id, actor.operator_id)  # 首问责任人
        uow.audit(AuditAction.CREATE, RECORD_TYPE, order.id,
                  f"{order.order_no} {Channel.label_of(order.channel)} due {order.due_on}")
        uow.commit()
        return order.id


def update_order(db: Database, actor: Actor, order_id: str, data: WorkOrderInput, *,
                 expected_version: int, today: date | None = None) -> int:
    """Change a registered order's fields; returns the new version. Refused when the order
    changed since ``expected_version`` was read."""
    data = data.validated(today)
    with UnitOfWork(db, actor) as uow:
        session = uow.session
        order = _get(session, order_id)
        _check_may_change(actor, order)
        if order.version != expected_version:
            raise ServiceError(STALE)
        if order.replied_on is not None and data.received_on > order.replied_on:
            raise ValidationError.single("received_on", "接收日期不能晚于已登记的回复日期")
        _check_unique(session, order.station_id, data.order_no, order.id)
        changed = [f for f in _FIELDS if getattr(order, f) != getattr(data, f)]
        if not changed:
            return order.version
        for name in changed:
            setattr(order, name, getattr(data, name))
        order.updated_at = utcnow()
        session.flush()
        uow.audit(AuditAction.UPDATE, RECORD_TYPE, order.id,
                  f"{order.order_no} v{order.version}: {','.join(changed)}")
        uow.commit()
        return order.version


def link_handling(db: Database, actor: Actor, order_id: str, kind: str,
                  record_id: str | None) -> None:
    """Link the station's handling of ``kind`` (consultation, mediation case, aid referral)
    to the order, or unlink it (``record_id`` None). A record handles one order at most."""
    with UnitOfWork(db, actor) as uow:
        link_in(uow, order_id, kind, record_id)
        uow.commit()


def link_in(uow: UnitOfWork, order_id: str, kind: str, record_id: str | None) -> None:
    """``link_handling`` inside ``uow``: a record made for an order (``order_id``) is saved
    and linked in one transaction, or neither."""
    try:
        handling = HandlingKind(kind)
    except ValueError:
        raise ServiceError(f"无法关联“{kind}”类记录") from None
    column, model = _LINKS[handling]
    session = uow.session
    order = _get(session, order_id)
    if getattr(order, column) == record_id:
        return
    number = "-"
    if record_id is not None:
        session.flush()
        record = session.get(model, record_id)
        if record is None or record.voided_at is not None:
            raise NotFound(f"找不到该{handling.label}记录（可能已作废）")
        other = session.scalar(select(WorkOrder.order_no).where(
            getattr(WorkOrder, column) == record_id, WorkOrder.id != order.id))
        if other is not None:
            raise ServiceError(f"该{handling.label}记录已关联工单{other}")
        number = record.number
    uow.update(WorkOrder, order.id, **{column: record_id})
    uow.audit(AuditAction.LINK, RECORD_TYPE, order.id,
              f"{order.order_no} {handling.value} {number}")


def record_reply(db: Database, actor: Actor, order_id: str, reply: ReplyInput, *,
                 today: date | None = None) -> None:
    """Record (or correct) the reply back to the 12348 platform: when, what, how, and by whom
    (``reply.replied_by``, an active operator of the station; default the actor)."""
    with UnitOfWork(db, actor) as uow:
        session = uow.session
        order = _get(session, order_id)
        reply = reply.validated(order.received_on, today)
        replied_by = reply.replied_by or actor.operator_id
        operator = session.get(Operator, replied_by)
        if operator is None or not operator.active:
            raise ServiceError("回复人不是本站在用的操作员，请重新选择")
        changes = {"replied_on": reply.replied_on, "reply_content": reply.content,
                   "reply_method": reply.method, "replied_by": replied_by}
        changes = {k: v for k, v in changes.items() if getattr(order, k) != v}
        if not changes:
            return
        again = order.replied_on is not None
        uow.update(WorkOrder, order.id, **changes)
        uow.audit(AuditAction.REPLY, RECORD_TYPE, order.id,
                  f"{order.order_no} {'更正' if again else ''}{reply.replied_on.isoformat()} "
                  f"{reply.method}")
        uow.commit()


def _get(session: Session, order_id: str) -> WorkOrder:
    order = session.get(WorkOrder, order_id)
    if order is None:
        raise NotFound("找不到该工单")
    return order


def _check_may_change(actor: Actor, order: WorkOrder) -> None:
    if not actor.is_admin and order.operator_id != actor.operator_id:
        raise NotPermitted("只有登记人或站点管理员可以修改该工单")


def _check_unique(session: Session, station_id: str, order_no: str,
                  own_id: str | None) -> None:
    stmt = select(WorkOrder.id).where(WorkOrder.station_id == station_id,
                                      WorkOrder.order_no == order_no)
    if own_id is not None:
        stmt = stmt.where(WorkOrder.id != own_id)
    if session.scalar(stmt) is not None:
        raise _duplicate(order_no)


# --- reading ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LinkedHandling:
    kind: str
    kind_label: str
    record_id: str
    number: str


@dataclass(frozen=True)
class WorkOrderDetail:
    id: str
    order_no: str
    channel: str
    channel_label: str
    received_on: date
    due_on: date
    request: str
    caller_name: str
    caller_phone: str
    operator_id: str
    received_by: str
    handling: tuple[LinkedHandling, ...]
    replied_on: date | None
    reply_content: str
    reply_method: str
    reply_method_label: str
    replied_by: str
    state: str
    state_label: str
    overdue: bool
    on_time: bool
    due_label: str
    version: int
    created_at: datetime | None = None

    @property
    def number(self) -> str:
        """The order's number as printed and searched: the platform's own."""
        return self.order_no

    def as_input(self) -> WorkOrderInput:
        return WorkOrderInput(order_no=self.order_no, channel=self.channel,
                              received_on=self.received_on, due_on=self.due_on,
                              request=self.request, caller_name=self.caller_name,
                              caller_phone=self.caller_phone)


def load_order(db: Database, order_id: str, *, today: date | None = None) -> WorkOrderDetail:
    day = today or date.today()
    with db.read() as session:
        o = _get(session, order_id)
        names = dict(session.execute(select(Operator.id, Operator.name).where(
            Operator.id.in_([i for i in (o.operator_id, o.replied_by) if i]))).all())
        handling = []
        for kind, (column, model) in _LINKS.items():
            record_id = getattr(o, column)
            if record_id is None:
                continue
            row = session.execute(select(model.number, model.voided_at)
                                  .where(model.id == record_id)).first()
            number = row.number if row is not None else ""
            if row is not None and row.voided_at is not None:
                number += "（已作废）"  # voided after it was linked: said, never hidden
            handling.append(LinkedHandling(kind.value, kind.label, record_id, number))
        state = order_state(replied=o.replied_on is not None, linked=bool(handling))
        overdue = is_overdue(o.due_on, o.replied_on, day)
        return WorkOrderDetail(
            id=o.id, order_no=o.order_no, channel=o.channel,
            channel_label=Channel.label_of(o.channel), received_on=o.received_on,
            due_on=o.due_on, request=o.request, caller_name=o.caller_name,
            caller_phone=o.caller_phone, operator_id=o.operator_id,
            received_by=names.get(o.operator_id, ""), handling=tuple(handling),
            replied_on=o.replied_on, reply_content=o.reply_content,
            reply_method=o.reply_method, reply_method_label=ReplyMethod.label_of(o.reply_method),
            replied_by=names.get(o.replied_by or "", ""), state=state.value,
            state_label=state.label, overdue=overdue,
            on_time=replied_on_time(o.due_on, o.replied_on),
            due_label=_due_label(o.due_on, o.replied_on, day), version=o.version,
            created_at=o.created_at)


def _due_label(due_on: date, replied_on: date | None, today: date) -> str:
    if replied_on is not None:
        return "按期回复" if replied_on <= due_on else f"逾期{(replied_on - due_on).days}天回复"
    return due_state(due_on, today).label


def order_of(db: Database, kind: str, record_id: str) -> tuple[str, str] | None:
    """(order id, order number) of the work order a consultation, case or referral handles,
    or None: the record's view names the order it answers."""
    column, _ = _LINKS[HandlingKind(kind)]
    with db.read() as session:
        row = session.execute(select(WorkOrder.id, WorkOrder.order_no).where(
            getattr(WorkOrder, column) == record_id)).first()
    return (row.id, row.order_no) if row is not None else None


@dataclass(frozen=True)
class DueOrder:
    id: str
    order_no: str
    title: str
    due_on: date


def due_orders(session: Session, today: date,
               horizon_days: int = DUE_SOON_DAYS) -> list[DueOrder]:
    """Orders not yet replied whose due day is past or within ``horizon_days`` (the 限时办结
    reminders); the due-day index reads only those."""
    w = WorkOrder
    rows = session.execute(
        select(w.id, w.order_no, w.channel, w.request, w.due_on)
        .where(w.replied_on.is_(None), w.due_on <= today + timedelta(days=horizon_days))
        .order_by(w.due_on, w.order_no))
    return [DueOrder(r.id, r.order_no, order_title(r.channel, r.request), r.due_on)
            for r in rows]


# --- the list (services.listing dispatches the "orders" kind here) --------------------------

COLUMNS = (
    Column("number", "工单编号", True),
    Column("date", "接收日期", True),
    Column("title", "诉求内容", False),
    Column("type_label", "来源", True),
    Column("status_label", "状态", True),
    Column("extra", "办理期限", True),
)

#: The list's status filter: a state, or "overdue" (past due without a reply).
OVERDUE = "overdue"


def _linked() -> Any:
    w = WorkOrder
    return (w.consultation_id.is_not(None) | w.case_id.is_not(None)
            | w.referral_id.is_not(None))


def _filtered(query: ListQuery, stmt: Select[Any], today: date) -> Select[Any]:
    w = WorkOrder
    if query.type_code:
        stmt = stmt.where(w.channel == query.type_code)
    if query.status == OrderState.REPLIED:
        stmt = stmt.where(w.replied_on.is_not(None))
    elif query.status == OrderState.HANDLING:
        stmt = stmt.where(w.replied_on.is_(None), _linked())
    elif query.status == OrderState.PENDING:
        stmt = stmt.where(w.replied_on.is_(None), ~_linked())
    elif query.status == OVERDUE:
        stmt = stmt.where(w.replied_on.is_(None), w.due_on < today)
    if query.date_from:
        stmt = stmt.where(w.received_on >= query.date_from)
    if query.date_to:
        stmt = stmt.where(w.received_on <= query.date_to)
    text = query.text.strip()
    if text:
        pattern = like_pattern(text)
        stmt = stmt.where(w.order_no.like(pattern, escape="\\")
                          | w.request.like(pattern, escape="\\")
                          | w.caller_name.like(pattern, escape="\\"))
    return stmt


def _sort_terms(key: str) -> list[Any]:
    w = WorkOrder
    terms: dict[str, list[Any]] = {
        "number": [w.order_no],
        "date": [w.received_on, w.order_no],
        "type_label": [enum_order(w.channel, Channel)],
        "status_label": [w.replied_on.is_not(None), _linked()],
        "extra": [w.due_on],
    }
    if key not in terms:
        raise ValueError(f"list 'orders' cannot be sorted by {key!r}")
    return terms[key]


def count_rows(db: Database, query: ListQuery, *, today: date | None = None) -> int:
    stmt = _filtered(query, select(func.count()).select_from(WorkOrder),
                     today or date.today())
    with db.read() as session:
        return int(session.scalar(stmt) or 0)


def fetch_rows(db: Database, query: ListQuery, offset: int, limit: int, *,
               today: date | None = None) -> list[ListRow]:
    if limit <= 0:
        return []
    day = today or date.today()
    w = WorkOrder
    terms = [*_sort_terms(query.sort_key), w.id]
    stmt = _filtered(query, select(w.id, w.order_no, w.received_on, w.request, w.channel,
                                   w.due_on, w.replied_on, _linked().label("linked")), day)
    stmt = stmt.order_by(*(t.desc() if query.descending else t.asc() for t in terms))
    with db.read() as session:
        rows = session.execute(stmt.offset(max(0, offset)).limit(limit)).all()
    out = []
    for r in rows:
        state = order_state(replied=r.replied_on is not None, linked=bool(r.linked))
        out.append(ListRow(
            id=r.id, number=r.order_no, date=r.received_on, title=short_text(r.request),
            type_label=Channel.label_of(r.channel), status=state.value,
            status_label=state.label,
            extra=f"{r.due_on.isoformat()}（{_due_label(r.due_on, r.replied_on, day)}）",
            alert=is_overdue(r.due_on, r.replied_on, day)))
    return out


def list_orders(db: Database, *, limit: int | None = None,
                today: date | None = None) -> list[dict[str, Any]]:
    """Newest first, for the command line (``list orders``)."""
    day = today or date.today()
    w = WorkOrder
    stmt = (select(w.id, w.order_no, w.channel, w.received_on, w.due_on, w.replied_on,
                   w.request, _linked().label("linked"))
            .order_by(w.received_on.desc(), w.order_no.desc()).limit(limit))
    with db.read() as session:
        return [
            {"id": r.id, "order_no": r.order_no, "channel": r.channel,
             "received_on": r.received_on.isoformat(), "due_on": r.due_on.isoformat(),
             "replied_on": r.replied_on.isoformat() if r.replied_on else None,
             "state": order_state(replied=r.replied_on is not None,
                                  linked=bool(r.linked)).value,
             "overdue": is_overdue(r.due_on, r.replied_on, day), "request": r.request}
            for r in session.execute(stmt)
        ]
