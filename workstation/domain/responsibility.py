"""首问负责 (first-inquiry responsibility) as a workflow: who first received a matter, who
handles it now, and the hand-overs (转办/移交) between them.

The first receiver (首问责任人) of a consultation, a mediation case, an aid referral (and of
any record kind that declares itself in ``services.responsibility.KINDS``) is fixed when the
record is registered. The current handler (当前承办人) changes only when a hand-over is
accepted: until then the sender stays accountable. A hand-over goes to another operator of
the station (who accepts or declines it on the workbench), or outside — another station, the
county center, an agency of the 服务指引 directory — where it is accepted by recording who
confirmed receipt and when.

Pure rules and vocabulary: no storage, no Qt.
"""

from __future__ import annotations

from datetime import date, datetime

from .deadlines import add_working_days
from .enums import HandlingResult, LabeledEnum

#: Working days a consultation not answered on the spot may take to be answered or handed
#: over, unless the admin sets another number (设置 page; ``station.consultation_days``).
DEFAULT_CONSULTATION_DAYS = 5
#: Bounds of the admin's setting.
MIN_CONSULTATION_DAYS, MAX_CONSULTATION_DAYS = 1, 30
#: Longest reason / confirmation texts.
MAX_REASON = 500
MAX_NAME = 100


class HandoverTarget(LabeledEnum):
    """Where a matter is handed over to (移交去向)."""

    OPERATOR = "operator", "本站工作人员"
    STATION = "station", "其他工作站"
    COUNTY = "county", "县级中心"
    AGENCY = "agency", "服务指引机构"


class HandoverStatus(LabeledEnum):
    PENDING = "pending", "待接收"
    ACCEPTED = "accepted", "已接收"
    DECLINED = "declined", "已退回"


class LinkKind(LabeledEnum):
    """What a consultation led to (stored link; shown on both records)."""

    MEDIATION = "mediation_case", "转人民调解"
    AID = "aid_referral", "转法律援助"


#: Handling results that hand the citizen on: the consultation is settled once it is linked
#: to the record it led to (mediation, aid) or the hand-over is accepted (other department).
NEEDS_FOLLOW_THROUGH: frozenset[str] = frozenset({
    HandlingResult.TO_MEDIATION, HandlingResult.TO_LEGAL_AID,
    HandlingResult.TO_OTHER_DEPARTMENT,
})


def consultation_due(received: date, working_days: int) -> date:
    """Last day to answer or hand over a consultation received on ``received``."""
    return add_working_days(received, max(MIN_CONSULTATION_DAYS, working_days))


def check_consultation_days(days: int) -> str | None:
    """A message for an out-of-range admin setting, None when it is fine."""
    if not MIN_CONSULTATION_DAYS <= days <= MAX_CONSULTATION_DAYS:
        return (f"咨询答复时限应为 {MIN_CONSULTATION_DAYS} 至 {MAX_CONSULTATION_DAYS} "
                "个工作日")
    return None


def check_handover(target: str, *, same_operator: bool, to_name: str, reason: str) -> list[str]:
    """Messages for a hand-over that cannot be recorded (empty list: fine)."""
    errors: list[str] = []
    try:
        kind = HandoverTarget(target)
    except ValueError:
        return ["请选择移交去向"]
    if kind == HandoverTarget.OPERATOR and same_operator:
        errors.append("不能移交给当前承办人本人")
    if kind != HandoverTarget.OPERATOR and not to_name.strip():
        errors.append(f"请填写接收的{kind.label}名称")
    if len(to_name.strip()) > MAX_NAME:
        errors.append(f"接收方名称不能超过 {MAX_NAME} 字")
    if not reason.strip():
        errors.append("请填写移交原因")
    elif len(reason.strip()) > MAX_REASON:
        errors.append(f"移交原因不能超过 {MAX_REASON} 字")
    return errors


def _when(value: datetime | None) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value is not None else ""


def handover_sentence(*, handed_at: datetime | None, from_name: str, to_name: str,
                      target: str, reason: str, status: str, decided_by: str = "",
                      decided_at: datetime | None = None, decline_reason: str = "") -> str:
    """One hand-over in a sentence: when, from whom to whom, why, and its outcome (who
    accepted, declined or confirmed it, and when) — as the station's record pages and the
    county's record view say it."""
    text = (f"{_when(handed_at)} {from_name} → {to_name}（{HandoverTarget.label_of(target)}）"
            f"：{reason}；{HandoverStatus.label_of(status)}")
    if status != HandoverStatus.PENDING and decided_by:
        text += f"（{decided_by}，{_when(decided_at)}）"
    if decline_reason:
        text += f"，原因：{decline_reason}"
    return text
