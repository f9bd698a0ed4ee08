"""The measures and tables of the statistics report (统计口径), in report order.

Definitions (printed as the report's notes):
- 受理: cases accepted in the period. 调结: accepted cases concluded in the period (agreement,
  failure or termination). 调解成功: concluded with an agreement; 成功率 = 调解成功 / 调结.
- 协议涉及金额, 已履行, 申请司法确认, 司法确认: of the agreements reached in the period, their
  amounts, those a follow-up found performed, those the parties applied to the court to
  confirm and those the court confirmed (as of the report's day: ``facts.court_confirmed``).
  书面/口头协议 by the agreement's form
  (an oral agreement is recorded as such, art. 28: 口头协议登记表). 涉及当事人 counts the
  parties of the cases accepted in the period.
- 委托移送调解 by the kind of the referring body (法院、公安、信访、检察院、其他), accepted cases.
- 矛盾纠纷排查 (``domain.screening``): screenings by the day held, the disputes they found;
  预防纠纷 = found disputes resolved on the spot; 防止…… indicators count disputes (by the
  screening's day) and cases (by the day accepted) carrying them, each once (件) with its
  people (人).
- 按期调结: concluded by the deadline (one month from acceptance plus recorded extensions).
  按期转交: forwarded to the legal aid center within the station's promised days. 回访完成:
  agreements whose follow-up fell due in the period (up to the report's day) and were visited.
- Consultations count by their day; legal aid applications by application, forwarding and
  decision days.
- Satisfaction (``domain.rating``): the ratings given in the period (by their day) of
  consultations, cases and aid applications, by source (群众自评 / 回访 / 工作人员代录); the
  满意率 that counts is the citizens' own (群众自评: the rating screen, returned slips), the
  other sources are shown beside it.
- Legal publicity activities count by the day held; 受众人次 and 发放资料 add up what each
  activity recorded.
- 12348 work orders count by the day received: 受理工单, 已回复 and 按期回复 (replied on or
  before the platform's due day), by channel (12348热线 / 12348网络平台), as of the report's day.
- Workload per operator (工作人员工作量): consultations and aid applications count for who
  registered them, cases (and their follow-ups' deadlines) for the case's mediator,
  ratings for whose service they rate (the case's mediator, the registering operator),
  activities once for each operator taking part (the total row counts 人次); 按期办结 joins
  the three time limits above; 满意率 = the citizens' own 满意 and 基本满意 ÷ their ratings.
  An operator sees only their own row (``services.workload``).
- 首问负责移交 (``domain.responsibility``): hand-overs by the local day made, by destination
  (本站工作人员、其他工作站、县级中心、服务指引机构), and whether accepted, declined or still
  pending as of the report's day.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter
from typing import Any

from workstation.domain.eligibility import GROUP_ORDER
from workstation.domain.enums import (
    AgreementForm,
    AidDecision,
    AidMatter,
    CaseSource,
    Channel,
    ConsultationTopic,
    DisputeType,
    HandlingResult,
    LabeledEnum,
    Performance,
    ReferringBodyKind,
    Satisfaction,
    SpecialGroup,
)
from workstation.domain.publicity import PublicityForm, PublicityPlace
from workstation.domain.rating import RATED_RECORDS, RatingSource, is_satisfied
from workstation.domain.responsibility import HandoverStatus, HandoverTarget
from workstation.domain.screening import DisputeOutcome, PreventionKind, RiskLevel, ScreeningKind
from workstation.domain.work_orders import ORDER_CHANNELS

from .facts import (
    ACTIVITY,
    CASE,
    CONSULTATION,
    FOLLOW_UP,
    FOUND_DISPUTE,
    HANDOVER,
    OPERATOR,
    PARTICIPATION,
    RATING,
    REFERRAL,
    SCREENING,
    WORK_ORDER,
    Facts,
    Outcome,
)
from .model import (
    QUANTITY,
    Col,
    Dimension,
    Indicator,
    IndicatorSpec,
    Measure,
    Spec,
    TableSpec,
)
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
HELD_ON = attrgetter("held_on")
RECEIVED_ON = attrgetter("received_on")
HANDED_ON = attrgetter("handed_on")


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
#: Confirmed by the court (``facts.court_confirmed`` decides, from the recorded result).
CASES_COURT_CONFIRMED = Measure("cases_court_confirmed", CASE, CONCLUDED_ON,
                                lambda f: _succeeded(f) and f.court_confirmed is True)
CASES_WRITTEN = Measure("cases_written", CASE, CONCLUDED_ON,
                        lambda f: _succeeded(f) and f.agreement_form == AgreementForm.WRITTEN)
CASES_ORAL = Measure("cases_oral", CASE, CONCLUDED_ON,
                     lambda f: _succeeded(f) and f.agreement_form == AgreementForm.ORAL)
CASES_PARTIES = Measure("cases_parties", CASE, ACCEPTED_ON, amount=attrgetter("parties"),
                        amount_unit=QUANTITY)


def _referred(f: Any) -> bool:
    return f.source == CaseSource.REFERRED


CASES_REFERRED = Measure("cases_referred", CASE, ACCEPTED_ON, _referred)
CASES_REFERRED_CONCLUDED = Measure("cases_referred_concluded", CASE, CONCLUDED_ON,
                                   lambda f: _referred(f) and _concluded(f))
CASES_REFERRED_SUCCEEDED = Measure("cases_referred_succeeded", CASE, CONCLUDED_ON,
                                   lambda f: _referred(f) and _succeeded(f))
CASES_IN_TIME = Measure("cases_in_time", CASE, CONCLUDED_ON,
                        lambda f: _concluded(f) and f.concluded_in_time)
FOLLOW_UPS_DUE = Measure("follow_ups_due", CASE, FOLLOW_UP_DUE, due_only=True)
FOLLOW_UPS_DONE = Measure("follow_ups_done", CASE, FOLLOW_UP_DUE,
                          lambda f: f.followed_up_on is not None, due_only=True)

CONSULTATIONS = Measure("consultations", CONSULTATION, DAY)
def _via(channel: str) -> Measure:
    return Measure(f"consultations_{channel}", CONSULTATION, DAY,
                   lambda f: f.channel == channel)


CONSULTATIONS_VIA = {c.value: _via(c.value) for c in Channel}

VISITS = Measure("visits", FOLLOW_UP, VISITED_ON)


def _rated(source: str) -> Measure:
    return Measure(f"ratings_{source}", RATING, DAY, lambda f: f.source == source)


def _pleased(source: str) -> Measure:
    return Measure(f"ratings_{source}_satisfied", RATING, DAY,
                   lambda f: f.source == source and is_satisfied(f.value))


#: Ratings of the period by source, and those 满意 or 基本满意 (``domain.rating``).
RATED = {s.value: _rated(s.value) for s in RatingSource}
PLEASED = {s.value: _pleased(s.value) for s in RatingSource}
#: The citizens' own ratings: the satisfaction rate that counts.
CITIZEN_RATED = RATED[RatingSource.CITIZEN.value]
CITIZEN_SATISFIED = PLEASED[RatingSource.CITIZEN.value]
CITIZEN_DISSATISFIED = Measure(
    "ratings_citizen_dissatisfied", RATING, DAY,
    lambda f: f.source == RatingSource.CITIZEN and f.value == Satisfaction.DISSATISFIED)

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

ACTIVITIES = Measure("activities", ACTIVITY, HELD_ON)
ACTIVITIES_AUDIENCE = Measure("activities_audience", ACTIVITY, HELD_ON,
                              amount=attrgetter("audience"), amount_unit=QUANTITY)
ACTIVITIES_MATERIALS = Measure("activities_materials", ACTIVITY, HELD_ON,
                               amount=attrgetter("materials"), amount_unit=QUANTITY)
#: Operators taking part in activities of the period (one per operator and activity).
PARTICIPATIONS = Measure("activity_participations", PARTICIPATION, HELD_ON)

SCREENINGS = Measure("screenings", SCREENING, HELD_ON)
DISPUTES_FOUND = Measure("disputes_found", FOUND_DISPUTE, HELD_ON)
DISPUTES_SERIOUS = Measure("disputes_serious", FOUND_DISPUTE, HELD_ON,
                           lambda f: f.risk_level in (RiskLevel.MAJOR, RiskLevel.SERIOUS))


#: 首问负责: hand-overs made in the period, and how they stand as of the report's day.
HANDOVERS = Measure("handovers", HANDOVER, HANDED_ON)
HANDOVERS_ACCEPTED = Measure("handovers_accepted", HANDOVER, HANDED_ON,
                             lambda f: f.status == HandoverStatus.ACCEPTED)
HANDOVERS_DECLINED = Measure("handovers_declined", HANDOVER, HANDED_ON,
                             lambda f: f.status == HandoverStatus.DECLINED)
HANDOVERS_PENDING = Measure("handovers_pending", HANDOVER, HANDED_ON,
                            lambda f: f.status == HandoverStatus.PENDING)


def _outcome(outcome: DisputeOutcome) -> Measure:
    return Measure(f"disputes_{outcome.value}", FOUND_DISPUTE, HELD_ON,
                   lambda f: f.outcome == outcome)


DISPUTES_BY_OUTCOME = {o.value: _outcome(o) for o in DisputeOutcome}
#: 预防纠纷: found disputes resolved on the spot (they never became a case).
DISPUTES_PREVENTED = DISPUTES_BY_OUTCOME[DisputeOutcome.RESOLVED.value]


def _prevents(f: Any) -> bool:
    return bool(f.prevention_kind)


PREVENTED_DISPUTES = Measure("prevented_disputes", FOUND_DISPUTE, HELD_ON, _prevents)
PREVENTED_DISPUTE_PERSONS = Measure("prevented_dispute_persons", FOUND_DISPUTE, HELD_ON,
                                    _prevents, amount=attrgetter("prevention_persons"),
                                    amount_unit=QUANTITY)
PREVENTED_CASES = Measure("prevented_cases", CASE, ACCEPTED_ON, _prevents)
PREVENTED_CASE_PERSONS = Measure("prevented_case_persons", CASE, ACCEPTED_ON, _prevents,
                                 amount=attrgetter("prevention_persons"), amount_unit=QUANTITY)

#: 12348 work orders received in the period, those of them replied to the platform, and
#: replied on or before the due day (``domain.work_orders``), as of the report's day.
ORDERS_RECEIVED = Measure("orders_received", WORK_ORDER, RECEIVED_ON)
ORDERS_REPLIED = Measure("orders_replied", WORK_ORDER, RECEIVED_ON,
                         lambda f: f.replied_on is not None)
ORDERS_ON_TIME = Measure("orders_on_time", WORK_ORDER, RECEIVED_ON,
                         attrgetter("replied_in_time"))

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


def _order_channel_rows(_period: Period) -> Sequence[tuple[str, str]]:
    return [(c.value, c.label) for c in ORDER_CHANNELS]


#: Rows of the work-order table: the two 12348 channels.
ORDER_CHANNEL_ROWS = Dimension("工单来源", lambda f, _m: f.channel, _order_channel_rows,
                               Channel.label_of, attr="channel")


def _month_key(fact: Any, measure: Measure) -> str | None:
    day = measure.when(fact)
    return None if day is None else f"{day.year}-{day.month:02d}"


def _month_rows(period: Period) -> Sequence[tuple[str, str]]:
    return [(f"{m.start.year}-{m.start.month:02d}", m.month_label) for m in period.months()]


MONTHS = Dimension("月份", _month_key, _month_rows)


#: Whose work a fact is: a case's (and its follow-ups') mediator, else who registered the
#: record or took part in the activity.
_OWNER = {CASE: "mediator_id", FOLLOW_UP: "mediator_id"}


def owner_attr(measure: Measure) -> str:
    """The fact attribute naming the operator whose work ``measure`` counts."""
    return _OWNER.get(measure.kind, "operator_id")


def operator_of(fact: Any, measure: Measure) -> str | None:
    return getattr(fact, owner_attr(measure)) or None


def _pinyin(name: str) -> str:
    """Sort key of a name in pinyin order, as staff lists are ordered (surname readings)."""
    from workstation.domain.pinyin import name_keys

    keys = name_keys(name).full
    return keys[0] if keys else name


def operator_rows(facts: Facts, keys: set[str]) -> list[tuple[str, str]]:
    """Active operators, and those no longer active with figures in the period, by station
    and name (pinyin order); with several stations in scope each name carries its
    station's."""
    operators = [o for o in facts.of(OPERATOR) if o.active or o.id in keys]
    several = len({o.station_id for o in facts.of(OPERATOR)}) > 1
    operators.sort(key=lambda o: (_pinyin(o.station_name), o.station_name, _pinyin(o.name),
                                  o.name, o.id))
    return [(o.id, f"{o.name}（{o.station_name}）" if several and o.station_name else o.name)
            for o in operators]


OPERATORS = Dimension("工作人员", operator_of, lambda _p: [],
                      lambda key: f"未登记的工作人员（{key[:8]}）", rows_of=operator_rows,
                      attr_of=owner_attr)

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
        _m(CASES_CONFIRMED, "申请司法确认"),
        _m(CASES_COURT_CONFIRMED, "司法确认"),
    ),
)

MEDIATION_AGREEMENTS = TableSpec(
    "mediation_agreements", "当事人和调解协议形式（按纠纷类型）",
    enum_dimension("纠纷类型", DisputeType, "dispute_type"),
    (
        _m(CASES_PARTIES, "涉及当事人（人）"),
        _m(CASES_WRITTEN, "书面协议"),
        _m(CASES_ORAL, "口头协议"),
    ),
    note="涉及当事人：本期受理案件的当事人人数；书面、口头协议：本期达成的调解协议按形式计。",
)

MEDIATION_BY_REFERRER = TableSpec(
    "mediation_by_referrer", "委托移送调解（按移送单位）",
    enum_dimension("移送单位", ReferringBodyKind, "referring_body_kind"),
    (
        _m(CASES_REFERRED, "受理"),
        _m(CASES_REFERRED_CONCLUDED, "调结"),
        _m(CASES_REFERRED_SUCCEEDED, "调解成功"),
    ),
    note="法院即诉调对接，公安即警调对接，信访即访调对接，检察院即检调对接。",
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
        _m(REFERRALS_APPLIED, "接收申请"),
        _m(REFERRALS_URGENT, "其中紧急"),
        _m(REFERRALS_FORWARDED, "转交"),
        _m(REFERRALS_IN_TIME, "按期转交"),
        _m(REFERRALS_GRANTED, "准予援助"),
        _m(REFERRALS_DENIED, "不予援助"),
    ),
)

def _group_measure(group: str, base: Measure) -> Measure:
    return Measure(f"{base.key}:{group}", REFERRAL, base.when,
                   lambda f: group in f.groups)


#: Per applicant group, the applications received and forwarded (one application counts in
#: every group its applicant belongs to).
REFERRALS_APPLIED_BY_GROUP = tuple(_group_measure(g.value, REFERRALS_APPLIED)
                                   for g in GROUP_ORDER)
REFERRALS_FORWARDED_BY_GROUP = tuple(_group_measure(g.value, REFERRALS_FORWARDED)
                                     for g in GROUP_ORDER)

REFERRAL_BY_GROUP = TableSpec(
    "referral_by_group", "法律援助申请接收、转交统计（按申请人群体）",
    Dimension("申请人群体", lambda _f, m: m.key.partition(":")[2] or None,
              lambda _p: [(g.value, g.label) for g in GROUP_ORDER], SpecialGroup.label_of),
    (
        Col("received", "接收申请", REFERRALS_APPLIED_BY_GROUP),
        Col("forwarded", "转交", REFERRALS_FORWARDED_BY_GROUP),
    ),
    total=False,
    note="申请人群体：申请人登记的群体（农民工、残疾人、退役军人等），以及按申请日的年龄（以证件号码为准）"
         "计入的老年人（60周岁以上）、未成年人和按性别计入的妇女；同一申请可计入多个群体，各行之和可能大于申请件数。",
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
    "satisfaction", "群众满意度（按评价来源）",
    enum_dimension("评价", Satisfaction, "value"),
    (*(_m(RATED[src.value], src.label) for src in RatingSource),
     Col("all", "合计", tuple(RATED.values()))),
    note="群众自评含评价屏和回收的评价单；回访为调解回访时当事人的评价；工作人员代录为登记时工作人员勾选的评价。",
)

SATISFACTION_RATE = IndicatorSpec(
    "satisfaction_rate", "满意率（按评价来源）", "评价来源",
    tuple(Indicator(src.value, src.label + ("（计入满意率）" if src == RatingSource.CITIZEN
                                           else ""), RATED[src.value], PLEASED[src.value])
          for src in RatingSource),
    base_label="已评价", met_label="满意和基本满意", rate_label="满意率",
)

SATISFACTION_BY_SERVICE = TableSpec(
    "satisfaction_by_service", "群众自评满意度（按服务事项）",
    Dimension("服务事项", lambda f, _m: f.record_type, lambda _p: list(RATED_RECORDS.items()),
              lambda key: RATED_RECORDS.get(key, key), attr="record_type"),
    (
        _m(CITIZEN_RATED, "已评价"),
        _m(CITIZEN_SATISFIED, "满意和基本满意"),
        _m(CITIZEN_DISSATISFIED, "不满意"),
        Col("rate", "满意率", ratio=(CITIZEN_SATISFIED.key, CITIZEN_RATED.key)),
    ),
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

_PUBLICITY_COLUMNS = (
    _m(ACTIVITIES, "活动次数"),
    _m(ACTIVITIES_AUDIENCE, "受众人次"),
    _m(ACTIVITIES_MATERIALS, "发放资料（份）"),
)

PUBLICITY_BY_FORM = TableSpec(
    "publicity_by_form", "法治宣传活动统计（按宣传形式）",
    enum_dimension("宣传形式", PublicityForm, "form"), _PUBLICITY_COLUMNS,
)

PUBLICITY_BY_PLACE = TableSpec(
    "publicity_by_place", "法治宣传活动统计（按活动场所）",
    enum_dimension("活动场所", PublicityPlace, "place_kind"), _PUBLICITY_COLUMNS,
)

SCREENING_BY_KIND = TableSpec(
    "screening_by_kind", "矛盾纠纷排查化解统计（按排查类型）",
    enum_dimension("排查类型", ScreeningKind, "screening_kind"),
    (
        _m(SCREENINGS, "排查次数"),
        _m(DISPUTES_FOUND, "排查发现纠纷"),
        _m(DISPUTES_SERIOUS, "其中较大以上"),
        Col("disputes_prevented", "预防纠纷", (DISPUTES_PREVENTED,)),
        *(_m(DISPUTES_BY_OUTCOME[o.value], o.label)
          for o in (DisputeOutcome.MEDIATED, DisputeOutcome.REFERRED, DisputeOutcome.WATCHED)),
    ),
    note="预防纠纷：排查发现、当场化解未形成调解案件的纠纷。",
)

PREVENTION = TableSpec(
    "prevention", "防止民间纠纷激化",
    enum_dimension("项目", PreventionKind, "prevention_kind"),
    (
        Col("cases", "件数", (PREVENTED_DISPUTES, PREVENTED_CASES)),
        Col("persons", "人数", (PREVENTED_DISPUTE_PERSONS, PREVENTED_CASE_PERSONS)),
    ),
    note="来自排查发现的纠纷（按排查日期）和调解案件（按受理日期）；同一纠纷只计一次。",
)

WORK_ORDERS_BY_CHANNEL = TableSpec(
    "work_orders_by_channel", "12348工单办理统计（按工单来源）",
    ORDER_CHANNEL_ROWS,
    (
        _m(ORDERS_RECEIVED, "受理工单"),
        _m(ORDERS_REPLIED, "已回复"),
        _m(ORDERS_ON_TIME, "按期回复"),
        Col("on_time_rate", "按期回复率", ratio=(ORDERS_ON_TIME.key, ORDERS_RECEIVED.key)),
    ),
    note="按接收日期统计本期受理的工单；已回复、按期回复截至制表日；按期回复率＝按期回复÷受理工单。",
)

HANDOVER_BY_TARGET = TableSpec(
    "handover_by_target", "首问负责移交情况（按移交去向）",
    enum_dimension("移交去向", HandoverTarget, "target"),
    (
        _m(HANDOVERS, "移交"),
        _m(HANDOVERS_ACCEPTED, "已接收"),
        _m(HANDOVERS_DECLINED, "已退回"),
        _m(HANDOVERS_PENDING, "待接收"),
    ),
    note="按移交日期统计；接收情况截至制表日。",
)

_DEADLINE_PARTS = ("调结期限", "转交期限", "回访期限")

WORKLOAD = TableSpec(
    "workload", "工作人员工作量和服务质量统计",
    OPERATORS,
    (
        _m(CONSULTATIONS, "法律咨询"),
        _m(CASES_ACCEPTED, "受理调解"),
        _m(CASES_CONCLUDED, "调结"),
        _m(CASES_SUCCEEDED, "调解成功"),
        Col("success_rate", "调解成功率", ratio=(CASES_SUCCEEDED.key, CASES_CONCLUDED.key)),
        _m(REFERRALS_APPLIED, "援助申请"),
        _m(PARTICIPATIONS, "法治宣传"),
        Col("deadlines_due", "应按期办结", (CASES_CONCLUDED, REFERRALS_FORWARDED, FOLLOW_UPS_DUE),
            parts=_DEADLINE_PARTS),
        Col("deadlines_kept", "按期办结", (CASES_IN_TIME, REFERRALS_IN_TIME, FOLLOW_UPS_DONE),
            parts=_DEADLINE_PARTS),
        Col("deadline_rate", "按期率", ratio=("deadlines_kept", "deadlines_due")),
        Col("rated", "群众自评", (CITIZEN_RATED,)),
        Col("satisfied", "满意和基本满意", (CITIZEN_SATISFIED,)),
        Col("satisfaction_rate", "满意率", ratio=("satisfied", "rated")),
        Col("rated_visit", "回访评价", (RATED[RatingSource.VISIT.value],)),
        Col("rated_staff", "代录评价", (RATED[RatingSource.STAFF.value],)),
    ),
    note="按期办结含调结、转交法律援助中心、到期回访三项；法治宣传按参加活动的每位工作人员各计一次；"
         "满意率只用群众自评，回访评价和工作人员代录的评价另列。",
    per_operator=True,
)

#: Every table, in report order.
TABLES: tuple[Spec, ...] = (
    MEDIATION_BY_TYPE, MEDIATION_BY_SOURCE, MEDIATION_BY_OUTCOME, MEDIATION_BY_MONTH,
    MEDIATION_AGREEMENTS, MEDIATION_BY_REFERRER, SCREENING_BY_KIND, PREVENTION, TIME_LIMITS,
    CONSULTATION_BY_TOPIC, CONSULTATION_BY_HANDLING, SATISFACTION,
    SATISFACTION_RATE, SATISFACTION_BY_SERVICE, HANDOVER_BY_TARGET, REFERRAL_BY_MATTER,
    REFERRAL_BY_GROUP, REFERRAL_BY_DECISION, PUBLICITY_BY_FORM, PUBLICITY_BY_PLACE,
    WORK_ORDERS_BY_CHANNEL, WORKLOAD,
)
SPECS: dict[str, Spec] = {spec.key: spec for spec in TABLES}

#: The printed sheets: title, then rows of tables (tables in one row stand side by side).
SHEETS: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] = (
    ("人民调解工作统计表", (("mediation_by_type",),
                            ("mediation_by_source", "mediation_by_outcome"),
                            ("mediation_by_month", "time_limits"),
                            ("mediation_agreements", "mediation_by_referrer"))),
    ("矛盾纠纷排查化解统计表", (("screening_by_kind",), ("prevention",))),
    ("法律咨询工作统计表", (("consultation_by_topic", "consultation_by_handling"),
                            ("satisfaction", "satisfaction_rate"),
                            ("satisfaction_by_service",))),
    ("首问负责移交统计表", (("handover_by_target",),)),
    ("法律援助工作统计表", (("referral_by_matter",), ("referral_by_group",),
                           ("referral_by_decision",))),
    ("法治宣传工作统计表", (("publicity_by_form", "publicity_by_place"),)),
    ("12348工单办理统计表", (("work_orders_by_channel",),)),
    ("工作人员工作量统计表", (("workload",),)),
)

DEFINITIONS: tuple[str, ...] = (
    "受理：本期受理的调解案件；调结：本期调结（达成协议、调解不成或终止）的已受理案件；"
    "成功率＝调解成功÷调结。",
    "协议涉及金额、协议已履行、申请司法确认、司法确认：本期达成的调解协议的金额，以及截至制表日"
    "回访确认已履行、当事人已申请司法确认、法院已确认的件数"
    + "。书面、口头协议按协议形式计；涉及当事人为本期受理案件的当事人人数。",
    "委托移送调解按移送单位类别（法院、公安、信访、检察院、其他）统计本期受理、调结、调解成功的案件。",
    "矛盾纠纷排查按排查日期统计排查次数和发现的纠纷；预防纠纷为当场化解的纠纷；"
    "防止民间纠纷引起自杀、转化为刑事案件、群体性上访、群体性械斗按件数和人数统计，"
    "来自排查发现的纠纷和调解案件，同一纠纷只计一次。",
    "按期调结：在受理之日起一个月（含依法延长的期限）内调结；按期转交：在本站承诺的天数内（紧急申请按本站设定的当日或次一工作日）转交法律援助中心；"
    "回访完成：本期到期（截至制表日）的回访中已回访的件数。",
    "法律咨询按咨询日期统计；法律援助按接收、转交、决定日期分别统计（工作站接收申请材料并转交法律援助中心，"
    "由法律援助中心审查决定）；其中紧急：转交当日（未转交的为制表日）距时效或期限届满不足7日"
    "（法律援助法第四十四条）。",
    "满意度按评价日期统计本期对法律咨询、调解案件和法律援助申请的评价，分群众自评（评价屏、回收的评价单）、"
    "回访、工作人员代录三种来源；满意率＝群众自评中满意和基本满意÷群众自评件数，其他来源另列。",
    "法治宣传活动按活动日期统计；受众人次、发放资料为各次活动登记数之和。",
    "首问负责移交按移交日期统计，分本站工作人员、其他工作站、县级中心、服务指引机构；"
    "已接收、已退回、待接收为截至制表日的状态。",
    "12348工单按接收日期统计本期受理的工单；已回复、按期回复（在平台要求的办理期限内回复）截至制表日。",
    "工作人员工作量：法律咨询、援助申请及其评价计入登记人，调解案件及其回访的期限和评价计入承办调解员，"
    "法治宣传活动计入参加的每位工作人员（合计为人次）；按期办结含调结、转交、到期回访三项；"
    "满意率只用群众自评。工作人员只能查看本人的数字，站点管理员可查看全部。",
)
