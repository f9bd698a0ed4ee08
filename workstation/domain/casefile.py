"""The case file (卷宗) of a mediation case beyond registration, sessions and agreement: the
notice of rights and duties, investigations, the court's judicial-confirmation result,
supervision of performance (督促履行, People's Mediation Law art. 31), the feedback letter to a
referring body, and the retention period of the filed case.

Coded values, the rule of which step a case allows, and the inputs of those steps (with their
Chinese validation messages) live here: one home for the case file's vocabulary.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from .enums import CaseSource, LabeledEnum, MediationStatus, Performance
from .inputs import EARLIEST
from .validators import ErrorCollector, check_encodable, require_text

S = MediationStatus


class StepKind(LabeledEnum):
    """Kinds of ``mediation_step`` rows (a dated step of the case file)."""

    RIGHTS_NOTICE = "rights_notice", "权利义务告知"
    INVESTIGATION = "investigation", "调查"
    SUPERVISION = "supervision", "督促履行"
    FEEDBACK = "feedback", "反馈函"


class NoticeManner(LabeledEnum):
    """How the rights and duties were made known (人民调解法 art. 23/24)."""

    WRITTEN = "written", "书面告知"
    ORAL = "oral", "口头告知"


class SupervisionManner(LabeledEnum):
    """督促履行方式."""

    PHONE = "phone", "电话督促"
    VISIT = "visit", "上门督促"
    MEETING = "meeting", "约见当事人"
    WRITTEN = "written", "书面督促"


class JudicialResult(LabeledEnum):
    """What the court did with the parties' joint application for judicial confirmation."""

    CONFIRMED = "confirmed", "裁定确认调解协议有效"
    REJECTED = "rejected", "裁定驳回申请"
    WITHDRAWN = "withdrawn", "申请人撤回申请"


#: Label of an agreement whose performance no follow-up has checked yet.
PERFORMANCE_UNCHECKED = "尚未核实"


def performance_label(status: str) -> str:
    """已履行 / 部分履行 / 未履行, or 尚未核实 before any follow-up or supervision."""
    return Performance.label_of(status) or PERFORMANCE_UNCHECKED


# --- the judicial confirmation, as statistics count it ----------------------------------

def judicial_state(applied: bool, result: str | None) -> str:
    """``none`` / ``applied`` (no result yet) / ``confirmed`` / ``rejected`` / ``withdrawn``.

    Statistics count "applied" as every agreement with ``judicial_confirmation_applied`` (its
    date ``judicial_confirmation_on``) and "confirmed" as ``judicial_result == "confirmed"``
    (its date ``judicial_result_on``), both columns of ``mediation_agreement``.
    """
    if result:
        return JudicialResult(result).value
    return "applied" if applied else "none"


def is_judicially_applied(applied: bool, result: str | None = None) -> bool:
    return applied or bool(result)


def is_judicially_confirmed(result: str | None) -> bool:
    return result == JudicialResult.CONFIRMED.value


# --- retention (保管期限) -----------------------------------------------------------------

#: The current scheme of retention periods for the files of judicial-administration work
#: (永久 / 30年 / 10年; the old 永久 / 长期 / 短期 is no longer used and must not be mixed in).
RETENTION_PERIODS = ("永久", "30年", "10年")


def retention_period(has_agreement: bool, judicially_confirmed: bool = False) -> str:
    """保管期限 of a mediation case file.

    A case ending in an agreement (or confirmed by a court) records rights and duties the
    parties may need to prove for years (a confirmed agreement can be enforced, and property,
    land and family arrangements outlive the ordinary ten years): 30年. A case without an
    agreement (不予受理, 终止, 调解不成) proves only that mediation took place: 10年. No mediation
    file is 永久, which is kept for the committee's own establishment records.
    """
    return "30年" if has_agreement or judicially_confirmed else "10年"


# --- which steps a case allows ----------------------------------------------------------

OPEN = (S.REGISTERED, S.ACCEPTED, S.MEDIATING)
WITH_AGREEMENT = (S.AGREED, S.FOLLOWED_UP)
CONCLUDED = (S.AGREED, S.FAILED, S.TERMINATED, S.FOLLOWED_UP)


@dataclass(frozen=True)
class CaseFacts:
    """What the step rules look at (a snapshot, not a row)."""

    status: str
    source: str
    voided: bool = False
    has_agreement: bool = False
    judicial_applied: bool = False
    judicial_result: str = ""
    performance_status: str = ""
    feedback_sent: bool = False
    referring_body: str = ""


def allowed_steps(facts: CaseFacts) -> list[str]:
    """Case-file steps offered for a case, as keys: ``rights_notice``, ``investigation``,
    ``judicial_result``, ``supervision``, ``feedback``."""
    if facts.voided:
        return []
    status = S(facts.status)
    keys: list[str] = []
    if status in OPEN:
        keys.append("rights_notice")
    if status in (S.ACCEPTED, S.MEDIATING):
        keys.append("investigation")
    if (facts.has_agreement and facts.judicial_applied and not facts.judicial_result
            and status is not S.ARCHIVED):
        keys.append("judicial_result")
    if (facts.has_agreement and status in WITH_AGREEMENT
            and facts.performance_status in (Performance.NOT_PERFORMED.value,
                                             Performance.PARTLY.value)):
        keys.append("supervision")
    if (facts.source == CaseSource.REFERRED.value and status in CONCLUDED
            and not facts.feedback_sent):
        keys.append("feedback")
    return keys


STEP_REFUSALS = {
    "rights_notice": "只有已登记、已受理或调解中的案件可以登记权利义务告知",
    "investigation": "只有已受理或调解中的案件可以登记调查记录",
    "judicial_result": "该案件未申请司法确认，或已登记法院的处理结果",
    "supervision": "只有调解协议未履行或部分履行的案件需要督促履行",
    "feedback": "只有接受委托移送且已结案的案件可以登记反馈函，且每案登记一次",
}


# --- inputs -------------------------------------------------------------------------------

def _day(errors: ErrorCollector, value: date | None, name: str, label: str,
         today: date) -> None:
    if value is None:
        errors.add(name, f"请填写{label}")
    elif value > today:
        errors.add(name, f"{label}不能晚于今天")
    elif value < EARLIEST:
        errors.add(name, f"{label}过早，请核对")


def _choice(errors: ErrorCollector, enum: type[LabeledEnum], value: str, name: str,
            label: str) -> None:
    if not value:
        errors.add(name, f"请选择{label}")
        return
    try:
        enum(value)
    except ValueError:
        errors.add(name, f"{label}的取值“{value}”无效")


def _text(errors: ErrorCollector, value: str, name: str, label: str, max_len: int) -> str:
    result = errors.check(require_text, value, name, label, max_len=max_len)
    return result if result is not None else (value or "").strip()


def _optional(errors: ErrorCollector, value: str, name: str, label: str, max_len: int) -> str:
    value = (value or "").strip()
    if len(value) > max_len:
        errors.add(name, f"{label}不能超过{max_len}个字")
    errors.check(check_encodable, value, name, label)
    return value


@dataclass(frozen=True)
class RightsNoticeInput:
    """The notice of rights and duties given: on which day, how, and to whom."""

    given_on: date | None
    manner: str
    recipients: str

    def validated(self, today: date | None = None) -> RightsNoticeInput:
        errors = ErrorCollector()
        _day(errors, self.given_on, "given_on", "告知日期", today or date.today())
        _choice(errors, NoticeManner, self.manner, "manner", "告知方式")
        recipients = _text(errors, self.recipients, "recipients", "被告知人", 500)
        errors.raise_if_any()
        return replace(self, recipients=recipients)


@dataclass(frozen=True)
class InvestigationInput:
    """调查记录: who investigated, when, where, who was asked and what was found."""

    done_on: date | None
    investigators: str
    place: str
    interviewees: str
    findings: str

    def validated(self, today: date | None = None) -> InvestigationInput:
        errors = ErrorCollector()
        _day(errors, self.done_on, "done_on", "调查日期", today or date.today())
        investigators = _text(errors, self.investigators, "investigators", "调查人", 200)
        place = _text(errors, self.place, "place", "调查地点", 200)
        interviewees = _text(errors, self.interviewees, "interviewees", "被调查人", 500)
        findings = _text(errors, self.findings, "findings", "调查情况", 20000)
        errors.raise_if_any()
        return replace(self, investigators=investigators, place=place,
                       interviewees=interviewees, findings=findings)


@dataclass(frozen=True)
class JudicialResultInput:
    """The court's handling of the joint application for judicial confirmation."""

    result: str
    decided_on: date | None
    court: str
    ruling_number: str = ""

    def validated(self, today: date | None = None) -> JudicialResultInput:
        errors = ErrorCollector()
        _choice(errors, JudicialResult, self.result, "result", "处理结果")
        _day(errors, self.decided_on, "decided_on", "结果日期", today or date.today())
        court = _text(errors, self.court, "court", "受理法院", 100)
        ruling = _optional(errors, self.ruling_number, "ruling_number", "裁定书文号", 60)
        if self.result in (JudicialResult.CONFIRMED.value, JudicialResult.REJECTED.value) \
                and not ruling:
            errors.add("ruling_number", "法院作出裁定的，请填写裁定书文号")
        errors.raise_if_any()
        return replace(self, court=court, ruling_number=ruling)


@dataclass(frozen=True)
class SupervisionInput:
    """督促履行: when, how, what was done and the performance found afterwards."""

    done_on: date | None
    manner: str
    content: str
    performance: str

    def validated(self, today: date | None = None) -> SupervisionInput:
        errors = ErrorCollector()
        _day(errors, self.done_on, "done_on", "督促日期", today or date.today())
        _choice(errors, SupervisionManner, self.manner, "manner", "督促方式")
        content = _text(errors, self.content, "content", "督促情况", 4000)
        _choice(errors, Performance, self.performance, "performance", "督促后履行情况")
        errors.raise_if_any()
        return replace(self, content=content)


@dataclass(frozen=True)
class FeedbackInput:
    """反馈函 sent to the body that referred the case."""

    sent_on: date | None
    recipient: str
    content: str

    def validated(self, today: date | None = None) -> FeedbackInput:
        errors = ErrorCollector()
        _day(errors, self.sent_on, "sent_on", "发函日期", today or date.today())
        recipient = _text(errors, self.recipient, "recipient", "收函单位", 100)
        content = _optional(errors, self.content, "content", "反馈内容", 4000)
        errors.raise_if_any()
        return replace(self, recipient=recipient, content=content)
