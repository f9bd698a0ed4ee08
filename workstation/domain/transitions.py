"""Allowed status transitions of mediation cases and aid referrals."""

from __future__ import annotations

from .enums import AidStatus, MediationStatus
from .errors import ValidationError

_M = MediationStatus
MEDIATION_TRANSITIONS: dict[MediationStatus, tuple[MediationStatus, ...]] = {
    _M.REGISTERED: (_M.ACCEPTED, _M.TERMINATED),
    _M.ACCEPTED: (_M.MEDIATING, _M.TERMINATED),
    _M.MEDIATING: (_M.AGREED, _M.FAILED, _M.TERMINATED),
    _M.AGREED: (_M.FOLLOWED_UP,),
    _M.FAILED: (_M.ARCHIVED,),
    _M.TERMINATED: (_M.ARCHIVED,),
    _M.FOLLOWED_UP: (_M.ARCHIVED,),
    _M.ARCHIVED: (),
}

#: Statuses in which a mediation case still counts against its one-month limit.
MEDIATION_OPEN = frozenset({_M.REGISTERED, _M.ACCEPTED, _M.MEDIATING})
#: Statuses that conclude the mediation itself (the time limit is met or missed here).
MEDIATION_CONCLUDED = frozenset({_M.AGREED, _M.FAILED, _M.TERMINATED})

_A = AidStatus
AID_TRANSITIONS: dict[AidStatus, tuple[AidStatus, ...]] = {
    _A.DRAFT: (_A.FORWARDED, _A.CLOSED),
    _A.FORWARDED: (_A.RECEIVED, _A.GRANTED, _A.DENIED),
    _A.RECEIVED: (_A.GRANTED, _A.DENIED),
    _A.GRANTED: (_A.CLOSED,),
    _A.DENIED: (_A.CLOSED,),
    _A.CLOSED: (),
}

#: Reasons are required when a change ends a matter without its normal outcome.
REASON_REQUIRED = frozenset({_M.TERMINATED, _M.FAILED})


def allowed_mediation_targets(current: str) -> tuple[MediationStatus, ...]:
    """Statuses a case in ``current`` may move to, in the order to offer them."""
    return MEDIATION_TRANSITIONS[MediationStatus(current)]


def allowed_aid_targets(current: str) -> tuple[AidStatus, ...]:
    """Statuses a referral in ``current`` may move to."""
    return AID_TRANSITIONS[AidStatus(current)]


def check_mediation_transition(current: str, target: str, reason: str | None = None) -> None:
    """Raise ValidationError unless ``current → target`` is an allowed case transition."""
    cur, tgt = MediationStatus(current), MediationStatus(target)
    if tgt not in MEDIATION_TRANSITIONS[cur]:
        raise ValidationError.single(
            "status", f"案件状态不能从“{cur.label}”变更为“{tgt.label}”"
        )
    if tgt in REASON_REQUIRED and not (reason or "").strip():
        raise ValidationError.single("reason", f"变更为“{tgt.label}”需要填写原因")


def check_aid_transition(current: str, target: str) -> None:
    """Raise ValidationError unless ``current → target`` is an allowed referral transition."""
    cur, tgt = AidStatus(current), AidStatus(target)
    if tgt not in AID_TRANSITIONS[cur]:
        raise ValidationError.single(
            "status", f"援助申请状态不能从“{cur.label}”变更为“{tgt.label}”"
        )
