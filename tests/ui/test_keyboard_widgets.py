"""The keyboard-first widgets: a typed date field, a checkbox group that is one Tab stop,
choosers found by pinyin initials, and the scoped shortcut helper."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QVBoxLayout, QWidget

from workstation.domain.enums import ConsultationTopic, SpecialGroup
from workstation.ui.widgets.check_group import CheckGroup
from workstation.ui.widgets.date_field import DateField
from workstation.ui.widgets.forms import combo_for
from workstation.ui.widgets.searchable_combo import label_matches
from workstation.ui.widgets.shortcuts import confirm, shortcut

NOW = datetime(2031, 3, 15, 9, 40)


def _row(qtbot: Any, *widgets: QWidget) -> tuple[QWidget, QLineEdit, QLineEdit]:
    """``widgets`` between two line edits in a shown window."""
    window = QWidget()
    layout = QVBoxLayout(window)
    before, after = QLineEdit(), QLineEdit()
    before.setObjectName("before")
    after.setObjectName("after")
    layout.addWidget(before)
    for widget in widgets:
        layout.addWidget(widget)
    layout.addWidget(after)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    before.setFocus()
    return window, before, after


def test_date_field_reads_typed_digits_and_shows_them_tidy(qtbot: Any) -> None:
    field = DateField(clock=lambda: NOW)
    field.error_field = "held_on"
    _window, *_ = _row(qtbot, field)
    field.setFocus()
    qtbot.keyClicks(field, "1207")
    assert field.date_value() is not None and field.date_value().isoformat() == "2031-12-07"
    qtbot.keyClick(field, Qt.Key.Key_Tab)  # leaving the field tidies the text
    assert field.text() == "2031-12-07"
    field.setText("2026-02-30")
    assert field.date_value() is None
    assert field.error_text() == "2026年2月没有30日"
    field.clear()
    assert field.error_text() == "请输入日期" or field.error_text()  # required: says so
    optional = DateField(optional=True, clock=lambda: NOW)
    assert optional.error_text() == "" and optional.date_value() is None


def test_date_and_time_in_one_field(qtbot: Any) -> None:
    field = DateField(with_time=True, clock=lambda: NOW)
    _window, *_ = _row(qtbot, field)
    field.setFocus()
    qtbot.keyClicks(field, "20261207 1430")
    assert field.datetime_value() == datetime(2026, 12, 7, 14, 30)
    field.tidy()
    assert field.text() == "2026-12-07 14:30"
    field.setText("12-08")  # no time typed: the clock's time
    assert field.datetime_value() == datetime(2031, 12, 8, 9, 40)
    # Code written for QDateTimeEdit keeps working.
    field.setDateTime(QDateTime(QDate(2026, 5, 4), QTime(8, 5)))
    assert field.text() == "2026-05-04 08:05"
    assert field.dateTime().toString("yyyy-MM-dd HH:mm") == "2026-05-04 08:05"
    field.setDate(QDate(2026, 5, 6))
    assert field.date().toString("yyyy-MM-dd") == "2026-05-06"


def test_date_field_is_one_tab_stop_and_f4_opens_a_calendar(qtbot: Any) -> None:
    field = DateField(clock=lambda: NOW)
    _window, before, after = _row(qtbot, field)
    qtbot.keyClick(before, Qt.Key.Key_Tab)
    assert field.hasFocus()
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert after.hasFocus()
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_F4)
    calendar = field.calendar
    assert calendar is not None and calendar.isVisible()
    assert calendar.selectedDate().toString("yyyy-MM-dd") == "2031-03-15"
    grid = calendar.focusWidget() or calendar  # the popup's day grid has the keys
    qtbot.keyClick(grid, Qt.Key.Key_Right)  # one day on
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    assert field.text() == "2031-03-16"
    qtbot.keyClick(field, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert field.calendar is not None
    field.close_calendar()
    assert field.calendar is None


def test_checkbox_group_is_one_tab_stop_arrows_move_space_ticks(qtbot: Any) -> None:
    group = CheckGroup(SpecialGroup.choices(), columns=3)
    _window, before, after = _row(qtbot, group)
    codes = list(group.boxes)
    boxes = list(group.boxes.values())
    assert len(codes) >= 6
    changes: list[int] = []
    group.changed.connect(lambda: changes.append(1))

    def press(key: Qt.Key) -> None:
        qtbot.keyClick(QApplication.focusWidget(), key)

    qtbot.keyClick(before, Qt.Key.Key_Tab)
    assert boxes[0].hasFocus() and group.has_focus()
    press(Qt.Key.Key_Space)
    assert group.checked_codes() == (codes[0],)
    press(Qt.Key.Key_Right)
    press(Qt.Key.Key_Down)  # next row, same column
    assert boxes[4].hasFocus()
    press(Qt.Key.Key_Space)
    assert group.checked_codes() == (codes[0], codes[4])
    press(Qt.Key.Key_Tab)  # one Tab leaves the whole group
    assert after.hasFocus()
    qtbot.keyClick(after, Qt.Key.Key_Backtab)  # and comes back to the box last used
    assert boxes[4].hasFocus()
    press(Qt.Key.Key_Left)
    press(Qt.Key.Key_Up)
    press(Qt.Key.Key_Space)  # back on the first: unticks it
    assert group.checked_codes() == (codes[4],)
    press(Qt.Key.Key_Up)  # at the edge: stays
    assert boxes[0].hasFocus() and group.cursor == 0
    assert len(changes) == 3
    press(Qt.Key.Key_Backtab)
    assert before.hasFocus()
    stops = [b for b in boxes if b.focusPolicy() & Qt.FocusPolicy.TabFocus]
    assert stops == [boxes[0]]


def test_pinyin_initials_find_labels() -> None:
    assert label_matches("邻里纠纷", "lj")
    assert label_matches("邻里纠纷", "lljf")
    assert label_matches("邻里纠纷", "linli")
    assert label_matches("邻里纠纷", "纠纷")
    assert not label_matches("婚姻家庭", "lj")
    assert label_matches("婚姻家庭", "")


def test_chooser_is_searchable_by_pinyin_initials(qtbot: Any) -> None:
    box = combo_for(ConsultationTopic, optional=True, placeholder="请选择")
    _window, before, _after = _row(qtbot, box)
    qtbot.keyClick(before, Qt.Key.Key_Tab)
    qtbot.wait(10)
    assert box.hasFocus()
    qtbot.keyClicks(QApplication.focusWidget(), "ldbc")  # 劳动报酬
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None, timeout=5000)
    qtbot.keyClick(QApplication.activePopupWidget(), Qt.Key.Key_Return)
    assert box.currentData() == "wages"
    assert box.lineEdit().text() == box.itemText(box.currentIndex())
    # Enter without the popup takes the first match too.
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), "hyjt")
    box._searcher.completer.popup().hide()
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)
    assert box.currentText() == "婚姻家庭"


def test_scoped_shortcut_acts_only_inside_its_widget(qtbot: Any) -> None:
    left, right = QWidget(), QWidget()
    left_edit, right_edit = QLineEdit(left), QLineEdit(right)
    QVBoxLayout(left).addWidget(left_edit)
    QVBoxLayout(right).addWidget(right_edit)
    _window, _before, _after = _row(qtbot, left, right)
    hits: list[str] = []
    shortcut(Qt.Key.Key_F9, left, lambda: hits.append("left"))
    right_edit.setFocus()
    qtbot.keyClick(right_edit, Qt.Key.Key_F9)
    assert hits == []
    left_edit.setFocus()
    qtbot.keyClick(left_edit, Qt.Key.Key_F9)
    assert hits == ["left"]


def test_confirm_defaults_to_no(monkeypatch: Any) -> None:
    asked: list[Any] = []

    def question(parent: Any, title: str, text: str, buttons: Any, default: Any) -> Any:
        asked.append(default)
        return default  # the user pressed Enter

    monkeypatch.setattr(QMessageBox, "question", question)
    assert confirm(None, "放弃", "放弃吗？") is False
    assert asked == [QMessageBox.StandardButton.No]


def test_focus_ring_follows_the_keyboard_focus(qtbot: Any, qapp: Any) -> None:
    from workstation.ui.widgets.focus_ring import FOCUS_COLOR, install_focus_ring

    ring = install_focus_ring(qapp)
    assert install_focus_ring(qapp) is ring  # once per application
    box = CheckGroup(SpecialGroup.choices())
    _window, before, after = _row(qtbot, box)
    qtbot.waitUntil(lambda: ring.frame is not None and ring.frame.widget() is before,
                    timeout=5000)
    qtbot.keyClick(before, Qt.Key.Key_Tab)
    first = next(iter(box.boxes.values()))
    assert ring.frame.widget() is first and ring.frame.isVisible()
    assert ring.frame.palette().windowText().color().name() == FOCUS_COLOR
    qtbot.keyClick(first, Qt.Key.Key_Tab)
    assert ring.frame.widget() is after
