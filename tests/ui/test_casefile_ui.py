"""The case-file steps from the case view: offered only when allowed, dialogs validated with
Chinese messages, saved through the services; 记录人 and 回访方式/被回访人 in their dialogs."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from workstation.domain.inputs import AgreementInput, SessionInput
from workstation.services.mediation import (
    accept_case,
    change_status,
    record_agreement,
    record_session,
    set_judicial_confirmation,
)

from .test_mediation import existing_case, open_view, rows
from .test_mediation import page as page  # the fixture, re-exported

TODAY = date.today()


def _open_step(view: Any, qtbot: Any, key: str) -> Any:
    assert key in view.visible_casefile_steps(), (key, view.visible_casefile_steps())
    view.casefile_actions[key].trigger()
    dialog = view.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def _save(view: Any, qtbot: Any, dialog: Any) -> None:
    with qtbot.waitSignal(view.loaded, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert view.dialog is None or not view.dialog.isVisible()


def test_rights_notice_and_investigation_from_the_case_view(
        page: Any, qtbot: Any, ui_ctx: Any, ui_make_person: Any) -> None:
    case_id = existing_case(ui_ctx, ui_make_person)
    view = open_view(page, qtbot, case_id)
    assert view.visible_casefile_steps() == ["rights_notice"]  # not yet accepted

    dialog = _open_step(view, qtbot, "rights_notice")
    assert dialog.recipients.text() == "张三、李四"
    dialog.given_on.setText("20260231")  # no such day
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.errors.message_for("manner") == "请选择告知方式"
    assert dialog.errors.message_for("given_on")  # the date's own message, in Chinese
    dialog.given_on.set_value(TODAY - timedelta(days=1))
    dialog.manner.setCurrentIndex(dialog.manner.findData("oral"))
    _save(view, qtbot, dialog)
    assert rows(ui_ctx.db, "SELECT kind, manner, people FROM mediation_step")[0][:] == (
        "rights_notice", "oral", "张三、李四")
    assert view.steps_box.isVisible()

    accept_case(ui_ctx.db, ui_ctx.actor, case_id, TODAY)
    view.reload()
    qtbot.waitUntil(lambda: view.case.status == "accepted")
    assert view.visible_casefile_steps() == ["rights_notice", "investigation"]
    dialog = _open_step(view, qtbot, "investigation")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.message_for("place") == "请填写调查地点"
    assert dialog.errors.message_for("findings") == "请填写调查情况"
    dialog.place.setText("李四家")
    dialog.interviewees.setText("李四、邻居赵六")
    dialog.findings.setPlainText("排水沟堵塞属实。")
    _save(view, qtbot, dialog)
    assert rows(ui_ctx.db, "SELECT place, people, content FROM mediation_step "
                           "WHERE kind = 'investigation'")[0][:] == (
        "李四家", "李四、邻居赵六", "排水沟堵塞属实。")


def _agreed(ui_ctx: Any, ui_make_person: Any, **kw: Any) -> str:
    case_id = existing_case(ui_ctx, ui_make_person, **kw)
    accept_case(ui_ctx.db, ui_ctx.actor, case_id, TODAY - timedelta(days=1))
    record_session(ui_ctx.db, ui_ctx.actor, case_id, SessionInput(
        held_at=datetime.now(UTC) - timedelta(hours=1), place="调解室", attendees="双方",
        record="调解记录"))
    record_agreement(ui_ctx.db, ui_ctx.actor, case_id, AgreementInput(
        form="written", terms="李四赔偿三百元。", effective_on=TODAY,
        performance_manner="现金"))
    return case_id


def test_follow_up_needs_method_and_visitee_then_supervision(
        page: Any, qtbot: Any, ui_ctx: Any, ui_make_person: Any) -> None:
    case_id = _agreed(ui_ctx, ui_make_person)
    view = open_view(page, qtbot, case_id)
    assert view.visible_casefile_steps() == []  # performance not checked yet: no supervision
    qtbot.mouseClick(view.buttons["follow_up"], Qt.MouseButton.LeftButton)
    dialog = view.dialog
    dialog.performance.setCurrentIndex(dialog.performance.findData("not_performed"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.message_for("method") == "请选择回访方式"
    assert dialog.errors.message_for("visitee") == "请填写被回访人"
    dialog.method.setCurrentIndex(dialog.method.findData("phone"))
    dialog.visitee.setText("张三")
    _save(view, qtbot, dialog)
    assert tuple(rows(ui_ctx.db, "SELECT method, visitee FROM follow_up")[0]) == ("phone", "张三")
    assert view.visible_casefile_steps() == ["supervision"]

    dialog = _open_step(view, qtbot, "supervision")
    dialog.manner.setCurrentIndex(dialog.manner.findData("visit"))
    dialog.content.setPlainText("上门督促李四付款。")
    dialog.performance.setCurrentIndex(dialog.performance.findData("performed"))
    _save(view, qtbot, dialog)
    assert rows(ui_ctx.db, "SELECT performance_status FROM mediation_agreement")[0][0] == \
        "performed"
    assert view.visible_casefile_steps() == []


def test_judicial_result_and_session_recorder(page: Any, qtbot: Any, ui_ctx: Any,
                                              ui_make_person: Any) -> None:
    case_id = existing_case(ui_ctx, ui_make_person)
    accept_case(ui_ctx.db, ui_ctx.actor, case_id, TODAY)
    view = open_view(page, qtbot, case_id)
    qtbot.mouseClick(view.buttons["session"], Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert dialog.recorder.text() == ui_ctx.actor.name
    dialog.recorder.setText("赵书记")
    dialog.place.setText("调解室")
    dialog.record.setPlainText("双方陈述。")
    _save(view, qtbot, dialog)
    assert rows(ui_ctx.db, "SELECT recorder FROM mediation_session")[0][0] == "赵书记"

    record_agreement(ui_ctx.db, ui_ctx.actor, case_id, AgreementInput(
        form="written", terms="李四赔偿三百元。", effective_on=TODAY, performance_manner="现金"))
    set_judicial_confirmation(ui_ctx.db, ui_ctx.actor, case_id, TODAY)
    view.reload()
    qtbot.waitUntil(lambda: view.case.status == "agreed")
    assert "judicial_result" in view.visible_casefile_steps()
    assert "judicial" not in view.visible_actions()
    dialog = _open_step(view, qtbot, "judicial_result")
    dialog.result.setCurrentIndex(dialog.result.findData("confirmed"))
    dialog.court.setText("海港区人民法院")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.message_for("ruling_number") == "法院作出裁定的，请填写裁定书文号"
    dialog.ruling_number.setText("（2026）冀0302民特1号")
    _save(view, qtbot, dialog)
    assert tuple(rows(ui_ctx.db, "SELECT judicial_result, judicial_court FROM "
                                 "mediation_agreement")[0]) == ("confirmed", "海港区人民法院")
    assert "judicial_result" not in view.visible_casefile_steps()


def test_feedback_letter_for_a_referred_case(page: Any, qtbot: Any, ui_ctx: Any,
                                             ui_make_person: Any) -> None:
    from workstation.domain.inputs import CaseInput, PartyInput
    from workstation.services.mediation import open_case

    case_id = open_case(ui_ctx.db, ui_ctx.actor, CaseInput(
        source="referred", referring_body="海港派出所", dispute_type="neighbour",
        facts="邻里纠纷。", registered_on=TODAY - timedelta(days=3),
        parties=(PartyInput(role="applicant", person=ui_make_person("张三", 1)),
                 PartyInput(role="respondent", person=ui_make_person("李四", 2, "female")))))
    change_status(ui_ctx.db, ui_ctx.actor, case_id, "terminated", reason="当事人拒绝调解")
    view = open_view(page, qtbot, case_id)
    assert view.visible_casefile_steps() == ["feedback"]
    dialog = _open_step(view, qtbot, "feedback")
    assert dialog.recipient.text() == "海港派出所"
    _save(view, qtbot, dialog)
    assert rows(ui_ctx.db, "SELECT people FROM mediation_step WHERE kind = 'feedback'")[0][0] \
        == "海港派出所"
    assert view.visible_casefile_steps() == []


def test_voided_case_offers_no_case_file_step(page: Any, qtbot: Any, ui_ctx: Any,
                                              ui_make_person: Any) -> None:
    from workstation.services.voiding import void_record

    case_id = existing_case(ui_ctx, ui_make_person)
    void_record(ui_ctx.db, ui_ctx.actor, "mediation_case", case_id, "重复登记")
    view = open_view(page, qtbot, case_id)
    assert view.casefile_button.isHidden() and view.visible_casefile_steps() == []


def test_case_file_dialogs_fit_1024x768_in_extra_large_text(
        qtbot: Any, ui_ctx: Any, ui_make_person: Any, qapp: Any, chinese_settings: Any) -> None:
    """Each case-file dialog (and the grown follow-up and session dialogs) fits a 1024×768
    screen (less task and title bars) at 特大, with nothing clipped."""
    from tests.ui.layout_check import layout_problems, restore_style
    from tests.ui.test_screen_fit import use_ui_font
    from workstation.services.records import load_case
    from workstation.ui.appearance import apply_text_size
    from workstation.ui.mediation.casefile_dialogs import CASEFILE_DIALOGS
    from workstation.ui.mediation.dialogs import FollowUpDialog, SessionDialog

    case_id = _agreed(ui_ctx, ui_make_person)
    set_judicial_confirmation(ui_ctx.db, ui_ctx.actor, case_id, TODAY)
    case = load_case(ui_ctx.db, case_id)
    font = qapp.font()
    use_ui_font(qapp)
    apply_text_size(qapp, "larger")
    try:
        found: dict[str, list[str]] = {}
        for dialog_class in [*CASEFILE_DIALOGS.values(), FollowUpDialog, SessionDialog]:
            dialog = dialog_class(ui_ctx, case)
            qtbot.addWidget(dialog)
            dialog.show()
            qtbot.waitExposed(dialog)
            dialog.accept()  # empty or partly filled: every error line shown
            hint = dialog.sizeHint()
            assert hint.width() <= 1024 and hint.height() <= 768 - 72, (
                dialog_class.__name__, hint)
            dialog.resize(max(dialog.width(), hint.width()), max(dialog.height(), hint.height()))
            QApplication.processEvents()
            problems = layout_problems(dialog)
            if problems:
                found[dialog_class.__name__] = problems
            dialog.reject()
            ui_ctx.runner.wait()
        assert not found, found
    finally:
        restore_style(qapp, font)


def test_print_menu_offers_the_new_papers_when_they_apply(
        page: Any, qtbot: Any, ui_ctx: Any, ui_make_person: Any) -> None:
    from workstation.domain.inputs import CaseInput, PartyInput
    from workstation.services.mediation import open_case

    case_id = open_case(ui_ctx.db, ui_ctx.actor, CaseInput(
        source="referred", referring_body="海港区人民法院", dispute_type="neighbour",
        facts="邻里纠纷。", registered_on=TODAY - timedelta(days=3),
        parties=(PartyInput(role="applicant", person=ui_make_person("张三", 1)),
                 PartyInput(role="respondent", person=ui_make_person("李四", 2, "female")))))
    accept_case(ui_ctx.db, ui_ctx.actor, case_id, TODAY - timedelta(days=2))
    change_status(ui_ctx.db, ui_ctx.actor, case_id, "terminated", reason="当事人拒绝调解")
    view = open_view(page, qtbot, case_id)
    menu = view.print_button.menu_
    qtbot.waitUntil(lambda: any(a.objectName() == "print_mediation_feedback_letter"
                                for a in menu.actions()), timeout=5000)
    enabled = {a.objectName()[len("print_"):]: a.isEnabled() for a in menu.actions()
               if a.objectName().startswith("print_")}
    assert enabled["mediation_feedback_letter"] and enabled["mediation_termination_notice"]
    assert enabled["mediation_rights_notice"] and enabled["case_file_note"]
    assert not enabled["mediation_judicial_application"]
    assert not enabled["mediation_rejection_notice"]
    assert not enabled["mediation_supervision_record"]
