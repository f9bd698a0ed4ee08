"""Corrections (更正): the operator who recorded a consultation, mediation case or legal aid
referral (and station admins) can correct its fields later.

A correction is one transaction: the record gets a new version (``version`` bumped,
``updated_at``), the audit trail an entry ``correct`` with the reason (更正原因, required: this
is an official register) and the old and new value of every changed field under its Chinese
label, and the change log a row, so the next bundle carries the newer version to the county
(whose importer replaces an older version of a known record). Validation is the creation's:
the same domain input (``ConsultationInput``, ``CaseInput``, ``ReferralInput``) is validated.

What may be corrected is declared once per kind (``CORRECTABLE``): the next kind is one entry.
Not correctable by a correction: numbers, status and its dates (changed by their own verbs:
accept, forward, decide, …), the case's parties (persons are shared by many records), the
responsible mediator, a referral's material list (its own checklist, before forwarding).

A referral already forwarded to the legal aid center (or further) keeps its fields as the
center received them: it only gets an annotated correction, a correction note (更正说明)
appended to ``aid_referral.correction_note``, shown on the detail and synced to the county.

Voided records cannot be corrected (``voiding.refuse_if_voided``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workstation.domain import enums as E
from workstation.domain.deadlines import is_urgent
from workstation.domain.errors import ValidationError
from workstation.domain.inputs import CaseInput, ConsultationInput, PartyInput, ReferralInput
from workstation.domain.validators import require_text
from workstation.storage.engine import Database
from workstation.storage.models import (
    AidReferral,
    AuditEntry,
    Consultation,
    MediationCase,
    MediationCommittee,
    MediationParty,
    Operator,
    Person,
    ReferralProvider,
)

from .committees import check_case_committee
from .context import Actor, NotFound, ServiceError, UnitOfWork
from .persons import resolve_person
from .ratings import correct_staff_rating
from .voiding import KIND_NAMES, refuse_if_voided

ACTION = "correct"
MAX_REASON = 200
MAX_NOTE = 1000
#: Referral statuses in which the application is with the center: annotated corrections only.
FORWARDED_STATUSES = frozenset({E.AidStatus.FORWARDED, E.AidStatus.RECEIVED,
                                E.AidStatus.GRANTED, E.AidStatus.DENIED})
EMPTY = "（空）"

Format = Callable[[Session, Any], str]


def _text(_s: Session, value: Any) -> str:
    text = "" if value is None else str(value)
    return f"“{text}”" if text else EMPTY


def _enum(kind: type[E.LabeledEnum]) -> Format:
    return lambda _s, value: kind.label_of(value) if value else EMPTY


def _day(_s: Session, value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else EMPTY


def _time(_s: Session, value: Any) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime) \
        else EMPTY


def _number(_s: Session, value: Any) -> str:
    return EMPTY if value is None else str(value)


def _yuan(_s: Session, value: Any) -> str:
    return EMPTY if value is None else f"{value / 100:,.2f}元"


def _person(session: Session, value: Any) -> str:
    if not value:
        return "匿名"
    return session.scalar(select(Person.name).where(Person.id == value)) or str(value)


def _provider(session: Session, value: Any) -> str:
    if not value:
        return EMPTY
    return session.scalar(select(ReferralProvider.name)
                          .where(ReferralProvider.id == value)) or str(value)


def _committee(session: Session, value: Any) -> str:
    if not value:
        return ""
    return session.scalar(select(MediationCommittee.name)
                          .where(MediationCommittee.id == value)) or str(value)


@dataclass(frozen=True)
class CorrectableField:
    """A column a correction may change, with its Chinese label and how the audit shows it."""

    name: str
    label: str
    show: Format = _text


F = CorrectableField
#: Per record kind, the fields a correction may change (in the order the audit lists them).
CORRECTABLE: dict[str, tuple[CorrectableField, ...]] = {
    "consultation": (
        F("occurred_at", "咨询时间", _time),
        F("channel", "咨询方式", _enum(E.Channel)),
        F("person_id", "咨询人", _person),
        F("topic", "咨询类别", _enum(E.ConsultationTopic)),
        F("question", "咨询内容"),
        F("answer", "解答意见"),
        F("handling_result", "处理结果", _enum(E.HandlingResult)),
        F("referred_to", "转至"),
        F("provider_id", "指引机构", _provider),
        F("minutes_spent", "用时（分钟）", _number),
        F("satisfaction", "满意度", _enum(E.Satisfaction)),
    ),
    "mediation_case": (
        F("source", "案件来源", _enum(E.CaseSource)),
        F("referring_body", "移送单位"),
        F("referring_body_kind", "移送单位类别", _enum(E.ReferringBodyKind)),
        F("dispute_type", "纠纷类型", _enum(E.DisputeType)),
        F("registered_on", "登记日期", _day),
        F("facts", "纠纷事实"),
        F("claims", "申请事项"),
        F("amount_involved_fen", "涉及金额", _yuan),
        F("co_mediators", "协助调解员"),
        F("committee_id", "人民调解委员会", _committee),
    ),
    "aid_referral": (
        F("applicant_id", "申请人", _person),
        F("agent_name", "代理人"),
        F("agent_relation", "代理人与申请人关系"),
        F("agent_phone", "代理人电话"),
        F("matter", "申请事项", _enum(E.AidMatter)),
        F("matter_detail", "事项说明"),
        F("cause_of_action", "案由"),
        F("procedural_role", "诉讼地位", _enum(E.ProceduralRole)),
        F("stage", "案件阶段", _enum(E.CaseStage)),
        F("facts", "案情摘要"),
        F("request", "申请事项及理由"),
        F("applied_on", "申请日期", _day),
        F("limitation_deadline", "时效/期限届满日", _day),
        F("hardship_route", "经济困难认定方式", _enum(E.HardshipRoute)),
        F("household_size", "家庭人口", _number),
        F("monthly_income_fen", "月收入", _yuan),
        F("property_note", "财产状况"),
        F("aid_form", "申请援助形式", _enum(E.AidForm)),
        F("opposing_party", "对方当事人"),
        F("agent_id_type", "代理人证件类型", _enum(E.DocumentType)),
        F("agent_id_number", "代理人证件号码"),
    ),
}
_MODELS: dict[str, Any] = {"consultation": Consultation, "mediation_case": MediationCase,
                           "aid_referral": AidReferral}


# --- who may correct, and what the detail shows -----------------------------------------------


def _recorder(session: Session, record_type: str, record_id: str) -> str | None:
    """The operator who registered the record (its ``create`` audit entry)."""
    return session.scalar(
        select(AuditEntry.operator_id).where(
            AuditEntry.action == "create", AuditEntry.record_type == record_type,
            AuditEntry.record_id == record_id).order_by(AuditEntry.id).limit(1))


def _owners(session: Session, record_type: str, row: Any) -> frozenset[str]:
    """Operators besides admins who may correct ``row``: who recorded it, and the operator
    the record names as its own (the consultation's and referral's registering operator, the
    case's responsible mediator)."""
    owner = row.mediator_id if record_type == "mediation_case" else row.operator_id
    return frozenset(x for x in (_recorder(session, record_type, row.id), owner) if x)


@dataclass(frozen=True)
class CorrectionInfo:
    """What a record's view shows about corrections, and who may make one."""

    count: int
    last_at: datetime | None
    last_by_name: str
    #: Operator ids (besides station admins) who may correct the record.
    owners: frozenset[str]

    @property
    def text(self) -> str:
        """"已更正 N 次，最近一次 2026-12-07 10:30 张三", or "" when never corrected."""
        if not self.count or self.last_at is None:
            return ""
        when = self.last_at.astimezone().strftime("%Y-%m-%d %H:%M")
        who = self.last_by_name or "（未知操作员）"
        return f"已更正 {self.count} 次，最近一次：{when} {who}"

    def allows(self, actor: Actor | None) -> bool:
        return actor is not None and (actor.is_admin or actor.operator_id in self.owners)


def correction_info(session: Session, record_type: str, row: Any) -> CorrectionInfo:
    """Corrections of ``row`` so far (from the audit trail) and who may correct it."""
    match = (AuditEntry.action == ACTION, AuditEntry.record_type == record_type,
             AuditEntry.record_id == row.id)
    count = int(session.scalar(select(func.count()).select_from(AuditEntry).where(*match)) or 0)
    last_at, last_name = None, ""
    if count:
        last = session.execute(
            select(AuditEntry.at, Operator.name)
            .outerjoin(Operator, Operator.id == AuditEntry.operator_id)
            .where(*match).order_by(AuditEntry.id.desc()).limit(1)).first()
        if last is not None:
            last_at, last_name = last[0], last[1] or ""
    return CorrectionInfo(count, last_at, last_name, _owners(session, record_type, row))


def annotation_only(referral: Any) -> bool:
    """Whether a referral is with the legal aid center, so only a note may be added."""
    return referral.status in FORWARDED_STATUSES or (
        referral.forwarded_on is not None and referral.status != E.AidStatus.DRAFT)


# --- the correction itself ---------------------------------------------------------------------


def _reason(reason: str) -> str:
    return require_text(reason, "correction_reason", "更正原因", max_len=MAX_REASON)


def _load(uow: UnitOfWork, record_type: str, record_id: str) -> Any:
    row = uow.session.get(_MODELS[record_type], record_id)
    if row is None:
        raise NotFound(f"找不到该{KIND_NAMES[record_type]}")
    refuse_if_voided(row, record_type)
    info_owners = _owners(uow.session, record_type, row)
    actor = uow.actor
    if actor is None or not (actor.is_admin or actor.operator_id in info_owners):
        who = "、承办调解员" if record_type == "mediation_case" else ""
        raise ServiceError(f"只有登记该{KIND_NAMES[record_type]}的工作人员{who}或站点管理员"
                           "可以更正")
    return row


def _apply(uow: UnitOfWork, record_type: str, row: Any, values: dict[str, Any],
           reason: str, *, extra: dict[str, Any] | None = None) -> int:
    """Write the changed ``values`` (correctable fields only) as a new version with its audit
    entry; returns how many fields changed. Nothing changed → ServiceError."""
    changed = []
    for f in CORRECTABLE[record_type]:
        if f.name in values and getattr(row, f.name) != values[f.name]:
            changed.append((f, getattr(row, f.name), values[f.name]))
    if not changed:
        raise ServiceError("内容没有改动，无需更正")
    session = uow.session
    lines = [f"{f.label}：{f.show(session, old)} → {f.show(session, new)}"
             for f, old, new in changed]
    updates = {f.name: new for f, _old, new in changed}
    updates.update(extra or {})
    uow.update(_MODELS[record_type], row.id, **updates)
    uow.audit(ACTION, record_type, row.id,
              f"{row.number}：更正原因：{reason}；" + "；".join(lines))
    return len(changed)


def _same_minute(a: datetime, b: datetime | None) -> bool:
    return b is not None and a.replace(second=0, microsecond=0) == b.replace(
        second=0, microsecond=0)


def correct_consultation(db: Database, actor: Actor, consultation_id: str,
                         data: ConsultationInput, reason: str, *,
                         today: date | None = None) -> str:
    """Correct a consultation's fields (see ``CORRECTABLE``); returns its id."""
    text = _reason(reason)
    data = data.validated(today)
    with UnitOfWork(db, actor) as uow:
        row = _load(uow, "consultation", consultation_id)
        occurred_at = data.occurred_at
        if _same_minute(occurred_at, row.occurred_at):
            occurred_at = row.occurred_at  # the form shows minutes: seconds are not a change
        person_id = resolve_person(uow, data.person_id, data.person)
        referred_to = data.referred_to
        if data.provider_id and data.provider_id != row.provider_id:
            provider = uow.session.get(ReferralProvider, data.provider_id)
            if provider is None or provider.station_id != row.station_id:
                raise ServiceError("所选的法律服务机构不存在，请重新选择")
            if not provider.active:
                raise ServiceError(f"“{provider.name}”已停用，请重新选择")
            referred_to = referred_to or provider.name
        elif data.provider_id:
            referred_to = referred_to or row.referred_to
        ticked = row.satisfaction
        _apply(uow, "consultation", row, {
            "occurred_at": occurred_at, "channel": data.channel, "person_id": person_id,
            "topic": data.topic, "question": data.question, "answer": data.answer,
            "handling_result": data.handling_result, "referred_to": referred_to,
            "provider_id": data.provider_id, "minutes_spent": data.minutes_spent,
            "satisfaction": data.satisfaction,
        }, text)
        correct_staff_rating(uow, record_type="consultation", record_id=row.id, old=ticked,
                             new=data.satisfaction, rated_at=row.occurred_at)
        uow.commit()
        return consultation_id


def _stored_parties(uow: UnitOfWork, case_id: str) -> tuple[PartyInput, ...]:
    parties = uow.session.scalars(select(MediationParty).where(MediationParty.case_id == case_id)
                                  .order_by(MediationParty.position)).all()
    return tuple(PartyInput(role=p.role, person_id=p.person_id, org_name=p.org_name,
                            org_representative=p.org_representative,
                            org_address=p.org_address) for p in parties)


def correct_case(db: Database, actor: Actor, case_id: str, data: CaseInput, reason: str, *,
                 today: date | None = None) -> str:
    """Correct a mediation case's intake fields (see ``CORRECTABLE``; the parties, status and
    steps are not changed by a correction: ``data.parties`` is ignored); returns its id."""
    text = _reason(reason)
    with UnitOfWork(db, actor) as uow:
        row = _load(uow, "mediation_case", case_id)
        data = replace(data, parties=_stored_parties(uow, case_id)).validated(today)
        if row.accepted_on is not None and data.registered_on > row.accepted_on:
            raise ValidationError.single("registered_on", "登记日期不能晚于受理日期")
        committee_id = row.committee_id
        if data.committee_id and data.committee_id != row.committee_id:
            committee_id = check_case_committee(uow.session, data.committee_id)
        _apply(uow, "mediation_case", row, {
            "committee_id": committee_id,
            "source": data.source, "referring_body": data.referring_body,
            "referring_body_kind": data.referring_body_kind,
            "dispute_type": data.dispute_type, "registered_on": data.registered_on,
            "facts": data.facts, "claims": data.claims,
            "amount_involved_fen": data.amount_involved_fen,
            "co_mediators": data.co_mediators.strip(),
        }, text)
        uow.commit()
        return case_id


def correct_referral(db: Database, actor: Actor, referral_id: str, data: ReferralInput,
                     reason: str, *, today: date | None = None) -> str:
    """Correct a legal aid referral not yet forwarded (see ``CORRECTABLE``; the material list
    keeps its own checklist); returns its id. A forwarded one: ``annotate_referral``."""
    text = _reason(reason)
    data = data.validated(today)
    with UnitOfWork(db, actor) as uow:
        row = _load(uow, "aid_referral", referral_id)
        if annotation_only(row):
            raise ServiceError("该申请已转交法律援助中心，内容不能再改动，只能添加更正说明")
        applicant_id = resolve_person(uow, data.applicant_id, data.applicant)
        deadline = data.limitation_deadline
        extra = {}
        if deadline != row.limitation_deadline or data.applied_on != row.applied_on:
            # urgent on the application day (never read for urgency: see models.AidReferral)
            extra["urgent"] = is_urgent(deadline, data.applied_on)
        _apply(uow, "aid_referral", row, {
            "applicant_id": applicant_id, "agent_name": data.agent_name.strip(),
            "agent_relation": data.agent_relation.strip(), "agent_phone": data.agent_phone,
            "matter": data.matter, "matter_detail": data.matter_detail.strip(),
            "cause_of_action": data.cause_of_action.strip(),
            "procedural_role": data.procedural_role, "stage": data.stage,
            "facts": data.facts, "request": data.request, "applied_on": data.applied_on,
            "limitation_deadline": deadline, "hardship_route": data.hardship_route,
            "household_size": data.household_size,
            "monthly_income_fen": data.monthly_income_fen,
            "property_note": data.property_note.strip(),
            "aid_form": data.aid_form, "opposing_party": data.opposing_party,
            **_agent_document(row, data),
        }, text, extra=extra)
        uow.commit()
        return referral_id


def _agent_document(row: Any, data: ReferralInput) -> dict[str, str]:
    """The agent's document as corrected: an empty number keeps the recorded one (the form
    never shows it in full) while there is still an agent; no agent, no document."""
    if not data.has_agent:
        return {"agent_id_type": "", "agent_id_number": ""}
    if not data.agent_id_number:
        return {"agent_id_type": row.agent_id_type, "agent_id_number": row.agent_id_number}
    return {"agent_id_type": data.agent_id_type, "agent_id_number": data.agent_id_number}


def annotate_referral(db: Database, actor: Actor, referral_id: str, note: str, *,
                      now: datetime | None = None) -> str:
    """Append a correction note (更正说明) to a referral already with the center: its fields
    stay as forwarded; the note is shown on the detail and synced to the county. Returns the
    note line as stored."""
    text = require_text(note, "correction_note", "更正说明", max_len=MAX_NOTE)
    with UnitOfWork(db, actor) as uow:
        row = _load(uow, "aid_referral", referral_id)
        if not annotation_only(row):
            raise ServiceError("该申请尚未转交，请直接更正申请内容")
        assert uow.actor is not None
        when = (now or datetime.now(UTC)).astimezone().strftime("%Y-%m-%d %H:%M")
        line = f"{when} {uow.actor.name}：{' '.join(text.split())}"
        notes = f"{row.correction_note}\n{line}" if row.correction_note else line
        uow.update(AidReferral, row.id, correction_note=notes)
        uow.audit(ACTION, "aid_referral", row.id,
                  f"{row.number}：更正说明（申请已转交，原内容不变）：{text}")
        uow.commit()
        return line
