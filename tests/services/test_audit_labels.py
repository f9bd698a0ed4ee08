"""Every action code and record type the program writes to the audit trail reads as
Chinese, and so do the details that hold codes (status changes, documents)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from tests.latin import latin_words
from workstation.domain.audit import (
    ACTION_FILTERS,
    FILTERABLE_RECORD_TYPES,
    action_label,
    detail_text,
    record_type_label,
)
from workstation.services.audit_log import AuditQuery, export_csv, fetch_entries
from workstation.services.context import UnitOfWork

SOURCE = Path(__file__).resolve().parents[2] / "workstation"
_CALL = re.compile(r"(?:\.audit\(|_audit_quietly\(db, actor(?: if known else None)?, )"
                   r"\s*(?:\"([\w.]+)\"(?: if ok else \"([\w.]+)\")?)?,\s*"
                   r"(?:\"(\w+)\"|(RECORD_TYPE))?")
_RECORD_TYPE = re.compile(r"^RECORD_TYPE = \"(\w+)\"", re.MULTILINE)


def _written_codes() -> tuple[set[str], set[str]]:
    actions: set[str] = set()
    types: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        module_type = _RECORD_TYPE.search(text)
        for match in _CALL.finditer(text):
            actions.update(code for code in match.group(1, 2) if code)
            if match.group(3):
                types.add(match.group(3))
            elif match.group(4) and module_type:
                types.add(module_type.group(1))
    return actions, types


def test_every_code_written_has_a_chinese_label() -> None:
    actions, types = _written_codes()
    assert {"status", "login.failed", "operator.recover", "backup.failed"} <= actions
    assert {"mediation_agreement", "publicity_activity", "referral_provider"} <= types
    for code in sorted(actions):
        assert latin_words(action_label(code)) == [], code
    for code in sorted(types | set(FILTERABLE_RECORD_TYPES)):
        assert latin_words(record_type_label(code)) == [], code
    for _code, label in ACTION_FILTERS:
        assert latin_words(label) == []


def test_details_holding_codes_read_as_chinese() -> None:
    assert detail_text("status", "mediation_case", "registered->accepted") == "已登记 → 已受理"
    decided = detail_text("sync.decision", "aid_referral", "forwarded->granted lawyer=李律师")
    assert latin_words(decided) == [] and decided.endswith("承办律师：李律师")
    printed = detail_text("print", "mediation_case", "mediation_agreement sha256=ab12",
                          {"mediation_agreement": "人民调解协议书"}.__getitem__)
    assert printed == "人民调解协议书（校验值 ab12）"
    assert detail_text("extend", "mediation_case", "+15: 双方同意") == "延长 15 天：双方同意"
    assert detail_text("update", "aid_referral", "materials") == "材料清单"
    assert detail_text("create", "person", "张三") == "张三"


def test_the_audit_view_and_its_csv_show_labels(db, actor, tmp_path: Path) -> None:
    with UnitOfWork(db, actor) as uow:
        uow.audit("status", "mediation_case", "c1", "registered->accepted")
        uow.audit("print", "mediation_case", "c1", "mediation_agreement sha256=ab12")
        uow.commit()
    rows = fetch_entries(db, actor, AuditQuery(record_type="mediation_case"), 0, 10)
    details = {r.action: r.detail for r in rows}
    assert "已受理" in details["status"] and "->" not in details["status"]
    assert details["print"].startswith("人民调解协议书")
    out = tmp_path / "audit.csv"
    export_csv(db, actor, AuditQuery(), out)
    with out.open(encoding="utf-8-sig", newline="") as handle:
        table = list(csv.reader(handle))
    text = "\n".join(",".join(r) for r in table)
    assert "已登记 → 已受理" in text and "registered->accepted" not in text
    assert "人民调解协议书" in text
