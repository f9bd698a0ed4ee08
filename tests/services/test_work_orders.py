"""12348 work orders: register (validated, unique number per station), edit (versioned,
permissions), link handling, reply back, state and overdue as days pass, the list, the
reminders."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from tests.conftest import case_input, consultation_input, referral_input
from workstation.domain.errors import ValidationError
from workstation.domain.work_orders import ReplyInput, WorkOrderInput
from workstation.services import aid, consultations, mediation, voiding
from workstation.services import work_orders as wo
from workstation.services.auth import add_operator
from workstation.services.context import Actor, NotFound, ServiceError
from workstation.services.dashboard import load_dashboard
from workstation.services.listing import ListQuery, count_rows, fetch_rows
from workstation.services.permissions import NotPermitted

RECEIVED = date(2026, 3, 2)
DUE = date(2026, 3, 9)
TODAY = date(2026, 3, 5)


def order(**overrides: Any) -> WorkOrderInput:
    values: dict[str, Any] = {
        "order_no": "GD2026030200123", "channel": "hotline_12348", "received_on": RECEIVED,
        "due_on": DUE, "request": "来电人反映邻居占用其宅基地，请求上门调解。",
        "caller_name": "张三", "caller_phone": "13800138000"}
    values.update(overrides)
    return WorkOrderInput(**values)


def reply(**overrides: Any) -> ReplyInput:
    values: dict[str, Any] = {"replied_on": date(2026, 3, 6), "method": "platform",
                              "content": "已上门调解，双方达成协议。"}
    values.update(overrides)
    return ReplyInput(**values)


def test_register_and_load(db: Any, actor: Actor, sql: Any) -> None:
    oid = wo.register_order(db, actor, order(order_no=" GD２０２６ 0302 00123 "), today=TODAY)
    d = wo.load_order(db, oid, today=TODAY)
    assert d.order_no == "GD2026030200123"  # full-width and inner spaces normalised
    assert (d.channel_label, d.received_by, d.state_label) == ("12348热线", "王管理", "待处理")
    assert (d.overdue, d.due_label) == (False, "还剩4天")
    assert sql.count("change_log", "table_name = 'work_order'") == 1
    assert sql.count("audit_entry", "record_type = 'work_order' AND action = 'create'") == 1


def test_validation_names_every_bad_field() -> None:
    with pytest.raises(ValidationError) as exc:
        order(order_no="  ", channel="phone", due_on=date(2026, 3, 1), request="").validated(TODAY)
    assert {e.field for e in exc.value.errors} == {"order_no", "channel", "due_on", "request"}
    with pytest.raises(ValidationError) as exc:
        order(order_no="X" * 41, received_on=date(2026, 3, 6)).validated(TODAY)
    assert {e.field for e in exc.value.errors} == {"order_no", "received_on"}
    with pytest.raises(ValidationError) as exc:
        order(due_on=None).validated(TODAY)
    assert [e.message for e in exc.value.errors] == ["请填写办理期限（平台要求的回复日期）"]


def test_order_number_unique_per_station(db: Any, actor: Actor, sql: Any) -> None:
    wo.register_order(db, actor, order(), today=TODAY)
    with pytest.raises(ServiceError, match=r"GD2026030200123.*已经登记过"):
        wo.register_order(db, actor, order(channel="platform_12348"), today=TODAY)
    other = wo.register_order(db, actor, order(order_no="W-2"), today=TODAY)
    detail = wo.load_order(db, other)
    with pytest.raises(ServiceError, match="已经登记过"):
        wo.update_order(db, actor, other, replace(detail.as_input(), order_no="GD2026030200123"),
                        expected_version=detail.version, today=TODAY)
    assert sql.count("work_order") == 2


def test_edit_is_versioned_and_limited_to_registrant_or_admin(db: Any, actor: Actor) -> None:
    oid = wo.register_order(db, actor, order(), today=TODAY)
    d = wo.load_order(db, oid)
    v = wo.update_order(db, actor, oid, replace(d.as_input(), due_on=date(2026, 3, 12)),
                        expected_version=d.version, today=TODAY)
    assert v == d.version + 1 and wo.load_order(db, oid).due_on == date(2026, 3, 12)
    with pytest.raises(ServiceError, match="已被修改"):
        wo.update_order(db, actor, oid, d.as_input(), expected_version=d.version, today=TODAY)
    mid = add_operator(db, actor, username="zhaotj", name="赵调解", password="mediator-pass-1")
    mediator = Actor(mid, actor.station_id, "zhaotj", "赵调解", "mediator")
    with pytest.raises(NotPermitted):
        wo.update_order(db, mediator, oid, d.as_input(), expected_version=v, today=TODAY)


def test_handling_links_and_state(db: Any, actor: Actor) -> None:
    oid = wo.register_order(db, actor, order(), today=TODAY)
    cid = consultations.register_consultation(
        db, actor, consultation_input(channel="hotline_12348"))
    case_id = mediation.open_case(db, actor, case_input())
    wo.link_handling(db, actor, oid, "consultation", cid)
    wo.link_handling(db, actor, oid, "mediation_case", case_id)
    d = wo.load_order(db, oid, today=TODAY)
    assert d.state_label == "处理中"
    assert [(h.kind_label, h.record_id) for h in d.handling] == [
        ("法律咨询", cid), ("人民调解", case_id)]
    assert wo.order_of(db, "mediation_case", case_id) == (oid, "GD2026030200123")
    other = wo.register_order(db, actor, order(order_no="W-2"), today=TODAY)
    with pytest.raises(ServiceError, match="已关联工单GD2026030200123"):
        wo.link_handling(db, actor, other, "consultation", cid)
    with pytest.raises(NotFound):
        wo.link_handling(db, actor, other, "aid_referral", "no-such-id")
    rid = aid.create_referral(db, actor, referral_input())
    voiding.void_record(db, actor, "aid_referral", rid, "登记错误")
    with pytest.raises(NotFound, match="已作废"):
        wo.link_handling(db, actor, other, "aid_referral", rid)
    wo.link_handling(db, actor, oid, "consultation", None)
    assert [h.kind for h in wo.load_order(db, oid).handling] == ["mediation_case"]
    voiding.void_record(db, actor, "mediation_case", case_id, "登记错误")
    [case] = wo.load_order(db, oid).handling
    assert case.number.endswith("（已作废）")


def test_reply_back_and_overdue_as_days_pass(db: Any, actor: Actor, sql: Any) -> None:
    oid = wo.register_order(db, actor, order(), today=TODAY)
    assert wo.load_order(db, oid, today=DUE).overdue is False
    late = wo.load_order(db, oid, today=date(2026, 3, 12))
    assert (late.overdue, late.due_label) == (True, "已超期3天")
    with pytest.raises(ValidationError) as exc:
        wo.record_reply(db, actor, oid, reply(replied_on=date(2026, 3, 1), content=" ",
                                             method="fax"), today=TODAY)
    assert {e.field for e in exc.value.errors} == {"replied_on", "content", "method"}
    mid = add_operator(db, actor, username="zhaotj", name="赵调解", password="mediator-pass-1")
    wo.record_reply(db, actor, oid, reply(replied_by=mid), today=date(2026, 3, 6))
    d = wo.load_order(db, oid, today=date(2026, 3, 12))
    assert (d.state_label, d.overdue, d.on_time, d.replied_by, d.reply_method_label) == (
        "已回复", False, True, "赵调解", "平台录入")
    assert d.due_label == "按期回复"
    wo.record_reply(db, actor, oid, reply(replied_on=date(2026, 3, 11)), today=date(2026, 3, 12))
    d = wo.load_order(db, oid, today=date(2026, 3, 12))
    assert (d.on_time, d.due_label, d.replied_by) == (False, "逾期2天回复", "王管理")
    assert sql.count("audit_entry", "action = 'reply'") == 2


def test_list_filters_and_reminders(db: Any, actor: Actor) -> None:
    a = wo.register_order(db, actor, order(order_no="A-1"), today=TODAY)
    b = wo.register_order(db, actor, order(order_no="B-2", channel="platform_12348",
                                           due_on=date(2026, 3, 4)), today=TODAY)
    c = wo.register_order(db, actor, order(order_no="C-3", due_on=date(2026, 3, 30)),
                          today=TODAY)
    wo.record_reply(db, actor, c, reply(replied_on=TODAY), today=TODAY)
    q = ListQuery(kind="orders", sort_key="number", descending=False)
    rows = fetch_rows(db, q, 0, 10)
    assert [r.number for r in rows] == ["A-1", "B-2", "C-3"]
    assert wo.count_rows(db, replace(q, status="overdue"), today=TODAY) == 1  # B-2
    assert wo.count_rows(db, replace(q, status="overdue"), today=date(2026, 3, 10)) == 2
    assert count_rows(db, replace(q, type_code="platform_12348")) == 1
    assert count_rows(db, replace(q, status="replied")) == 1
    assert [r.number for r in wo.fetch_rows(db, replace(q, status="pending"), 0, 10,
                                            today=TODAY)] == ["A-1", "B-2"]
    row_b = wo.fetch_rows(db, q, 0, 10, today=TODAY)[1]
    assert (row_b.alert, row_b.extra, row_b.type_label) == (
        True, "2026-03-04（已超期1天）", "12348网络平台")
    board = load_dashboard(db, actor, TODAY)
    orders = [(i.number, i.overdue, i.kind_label) for i in board.deadlines
              if i.record_type == "work_order"]
    assert orders == [("B-2", True, "12348工单待回复"), ("A-1", False, "12348工单待回复")]
    assert {i.record_id for i in board.deadlines if i.record_type == "work_order"} == {a, b}


def test_list_for_the_command_line(db: Any, actor: Actor) -> None:
    from workstation.services.queries import list_records

    oid = wo.register_order(db, actor, order(), today=TODAY)
    [row] = list_records(db, "orders")
    assert (row["id"], row["order_no"], row["channel"], row["state"], row["due_on"]) == (
        oid, "GD2026030200123", "hotline_12348", "pending", "2026-03-09")


def test_a_record_made_for_an_order_is_saved_and_linked_together(db: Any, actor: Actor,
                                                                  sql: Any) -> None:
    """A consultation, case or aid application opened for an order is linked in its own
    transaction: when the link is refused, the record is not saved either."""
    oid = wo.register_order(db, actor, order(), today=TODAY)
    cid = consultations.register_consultation(
        db, actor, consultation_input(channel="hotline_12348"), work_order_id=oid)
    case_id = mediation.open_case(db, actor, case_input(), work_order_id=oid)
    rid = aid.create_referral(db, actor, referral_input(), work_order_id=oid)
    d = wo.load_order(db, oid, today=TODAY)
    assert {(h.kind, h.record_id) for h in d.handling} == {
        ("consultation", cid), ("mediation_case", case_id), ("aid_referral", rid)}

    counts = sql.counts("consultation", "mediation_case", "aid_referral")
    with pytest.raises(NotFound, match="找不到该工单"):  # no such order: nothing saved
        consultations.register_consultation(db, actor, consultation_input(),
                                            work_order_id="no-such-order")
    with pytest.raises(NotFound, match="找不到该工单"):
        mediation.open_case(db, actor, case_input(), work_order_id="no-such-order")
    with pytest.raises(NotFound, match="找不到该工单"):
        aid.create_referral(db, actor, referral_input(), work_order_id="no-such-order")
    assert sql.counts("consultation", "mediation_case", "aid_referral") == counts
