"""Persons: reused across records, found by ID number, name or pinyin initials."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from workstation.domain.errors import ValidationError
from workstation.domain.identity import mask_id_number, normalize_id_number, upgrade_15_to_18
from workstation.domain.inputs import PersonInput
from workstation.domain.pinyin import looks_like_pinyin_query, search_text
from workstation.storage.engine import Database
from workstation.storage.models import Person

from .context import NotFound, UnitOfWork
from .voiding import reinstate_person

_UPDATABLE = ("sex", "birth_date", "ethnicity", "phone", "address", "household_registration",
              "occupation", "employer")
#: How the audit entry of a refreshed person names the fields that changed.
_FIELD_LABELS = {"sex": "性别", "birth_date": "出生日期", "ethnicity": "民族", "phone": "联系电话",
                 "address": "住址", "household_registration": "户籍", "occupation": "职业",
                 "employer": "工作单位", "special_groups": "特殊群体", "name": "姓名"}


@dataclass(frozen=True)
class PersonSummary:
    id: str
    name: str
    sex: str | None
    birth_date: date | None
    id_number_masked: str
    phone: str


def summarize(person: Person) -> PersonSummary:
    return PersonSummary(person.id, person.name, person.sex, person.birth_date,
                         mask_id_number(person.id_number or ""), person.phone)


def find_by_document(session: Session, id_type: str, id_number: str) -> Person | None:
    return session.scalars(
        select(Person).where(Person.id_type == id_type, Person.id_number == id_number)
    ).first()


def resolve_person(uow: UnitOfWork, person_id: str | None, data: PersonInput | None) -> str | None:
    """Id of the person a record refers to, creating or refreshing the row as needed.

    A person with a document number is reused: the newest non-empty details replace the old
    ones (a citizen's phone or address changes), special groups accumulate.
    """
    session = uow.session
    if person_id:
        chosen = session.get(Person, person_id)
        if chosen is None:
            raise NotFound("找不到所选的当事人，请重新选择")
        reinstate_person(uow, chosen, "新记录选用了该当事人")
        return person_id
    if data is None:
        return None
    assert uow.actor is not None
    existing = (
        find_by_document(session, data.id_type, data.id_number) if data.id_number else None
    )
    if existing is not None:
        changed: list[str] = []
        for name in _UPDATABLE:
            value = getattr(data, name)
            if value not in (None, "") and getattr(existing, name) != value:
                setattr(existing, name, value)
                changed.append(name)
        groups = list(dict.fromkeys([*existing.special_groups, *data.special_groups]))
        if groups != existing.special_groups:
            existing.special_groups = groups
            changed.append("special_groups")
        if existing.name != data.name:
            existing.name = data.name
            existing.name_keys = search_text(data.name)
            changed.append("name")
        reinstate_person(uow, existing, "以同一证件号码再次登记")
        session.flush()
        if changed:
            uow.audit("update", "person", existing.id,
                      "更新：" + "、".join(_FIELD_LABELS[c] for c in changed))
        return existing.id
    person = Person(
        station_id=uow.actor.station_id, name=data.name, name_keys=search_text(data.name),
        sex=data.sex, birth_date=data.birth_date, ethnicity=data.ethnicity, id_type=data.id_type,
        id_number=data.id_number, phone=data.phone, address=data.address,
        household_registration=data.household_registration, occupation=data.occupation,
        employer=data.employer, special_groups=list(data.special_groups),
    )
    session.add(person)
    session.flush()
    uow.audit("create", "person", person.id)
    return person.id


_ID_LIKE = re.compile(r"^[0-9]{3,17}[0-9Xx]?$")


def _as_18(number: str) -> str:
    if len(number) != 15:
        return number
    try:
        return upgrade_15_to_18(number)
    except ValidationError:
        return number


def find_persons(db: Database, query: str, *, limit: int = 50) -> list[PersonSummary]:
    """Persons matching a full ID number, its last digits, pinyin initials or a name part
    (voided persons are left out)."""
    q = query.strip()
    if not q:
        return []
    with db.read() as session:
        stmt = select(Person).where(Person.voided_at.is_(None))
        if _ID_LIKE.match(q):
            number = normalize_id_number(q)
            if len(number) in (15, 18):
                # Numbers are stored in 18 digits; an old 15-digit one finds its upgrade too.
                stmt = stmt.where(Person.id_number.in_({number, _as_18(number)}))
            else:
                stmt = stmt.where(or_(Person.id_number.like(f"%{number}"),
                                      Person.phone.like(f"%{number}%")))
        elif looks_like_pinyin_query(q):
            key = q.lower()
            stmt = stmt.where(or_(Person.name_keys.like(f"{key}%"),
                                  Person.name_keys.like(f"% {key}%")))
        else:
            stmt = stmt.where(Person.name.like(f"%{q}%"))
        rows = session.scalars(stmt.order_by(Person.name).limit(limit)).all()
        return [summarize(p) for p in rows]


def get_person(db: Database, person_id: str) -> Person:
    with db.read() as session:
        person = session.get(Person, person_id)
    if person is None:
        raise NotFound("找不到该当事人")
    return person
