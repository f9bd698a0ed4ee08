"""Facts from a station database: plain SQL over the station tables in one read transaction.

The queries run on the session's own sqlite3 connection (``Database.read()``): the rows of a
year's report (~100,000) come back as plain tuples, about a third quicker than through
SQLAlchemy's result rows. Dates are ISO text in SQLite and are parsed here; timestamps go to
local days through ``LocalDays``. Voided records (``voided_at`` set) are left out, and so are
the follow-up visits of a voided case.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, timedelta
from typing import Any

from workstation.domain.deadlines import DEFAULT_FORWARD_DAYS, FOLLOW_UP_DAYS
from workstation.domain.screening import ScreeningKind
from workstation.domain.work_orders import order_title
from workstation.services import responsibility
from workstation.services.listing import ANONYMOUS, chunks, local_day_start, party_titles
from workstation.services.stations import get_station
from workstation.storage.engine import Database

from .aggregate import Progress, report_progress
from .facts import (
    ACTIVITY,
    CASE,
    CONSULTATION,
    FOLLOW_UP,
    FOUND_DISPUTE,
    HANDOVER,
    JUDICIAL_RESULT_FIELDS,
    OPERATOR,
    PARTICIPATION,
    RATING,
    REFERRAL,
    SCREENING,
    WORK_ORDER,
    ActivityFact,
    CaseFact,
    ConsultationFact,
    DisputeFact,
    FollowUpFact,
    HandoverFact,
    LocalDays,
    OperatorFact,
    ParticipationFact,
    RatingFact,
    ReferralFact,
    Scope,
    ScreeningFact,
    WorkOrderFact,
    case_deadline,
    case_follow_up_due,
    case_outcome,
    court_confirmed,
    referral_fact,
    referring_kind,
)
from .model import RecordLine
from .periods import Period

_day = date.fromisoformat

CONSULTATIONS_SQL = """
SELECT id, number, station_id, occurred_at, topic, channel, handling_result, satisfaction,
       operator_id
FROM consultation WHERE occurred_at >= ? AND occurred_at < ? AND voided_at IS NULL"""

# A case counts in a period when accepted or concluded in it, or when its follow-up falls due
# in it (the performance deadline, else FOLLOW_UP_DAYS after the agreement). The correlated
# lookups run only for rows that need them (CASE guards): the status an archived case
# without agreement was archived from, the first follow-up and the latest finding.
# Columns 20-: the referring body's kind, how many parties, the agreement's form, the case's
# prevention indicator unless a screened dispute linked to it carries one (counted there),
# then the court's result fields (facts.JUDICIAL_RESULT_FIELDS).
CASES_SQL = """
SELECT m.id, m.number, m.station_id, m.dispute_type, m.source, m.status, m.registered_on,
       m.accepted_on, m.concluded_on, m.extension_days, m.amount_involved_fen, m.mediator_id,
       a.id, a.effective_on, a.amount_agreed_fen, a.judicial_confirmation_applied,
       a.performance_deadline,
       CASE WHEN m.status = 'archived' AND a.id IS NULL THEN
         (SELECT s.from_status FROM status_change s
          WHERE s.record_id = m.id AND s.to_status = 'archived' LIMIT 1) END,
       CASE WHEN a.id IS NOT NULL THEN
         (SELECT min(f.visited_on) FROM follow_up f WHERE f.case_id = m.id) END,
       CASE WHEN a.id IS NOT NULL THEN
         (SELECT f.performance FROM follow_up f WHERE f.case_id = m.id
          ORDER BY f.visited_on DESC, f.created_at DESC, f.id DESC LIMIT 1) END,
       m.referring_body_kind,
       (SELECT count(*) FROM mediation_party p WHERE p.case_id = m.id),
       a.form,
       CASE WHEN m.prevention_kind <> '' AND EXISTS (
         SELECT 1 FROM screening_dispute d WHERE d.case_id = m.id AND NOT d.removed
           AND d.prevention_kind <> '') THEN '' ELSE m.prevention_kind END,
       m.prevention_persons""" + "".join(f", a.{c}" for c in JUDICIAL_RESULT_FIELDS) + """
FROM mediation_case m LEFT JOIN mediation_agreement a ON a.case_id = m.id
WHERE m.voided_at IS NULL
  AND (m.accepted_on BETWEEN :s AND :e
       OR m.concluded_on BETWEEN :s AND :e
       OR a.performance_deadline BETWEEN :s AND :e
       OR (a.performance_deadline IS NULL AND a.effective_on BETWEEN :fs AND :fe))"""

FOLLOW_UPS_SQL = """
SELECT f.id, f.case_id, m.number, f.station_id, f.visited_on, f.performance, f.satisfaction,
       f.operator_id, m.mediator_id
FROM follow_up f JOIN mediation_case m ON m.id = f.case_id
WHERE f.visited_on BETWEEN ? AND ? AND m.voided_at IS NULL"""

REFERRALS_SQL = """
SELECT r.id, r.number, r.station_id, r.matter, r.status, r.decision, r.limitation_deadline,
       r.applied_on, r.forwarded_on, r.decision_on, r.operator_id,
       p.special_groups, p.birth_date, p.sex, p.id_type, p.id_number
FROM aid_referral r LEFT JOIN person p ON p.id = r.applicant_id
WHERE r.voided_at IS NULL
  AND (r.applied_on BETWEEN :s AND :e OR r.forwarded_on BETWEEN :s AND :e
       OR r.decision_on BETWEEN :s AND :e)"""
_PERSON_FIELDS = ("special_groups", "birth_date", "sex", "id_type", "id_number")


ACTIVITIES_SQL = """
SELECT id, number, station_id, held_on, form, place_kind, audience, materials, operator_id
FROM publicity_activity WHERE held_on BETWEEN ? AND ?"""

# Operators taking part: links not removed, of the period's activities.
PARTICIPATIONS_SQL = """
SELECT o.id, o.activity_id, a.number, a.station_id, a.held_on, a.form, a.place_kind,
       o.operator_id
FROM publicity_operator o JOIN publicity_activity a ON a.id = o.activity_id
WHERE a.held_on BETWEEN ? AND ? AND NOT o.removed"""

OPERATORS_SQL = "SELECT id, station_id, name, role, active FROM operator"

# Ratings of the period with the rated record's number and whose service it was; ratings of
# a voided record are left out.
RATINGS_SQL = """
SELECT r.id, r.record_type, r.record_id, COALESCE(c.number, m.number, a.number, ''),
       r.station_id, r.rated_at, r.value, r.source, r.method,
       COALESCE(c.operator_id, m.mediator_id, a.operator_id, r.operator_id), r.operator_id
FROM rating r
LEFT JOIN consultation c ON r.record_type = 'consultation' AND c.id = r.record_id
LEFT JOIN mediation_case m ON r.record_type = 'mediation_case' AND m.id = r.record_id
LEFT JOIN aid_referral a ON r.record_type = 'aid_referral' AND a.id = r.record_id
WHERE r.rated_at >= ? AND r.rated_at < ?
  AND c.voided_at IS NULL AND m.voided_at IS NULL AND a.voided_at IS NULL"""

SCREENINGS_SQL = """
SELECT id, number, station_id, held_on, kind, operator_id
FROM screening WHERE held_on BETWEEN ? AND ?"""

# Disputes found by the period's screenings (those taken off a screening are left out).
DISPUTES_SQL = """
SELECT d.id, d.screening_id, s.number, s.station_id, s.held_on, s.kind, d.dispute_type,
       d.risk_level, d.outcome, d.prevention_kind, d.prevention_persons, s.operator_id
FROM screening_dispute d JOIN screening s ON s.id = d.screening_id
WHERE s.held_on BETWEEN ? AND ? AND NOT d.removed"""

WORK_ORDERS_SQL = """
SELECT id, order_no, station_id, received_on, due_on, replied_on, channel, operator_id
FROM work_order WHERE received_on BETWEEN ? AND ?"""


# Hand-overs made in the period (a day's margin each side; the local day is tested after).
HANDOVERS_SQL = """
SELECT id, station_id, handed_at, target, status, record_type, record_id, from_operator_id
FROM handover WHERE handed_at >= ? AND handed_at < ?"""


def _opt(value: str | None) -> date | None:
    return _day(value) if value else None


class StationSource:
    """Facts of the one station a database holds."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._station: Any = None
        self._as_of = date.today()

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

    def fetch(self, kinds: Sequence[str], period: Period, as_of: date,
              progress: Progress | None = None) -> dict[str, Sequence[Any]]:
        fetchers = {CONSULTATION: self.consultations, CASE: self.cases,
                    FOLLOW_UP: self.follow_ups, REFERRAL: self.referrals,
                    ACTIVITY: self.activities, PARTICIPATION: self.participations,
                    OPERATOR: self.operators, SCREENING: self.screenings,
                    FOUND_DISPUTE: self.disputes, WORK_ORDER: self.work_orders,
                    HANDOVER: self.handovers, RATING: self.ratings}
        unknown = [k for k in kinds if k not in fetchers]
        if unknown:
            raise KeyError(f"the station source has no facts of kind {unknown!r}")
        self._get_station()
        self._as_of = as_of
        out: dict[str, Sequence[Any]] = {}
        with self.db.read() as session:  # one read transaction: one consistent snapshot
            raw = session.connection().connection.dbapi_connection
            assert raw is not None
            cursor = raw.cursor()
            try:
                for done, kind in enumerate(kinds, start=1):
                    out[kind] = fetchers[kind](cursor, period)
                    report_progress(progress, done, len(kinds))
            finally:
                cursor.close()
        return out

    # -- kinds -------------------------------------------------------------------------------

    def consultations(self, cursor: Any, period: Period) -> list[ConsultationFact]:
        # A day's margin each side (time zones); measures test the exact local day.
        low = local_day_start(period.start - timedelta(days=1)).astimezone(UTC)
        high = local_day_start(period.end + timedelta(days=2)).astimezone(UTC)
        rows = cursor.execute(CONSULTATIONS_SQL, (low.isoformat(timespec="microseconds"),
                                                  high.isoformat(timespec="microseconds")))
        day_of = LocalDays(period).day_of
        return [ConsultationFact(r[0], r[1], r[2], day_of(r[3]), r[4], r[5], r[6], r[7], r[8])
                for r in rows.fetchall()]

    def cases(self, cursor: Any, period: Period) -> list[CaseFact]:
        follow = timedelta(days=FOLLOW_UP_DAYS)
        rows = cursor.execute(CASES_SQL, {
            "s": period.start.isoformat(), "e": period.end.isoformat(),
            "fs": (period.start - follow).isoformat(), "fe": (period.end - follow).isoformat(),
        }).fetchall()
        out = []
        fields = JUDICIAL_RESULT_FIELDS
        for r in rows:
            accepted_on, agreement_on = _opt(r[7]), _opt(r[13])
            result = dict(zip(fields, r[25:], strict=True)) if r[12] is not None else None
            out.append(CaseFact(
                r[0], r[1], r[2], r[3], r[4], r[5], case_outcome(r[5], r[12] is not None, r[17]),
                _day(r[6]), accepted_on, _opt(r[8]), case_deadline(accepted_on, r[9]),
                int(r[10] or 0), int(r[14] or 0), agreement_on, bool(r[15]), r[19],
                case_follow_up_due(agreement_on, _opt(r[16])), _opt(r[18]), r[11],
                referring_kind(r[4], r[20]), int(r[21] or 0), r[22], court_confirmed(result),
                r[23] or "", int(r[24] or 0) if r[23] else 0))
        return out

    def follow_ups(self, cursor: Any, period: Period) -> list[FollowUpFact]:
        rows = cursor.execute(FOLLOW_UPS_SQL, (period.start.isoformat(),
                                               period.end.isoformat())).fetchall()
        return [FollowUpFact(r[0], r[1], r[2], r[3], _day(r[4]), r[5], r[6], r[7], r[8])
                for r in rows]

    def referrals(self, cursor: Any, period: Period) -> list[ReferralFact]:
        days = self.forward_days()
        urgent_days = self._get_station().urgent_forward_days
        rows = cursor.execute(REFERRALS_SQL, {"s": period.start.isoformat(),
                                              "e": period.end.isoformat()}).fetchall()
        return [referral_fact(
            r[0], r[1], r[2], r[3], r[4], r[5], _day(r[7]), _opt(r[8]), _opt(r[9]), r[10],
            limitation_deadline=_opt(r[6]), as_of=self._as_of, forward_days=days,
            urgent_forward_days=urgent_days,
            applicant=dict(zip(_PERSON_FIELDS, r[11:16], strict=True)))
            for r in rows]

    def activities(self, cursor: Any, period: Period) -> list[ActivityFact]:
        rows = cursor.execute(ACTIVITIES_SQL, (period.start.isoformat(),
                                               period.end.isoformat())).fetchall()
        return [ActivityFact(r[0], r[1], r[2], _day(r[3]), r[4], r[5], int(r[6] or 0),
                             int(r[7] or 0), r[8]) for r in rows]

    def participations(self, cursor: Any, period: Period) -> list[ParticipationFact]:
        rows = cursor.execute(PARTICIPATIONS_SQL, (period.start.isoformat(),
                                                   period.end.isoformat())).fetchall()
        return [ParticipationFact(r[0], r[1], r[2], r[3], _day(r[4]), r[5], r[6], r[7])
                for r in rows]

    def screenings(self, cursor: Any, period: Period) -> list[ScreeningFact]:
        rows = cursor.execute(SCREENINGS_SQL, (period.start.isoformat(),
                                               period.end.isoformat())).fetchall()
        return [ScreeningFact(r[0], r[1], r[2], _day(r[3]), r[4], r[5]) for r in rows]

    def disputes(self, cursor: Any, period: Period) -> list[DisputeFact]:
        rows = cursor.execute(DISPUTES_SQL, (period.start.isoformat(),
                                             period.end.isoformat())).fetchall()
        return [DisputeFact(r[0], r[1], r[2], r[3], _day(r[4]), r[5], r[6], r[7], r[8],
                            r[9] or "", int(r[10] or 0) if r[9] else 0, r[11]) for r in rows]

    def work_orders(self, cursor: Any, period: Period) -> list[WorkOrderFact]:
        rows = cursor.execute(WORK_ORDERS_SQL, (period.start.isoformat(),
                                                period.end.isoformat())).fetchall()
        return [WorkOrderFact(r[0], r[1], r[2], _day(r[3]), _day(r[4]), _opt(r[5]), r[6], r[7])
                for r in rows]

    def handovers(self, cursor: Any, period: Period) -> list[HandoverFact]:
        low = local_day_start(period.start - timedelta(days=1)).astimezone(UTC)
        high = local_day_start(period.end + timedelta(days=2)).astimezone(UTC)
        rows = cursor.execute(HANDOVERS_SQL, (low.isoformat(timespec="microseconds"),
                                              high.isoformat(timespec="microseconds"))).fetchall()
        numbers: dict[str, str] = {}
        for table, kind in responsibility.KINDS.items():  # each kind declares its number
            for part in chunks([r[6] for r in rows if r[5] == table]):
                marks = ",".join("?" * len(part))
                numbers.update(cursor.execute(
                    f"SELECT id, {kind.number} FROM {table} WHERE id IN ({marks})",
                    tuple(part)).fetchall())
        day_of = LocalDays(period).day_of
        return [HandoverFact(r[0], numbers.get(r[6]) or "", r[1], day_of(r[2]), r[3], r[4],
                             r[5], r[6], r[7]) for r in rows]

    def ratings(self, cursor: Any, period: Period) -> list[RatingFact]:
        low = local_day_start(period.start - timedelta(days=1)).astimezone(UTC)
        high = local_day_start(period.end + timedelta(days=2)).astimezone(UTC)
        rows = cursor.execute(RATINGS_SQL, (low.isoformat(timespec="microseconds"),
                                            high.isoformat(timespec="microseconds")))
        day_of = LocalDays(period).day_of
        return [RatingFact(r[0], r[1], r[2], r[3], r[4], day_of(r[5]), r[6], r[7], r[8],
                           r[9] or "", r[10] or "") for r in rows.fetchall()]

    def operators(self, cursor: Any, _period: Period) -> list[OperatorFact]:
        name = self._get_station().name
        return [OperatorFact(r[0], r[1], r[2], r[3], bool(r[4]), name)
                for r in cursor.execute(OPERATORS_SQL).fetchall()]

    # -- names for drill-down lists --------------------------------------------------------

    def titles(self, lines: Sequence[RecordLine]) -> dict[str, str]:
        """Record id → who it concerns (a case's title "张三与李四邻里纠纷", the consulting
        citizen, the applicant; an activity's theme and place), for the records of a
        drill-down list."""
        from sqlalchemy import select

        from workstation.storage.models import (
            AidReferral,
            Consultation,
            Person,
            PublicityActivity,
            Screening,
            WorkOrder,
        )

        by_type: dict[str, list[str]] = {}
        for line in lines:
            by_type.setdefault(line.record_type, []).append(line.record_id)
        out: dict[str, str] = {}
        with self.db.read() as session:
            out.update(party_titles(session, by_type.get(CASE, [])))
            for model, person in ((Consultation, Consultation.person_id),
                                  (AidReferral, AidReferral.applicant_id)):
                ids = by_type.get(model.__tablename__, [])
                for part in chunks(ids):
                    rows = session.execute(select(model.id, Person.name).select_from(model)
                                           .outerjoin(Person, Person.id == person)
                                           .where(model.id.in_(part)))
                    out.update({rid: name or ANONYMOUS for rid, name in rows})
            a = PublicityActivity
            for part in chunks(by_type.get(ACTIVITY, [])):
                rows = session.execute(select(a.id, a.theme, a.place).where(a.id.in_(part)))
                out.update({rid: f"{theme}（{place}）" for rid, theme, place in rows})
            sc = Screening
            for part in chunks(by_type.get(SCREENING, [])):
                rows = session.execute(select(sc.id, sc.place, sc.kind).where(sc.id.in_(part)))
                out.update({rid: f"{place}（{ScreeningKind.label_of(kind)}）"
                            for rid, place, kind in rows})
            w = WorkOrder
            for part in chunks(by_type.get(WORK_ORDER, [])):
                rows = session.execute(select(w.id, w.channel, w.request)
                                       .where(w.id.in_(part)))
                out.update({rid: order_title(channel, request)
                            for rid, channel, request in rows})
        return out
