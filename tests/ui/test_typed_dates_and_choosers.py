"""Keyboard-first intake in the remaining places: dates typed in one field in the step
dialogs (a bad text blocks saving with a Chinese message), the list and report filters; the
provider, mediator and ethnicity choosers found by pinyin initials; the aid materials
checklist as one Tab stop."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget
from sqlalchemy import text

from workstation.domain.inputs import CaseInput, PartyInput, SessionInput
from workstation.domain.referral import ProviderInput

REGISTERED = date(2025, 3, 3)
WAIT_MS = 5000


def rows(ctx: Any, sql: str, **params: Any) -> list[Any]:
    with ctx.db.engine.connect() as conn:
        return list(conn.execute(text(sql), params).all())


def a_case(ctx: Any, make_person: Any, *, accepted: bool = False,
           session: bool = False) -> Any:
    from workstation.services.mediation import accept_case, open_case, record_session
    from workstation.services.records import load_case

    case_id = open_case(ctx.db, ctx.actor, CaseInput(
        source="application", dispute_type="neighbour", facts="两家因排水沟发生争执。",
        registered_on=REGISTERED,
        parties=(PartyInput(role="applicant", person=make_person("张三", 1)),
                 PartyInput(role="respondent", person=make_person("李四", 2, "female")))))
    if accepted or session:
        accept_case(ctx.db, ctx.actor, case_id, date(2025, 3, 4))
    if session:
        record_session(ctx.db, ctx.actor, case_id, SessionInput(
            held_at=datetime(2025, 3, 5, 9, 30, tzinfo=UTC), place="调解室",
            attendees="张三、李四", record="双方陈述事实。"))
    return load_case(ctx.db, case_id)


def shown(qtbot: Any, widget: QWidget) -> QWidget:
    """``widget`` shown as the active window (so that it has the keyboard focus)."""
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow, timeout=WAIT_MS)
    return widget


def retype(qtbot: Any, field: QLineEdit, typed: str) -> None:
    """Empty ``field`` and type ``typed`` (ASCII) into it key by key."""
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClicks(field, typed)


# -- typed dates in the step dialogs ---------------------------------------------------------


def test_accept_dialog_saves_a_typed_date_and_blocks_a_bad_one(
        qtbot: Any, ui_ctx: Any, ui_make_person: Any) -> None:
    from workstation.ui.mediation.dialogs import AcceptDialog
    from workstation.ui.widgets.date_field import DateField

    case = a_case(ui_ctx, ui_make_person)
    dialog = shown(qtbot, AcceptDialog(ui_ctx, case))
    assert isinstance(dialog.accepted_on, DateField)  # one field, one Tab stop
    retype(qtbot, dialog.accepted_on, "2025-13-40")
    dialog.save_button.click()
    assert dialog.isVisible()
    message = dialog.errors.message_for("accepted_on")
    assert "月份" in message and "1 至 12" in message
    assert rows(ui_ctx, "SELECT status FROM mediation_case")[0][0] == "registered"

    retype(qtbot, dialog.accepted_on, "20250302")  # before registration: the domain says so
    dialog.save_button.click()
    assert dialog.errors.message_for("accepted_on") == "受理日期不能早于登记日期"

    retype(qtbot, dialog.accepted_on, "20250305")
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS):
        dialog.save_button.click()
    assert rows(ui_ctx, "SELECT status, accepted_on FROM mediation_case")[0] == \
        ("accepted", "2025-03-05")


def test_session_dialog_takes_a_typed_date_and_time(qtbot: Any, ui_ctx: Any,
                                                    ui_make_person: Any) -> None:
    from workstation.ui.mediation.dialogs import SessionDialog

    case = a_case(ui_ctx, ui_make_person, accepted=True)
    dialog = shown(qtbot, SessionDialog(ui_ctx, case))
    dialog.place.setText("海港镇人民调解室")
    dialog.record.setPlainText("双方陈述事实，调解员释法说理。")
    retype(qtbot, dialog.held_at, "20250306 25:00")
    dialog.save_button.click()
    assert dialog.isVisible()
    assert dialog.errors.message_for("held_at").startswith("时间不对")
    retype(qtbot, dialog.held_at, "20250306 0930")
    qtbot.keyClick(dialog.held_at, Qt.Key.Key_Tab)
    assert dialog.held_at.text() == "2025-03-06 09:30"  # shown tidy once left
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS):
        dialog.save_button.click()
    [(held,)] = rows(ui_ctx, "SELECT held_at FROM mediation_session")
    local = datetime.fromisoformat(held).astimezone()
    assert (local.date(), local.hour, local.minute) == (date(2025, 3, 6), 9, 30)


def test_agreement_deadline_is_typed_and_checked_only_when_used(
        qtbot: Any, ui_ctx: Any, ui_make_person: Any) -> None:
    from workstation.ui.mediation.dialogs import AgreementDialog

    case = a_case(ui_ctx, ui_make_person, session=True)
    dialog = shown(qtbot, AgreementDialog(ui_ctx, case))
    dialog.terms.setPlainText("李四于五日内疏通排水沟。")
    dialog.manner.setText("自行疏通")
    retype(qtbot, dialog.effective_on, "20250307")
    dialog.deadline.setText("hello")  # disabled: not asked, not checked
    assert "performance_deadline" not in {e.field for e in _typed(dialog)}
    dialog.use_deadline.setChecked(True)
    dialog.save_button.click()
    assert dialog.isVisible()
    assert dialog.errors.message_for("performance_deadline").startswith("日期格式不对")
    retype(qtbot, dialog.deadline, "20250312")
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS):
        dialog.save_button.click()
    assert rows(ui_ctx, "SELECT effective_on, performance_deadline FROM mediation_agreement") \
        == [("2025-03-07", "2025-03-12")]


def _typed(dialog: Any) -> list[Any]:
    from workstation.ui.widgets.forms import typed_date_errors

    return typed_date_errors(dialog)


def test_aid_step_dialogs_take_typed_dates_and_say_what_is_wrong(qtbot: Any,
                                                                chinese_settings: Any) -> None:
    from workstation.ui.aid.dialogs import DecisionDialog, ForwardDialog

    forward = shown(qtbot, ForwardDialog("海港区法律援助中心", date(2025, 3, 8)))
    sent: list[int] = []
    forward.submitted.connect(lambda: sent.append(1))
    retype(qtbot, forward.forwarded_on, "2025-02-30")
    forward.ok_button.click()
    assert sent == [] and forward.error.text() == "2025年2月没有30日"
    assert forward.forwarded_on.hasFocus()
    retype(qtbot, forward.forwarded_on, "20250307")  # before the application
    forward.ok_button.click()
    assert sent == [] and forward.error.text() == "日期不能早于 2025-03-08"
    retype(qtbot, forward.forwarded_on, "20250310")
    forward.ok_button.click()
    assert sent == [1] and forward.error.text() == ""
    assert forward.values() == ("海港区法律援助中心", date(2025, 3, 10))

    decision = shown(qtbot, DecisionDialog(date(2025, 3, 10)))
    decision.choices["granted"].setChecked(True)
    retype(qtbot, decision.decided_on, "2025/3/12")
    decision.ok_button.click()
    assert decision.values()[:2] == ("granted", date(2025, 3, 12))


def test_county_decision_dialog_blocks_a_bad_typed_date(qtbot: Any, chinese_settings: Any) -> None:
    from workstation.county.referrals import PendingReferral
    from workstation.ui.county.decision_dialog import DecisionDialog

    referral = PendingReferral(
        referral_id="r1", station_id="s1", division_code="130302100000",
        station_name="海港镇公共法律服务工作站", number="海援转〔2025〕12号",
        applicant_name="赵五", applicant_id_masked="130302********0021", matter="wages",
        status="forwarded", urgent=False, applied_on=date(2025, 3, 8),
        forwarded_on=date(2025, 3, 10), received_on=None, limitation_deadline=None,
        facts="拖欠工资。", request="支付工资。")
    dialog = shown(qtbot, DecisionDialog(None, referral))  # type: ignore[arg-type]
    dialog.choices["granted"].setChecked(True)
    dialog.lawyer.setText("李明（海港律师事务所）")
    retype(qtbot, dialog.decided_on, "31-31")
    dialog.save_button.click()  # refused before anything is saved (no database is needed)
    assert dialog.isVisible() and not dialog.saving
    assert dialog.errors.message_for("decided_on").startswith("月份")
    retype(qtbot, dialog.decided_on, "20250309")
    assert dialog.validate() is None
    assert dialog.errors.message_for("decided_on") == "日期不能早于 2025-03-10"
    retype(qtbot, dialog.decided_on, "20250311")
    data = dialog.validate()
    assert data is not None and data.decided_on == date(2025, 3, 11)


# -- typed dates in filters ------------------------------------------------------------------


def test_list_filter_dates_are_typed_and_a_bad_one_is_said(qtbot: Any, ui_ctx: Any) -> None:
    from workstation.ui.widgets.date_field import DateField
    from workstation.ui.widgets.record_list import RecordList

    listing = shown(qtbot, RecordList(ui_ctx, "consultations", status_enum=None,
                                      type_enum=None))
    assert isinstance(listing.date_from, DateField) and isinstance(listing.date_to, DateField)
    listing.use_dates.setChecked(True)
    ui_ctx.runner.wait()
    retype(qtbot, listing.date_from, "20250301")
    retype(qtbot, listing.date_to, "20251")
    qtbot.keyClick(listing.date_to, Qt.Key.Key_Tab)
    assert listing.count_label.text().startswith("日期格式不对")
    assert listing.model.query.date_from == date(2025, 3, 1)
    retype(qtbot, listing.date_to, "20250331")
    assert listing.model.query.date_to == date(2025, 3, 31)
    listing.date_from.clear()  # an emptied field: no bound on that side, once left
    listing.date_from.setFocus()
    qtbot.keyClick(listing.date_from, Qt.Key.Key_Tab)
    assert listing.model.query.date_from is None
    ui_ctx.runner.wait()


def test_audit_filter_dates_are_typed(qtbot: Any, ui_ctx: Any, chinese_settings: Any) -> None:
    from workstation.ui.pages.audit import AuditPage

    page = shown(qtbot, AuditPage(ui_ctx))
    page.activated()
    ui_ctx.runner.wait()
    page.use_dates.setChecked(True)
    retype(qtbot, page.date_from, "2025-1-1")
    qtbot.keyClick(page.date_from, Qt.Key.Key_Return)
    assert page.model.query.date_from == date(2025, 1, 1)
    before = page.model.query
    retype(qtbot, page.date_to, "20250230")
    qtbot.keyClick(page.date_to, Qt.Key.Key_Return)
    assert page.message.text() == "2025年2月没有30日"
    assert page.model.query is before  # the list waits for a real date
    retype(qtbot, page.date_to, "20250131")
    assert page.model.query.date_to == date(2025, 1, 31) and page.message.text() == ""
    ui_ctx.runner.wait()


def test_date_field_takes_the_range_setters_of_a_qt_date_editor(qtbot: Any,
                                                                chinese_settings: Any) -> None:
    from PySide6.QtCore import QDate

    from workstation.ui.widgets.date_field import DateField

    field = DateField(clock=lambda: datetime(2025, 6, 15, 9, 0))
    qtbot.addWidget(field)
    field.setMinimumDate(QDate(2025, 3, 1))
    field.setMaximumDate(QDate(2025, 6, 15))
    field.setText("20250228")
    assert field.error_text() == "日期不能早于 2025-03-01"
    field.setText("0616")
    assert field.error_text() == "日期不能晚于 2025-06-15"
    field.setText("0301")
    assert field.error_text() == "" and field.date_value() == date(2025, 3, 1)


def test_custom_report_period_is_typed(qtbot: Any) -> None:
    from workstation.statistics.periods import CUSTOM
    from workstation.ui.statistics.period_picker import PeriodPicker

    picker = shown(qtbot, PeriodPicker(today=date(2025, 6, 15)))
    periods: list[Any] = []
    picker.changed.connect(periods.append)
    picker.kind.setCurrentIndex(picker.kind.findData(CUSTOM))
    assert picker.start.text() == "2025-06-01" and picker.end.text() == "2025-06-15"
    retype(qtbot, picker.start, "0401")  # this (the picker's) year
    assert (periods[-1].start, periods[-1].end) == (date(2025, 4, 1), date(2025, 6, 15))
    retype(qtbot, picker.end, "2025-04-31")
    qtbot.keyClick(picker.end, Qt.Key.Key_Tab)
    assert picker.error.isVisible() and picker.error.text() == "2025年4月没有31日"


# -- searchable choosers ---------------------------------------------------------------------


def pick_by_typing(qtbot: Any, box: Any, typed: str) -> None:
    """Type ``typed`` into a searchable chooser and press Enter (the first match)."""
    line = box.lineEdit()
    line.setFocus()
    line.selectAll()
    qtbot.keyClicks(line, typed)
    box._searcher.completer.popup().hide()
    qtbot.keyClick(line, Qt.Key.Key_Return)


def test_provider_chooser_finds_by_pinyin_initials(qtbot: Any, ui_ctx: Any) -> None:
    from workstation.services import providers
    from workstation.ui.pages.consultations import ConsultationForm
    from workstation.ui.widgets.forms import set_combo_value

    providers.create_provider(ui_ctx.db, ui_ctx.actor, ProviderInput(
        name="河北海港律师事务所", kind="law_firm"))
    notary = providers.create_provider(ui_ctx.db, ui_ctx.actor, ProviderInput(
        name="秦皇岛市海港区公证处", kind="notary"))
    form = shown(qtbot, ConsultationForm(ui_ctx))
    qtbot.waitUntil(lambda: form.provider.count() > 2, timeout=WAIT_MS)
    set_combo_value(form.result, "to_lawyer")
    assert form.provider.property("searchable")
    pick_by_typing(qtbot, form.provider, "gzc")  # 公证处
    assert form.provider.currentData() == notary
    assert form.provider.lineEdit().text() == form.provider.currentText()
    form.stop()


def test_mediator_chooser_finds_by_pinyin_initials(qtbot: Any, ui_ctx: Any) -> None:
    from workstation.services.operators import add_operator
    from workstation.ui.mediation.case_form import CaseForm

    other = add_operator(ui_ctx.db, ui_ctx.actor, username="ouyang", name="欧阳明",
                         password="secret123")
    form = shown(qtbot, CaseForm(ui_ctx))
    qtbot.waitUntil(lambda: form.mediator.count() == 2, timeout=WAIT_MS)
    assert form.mediator.currentData() == ui_ctx.actor.operator_id  # 王芳, who registers
    pick_by_typing(qtbot, form.mediator, "oym")
    assert form.mediator.currentData() == other
    pick_by_typing(qtbot, form.mediator, "wangf")  # full pinyin too
    assert form.mediator.currentData() == ui_ctx.actor.operator_id
    form.stop()


def test_ethnicity_chooser_finds_by_pinyin_and_keeps_a_group_not_listed(
        qtbot: Any, ui_ctx: Any) -> None:
    from workstation.ui.widgets.person_picker import PersonPicker

    window = QWidget()
    layout = QVBoxLayout(window)
    picker = PersonPicker(ui_ctx)
    after = QLineEdit()
    layout.addWidget(picker)
    layout.addWidget(after)
    shown(qtbot, window)
    picker.start_new()
    box = picker.ethnicity_box
    pick_by_typing(qtbot, box, "wwe")  # 维吾尔族
    assert box.currentText() == "维吾尔族"
    pick_by_typing(qtbot, box, "hui")
    assert box.currentText() == "回族"
    # Pinyin left half-typed goes back to the choice made; a Chinese name not in the list
    # (stored as written) stays.
    box.lineEdit().setFocus()
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), "zz")
    box._searcher.completer.popup().hide()
    after.setFocus()
    assert box.currentText() == "回族"
    box.lineEdit().setFocus()
    box.lineEdit().setText("穿青人")
    after.setFocus()
    assert box.currentText() == "穿青人"


# -- the materials checklist -----------------------------------------------------------------


@pytest.fixture
def aid_page(qtbot: Any, ui_ctx: Any) -> Any:
    from workstation.ui.pages.aid import AidPage

    page = AidPage(ui_ctx)
    qtbot.addWidget(page)
    page.resize(1280, 860)
    page.show()
    yield page
    page.shutdown()
    ui_ctx.runner.wait()


def test_materials_checklist_is_one_tab_stop(qtbot: Any, aid_page: Any) -> None:
    from workstation.domain.eligibility import required_materials

    aid_page.open_record("aid_referral", "new")
    form = aid_page.form
    form.matter.setCurrentIndex(form.matter.findData("wages"))
    form.route.setCurrentIndex(form.route.findData("commitment"))
    required = [m.code for m in required_materials("wages", "commitment", has_agent=False)]
    checklist = form.materials
    boxes = list(checklist.boxes().values())
    assert list(checklist.boxes()) == required and len(boxes) >= 3
    stops = [b for b in boxes if b.focusPolicy() & Qt.FocusPolicy.TabFocus]
    assert stops == [boxes[0]]
    form.window().activateWindow()
    boxes[0].setFocus()
    qtbot.waitUntil(boxes[0].hasFocus, timeout=WAIT_MS)

    def press(key: Qt.Key) -> None:
        qtbot.keyClick(QApplication.focusWidget(), key)

    press(Qt.Key.Key_Space)
    press(Qt.Key.Key_Down)
    press(Qt.Key.Key_Down)
    press(Qt.Key.Key_Space)
    assert checklist.received() == (required[0], required[2])
    assert required[1] not in checklist.received()
    assert form.materials.notice.toPlainText().count("\n") >= 1
    press(Qt.Key.Key_Tab)  # one Tab leaves the boxes, for the notice under them
    assert QApplication.focusWidget() is checklist.notice
    press(Qt.Key.Key_Backtab)  # and comes back to the box last used
    assert boxes[2].hasFocus()
    form.stop()
