"""矛盾排查 page driven with qtbot: a screening with two disputes, one linked to its case,
saved, reopened and marked reviewed; the workbench reminds of a watched dispute."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton
from sqlalchemy import text

from workstation.domain.inputs import CaseInput, PartyInput
from workstation.ui.widgets.forms import set_combo_value


def rows(ctx: Any, sql: str, **params: Any) -> list[Any]:
    with ctx.db.engine.connect() as conn:
        return list(conn.execute(text(sql), params).all())


@pytest.fixture(autouse=True)
def settings(chinese_settings: Path) -> Path:
    return chinese_settings


def _case(ctx: Any, make_person: Any) -> str:
    from workstation.services.mediation import open_case

    return open_case(ctx.db, ctx.actor, CaseInput(
        source="application", dispute_type="forest_land", facts="两家因山林界址发生争执。",
        registered_on=date.today() - timedelta(days=2),
        parties=(PartyInput(role="applicant", person=make_person("王五", 41)),
                 PartyInput(role="respondent", person=make_person("赵六", 42, "female")))))


@pytest.fixture
def page(ui_ctx: Any, qtbot: Any, ui_make_person: Any) -> Any:
    from workstation.ui.pages.screening import ScreeningPage

    case_id = _case(ui_ctx, ui_make_person)
    widget = ScreeningPage(ui_ctx)
    widget.case_id = case_id
    qtbot.addWidget(widget)
    widget.resize(1300, 850)
    widget.show()
    widget.activated()
    qtbot.waitUntil(lambda: widget.form.d_case.findData(case_id) > 0, timeout=5000)
    yield widget
    widget.shutdown()
    ui_ctx.runner.wait()
    QApplication.processEvents()


def test_add_a_screening_with_two_disputes(page: Any, ui_ctx: Any, qtbot: Any) -> None:
    form = page.form
    assert form.heading.text() == "登记矛盾纠纷排查"
    set_combo_value(form.kind, "regular")
    form.place.setText("海港镇东村")
    form.participants.setText("王管理、村调委会主任李明")

    qtbot.mouseClick(form.add_button, Qt.MouseButton.LeftButton)
    form.d_parties.setText("张三与李四")
    set_combo_value(form.d_outcome, "watched")
    set_combo_value(form.d_prevention, "suicide")
    assert form.d_persons.value() == 1 and form.d_persons.isEnabled()
    assert not form.d_case.isEnabled() and not form.d_referred.isEnabled()

    qtbot.mouseClick(form.add_button, Qt.MouseButton.LeftButton)
    assert form.table.rowCount() == 2 and form.table.currentRow() == 1
    form.d_parties.setText("王五与赵六")
    set_combo_value(form.d_type, "forest_land")
    set_combo_value(form.d_risk, "major")
    set_combo_value(form.d_outcome, "mediated")
    assert form.d_case.isEnabled()
    # Saving without the case says which dispute lacks it.
    form.save()
    assert "第2件纠纷：已转入调解的纠纷请选择对应的调解案件" in form.general_error.text()
    set_combo_value(form.d_case, page.case_id)
    assert form.table.item(1, 3).text() == "已转入调解"
    assert form.table.item(0, 0).text() == "张三与李四"

    qtbot.waitUntil(lambda: form.is_valid, timeout=5000)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.editing and "排字第0001号" in form.heading.text(),
                    timeout=10_000)
    [saved] = rows(ui_ctx, "SELECT id, kind, place, participants FROM screening")
    assert (saved.kind, saved.place) == ("regular", "海港镇东村")
    disputes = rows(ui_ctx, "SELECT parties, dispute_type, risk_level, outcome, case_id, "
                            "prevention_kind, prevention_persons FROM screening_dispute "
                            "ORDER BY position")
    assert [tuple(d) for d in disputes] == [
        ("张三与李四", "neighbour", "ordinary", "watched", None, "suicide", 1),
        ("王五与赵六", "forest_land", "major", "mediated", page.case_id, "", 0)]
    # The list shows it, with the watched dispute marked.
    qtbot.waitUntil(lambda: page.list.model.rowCount() == 1, timeout=5000)
    assert page.list.model.index(0, 4).data() == "2件"

    # Reopened: the first dispute is watched and saved, so it can be marked reviewed.
    form.table.setCurrentCell(0, 0)
    assert form.review_button.isEnabled()
    qtbot.mouseClick(form.review_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: rows(ui_ctx, "SELECT count(*) FROM audit_entry "
                                         "WHERE action = 'review'")[0][0] == 1, timeout=5000)
    assert rows(ui_ctx, "SELECT reviewed_on FROM screening_dispute WHERE position = 0"
                )[0][0] == date.today().isoformat()


def test_dashboard_reminds_of_a_watched_dispute(ui_ctx: Any, qtbot: Any) -> None:
    from workstation.domain.screening import (
        WATCH_REVIEW_DAYS,
        FoundDisputeInput,
        ScreeningInput,
    )
    from workstation.services.screening import create_screening
    from workstation.ui.pages.dashboard import DashboardPage

    held = date.today() - timedelta(days=WATCH_REVIEW_DAYS + 5)
    sid = create_screening(ui_ctx.db, ui_ctx.actor, ScreeningInput(
        held_on=held, place="西村", kind="key_period", participants="王管理",
        disputes=(FoundDisputeInput(parties="孙某与其子", dispute_type="marriage_family",
                                    risk_level="serious"),
                  FoundDisputeInput(parties="甲与乙", dispute_type="neighbour",
                                    outcome="resolved"))))
    page = DashboardPage(ui_ctx)
    qtbot.addWidget(page)
    page.resize(1100, 750)
    page.show()
    try:
        with qtbot.waitSignal(page.model.modelReset, timeout=5000):
            page.activated()
        model = page.model
        found = [r for r in range(model.rowCount()) if model.index(r, 0).data() == "关注纠纷待复查"]
        assert len(found) == 1
        row = found[0]
        assert model.index(row, 2).data() == "孙某与其子"
        assert model.index(row, 4).data() == "已超期5天"
        view = page.view
        rect = view.visualRect(model.index(row, 1))
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        with qtbot.waitSignal(ui_ctx.signals.open_record) as blocker:
            qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert blocker.args == ["screening", sid]
    finally:
        ui_ctx.runner.wait()
        QApplication.processEvents()


def test_case_view_records_a_prevention_indicator(ui_ctx: Any, qtbot: Any,
                                                  ui_make_person: Any) -> None:
    from workstation.ui.pages.mediation import MediationPage

    case_id = _case(ui_ctx, ui_make_person)
    page = MediationPage(ui_ctx)
    qtbot.addWidget(page)
    page.resize(1100, 800)
    page.show()
    page.activated()
    try:
        page.open_record("mediation_case", case_id)
        view = page.view
        qtbot.waitUntil(lambda: view.case is not None and view.case.id == case_id)
        shown = view.findChild(QLabel, "prevention")
        assert shown is not None and shown.text() == "—"
        button = view.findChild(QPushButton, "set_prevention")
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        dialog = view.dialog
        assert dialog is not None and dialog.isVisible()
        set_combo_value(dialog.kind, "group_petition")
        dialog.persons.setValue(20)
        with qtbot.waitSignal(view.loaded, timeout=5000):
            qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert rows(ui_ctx, "SELECT prevention_kind, prevention_persons FROM mediation_case "
                            "WHERE id = :i", i=case_id)[0] == ("group_petition", 20)
        qtbot.waitUntil(lambda: [w.text() for w in view.findChildren(QLabel, "prevention")]
                        == ["防止群体性上访（20人）"], timeout=5000)  # the old row deleted
    finally:
        page.shutdown()
        ui_ctx.runner.wait()
        QApplication.processEvents()


def test_a_new_screening_comes_back_from_its_draft(page: Any, qtbot: Any) -> None:
    form = page.form
    set_combo_value(form.kind, "special")
    form.place.setText("海港镇集市")
    form.add_dispute()
    form.d_parties.setText("摊主甲与摊主乙")
    set_combo_value(form.d_outcome, "referred")
    form.d_referred.setText("海港镇市场监管所")
    payload = form.payload()
    form.reset()
    assert form.table.rowCount() == 0
    assert page.restore_draft("screening:new", payload)
    assert form.place.text() == "海港镇集市" and form.table.rowCount() == 1
    assert form.disputes[0].referred_to == "海港镇市场监管所"
    assert form.table.item(0, 3).text() == "已移交处理"
    assert not page.restore_draft("publicity_activity:new", payload)
