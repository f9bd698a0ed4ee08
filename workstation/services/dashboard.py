"""The start page: today's work and the deadlines that need attention (限时办结).

Voided records (作废) count for nothing here: neither in the day's work nor in any deadline.

Every deadline list is one indexed SQL query filtered to a date range (status index for open
records, date index for agreements); Python only formats the few rows that come back.

Measured with 100,000 mediation cases (69,000 agreements), 100,000 consultations and 20,000
referrals (SQLite 3.40, default 2 MB page cache, 2-vCPU VM under load): 13.6 ms for 265 listed
items; 95-160 ms for 1,414; 315-530 ms for a neglected database with 8,238 overdue items. The
SQL filtering is ~10 ms; the rest grows with the number of items listed (~50 µs each, mostly
page reads for party names), not with the size of the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from workstation.domain.deadlines import (
    AID_URGENT_DAYS,
    DECISION_TELL_WORKING_DAYS,
    DEFAULT_FORWARD_DAYS,
    DUE_SOON_DAYS,
    JUDICIAL_CONFIRMATION_DAYS,
    aid_decision_due,
    decision_tell_due,
    due_state,
    follow_up_due,
    forward_due,
    judicial_confirmation_deadline,
)
from workstation.domain.enums import AidStatus, LabeledEnum, MediationStatus
from workstation.domain.screening import WATCH_REVIEW_DAYS, DisputeOutcome
from workstation.storage.engine import Database
from workstation.storage.models import (
    AidReferral,
    Consultation,
    MediationAgreement,
    MediationCase,
    Person,
    Screening,
    ScreeningDispute,
    Station,
)

from .context import Actor
from .listing import local_day_start, party_titles, referral_title

#: A registered case should be accepted (or refused) within this many days.
ACCEPTANCE_DAYS = 3
#: Seven working days never span fewer than this many calendar days (Monday + 9 = Wednesday).
_MIN_CALENDAR_DAYS_OF_7_WORKING = 9

M = MediationStatus
A = AidStatus
CASE = "mediation_case"
REFERRAL = "aid_referral"
SCREENING = "screening"


class DeadlineKind(LabeledEnum):
    ACCEPTANCE = "acceptance", "待受理"
    MEDIATION = "mediation_deadline", "调解期限"
    FOLLOW_UP = "follow_up", "待回访"
    JUDICIAL_CONFIRMATION = "judicial_confirmation", "司法确认申请期限"
    REFERRAL_FORWARD = "referral_forward", "待转交援助申请"
    AID_DECISION = "aid_decision", "援助决定待反馈"
    DECISION_TELL = "aid_decision_tell", "援助决定待告知"
    URGENT_REFERRAL = "urgent_referral", "紧急援助申请"
    WATCHED_DISPUTE = "watched_dispute", "关注纠纷待复查"
    WORK_ORDER = "work_order", "12348工单待回复"
    CONSULTATION_ANSWER = "consultation_answer", "咨询待答复"
    RATING_REVIEW = "rating_review", "不满意评价待核查"


@dataclass(frozen=True)
class DeadlineItem:
    kind: str
    kind_label: str
    record_type: str
    record_id: str
    number: str
    title: str
    due: date
    days_left: int
    overdue: bool
    label: str


@dataclass(frozen=True)
class Dashboard:
    today: date
    consultations_today: int
    consultations_month: int
    cases_today: int
    cases_month: int
    referrals_today: int
    referrals_month: int
    my_open_cases: int
    deadlines: list[DeadlineItem] = field(default_factory=list)

    @property
    def overdue_count(self) -> int:
        return sum(1 for item in self.deadlines if item.overdue)


def load_dashboard(db: Database, actor: Actor, today: date) -> Dashboard:
    """Counts of today's and this month's work and the deadline list for ``today``."""
    with db.read() as session:
        counts = _counts(session, actor, today)
        items = _deadlines(session, actor, today)
    return Dashboard(today=today, deadlines=items, **counts)


def _unindexed(column: Any) -> Any:
    """``column || ''``: the same value, but SQLite will not pick the column's index for it.

    Without ANALYZE statistics SQLite may prefer e.g. the mediator index (every case of a
    station with one mediator) or the status index of all agreed cases over the selective
    one (open statuses, an agreement date range); this steers it to the selective index.
    """
    return column.concat("")


def _count(session: Session, stmt: object) -> int:
    return int(session.scalar(stmt) or 0)  # type: ignore[call-overload]


def _counts(session: Session, actor: Actor, today: date) -> dict[str, int]:
    month_start = today.replace(day=1)
    tomorrow = local_day_start(today + timedelta(days=1))

    def consultations(since: date) -> int:
        return _count(session, select(func.count()).select_from(Consultation).where(
            Consultation.occurred_at >= local_day_start(since),
            Consultation.occurred_at < tomorrow, Consultation.voided_at.is_(None)))

    def cases(since: date) -> int:
        return _count(session, select(func.count()).select_from(MediationCase).where(
            MediationCase.registered_on >= since, MediationCase.registered_on <= today,
            MediationCase.voided_at.is_(None)))

    def referrals(since: date) -> int:
        return _count(session, select(func.count()).select_from(AidReferral).where(
            AidReferral.applied_on >= since, AidReferral.applied_on <= today,
            AidReferral.voided_at.is_(None)))

    my_open = _count(session, select(func.count()).select_from(MediationCase).where(
        _unindexed(MediationCase.mediator_id) == actor.operator_id,
        MediationCase.status.in_([M.REGISTERED, M.ACCEPTED, M.MEDIATING]),
        MediationCase.voided_at.is_(None)))
    return {
        "consultations_today": consultations(today),
        "consultations_month": consultations(month_start),
        "cases_today": cases(today),
        "cases_month": cases(month_start),
        "referrals_today": referrals(today),
        "referrals_month": referrals(month_start),
        "my_open_cases": my_open,
    }


def _item(kind: DeadlineKind, record_type: str, record_id: str, number: str, title: str,
          due: date, today: date) -> DeadlineItem:
    state = due_state(due, today)
    return DeadlineItem(
        kind=kind.value, kind_label=kind.label, record_type=record_type, record_id=record_id,
        number=number, title=title, due=due, days_left=state.days_left, overdue=state.overdue,
        label=state.label,
    )


def _forward_days(session: Session, actor: Actor) -> int:
    station = session.get(Station, actor.station_id)
    if station is None:
        station = session.scalars(select(Station)).first()
    days = station.referral_forward_days if station is not None else None
    return days if days is not None and days >= 0 else DEFAULT_FORWARD_DAYS


def _deadlines(session: Session, actor: Actor, today: date) -> list[DeadlineItem]:
    horizon = today + timedelta(days=DUE_SOON_DAYS)
    # (kind, record id, number, due) of mediation cases; titles are fetched in one go.
    case_due: list[tuple[DeadlineKind, str, str, date]] = []

    # Open cases against their one-month limit (status index: only open cases are read).
    for case_id, number, deadline in session.execute(
        select(MediationCase.id, MediationCase.number, MediationCase.deadline).where(
            MediationCase.status.in_([M.ACCEPTED, M.MEDIATING]),
            MediationCase.deadline.is_not(None),
            MediationCase.deadline <= horizon,
            MediationCase.voided_at.is_(None),
        )
    ):
        case_due.append((DeadlineKind.MEDIATION, case_id, number, deadline))

    # Registered but not yet accepted: due ACCEPTANCE_DAYS after registration.
    for case_id, number, registered_on in session.execute(
        select(MediationCase.id, MediationCase.number, MediationCase.registered_on).where(
            MediationCase.status == M.REGISTERED,
            MediationCase.registered_on <= horizon - timedelta(days=ACCEPTANCE_DAYS),
            MediationCase.voided_at.is_(None),
        )
    ):
        case_due.append((DeadlineKind.ACCEPTANCE, case_id, number,
                         registered_on + timedelta(days=ACCEPTANCE_DAYS)))

    # Agreed cases not yet followed up: due at the performance deadline, else a month on.
    ag = MediationAgreement
    for case_id, number, effective_on, performance_deadline in session.execute(
        select(MediationCase.id, MediationCase.number, ag.effective_on, ag.performance_deadline)
        .join(ag, ag.case_id == MediationCase.id)
        .where(
            MediationCase.status == M.AGREED,
            MediationCase.voided_at.is_(None),
            or_(
                and_(ag.performance_deadline.is_not(None), ag.performance_deadline <= horizon),
                and_(ag.performance_deadline.is_(None),
                     ag.effective_on <= horizon - timedelta(days=30)),
            ),
        )
    ):
        due = follow_up_due(effective_on, performance_deadline)
        if due <= horizon:
            case_due.append((DeadlineKind.FOLLOW_UP, case_id, number, due))

    # Judicial confirmation window (30 days) still open, not applied, closing within the
    # horizon (effective_on index: only agreements of the last month are read).
    for case_id, number, effective_on in session.execute(
        select(MediationCase.id, MediationCase.number, ag.effective_on)
        .join(MediationCase, MediationCase.id == ag.case_id)
        .where(
            ag.effective_on >= today - timedelta(days=JUDICIAL_CONFIRMATION_DAYS),
            ag.effective_on <= horizon - timedelta(days=JUDICIAL_CONFIRMATION_DAYS),
            ag.judicial_confirmation_applied.is_(False),
            _unindexed(MediationCase.status).in_([M.AGREED, M.FOLLOWED_UP]),
            MediationCase.voided_at.is_(None),
        )
    ):
        case_due.append((DeadlineKind.JUDICIAL_CONFIRMATION, case_id, number,
                         judicial_confirmation_deadline(effective_on)))

    titles = party_titles(session, [c[1] for c in case_due])
    items = [_item(kind, CASE, case_id, number, titles.get(case_id, ""), due, today)
             for kind, case_id, number, due in case_due]
    items += _referral_deadlines(session, actor, today, horizon)
    items += _watched_disputes(session, today, horizon)
    items += _work_orders(session, today)
    items += _consultation_deadlines(session, today, horizon)
    if actor.is_admin:
        items += _rating_reviews(session, today, horizon)
    items.sort(key=lambda i: (not i.overdue, i.due, i.kind, i.number, i.record_id))
    return items


def _consultation_deadlines(session: Session, today: date,
                            horizon: date) -> list[DeadlineItem]:
    """Consultations not answered on the spot, due to be answered, handed over or linked
    within the admin's working days (``services.responsibility``)."""
    from .responsibility import consultation_deadlines

    return [_item(DeadlineKind.CONSULTATION_ANSWER, "consultation", rid, number, title, due,
                  today)
            for rid, number, title, due in consultation_deadlines(session, today, horizon)]


def _rating_reviews(session: Session, today: date, horizon: date) -> list[DeadlineItem]:
    """The admin's open reviews of 不满意 ratings (``services.ratings``) due within the
    horizon; opening one opens the record rated."""
    from .ratings import reviews_due

    return [_item(DeadlineKind.RATING_REVIEW, r.record_type, r.record_id, r.number, r.title,
                  r.due_on, today) for r in reviews_due(session, horizon)]


def _watched_disputes(session: Session, today: date, horizon: date) -> list[DeadlineItem]:
    """Disputes a screening found and still watches (持续关注), due for another look
    ``WATCH_REVIEW_DAYS`` after they were last reviewed; opening one opens its screening."""
    d = ScreeningDispute
    rows = session.execute(
        select(d.screening_id, Screening.number, d.parties, d.reviewed_on)
        .join(Screening, Screening.id == d.screening_id)
        .where(d.outcome == DisputeOutcome.WATCHED, d.removed.is_(False),
               d.reviewed_on <= horizon - timedelta(days=WATCH_REVIEW_DAYS)))
    return [_item(DeadlineKind.WATCHED_DISPUTE, SCREENING, r.screening_id, r.number, r.parties,
                  r.reviewed_on + timedelta(days=WATCH_REVIEW_DAYS), today) for r in rows]


def _work_orders(session: Session, today: date) -> list[DeadlineItem]:
    """12348 work orders not yet replied to the platform, past or near their due day."""
    from .work_orders import RECORD_TYPE, due_orders

    return [_item(DeadlineKind.WORK_ORDER, RECORD_TYPE, o.id, o.order_no, o.title, o.due_on,
                  today) for o in due_orders(session, today, DUE_SOON_DAYS)]


def _referral_deadlines(session: Session, actor: Actor, today: date,
                        horizon: date) -> list[DeadlineItem]:
    r = AidReferral
    cols = (r.id, r.number, r.matter, Person.name)
    base = (select(*cols).select_from(r).outerjoin(Person, Person.id == r.applicant_id)
            .where(r.voided_at.is_(None)))
    items: list[DeadlineItem] = []
    # Art. 44, as of today (never a stored flag): the deadline less than 7 days away.
    urgent_before = today + timedelta(days=AID_URGENT_DAYS)
    urgent = and_(r.limitation_deadline.is_not(None), r.limitation_deadline < urgent_before)
    not_urgent = or_(r.limitation_deadline.is_(None), r.limitation_deadline >= urgent_before)

    # Urgent referrals still open (art. 44): due at the limitation deadline. They are listed
    # once, here, instead of under forwarding or decision.
    for row in session.execute(
        base.add_columns(r.limitation_deadline, r.applied_on)
        .where(r.status.in_([A.DRAFT, A.FORWARDED, A.RECEIVED]), urgent)
    ):
        due = row.limitation_deadline or row.applied_on
        items.append(_item(DeadlineKind.URGENT_REFERRAL, REFERRAL, row.id, row.number,
                           referral_title(row.name, row.matter), due, today))

    # Applications taken but not forwarded within the station's promise.
    forward_days = _forward_days(session, actor)
    for row in session.execute(
        base.add_columns(r.applied_on).where(
            r.status == A.DRAFT, not_urgent,
            r.applied_on <= horizon - timedelta(days=forward_days),
        )
    ):
        items.append(_item(DeadlineKind.REFERRAL_FORWARD, REFERRAL, row.id, row.number,
                           referral_title(row.name, row.matter),
                           forward_due(row.applied_on, forward_days), today))

    # Forwarded, no decision back: the center decides within 7 working days of receipt
    # (of forwarding while receipt is unknown). SQL narrows by the calendar bound.
    start = func.coalesce(r.center_received_on, r.forwarded_on)
    for row in session.execute(
        base.add_columns(start.label("start")).where(
            r.status.in_([A.FORWARDED, A.RECEIVED]), not_urgent,
            start <= horizon - timedelta(days=_MIN_CALENDAR_DAYS_OF_7_WORKING),
        )
    ):
        begun = row.start if isinstance(row.start, date) else date.fromisoformat(row.start)
        due = aid_decision_due(begun)
        if due <= horizon:
            items.append(_item(DeadlineKind.AID_DECISION, REFERRAL, row.id, row.number,
                               referral_title(row.name, row.matter), due, today))

    # The center's decision came back but the applicant was not told yet: due within
    # DECISION_TELL_WORKING_DAYS working days of the decision (never fewer calendar days).
    for row in session.execute(
        base.add_columns(r.decision_on).where(
            r.status.in_([A.GRANTED, A.DENIED]), r.decision_on.is_not(None),
            r.decision_told_on.is_(None),
            r.decision_on <= horizon - timedelta(days=DECISION_TELL_WORKING_DAYS),
        )
    ):
        due = decision_tell_due(row.decision_on)
        if due <= horizon:
            items.append(_item(DeadlineKind.DECISION_TELL, REFERRAL, row.id, row.number,
                               referral_title(row.name, row.matter), due, today))
    return items
