"""12348工单 page driven with qtbot: an order registered (a duplicate number refused in
Chinese), a consultation linked by its number, the reply recorded; the workbench reminds of
an overdue order and opens it."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from workstation.domain.inputs import ConsultationInput
from workstation.ui.widgets.forms import date_to_qdate, set_combo_value


def rows(ctx: Any, sql: str, **params: Any) -> list[Any]:
    with ctx.db.engine.connect() as conn:
        return list(conn.execute(text(sql), params).all())


@pytest.fixture(autouse=True)
def settings(chinese_settings: Path) -> Path:
    return chinese_settings


@pytest.fixture
def page(ui_ctx: Any, qtbot: Any) -> Any:
    from workstation.ui.pages.work_orders import WorkOrdersPage

    widget = WorkOrdersPage(ui_ctx)
    qtbot.addWidget(widget)
    widget.resize(1300, 850)
    widget.show()
    widget.activated()
    yield widget
    widget.shutdown()
    ui_ctx.runner.wait()
    QApplication.processEvents()


def _fill(form: Any, number: str) -> None:
    form.order_no.setText(number)
    set_combo_value(form.channel, "hotline_12348")
    form.received_on.setDate(date_to_qdate(date.today() - timedelta(days=3)))
    form.due_on.setDate(date_to_qdate(date.today() + timedelta(days=4)))
    form.caller_name.setText("张三")
    form.request.setPlainText("来电反映邻居占用宅基地，请求上门调解。")


def test_register_link_and_reply(page: Any, ui_ctx: Any, qtbot: Any,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from workstation.services.consultations import register_consultation
    from workstation.services.records import load_consultation

    form = page.form
    assert form.heading.text() == "登记12348工单"
    assert not form.after.isVisible()  # handling and reply only once saved
    assert [form.channel.itemText(i) for i in range(1, form.channel.count())] == [
        "12348热线", "12348网络平台"]
    _fill(form, "GD-0001")
    qtbot.waitUntil(lambda: form.is_valid, timeout=5000)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.editing and "GD-0001" in form.heading.text(), timeout=10_000)
    assert form.state.text().startswith("待处理　还剩4天")
    assert form.after.isVisible()
    qtbot.waitUntil(lambda: page.list.model.rowCount() == 1, timeout=5000)
    assert page.list.model.index(0, 4).data() == "待处理"

    # The same number again: refused with a Chinese message, nothing saved.
    form.cancel()
    _fill(form, "GD-0001")
    qtbot.waitUntil(lambda: form.is_valid, timeout=5000)
    shown: list[str] = []
    monkeypatch.setattr("workstation.ui.widgets.forms.show_error",
                        lambda _w, _t, exc: shown.append(str(exc)))
    form.save()
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert "工单编号“GD-0001”已经登记过" in shown[0]
    assert rows(ui_ctx, "SELECT count(*) FROM work_order")[0][0] == 1

    # Link a consultation by its number, then reply.
    cid = register_consultation(ui_ctx.db, ui_ctx.actor, ConsultationInput(
        occurred_at=datetime.now().astimezone(),
        channel="hotline_12348", topic="land_housing", question="宅基地被占怎么办？",
        handling_result="answered", answer="可申请调解。"))
    number = load_consultation(ui_ctx.db, cid).number
    [order_id] = [r[0] for r in rows(ui_ctx, "SELECT id FROM work_order")]
    form._discard_draft()
    form.reset()
    page.open_record("work_order", order_id)
    qtbot.waitUntil(lambda: form.order_id == order_id, timeout=5000)
    set_combo_value(form.link_kind, "consultation")
    form.link_number.setText(number)
    qtbot.mouseClick(form.link_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: number in form.handling.text(), timeout=5000)
    assert form.state.text().startswith("处理中")
    assert rows(ui_ctx, "SELECT consultation_id FROM work_order")[0][0] == cid

    # A reply without content is refused under the reply fields.
    set_combo_value(form.reply_method, "platform")
    qtbot.mouseClick(form.reply_button, Qt.MouseButton.LeftButton)
    assert "请填写回复内容" in form.reply_error.text()
    form.reply_content.setPlainText("已电话答复并录入平台。")
    qtbot.mouseClick(form.reply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.state.text().startswith("已回复"), timeout=5000)
    assert "按期回复" in form.state.text() and form.reply_button.text() == "更正回复"
    [reply] = rows(ui_ctx, "SELECT replied_on, reply_method, replied_by FROM work_order")
    assert tuple(reply) == (date.today().isoformat(), "platform", ui_ctx.actor.operator_id)


def test_dashboard_reminds_of_an_overdue_order(ui_ctx: Any, qtbot: Any) -> None:
    from workstation.domain.work_orders import WorkOrderInput
    from workstation.services.work_orders import register_order
    from workstation.ui.pages.dashboard import DashboardPage

    oid = register_order(ui_ctx.db, ui_ctx.actor, WorkOrderInput(
        order_no="GD-LATE", channel="platform_12348",
        received_on=date.today() - timedelta(days=10), due_on=date.today() - timedelta(days=2),
        request="网民留言咨询工伤认定。"))
    page = DashboardPage(ui_ctx)
    qtbot.addWidget(page)
    page.resize(1100, 750)
    page.show()
    try:
        with qtbot.waitSignal(page.model.modelReset, timeout=5000):
            page.activated()
        model = page.model
        found = [r for r in range(model.rowCount())
                 if model.index(r, 0).data() == "12348工单待回复"]
        assert len(found) == 1
        row = found[0]
        assert model.index(row, 1).data() == "GD-LATE"
        assert model.index(row, 2).data() == "12348网络平台：网民留言咨询工伤认定。"
        assert model.index(row, 4).data() == "已超期2天"
        view = page.view
        rect = view.visualRect(model.index(row, 1))
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        with qtbot.waitSignal(ui_ctx.signals.open_record) as blocker:
            qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert blocker.args == ["work_order", oid]
    finally:
        ui_ctx.runner.wait()
        QApplication.processEvents()


def test_consultation_made_for_an_order_is_linked(page: Any, ui_ctx: Any, qtbot: Any) -> None:
    """新建咨询 from an order: the consultation form opens with the order's channel and
    request; saving it links it to the order, which then shows 处理中."""
    from workstation.domain.work_orders import WorkOrderInput
    from workstation.services.work_orders import load_order, register_order
    from workstation.ui.pages.consultations import ConsultationsPage

    oid = register_order(ui_ctx.db, ui_ctx.actor, WorkOrderInput(
        order_no="GD-CONSULT", channel="platform_12348", received_on=date.today(),
        due_on=date.today() + timedelta(days=5), request="网民询问赡养费如何计算。"))
    consult = ConsultationsPage(ui_ctx)
    qtbot.addWidget(consult)
    consult.resize(1300, 850)
    consult.show()
    consult.activated()
    ui_ctx.signals.open_record.connect(consult.open_record)
    try:
        page.open_record("work_order", oid)
        form = page.form
        qtbot.waitUntil(lambda: form.order_id == oid and form.consult_button.isEnabled(),
                        timeout=5000)
        qtbot.mouseClick(form.consult_button, Qt.MouseButton.LeftButton)
        cform = consult.form
        qtbot.waitUntil(lambda: cform.for_order == oid, timeout=5000)
        assert cform.question.toPlainText() == "网民询问赡养费如何计算。"
        assert cform.channel.currentData() == "platform_12348"
        cform.person.anonymous_box.setChecked(True)
        set_combo_value(cform.topic, "marriage_family")
        set_combo_value(cform.result, "answered")
        cform.answer.setPlainText("按子女负担能力和当地生活水平确定。")
        qtbot.waitUntil(lambda: cform.save_button.isEnabled(), timeout=5000)
        qtbot.mouseClick(cform.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: consult.banner.isVisible(), timeout=5000)
        assert cform.for_order is None  # the next citizen's form is no longer for the order
        [cid] = [r[0] for r in rows(ui_ctx, "SELECT id FROM consultation")]
        assert load_order(ui_ctx.db, oid).handling[0].record_id == cid
        qtbot.waitUntil(lambda: form.state.text().startswith("处理中"), timeout=5000)
        assert not form.consult_button.isEnabled()
    finally:
        consult.shutdown()
        ui_ctx.runner.wait()
        QApplication.processEvents()


def _order(ctx: Any, number: str) -> str:
    from workstation.domain.work_orders import WorkOrderInput
    from workstation.services.work_orders import register_order

    return register_order(ctx.db, ctx.actor, WorkOrderInput(
        order_no=number, channel="hotline_12348", received_on=date.today(),
        due_on=date.today() + timedelta(days=5), request="来电反映两家因排水沟堵塞发生争执。"))


def test_case_made_for_an_order_is_linked(ui_ctx: Any, qtbot: Any) -> None:
    from tests.ui.test_mediation import fill_new_person
    from workstation.services.work_orders import load_order
    from workstation.ui.pages.mediation import MediationPage

    oid = _order(ui_ctx, "GD-CASE")
    page = MediationPage(ui_ctx)
    qtbot.addWidget(page)
    page.resize(1100, 800)
    page.show()
    page.activated()
    try:
        page.open_record("mediation_case", f"new:order:{oid}")
        form = page.form
        qtbot.waitUntil(lambda: form.for_order == oid and form.mediator.count() > 0,
                        timeout=5000)
        assert form.facts.toPlainText() == "来电反映两家因排水沟堵塞发生争执。"
        fill_new_person(form.rows[0].picker, "王建国", 11)
        fill_new_person(form.rows[1].picker, "刘桂兰", 12, "female")
        form.dispute_type.setCurrentIndex(form.dispute_type.findData("neighbour"))
        qtbot.waitUntil(lambda: form.is_valid, timeout=5000)
        with qtbot.waitSignal(form.saved, timeout=5000) as blocker:
            qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        [linked] = load_order(ui_ctx.db, oid).handling
        assert (linked.kind, linked.record_id) == ("mediation_case", blocker.args[0])
    finally:
        page.shutdown()
        ui_ctx.runner.wait()
        QApplication.processEvents()


def test_aid_application_made_for_an_order_is_linked(ui_ctx: Any, qtbot: Any,
                                                     ui_make_person: Any) -> None:
    from tests.ui.test_aid import fill_matter, fill_new_applicant
    from workstation.services.work_orders import load_order
    from workstation.ui.pages.aid import AidPage

    oid = _order(ui_ctx, "GD-AID")
    page = AidPage(ui_ctx)
    qtbot.addWidget(page)
    page.resize(1100, 800)
    page.show()
    page.activated()
    try:
        page.open_record("aid_referral", f"new:order:{oid}")
        form = page.form
        qtbot.waitUntil(lambda: form.for_order == oid, timeout=5000)
        assert form.facts.toPlainText() == "来电反映两家因排水沟堵塞发生争执。"
        fill_new_applicant(form, ui_make_person, groups=("migrant_worker",))
        fill_matter(form, "wages")
        ui_ctx.runner.wait()
        for code in ("identity", "application_form", "labour_proof"):
            form.materials.boxes()[code].setChecked(True)
        qtbot.waitUntil(lambda: form.save_button.isEnabled(), timeout=5000)
        with qtbot.waitSignal(page.view.loaded, timeout=5000):
            qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        [rid] = [r[0] for r in rows(ui_ctx, "SELECT id FROM aid_referral")]
        [linked] = load_order(ui_ctx.db, oid).handling
        assert (linked.kind, linked.record_id) == ("aid_referral", rid)
    finally:
        page.shutdown()
        ui_ctx.runner.wait()
        QApplication.processEvents()
