"""首问负责 on screen: a hand-over appears on both operators' workbenches and is accepted
there; a consultation → case link shows on both records and opens the other."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.conftest import case_input, consultation_input


@pytest.fixture
def colleague(ui_ctx: Any) -> Any:
    """A second AppContext on the same station, logged in as another operator."""
    from workstation.services.operators import add_operator
    from workstation.ui.context import AppContext

    operator_id = add_operator(ui_ctx.db, ui_ctx.actor, username="lidj", name="李调解",
                               password="another-horse-2")
    actor = replace(ui_ctx.actor, operator_id=operator_id, username="lidj", name="李调解",
                    role="mediator")
    return AppContext(db=ui_ctx.db, actor=actor, runner=ui_ctx.runner,
                      station_name=ui_ctx.station_name)


def _bench(ctx: Any, qtbot: Any) -> Any:
    from workstation.ui.pages.dashboard import DashboardPage

    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 750)
    page.show()
    return page


def _load(page: Any, qtbot: Any) -> None:
    with qtbot.waitSignal(page.my_work.loaded, timeout=5000):
        page.my_work.reload()


def _rows(model: Any) -> list[list[str]]:
    return [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def test_handover_shows_on_both_workbenches_and_is_accepted(
        ui_ctx: Any, colleague: Any, qtbot: Any) -> None:
    from workstation.services import mediation, responsibility

    case_id = mediation.open_case(ui_ctx.db, ui_ctx.actor, case_input())
    responsibility.hand_over(ui_ctx.db, ui_ctx.actor, "mediation_case", case_id,
                             target="operator", to_operator_id=colleague.actor.operator_id,
                             reason="本人外出培训")
    mine, theirs = _bench(ui_ctx, qtbot), _bench(colleague, qtbot)
    _load(mine, qtbot)
    _load(theirs, qtbot)
    # The sender still answers for it, marked as waiting; the receiver is asked to accept.
    sender_rows = _rows(mine.my_work.open_model)
    assert [r[0] for r in sender_rows] == ["调解案件"]
    assert sender_rows[0][4] == "移交待接收：李调解"
    assert "(1)" in mine.my_work.tabText(0)  # English source text (no translator loaded)
    assert _rows(theirs.my_work.open_model) == []
    incoming = _rows(theirs.my_work.incoming_model)
    assert len(incoming) == 1 and incoming[0][1] == "王芳" and incoming[0][3] == "本人外出培训"
    assert incoming[0][2].startswith("调解案件 ")

    theirs.my_work.setCurrentIndex(1)
    with qtbot.waitSignal(theirs.my_work.loaded, timeout=5000):
        qtbot.mouseClick(theirs.my_work.accept_button, Qt.MouseButton.LeftButton)
    _load(mine, qtbot)
    assert _rows(theirs.my_work.incoming_model) == []
    assert [r[1] for r in _rows(theirs.my_work.open_model)] == [
        r[1] for r in sender_rows]
    assert _rows(mine.my_work.open_model) == []
    view = responsibility.load_responsibility(ui_ctx.db, "mediation_case", case_id)
    assert view.handler_name == "李调解" and view.first_receiver_name == "王芳"
    ui_ctx.runner.wait()
    QApplication.processEvents()


def test_consultation_and_case_show_their_link(ui_ctx: Any, qtbot: Any) -> None:
    from workstation.services import mediation
    from workstation.services.consultations import register_consultation
    from workstation.services.records import load_consultation
    from workstation.ui.mediation.case_view import CaseView
    from workstation.ui.pages.consultations import ConsultationView

    cid = register_consultation(ui_ctx.db, ui_ctx.actor, consultation_input(
        handling_result="to_mediation", answer=""))
    case_id = mediation.open_case(ui_ctx.db, ui_ctx.actor, case_input(), consultation_id=cid)

    consultation_view = ConsultationView(ui_ctx)
    qtbot.addWidget(consultation_view)
    consultation_view.show()
    panel = consultation_view.responsibility
    consultation_view.show_detail(load_consultation(ui_ctx.db, cid))
    qtbot.waitUntil(lambda: bool(panel.link_buttons), timeout=5000)
    # One fact a line (English source text: no translator loaded), never wrapped mid-name.
    assert panel.summary.text().splitlines() == ["First receiver: 王芳", "Current handler: 王芳"]
    [button] = panel.link_buttons
    assert button.text().startswith("调解案件\n")
    with qtbot.waitSignal(ui_ctx.signals.open_record) as blocker:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["mediation_case", case_id]

    case_view = CaseView(ui_ctx)
    qtbot.addWidget(case_view)
    case_view.show()
    case_view.load(case_id)
    case_panel = case_view.responsibility
    qtbot.waitUntil(lambda: bool(case_panel.link_buttons), timeout=5000)
    [back] = case_panel.link_buttons
    assert back.text().startswith("法律咨询\n")
    with qtbot.waitSignal(ui_ctx.signals.open_record) as blocker:
        qtbot.mouseClick(back, Qt.MouseButton.LeftButton)
    assert blocker.args == ["consultation", cid]
    ui_ctx.runner.wait()
    QApplication.processEvents()


def test_a_case_opened_from_a_consultation_stores_the_link(ui_ctx: Any, qtbot: Any) -> None:
    from workstation.services.consultations import register_consultation
    from workstation.services.records import load_consultation
    from workstation.ui.pages.consultations import emit_handover
    from workstation.ui.pages.mediation import MediationPage

    cid = register_consultation(ui_ctx.db, ui_ctx.actor, consultation_input(
        handling_result="to_mediation", answer=""))
    page = MediationPage(ui_ctx)
    qtbot.addWidget(page)
    ui_ctx.signals.open_record.connect(page.open_record)
    emit_handover(ui_ctx, load_consultation(ui_ctx.db, cid))
    assert page.form is not None and page.form.from_consultation == cid
    ui_ctx.runner.wait()
    QApplication.processEvents()


def test_admin_sets_the_consultation_time_limit(ui_ctx: Any, colleague: Any,
                                                qtbot: Any) -> None:
    from workstation.services.responsibility import consultation_days
    from workstation.ui.widgets.responsibility import ConsultationDaysField

    field = ConsultationDaysField(ui_ctx)
    qtbot.addWidget(field)
    qtbot.waitUntil(field.days.isEnabled, timeout=5000)
    assert field.days.value() == 5
    field.days.setValue(3)
    with qtbot.waitSignal(ui_ctx.signals.records_changed, timeout=5000):
        qtbot.mouseClick(field.apply_button, Qt.MouseButton.LeftButton)
    assert consultation_days(ui_ctx.db) == 3
    # A mediator sees the value but cannot change it.
    theirs = ConsultationDaysField(colleague)
    qtbot.addWidget(theirs)
    qtbot.waitUntil(lambda: theirs.days.value() == 3, timeout=5000)
    assert not theirs.days.isEnabled() and not theirs.apply_button.isEnabled()
    ui_ctx.runner.wait()
    QApplication.processEvents()


def test_hand_over_from_the_record_page(ui_ctx: Any, colleague: Any, qtbot: Any) -> None:
    from workstation.services import responsibility
    from workstation.services.consultations import register_consultation
    from workstation.services.records import load_consultation
    from workstation.ui.pages.consultations import ConsultationView

    cid = register_consultation(ui_ctx.db, ui_ctx.actor, consultation_input(
        handling_result="to_department", referred_to="县人社局", answer=""))
    view = ConsultationView(ui_ctx)
    qtbot.addWidget(view)
    view.show()
    view.show_detail(load_consultation(ui_ctx.db, cid))
    panel = view.responsibility
    qtbot.waitUntil(lambda: panel.view is not None and panel.handover_button.isVisible(),
                    timeout=5000)
    qtbot.mouseClick(panel.handover_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: getattr(panel, "dialog", None) is not None
                    and panel.dialog.isVisible(), timeout=5000)
    dialog = panel.dialog
    assert dialog.operator.count() == 1  # the colleague (not oneself)
    # No reason: refused inside the dialog, which stays open.
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: dialog.ok_button.isEnabled(), timeout=5000)
    assert dialog.isVisible() and "移交原因" in dialog.error.text()
    dialog.reason.setPlainText("请李调解跟进")
    with qtbot.waitSignal(panel.changed, timeout=5000):
        dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: panel.view.pending is not None, timeout=5000)
    assert not panel.handover_button.isVisible()  # one pending hand-over at a time
    assert "李调解" in panel.history.text()
    work = responsibility.my_work(colleague.db, colleague.actor)
    assert [h.record_id for h in work.incoming] == [cid]
    ui_ctx.runner.wait()
    QApplication.processEvents()
