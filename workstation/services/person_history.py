"""A person's history across the three services, the audited full ID number, and conflict
checks (回避/重复纠纷) for parties about to be put on a new mediation case."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from workstation.domain.enums import (
    AidMatter,
    AidStatus,
    ConsultationTopic,
    DocumentType,
    HandlingResult,
    MediationStatus,
    PartyRole,
    Sex,
    SpecialGroup,
)
from workstation.domain.identity import mask_id_number
from workstation.domain.transitions import MEDIATION_OPEN
from workstation.domain.wording import ELIDED
from workstation.storage.engine import Database
from workstation.storage.models import (
    AidReferral,
    Consultation,
    MediationCase,
    MediationParty,
    Person,
)

from .context import Actor, NotFound, UnitOfWork
from .listing import chunks, party_titles
from .voiding import VoidInfo, void_info

CONSULTANT_ROLE = "咨询人"
AID_APPLICANT_ROLE = "援助申请人"
_SUMMARY_LEN = 40


@dataclass(frozen=True)
class PersonInfo:
    """A person's details for display; the ID number only masked."""

    id: str
    name: str
    sex: str | None
    sex_label: str
    birth_date: date | None
    ethnicity: str
    id_type: str
    id_type_label: str
    id_number_masked: str
    has_id: bool
    phone: str
    address: str
    household_registration: str
    occupation: str
    employer: str
    special_groups: tuple[str, ...]
    special_group_labels: tuple[str, ...]


def person_info(person: Person) -> PersonInfo:
    groups = tuple(person.special_groups or ())
    return PersonInfo(
        id=person.id, name=person.name, sex=person.sex, sex_label=Sex.label_of(person.sex),
        birth_date=person.birth_date, ethnicity=person.ethnicity, id_type=person.id_type,
        id_type_label=DocumentType.label_of(person.id_type),
        id_number_masked=mask_id_number(person.id_number or ""),
        has_id=bool(person.id_number), phone=person.phone, address=person.address,
        household_registration=person.household_registration, occupation=person.occupation,
        employer=person.employer, special_groups=groups,
        special_group_labels=tuple(SpecialGroup.label_of(g) for g in groups),
    )


@dataclass(frozen=True)
class HistoryItem:
    record_type: str
    record_id: str
    number: str
    date: date
    role_label: str
    status_label: str
    summary: str
    voided: bool = False


@dataclass(frozen=True)
class PersonHistory:
    person: PersonInfo
    items: list[HistoryItem] = field(default_factory=list)
    #: Set when the person was voided.
    void: VoidInfo | None = None


def _short(text: str, length: int = _SUMMARY_LEN) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + ELIDED


def person_history(db: Database, person_id: str) -> PersonHistory:
    """The person and every consultation, case and aid application they appear in (voided
    ones too, marked), newest first."""
    with db.read() as session:
        person = session.get(Person, person_id)
        if person is None:
            raise NotFound("找不到该当事人")
        info = person_info(person)
        items: list[HistoryItem] = []
        for row in session.execute(
            select(Consultation.id, Consultation.number, Consultation.occurred_at,
                   Consultation.topic, Consultation.question, Consultation.handling_result,
                   Consultation.voided_at)
            .where(Consultation.person_id == person_id)
        ):
            items.append(HistoryItem(
                record_type="consultation", record_id=row.id, number=row.number,
                date=row.occurred_at.astimezone().date(), role_label=CONSULTANT_ROLE,
                status_label=HandlingResult.label_of(row.handling_result),
                summary=f"{ConsultationTopic.label_of(row.topic)}：{_short(row.question)}",
                voided=row.voided_at is not None,
            ))
        case_rows = session.execute(
            select(MediationCase.id, MediationCase.number, MediationCase.registered_on,
                   MediationCase.dispute_type, MediationCase.status, MediationParty.role,
                   MediationCase.voided_at)
            .join(MediationParty, MediationParty.case_id == MediationCase.id)
            .where(MediationParty.person_id == person_id)
        ).all()
        titles = party_titles(session, [r.id for r in case_rows])
        for row in case_rows:
            items.append(HistoryItem(
                record_type="mediation_case", record_id=row.id, number=row.number,
                date=row.registered_on, role_label=PartyRole.label_of(row.role),
                status_label=MediationStatus.label_of(row.status),
                summary=titles.get(row.id, ""),
                voided=row.voided_at is not None,
            ))
        for row in session.execute(
            select(AidReferral.id, AidReferral.number, AidReferral.applied_on,
                   AidReferral.matter, AidReferral.status, AidReferral.voided_at)
            .where(AidReferral.applicant_id == person_id)
        ):
            items.append(HistoryItem(
                record_type="aid_referral", record_id=row.id, number=row.number,
                date=row.applied_on, role_label=AID_APPLICANT_ROLE,
                status_label=AidStatus.label_of(row.status),
                summary=AidMatter.label_of(row.matter),
                voided=row.voided_at is not None,
            ))
        void = void_info(session, person)
    items.sort(key=lambda i: (i.date, i.number, i.record_id), reverse=True)
    return PersonHistory(person=info, items=items, void=void)


def full_id_number(db: Database, actor: Actor, person_id: str) -> str:
    """The person's full document number ("" if none), audited as ``view_id_number``.

    The audit entry commits in its own write transaction before the number is returned, so
    a number is never shown without a record of who saw it.
    """
    with UnitOfWork(db, actor) as uow:
        person = uow.session.get(Person, person_id)
        if person is None:
            raise NotFound("找不到该当事人")
        number = person.id_number or ""
        if not number:
            return ""
        uow.audit("view_id_number", "person", person.id, DocumentType.label_of(person.id_type))
        uow.commit()
        return number


@dataclass(frozen=True)
class Conflict:
    """An open case a prospective party is already in."""

    case_id: str
    number: str
    person_id: str
    person_name: str
    existing_role: str
    existing_role_label: str
    opposite_side: bool
    message: str
    #: Another of the given persons faces this person in the same open case already.
    duplicate_dispute: bool = False
    other_person_names: tuple[str, ...] = ()


_SIDES = {PartyRole.APPLICANT.value: 1, PartyRole.RESPONDENT.value: -1}


def _opposed(role_a: str, role_b: str) -> bool:
    """Applicant vs respondent (third parties oppose nobody)."""
    a, b = _SIDES.get(role_a), _SIDES.get(role_b)
    return a is not None and b is not None and a == -b


def conflicts(db: Database, person_ids: Sequence[str | None],
              roles: Sequence[str]) -> list[Conflict]:
    """Open cases (已登记/已受理/调解中) any of the given persons is already a party to.

    ``person_ids[i]`` would take role ``roles[i]`` in the new case (unsaved persons may be
    None and are skipped). ``opposite_side`` is set where the person stood on the other side
    (申请人 vs 被申请人) of the role they would take now, or where two of the given persons
    already face each other in that case (``duplicate_dispute``: likely the same dispute).
    Duplicate disputes come first, then other opposite-side ones, then by case number.
    """
    if len(person_ids) != len(roles):
        raise ValueError("person_ids and roles must have the same length")
    new_role: dict[str, str] = {}
    for pid, role in zip(person_ids, roles, strict=True):
        if pid and pid not in new_role:
            new_role[pid] = role
    if not new_role:
        return []
    with db.read() as session:
        rows = _open_party_rows(session, list(new_role))
    # case id → [(person id, name, existing role)], and case numbers
    in_case: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    numbers: dict[str, str] = {}
    for case_id, number, pid, name, role in rows:
        in_case[case_id].append((pid, name, role))
        numbers[case_id] = number
    result: list[Conflict] = []
    for case_id, members in in_case.items():
        number = numbers[case_id]
        for pid, name, role in members:
            facing = tuple(
                other_name for other_pid, other_name, other_role in members
                if other_pid != pid and _opposed(role, other_role)
            )
            role_flip = _opposed(role, new_role[pid])
            role_label = PartyRole.label_of(role)
            message = f"{name} 是未结案件{number}的{role_label}"
            if facing:
                message += (f"，与{'、'.join(facing)}已互为对方当事人，"
                            "请核实是否为同一纠纷重复申请")
            elif role_flip:
                message += f"，本次将作为{PartyRole.label_of(new_role[pid])}，双方立场相反"
            result.append(Conflict(
                case_id=case_id, number=number, person_id=pid, person_name=name,
                existing_role=role, existing_role_label=role_label,
                opposite_side=role_flip or bool(facing), message=message,
                duplicate_dispute=bool(facing), other_person_names=facing,
            ))
    result.sort(key=lambda c: (not c.duplicate_dispute, not c.opposite_side, c.number,
                               c.person_name))
    return result


def _open_party_rows(session: Session, person_ids: list[str]
                     ) -> list[tuple[str, str, str, str, str]]:
    rows: list[tuple[str, str, str, str, str]] = []
    for part in chunks(person_ids):
        rows += [
            (r.case_id, r.number, r.person_id, r.name, r.role)
            for r in session.execute(
                select(MediationParty.case_id, MediationCase.number, MediationParty.person_id,
                       Person.name, MediationParty.role)
                .join(MediationCase, MediationCase.id == MediationParty.case_id)
                .join(Person, Person.id == MediationParty.person_id)
                .where(MediationParty.person_id.in_(part),
                       MediationCase.status.in_(sorted(MEDIATION_OPEN)),
                       MediationCase.voided_at.is_(None))
                .order_by(MediationCase.year, MediationCase.seq, MediationParty.position)
            )
        ]
    return rows
