"""12348 orders under 首问负责: the registering operator is first receiver and handler, the
order is open on their workbench until replied, hand-overs work as for any record kind, and
migration 0020_followups gives orders registered before it their responsibility row."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from alembic import command
from sqlalchemy import text

from tests.services.test_work_orders import TODAY, order, reply
from workstation.services import responsibility
from workstation.services import work_orders as wo
from workstation.services.context import Actor
from workstation.services.operators import add_operator
from workstation.storage.engine import Database
from workstation.storage.migrate import alembic_config, upgrade_to_head


@pytest.fixture
def clerk(db: Database, actor: Actor) -> Actor:
    operator_id = add_operator(db, actor, username="lidj", name="李调解",
                               password="another-horse-2")
    return replace(actor, operator_id=operator_id, username="lidj", name="李调解",
                   role="mediator")


def _open(db: Database, who: Actor) -> dict[str, responsibility.OpenItem]:
    return {i.record_id: i for i in responsibility.my_work(db, who).open_items}


def test_the_registering_operator_answers_for_the_order(db: Database, actor: Actor) -> None:
    oid = wo.register_order(db, actor, order(), today=TODAY)
    view = responsibility.load_responsibility(db, "work_order", oid)
    assert view.first_receiver_id == view.handler_id == actor.operator_id
    item = _open(db, actor)[oid]
    assert (item.kind_label, item.number, item.due) == (
        "12348工单", "GD2026030200123", date(2026, 3, 9))  # the platform's reply day
    assert item.title.startswith("12348热线：来电人反映邻居占用其宅基地")
    # Replied: no longer open for its handler.
    wo.record_reply(db, actor, oid, reply(), today=date(2026, 3, 6))
    assert oid not in _open(db, actor)


def test_a_hand_over_of_an_order_shows_on_both_workbenches(db: Database, actor: Actor,
                                                           clerk: Actor) -> None:
    oid = wo.register_order(db, actor, order(), today=TODAY)
    hid = responsibility.hand_over(db, actor, "work_order", oid, target="operator",
                                   to_operator_id=clerk.operator_id, reason="本村事务由其负责")
    assert _open(db, actor)[oid].note == "移交待接收：李调解"
    [incoming] = responsibility.my_work(db, clerk).incoming
    assert (incoming.id, incoming.record_label) == (hid, "12348工单 GD2026030200123")
    assert oid not in _open(db, clerk)

    responsibility.accept_handover(db, clerk, hid)
    assert oid in _open(db, clerk) and oid not in _open(db, actor)
    view = responsibility.load_responsibility(db, "work_order", oid)
    assert (view.first_receiver_name, view.handler_name) == ("王管理", "李调解")
    # The order itself keeps who registered it (首问 is the responsibility row's, not a copy).
    assert wo.load_order(db, oid, today=TODAY).received_by == "王管理"


def test_an_order_handed_to_the_county_leaves_the_station(db: Database, actor: Actor) -> None:
    oid = wo.register_order(db, actor, order(), today=TODAY)
    hid = responsibility.hand_over(db, actor, "work_order", oid, target="county",
                                   to_name="县级中心", reason="跨乡镇")
    responsibility.confirm_handover(db, actor, hid, confirmed_by="赵科员",
                                    confirmed_at=responsibility.load_responsibility(
                                        db, "work_order", oid).handovers[0].handed_at)
    assert oid not in _open(db, actor)
    assert responsibility.load_responsibility(db, "work_order", oid).handler_name == "县级中心"


def test_migration_gives_existing_orders_their_row(db: Database, actor: Actor,
                                                   clerk: Actor) -> None:
    mine = wo.register_order(db, actor, order(), today=TODAY)
    theirs = wo.register_order(db, clerk, order(order_no="GD2"), today=TODAY)
    # Back to before 首问负责 (the responsibility table goes), then up again.
    command.downgrade(alembic_config(db.engine), "0017_hotline_orders")
    upgrade_to_head(db.engine)
    with db.engine.connect() as conn:
        rows = {r[0]: (r[1], r[2]) for r in conn.execute(text(
            "SELECT record_id, first_receiver_id, handler_id FROM responsibility "
            "WHERE record_type = 'work_order'"))}
        logged = conn.execute(text(
            "SELECT count(*) FROM change_log l JOIN responsibility r ON r.id = l.record_id "
            "WHERE l.table_name = 'responsibility' AND r.record_type = 'work_order'")).scalar()
    assert rows == {mine: (actor.operator_id, actor.operator_id),
                    theirs: (clerk.operator_id, clerk.operator_id)}
    assert logged == 2  # the next bundle carries them
    # Run again (a later upgrade): nothing doubled.
    command.downgrade(alembic_config(db.engine), "0018_first_inquiry")
    upgrade_to_head(db.engine)
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM responsibility "
                                 "WHERE record_type = 'work_order'")).scalar() == 2
