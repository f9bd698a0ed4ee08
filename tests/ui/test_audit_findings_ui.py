"""What the county found in this station's audit trail, shown on 操作日志 (the chain line) and
on the 同步 page once an acknowledgement brought it (sync/audit_findings.py)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from workstation.services.context import UnitOfWork
from workstation.sync.audit_findings import record_findings

pytestmark = pytest.mark.usefixtures("qtbot", "chinese_settings")

FOUND = {"kind": "missing", "first_seq": 3, "last_seq": 5, "epoch": 1,
         "detected_at": "2026-12-08T03:00:00+00:00"}


def _told(ctx: Any) -> str:
    with UnitOfWork(ctx.db, ctx.actor) as uow:
        [line] = record_findings(uow, [FOUND])
        uow.commit()
    return str(line)


def test_the_audit_page_adds_the_county_findings_to_the_chain_line(
        qtbot: Any, ui_ctx: Any) -> None:
    from workstation.ui.pages.audit import AuditPage

    line = _told(ui_ctx)
    page = AuditPage(ui_ctx)
    qtbot.addWidget(page)
    page.show()
    page.activated()
    qtbot.waitUntil(lambda: line in page.chain_label.text(), timeout=5000)
    first, second = page.chain_label.text().split("\n")
    assert first.startswith("操作日志完整") and second == line  # intact here, found there
    assert line.endswith("发现本站操作日志第 3–5 条缺失")
    assert page.chain_label.property("role") == "alert"
    ui_ctx.runner.wait()
    QApplication.processEvents()


def test_the_sync_page_shows_the_county_findings(qtbot: Any, ui_ctx: Any) -> None:
    from workstation.ui.pages.sync import SyncPage

    page = SyncPage(ui_ctx)
    qtbot.addWidget(page)
    page.resize(1000, 760)
    page.show()
    page.activated()
    qtbot.waitUntil(lambda: page.status is not None, timeout=20_000)
    assert not page.audit_findings_label.isVisible()
    line = _told(ui_ctx)
    page.status = None
    page.refresh()
    qtbot.waitUntil(lambda: page.status is not None, timeout=20_000)
    assert page.audit_findings_label.isVisible()
    lines = page.audit_findings_label.text().split("\n")
    assert lines[1:] == [line] and "操作日志" in lines[0]
    assert page.audit_findings_label.property("role") == "alert"
    ui_ctx.runner.wait()
    QApplication.processEvents()
