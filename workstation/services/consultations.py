"""Registering legal consultations (法律咨询登记)."""

from __future__ import annotations

from datetime import date

from workstation.domain.inputs import ConsultationInput
from workstation.domain.numbering import NumberKind
from workstation.storage.engine import Database
from workstation.storage.models import Consultation

from .context import Actor, UnitOfWork
from .numbers import next_number
from .persons import resolve_person


def register_consultation(db: Database, actor: Actor, data: ConsultationInput,
                          *, today: date | None = None) -> str:
    """Save a consultation with its person, audit and change-log rows in one transaction."""
    data = data.validated(today)
    with UnitOfWork(db, actor) as uow:
        person_id = resolve_person(uow, data.person_id, data.person)
        local = data.occurred_at.astimezone()
        seq, number = next_number(uow, actor.station_id, NumberKind.CONSULTATION, local.year)
        record = uow.insert(
            Consultation, station_id=actor.station_id, year=local.year, seq=seq, number=number,
            occurred_at=data.occurred_at, channel=data.channel, person_id=person_id,
            topic=data.topic, question=data.question, answer=data.answer,
            handling_result=data.handling_result, referred_to=data.referred_to,
            operator_id=data.operator_id or actor.operator_id,
            minutes_spent=data.minutes_spent, satisfaction=data.satisfaction,
        )
        uow.audit("create", "consultation", record["id"], number)
        uow.commit()
        return record["id"]
