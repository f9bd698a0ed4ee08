"""Corrections (更正) in the desk application: the 更正 button on the consultation detail, the
mediation case view and the aid referral view opens the record's own form prefilled with a
更正原因 field; saving shows the new value and "已更正 N 次"; hidden for another non-admin
operator; a forwarded referral only takes a correction note."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QLabel
from sqlalchemy import text

from workstation.domain.inputs import CaseInput, ConsultationInput, PartyInput, ReferralInput
from workstation.services.auth import add_operator
from workstation.services.context import Actor

pytestmark = pytest.mark.usefixtures("qtbot", "chinese_settings")


def rows(db: Any, sql: str, **params: Any) -> list[Any]:
    with db.engine.connect() as conn:
        return list(conn.execute(text(sql), params).all())


def ctx_as(ui_ctx: Any, username: str, name: str) -> Any:
    """A context for another (non-admin) operator on the same station and runner."""
    from workstation.ui.context import AppContext

    op_id = add_operator(ui_ctx.db, ui_ctx.actor, username=username, name=name,
                         password="mediator-pw-1")
    actor = Actor(op_id, ui_ctx.actor.station_id, username, name, "mediator")
    return AppContext(db=ui_ctx.db, actor=actor, runner=ui_ctx.runner,
                      station_name=ui_ctx.station_name)


def settle(ctx: Any, qtbot: Any) -> None:
    ctx.runner.wait()
    qtbot.wait(10)
    ctx.runner.wait()
    QApplication.processEvents()


@pytest.fixture
def consultations(ui_ctx: Any, qtbot: Any) -> Any:
    from workstation.ui.pages.consultations import ConsultationsPage

    page = ConsultationsPage(ui_ctx)
    qtbot.addWidget(page)
    page.resize(1300, 850)
    page.show()
    page.activated()
    yield page
    page.shutdown()
    settle(ui_ctx, qtbot)


def test_correcting_a_consultation_from_its_detail(consultations: Any, ui_ctx: Any,
                                                   qtbot: Any, ui_make_person: Any) -> None:
    from workstation.services.consultations import register_consultation

    record_id = register_consultation(ui_ctx.db, ui_ctx.actor, ConsultationInput(
        occurred_at=datetime.now(UTC) - timedelta(hours=2), channel="walk_in", topic="wages",
        question="工地欠薪三个月", handling_result="answered", answer="可申请劳动仲裁。",
        person=ui_make_person("赵五", 5)))
    page = consultations
    page.open_record("consultation", record_id)
    qtbot.waitUntil(page.showing_record, timeout=5000)
    view = page.view
    assert view.correct_button.isVisible() and view.correct_button.text() == "更正……"
    assert view.correction_info.isHidden()

    dialog = view.correct_button.start()
    assert dialog is not None and dialog.isVisible()
    form = dialog.form
    # The form is the registration form, prefilled, in correction mode.
    assert form.question.toPlainText() == "工地欠薪三个月"
    assert form.answer.toPlainText() == "可申请劳动仲裁。"
    assert form.save_button.isHidden()
    qtbot.waitUntil(lambda: form.person.selected_person_id() is not None, timeout=5000)
    qtbot.waitUntil(lambda: form.is_valid, timeout=5000)
    assert not dialog.save_button.isEnabled()  # no reason yet
    form.question.setPlainText("工地欠薪四个月")
    dialog.reason.setText("月份录错")
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=5000)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: view.values["question"].text() == "工地欠薪四个月", timeout=5000)
    assert view.correction_info.isVisible()
    assert view.correction_info.text().startswith("已更正 1 次")
    assert "王芳" in view.correction_info.text()
    [(question, version)] = rows(ui_ctx.db, "SELECT question, version FROM consultation")
    assert (question, version) == ("工地欠薪四个月", 2)
    [(detail,)] = rows(ui_ctx.db, "SELECT detail FROM audit_entry WHERE action = 'correct'")
    assert "月份录错" in detail and "“工地欠薪三个月” → “工地欠薪四个月”" in detail
    settle(ui_ctx, qtbot)


def test_another_operator_is_not_offered_correction(qtbot: Any, ui_ctx: Any,
                                                    ui_make_person: Any) -> None:
    from workstation.services.consultations import register_consultation
    from workstation.ui.pages.consultations import ConsultationView

    record_id = register_consultation(ui_ctx.db, ui_ctx.actor, ConsultationInput(
        occurred_at=datetime.now(UTC) - timedelta(hours=2), channel="walk_in", topic="wages",
        question="工地欠薪", handling_result="answered", answer="可申请劳动仲裁。",
        person=ui_make_person("赵五", 5)))
    from workstation.services.records import load_consultation

    detail = load_consultation(ui_ctx.db, record_id)
    other = ctx_as(ui_ctx, "wangyuan", "王员")
    view = ConsultationView(other)
    qtbot.addWidget(view)
    view.show()
    view.show_detail(detail)
    assert view.correct_button.isHidden()
    assert view.correct_button.start() is None
    admin_view = ConsultationView(ui_ctx)
    qtbot.addWidget(admin_view)
    admin_view.show()
    admin_view.show_detail(detail)
    assert admin_view.correct_button.isVisible()
    settle(ui_ctx, qtbot)


def a_case(ctx: Any, make_person: Any) -> str:
    from workstation.services.mediation import accept_case, open_case

    case_id = open_case(ctx.db, ctx.actor, CaseInput(
        source="application", dispute_type="neighbour", facts="两家因排水沟发生争执。",
        registered_on=date.today() - timedelta(days=3),
        parties=(PartyInput(role="applicant", person=make_person("张三", 1)),
                 PartyInput(role="respondent", person=make_person("李四", 2, "female")))))
    accept_case(ctx.db, ctx.actor, case_id, date.today() - timedelta(days=2))
    return case_id


def test_correcting_an_accepted_case_from_its_view(qtbot: Any, ui_ctx: Any,
                                                   ui_make_person: Any) -> None:
    from workstation.ui.mediation.case_view import CaseView

    case_id = a_case(ui_ctx, ui_make_person)
    view = CaseView(ui_ctx)
    qtbot.addWidget(view)
    view.resize(1100, 800)
    view.show()
    with qtbot.waitSignal(view.loaded, timeout=5000):
        view.load(case_id)
    assert view.correct_button.isVisible()
    dialog = view.correct_button.start()
    form = dialog.form
    assert form.facts.toPlainText() == "两家因排水沟发生争执。"
    assert form.parties_box.isHidden() and form.save_button.isHidden()
    assert not form.mediator.isEnabled()
    form.dispute_type.setCurrentIndex(form.dispute_type.findData("contract"))
    form.amount.setText("1500")
    dialog.reason.setText("纠纷类型选错")
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=5000)
    with qtbot.waitSignal(view.loaded, timeout=5000):
        dialog.save_button.click()
    assert view.case.dispute_type == "contract" and view.case.amount_involved_fen == 150000
    assert view.case.status == "accepted"  # a correction never moves the status
    assert view.correction_info.text().startswith("已更正 1 次")
    texts = [view.info.itemAt(i).widget().text() for i in range(view.info.count())
             if view.info.itemAt(i).widget() is not None]
    assert "合同" in texts
    [(parties,)] = rows(ui_ctx.db, "SELECT count(*) FROM mediation_party")
    assert parties == 2

    other = ctx_as(ui_ctx, "tiaojie", "李调解")
    other_view = CaseView(other)
    qtbot.addWidget(other_view)
    other_view.show()
    with qtbot.waitSignal(other_view.loaded, timeout=5000):
        other_view.load(case_id)
    assert other_view.correct_button.isHidden()
    settle(ui_ctx, qtbot)


def a_referral(ctx: Any, make_person: Any) -> str:
    from workstation.services.aid import create_referral

    return create_referral(ctx.db, ctx.actor, ReferralInput(
        matter="wages", facts="在工地务工半年，工资未结清。", request="请求支付拖欠的劳动报酬。",
        hardship_route="commitment", household_size=4,
        applied_on=date.today() - timedelta(days=3), applicant=make_person("赵五", 5)))


@pytest.fixture
def referral_view(qtbot: Any, ui_ctx: Any) -> Any:
    from workstation.ui.aid.view import ReferralView

    view = ReferralView(ui_ctx)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    yield view
    view.stop()
    settle(ui_ctx, qtbot)


def test_correcting_a_draft_referral_then_annotating_it_once_forwarded(
        referral_view: Any, qtbot: Any, ui_ctx: Any, ui_make_person: Any) -> None:
    from workstation.services.aid import forward_referral

    rid = a_referral(ui_ctx, ui_make_person)
    view = referral_view
    with qtbot.waitSignal(view.loaded, timeout=5000):
        view.load(rid)
    assert view.correct_button.isVisible() and view.correct_button.text() == "更正……"
    dialog = view.correct_button.start()
    form = dialog.form
    assert form.facts.toPlainText() == "在工地务工半年，工资未结清。"
    assert form.household_size.value() == 4 and form.materials_box.isHidden()
    qtbot.waitUntil(lambda: form.is_valid, timeout=5000)
    settle(ui_ctx, qtbot)
    assert form.route.currentData() == "commitment"  # the recorded route is kept
    form.household_size.setValue(5)
    dialog.reason.setText("家庭人口录错")
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=5000)
    with qtbot.waitSignal(view.loaded, timeout=5000):
        dialog.save_button.click()
    assert view.v_household.text() == "5人"
    assert view.correction_info.text().startswith("已更正 1 次")

    forward_referral(ui_ctx.db, ui_ctx.actor, rid, forwarded_to="海港区法律援助中心",
                     forwarded_on=date.today(), allow_incomplete=True)
    with qtbot.waitSignal(view.loaded, timeout=5000):
        view.load(rid)
    # Forwarded: only a correction note, said plainly.
    assert view.correct_button.text() == "添加更正说明……"
    note = view.correct_button.start()
    assert "已转交法律援助中心" in note.findChild(QLabel, "correction_note_intro").text()
    assert not note.ok_button.isEnabled()
    note.note.setPlainText("家庭人口应为6人")
    with qtbot.waitSignal(view.loaded, timeout=5000):
        note.ok_button.click()
    assert view.correction_notes.isVisible()
    assert "家庭人口应为6人" in view.correction_notes.text()
    assert view.v_household.text() == "5人"  # the fields stay as forwarded
    assert view.correction_info.text().startswith("已更正 2 次")


def test_cancelling_a_changed_correction_asks_and_keeps_editing_by_default(
        qtbot: Any, ui_ctx: Any, ui_make_person: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from workstation.ui.mediation.case_view import CaseView

    case_id = a_case(ui_ctx, ui_make_person)
    view = CaseView(ui_ctx)
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitSignal(view.loaded, timeout=5000):
        view.load(case_id)
    dialog = view.correct_button.start()
    asked: list[Any] = []

    def question(*args: Any) -> Any:
        asked.append(args)
        return args[-1]  # the default button: what Enter would answer

    monkeypatch.setattr(QMessageBox, "question", question)
    dialog.reject()  # nothing changed: closes without asking
    assert asked == [] and not dialog.isVisible()

    dialog = view.correct_button.start()
    dialog.form.facts.setPlainText("改过的事实")
    qtbot.waitUntil(lambda: dialog.form.dirty, timeout=5000)
    dialog.reject()
    assert len(asked) == 1 and dialog.isVisible()  # the default keeps the edit
    [(facts,)] = rows(ui_ctx.db, "SELECT facts FROM mediation_case")
    assert facts == "两家因排水沟发生争执。"
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a: QMessageBox.StandardButton.Discard)
    dialog.reject()
    assert not dialog.isVisible()
    settle(ui_ctx, qtbot)
