"""Publicity activities and the workload per operator over the known records, and who may see
whose workload (``services.workload``): the admin everyone's, an operator only their own."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from workstation.services.context import Actor
from workstation.services.permissions import NotPermitted
from workstation.services.workload import (
    drill_down_for,
    report_for_actor,
    statistics_for,
    visible_operators,
    workload,
)
from workstation.statistics import TOTAL, NotVisible, collect, drill_down, parse_period
from workstation.statistics.station_source import StationSource
from workstation.storage.engine import Database

from .known import AS_OF, EXPECTED_WORKLOAD, PERIOD, Known

MARCH = parse_period(PERIOD)


def _admin(db: Database, known: Known) -> Actor:
    assert known.mediator is not None
    return Actor(known.operators["A"], known.mediator.station_id, "admin", "王管理", "admin")


def _values(row: Any) -> tuple[Any, ...]:
    return tuple(pytest.approx(v) if isinstance(v, float) else v for v in row.values)


def test_admin_sees_every_operators_workload(known_station: tuple[Database, Known]) -> None:
    db, known = known_station
    table = report_for_actor(db, _admin(db, known), MARCH, AS_OF).table("workload")
    assert [(r.key, r.label) for r in table.rows] == [
        (known.operators["A"], "王管理"), (known.operators["M"], "赵调解")]
    for name in ("A", "M"):
        assert _values(table.row(known.operators[name])) == EXPECTED_WORKLOAD[name], name
    assert _values(table.row(TOTAL)) == EXPECTED_WORKLOAD["total"]
    assert [c.label for c in table.columns] == [
        "法律咨询", "受理调解", "调结", "调解成功", "调解成功率", "援助申请", "法治宣传",
        "应按期办结", "按期办结", "按期率", "群众自评", "满意和基本满意", "满意率", "回访评价",
        "代录评价"]


def test_workload_totals_agree_with_the_station_tables(known_station: tuple[Database, Known]
                                                       ) -> None:
    """Everyone's rows add up to the station's own figures (nothing lost or doubled)."""
    db, known = known_station
    report = report_for_actor(db, _admin(db, known), MARCH, AS_OF)
    total = report.table("workload").row(TOTAL)
    by_type = report.table("mediation_by_type").row(TOTAL)
    limits = report.table("time_limits")
    rates = report.table("satisfaction_rate")
    w = dict(zip((c.key for c in report.table("workload").columns), total.values, strict=True))
    assert w["consultations"] == report.table("consultation_by_topic").value(
        TOTAL, "consultations")
    assert (w["cases_accepted"], w["cases_concluded"], w["cases_succeeded"]) == \
        by_type.values[:3]
    assert w["referrals_applied"] == report.table("referral_by_matter").value(
        TOTAL, "referrals_applied")
    assert w["deadlines_due"] == sum(r.values[0] for r in limits.rows)
    assert w["deadlines_kept"] == sum(r.values[1] for r in limits.rows)
    # The rate is the citizens' own; the other sources are their own columns.
    assert (w["rated"], w["satisfied"]) == tuple(rates.row("citizen").values[:2])
    assert w["rated_visit"] == rates.row("visit").values[0]
    assert w["rated_staff"] == rates.row("staff").values[0]


def test_an_operator_sees_only_their_own_row(known_station: tuple[Database, Known]) -> None:
    db, known = known_station
    mediator = known.mediator
    assert mediator is not None
    assert visible_operators(mediator) == frozenset({known.operators["M"]})
    report = report_for_actor(db, mediator, MARCH, AS_OF)
    table = report.table("workload")
    assert [r.label for r in table.rows] == ["赵调解"]
    assert _values(table.rows[0]) == EXPECTED_WORKLOAD["M"]
    assert table.total is None  # the sum would tell the others' figures
    with pytest.raises(KeyError):
        table.row(known.operators["A"])
    # The station's other tables are the same for everyone.
    admin_report = report_for_actor(db, _admin(db, known), MARCH, AS_OF)
    assert [t for t in report.tables if t.key != "workload"] == \
        [t for t in admin_report.tables if t.key != "workload"]


def test_an_operator_cannot_open_others_workload(known_station: tuple[Database, Known]) -> None:
    db, known = known_station
    mediator = known.mediator
    assert mediator is not None
    facts, _ = statistics_for(db, mediator, MARCH, AS_OF)
    own = drill_down_for(mediator, facts, "workload", known.operators["M"], "consultations")
    assert [ln.number for ln in own] == [known.numbers["C3"], known.numbers["C4"]]
    for row in (known.operators["A"], TOTAL):
        with pytest.raises(NotPermitted, match="只能查看本人的工作量统计"):
            drill_down_for(mediator, facts, "workload", row, "consultations")
    # Everyone's facts handed to a mediator are refused by the service all the same ...
    everyone = collect(StationSource(db), MARCH, AS_OF)
    with pytest.raises(NotPermitted):
        drill_down_for(mediator, everyone, "workload", known.operators["A"], "consultations")
    # ... and restricted facts refuse in the query layer itself.
    with pytest.raises(NotVisible):
        drill_down(facts, "workload", known.operators["A"], "consultations")
    # Other tables open for everyone.
    assert drill_down_for(mediator, facts, "mediation_by_type", TOTAL, "cases_accepted")


def test_workload_service_by_operator(known_station: tuple[Database, Known]) -> None:
    db, known = known_station
    admin, mediator = _admin(db, known), known.mediator
    assert mediator is not None
    own = workload(db, mediator, MARCH, AS_OF, operator_id=known.operators["M"])
    assert [r.label for r in own.rows] == ["赵调解"] and own.total is None
    with pytest.raises(NotPermitted, match="只能查看本人"):
        workload(db, mediator, MARCH, AS_OF, operator_id=known.operators["A"])
    other = workload(db, admin, MARCH, AS_OF, operator_id=known.operators["M"])
    assert _values(other.rows[0]) == EXPECTED_WORKLOAD["M"]
    assert len(workload(db, admin, MARCH, AS_OF).rows) == 2
    assert [r.label for r in workload(db, mediator, MARCH, AS_OF).rows] == ["赵调解"]


def test_workload_drill_down_names_each_deadline(known_station: tuple[Database, Known]
                                                 ) -> None:
    """A case concluded and its follow-up due in the same month is listed once per deadline,
    so the list is as long as the number."""
    db, known = known_station
    facts, report = statistics_for(db, _admin(db, known), MARCH, AS_OF)
    admin = known.operators["A"]
    lines = drill_down(facts, "workload", admin, "deadlines_due")
    assert len(lines) == report.table("workload").value(admin, "deadlines_due") == 7
    n = known.numbers
    assert [(ln.number, ln.category, ln.day) for ln in lines] == [
        (n["R3"], "转交期限·请求确认劳动关系或者支付劳动报酬", date(2026, 3, 1)),
        (n["R1"], "转交期限·请求确认劳动关系或者支付劳动报酬", date(2026, 3, 4)),
        (n["K3"], "调结期限·邻里", date(2026, 3, 5)),  # K3 before K7: same day, lower number
        (n["K7"], "回访期限·邻里", date(2026, 3, 5)),
        (n["K1"], "调结期限·邻里", date(2026, 3, 10)),
        (n["K2"], "调结期限·邻里", date(2026, 3, 12)),
        (n["K1"], "回访期限·邻里", date(2026, 3, 15)),
    ]
    # Activities count for each operator taking part and open the activity.
    mediator = known.operators["M"]
    acts = drill_down(facts, "workload", mediator, "activity_participations")
    assert [(ln.record_type, ln.record_id) for ln in acts] == [
        ("publicity_activity", known.ids["P1"]), ("publicity_activity", known.ids["P2"])]
    # The citizens' ratings of the mediator's service (R2 by a returned slip, C3); K5's visit
    # (made by the admin) counts for K5's mediator.
    rated = drill_down(facts, "workload", mediator, "rated")
    assert [ln.number for ln in rated] == [n["R2"], n["C3"]]
    assert [ln.number for ln in drill_down(facts, "workload", mediator, "rated_visit")] == [
        n["K5"]]


def test_publicity_drill_down_and_titles(known_station: tuple[Database, Known]) -> None:
    db, known = known_station
    source = StationSource(db)
    facts = collect(source, MARCH, AS_OF)
    lines = drill_down(facts, "publicity_by_form", "stall", "activities")
    assert [ln.number for ln in lines] == [known.numbers["P2"], known.numbers["P4"]]
    assert (lines[0].category, lines[0].status, lines[0].day) == (
        "设摊宣传咨询", "集市", date(2026, 3, 15))
    # The audience column opens the activities it adds up.
    assert drill_down(facts, "publicity_by_place", TOTAL, "activities_audience") == \
        drill_down(facts, "publicity_by_place", TOTAL, "activities")
    assert source.titles(lines) == {known.ids["P2"]: "宪法进万家（东村集市）",
                                    known.ids["P4"]: "宪法进万家（西村集市）"}


def test_an_operator_no_longer_active_keeps_a_row_only_with_figures(
        known_station: tuple[Database, Known]) -> None:
    from workstation.statistics import build_report
    from workstation.statistics.facts import OperatorFact

    db, known = known_station
    facts = collect(StationSource(db), MARCH, AS_OF)
    ops = list(facts.of("operator"))
    retired = OperatorFact("00000000-0000-4000-8000-000000000001", ops[0].station_id,
                           "李离职", "mediator", False, ops[0].station_name)
    facts.by_kind["operator"] = [
        o._replace(active=False) if o.id == known.operators["M"] else o for o in ops] + [retired]
    labels = [r.label for r in build_report(facts).table("workload").rows]
    assert labels == ["王管理", "赵调解"]  # 赵调解 inactive but with figures; 李离职 hidden


def test_operators_are_listed_in_pinyin_order_with_their_station_when_several() -> None:
    from workstation.statistics.catalog import operator_rows
    from workstation.statistics.facts import Facts, OperatorFact, Scope

    def op(n: int, name: str, station: str) -> OperatorFact:
        return OperatorFact(f"id-{n}", f"s-{station}", name, "mediator", True, station)

    one = Facts(MARCH, AS_OF, Scope("甲站"),
                {"operator": [op(1, "刘建国", "甲站"), op(2, "陈秀梅", "甲站"),
                              op(3, "周海涛", "甲站")]})
    assert [label for _, label in operator_rows(one, set())] == ["陈秀梅", "刘建国", "周海涛"]
    two = Facts(MARCH, AS_OF, Scope("全县", stations=2),
                {"operator": [op(1, "刘建国", "乙站"), op(2, "陈秀梅", "甲站")]})
    assert [label for _, label in operator_rows(two, set())] == ["陈秀梅（甲站）", "刘建国（乙站）"]
