"""The start page: today's counts and the deadline list, on a fixed ``today``."""

from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace

from workstation.domain.inputs import AgreementInput, FollowUpInput, SessionInput
from workstation.services import aid, mediation
from workstation.services.consultations import register_consultation
from workstation.services.context import Actor
from workstation.services.dashboard import DeadlineItem, load_dashboard
from workstation.storage.engine import Database

TODAY = date(2025, 4, 10)  # a Thursday


def local(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour).astimezone()


def open_case(db: Database, actor: Actor, make: SimpleNamespace, seq: int,
              registered: date, *, accepted: date | None = None) -> str:
    case_id = mediation.open_case(
        db, actor,
        make.case(make.person(seq, f"甲{seq}"), make.person(seq + 1, f"乙{seq}", "female"),
                  registered_on=registered),
        today=TODAY)
    if accepted:
        mediation.accept_case(db, actor, case_id, accepted)
    return case_id


def agree(db: Database, actor: Actor, case_id: str, effective: date, **kw: object) -> None:
    mediation.record_session(db, actor, case_id, SessionInput(
        held_at=local(effective), place="调解室", attendees="双方", record="调解记录"))
    mediation.record_agreement(db, actor, case_id, AgreementInput(
        form="written", terms="赔偿500元", effective_on=effective,
        performance_manner="现金", **kw))  # type: ignore[arg-type]


def by_record(items: list[DeadlineItem]) -> dict[str, list[DeadlineItem]]:
    result: dict[str, list[DeadlineItem]] = {}
    for item in items:
        result.setdefault(item.record_id, []).append(item)
    return result


def test_counts_of_today_and_this_month(db: Database, actor: Actor, make) -> None:
    for n, day in enumerate([TODAY, TODAY, date(2025, 4, 1), date(2025, 3, 31)]):
        register_consultation(db, actor, make.consultation(
            make.person(n + 1), occurred_at=local(day, 9 + n)), today=TODAY)
    # the first and last minute of the local day count as today
    register_consultation(db, actor, make.consultation(
        make.person(5), occurred_at=datetime(2025, 4, 10, 0, 0).astimezone()), today=TODAY)
    register_consultation(db, actor, make.consultation(
        make.person(6), occurred_at=datetime(2025, 4, 10, 23, 59).astimezone()), today=TODAY)
    open_case(db, actor, make, 20, TODAY)
    open_case(db, actor, make, 22, date(2025, 4, 2), accepted=date(2025, 4, 2))
    open_case(db, actor, make, 24, date(2025, 3, 30))
    aid.create_referral(db, actor, make.referral(make.person(30, "赵五"),
                                                 applied_on=TODAY), today=TODAY)
    aid.create_referral(db, actor, make.referral(make.person(31, "钱六"),
                                                 applied_on=date(2025, 3, 1)), today=TODAY)

    board = load_dashboard(db, actor, TODAY)

    assert board.today == TODAY
    assert (board.consultations_today, board.consultations_month) == (4, 5)
    assert (board.cases_today, board.cases_month) == (1, 2)
    assert (board.referrals_today, board.referrals_month) == (1, 1)
    assert board.my_open_cases == 3


def test_mediation_deadlines(db: Database, actor: Actor, make) -> None:
    overdue = open_case(db, actor, make, 1, date(2025, 3, 1), accepted=date(2025, 3, 1))
    soon = open_case(db, actor, make, 3, date(2025, 3, 12), accepted=date(2025, 3, 12))
    later = open_case(db, actor, make, 5, date(2025, 4, 5), accepted=date(2025, 4, 5))
    archived = open_case(db, actor, make, 7, date(2025, 3, 1), accepted=date(2025, 3, 1))
    mediation.record_session(db, actor, archived, SessionInput(
        held_at=local(date(2025, 3, 2)), place="调解室", attendees="双方", record="未达成"))
    mediation.change_status(db, actor, archived, "failed", reason="双方分歧较大",
                            on=date(2025, 3, 5))
    mediation.change_status(db, actor, archived, "archived")
    waiting = open_case(db, actor, make, 9, date(2025, 4, 5))      # not accepted: due 4-8
    fresh = open_case(db, actor, make, 11, date(2025, 4, 9))       # due 4-12

    items = load_dashboard(db, actor, TODAY).deadlines
    found = by_record(items)

    (item,) = found[overdue]
    assert (item.kind, item.kind_label, item.record_type) == (
        "mediation_deadline", "调解期限", "mediation_case")
    assert item.due == date(2025, 3, 31)
    assert item.overdue is True and item.days_left == -10 and item.label == "已超期10天"
    assert item.title == "甲1与乙1邻里纠纷"
    assert item.number.endswith("调字第0001号")
    (item,) = found[soon]
    assert (item.due, item.overdue, item.label) == (date(2025, 4, 11), False, "还剩1天")
    assert later not in found
    assert archived not in found
    (item,) = found[waiting]
    assert (item.kind, item.kind_label, item.due, item.overdue) == (
        "acceptance", "待受理", date(2025, 4, 8), True)
    (item,) = found[fresh]
    assert (item.kind, item.days_left, item.overdue) == ("acceptance", 2, False)

    # overdue first, then by due date
    assert [i.overdue for i in items] == sorted((i.overdue for i in items), reverse=True)
    overdue_part = [i.due for i in items if i.overdue]
    due_part = [i.due for i in items if not i.overdue]
    assert overdue_part == sorted(overdue_part) and due_part == sorted(due_part)
    assert [i.record_id for i in items] == [overdue, waiting, soon, fresh]


def test_follow_up_and_judicial_confirmation(db: Database, actor: Actor, make) -> None:
    recent = open_case(db, actor, make, 1, date(2025, 3, 10), accepted=date(2025, 3, 10))
    agree(db, actor, recent, date(2025, 3, 15))               # follow-up & confirmation 4-14
    old = open_case(db, actor, make, 3, date(2025, 1, 20), accepted=date(2025, 1, 20))
    agree(db, actor, old, date(2025, 2, 1))                   # both due 3-3: window closed
    visited = open_case(db, actor, make, 5, date(2025, 1, 20), accepted=date(2025, 1, 20))
    agree(db, actor, visited, date(2025, 2, 1))
    mediation.record_follow_up(db, actor, visited, FollowUpInput(
        visited_on=date(2025, 3, 1), performance="performed", satisfaction="satisfied"))
    deadline_set = open_case(db, actor, make, 7, date(2025, 3, 20), accepted=date(2025, 3, 20))
    agree(db, actor, deadline_set, date(2025, 3, 25), performance_deadline=date(2025, 4, 15))
    mediation.set_judicial_confirmation(db, actor, deadline_set, date(2025, 3, 26))
    far = open_case(db, actor, make, 9, date(2025, 3, 30), accepted=date(2025, 3, 30))
    agree(db, actor, far, date(2025, 4, 1), performance_deadline=date(2025, 6, 1))

    found = by_record(load_dashboard(db, actor, TODAY).deadlines)

    assert {i.kind: (i.due, i.overdue) for i in found[recent]} == {
        "follow_up": (date(2025, 4, 14), False),
        "judicial_confirmation": (date(2025, 4, 14), False),
    }
    assert {i.kind_label for i in found[recent]} == {"待回访", "司法确认申请期限"}
    # an agreement whose confirmation window has closed only needs its follow-up
    assert [(i.kind, i.overdue, i.days_left) for i in found[old]] == [("follow_up", True, -38)]
    assert visited not in found
    # confirmation applied: only the follow-up, due at the performance deadline
    assert [(i.kind, i.due) for i in found[deadline_set]] == [("follow_up", date(2025, 4, 15))]
    assert far not in found  # follow-up in June, confirmation window ends 5-1


def test_referral_deadlines(db: Database, actor: Actor, make) -> None:
    def referral(seq: int, applied: date, **kw: object) -> str:
        return aid.create_referral(db, actor, make.referral(
            make.person(seq, f"申{seq}"), applied_on=applied, **kw), today=applied)

    late = referral(1, date(2025, 3, 20))
    aid.forward_referral(db, actor, late, forwarded_to="海港区法律援助中心",
                         forwarded_on=date(2025, 3, 21), allow_incomplete=True)   # due 4-1
    edge = referral(2, date(2025, 4, 8))
    aid.forward_referral(db, actor, edge, forwarded_to="中心", forwarded_on=date(2025, 4, 8),
                         allow_incomplete=True)                                  # due 4-17
    beyond = referral(3, date(2025, 4, 9))
    aid.forward_referral(db, actor, beyond, forwarded_to="中心", forwarded_on=date(2025, 4, 9),
                         allow_incomplete=True)                                  # due 4-18
    decided = referral(4, date(2025, 3, 1))
    aid.forward_referral(db, actor, decided, forwarded_to="中心", forwarded_on=date(2025, 3, 2),
                         allow_incomplete=True)
    aid.record_decision(db, actor, decided, decision="granted", decided_on=date(2025, 3, 8))
    draft = referral(5, date(2025, 4, 9))                                        # due 4-12
    stale_draft = referral(6, date(2025, 3, 1))                                  # due 3-4
    urgent = referral(7, date(2025, 4, 9), limitation_deadline=date(2025, 4, 12))

    found = by_record(load_dashboard(db, actor, TODAY).deadlines)

    (item,) = found[late]
    assert (item.kind, item.kind_label, item.record_type) == (
        "aid_decision", "援助决定待反馈", "aid_referral")
    assert (item.due, item.overdue, item.days_left) == (date(2025, 4, 1), True, -9)
    assert item.title.startswith("申1 · 请求确认劳动关系或者支付劳动报酬")
    (item,) = found[edge]
    assert (item.due, item.days_left) == (date(2025, 4, 17), 7)
    assert beyond not in found
    # Decided (Saturday 8 March) but the applicant not told: due 3 working days on.
    (item,) = found[decided]
    assert (item.kind, item.kind_label, item.due, item.overdue) == (
        "aid_decision_tell", "援助决定待告知", date(2025, 3, 12), True)
    (item,) = found[draft]
    assert (item.kind, item.kind_label, item.due) == (
        "referral_forward", "待转交援助申请", date(2025, 4, 12))
    (item,) = found[stale_draft]
    assert item.overdue and item.due == date(2025, 3, 4)
    (item,) = found[urgent]  # listed once, as urgent
    assert (item.kind, item.kind_label, item.due, item.days_left) == (
        "urgent_referral", "紧急援助申请", date(2025, 4, 12), 2)


def test_forward_promise_follows_station_setting(db: Database, actor: Actor, make) -> None:
    rid = aid.create_referral(db, actor, make.referral(applied_on=date(2025, 3, 1)),
                              today=TODAY)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE station SET referral_forward_days = 45")
    (item,) = load_dashboard(db, actor, TODAY).deadlines
    assert (item.record_id, item.due, item.overdue) == (rid, date(2025, 4, 15), False)


def test_empty_database(db: Database, actor: Actor) -> None:
    board = load_dashboard(db, actor, TODAY)
    assert board.deadlines == [] and board.overdue_count == 0
    assert board.consultations_today == board.my_open_cases == 0


def test_decision_not_yet_told_to_the_applicant(db: Database, actor: Actor, make) -> None:
    """A decision back from the center waits on the station until the applicant is told:
    listed from DUE_SOON_DAYS before its due day (3 working days after the decision), overdue
    after it, gone once the telling is recorded."""
    def decided(seq: int, on: date, decision: str = "granted") -> str:
        rid = aid.create_referral(db, actor, make.referral(
            make.person(seq, f"申{seq}"), applied_on=date(2025, 3, 1)), today=TODAY)
        aid.forward_referral(db, actor, rid, forwarded_to="中心", forwarded_on=date(2025, 3, 2),
                             allow_incomplete=True)
        aid.record_decision(db, actor, rid, decision=decision, decided_on=on, today=TODAY)
        return rid

    monday = decided(1, date(2025, 4, 7), "denied")   # due Thursday 4-10: today
    friday = decided(2, date(2025, 4, 4))             # due Wednesday 4-9: overdue
    told = decided(3, date(2025, 4, 1))
    aid.record_decision_told(db, actor, told, date(2025, 4, 2), today=TODAY)
    found = by_record(load_dashboard(db, actor, TODAY).deadlines)
    (item,) = found[monday]
    assert (item.kind, item.due, item.overdue, item.days_left) == (
        "aid_decision_tell", date(2025, 4, 10), False, 0)
    (item,) = found[friday]
    assert (item.due, item.overdue, item.days_left) == (date(2025, 4, 9), True, -1)
    assert told not in found
    aid.record_decision_told(db, actor, friday, date(2025, 4, 10), today=TODAY)
    assert friday not in by_record(load_dashboard(db, actor, TODAY).deadlines)
