"""The same known numbers in the PDF (text read back with pypdf), the Excel cells (openpyxl)
and through ``python -m workstation report``."""

from __future__ import annotations

import io
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.cli_support import run_workstation
from tests.conftest import ADMIN_PASSWORD
from tests.printing.conftest import assert_fonts_embedded
from workstation.domain.errors import ValidationError
from workstation.printing.reports import render, report_format, save_report
from workstation.statistics import Report, parse_period, report_for
from workstation.statistics.station_source import StationSource
from workstation.storage.engine import Database

from .known import AS_OF, PERIOD, Known

REPO = Path(__file__).resolve().parents[2]
STATION = "海港镇公共法律服务工作站"


@pytest.fixture(scope="module")
def march(known_station: tuple[Database, Known]) -> Report:
    db, _ = known_station
    return report_for(StationSource(db), parse_period(PERIOD), AS_OF)


def _tokens(pdf: bytes) -> list[list[str]]:
    return [(page.extract_text() or "").split() for page in PdfReader(io.BytesIO(pdf)).pages]


def _has_row(tokens: list[str], row: list[str]) -> bool:
    n = len(row)
    return any(tokens[i:i + n] == row for i in range(len(tokens) - n + 1))


def _find(pages: list[list[str]], row: list[str]) -> int:
    """Page number (1-based) holding the row's cells in order, 0 if none."""
    return next((i for i, tokens in enumerate(pages, start=1) if _has_row(tokens, row)), 0)


# --- PDF ------------------------------------------------------------------------------------


def test_pdf_sheets_carry_the_known_numbers(march: Report) -> None:
    pdf = render(march, "pdf")
    assert_fonts_embedded(pdf)
    pages = _tokens(pdf)
    first = "".join(pages[0])
    for text in ("人民调解工作统计表", f"填报单位：{STATION}",
                 "统计时段：2026年3月（2026年3月1日至2026年3月31日）", "制表日期：2026年11月26日"):
        assert text in first
    # 纠纷类型: 受理 调结 调解成功 成功率 协议涉及金额（元） 已履行 申请司法确认 司法确认
    assert _find(pages, ["邻里", "3", "4", "2", "50.0%", "9,234.56", "1", "1", "1"]) == 1
    assert _find(pages, ["婚姻家庭", "1", "1", "1", "100.0%", "2,000.00", "0", "0", "0"]) == 1
    assert _find(pages, ["合同", "0", "0", "0", "—", "0.00", "0", "0", "0"]) == 1
    assert _find(pages, ["合计", "4", "5", "3", "60.0%", "11,234.56", "1", "1", "1"]) == 1
    # 限时办结: 应办 按期 按期率
    assert _find(pages, ["调解案件一个月内（含延长）调结", "5", "4", "80.0%"])
    assert _find(pages, ["援助申请按承诺时限转交", "3", "1", "33.3%"])
    assert _find(pages, ["到期回访已完成", "3", "2", "66.7%"])
    # The consultation sheet: 来访 来电 网络 走访 12348热线 12348网络平台 合计.
    sheet = _find(pages, ["法律咨询工作统计表"])
    assert sheet > 1
    assert _find(pages, ["劳动报酬", "1", "1", "0", "0", "0", "0", "2"]) >= sheet
    assert _find(pages, ["合计", "2", "1", "1", "0", "0", "0", "4"]) >= sheet
    # 满意度 by source (群众自评 回访 工作人员代录 合计), the rates, and by service.
    assert _find(pages, ["不满意", "1", "0", "1", "2"]) >= sheet
    assert _find(pages, ["合计", "5", "2", "3", "10"]) >= sheet
    assert _find(pages, ["群众自评（计入满意率）", "5", "4", "80.0%"]) >= sheet
    assert _find(pages, ["工作人员代录", "3", "2", "66.7%"]) >= sheet
    assert _find(pages, ["法律咨询", "2", "1", "1", "50.0%"]) >= sheet
    assert _find(pages, ["法律援助申请", "2", "2", "0", "100.0%"]) >= sheet
    # The legal aid sheet: 受理 紧急 转交 按期转交 准予 不予.
    aid = _find(pages, ["法律援助工作统计表"])
    assert aid > sheet
    assert _find(pages, ["请求确认劳动关系或者支付劳动报酬", "2", "1", "2", "1", "1", "1"]) >= aid
    assert _find(pages, ["合计", "3", "1", "3", "1", "1", "1"]) >= aid
    assert _find(pages, ["待决定（本期转交）", "1"]) >= aid
    assert "统计口径" in "".join(pages[-1])


def test_pdf_screening_prevention_and_referrer_rows(march: Report) -> None:
    pages = _tokens(render(march, "pdf"))
    text = "".join("".join(p) for p in pages)
    assert "司法确认结果未登记" not in text  # the court's result is counted
    # 当事人和协议形式: 涉及当事人 书面 口头 (on the mediation sheet).
    mediation = _find(pages, ["人民调解工作统计表"])
    assert _find(pages, ["邻里", "6", "1", "1"]) >= mediation
    assert _find(pages, ["合计", "8", "2", "1"]) >= mediation
    # 委托移送调解: 受理 调结 调解成功.
    assert _find(pages, ["公安", "0", "1", "0"]) >= mediation
    # The screening sheet: 排查次数 发现 较大以上 预防 转入调解 移交 持续关注; then 件数 人数.
    sheet = _find(pages, ["矛盾纠纷排查化解统计表"])
    assert sheet > mediation
    assert _find(pages, ["定期排查", "1", "2", "1", "1", "1", "0", "0"]) >= sheet
    assert _find(pages, ["重点时段排查", "1", "2", "1", "0", "0", "1", "1"]) >= sheet
    assert _find(pages, ["合计", "2", "4", "2", "1", "1", "1", "1"]) >= sheet
    assert _find(pages, ["防止民间纠纷转化为刑事案件", "1", "3"]) >= sheet
    assert _find(pages, ["防止群体性上访", "1", "20"]) >= sheet
    assert _find(pages, ["合计", "4", "36"]) >= sheet


def test_pdf_work_order_sheet(march: Report) -> None:
    pages = _tokens(render(march, "pdf"))
    # 工单来源: 受理工单 已回复 按期回复 按期回复率 (W2 late, W3 never replied).
    sheet = _find(pages, ["12348工单办理统计表"])
    assert sheet >= 0
    assert _find(pages, ["12348热线", "2", "2", "1", "50.0%"]) >= sheet
    assert _find(pages, ["12348网络平台", "2", "1", "1", "50.0%"]) >= sheet
    assert _find(pages, ["合计", "4", "3", "2", "50.0%"]) >= sheet


def test_pdf_is_landscape_and_reproducible(march: Report) -> None:
    pdf = render(march, "pdf")
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)
    assert render(march, "pdf") == pdf  # invariant: same numbers, same bytes


# --- Excel ----------------------------------------------------------------------------------


def test_excel_cells_are_numbers_with_chinese_headers(march: Report) -> None:
    wb = load_workbook(io.BytesIO(render(march, "xlsx")))
    assert wb.sheetnames[0] == "人民调解案件统计（按纠纷类型）"
    assert wb.sheetnames[-1] == "统计口径"
    assert len(wb.sheetnames) == len(march.tables) + 1
    ws = wb["人民调解案件统计（按纠纷类型）"]
    assert ws["A1"].value == "人民调解案件统计（按纠纷类型）"
    assert ws["A2"].value == f"填报单位：{STATION}"
    assert ws["A3"].value == "统计时段：2026年3月（2026年3月1日至2026年3月31日）"
    assert ws["A4"].value == "制表日期：2026年11月26日"
    assert [c.value for c in ws[6]] == ["纠纷类型", "受理", "调结", "调解成功", "成功率",
                                         "协议涉及金额（元）", "协议已履行", "申请司法确认",
                                         "司法确认"]
    assert ws.freeze_panes == "B7"
    rows = {r[0].value: [c.value for c in r[1:]] for r in ws.iter_rows(min_row=7)
            if r[0].value}
    assert rows["邻里"] == [3, 4, 2, 0.5, 9234.56, 1, 1, 1]
    assert rows["婚姻家庭"] == [1, 1, 1, 1.0, 2000.0, 0, 0, 0]
    assert rows["合同"] == [0, 0, 0, "—", 0.0, 0, 0, 0]
    assert rows["合计"] == [3 + 1, 5, 3, 0.6, 11234.56, 1, 1, 1]
    total = next(r for r in ws.iter_rows(min_row=7) if r[0].value == "合计")
    assert total[0].font.b
    assert total[4].number_format == "0.0%" and total[5].number_format == "#,##0.00"
    assert ws.column_dimensions["A"].width >= 12
    assert ws.column_dimensions["F"].width >= 16

    topics = wb["法律咨询统计（按咨询类别和方式）"]
    cells = {r[0].value: [c.value for c in r[1:]] for r in topics.iter_rows(min_row=7)
             if r[0].value}
    assert cells["劳动报酬"] == [1, 1, 0, 0, 0, 0, 2]
    assert cells["合计"] == [2, 1, 1, 0, 0, 0, 4]
    limits = wb["限时办结情况"]
    values = {r[0].value: [c.value for c in r[1:]] for r in limits.iter_rows(min_row=7)
              if r[0].value}
    assert values["到期回访已完成"] == [3, 2, pytest.approx(2 / 3)]

    def cells_of(title: str) -> dict[str, list[Any]]:
        return {r[0].value: [c.value for c in r[1:]] for r in wb[title].iter_rows(min_row=7)
                if r[0].value and not str(r[0].value).startswith("注")}

    notes = [c.value for r in ws.iter_rows() for c in r if isinstance(c.value, str)]
    assert not any("司法确认结果未登记" in v for v in notes)
    assert cells_of("当事人和调解协议形式（按纠纷类型）")["合计"] == [8, 2, 1]
    assert cells_of("委托移送调解（按移送单位）")["公安"] == [0, 1, 0]
    screening = cells_of("矛盾纠纷排查化解统计（按排查类型）")
    assert screening["定期排查"] == [1, 2, 1, 1, 1, 0, 0]
    assert screening["合计"] == [2, 4, 2, 1, 1, 1, 1]
    prevention = cells_of("防止民间纠纷激化")
    assert prevention["防止民间纠纷引起自杀"] == [1, 1]
    assert prevention["防止群体性械斗"] == [1, 12]
    assert prevention["合计"] == [4, 36]
    orders = cells_of("12348工单办理统计（按工单来源）")
    assert orders["12348热线"] == [2, 2, 1, pytest.approx(0.5)]
    assert orders["12348网络平台"] == [2, 1, 1, pytest.approx(0.5)]
    assert orders["合计"] == [4, 3, 2, pytest.approx(0.5)]
    # Satisfaction by source; the rate that counts is the citizens' own.
    by_source = cells_of("群众满意度（按评价来源）")
    assert by_source["满意"] == [2, 1, 1, 4] and by_source["合计"] == [5, 2, 3, 10]
    rates = cells_of("满意率（按评价来源）")
    assert rates["群众自评（计入满意率）"] == [5, 4, pytest.approx(0.8)]
    assert rates["回访"] == [2, 2, 1.0]
    assert cells_of("群众自评满意度（按服务事项）")["人民调解"] == [1, 1, 0, 1.0]


def test_format_from_suffix() -> None:
    assert report_format("a.PDF") == "pdf"
    assert report_format(Path("x/b.xlsx")) == "xlsx"
    for bad in ("c.docx", "noext", "d.xls"):
        with pytest.raises(ValidationError) as info:
            report_format(bad)
        assert "请使用 .pdf 或 .xlsx" in str(info.value)


def test_save_is_atomic(march: Report, tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    out.write_bytes(b"old")
    save_report(march, out)
    assert out.read_bytes()[:2] == b"PK"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.xlsx"]


# --- command line ---------------------------------------------------------------------------


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONIOENCODING="utf-8", WORKSTATION_USER="admin",
               WORKSTATION_PASSWORD=ADMIN_PASSWORD)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    return run_workstation(["report", *args], env=env)


def test_cli_writes_pdf_and_excel(known_station: tuple[Database, Known], tmp_path: Path
                                  ) -> None:
    db, _ = known_station
    for name in ("march.pdf", "march.xlsx"):
        out = tmp_path / name
        result = _run("--db", str(db.path), "--period", "2026-03", "--out", str(out))
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == f"已生成{STATION}2026年3月统计报表：{out}"
    pages = _tokens((tmp_path / "march.pdf").read_bytes())
    assert _find(pages, ["邻里", "3", "4", "2", "50.0%", "9,234.56", "1", "1", "1"]) == 1
    wb = load_workbook(tmp_path / "march.xlsx")
    assert wb["人民调解结果"]["B7"].value == 3  # 调解成功: 调结 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["march.pdf", "march.xlsx"]


@pytest.mark.parametrize(("args", "message"), [
    (["--period", "2026-13", "--out", "x.pdf"], "月份应在1至12之间"),
    (["--period", "十月", "--out", "x.pdf"], "无法识别的统计时段"),
    (["--period", "2026-10", "--out", "x.docx"], "不支持的报表文件类型 .docx"),
])
def test_cli_refuses_bad_input_with_one_chinese_line(known_station: tuple[Database, Known],
                                                     tmp_path: Path, args: list[str],
                                                     message: str) -> None:
    db, _ = known_station
    args = [a if a not in ("x.pdf", "x.docx") else str(tmp_path / a) for a in args]
    result = _run("--db", str(db.path), *args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_cli_unwritable_target_is_one_line(known_station: tuple[Database, Known],
                                           tmp_path: Path) -> None:
    db, _ = known_station
    out = tmp_path / "missing" / "r.pdf"
    result = _run("--db", str(db.path), "--period", "2026", "--out", str(out))
    assert result.returncode == 2
    assert result.stderr.strip() == f"workstation: 错误：无法写入文件 {out}：文件夹不存在"
