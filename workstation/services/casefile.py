"""Case-file steps of a mediation case (卷宗): the notice of rights and duties given, an
investigation, the court's judicial-confirmation result, supervision of performance and the
feedback letter to the referring body. Each is one transaction with its audit entry, refused
unless ``domain.casefile.allowed_steps`` offers it for the case.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from workstation.domain.casefile import (
    STEP_REFUSALS,
    CaseFacts,
    FeedbackInput,
    InvestigationInput,
    JudicialResultInput,
    RightsNoticeInput,
    StepKind,
    SupervisionInput,
    allowed_steps,
)
from workstation.domain.errors import ValidationError
from workstation.storage.engine import Database
from workstation.storage.models import MediationAgreement, MediationCase, MediationStep

from .context import Actor, ServiceError, UnitOfWork
from .mediation import _load, _operator_name

__all__ = [
    "case_facts", "record_feedback",
    "record_investigation", "record_judicial_result", "record_rights_notice",
    "record_supervision",
]


def _agreement(uow: UnitOfWork, case_id: str) -> MediationAgreement | None:
    return uow.session.scalars(
        select(MediationAgreement).where(MediationAgreement.case_id == case_id)).first()


def case_facts(uow: UnitOfWork, case: MediationCase) -> CaseFacts:
    agreement = _agreement(uow, case.id)
    feedback = uow.session.scalars(
        select(MediationStep.id).where(MediationStep.case_id == case.id,
                                       MediationStep.kind == StepKind.FEEDBACK.value)).first()
    return CaseFacts(
        status=case.status, source=case.source, voided=case.voided_at is not None,
        has_agreement=agreement is not None,
        judicial_applied=bool(agreement and agreement.judicial_confirmation_applied),
        judicial_result=agreement.judicial_result if agreement else "",
        performance_status=agreement.performance_status if agreement else "",
        feedback_sent=feedback is not None, referring_body=case.referring_body,
    )


def _allowed(uow: UnitOfWork, case_id: str, key: str) -> MediationCase:
    case = _load(uow, case_id)
    if key not in allowed_steps(case_facts(uow, case)):
        raise ServiceError(STEP_REFUSALS[key])
    return case


def _not_before(day: date, earliest: date | None, name: str, message: str) -> None:
    if earliest is not None and day < earliest:
        raise ValidationError.single(name, message)


def _add_step(uow: UnitOfWork, case: MediationCase, kind: StepKind, day: date,
              **values: str) -> str:
    assert uow.actor is not None
    step = MediationStep(station_id=case.station_id, case_id=case.id, kind=kind.value,
                         done_on=day, operator_id=uow.actor.operator_id, **values)
    uow.session.add(step)
    uow.session.flush()
    uow.audit("create", "mediation_step", step.id, f"{case.number} {kind.label}")
    return step.id


def record_rights_notice(db: Database, actor: Actor, case_id: str, data: RightsNoticeInput,
                         *, today: date | None = None) -> str:
    """The notice of rights and duties was given (书面/口头, on a day, to whom); from now on
    the intake register ticks "已告知权利义务"."""
    data = data.validated(today)
    assert data.given_on is not None
    with UnitOfWork(db, actor) as uow:
        case = _allowed(uow, case_id, "rights_notice")
        _not_before(data.given_on, case.registered_on, "given_on", "告知日期不能早于登记日期")
        step_id = _add_step(uow, case, StepKind.RIGHTS_NOTICE, data.given_on,
                            manner=data.manner, people=data.recipients,
                            staff=_operator_name(uow))
        uow.commit()
        return step_id


def record_investigation(db: Database, actor: Actor, case_id: str, data: InvestigationInput,
                         *, today: date | None = None) -> str:
    """An investigation (调查记录) of an accepted case."""
    data = data.validated(today)
    assert data.done_on is not None
    with UnitOfWork(db, actor) as uow:
        case = _allowed(uow, case_id, "investigation")
        _not_before(data.done_on, case.accepted_on, "done_on", "调查日期不能早于受理日期")
        step_id = _add_step(uow, case, StepKind.INVESTIGATION, data.done_on,
                            staff=data.investigators, place=data.place,
                            people=data.interviewees, content=data.findings)
        uow.commit()
        return step_id


def record_judicial_result(db: Database, actor: Actor, case_id: str,
                           data: JudicialResultInput, *, today: date | None = None) -> None:
    """The court's result on the joint application for judicial confirmation."""
    data = data.validated(today)
    assert data.decided_on is not None
    with UnitOfWork(db, actor) as uow:
        case = _allowed(uow, case_id, "judicial_result")
        agreement = _agreement(uow, case.id)
        assert agreement is not None
        _not_before(data.decided_on, agreement.judicial_confirmation_on or agreement.effective_on,
                    "decided_on", "结果日期不能早于申请日期")
        agreement.judicial_result = data.result
        agreement.judicial_result_on = data.decided_on
        agreement.judicial_court = data.court
        agreement.judicial_ruling_number = data.ruling_number
        uow.audit("judicial_result", "mediation_agreement", agreement.id,
                  f"{case.number} {data.result} {data.ruling_number}".strip())
        uow.commit()


def record_supervision(db: Database, actor: Actor, case_id: str, data: SupervisionInput,
                       *, today: date | None = None) -> str:
    """督促履行 (art. 31) of an agreement found unperformed or partly performed; the
    agreement's performance status becomes what was found afterwards."""
    data = data.validated(today)
    assert data.done_on is not None
    with UnitOfWork(db, actor) as uow:
        case = _allowed(uow, case_id, "supervision")
        agreement = _agreement(uow, case.id)
        assert agreement is not None
        _not_before(data.done_on, agreement.effective_on, "done_on",
                    "督促日期不能早于协议生效日期")
        step_id = _add_step(uow, case, StepKind.SUPERVISION, data.done_on,
                            manner=data.manner, content=data.content,
                            result=data.performance, staff=_operator_name(uow))
        agreement.performance_status = data.performance
        uow.commit()
        return step_id


def record_feedback(db: Database, actor: Actor, case_id: str, data: FeedbackInput,
                    *, today: date | None = None) -> str:
    """The feedback letter (反馈函) to the body that referred the case was sent."""
    data = data.validated(today)
    assert data.sent_on is not None
    with UnitOfWork(db, actor) as uow:
        case = _allowed(uow, case_id, "feedback")
        _not_before(data.sent_on, case.concluded_on, "sent_on", "发函日期不能早于结案日期")
        step_id = _add_step(uow, case, StepKind.FEEDBACK, data.sent_on,
                            people=data.recipient, content=data.content,
                            staff=_operator_name(uow))
        uow.commit()
        return step_id
