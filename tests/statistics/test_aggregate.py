"""Known records in, hand-computed numbers out: the query layer over a station database."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from workstation.statistics import (
    TOTAL,
    Report,
    build_report,
    cell_facts,
    collect,
    drill_down,
    parse_period,
    report_for,
)
from workstation.statistics.catalog import TABLES
from workstation.statistics.model import IndicatorSpec
from workstation.statistics.station_source import StationSource
from workstation.storage.engine import Database

from .known import (
    AS_OF,
    EXPECTED_AGREEMENTS,
    EXPECTED_BY_DECISION,
    EXPECTED_BY_MATTER,
    EXPECTED_BY_OUTCOME,
    EXPECTED_BY_REFERRER,
    EXPECTED_BY_SOURCE,
    EXPECTED_BY_TOPIC,
    EXPECTED_BY_TYPE,
    EXPECTED_PREVENTION,
    EXPECTED_PUBLICITY_BY_FORM,
    EXPECTED_PUBLICITY_BY_PLACE,
    EXPECTED_Q1_BY_REFERRER,
    EXPECTED_Q1_MONTHS,
    EXPECTED_Q1_SCREENING,
    EXPECTED_SATISFACTION,
    EXPECTED_SATISFACTION_BY_SERVICE,
    EXPECTED_SATISFACTION_RATE,
    EXPECTED_SCREENING,
    EXPECTED_TIME_LIMITS,
    EXPECTED_WORK_ORDERS,
    PERIOD,
    QUARTER,
    Known,
)


@pytest.fixture(scope="module")
def march(known_station: tuple[Database, Known]) -> Report:
    db, _ = known_station
    return report_for(StationSource(db), parse_period(PERIOD), AS_OF)


def _row(report: Report, table: str, row: str) -> tuple[Any, ...]:
    values = report.table(table).row(row).values
    return tuple(pytest.approx(v) if isinstance(v, float) else v for v in values)


@pytest.mark.parametrize(("table", "expected"), [
    ("mediation_by_type", EXPECTED_BY_TYPE),
    ("mediation_by_source", EXPECTED_BY_SOURCE),
    ("mediation_by_outcome", EXPECTED_BY_OUTCOME),
    ("time_limits", EXPECTED_TIME_LIMITS),
    ("consultation_by_topic", EXPECTED_BY_TOPIC),
    ("satisfaction", EXPECTED_SATISFACTION),
    ("satisfaction_rate", EXPECTED_SATISFACTION_RATE),
    ("satisfaction_by_service", EXPECTED_SATISFACTION_BY_SERVICE),
    ("referral_by_matter", EXPECTED_BY_MATTER),
    ("publicity_by_form", EXPECTED_PUBLICITY_BY_FORM),
    ("publicity_by_place", EXPECTED_PUBLICITY_BY_PLACE),
    ("mediation_agreements", EXPECTED_AGREEMENTS),
    ("mediation_by_referrer", EXPECTED_BY_REFERRER),
    ("screening_by_kind", EXPECTED_SCREENING),
    ("prevention", EXPECTED_PREVENTION),
    ("work_orders_by_channel", EXPECTED_WORK_ORDERS),
])
def test_march_tables_match_the_hand_computed_numbers(march: Report, table: str,
                                                      expected: dict[str, tuple[Any, ...]]
                                                      ) -> None:
    for row, values in expected.items():
        assert _row(march, table, row) == values, (table, row)


def test_decisions_and_satisfaction_rates(march: Report) -> None:
    decisions = march.table("referral_by_decision")
    assert {r.key: r.values[0] for r in decisions.rows} == EXPECTED_BY_DECISION
    rates = march.table("satisfaction_rate")
    assert [r.key for r in rates.rows] == ["citizen", "visit", "staff"]
    assert rates.rows[0].label == "群众自评（计入满意率）"
    assert rates.total is None


def test_every_dispute_type_is_a_row_even_when_zero(march: Report) -> None:
    table = march.table("mediation_by_type")
    assert len(table.rows) == 15
    assert table.rows[0].label == "婚姻家庭" and table.rows[-1].label == "其他"
    assert table.value("environment", "cases_accepted") == 0
    assert table.value("environment", "success_rate") is None  # nothing concluded: no rate
    assert [c.label for c in table.columns] == [
        "受理", "调结", "调解成功", "成功率", "协议涉及金额（元）", "协议已履行", "申请司法确认",
        "司法确认"]
    # The court's result is recorded: the sheet needs no excuse for the row.
    assert "司法确认结果未登记" not in table.note


def test_screening_and_referrers_over_the_quarter(known_station: tuple[Database, Known]
                                                  ) -> None:
    db, _ = known_station
    report = report_for(StationSource(db), parse_period(QUARTER), AS_OF)
    for row, values in EXPECTED_Q1_SCREENING.items():
        assert _row(report, "screening_by_kind", row) == values, row
    for row, values in EXPECTED_Q1_BY_REFERRER.items():
        assert _row(report, "mediation_by_referrer", row) == values, row


def test_months_of_a_quarter(known_station: tuple[Database, Known]) -> None:
    db, _ = known_station
    report = report_for(StationSource(db), parse_period(QUARTER), AS_OF)
    table = report.table("mediation_by_month")
    assert [r.label for r in table.rows] == ["2026年1月", "2026年2月", "2026年3月"]
    for key, (accepted, concluded, succeeded) in EXPECTED_Q1_MONTHS.items():
        assert table.value(key, "cases_accepted") == accepted
        assert table.value(key, "cases_concluded") == concluded
        assert table.value(key, "cases_succeeded") == succeeded
    assert table.value("2026-02", "success_rate") == 1.0
    assert table.value("2026-01", "success_rate") is None
    # The quarter holds C5 (02-27) too, not C6 (04-01).
    assert report.table("consultation_by_topic").value(TOTAL, "consultations") == 5


def test_follow_ups_count_only_once_due(known_station: tuple[Database, Known]) -> None:
    """As of 03-10 only K7's visit (due 03-05) had come due; K1's (03-15) not yet."""
    db, _ = known_station
    report = report_for(StationSource(db), parse_period(PERIOD), date(2026, 3, 10))
    assert report.table("time_limits").row("follow_up").values == (1, 0, 0.0)


def test_drill_down_gives_the_records_behind_a_cell(known_station: tuple[Database, Known]
                                                    ) -> None:
    db, known = known_station
    facts = collect(StationSource(db), parse_period(PERIOD), AS_OF)
    n = known.numbers

    def numbers(table: str, row: str, column: str) -> list[str]:
        return [line.number for line in drill_down(facts, table, row, column)]

    assert numbers("mediation_by_type", "neighbour", "cases_succeeded") == [n["K1"], n["K2"]]
    assert numbers("mediation_by_type", "neighbour", "cases_concluded") == [
        n["K3"], n["K6"], n["K1"], n["K2"]]  # by conclusion day: 03-05, 03-06, 03-10, 03-12
    # A rate opens the records it is taken over; the total row opens every row's.
    assert numbers("mediation_by_type", "neighbour", "success_rate") == numbers(
        "mediation_by_type", "neighbour", "cases_concluded")
    assert len(numbers("mediation_by_type", TOTAL, "cases_accepted")) == 4
    assert numbers("time_limits", "follow_up", "base") == [n["K7"], n["K1"], n["K5"]]
    assert numbers("time_limits", "follow_up", "met") == [n["K1"], n["K5"]]
    assert numbers("referral_by_decision", "referrals_awaiting", "count") == [n["R2"]]
    assert numbers("mediation_by_type", "neighbour", "cases_court_confirmed") == [n["K1"]]
    # Prevention mixes screenings and cases: a dispute opens its screening.
    lines = drill_down(facts, "prevention", TOTAL, "cases")
    assert sorted(ln.number for ln in lines) == sorted([n["S1"], n["S2"], n["S2"], n["K6"]])
    assert numbers("screening_by_kind", "regular", "disputes_prevented") == [n["S1"]]
    # A 12348 order opens the order itself, named by its channel and request.
    assert numbers("work_orders_by_channel", "hotline_12348", "orders_on_time") == [n["W1"]]
    assert numbers("work_orders_by_channel", TOTAL, "orders_received") == [
        n["W1"], n["W2"], n["W3"], n["W4"]]
    [w3] = drill_down(facts, "work_orders_by_channel", "platform_12348", "orders_received")[:1]
    assert (w3.record_type, w3.record_id) == ("work_order", known.ids["W3"])
    # Satisfaction mixes kinds: a rating opens the record it rates.
    lines = drill_down(facts, "satisfaction", "fairly", "all")
    assert [(ln.record_type, ln.number) for ln in lines] == [
        ("consultation", n["C2"]), ("aid_referral", n["R2"]), ("mediation_case", n["K1"]),
        ("mediation_case", n["K5"])]
    assert lines[3].record_id == known.ids["K5"] and lines[3].category == "人民调解·回访"
    assert (lines[1].category, lines[1].status) == ("法律援助申请·群众自评", "基本满意")
    assert numbers("satisfaction_by_service", "consultation", "ratings_citizen_dissatisfied"
                   ) == [n["C3"]]
    first = drill_down(facts, "mediation_by_type", "neighbour", "cases_succeeded")[0]
    assert (first.record_type, first.record_id, first.day) == (
        "mediation_case", known.ids["K1"], date(2026, 3, 10))
    assert (first.category, first.status) == ("邻里", "调解成功")


def test_every_cell_count_equals_its_drill_down(known_station: tuple[Database, Known]) -> None:
    """Numbers and lists come from one rule: for every count cell, len(list) == value."""
    db, _ = known_station
    facts = collect(StationSource(db), parse_period(QUARTER), AS_OF)
    report = build_report(facts)
    checked = 0
    for table in report.tables:
        for row in table.all_rows():
            for column, value in zip(table.columns, row.values, strict=True):
                if column.unit != "count" or value is None:
                    continue
                assert len(cell_facts(facts, table.key, row.key, column.key)) == value, (
                    table.key, row.key, column.key)
                checked += 1
    assert checked > 300


def test_unknown_cells_are_refused(known_station: tuple[Database, Known]) -> None:
    db, _ = known_station
    facts = collect(StationSource(db), parse_period(PERIOD), AS_OF)
    for args in (("nope", TOTAL, "x"), ("mediation_by_type", TOTAL, "nope"),
                 ("time_limits", "nope", "base")):
        with pytest.raises(KeyError):
            drill_down(facts, *args)


def test_measure_keys_are_unique() -> None:
    """Results are cached per measure key: two different measures must never share one."""
    seen: dict[str, object] = {}
    for spec in TABLES:
        measures = ([m for i in spec.indicators for m in (i.base, i.met)]
                    if isinstance(spec, IndicatorSpec)
                    else [m for c in spec.columns for m in c.measures])
        for m in measures:
            assert seen.setdefault(m.key, m) is m, m.key


def test_an_empty_period_gives_zeros(known_station: tuple[Database, Known]) -> None:
    db, _ = known_station
    report = report_for(StationSource(db), parse_period("2025-06"), AS_OF)
    assert report.table("mediation_by_type").total.values == (0, 0, 0, None, 0, 0, 0, 0)
    assert report.table("time_limits").row("mediation").values == (0, 0, None)
    assert report.scope.name == "海港镇公共法律服务工作站"
    assert report.period.label == "2025年6月"


def test_progress_reports_each_kind_and_can_stop(known_station: tuple[Database, Known]) -> None:
    from workstation.statistics import Cancelled

    db, _ = known_station
    seen: list[tuple[int, int]] = []
    facts = collect(StationSource(db), parse_period(PERIOD), AS_OF,
                    progress=lambda done, total: seen.append((done, total)) is None)
    assert seen == [(done, 12) for done in range(1, 13)]  # one step per fact kind
    assert facts.count() > 0
    with pytest.raises(Cancelled):
        collect(StationSource(db), parse_period(PERIOD), AS_OF, progress=lambda d, t: d < 2)


def test_drill_down_names_who_the_records_concern(known_station: tuple[Database, Known]
                                                  ) -> None:
    db, known = known_station
    source = StationSource(db)
    facts = collect(source, parse_period(PERIOD), AS_OF)
    lines = (drill_down(facts, "satisfaction", "fairly", "all")
             + drill_down(facts, "referral_by_matter", "maintenance", "referrals_applied"))
    titles = source.titles(lines)
    assert titles == {known.ids["C2"]: "张咨询", known.ids["K5"]: "王申请与李被申婚姻家庭纠纷",
                      known.ids["K1"]: "王申请与李被申邻里纠纷", known.ids["R2"]: "赵申请"}


def test_voided_records_count_nowhere(known_station: tuple[Database, Known]) -> None:
    """C7, K9 (with its agreement and visit) and R6 are voided: no cell lists them."""
    db, known = known_station
    facts = collect(StationSource(db), parse_period(PERIOD), AS_OF)
    voided = {known.ids[name] for name in ("C7", "K9", "R6")}
    assert not [f for kind in facts.by_kind.values() for f in kind
                if f.record_id in voided or getattr(f, "case_id", None) in voided]
    assert voided.isdisjoint(
        line.record_id for line in drill_down(facts, "satisfaction", TOTAL, "all"))
