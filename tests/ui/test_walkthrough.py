"""The issue's "Done when": a newcomer on a demo station records a consultation, takes a
mediation case to an agreement, creates and forwards an aid referral, and finds all of them
again by the party's pinyin initials, while the GUI thread never blocks.

Everything is driven through the real widgets of the real main window; the database is only
read at the very end, so that the test itself never holds up the event loop it measures.
"""

from __future__ import annotations

import argparse
import time
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer
from sqlalchemy import text

from workstation.demo.generator import DEMO_PASSWORD
from workstation.domain.identity import make_resident_id
from workstation.ui.startup import Startup
from workstation.ui.tasks import TaskRunner

WAIT_MS = 20_000
TICK_MS = 20
#: From the login on, the GUI thread must never be blocked for longer than this. Measured on
#: the 2-core dev VM: 130-200 ms idle, up to ~280 ms with another test run beside it (the
#: worst is building a page on first use: 75-160 ms of widget construction and imports); run
#: with -s to see the figures. The bound is generous so that a loaded machine does not flake.
MAX_GAP_MS = 450
#: While the demo station is being built the worker holds the GIL for ~0.3 s once, when
#: pypinyin json-decodes its phrase dictionary (C code that does not release the GIL), so
#: that phase gets a looser bound.
MAX_BUILD_GAP_MS = 1500
SETUP_PHASES = ("demo start", "building")
NAME = "单雄信"
ID_NUMBER = make_resident_id("130302", date(1966, 6, 6), 417, "male")
RESPONDENT = "程咬金"


class GapMeter(QObject):
    """Ticks every ``TICK_MS`` on the GUI thread and records the longest gap between ticks."""

    def __init__(self) -> None:
        super().__init__()
        self.phase = "start"
        self.max_by_phase: dict[str, float] = {}
        self.ticks = 0
        self.long_gaps: list[tuple[int, str]] = []
        self._last = time.perf_counter()
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def enter(self, phase: str) -> None:
        self.phase = phase

    def _tick(self) -> None:
        now = time.perf_counter()
        gap = (now - self._last) * 1000
        self._last = now
        self.ticks += 1
        if gap > 100:
            self.long_gaps.append((round(gap), self.phase))
        self.max_by_phase[self.phase] = max(gap, self.max_by_phase.get(self.phase, 0.0))

    def max_gap(self, phases: Any) -> float:
        return max((v for k, v in self.max_by_phase.items() if phases(k)), default=0.0)


def rows(db: Any, sql: str, **params: Any) -> list[Any]:
    with db.engine.connect() as conn:
        return list(conn.execute(text(sql), params).all())


def click(qtbot: Any, button: Any) -> None:
    assert button.isVisible() and button.isEnabled(), button.objectName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def choose(box: Any, code: str) -> None:
    index = box.findData(code)
    assert index >= 0, code
    box.setCurrentIndex(index)


def case_step(qtbot: Any, view: Any, action: str, fill: Any, expect_status: str) -> None:
    """Press a case action button, fill its dialog, save, and wait for the case to reload."""
    click(qtbot, view.buttons[action])
    dialog = view.dialog
    assert dialog is not None and dialog.isVisible()
    fill(dialog)
    with qtbot.waitSignal(view.loaded, timeout=WAIT_MS):
        click(qtbot, dialog.save_button)
    assert view.case.status == expect_status


@pytest.mark.parametrize("timed", [
    pytest.param(False, id="untimed"),
    # The GUI thread's gap bounds are wall-clock budgets: run them with ``-m slow``.
    pytest.param(True, marks=pytest.mark.slow, id="timed"),
])
def test_newcomer_walkthrough_on_a_demo_station(qtbot: Any, timed: bool) -> None:
    meter = GapMeter()
    startup = Startup(TaskRunner(), argparse.Namespace(db=None, demo=True, demo_records=200))
    meter.start()
    try:
        # -- start the demo and log in -----------------------------------------------------
        meter.enter("demo start")
        startup.start()
        meter.enter("building")
        qtbot.waitUntil(lambda: startup.login is not None, timeout=WAIT_MS)
        login = startup.login
        login.password.setText(DEMO_PASSWORD)
        meter.enter("login")
        click(qtbot, login.buttons.buttons()[0])  # 登录 (the Ok button)
        qtbot.waitUntil(lambda: startup.window is not None, timeout=WAIT_MS)
        window = startup.window
        qtbot.waitUntil(lambda: window.unsynced_label.text() != "", timeout=WAIT_MS)

        # -- 1. a consultation for a new person --------------------------------------------
        meter.enter("consultation")
        window.nav.setCurrentRow(1)  # 法律咨询
        page = window.pages["consultations"]
        assert window.stack.currentWidget() is page and page.showing_form()
        form = page.form
        form.person.start_new()
        form.person.name_edit.setText(NAME)
        form.person.id_number_edit.setText(ID_NUMBER)
        form.person.phone_edit.setText("13903351234")
        choose(form.topic, "neighbour")
        form.question.setPlainText("邻居在院墙外挖沟排水，雨天积水渗进我家，协商不成怎么办？")
        choose(form.result, "to_mediation")
        qtbot.waitUntil(lambda: form.is_valid, timeout=WAIT_MS)
        with qtbot.waitSignal(form.saved, timeout=WAIT_MS) as saved:
            click(qtbot, form.save_button)
        consultation_id = saved.args[0]
        qtbot.waitUntil(lambda: page.banner.isVisible(), timeout=WAIT_MS)
        assert NAME in page.banner_text.text()

        # -- 2. a mediation case, handed over from the consultation --------------------------
        meter.enter("mediation form")
        click(qtbot, page.banner_handover)  # 为单雄信登记调解案件
        mediation = window.pages["mediation"]
        assert window.stack.currentWidget() is mediation
        case_form = mediation.form
        assert case_form is not None
        qtbot.waitUntil(lambda: case_form.mediator.count() > 0, timeout=WAIT_MS)
        applicant = case_form.rows[0].picker
        qtbot.waitUntil(lambda: applicant.selected_person_id() is not None, timeout=WAIT_MS)
        person_id = applicant.selected_person_id()
        respondent = case_form.rows[1].picker
        respondent.start_new()
        respondent.name_edit.setText(RESPONDENT)
        respondent.id_number_edit.setText(make_resident_id("130302", date(1970, 2, 3), 418,
                                                           "male"))
        respondent.phone_edit.setText("13903355678")
        choose(case_form.dispute_type, "neighbour")
        case_form.facts.setPlainText("程咬金在院墙外挖沟排水，雨天积水渗入单雄信家，双方多次协商未果。")
        case_form.claims.setPlainText("请求程咬金改道排水沟并赔偿损失。")
        qtbot.waitUntil(lambda: case_form.is_valid, timeout=WAIT_MS)
        with qtbot.waitSignal(case_form.saved, timeout=WAIT_MS) as saved:
            click(qtbot, case_form.save_button)
        case_id = saved.args[0]
        view = mediation.view
        qtbot.waitUntil(lambda: view.case is not None and view.case.id == case_id,
                        timeout=WAIT_MS)
        assert view.case.status == "registered"

        meter.enter("mediation steps")
        case_step(qtbot, view, "accept", lambda d: None, "accepted")

        def session(d: Any) -> None:
            d.place.setText("海港镇人民调解室")
            d.record.setPlainText("双方到场陈述，调解员现场查看排水沟，释法说理。")

        case_step(qtbot, view, "session", session, "mediating")

        def agreement(d: Any) -> None:
            d.terms.setPlainText("程咬金于十日内将排水沟改道，并赔偿单雄信损失五百元。")
            d.manner.setText("当场支付")
            d.amount.setText("500")

        case_step(qtbot, view, "agreement", agreement, "agreed")
        assert view.agreement_box.isVisible()

        # -- 3. a legal aid referral for him, forwarded -----------------------------------------
        meter.enter("aid form")
        window.nav.setCurrentRow(3)  # 法律援助
        aid = window.pages["aid"]
        click(qtbot, aid.list.new_button)
        aid_form = aid.form
        assert aid.stack.currentWidget() is aid_form
        picker = aid_form.picker
        picker.search_edit.setText(NAME)
        qtbot.waitUntil(lambda: any(
            picker.matches.item(i).data(Qt.ItemDataRole.UserRole) == person_id
            for i in range(picker.matches.count())), timeout=WAIT_MS)
        row = next(i for i in range(picker.matches.count())
                   if picker.matches.item(i).data(Qt.ItemDataRole.UserRole) == person_id)
        assert picker.choose_match(row)
        choose(aid_form.matter, "wages")
        aid_form.cause_of_action.setText("劳动报酬纠纷")
        aid_form.facts.setPlainText("在镇上建筑工地务工八个月，工资两万元未结清。")
        aid_form.request.setPlainText("请求支付拖欠的劳动报酬两万元。")
        aid_form.household_size.setValue(4)
        qtbot.waitUntil(lambda: NAME in aid_form.materials.notice_text(), timeout=WAIT_MS)
        for box in aid_form.materials.boxes().values():
            box.setChecked(True)  # the citizen brought every paper
        qtbot.waitUntil(lambda: aid_form.save_button.isEnabled(), timeout=WAIT_MS)
        with qtbot.waitSignal(aid.view.loaded, timeout=WAIT_MS):
            click(qtbot, aid_form.save_button)
        aid_view = aid.view
        referral_id = aid_view.referral_id
        assert aid.stack.currentWidget() is aid_view
        assert aid_view.visible_actions() == {"forward", "close"}

        meter.enter("aid forward")
        click(qtbot, aid_view.forward_button)
        dialog = aid_view.dialog
        assert dialog is not None and dialog.center.text()
        with qtbot.waitSignal(aid_view.loaded, timeout=WAIT_MS):
            click(qtbot, dialog.ok_button)
        assert aid_view.visible_actions() == {"received", "decision"}

        # -- 4. find everything again by his pinyin initials -------------------------------
        meter.enter("search")
        window.search_box.setFocus()
        qtbot.keyClicks(window.search_box, "sxx")  # ASCII only: keyClicks is safe here
        qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
        search = window.pages["search"]
        assert window.stack.currentWidget() is search
        qtbot.waitUntil(lambda: search.query == "sxx" and search.results.isVisible(),
                        timeout=WAIT_MS)
        found = {(hit.record_type, hit.record_id) for hit in search.hits}
        meter.enter("done")
        qtbot.wait(3 * TICK_MS)
        meter.stop()

        assert ("person", person_id) in found
        assert ("consultation", consultation_id) in found
        assert ("mediation_case", case_id) in found
        assert ("aid_referral", referral_id) in found

        # A search result opens its record (the row's Enter / double-click).
        from workstation.ui.pages.search import HIT_ROLE

        tree = search.results
        items = [tree.topLevelItem(g).child(c) for g in range(tree.topLevelItemCount())
                 for c in range(tree.topLevelItem(g).childCount())]
        case_item = next(i for i in items if i.data(0, HIT_ROLE) == ("mediation_case", case_id))
        tree.setCurrentItem(case_item)
        assert search.open_current()
        qtbot.waitUntil(lambda: window.stack.currentWidget() is mediation
                        and view.case is not None and view.case.id == case_id, timeout=WAIT_MS)

        # -- what is in the database -------------------------------------------------------------
        startup.runner.wait()
        db = window.ctx.db
        assert rows(db, "SELECT name, id_number FROM person WHERE id = :i", i=person_id) == [
            (NAME, ID_NUMBER)]
        assert rows(db, "SELECT person_id, handling_result FROM consultation WHERE id = :i",
                    i=consultation_id) == [(person_id, "to_mediation")]
        parties = rows(db, "SELECT p.role, n.name FROM mediation_party p JOIN person n "
                           "ON n.id = p.person_id WHERE p.case_id = :i ORDER BY p.position",
                       i=case_id)
        assert [tuple(p) for p in parties] == [("applicant", NAME), ("respondent", RESPONDENT)]
        assert rows(db, "SELECT status FROM mediation_case WHERE id = :i", i=case_id) == [
            ("agreed",)]
        assert rows(db, "SELECT amount_agreed_fen FROM mediation_agreement WHERE case_id = :i",
                    i=case_id) == [(50000,)]
        assert rows(db, "SELECT applicant_id, status FROM aid_referral WHERE id = :i",
                    i=referral_id) == [(person_id, "forwarded")]

        building = meter.max_gap(lambda phase: phase in SETUP_PHASES)
        working = meter.max_gap(lambda phase: phase not in SETUP_PHASES)
        print(f"\nGUI thread, longest gap between {TICK_MS} ms ticks: {working:.0f} ms from "
              f"the login on, {building:.0f} ms while the demo was built ({meter.ticks} ticks; "
              f"over 100 ms: {meter.long_gaps})")
        assert meter.ticks > 20
        if timed:
            assert working < MAX_GAP_MS, meter.long_gaps
            assert building < MAX_BUILD_GAP_MS, meter.long_gaps
    finally:
        meter.stop()
        startup.runner.wait()
        QCoreApplication.processEvents()
        if startup.window is not None:
            startup.window.close()
        if startup.login is not None:
            startup.login.hide()
        startup.runner.wait()
        QCoreApplication.processEvents()
        startup.cleanup()
