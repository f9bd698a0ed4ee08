"""Voiding in the desk application: the admin's 作废… button and its reason, the banner, the
frozen steps and print menu, lists that hide or strike voided records; the 个人信息查询
dialog and its report."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from workstation.domain.inputs import CaseInput, ConsultationInput, PartyInput
from workstation.services.auth import add_operator
from workstation.services.consultations import register_consultation
from workstation.services.context import Actor
from workstation.services.mediation import open_case
from workstation.services.persons import find_persons
from workstation.services.voiding import void_record

pytestmark = pytest.mark.usefixtures("qtbot", "chinese_settings")


def rows(db: Any, sql: str, **params: Any) -> list[Any]:
    with db.engine.connect() as conn:
        return list(conn.execute(text(sql), params).all())


def a_case(ctx: Any, make_person: Any) -> str:
    return open_case(ctx.db, ctx.actor, CaseInput(
        source="application", dispute_type="neighbour", facts="邻里纠纷。",
        registered_on=date.today() - timedelta(days=3),
        parties=(PartyInput(role="applicant", person=make_person("张三", 1)),
                 PartyInput(role="respondent", person=make_person("李四", 2, "female")))))


@pytest.fixture
def mediation_page(qtbot: Any, ui_ctx: Any) -> Any:
    from workstation.ui.pages.mediation import MediationPage

    page = MediationPage(ui_ctx)
    qtbot.addWidget(page)
    page.resize(1100, 800)
    page.show()
    page.activated()
    yield page
    page.shutdown()
    ui_ctx.runner.wait()


def test_admin_voids_a_case_with_a_reason(mediation_page: Any, qtbot: Any, ui_ctx: Any,
                                          ui_make_person: Any) -> None:
    case_id = a_case(ui_ctx, ui_make_person)
    page = mediation_page
    page.open_record("mediation_case", case_id)
    view = page.view
    qtbot.waitUntil(lambda: view.case is not None and view.void_button.isVisible())
    assert view.visible_actions() and view.void_button.text() == "作废……"
    assert view.void_banner.isHidden()

    view.void_button.click()
    dialog = view.void_button.dialog
    assert dialog is not None and dialog.isVisible()
    assert not dialog.ok_button.isEnabled()  # no reason, no voiding
    dialog.reason.setPlainText("与〔2026〕海调字第0002号重复登记")
    assert dialog.ok_button.isEnabled()
    with qtbot.waitSignal(view.loaded, timeout=5000):
        dialog.ok_button.click()
    qtbot.waitUntil(lambda: view.case.void is not None, timeout=5000)
    assert view.void_banner.isVisible()
    assert "已作废" in view.void_banner.text() and "重复登记" in view.void_banner.text()
    assert "王芳" in view.void_banner.text()
    assert view.void_button.isHidden() and view.visible_actions() == []
    button = view.print_button
    qtbot.waitUntil(lambda: bool(button.choices) and all(
        "已作废" in (c.reason or "") for c in button.choices), timeout=20_000)
    assert all(not a.isEnabled() for a in button.actions_by_key().values())
    [(reason,)] = rows(ui_ctx.db, "SELECT void_reason FROM mediation_case")
    assert reason == "与〔2026〕海调字第0002号重复登记"

    # The list leaves it out, unless 显示已作废 is ticked: then it is struck through.
    page.show_list()
    qtbot.waitUntil(lambda: page.list.model.total == 0, timeout=5000)
    assert page.list.show_voided.text() == "显示已作废"
    page.list.show_voided.setChecked(True)
    qtbot.waitUntil(lambda: page.list.model.rowCount() == 1, timeout=5000)
    index = page.list.model.index(0, 4)
    assert page.list.model.data(index, Qt.ItemDataRole.FontRole).strikeOut()
    assert "已作废" in page.list.model.data(index)
    assert "重复登记" in page.list.model.data(index, Qt.ItemDataRole.ToolTipRole)


def test_a_mediator_is_not_offered_voiding(qtbot: Any, ui_ctx: Any, ui_make_person: Any
                                           ) -> None:
    from workstation.ui.context import AppContext
    from workstation.ui.mediation.case_view import CaseView

    case_id = a_case(ui_ctx, ui_make_person)
    op_id = add_operator(ui_ctx.db, ui_ctx.actor, username="tiaojie", name="李调解",
                         password="mediator-pw-1")
    mediator = Actor(op_id, ui_ctx.actor.station_id, "tiaojie", "李调解", "mediator")
    ctx = AppContext(db=ui_ctx.db, actor=mediator, runner=ui_ctx.runner,
                     station_name=ui_ctx.station_name)
    view = CaseView(ctx)
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitSignal(view.loaded, timeout=5000):
        view.load(case_id)
    assert view.void_button.isHidden()
    assert view.visible_actions()  # mediators still record and print


def test_voided_consultation_and_referral_views_show_the_banner(
        qtbot: Any, ui_ctx: Any, ui_make_person: Any) -> None:
    from datetime import UTC, datetime

    from workstation.domain.inputs import ReferralInput
    from workstation.services.aid import create_referral
    from workstation.ui.aid.view import ReferralView
    from workstation.ui.pages.consultations import ConsultationsPage

    cid = register_consultation(ui_ctx.db, ui_ctx.actor, ConsultationInput(
        occurred_at=datetime.now(UTC) - timedelta(hours=1), channel="walk_in", topic="wages",
        question="工资被拖欠怎么办？", handling_result="to_mediation",
        person=ui_make_person("王五", 5)))
    rid = create_referral(ui_ctx.db, ui_ctx.actor, ReferralInput(
        matter="wages", facts="工资未结清。", request="支付劳动报酬。",
        hardship_route="commitment", household_size=3, applied_on=date.today(),
        applicant=ui_make_person("王五", 5)))
    void_record(ui_ctx.db, ui_ctx.actor, "consultation", cid, "登记错误")
    void_record(ui_ctx.db, ui_ctx.actor, "aid_referral", rid, "重复申请")

    page = ConsultationsPage(ui_ctx)
    qtbot.addWidget(page)
    page.show()
    page.open_record("consultation", cid)
    qtbot.waitUntil(lambda: page.view.detail is not None, timeout=5000)
    assert page.view.void_banner.isVisible() and "登记错误" in page.view.void_banner.text()
    assert page.view.handover_button.isHidden() and page.view.void_button.isHidden()
    qtbot.waitUntil(lambda: bool(page.view.print_button.choices), timeout=20_000)
    page.shutdown()

    view = ReferralView(ui_ctx)
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitSignal(view.loaded, timeout=5000):
        view.load(rid)
    assert view.void_banner.isVisible() and "重复申请" in view.void_banner.text()
    assert view.visible_actions() == set() and view.void_button.isHidden()
    assert "已作废" in view.materials_status.text()
    qtbot.waitUntil(lambda: bool(view.print_button.choices), timeout=20_000)
    view.stop()
    ui_ctx.runner.wait()


def test_personal_data_request_lists_records_and_prints_the_report(
        qtbot: Any, ui_ctx: Any, ui_make_person: Any) -> None:
    from workstation.ui.pages.persons import PersonsPage

    case_id = a_case(ui_ctx, ui_make_person)
    void_record(ui_ctx.db, ui_ctx.actor, "mediation_case", case_id, "重复立案")
    a_case(ui_ctx, ui_make_person)
    [zhang] = find_persons(ui_ctx.db, "张三")
    page = PersonsPage(ui_ctx)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    page.activated()
    page.open_record("person", zhang.id)
    detail = page.detail
    qtbot.waitUntil(lambda: detail.history.topLevelItemCount() == 2, timeout=5000)
    voided = [detail.history.topLevelItem(i) for i in range(2)
              if "已作废" in detail.history.topLevelItem(i).text(4)]
    assert len(voided) == 1 and voided[0].font(0).strikeOut()
    assert detail.void_button.isHidden() is False  # admins may void a person...
    assert detail.data_request_button.text() == "个人信息查询……"

    dialog = detail.open_data_request()
    qtbot.waitUntil(lambda: dialog.records.topLevelItemCount() == 2, timeout=5000)
    assert dialog.heading.text() == "张三：共2条记录"
    with qtbot.waitSignal(dialog.report_ready, timeout=30_000) as blocker:
        dialog.report_button.click()
    doc = blocker.args[0]
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=5000)
    assert doc.title == "个人信息查询结果"
    audits = rows(ui_ctx.db, "SELECT record_id, detail FROM audit_entry WHERE action = 'print'")
    assert audits and audits[-1].record_id == zhang.id
    dialog.preview.saved.emit("/media/usb/个人信息查询结果.pdf")  # a copy leaving the PC
    ui_ctx.runner.wait()
    QApplication.processEvents()
    [saved] = rows(ui_ctx.db, "SELECT * FROM audit_entry WHERE action = 'export'")
    assert saved.record_id == zhang.id and "另存为PDF：个人信息查询结果.pdf" in saved.detail
    dialog.preview.close()
    dialog.close()
    # ...but not while a valid record names the person.
    detail.void_button.click()
    void_dialog = detail.void_button.dialog
    void_dialog.reason.setPlainText("不再需要")
    void_dialog.ok_button.click()
    qtbot.waitUntil(lambda: "未作废的记录" in void_dialog.error.text(), timeout=5000)
    assert void_dialog.isVisible()
    void_dialog.reject()
    ui_ctx.runner.wait()
    QApplication.processEvents()
