"""A walk-in consultation for a citizen not yet registered, from 工作台 to the receipt's print
preview, by key events only; the non-text keystrokes (Tab, Enter, arrows, shortcuts) are
counted and must stay at or under ``MAX_KEYS``.

Chinese text cannot be typed through QTest in PySide6 6.12 (keyClicks aborts on non-ASCII), so
Chinese goes into the focused widget with ``insert()`` as an input method would put it; ASCII
(the ID number, the phone, pinyin initials) is typed key by key. Neither counts as navigation.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit
from sqlalchemy import text

from workstation.domain.identity import make_resident_id
from workstation.ui.main_window import MainWindow
from workstation.ui.pages.registry import default_pages

MAX_KEYS = 20
WAIT_MS = 15_000
NAME = "单雄信"
ID_NUMBER = make_resident_id("130302", date(1966, 6, 6), 417, "male")
PHONE = "13903351234"
QUESTION = "邻居在院墙外挖沟排水，雨天积水渗进我家，协商不成怎么办？"
ANSWER = "可申请人民调解，也可向法院起诉，要求排除妨碍、赔偿损失。"


class Keyboard:
    """Sends key events where a real keyboard would: to the open popup or the focus widget."""

    def __init__(self, qtbot: Any, window: Any) -> None:
        self.qtbot = qtbot
        self.window = window
        self.count = 0
        self.log: list[str] = []
        #: Where the keyboard focus was after the last key (see ``target``).
        self.last: Any = None

    def target(self) -> Any:
        popup = QApplication.activePopupWidget()
        if popup is not None:
            return popup
        target = QApplication.focusWidget() or self.window.focusWidget() or self.last
        assert target is not None, "nothing has the keyboard focus"
        if not self.window.isActiveWindow() or QApplication.focusWidget() is not target:
            # The offscreen platform drops the window's activation now and then (when a page
            # is built, when a popup closes, when the window is maximised late; also without
            # this change); a desktop keeps it. Shortcuts need an active window: give it
            # back, with the focus where it was.
            self.window.activateWindow()
            self.qtbot.waitUntil(self.window.isActiveWindow, timeout=WAIT_MS)
            target.setFocus()
        return target

    def press(self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
              ) -> None:
        """A navigation keystroke (counted)."""
        target = self.target()
        self.count += 1
        self.log.append(f"{key.name}{'+' + modifier.name if modifier.value else ''}"
                        f" in {target.objectName() or type(target).__name__}")
        self.qtbot.keyClick(target, key, modifier)
        self.last = QApplication.focusWidget() or self.last

    def type(self, ascii_text: str) -> None:
        """ASCII text, key by key (text, not counted)."""
        assert ascii_text.isascii()
        self.qtbot.keyClicks(self.target(), ascii_text)
        self.last = QApplication.focusWidget() or self.last

    def write(self, chinese: str) -> None:
        """Chinese text into the focused field, as an input method commits it."""
        widget = self.target()
        if isinstance(widget, QPlainTextEdit):
            widget.insertPlainText(chinese)
        else:
            assert isinstance(widget, QLineEdit), type(widget).__name__
            widget.insert(chinese)
        self.last = widget

    def focused(self) -> str:
        """The name of the widget the next key goes to."""
        widget = QApplication.focusWidget() or self.window.focusWidget() or self.last
        return widget.objectName() if widget is not None else ""


def focused_name(window: Any) -> str:
    """The name of ``window``'s focus widget (kept while the window is inactive)."""
    widget = window.focusWidget()
    return widget.objectName() if widget is not None else ""


def test_walk_in_consultation_for_a_new_person_by_keyboard(qtbot: Any, ui_ctx: Any) -> None:
    window = MainWindow(ui_ctx, default_pages(), idle_timeout_ms=3_600_000)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    keys = Keyboard(qtbot, window)
    try:
        # 工作台: the focus is on 登记咨询; Enter opens the form with the cursor in 咨询人.
        qtbot.waitUntil(lambda: focused_name(window) == "new_consultation", timeout=WAIT_MS)
        keys.last = window.focusWidget()
        keys.press(Qt.Key.Key_Return)
        page = window.pages["consultations"]
        form = page.form
        picker = form.person
        qtbot.waitUntil(lambda: page.showing_form() and keys.focused() == "person_search",
                        timeout=WAIT_MS)

        # The name: nobody is registered under it, so Enter starts a new person with it.
        keys.write(NAME)
        qtbot.waitUntil(lambda: not picker._search_timer.isActive(), timeout=WAIT_MS)
        ui_ctx.runner.wait()  # the search ran: nobody found
        qtbot.waitUntil(lambda: picker.search_status.isVisible()
                        and picker.matches.count() == 0, timeout=WAIT_MS)
        keys.press(Qt.Key.Key_Return)
        assert picker.mode == "new" and picker.name_edit.text() == NAME
        assert keys.focused() == "person_id_number"
        keys.type(ID_NUMBER)  # sex and birth date are read from it
        assert picker.birth_edit.text() == "1966-06-06"
        for _ in range(4):  # sex, birth date, ethnicity, phone
            keys.press(Qt.Key.Key_Tab)
        assert keys.focused() == "person_phone", keys.log
        keys.type(PHONE)

        # On to 咨询类别: address, the special groups (one stop), the way back, the topic.
        while not form.topic.hasFocus():
            keys.press(Qt.Key.Key_Tab)
            assert keys.count < MAX_KEYS, " | ".join(keys.log)
        keys.type("lj")  # pinyin initials of 邻里纠纷
        qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None, timeout=WAIT_MS)
        keys.press(Qt.Key.Key_Return)
        assert form.topic.currentData() == "neighbour"

        keys.press(Qt.Key.Key_Tab)
        assert keys.focused() == "question", keys.log
        keys.write(QUESTION)
        keys.press(Qt.Key.Key_Tab)
        assert keys.focused() == "answer", keys.log
        keys.write(ANSWER)
        assert keys.focused() == "answer", keys.log
        qtbot.waitUntil(lambda: form.is_valid, timeout=WAIT_MS)

        # Ctrl+S saves; the banner's 打印回执 takes the focus; Enter opens the print preview.
        with qtbot.waitSignal(form.saved, timeout=WAIT_MS) as saved:
            keys.press(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        consultation_id = saved.args[0]
        qtbot.waitUntil(lambda: page.banner.isVisible()
                        and keys.focused() == "print_saved", timeout=WAIT_MS)
        printer = page.receipt_printer
        with qtbot.waitSignal(printer.preview_opened, timeout=WAIT_MS) as opened:
            keys.press(Qt.Key.Key_Return)
        preview = opened.args[0]
        assert preview.isVisible()
        assert printer.record_id == consultation_id
        assert preview.doc.key == "consultation_receipt"

        print(f"\nnavigation keystrokes: {keys.count}: {keys.log}")
        assert keys.count <= MAX_KEYS, keys.log

        ui_ctx.runner.wait()
        with ui_ctx.db.engine.connect() as conn:
            row = conn.execute(text(
                "SELECT p.name, p.id_number, p.phone, c.topic, c.question, c.answer, "
                "c.handling_result "
                "FROM consultation c JOIN person p ON p.id = c.person_id WHERE c.id = :i"),
                {"i": consultation_id}).one()
        assert tuple(row) == (NAME, ID_NUMBER, PHONE, "neighbour", QUESTION, ANSWER, "answered")
        preview.reject()
    finally:
        ui_ctx.runner.wait()
        QApplication.processEvents()
        window.close()
