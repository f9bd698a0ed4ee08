"""Facts from a station database (SQL over the station tables, one read session)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, timedelta
from typing import Any

from sqlalchemy import Connection, Date, String, and_, case, func, or_, select, type_coerce

from workstation.domain.deadlines import DEFAULT_FORWARD_DAYS, FOLLOW_UP_DAYS, forward_due
from workstation.domain.enums import MediationStatus
from workstation.services.listing import local_day_start
from workstation.services.stations import get_station
from workstation.storage.engine import Database
from workstation.storage.models import (
    AidReferral,
    Consultation,
    FollowUp,
    MediationAgreement,
    MediationCase,
    StatusChange,
)

from .facts import (
    CASE,
    CONSULTATION,
    FOLLOW_UP,
    REFERRAL,
    CaseFact,
    ConsultationFact,
    FollowUpFact,
    LocalDays,
    ReferralFact,
    Scope,
    case_deadline,
    case_follow_up_due,
    case_outcome,
)
from .periods import Period

_FOLLOW_UP = timedelta(days=FOLLOW_UP_DAYS)


class StationSource:
    """Facts of the one station a database holds."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._station: Any = None

    def _get_station(self) -> Any:
        if self._station is None:
            self._station = get_station(self.db)
        return self._station

    def scope(self) -> Scope:
        st = self._get_station()
        return Scope(st.name, st.division_code, st.county_center, 1)

    def forward_days(self) -> int:
        days = self._get_station().referral_forward_days
        return days if days is not None and days >= 0 else DEFAULT_FORWARD_DAYS

    def fetch(self, kind: str, period: Period, as_of: date) -> Sequence[Any]:
        fetcher = {CONSULTATION: self.consultations, CASE: self.cases,
                   FOLLOW_UP: self.follow_ups, REFERRAL: self.referrals}.get(kind)
        if fetcher is None:
            raise KeyError(f"the station source has no facts of kind {kind!r}")
        with self.db.read() as session:
            return fetcher(session.connection(), period)

    # -- kinds -------------------------------------------------------------------------------

    def consultations(self, session: Connection, period: Period) -> list[ConsultationFact]:
        c = Consultation
        # A day's margin each side (time zones); measures test the exact local day.
        low = local_day_start(period.start - timedelta(days=1)).astimezone(UTC)
        high = local_day_start(period.end + timedelta(days=2)).astimezone(UTC)
        rows = session.execute(
            select(c.id, c.number, c.station_id, type_coerce(c.occurred_at, String), c.topic,
                   c.channel, c.handling_result, c.satisfaction, c.operator_id)
            .where(c.occurred_at >= low, c.occurred_at < high)).all()
        day_of = LocalDays(period).day_of
        return [ConsultationFact(r[0], r[1], r[2], day_of(r[3]), r[4], r[5], r[6], r[7], r[8])
                for r in rows]

    def cases(self, session: Connection, period: Period) -> list[CaseFact]:
        m, a, sc, f = MediationCase, MediationAgreement, StatusChange, FollowUp
        s, e = period.start, period.end
        agreed = a.id.is_not(None)
        # Correlated lookups run only for the rows that need them (CASE guards): the status an
        # archived case without agreement was archived from, a case's first follow-up and its
        # latest finding.
        archived_from = case(
            (and_(m.status == MediationStatus.ARCHIVED, a.id.is_(None)),
             select(sc.from_status).where(sc.record_id == m.id,
                                          sc.to_status == MediationStatus.ARCHIVED)
             .limit(1).scalar_subquery()))
        first_visit = case((agreed, select(func.min(f.visited_on))
                            .where(f.case_id == m.id).scalar_subquery()))
        latest_finding = case((agreed, select(f.performance).where(f.case_id == m.id)
                               .order_by(f.visited_on.desc(), f.created_at.desc(),
                                         f.id.desc()).limit(1).scalar_subquery()))
        rows = session.execute(
            select(m.id, m.number, m.station_id, m.dispute_type, m.source, m.status,
                   m.registered_on, m.accepted_on, m.concluded_on, m.extension_days,
                   m.amount_involved_fen, m.mediator_id, a.id, a.effective_on,
                   a.amount_agreed_fen, a.judicial_confirmation_applied,
                   a.performance_deadline, archived_from, type_coerce(first_visit, Date),
                   latest_finding)
            .select_from(m)
            .outerjoin(a, a.case_id == m.id)
            .where(or_(
                m.accepted_on.between(s, e),
                m.concluded_on.between(s, e),
                a.performance_deadline.between(s, e),
                and_(a.performance_deadline.is_(None),
                     a.effective_on.between(s - _FOLLOW_UP, e - _FOLLOW_UP)),
            ))).all()
        return [CaseFact(
            r[0], r[1], r[2], r[3], r[4], r[5], case_outcome(r[5], r[12] is not None, r[17]),
            r[6], r[7], r[8], case_deadline(r[7], r[9]), int(r[10] or 0), int(r[14] or 0),
            r[13], bool(r[15]), r[19], case_follow_up_due(r[13], r[16]), r[18], r[11],
        ) for r in rows]

    def follow_ups(self, session: Connection, period: Period) -> list[FollowUpFact]:
        f, m = FollowUp, MediationCase
        rows = session.execute(
            select(f.id, f.case_id, m.number, f.station_id, f.visited_on, f.performance,
                   f.satisfaction, f.operator_id)
            .join(m, m.id == f.case_id)
            .where(f.visited_on.between(period.start, period.end))).all()
        return [FollowUpFact(*r) for r in rows]

    def referrals(self, session: Connection, period: Period) -> list[ReferralFact]:
        r = AidReferral
        s, e = period.start, period.end
        days = self.forward_days()
        rows = session.execute(
            select(r.id, r.number, r.station_id, r.matter, r.status, r.decision, r.urgent,
                   r.applied_on, r.forwarded_on, r.decision_on, r.operator_id)
            .where(or_(r.applied_on.between(s, e), r.forwarded_on.between(s, e),
                       r.decision_on.between(s, e)))).all()
        return [ReferralFact(
            id=x.id, number=x.number, station_id=x.station_id, matter=x.matter,
            status=x.status, decision=x.decision or None, urgent=bool(x.urgent),
            applied_on=x.applied_on, forwarded_on=x.forwarded_on,
            forward_due=forward_due(x.applied_on, days), decision_on=x.decision_on,
            operator_id=x.operator_id,
        ) for x in rows]
