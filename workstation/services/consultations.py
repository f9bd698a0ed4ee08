"""Registering legal consultations (法律咨询登记)."""

from __future__ import annotations

from datetime import date

from workstation.domain.inputs import ConsultationInput
from workstation.domain.numbering import NumberKind
from workstation.domain.rating import RatingMethod, RatingSource
from workstation.storage.engine import Database
from workstation.storage.models import Consultation, ReferralProvider

from . import responsibility, work_orders
from .context import Actor, ServiceError, UnitOfWork
from .numbers import next_number
from .persons import resolve_person
from .ratings import add_rating


def register_consultation(db: Database, actor: Actor, data: ConsultationInput,
                          *, today: date | None = None, work_order_id: str | None = None
                          ) -> str:
    """Save a consultation with its person, audit and change-log rows in one transaction;
    ``work_order_id``: the 12348 order it handles (linked in the same transaction)."""
    data = data.validated(today)
    with UnitOfWork(db, actor) as uow:
        person_id = resolve_person(uow, data.person_id, data.person)
        referred_to = data.referred_to
        if data.provider_id:
            provider = uow.session.get(ReferralProvider, data.provider_id)
            if provider is None or provider.station_id != actor.station_id:
                raise ServiceError("所选的法律服务机构不存在，请重新选择")
            if not provider.active:
                raise ServiceError(f"“{provider.name}”已停用，请重新选择")
            referred_to = referred_to or provider.name
        local = data.occurred_at.astimezone()
        seq, number = next_number(uow, actor.station_id, NumberKind.CONSULTATION, local.year)
        record = uow.insert(
            Consultation, station_id=actor.station_id, year=local.year, seq=seq, number=number,
            occurred_at=data.occurred_at, channel=data.channel, person_id=person_id,
            topic=data.topic, question=data.question, answer=data.answer,
            handling_result=data.handling_result, referred_to=referred_to,
            operator_id=data.operator_id or actor.operator_id,
            minutes_spent=data.minutes_spent, satisfaction=data.satisfaction,
            provider_id=data.provider_id,
        )
        responsibility.receive(uow, "consultation", record["id"], record["operator_id"])
        uow.audit("create", "consultation", record["id"], number)
        if work_order_id is not None:
            work_orders.link_in(uow, work_order_id, "consultation", record["id"])
        if data.satisfaction:  # ticked by the operator: 工作人员代录, not the citizen's own
            add_rating(uow, record_type="consultation", record_id=record["id"],
                       value=data.satisfaction, source=RatingSource.STAFF,
                       method=RatingMethod.ENTERED, rated_at=data.occurred_at)
        uow.commit()
        return record["id"]
