"""The people's mediation page: new-case form, case view, step dialogs, conflicts."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import text

from tests.ui.calm import leave
from workstation.domain.identity import make_resident_id
from workstation.domain.inputs import CaseInput, PartyInput
from workstation.services.mediation import (
    accept_case,
    change_status,
    open_case,
    record_agreement,
    record_session,
)
from workstation.services.records import load_case

pytestmark = pytest.mark.usefixtures("qtbot")


def rows(db: Any, sql: str, **params: Any) -> list[Any]:
    with db.engine.connect() as conn:
        return list(conn.execute(text(sql), params).all())


@pytest.fixture
def page(qtbot: Any, ui_ctx: Any) -> Any:
    from workstation.ui.pages.mediation import MediationPage

    widget = MediationPage(ui_ctx)
    qtbot.addWidget(widget)
    widget.resize(1100, 800)
    widget.show()
    widget.activated()
    yield widget
    widget.shutdown()
    ui_ctx.runner.wait()


def new_form(page: Any, qtbot: Any) -> Any:
    page.open_record("mediation_case", "new")
    form = page.form
    assert form is not None and page.stack.currentWidget() is form
    qtbot.waitUntil(lambda: form.mediator.count() > 0)
    return form


def fill_new_person(picker: Any, name: str, seq: int, sex: str = "male") -> None:
    picker.start_new()
    picker.name_edit.setText(name)
    picker.id_number_edit.setText(make_resident_id("130302", date(1975, 3, 8), seq, sex))
    picker.phone_edit.setText("13912345678")


def fill_case(form: Any) -> None:
    form.dispute_type.setCurrentIndex(form.dispute_type.findData("neighbour"))
    form.facts.setPlainText("两家因宅前排水沟堵塞发生争执，多次协商未果。")
    form.claims.setPlainText("请求对方疏通排水沟。")
    form.amount.setText("1,200.50")


def save_form(page: Any, form: Any, qtbot: Any) -> str:
    qtbot.waitUntil(lambda: form.is_valid, timeout=3000)
    with qtbot.waitSignal(form.saved, timeout=5000) as blocker:
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    case_id = blocker.args[0]
    qtbot.waitUntil(lambda: page.view.case is not None and page.view.case.id == case_id)
    return case_id


def existing_case(ctx: Any, make_person: Any, *, applicant_seq: int = 1,
                  respondent_seq: int = 2) -> str:
    data = CaseInput(
        source="application", dispute_type="neighbour", facts="邻里纠纷。",
        registered_on=date.today() - timedelta(days=3),
        parties=(
            PartyInput(role="applicant", person=make_person("张三", applicant_seq)),
            PartyInput(role="respondent", person=make_person("李四", respondent_seq, "female")),
        ),
    )
    return open_case(ctx.db, ctx.actor, data)


def person_id(db: Any, name: str) -> str:
    return rows(db, "SELECT id FROM person WHERE name = :n", n=name)[0][0]


# -- the form ---------------------------------------------------------------------------------


def test_open_case_with_two_new_persons(page: Any, qtbot: Any, ui_ctx: Any) -> None:
    form = new_form(page, qtbot)
    assert [row.role() for row in form.rows] == ["applicant", "respondent"]
    fill_new_person(form.rows[0].picker, "王建国", 11)
    fill_new_person(form.rows[1].picker, "刘桂兰", 12, "female")
    fill_case(form)
    form.co_mediators.setText("赵调解")
    case_id = save_form(page, form, qtbot)

    db = ui_ctx.db
    case = rows(db, "SELECT status, dispute_type, amount_involved_fen, mediator_id, "
                    "co_mediators, facts FROM mediation_case WHERE id = :i", i=case_id)[0]
    assert case.status == "registered"
    assert case.dispute_type == "neighbour"
    assert case.amount_involved_fen == 120050
    assert case.mediator_id == ui_ctx.actor.operator_id
    assert case.co_mediators == "赵调解"
    parties = rows(db, "SELECT p.role, n.name FROM mediation_party p JOIN person n "
                       "ON n.id = p.person_id WHERE p.case_id = :i ORDER BY p.position",
                   i=case_id)
    assert [(p.role, p.name) for p in parties] == [("applicant", "王建国"),
                                                   ("respondent", "刘桂兰")]
    assert len(rows(db, "SELECT id FROM person")) == 2
    assert page.stack.currentWidget() is page.view
    assert page.form is None
    assert page.view.number_label.text() == page.view.case.number
    assert page.view.status_label.text() == "已登记"


def test_organisation_respondent_and_referred_source(page: Any, qtbot: Any,
                                                     ui_ctx: Any) -> None:
    form = new_form(page, qtbot)
    form.source.setCurrentIndex(form.source.findData("referred"))
    assert form._top_form.isRowVisible(form._referring_row)
    fill_new_person(form.rows[0].picker, "王建国", 21)
    respondent = form.rows[1]
    respondent.org_radio.setChecked(True)
    respondent.org_name.setText("海港镇宏达建材有限公司")
    fill_case(form)
    # the referring body and the legal representative are still missing
    form.save()
    assert form.errors.message_for("referring_body") == "委托移送的案件请填写移送单位"
    assert form.errors.message_for("referring_body_kind") == "请选择移送单位类别"
    assert form._top_form.isRowVisible(form._referring_kind_row)
    assert respondent.org_rep_error.text() == "单位当事人请填写法定代表人"
    assert not form.save_button.isEnabled()
    form.referring_body.setText("海港区人民法院")
    form.referring_kind.setCurrentIndex(form.referring_kind.findData("court"))
    respondent.org_rep.setText("陈宏达")
    respondent.org_address.setText("海港镇工业园3号")
    case_id = save_form(page, form, qtbot)

    party = rows(ui_ctx.db, "SELECT person_id, org_name, org_representative, org_address "
                            "FROM mediation_party WHERE case_id = :i AND role = 'respondent'",
                 i=case_id)[0]
    assert party.person_id is None
    assert (party.org_name, party.org_representative, party.org_address) == (
        "海港镇宏达建材有限公司", "陈宏达", "海港镇工业园3号")
    case = rows(ui_ctx.db, "SELECT source, referring_body, referring_body_kind "
                           "FROM mediation_case")[0]
    assert (case.source, case.referring_body, case.referring_body_kind) == (
        "referred", "海港区人民法院", "court")


def test_missing_respondent_blocks_save(page: Any, qtbot: Any, ui_ctx: Any) -> None:
    form = new_form(page, qtbot)
    fill_new_person(form.rows[0].picker, "王建国", 31)
    fill_case(form)
    qtbot.mouseClick(form.rows[1].remove_button, Qt.MouseButton.LeftButton)
    assert len(form.rows) == 1
    assert not form.rows[0].remove_button.isEnabled()
    qtbot.waitUntil(lambda: form.parties_error.isVisible())
    assert "至少需要一名被申请人" in form.parties_error.text()
    assert not form.save_button.isEnabled()
    form.save()  # Ctrl+S path: still nothing saved
    ui_ctx.runner.wait()
    assert rows(ui_ctx.db, "SELECT count(*) FROM mediation_case")[0][0] == 0
    # a new party row as respondent makes it valid again
    form.add_party("respondent")
    fill_new_person(form.rows[1].picker, "刘桂兰", 32, "female")
    save_form(page, form, qtbot)
    assert rows(ui_ctx.db, "SELECT count(*) FROM mediation_party")[0][0] == 2


def test_bad_amount_shows_message(page: Any, qtbot: Any) -> None:
    form = new_form(page, qtbot)
    form.amount.setText("一千")
    leave(form.amount)  # the error shows once the field is left
    qtbot.waitUntil(lambda: bool(form.errors.message_for("amount_involved_fen")))
    assert "涉及金额格式不正确" in form.errors.message_for("amount_involved_fen")


def test_new_with_person_prefills_applicant_and_conflict_banner(
        page: Any, qtbot: Any, ui_ctx: Any, ui_make_person: Any) -> None:
    existing_case(ui_ctx, ui_make_person)
    li_si = person_id(ui_ctx.db, "李四")  # respondent in an open case
    page.open_record("mediation_case", f"new:{li_si}")
    form = page.form
    assert form.rows[0].role() == "applicant"
    assert form.rows[0].picker.selected_person_id() == li_si
    qtbot.waitUntil(lambda: form.conflicts_shown, timeout=3000)
    text_shown = form.conflict_label.text()
    assert "李四 是未结案件" in text_shown and "被申请人" in text_shown
    assert "双方立场相反" in text_shown
    # only a warning: the case can still be saved
    fill_new_person(form.rows[1].picker, "周明", 41)
    fill_case(form)
    save_form(page, form, qtbot)
    assert rows(ui_ctx.db, "SELECT count(*) FROM mediation_case")[0][0] == 2


def test_conflict_banner_when_choosing_respondent(page: Any, qtbot: Any, ui_ctx: Any,
                                                  ui_make_person: Any) -> None:
    existing_case(ui_ctx, ui_make_person)
    li_si = person_id(ui_ctx.db, "李四")
    form = new_form(page, qtbot)
    assert not form.conflicts_shown
    form.rows[1].picker.set_person_id(li_si, "李四")
    qtbot.waitUntil(lambda: form.conflicts_shown, timeout=3000)
    assert "李四 是未结案件" in form.conflict_label.text()
    form.rows[1].picker.clear()
    qtbot.waitUntil(lambda: not form.conflicts_shown, timeout=3000)


def test_restore_draft_refills_form(page: Any, qtbot: Any) -> None:
    form = new_form(page, qtbot)
    fill_new_person(form.rows[0].picker, "王建国", 51)
    form.rows[1].org_radio.setChecked(True)
    form.rows[1].org_name.setText("宏达公司")
    fill_case(form)
    payload = form.payload()
    page.form.discard()
    assert page.restore_draft("mediation_case:new", payload)
    restored = page.form
    assert restored is not form
    assert restored.facts.toPlainText() == "两家因宅前排水沟堵塞发生争执，多次协商未果。"
    assert restored.rows[0].picker.person_input().name == "王建国"
    assert restored.rows[1].is_organisation()
    assert restored.rows[1].org_name.text() == "宏达公司"
    assert restored.amount.text() == "1,200.50"
    assert not page.restore_draft("consultation:new", payload)


# -- the case view ----------------------------------------------------------------------------


def open_view(page: Any, qtbot: Any, case_id: str) -> Any:
    page.open_record("mediation_case", case_id)
    view = page.view
    qtbot.waitUntil(lambda: view.case is not None and view.case.id == case_id)
    return view


def run_step(view: Any, qtbot: Any, action: str, fill: Any, expect_status: str) -> None:
    button = view.buttons[action]
    assert button.isVisible(), action
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert dialog is not None and dialog.isVisible()
    fill(dialog)
    with qtbot.waitSignal(view.loaded, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert view.case.status == expect_status
    assert view.dialog is None or not view.dialog.isVisible()


def test_case_through_its_steps(page: Any, qtbot: Any, ui_ctx: Any,
                                ui_make_person: Any) -> None:
    case_id = existing_case(ui_ctx, ui_make_person)
    view = open_view(page, qtbot, case_id)
    assert view.visible_actions() == ["accept", "terminated"]
    changes: list[str] = []
    ui_ctx.signals.records_changed.connect(changes.append)

    run_step(view, qtbot, "accept", lambda d: None, "accepted")
    assert "extend" in view.visible_actions()
    assert view.deadline_label.text().startswith("期限") or "还剩" in view.deadline_label.text()

    def session(d: Any) -> None:
        d.place.setText("海港镇人民调解室")
        d.record.setPlainText("双方陈述事实，调解员释法说理。")
        assert "张三" in d.attendees.toPlainText()

    run_step(view, qtbot, "session", session, "mediating")
    assert set(view.visible_actions()) == {"session", "agreement", "failed", "terminated",
                                           "extend"}

    def agreement(d: Any) -> None:
        d.terms.setPlainText("李四于五日内疏通排水沟，并赔偿张三损失300元。")
        d.manner.setText("自行疏通")
        d.amount.setText("300")

    run_step(view, qtbot, "agreement", agreement, "agreed")
    assert set(view.visible_actions()) == {"follow_up", "judicial"}
    assert view.agreement_box.isVisible()

    def follow_up(d: Any) -> None:
        d.method.setCurrentIndex(d.method.findData("home"))
        d.visitee.setText("张三")
        d.performance.setCurrentIndex(d.performance.findData("performed"))
        d.satisfaction.setCurrentIndex(d.satisfaction.findData("satisfied"))
        d.notes.setPlainText("排水沟已疏通，双方满意。")

    run_step(view, qtbot, "follow_up", follow_up, "followed_up")
    assert set(view.visible_actions()) == {"follow_up", "archived", "judicial"}
    run_step(view, qtbot, "archived", lambda d: None, "archived")
    assert view.visible_actions() == []

    db = ui_ctx.db
    assert rows(db, "SELECT status FROM mediation_case WHERE id = :i", i=case_id)[0][0] == \
        "archived"
    timeline = rows(db, "SELECT from_status, to_status FROM status_change WHERE record_id = :i "
                        "ORDER BY changed_at, id", i=case_id)
    assert [(t.from_status, t.to_status) for t in timeline] == [
        (None, "registered"), ("registered", "accepted"), ("accepted", "mediating"),
        ("mediating", "agreed"), ("agreed", "followed_up"), ("followed_up", "archived")]
    assert rows(db, "SELECT amount_agreed_fen FROM mediation_agreement")[0][0] == 30000
    assert rows(db, "SELECT performance FROM follow_up")[0][0] == "performed"
    assert changes.count("mediation_case") == 5
    assert view.timeline.count() == 6


def test_dialog_errors_block_saving(page: Any, qtbot: Any, ui_ctx: Any,
                                    ui_make_person: Any) -> None:
    case_id = existing_case(ui_ctx, ui_make_person)
    view = open_view(page, qtbot, case_id)
    qtbot.mouseClick(view.buttons["terminated"], Qt.MouseButton.LeftButton)
    dialog = view.dialog
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.errors.message_for("reason") == "变更为“终止调解”需要填写原因"
    dialog.reason.setPlainText("申请人撤回调解申请")
    with qtbot.waitSignal(view.loaded, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert view.case.status == "terminated"
    assert view.case.status_reason == "申请人撤回调解申请"
    assert view.visible_actions() == ["archived"]


def test_agreement_dialog_shows_domain_errors(page: Any, qtbot: Any, ui_ctx: Any,
                                              ui_make_person: Any) -> None:
    case_id = existing_case(ui_ctx, ui_make_person)
    accept_case(ui_ctx.db, ui_ctx.actor, case_id, date.today())
    change_status(ui_ctx.db, ui_ctx.actor, case_id, "mediating")
    view = open_view(page, qtbot, case_id)
    qtbot.mouseClick(view.buttons["agreement"], Qt.MouseButton.LeftButton)
    dialog = view.dialog
    dialog.amount.setText("abc")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.message_for("terms") == "请填写协议内容"
    assert dialog.errors.message_for("performance_manner") == "书面协议请写明履行方式"
    assert "协议金额格式不正确" in dialog.errors.message_for("amount_agreed_fen")
    dialog.reject()
    ui_ctx.runner.wait()
    assert rows(ui_ctx.db, "SELECT count(*) FROM mediation_agreement")[0][0] == 0


def test_extend_and_judicial_confirmation(page: Any, qtbot: Any, ui_ctx: Any,
                                          ui_make_person: Any) -> None:
    from workstation.domain.inputs import AgreementInput, SessionInput

    case_id = existing_case(ui_ctx, ui_make_person)
    accept_case(ui_ctx.db, ui_ctx.actor, case_id, date.today())
    view = open_view(page, qtbot, case_id)
    before = view.case.deadline

    def extend(d: Any) -> None:
        d.days.setValue(10)
        d.reason.setPlainText("需等待鉴定结果")

    run_step(view, qtbot, "extend", extend, "accepted")
    assert view.case.deadline == before + timedelta(days=10)
    assert view.case.extension_reason == "需等待鉴定结果"

    from datetime import UTC, datetime
    record_session(ui_ctx.db, ui_ctx.actor, case_id, SessionInput(
        held_at=datetime.now(UTC) - timedelta(hours=1), place="调解室", attendees="双方",
        record="调解记录"))
    record_agreement(ui_ctx.db, ui_ctx.actor, case_id, AgreementInput(
        form="oral", terms="口头约定赔偿。", effective_on=date.today()))
    view.reload()
    qtbot.waitUntil(lambda: view.case.status == "agreed")
    run_step(view, qtbot, "judicial", lambda d: None, "agreed")
    assert view.case.agreement.judicial_confirmation_applied
    assert "judicial" not in view.visible_actions()


def test_visible_actions_per_status(page: Any, qtbot: Any, ui_ctx: Any,
                                    ui_make_person: Any) -> None:
    case_id = existing_case(ui_ctx, ui_make_person)
    view = page.view
    assert view.available_actions(load_case(ui_ctx.db, case_id)) == ["accept", "terminated"]
    change_status(ui_ctx.db, ui_ctx.actor, case_id, "terminated", reason="当事人拒绝调解")
    change_status(ui_ctx.db, ui_ctx.actor, case_id, "archived")
    view = open_view(page, qtbot, case_id)
    assert view.visible_actions() == []
    assert view.status_label.text() == "已归档"
    other = existing_case(ui_ctx, ui_make_person, applicant_seq=5, respondent_seq=6)
    accept_case(ui_ctx.db, ui_ctx.actor, other, date.today())
    assert view.available_actions(load_case(ui_ctx.db, other)) == [
        "session", "terminated", "extend"]


def test_overdue_deadline_in_red(page: Any, qtbot: Any, ui_ctx: Any,
                                 ui_make_person: Any) -> None:
    data = CaseInput(
        source="application", dispute_type="contract", facts="合同纠纷。",
        registered_on=date.today() - timedelta(days=60),
        parties=(PartyInput(role="applicant", person=ui_make_person("张三", 7)),
                 PartyInput(role="respondent", org_name="某公司", org_representative="钱某")),
    )
    case_id = open_case(ui_ctx.db, ui_ctx.actor, data)
    accept_case(ui_ctx.db, ui_ctx.actor, case_id, date.today() - timedelta(days=50))
    view = open_view(page, qtbot, case_id)
    assert "已超期" in view.deadline_label.text()
    assert view.deadline_label.property("role") == "alert"  # bold red in the style layer
    assert any("某公司" in view.parties.itemAt(i).widget().text()
               for i in range(view.parties.count()))


def test_list_double_click_opens_case(page: Any, qtbot: Any, ui_ctx: Any,
                                      ui_make_person: Any) -> None:
    case_id = existing_case(ui_ctx, ui_make_person)
    ui_ctx.signals.records_changed.emit("mediation_case")  # as a save in the app would
    page.show_list()
    table = page.list.view
    qtbot.waitUntil(lambda: page.list.model.rowCount() == 1, timeout=3000)
    with qtbot.waitSignal(page.list.record_activated) as blocker:
        index = page.list.model.index(0, 0)
        rect = table.visualRect(index)
        # a view only reports a double-click on the index that was pressed first
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [case_id]
    qtbot.waitUntil(lambda: page.view.case is not None)
    assert page.stack.currentWidget() is page.view
    qtbot.mouseClick(page.view.back_button, Qt.MouseButton.LeftButton)
    assert page.stack.currentWidget() is page.list
