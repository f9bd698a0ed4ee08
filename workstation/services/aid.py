"""Legal aid referrals: the station helps apply and forwards; the county center decides."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime

from sqlalchemy import select

from workstation.domain.deadlines import (
    DEFAULT_URGENT_FORWARD_DAYS,
    URGENT_FORWARD_CHOICES,
    is_urgent,
    urgent_forward_text,
)
from workstation.domain.eligibility import ALL_MATERIALS, missing_materials
from workstation.domain.enums import AidDecision, AidStatus
from workstation.domain.errors import ValidationError
from workstation.domain.inputs import ReferralInput
from workstation.domain.numbering import NumberKind
from workstation.domain.transitions import check_aid_transition
from workstation.storage.engine import Database
from workstation.storage.models import AidReferral, Station, StatusChange

from . import responsibility, work_orders
from .context import Actor, NotFound, ServiceError, UnitOfWork
from .numbers import next_number
from .permissions import require_admin
from .persons import resolve_person
from .voiding import refuse_if_voided

A = AidStatus
RECORD_TYPE = "aid_referral"
_KNOWN_MATERIALS = {m.code for m in ALL_MATERIALS}


def _load(uow: UnitOfWork, referral_id: str) -> AidReferral:
    referral = uow.session.get(AidReferral, referral_id)
    if referral is None:
        raise NotFound("找不到该法律援助申请")
    refuse_if_voided(referral, RECORD_TYPE)
    return referral


def _move(uow: UnitOfWork, referral: AidReferral, target: AidStatus, reason: str = "") -> None:
    assert uow.actor is not None
    check_aid_transition(referral.status, target)
    previous = referral.status
    referral.status = target
    uow.session.add(StatusChange(
        station_id=referral.station_id, record_type=RECORD_TYPE, record_id=referral.id,
        from_status=previous, to_status=target, changed_at=datetime.now(UTC),
        operator_id=uow.actor.operator_id, reason=reason,
    ))
    uow.audit("status", RECORD_TYPE, referral.id, f"{previous}->{target}")


def _check_materials(codes: Iterable[str]) -> list[str]:
    codes = list(dict.fromkeys(codes))
    unknown = [c for c in codes if c not in _KNOWN_MATERIALS]
    if unknown:
        raise ValidationError.single("materials_received", f"未知的材料代码：{'、'.join(unknown)}")
    return codes


def create_referral(db: Database, actor: Actor, data: ReferralInput,
                    *, today: date | None = None, consultation_id: str | None = None,
                    work_order_id: str | None = None) -> str:
    """Record an aid application taken at the station (status 待转交); ``consultation_id``:
    the consultation it came from (stored link, ``services.responsibility``);
    ``work_order_id``: the 12348 order it handles (linked in the same transaction)."""
    data = data.validated(today)
    materials = _check_materials(data.materials_received)
    with UnitOfWork(db, actor) as uow:
        applicant_id = resolve_person(uow, data.applicant_id, data.applicant)
        assert applicant_id is not None
        year = data.applied_on.year
        seq, number = next_number(uow, actor.station_id, NumberKind.AID_REFERRAL, year)
        referral_id = uow.insert(
            AidReferral, station_id=actor.station_id, year=year, seq=seq, number=number,
            applicant_id=applicant_id, agent_name=data.agent_name.strip(),
            agent_relation=data.agent_relation.strip(), agent_phone=data.agent_phone,
            matter=data.matter, matter_detail=data.matter_detail.strip(),
            procedural_role=data.procedural_role, stage=data.stage,
            cause_of_action=data.cause_of_action.strip(), facts=data.facts,
            request=data.request, hardship_route=data.hardship_route,
            household_size=data.household_size, monthly_income_fen=data.monthly_income_fen,
            property_note=data.property_note.strip(),
            limitation_deadline=data.limitation_deadline,
            # urgent on the application day, for older readers; urgency itself is computed
            # from the deadline wherever the referral is shown, counted or forwarded
            urgent=is_urgent(data.limitation_deadline, data.applied_on),
            aid_form=data.aid_form, opposing_party=data.opposing_party,
            agent_id_type=data.agent_id_type, agent_id_number=data.agent_id_number,
            materials_received=materials, status=A.DRAFT, applied_on=data.applied_on,
            operator_id=actor.operator_id,
        )["id"]
        uow.insert(
            StatusChange, station_id=actor.station_id, record_type=RECORD_TYPE,
            record_id=referral_id, from_status=None, to_status=A.DRAFT,
            changed_at=datetime.now(UTC), operator_id=actor.operator_id,
        )
        responsibility.receive(uow, RECORD_TYPE, referral_id, actor.operator_id,
                               consultation_id=consultation_id)
        uow.audit("create", RECORD_TYPE, referral_id, number)
        if work_order_id is not None:
            work_orders.link_in(uow, work_order_id, RECORD_TYPE, referral_id)
        uow.commit()
        return referral_id


def update_materials(db: Database, actor: Actor, referral_id: str,
                     received: Iterable[str]) -> None:
    """Replace the list of materials received (only before forwarding)."""
    codes = _check_materials(received)
    with UnitOfWork(db, actor) as uow:
        referral = _load(uow, referral_id)
        if referral.status != A.DRAFT:
            raise ServiceError("申请已转交，材料清单不能再修改")
        referral.materials_received = codes
        uow.audit("update", RECORD_TYPE, referral.id, "materials")
        uow.commit()


def forward_referral(db: Database, actor: Actor, referral_id: str, *, forwarded_to: str,
                     forwarded_on: date, allow_incomplete: bool = False,
                     today: date | None = None) -> None:
    """Forward the application to the county legal aid center.

    Incomplete material lists are refused unless the case is urgent today (art. 44: aid may
    start before the review; urgency computed from the limitation deadline, never stored) or
    ``allow_incomplete`` is set deliberately.
    """
    day = today or date.today()
    if not forwarded_to.strip():
        raise ValidationError.single("forwarded_to", "请填写接收的法律援助机构")
    if forwarded_on > day:
        raise ValidationError.single("forwarded_on", "转交日期不能晚于今天")
    with UnitOfWork(db, actor) as uow:
        referral = _load(uow, referral_id)
        if forwarded_on < referral.applied_on:
            raise ValidationError.single("forwarded_on", "转交日期不能早于申请日期")
        missing = missing_materials(referral.matter, referral.hardship_route,
                                    referral.materials_received,
                                    has_agent=bool(referral.agent_name))
        urgent = is_urgent(referral.limitation_deadline, day)
        if missing and not (urgent or allow_incomplete):
            names = "、".join(m.label for m in missing)
            raise ServiceError(f"申请材料不齐全，尚缺：{names}。请先一次性告知申请人补齐。")
        _move(uow, referral, A.FORWARDED)
        referral.forwarded_to = forwarded_to.strip()
        referral.forwarded_on = forwarded_on
        uow.commit()


def _check_day(value: date, earliest: date | None, field: str, label: str,
               today: date | None = None) -> None:
    if value > (today or date.today()):
        raise ValidationError.single(field, f"{label}不能晚于今天")
    if earliest is not None and value < earliest:
        raise ValidationError.single(field, f"{label}不能早于{earliest:%Y年%m月%d日}")


def record_center_receipt(db: Database, actor: Actor, referral_id: str, received_on: date) -> None:
    """The county center confirmed it received the forwarded application."""
    with UnitOfWork(db, actor) as uow:
        referral = _load(uow, referral_id)
        _check_day(received_on, referral.forwarded_on, "center_received_on", "接收日期")
        _move(uow, referral, A.RECEIVED)
        referral.center_received_on = received_on
        uow.commit()


def record_decision(db: Database, actor: Actor, referral_id: str, *, decision: str,
                    decided_on: date, note: str = "", lawyer: str = "",
                    told_on: date | None = None, today: date | None = None) -> None:
    """Record the county center's decision as it came back to the station, and (``told_on``)
    the day the applicant was told of it, when that is already known."""
    outcome = AidDecision(decision)
    with UnitOfWork(db, actor) as uow:
        referral = _load(uow, referral_id)
        _check_day(decided_on, referral.forwarded_on, "decision_on", "决定日期", today)
        if told_on is not None:
            _check_day(told_on, decided_on, "decision_told_on", "告知申请人日期", today)
        _move(uow, referral, A.GRANTED if outcome is AidDecision.GRANTED else A.DENIED)
        referral.decision = outcome
        referral.decision_on = decided_on
        referral.decision_note = note.strip()
        referral.assigned_lawyer = lawyer.strip()
        referral.decision_told_on = told_on
        uow.commit()


def record_decision_told(db: Database, actor: Actor, referral_id: str, told_on: date, *,
                         today: date | None = None) -> None:
    """The day the applicant was told of the center's decision (after it was recorded)."""
    with UnitOfWork(db, actor) as uow:
        referral = _load(uow, referral_id)
        if referral.decision_on is None:
            raise ServiceError("尚未登记法律援助中心的决定，不能登记告知日期")
        _check_day(told_on, referral.decision_on, "decision_told_on", "告知申请人日期", today)
        referral.decision_told_on = told_on
        uow.audit("update", RECORD_TYPE, referral.id, "decision_told_on")
        uow.commit()


def close_referral(db: Database, actor: Actor, referral_id: str, closed_on: date,
                   reason: str = "") -> None:
    with UnitOfWork(db, actor) as uow:
        referral = _load(uow, referral_id)
        _check_day(closed_on, referral.applied_on, "closed_on", "办结日期")
        if referral.status == A.DRAFT and not reason.strip():
            raise ValidationError.single("reason", "未转交即办结（如申请人撤回）需要填写原因")
        _move(uow, referral, A.CLOSED, reason=reason.strip())
        referral.closed_on = closed_on
        uow.commit()


def urgent_forward_days(db: Database) -> int:
    """The station's promise for urgent applications: 0 the same day, 1 the next working day."""
    with db.read() as session:
        days = session.scalar(select(Station.urgent_forward_days))
    return int(days) if days in URGENT_FORWARD_CHOICES else DEFAULT_URGENT_FORWARD_DAYS


def set_urgent_forward_days(db: Database, actor: Actor, days: int) -> int:
    """Change the promise for urgent applications (station admins only; audited)."""
    require_admin(actor, "修改紧急申请的转交时限")
    if days not in URGENT_FORWARD_CHOICES:
        raise ValidationError.single("urgent_forward_days", "紧急申请应在当日或次一工作日转交")
    with UnitOfWork(db, actor) as uow:
        station = uow.session.scalars(select(Station)).first()
        if station is None:
            raise ServiceError("数据库尚未初始化站点")
        previous = station.urgent_forward_days
        if previous != days:
            station.urgent_forward_days = int(days)
            uow.audit("settings", "station", station.id,
                      f"紧急法律援助申请转交时限：{urgent_forward_text(previous)} → "
                      f"{urgent_forward_text(days)}")
            uow.commit()
    return int(days)
