"""``python -m workstation county report`` on SQLite and PostgreSQL: the whole county or one
station, as PDF (text read back with pypdf) and Excel (cells read back with openpyxl), with
the known numbers of station A and the sum of both stations; bad input is one Chinese line.
Also the county's record reading (drill-down titles, a record's fields) on both backends."""

from __future__ import annotations

import io
import os
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.cli_support import run_workstation
from tests.conftest import valid_setup
from tests.statistics.known import (
    AS_OF,
    EXPECTED_BY_TOPIC,
    EXPECTED_BY_TYPE,
    PERIOD,
    Known,
    build_known_station,
)
from workstation.county.db import CountyDatabase
from workstation.county.importer import import_bundle
from workstation.county.records import record_details, record_titles, station_choices
from workstation.demo.generator import generate_demo
from workstation.services.stations import init_station
from workstation.services.voiding import void_record
from workstation.statistics import parse_period, report_for
from workstation.statistics.format import yuan
from workstation.statistics.station_source import StationSource
from workstation.storage.engine import Database, open_database
from workstation.sync import station as sync

from .helpers import link

REPO = Path(__file__).resolve().parents[2]
CODE_A, CODE_B = "130302100000", "130302101000"
NAME_A, NAME_B = "海港镇公共法律服务工作站", "石门寨镇公共法律服务工作站"
BY_TYPE_SHEET = "人民调解案件统计（按纠纷类型）"
BY_TOPIC_SHEET = "法律咨询统计（按咨询类别和方式）"


@pytest.fixture
def fed(county: CountyDatabase, tmp_path: Path
        ) -> Iterator[tuple[CountyDatabase, Database, Database, Known]]:
    """The county with station A (known March records) and B (a demo year) imported."""
    a = open_database(tmp_path / "a.db", create=True)
    b = open_database(tmp_path / "b.db", create=True)
    usb = tmp_path / "usb"
    usb.mkdir()
    try:
        actor = init_station(a, valid_setup())
        known = build_known_station(a, actor)
        void_record(a, actor, "consultation", known.ids["C6"], "重复登记")  # April: outside
        init_station(b, valid_setup(station_name=NAME_B, division_code=CODE_B,
                                    case_prefix="石调"))
        generate_demo(b, 300, seed=8, today=AS_OF)
        for db in (a, b):
            link(db, county)
            for bundle in sync.export(db, usb):
                assert import_bundle(county, bundle).status == "imported"
        yield county, a, b, known
    finally:
        a.dispose()
        b.dispose()


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    return run_workstation(["county", "report", *args], env=env)


def _ok(*args: str) -> str:
    result = _run(*args)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def _pdf_tokens(path: Path) -> list[str]:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return [t for page in reader.pages for t in (page.extract_text() or "").split()]


def _has_row(tokens: list[str], row: list[str]) -> bool:
    n = len(row)
    return any(tokens[i:i + n] == row for i in range(len(tokens) - n + 1))


def _sheet_rows(path: Path, sheet: str) -> dict[str, list[object]]:
    ws = load_workbook(path)[sheet]
    return {r[0].value: [c.value for c in r[1:]] for r in ws.iter_rows(min_row=7) if r[0].value}


def test_one_station_report_has_the_known_numbers(fed: tuple[CountyDatabase, Database,
                                                             Database, Known],
                                                  tmp_path: Path) -> None:
    county = fed[0]
    pdf, xlsx = tmp_path / "a.pdf", tmp_path / "a.xlsx"
    for out in (pdf, xlsx):
        assert _ok("--db", county.url, "--period", PERIOD, "--out", str(out),
                   "--station", CODE_A) == f"已生成{NAME_A}2026年3月统计报表：{out}"
    tokens = _pdf_tokens(pdf)
    assert f"填报单位：{NAME_A}" in tokens
    assert _has_row(tokens, ["邻里", "3", "4", "2", "50.0%", "9,234.56", "1", "1", "1"])
    assert _has_row(tokens, ["合计", "4", "5", "3", "60.0%", "11,234.56", "1", "1", "1"])
    rows = _sheet_rows(xlsx, BY_TYPE_SHEET)
    for key, label in (("neighbour", "邻里"), ("marriage_family", "婚姻家庭"), ("total", "合计")):
        accepted, concluded, succeeded, rate, fen, performed, applied, confirmed = \
            EXPECTED_BY_TYPE[key]
        assert rows[label] == [accepted, concluded, succeeded, rate, fen / 100, performed,
                               applied, confirmed]
    assert _sheet_rows(xlsx, BY_TOPIC_SHEET)["合计"] == list(EXPECTED_BY_TOPIC["total"])
    assert load_workbook(xlsx)[BY_TYPE_SHEET]["A2"].value == f"填报单位：{NAME_A}"


def test_county_report_is_the_sum_of_both_stations(fed: tuple[CountyDatabase, Database,
                                                              Database, Known],
                                                   tmp_path: Path) -> None:
    county, a, b, _ = fed
    period = parse_period("2026")
    today = date.today()  # the command counts as of today
    ra, rb = (report_for(StationSource(db), period, today) for db in (a, b))

    def total(table: str, column: str) -> int:
        return sum(int(r.table(table).value("total", column) or 0) for r in (ra, rb))

    accepted, fen = total("mediation_by_type", "cases_accepted"), \
        total("mediation_by_type", "cases_agreed_fen")
    consultations = total("consultation_by_topic", "consultations")
    assert accepted > ra.table("mediation_by_type").value("total", "cases_accepted") > 0

    xlsx, pdf = tmp_path / "全县.xlsx", tmp_path / "全县.pdf"
    assert _ok("--db", county.url, "--period", "2026", "--out", str(xlsx)) == \
        f"已生成全县（2个站点）2026年统计报表：{xlsx}"
    _ok("--db", county.url, "--period", "2026", "--out", str(pdf))
    rows = _sheet_rows(xlsx, BY_TYPE_SHEET)
    assert rows["合计"][0] == accepted and rows["合计"][4] == pytest.approx(fen / 100)
    assert _sheet_rows(xlsx, BY_TOPIC_SHEET)["合计"][-1] == consultations
    assert load_workbook(xlsx)[BY_TYPE_SHEET]["A2"].value == "填报单位：全县（2个站点）"
    tokens = _pdf_tokens(pdf)
    assert "填报单位：全县（2个站点）" in tokens
    total_row = tokens.index("合计")  # the first table: 人民调解案件统计（按纠纷类型）
    assert tokens[total_row + 1] == str(accepted) and tokens[total_row + 5] == yuan(fen)


def test_bad_input_is_one_chinese_line(fed: tuple[CountyDatabase, Database, Database, Known],
                                       tmp_path: Path) -> None:
    db = fed[0].url
    out = tmp_path / "out"
    out.mkdir()
    pdf = str(out / "x.pdf")
    for args, message in (
            (["--period", "2026", "--out", pdf, "--station", "130302199000"],
             "县级数据库中没有区划代码为 130302199000 的站点"),
            (["--period", "2026-13", "--out", pdf], "月份应在1至12之间"),
            (["--period", "2026", "--out", str(out / "x.docx")], "不支持的报表文件类型 .docx"),
            (["--period", "2026", "--out", str(out / "missing" / "x.pdf")], "文件夹不存在")):
        result = _run("--db", db, *args)
        assert result.returncode == 2, result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and message in lines[0] and "Traceback" not in result.stderr
    assert list(out.iterdir()) == []


def test_records_read_the_same_on_both_backends(fed: tuple[CountyDatabase, Database,
                                                           Database, Known]) -> None:
    county, _, _, known = fed
    assert [(c.division_code, c.name) for c in station_choices(county)] == [
        (CODE_A, NAME_A), (CODE_B, NAME_B)]
    ids = known.ids
    titles = record_titles(county, [("mediation_case", ids["K1"]), ("consultation", ids["C1"]),
                                    ("aid_referral", ids["R1"])])
    assert titles == {ids["K1"]: "王申请与李被申邻里纠纷 · 海港镇人民调解委员会",
                      ids["C1"]: "张咨询", ids["R1"]: "赵申请"}

    case = record_details(county, "mediation_case", ids["K1"])
    assert case is not None and case.number == known.numbers["K1"]
    assert case.station_name == NAME_A and case.kind_label == "人民调解案件"
    fields = dict(case.fields)
    assert fields["纠纷类型"] == "邻里" and fields["涉及金额（元）"] == "10,000.00"
    assert fields["案件"] == "王申请与李被申邻里纠纷"
    assert fields["人民调解委员会"] == "海港镇人民调解委员会"
    assert fields["协议生效日期"] == "2026-03-10" and fields["履行期限"] == "2026-03-15"
    assert fields["回访（2026-03-20）"] == "已履行，满意，回访了解履行情况。"
    assert fields["申请人"].startswith("王申请，130302") and "****" in fields["申请人"]

    referral = record_details(county, "aid_referral", ids["R1"])
    assert referral is not None
    fields = dict(referral.fields)
    assert fields["决定"] == "准予法律援助" and fields["承办律师"] == "孙律师"
    assert fields["转交日期"] == "2026-03-04" and fields["紧急"] == "否"
    consultation = record_details(county, "consultation", ids["C1"])
    assert consultation is not None
    assert dict(consultation.fields)["咨询方式"] == "来访"
    assert record_details(county, "consultation", ids["K1"]) is None
    voided = record_details(county, "consultation", ids["C6"])
    assert voided is not None and voided.sections[0][0] == "已作废"
    assert dict(voided.sections[0][1])["作废原因"] == "重复登记"
