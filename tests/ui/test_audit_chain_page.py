"""The 操作日志 page verifies the audit trail's hash chain in the background and says whether
it is intact or which entries were deleted or changed outside the program."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from workstation.services.context import UnitOfWork
from workstation.storage.engine import connect_raw

pytestmark = pytest.mark.usefixtures("qtbot", "chinese_settings")


@pytest.fixture
def page(qtbot: Any, ui_ctx: Any) -> Any:
    from workstation.ui.pages.audit import AuditPage

    widget = AuditPage(ui_ctx)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    yield widget
    ui_ctx.runner.wait()
    QApplication.processEvents()


def _entries(ctx: Any, n: int) -> list[int]:
    with UnitOfWork(ctx.db, ctx.actor) as uow:
        for i in range(n):
            uow.audit("print", "person", "", f"第{i}份")
        uow.commit()
    with ctx.db.engine.connect() as conn:
        return [int(r[0]) for r in conn.exec_driver_sql(
            "SELECT seq FROM audit_entry ORDER BY seq").all()]


def _delete_behind_the_triggers(ctx: Any, first: int, last: int) -> None:
    conn = connect_raw(ctx.db.path, ctx.db.key)
    try:
        triggers = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                                "AND tbl_name = 'audit_entry'").fetchall()
        conn.execute("BEGIN")
        for name, _sql in triggers:
            conn.execute(f"DROP TRIGGER {name}")
        conn.execute("DELETE FROM audit_entry WHERE seq BETWEEN ? AND ?", (first, last))
        for _name, sql in triggers:
            conn.execute(sql)
        conn.execute("COMMIT")
    finally:
        conn.close()


def test_an_intact_chain_is_shown_verified(page: Any, qtbot: Any, ui_ctx: Any) -> None:
    seqs = _entries(ui_ctx, 3)
    page.activated()
    qtbot.waitUntil(lambda: page.chain_label.text().startswith("操作日志完整"), timeout=5000)
    assert page.chain_label.text() == f"操作日志完整（共 {len(seqs)} 条，已核对）"
    assert page.chain_label.property("role") == "ok"


def test_deleted_entries_are_shown_with_their_range(page: Any, qtbot: Any,
                                                    ui_ctx: Any) -> None:
    seqs = _entries(ui_ctx, 6)
    _delete_behind_the_triggers(ui_ctx, seqs[-5], seqs[-3])
    page.activated()
    qtbot.waitUntil(lambda: "缺失" in page.chain_label.text(), timeout=5000)
    assert page.chain_label.text() == (
        f"操作日志第 {seqs[-5]}–{seqs[-3]} 条缺失：有日志在本程序之外被删除或改动")
    assert page.chain_label.property("role") == "alert"
