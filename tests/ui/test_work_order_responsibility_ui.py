"""12348 orders on screen under 首问负责: the order page carries the responsibility panel and
the workbench lists the open order; a consultation, case or aid application handling an order
names it (12348工单 over its number) and opens it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.conftest import case_input, consultation_input, referral_input


def _order(ctx: Any, number: str) -> str:
    from workstation.domain.work_orders import WorkOrderInput
    from workstation.services.work_orders import register_order

    return register_order(ctx.db, ctx.actor, WorkOrderInput(
        order_no=number, channel="hotline_12348", received_on=date.today(),
        due_on=date.today() + timedelta(days=5), request="来电反映两家因排水沟堵塞发生争执。"))


def _settle(ctx: Any) -> None:
    ctx.runner.wait()
    QApplication.processEvents()


def test_order_page_shows_who_answers_and_the_workbench_lists_it(ui_ctx: Any,
                                                                 qtbot: Any) -> None:
    from workstation.ui.pages.dashboard import DashboardPage
    from workstation.ui.pages.work_orders import WorkOrdersPage

    oid = _order(ui_ctx, "GD-RESP-1")
    page = WorkOrdersPage(ui_ctx)
    qtbot.addWidget(page)
    page.resize(1300, 850)
    page.show()
    try:
        page.open_record("work_order", oid)
        panel = page.form.responsibility
        qtbot.waitUntil(lambda: panel.view is not None and panel.record == ("work_order", oid),
                        timeout=5000)
        assert panel.isVisible() and "王芳" in panel.summary.text()
        assert panel.handover_button.isVisible()
        assert panel.link_buttons == []  # an order links its handling on the form itself
    finally:
        page.shutdown()
        _settle(ui_ctx)

    bench = DashboardPage(ui_ctx)
    qtbot.addWidget(bench)
    bench.resize(1100, 750)
    bench.show()
    with qtbot.waitSignal(bench.my_work.loaded, timeout=5000):
        bench.my_work.reload()
    model = bench.my_work.open_model
    rows = [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]
    assert [r[:2] for r in rows] == [["12348工单", "GD-RESP-1"]]
    with qtbot.waitSignal(ui_ctx.signals.open_record) as blocker:
        bench.my_work.open_row(0)
    assert blocker.args == ["work_order", oid]
    _settle(ui_ctx)


def _order_button(panel: Any, qtbot: Any) -> Any:
    qtbot.waitUntil(lambda: bool(panel.link_buttons), timeout=5000)
    return panel.link_buttons[0]


def _opens(button: Any, ctx: Any, qtbot: Any, oid: str) -> None:
    with qtbot.waitSignal(ctx.signals.open_record) as blocker:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["work_order", oid]


def test_handling_records_name_and_open_their_order(ui_ctx: Any, qtbot: Any) -> None:
    from workstation.services import aid, mediation
    from workstation.services.consultations import register_consultation
    from workstation.services.records import load_consultation
    from workstation.services.work_orders import link_handling
    from workstation.ui.aid.view import ReferralView
    from workstation.ui.mediation.case_view import CaseView
    from workstation.ui.pages.consultations import ConsultationView

    db, actor = ui_ctx.db, ui_ctx.actor
    oid = _order(ui_ctx, "GD-LINK-7")
    cid = register_consultation(db, actor, consultation_input(
        handling_result="to_mediation", answer=""))
    case_id = mediation.open_case(db, actor, case_input(), consultation_id=cid)
    rid = aid.create_referral(db, actor, referral_input())
    for kind, record_id in (("consultation", cid), ("mediation_case", case_id),
                            ("aid_referral", rid)):
        link_handling(db, actor, oid, kind, record_id)

    consultation_view = ConsultationView(ui_ctx)
    qtbot.addWidget(consultation_view)
    consultation_view.show()
    consultation_view.show_detail(load_consultation(db, cid))
    panel = consultation_view.responsibility
    button = _order_button(panel, qtbot)
    assert button.text() == "12348工单\nGD-LINK-7"
    # The consultation's own link (to the case) stays after the order.
    qtbot.waitUntil(lambda: len(panel.link_buttons) == 2, timeout=5000)
    assert panel.link_buttons[1].text().startswith("调解案件\n")
    _opens(button, ui_ctx, qtbot, oid)

    case_view = CaseView(ui_ctx)
    qtbot.addWidget(case_view)
    case_view.show()
    case_view.load(case_id)
    button = _order_button(case_view.responsibility, qtbot)
    assert button.text() == "12348工单\nGD-LINK-7"
    _opens(button, ui_ctx, qtbot, oid)

    referral_view = ReferralView(ui_ctx)
    qtbot.addWidget(referral_view)
    referral_view.show()
    referral_view.load(rid)
    button = _order_button(referral_view.responsibility, qtbot)
    assert button.text() == "12348工单\nGD-LINK-7"
    _opens(button, ui_ctx, qtbot, oid)
    _settle(ui_ctx)


def test_a_record_without_an_order_names_none(ui_ctx: Any, qtbot: Any) -> None:
    from workstation.services import aid
    from workstation.ui.aid.view import ReferralView

    rid = aid.create_referral(ui_ctx.db, ui_ctx.actor, referral_input())
    view = ReferralView(ui_ctx)
    qtbot.addWidget(view)
    view.show()
    view.load(rid)
    panel = view.responsibility
    qtbot.waitUntil(lambda: panel.view is not None, timeout=5000)
    assert panel.link_buttons == [] and not panel.links_caption.isVisible()
    _settle(ui_ctx)
