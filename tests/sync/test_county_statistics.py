"""The county's statistics are the stations' statistics: after importing the bundles of two
stations, the county source's numbers equal the sum of the two stations' (SQLite and
PostgreSQL), and the county filtered to one station equals that station."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import valid_setup
from tests.statistics.known import AS_OF, EXPECTED_BY_TYPE, PERIOD, build_known_station
from workstation.county.db import CountyDatabase
from workstation.county.importer import import_bundle
from workstation.demo.generator import generate_demo
from workstation.services.context import Actor
from workstation.services.stations import init_station
from workstation.statistics import Report, collect, drill_down, parse_period, report_for
from workstation.statistics.catalog import SPECS
from workstation.statistics.county_source import CountySource
from workstation.statistics.model import RATE, IndicatorSpec
from workstation.statistics.station_source import StationSource
from workstation.storage.engine import Database, open_database
from workstation.sync import station as sync

from .helpers import link

CODE_A, CODE_B = "130302100000", "130302101000"


@pytest.fixture
def stations(tmp_path: Path) -> Iterator[tuple[Database, Database]]:
    """Station A: the known March records; station B: 300 demo records (a year of them)."""
    a = open_database(tmp_path / "a.db", create=True)
    b = open_database(tmp_path / "b.db", create=True)
    try:
        actor_a: Actor = init_station(a, valid_setup())
        build_known_station(a, actor_a)
        init_station(b, valid_setup(station_name="石门寨镇公共法律服务工作站",
                                    division_code=CODE_B, case_prefix="石调"))
        generate_demo(b, 300, seed=8)
        yield a, b
    finally:
        a.dispose()
        b.dispose()


def _sum_reports(x: Report, y: Report) -> dict[tuple[str, str, str], float | int | None]:
    """Cell by cell: counts and amounts added; rates recomputed from the added parts."""
    out: dict[tuple[str, str, str], float | int | None] = {}
    for tx, ty in zip(x.tables, y.tables, strict=True):
        spec = SPECS[tx.key]
        ratios = ({"rate": ("met", "base")} if isinstance(spec, IndicatorSpec)
                  else {c.key: c.ratio for c in spec.columns if c.ratio})
        rows_y = {r.key: r for r in ty.all_rows()}
        keys = [r.key for r in tx.all_rows()] + [k for k in rows_y if k not in
                                                  {r.key for r in tx.all_rows()}]
        for row_key in keys:
            rx = next((r for r in tx.all_rows() if r.key == row_key), None)
            ry = rows_y.get(row_key)
            for i, column in enumerate(tx.columns):
                if column.unit == RATE:
                    continue
                vx = rx.values[i] if rx else 0
                vy = ry.values[i] if ry else 0
                out[tx.key, row_key, column.key] = None if vx is None else vx + (vy or 0)
            for column in tx.columns:
                if column.unit == RATE:
                    num, den = ratios[column.key]
                    n, d = out[tx.key, row_key, num], out[tx.key, row_key, den]
                    out[tx.key, row_key, column.key] = (n / d) if d else None
    return out


def _cells(report: Report) -> dict[tuple[str, str, str], float | int | None]:
    return {(t.key, r.key, c.key): v for t in report.tables for r in t.all_rows()
            for c, v in zip(t.columns, r.values, strict=True)}


def _import(db: Database, county: CountyDatabase, usb: Path) -> None:
    link(db, county)
    for bundle in sync.export(db, usb):
        assert import_bundle(county, bundle).status == "imported"


@pytest.mark.parametrize("period_text", [PERIOD, "2026"])
def test_county_totals_are_the_sum_of_its_stations(stations: tuple[Database, Database],
                                                   county: CountyDatabase, usb: Path,
                                                   period_text: str) -> None:
    a, b = stations
    _import(a, county, usb)
    _import(b, county, usb)
    period = parse_period(period_text)
    report_a = report_for(StationSource(a), period, AS_OF)
    report_b = report_for(StationSource(b), period, AS_OF)
    both = report_for(CountySource(county), period, AS_OF)

    expected = _sum_reports(report_a, report_b)
    got = _cells(both)
    assert set(got) == set(expected)
    assert {k: pytest.approx(v) if isinstance(v, float) else v for k, v in got.items()} == \
        expected
    assert both.scope.stations == 2 and both.scope.name == "全县（2个站点）"
    # Station B's demo year really adds something to the county (not a trivial sum).
    if period_text == "2026":
        assert both.table("mediation_by_type").value("total", "cases_accepted") > \
            report_a.table("mediation_by_type").value("total", "cases_accepted") > 0

    # Filtered to one station the county shows exactly that station's report.
    only_a = report_for(CountySource(county, [CODE_A]), period, AS_OF)
    assert only_a.tables == report_a.tables
    assert only_a.scope.name == "海港镇公共法律服务工作站"


def test_county_drill_down_names_the_station_records(stations: tuple[Database, Database],
                                                     county: CountyDatabase, usb: Path) -> None:
    a, _ = stations
    _import(a, county, usb)
    facts = collect(CountySource(county), parse_period(PERIOD), AS_OF)
    lines = drill_down(facts, "mediation_by_type", "neighbour", "cases_succeeded")
    station_lines = drill_down(collect(StationSource(a), parse_period(PERIOD), AS_OF),
                               "mediation_by_type", "neighbour", "cases_succeeded")
    assert lines == station_lines
    assert len(lines) == EXPECTED_BY_TYPE["neighbour"][2]


def test_county_publicity_and_workload_are_the_stations(stations: tuple[Database, Database],
                                                        county: CountyDatabase, usb: Path
                                                        ) -> None:
    """Activities, audience and materials of the county are the sum of its stations'; its
    workload table holds every station's operators, named with their station."""
    from tests.statistics.known import EXPECTED_PUBLICITY_BY_FORM

    a, b = stations
    _import(a, county, usb)
    _import(b, county, usb)
    year = parse_period("2026")
    for period in (parse_period(PERIOD), year):
        report_a = report_for(StationSource(a), period, AS_OF)
        report_b = report_for(StationSource(b), period, AS_OF)
        both = report_for(CountySource(county), period, AS_OF)
        for table in ("publicity_by_form", "publicity_by_place"):
            for row in both.table(table).all_rows():
                assert row.values == tuple(
                    x + y for x, y in zip(report_a.table(table).row(row.key).values,
                                          report_b.table(table).row(row.key).values,
                                          strict=True)), (table, row.key)
    only_a = report_for(CountySource(county, [CODE_A]), parse_period(PERIOD), AS_OF)
    for row, values in EXPECTED_PUBLICITY_BY_FORM.items():
        assert only_a.table("publicity_by_form").row(row).values == values
    demo_year = report_for(StationSource(b), year, AS_OF).table("publicity_by_form")
    assert demo_year.value("total", "activities") > 0  # station B adds real activities

    workload = report_for(CountySource(county), year, AS_OF).table("workload")
    labels = [r.label for r in workload.rows]
    assert "王管理（海港镇公共法律服务工作站）" in labels
    assert "赵调解（海港镇公共法律服务工作站）" in labels
    assert any(label.endswith("（石门寨镇公共法律服务工作站）") for label in labels)
    station_a = report_for(StationSource(a), year, AS_OF).table("workload")
    for row in station_a.rows:  # operator ids are unique across stations: same figures
        assert workload.row(row.key).values == row.values


def test_county_opens_publicity_activities(stations: tuple[Database, Database],
                                           county: CountyDatabase, usb: Path) -> None:
    """An activity behind a county number reads as at the station: its fields, whoever still
    takes part, and the title its drill-down line shows."""
    from workstation.county.records import record_details, record_titles
    from workstation.services.publicity import list_activities

    a, _ = stations
    _import(a, county, usb)
    by_day = {row["held_on"]: row for row in list_activities(a)}
    p1_id, p3_id = by_day["2026-03-03"]["id"], by_day["2026-03-28"]["id"]  # P1, P3
    facts = collect(CountySource(county), parse_period(PERIOD), AS_OF)
    lines = drill_down(facts, "publicity_by_form", "lecture", "activities")
    assert [(ln.record_type, ln.record_id) for ln in lines] == [("publicity_activity", p1_id)]
    assert record_titles(county, [("publicity_activity", p1_id)]) == {
        p1_id: "宪法进万家（海港中学）"}
    p1 = record_details(county, "publicity_activity", p1_id)
    assert p1 is not None and p1.kind_label == "法治宣传活动"
    assert p1.number == by_day["2026-03-03"]["number"]
    fields = dict(p1.fields)
    assert (fields["活动日期"], fields["宣传形式"], fields["场所类型"]) == (
        "2026-03-03", "法治讲座", "学校")
    assert (fields["受众人数"], fields["发放资料（份）"]) == ("120", "200")
    assert fields["参加人员"] == "王管理、赵调解"
    p3 = record_details(county, "publicity_activity", p3_id)
    assert p3 is not None and dict(p3.fields)["参加人员"] == "王管理"  # 赵调解 taken off


def test_county_screening_prevention_and_referrers(stations: tuple[Database, Database],
                                                   county: CountyDatabase, usb: Path) -> None:
    """The hand-computed screening, prevention, agreement-form and referrer rows of station
    A, read from the county (a dispute linked to a case carrying the same indicator counts
    once there too; a dispute taken off its screening counts nowhere)."""
    from tests.statistics.known import (
        EXPECTED_AGREEMENTS,
        EXPECTED_BY_REFERRER,
        EXPECTED_PREVENTION,
        EXPECTED_Q1_BY_REFERRER,
        EXPECTED_Q1_SCREENING,
        EXPECTED_SCREENING,
        QUARTER,
    )

    a, _ = stations
    _import(a, county, usb)
    march = report_for(CountySource(county, [CODE_A]), parse_period(PERIOD), AS_OF)
    for table, expected in (("screening_by_kind", EXPECTED_SCREENING),
                            ("prevention", EXPECTED_PREVENTION),
                            ("mediation_agreements", EXPECTED_AGREEMENTS),
                            ("mediation_by_referrer", EXPECTED_BY_REFERRER)):
        for row, values in expected.items():
            assert march.table(table).row(row).values == values, (table, row)
    assert march.table("mediation_by_type").value("total", "cases_court_confirmed") == 1
    quarter = report_for(CountySource(county, [CODE_A]), parse_period(QUARTER), AS_OF)
    for row, values in EXPECTED_Q1_SCREENING.items():
        assert quarter.table("screening_by_kind").row(row).values == values, row
    for row, values in EXPECTED_Q1_BY_REFERRER.items():
        assert quarter.table("mediation_by_referrer").row(row).values == values, row


def test_county_counts_and_opens_12348_work_orders(stations: tuple[Database, Database],
                                                   county: CountyDatabase, usb: Path) -> None:
    """The hand-computed 12348 rows of station A, read from the county; an order opens at the
    county with its linked handling and its reply."""
    from tests.statistics.known import EXPECTED_WORK_ORDERS
    from workstation.county.records import record_details, record_titles

    a, _ = stations
    _import(a, county, usb)
    with a.engine.connect() as conn:
        known_ids = dict(conn.exec_driver_sql("SELECT order_no, id FROM work_order").all())
    march = report_for(CountySource(county, [CODE_A]), parse_period(PERIOD), AS_OF)
    for row, values in EXPECTED_WORK_ORDERS.items():
        assert march.table("work_orders_by_channel").row(row).values == values, row
    facts = collect(CountySource(county), parse_period(PERIOD), AS_OF)
    lines = drill_down(facts, "work_orders_by_channel", "hotline_12348", "orders_on_time")
    assert [ln.number for ln in lines] == ["GD20260302-W1"]
    w1 = known_ids["GD20260302-W1"]
    assert record_titles(county, [("work_order", w1)]) == {
        w1: "12348热线：12348平台转来的群众诉求。"}
    details = record_details(county, "work_order", w1)
    assert details is not None and details.number == "GD20260302-W1"
    fields = dict(details.fields)
    assert (fields["工单来源"], fields["办理期限"], fields["回复日期"], fields["是否按期"]) == (
        "12348热线", "2026-03-09", "2026-03-06", "按期回复")
    assert fields["法律咨询"].startswith("〔2026〕") and fields["接收人"] == "王管理"
    w2 = record_details(county, "work_order", known_ids["GD20260310-W2"])
    assert w2 is not None and dict(w2.fields)["是否按期"] == "逾期回复"
    w3 = record_details(county, "work_order", known_ids["GD20260315-W3"])
    assert w3 is not None and dict(w3.fields)["回复情况"] == "尚未回复"


def test_county_satisfaction_by_source(stations: tuple[Database, Database],
                                       county: CountyDatabase, usb: Path) -> None:
    """Station A's hand-computed ratings read from the county: by source, the rates (the
    citizens' own counts), by service, and in the workload table; a rating opens what it
    rates."""
    from tests.statistics.known import (
        EXPECTED_SATISFACTION,
        EXPECTED_SATISFACTION_BY_SERVICE,
        EXPECTED_SATISFACTION_RATE,
        EXPECTED_WORKLOAD,
    )

    a, _ = stations
    _import(a, county, usb)
    source = CountySource(county, [CODE_A])
    march = report_for(source, parse_period(PERIOD), AS_OF)
    for table, expected in (("satisfaction", EXPECTED_SATISFACTION),
                            ("satisfaction_rate", EXPECTED_SATISFACTION_RATE),
                            ("satisfaction_by_service", EXPECTED_SATISFACTION_BY_SERVICE)):
        for row, values in expected.items():
            got = march.table(table).row(row).values
            assert got == pytest.approx(values), (table, row)
    workload = march.table("workload").row("total").values
    assert workload[-5:] == pytest.approx(EXPECTED_WORKLOAD["total"][-5:])
    facts = collect(source, parse_period(PERIOD), AS_OF)
    lines = drill_down(facts, "satisfaction_by_service", "aid_referral", "ratings_citizen")
    assert [(ln.record_type, ln.category) for ln in lines] == [
        ("aid_referral", "法律援助申请·群众自评"), ("aid_referral", "法律援助申请·群众自评")]
    assert all(ln.number.startswith("〔2026〕") for ln in lines)
    # The county's view of a rated record lists its ratings; a 不满意 with its review.
    from workstation.county.records import record_details

    details = record_details(county, "aid_referral", lines[0].record_id)
    assert details is not None
    rated = dict(details.sections)["群众评价"]
    assert [text for _day, text in rated] == ["满意（群众自评·评价屏）"]
    dissatisfied = drill_down(facts, "satisfaction_by_service", "consultation",
                              "ratings_citizen_dissatisfied")
    (line,) = dissatisfied
    details = record_details(county, "consultation", line.record_id)
    assert details is not None
    texts = [text for _day, text in dict(details.sections)["群众评价"]]
    # Either source's 不满意 waits for the admin's review (due five working days on).
    assert sorted(texts) == ["不满意（工作人员代录·登记时录入）；待核查（2026-03-17前）",
                             "不满意（群众自评·评价屏）；待核查（2026-03-17前）"]
