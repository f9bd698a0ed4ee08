"""People's mediation cases: open, accept, sessions, agreement, follow-up, status changes."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from workstation.domain.deadlines import mediation_deadline
from workstation.domain.enums import MediationStatus
from workstation.domain.errors import ValidationError
from workstation.domain.inputs import AgreementInput, CaseInput, FollowUpInput, SessionInput
from workstation.domain.numbering import NumberKind
from workstation.domain.rating import RatingMethod, RatingSource
from workstation.domain.transitions import MEDIATION_CONCLUDED, check_mediation_transition
from workstation.storage.engine import Database
from workstation.storage.models import (
    FollowUp,
    MediationAgreement,
    MediationCase,
    MediationParty,
    MediationSession,
    Operator,
    StatusChange,
)

from . import responsibility, work_orders
from .committees import check_case_committee
from .context import Actor, NotFound, ServiceError, UnitOfWork
from .numbers import next_number
from .persons import resolve_person
from .ratings import add_rating, day_moment
from .voiding import refuse_if_voided

S = MediationStatus
RECORD_TYPE = "mediation_case"


def _load(uow: UnitOfWork, case_id: str) -> MediationCase:
    case = uow.session.get(MediationCase, case_id)
    if case is None:
        raise NotFound("找不到该调解案件")
    refuse_if_voided(case, RECORD_TYPE)
    return case


def _move(uow: UnitOfWork, case: MediationCase, target: MediationStatus, *,
          reason: str = "", on: date | None = None) -> None:
    """Apply an allowed status change and write its timeline row and audit entry."""
    assert uow.actor is not None
    check_mediation_transition(case.status, target, reason)
    previous = case.status
    case.status = target
    case.status_reason = reason.strip()
    if target in MEDIATION_CONCLUDED:
        case.concluded_on = on or date.today()
    uow.session.add(StatusChange(
        station_id=case.station_id, record_type=RECORD_TYPE, record_id=case.id,
        from_status=previous, to_status=target, changed_at=datetime.now(UTC),
        operator_id=uow.actor.operator_id, reason=reason.strip(),
    ))
    uow.audit("status", RECORD_TYPE, case.id, f"{previous}->{target}")


def _operator_name(uow: UnitOfWork) -> str:
    assert uow.actor is not None
    operator = uow.session.get(Operator, uow.actor.operator_id)
    return operator.name if operator is not None else ""


def open_case(db: Database, actor: Actor, data: CaseInput, *, today: date | None = None,
              consultation_id: str | None = None, work_order_id: str | None = None) -> str:
    """Register a new case (status 已登记) with its parties; ``consultation_id``: the
    consultation it came from (stored link, ``services.responsibility``); ``work_order_id``:
    the 12348 order it handles (linked in the same transaction)."""
    data = data.validated(today)
    with UnitOfWork(db, actor) as uow:
        station_id = actor.station_id
        committee_id = check_case_committee(uow.session, data.committee_id)
        year = data.registered_on.year
        seq, number = next_number(uow, station_id, NumberKind.MEDIATION, year)
        case_id = uow.insert(
            MediationCase, station_id=station_id, year=year, seq=seq, number=number,
            source=data.source, referring_body=data.referring_body,
            referring_body_kind=data.referring_body_kind,
            dispute_type=data.dispute_type, facts=data.facts, claims=data.claims,
            amount_involved_fen=data.amount_involved_fen, registered_on=data.registered_on,
            status=S.REGISTERED, mediator_id=data.mediator_id or actor.operator_id,
            co_mediators=data.co_mediators, committee_id=committee_id,
        )["id"]
        for position, party in enumerate(data.parties):
            person_id = resolve_person(uow, party.person_id, party.person)
            uow.insert(
                MediationParty, station_id=station_id, case_id=case_id, role=party.role,
                position=position, person_id=person_id, org_name=party.org_name.strip(),
                org_representative=party.org_representative.strip(),
                org_address=party.org_address.strip(),
            )
        uow.insert(
            StatusChange, station_id=station_id, record_type=RECORD_TYPE, record_id=case_id,
            from_status=None, to_status=S.REGISTERED, changed_at=datetime.now(UTC),
            operator_id=actor.operator_id,
        )
        responsibility.receive(uow, RECORD_TYPE, case_id, actor.operator_id,
                               handler_id=data.mediator_id or actor.operator_id,
                               consultation_id=consultation_id)
        uow.audit("create", RECORD_TYPE, case_id, number)
        if work_order_id is not None:
            work_orders.link_in(uow, work_order_id, RECORD_TYPE, case_id)
        uow.commit()
        return case_id


def accept_case(db: Database, actor: Actor, case_id: str, accepted_on: date) -> None:
    """Accept a registered case; its one-month deadline starts now."""
    if accepted_on > date.today():
        raise ValidationError.single("accepted_on", "受理日期不能晚于今天")
    with UnitOfWork(db, actor) as uow:
        case = _load(uow, case_id)
        if accepted_on < case.registered_on:
            raise ValidationError.single("accepted_on", "受理日期不能早于登记日期")
        _move(uow, case, S.ACCEPTED)
        case.accepted_on = accepted_on
        case.deadline = mediation_deadline(accepted_on, case.extension_days)
        uow.commit()


def extend_deadline(db: Database, actor: Actor, case_id: str, days: int, reason: str) -> date:
    """Extend an open case's deadline by ``days`` with a recorded reason; returns the new one."""
    if not reason.strip():
        raise ValidationError.single("extension_reason", "延长调解期限需要填写原因")
    if not 1 <= days <= 90:
        raise ValidationError.single("extension_days", "延长天数应在1至90天之间")
    with UnitOfWork(db, actor) as uow:
        case = _load(uow, case_id)
        if case.accepted_on is None or case.status not in (S.ACCEPTED, S.MEDIATING):
            raise ServiceError("只有已受理、调解中的案件可以延长期限")
        case.extension_days += days
        case.extension_reason = reason.strip()
        case.deadline = mediation_deadline(case.accepted_on, case.extension_days)
        uow.audit("extend", RECORD_TYPE, case.id, f"+{days}: {reason.strip()}")
        uow.commit()
        return case.deadline


def record_session(db: Database, actor: Actor, case_id: str, data: SessionInput) -> str:
    """Add a mediation session; the first one moves an accepted case to 调解中."""
    data = data.validated()
    with UnitOfWork(db, actor) as uow:
        case = _load(uow, case_id)
        if case.status == S.ACCEPTED:
            _move(uow, case, S.MEDIATING)
        elif case.status != S.MEDIATING:
            raise ServiceError(f"案件状态为“{S(case.status).label}”，不能记录调解")
        session_row = MediationSession(
            station_id=case.station_id, case_id=case.id, held_at=data.held_at,
            place=data.place, attendees=data.attendees, record=data.record,
            mediator_id=actor.operator_id, recorder=data.recorder or _operator_name(uow),
        )
        uow.session.add(session_row)
        uow.session.flush()
        uow.audit("create", "mediation_session", session_row.id, case.number)
        uow.commit()
        return session_row.id


def record_agreement(db: Database, actor: Actor, case_id: str, data: AgreementInput) -> str:
    """Record the written or oral agreement; the case becomes 调解成功."""
    data = data.validated()
    with UnitOfWork(db, actor) as uow:
        case = _load(uow, case_id)
        if case.status != S.MEDIATING:
            raise ServiceError("只有调解中的案件可以登记调解协议")
        if case.accepted_on and data.effective_on < case.accepted_on:
            raise ValidationError.single("effective_on", "协议生效日期不能早于受理日期")
        agreement = MediationAgreement(
            station_id=case.station_id, case_id=case.id, form=data.form, terms=data.terms,
            responsibility=data.responsibility, performance_manner=data.performance_manner,
            performance_place=data.performance_place,
            performance_deadline=data.performance_deadline, effective_on=data.effective_on,
            amount_agreed_fen=data.amount_agreed_fen, copies=data.copies,
            judicial_confirmation_applied=data.judicial_confirmation_applied,
        )
        uow.session.add(agreement)
        _move(uow, case, S.AGREED, on=data.effective_on)
        uow.session.flush()
        uow.audit("create", "mediation_agreement", agreement.id, case.number)
        uow.commit()
        return agreement.id


def record_follow_up(db: Database, actor: Actor, case_id: str, data: FollowUpInput) -> str:
    """Record a follow-up visit; the first one moves the case to 已回访."""
    data = data.validated()
    with UnitOfWork(db, actor) as uow:
        case = _load(uow, case_id)
        if case.status not in (S.AGREED, S.FOLLOWED_UP):
            raise ServiceError("只有调解成功的案件需要回访")
        agreement = uow.session.scalars(
            select(MediationAgreement).where(MediationAgreement.case_id == case.id)
        ).first()
        if agreement is not None and data.visited_on < agreement.effective_on:
            raise ValidationError.single("visited_on", "回访日期不能早于协议生效日期")
        visit = FollowUp(
            station_id=case.station_id, case_id=case.id, visited_on=data.visited_on,
            performance=data.performance, satisfaction=data.satisfaction, notes=data.notes,
            operator_id=actor.operator_id, method=data.method, visitee=data.visitee,
        )
        uow.session.add(visit)
        if data.satisfaction:
            add_rating(uow, record_type=RECORD_TYPE, record_id=case.id, value=data.satisfaction,
                       source=RatingSource.VISIT, method=RatingMethod.VISIT,
                       rated_at=day_moment(data.visited_on))
        if agreement is not None:
            latest = uow.session.scalars(
                select(FollowUp.visited_on).where(FollowUp.case_id == case.id)
                .order_by(FollowUp.visited_on.desc())).first()
            if latest is None or data.visited_on >= latest:
                agreement.performance_status = data.performance
        if case.status == S.AGREED:
            _move(uow, case, S.FOLLOWED_UP)
        uow.session.flush()
        uow.audit("create", "follow_up", visit.id, case.number)
        uow.commit()
        return visit.id


def change_status(db: Database, actor: Actor, case_id: str, target: str, *,
                  reason: str = "", on: date | None = None) -> None:
    """Move a case along an allowed transition that needs no other record (fail, terminate,
    archive). Agreement, follow-up and acceptance have their own services."""
    target_status = S(target)
    if on is not None and on > date.today():
        raise ValidationError.single("on", "日期不能晚于今天")
    if target_status in (S.ACCEPTED, S.AGREED, S.FOLLOWED_UP):
        raise ServiceError(f"“{target_status.label}”请通过相应的登记功能办理")
    with UnitOfWork(db, actor) as uow:
        case = _load(uow, case_id)
        if target_status is S.MEDIATING:
            _move(uow, case, S.MEDIATING, reason=reason)
        else:
            _move(uow, case, target_status, reason=reason, on=on)
        uow.commit()


def set_judicial_confirmation(db: Database, actor: Actor, case_id: str, applied_on: date) -> None:
    """Record that the parties applied to the court for judicial confirmation."""
    with UnitOfWork(db, actor) as uow:
        agreement = uow.session.scalars(
            select(MediationAgreement).where(MediationAgreement.case_id == case_id)
        ).first()
        if agreement is None:
            raise ServiceError("该案件没有调解协议")
        _load(uow, agreement.case_id)
        if agreement.judicial_result:
            raise ServiceError("法院已作出处理结果，申请日期不能再更改")
        if applied_on < agreement.effective_on:
            raise ValidationError.single("judicial_confirmation_on", "申请日期不能早于协议生效日期")
        agreement.judicial_confirmation_applied = True
        agreement.judicial_confirmation_on = applied_on
        uow.audit("judicial_confirmation", "mediation_agreement", agreement.id)
        uow.commit()
