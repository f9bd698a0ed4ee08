"""The stations' records as the county holds them (JSON in ``rec_<table>``), for reading:
the stations to choose from, who a record concerns (drill-down lists), and one record's
fields with Chinese labels (the county has no station forms to open a record in).

ID numbers are masked (phones left out); codes show as their Chinese labels; amounts in yuan;
times local.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Connection, select, type_coerce

from workstation.domain import enums as E
from workstation.domain.audit import CountyAuditAction
from workstation.domain.casefile import JudicialResult, NoticeManner, StepKind, SupervisionManner
from workstation.domain.committees import case_title
from workstation.domain.deadlines import is_urgent
from workstation.domain.identity import mask_id_number
from workstation.domain.publicity import PublicityForm, PublicityPlace
from workstation.domain.rating import RatingMethod, RatingReason, RatingSource
from workstation.domain.responsibility import handover_sentence
from workstation.domain.screening import (
    DisputeOutcome,
    PreventionKind,
    RiskLevel,
    ScreeningKind,
)
from workstation.domain.wording import EMPTY
from workstation.domain.work_orders import ReplyMethod, order_title, replied_on_time
from workstation.services.listing import ANONYMOUS, chunks
from workstation.statistics.format import yuan

from . import audit
from .access import Permission, require
from .db import RECORDS, CountyDatabase, station

CONSULTATION, CASE, REFERRAL = "consultation", "mediation_case", "aid_referral"
ACTIVITY = "publicity_activity"
SCREENING = "screening"
WORK_ORDER = "work_order"
#: What each record type is called.
KIND_LABELS = {CONSULTATION: "法律咨询", CASE: "人民调解案件", REFERRAL: "法律援助申请",
               ACTIVITY: "法治宣传活动", SCREENING: "矛盾纠纷排查", WORK_ORDER: "12348工单"}
UNNAMED = EMPTY


# -- stations ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StationChoice:
    """A registered station as a statistics scope."""

    division_code: str
    name: str
    revoked: bool
    station_id: str | None

    @property
    def label(self) -> str:
        return f"{self.division_code}　{self.name}" if self.name else self.division_code


def station_choices(db: CountyDatabase) -> list[StationChoice]:
    """Every registered station (revoked ones too: their records stay), by division code."""
    query = select(station.c.division_code, station.c.name, station.c.revoked,
                   station.c.station_id).order_by(station.c.division_code)
    with db.engine.connect() as conn:
        return [StationChoice(r.division_code, r.name or "", bool(r.revoked),
                              str(r.station_id) if r.station_id else None)
                for r in conn.execute(query)]


def station_names(conn: Connection) -> dict[str, str]:
    """Station id → name (the division code while the station has no name yet)."""
    rows = conn.execute(select(station.c.station_id, station.c.division_code, station.c.name)
                        .where(station.c.station_id.is_not(None)))
    return {str(r.station_id): r.name or r.division_code for r in rows}


# -- reading JSON records ----------------------------------------------------------------------


def _field(table: str, key: str) -> Any:
    return type_coerce(RECORDS[table].c.data, JSON)[key].as_string()


def _by_ids(conn: Connection, table: str, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    t = RECORDS[table]
    wanted = sorted({i for i in ids if i})
    out: dict[str, dict[str, Any]] = {}
    for part in chunks(wanted):
        for rid, data in conn.execute(select(t.c.id, t.c.data).where(t.c.id.in_(part))):
            out[str(rid)] = json.loads(data)
    return out


def _children(conn: Connection, table: str, case_ids: Sequence[str], key: str = "case_id"
              ) -> list[dict[str, Any]]:
    """Rows of ``table`` whose ``key`` (``case_id``) is one of ``case_ids``."""
    t = RECORDS[table]
    out: list[dict[str, Any]] = []
    for part in chunks(list(dict.fromkeys(case_ids))):
        rows = conn.execute(select(t.c.id, t.c.data).where(_field(table, key).in_(part)))
        out.extend(dict(json.loads(data), id=str(rid)) for rid, data in rows)
    return out


def _party_names(conn: Connection, case_ids: Sequence[str]
                 ) -> dict[str, list[tuple[str, str, dict[str, Any]]]]:
    """Case id → its parties in order: (role, name, person)."""
    parties = _children(conn, "mediation_party", case_ids)
    parties.sort(key=lambda p: (int(p.get("position") or 0), p["id"]))
    persons = _by_ids(conn, "person", (p.get("person_id") or "" for p in parties))
    out: dict[str, list[tuple[str, str, dict[str, Any]]]] = defaultdict(list)
    for p in parties:
        person = persons.get(p.get("person_id") or "", {})
        name = person.get("name") or p.get("org_name") or UNNAMED
        out[str(p.get("case_id"))].append((str(p.get("role", "")), str(name), person))
    return out


def record_titles(db: CountyDatabase, records: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Record id → who it concerns (a case's title "张三与李四邻里纠纷" and its committee,
    the consulting citizen, the applicant; an activity's theme and place) for
    ``(record_type, record_id)`` pairs."""
    require(db, Permission.RECORDS)
    by_type: dict[str, list[str]] = defaultdict(list)
    for record_type, record_id in records:
        by_type[record_type].append(record_id)
    out: dict[str, str] = {}
    with db.engine.connect() as conn:
        parties = _party_names(conn, by_type.get(CASE, []))
        cases = _by_ids(conn, CASE, by_type.get(CASE, []))
        committees = _by_ids(conn, "mediation_committee",
                             (str(c.get("committee_id") or "") for c in cases.values()))
        for cid in by_type.get(CASE, []):
            case = cases.get(cid, {})
            title = case_title(((role, name) for role, name, _ in parties.get(cid, ())),
                               case.get("dispute_type"))
            committee = committees.get(str(case.get("committee_id") or ""), {}).get("name")
            out[cid] = f"{title} · {committee}" if committee else title
        for table, person_key in ((CONSULTATION, "person_id"), (REFERRAL, "applicant_id")):
            records_ = _by_ids(conn, table, by_type.get(table, []))
            persons = _by_ids(conn, "person", (r.get(person_key) or "" for r in
                                               records_.values()))
            for rid, data in records_.items():
                person = persons.get(data.get(person_key) or "", {})
                out[rid] = str(person.get("name") or ANONYMOUS)
        for rid, data in _by_ids(conn, ACTIVITY, by_type.get(ACTIVITY, [])).items():
            out[rid] = f"{_text(data.get('theme'))}（{_text(data.get('place'))}）"
        for rid, data in _by_ids(conn, SCREENING, by_type.get(SCREENING, [])).items():
            out[rid] = (f"{_text(data.get('place'))}"
                        f"（{ScreeningKind.label_of(data.get('kind') or None)}）")
        for rid, data in _by_ids(conn, WORK_ORDER, by_type.get(WORK_ORDER, [])).items():
            out[rid] = order_title(_text(data.get("channel")), _text(data.get("request")))
    return out


# -- one record, read only ---------------------------------------------------------------------


Fields = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class RecordDetails:
    """One record's fields as (label, text) pairs in headed sections, in reading order
    (empty fields and sections left out)."""

    record_type: str
    record_id: str
    number: str
    station_name: str
    sections: tuple[tuple[str, Fields], ...]
    station_id: str = ""

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.record_type, self.record_type)

    @property
    def fields(self) -> Fields:
        return tuple(pair for _heading, fields in self.sections for pair in fields)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _local_time(value: Any) -> str:
    if not value:
        return ""
    try:
        return datetime.fromisoformat(str(value)).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return str(value)


def _yuan(value: Any) -> str:
    return "" if value is None or value == "" else yuan(int(value))


def _yes_no(value: Any) -> str:
    return "是" if value else "否"


def _person(person: dict[str, Any]) -> str:
    if not person:
        return ""
    parts = [str(person.get("name") or UNNAMED)]
    masked = mask_id_number(str(person.get("id_number") or ""))
    if masked:
        parts.append(masked)
    return "，".join(parts)


Format = Callable[[Any], str]


def _enum(kind: type[E.LabeledEnum]) -> Format:
    return lambda value: kind.label_of(value or None)


Spec = tuple[tuple[str, str, Format], ...]

_CONSULTATION: Spec = (
    ("occurred_at", "咨询时间", _local_time),
    ("channel", "咨询方式", _enum(E.Channel)),
    ("topic", "咨询类别", _enum(E.ConsultationTopic)),
    ("question", "咨询内容", _text),
    ("answer", "解答意见", _text),
    ("handling_result", "处理结果", _enum(E.HandlingResult)),
    ("referred_to", "转至", _text),
    ("minutes_spent", "用时（分钟）", _text),
    ("satisfaction", "满意度", _enum(E.Satisfaction)),
)
_CASE: Spec = (
    ("source", "案件来源", _enum(E.CaseSource)),
    ("referring_body_kind", "移送单位类别", _enum(E.ReferringBodyKind)),
    ("referring_body", "移送单位", _text),
    ("dispute_type", "纠纷类型", _enum(E.DisputeType)),
    ("facts", "纠纷事实", _text),
    ("claims", "申请事项", _text),
    ("amount_involved_fen", "涉及金额（元）", _yuan),
)
_CASE_PROGRESS: Spec = (
    ("registered_on", "登记日期", _text),
    ("accepted_on", "受理日期", _text),
    ("deadline", "办结期限", _text),
    ("extension_days", "延长天数", lambda v: _text(v) if v else ""),
    ("extension_reason", "延长理由", _text),
    ("status", "状态", _enum(E.MediationStatus)),
    ("concluded_on", "调结日期", _text),
    ("status_reason", "状态说明", _text),
)
_REFERRAL: Spec = (
    ("agent_name", "代理人", _text),
    ("agent_relation", "与申请人关系", _text),
    ("matter", "申请事项", _enum(E.AidMatter)),
    ("matter_detail", "事项说明", _text),
    ("cause_of_action", "案由", _text),
    ("procedural_role", "诉讼地位", _enum(E.ProceduralRole)),
    ("stage", "案件阶段", _enum(E.CaseStage)),
    ("facts", "案情摘要", _text),
    ("request", "申请请求", _text),
    ("hardship_route", "经济困难认定方式", _enum(E.HardshipRoute)),
    ("limitation_deadline", "时效/期限届满日", _text),
    ("aid_form", "申请援助形式", _enum(E.AidForm)),
    ("opposing_party", "对方当事人", _text),
    ("agent_name", "代理人", _text),
    ("agent_relation", "代理人与申请人关系", _text),
    ("agent_id_number", "代理人证件号码", lambda v: mask_id_number(str(v or ""))),
)
_REFERRAL_PROGRESS: Spec = (
    ("status", "状态", _enum(E.AidStatus)),
    ("applied_on", "申请日期", _text),
    ("forwarded_to", "转交至", _text),
    ("forwarded_on", "转交日期", _text),
    ("center_received_on", "中心接收日期", _text),
    ("decision", "决定", _enum(E.AidDecision)),
    ("decision_on", "决定日期", _text),
    ("decision_told_on", "告知申请人日期", _text),
    ("assigned_lawyer", "承办律师", _text),
    ("decision_note", "决定说明", _text),
    ("correction_note", "更正说明", _text),
)

_ACTIVITY: Spec = (
    ("held_on", "活动日期", _text),
    ("place_kind", "场所类型", _enum(PublicityPlace)),
    ("place", "活动地点", _text),
    ("form", "宣传形式", _enum(PublicityForm)),
    ("theme", "宣传主题", _text),
    ("audience", "受众人数", _text),
    ("materials", "发放资料（份）", _text),
    ("notes", "活动情况", _text),
)

_SCREENING: Spec = (
    ("held_on", "排查日期", _text),
    ("kind", "排查类型", _enum(ScreeningKind)),
    ("place", "排查地点", _text),
    ("participants", "参加人员", _text),
    ("notes", "排查情况", _text),
)

_WORK_ORDER: Spec = (
    ("order_no", "工单编号", _text),
    ("channel", "工单来源", _enum(E.Channel)),
    ("received_on", "接收日期", _text),
    ("due_on", "办理期限", _text),
    ("caller_name", "诉求人", _text),
    ("request", "诉求内容", _text),
)
_WORK_ORDER_REPLY: Spec = (
    ("replied_on", "回复日期", _text),
    ("reply_method", "回复方式", _enum(ReplyMethod)),
    ("reply_content", "回复内容", _text),
)

_VOID: Spec = (("voided_at", "作废时间", _local_time), ("void_reason", "作废原因", _text))

_AGREEMENT: tuple[tuple[str, str, Format], ...] = (
    ("form", "协议形式", _enum(E.AgreementForm)),
    ("terms", "协议内容", _text),
    ("amount_agreed_fen", "协议金额（元）", _yuan),
    ("effective_on", "协议生效日期", _text),
    ("performance_deadline", "履行期限", _text),
    ("judicial_confirmation_applied", "申请司法确认", _yes_no),
    ("judicial_confirmation_on", "司法确认申请日期", _text),
    ("judicial_result", "司法确认结果", _enum(JudicialResult)),
    ("judicial_result_on", "司法确认结果日期", _text),
    ("judicial_ruling_number", "裁定书文号", _text),
    ("performance_status", "履行情况", _enum(E.Performance)),
)

_STEP_MANNERS = {StepKind.RIGHTS_NOTICE.value: NoticeManner,
                 StepKind.SUPERVISION.value: SupervisionManner}


def _step_line(step: dict[str, Any]) -> tuple[str, str]:
    kind = str(step.get("kind") or "")
    manners = _STEP_MANNERS.get(kind)
    parts = [manners.label_of(step.get("manner")) if manners else "",
             _text(step.get("staff")), _text(step.get("place")), _text(step.get("people")),
             _text(step.get("content")), E.Performance.label_of(step.get("result"))]
    return (f"{StepKind.label_of(kind)}（{_text(step.get('done_on'))}）",
            "，".join(x for x in parts if x))


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _rows(data: dict[str, Any], spec: Spec) -> list[tuple[str, str]]:
    out = []
    for key, label, fmt in spec:
        text = fmt(data.get(key))
        if text:
            out.append((label, text))
    return out


def _operator(conn: Connection, operator_id: Any) -> list[tuple[str, str]]:
    found = _by_ids(conn, "operator", [str(operator_id or "")])
    name = str(found.get(str(operator_id), {}).get("name") or "")
    return [("经办人", name)] if name else []


def _work_order_sections(conn: Connection, data: dict[str, Any]
                         ) -> list[tuple[str, list[tuple[str, str]]]]:
    """A 12348 work order: the order and its receiver, the linked handling by number, the
    reply and who gave it, and whether it was on time."""
    handling = []
    for key, table, label in (("consultation_id", CONSULTATION, "法律咨询"),
                              ("case_id", CASE, "人民调解"),
                              ("referral_id", REFERRAL, "法律援助转交")):
        if data.get(key):
            found = _by_ids(conn, table, [str(data[key])]).get(str(data[key]), {})
            handling.append((label, _text(found.get("number")) or "（县级中心尚未收到）"))
    reply = _rows(data, _WORK_ORDER_REPLY)
    if data.get("replied_on"):
        by = _by_ids(conn, "operator", [str(data.get("replied_by") or "")])
        name = str(by.get(str(data.get("replied_by")), {}).get("name") or "")
        if name:
            reply.append(("回复人", name))
        on_time = replied_on_time(as_day(data.get("due_on")), as_day(data.get("replied_on")))
        reply.append(("是否按期", "按期回复" if on_time else "逾期回复"))
    else:
        reply.append(("回复情况", "尚未回复"))
    return [("工单信息", _rows(data, _WORK_ORDER) + [
                ("接收人", name) for _l, name in _operator(conn, data.get("operator_id"))]),
            ("办理情况", handling), ("回复平台", reply)]


def _responsibility_rows(conn: Connection, record_type: str, record_id: str
                         ) -> list[tuple[str, str]]:
    """首问责任人, 当前承办人 and the hand-overs of a record, as the station sent them
    (nothing for a record of a station before 首问负责: no row was sent)."""
    def mine(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [r for r in rows if r.get("record_type") == record_type]

    resp = next(iter(mine(_children(conn, "responsibility", [record_id], "record_id"))), None)
    handovers = sorted(mine(_children(conn, "handover", [record_id], "record_id")),
                       key=lambda h: (str(h.get("handed_at") or ""), h["id"]))
    if resp is None and not handovers:
        return []
    ids = {str(h.get(k) or "") for h in handovers for k in ("from_operator_id", "decided_by")}
    if resp is not None:
        ids |= {str(resp.get("first_receiver_id") or ""), str(resp.get("handler_id") or "")}
    names = {i: str(d.get("name") or "") for i, d in _by_ids(conn, "operator", ids).items()}
    out: list[tuple[str, str]] = []
    if resp is not None:
        out.append(("首问责任人", names.get(str(resp.get("first_receiver_id")), "")))
        handler = (names.get(str(resp.get("handler_id")), "") if resp.get("handler_id")
                   else _text(resp.get("handler_name")))
        out.append(("当前承办人", handler))
    for h in handovers:
        out.append(("移交", handover_sentence(
            handed_at=_instant(h.get("handed_at")),
            from_name=names.get(str(h.get("from_operator_id")), ""),
            to_name=_text(h.get("to_name")), target=str(h.get("target") or ""),
            reason=_text(h.get("reason")), status=str(h.get("status") or ""),
            decided_by=_text(h.get("confirmed_by")) or names.get(
                str(h.get("decided_by") or ""), ""),
            decided_at=_instant(h.get("decided_at")),
            decline_reason=_text(h.get("decline_reason")))))
    return [(label, text) for label, text in out if text]


def _instant(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def as_day(value: Any) -> date:
    return date.fromisoformat(str(value)[:10])


def _person_of(conn: Connection, person_id: Any) -> str:
    found = _by_ids(conn, "person", [str(person_id or "")])
    return _person(next(iter(found.values()), {}))


def committee_of(conn: Connection, case: dict[str, Any]) -> list[tuple[str, str]]:
    """("人民调解委员会", its name) of a case as the county holds it (nothing when the station
    has not sent it: a bundle from before migration 0009_committees)."""
    committee_id = str(case.get("committee_id") or "")
    found = _by_ids(conn, "mediation_committee", [committee_id]).get(committee_id)
    return [("人民调解委员会", str(found.get("name") or ""))] if found else []


def _case_sections(conn: Connection, case_id: str, data: dict[str, Any]
                   ) -> list[tuple[str, list[tuple[str, str]]]]:
    mediator = [("调解员", name) for _label, name in _operator(conn, data.get("mediator_id"))]
    named = _party_names(conn, [case_id]).get(case_id, [])
    parties = [(E.PartyRole.label_of(role) or "当事人", _person(person) or name)
               for role, name, person in named]
    agreements = _children(conn, "mediation_agreement", [case_id])
    visits = sorted(_children(conn, "follow_up", [case_id]),
                    key=lambda v: (str(v.get("visited_on") or ""), v["id"]))
    found = [(f"回访（{_text(v.get('visited_on'))}）",
              "，".join(x for x in (E.VisitMethod.label_of(v.get("method")),
                                   _text(v.get("visitee")),
                                   E.Performance.label_of(v.get("performance")),
                                   E.Satisfaction.label_of(v.get("satisfaction")),
                                   _text(v.get("notes"))) if x)) for v in visits]
    helpers = _rows(data, (("co_mediators", "协助调解人", _text),))
    title = [("案件", case_title(((role, name) for role, name, _ in named),
                                data.get("dispute_type")))]
    return [("案件信息", title + committee_of(conn, data) + _rows(data, _CASE) + mediator
             + helpers),
            ("当事人", parties),
            ("办理情况", _rows(data, _CASE_PROGRESS)),
            ("调解协议", _rows(agreements[0], _AGREEMENT) if agreements else []),
            ("回访", found),
            ("案卷记录", [_step_line(step) for step in sorted(
                _children(conn, "mediation_step", [case_id]),
                key=lambda x: (str(x.get("done_on") or ""), x["id"]))])]


def _activity_sections(conn: Connection, activity_id: str, data: dict[str, Any]
                       ) -> list[tuple[str, list[tuple[str, str]]]]:
    links = [link for link in _children(conn, "publicity_operator", [activity_id],
                                        key="activity_id") if not link.get("removed")]
    links.sort(key=lambda link: (int(link.get("position") or 0), link["id"]))
    operators = _by_ids(conn, "operator", (str(link.get("operator_id") or "") for link in links))
    names = [str(operators.get(str(link.get("operator_id")), {}).get("name") or "")
             for link in links]
    team = [("参加人员", "、".join(n for n in names if n))] if any(names) else []
    return [("活动信息", _rows(data, _ACTIVITY) + team)]


def _screening_sections(conn: Connection, screening_id: str, data: dict[str, Any]
                        ) -> list[tuple[str, list[tuple[str, str]]]]:
    disputes = [d for d in _children(conn, "screening_dispute", [screening_id],
                                     key="screening_id") if not d.get("removed")]
    disputes.sort(key=lambda d: (int(d.get("position") or 0), d["id"]))
    cases = _by_ids(conn, CASE, (str(d.get("case_id") or "") for d in disputes))
    found = []
    for d in disputes:
        outcome = DisputeOutcome.label_of(d.get("outcome") or None)
        if d.get("case_id"):
            outcome += f"（{_text(cases.get(str(d['case_id']), {}).get('number'))}）"
        elif d.get("referred_to"):
            outcome += f"（{_text(d.get('referred_to'))}）"
        parts = [E.DisputeType.label_of(d.get("dispute_type") or None),
                 f"风险{RiskLevel.label_of(d.get('risk_level') or None)}", outcome]
        if d.get("prevention_kind"):
            parts.append(f"{PreventionKind.label_of(d['prevention_kind'])}"
                         f"{_text(d.get('prevention_persons'))}人")
        found.append((_text(d.get("parties")), "，".join(p for p in parts if p)))
    return [("排查信息", _rows(data, _SCREENING) + _operator(conn, data.get("operator_id"))),
            ("发现的纠纷", found)]


def _rating_lines(conn: Connection, record_type: str, record_id: str
                  ) -> list[tuple[str, str]]:
    """The record's ratings (群众评价), oldest first, each with its review when 不满意."""
    items = [r for r in _children(conn, "rating", [record_id], key="record_id")
             if r.get("record_type") == record_type]
    items.sort(key=lambda r: str(r.get("rated_at") or ""))
    reviews = {str(r.get("rating_id")): r
               for r in _children(conn, "rating_review", [r["id"] for r in items],
                                  key="rating_id")}
    out: list[tuple[str, str]] = []
    for r in items:
        source = RatingSource.label_of(r.get("source"))
        text = (f"{E.Satisfaction.label_of(r.get('value'))}（{source}"
                f"·{RatingMethod.label_of(r.get('method'))}）")
        reasons = "、".join(RatingReason.label_of(x) for x in r.get("reasons") or [])
        text += "".join(f"：{x}" for x in (reasons, str(r.get("comment") or "")) if x)
        review = reviews.get(r["id"])
        if review is not None:
            text += (f"；已核查：{review.get('action_taken') or ''}" if review.get("closed_at")
                     else f"；待核查（{review.get('due_on') or ''}前）")
        out.append((_local_time(r.get("rated_at")), text))
    return out


def record_details(db: CountyDatabase, record_type: str, record_id: str, *,
                   today: date | None = None) -> RecordDetails | None:
    """The record's fields for reading; None when the county does not hold it."""
    require(db, Permission.RECORDS)
    if record_type not in KIND_LABELS:
        return None
    with db.engine.connect() as conn:
        return _details(conn, record_type, record_id, today)


def view_record(db: CountyDatabase, record_type: str, record_id: str, *, actor: str = "",
                today: date | None = None) -> RecordDetails | None:
    """``record_details`` for a person who opens the record (the console's record dialog):
    read and recorded in the county's audit trail in one transaction."""
    require(db, Permission.RECORDS)
    if record_type not in KIND_LABELS:
        return None
    with db.write() as conn:
        details = _details(conn, record_type, record_id, today)
        if details is not None:
            code = conn.execute(select(station.c.division_code).where(
                station.c.station_id == details.station_id)).scalar() or ""
            title = f"{details.kind_label} {details.number}".strip()
            audit.append(conn, CountyAuditAction.RECORD_VIEW, actor=actor, station_code=code,
                         target_type=record_type, target=record_id, detail=title)
        return details


def _details(conn: Connection, record_type: str, record_id: str,
             today: date | None) -> RecordDetails | None:
    t = RECORDS[record_type]
    row = conn.execute(select(t.c.station_id, t.c.data).where(t.c.id == record_id)).first()
    if row is None:
        return None
    data = json.loads(row.data)
    names = station_names(conn)
    if record_type == CONSULTATION:
        who = [("咨询人", _person_of(conn, data.get("person_id")) or ANONYMOUS)]
        sections = [("咨询信息", who + _rows(data, _CONSULTATION)
                     + _operator(conn, data.get("operator_id")))]
    elif record_type == REFERRAL:
        who = [("申请人", _person_of(conn, data.get("applicant_id")) or UNNAMED)]
        # art. 44 urgency as of today, from the deadline (never the stored flag)
        urgent = is_urgent(_day(data.get("limitation_deadline")), today or date.today())
        sections = [("申请信息", who + _rows(data, _REFERRAL) + [("紧急", _yes_no(urgent))]),
                    ("转交与决定", _rows(data, _REFERRAL_PROGRESS)
                     + _operator(conn, data.get("operator_id")))]
    elif record_type == ACTIVITY:
        sections = _activity_sections(conn, record_id, data)
    elif record_type == SCREENING:
        sections = _screening_sections(conn, record_id, data)
    elif record_type == WORK_ORDER:
        sections = _work_order_sections(conn, data)
    else:
        sections = _case_sections(conn, record_id, data)
    if record_type in (CONSULTATION, REFERRAL, CASE):
        sections.append(("群众评价", _rating_lines(conn, record_type, record_id)))
    sections.append(("首问负责", _responsibility_rows(conn, record_type, record_id)))
    if data.get("voided_at"):  # voided at the station (作废): say so first
        sections.insert(0, ("已作废", _rows(data, _VOID)))
    return RecordDetails(record_type, record_id,
                         str(data.get("number") or data.get("order_no") or ""),
                         names.get(str(row.station_id), ""),
                         tuple((heading, tuple(fields)) for heading, fields in sections
                               if fields), str(row.station_id))
