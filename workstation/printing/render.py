"""Render one registered document of one record to PDF bytes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from workstation.storage.engine import Database

from . import fonts
from .registry import DocumentData, NotPrintable, StationInfo, agent_key, get_spec, refusal


@dataclass(frozen=True)
class RenderedDocument:
    key: str
    title: str
    record_type: str
    record_id: str
    number: str
    pdf: bytes
    sha256: str
    pages: int
    #: Characters no available font has a glyph for (printed as 〓, never silently blank).
    missing_chars: tuple[str, ...]


def station_info(station: Any, committee: str = "") -> StationInfo:
    """What documents print about the station; ``committee`` is the issuing people's mediation
    committee of a mediation case's documents (``issuing_committee``)."""
    if isinstance(station, StationInfo):
        return replace(station, committee=committee) if committee else station
    name = getattr(station, "name", "") or ""
    return StationInfo(
        id=getattr(station, "id", "") or "", name=name, phone=getattr(station, "phone", "") or "",
        address=getattr(station, "address", "") or "",
        county_center=getattr(station, "county_center", "") or "",
        committee=committee,
    )


def issuing_committee(detail: Any) -> str:
    """The name (exactly as on its seal) of the committee that issues a mediation case's
    documents: the case's own committee (``CaseDetail.committee_name``). Refuses to print a
    case without one rather than guess a name from the station's."""
    name = str(getattr(detail, "committee_name", "") or "")
    if not name:
        raise NotPrintable("该案件没有所属的人民调解委员会，请先在案件中选择调解委员会")
    return name


def load_detail(db: Database, record_type: str, record_id: str, today: date) -> Any:
    from workstation.services import records

    if record_type == "mediation_case":
        return records.load_case(db, record_id, today=today)
    if record_type == "aid_referral":
        return records.load_referral(db, record_id, today=today)
    if record_type == "consultation":
        return records.load_consultation(db, record_id)
    if record_type == "work_order":
        from workstation.services.work_orders import load_order

        return load_order(db, record_id, today=today)
    raise ValueError(record_type)


def render(db: Database, key: str, record_id: str, *, station: Any = None,
           operator_name: str = "", today: date | None = None) -> RenderedDocument:
    """Render document ``key`` for the record ``record_id`` (a UUID).

    Raises ``NotFound`` for a missing record and ``NotPrintable`` when it does not fit the form.
    """
    from .layout import verification_code

    spec = get_spec(key)
    day = today or date.today()
    if station is None:
        from workstation.services.stations import get_station

        station = get_station(db)
    detail = load_detail(db, spec.record_type, record_id, day)
    reason = refusal(spec, detail)
    if reason:
        raise NotPrintable(reason)
    first_receiver, handler = _responsible(db, spec.record_type, detail.id)
    committee = issuing_committee(detail) if spec.record_type == "mediation_case" else ""
    info = station_info(station, committee)
    version = int(getattr(detail, "version", 1))
    number = detail.number
    data = DocumentData(
        key=spec.key, title=spec.title, record_type=spec.record_type, record_id=detail.id,
        number=number, detail=detail, station=info,
        operator_name=operator_name or handler or _default_operator(detail), today=day,
        version=version, first_receiver=first_receiver, handler=handler,
        verification=verification_code(spec.key, detail.id, number, version),
        full_id_numbers=_full_id_numbers(db, detail) if spec.full_ids else {},
    )
    with fonts.collect_missing() as missing:
        pdf, pages = _build(spec.page, spec.build, data)
    return RenderedDocument(
        key=spec.key, title=spec.title, record_type=spec.record_type, record_id=detail.id,
        number=number, pdf=pdf, sha256=hashlib.sha256(pdf).hexdigest(),
        pages=pages, missing_chars=tuple(sorted(missing)),
    )


def _full_id_numbers(db: Database, detail: Any) -> dict[str, str]:
    """Full document numbers of the persons a detail snapshot names (applicant, parties)."""
    from sqlalchemy import select

    from workstation.storage.models import Person

    people = [getattr(detail, "applicant", None), getattr(detail, "person", None)]
    people += [getattr(p, "person", None) for p in getattr(detail, "parties", ())]
    ids = {p.id for p in people if p is not None and getattr(p, "has_id", False)}
    agent = bool(getattr(detail, "agent_id_number_masked", ""))
    if not ids and not agent:
        return {}
    with db.read() as session:
        rows = session.execute(select(Person.id, Person.id_number).where(Person.id.in_(ids)))
        out = {pid: number for pid, number in rows if number}
        if agent:  # a legal aid applicant's agent (key: agent_key(referral id))
            from workstation.storage.models import AidReferral

            number = session.scalar(select(AidReferral.agent_id_number)
                                    .where(AidReferral.id == detail.id))
            if number:
                out[agent_key(detail.id)] = number
        return out


def _build(page: str, build: Any, data: DocumentData) -> tuple[bytes, int]:
    from .layout import PAGE_RECEIPT, build_a4, build_receipt

    if page == PAGE_RECEIPT:
        return build_receipt(lambda: build(data), data)
    return build_a4(build(data), data)


def _responsible(db: Database, record_type: str, record_id: str) -> tuple[str, str]:
    """(首问责任人, 当前承办人) names of a record; the handler is the first receiver again
    once the matter left the station (the station's accountable person)."""
    from workstation.services import responsibility

    if record_type not in responsibility.KINDS:
        return "", ""
    view = responsibility.load_responsibility(db, record_type, record_id)
    handler = view.handler_name if view.handler_id else view.first_receiver_name
    return view.first_receiver_name, handler


def _default_operator(detail: Any) -> str:
    return str(getattr(detail, "operator_name", "") or getattr(detail, "mediator_name", "") or "")
