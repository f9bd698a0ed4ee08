"""``python -m workstation print`` end to end."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from pypdf import PdfReader

from tests.cli_support import run_workstation

from .conftest import Demo

REPO = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "WORKSTATION_DB"}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    env["PYTHONIOENCODING"] = "utf-8"
    env["WORKSTATION_USER"] = "demo"  # the demo station's admin (demo/generator.py)
    env["WORKSTATION_PASSWORD"] = "demo1234"
    return run_workstation(args, env=env)


def _one_chinese_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert any("\u4e00" <= ch <= "\u9fff" for ch in lines[0])
    return lines[0]


def test_print_list_names_every_document() -> None:
    result = run("print", "--list")
    assert result.returncode == 0, result.stderr
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert ["mediation_agreement", "人民调解协议书", "人民调解案件"] in rows
    assert ["aid_receipt", "法律援助申请材料接收凭证", "法律援助申请"] in rows
    assert {r[0] for r in rows} >= {"consultation_receipt", "mediation_receipt"}


def test_print_writes_an_audited_pdf(demo: Demo, tmp_path: Path) -> None:
    row = demo.first("SELECT c.number, c.id FROM mediation_case c JOIN mediation_agreement a "
                     "ON a.case_id = c.id WHERE a.form = 'written' ORDER BY c.number LIMIT 1")
    out = tmp_path / "agreement.pdf"
    result = run("print", "mediation_agreement", "--db", str(demo.path), "--record", row.number,
                 "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert row.number in result.stdout
    reader = PdfReader(out)
    assert len(reader.pages) >= 1 and "人民调解协议书" in reader.pages[0].extract_text()
    import hashlib

    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    audit = demo.first("SELECT a.record_id, a.detail, o.role FROM audit_entry a JOIN operator o "
                       "ON o.id = a.operator_id WHERE a.action = 'print' ORDER BY a.id DESC")
    assert audit.record_id == row.id and audit.role == "admin"
    assert audit.detail == f"mediation_agreement sha256={digest}"


def test_print_errors_are_one_chinese_line(demo: Demo, tmp_path: Path) -> None:
    row = demo.first("SELECT c.number FROM mediation_case c LEFT JOIN mediation_agreement a "
                     "ON a.case_id = c.id WHERE a.id IS NULL ORDER BY c.number LIMIT 1")
    out = tmp_path / "x.pdf"
    line = _one_chinese_line(run("print", "mediation_agreement", "--db", str(demo.path),
                                 "--record", row.number, "--out", str(out)))
    assert "该案件尚无调解协议" in line
    assert not out.exists()
    line = _one_chinese_line(run("print", "mediation_agreement", "--db", str(demo.path),
                                 "--record", "〔2001〕海调字第9999号", "--out", str(out)))
    assert "找不到" in line
    line = _one_chinese_line(run("print", "no_such", "--db", str(demo.path), "--record", "1",
                                 "--out", str(out)))
    assert "no_such" in line
    _one_chinese_line(run("print", "aid_receipt", "--db", str(demo.path), "--out", str(out)))
