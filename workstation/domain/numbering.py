"""Serial and case numbers as printed on forms."""

from __future__ import annotations

from enum import StrEnum


class NumberKind(StrEnum):
    CONSULTATION = "consultation"
    MEDIATION = "mediation"
    AID_REFERRAL = "aid_referral"
    PUBLICITY = "publicity"
    SCREENING = "screening"


_WORD = {
    NumberKind.CONSULTATION: "咨",
    NumberKind.MEDIATION: "调",
    NumberKind.AID_REFERRAL: "援转",
    NumberKind.PUBLICITY: "宣",
    NumberKind.SCREENING: "排",
}


def format_number(kind: NumberKind, prefix: str, year: int, seq: int) -> str:
    """Format a record number, e.g. ``〔2026〕海调字第0001号``.

    ``prefix`` is the station's case-number prefix such as ``海调``; its leading characters
    before the kind word (``海``) abbreviate the station and are reused for every kind.
    """
    station = prefix[:-1] if prefix.endswith("调") and len(prefix) > 1 else prefix
    return f"〔{year}〕{station}{_WORD[kind]}字第{seq:04d}号"
