"""Keys act where the user is, and list and detail agree on the current record.

* Enter in the global search box searches, whatever page is shown.
* Enter in any field of a form (consultation, mediation case, aid referral, publicity
  activity, a new person) opens no confirmation: QMessageBox is replaced by a recorder.
* A click, an arrow key, 查看 in the save banner and a filter keep the highlighted row and the
  record shown beside the list the same.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from workstation.ui.main_window import MainWindow
from workstation.ui.pages.registry import default_pages
from workstation.ui.widgets.check_group import CheckGroup
from workstation.ui.widgets.forms import set_combo_value

WAIT_MS = 10_000


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every message box asked for (static helpers, exec and open): none is shown."""
    asked: list[str] = []

    def static(kind: str) -> Any:
        def show(_parent: Any, title: str, *args: Any, **kwargs: Any) -> Any:
            asked.append(f"{kind}: {title}")
            return QMessageBox.StandardButton.No
        return show

    for kind in ("question", "warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, kind, static(kind))
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(
        f"exec: {box.windowTitle()}") or 0)
    monkeypatch.setattr(QMessageBox, "open", lambda box, *a: asked.append(
        f"open: {box.windowTitle()}"))
    return asked


@pytest.fixture
def window(qtbot: Any, ui_ctx: Any) -> Any:
    win = MainWindow(ui_ctx, default_pages(), idle_timeout_ms=3_600_000)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    yield win
    ui_ctx.runner.wait()
    QApplication.processEvents()
    win.close()


def activate(qtbot: Any, win: Any) -> None:
    """Give the window the keyboard (the offscreen platform drops activation now and then;
    shortcuts need an active window)."""
    if not win.isActiveWindow():
        focus = win.focusWidget()
        win.activateWindow()
        qtbot.waitUntil(win.isActiveWindow, timeout=WAIT_MS)
        if focus is not None:
            focus.setFocus()


def settle(ctx: Any, qtbot: Any) -> None:
    ctx.runner.wait()
    qtbot.wait(20)
    ctx.runner.wait()
    qtbot.wait(20)


def make_consultations(ctx: Any, make_person: Any, count: int = 3) -> list[str]:
    from workstation.domain.inputs import ConsultationInput
    from workstation.services.consultations import register_consultation

    ids = []
    for i in range(count):
        ids.append(register_consultation(ctx.db, ctx.actor, ConsultationInput(
            occurred_at=datetime.now(UTC) - timedelta(hours=10 - i), channel="walk_in",
            topic="wages" if i % 2 == 0 else "neighbour", question=f"问题{i}",
            handling_result="answered", answer="已解答",
            person=make_person(f"张{'一二三四五'[i]}", 10 + i))))
    ctx.signals.records_changed.emit("consultation")
    return ids


# -- Enter in the search box ---------------------------------------------------------------


def test_enter_in_the_search_box_searches_on_every_page(qtbot: Any, ui_ctx: Any, window: Any,
                                                       ui_make_person: Any) -> None:
    make_consultations(ui_ctx, ui_make_person, 2)
    search = window.page("search")
    pages = [s.key for s in window.specs if s.in_nav and s.key != "search"]
    assert "dashboard" in pages and "persons" in pages
    for key in pages:
        page = window.show_page(key)
        settle(ui_ctx, qtbot)
        # Lists have a current row (Enter there opens it): the search box must still search.
        for table in page.findChildren(QWidget, "persons_table") + page.findChildren(
                QWidget, "consultations_table"):
            if table.model() is not None and table.model().rowCount():
                table.setCurrentIndex(table.model().index(0, 0))
        activate(qtbot, window)
        window.focus_search()
        window.search_box.setText("")
        qtbot.keyClicks(window.search_box, f"zs{key[:2]}")
        qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
        assert window.stack.currentWidget() is search, key
        assert search.query == f"zs{key[:2]}", key


# -- Enter in form fields -----------------------------------------------------------------------


def input_fields(form: QWidget) -> list[QWidget]:
    """The visible, enabled fields of ``form`` a user types or chooses in."""
    kinds = (QLineEdit, QComboBox, QAbstractSpinBox, QPlainTextEdit, QCheckBox, CheckGroup)
    fields = []
    for widget in form.findChildren(QWidget):
        if not isinstance(widget, kinds) or not widget.isVisible() or not widget.isEnabled():
            continue
        if isinstance(widget, QLineEdit) and isinstance(widget.parent(), (QComboBox,
                                                                          QAbstractSpinBox)):
            continue  # the line edit inside a combo / spin box: the box itself is tried
        if isinstance(widget, QAbstractButton) and not isinstance(widget, QCheckBox):
            continue
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        fields.append(widget)
    return fields


def press_enter_everywhere(qtbot: Any, win: Any, form: QWidget) -> int:
    fields = input_fields(form)
    assert len(fields) >= 4, [f.objectName() for f in fields]
    for field in fields:
        activate(qtbot, win)
        field.setFocus()
        target = QApplication.focusWidget() or field
        qtbot.keyClick(target, Qt.Key.Key_Return)
        qtbot.keyClick(QApplication.focusWidget() or field, Qt.Key.Key_Enter)
        popup = QApplication.activePopupWidget()
        if popup is not None:
            popup.hide()
    return len(fields)


def test_enter_in_any_form_field_opens_no_confirmation(qtbot: Any, ui_ctx: Any, window: Any,
                                                       boxes: list[str],
                                                       ui_make_person: Any) -> None:
    from workstation.domain.publicity import ActivityInput
    from workstation.services.publicity import create_activity

    make_consultations(ui_ctx, ui_make_person, 2)
    create_activity(ui_ctx.db, ui_ctx.actor, ActivityInput(
        held_on=date.today(), place_kind="school", place="海港镇中心小学", form="lecture",
        theme="宪法宣传"))
    ui_ctx.signals.records_changed.emit("publicity_activity")
    tried: dict[str, int] = {}

    # 法律咨询, with a new person typed in.
    page = window.show_page("consultations")
    page.new_record()
    settle(ui_ctx, qtbot)
    form = page.form
    form.person.start_new()
    form.person.name_edit.setText("李四")
    form.question.setPlainText("欠薪怎么办")
    tried["consultation"] = press_enter_everywhere(qtbot, window, form)
    assert page.showing_form() and "欠薪怎么办" in form.question.toPlainText()
    assert form.person.mode == "new" and form.person.name_edit.text() == "李四"

    # 普法宣传, with a row current in the list beside the form.
    page = window.show_page("publicity")
    settle(ui_ctx, qtbot)
    table = page.list.view
    qtbot.waitUntil(lambda: table.model().rowCount() == 1, timeout=WAIT_MS)
    page.new_record()
    page.form.place.setText("东村文化广场")
    # A row current in the list (quietly: the list would otherwise show it in the form): the
    # list's Enter-opens-the-row must stay inside the list.
    page.list._syncing = True
    table.selectionModel().setCurrentIndex(table.model().index(0, 0),
                                           QItemSelectionModel.SelectionFlag.NoUpdate)
    page.list._syncing = False
    page.form.theme.setText("反诈宣传")
    tried["publicity"] = press_enter_everywhere(qtbot, window, page.form)
    assert page.form.place.text() == "东村文化广场" and not page.form.editing

    # 人民调解: a new case.
    page = window.show_page("mediation")
    page.new_record()
    settle(ui_ctx, qtbot)
    case_form = page.form
    case_form.facts.setPlainText("院墙排水纠纷")
    tried["mediation"] = press_enter_everywhere(qtbot, window, case_form)
    assert page.stack.currentWidget() is case_form

    # 法律援助: a new application.
    page = window.show_page("aid")
    page.new_record()
    settle(ui_ctx, qtbot)
    page.form.facts.setPlainText("工地欠薪八个月")
    tried["aid"] = press_enter_everywhere(qtbot, window, page.form)
    assert page.stack.currentWidget() is page.form

    assert boxes == [], boxes
    print(f"\nfields tried: {tried}")


def test_destructive_confirmations_default_to_no(qtbot: Any, ui_ctx: Any, window: Any,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    defaults: list[Any] = []

    def question(_parent: Any, _title: str, _text: str, buttons: Any = None,
                 default: Any = QMessageBox.StandardButton.NoButton) -> Any:
        defaults.append(default)
        return default  # Enter: the default button

    monkeypatch.setattr(QMessageBox, "question", question)
    page = window.show_page("consultations")
    page.new_record()
    page.form.question.setPlainText("欠薪")
    page.form.cancel()  # Esc / 清空
    assert page.form.question.toPlainText() == "欠薪"  # kept: Enter answered No
    publicity = window.show_page("publicity")
    settle(ui_ctx, qtbot)
    publicity.form.place.setText("广场")
    publicity.form.cancel()
    assert publicity.form.place.text() == "广场"
    assert defaults and all(d in (QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.Cancel) for d in defaults), defaults


# -- one current record -------------------------------------------------------------------------


def test_list_and_detail_agree(qtbot: Any, ui_ctx: Any, window: Any,
                               ui_make_person: Any) -> None:
    ids = make_consultations(ui_ctx, ui_make_person, 3)
    page = window.show_page("consultations")
    page.tabs.setCurrentWidget(page._list_tab)
    settle(ui_ctx, qtbot)
    lst, view = page.list, page.view
    qtbot.waitUntil(lambda: lst.model.rowCount() == 3, timeout=WAIT_MS)

    def shown() -> str | None:
        return view.detail.id if view.detail is not None and page.showing_record() else None

    def agree(record_id: str) -> None:
        qtbot.waitUntil(lambda: shown() == record_id, timeout=WAIT_MS)
        assert lst.highlighted_id() == record_id
        assert view.print_button.record_id == record_id
        number = view.detail.number
        assert number in view.heading.text()

    # A click on a row shows it.
    table = lst.view
    rect = table.visualRect(lst.model.index(1, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    second = lst.model.row_at(1).id
    agree(second)
    # Arrow keys move the record shown with the highlight.
    activate(qtbot, window)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Down)
    agree(lst.model.row_at(2).id)
    qtbot.keyClick(table, Qt.Key.Key_Up)
    qtbot.keyClick(table, Qt.Key.Key_Up)
    agree(lst.model.row_at(0).id)
    assert table.hasFocus()  # browsing keeps the keys in the list
    # The void dialog and the print menu say which record.
    qtbot.waitUntil(lambda: bool(view.print_button.choices), timeout=WAIT_MS)
    settle(ui_ctx, qtbot)
    assert view.detail.number in view.print_button.menu_.title()
    assert view.void_button.caption.startswith(view.detail.number)
    dialog = view.void_button.start()
    assert dialog is not None and dialog.record_id == view.detail.id
    assert view.detail.number in dialog.windowTitle()
    assert view.detail.person_name in dialog.windowTitle()
    cancel = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Cancel)
    assert cancel.isDefault() and not dialog.ok_button.autoDefault()  # Enter keeps it
    dialog.reject()

    # 查看 in the save banner: the saved record is shown and highlighted, the focus on 打印.
    form = page.form
    page.new_record()
    form.person.start_new()
    form.person.name_edit.setText("王五")
    set_combo_value(form.topic, "wages")
    form.question.setPlainText("工资")
    form.answer.setPlainText("已答")
    qtbot.waitUntil(lambda: form.is_valid, timeout=WAIT_MS)
    with qtbot.waitSignal(form.saved, timeout=WAIT_MS) as saved:
        form.save()
    new_id = saved.args[0]
    qtbot.waitUntil(lambda: page.banner.isVisible(), timeout=WAIT_MS)
    assert page.banner_print.isVisible() and page.banner_continue.isVisible()
    qtbot.mouseClick(page.banner_open, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: lst.model.rowCount() == 4, timeout=WAIT_MS)
    agree(new_id)
    qtbot.waitUntil(lambda: window.focusWidget() is view.print_button, timeout=WAIT_MS)
    assert view.print_button.isVisible()

    # A filter that keeps the record shown keeps it highlighted; one that drops it leaves no
    # row highlighted (nothing highlighted contradicts the record shown).
    set_combo_value(lst.type_box, "wages")
    qtbot.waitUntil(lambda: not lst.model.busy and all(
        r.id != ids[1] for r in lst.model.rows), timeout=WAIT_MS)
    assert lst.highlighted_id() == new_id
    set_combo_value(lst.type_box, "neighbour")
    qtbot.waitUntil(lambda: not lst.model.busy and all(
        r.id != new_id for r in lst.model.rows), timeout=WAIT_MS)
    assert lst.highlighted_id() is None
    # The next arrow key shows the row it lands on.
    table.setFocus()
    activate(qtbot, window)
    qtbot.keyClick(table, Qt.Key.Key_Down)
    agree(lst.model.row_at(0).id)


def test_persons_list_and_detail_agree(qtbot: Any, ui_ctx: Any, window: Any,
                                       ui_make_person: Any) -> None:
    make_consultations(ui_ctx, ui_make_person, 3)
    page = window.show_page("persons")
    settle(ui_ctx, qtbot)
    lst = page.list
    qtbot.waitUntil(lambda: lst.model.rowCount() == 3, timeout=WAIT_MS)
    table = lst.view
    activate(qtbot, window)
    table.setFocus()  # the focus entering the list makes its first row current: shown

    def current_shown() -> Any:
        row = lst.model.row_at(table.currentIndex().row())
        qtbot.waitUntil(lambda: page.detail.person_id == row.id
                        and page.detail.heading.text() in row.title, timeout=WAIT_MS)
        assert lst.highlighted_id() == row.id
        return row

    first = current_shown()
    qtbot.keyClick(table, Qt.Key.Key_Down)
    second = current_shown()
    assert second.id != first.id
    # Opened from elsewhere (a search hit): the list follows.
    third = lst.model.row_at(2)
    page.open_record("person", third.id)
    qtbot.waitUntil(lambda: page.detail.person_id == third.id, timeout=WAIT_MS)
    assert lst.highlighted_id() == third.id


def test_tab_leaves_lists_and_reaches_print(qtbot: Any, ui_ctx: Any, window: Any,
                                            ui_make_person: Any) -> None:
    make_consultations(ui_ctx, ui_make_person, 2)
    page = window.show_page("consultations")
    page.tabs.setCurrentWidget(page._list_tab)
    settle(ui_ctx, qtbot)
    lst = page.list
    qtbot.waitUntil(lambda: lst.model.rowCount() == 2, timeout=WAIT_MS)
    assert not lst.view.tabKeyNavigation()
    activate(qtbot, window)
    lst.view.setFocus()
    qtbot.keyClick(lst.view, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: page.showing_record()
                    and page.view.print_button.isEnabled(), timeout=WAIT_MS)
    for _ in range(6):
        activate(qtbot, window)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        if QApplication.focusWidget() is page.view.print_button:
            break
    assert QApplication.focusWidget() is page.view.print_button
    # Ctrl+P prints the record shown: its receipt, to the print preview.
    with qtbot.waitSignal(page.view.print_button.preview_opened, timeout=WAIT_MS) as opened:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_P,
                       Qt.KeyboardModifier.ControlModifier)
    assert opened.args[0].doc.key == "consultation_receipt"
    assert opened.args[0].doc.record_id == page.view.detail.id if hasattr(
        opened.args[0].doc, "record_id") else True
    opened.args[0].reject()


# -- typed dates in a form ---------------------------------------------------------------------


def test_a_typed_date_that_is_no_date_blocks_saving_with_a_chinese_message(
        qtbot: Any, ui_ctx: Any, window: Any) -> None:
    page = window.show_page("consultations")
    page.new_record()
    form = page.form
    picker = form.person
    picker.start_new()
    picker.name_edit.setText("李四")
    set_combo_value(form.topic, "wages")
    form.question.setPlainText("欠薪")
    form.answer.setPlainText("可申请仲裁")
    qtbot.waitUntil(lambda: form.is_valid, timeout=WAIT_MS)
    picker.birth_edit.setText("19661306")  # no 13th month
    form.save()  # refused: the errors show
    assert not form.is_valid
    error = picker.findChild(QWidget, "person_error_birth_date")
    assert error.isVisible() and "月份" in error.text()
    picker.birth_edit.setText("1966-06-06")
    assert form.validate() is not None
    form.when.setText("2026-02-30 10:00")
    form.save()
    assert not form.is_valid
    assert "2026年2月没有30日" in form.errors.message_for("occurred_at")
    form.when.setText("20260207 1015")
    data = form.validate()
    assert data is not None
    assert data.occurred_at.astimezone().strftime("%Y-%m-%d %H:%M") == "2026-02-07 10:15"
    assert data.person.birth_date == date(1966, 6, 6)


def test_back_from_a_case_the_list_highlights_it_and_ctrl_p_prints_its_receipt(
        qtbot: Any, ui_ctx: Any, window: Any, ui_make_person: Any) -> None:
    from workstation.domain.inputs import CaseInput, PartyInput
    from workstation.services.mediation import open_case

    ids = [open_case(ui_ctx.db, ui_ctx.actor, CaseInput(
        source="application", dispute_type="neighbour", facts=f"排水纠纷{i}",
        registered_on=date.today(),
        parties=(PartyInput(role="applicant", person=ui_make_person(f"张{i}", 40 + 2 * i)),
                 PartyInput(role="respondent", person=ui_make_person(f"李{i}", 41 + 2 * i,
                                                                     "female"))),
    )) for i in range(3)]
    page = window.show_page("mediation")
    settle(ui_ctx, qtbot)
    lst = page.list
    qtbot.waitUntil(lambda: lst.model.rowCount() == 3, timeout=WAIT_MS)
    page.open_record("mediation_case", ids[1])  # e.g. from a search hit
    view = page.view
    qtbot.waitUntil(lambda: view.case is not None and view.case.id == ids[1], timeout=WAIT_MS)
    # The focus lands on 打印 of the case shown; Ctrl+P makes its receipt.
    qtbot.waitUntil(lambda: window.focusWidget() is view.print_button, timeout=WAIT_MS)
    assert view.case.number in view.print_button.menu_.title()
    activate(qtbot, window)
    with qtbot.waitSignal(view.print_button.preview_opened, timeout=WAIT_MS) as opened:
        qtbot.keyClick(view.print_button, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert opened.args[0].doc.key == "mediation_receipt"
    opened.args[0].reject()
    page.show_list()
    assert lst.highlighted_id() == ids[1]
