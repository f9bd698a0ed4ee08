"""A small station with hand-picked records in March 2026 (and a few around it), made through
the services, for tests that check hand-computed numbers (aggregation, PDF, Excel, the 统计
page, the command line, the county).

What is in March 2026 (P) and what each table must show is spelled out in ``EXPECTED_*``
(computed by hand from the list below, not by the code under test):

Consultations (local noon): C1 03-02 walk_in wages 满意; C2 03-05 phone wages 基本满意
(to legal aid); C3 03-10 walk_in marriage_family 不满意 (to mediation); C4 03-31 online
neighbour unrated; outside: C5 02-27, C6 04-01.

Mediation cases (K…; accepted → concluded, deadline = accepted + 30 days + extension):
K1 neighbour/application 10,000元, accepted 03-02, agreement 03-10 8,000元 (performance
   deadline 03-15), judicial confirmation applied, confirmed by the court 03-18, visit 03-20
   performed 满意.
K2 neighbour/own_initiative 5,000元, accepted 03-03, ORAL agreement 03-12 1,234.56元 (no
   deadline: visit due 04-11), no visit; carries 防止转化为刑事案件 (3人), as does the screened
   dispute D2 linked to it: counted once.
K3 neighbour/referred by 海港派出所 (kind 公安), accepted 01-20, failed 03-05 (deadline 02-19:
   late).
K4 marriage_family/application 0元, accepted 03-15, still mediating.
K5 marriage_family/application, accepted 02-02, extended 15 days (deadline 03-19), agreement
   03-18 2,000元 (performance deadline 03-20), visit 03-25 partly 基本满意.
K6 neighbour/application 3,000元, accepted 03-04, terminated 03-06; carries 防止群体性上访
   (20人).
K7 neighbour/application, accepted 02-01, agreement 02-10 (performance deadline 03-05), no
   visit: a follow-up due in March, missed.
K8 contract, accepted 04-02 (outside).

Aid referrals (promise: forward within 3 days): R1 wages 03-02 → forwarded 03-04, granted
03-10; R2 maintenance 03-05 → forwarded 03-12 (late), no decision; R3 wages 02-25 → forwarded
03-01 (late), denied 03-20; R4 wages 03-20 urgent (limitation 03-25), not forwarded; R5 wages
02-10 → 02-11, granted 02-20 (outside).

Who handled them: the admin 王管理 (A) and the mediator 赵调解 (M). M registered C3 and C4,
opened (and mediated) K4, K5 and K6 and took R2; A did the rest, including K5's follow-up
visit (its satisfaction counts for K5's mediator, M).

Legal publicity activities (P…; participants in order; audience / materials):
P1 03-03 lecture at a school, A + M, 120 / 200. P2 03-15 stall at a market, M, 80 / 150.
P3 03-28 broadcast in a village, A + M, then edited to A only (M's link removed), 500 / 0.
P4 03-20 stall at a market, A, 60 / 90. Outside: P5 02-20 lecture, A; P6 04-02 visit, M.

Every case has two parties. Dispute screenings (S…; disputes D…: type, risk, outcome,
prevention):
S1 03-05 regular (定期) at 东村 by A: D1 neighbour 一般 resolved on the spot; D2 forest_land
   较大 mediated → K2, 防止转化为刑事案件 3人; D7 防止群体性上访 5人, then taken off S1 (counted
   nowhere).
S2 03-20 key period (重点时段) at 西村 by M: D3 marriage_family 重大 watched, 防止引起自杀 1人;
   D4 neighbour 一般 referred to 海港派出所, 防止群体性械斗 12人.
Outside March: S3 02-25 special (专项) by A: D6 contract 一般 watched.

12348 work orders (W…; channel, received → due, reply): W1 hotline 03-02 → 03-09 replied
03-06 (on time, handled by C1), by A; W2 hotline 03-10 → 03-17 replied 03-20 (late), by M;
W3 platform 03-15 → 03-22 never replied, by A; W4 platform 03-25 → 04-01 replied 03-31 (on
time), by M. Outside March: W5 hotline 02-26 → 03-05 replied 03-04; W6 platform 04-01.

Ratings (``domain.rating``; each counts for whose service it rates). Entered with the
records: C1 满意, C2 基本满意 (A), C3 不满意 (M) as 工作人员代录; the visits K1 满意 (A, K1's
mediator) and K5 基本满意 (M) as 回访. The citizens' own (群众自评): C1 满意 03-02 (screen, A),
K1 基本满意 03-10 (screen, A), R1 满意 03-02 (screen, A), C3 不满意 03-10 (screen, M), R2
基本满意 03-06 (returned slip, M); outside: C5 满意 02-27, C4 不满意 by a slip returned 04-02;
C7 满意 03-12 (voided with C7).

Voided (作废) records, counted nowhere: C7 03-12 (M), K9 neighbour accepted 03-09 with an
agreement 03-11 and a visit 03-16, R6 03-06 forwarded 03-07.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from workstation.domain.casefile import JudicialResultInput
from workstation.domain.identity import make_resident_id
from workstation.domain.inputs import (
    AgreementInput,
    CaseInput,
    ConsultationInput,
    FollowUpInput,
    PartyInput,
    PersonInput,
    ReferralInput,
    SessionInput,
)
from workstation.domain.publicity import ActivityInput
from workstation.domain.screening import FoundDisputeInput, ScreeningInput
from workstation.domain.work_orders import ReplyInput, WorkOrderInput
from workstation.services import (
    aid,
    casefile,
    mediation,
    publicity,
    ratings,
    screening,
    voiding,
    work_orders,
)
from workstation.services.auth import add_operator
from workstation.services.consultations import register_consultation
from workstation.services.context import Actor
from workstation.storage.engine import Database

MEDIATOR_PASSWORD = "mediator-pass-1"
PERIOD = "2026-03"
QUARTER = "2026-Q1"
#: The day the expected numbers are computed as of (follow-ups due up to then count).
AS_OF = date(2026, 11, 26)


def noon(month: int, day: int) -> datetime:
    return datetime(2026, month, day, 12, 0).astimezone()


@dataclass
class Known:
    """Record ids and numbers by their names in the module docstring."""

    ids: dict[str, str] = field(default_factory=dict)
    numbers: dict[str, str] = field(default_factory=dict)
    #: "A" (the admin) and "M" (the mediator) → operator id.
    operators: dict[str, str] = field(default_factory=dict)
    #: The mediator, to act (and view statistics) as them.
    mediator: Actor | None = None


class _People:
    def __init__(self, region: str, start: int) -> None:
        self.region, self.seq = region, start

    def next(self, name: str) -> PersonInput:
        self.seq += 1
        sex = "male" if self.seq % 2 else "female"
        return PersonInput(name=name, id_number=make_resident_id(
            self.region, date(1975, 3, 4), self.seq, sex), phone="13800138000",
            address="海港镇东村1号", sex=sex)


def build_known_station(db: Database, actor: Actor, *, region: str = "130302",
                        person_seq: int = 100) -> Known:
    """Create every record of the module docstring at the station of ``actor``."""
    from workstation.services.records import load_case, load_consultation, load_referral

    people = _People(region, person_seq)
    known = Known()
    admin = actor
    mediator_id = add_operator(db, admin, username="zhaotj", name="赵调解",
                               password=MEDIATOR_PASSWORD)
    med = Actor(mediator_id, admin.station_id, "zhaotj", "赵调解", "mediator")
    known.operators = {"A": admin.operator_id, "M": mediator_id}
    known.mediator = med

    def consultation(name: str, month: int, day: int, channel: str, topic: str,
                     handling: str, satisfaction: str | None, by: Actor = admin) -> None:
        rid = register_consultation(db, by, ConsultationInput(
            occurred_at=noon(month, day), channel=channel, topic=topic,
            question="请问这种情况怎么办？", handling_result=handling, answer="已当场解答。",
            person=people.next("张咨询"), satisfaction=satisfaction))
        known.ids[name] = rid
        known.numbers[name] = load_consultation(db, rid).number

    consultation("C1", 3, 2, "walk_in", "wages", "answered", "satisfied")
    consultation("C2", 3, 5, "phone", "wages", "to_legal_aid", "fairly")
    consultation("C3", 3, 10, "walk_in", "marriage_family", "to_mediation", "dissatisfied",
                 by=med)
    consultation("C4", 3, 31, "online", "neighbour", "answered", None, by=med)
    consultation("C5", 2, 27, "walk_in", "wages", "answered", "satisfied")
    consultation("C6", 4, 1, "phone", "wages", "answered", "satisfied")

    def case(name: str, dispute: str, source: str, amount_yuan: int, accepted: date,
             registered: date | None = None, by: Actor = admin) -> str:
        parties = (PartyInput(role="applicant", person=people.next("王申请")),
                   PartyInput(role="respondent", person=people.next("李被申")))
        cid = mediation.open_case(db, by, CaseInput(
            source=source, dispute_type=dispute, facts="双方因琐事发生纠纷。",
            parties=parties, registered_on=registered or accepted,
            referring_body="海港派出所" if source == "referred" else "",
            referring_body_kind="police" if source == "referred" else "",
            amount_involved_fen=amount_yuan * 100))
        mediation.accept_case(db, by, cid, accepted)
        known.ids[name] = cid
        known.numbers[name] = load_case(db, cid).number
        return cid

    def session(cid: str, day: date, by: Actor = admin) -> None:
        mediation.record_session(db, by, cid, SessionInput(
            held_at=datetime(day.year, day.month, day.day, 9, 30).astimezone(),
            place="调解室", attendees="双方当事人", record="双方陈述意见。"))

    def agree(cid: str, day: date, fen: int, deadline: date | None = None,
              confirmation: bool = False, by: Actor = admin, form: str = "written") -> None:
        session(cid, day, by)
        mediation.record_agreement(db, by, cid, AgreementInput(
            form=form, terms="双方自愿达成协议。", effective_on=day,
            performance_manner="银行转账", performance_place="调解室",
            amount_agreed_fen=fen, performance_deadline=deadline))
        if confirmation:
            mediation.set_judicial_confirmation(db, by, cid, day)

    def visit(cid: str, day: date, performance: str, satisfaction: str) -> None:
        mediation.record_follow_up(db, actor, cid, FollowUpInput(
            visited_on=day, performance=performance, satisfaction=satisfaction,
            notes="回访了解履行情况。"))

    d = date
    k1 = case("K1", "neighbour", "application", 10_000, d(2026, 3, 2), d(2026, 3, 1))
    agree(k1, d(2026, 3, 10), 800_000, d(2026, 3, 15), confirmation=True)
    casefile.record_judicial_result(db, admin, k1, JudicialResultInput(
        "confirmed", d(2026, 3, 18), "秦皇岛市海港区人民法院", "（2026）冀0302民特12号"))
    visit(k1, d(2026, 3, 20), "performed", "satisfied")

    k2 = case("K2", "neighbour", "own_initiative", 5_000, d(2026, 3, 3))
    agree(k2, d(2026, 3, 12), 123_456, form="oral")
    screening.set_case_prevention(db, admin, k2, "criminal", 3)

    k3 = case("K3", "neighbour", "referred", 0, d(2026, 1, 20))
    session(k3, d(2026, 1, 25))
    mediation.change_status(db, actor, k3, "failed", reason="双方分歧过大", on=d(2026, 3, 5))

    k4 = case("K4", "marriage_family", "application", 0, d(2026, 3, 15), by=med)
    session(k4, d(2026, 3, 16), med)

    k5 = case("K5", "marriage_family", "application", 0, d(2026, 2, 2), d(2026, 2, 1), by=med)
    mediation.extend_deadline(db, med, k5, 15, "案情复杂")
    agree(k5, d(2026, 3, 18), 200_000, d(2026, 3, 20), by=med)
    visit(k5, d(2026, 3, 25), "partly", "fairly")  # by the admin

    k6 = case("K6", "neighbour", "application", 3_000, d(2026, 3, 4), by=med)
    mediation.change_status(db, med, k6, "terminated", reason="申请人撤回", on=d(2026, 3, 6))
    screening.set_case_prevention(db, med, k6, "group_petition", 20)

    k7 = case("K7", "neighbour", "application", 0, d(2026, 2, 1))
    agree(k7, d(2026, 2, 10), 50_000, d(2026, 3, 5))

    case("K8", "contract", "application", 0, d(2026, 4, 2))

    def referral(name: str, matter: str, applied: date, *, forwarded: date | None = None,
                 decision: str | None = None, decided: date | None = None,
                 limitation: date | None = None, by: Actor = admin) -> None:
        rid = aid.create_referral(db, by, ReferralInput(
            matter=matter, facts="工资被拖欠，多次讨要未果。", request="请求法律援助。",
            hardship_route="commitment", household_size=3, applied_on=applied,
            applicant=people.next("赵申请"), limitation_deadline=limitation), today=applied)
        if forwarded is not None:
            aid.forward_referral(db, by, rid, forwarded_to="海港区法律援助中心",
                                 forwarded_on=forwarded, allow_incomplete=True)
        if decision is not None and decided is not None:
            aid.record_decision(db, actor, rid, decision=decision, decided_on=decided,
                                lawyer="孙律师" if decision == "granted" else "")
        known.ids[name] = rid
        known.numbers[name] = load_referral(db, rid).number

    referral("R1", "wages", d(2026, 3, 2), forwarded=d(2026, 3, 4), decision="granted",
             decided=d(2026, 3, 10))
    referral("R2", "maintenance", d(2026, 3, 5), forwarded=d(2026, 3, 12), by=med)
    referral("R3", "wages", d(2026, 2, 25), forwarded=d(2026, 3, 1), decision="denied",
             decided=d(2026, 3, 20))
    referral("R4", "wages", d(2026, 3, 20), limitation=d(2026, 3, 25))
    referral("R5", "wages", d(2026, 2, 10), forwarded=d(2026, 2, 11), decision="granted",
             decided=d(2026, 2, 20))

    def activity(name: str, day: date, form: str, place_kind: str, place: str,
                 audience: int, materials: int, *by: Actor) -> str:
        aid_ = publicity.create_activity(db, by[0], ActivityInput(
            held_on=day, place_kind=place_kind, place=place, form=form,
            theme="宪法进万家", audience=audience, materials=materials,
            operator_ids=tuple(a.operator_id for a in by)))
        known.ids[name] = aid_
        known.numbers[name] = publicity.load_activity(db, aid_).number
        return aid_

    activity("P1", d(2026, 3, 3), "lecture", "school", "海港中学", 120, 200, admin, med)
    activity("P2", d(2026, 3, 15), "stall", "market", "东村集市", 80, 150, med)
    p3 = activity("P3", d(2026, 3, 28), "broadcast", "village", "东村", 500, 0, admin, med)
    detail = publicity.load_activity(db, p3)
    publicity.update_activity(db, admin, p3, replace(detail.as_input(),
                                                    operator_ids=(admin.operator_id,)),
                              expected_version=detail.version)
    activity("P4", d(2026, 3, 20), "stall", "market", "西村集市", 60, 90, admin)
    activity("P5", d(2026, 2, 20), "lecture", "school", "海港小学", 300, 300, admin)
    activity("P6", d(2026, 4, 2), "visit", "village", "西村", 40, 40, med)

    def found(parties: str, dispute: str, risk: str, outcome: str, **more: Any
              ) -> FoundDisputeInput:
        return FoundDisputeInput(parties=parties, dispute_type=dispute, risk_level=risk,
                                 outcome=outcome, summary="排查中发现。", **more)

    def screen(name: str, day: date, kind: str, place: str, by: Actor,
               *disputes: FoundDisputeInput) -> str:
        sid = screening.create_screening(db, by, ScreeningInput(
            held_on=day, place=place, kind=kind, participants="王管理、赵调解",
            disputes=disputes), today=AS_OF)
        known.ids[name] = sid
        known.numbers[name] = screening.load_screening(db, sid).number
        return sid

    s1 = screen("S1", d(2026, 3, 5), "regular", "东村", admin,
                found("张甲与张乙", "neighbour", "ordinary", "resolved"),
                found("王五与赵六", "forest_land", "major", "mediated", case_id=k2,
                      prevention_kind="criminal", prevention_persons=3),
                found("东村三组村民与养殖场", "environment", "major", "watched",
                      prevention_kind="group_petition", prevention_persons=5))
    detail = screening.load_screening(db, s1)
    screening.update_screening(db, admin, s1, replace(
        detail.as_input(), disputes=tuple(x.as_input() for x in detail.disputes[:2])),
        expected_version=detail.version, today=AS_OF)
    screen("S2", d(2026, 3, 20), "key_period", "西村", med,
           found("孙某与其子", "marriage_family", "serious", "watched",
                 prevention_kind="suicide", prevention_persons=1),
           found("西村刘家与陈家", "neighbour", "ordinary", "referred", referred_to="海港派出所",
                 prevention_kind="group_fight", prevention_persons=12))
    screen("S3", d(2026, 2, 25), "special", "海港镇", admin,
           found("某公司与李某", "contract", "ordinary", "watched"))

    def order(name: str, channel: str, received: date, due: date, replied: date | None,
              by: Actor, handled_by: str | None = None) -> None:
        oid = work_orders.register_order(db, by, WorkOrderInput(
            order_no=f"GD{received:%Y%m%d}-{name}", channel=channel, received_on=received,
            due_on=due, request="12348平台转来的群众诉求。"), today=AS_OF)
        if handled_by is not None:
            work_orders.link_handling(db, by, oid, "consultation", known.ids[handled_by])
        if replied is not None:
            work_orders.record_reply(db, by, oid, ReplyInput(
                replied_on=replied, content="已办结并回复平台。", method="platform"),
                today=AS_OF)
        known.ids[name] = oid
        known.numbers[name] = f"GD{received:%Y%m%d}-{name}"

    order("W1", "hotline_12348", d(2026, 3, 2), d(2026, 3, 9), d(2026, 3, 6), admin, "C1")
    order("W2", "hotline_12348", d(2026, 3, 10), d(2026, 3, 17), d(2026, 3, 20), med)
    order("W3", "platform_12348", d(2026, 3, 15), d(2026, 3, 22), None, admin)
    order("W4", "platform_12348", d(2026, 3, 25), d(2026, 4, 1), d(2026, 3, 31), med)
    order("W5", "hotline_12348", d(2026, 2, 26), d(2026, 3, 5), d(2026, 3, 4), admin)
    order("W6", "platform_12348", d(2026, 4, 1), d(2026, 4, 8), None, admin)

    def rate(name: str, kind: str, month: int, day: int, value: str,
             method: str = "screen") -> None:
        ratings.record_rating(db, admin, record_type=kind, record_id=known.ids[name],
                              value=value, source="citizen", method=method,
                              rated_at=noon(month, day))

    rate("C1", "consultation", 3, 2, "satisfied")
    rate("K1", "mediation_case", 3, 10, "fairly")
    rate("R1", "aid_referral", 3, 2, "satisfied")
    rate("C3", "consultation", 3, 10, "dissatisfied")
    rate("R2", "aid_referral", 3, 6, "fairly", "slip")
    rate("C5", "consultation", 2, 27, "satisfied")
    rate("C4", "consultation", 4, 2, "dissatisfied", "slip")

    # Voided records: registered, then voided by the admin; no table counts them.
    consultation("C7", 3, 12, "walk_in", "wages", "answered", "satisfied", by=med)
    rate("C7", "consultation", 3, 12, "satisfied")
    k9 = case("K9", "neighbour", "application", 7_000, d(2026, 3, 9))
    agree(k9, d(2026, 3, 11), 100_000, d(2026, 3, 14))
    visit(k9, d(2026, 3, 16), "performed", "satisfied")
    referral("R6", "wages", d(2026, 3, 6), forwarded=d(2026, 3, 7))
    for name, kind in (("C7", "consultation"), ("K9", "mediation_case"),
                       ("R6", "aid_referral")):
        voiding.void_record(db, admin, kind, known.ids[name], "重复登记")
    return known


# --- expected numbers for March 2026 (hand-computed from the module docstring) ---------------

#: mediation_by_type: (受理, 调结, 调解成功, 成功率, 协议金额(分), 已履行, 申请司法确认, 司法确认)
#: — K1's agreement confirmed by the court.
EXPECTED_BY_TYPE: dict[str, tuple[Any, ...]] = {
    # accepted K1 K2 K6; concluded K1 K2 K3 K6; succeeded K1 K2; 8000 + 1234.56 yuan.
    "neighbour": (3, 4, 2, 0.5, 923_456, 1, 1, 1),
    # accepted K4; concluded K5 (succeeded, 2000 yuan, only partly performed).
    "marriage_family": (1, 1, 1, 1.0, 200_000, 0, 0, 0),
    "contract": (0, 0, 0, None, 0, 0, 0, 0),
    "total": (4, 5, 3, 0.6, 1_123_456, 1, 1, 1),
}
#: mediation_agreements: (涉及当事人, 书面协议, 口头协议) — parties of K1 K2 K6 / K4 (two
#: each); agreements K1 (written) K2 (oral) / K5 (written).
EXPECTED_AGREEMENTS = {"neighbour": (6, 1, 1), "marriage_family": (2, 1, 0),
                       "contract": (0, 0, 0), "total": (8, 2, 1)}
#: mediation_by_referrer: (受理, 调结, 调解成功) — K3 (公安) failed in March, accepted in January.
EXPECTED_BY_REFERRER = {"court": (0, 0, 0), "police": (0, 1, 0), "petition": (0, 0, 0),
                        "procuratorate": (0, 0, 0), "other": (0, 0, 0), "total": (0, 1, 0)}
EXPECTED_Q1_BY_REFERRER = {"police": (1, 1, 0), "court": (0, 0, 0), "total": (1, 1, 0)}
#: screening_by_kind: (排查次数, 排查发现纠纷, 其中较大以上, 预防纠纷, 已转入调解, 已移交处理,
#: 持续关注) — S1: D1 D2; S2: D3 D4 (D7 taken off, S3 in February).
EXPECTED_SCREENING = {"regular": (1, 2, 1, 1, 1, 0, 0), "special": (0, 0, 0, 0, 0, 0, 0),
                      "key_period": (1, 2, 1, 0, 0, 1, 1), "total": (2, 4, 2, 1, 1, 1, 1)}
EXPECTED_Q1_SCREENING = {"special": (1, 1, 0, 0, 0, 0, 1), "total": (3, 5, 2, 1, 1, 1, 2)}
#: prevention: (件数, 人数) — D3; D2 (K2 the same dispute: once); K6; D4.
EXPECTED_PREVENTION = {"suicide": (1, 1), "criminal": (1, 3), "group_petition": (1, 20),
                       "group_fight": (1, 12), "total": (4, 36)}
#: mediation_by_source: (受理, 涉案金额(分)) — K1 10,000 + K4 0 + K6 3,000; K2 5,000.
EXPECTED_BY_SOURCE = {"application": (3, 1_300_000), "own_initiative": (1, 500_000),
                      "referred": (0, 0), "total": (4, 1_800_000)}
#: mediation_by_outcome: (调结, 按期调结) — K3 failed late; K5 in time thanks to its extension.
EXPECTED_BY_OUTCOME = {"succeeded": (3, 3), "failed": (1, 0), "terminated": (1, 1),
                       "total": (5, 4)}
#: time_limits: (应办, 按期办结, 按期率)
EXPECTED_TIME_LIMITS = {
    "mediation": (5, 4, 0.8),
    "referral": (3, 1, 1 / 3),  # forwarded in March: R1 in time; R2, R3 late
    "follow_up": (3, 2, 2 / 3),  # due in March: K1 03-15 done, K5 03-20 done, K7 03-05 missed
}
#: consultation_by_topic: (来访, 来电, 网络, 走访, 12348热线, 12348网络平台, 合计)
EXPECTED_BY_TOPIC = {"wages": (1, 1, 0, 0, 0, 0, 2), "marriage_family": (1, 0, 0, 0, 0, 0, 1),
                     "neighbour": (0, 0, 1, 0, 0, 0, 1), "total": (2, 1, 1, 0, 0, 0, 4)}
#: work_orders_by_channel: (受理工单, 已回复, 按期回复, 按期回复率) — W1 W2 (W2 late); W3
#: (never replied) W4.
EXPECTED_WORK_ORDERS = {"hotline_12348": (2, 2, 1, 0.5), "platform_12348": (2, 1, 1, 0.5),
                        "total": (4, 3, 2, 0.5)}
#: satisfaction: (群众自评, 回访, 工作人员代录, 合计) — citizens C1 R1 满意, K1 R2 基本满意, C3
#: 不满意; visits K1 满意, K5 基本满意; staff C1 满意, C2 基本满意, C3 不满意.
EXPECTED_SATISFACTION = {"satisfied": (2, 1, 1, 4), "fairly": (2, 1, 1, 4),
                         "dissatisfied": (1, 0, 1, 2), "total": (5, 2, 3, 10)}
#: satisfaction_rate: (已评价, 满意和基本满意, 满意率) by source.
EXPECTED_SATISFACTION_RATE = {"citizen": (5, 4, 0.8), "visit": (2, 2, 1.0),
                              "staff": (3, 2, 2 / 3)}
#: satisfaction_by_service (citizens' own): (已评价, 满意和基本满意, 不满意, 满意率) — C1 C3; K1;
#: R1 R2.
EXPECTED_SATISFACTION_BY_SERVICE = {
    "consultation": (2, 1, 1, 0.5), "mediation_case": (1, 1, 0, 1.0),
    "aid_referral": (2, 2, 0, 1.0), "total": (5, 4, 1, 0.8)}
#: referral_by_matter: (受理申请, 其中紧急, 转交, 按期转交, 准予, 不予)
EXPECTED_BY_MATTER = {"wages": (2, 1, 2, 1, 1, 1), "maintenance": (1, 0, 1, 0, 0, 0),
                      "total": (3, 1, 3, 1, 1, 1)}
#: referral_by_decision: 件数
EXPECTED_BY_DECISION = {"referrals_granted": 1, "referrals_denied": 1, "referrals_awaiting": 1}
#: mediation_by_month over 2026-Q1: (受理, 调结, 调解成功)
EXPECTED_Q1_MONTHS = {"2026-01": (1, 0, 0), "2026-02": (2, 1, 1), "2026-03": (4, 5, 3)}
#: publicity_by_form / publicity_by_place: (活动次数, 受众人次, 发放资料) — P1-P4.
EXPECTED_PUBLICITY_BY_FORM = {"lecture": (1, 120, 200), "stall": (2, 140, 240),
                              "broadcast": (1, 500, 0), "visit": (0, 0, 0),
                              "total": (4, 760, 440)}
EXPECTED_PUBLICITY_BY_PLACE = {"school": (1, 120, 200), "market": (2, 140, 240),
                               "village": (1, 500, 0), "community": (0, 0, 0),
                               "total": (4, 760, 440)}
#: workload by operator ("A" admin, "M" mediator): (法律咨询, 受理调解, 调结, 调解成功, 成功率,
#: 援助申请, 法治宣传, 应按期办结, 按期办结, 按期率, 群众自评, 满意和基本满意, 满意率, 回访评价,
#: 代录评价).
EXPECTED_WORKLOAD: dict[str, tuple[Any, ...]] = {
    # C1 C2; K1 K2 accepted; K1 K2 K3 concluded, K1 K2 succeeded; R1 R4; P1 P3 P4;
    # deadlines K1 K2 K3 (K3 late), R1 R3 (R3 late), visits due K1 K7 (K7 missed);
    # citizens rated C1 K1 R1, all satisfied; K1's visit; staff C1 C2.
    "A": (2, 2, 3, 2, 2 / 3, 2, 3, 7, 4, 4 / 7, 3, 3, 1.0, 1, 2),
    # C3 C4; K4 K6 accepted; K5 K6 concluded, K5 succeeded; R2; P1 P2 (taken off P3);
    # deadlines K5 K6, R2 (late), K5's visit; citizens rated R2 (基本满意) and C3 (不满意);
    # K5's visit; staff C3.
    "M": (2, 2, 2, 1, 0.5, 1, 2, 4, 3, 0.75, 2, 1, 0.5, 1, 1),
    "total": (4, 4, 5, 3, 0.6, 3, 5, 11, 7, 7 / 11, 5, 4, 0.8, 2, 3),
}
