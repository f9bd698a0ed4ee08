"""Detail loaders for the forms and record views: plain frozen snapshots of one record with
everything the page shows (labels, names, timeline, next steps). ID numbers are masked."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from workstation.domain.casefile import (
    CaseFacts,
    JudicialResult,
    NoticeManner,
    StepKind,
    SupervisionManner,
    allowed_steps,
    judicial_state,
    performance_label,
)
from workstation.domain.committees import case_title
from workstation.domain.deadlines import (
    DEFAULT_FORWARD_DAYS,
    DEFAULT_URGENT_FORWARD_DAYS,
    DueState,
    aid_decision_due,
    due_state,
    follow_up_due,
    forward_due,
    is_urgent,
    judicial_confirmation_deadline,
)
from workstation.domain.eligibility import (
    Eligibility,
    Material,
    assess,
    missing_materials,
    one_time_notice,
    required_materials,
)
from workstation.domain.enums import (
    AgreementForm,
    AidDecision,
    AidForm,
    AidMatter,
    AidStatus,
    CaseSource,
    CaseStage,
    Channel,
    ConsultationTopic,
    DisputeType,
    HandlingResult,
    HardshipRoute,
    LabeledEnum,
    MediationStatus,
    OperatorRole,
    PartyRole,
    Performance,
    ProceduralRole,
    ReferringBodyKind,
    Satisfaction,
    SpecialGroup,
    VisitMethod,
)
from workstation.domain.identity import mask_id_number
from workstation.domain.transitions import allowed_aid_targets, allowed_mediation_targets
from workstation.domain.wording import EMPTY
from workstation.storage.engine import Database
from workstation.storage.models import (
    AidReferral,
    Consultation,
    FollowUp,
    MediationAgreement,
    MediationCase,
    MediationCommittee,
    MediationParty,
    MediationSession,
    MediationStep,
    Operator,
    Person,
    ReferralProvider,
    Station,
    StatusChange,
)

from .context import NotFound
from .corrections import CorrectionInfo, annotation_only, correction_info
from .person_history import PersonInfo, person_info
from .providers import ProviderInfo, provider_info
from .voiding import VoidInfo, void_info

M = MediationStatus
A = AidStatus


@dataclass(frozen=True)
class OperatorInfo:
    id: str
    name: str
    role: str
    role_label: str = ""


@dataclass(frozen=True)
class StatusOption:
    code: str
    label: str


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    from_status: str | None
    from_label: str
    to_status: str
    to_label: str
    operator_id: str | None
    operator_name: str
    reason: str


@dataclass(frozen=True)
class ConsultationDetail:
    id: str
    number: str
    occurred_at: datetime
    channel: str
    channel_label: str
    topic: str
    topic_label: str
    question: str
    answer: str
    handling_result: str
    handling_result_label: str
    referred_to: str
    minutes_spent: int | None
    satisfaction: str | None
    satisfaction_label: str
    operator_id: str
    operator_name: str
    person: PersonInfo | None
    created_at: datetime
    updated_at: datetime
    version: int
    #: The directory entry the citizen was guided to (法律服务指引), if one was picked.
    provider: ProviderInfo | None = None
    void: VoidInfo | None = None
    #: Corrections so far and who may correct (``services.corrections``).
    corrections: CorrectionInfo | None = None

    @property
    def person_name(self) -> str:
        return self.person.name if self.person else "匿名"


@dataclass(frozen=True)
class PartyInfo:
    id: str
    role: str
    role_label: str
    position: int
    name: str
    is_organisation: bool
    person: PersonInfo | None
    org_name: str
    org_representative: str
    org_address: str


@dataclass(frozen=True)
class SessionInfo:
    id: str
    held_at: datetime
    place: str
    attendees: str
    record: str
    mediator_id: str
    mediator_name: str
    #: 记录人 ("" on sessions recorded before it was asked).
    recorder: str = ""


@dataclass(frozen=True)
class StepInfo:
    """A case-file step (``storage.models.MediationStep``) with its labels."""

    id: str
    kind: str
    kind_label: str
    done_on: date
    manner: str
    manner_label: str
    staff: str
    people: str
    place: str
    content: str
    result: str
    result_label: str
    operator_id: str
    operator_name: str


@dataclass(frozen=True)
class AgreementInfo:
    id: str
    form: str
    form_label: str
    terms: str
    responsibility: str
    performance_manner: str
    performance_place: str
    performance_deadline: date | None
    effective_on: date
    amount_agreed_fen: int
    copies: int
    judicial_confirmation_applied: bool
    judicial_confirmation_on: date | None
    judicial_confirmation_deadline: date
    follow_up_due: date
    #: The court's result (``domain.casefile.JudicialResult``), "" while none.
    judicial_result: str = ""
    judicial_result_label: str = ""
    judicial_result_on: date | None = None
    judicial_court: str = ""
    judicial_ruling_number: str = ""
    #: ``Performance`` code from the latest follow-up or supervision ("" = 尚未核实).
    performance_status: str = ""
    performance_status_label: str = ""

    @property
    def judicial_state(self) -> str:
        """none / applied / confirmed / rejected / withdrawn (``domain.casefile``)."""
        return judicial_state(self.judicial_confirmation_applied, self.judicial_result)


@dataclass(frozen=True)
class FollowUpInfo:
    id: str
    visited_on: date
    performance: str
    performance_label: str
    satisfaction: str | None
    satisfaction_label: str
    notes: str
    operator_id: str
    operator_name: str
    #: 回访方式 (``VisitMethod``) and 被回访人 ("" on older visits).
    method: str = ""
    method_label: str = ""
    visitee: str = ""


@dataclass(frozen=True)
class CaseDetail:
    id: str
    number: str
    year: int
    seq: int
    title: str
    source: str
    source_label: str
    referring_body: str
    dispute_type: str
    dispute_type_label: str
    facts: str
    claims: str
    amount_involved_fen: int
    registered_on: date
    accepted_on: date | None
    deadline: date | None
    extension_days: int
    extension_reason: str
    status: str
    status_label: str
    concluded_on: date | None
    status_reason: str
    mediator_id: str
    mediator_name: str
    co_mediators: str
    parties: list[PartyInfo] = field(default_factory=list)
    sessions: list[SessionInfo] = field(default_factory=list)
    agreement: AgreementInfo | None = None
    follow_ups: list[FollowUpInfo] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    allowed_next: list[StatusOption] = field(default_factory=list)
    #: Where the one-month limit stands (accepted/mediating cases with a deadline), else None.
    due: DueState | None = None
    updated_at: datetime | None = None
    version: int = 1
    void: VoidInfo | None = None
    corrections: CorrectionInfo | None = None
    #: Case-file steps (权利义务告知, 调查, 督促履行, 反馈函) by day.
    steps: list[StepInfo] = field(default_factory=list)
    #: Case-file steps offered now (``domain.casefile.allowed_steps`` keys).
    allowed_steps: list[str] = field(default_factory=list)

    def steps_of(self, kind: str) -> list[StepInfo]:
        return [s for s in self.steps if s.kind == kind]
    #: ``ReferringBodyKind`` of a referred case ("" otherwise) and its label.
    referring_body_kind: str = ""
    referring_body_kind_label: str = ""
    #: The case's prevention indicator (``PreventionKind``; "" none) and its people.
    prevention_kind: str = ""
    prevention_persons: int = 0
    #: The people's mediation committee the case belongs to: documents are issued in
    #: ``committee_name`` (exactly as on its seal; "" for a case without one).
    committee_id: str = ""
    committee_name: str = ""
    committee_kind: str = ""


@dataclass(frozen=True)
class MaterialStatus:
    code: str
    label: str
    received: bool


@dataclass(frozen=True)
class ReferralDetail:
    id: str
    number: str
    year: int
    seq: int
    applicant: PersonInfo
    agent_name: str
    agent_relation: str
    agent_phone: str
    matter: str
    matter_label: str
    matter_detail: str
    procedural_role: str
    procedural_role_label: str
    stage: str
    stage_label: str
    cause_of_action: str
    facts: str
    request: str
    hardship_route: str
    hardship_route_label: str
    household_size: int | None
    monthly_income_fen: int | None
    property_note: str
    limitation_deadline: date | None
    #: Urgent on the day the detail was loaded (art. 44), computed from the deadline.
    urgent: bool
    status: str
    status_label: str
    applied_on: date
    forwarded_to: str
    forwarded_on: date | None
    center_received_on: date | None
    decision: str | None
    decision_label: str
    decision_on: date | None
    decision_note: str
    assigned_lawyer: str
    closed_on: date | None
    operator_id: str
    operator_name: str
    #: Suggested hardship route from the matter and the applicant's special groups.
    eligibility: Eligibility | None
    route_matches_suggestion: bool
    materials: list[MaterialStatus] = field(default_factory=list)
    missing: list[Material] = field(default_factory=list)
    one_time_notice: str = ""
    timeline: list[TimelineEntry] = field(default_factory=list)
    allowed_next: list[StatusOption] = field(default_factory=list)
    #: Promise to forward (待转交), or the center's decision (已转交/中心已接收); else None.
    due: DueState | None = None
    updated_at: datetime | None = None
    version: int = 1
    void: VoidInfo | None = None
    corrections: CorrectionInfo | None = None
    #: Correction notes (更正说明) added after forwarding, one per line.
    correction_note: str = ""
    #: With the center already: only a correction note may be added.
    annotation_only: bool = False
    aid_form: str = ""
    aid_form_label: str = ""
    opposing_party: str = ""
    agent_id_type: str = ""
    #: Masked like every document number shown (the full one only on forms that print it).
    agent_id_number_masked: str = ""
    decision_told_on: date | None = None
    #: The station's promise for urgent applications: 0 the same day, 1 the next working day.
    urgent_forward_days: int = DEFAULT_URGENT_FORWARD_DAYS


def _label(enum: type[LabeledEnum], value: str | None) -> str:
    return enum.label_of(value)


def _operator_names(session: Session, ids: Iterable[str | None]) -> dict[str, str]:
    wanted = sorted({i for i in ids if i})
    if not wanted:
        return {}
    rows = session.execute(select(Operator.id, Operator.name).where(Operator.id.in_(wanted)))
    return {op_id: name for op_id, name in rows}


def _timeline(session: Session, record_type: str, record_id: str,
              enum: type[LabeledEnum]) -> list[TimelineEntry]:
    changes = session.scalars(
        select(StatusChange)
        .where(StatusChange.record_id == record_id, StatusChange.record_type == record_type)
        .order_by(StatusChange.changed_at, StatusChange.id)
    ).all()
    names = _operator_names(session, (c.operator_id for c in changes))
    return [
        TimelineEntry(
            at=c.changed_at, from_status=c.from_status, from_label=_label(enum, c.from_status),
            to_status=c.to_status, to_label=_label(enum, c.to_status),
            operator_id=c.operator_id, operator_name=names.get(c.operator_id or "", ""),
            reason=c.reason,
        )
        for c in changes
    ]


def operators(db: Database, *, include_inactive: bool = False) -> list[OperatorInfo]:
    """Operators for pickers (mediator, co-mediators), active ones by name."""
    stmt = select(Operator.id, Operator.name, Operator.role).order_by(Operator.name, Operator.id)
    if not include_inactive:
        stmt = stmt.where(Operator.active.is_(True))
    with db.read() as session:
        return [OperatorInfo(r.id, r.name, r.role, OperatorRole.label_of(r.role))
                for r in session.execute(stmt)]


def load_consultation(db: Database, consultation_id: str) -> ConsultationDetail:
    with db.read() as session:
        c = session.get(Consultation, consultation_id)
        if c is None:
            raise NotFound("找不到该咨询记录")
        person = session.get(Person, c.person_id) if c.person_id else None
        provider = session.get(ReferralProvider, c.provider_id) if c.provider_id else None
        names = _operator_names(session, [c.operator_id])
        return ConsultationDetail(
            id=c.id, number=c.number, occurred_at=c.occurred_at, channel=c.channel,
            channel_label=_label(Channel, c.channel), topic=c.topic,
            topic_label=_label(ConsultationTopic, c.topic), question=c.question,
            answer=c.answer, handling_result=c.handling_result,
            handling_result_label=_label(HandlingResult, c.handling_result),
            referred_to=c.referred_to, minutes_spent=c.minutes_spent,
            satisfaction=c.satisfaction, satisfaction_label=_label(Satisfaction, c.satisfaction),
            operator_id=c.operator_id, operator_name=names.get(c.operator_id, ""),
            person=person_info(person) if person else None,
            created_at=c.created_at, updated_at=c.updated_at, version=c.version,
            provider=provider_info(provider) if provider else None,
            void=void_info(session, c),
            corrections=correction_info(session, "consultation", c),
        )


def load_case(db: Database, case_id: str, *, today: date | None = None) -> CaseDetail:
    day = today or date.today()
    with db.read() as session:
        case = session.get(MediationCase, case_id)
        if case is None:
            raise NotFound("找不到该调解案件")
        party_rows = session.execute(
            select(MediationParty, Person)
            .outerjoin(Person, Person.id == MediationParty.person_id)
            .where(MediationParty.case_id == case_id)
            .order_by(MediationParty.position, MediationParty.id)
        ).all()
        parties = []
        for party, person in party_rows:
            info = person_info(person) if person is not None else None
            parties.append(PartyInfo(
                id=party.id, role=party.role, role_label=_label(PartyRole, party.role),
                position=party.position,
                name=info.name if info else (party.org_name or EMPTY),
                is_organisation=info is None and bool(party.org_name), person=info,
                org_name=party.org_name, org_representative=party.org_representative,
                org_address=party.org_address,
            ))
        sessions = session.scalars(
            select(MediationSession).where(MediationSession.case_id == case_id)
            .order_by(MediationSession.held_at, MediationSession.id)
        ).all()
        agreement = session.scalars(
            select(MediationAgreement).where(MediationAgreement.case_id == case_id)
        ).first()
        visits = session.scalars(
            select(FollowUp).where(FollowUp.case_id == case_id)
            .order_by(FollowUp.visited_on, FollowUp.created_at, FollowUp.id)
        ).all()
        steps = session.scalars(
            select(MediationStep).where(MediationStep.case_id == case_id)
            .order_by(MediationStep.done_on, MediationStep.created_at, MediationStep.id)
        ).all()
        names = _operator_names(session, [
            case.mediator_id, *(s.mediator_id for s in sessions),
            *(v.operator_id for v in visits), *(s.operator_id for s in steps),
        ])
        committee = (session.get(MediationCommittee, case.committee_id)
                     if case.committee_id else None)
        void = void_info(session, case)
        due = None
        if (case.status in (M.ACCEPTED, M.MEDIATING) and case.deadline is not None
                and void is None):
            due = due_state(case.deadline, day)
        return CaseDetail(
            id=case.id, number=case.number, year=case.year, seq=case.seq,
            title=case_title(((p.role, p.name) for p in parties), case.dispute_type),
            committee_id=case.committee_id or "",
            committee_name=committee.name if committee is not None else "",
            committee_kind=committee.kind if committee is not None else "",
            source=case.source, source_label=_label(CaseSource, case.source),
            referring_body=case.referring_body,
            referring_body_kind=case.referring_body_kind,
            referring_body_kind_label=_label(ReferringBodyKind, case.referring_body_kind),
            prevention_kind=case.prevention_kind, prevention_persons=case.prevention_persons,
            dispute_type=case.dispute_type,
            dispute_type_label=_label(DisputeType, case.dispute_type), facts=case.facts,
            claims=case.claims, amount_involved_fen=case.amount_involved_fen,
            registered_on=case.registered_on, accepted_on=case.accepted_on,
            deadline=case.deadline, extension_days=case.extension_days,
            extension_reason=case.extension_reason, status=case.status,
            status_label=_label(MediationStatus, case.status), concluded_on=case.concluded_on,
            status_reason=case.status_reason, mediator_id=case.mediator_id,
            mediator_name=names.get(case.mediator_id, ""), co_mediators=case.co_mediators,
            parties=parties,
            sessions=[
                SessionInfo(s.id, s.held_at, s.place, s.attendees, s.record, s.mediator_id,
                            names.get(s.mediator_id, ""), s.recorder)
                for s in sessions
            ],
            agreement=_agreement_info(agreement) if agreement else None,
            follow_ups=[
                FollowUpInfo(
                    id=v.id, visited_on=v.visited_on, performance=v.performance,
                    performance_label=_label(Performance, v.performance),
                    satisfaction=v.satisfaction,
                    satisfaction_label=_label(Satisfaction, v.satisfaction), notes=v.notes,
                    operator_id=v.operator_id, operator_name=names.get(v.operator_id, ""),
                    method=v.method, method_label=_label(VisitMethod, v.method),
                    visitee=v.visitee,
                )
                for v in visits
            ],
            timeline=_timeline(session, "mediation_case", case.id, MediationStatus),
            allowed_next=[] if void else [
                StatusOption(s.value, s.label)
                for s in _safe_targets(allowed_mediation_targets, case.status)],
            due=due, updated_at=case.updated_at, version=case.version, void=void,
            corrections=correction_info(session, "mediation_case", case),
            steps=[_step_info(s, names) for s in steps],
            allowed_steps=allowed_steps(CaseFacts(
                status=case.status, source=case.source, voided=void is not None,
                has_agreement=agreement is not None,
                judicial_applied=bool(agreement and agreement.judicial_confirmation_applied),
                judicial_result=agreement.judicial_result if agreement else "",
                performance_status=agreement.performance_status if agreement else "",
                feedback_sent=any(s.kind == StepKind.FEEDBACK.value for s in steps),
                referring_body=case.referring_body,
            )) if case.status in {m.value for m in MediationStatus} else [],
        )


_STEP_MANNERS: dict[str, type[LabeledEnum]] = {
    StepKind.RIGHTS_NOTICE.value: NoticeManner, StepKind.SUPERVISION.value: SupervisionManner,
}


def _step_info(s: MediationStep, names: dict[str, str]) -> StepInfo:
    manners = _STEP_MANNERS.get(s.kind)
    return StepInfo(
        id=s.id, kind=s.kind, kind_label=_label(StepKind, s.kind), done_on=s.done_on,
        manner=s.manner, manner_label=_label(manners, s.manner) if manners else s.manner,
        staff=s.staff, people=s.people, place=s.place, content=s.content, result=s.result,
        result_label=_label(Performance, s.result) if s.result else "",
        operator_id=s.operator_id, operator_name=names.get(s.operator_id, ""),
    )


def _agreement_info(a: MediationAgreement) -> AgreementInfo:
    return AgreementInfo(
        id=a.id, form=a.form, form_label=_label(AgreementForm, a.form), terms=a.terms,
        responsibility=a.responsibility, performance_manner=a.performance_manner,
        performance_place=a.performance_place, performance_deadline=a.performance_deadline,
        effective_on=a.effective_on, amount_agreed_fen=a.amount_agreed_fen, copies=a.copies,
        judicial_confirmation_applied=a.judicial_confirmation_applied,
        judicial_confirmation_on=a.judicial_confirmation_on,
        judicial_confirmation_deadline=judicial_confirmation_deadline(a.effective_on),
        follow_up_due=follow_up_due(a.effective_on, a.performance_deadline),
        judicial_result=a.judicial_result,
        judicial_result_label=_label(JudicialResult, a.judicial_result),
        judicial_result_on=a.judicial_result_on, judicial_court=a.judicial_court,
        judicial_ruling_number=a.judicial_ruling_number,
        performance_status=a.performance_status,
        performance_status_label=performance_label(a.performance_status),
    )


def _safe_targets(fn: object, status: str) -> tuple[LabeledEnum, ...]:
    try:
        return fn(status)  # type: ignore[operator, no-any-return]
    except (KeyError, ValueError):  # an unknown status (e.g. from a newer version)
        return ()


def _known_groups(groups: Iterable[str]) -> list[str]:
    known = {g.value for g in SpecialGroup}
    return [g for g in groups if g in known]


def load_referral(db: Database, referral_id: str, *, today: date | None = None
                  ) -> ReferralDetail:
    day = today or date.today()
    with db.read() as session:
        r = session.get(AidReferral, referral_id)
        if r is None:
            raise NotFound("找不到该法律援助申请")
        person = session.get(Person, r.applicant_id)
        if person is None:
            raise NotFound("找不到该申请的申请人")
        applicant = person_info(person)
        names = _operator_names(session, [r.operator_id])
        station = session.get(Station, r.station_id) or session.scalars(select(Station)).first()
        timeline = _timeline(session, "aid_referral", r.id, AidStatus)
        eligibility: Eligibility | None
        try:
            eligibility = assess(r.matter, _known_groups(applicant.special_groups))
        except ValueError:
            eligibility = None
        try:
            required = required_materials(r.matter, r.hardship_route, has_agent=bool(r.agent_name))
            missing = list(missing_materials(r.matter, r.hardship_route, r.materials_received,
                                             has_agent=bool(r.agent_name)))
        except ValueError:
            required, missing = (), []
        received = set(r.materials_received or ())
        void = void_info(session, r)
        due = None
        urgent = is_urgent(r.limitation_deadline, day)
        urgent_days = (station.urgent_forward_days if station is not None
                       else DEFAULT_URGENT_FORWARD_DAYS)
        if void is None and r.status == A.DRAFT:
            days = station.referral_forward_days if station is not None else DEFAULT_FORWARD_DAYS
            due = due_state(forward_due(r.applied_on, days,
                                        limitation_deadline=r.limitation_deadline, on=day,
                                        urgent_forward_days=urgent_days), day)
        elif void is None and r.status in (A.FORWARDED, A.RECEIVED) and (
                r.center_received_on or r.forwarded_on):
            start = r.center_received_on or r.forwarded_on
            assert start is not None
            due = due_state(aid_decision_due(start), day)
        return ReferralDetail(
            id=r.id, number=r.number, year=r.year, seq=r.seq, applicant=applicant,
            agent_name=r.agent_name, agent_relation=r.agent_relation, agent_phone=r.agent_phone,
            matter=r.matter, matter_label=_label(AidMatter, r.matter),
            matter_detail=r.matter_detail,
            procedural_role=r.procedural_role,
            procedural_role_label=_label(ProceduralRole, r.procedural_role), stage=r.stage,
            stage_label=_label(CaseStage, r.stage), cause_of_action=r.cause_of_action,
            facts=r.facts, request=r.request, hardship_route=r.hardship_route,
            hardship_route_label=_label(HardshipRoute, r.hardship_route),
            household_size=r.household_size, monthly_income_fen=r.monthly_income_fen,
            property_note=r.property_note, limitation_deadline=r.limitation_deadline,
            urgent=urgent, status=r.status, status_label=_label(AidStatus, r.status),
            applied_on=r.applied_on, forwarded_to=r.forwarded_to, forwarded_on=r.forwarded_on,
            center_received_on=r.center_received_on, decision=r.decision,
            decision_label=_label(AidDecision, r.decision), decision_on=r.decision_on,
            decision_note=r.decision_note, assigned_lawyer=r.assigned_lawyer,
            closed_on=r.closed_on, operator_id=r.operator_id,
            operator_name=names.get(r.operator_id, ""), eligibility=eligibility,
            route_matches_suggestion=eligibility is not None
            and eligibility.route.value == r.hardship_route,
            materials=[MaterialStatus(m.code, m.label, m.code in received) for m in required],
            missing=missing,
            one_time_notice=one_time_notice(applicant.name, missing),
            timeline=timeline,
            allowed_next=[] if void else [
                StatusOption(s.value, s.label)
                for s in _safe_targets(allowed_aid_targets, r.status)],
            due=due, updated_at=r.updated_at, version=r.version, void=void,
            corrections=correction_info(session, "aid_referral", r),
            correction_note=r.correction_note or "", annotation_only=annotation_only(r),
            aid_form=r.aid_form or "", aid_form_label=_label(AidForm, r.aid_form or None),
            opposing_party=r.opposing_party or "", agent_id_type=r.agent_id_type or "",
            agent_id_number_masked=mask_id_number(r.agent_id_number or ""),
            decision_told_on=r.decision_told_on,
            urgent_forward_days=urgent_days,
        )
