"""Read-side queries: counts and plain listings for the command line and reports."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select

from workstation.domain.deadlines import is_urgent
from workstation.domain.identity import mask_id_number
from workstation.storage.engine import Database
from workstation.storage.models import (
    AidReferral,
    ChangeLog,
    Consultation,
    MediationCase,
    Person,
    record_changes,
)


class ListKind(StrEnum):
    PERSONS = "persons"
    CONSULTATIONS = "consultations"
    MEDIATIONS = "mediations"
    REFERRALS = "referrals"
    ACTIVITIES = "activities"
    PROVIDERS = "providers"
    SCREENINGS = "screenings"
    ORDERS = "orders"


def _count_by(session: Any, column: Any) -> dict[str, int]:
    """Valid (not voided) rows of the column's table by value."""
    rows = session.execute(select(column, func.count())
                           .where(column.class_.voided_at.is_(None)).group_by(column)).all()
    return {str(key): int(n) for key, n in rows}


def station_stats(db: Database) -> dict[str, Any]:
    """Totals of each record kind and counts by status; voided records (作废) are counted
    apart under ``voided`` and nowhere else."""
    with db.read() as s:
        count = lambda model: int(s.scalar(select(func.count()).select_from(model)) or 0)  # noqa: E731
        voided = {
            key: int(s.scalar(select(func.count()).select_from(model)
                              .where(model.voided_at.is_not(None))) or 0)
            for key, model in _KINDS.items()
        }
        totals = {key: count(model) - voided[key] for key, model in _KINDS.items()}
        return {
            **totals,
            "consultations_by_result": _count_by(s, Consultation.handling_result),
            "mediation_by_status": _count_by(s, MediationCase.status),
            "aid_by_status": _count_by(s, AidReferral.status),
            "voided": voided,
            "change_log_rows": int(s.scalar(select(func.count()).select_from(ChangeLog)
                                            .where(record_changes())) or 0),
        }


_KINDS = {"persons": Person, "consultations": Consultation, "mediation_cases": MediationCase,
          "aid_referrals": AidReferral}


def list_records(db: Database, kind: str, *, limit: int | None = None,
                 include_voided: bool = False, today: date | None = None
                 ) -> list[dict[str, Any]]:
    """Newest first; each row has ``id`` and ``number`` (None for persons); providers (the
    referral directory) by kind and name, with ``id`` and ``name``. Voided records are left
    out unless ``include_voided`` (then every row says ``"voided": true/false``)."""
    k = ListKind(kind)
    if k is ListKind.ACTIVITIES:
        from .publicity import list_activities

        return list_activities(db, limit=limit)
    if k is ListKind.SCREENINGS:
        from .screening import list_screenings

        return list_screenings(db, limit=limit)
    if k is ListKind.ORDERS:
        from .work_orders import list_orders

        return list_orders(db, limit=limit)
    if k is ListKind.PROVIDERS:
        from .providers import provider_rows

        return provider_rows(db, limit=limit)
    model = {ListKind.PERSONS: Person, ListKind.CONSULTATIONS: Consultation,
             ListKind.MEDIATIONS: MediationCase, ListKind.REFERRALS: AidReferral}[k]

    def finish(stmt: Any) -> Any:
        if not include_voided:
            stmt = stmt.where(model.voided_at.is_(None))
        return stmt.add_columns(model.voided_at).limit(limit)

    def flag(row: Any, values: dict[str, Any]) -> dict[str, Any]:
        if include_voided:
            values["voided"] = row.voided_at is not None
        return values

    with db.read() as s:
        if k is ListKind.PERSONS:
            stmt = select(Person.id, Person.name, Person.sex, Person.id_number, Person.phone)
            stmt = stmt.order_by(Person.created_at.desc(), Person.id)
            return [
                flag(r, {"id": r.id, "number": None, "name": r.name, "sex": r.sex,
                         "id_number": mask_id_number(r.id_number or ""), "phone": r.phone})
                for r in s.execute(finish(stmt))
            ]
        if k is ListKind.CONSULTATIONS:
            stmt = select(Consultation.id, Consultation.number, Consultation.occurred_at,
                          Consultation.channel, Consultation.topic,
                          Consultation.handling_result)
            stmt = stmt.order_by(Consultation.occurred_at.desc(), Consultation.id)
            return [
                flag(r, {"id": r.id, "number": r.number,
                         "occurred_at": r.occurred_at.isoformat(), "channel": r.channel,
                         "topic": r.topic, "handling_result": r.handling_result})
                for r in s.execute(finish(stmt))
            ]
        if k is ListKind.MEDIATIONS:
            stmt = select(MediationCase.id, MediationCase.number, MediationCase.registered_on,
                          MediationCase.dispute_type, MediationCase.status,
                          MediationCase.deadline)
            stmt = stmt.order_by(MediationCase.registered_on.desc(), MediationCase.number.desc())
            return [
                flag(r, {"id": r.id, "number": r.number,
                         "registered_on": r.registered_on.isoformat(),
                         "dispute_type": r.dispute_type, "status": r.status,
                         "deadline": r.deadline.isoformat() if r.deadline else None})
                for r in s.execute(finish(stmt))
            ]
        stmt = select(AidReferral.id, AidReferral.number, AidReferral.applied_on,
                      AidReferral.matter, AidReferral.status, AidReferral.limitation_deadline)
        stmt = stmt.order_by(AidReferral.applied_on.desc(), AidReferral.number.desc())
        day = today or date.today()
        return [
            flag(r, {"id": r.id, "number": r.number, "applied_on": r.applied_on.isoformat(),
                     "matter": r.matter, "status": r.status,
                     "urgent": is_urgent(r.limitation_deadline, day)})
            for r in s.execute(finish(stmt))
        ]
