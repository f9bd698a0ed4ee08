"""Read-side queries: counts and plain listings for the command line and reports."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sqlalchemy import func, select

from workstation.domain.identity import mask_id_number
from workstation.storage.engine import Database
from workstation.storage.models import AidReferral, ChangeLog, Consultation, MediationCase, Person


class ListKind(StrEnum):
    PERSONS = "persons"
    CONSULTATIONS = "consultations"
    MEDIATIONS = "mediations"
    REFERRALS = "referrals"
    ACTIVITIES = "activities"
    PROVIDERS = "providers"


def _count_by(session: Any, column: Any) -> dict[str, int]:
    rows = session.execute(select(column, func.count()).group_by(column)).all()
    return {str(key): int(n) for key, n in rows}


def station_stats(db: Database) -> dict[str, Any]:
    """Totals of each record kind and counts by status."""
    with db.read() as s:
        count = lambda model: int(s.scalar(select(func.count()).select_from(model)) or 0)  # noqa: E731
        return {
            "persons": count(Person),
            "consultations": count(Consultation),
            "mediation_cases": count(MediationCase),
            "aid_referrals": count(AidReferral),
            "consultations_by_result": _count_by(s, Consultation.handling_result),
            "mediation_by_status": _count_by(s, MediationCase.status),
            "aid_by_status": _count_by(s, AidReferral.status),
            "change_log_rows": count(ChangeLog),
        }


def list_records(db: Database, kind: str, *, limit: int | None = None) -> list[dict[str, Any]]:
    """Newest first; each row has ``id`` and ``number`` (None for persons); providers (the
    referral directory) by kind and name, with ``id`` and ``name``."""
    k = ListKind(kind)
    if k is ListKind.ACTIVITIES:
        from .publicity import list_activities

        return list_activities(db, limit=limit)
    if k is ListKind.PROVIDERS:
        from .providers import provider_rows

        return provider_rows(db, limit=limit)
    with db.read() as s:
        if k is ListKind.PERSONS:
            stmt = select(Person.id, Person.name, Person.sex, Person.id_number, Person.phone)
            stmt = stmt.order_by(Person.created_at.desc(), Person.id)
            return [
                {"id": r.id, "number": None, "name": r.name, "sex": r.sex,
                 "id_number": mask_id_number(r.id_number or ""), "phone": r.phone}
                for r in s.execute(stmt.limit(limit))
            ]
        if k is ListKind.CONSULTATIONS:
            stmt = select(Consultation.id, Consultation.number, Consultation.occurred_at,
                          Consultation.channel, Consultation.topic,
                          Consultation.handling_result)
            stmt = stmt.order_by(Consultation.occurred_at.desc(), Consultation.id)
            return [
                {"id": r.id, "number": r.number, "occurred_at": r.occurred_at.isoformat(),
                 "channel": r.channel, "topic": r.topic, "handling_result": r.handling_result}
                for r in s.execute(stmt.limit(limit))
            ]
        if k is ListKind.MEDIATIONS:
            stmt = select(MediationCase.id, MediationCase.number, MediationCase.registered_on,
                          MediationCase.dispute_type, MediationCase.status,
                          MediationCase.deadline)
            stmt = stmt.order_by(MediationCase.registered_on.desc(), MediationCase.number.desc())
            return [
                {"id": r.id, "number": r.number, "registered_on": r.registered_on.isoformat(),
                 "dispute_type": r.dispute_type, "status": r.status,
                 "deadline": r.deadline.isoformat() if r.deadline else None}
                for r in s.execute(stmt.limit(limit))
            ]
        stmt = select(AidReferral.id, AidReferral.number, AidReferral.applied_on,
                      AidReferral.matter, AidReferral.status, AidReferral.urgent)
        stmt = stmt.order_by(AidReferral.applied_on.desc(), AidReferral.number.desc())
        return [
            {"id": r.id, "number": r.number, "applied_on": r.applied_on.isoformat(),
             "matter": r.matter, "status": r.status, "urgent": bool(r.urgent)}
            for r in s.execute(stmt.limit(limit))
        ]
