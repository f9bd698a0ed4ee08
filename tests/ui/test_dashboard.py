"""The workbench (工作台): counts, quick-start buttons and the deadline list."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from workstation.domain.inputs import CaseInput, PartyInput


def _open_case(ctx: Any, make_person: Any, accepted_days_ago: int, seq: int) -> str:
    from workstation.services.mediation import accept_case, open_case

    registered = date.today() - timedelta(days=accepted_days_ago + 1)
    case_id = open_case(ctx.db, ctx.actor, CaseInput(
        source="application", dispute_type="neighbour", facts="两家因排水沟堵塞发生争执。",
        registered_on=registered,
        parties=(PartyInput(role="applicant", person=make_person("张三", seq)),
                 PartyInput(role="respondent", person=make_person("李四", seq + 1, "female"))),
    ))
    accept_case(ctx.db, ctx.actor, case_id, date.today() - timedelta(days=accepted_days_ago))
    return case_id


@pytest.fixture
def page(ui_ctx: Any, qtbot: Any) -> Any:
    from workstation.ui.pages.dashboard import DashboardPage

    widget = DashboardPage(ui_ctx)
    qtbot.addWidget(widget)
    widget.resize(1100, 750)
    widget.show()
    yield widget
    ui_ctx.runner.wait()
    QApplication.processEvents()


def _load(page: Any, qtbot: Any) -> None:
    with qtbot.waitSignal(page.model.modelReset, timeout=5000):
        page.activated()


def test_overdue_case_shown_in_red_and_opens(page: Any, ui_ctx: Any, qtbot: Any,
                                             ui_make_person: Any) -> None:
    from workstation.ui.pages.dashboard import OVERDUE_BACKGROUND, OVERDUE_TEXT, SOON_BACKGROUND

    overdue_id = _open_case(ui_ctx, ui_make_person, 40, 10)  # deadline 10 days ago
    soon_id = _open_case(ui_ctx, ui_make_person, 27, 20)  # deadline in 3 days
    _open_case(ui_ctx, ui_make_person, 1, 30)  # deadline in 29 days: not listed
    _load(page, qtbot)

    model = page.model
    assert model.rowCount() == 2
    first = [model.index(0, c).data() for c in range(model.columnCount())]
    assert first[0] == "调解期限"
    assert "张三" in first[2]
    assert first[3] == (date.today() - timedelta(days=10)).isoformat()
    assert first[4] == "已超期10天"
    assert model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole).color() == OVERDUE_TEXT
    assert model.index(0, 4).data(Qt.ItemDataRole.BackgroundRole).color() == OVERDUE_BACKGROUND
    assert model.index(1, 4).data() == "还剩3天"
    assert model.index(1, 0).data(Qt.ItemDataRole.BackgroundRole).color() == SOON_BACKGROUND
    assert page.tiles["overdue"].value.text() == "1"
    assert page.tiles["my_open"].value.text() == "3"  # the admin opened them
    assert page.tiles["cases"].value.text() == "0"  # none registered today

    view = page.view
    rect = view.visualRect(model.index(0, 1))
    # A press first: QAbstractItemView only honours a double-click on the pressed index.
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(ui_ctx.signals.open_record) as blocker:
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == ["mediation_case", overdue_id]
    page.activateWindow()
    view.setFocus()
    view.setCurrentIndex(model.index(1, 0))
    qtbot.waitUntil(view.hasFocus)
    with qtbot.waitSignal(ui_ctx.signals.open_record) as blocker:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert blocker.args == ["mediation_case", soon_id]


def test_counts_reload_on_records_changed(page: Any, ui_ctx: Any, qtbot: Any,
                                          ui_make_person: Any) -> None:
    from datetime import UTC, datetime

    from workstation.domain.inputs import ConsultationInput
    from workstation.services.consultations import register_consultation

    _load(page, qtbot)
    assert page.tiles["consultations"].value.text() == "0"
    assert page.empty_label.isVisible() and not page.view.isVisible()
    register_consultation(ui_ctx.db, ui_ctx.actor, ConsultationInput(
        occurred_at=datetime.now(UTC), channel="walk_in", topic="wages", question="欠薪",
        handling_result="to_legal_aid", person=ui_make_person("赵五", 5)))
    with qtbot.waitSignal(page.model.modelReset, timeout=5000):
        ui_ctx.signals.records_changed.emit("consultation")
    assert page.tiles["consultations"].value.text() == "1"


def test_quick_buttons_ask_for_new_records(page: Any, ui_ctx: Any, qtbot: Any) -> None:
    for record_type, button in page.quick_buttons.items():
        with qtbot.waitSignal(ui_ctx.signals.open_record) as blocker:
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert blocker.args == [record_type, "new"]


def test_deadline_model_contract(qtmodeltester: Any) -> None:
    from workstation.services.dashboard import DeadlineItem
    from workstation.ui.pages.dashboard import DeadlineTableModel

    today = date.today()
    model = DeadlineTableModel()
    model.set_items([
        DeadlineItem("mediation_deadline", "调解期限", "mediation_case", "c1", "海调〔2025〕1号",
                     "张三、李四", today - timedelta(days=3), -3, True, "已超期3天"),
        DeadlineItem("referral_forward", "待转交援助申请", "aid_referral", "r1", "援2025-1",
                     "赵五（劳动报酬）", today + timedelta(days=2), 2, False, "还剩2天"),
    ])
    qtmodeltester.check(model)
    assert model.item_at(1).record_id == "r1"
    assert model.item_at(2) is None


def test_loaded_is_signalled_and_columns_are_sized_by_the_rows_in_view(
        page: Any, qtbot: Any) -> None:
    with qtbot.waitSignal(page.loaded, timeout=5000):
        page.activated()
    assert page.dashboard is not None
    # Qt's default measures 1,000 rows through Python on every load (~1 s for 2,000 items).
    assert page.view.horizontalHeader().resizeContentsPrecision() == 0
