"""The 操作日志 page: admins only, filters, lazy paging (model contract), double-click opens
the record, CSV export in the background (itself audited)."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from workstation.domain.inputs import CaseInput, PartyInput
from workstation.services.auth import add_operator
from workstation.services.context import Actor
from workstation.services.mediation import accept_case, open_case

pytestmark = pytest.mark.usefixtures("qtbot", "chinese_settings")


def a_case(ctx: Any, make_person: Any, seq: int = 1) -> str:
    return open_case(ctx.db, ctx.actor, CaseInput(
        source="application", dispute_type="neighbour", facts="邻里纠纷。",
        registered_on=date.today() - timedelta(days=3),
        parties=(PartyInput(role="applicant", person=make_person("张三", seq)),
                 PartyInput(role="respondent", person=make_person("李四", seq + 1, "female")))))


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


def test_lists_filters_and_opens_records(page: Any, qtbot: Any, qtmodeltester: Any,
                                         ui_ctx: Any, ui_make_person: Any) -> None:
    case_id = a_case(ui_ctx, ui_make_person)
    accept_case(ui_ctx.db, ui_ctx.actor, case_id, date.today())
    page.activated()
    qtbot.waitUntil(lambda: page.model.total >= 5 and page.operator_box.count() == 2,
                    timeout=5000)
    qtmodeltester.check(page.model, force_py=True)
    headers = [page.model.headerData(i, Qt.Orientation.Horizontal)
               for i in range(page.model.columnCount())]
    assert headers == ["时间", "操作员", "操作", "记录类型", "记录", "详情"]
    newest = page.model.row_at(0)
    assert newest.action_label == "状态变更" and newest.operator_name == "王芳"
    assert page.count_label.text() == f"共{page.model.total}条"

    page.action_box.setCurrentIndex(page.action_box.findData("status"))
    qtbot.waitUntil(lambda: page.model.total == 1, timeout=5000)
    page.action_box.setCurrentIndex(0)
    page.type_box.setCurrentIndex(page.type_box.findData("person"))
    page.record_edit.setText("李四")
    page.apply_filters()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and not page.model.busy
                    and page.model.row_at(0).record_label == "李四", timeout=5000)
    assert page.model.row_at(0).action_label == "新建"

    with qtbot.waitSignal(ui_ctx.signals.open_record, timeout=1000) as blocker:
        assert page.open_row(0)
    assert blocker.args[0] == "person"
    page.type_box.setCurrentIndex(page.type_box.findData("mediation_case"))
    page.record_edit.setText(case_id)
    page.apply_filters()
    qtbot.waitUntil(lambda: page.model.total == 2, timeout=5000)
    with qtbot.waitSignal(ui_ctx.signals.open_record, timeout=1000) as blocker:
        page.view.doubleClicked.emit(page.model.index(0, 0))
    assert blocker.args == ["mediation_case", case_id]


def test_export_runs_in_the_background_and_is_audited(page: Any, qtbot: Any, ui_ctx: Any,
                                                      ui_make_person: Any,
                                                      tmp_path: Path) -> None:
    a_case(ui_ctx, ui_make_person)
    page.activated()
    qtbot.waitUntil(lambda: page.model.total > 0, timeout=5000)
    expected = page.model.total
    path = tmp_path / "操作日志.csv"
    page.export_to(path)
    qtbot.waitUntil(lambda: page.progress is None, timeout=20_000)
    assert "已导出" in page.message.text()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        assert len(list(csv.reader(handle))) == expected + 1
    assert path.read_bytes()[:3] == b"\xef\xbb\xbf"
    with ui_ctx.db.engine.connect() as conn:
        detail = conn.execute(text("SELECT detail FROM audit_entry WHERE action = 'export'")
                              ).scalar_one()
    assert f"操作日志{expected}条" in detail
    qtbot.waitUntil(lambda: page.model.total == expected + 1, timeout=5000)


def test_the_page_is_for_admins_only(qtbot: Any, ui_ctx: Any) -> None:
    from workstation.ui.context import AppContext
    from workstation.ui.main_window import MainWindow
    from workstation.ui.pages.audit import AuditPage
    from workstation.ui.pages.registry import default_pages

    op_id = add_operator(ui_ctx.db, ui_ctx.actor, username="tiaojie", name="李调解",
                         password="mediator-pw-1")
    ctx = AppContext(db=ui_ctx.db, actor=Actor(op_id, ui_ctx.actor.station_id, "tiaojie",
                                               "李调解", "mediator"),
                     runner=ui_ctx.runner, station_name=ui_ctx.station_name)
    window = MainWindow(ctx, default_pages(), idle_timeout_ms=3_600_000)
    qtbot.addWidget(window)
    keys = [window.nav.item(i).data(256) for i in range(window.nav.count())]
    assert "audit" not in keys and "settings" in keys
    admin = MainWindow(ui_ctx, default_pages(), idle_timeout_ms=3_600_000)
    qtbot.addWidget(admin)
    assert "audit" in [admin.nav.item(i).data(256) for i in range(admin.nav.count())]

    # Reached anyway, the service refuses.
    page = AuditPage(ctx)
    qtbot.addWidget(page)
    with qtbot.waitSignal(ctx.signals.status_message, timeout=5000) as blocker:
        page.activated()
    assert blocker.args == ["只有站点管理员可以查看操作日志"]
    for win in (window, admin):
        win.session_lock.stop()
    ui_ctx.runner.wait()
    QApplication.processEvents()
