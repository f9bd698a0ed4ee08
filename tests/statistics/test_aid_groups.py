"""The aid sheet says 接收/转交 and breaks applications down by applicant group: hand-computed
numbers (aid_groups.py) in the query layer, the PDF and the Excel workbook."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.conftest import valid_setup
from workstation.printing.reports import render
from workstation.statistics import Report, collect, drill_down, parse_period, report_for
from workstation.statistics.station_source import StationSource
from workstation.storage.engine import Database, open_database

from .aid_groups import AS_OF, EXPECTED_BY_GROUP, EXPECTED_WAGES, PERIOD, build_aid_groups

GROUP_LABELS = {"migrant_worker": "农民工", "elderly": "老年人", "minor": "未成年人",
                "disabled": "残疾人", "women": "妇女", "veteran": "退役军人",
                "dv_victim": "家庭暴力受害人", "social_assistance": "低保/特困供养人员"}


@pytest.fixture(scope="module")
def station(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, dict]]:
    from workstation.services.stations import init_station

    path: Path = tmp_path_factory.mktemp("aidgroups") / "station.db"
    db = open_database(path, create=True)
    try:
        actor = init_station(db, valid_setup())
        yield db, build_aid_groups(db, actor)
    finally:
        db.dispose()


@pytest.fixture(scope="module")
def march(station: tuple[Database, dict]) -> Report:
    return report_for(StationSource(station[0]), parse_period(PERIOD), AS_OF)


@pytest.mark.parametrize(("group", "expected"), EXPECTED_BY_GROUP.items())
def test_breakdown_by_applicant_group(march: Report, group: str, expected: tuple) -> None:
    table = march.table("referral_by_group")
    assert (table.value(group, "received"), table.value(group, "forwarded")) == expected


def test_group_rows_in_the_sheets_order_and_no_total(march: Report) -> None:
    table = march.table("referral_by_group")
    keys = [r.key for r in table.all_rows()]
    assert keys[:6] == ["migrant_worker", "elderly", "minor", "disabled", "women", "veteran"]
    assert "total" not in keys  # one application counts in every group of its applicant
    assert [c.label for c in table.columns] == ["接收申请", "转交"]


def test_matter_table_says_received_and_urgency_of_the_day(march: Report) -> None:
    table = march.table("referral_by_matter")
    assert [c.label for c in table.columns][:3] == ["接收申请", "其中紧急", "转交"]
    row = table.row("wages").values
    assert tuple(row[:3]) == EXPECTED_WAGES


def test_drill_down_names_the_applications_of_a_group(station: tuple[Database, dict]) -> None:
    db, ids = station
    facts = collect(StationSource(db), parse_period(PERIOD), AS_OF)
    lines = drill_down(facts, "referral_by_group", "elderly", "received")
    assert sorted(line.record_id for line in lines) == sorted([ids["A1"], ids["A5"]])


def test_pdf_and_excel_carry_the_breakdown(march: Report) -> None:
    pdf = render(march, "pdf")
    text = ["".join((p.extract_text() or "").split())
            for p in PdfReader(io.BytesIO(pdf)).pages]
    aid = next(i for i, t in enumerate(text) if "法律援助工作统计表" in t)
    sheet = "".join(text[aid:])
    assert "法律援助申请接收、转交统计（按申请人群体）" in sheet
    assert "受理" not in sheet.split("法律援助中心决定情况")[0]
    for group, (received, forwarded) in EXPECTED_BY_GROUP.items():
        assert f"{GROUP_LABELS[group]}{received}{forwarded}" in sheet

    wb = load_workbook(io.BytesIO(render(march, "xlsx")))
    ws = next(wb[n] for n in wb.sheetnames if "按申请人群体" in n)
    rows = {r[0].value: [c.value for c in r[1:]] for r in ws.iter_rows(min_row=7)
            if r[0].value and not str(r[0].value).startswith("注")}
    header = next(r for r in ws.iter_rows(min_row=1, max_row=8)
                  if r[0].value == "申请人群体")
    assert [c.value for c in header] == ["申请人群体", "接收申请", "转交"]
    for group, expected in EXPECTED_BY_GROUP.items():
        assert tuple(rows[GROUP_LABELS[group]]) == expected
