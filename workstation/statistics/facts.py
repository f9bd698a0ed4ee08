"""Fact rows: the few columns of each record that statistics count, as small frozen rows.

Facts are ``NamedTuple``s (immutable, and five times quicker to make than frozen dataclasses:
a year's report makes ~100,000). Sources (``station_source``, ``county_source``) fetch them
for a period; the aggregation in ``aggregate`` only reads them, so the station, the county
and any later source give the same numbers for the same records. Every fact keeps its station
and operator ids (workload per operator is a table over these facts) and knows the record a
user opens from a drill-down (``record_type``, ``record_id``).

Adding a record kind: a fact class here, its key in ``FACT_KINDS``, a fetch in each source,
and measures/tables over it; nothing else changes. Legal publicity activities came that way
(``ActivityFact``, and ``ParticipationFact`` per operator taking part); ``OperatorFact`` rows
are no events but name the rows of the workload table.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, NamedTuple

from workstation.domain.casefile import is_judicially_confirmed
from workstation.domain.deadlines import (
    DEFAULT_URGENT_FORWARD_DAYS,
    follow_up_due,
    forward_due,
    is_urgent,
    mediation_deadline,
)
from workstation.domain.eligibility import applicant_groups
from workstation.domain.enums import LabeledEnum, MediationStatus
from workstation.domain.work_orders import replied_on_time

from .periods import Period

CONSULTATION = "consultation"
CASE = "mediation_case"
FOLLOW_UP = "follow_up"
REFERRAL = "aid_referral"
ACTIVITY = "publicity_activity"
PARTICIPATION = "publicity_operator"
OPERATOR = "operator"
SCREENING = "screening"
FOUND_DISPUTE = "screening_dispute"
WORK_ORDER = "work_order"
HANDOVER = "handover"
RATING = "rating"
#: Fact kinds every source fetches, in report order.
FACT_KINDS: tuple[str, ...] = (CONSULTATION, CASE, FOLLOW_UP, REFERRAL, ACTIVITY, PARTICIPATION,
                               OPERATOR, SCREENING, FOUND_DISPUTE, WORK_ORDER, HANDOVER, RATING)

# --- the court's result of judicial confirmation (one place to wire it) ----------------------

#: Columns of ``mediation_agreement`` that record the court's result of a judicial
#: confirmation; both sources fetch them and hand them to ``court_confirmed`` (migration
#: 0010_case_file: ``judicial_result`` = confirmed / rejected / withdrawn, empty before).
JUDICIAL_RESULT_FIELDS: tuple[str, ...] = ("judicial_result",)


def court_confirmed(result: dict[str, Any] | None) -> bool | None:
    """Whether the court confirmed an agreement, from its ``JUDICIAL_RESULT_FIELDS``
    (``result``; None without an agreement): the station, the county, the PDF and Excel
    follow this one rule."""
    if result is None:
        return None
    return is_judicially_confirmed(result.get("judicial_result"))


class Outcome(LabeledEnum):
    """How a mediation ended (what the monthly sheet counts), derived from its status."""

    SUCCEEDED = "succeeded", "调解成功"
    FAILED = "failed", "调解不成"
    TERMINATED = "terminated", "终止调解"
    OPEN = "open", "调解中"


_M = MediationStatus


def case_outcome(status: str, has_agreement: bool, archived_from: str | None = None) -> str:
    """The outcome of a case: an agreement means success; an archived case keeps the outcome
    of the status it was archived from."""
    if has_agreement or status in (_M.AGREED, _M.FOLLOWED_UP):
        return Outcome.SUCCEEDED
    if status == _M.ARCHIVED and archived_from:
        return case_outcome(archived_from, False)
    if status == _M.FAILED:
        return Outcome.FAILED
    if status == _M.TERMINATED:
        return Outcome.TERMINATED
    return Outcome.OPEN


class ConsultationFact(NamedTuple):
    record_type = CONSULTATION  # type: ignore[assignment]

    id: str
    number: str
    station_id: str
    day: date  # local day of the consultation
    topic: str
    channel: str
    handling: str
    satisfaction: str | None
    operator_id: str

    @property
    def record_id(self) -> str:
        return self.id


class CaseFact(NamedTuple):
    """A mediation case with its agreement and follow-up summarised.

    ``deadline`` is the one-month limit with extensions (domain rule); ``performance`` the
    latest follow-up's finding; ``parties`` how many parties it has; ``agreement_form``
    written/oral; ``court_confirmed`` the court's result (None: not recorded);
    ``prevention_kind`` its prevention indicator, "" when none or when a screened dispute
    linked to it carries one (counted there, once).
    """

    record_type = CASE  # type: ignore[assignment]

    id: str
    number: str
    station_id: str
    dispute_type: str
    source: str
    status: str
    outcome: str
    registered_on: date
    accepted_on: date | None
    concluded_on: date | None
    deadline: date | None
    amount_involved_fen: int
    amount_agreed_fen: int
    agreement_on: date | None
    judicial_confirmation: bool
    performance: str | None
    follow_up_due: date | None
    followed_up_on: date | None
    mediator_id: str
    referring_body_kind: str = ""
    parties: int = 0
    agreement_form: str | None = None
    court_confirmed: bool | None = None
    prevention_kind: str = ""
    prevention_persons: int = 0

    @property
    def record_id(self) -> str:
        return self.id

    @property
    def concluded_in_time(self) -> bool:
        return (self.concluded_on is not None and self.deadline is not None
                and self.concluded_on <= self.deadline)


class FollowUpFact(NamedTuple):
    """A follow-up visit (its satisfaction counts); opening it opens its case.
    ``operator_id`` made the visit; ``mediator_id`` is the case's mediator (whose service
    the satisfaction rates)."""

    record_type = CASE  # type: ignore[assignment]

    id: str
    case_id: str
    number: str  # the case's number
    station_id: str
    visited_on: date
    performance: str
    satisfaction: str | None
    operator_id: str
    mediator_id: str = ""

    @property
    def record_id(self) -> str:
        return self.case_id


class RatingFact(NamedTuple):
    """A rating (``domain.rating``) of a consultation, case or aid application, on its local
    day; opening it opens the rated record. ``operator_id`` is whose service it rates (the
    consultation's or application's operator, the case's mediator; whoever entered the
    rating when the record is not known), ``entered_by`` who entered it."""

    id: str
    record_type: str  # of the rated record
    record_id: str
    number: str  # the rated record's number
    station_id: str
    day: date
    value: str
    source: str
    method: str
    operator_id: str
    entered_by: str = ""

    @property
    def category(self) -> str:
        from workstation.domain.rating import RATED_RECORDS, RatingSource

        return f"{RATED_RECORDS.get(self.record_type, '')}·{RatingSource.label_of(self.source)}"

    @property
    def status(self) -> str:
        from workstation.domain.enums import Satisfaction

        return Satisfaction.label_of(self.value)


class ReferralFact(NamedTuple):
    """A legal aid referral; ``forward_due`` is the day the station promised to forward by."""

    record_type = REFERRAL  # type: ignore[assignment]

    id: str
    number: str
    station_id: str
    matter: str
    status: str
    decision: str | None
    urgent: bool
    applied_on: date
    forwarded_on: date | None
    forward_due: date
    decision_on: date | None
    operator_id: str
    #: The applicant's groups on the application day (``domain.eligibility.applicant_groups``).
    groups: tuple[str, ...] = ()

    @property
    def record_id(self) -> str:
        return self.id

    @property
    def forwarded_in_time(self) -> bool:
        return self.forwarded_on is not None and self.forwarded_on <= self.forward_due


class ActivityFact(NamedTuple):
    """A legal publicity activity (counted by the day it was held)."""

    record_type = ACTIVITY  # type: ignore[assignment]

    id: str
    number: str
    station_id: str
    held_on: date
    form: str
    place_kind: str
    audience: int
    materials: int
    operator_id: str  # who registered it (and is responsible)

    @property
    def record_id(self) -> str:
        return self.id


class ParticipationFact(NamedTuple):
    """An operator taking part in an activity (a ``publicity_operator`` row not removed);
    opening it opens the activity."""

    record_type = ACTIVITY  # type: ignore[assignment]

    id: str
    activity_id: str
    number: str  # the activity's number
    station_id: str
    held_on: date
    form: str
    place_kind: str
    operator_id: str

    @property
    def record_id(self) -> str:
        return self.activity_id


class ScreeningFact(NamedTuple):
    """A dispute screening (counted by the day it was held)."""

    record_type = SCREENING  # type: ignore[assignment]

    id: str
    number: str
    station_id: str
    held_on: date
    screening_kind: str
    operator_id: str  # who registered it

    @property
    def record_id(self) -> str:
        return self.id


class HandoverFact(NamedTuple):
    """A hand-over (移交) of a consultation, case or referral (首问负责; counted by the local
    day it was made); opening it opens the record handed over."""

    id: str
    number: str  # the record's number
    station_id: str
    handed_on: date
    target: str  # ``domain.responsibility.HandoverTarget``
    status: str  # ``HandoverStatus`` as of the report
    record_type: str
    record_id: str
    operator_id: str  # who handed it over


class DisputeFact(NamedTuple):
    """A dispute a screening found (not taken off it); opening it opens the screening."""

    record_type = SCREENING  # type: ignore[assignment]

    id: str
    screening_id: str
    number: str  # the screening's number
    station_id: str
    held_on: date
    screening_kind: str
    dispute_type: str
    risk_level: str
    outcome: str
    prevention_kind: str
    prevention_persons: int
    operator_id: str  # who registered the screening

    @property
    def record_id(self) -> str:
        return self.screening_id


class WorkOrderFact(NamedTuple):
    """A 12348 work order (counted by the day it was received); ``replied_in_time`` follows
    ``domain.work_orders.replied_on_time``."""

    record_type = WORK_ORDER  # type: ignore[assignment]

    id: str
    number: str  # the platform's order number
    station_id: str
    received_on: date
    due_on: date
    replied_on: date | None
    channel: str
    operator_id: str  # the receiving operator

    @property
    def record_id(self) -> str:
        return self.id

    @property
    def replied_in_time(self) -> bool:
        return replied_on_time(self.due_on, self.replied_on)


class OperatorFact(NamedTuple):
    """An operator of a station in scope: names a row of the workload table (not dated)."""

    record_type = OPERATOR  # type: ignore[assignment]

    id: str
    station_id: str
    name: str
    role: str
    active: bool
    station_name: str = ""

    @property
    def record_id(self) -> str:
        return self.id


@dataclass(frozen=True)
class Scope:
    """Whose records a report covers: one station or a county (all or some stations)."""

    name: str
    division_code: str = ""
    county_center: str = ""
    stations: int = 1


@dataclass
class Facts:
    """Everything a report counts for ``period``, as of ``as_of`` (the day it was made)."""

    period: Period
    as_of: date
    scope: Scope
    by_kind: dict[str, Sequence[Any]] = field(default_factory=dict)
    #: Operators whose rows of per-operator tables (workload) may be shown and opened;
    #: None: everyone's (set by ``services.workload`` from the acting operator's role).
    visible_operators: frozenset[str] | None = None
    #: Measure key → facts it counts (filled by ``tables.matching``).
    _matches: dict[str, list[Any]] = field(default_factory=dict, repr=False)

    def of(self, kind: str) -> Sequence[Any]:
        return self.by_kind.get(kind, ())

    def count(self) -> int:
        return sum(len(v) for v in self.by_kind.values())


# --- shared derivations (both sources use these, so their facts agree) ----------------------


def referring_kind(source: str, kind: str | None) -> str:
    """The referring body's kind of a case: its code, "other" for a referred case without
    one (recorded before the kind existed, as migration 0011 sets them), else ""."""
    if kind:
        return kind
    return "other" if source == "referred" else ""


def case_deadline(accepted_on: date | None, extension_days: int | None) -> date | None:
    if accepted_on is None:
        return None
    return mediation_deadline(accepted_on, int(extension_days or 0))


def case_follow_up_due(agreement_on: date | None, performance_deadline: date | None
                       ) -> date | None:
    if agreement_on is None:
        return None
    return follow_up_due(agreement_on, performance_deadline)


@dataclass
class VisitSummary:
    """First visit and latest finding of a case's follow-ups (latest by visit day, then by
    creation time and id, as the station source orders them in SQL)."""

    first: date | None = None
    latest: tuple[date, Any, str, str] | None = None  # (visited_on, created_at, id, perf.)

    def add(self, visited_on: date, created_at: Any, visit_id: str, performance: str) -> None:
        if self.first is None or visited_on < self.first:
            self.first = visited_on
        key = (visited_on, created_at, visit_id, performance)
        if self.latest is None or key[:3] > self.latest[:3]:
            self.latest = key

    @property
    def performance(self) -> str | None:
        return self.latest[3] if self.latest else None


def summarise_visits(rows: Iterable[tuple[str, date, Any, str, str]]
                     ) -> dict[str, VisitSummary]:
    """``(case_id, visited_on, created_at, id, performance)`` rows → summary per case."""
    out: dict[str, VisitSummary] = {}
    for case_id, visited_on, created_at, visit_id, performance in rows:
        out.setdefault(case_id, VisitSummary()).add(visited_on, created_at, visit_id,
                                                    performance)
    return out


def referral_fact(id: str, number: str, station_id: str, matter: str, status: str,
                  decision: str | None, applied_on: date, forwarded_on: date | None,
                  decision_on: date | None, operator_id: str, *,
                  limitation_deadline: date | None, as_of: date, forward_days: int,
                  urgent_forward_days: int = DEFAULT_URGENT_FORWARD_DAYS,
                  applicant: Mapping[str, Any] | None = None) -> ReferralFact:
    """A referral's fact, the same at the station and the county. Urgency (art. 44) is
    computed from the limitation deadline on the day the station forwarded the application,
    or on the report's day while it has not: never read from a stored flag. The forwarding
    promise is the urgent one when urgent on that day."""
    on = forwarded_on or as_of
    return ReferralFact(
        id, number, station_id, matter, status, decision or None,
        is_urgent(limitation_deadline, on), applied_on, forwarded_on,
        forward_due(applied_on, forward_days, limitation_deadline=limitation_deadline, on=on,
                    urgent_forward_days=urgent_forward_days),
        decision_on, operator_id, person_groups(applicant, applied_on))


def person_groups(person: Mapping[str, Any] | None, on: date) -> tuple[str, ...]:
    """``applicant_groups`` of a person's stored fields (a station row or a county record)."""
    if not person:
        return ()
    declared = person.get("special_groups") or ()
    if isinstance(declared, str):
        try:
            declared = json.loads(declared)
        except ValueError:
            declared = ()
    if not isinstance(declared, list | tuple):
        declared = ()
    try:
        birth = as_date(person.get("birth_date"))
    except ValueError:
        birth = None
    return applicant_groups(
        [str(g) for g in declared], on=on, birth_date=birth, sex=person.get("sex"),
        id_type=str(person.get("id_type") or ""), id_number=str(person.get("id_number") or ""))


def as_date(value: Any) -> date | None:
    """A date from a database value (``date``, ISO text or None)."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


class LocalDays:
    """Local calendar day of stored UTC timestamps (ISO text) around a period, quickly.

    Timestamps are stored as UTC ``isoformat(timespec="microseconds")`` text, which sorts
    like the instants; the local midnights of the period's days (± a day) in that format let
    ``bisect`` find a timestamp's local day without parsing it. Text in any other shape (or
    outside the window) is parsed.
    """

    _WIDTH = len("2026-01-01T00:00:00.000000+00:00")

    def __init__(self, period: Period) -> None:
        first = period.start - timedelta(days=1)
        self._days = [first + timedelta(days=i) for i in range(period.days + 3)]
        self._bounds = [
            datetime(d.year, d.month, d.day).astimezone().astimezone(UTC)
            .isoformat(timespec="microseconds") for d in self._days]

    def day_of(self, stamp: str | datetime) -> date:
        if isinstance(stamp, str) and len(stamp) == self._WIDTH and stamp.endswith("+00:00"):
            i = bisect_right(self._bounds, stamp)
            if 0 < i < len(self._bounds):
                return self._days[i - 1]
        moment = stamp if isinstance(stamp, datetime) else datetime.fromisoformat(stamp)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone().date()
