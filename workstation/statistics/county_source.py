"""Facts from the county database: the stations' records as JSON in ``rec_<table>``.

Fields are extracted in SQL, portably: ``JSON_EXTRACT`` on SQLite, ``->>`` on PostgreSQL
(SQLAlchemy's JSON paths). Period filters compare ISO dates as text on SQLite and as
``date``/``timestamptz`` on PostgreSQL. The joins a station does in SQL (a case's agreement,
follow-ups, the status an archived case came from) are done here in Python on keys, since the
JSON fields carry no index; each table is read once, narrowed by dates.

Voided records (``voided_at`` in their data) are left out, as the station leaves them out,
and so are the follow-up visits of a voided case.

The station's promise for forwarding aid applications (``referral_forward_days``) is not in
the bundles: ``forward_days`` (default: the domain default) stands in for it; so is its
promise for urgent ones (``urgent_forward_days``): the domain default (the next working day)
is used. Urgency itself is computed from each referral's limitation deadline
(``facts.referral_fact``), never read from the bundle's ``urgent`` flag.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, timedelta
from typing import Any

from sqlalchemy import JSON, Connection, Date, and_, cast, or_, select, type_coerce
from sqlalchemy.dialects.postgresql import TIMESTAMP
from sqlalchemy.sql.elements import ColumnElement

from workstation.county.access import Permission, can, require
from workstation.county.db import RECORDS, CountyDatabase, station
from workstation.county.records import record_titles, station_names
from workstation.domain.deadlines import DEFAULT_FORWARD_DAYS, FOLLOW_UP_DAYS
from workstation.domain.enums import MediationStatus
from workstation.services import responsibility
from workstation.services.listing import chunks, local_day_start

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
    as_date,
    case_deadline,
    case_follow_up_due,
    case_outcome,
    court_confirmed,
    referral_fact,
    referring_kind,
    summarise_visits,
)
from .model import RecordLine
from .periods import Period

_FOLLOW_UP = timedelta(days=FOLLOW_UP_DAYS)
_M = MediationStatus
#: Statuses of a case that has (or had) an agreement.
_AGREED = (_M.AGREED, _M.FOLLOWED_UP, _M.ARCHIVED)


class _Fields:
    """JSON fields of one ``rec_<table>`` on one connection's dialect."""

    def __init__(self, conn: Connection, table: str) -> None:
        self.t = RECORDS[table]
        self.pg = conn.dialect.name == "postgresql"
        self._data = type_coerce(self.t.c.data, JSON)

    def text(self, key: str) -> ColumnElement[Any]:
        return self._data[key].as_string()

    def int(self, key: str) -> ColumnElement[Any]:
        return self._data[key].as_integer()

    def bool(self, key: str) -> ColumnElement[Any]:
        return self._data[key].as_boolean()

    def valid(self) -> ColumnElement[bool]:
        """The record is not voided (bundles from before voiding carry no ``voided_at``)."""
        return self.text("voided_at").is_(None)

    def day_between(self, key: str, start: date, end: date) -> ColumnElement[bool]:
        """The ISO date field lies in [start, end]."""
        if self.pg:
            return cast(self.text(key), Date).between(start, end)
        return self.text(key).between(start.isoformat(), end.isoformat())

    def day_from(self, key: str, start: date) -> ColumnElement[bool]:
        if self.pg:
            return cast(self.text(key), Date) >= start
        return self.text(key) >= start.isoformat()

    def instant_between(self, key: str, low: Any, high: Any) -> ColumnElement[bool]:
        """The ISO timestamp field lies in [low, high) (aware datetimes)."""
        if self.pg:
            stamp = cast(self.text(key), TIMESTAMP(timezone=True))
            return and_(stamp >= low, stamp < high)
        return and_(self.text(key) >= low.isoformat(timespec="microseconds"),
                    self.text(key) < high.isoformat(timespec="microseconds"))


class CountySource:
    """Facts of every station in the county database, or of the stations in
    ``division_codes``. The scope (a report's 填报单位) is "全县（N个站点）", the one
    station's name, or "N个站点"; ``name`` overrides it."""

    def __init__(self, db: CountyDatabase, division_codes: Iterable[str] | None = None, *,
                 name: str = "", forward_days: int | Mapping[str, int] = DEFAULT_FORWARD_DAYS
                 ) -> None:
        require(db, Permission.STATISTICS)
        self.db = db
        self.division_codes = None if division_codes is None else tuple(division_codes)
        self.name = name
        self._forward_days = forward_days
        self._as_of = date.today()
        self._stations: list[Any] | None = None

    # -- scope -------------------------------------------------------------------------------

    def stations(self) -> list[Any]:
        """Registered stations in scope (division code, station id, name)."""
        if self._stations is None:
            query = select(station.c.division_code, station.c.station_id, station.c.name)
            if self.division_codes is not None:
                query = query.where(station.c.division_code.in_(self.division_codes))
            with self.db.engine.connect() as conn:
                self._stations = list(conn.execute(query.order_by(station.c.division_code)))
        return self._stations

    def _station_ids(self) -> list[str] | None:
        if self.division_codes is None:
            return None
        return [s.station_id for s in self.stations() if s.station_id]

    def scope(self) -> Scope:
        rows = self.stations()
        if self.name:
            name = self.name
        elif self.division_codes is None:
            name = f"全县（{len(rows)}个站点）"
        elif len(rows) == 1:
            name = rows[0].name or rows[0].division_code
        else:
            name = f"{len(rows)}个站点"
        code = rows[0].division_code if len(rows) == 1 else ""
        return Scope(name, code, "", len(rows))

    def station_names(self) -> dict[str, str]:
        """Station id → name, of every station (drill-down lists say where a record is
        from)."""
        with self.db.engine.connect() as conn:
            return station_names(conn)

    def titles(self, lines: Sequence[RecordLine]) -> dict[str, str]:
        """Record id → who it concerns, for the records of a drill-down list (none for an
        operator who may not read records: a statistics-only report names nobody)."""
        if not can(self.db, Permission.RECORDS):
            return {}
        return record_titles(self.db, ((ln.record_type, ln.record_id) for ln in lines))

    def forward_days(self, station_id: str) -> int:
        if isinstance(self._forward_days, int):
            return self._forward_days
        return self._forward_days.get(station_id, DEFAULT_FORWARD_DAYS)

    # -- facts -------------------------------------------------------------------------------

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
            raise KeyError(f"the county source has no facts of kind {unknown!r}")
        station_ids = self._station_ids()
        self._as_of = as_of
        out: dict[str, Sequence[Any]] = {}
        with self.db.engine.connect() as conn:
            if conn.dialect.name == "postgresql":  # every statement sees the same snapshot
                conn = conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                for done, kind in enumerate(kinds, start=1):
                    out[kind] = fetchers[kind](conn, period, station_ids)
                    report_progress(progress, done, len(kinds))
        return out

    @staticmethod
    def _rows(conn: Connection, f: _Fields, columns: Sequence[Any], where: Any,
              station_ids: list[str] | None) -> list[Any]:
        query = select(*columns).where(where)
        if station_ids is not None:
            query = query.where(f.t.c.station_id.in_(station_ids))
        return list(conn.execute(query).all())

    def consultations(self, conn: Connection, period: Period,
                      station_ids: list[str] | None) -> list[ConsultationFact]:
        f = _Fields(conn, "consultation")
        low = local_day_start(period.start - timedelta(days=1)).astimezone(UTC)
        high = local_day_start(period.end + timedelta(days=2)).astimezone(UTC)
        rows = self._rows(conn, f, (
            f.t.c.id, f.text("number"), f.t.c.station_id, f.text("occurred_at"),
            f.text("topic"), f.text("channel"), f.text("handling_result"),
            f.text("satisfaction"), f.text("operator_id"),
        ), and_(f.instant_between("occurred_at", low, high), f.valid()), station_ids)
        day_of = LocalDays(period).day_of
        return [ConsultationFact(r[0], r[1], r[2], day_of(r[3]), r[4], r[5], r[6], r[7], r[8])
                for r in rows]

    def cases(self, conn: Connection, period: Period,
              station_ids: list[str] | None) -> list[CaseFact]:
        s, e = period.start, period.end
        ag = _Fields(conn, "mediation_agreement")
        agreement_cols = (ag.text("case_id"), ag.text("effective_on"),
                          ag.int("amount_agreed_fen"), ag.bool("judicial_confirmation_applied"),
                          ag.text("performance_deadline"), ag.text("form"),
                          *(ag.text(c) for c in JUDICIAL_RESULT_FIELDS))
        agreements = {r[0]: r for r in self._rows(conn, ag, agreement_cols, or_(
            ag.day_between("effective_on", s, e),
            ag.day_between("performance_deadline", s, e),
            and_(ag.text("performance_deadline").is_(None),
                 ag.day_between("effective_on", s - _FOLLOW_UP, e - _FOLLOW_UP)),
        ), station_ids)}

        mc = _Fields(conn, "mediation_case")
        case_cols = (mc.t.c.id, mc.text("number"), mc.t.c.station_id, mc.text("dispute_type"),
                     mc.text("source"), mc.text("status"), mc.text("registered_on"),
                     mc.text("accepted_on"), mc.text("concluded_on"), mc.int("extension_days"),
                     mc.int("amount_involved_fen"), mc.text("mediator_id"),
                     mc.text("referring_body_kind"), mc.text("prevention_kind"),
                     mc.int("prevention_persons"))
        cases = {r[0]: r for r in self._rows(conn, mc, case_cols, and_(or_(
            mc.day_between("accepted_on", s, e), mc.day_between("concluded_on", s, e),
        ), mc.valid()), station_ids)}
        missing = [cid for cid in agreements if cid not in cases]
        for part in chunks(missing):  # follow-up due in the period: by primary key
            for r in conn.execute(select(*case_cols).where(mc.t.c.id.in_(part), mc.valid())):
                cases[r[0]] = r

        # An agreement outside the date window of a case concluded in the period (odd data):
        # look it up by case, so the county counts what the station counts.
        odd = {cid for cid, r in cases.items()
               if cid not in agreements and r[5] in _AGREED and period.contains(as_date(r[8]))}
        if odd:
            for r in self._rows(conn, ag, agreement_cols, ag.text("case_id").in_(list(odd)),
                                station_ids):
                agreements[r[0]] = r

        archived = {cid for cid, r in cases.items()
                    if r[5] == _M.ARCHIVED and cid not in agreements}
        archived_from = self._archived_from(conn, archived, station_ids) if archived else {}

        visited = {cid for cid in cases if cid in agreements}
        visits = self._visits(conn, visited, agreements, station_ids) if visited else {}
        parties = self._party_counts(conn, list(cases), station_ids)
        # A case's prevention indicator counts unless a screened dispute linked to it
        # carries one (counted there), as the station counts.
        preventing = [cid for cid, r in cases.items() if r[13]]
        counted_on_disputes = (self._cases_with_preventing_disputes(conn, preventing,
                                                                    station_ids)
                               if preventing else set())

        out = []
        for cid, r in cases.items():
            a = agreements.get(cid)
            accepted_on = as_date(r[7])
            agreement_on = as_date(a[1]) if a else None
            visit = visits.get(cid)
            body_kind = referring_kind(r[4], r[12])
            prevention = "" if cid in counted_on_disputes else (r[13] or "")
            result = dict(zip(JUDICIAL_RESULT_FIELDS, a[6:], strict=True)) if a else None
            out.append(CaseFact(
                cid, r[1], r[2], r[3], r[4], r[5],
                case_outcome(r[5], a is not None, archived_from.get(cid)),
                as_date(r[6]), accepted_on, as_date(r[8]), case_deadline(accepted_on, r[9]),
                int(r[10] or 0), int(a[2] or 0) if a else 0, agreement_on,
                bool(a[3]) if a else False, visit.performance if visit else None,
                case_follow_up_due(agreement_on, as_date(a[4]) if a else None),
                visit.first if visit else None, r[11], body_kind, parties.get(cid, 0),
                a[5] if a else None, court_confirmed(result), prevention,
                int(r[14] or 0) if prevention else 0,
            ))
        return out

    def _party_counts(self, conn: Connection, case_ids: list[str],
                      station_ids: list[str] | None) -> dict[str, int]:
        mp = _Fields(conn, "mediation_party")
        counts: dict[str, int] = {}
        for part in chunks(case_ids):
            for (cid,) in self._rows(conn, mp, (mp.text("case_id"),),
                                     mp.text("case_id").in_(part), station_ids):
                counts[cid] = counts.get(cid, 0) + 1
        return counts

    def _cases_with_preventing_disputes(self, conn: Connection, case_ids: list[str],
                                        station_ids: list[str] | None) -> set[str]:
        d = _Fields(conn, "screening_dispute")
        out: set[str] = set()
        for part in chunks(case_ids):
            for cid, kind, removed in self._rows(
                    conn, d, (d.text("case_id"), d.text("prevention_kind"), d.bool("removed")),
                    d.text("case_id").in_(part), station_ids):
                if kind and not removed:
                    out.add(cid)
        return out

    def _archived_from(self, conn: Connection, case_ids: set[str],
                       station_ids: list[str] | None) -> dict[str, str]:
        sc = _Fields(conn, "status_change")
        rows = self._rows(conn, sc, (sc.text("record_id"), sc.text("from_status")), and_(
            sc.text("to_status") == _M.ARCHIVED, sc.text("record_type") == CASE), station_ids)
        return {rid: prev for rid, prev in rows if rid in case_ids}

    def _visits(self, conn: Connection, case_ids: set[str], agreements: dict[str, Any],
                station_ids: list[str] | None) -> dict[str, Any]:
        fu = _Fields(conn, "follow_up")
        # A visit is never before its agreement: visits since the earliest agreement suffice.
        earliest = min(as_date(agreements[cid][1]) or date.max for cid in case_ids)
        rows = self._rows(conn, fu, (fu.text("case_id"), fu.text("visited_on"),
                                     fu.text("created_at"), fu.t.c.id, fu.text("performance")),
                          fu.day_from("visited_on", earliest), station_ids)
        return summarise_visits((r[0], as_date(r[1]), _stamp(r[2]), r[3], r[4])
                                for r in rows if r[0] in case_ids)

    def follow_ups(self, conn: Connection, period: Period,
                   station_ids: list[str] | None) -> list[FollowUpFact]:
        fu = _Fields(conn, "follow_up")
        rows = self._rows(conn, fu, (
            fu.t.c.id, fu.text("case_id"), fu.t.c.station_id, fu.text("visited_on"),
            fu.text("performance"), fu.text("satisfaction"), fu.text("operator_id"),
        ), fu.day_between("visited_on", period.start, period.end), station_ids)
        mc = _Fields(conn, "mediation_case")
        cases: dict[str, tuple[str, str]] = {}  # case id → (number, mediator id)
        voided: set[str] = set()
        for part in chunks(sorted({r[1] for r in rows})):
            for cid, number, mediator, void in conn.execute(
                    select(mc.t.c.id, mc.text("number"), mc.text("mediator_id"),
                           mc.text("voided_at")).where(mc.t.c.id.in_(part))):
                cases[cid] = (number, mediator or "")
                if void is not None:
                    voided.add(cid)
        # A case not (yet) received: its visit counts for whoever made it.
        return [FollowUpFact(r[0], r[1], cases.get(r[1], ("", ""))[0], r[2], as_date(r[3]),
                             r[4], r[5], r[6], cases.get(r[1], ("", ""))[1] or r[6])
                for r in rows if r[1] not in voided]

    def referrals(self, conn: Connection, period: Period,
                  station_ids: list[str] | None) -> list[ReferralFact]:
        f = _Fields(conn, "aid_referral")
        s, e = period.start, period.end
        rows = self._rows(conn, f, (
            f.t.c.id, f.text("number"), f.t.c.station_id, f.text("matter"), f.text("status"),
            f.text("decision"), f.text("limitation_deadline"), f.text("applied_on"),
            f.text("forwarded_on"), f.text("decision_on"), f.text("operator_id"),
            f.text("applicant_id"),
        ), and_(or_(f.day_between("applied_on", s, e), f.day_between("forwarded_on", s, e),
                    f.day_between("decision_on", s, e)), f.valid()), station_ids)
        persons = self._persons(conn, {r[11] for r in rows if r[11]})
        out = []
        for r in rows:
            applied_on = as_date(r[7])
            assert applied_on is not None
            out.append(referral_fact(
                r[0], r[1], r[2], r[3], r[4], r[5], applied_on, as_date(r[8]), as_date(r[9]),
                r[10], limitation_deadline=as_date(r[6]), as_of=self._as_of,
                forward_days=self.forward_days(r[2]), applicant=persons.get(r[11] or "")))
        return out

    @staticmethod
    def _persons(conn: Connection, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The fields of these persons that give their groups (``facts.person_groups``)."""
        p = _Fields(conn, "person")
        out: dict[str, dict[str, Any]] = {}
        for part in chunks(sorted(ids)):
            for row in conn.execute(select(
                    p.t.c.id, p._data["special_groups"], p.text("birth_date"), p.text("sex"),
                    p.text("id_type"), p.text("id_number")).where(p.t.c.id.in_(part))):
                out[row[0]] = {"special_groups": row[1], "birth_date": row[2], "sex": row[3],
                               "id_type": row[4], "id_number": row[5]}
        return out


    def activities(self, conn: Connection, period: Period,
                   station_ids: list[str] | None) -> list[ActivityFact]:
        f = _Fields(conn, "publicity_activity")
        rows = self._rows(conn, f, (
            f.t.c.id, f.text("number"), f.t.c.station_id, f.text("held_on"), f.text("form"),
            f.text("place_kind"), f.int("audience"), f.int("materials"),
            f.text("operator_id"),
        ), f.day_between("held_on", period.start, period.end), station_ids)
        return [ActivityFact(r[0], r[1], r[2], as_date(r[3]), r[4], r[5], int(r[6] or 0),
                             int(r[7] or 0), r[8]) for r in rows]

    def participations(self, conn: Connection, period: Period,
                       station_ids: list[str] | None) -> list[ParticipationFact]:
        """Links not removed of the period's activities (the links carry no date: the
        activities are read first, then the links, matched in Python)."""
        activities = {a.id: a for a in self.activities(conn, period, station_ids)}
        if not activities:
            return []
        f = _Fields(conn, "publicity_operator")
        rows = self._rows(conn, f, (f.t.c.id, f.text("activity_id"), f.text("operator_id"),
                                    f.bool("removed")), f.t.c.id.isnot(None), station_ids)
        out = []
        for link_id, activity_id, operator_id, removed in rows:
            a = activities.get(activity_id)
            if a is not None and not removed:
                out.append(ParticipationFact(link_id, a.id, a.number, a.station_id,
                                             a.held_on, a.form, a.place_kind, operator_id))
        return out

    def screenings(self, conn: Connection, period: Period,
                   station_ids: list[str] | None) -> list[ScreeningFact]:
        f = _Fields(conn, "screening")
        rows = self._rows(conn, f, (
            f.t.c.id, f.text("number"), f.t.c.station_id, f.text("held_on"), f.text("kind"),
            f.text("operator_id"),
        ), f.day_between("held_on", period.start, period.end), station_ids)
        return [ScreeningFact(r[0], r[1], r[2], as_date(r[3]), r[4], r[5]) for r in rows]

    def disputes(self, conn: Connection, period: Period,
                 station_ids: list[str] | None) -> list[DisputeFact]:
        """Disputes not taken off the period's screenings (the disputes carry no date: the
        screenings are read first, then their disputes)."""
        screenings = {s.id: s for s in self.screenings(conn, period, station_ids)}
        if not screenings:
            return []
        f = _Fields(conn, "screening_dispute")
        out = []
        for part in chunks(list(screenings)):
            for r in self._rows(conn, f, (
                    f.t.c.id, f.text("screening_id"), f.text("dispute_type"),
                    f.text("risk_level"), f.text("outcome"), f.text("prevention_kind"),
                    f.int("prevention_persons"), f.bool("removed")),
                    f.text("screening_id").in_(part), station_ids):
                s = screenings[r[1]]
                if r[7]:
                    continue
                kind = r[5] or ""
                out.append(DisputeFact(r[0], s.id, s.number, s.station_id, s.held_on,
                                       s.screening_kind, r[2], r[3], r[4], kind,
                                       int(r[6] or 0) if kind else 0, s.operator_id))
        return out

    def work_orders(self, conn: Connection, period: Period,
                    station_ids: list[str] | None) -> list[WorkOrderFact]:
        f = _Fields(conn, "work_order")
        rows = self._rows(conn, f, (
            f.t.c.id, f.text("order_no"), f.t.c.station_id, f.text("received_on"),
            f.text("due_on"), f.text("replied_on"), f.text("channel"), f.text("operator_id"),
        ), f.day_between("received_on", period.start, period.end), station_ids)
        return [WorkOrderFact(r[0], r[1], r[2], as_date(r[3]), as_date(r[4]),
                              as_date(r[5]) if r[5] else None, r[6], r[7]) for r in rows]

    def handovers(self, conn: Connection, period: Period,
                  station_ids: list[str] | None) -> list[HandoverFact]:
        """Hand-overs made in the period (layout 5 bundles; none from older stations), with
        the number of the record handed over."""
        f = _Fields(conn, "handover")
        low = local_day_start(period.start - timedelta(days=1)).astimezone(UTC)
        high = local_day_start(period.end + timedelta(days=2)).astimezone(UTC)
        rows = self._rows(conn, f, (
            f.t.c.id, f.t.c.station_id, f.text("handed_at"), f.text("target"),
            f.text("status"), f.text("record_type"), f.text("record_id"),
            f.text("from_operator_id"),
        ), f.instant_between("handed_at", low, high), station_ids)
        numbers: dict[str, str] = {}
        for table, kind in responsibility.KINDS.items():  # each kind declares its number
            if table not in RECORDS:
                continue
            ids = [r[6] for r in rows if r[5] == table]
            r_f = _Fields(conn, table)
            for part in chunks(ids):
                numbers.update((rid, number or "") for rid, number in conn.execute(
                    select(r_f.t.c.id, r_f.text(kind.number)).where(r_f.t.c.id.in_(part))))
        day_of = LocalDays(period).day_of
        return [HandoverFact(r[0], numbers.get(r[6], ""), r[1], day_of(r[2]), r[3] or "",
                             r[4] or "", r[5] or "", r[6] or "", r[7] or "") for r in rows]

    def ratings(self, conn: Connection, period: Period,
                station_ids: list[str] | None) -> list[RatingFact]:
        """Ratings of the period (bundles of schema version 5 on), with the rated record's
        number and whose service it was; ratings of a voided record are left out."""
        f = _Fields(conn, "rating")
        low = local_day_start(period.start - timedelta(days=1)).astimezone(UTC)
        high = local_day_start(period.end + timedelta(days=2)).astimezone(UTC)
        rows = self._rows(conn, f, (
            f.t.c.id, f.text("record_type"), f.text("record_id"), f.t.c.station_id,
            f.text("rated_at"), f.text("value"), f.text("source"), f.text("method"),
            f.text("operator_id"),
        ), f.instant_between("rated_at", low, high), station_ids)
        owner_field = {"consultation": "operator_id", "mediation_case": "mediator_id",
                       "aid_referral": "operator_id"}
        rated: dict[tuple[str, str], tuple[str, str, bool]] = {}
        for table, owner in owner_field.items():
            ids = sorted({r[2] for r in rows if r[1] == table})
            g = _Fields(conn, table)
            for part in chunks(ids):
                for rid, number, who, void in conn.execute(
                        select(g.t.c.id, g.text("number"), g.text(owner), g.text("voided_at"))
                        .where(g.t.c.id.in_(part))):
                    rated[(table, rid)] = (number or "", who or "", void is not None)
        day_of = LocalDays(period).day_of
        out = []
        for r in rows:
            number, who, voided = rated.get((r[1], r[2]), ("", "", False))
            if not voided:
                out.append(RatingFact(r[0], r[1], r[2], number, r[3], day_of(r[4]), r[5],
                                      r[6], r[7], who or r[8] or "", r[8] or ""))
        return out

    def operators(self, conn: Connection, _period: Period,
                  station_ids: list[str] | None) -> list[OperatorFact]:
        f = _Fields(conn, "operator")
        names = {s.station_id: s.name or s.division_code for s in self.stations()}
        rows = self._rows(conn, f, (f.t.c.id, f.t.c.station_id, f.text("name"),
                                    f.text("role"), f.bool("active")),
                          f.t.c.id.isnot(None), station_ids)
        return [OperatorFact(r[0], r[1], r[2] or "", r[3] or "", bool(r[4]),
                             names.get(r[1], "")) for r in rows]


def _stamp(value: Any) -> Any:
    """A created_at value comparable across formats (ISO text → aware datetime)."""
    from datetime import datetime

    return datetime.fromisoformat(value) if isinstance(value, str) else value
