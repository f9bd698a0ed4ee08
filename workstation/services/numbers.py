"""Next serial numbers, taken inside the writing transaction (BEGIN IMMEDIATE holds the lock)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workstation.domain.numbering import NumberKind, format_number
from workstation.storage.models import (
    AidReferral,
    Consultation,
    MediationCase,
    PublicityActivity,
    Station,
)

_TABLES = {
    NumberKind.CONSULTATION: Consultation,
    NumberKind.MEDIATION: MediationCase,
    NumberKind.AID_REFERRAL: AidReferral,
    NumberKind.PUBLICITY: PublicityActivity,
}


def next_number(session: Session, station: Station, kind: NumberKind, year: int) -> tuple[int, str]:
    """(seq, formatted number) of the next record of ``kind`` in ``year``."""
    table = _TABLES[kind]
    last = session.scalar(
        select(func.max(table.seq)).where(table.station_id == station.id, table.year == year)
    )
    seq = (last or 0) + 1
    return seq, format_number(kind, station.case_prefix, year, seq)
