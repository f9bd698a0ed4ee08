"""The consultations page: registering walk-in consultations through the real form."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from workstation.domain.identity import make_resident_id
from workstation.ui.widgets.forms import set_combo_value

ID_NUMBER = make_resident_id("130302", datetime(1962, 3, 8).date(), 21, "female")


def _rows(ctx: Any, sql: str, **params: Any) -> list[Any]:
    with ctx.db.engine.connect() as conn:
        return list(conn.execute(text(sql), params).all())


@pytest.fixture
def page(ui_ctx: Any, qtbot: Any) -> Any:
    from workstation.ui.pages.consultations import ConsultationsPage

    widget = ConsultationsPage(ui_ctx)
    qtbot.addWidget(widget)
    widget.resize(1300, 850)
    widget.show()
    widget.activated()
    yield widget
    widget.shutdown()
    ui_ctx.runner.wait()
    QApplication.processEvents()


def _settle(ctx: Any, qtbot: Any) -> None:
    """Let background tasks finish and their results arrive."""
    ctx.runner.wait()
    qtbot.wait(10)


def _fill(form: Any, *, topic: str = "wages", question: str = "老板拖欠三个月工资怎么办？",
          result: str = "answered", answer: str = "可先协商，协商不成可申请劳动仲裁。") -> None:
    set_combo_value(form.topic, topic)
    form.question.setPlainText(question)
    set_combo_value(form.result, result)
    form.answer.setPlainText(answer)


def _new_person(qtbot: Any, form: Any, name: str = "李秀英", id_number: str = ID_NUMBER) -> None:
    picker = form.person
    qtbot.mouseClick(picker.new_button, Qt.MouseButton.LeftButton)
    picker.name_edit.setText(name)
    picker.id_number_edit.setText(id_number)
    picker.phone_edit.setText("13912345678")


def _wait_valid(qtbot: Any, form: Any) -> None:
    qtbot.waitUntil(lambda: form.save_button.isEnabled(), timeout=5000)


def test_register_consultation_with_new_person(page: Any, ui_ctx: Any, qtbot: Any) -> None:
    form = page.form
    _new_person(qtbot, form)
    _fill(form)
    form.minutes.setValue(15)
    set_combo_value(form.satisfaction, "satisfied")
    _wait_valid(qtbot, form)
    messages: list[str] = []
    ui_ctx.signals.status_message.connect(messages.append)

    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.banner.isVisible(), timeout=5000)

    rows = _rows(ui_ctx, "SELECT c.number, c.channel, c.topic, c.question, c.answer, "
                 "c.handling_result, c.minutes_spent, c.satisfaction, c.occurred_at, "
                 "p.name, p.id_number, p.phone FROM consultation c "
                 "JOIN person p ON p.id = c.person_id")
    assert len(rows) == 1
    row = rows[0]
    assert (row.channel, row.topic, row.handling_result) == ("walk_in", "wages", "answered")
    assert row.question == "老板拖欠三个月工资怎么办？"
    assert row.answer == "可先协商，协商不成可申请劳动仲裁。"
    assert (row.minutes_spent, row.satisfaction) == (15, "satisfied")
    assert (row.name, row.id_number, row.phone) == ("李秀英", ID_NUMBER, "13912345678")
    assert row.number in page.banner_text.text()
    assert any(row.number in m for m in messages)
    # The form is ready for the next citizen.
    assert form.question.toPlainText() == ""
    assert form.person.person_ref() == (None, None)
    assert not form.save_button.isEnabled()
    # Saved with the time shown (now), timezone-aware.
    occurred = datetime.fromisoformat(str(row.occurred_at))
    if occurred.tzinfo is None:
        occurred = occurred.replace(tzinfo=UTC)
    assert abs(occurred - datetime.now(UTC)) < timedelta(minutes=5)


def test_anonymous_consultation(page: Any, ui_ctx: Any, qtbot: Any) -> None:
    form = page.form
    form.person.anonymous_box.setChecked(True)
    set_combo_value(form.channel, "phone")
    _fill(form, topic="marriage_family", question="离婚后孩子抚养费怎么算？",
          result="to_mediation", answer="")
    _wait_valid(qtbot, form)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.banner.isVisible(), timeout=5000)

    rows = _rows(ui_ctx, "SELECT person_id, channel, topic, handling_result FROM consultation")
    assert [tuple(r) for r in rows] == [(None, "phone", "marriage_family", "to_mediation")]
    # A handed-over consultation offers the next step right away (anonymous: no person).
    assert page.banner_handover.isVisible()
    with qtbot.waitSignal(ui_ctx.signals.open_record) as blocker:
        qtbot.mouseClick(page.banner_handover, Qt.MouseButton.LeftButton)
    # "new:@<consultation>": the new case stores the link to the consultation.
    [consultation_id] = [r[0] for r in _rows(ui_ctx, "SELECT id FROM consultation")]
    assert blocker.args == ["mediation_case", f"new:@{consultation_id}"]


def test_bad_input_blocks_save_with_message_next_to_field(page: Any, ui_ctx: Any,
                                                          qtbot: Any) -> None:
    form = page.form
    form.person.anonymous_box.setChecked(True)
    _fill(form, question="", answer="")
    qtbot.waitUntil(lambda: not form.save_button.isEnabled(), timeout=5000)
    assert form.errors.message_for("question") == ""  # calm: nothing left or saved yet
    form.save()  # Ctrl+S does the same: every error shows; nothing may be written
    assert "咨询内容" in form.errors.message_for("question")
    assert form.errors.message_for("answer") == "当场解答时请填写解答意见"
    assert not form.save_button.isEnabled()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    _settle(ui_ctx, qtbot)
    assert _rows(ui_ctx, "SELECT id FROM consultation") == []

    # Fixing the question leaves the answer error; fixing that enables Save.
    form.question.setPlainText("宅基地边界纠纷")
    qtbot.waitUntil(lambda: form.errors.message_for("question") == "", timeout=5000)
    assert form.errors.message_for("answer") == "当场解答时请填写解答意见"
    assert not form.save_button.isEnabled()
    form.answer.setPlainText("建议先找村委会调解。")
    _wait_valid(qtbot, form)


def test_person_required_unless_anonymous_and_referred_to_shown(page: Any,
                                                                qtbot: Any) -> None:
    form = page.form
    _fill(form)
    form.save()  # a save attempt shows every error
    qtbot.waitUntil(lambda: form.person.general_error.isVisible(), timeout=5000)
    # (UI strings are English in tests: no translator is installed.)
    assert "anonymous" in form.person.general_error.text()
    assert not form.save_button.isEnabled()
    form.person.anonymous_box.setChecked(True)
    _wait_valid(qtbot, form)

    assert not form.referred_to.isVisible()
    set_combo_value(form.result, "to_department")
    assert form.referred_to.isVisible()
    qtbot.waitUntil(lambda: form.errors.message_for("referred_to") != "", timeout=5000)
    assert form.errors.message_for("referred_to") == "转其他部门时请填写接收部门"
    form.referred_to.setText("镇劳动保障所")
    _wait_valid(qtbot, form)


def test_draft_saved_and_restored(page: Any, ui_ctx: Any, qtbot: Any) -> None:
    from workstation.services.drafts import list_drafts
    from workstation.ui.pages.consultations import ConsultationsPage

    form = page.form
    _new_person(qtbot, form, name="王大爷")
    _fill(form, topic="land_housing", question="邻居占了我家宅基地", result="to_mediation",
          answer="")
    form.minutes.setValue(7)
    assert form.dirty
    form.save_draft()
    _settle(ui_ctx, qtbot)

    drafts = list_drafts(ui_ctx.db, ui_ctx.actor)
    assert [d.form_key for d in drafts] == ["consultation:new"]
    assert "王大爷" in drafts[0].title
    payload = drafts[0].payload

    other = ConsultationsPage(ui_ctx)
    qtbot.addWidget(other)
    assert not other.restore_draft("mediation_case:new", payload)
    assert other.restore_draft("consultation:new", payload)
    restored = other.form
    assert restored.question.toPlainText() == "邻居占了我家宅基地"
    assert restored.topic.currentData() == "land_housing"
    assert restored.result.currentData() == "to_mediation"
    assert restored.minutes.value() == 7
    assert restored.person.name_edit.text() == "王大爷"
    assert restored.person.id_number_edit.text() == ID_NUMBER
    assert not restored.dirty
    assert restored.is_valid
    other.shutdown()


def test_open_saved_consultation_read_only_and_hand_over(page: Any, ui_ctx: Any,
                                                         qtbot: Any, ui_make_person: Any
                                                         ) -> None:
    from workstation.domain.inputs import ConsultationInput
    from workstation.services.consultations import register_consultation

    record_id = register_consultation(ui_ctx.db, ui_ctx.actor, ConsultationInput(
        occurred_at=datetime.now(UTC) - timedelta(hours=2), channel="walk_in", topic="wages",
        question="工地欠薪", handling_result="to_legal_aid", person=ui_make_person("赵五", 5)))
    person_id = _rows(ui_ctx, "SELECT person_id FROM consultation")[0].person_id
    ui_ctx.signals.records_changed.emit("consultation")  # what a save elsewhere announces

    assert not page.open_record("mediation_case", record_id)
    assert page.open_record("consultation", record_id)
    qtbot.waitUntil(page.showing_record, timeout=5000)
    # The record takes its share beside the list, not only its least width (380).
    assert page.view_scroll.width() >= sum(page.splitter.sizes()) * 2 // 5 - 2
    view = page.view
    assert view.values["question"].text() == "工地欠薪"
    assert view.values["handling_result"].text() == "转法律援助"
    assert "赵五" in view.values["person"].text()
    assert "********" in view.values["person"].text()  # ID number masked
    assert view.handover_button.isVisible()
    with qtbot.waitSignal(ui_ctx.signals.open_record) as blocker:
        qtbot.mouseClick(view.handover_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["aid_referral", f"new:{person_id}@{record_id}"]

    # The list shows it; double-click/Enter (record_activated) opens it the same way.
    qtbot.waitUntil(lambda: page.list.model.rowCount() == 1, timeout=5000)
    page.new_record()
    assert page.showing_form()
    page.list.record_activated.emit(record_id)
    qtbot.waitUntil(page.showing_record, timeout=5000)

    # Ctrl+N from the list goes back to the (new consultation) form.
    page.activateWindow()
    page.list.view.setFocus()
    qtbot.waitUntil(page.list.view.hasFocus)
    qtbot.keyClick(page.list.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert page.showing_form()

    # "new:<person_id>" opens the form with the person chosen.
    assert page.open_record("consultation", f"new:{person_id}")
    assert page.showing_form()
    assert page.form.person.selected_person_id() == person_id
    _settle(ui_ctx, qtbot)


def test_list_refreshes_after_save(page: Any, ui_ctx: Any, qtbot: Any) -> None:
    qtbot.waitUntil(lambda: page.list.count_label.text() != "", timeout=5000)
    form = page.form
    form.person.anonymous_box.setChecked(True)
    _fill(form)
    _wait_valid(qtbot, form)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.list.model.rowCount() == 1, timeout=5000)
