"""The county's record view shows a record's 首问责任人, current handler and hand-overs as the
station sent them (read-only; SQLite and PostgreSQL)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from tests.conftest import case_input, consultation_input
from workstation.county.db import CountyDatabase
from workstation.county.importer import import_bundle
from workstation.county.records import record_details
from workstation.domain.work_orders import WorkOrderInput
from workstation.services import mediation, responsibility, work_orders
from workstation.services.consultations import register_consultation
from workstation.services.context import Actor
from workstation.services.operators import add_operator
from workstation.storage.engine import Database
from workstation.sync import station as sync

from .helpers import link


def _section(county: CountyDatabase, record_type: str, record_id: str
             ) -> list[tuple[str, str]]:
    details = record_details(county, record_type, record_id, today=date(2026, 3, 31))
    assert details is not None
    return [pair for heading, rows in details.sections if heading == "首问负责"
            for pair in rows]


def test_county_record_view_shows_first_receiver_and_hand_overs(
        db: Database, actor: Actor, county: CountyDatabase, usb: Path) -> None:
    clerk_id = add_operator(db, actor, username="lidj", name="李调解",
                            password="another-horse-2")
    clerk = replace(actor, operator_id=clerk_id, username="lidj", name="李调解",
                    role="mediator")
    cid = register_consultation(db, actor, consultation_input(
        handling_result="to_department", referred_to="县人社局", answer=""))
    h = responsibility.hand_over(db, actor, "consultation", cid, target="operator",
                                 to_operator_id=clerk_id, reason="本村事务",
                                 at=datetime(2026, 3, 9, 2, tzinfo=UTC))
    responsibility.accept_handover(db, clerk, h, at=datetime(2026, 3, 9, 3, tzinfo=UTC))
    oid = work_orders.register_order(db, actor, WorkOrderInput(
        order_no="GD2026031000009", channel="hotline_12348", received_on=date(2026, 3, 10),
        due_on=date(2026, 3, 17), request="反映村集体收益分配不公"), today=date(2026, 3, 10))
    h = responsibility.hand_over(db, actor, "work_order", oid, target="county",
                                 to_name="县级中心", reason="涉及县直部门",
                                 at=datetime(2026, 3, 10, 6, tzinfo=UTC))
    responsibility.confirm_handover(db, actor, h, confirmed_by="赵科员",
                                    confirmed_at=datetime(2026, 3, 11, 1, tzinfo=UTC))
    case_id = mediation.open_case(db, actor, case_input())

    link(db, county)
    for bundle in sync.export(db, usb):
        assert import_bundle(county, bundle).status == "imported"

    rows = _section(county, "consultation", cid)
    assert rows[:2] == [("首问责任人", "王管理"), ("当前承办人", "李调解")]
    [(label, text)] = rows[2:]
    assert label == "移交" and "王管理 → 李调解（本站工作人员）：本村事务；已接收（李调解，" in text

    rows = _section(county, "work_order", oid)
    assert rows[:2] == [("首问责任人", "王管理"), ("当前承办人", "县级中心")]
    assert "→ 县级中心（县级中心）：涉及县直部门；已接收（赵科员，" in rows[2][1]

    # No hand-over: who received it and handles it.
    assert _section(county, "mediation_case", case_id) == [
        ("首问责任人", "王管理"), ("当前承办人", "王管理")]
