"""The agreement dialog checks 协议金额 against the amounts its terms state: a warning the
mediator may confirm (then it saves) or not (the default: back to the form, at the amount)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.ui.test_mediation import existing_case, open_view, rows
from workstation.services.mediation import accept_case, change_status

pytestmark = pytest.mark.usefixtures("qtbot")


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


@dataclass
class Asked:
    """The confirmations shown (title, text, default button) and the answer to give (None:
    the default, as when the user presses Enter)."""

    questions: list[tuple[str, str, Any]] = field(default_factory=list)
    answer: Any = None


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> Asked:
    record = Asked()

    def question(parent: Any, title: str, text: str, buttons: Any, default: Any) -> Any:
        record.questions.append((title, text, default))
        return default if record.answer is None else record.answer

    monkeypatch.setattr(QMessageBox, "question", question)
    return record


def _dialog(page: Any, qtbot: Any, ui_ctx: Any, ui_make_person: Any) -> Any:
    case_id = existing_case(ui_ctx, ui_make_person)
    accept_case(ui_ctx.db, ui_ctx.actor, case_id, date.today())
    change_status(ui_ctx.db, ui_ctx.actor, case_id, "mediating")
    view = open_view(page, qtbot, case_id)
    qtbot.mouseClick(view.buttons["agreement"], Qt.MouseButton.LeftButton)
    dialog = view.dialog
    dialog.terms.setPlainText("一、李四赔偿张三医疗费3000元；\n二、李四赔偿张三误工费1.2万元。")
    dialog.manner.setText("现金一次性支付")
    dialog.place.setText("海港镇人民调解室")
    dialog.responsibility.setPlainText("李四负主要责任。")
    return view, dialog


def _saved(ui_ctx: Any) -> list[Any]:
    return rows(ui_ctx.db, "SELECT amount_agreed_fen, responsibility FROM mediation_agreement")


def test_the_default_answer_goes_back_to_the_form(page: Any, qtbot: Any, ui_ctx: Any,
                                                  ui_make_person: Any,
                                                  asked: Asked) -> None:
    view, dialog = _dialog(page, qtbot, ui_ctx, ui_make_person)
    dialog.amount.setText("3000")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    [(_title, text, default)] = asked.questions
    assert default == QMessageBox.StandardButton.No
    assert "合计15000元" in text and "协议金额3000元不一致" in text and "3000元、1.2万元" in text
    QApplication.processEvents()
    ui_ctx.runner.wait()
    assert dialog.isVisible() and dialog.isEnabled()
    assert dialog.amount.hasFocus() or QApplication.focusWidget() is dialog.amount
    assert _saved(ui_ctx) == []
    # Fixed: it saves without asking again.
    dialog.amount.setText("15000")
    with qtbot.waitSignal(view.loaded, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert len(asked.questions) == 1
    assert _saved(ui_ctx) == [(1_500_000, "李四负主要责任。")]
    assert view.case.status == "agreed"


def test_a_confirmed_warning_saves(page: Any, qtbot: Any, ui_ctx: Any, ui_make_person: Any,
                                   asked: Asked) -> None:
    view, dialog = _dialog(page, qtbot, ui_ctx, ui_make_person)
    asked.answer = QMessageBox.StandardButton.Yes
    dialog.amount.setText("3000")  # e.g. the employer already paid the lost wages
    with qtbot.waitSignal(view.loaded, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert len(asked.questions) == 1
    assert _saved(ui_ctx) == [(300_000, "李四负主要责任。")]
    assert view.case.status == "agreed"


def test_no_warning_for_periodic_payments_or_no_money(page: Any, qtbot: Any, ui_ctx: Any,
                                                      ui_make_person: Any,
                                                      asked: Asked) -> None:
    view, dialog = _dialog(page, qtbot, ui_ctx, ui_make_person)
    dialog.terms.setPlainText("李四每月向张三支付赡养费500元。")
    dialog.responsibility.setPlainText("")  # family matters: no responsibility apportioned
    dialog.amount.setText("")
    with qtbot.waitSignal(view.loaded, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert asked.questions == []
    assert _saved(ui_ctx) == [(0, "")]
