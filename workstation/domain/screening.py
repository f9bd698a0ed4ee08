"""Dispute screening and prevention (矛盾纠纷排查化解): coded values and the validated input.

A station records each screening it makes (排查): the day, the place, its kind (regular,
special, key period) and who took part; then the disputes it found: the parties, the dispute
type (the mediation case's ``DisputeType``), the risk level, and what happened to each
(mediated → linked to its case; referred to another body; resolved on the spot; still
watched). A dispute, or a mediation case, may carry a prevention indicator (防止民间纠纷引起
自杀 / 转化为刑事案件 / 群体性上访 / 群体性械斗): one dispute (件) and how many people (人).

Counting rules (statistics): 排查次数 = screenings held; 排查发现纠纷 = disputes they found;
预防纠纷 = found disputes resolved on the spot (化解在萌芽, never became a case); each 防止
indicator counts disputes and cases carrying it (a case counts only when no screened dispute
linked to it already carries an indicator, so one dispute is never counted twice).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from .enums import DisputeType, LabeledEnum
from .errors import ValidationError
from .validators import ErrorCollector, check_encodable, require_text

EARLIEST = date(1990, 1, 1)
#: Disputes one screening may list (a village sweep finds a handful; more is a typing loop).
MAX_DISPUTES = 50
#: People one prevention indicator may name (a group petition or fight can be large).
MAX_PREVENTION_PERSONS = 100_000
#: A watched dispute not reviewed for this many days shows on the dashboard.
WATCH_REVIEW_DAYS = 15


class ScreeningKind(LabeledEnum):
    REGULAR = "regular", "定期排查"
    SPECIAL = "special", "专项排查"
    KEY_PERIOD = "key_period", "重点时段排查"


class RiskLevel(LabeledEnum):
    ORDINARY = "ordinary", "一般"
    MAJOR = "major", "较大"
    SERIOUS = "serious", "重大"


class DisputeOutcome(LabeledEnum):
    """What happened to a dispute a screening found."""

    MEDIATED = "mediated", "已转入调解"
    REFERRED = "referred", "已移交处理"
    RESOLVED = "resolved", "当场化解"
    WATCHED = "watched", "持续关注"


class PreventionKind(LabeledEnum):
    """The prevention indicators of the monthly report (each counted in 件 and 人)."""

    SUICIDE = "suicide", "防止民间纠纷引起自杀"
    CRIMINAL = "criminal", "防止民间纠纷转化为刑事案件"
    GROUP_PETITION = "group_petition", "防止群体性上访"
    GROUP_FIGHT = "group_fight", "防止群体性械斗"


@dataclass(frozen=True)
class FoundDisputeInput:
    """One dispute of a screening, as the form or the command line hands it over.

    ``id`` names an existing dispute being edited (None: a new one)."""

    parties: str
    dispute_type: str
    risk_level: str = RiskLevel.ORDINARY.value
    summary: str = ""
    outcome: str = DisputeOutcome.WATCHED.value
    case_id: str | None = None
    referred_to: str = ""
    prevention_kind: str = ""
    prevention_persons: int = 0
    id: str | None = None


@dataclass(frozen=True)
class ScreeningInput:
    held_on: date
    place: str
    kind: str
    participants: str
    disputes: tuple[FoundDisputeInput, ...] = ()
    notes: str = ""

    def validated(self, today: date | None = None) -> ScreeningInput:
        """Normalised copy, or ``ValidationError`` naming every bad field."""
        day = today or date.today()
        errors = ErrorCollector()
        choice(errors, ScreeningKind, self.kind, "kind", "排查类型")
        if self.held_on is None:
            errors.add("held_on", "请填写排查日期")
        elif self.held_on > day:
            errors.add("held_on", "排查日期不能晚于今天")
        elif self.held_on < EARLIEST:
            errors.add("held_on", "排查日期过早，请核对")
        place = errors.check(require_text, self.place, "place", "排查地点", max_len=200)
        participants = errors.check(require_text, self.participants, "participants",
                                    "参加人员", max_len=500)
        notes = (self.notes or "").strip()
        if len(notes) > 4000:
            errors.add("notes", "排查情况不能超过4000个字")
        errors.check(check_encodable, notes, "notes", "排查情况")
        if len(self.disputes) > MAX_DISPUTES:
            errors.add("disputes", f"每次排查最多登记{MAX_DISPUTES}件纠纷")
        disputes = tuple(validated_dispute(errors, d, f"disputes[{i}].", f"第{i + 1}件纠纷：")
                         for i, d in enumerate(self.disputes))
        errors.raise_if_any()
        return replace(self, place=place or "", participants=participants or "", notes=notes,
                       disputes=disputes)


def validated_dispute(errors: ErrorCollector, d: FoundDisputeInput, prefix: str = "",
                      ordinal: str = "") -> FoundDisputeInput:
    """A normalised copy of one dispute; errors go to ``prefix``-ed fields, their messages
    start with ``ordinal`` ("第2件纠纷：") so a form listing several disputes says which."""
    errors = _Prefixed(errors, ordinal) if ordinal else errors
    parties = errors.check(require_text, d.parties, prefix + "parties", "纠纷当事人",
                           max_len=200)
    choice(errors, DisputeType, d.dispute_type, prefix + "dispute_type", "纠纷类型")
    choice(errors, RiskLevel, d.risk_level, prefix + "risk_level", "风险等级")
    choice(errors, DisputeOutcome, d.outcome, prefix + "outcome", "处置情况")
    summary = (d.summary or "").strip()
    if len(summary) > 2000:
        errors.add(prefix + "summary", "纠纷简要情况不能超过2000个字")
    errors.check(check_encodable, summary, prefix + "summary", "纠纷简要情况")
    referred_to = (d.referred_to or "").strip()
    case_id = d.case_id or None
    if d.outcome == DisputeOutcome.REFERRED:
        if not referred_to:
            errors.add(prefix + "referred_to", "已移交的纠纷请填写移交单位")
    else:
        referred_to = ""
    if d.outcome == DisputeOutcome.MEDIATED:
        if case_id is None:
            errors.add(prefix + "case_id", "已转入调解的纠纷请选择对应的调解案件")
    else:
        case_id = None
    kind, persons = validated_prevention(errors, d.prevention_kind, d.prevention_persons,
                                         prefix)
    return replace(d, parties=parties or "", summary=summary, referred_to=referred_to,
                   case_id=case_id, prevention_kind=kind, prevention_persons=persons)


class _Prefixed(ErrorCollector):
    """Adds to ``inner`` with every message prefixed."""

    def __init__(self, inner: ErrorCollector, prefix: str) -> None:
        super().__init__()
        self.inner, self.prefix = inner, prefix

    def add(self, field: str, message: str) -> None:
        self.inner.add(field, self.prefix + message)

    def check(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except ValidationError as exc:
            for error in exc.errors:
                self.add(error.field, error.message)
            return None


def validated_prevention(errors: ErrorCollector, kind: str | None, persons: int | None,
                         prefix: str = "") -> tuple[str, int]:
    """(kind, persons) of a prevention indicator; no kind → ("", 0)."""
    if not kind:
        return "", 0
    choice(errors, PreventionKind, kind, prefix + "prevention_kind", "预防类别")
    if isinstance(persons, bool) or not isinstance(persons, int):
        errors.add(prefix + "prevention_persons", "涉及人数应为整数")
        return kind, 0
    if persons < 1:
        errors.add(prefix + "prevention_persons", "请填写防止激化所涉及的人数（至少1人）")
    elif persons > MAX_PREVENTION_PERSONS:
        errors.add(prefix + "prevention_persons", "涉及人数过大，请核对")
    return kind, persons


def choice(errors: ErrorCollector, enum: type[LabeledEnum], value: str | None, name: str,
           label: str) -> None:
    if not value:
        errors.add(name, f"请选择{label}")
        return
    try:
        enum(value)
    except ValueError:
        errors.add(name, f"{label}的取值“{value}”无效")


@dataclass(frozen=True)
class PreventionInput:
    """A mediation case's prevention indicator as a dialog hands it over (no kind: none)."""

    kind: str = ""
    persons: int = 0

    def validated(self, today: date | None = None) -> PreventionInput:
        errors = ErrorCollector()
        kind, persons = validated_prevention(errors, self.kind, self.persons)
        errors.raise_if_any()
        return PreventionInput(kind, persons)
