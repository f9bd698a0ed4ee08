"""Legal aid applications forwarded by the stations and awaiting the county's decision, the
decisions made here that have not come back from a station yet, and recording a decision
with field-by-field validation (the console's dialog).

A referral awaits a decision when the station's latest copy is forwarded or received by the
center, the station has no decision on it, and the county has not decided it yet. Once the
county decides, every acknowledgement for the station carries the decision back
(``service.pending_decisions``) until a bundle shows the station applied it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, select, text

from workstation.domain.deadlines import aid_decision_due, is_urgent
from workstation.domain.enums import AidDecision, AidMatter
from workstation.domain.errors import FieldError, ValidationError
from workstation.domain.identity import mask_id_number

from .access import Permission, require
from .db import RECORDS, CountyDatabase, decision, json_text, station
from .overview import parse_time
from .service import DECIDABLE, decide

#: Longest lawyer and reason texts accepted (they travel in the acknowledgement).
MAX_LAWYER = 100
MAX_REASON = 500
_CHUNK = 500


@dataclass(frozen=True)
class PendingReferral:
    referral_id: str
    station_id: str
    division_code: str
    station_name: str
    number: str
    applicant_name: str
    applicant_id_masked: str
    matter: str
    status: str
    urgent: bool
    applied_on: date | None
    forwarded_on: date | None
    received_on: date | None
    limitation_deadline: date | None
    facts: str
    request: str

    @property
    def matter_label(self) -> str:
        return AidMatter.label_of(self.matter)

    @property
    def decision_due(self) -> date | None:
        """7 working days after the center received it (or after forwarding)."""
        start = self.received_on or self.forwarded_on
        return aid_decision_due(start) if start else None

    def days_waiting(self, today: date) -> int:
        start = self.forwarded_on or self.applied_on
        return max(0, (today - start).days) if start else 0

    def overdue(self, today: date) -> bool:
        due = self.decision_due
        return due is not None and today > due


@dataclass(frozen=True)
class AwaitingStation:
    """A decision made at the county that the station has not shown back yet."""

    referral_id: str
    division_code: str
    station_name: str
    number: str
    applicant_name: str
    decision: str
    lawyer: str
    reason: str
    decided_on: date
    decided_at: datetime

    @property
    def decision_label(self) -> str:
        return AidDecision.label_of(self.decision)


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else None


def pending_referral_rows(conn: Connection) -> list[Any]:
    """``(id, station_id, data)`` of every referral awaiting a county decision."""
    t = RECORDS["aid_referral"]
    column = f"{t.name}.data"
    statuses = ", ".join(f"'{s}'" for s in DECIDABLE)
    query = (select(t.c.id, t.c.station_id, t.c.data)
             .select_from(t.outerjoin(decision, decision.c.referral_id == t.c.id))
             .where(decision.c.referral_id.is_(None))
             .where(text(f"{json_text(conn, column, 'status')} IN ({statuses}) "
                         f"AND {json_text(conn, column, 'decision')} IS NULL")))
    return list(conn.execute(query))


def _persons(conn: Connection, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    t = RECORDS["person"]
    wanted = sorted({i for i in ids if i})
    out: dict[str, dict[str, Any]] = {}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start:start + _CHUNK]
        for rid, data in conn.execute(select(t.c.id, t.c.data).where(t.c.id.in_(chunk))):
            out[str(rid)] = json.loads(data)
    return out


def _stations(conn: Connection) -> dict[str, tuple[str, str]]:
    """station id → (division code, name), for stations bound at a first import."""
    return {str(r.station_id): (r.division_code, r.name or "") for r in conn.execute(
        select(station.c.station_id, station.c.division_code, station.c.name)
        .where(station.c.station_id.is_not(None)))}


def pending_referrals(db: CountyDatabase, *, today: date | None = None
                      ) -> list[PendingReferral]:
    """Referrals awaiting a decision: urgent first, then the longest waiting."""
    require(db, Permission.RECORDS)
    today = today or date.today()
    with db.engine.connect() as conn:
        rows = [(str(r.id), str(r.station_id), json.loads(r.data))
                for r in pending_referral_rows(conn)]
        persons = _persons(conn, (d.get("applicant_id", "") for _, _, d in rows))
        stations = _stations(conn)
    out = []
    for rid, sid, d in rows:
        person = persons.get(d.get("applicant_id", ""), {})
        code, name = stations.get(sid, ("", ""))
        deadline = _day(d.get("limitation_deadline"))
        out.append(PendingReferral(
            referral_id=rid, station_id=sid, division_code=code, station_name=name,
            number=str(d.get("number", "")), applicant_name=str(person.get("name", "")),
            applicant_id_masked=mask_id_number(str(person.get("id_number") or "")),
            matter=str(d.get("matter", "")), status=str(d.get("status", "")),
            urgent=is_urgent(deadline, today),
            applied_on=_day(d.get("applied_on")), forwarded_on=_day(d.get("forwarded_on")),
            received_on=_day(d.get("center_received_on")), limitation_deadline=deadline,
            facts=str(d.get("facts", "")), request=str(d.get("request", ""))))
    out.sort(key=lambda p: (not p.urgent, -p.days_waiting(today), p.division_code, p.number))
    return out


def decided_awaiting_station(db: CountyDatabase) -> list[AwaitingStation]:
    """County decisions the stations have not shown back yet, newest first."""
    require(db, Permission.RECORDS)
    t = RECORDS["aid_referral"]
    with db.engine.connect() as conn:
        rows = list(conn.execute(
            select(decision, t.c.data)
            .select_from(decision.outerjoin(t, t.c.id == decision.c.referral_id))
            .order_by(decision.c.decided_at.desc())))
        referrals = {str(r.referral_id): json.loads(r.data) if r.data else {} for r in rows}
        persons = _persons(conn, (d.get("applicant_id", "") for d in referrals.values()))
        stations = _stations(conn)
    out = []
    for r in rows:
        data = referrals[str(r.referral_id)]
        if data.get("decision") == r.decision and data.get("assigned_lawyer", "") == r.lawyer:
            continue  # the station has it
        code, name = stations.get(str(r.station_id), ("", ""))
        person = persons.get(data.get("applicant_id", ""), {})
        out.append(AwaitingStation(
            referral_id=str(r.referral_id), division_code=code, station_name=name,
            number=str(data.get("number", "")), applicant_name=str(person.get("name", "")),
            decision=r.decision, lawyer=r.lawyer, reason=r.reason,
            decided_on=date.fromisoformat(r.decided_on), decided_at=parse_time(r.decided_at)))
    return out


@dataclass(frozen=True)
class DecisionInput:
    """The county's decision on one referral, as typed in the console."""

    referral_id: str
    decision: str | None
    decided_on: date
    lawyer: str = ""
    reason: str = ""

    def validated(self, today: date | None = None) -> DecisionInput:
        today = today or date.today()
        errors: list[FieldError] = []
        codes = {code for code, _label in AidDecision.choices()}
        lawyer, reason = self.lawyer.strip(), self.reason.strip()
        if self.decision not in codes:
            errors.append(FieldError("decision", "请选择决定：准予或不予法律援助"))
        if self.decided_on > today:
            errors.append(FieldError("decided_on", "决定日期不能晚于今天"))
        if self.decision == AidDecision.GRANTED.value and not lawyer:
            errors.append(FieldError("lawyer", "准予法律援助时请填写承办律师"))
        if len(lawyer) > MAX_LAWYER:
            errors.append(FieldError("lawyer", f"承办律师不能超过{MAX_LAWYER}字"))
        if self.decision == AidDecision.DENIED.value and not reason:
            errors.append(FieldError("reason", "不予法律援助时请说明理由"))
        if len(reason) > MAX_REASON:
            errors.append(FieldError("reason", f"理由不能超过{MAX_REASON}字"))
        if errors:
            raise ValidationError(errors)
        return DecisionInput(self.referral_id, self.decision, self.decided_on, lawyer, reason)


def record_decision(db: CountyDatabase, data: DecisionInput, *, actor: str = "") -> str:
    """Validate and record a decision (the next acknowledgement carries it to the station).
    Returns the referral's number."""
    valid = data.validated()
    assert valid.decision is not None
    return decide(db, valid.referral_id, valid.decision, valid.lawyer, valid.reason,
                  decided_on=valid.decided_on, actor=actor)
