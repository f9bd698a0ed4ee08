"""首问负责 hand-overs counted in the report: a hand-computed fixture, read at the station
(query layer), in the PDF and Excel exports, and at the county after import (SQLite and
PostgreSQL)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from tests.conftest import case_input, consultation_input, referral_input
from workstation.county.db import CountyDatabase
from workstation.county.importer import import_bundle
from workstation.services import aid, mediation, responsibility
from workstation.services.consultations import register_consultation
from workstation.services.context import Actor
from workstation.services.operators import add_operator
from workstation.statistics import parse_period, report_for
from workstation.statistics.county_source import CountySource
from workstation.statistics.station_source import StationSource
from workstation.storage.engine import Database
from workstation.sync import station as sync

from .helpers import link

AS_OF = date(2026, 4, 30)


def _at(month: int, day: int, hour: int = 3) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


def _build(db: Database, actor: Actor) -> None:
    """March 2026: five hand-overs.

    ======  ===========  ========  =============================
    record  target       made      outcome (as of 30 April)
    ======  ===========  ========  =============================
    case    operator     3 March   accepted
    ref.    operator     5 March   declined
    cons.   agency       9 March   accepted (confirmation)
    cons.2  county       20 March  pending
    cons.3  station      28 March  declined (refused outside)
    ======  ===========  ========  =============================

    Plus one in April (operator, pending): outside the March report.
    """
    operator_id = add_operator(db, actor, username="lidj", name="李调解",
                               password="another-horse-2")
    clerk = replace(actor, operator_id=operator_id, username="lidj", name="李调解",
                    role="mediator")
    case_id = mediation.open_case(db, actor, case_input())
    ref_id = aid.create_referral(db, actor, referral_input())
    cons = [register_consultation(db, actor, consultation_input(
        occurred_at=_at(3, d), handling_result="to_department", referred_to="县人社局",
        answer=""), today=date(2026, 3, 31)) for d in (9, 20, 28)]
    h = responsibility.hand_over(db, actor, "mediation_case", case_id, target="operator",
                                 to_operator_id=operator_id, reason="分工", at=_at(3, 3))
    responsibility.accept_handover(db, clerk, h, at=_at(3, 4))
    h = responsibility.hand_over(db, actor, "aid_referral", ref_id, target="operator",
                                 to_operator_id=operator_id, reason="代转", at=_at(3, 5))
    responsibility.decline_handover(db, clerk, h, "不在站", at=_at(3, 6))
    h = responsibility.hand_over(db, actor, "consultation", cons[0], target="agency",
                                 to_name="县人社局劳动监察大队", reason="欠薪", at=_at(3, 9))
    responsibility.confirm_handover(db, actor, h, confirmed_by="王科长",
                                    confirmed_at=_at(3, 10))
    responsibility.hand_over(db, actor, "consultation", cons[1], target="county",
                             to_name="县级中心", reason="跨乡镇", at=_at(3, 20))
    h = responsibility.hand_over(db, actor, "consultation", cons[2], target="station",
                                 to_name="石门寨镇工作站", reason="属地", at=_at(3, 28))
    responsibility.confirm_handover(db, actor, h, confirmed_by="张站长",
                                    confirmed_at=_at(3, 29), declined=True, reason="不属本辖区")
    responsibility.hand_over(db, actor, "aid_referral", ref_id, target="operator",
                             to_operator_id=operator_id, reason="再次代转", at=_at(4, 2))


#: handover_by_target rows: (移交, 已接收, 已退回, 待接收).
EXPECTED = {
    "operator": (2, 1, 1, 0),
    "station": (1, 0, 1, 0),
    "county": (1, 0, 0, 1),
    "agency": (1, 1, 0, 0),
    "total": (5, 2, 2, 1),
}


def _check(report: object) -> None:
    table = report.table("handover_by_target")  # type: ignore[attr-defined]
    for row, values in EXPECTED.items():
        assert table.row(row).values == values, row


def test_station_and_county_count_the_same_hand_overs(db: Database, actor: Actor,
                                                      county: CountyDatabase,
                                                      usb: Path) -> None:
    _build(db, actor)
    _check(report_for(StationSource(db), parse_period("2026-03"), AS_OF))
    april = report_for(StationSource(db), parse_period("2026-04"), AS_OF)
    assert april.table("handover_by_target").row("operator").values == (1, 0, 0, 1)

    link(db, county)
    for bundle in sync.export(db, usb):
        assert import_bundle(county, bundle).status == "imported"
    _check(report_for(CountySource(county), parse_period("2026-03"), AS_OF))


def test_the_exports_carry_the_hand_over_table(db: Database, actor: Actor) -> None:
    import io

    from openpyxl import load_workbook

    from tests.printing.conftest import pdf_text
    from workstation.printing.reports.excel import render_xlsx
    from workstation.printing.reports.pdf import render_pdf

    _build(db, actor)
    report = report_for(StationSource(db), parse_period("2026-03"), AS_OF)
    text = "".join(pdf_text(render_pdf(report)).split())
    assert "首问负责移交情况（按移交去向）" in text
    assert "县级中心1001" in text  # 移交 1, 已接收 0, 已退回 0, 待接收 1
    workbook = load_workbook(io.BytesIO(render_xlsx(report)))
    rows = [tuple(c for c in row if c is not None) for ws in workbook.worksheets
            for row in ws.iter_rows(values_only=True)]
    assert ("服务指引机构", 1, 1, 0, 0) in rows



def test_an_orders_hand_over_is_counted_with_its_order_number(
        db: Database, actor: Actor, county: CountyDatabase, usb: Path) -> None:
    from workstation.domain.work_orders import WorkOrderInput
    from workstation.services import work_orders
    from workstation.statistics.aggregate import collect, drill_down

    oid = work_orders.register_order(db, actor, WorkOrderInput(
        order_no="GD2026031000007", channel="platform_12348", received_on=date(2026, 3, 10),
        due_on=date(2026, 3, 17), request="咨询拖欠工资如何维权"), today=date(2026, 3, 10))
    responsibility.hand_over(db, actor, "work_order", oid, target="county",
                             to_name="县级中心", reason="涉及县直部门", at=_at(3, 11))
    period = parse_period("2026-03")
    station = report_for(StationSource(db), period, AS_OF)
    assert station.table("handover_by_target").row("county").values == (1, 0, 0, 1)
    [line] = drill_down(collect(StationSource(db), period, AS_OF), "handover_by_target",
                        "county", "handovers")
    assert (line.record_type, line.record_id, line.number) == (
        "work_order", oid, "GD2026031000007")

    link(db, county)
    for bundle in sync.export(db, usb):
        assert import_bundle(county, bundle).status == "imported"
    facts = collect(CountySource(county), period, AS_OF)
    assert report_for(CountySource(county), period, AS_OF).table(
        "handover_by_target").row("county").values == (1, 0, 0, 1)
    [line] = drill_down(facts, "handover_by_target", "county", "handovers")
    assert (line.record_type, line.number) == ("work_order", "GD2026031000007")
