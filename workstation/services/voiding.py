"""Voiding (作废): records are never deleted; an admin voids one with a reason.

The record stays, marked with who voided it, when and why (``voided_at``, ``voided_by``,
``void_reason``); the change travels to the county in the next bundle like any other. Lists,
counts, dashboard deadlines and statistics leave voided records out unless asked; the record's
view shows it voided and no document can be printed from it. Nothing can be done to a voided
record any more, and voiding cannot be undone in the app (void by mistake → register again).

Persons: a person is shared by every record naming them, so a person can only be voided when
no record that is still valid names them (void those records first). A voided person is hidden
from lists and pickers; registering a new record for the same document number brings them back
(``reinstate_person``, audited), because the citizen evidently exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workstation.domain.validators import require_text
from workstation.storage.engine import Database
from workstation.storage.models import (
    AidReferral,
    Consultation,
    MediationCase,
    MediationParty,
    Operator,
    Person,
)

from .context import Actor, NotFound, ServiceError, UnitOfWork
from .permissions import require_admin

VOIDABLE: dict[str, Any] = {
    "consultation": Consultation,
    "mediation_case": MediationCase,
    "aid_referral": AidReferral,
    "person": Person,
}
KIND_NAMES = {
    "consultation": "咨询记录",
    "mediation_case": "调解案件",
    "aid_referral": "法律援助申请",
    "person": "当事人",
}
MAX_REASON = 500
VOIDED_LABEL = "已作废"


@dataclass(frozen=True)
class VoidInfo:
    """Who voided a record, when and why (a view's banner, a list's tooltip)."""

    at: datetime
    by_name: str
    reason: str

    @property
    def text(self) -> str:
        when = self.at.astimezone().strftime("%Y-%m-%d %H:%M")
        who = self.by_name or "（未知操作员）"
        return f"{VOIDED_LABEL}：{when}由{who}作废，原因：{self.reason}"


def void_info(session: Session, row: Any) -> VoidInfo | None:
    """The void of a voidable row, or None while it is valid."""
    at = getattr(row, "voided_at", None)
    if at is None:
        return None
    name = session.scalar(select(Operator.name).where(Operator.id == row.voided_by)) or ""
    return VoidInfo(at=at, by_name=name, reason=row.void_reason or "")


def is_voided(row: Any) -> bool:
    return getattr(row, "voided_at", None) is not None


def refuse_if_voided(row: Any, record_type: str) -> None:
    """ServiceError when ``row`` is voided: nothing may change a voided record."""
    if is_voided(row):
        name = KIND_NAMES.get(record_type, "记录")
        raise ServiceError(f"该{name}已作废，不能再办理或修改")


def live_records_naming(session: Session, person_id: str) -> list[str]:
    """Numbers of the records that are not voided and name the person (any role)."""
    numbers: list[str] = []
    numbers += session.scalars(select(Consultation.number).where(
        Consultation.person_id == person_id, Consultation.voided_at.is_(None))).all()
    numbers += session.scalars(
        select(MediationCase.number).distinct()
        .join(MediationParty, MediationParty.case_id == MediationCase.id)
        .where(MediationParty.person_id == person_id, MediationCase.voided_at.is_(None))).all()
    numbers += session.scalars(select(AidReferral.number).where(
        AidReferral.applicant_id == person_id, AidReferral.voided_at.is_(None))).all()
    return sorted(numbers)


def _label(record_type: str, row: Any) -> str:
    return str(row.name if record_type == "person" else row.number)


def void_record(db: Database, actor: Actor, record_type: str, record_id: str, reason: str, *,
                now: datetime | None = None) -> None:
    """Void a consultation, mediation case, aid referral or person (station admins only).

    ``reason`` is required. Refuses a record already voided and a person still named by a
    record that is not voided. Audited as ``void`` with the number (or name) and the reason.
    """
    require_admin(actor, "作废记录")
    model = VOIDABLE.get(record_type)
    if model is None:
        raise ServiceError("这类记录不能作废")
    text = require_text(reason, "void_reason", "作废原因", max_len=MAX_REASON)
    with UnitOfWork(db, actor) as uow:
        row = uow.session.get(model, record_id)
        if row is None:
            raise NotFound(f"找不到该{KIND_NAMES[record_type]}")
        if is_voided(row):
            raise ServiceError(f"该{KIND_NAMES[record_type]}已于"
                               f"{row.voided_at.astimezone():%Y-%m-%d %H:%M}作废")
        if record_type == "person":
            live = live_records_naming(uow.session, row.id)
            if live:
                shown = "、".join(live[:5]) + ("等" if len(live) > 5 else "")
                raise ServiceError(f"{row.name}仍出现在{len(live)}条未作废的记录中（{shown}），"
                                   "请先作废这些记录")
        row.voided_at = now or datetime.now(UTC)
        row.voided_by = actor.operator_id
        row.void_reason = text
        uow.audit("void", record_type, row.id, f"{_label(record_type, row)}：{text}")
        uow.commit()


def reinstate_person(uow: UnitOfWork, person: Person, why: str) -> None:
    """Clear a person's void because a new record names them (in the caller's transaction)."""
    if not is_voided(person):
        return
    previous = person.void_reason or ""
    person.voided_at = None
    person.voided_by = None
    person.void_reason = None
    uow.audit("reinstate", "person", person.id, f"{why}（原作废原因：{previous}）")
