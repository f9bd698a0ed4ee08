"""Calm forms: a new, empty form shows no error; a field's error shows once the field is
left (or Save is tried) and then follows the typing; the space of an error line is reserved,
so nothing below it moves and the step dialogs keep their size."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QWidget

from tests.ui.calm import leave
from workstation.domain.inputs import CaseInput, PartyInput
from workstation.services.mediation import open_case
from workstation.services.records import load_case
from workstation.ui.widgets.forms import ErrorLabel


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


def _shown_errors(root: QWidget) -> list[str]:
    return [label.text() for label in root.findChildren(ErrorLabel)
            if label.isVisible() and label.text()]


def _top_left(widget: QWidget) -> QPoint:
    return widget.mapTo(widget.window(), QPoint(0, 0))


def _settle(qtbot: Any, ctx: Any) -> None:
    ctx.runner.wait()
    qtbot.wait(200)  # past the typing debounce
    QApplication.processEvents()


def test_a_new_empty_form_shows_no_error(page: Any, ui_ctx: Any, qtbot: Any) -> None:
    form = page.form
    _settle(qtbot, ui_ctx)
    form.validate()  # invalid (nothing filled in), yet calm
    assert not form.is_valid and not form.save_button.isEnabled()
    assert _shown_errors(page) == []
    assert "Ctrl+S" in form.save_button.toolTip()  # why Save waits, and how to see it


def test_leaving_a_required_field_empty_shows_its_error(page: Any, ui_ctx: Any,
                                                         qtbot: Any) -> None:
    form = page.form
    page.window().activateWindow()
    form.question.setFocus()
    qtbot.waitUntil(lambda: form.question.hasFocus(), timeout=5000)
    assert form.errors.message_for("question") == ""
    form.answer.setFocus()  # the user moves on: the question was left empty
    qtbot.waitUntil(lambda: form.errors.message_for("question") != "", timeout=5000)
    assert "咨询内容" in form.errors.message_for("question")
    assert form.errors.message_for("answer") == ""  # not left yet
    # From now on the question's error follows the typing.
    form.question.setPlainText("工资")
    qtbot.waitUntil(lambda: form.errors.message_for("question") == "", timeout=5000)
    form.question.setPlainText("")
    qtbot.waitUntil(lambda: form.errors.message_for("question") != "", timeout=5000)


def test_errors_coming_and_going_move_nothing(page: Any, ui_ctx: Any, qtbot: Any) -> None:
    form = page.form
    _settle(qtbot, ui_ctx)
    below = [form.answer, form.result, form.save_button]
    before = [_top_left(w) for w in below]
    leave(form.question)  # its error appears
    qtbot.waitUntil(lambda: form.errors.message_for("question") != "", timeout=5000)
    QApplication.processEvents()
    assert [_top_left(w) for w in below] == before
    form.question.setPlainText("老板拖欠工资怎么办？")  # typing: the error goes
    qtbot.waitUntil(lambda: form.errors.message_for("question") == "", timeout=5000)
    QApplication.processEvents()
    assert [_top_left(w) for w in below] == before


def test_a_save_attempt_shows_every_error_and_puts_the_cursor_on_the_first(
        page: Any, ui_ctx: Any, qtbot: Any) -> None:
    form = page.form
    form.person.anonymous_box.setChecked(True)
    page.window().activateWindow()
    _settle(qtbot, ui_ctx)
    form.save()
    assert form.errors.message_for("question") != ""
    first = form.errors.first_invalid_widget()
    assert first is not None
    qtbot.waitUntil(lambda: first.hasFocus() or first.isAncestorOf(
        QApplication.focusWidget()), timeout=5000)


def _case(ctx: Any, make_person: Any) -> Any:
    case_id = open_case(ctx.db, ctx.actor, CaseInput(
        source="application", dispute_type="neighbour", facts="邻里纠纷。",
        registered_on=date.today() - timedelta(days=3),
        parties=(PartyInput(role="applicant", person=make_person("张三", 1)),
                 PartyInput(role="respondent", person=make_person("李四", 2, "female")))))
    return load_case(ctx.db, case_id)


@pytest.mark.parametrize("kind", ["session", "agreement"])
def test_step_dialogs_keep_their_size_while_typing(kind: str, ui_ctx: Any, qtbot: Any,
                                                   ui_make_person: Any) -> None:
    from workstation.ui.mediation.dialogs import AgreementDialog, SessionDialog

    case = _case(ui_ctx, ui_make_person)
    dialog = (SessionDialog if kind == "session" else AgreementDialog)(ui_ctx, case)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    _settle(qtbot, ui_ctx)
    assert _shown_errors(dialog) == []
    size = dialog.size()
    dialog.accept()  # Save tried on an incomplete step: its errors show...
    QApplication.processEvents()
    assert _shown_errors(dialog) != []
    assert dialog.size() == size
    if kind == "session":  # ...and go as the user types
        dialog.place.setText("调解室")
        dialog.record.setPlainText("双方陈述了意见。")
        watched = "record"
    else:
        dialog.terms.setPlainText("李四赔偿张三损失。")
        dialog.amount.setText("一千")  # a bad amount: a new error while typing
        watched = "amount_agreed_fen"
    _settle(qtbot, ui_ctx)
    if kind == "agreement":
        assert "协议金额" in dialog.errors.message_for(watched)
        dialog.amount.setText("1000")
        _settle(qtbot, ui_ctx)
    assert dialog.errors.message_for(watched) == ""
    assert dialog.size() == size
    dialog.reject()
