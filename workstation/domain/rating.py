"""Citizens' ratings of the service (群众评价) and the review of a 不满意 (issue 17, item 3).

A rating is its own record: which record it rates (a consultation, a mediation case, a legal
aid application), the value (``enums.Satisfaction``: 满意 / 基本满意 / 不满意), who gave it
(``RatingSource``: the citizen on the rating screen or on a returned slip, a follow-up visit,
or an operator entering it for the citizen), how (``RatingMethod``), optional reasons, when
and who entered it. Only the citizens' own ratings make the satisfaction rate; the other
sources are shown beside it.

A 不满意 opens a review task (``rating_review``) for the station's admin, due
``REVIEW_WORKING_DAYS`` working days after the rating.
"""

from __future__ import annotations

from datetime import date

from .deadlines import add_working_days
from .enums import LabeledEnum, Satisfaction

#: Working days the admin has to review a 不满意 (reason, action taken, citizen contacted).
REVIEW_WORKING_DAYS = 5
#: Longest free-text comment kept with a rating or a review field.
MAX_TEXT = 500


class RatingSource(LabeledEnum):
    """Who gave the rating. Only ``CITIZEN`` makes the satisfaction rate."""

    CITIZEN = "citizen", "群众自评"
    VISIT = "visit", "回访"
    STAFF = "staff", "工作人员代录"


class RatingMethod(LabeledEnum):
    """How the rating reached the register."""

    SCREEN = "screen", "评价屏"
    SLIP = "slip", "回收评价单"
    VISIT = "visit", "回访记录"
    ENTERED = "entered", "登记时录入"


#: The source each method implies (a returned slip is the citizen's own word).
METHOD_SOURCE: dict[str, str] = {
    RatingMethod.SCREEN: RatingSource.CITIZEN,
    RatingMethod.SLIP: RatingSource.CITIZEN,
    RatingMethod.VISIT: RatingSource.VISIT,
    RatingMethod.ENTERED: RatingSource.STAFF,
}


class RatingReason(LabeledEnum):
    """Optional reasons a citizen may tick (the first three praise, the rest complain)."""

    CLEAR = "clear", "讲解清楚"
    FRIENDLY = "friendly", "态度热情"
    QUICK = "quick", "办理及时"
    UNCLEAR = "unclear", "没有讲清楚"
    ATTITUDE = "attitude", "态度不好"
    SLOW = "slow", "等待时间长"
    UNSOLVED = "unsolved", "问题没有解决"


#: Reasons offered with each value on the rating screen.
POSITIVE_REASONS = (RatingReason.CLEAR, RatingReason.FRIENDLY, RatingReason.QUICK)
NEGATIVE_REASONS = (RatingReason.UNCLEAR, RatingReason.ATTITUDE, RatingReason.SLOW,
                    RatingReason.UNSOLVED)

#: Records a citizen can rate (record type → Chinese name on the screen and the slip).
RATED_RECORDS: dict[str, str] = {
    "consultation": "法律咨询",
    "mediation_case": "人民调解",
    "aid_referral": "法律援助申请",
}

SATISFIED_VALUES = frozenset({Satisfaction.SATISFIED.value, Satisfaction.FAIRLY.value})


def is_satisfied(value: str | None) -> bool:
    """满意 and 基本满意 count as satisfied (满意率 = these ÷ rated)."""
    return value in SATISFIED_VALUES


def needs_review(value: str | None) -> bool:
    return value == Satisfaction.DISSATISFIED


def review_due(rated_on: date) -> date:
    """The day a 不满意 rated on ``rated_on`` must be reviewed by."""
    return add_working_days(rated_on, REVIEW_WORKING_DAYS)


def check_rating(record_type: str, value: str, source: str, method: str,
                 reasons: list[str] | tuple[str, ...]) -> list[str]:
    """Chinese messages for what is wrong with a rating (empty when it is fine)."""
    errors: list[str] = []
    if record_type not in RATED_RECORDS:
        errors.append("这类记录不能评价")
    if value not in {s.value for s in Satisfaction}:
        errors.append("请选择满意、基本满意或不满意")
    if source not in {s.value for s in RatingSource}:
        errors.append("评价来源不正确")
    if method not in {m.value for m in RatingMethod}:
        errors.append("评价方式不正确")
    elif source in {s.value for s in RatingSource} and METHOD_SOURCE[method] != source:
        errors.append(f"“{RatingMethod.label_of(method)}”的评价来源应为"
                      f"“{RatingSource.label_of(METHOD_SOURCE[method])}”")
    known = {r.value for r in RatingReason}
    if any(r not in known for r in reasons):
        errors.append("评价理由不正确")
    return errors
