"""Persons: reused across records, found by ID number, name or pinyin initials."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, Row, bindparam, or_, select

from workstation.domain.errors import ValidationError
from workstation.domain.identity import mask_id_number, normalize_id_number, upgrade_15_to_18
from workstation.domain.inputs import PersonInput
from workstation.domain.pinyin import looks_like_pinyin_query, search_text
from workstation.storage.engine import Database
from workstation.storage.models import Person

from .context import NotFound, UnitOfWork

_UPDATABLE = ("sex", "birth_date", "ethnicity", "phone", "address", "household_registration",
              "occupation", "employer")
#: How the audit entry of a refreshed person names the fields that changed.
FIELD_LABELS = {"sex": "性别", "birth_date": "出生日期", "ethnicity": "民族", "phone": "联系电话",
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


_REFRESHED = ("id", "name", *_UPDATABLE, "special_groups", "voided_at", "void_reason")
_BY_DOCUMENT = (
    select(*(Person.__table__.c[c] for c in _REFRESHED))  # type: ignore[attr-defined]
    .where(Person.id_type == bindparam("id_type"), Person.id_number == bindparam("id_number"))
    .limit(1)
)
_EXISTS = select(Person.id, Person.voided_at, Person.void_reason).where(
    Person.id == bindparam("id"))


def find_by_document(connection: Connection, id_type: str, id_number: str) -> Row[Any] | None:
    """The person holding this document: id, name, the details a new record may refresh."""
    return connection.execute(
        _BY_DOCUMENT, {"id_type": id_type, "id_number": id_number}).first()


def resolve_person(uow: UnitOfWork, person_id: str | None, data: PersonInput | None) -> str | None:
    """Id of the person a record refers to, creating or refreshing the row as needed.

    A person with a document number is reused: the newest non-empty details replace the old
    ones (a citizen's phone or address changes), special groups accumulate.
    """
    connection = uow.connection
    if person_id:
        chosen = connection.execute(_EXISTS, {"id": person_id}).first()
        if chosen is None:
            raise NotFound("找不到所选的当事人，请重新选择")
        _reinstate(uow, chosen, "新记录选用了该当事人")
        return person_id
    if data is None:
        return None
    assert uow.actor is not None
    existing = (
        find_by_document(connection, data.id_type, data.id_number) if data.id_number else None
    )
    if existing is not None:
        changes: dict[str, object] = {}
        for name in _UPDATABLE:
            value = getattr(data, name)
            if value not in (None, "") and getattr(existing, name) != value:
                changes[name] = value
        groups = list(dict.fromkeys([*existing.special_groups, *data.special_groups]))
        if groups != existing.special_groups:
            changes["special_groups"] = groups
        if existing.name != data.name:
            changes["name"] = data.name
            changes["name_keys"] = search_text(data.name)
        changed = [FIELD_LABELS[c] for c in changes if c in FIELD_LABELS]
        uow.update(Person, existing.id, **changes)
        _reinstate(uow, existing, "以同一证件号码再次登记")
        if changed:
            uow.audit("update", "person", existing.id, "更新：" + "、".join(changed))
        return existing.id
    row = uow.insert(
        Person, station_id=uow.actor.station_id, name=data.name,
        name_keys=search_text(data.name), sex=data.sex, birth_date=data.birth_date,
        ethnicity=data.ethnicity, id_type=data.id_type, id_number=data.id_number,
        phone=data.phone, address=data.address,
        household_registration=data.household_registration, occupation=data.occupation,
        employer=data.employer, special_groups=list(data.special_groups),
    )
    uow.audit("create", "person", row["id"])
    return row["id"]


def _reinstate(uow: UnitOfWork, person: Row[Any], why: str) -> None:
    """Clear a voided person's void because a new record names them (audited, in the
    caller's transaction): the citizen evidently exists."""
    if person.voided_at is None:
        return
    uow.update(Person, person.id, voided_at=None, voided_by=None, void_reason=None)
    uow.audit("reinstate", "person", person.id,
              f"{why}（原作废原因：{person.void_reason or ''}）")


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
