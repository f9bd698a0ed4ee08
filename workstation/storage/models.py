"""Tables of a station database (SQLModel).

Every synced record has a UUID text identity unique across all stations, the owning station,
aware created/updated times and a version counter that grows on each change (kept by the
session hooks in ``storage.session``). The change log that sync reads is filled by triggers
created in the migrations, so no writer can forget it.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, LargeBinary, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from .types import AwareDateTime, utcnow


def new_id() -> str:
    return str(uuid.uuid4())


class Record(SQLModel):
    """Columns shared by every synced table."""

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    station_id: str = Field(foreign_key="station.id", index=True, max_length=36)
    created_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime, nullable=False)
    version: int = Field(default=1, nullable=False)


class Voidable(SQLModel):
    """Records are never deleted: an admin voids them with a reason (``services.voiding``).

    A voided record stays, marked, and travels to the county like any other change; lists,
    counts, deadlines and statistics leave it out unless asked to show it.
    """

    voided_at: datetime | None = Field(default=None, sa_type=AwareDateTime, nullable=True)
    #: The operator who voided it (no foreign key: added to existing tables in place).
    voided_by: str | None = None
    void_reason: str | None = None


def voided_index(table: str) -> Index:
    """A partial index of the few voided rows: counting them is instant, and the planner can
    never pick it for ``voided_at IS NULL`` (which would scan every valid row)."""
    return Index(f"ix_{table}_voided", "voided_at", sqlite_where=text("voided_at IS NOT NULL"))


class Station(SQLModel, table=True):
    """The station this database belongs to (exactly one row)."""

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    name: str
    division_code: str = Field(max_length=12)
    county_center: str
    case_prefix: str
    phone: str = ""
    address: str = ""
    referral_forward_days: int = 3
    #: Art. 44: an urgent aid application is forwarded the same day (0) or the next working
    #: day (1); the admin's choice, printed on the receipt.
    urgent_forward_days: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    #: Minutes without keyboard or mouse input before the desk application locks itself.
    idle_lock_minutes: int = 10
    #: Working days a consultation not answered on the spot may take (咨询答复时限; migration
    #: 0018_first_inquiry; ``domain.responsibility``).
    consultation_days: int = Field(default=5, sa_column_kwargs={"server_default": "5"})
    #: True while the admin has still to confirm the mediation committees made by migration
    #: 0009_committees from the old guess (asked at the next admin login).
    committees_unconfirmed: bool = Field(default=False,
                                         sa_column_kwargs={"server_default": "0"})
    created_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime, nullable=False)
    version: int = 1


class Operator(Record, table=True):
    name: str
    username: str = Field(unique=True, index=True)
    role: str
    password_hash: str
    active: bool = True


class Person(Record, Voidable, table=True):
    __table_args__ = (
        Index(
            "ix_person_document",
            "id_type",
            "id_number",
            unique=True,
            sqlite_where=text("id_number IS NOT NULL"),
        ),
        voided_index("person"),
    )

    name: str = Field(index=True)
    name_keys: str = Field(default="", index=True)
    sex: str | None = None
    birth_date: date | None = None
    ethnicity: str = ""
    id_type: str = "resident_id"
    id_number: str | None = None
    phone: str = ""
    address: str = ""
    household_registration: str = ""
    occupation: str = ""
    employer: str = ""
    special_groups: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class Consultation(Record, Voidable, table=True):
    __table_args__ = (UniqueConstraint("station_id", "year", "seq"), voided_index("consultation"))

    year: int
    seq: int
    number: str = Field(index=True)
    occurred_at: datetime = Field(sa_type=AwareDateTime, nullable=False, index=True)
    channel: str
    person_id: str | None = Field(default=None, foreign_key="person.id", index=True)
    topic: str = Field(index=True)
    question: str
    answer: str = ""
    handling_result: str
    referred_to: str = ""
    operator_id: str = Field(foreign_key="operator.id", index=True)
    minutes_spent: int | None = None
    satisfaction: str | None = None
    #: The provider the citizen was guided to (法律服务指引), for referral results.
    provider_id: str | None = Field(default=None, foreign_key="referral_provider.id",
                                    index=True, max_length=36)


class MediationCommittee(Record, table=True):
    """A people's mediation committee (人民调解委员会) the station prints for (migration
    0009_committees). Its ``name`` is exactly as on its seal: mediation documents are issued
    in it. Deactivated (``active`` = False), never deleted once a case names it; one without
    cases may be deleted (the only synced table without the no-delete trigger, see
    ``DELETABLE_TABLES``)."""

    __tablename__ = "mediation_committee"
    __table_args__ = (UniqueConstraint("station_id", "name"),)

    name: str
    #: ``domain.committees.CommitteeType``.
    kind: str
    #: The 12-digit division code of the village, community, township or county it serves.
    division_code: str = Field(max_length=12)
    #: Operators of the station who mediate for it (their ids).
    operator_ids: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    #: Other mediators by name ("、"-separated).
    other_mediators: str = ""
    #: The committee a new case is given unless the mediator chooses another (one per station).
    is_default: bool = False
    active: bool = True


class MediationCase(Record, Voidable, table=True):
    __tablename__ = "mediation_case"
    __table_args__ = (UniqueConstraint("station_id", "year", "seq"),
                      voided_index("mediation_case"))

    year: int
    seq: int
    number: str = Field(index=True)
    source: str
    referring_body: str = ""
    dispute_type: str = Field(index=True)
    facts: str
    claims: str = ""
    amount_involved_fen: int = 0
    registered_on: date = Field(index=True)
    accepted_on: date | None = None
    deadline: date | None = Field(default=None, index=True)
    extension_days: int = 0
    extension_reason: str = ""
    status: str = Field(index=True)
    concluded_on: date | None = None
    status_reason: str = ""
    mediator_id: str = Field(foreign_key="operator.id", index=True)
    co_mediators: str = ""
    #: Coded kind of the referring body (``ReferringBodyKind``) beside its name, for referred
    #: cases; empty otherwise. Migration 0011 set existing referred cases to "other".
    referring_body_kind: str = Field(default="", sa_column_kwargs={"server_default": ""})
    #: A prevention indicator the case carries (``PreventionKind``; "" none) and how many
    #: people it concerned (防止…… 件/人; see domain.screening).
    prevention_kind: str = Field(default="", sa_column_kwargs={"server_default": ""})
    prevention_persons: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    #: The committee that mediates the case and issues its documents (migration 0009; added
    #: in place, so nullable in the schema; the services always set it).
    committee_id: str | None = Field(default=None, foreign_key="mediation_committee.id",
                                     index=True, max_length=36)


class MediationParty(Record, table=True):
    __tablename__ = "mediation_party"

    case_id: str = Field(foreign_key="mediation_case.id", index=True)
    role: str
    position: int = 0
    person_id: str | None = Field(default=None, foreign_key="person.id", index=True)
    org_name: str = ""
    org_representative: str = ""
    org_address: str = ""


class MediationSession(Record, table=True):
    __tablename__ = "mediation_session"

    case_id: str = Field(foreign_key="mediation_case.id", index=True)
    held_at: datetime = Field(sa_type=AwareDateTime, nullable=False)
    place: str
    attendees: str
    record: str
    mediator_id: str = Field(foreign_key="operator.id")
    #: 记录人 (migration 0010_case_file; the operator's name when the form left it blank).
    recorder: str = Field(default="", sa_column_kwargs={"server_default": ""})


class MediationAgreement(Record, table=True):
    __tablename__ = "mediation_agreement"

    case_id: str = Field(foreign_key="mediation_case.id", unique=True)
    form: str
    terms: str
    responsibility: str = ""
    performance_manner: str = ""
    performance_place: str = ""
    performance_deadline: date | None = None
    effective_on: date = Field(index=True)
    amount_agreed_fen: int = 0
    copies: int = 3
    judicial_confirmation_applied: bool = False
    judicial_confirmation_on: date | None = None
    # The court's result (migration 0010_case_file): one home for "applied" (the two columns
    # above) and "confirmed" (``judicial_result == "confirmed"``), as statistics count them.
    #: ``domain.casefile.JudicialResult`` code; "" while the court has not decided.
    judicial_result: str = Field(default="", sa_column_kwargs={"server_default": ""})
    judicial_result_on: date | None = None
    judicial_court: str = Field(default="", sa_column_kwargs={"server_default": ""})
    judicial_ruling_number: str = Field(default="", sa_column_kwargs={"server_default": ""})
    #: ``Performance`` code set by the latest follow-up or supervision; "" = 尚未核实.
    performance_status: str = Field(default="", sa_column_kwargs={"server_default": ""})


class FollowUp(Record, table=True):
    __tablename__ = "follow_up"

    case_id: str = Field(foreign_key="mediation_case.id", index=True)
    visited_on: date
    performance: str
    satisfaction: str | None = None
    notes: str = ""
    operator_id: str = Field(foreign_key="operator.id")
    #: 回访方式 (``VisitMethod``) and 被回访人 (migration 0010_case_file; "" on older visits).
    method: str = Field(default="", sa_column_kwargs={"server_default": ""})
    visitee: str = Field(default="", sa_column_kwargs={"server_default": ""})


class MediationStep(Record, table=True):
    """A dated step of a mediation case file (migration 0010_case_file): the notice of rights
    and duties given, an investigation, a supervision of performance, the feedback letter to
    the referring body (``domain.casefile.StepKind``).

    One table for these small records, not one each: they share a case, a day, the operator
    and a free text; the columns a kind does not use stay empty:

    =============  ===========  ==============  ============  =============  ==========
    kind           manner       staff           people        content        result
    =============  ===========  ==============  ============  =============  ==========
    rights_notice  NoticeMan.   (告知人 name)    被告知人        —              —
    investigation  —            调查人           被调查人        调查情况         —
    supervision    Supervis.M.  (督促人 name)    —             督促情况         Performance
    feedback       —            —               收函单位        反馈内容         —
    =============  ===========  ==============  ============  =============  ==========
    """

    __tablename__ = "mediation_step"

    case_id: str = Field(foreign_key="mediation_case.id", index=True)
    kind: str = Field(index=True)
    done_on: date = Field(index=True)
    manner: str = ""
    staff: str = ""
    people: str = ""
    place: str = ""
    content: str = ""
    result: str = ""
    operator_id: str = Field(foreign_key="operator.id")


class AidReferral(Record, Voidable, table=True):
    __tablename__ = "aid_referral"
    __table_args__ = (UniqueConstraint("station_id", "year", "seq"), voided_index("aid_referral"))

    year: int
    seq: int
    number: str = Field(index=True)
    applicant_id: str = Field(foreign_key="person.id", index=True)
    agent_name: str = ""
    agent_relation: str = ""
    agent_phone: str = ""
    matter: str = Field(index=True)
    matter_detail: str = ""
    procedural_role: str = ""
    stage: str = ""
    cause_of_action: str = ""
    facts: str
    request: str
    hardship_route: str
    household_size: int | None = None
    monthly_income_fen: int | None = None
    property_note: str = ""
    limitation_deadline: date | None = None
    #: Whether the limitation deadline was less than 7 days away on the application day, kept
    #: for older readers of the bundles. Urgency is never read from it: it is computed from
    #: ``limitation_deadline`` and the day in question (``domain.deadlines.is_urgent``).
    urgent: bool = False
    #: Form of aid asked for (``enums.AidForm``), the opposing party, the agent's document and
    #: the day the applicant was told of the center's decision (migration 0016_aid_rules).
    aid_form: str = Field(default="", sa_column_kwargs={"server_default": ""})
    opposing_party: str = Field(default="", sa_column_kwargs={"server_default": ""})
    agent_id_type: str = Field(default="", sa_column_kwargs={"server_default": ""})
    agent_id_number: str = Field(default="", sa_column_kwargs={"server_default": ""})
    decision_told_on: date | None = None
    materials_received: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    status: str = Field(index=True)
    applied_on: date = Field(index=True)
    forwarded_to: str = ""
    forwarded_on: date | None = None
    center_received_on: date | None = None
    decision: str | None = None
    decision_on: date | None = None
    decision_note: str = ""
    assigned_lawyer: str = ""
    closed_on: date | None = None
    operator_id: str = Field(foreign_key="operator.id", index=True)
    #: Correction notes (更正说明) appended after the application went to the center, whose
    #: fields then stay as forwarded (``services.corrections``); one line per note.
    correction_note: str = Field(default="", sa_column_kwargs={"server_default": ""})


class StatusChange(Record, table=True):
    """One step of a case's or referral's status timeline."""

    __tablename__ = "status_change"

    record_type: str
    record_id: str = Field(index=True)
    from_status: str | None = None
    to_status: str
    changed_at: datetime = Field(sa_type=AwareDateTime, nullable=False)
    operator_id: str | None = Field(default=None, foreign_key="operator.id")
    reason: str = ""


class AuditEntry(SQLModel, table=True):
    """Who did what to which record, and when. Append-only and hash-chained: ``seq`` counts
    the station's entries without gaps, ``hash`` = SHA-256(``prev_hash`` ‖ the entry's
    canonical bytes) (``domain.audit_chain``; written by ``storage.audit_chain.chained``).
    Entries travel to the county in the bundles (``sync.format.TABLES``), which verifies the
    chain. Migration 0015_audit_chain."""

    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_seq", "seq", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    #: Position in the station's chain (1, 2, …); NULL only in databases before 0015.
    seq: int | None = None
    prev_hash: str = Field(default="", sa_column_kwargs={"server_default": ""})
    hash: str = Field(default="", sa_column_kwargs={"server_default": ""})
    at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime, nullable=False, index=True)
    operator_id: str | None = Field(default=None, foreign_key="operator.id", index=True)
    action: str = Field(index=True)
    record_type: str = ""
    record_id: str = Field(default="", index=True)
    detail: str = ""


class ChangeLog(SQLModel, table=True):
    """Sync change log: one row per committed change of a synced table.

    ``seq`` is an AUTOINCREMENT key: strictly increasing and never reused, even after the
    newest rows are deleted. Rows are written by triggers in the same transaction.
    """

    __tablename__ = "change_log"
    __table_args__ = {"sqlite_autoincrement": True}

    seq: int | None = Field(default=None, primary_key=True)
    table_name: str
    record_id: str = Field(max_length=36)
    version: int
    op: str = Field(max_length=1)
    changed_at: str


#: The audit trail is logged in the change log (trigger of 0015_audit_chain) and travels in
#: bundles, but its changes never make an export on their own: they ride along with the next
#: bundle of record changes. Every export and acknowledgement is itself audited, so counting
#: them would always leave "something to send" (and an uploader sending forever).
def record_changes() -> Any:
    """The change-log condition of changes that count as unsynced (all but audit entries)."""
    return ChangeLog.table_name != "audit_entry"


# --- legal publicity and the referral directory (issue 9; migration 0006_publicity) ---


class ReferralProvider(Record, table=True):
    """A legal service provider of the station's directory (律师事务所, 公证处, 法院 ...).

    Never deleted (consultations refer to it): ``active`` = False hides it from pickers.
    """

    __tablename__ = "referral_provider"
    __table_args__ = (UniqueConstraint("station_id", "name"),)

    name: str
    kind: str = Field(index=True)
    address: str = ""
    phone: str = ""
    hours: str = ""
    services: str = ""
    notes: str = ""
    active: bool = True


class PublicityActivity(Record, table=True):
    """A legal publicity activity (法治宣传活动) the station held."""

    __tablename__ = "publicity_activity"
    __table_args__ = (UniqueConstraint("station_id", "year", "seq"),)

    year: int
    seq: int
    number: str = Field(index=True)
    held_on: date = Field(index=True)
    place_kind: str = Field(index=True)
    place: str
    form: str = Field(index=True)
    theme: str
    audience: int = 0
    materials: int = 0
    notes: str = ""
    #: Who registered it (and is responsible for it); the participants are PublicityOperator.
    operator_id: str = Field(foreign_key="operator.id", index=True)


class PublicityOperator(Record, table=True):
    """An operator who took part in an activity (counted per operator in the workload
    figures). Taken off an activity by ``removed`` = True, never deleted."""

    __tablename__ = "publicity_operator"
    __table_args__ = (UniqueConstraint("activity_id", "operator_id"),)

    activity_id: str = Field(foreign_key="publicity_activity.id", index=True)
    operator_id: str = Field(foreign_key="operator.id", index=True)
    position: int = 0
    removed: bool = False


class PublicityPhoto(Record, table=True):
    """A photo of an activity: JPEG downscaled on import, with a thumbnail. A removed photo
    keeps its row (``removed`` = True) but its image bytes are cleared."""

    __tablename__ = "publicity_photo"

    activity_id: str = Field(foreign_key="publicity_activity.id", index=True)
    position: int = 0
    file_name: str = ""
    width: int
    height: int
    size_bytes: int
    sha256: str = Field(max_length=64)
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    thumbnail: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    removed: bool = False


# --- dispute screening and prevention (migration 0011_screening) ---


class Screening(Record, table=True):
    """A dispute screening (矛盾纠纷排查) the station made."""

    __tablename__ = "screening"
    __table_args__ = (UniqueConstraint("station_id", "year", "seq"),)

    year: int
    seq: int
    number: str = Field(index=True)
    held_on: date = Field(index=True)
    place: str
    kind: str = Field(index=True)
    participants: str
    notes: str = ""
    #: Who registered it.
    operator_id: str = Field(foreign_key="operator.id", index=True)


class ScreeningDispute(Record, table=True):
    """A dispute a screening found. Taken off a screening by ``removed`` = True, never
    deleted. ``reviewed_on`` is the last day a watched dispute was looked at (the dashboard
    reminds of watched disputes not reviewed for a while)."""

    __tablename__ = "screening_dispute"

    screening_id: str = Field(foreign_key="screening.id", index=True)
    position: int = 0
    parties: str
    dispute_type: str = Field(index=True)
    risk_level: str
    summary: str = ""
    outcome: str = Field(index=True)
    case_id: str | None = Field(default=None, foreign_key="mediation_case.id", index=True,
                                max_length=36)
    referred_to: str = ""
    prevention_kind: str = ""
    prevention_persons: int = 0
    reviewed_on: date
    removed: bool = False


class WorkOrder(Record, table=True):
    """A 12348 work order (工单) the platform dispatched to the station (migration
    0017_hotline_orders; rules in ``domain.work_orders``). ``order_no`` is the platform's own
    number, unique per station. The station's handling links to it (one consultation, one
    mediation case, one aid referral at most); the reply back to the platform is recorded on
    the order itself (``replied_on`` set: replied). Never deleted."""

    __tablename__ = "work_order"
    __table_args__ = (UniqueConstraint("station_id", "order_no"),)

    order_no: str = Field(index=True)
    channel: str = Field(index=True)
    received_on: date = Field(index=True)
    due_on: date = Field(index=True)
    request: str
    caller_name: str = ""
    caller_phone: str = ""
    #: The station's receiving operator (首问: who registered the order).
    operator_id: str = Field(foreign_key="operator.id", index=True)
    consultation_id: str | None = Field(default=None, foreign_key="consultation.id",
                                        index=True, max_length=36)
    case_id: str | None = Field(default=None, foreign_key="mediation_case.id", index=True,
                                max_length=36)
    referral_id: str | None = Field(default=None, foreign_key="aid_referral.id", index=True,
                                    max_length=36)
    replied_on: date | None = Field(default=None, index=True)
    reply_content: str = ""
    reply_method: str = ""
    replied_by: str | None = Field(default=None, foreign_key="operator.id", max_length=36)
# --- first-inquiry responsibility (首问负责; migration 0018_first_inquiry) ---


class Responsibility(Record, table=True):
    """Who answers for a record: its first receiver (首问责任人, fixed at registration) and its
    current handler (当前承办人), for every record kind of ``services.responsibility.KINDS``
    (one row per record, generic over kinds: ``record_type`` + ``record_id``).

    ``handler_id`` is None once the matter was handed outside the station and the receipt
    confirmed (``handler_name`` then names the receiving station, county center or agency).
    ``settled_on``: the handler recorded the matter as answered (consultations answered
    after the visit)."""

    __tablename__ = "responsibility"
    __table_args__ = (UniqueConstraint("record_type", "record_id"),)

    record_type: str = Field(max_length=32)
    record_id: str = Field(max_length=36)
    first_receiver_id: str = Field(foreign_key="operator.id", index=True)
    handler_id: str | None = Field(default=None, foreign_key="operator.id", index=True)
    handler_name: str = ""
    settled_on: date | None = None
    settled_note: str = ""


class Handover(Record, table=True):
    """A hand-over (转办/移交) of a record: to whom (``target``: ``HandoverTarget``), why,
    when, and whether it was accepted. The sender stays accountable while it is pending.

    To an operator: ``to_operator_id``; the receiver accepts or declines (``decided_by`` =
    the receiver). Outside (station, county, agency): ``to_name`` (and ``provider_id`` for a
    directory agency); accepted by recording who confirmed receipt (``confirmed_by``, a name)
    and when; ``decided_by`` is the operator who recorded it."""

    __tablename__ = "handover"

    record_type: str = Field(max_length=32, index=True)
    record_id: str = Field(max_length=36, index=True)
    from_operator_id: str = Field(foreign_key="operator.id", index=True)
    target: str
    to_operator_id: str | None = Field(default=None, foreign_key="operator.id", index=True)
    to_name: str = ""
    provider_id: str | None = Field(default=None, foreign_key="referral_provider.id",
                                    max_length=36)
    reason: str
    handed_at: datetime = Field(sa_type=AwareDateTime, nullable=False)
    status: str = Field(index=True)
    decided_at: datetime | None = Field(default=None, sa_type=AwareDateTime, nullable=True)
    decided_by: str | None = Field(default=None, foreign_key="operator.id")
    confirmed_by: str = ""
    decline_reason: str = ""


class RecordLink(Record, table=True):
    """A consultation and the record it led to (a mediation case, an aid application):
    stored, so both records show it (``domain.responsibility.LinkKind``)."""

    __tablename__ = "record_link"
    __table_args__ = (UniqueConstraint("from_type", "from_id", "to_type", "to_id"),)

    from_type: str = Field(max_length=32)
    from_id: str = Field(max_length=36, index=True)
    to_type: str = Field(max_length=32)
    to_id: str = Field(max_length=36, index=True)
    operator_id: str = Field(foreign_key="operator.id")


# --- citizens' ratings and the review of a 不满意 (migration 0019_ratings) ---


class Rating(Record, table=True):
    """A rating of a consultation, a mediation case or an aid application
    (``domain.rating``): the citizen's own (评价屏, returned slip), a follow-up visit's, or
    entered by an operator. ``operator_id`` entered it; the rated record's own operator is
    whose service it rates (statistics look it up). Never voided; a citizen's rating is never
    changed (a wrong one is answered by the review, not erased); an operator's tick
    (工作人员代录) follows a correction of the record (``ratings.correct_staff_rating``)."""

    __tablename__ = "rating"

    record_type: str = Field(index=True)
    record_id: str = Field(index=True, max_length=36)
    value: str
    source: str = Field(index=True)
    method: str
    reasons: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    comment: str = ""
    rated_at: datetime = Field(sa_type=AwareDateTime, nullable=False, index=True)
    operator_id: str = Field(foreign_key="operator.id", index=True)


class RatingReview(Record, table=True):
    """The admin's review of a 不满意 (one per such rating): why the citizen was
    dissatisfied, what was done, when and how the citizen was contacted; closed by whom and
    when. Due ``domain.rating.review_due`` of the rating's day."""

    __tablename__ = "rating_review"

    rating_id: str = Field(foreign_key="rating.id", index=True, unique=True, max_length=36)
    due_on: date = Field(index=True)
    reason: str = ""
    action_taken: str = ""
    contacted_on: date | None = None
    contact_method: str = ""
    closed_at: datetime | None = Field(default=None, sa_type=AwareDateTime, nullable=True)
    closed_by: str | None = Field(default=None, foreign_key="operator.id", max_length=36)


#: Tables whose changes are logged for sync, in dependency order (parents first).
SYNCED_TABLES: tuple[str, ...] = (
    "operator",
    "person",
    "referral_provider",
    "consultation",
    "mediation_committee",
    "mediation_case",
    "mediation_party",
    "mediation_session",
    "mediation_agreement",
    "follow_up",
    "aid_referral",
    "status_change",
    "publicity_activity",
    "publicity_operator",
    "publicity_photo",
    "mediation_step",
    "screening",
    "screening_dispute",
    "work_order",
    "responsibility",
    "handover",
    "record_link",
    "rating",
    "rating_review",
)

#: Synced tables without the no-delete trigger: an unused committee (no case names it) may be
#: deleted, e.g. one added by mistake; the county keeps the copy it was sent.
DELETABLE_TABLES: tuple[str, ...] = ("mediation_committee",)


class Draft(SQLModel, table=True):
    """A form being typed, saved every few seconds so a crash or power cut loses nothing.

    Local to this PC: never synced. ``form_key`` names the form and the record it edits
    (``consultation:new``, ``mediation_case:<id>``); one draft per operator and form.
    """

    __tablename__ = "draft"
    __table_args__ = (UniqueConstraint("operator_id", "form_key"),)

    id: int | None = Field(default=None, primary_key=True)
    operator_id: str = Field(foreign_key="operator.id", index=True)
    form_key: str
    title: str = ""
    payload: str
    saved_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime, nullable=False)


# --- search index (derived from the records; local, never synced; see storage.search_index) ---


class SearchDoc(SQLModel, table=True):
    """One searchable document per person, consultation, mediation case and aid referral.

    Rebuilt from the records at any time (``storage.search_index``); ``id`` is stable while the
    record exists (refreshes are upserts), as the FTS index and ``search_term`` refer to it.
    """

    __tablename__ = "search_doc"
    __table_args__ = (UniqueConstraint("record_type", "record_id"),)

    id: int | None = Field(default=None, primary_key=True)
    record_type: str
    record_id: str
    number: str | None = None
    title: str  # number and names (indexed by search_fts)
    body: str  # free text (indexed by search_fts)
    phones: str = ""  # phone digits, space-separated (indexed by search_fts, never shown)
    detail: str = ""  # shown, never indexed: masked ID number, phone
    day: str | None = None  # ISO date shown in results
    status: str | None = None
    sort_key: str  # newest first within a ranking group


class SearchTerm(SQLModel, table=True):
    """Exact and prefix keys of a document: ``g:`` 1-2 character name parts, ``k:`` pinyin
    keys, ``i:`` reversed ID number, ``n:`` serial number."""

    __tablename__ = "search_term"
    __table_args__ = {"sqlite_with_rowid": False}

    term: str = Field(primary_key=True)
    doc_id: int = Field(primary_key=True, index=True)


class SearchLink(SQLModel, table=True):
    """A person's document and the document of a record naming them (party, applicant)."""

    __tablename__ = "search_link"
    __table_args__ = {"sqlite_with_rowid": False}

    person_doc: int = Field(primary_key=True)
    record_doc: int = Field(primary_key=True, index=True)


# --- sync (station side of issue 5; see workstation.sync and docs/sync-bundle.md) ---


class SyncState(SQLModel, table=True):
    """This station's sync keys and progress (exactly one row, ``id`` = 1; made on first use).

    ``station_private_key`` is the station's Ed25519 signing key as unencrypted PKCS#8 PEM.
    TODO(issue 7): encrypt it at rest (with the database key) before real deployments.
    """

    __tablename__ = "sync_state"

    id: int | None = Field(default=None, primary_key=True)
    station_private_key: str
    station_public_key: str
    county_public_key: str | None = None
    #: Highest change_log seq the county has acknowledged (exports start after it).
    last_acked_change_seq: int = 0
    #: Highest bundle seq the county has acknowledged.
    last_acked_bundle_seq: int = 0
    next_bundle_seq: int = 1
    updated_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime, nullable=False)
    # Chain epochs (migration 0012_sync_epoch; storage/sync_epoch.py, docs/sync-bundle.md).
    #: The chain epoch this station's bundles belong to (1 until a restore or rollback).
    epoch: int = 1
    #: The first bundle seq of the current epoch (0 for epoch 1).
    epoch_first_seq: int = 0
    epoch_started_at: datetime | None = Field(default=None, sa_type=AwareDateTime, nullable=True)
    #: Why the current (or pending) epoch began: "restore" or "rollback".
    epoch_reason: str | None = Field(default=None, max_length=16)
    #: A new epoch is needed: the number the next export starts (None: none needed).
    epoch_pending: int | None = None
    epoch_marked_at: datetime | None = Field(default=None, sa_type=AwareDateTime, nullable=True)
    #: JSON: what the station last knew when the new epoch was found needed.
    epoch_previous: str | None = None
    #: X25519 key pair (PKCS#8 / SubjectPublicKeyInfo PEM, migration 0013_sync_conflicts,
    #: made on first export): the county encrypts its data of conflicting records for it.
    box_private_key: str | None = None
    box_public_key: str | None = None


class SyncConflict(SQLModel, table=True):
    """A conflict the county reported in an acknowledgement (``workstation.sync.conflicts``):
    a record of this station it holds differently. ``county_data`` is the county's version
    of the record (JSON text, decrypted from the acknowledgement; None when it was not sent).
    ``resolved_at``/``resolution`` (``station`` / ``county``): the operator settled it here;
    the county marks it resolved when the next bundle carries the result. A conflict the
    county no longer lists is resolved ``county_closed``."""

    __tablename__ = "sync_conflict"

    table_name: str = Field(primary_key=True, max_length=32)
    record_id: str = Field(primary_key=True, max_length=36)
    reason: str
    reason_text: str = ""
    county_version: int
    station_version: int
    bundle_seq: int
    detected_at: str
    label: str = ""
    county_data: str | None = None
    received_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime,
                                  nullable=False)
    resolved_at: datetime | None = Field(default=None, sa_type=AwareDateTime, nullable=True)
    resolution: str | None = None


class SyncUpload(SQLModel, table=True):
    """Online upload to the county receiver (``county serve``): the admin's settings and the
    background uploader's state (one row, ``id`` = 1; made on first use). Its own table, not
    columns of ``sync_state``: the state changes on every attempt and is no part of the chain.

    ``pin_sha256`` is the SHA-256 (hex) of the county's TLS certificate (DER) for ``https``
    addresses, "" for none (``http``: every acknowledgement is verified with the county key
    anyway). The back-off fields survive restarts (``sync/uploader.py``).
    """

    __tablename__ = "sync_upload"

    id: int | None = Field(default=None, primary_key=True)
    enabled: bool = False
    url: str = ""
    pin_sha256: str = ""
    #: When the next automatic attempt is due (None: whenever there is something to send).
    next_attempt_at: datetime | None = Field(default=None, sa_type=AwareDateTime, nullable=True)
    #: Consecutive failed attempts (0 after a success); the back-off grows with it.
    failures: int = 0
    #: "" (never tried), ok, network, retry, refused or error (``sync/uploader.py``).
    last_result: str = ""
    last_result_at: datetime | None = Field(default=None, sa_type=AwareDateTime, nullable=True)
    last_error: str = ""
    last_success_at: datetime | None = Field(default=None, sa_type=AwareDateTime, nullable=True)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime, nullable=False)


class SyncBundle(SQLModel, table=True):
    """A bundle this station wrote (whether or not the file still exists)."""

    __tablename__ = "sync_bundle"

    seq: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    file_name: str
    from_seq: int
    to_seq: int
    records: int
    sha256: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_type=AwareDateTime, nullable=False)
    acked_at: datetime | None = Field(default=None, sa_type=AwareDateTime, nullable=True)
    epoch: int = 1  # the chain epoch it belongs to (migration 0012_sync_epoch)
