"""首问负责: first receivers, hand-overs (to an operator and outside), consultation links,
the consultation time limit, and "我负责的未结事项"."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.conftest import case_input, consultation_input, count_rows, referral_input
from workstation.domain.responsibility import consultation_due
from workstation.services import aid, mediation, responsibility
from workstation.services.consultations import register_consultation
from workstation.services.context import Actor, ServiceError
from workstation.services.dashboard import load_dashboard
from workstation.services.operators import add_operator
from workstation.storage.engine import Database


@pytest.fixture
def clerk(db: Database, actor: Actor) -> Actor:
    operator_id = add_operator(db, actor, username="lidj", name="李调解",
                               password="another-horse-2")
    return replace(actor, operator_id=operator_id, username="lidj", name="李调解",
                   role="mediator")


def _open_ids(db: Database, who: Actor) -> set[str]:
    return {i.record_id for i in responsibility.my_work(db, who).open_items}


def test_first_receiver_is_the_registering_operator(db: Database, actor: Actor) -> None:
    cid = register_consultation(db, actor, consultation_input(
        handling_result="to_department", referred_to="县人社局", answer=""))
    view = responsibility.load_responsibility(db, "consultation", cid)
    assert (view.first_receiver_name, view.handler_name) == ("王管理", "王管理")
    assert view.first_receiver_id == view.handler_id == actor.operator_id
    assert view.handovers == [] and view.links == []
    assert cid in _open_ids(db, actor)


def test_handover_to_an_operator_waits_for_acceptance(db: Database, actor: Actor,
                                                      clerk: Actor) -> None:
    case_id = mediation.open_case(db, actor, case_input())
    hid = responsibility.hand_over(db, actor, "mediation_case", case_id, target="operator",
                                   to_operator_id=clerk.operator_id, reason="本人外出培训")
    # Pending: the sender stays accountable, the receiver sees it to accept.
    assert case_id in _open_ids(db, actor)
    assert case_id not in _open_ids(db, clerk)
    incoming = responsibility.my_work(db, clerk).incoming
    assert [h.id for h in incoming] == [hid]
    mine = [i for i in responsibility.my_work(db, actor).open_items if i.record_id == case_id]
    assert mine[0].note == "移交待接收：李调解"
    with pytest.raises(ServiceError, match="只有接收人本人"):
        responsibility.accept_handover(db, actor, hid)
    with pytest.raises(ServiceError, match="待接收的移交"):
        responsibility.hand_over(db, actor, "mediation_case", case_id, target="county",
                                 to_name="县级中心", reason="再移交")

    responsibility.accept_handover(db, clerk, hid)
    view = responsibility.load_responsibility(db, "mediation_case", case_id)
    assert view.handler_id == clerk.operator_id
    assert view.first_receiver_id == actor.operator_id
    assert [(h.status, h.to_name, h.reason) for h in view.handovers] == [
        ("accepted", "李调解", "本人外出培训")]
    # Replacing the mediator is this hand-over: the case now names the new mediator.
    from workstation.services.records import load_case
    assert load_case(db, case_id).mediator_id == clerk.operator_id
    assert case_id in _open_ids(db, clerk) and case_id not in _open_ids(db, actor)
    assert count_rows(db, "audit_entry", "action = 'handover.accept'") == 1


def test_declined_handover_leaves_the_sender_responsible(db: Database, actor: Actor,
                                                         clerk: Actor) -> None:
    rid = aid.create_referral(db, actor, referral_input())
    hid = responsibility.hand_over(db, actor, "aid_referral", rid, target="operator",
                                   to_operator_id=clerk.operator_id, reason="请代为转交")
    with pytest.raises(ServiceError, match="退回原因"):
        responsibility.decline_handover(db, clerk, hid, " ")
    responsibility.decline_handover(db, clerk, hid, "本周不在站")
    view = responsibility.load_responsibility(db, "aid_referral", rid)
    assert view.handler_id == actor.operator_id and view.pending is None
    assert view.handovers[0].decline_reason == "本周不在站"
    assert rid in _open_ids(db, actor)


def test_outside_handover_is_accepted_by_recording_the_confirmation(
        db: Database, actor: Actor) -> None:
    cid = register_consultation(db, actor, consultation_input(
        handling_result="to_department", referred_to="县人社局", answer=""))
    with pytest.raises(ServiceError, match="请填写接收的服务指引机构名称"):
        responsibility.hand_over(db, actor, "consultation", cid, target="agency",
                                 reason="劳动监察")
    at = datetime(2026, 3, 2, 9, tzinfo=UTC)
    hid = responsibility.hand_over(db, actor, "consultation", cid, target="agency",
                                   to_name="县人社局劳动监察大队", reason="欠薪投诉", at=at)
    with pytest.raises(ServiceError, match="请登记对方的接收确认"):
        responsibility.accept_handover(db, actor, hid)
    with pytest.raises(ServiceError, match="早于移交时间"):
        responsibility.confirm_handover(db, actor, hid, confirmed_by="王科长",
                                        confirmed_at=at - timedelta(hours=1))
    responsibility.confirm_handover(db, actor, hid, confirmed_by="王科长",
                                    confirmed_at=at + timedelta(hours=2))
    view = responsibility.load_responsibility(db, "consultation", cid)
    assert view.handler_id is None and view.handler_name == "县人社局劳动监察大队"
    assert view.handovers[0].confirmed_by == "王科长"
    assert cid not in _open_ids(db, actor)  # it left the station: settled for us


def test_consultation_links_to_the_case_it_led_to(db: Database, actor: Actor) -> None:
    cid = register_consultation(db, actor, consultation_input(
        handling_result="to_mediation", answer=""))
    assert cid in _open_ids(db, actor)
    case_id = mediation.open_case(db, actor, case_input(), consultation_id=cid)
    on_consultation = responsibility.load_responsibility(db, "consultation", cid).links
    on_case = responsibility.load_responsibility(db, "mediation_case", case_id).links
    assert [(x.record_type, x.record_id) for x in on_consultation] == [
        ("mediation_case", case_id)]
    assert [(x.record_type, x.record_id, x.label) for x in on_case] == [
        ("consultation", cid, "法律咨询")]
    assert on_case[0].number  # the consultation's number, to show and open
    assert cid not in _open_ids(db, actor)  # settled by the case it led to
    rid = aid.create_referral(db, actor, referral_input(), consultation_id=cid)
    assert {x.record_id for x in responsibility.load_responsibility(
        db, "consultation", cid).links} == {case_id, rid}


def test_a_bad_consultation_link_saves_nothing(db: Database, actor: Actor) -> None:
    before = count_rows(db, "mediation_case")
    with pytest.raises(ServiceError, match="咨询记录不存在"):
        mediation.open_case(db, actor, case_input(), consultation_id="nope")
    assert count_rows(db, "mediation_case") == before
    assert count_rows(db, "responsibility") == 0


def test_consultation_time_limit_in_working_days(db: Database, actor: Actor) -> None:
    # Received on a Friday: 2 working days → Tuesday.
    assert consultation_due(date(2026, 3, 6), 2) == date(2026, 3, 10)
    responsibility.set_consultation_days(db, actor, 2)
    assert responsibility.consultation_days(db) == 2
    with pytest.raises(ServiceError, match="1 至 30"):
        responsibility.set_consultation_days(db, actor, 0)
    friday = datetime(2026, 3, 6, 10, tzinfo=UTC)
    open_id = register_consultation(db, actor, consultation_input(
        occurred_at=friday, handling_result="to_department", referred_to="县信访局", answer=""),
        today=date(2026, 3, 6))
    answered = register_consultation(db, actor, consultation_input(occurred_at=friday),
                                     today=date(2026, 3, 6))
    listed = [i for i in load_dashboard(db, actor, date(2026, 3, 11)).deadlines
              if i.kind == "consultation_answer"]
    assert [(i.record_id, i.due, i.overdue) for i in listed] == [
        (open_id, date(2026, 3, 10), True)]
    assert answered not in {i.record_id for i in listed}
    # Answered later by the handler: off the reminders.
    responsibility.settle_consultation(db, actor, open_id, "电话告知投诉渠道", date(2026, 3, 11))
    assert not [i for i in load_dashboard(db, actor, date(2026, 3, 11)).deadlines
                if i.kind == "consultation_answer"]


def test_only_the_handler_or_an_admin_hands_over(db: Database, actor: Actor,
                                                 clerk: Actor) -> None:
    cid = register_consultation(db, actor, consultation_input(
        handling_result="to_department", referred_to="县人社局", answer=""))
    with pytest.raises(ServiceError, match="当前承办人或管理员"):
        responsibility.hand_over(db, clerk, "consultation", cid, target="county",
                                 to_name="县级中心", reason="x")
    with pytest.raises(ServiceError, match="请填写移交原因"):
        responsibility.hand_over(db, actor, "consultation", cid, target="county",
                                 to_name="县级中心", reason=" ")
