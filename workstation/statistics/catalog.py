"""The measures and tables of the statistics report (统计口径), in report order.

Definitions (printed as the report's notes):
- 受理: cases accepted in the period. 调结: accepted cases concluded in the period (agreement,
  failure or termination). 调解成功: concluded with an agreement; 成功率 = 调解成功 / 调结.
- 协议涉及金额, 已履行, 司法确认: of the agreements reached in the period, their amounts, those a
  follow-up found performed, those the parties applied to the court to confirm (as of the
  report's day).
- 按期调结: concluded by the deadline (one month from acceptance plus recorded extensions).
  按期转交: forwarded to the legal aid center within the station's promised days. 回访完成:
  agreements whose follow-up fell due in the period (up to the report's day) and were visited.
- Consultations count by their day; legal aid applications by application, forwarding and
  decision days; satisfaction from consultations and follow-up visits of the period.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter
from typing import Any

from workstation.domain.enums import (
    AidDecision,
    AidMatter,
    CaseSource,
    Channel,
    ConsultationTopic,
    DisputeType,
    HandlingResult,
    LabeledEnum,
    Performance,
    Satisfaction,
)

from .facts import CASE, CONSULTATION, FOLLOW_UP, REFERRAL, Outcome
from .model import Col, Dimension, Indicator, IndicatorSpec, Measure, Spec, TableSpec
from .periods import Period

S = Outcome

# --- measures ---------------------------------------------------------------------------------

# Event dates, shared objects: measures with the same kind and date share one scan of the facts.
ACCEPTED_ON = attrgetter("accepted_on")
CONCLUDED_ON = attrgetter("concluded_on")
FOLLOW_UP_DUE = attrgetter("follow_up_due")
DAY = attrgetter("day")
VISITED_ON = attrgetter("visited_on")
APPLIED_ON = attrgetter("applied_on")
FORWARDED_ON = attrgetter("forwarded_on")
DECISION_ON = attrgetter("decision_on")


def _concluded(f: Any) -> bool:
    return f.accepted_on is not None and f.outcome != S.OPEN


def _succeeded(f: Any) -> bool:
    return f.accepted_on is not None and f.outcome == S.SUCCEEDED


CASES_ACCEPTED = Measure("cases_accepted", CASE, ACCEPTED_ON)
CASES_INVOLVED = Measure("cases_involved_fen", CASE, ACCEPTED_ON,
                         amount=lambda f: f.amount_involved_fen)
CASES_CONCLUDED = Measure("cases_concluded", CASE, CONCLUDED_ON, _concluded)
CASES_SUCCEEDED = Measure("cases_succeeded", CASE, CONCLUDED_ON, _succeeded)
CASES_AGREED_FEN = Measure("cases_agreed_fen", CASE, CONCLUDED_ON, _succeeded,
                           amount=lambda f: f.amount_agreed_fen)
CASES_PERFORMED = Measure("cases_performed", CASE, CONCLUDED_ON,
                          lambda f: _succeeded(f) and f.performance == Performance.PERFORMED)
CASES_CONFIRMED = Measure("cases_confirmed", CASE, CONCLUDED_ON,
                          lambda f: _succeeded(f) and f.judicial_confirmation)
CASES_PREVENTED = Measure("cases_prevented", CASE, ACCEPTED_ON,
                          lambda f: f.prevented_criminal is True, recorded=False)
CASES_IN_TIME = Measure("cases_in_time", CASE, CONCLUDED_ON,
                        lambda f: _concluded(f) and f.concluded_in_time)
FOLLOW_UPS_DUE = Measure("follow_ups_due", CASE, FOLLOW_UP_DUE, due_only=True)
FOLLOW_UPS_DONE = Measure("follow_ups_done", CASE, FOLLOW_UP_DUE,
                          lambda f: f.followed_up_on is not None, due_only=True)

CONSULTATIONS = Measure("consultations", CONSULTATION, DAY)
CONSULTATIONS_RATED = Measure("consultations_rated", CONSULTATION, DAY,
                              lambda f: f.satisfaction is not None)
CONSULTATIONS_SATISFIED = Measure(
    "consultations_satisfied", CONSULTATION, DAY,
    lambda f: f.satisfaction in (Satisfaction.SATISFIED, Satisfaction.FAIRLY))


def _via(channel: str) -> Measure:
    return Measure(f"consultations_{channel}", CONSULTATION, DAY,
                   lambda f: f.channel == channel)


CONSULTATIONS_VIA = {c.value: _via(c.value) for c in Channel}

VISITS = Measure("visits", FOLLOW_UP, VISITED_ON)
VISITS_RATED = Measure("visits_rated", FOLLOW_UP, VISITED_ON,
                       lambda f: f.satisfaction is not None)
VISITS_SATISFIED = Measure(
    "visits_satisfied", FOLLOW_UP, VISITED_ON,
    lambda f: f.satisfaction in (Satisfaction.SATISFIED, Satisfaction.FAIRLY))

REFERRALS_APPLIED = Measure("referrals_applied", REFERRAL, APPLIED_ON)
REFERRALS_URGENT = Measure("referrals_urgent", REFERRAL, APPLIED_ON,
                           lambda f: f.urgent)
REFERRALS_FORWARDED = Measure("referrals_forwarded", REFERRAL, FORWARDED_ON)
REFERRALS_IN_TIME = Measure("referrals_in_time", REFERRAL, FORWARDED_ON,
                            lambda f: f.forwarded_in_time)
REFERRALS_GRANTED = Measure("referrals_granted", REFERRAL, DECISION_ON,
                            lambda f: f.decision == AidDecision.GRANTED)
REFERRALS_DENIED = Measure("referrals_denied", REFERRAL, DECISION_ON,
                           lambda f: f.decision == AidDecision.DENIED)
#: Forwarded in the period and still waiting for the center's decision (as of the report day).
REFERRALS_AWAITING = Measure("referrals_awaiting", REFERRAL, FORWARDED_ON,
                             lambda f: not f.decision)

# --- dimensions -------------------------------------------------------------------------------


def enum_dimension(header: str, enum: type[LabeledEnum], attr: str,
                   none_label: str | None = None) -> Dimension:
    """Rows are the enum's values in declaration order (plus ``none_label`` for None)."""
    rows: list[tuple[str, str]] = list(enum.choices())
    none_key = None
    if none_label is not None:
        none_key = "none"
        rows.append((none_key, none_label))
    getter = attrgetter(attr)

    def key(fact: Any, _m: Measure) -> str | None:
        value = getter(fact)
        return none_key if value is None or value == "" else str(value)

    return Dimension(header, key, lambda _p: rows, enum.label_of, attr=attr, none_key=none_key)


def _month_key(fact: Any, measure: Measure) -> str | None:
    day = measure.when(fact)
    return None if day is None else f"{day.year}-{day.month:02d}"


def _month_rows(period: Period) -> Sequence[tuple[str, str]]:
    return [(f"{m.start.year}-{m.start.month:02d}", m.month_label) for m in period.months()]


MONTHS = Dimension("月份", _month_key, _month_rows)

# --- tables -----------------------------------------------------------------------------------


def _m(measure: Measure, label: str) -> Col:
    return Col(measure.key, label, (measure,))


MEDIATION_BY_TYPE = TableSpec(
    "mediation_by_type", "人民调解案件统计（按纠纷类型）",
    enum_dimension("纠纷类型", DisputeType, "dispute_type"),
    (
        _m(CASES_ACCEPTED, "受理"),
        _m(CASES_CONCLUDED, "调结"),
        _m(CASES_SUCCEEDED, "调解成功"),
        Col("success_rate", "成功率", ratio=(CASES_SUCCEEDED.key, CASES_CONCLUDED.key)),
        _m(CASES_AGREED_FEN, "协议涉及金额（元）"),
        _m(CASES_PERFORMED, "协议已履行"),
        _m(CASES_CONFIRMED, "司法确认"),
        _m(CASES_PREVENTED, "防止民转刑"),
    ),
    note="防止民转刑：本系统尚未登记，以“—”表示。",
)

MEDIATION_BY_SOURCE = TableSpec(
    "mediation_by_source", "人民调解案件来源",
    enum_dimension("案件来源", CaseSource, "source"),
    (_m(CASES_ACCEPTED, "受理"), _m(CASES_INVOLVED, "涉案金额（元）")),
)

MEDIATION_BY_OUTCOME = TableSpec(
    "mediation_by_outcome", "人民调解结果",
    Dimension("调解结果", lambda f, _m: f.outcome if f.outcome != S.OPEN else None,
              lambda _p: [(o.value, o.label) for o in (S.SUCCEEDED, S.FAILED, S.TERMINATED)],
              Outcome.label_of),
    (_m(CASES_CONCLUDED, "调结"), _m(CASES_IN_TIME, "按期调结")),
)

MEDIATION_BY_MONTH = TableSpec(
    "mediation_by_month", "各月调解情况",
    MONTHS,
    (
        _m(CASES_ACCEPTED, "受理"),
        _m(CASES_CONCLUDED, "调结"),
        _m(CASES_SUCCEEDED, "调解成功"),
        Col("success_rate", "成功率", ratio=(CASES_SUCCEEDED.key, CASES_CONCLUDED.key)),
        _m(CASES_AGREED_FEN, "协议涉及金额（元）"),
    ),
)

CONSULTATION_BY_TOPIC = TableSpec(
    "consultation_by_topic", "法律咨询统计（按咨询类别和方式）",
    enum_dimension("咨询类别", ConsultationTopic, "topic"),
    (
        *(_m(CONSULTATIONS_VIA[c.value], c.label) for c in Channel),
        _m(CONSULTATIONS, "合计"),
    ),
)

CONSULTATION_BY_HANDLING = TableSpec(
    "consultation_by_handling", "法律咨询处理结果",
    enum_dimension("处理结果", HandlingResult, "handling"),
    (_m(CONSULTATIONS, "咨询件数"),),
)

REFERRAL_BY_MATTER = TableSpec(
    "referral_by_matter", "法律援助申请转交统计（按申请事项）",
    enum_dimension("申请事项", AidMatter, "matter"),
    (
        _m(REFERRALS_APPLIED, "受理申请"),
        _m(REFERRALS_URGENT, "其中紧急"),
        _m(REFERRALS_FORWARDED, "转交"),
        _m(REFERRALS_IN_TIME, "按期转交"),
        _m(REFERRALS_GRANTED, "准予援助"),
        _m(REFERRALS_DENIED, "不予援助"),
    ),
)

REFERRAL_BY_DECISION = TableSpec(
    "referral_by_decision", "法律援助中心决定情况",
    Dimension("决定", lambda _f, m: m.key, lambda _p: [
        (REFERRALS_GRANTED.key, "准予法律援助"), (REFERRALS_DENIED.key, "不予法律援助"),
        (REFERRALS_AWAITING.key, "待决定（本期转交）")]),
    (Col("count", "件数", (REFERRALS_GRANTED, REFERRALS_DENIED, REFERRALS_AWAITING)),),
    total=False,
)

SATISFACTION = TableSpec(
    "satisfaction", "群众满意度",
    enum_dimension("评价", Satisfaction, "satisfaction", "未评价"),
    (_m(CONSULTATIONS, "法律咨询"), _m(VISITS, "调解回访"),
     Col("all", "合计", (CONSULTATIONS, VISITS))),
)

SATISFACTION_RATE = IndicatorSpec(
    "satisfaction_rate", "满意率", "评价来源",
    (
        Indicator("consultations", "法律咨询", CONSULTATIONS_RATED, CONSULTATIONS_SATISFIED),
        Indicator("visits", "调解回访", VISITS_RATED, VISITS_SATISFIED),
    ),
    base_label="已评价", met_label="满意和基本满意", rate_label="满意率",
)

TIME_LIMITS = IndicatorSpec(
    "time_limits", "限时办结情况", "事项",
    (
        Indicator("mediation", "调解案件一个月内（含延长）调结", CASES_CONCLUDED, CASES_IN_TIME),
        Indicator("referral", "援助申请按承诺时限转交", REFERRALS_FORWARDED, REFERRALS_IN_TIME),
        Indicator("follow_up", "到期回访已完成", FOLLOW_UPS_DUE, FOLLOW_UPS_DONE),
    ),
    base_label="应办", met_label="按期办结", rate_label="按期率",
)

#: Every table, in report order.
TABLES: tuple[Spec, ...] = (
    MEDIATION_BY_TYPE, MEDIATION_BY_SOURCE, MEDIATION_BY_OUTCOME, MEDIATION_BY_MONTH,
    TIME_LIMITS, CONSULTATION_BY_TOPIC, CONSULTATION_BY_HANDLING, SATISFACTION,
    SATISFACTION_RATE, REFERRAL_BY_MATTER, REFERRAL_BY_DECISION,
)
SPECS: dict[str, Spec] = {spec.key: spec for spec in TABLES}

#: The printed sheets: title, then rows of tables (tables in one row stand side by side).
SHEETS: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] = (
    ("人民调解工作统计表", (("mediation_by_type",),
                            ("mediation_by_source", "mediation_by_outcome"),
                            ("mediation_by_month", "time_limits"))),
    ("法律咨询工作统计表", (("consultation_by_topic", "consultation_by_handling"),
                            ("satisfaction", "satisfaction_rate"))),
    ("法律援助工作统计表", (("referral_by_matter",), ("referral_by_decision",))),
)

DEFINITIONS: tuple[str, ...] = (
    "受理：本期受理的调解案件；调结：本期调结（达成协议、调解不成或终止）的已受理案件；"
    "成功率＝调解成功÷调结。",
    "协议涉及金额、协议已履行、司法确认：本期达成的调解协议的金额，以及截至制表日回访确认已履行、"
    "当事人已申请司法确认的件数。",
    "按期调结：在受理之日起一个月（含依法延长的期限）内调结；按期转交：在本站承诺的天数内转交法律援助中心；"
    "回访完成：本期到期（截至制表日）的回访中已回访的件数。",
    "法律咨询按咨询日期统计；法律援助按受理、转交、决定日期分别统计；满意度来自本期咨询和调解回访的评价。",
)
