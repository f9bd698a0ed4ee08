"""The legal aid page: application form, eligibility guidance, materials checklist with the
one-time notice, urgent deadlines, and the referral view's next steps."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from sqlalchemy import text

from workstation.domain.eligibility import MATERIAL_LABELS, required_materials
from workstation.domain.enums import AidStatus
from workstation.domain.inputs import ReferralInput
from workstation.services import aid

WAIT_MS = 5000


# -- helpers ------------------------------------------------------------------------------------

def rows(ctx: Any, sql: str, **params: Any) -> list[Any]:
    with ctx.db.engine.connect() as conn:
        return list(conn.execute(text(sql), params).all())


def referral_row(ctx: Any, referral_id: str) -> Any:
    return rows(ctx, "SELECT * FROM aid_referral WHERE id = :id", id=referral_id)[0]


@pytest.fixture
def page(qtbot: Any, ui_ctx: Any) -> Any:
    from workstation.ui.pages.aid import AidPage

    widget = AidPage(ui_ctx)
    qtbot.addWidget(widget)
    widget.resize(1280, 860)
    widget.show()
    yield widget
    widget.shutdown()
    ui_ctx.runner.wait()


def settle(qtbot: Any, ctx: Any, ms: int = 50) -> None:
    """Let background reads finish and their results arrive."""
    ctx.runner.wait()
    qtbot.wait(ms)


def fill_new_applicant(form: Any, make_person: Any, *, seq: int = 7, name: str = "钱秀英",
                       groups: tuple[str, ...] = (), id_number: str | None = "auto") -> None:
    person = make_person(name, seq, "female", date(1950, 8, 9))
    picker = form.picker
    picker.start_new()
    picker.name_edit.setText(name)
    picker.id_number_edit.setText(person.id_number if id_number == "auto" else
                                  (id_number or ""))
    for code in groups:
        picker.group_boxes[code].setChecked(True)


def choose(box: Any, code: str) -> None:
    index = box.findData(code)
    assert index >= 0, code
    box.setCurrentIndex(index)


def fill_matter(form: Any, matter: str = "wages") -> None:
    choose(form.matter, matter)
    form.cause_of_action.setText("劳动报酬纠纷")
    form.facts.setPlainText("在工地务工半年，工资未结清。")
    form.request.setPlainText("请求支付拖欠的劳动报酬。")
    form.household_size.setValue(3)


def make_referral(ctx: Any, make_person: Any, *, seq: int = 30, materials: tuple[str, ...] = (),
                  deadline: date | None = None, **overrides: Any) -> str:
    values: dict[str, Any] = {
        "matter": "wages", "facts": "在工地务工半年，工资未结清。",
        "request": "请求支付拖欠的劳动报酬。", "hardship_route": "commitment",
        "household_size": 4, "applied_on": date.today(),
        "applicant": make_person("赵五", seq), "limitation_deadline": deadline,
        "materials_received": materials,
    }
    values.update(overrides)
    return aid.create_referral(ctx.db, ctx.actor, ReferralInput(**values))


def open_view(qtbot: Any, page: Any, referral_id: str) -> Any:
    with qtbot.waitSignal(page.view.loaded, timeout=WAIT_MS):
        page.open_record("aid_referral", referral_id)
    return page.view


def notice_items(notice: str) -> list[str]:
    return [m.group(1) for m in re.finditer(r"^\d+\. (.+)$", notice, re.MULTILINE)]


# -- the form -----------------------------------------------------------------------------------

def test_create_referral_through_form(qtbot: Any, page: Any, ui_ctx: Any,
                                      ui_make_person: Any) -> None:
    assert page.open_record("aid_referral", "new")
    form = page.form
    assert page.stack.currentWidget() is form
    fill_new_applicant(form, ui_make_person, groups=("migrant_worker",))
    fill_matter(form, "wages")
    form.income.setText("1,500.50")
    form.agent_name.setText("钱小明")
    form.agent_relation.setText("儿子")
    settle(qtbot, ui_ctx)
    boxes = form.materials.boxes()
    assert "agent_identity" in boxes  # an agent adds the agent's papers to the checklist
    for code in ("identity", "application_form", "labour_proof"):
        boxes[code].setChecked(True)
    qtbot.waitUntil(lambda: form.save_button.isEnabled(), timeout=WAIT_MS)
    with qtbot.waitSignal(page.view.loaded, timeout=WAIT_MS):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert page.stack.currentWidget() is page.view
    saved = rows(ui_ctx, "SELECT r.*, p.name AS pname, p.id_number AS pid FROM aid_referral r "
                         "JOIN person p ON p.id = r.applicant_id")
    assert len(saved) == 1
    row = saved[0]
    assert row.pname == "钱秀英" and len(row.pid) == 18
    assert row.matter == "wages" and row.status == "draft"
    assert row.hardship_route == "exempt_group"  # migrant worker claiming wages (art. 42)
    assert sorted(json.loads(row.materials_received)) == sorted(
        ["identity", "application_form", "labour_proof"])
    assert row.monthly_income_fen == 150050
    assert row.agent_name == "钱小明" and row.agent_relation == "儿子"
    assert row.urgent == 0
    assert page.view.v_applicant.text().startswith("钱秀英")


def test_applicant_without_id_number_blocks_saving(qtbot: Any, page: Any, ui_ctx: Any,
                                                   ui_make_person: Any) -> None:
    page.open_record("aid_referral", "new")
    form = page.form
    fill_new_applicant(form, ui_make_person, id_number=None)
    fill_matter(form, "other")
    form.save()  # a save attempt shows every error (and saves nothing)
    assert not form.save_button.isEnabled()
    assert form.errors.message_for("applicant.id_number") == "法律援助申请人须填写证件号码"
    assert form.errors.message_for("matter_detail") == "申请事项为“其他”时请具体说明"
    form.income.setText("很多")
    form.validate()
    assert "月收入格式不正确" in form.errors.message_for("monthly_income_fen")
    form.save()
    settle(qtbot, ui_ctx)
    assert rows(ui_ctx, "SELECT count(*) FROM aid_referral")[0][0] == 0


def test_eligibility_preselects_route(qtbot: Any, page: Any, ui_ctx: Any,
                                      ui_make_person: Any) -> None:
    page.open_record("aid_referral", "new")
    form = page.form
    fill_new_applicant(form, ui_make_person, groups=("social_assistance",))
    choose(form.matter, "maintenance")
    assert form.route.currentData() == "exempt_group"
    assert "免予核查" in form.guidance.text()
    assert "低保" in form.guidance.text()
    # the user may override; a different matter suggests again
    before = form.guidance.text().splitlines()
    choose(form.route, "commitment")
    after = form.guidance.text().splitlines()
    assert after[: len(before)] == before and len(after) == len(before) + 1  # a warning line
    choose(form.matter, "bravery")
    assert form.route.currentData() == "no_hardship_matter"
    assert "不受经济困难条件限制" in form.guidance.text()
    assert "bravery_proof" in form.materials.boxes()
    # groups changed on the applicant: suggested again
    choose(form.matter, "wages")
    assert form.route.currentData() == "exempt_group"
    form.picker.group_boxes["social_assistance"].setChecked(False)
    assert form.route.currentData() == "commitment"


def test_existing_applicant_groups_preselect_route(qtbot: Any, page: Any, ui_ctx: Any,
                                                   ui_make_person: Any) -> None:
    person = ui_make_person("孙大海", 40, special_groups=("social_assistance",))
    referral_id = make_referral(ui_ctx, ui_make_person, applicant=person,
                                hardship_route="exempt_group")
    person_id = referral_row(ui_ctx, referral_id).applicant_id
    page.open_record("aid_referral", f"new:{person_id}")
    form = page.form
    assert form.picker.selected_person_id() == person_id
    choose(form.matter, "maintenance")
    qtbot.waitUntil(lambda: form.route.currentData() == "exempt_group", timeout=WAIT_MS)
    assert "低保" in form.guidance.text()
    qtbot.waitUntil(lambda: "孙大海" in form.materials.notice_text(), timeout=WAIT_MS)


def test_one_time_notice_lists_exactly_unchecked(qtbot: Any, page: Any, ui_ctx: Any,
                                                 ui_make_person: Any) -> None:
    page.open_record("aid_referral", "new")
    form = page.form
    fill_new_applicant(form, ui_make_person)
    fill_matter(form, "wages")
    choose(form.route, "commitment")
    required = [m.code for m in required_materials("wages", "commitment", has_agent=False)]
    assert list(form.materials.boxes()) == required
    ticked = {"identity", "labour_proof"}
    for code in ticked:
        form.materials.boxes()[code].setChecked(True)
    notice = form.materials.notice.toPlainText()
    assert notice.startswith("钱秀英")
    assert notice_items(notice) == [MATERIAL_LABELS[c] for c in required if c not in ticked]
    assert form.materials.notice.isReadOnly()
    form.materials.copy_button.click()
    from PySide6.QtWidgets import QApplication

    assert QApplication.clipboard().text() == notice
    for code in required:
        form.materials.boxes()[code].setChecked(True)
    assert notice_items(form.materials.notice.toPlainText()) == []
    assert "已齐全" in form.materials.notice.toPlainText()


def test_urgent_banner_and_saved_flag(qtbot: Any, page: Any, ui_ctx: Any,
                                      ui_make_person: Any) -> None:
    page.open_record("aid_referral", "new")
    form = page.form
    assert form.urgent_banner.isHidden()
    fill_new_applicant(form, ui_make_person)
    fill_matter(form)
    form.has_deadline.setChecked(True)
    form.deadline.setDate(QDate.currentDate().addDays(20))
    assert form.urgent_banner.isHidden()
    form.deadline.setDate(QDate.currentDate().addDays(3))
    assert not form.urgent_banner.isHidden()
    assert "7" in form.urgent_banner.text()
    qtbot.waitUntil(lambda: form.save_button.isEnabled(), timeout=WAIT_MS)
    with qtbot.waitSignal(page.view.loaded, timeout=WAIT_MS):
        form.save()
    row = rows(ui_ctx, "SELECT urgent, limitation_deadline FROM aid_referral")[0]
    assert row.urgent == 1
    assert row.limitation_deadline == (date.today() + timedelta(days=3)).isoformat()
    assert not page.view.urgent_banner.isHidden()


def test_draft_restores_the_form(qtbot: Any, page: Any, ui_ctx: Any,
                                 ui_make_person: Any) -> None:
    page.open_record("aid_referral", "new")
    form = page.form
    fill_new_applicant(form, ui_make_person, groups=("elderly",))
    fill_matter(form, "maintenance")
    choose(form.route, "commitment")  # overridden by the user
    form.has_deadline.setChecked(True)
    form.deadline.setDate(QDate.currentDate().addDays(2))
    form.materials.boxes()["identity"].setChecked(True)
    payload = form.payload()
    json.dumps(payload)
    form.reset()
    assert not form.has_input()
    assert page.restore_draft("aid_referral:new", payload)
    assert not page.restore_draft("consultation:new", payload)
    assert page.stack.currentWidget() is form
    assert form.picker.name_edit.text() == "钱秀英"
    assert form.matter.currentData() == "maintenance"
    assert form.route.currentData() == "commitment"  # the user's choice survives
    assert form.materials.received() == ("identity",)
    assert not form.urgent_banner.isHidden()
    assert form.facts.toPlainText() == "在工地务工半年，工资未结清。"


# -- the referral view --------------------------------------------------------------------------

def click_ok(dialog: Any) -> None:
    dialog.ok_button.click()


def test_forward_refused_until_materials_complete(qtbot: Any, page: Any, ui_ctx: Any,
                                                  ui_make_person: Any) -> None:
    referral_id = make_referral(ui_ctx, ui_make_person, materials=("identity",))
    view = open_view(qtbot, page, referral_id)
    assert view.visible_actions() == {"forward", "close"}
    assert "法律援助申请表" in view.materials.notice_text()

    view.forward_button.click()
    dialog = view.dialog
    assert dialog.center.text() == "海港区法律援助中心"
    click_ok(dialog)
    qtbot.waitUntil(lambda: view.confirm_box is not None, timeout=WAIT_MS)
    assert "申请材料不齐全" in dialog.error.text()
    assert "申请材料不齐全" in view.confirm_box.text()
    keep = view.confirm_box.findChild(type(dialog.ok_button), "do_not_forward")
    keep.click()
    settle(qtbot, ui_ctx)
    assert referral_row(ui_ctx, referral_id).status == "draft"
    dialog.reject()

    for box in view.materials.boxes().values():
        box.setChecked(True)
    view.forward_button.click()
    dialog = view.dialog
    dialog.center.setText("海港区法律援助中心")
    with qtbot.waitSignal(view.loaded, timeout=WAIT_MS):
        click_ok(dialog)
    row = referral_row(ui_ctx, referral_id)
    assert row.status == "forwarded"
    assert row.forwarded_on == date.today().isoformat()
    assert row.forwarded_to == "海港区法律援助中心"
    assert sorted(json.loads(row.materials_received)) == sorted(
        m.code for m in required_materials("wages", "commitment", has_agent=False))
    assert view.visible_actions() == {"received", "decision"}
    assert not view.materials.boxes()["identity"].isEnabled()


def test_forward_anyway_after_confirmation(qtbot: Any, page: Any, ui_ctx: Any,
                                           ui_make_person: Any) -> None:
    referral_id = make_referral(ui_ctx, ui_make_person)
    view = open_view(qtbot, page, referral_id)
    view.forward_button.click()
    dialog = view.dialog
    click_ok(dialog)
    qtbot.waitUntil(lambda: view.confirm_box is not None, timeout=WAIT_MS)
    box = view.confirm_box
    assert box.defaultButton().objectName() == "do_not_forward"
    with qtbot.waitSignal(view.loaded, timeout=WAIT_MS):
        box.findChild(type(dialog.ok_button), "forward_anyway").click()
    assert referral_row(ui_ctx, referral_id).status == "forwarded"


def test_urgent_referral_forwards_with_missing_materials(qtbot: Any, page: Any, ui_ctx: Any,
                                                         ui_make_person: Any) -> None:
    referral_id = make_referral(ui_ctx, ui_make_person,
                                deadline=date.today() + timedelta(days=2))
    view = open_view(qtbot, page, referral_id)
    assert not view.urgent_banner.isHidden()
    view.forward_button.click()
    with qtbot.waitSignal(view.loaded, timeout=WAIT_MS):
        click_ok(view.dialog)
    assert view.confirm_box is None
    assert referral_row(ui_ctx, referral_id).status == "forwarded"


def test_decision_recorded_granted(qtbot: Any, page: Any, ui_ctx: Any,
                                   ui_make_person: Any) -> None:
    referral_id = make_referral(ui_ctx, ui_make_person)
    aid.forward_referral(ui_ctx.db, ui_ctx.actor, referral_id, forwarded_to="海港区法律援助中心",
                         forwarded_on=date.today(), allow_incomplete=True)
    view = open_view(qtbot, page, referral_id)
    view.receipt_button.click()
    with qtbot.waitSignal(view.loaded, timeout=WAIT_MS):
        click_ok(view.dialog)
    assert referral_row(ui_ctx, referral_id).status == "received"
    assert view.visible_actions() == {"decision"}

    view.decision_button.click()
    dialog = view.dialog
    assert not dialog.ok_button.isEnabled()  # a decision must be chosen
    dialog.choices["granted"].setChecked(True)
    dialog.lawyer.setText("李律师（海港律师事务所）")
    dialog.note.setPlainText("指派律师承办")
    with qtbot.waitSignal(view.loaded, timeout=WAIT_MS):
        click_ok(dialog)
    row = referral_row(ui_ctx, referral_id)
    assert row.status == "granted" and row.decision == "granted"
    assert row.assigned_lawyer == "李律师（海港律师事务所）"
    assert row.decision_on == date.today().isoformat()
    assert "准予法律援助" in view.v_decision.text()
    assert view.visible_actions() == {"close", "told"}  # the applicant is still to be told
    assert "准予援助" in view.timeline.text()

    view.told_button.click()
    with qtbot.waitSignal(view.loaded, timeout=WAIT_MS):
        click_ok(view.dialog)
    assert referral_row(ui_ctx, referral_id).decision_told_on == date.today().isoformat()
    assert view.visible_actions() == {"close"}
    assert date.today().isoformat() in view.v_decision.text()


def test_closing_a_draft_needs_a_reason(qtbot: Any, page: Any, ui_ctx: Any,
                                        ui_make_person: Any) -> None:
    referral_id = make_referral(ui_ctx, ui_make_person)
    view = open_view(qtbot, page, referral_id)
    view.close_button.click()
    dialog = view.dialog
    click_ok(dialog)
    qtbot.waitUntil(lambda: bool(dialog.error.text()), timeout=WAIT_MS)
    assert "需要填写原因" in dialog.error.text()
    assert referral_row(ui_ctx, referral_id).status == "draft"
    dialog.reason.setText("申请人撤回申请")
    with qtbot.waitSignal(view.loaded, timeout=WAIT_MS):
        click_ok(dialog)
    assert referral_row(ui_ctx, referral_id).status == "closed"
    assert view.visible_actions() == set()
    assert "申请人撤回申请" in view.timeline.text()


@pytest.mark.parametrize(("steps", "status", "actions"), [
    ((), "draft", {"forward", "close"}),
    (("forward",), "forwarded", {"received", "decision"}),
    (("forward", "receive"), "received", {"decision"}),
    (("forward", "grant"), "granted", {"close", "told"}),
    (("forward", "deny"), "denied", {"close", "told"}),
    (("forward", "grant", "close"), "closed", set()),
])
def test_actions_match_status(qtbot: Any, page: Any, ui_ctx: Any, ui_make_person: Any,
                              steps: tuple[str, ...], status: str, actions: set[str]) -> None:
    db, actor, today = ui_ctx.db, ui_ctx.actor, date.today()
    referral_id = make_referral(ui_ctx, ui_make_person)
    for step in steps:
        if step == "forward":
            aid.forward_referral(db, actor, referral_id, forwarded_to="海港区法律援助中心",
                                 forwarded_on=today, allow_incomplete=True)
        elif step == "receive":
            aid.record_center_receipt(db, actor, referral_id, today)
        elif step in ("grant", "deny"):
            aid.record_decision(db, actor, referral_id,
                                decision="granted" if step == "grant" else "denied",
                                decided_on=today)
        elif step == "close":
            aid.close_referral(db, actor, referral_id, today)
    view = open_view(qtbot, page, referral_id)
    assert view.detail.status == status
    assert view.status_label.text() == AidStatus(status).label
    assert view.visible_actions() == actions
    assert view.materials.boxes()["identity"].isEnabled() == (status == "draft")


def test_view_materials_saved_while_draft(qtbot: Any, page: Any, ui_ctx: Any,
                                          ui_make_person: Any) -> None:
    referral_id = make_referral(ui_ctx, ui_make_person)
    view = open_view(qtbot, page, referral_id)
    view.materials.boxes()["application_form"].setChecked(True)
    qtbot.waitUntil(lambda: json.loads(referral_row(ui_ctx, referral_id).materials_received)
                    == ["application_form"], timeout=WAIT_MS)
    assert "法律援助申请表" not in view.materials.notice_text()


def test_list_opens_referral_and_new(qtbot: Any, page: Any, ui_ctx: Any,
                                     ui_make_person: Any) -> None:
    referral_id = make_referral(ui_ctx, ui_make_person)
    page.activated()
    qtbot.waitUntil(lambda: page.list.model.rowCount() == 1, timeout=WAIT_MS)
    with qtbot.waitSignal(page.view.loaded, timeout=WAIT_MS):
        page.list.record_activated.emit(referral_id)
    assert page.stack.currentWidget() is page.view
    page.view.back_button.click()
    assert page.stack.currentWidget() is page.list
    page.list.new_button.click()
    assert page.stack.currentWidget() is page.form
    assert not page.open_record("consultation", "x")


def test_aid_center_name() -> None:
    from workstation.ui.aid.common import aid_center_name

    assert aid_center_name("海港区公共法律服务中心") == "海港区法律援助中心"
    assert aid_center_name("昌黎县法律援助中心") == "昌黎县法律援助中心"
    assert aid_center_name("抚宁区司法局") == "抚宁区司法局法律援助中心"


def test_new_fields_through_the_form_and_their_checks(qtbot: Any, page: Any, ui_ctx: Any,
                                                      ui_make_person: Any) -> None:
    from workstation.domain.identity import make_resident_id

    page.open_record("aid_referral", "new")
    form = page.form
    fill_new_applicant(form, ui_make_person, groups=("dv_victim",))
    fill_matter(form, "maintenance")
    settle(qtbot, ui_ctx)
    # art. 32: a domestic-violence victim claiming maintenance is free of the hardship test
    assert form.route.currentData() == "no_hardship_matter"
    choose(form.aid_form, "defence")
    form.save()
    assert form.errors.message_for("aid_form") == "“刑事辩护”只适用于刑事案件"
    choose(form.aid_form, "representation")
    form.opposing_party.setText("钱某（丈夫）")
    form.agent_name.setText("钱小明")
    form.agent_relation.setText("儿子")
    agent = make_resident_id("130302", date(1990, 2, 2), 3, "male")
    form.agent_id_number.setText(agent[:-1] + ("0" if agent[-1] != "0" else "1"))
    form.save()
    assert "校验位错误" in form.errors.message_for("agent_id_number")
    form.agent_id_number.setText(agent)
    form.materials.boxes()["identity"].setChecked(True)
    qtbot.waitUntil(lambda: form.save_button.isEnabled(), timeout=WAIT_MS)
    with qtbot.waitSignal(page.view.loaded, timeout=WAIT_MS):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    (row,) = rows(ui_ctx, "SELECT * FROM aid_referral")
    assert (row.aid_form, row.opposing_party, row.agent_id_number) == (
        "representation", "钱某（丈夫）", agent)
    view = page.view
    assert view.v_aid_form.text() == "诉讼代理/非诉讼代理"
    assert view.v_opposing.text() == "钱某（丈夫）"
    assert agent not in view.v_agent.text() and agent[-4:] in view.v_agent.text()
