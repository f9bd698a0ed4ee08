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
   deadline 03-15), judicial confirmation applied, visit 03-20 performed 满意.
K2 neighbour/own_initiative 5,000元, accepted 03-03, agreement 03-12 1,234.56元 (no deadline:
   visit due 04-11), no visit.
K3 neighbour/referred, accepted 01-20, failed 03-05 (deadline 02-19: late).
K4 marriage_family/application 0元, accepted 03-15, still mediating.
K5 marriage_family/application, accepted 02-02, extended 15 days (deadline 03-19), agreement
   03-18 2,000元 (performance deadline 03-20), visit 03-25 partly 基本满意.
K6 neighbour/application 3,000元, accepted 03-04, terminated 03-06.
K7 neighbour/application, accepted 02-01, agreement 02-10 (performance deadline 03-05), no
   visit: a follow-up due in March, missed.
K8 contract, accepted 04-02 (outside).

Aid referrals (promise: forward within 3 days): R1 wages 03-02 → forwarded 03-04, granted
03-10; R2 maintenance 03-05 → forwarded 03-12 (late), no decision; R3 wages 02-25 → forwarded
03-01 (late), denied 03-20; R4 wages 03-20 urgent (limitation 03-25), not forwarded; R5 wages
02-10 → 02-11, granted 02-20 (outside).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

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
from workstation.services import aid, mediation
from workstation.services.consultations import register_consultation
from workstation.services.context import Actor
from workstation.storage.engine import Database

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

    def consultation(name: str, month: int, day: int, channel: str, topic: str,
                     handling: str, satisfaction: str | None) -> None:
        rid = register_consultation(db, actor, ConsultationInput(
            occurred_at=noon(month, day), channel=channel, topic=topic,
            question="请问这种情况怎么办？", handling_result=handling, answer="已当场解答。",
            person=people.next("张咨询"), satisfaction=satisfaction))
        known.ids[name] = rid
        known.numbers[name] = load_consultation(db, rid).number

    consultation("C1", 3, 2, "walk_in", "wages", "answered", "satisfied")
    consultation("C2", 3, 5, "phone", "wages", "to_legal_aid", "fairly")
    consultation("C3", 3, 10, "walk_in", "marriage_family", "to_mediation", "dissatisfied")
    consultation("C4", 3, 31, "online", "neighbour", "answered", None)
    consultation("C5", 2, 27, "walk_in", "wages", "answered", "satisfied")
    consultation("C6", 4, 1, "phone", "wages", "answered", "satisfied")

    def case(name: str, dispute: str, source: str, amount_yuan: int, accepted: date,
             registered: date | None = None) -> str:
        parties = (PartyInput(role="applicant", person=people.next("王申请")),
                   PartyInput(role="respondent", person=people.next("李被申")))
        cid = mediation.open_case(db, actor, CaseInput(
            source=source, dispute_type=dispute, facts="双方因琐事发生纠纷。",
            parties=parties, registered_on=registered or accepted,
            referring_body="海港派出所" if source == "referred" else "",
            amount_involved_fen=amount_yuan * 100))
        mediation.accept_case(db, actor, cid, accepted)
        known.ids[name] = cid
        known.numbers[name] = load_case(db, cid).number
        return cid

    def session(cid: str, day: date) -> None:
        mediation.record_session(db, actor, cid, SessionInput(
            held_at=datetime(day.year, day.month, day.day, 9, 30).astimezone(),
            place="调解室", attendees="双方当事人", record="双方陈述意见。"))

    def agree(cid: str, day: date, fen: int, deadline: date | None = None,
              confirmation: bool = False) -> None:
        session(cid, day)
        mediation.record_agreement(db, actor, cid, AgreementInput(
            form="written", terms="双方自愿达成协议。", effective_on=day,
            performance_manner="银行转账", performance_place="调解室",
            amount_agreed_fen=fen, performance_deadline=deadline))
        if confirmation:
            mediation.set_judicial_confirmation(db, actor, cid, day)

    def visit(cid: str, day: date, performance: str, satisfaction: str) -> None:
        mediation.record_follow_up(db, actor, cid, FollowUpInput(
            visited_on=day, performance=performance, satisfaction=satisfaction,
            notes="回访了解履行情况。"))

    d = date
    k1 = case("K1", "neighbour", "application", 10_000, d(2026, 3, 2), d(2026, 3, 1))
    agree(k1, d(2026, 3, 10), 800_000, d(2026, 3, 15), confirmation=True)
    visit(k1, d(2026, 3, 20), "performed", "satisfied")

    k2 = case("K2", "neighbour", "own_initiative", 5_000, d(2026, 3, 3))
    agree(k2, d(2026, 3, 12), 123_456)

    k3 = case("K3", "neighbour", "referred", 0, d(2026, 1, 20))
    session(k3, d(2026, 1, 25))
    mediation.change_status(db, actor, k3, "failed", reason="双方分歧过大", on=d(2026, 3, 5))

    k4 = case("K4", "marriage_family", "application", 0, d(2026, 3, 15))
    session(k4, d(2026, 3, 16))

    k5 = case("K5", "marriage_family", "application", 0, d(2026, 2, 2), d(2026, 2, 1))
    mediation.extend_deadline(db, actor, k5, 15, "案情复杂")
    agree(k5, d(2026, 3, 18), 200_000, d(2026, 3, 20))
    visit(k5, d(2026, 3, 25), "partly", "fairly")

    k6 = case("K6", "neighbour", "application", 3_000, d(2026, 3, 4))
    mediation.change_status(db, actor, k6, "terminated", reason="申请人撤回", on=d(2026, 3, 6))

    k7 = case("K7", "neighbour", "application", 0, d(2026, 2, 1))
    agree(k7, d(2026, 2, 10), 50_000, d(2026, 3, 5))

    case("K8", "contract", "application", 0, d(2026, 4, 2))

    def referral(name: str, matter: str, applied: date, *, forwarded: date | None = None,
                 decision: str | None = None, decided: date | None = None,
                 limitation: date | None = None) -> None:
        rid = aid.create_referral(db, actor, ReferralInput(
            matter=matter, facts="工资被拖欠，多次讨要未果。", request="请求法律援助。",
            hardship_route="commitment", household_size=3, applied_on=applied,
            applicant=people.next("赵申请"), limitation_deadline=limitation), today=applied)
        if forwarded is not None:
            aid.forward_referral(db, actor, rid, forwarded_to="海港区法律援助中心",
                                 forwarded_on=forwarded, allow_incomplete=True)
        if decision is not None and decided is not None:
            aid.record_decision(db, actor, rid, decision=decision, decided_on=decided,
                                lawyer="孙律师" if decision == "granted" else "")
        known.ids[name] = rid
        known.numbers[name] = load_referral(db, rid).number

    referral("R1", "wages", d(2026, 3, 2), forwarded=d(2026, 3, 4), decision="granted",
             decided=d(2026, 3, 10))
    referral("R2", "maintenance", d(2026, 3, 5), forwarded=d(2026, 3, 12))
    referral("R3", "wages", d(2026, 2, 25), forwarded=d(2026, 3, 1), decision="denied",
             decided=d(2026, 3, 20))
    referral("R4", "wages", d(2026, 3, 20), limitation=d(2026, 3, 25))
    referral("R5", "wages", d(2026, 2, 10), forwarded=d(2026, 2, 11), decision="granted",
             decided=d(2026, 2, 20))
    return known


# --- expected numbers for March 2026 (hand-computed from the module docstring) ---------------

#: mediation_by_type: (受理, 调结, 调解成功, 成功率, 协议金额(分), 已履行, 司法确认, 防止民转刑)
EXPECTED_BY_TYPE: dict[str, tuple[Any, ...]] = {
    # accepted K1 K2 K6; concluded K1 K2 K3 K6; succeeded K1 K2; 8000 + 1234.56 yuan.
    "neighbour": (3, 4, 2, 0.5, 923_456, 1, 1, None),
    # accepted K4; concluded K5 (succeeded, 2000 yuan, only partly performed).
    "marriage_family": (1, 1, 1, 1.0, 200_000, 0, 0, None),
    "contract": (0, 0, 0, None, 0, 0, 0, None),
    "total": (4, 5, 3, 0.6, 1_123_456, 1, 1, None),
}
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
#: consultation_by_topic: (来访, 来电, 网络, 走访, 合计)
EXPECTED_BY_TOPIC = {"wages": (1, 1, 0, 0, 2), "marriage_family": (1, 0, 0, 0, 1),
                     "neighbour": (0, 0, 1, 0, 1), "total": (2, 1, 1, 0, 4)}
#: satisfaction: (法律咨询, 调解回访, 合计) — visits K1 满意, K5 基本满意.
EXPECTED_SATISFACTION = {"satisfied": (1, 1, 2), "fairly": (1, 1, 2), "dissatisfied": (1, 0, 1),
                         "none": (1, 0, 1), "total": (4, 2, 6)}
#: referral_by_matter: (受理申请, 其中紧急, 转交, 按期转交, 准予, 不予)
EXPECTED_BY_MATTER = {"wages": (2, 1, 2, 1, 1, 1), "maintenance": (1, 0, 1, 0, 0, 0),
                      "total": (3, 1, 3, 1, 1, 1)}
#: referral_by_decision: 件数
EXPECTED_BY_DECISION = {"referrals_granted": 1, "referrals_denied": 1, "referrals_awaiting": 1}
#: mediation_by_month over 2026-Q1: (受理, 调结, 调解成功)
EXPECTED_Q1_MONTHS = {"2026-01": (1, 0, 0), "2026-02": (2, 1, 1), "2026-03": (4, 5, 3)}
