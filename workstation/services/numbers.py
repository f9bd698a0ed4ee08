"""Next serial numbers, taken inside the writing transaction (BEGIN IMMEDIATE holds the lock)."""

from __future__ import annotations

from functools import cache

from sqlalchemy import Select, bindparam, func, select

from workstation.domain.numbering import NumberKind, format_number
from workstation.storage.models import (
    AidReferral,
    Consultation,
    MediationCase,
    PublicityActivity,
    Screening,
    Station,
)

from .context import NotFound, UnitOfWork

_TABLES = {
    NumberKind.CONSULTATION: Consultation,
    NumberKind.MEDIATION: MediationCase,
    NumberKind.AID_REFERRAL: AidReferral,
    NumberKind.PUBLICITY: PublicityActivity,
    NumberKind.SCREENING: Screening,
}


@cache
def _query(kind: NumberKind) -> Select[tuple[str, int | None]]:
    """The station's case prefix and the highest seq of ``kind`` in a year (one statement)."""
    table = _TABLES[kind]
    last = (select(func.max(table.seq))
            .where(table.station_id == bindparam("station"), table.year == bindparam("year"))
            .scalar_subquery())
    return select(Station.case_prefix, last).where(Station.id == bindparam("station"))


def next_number(uow: UnitOfWork, station_id: str, kind: NumberKind,
                year: int) -> tuple[int, str]:
    """(seq, formatted number) of the next record of ``kind`` in ``year``."""
    row = uow.connection.execute(_query(kind), {"station": station_id, "year": year}).first()
    if row is None:
        raise NotFound("找不到本工作站的设置，请重新初始化")
    prefix, last = row
    seq = (last or 0) + 1
    return seq, format_number(kind, prefix, year, seq)
