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
    assert both.scope.stations == 2 and both.scope.name == "全部站点（2个）"
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
