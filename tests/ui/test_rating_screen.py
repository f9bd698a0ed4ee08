"""The citizens' rating screen: it cannot be left without a rating or the operator's
password (Esc, Alt+F4 / close, a wrong password all keep it), a rating is saved as the
citizen's own and thanks, and it fits 1024×768 in 特大."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from tests.ui.conftest import UI_ADMIN_PASSWORD
from tests.ui.layout_check import layout_problems, restore_style
from tests.ui.test_screen_fit import use_ui_font
from workstation.domain.inputs import ConsultationInput
from workstation.services import ratings
from workstation.services.consultations import register_consultation
from workstation.ui.appearance import apply_text_size

pytestmark = pytest.mark.usefixtures("chinese_settings")


def rows(db: Any, sql: str) -> list[Any]:
    with db.engine.connect() as conn:
        return list(conn.execute(text(sql)).all())


@pytest.fixture
def consultation_id(ui_ctx: Any, ui_make_person: Any) -> str:
    from datetime import UTC, datetime

    return register_consultation(ui_ctx.db, ui_ctx.actor, ConsultationInput(
        occurred_at=datetime.now(UTC), channel="walk_in", topic="wages",
        question="老板拖欠三个月工资怎么办？", answer="可以申请劳动仲裁。",
        handling_result="answered", person=ui_make_person()))


@pytest.fixture
def screen(qtbot: Any, ui_ctx: Any, consultation_id: str) -> Iterator[Any]:
    from workstation.ui.rating_screen import RatingScreen

    record = ratings.rated_record(ui_ctx.db, "consultation", consultation_id)
    widget = RatingScreen(ui_ctx, record.record_type, record.record_id, record.number,
                          record.kind_label)
    widget.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)  # inspected after
    qtbot.addWidget(widget)
    widget.show_for_citizen()
    qtbot.waitExposed(widget)
    yield widget
    ui_ctx.runner.wait()
    QCoreApplication.processEvents()


def settle(ctx: Any) -> None:
    for _ in range(3):
        ctx.runner.wait()
        QCoreApplication.processEvents()


def test_no_way_out_without_a_rating_or_the_password(qtbot: Any, ui_ctx: Any,
                                                     screen: Any) -> None:
    assert screen.isFullScreen() and screen.isModal()
    qtbot.keyClick(screen, Qt.Key.Key_Escape)
    assert not screen.close()  # Alt+F4 and the close button send the same close event
    QCoreApplication.processEvents()
    assert screen.isVisible()
    assert not screen.submit_button.isEnabled()  # nothing chosen yet

    # A wrong password keeps the screen and is audited.
    qtbot.mouseClick(screen.staff_button, Qt.MouseButton.LeftButton)
    assert screen.pages.currentIndex() == 1
    screen.password.setText("not-the-password")
    qtbot.mouseClick(screen.release_button, Qt.MouseButton.LeftButton)
    settle(ui_ctx)
    qtbot.waitUntil(lambda: screen.password_error.isVisible())
    assert "密码错误" in screen.password_error.text()
    assert screen.isVisible() and not screen.close()
    qtbot.keyClick(screen.password, Qt.Key.Key_Escape)
    assert screen.isVisible()

    # Back to the rating: still nothing saved.
    qtbot.mouseClick(screen.back_button, Qt.MouseButton.LeftButton)
    assert screen.pages.currentIndex() == 0
    assert rows(ui_ctx.db, "SELECT id FROM rating") == []

    # The operator's own password returns to the operator, unrated.
    with qtbot.waitSignal(screen.finished, timeout=10_000) as finished:
        screen.ask_password()
        screen.password.setText(UI_ADMIN_PASSWORD)
        qtbot.keyClick(screen.password, Qt.Key.Key_Return)
        settle(ui_ctx)
    assert finished.args == ["released"]
    assert not screen.isVisible()
    assert rows(ui_ctx.db, "SELECT id FROM rating") == []
    actions = [r.action for r in rows(ui_ctx.db, "SELECT action FROM audit_entry "
                                      "WHERE action LIKE 'rating.%' ORDER BY seq")]
    assert actions == ["rating.screen_close_failed", "rating.screen_closed"]


def test_a_rating_is_the_citizens_own_and_thanks(qtbot: Any, ui_ctx: Any, screen: Any,
                                                 consultation_id: str) -> None:
    qtbot.mouseClick(screen.value_buttons["dissatisfied"], Qt.MouseButton.LeftButton)
    assert screen.reason_buttons["slow"].isVisible()
    assert not screen.reason_buttons["clear"].isVisible()  # praise is not offered with 不满意
    qtbot.mouseClick(screen.reason_buttons["slow"], Qt.MouseButton.LeftButton)
    assert screen.submit_button.isEnabled()
    assert not screen.close()  # chosen but not yet submitted: still no way out
    qtbot.mouseClick(screen.submit_button, Qt.MouseButton.LeftButton)
    settle(ui_ctx)
    qtbot.waitUntil(lambda: screen.pages.currentIndex() == 2)
    (info,) = ratings.ratings_of(ui_ctx.db, "consultation", consultation_id)
    assert (info.value, info.source, info.method, info.reasons) == (
        "dissatisfied", "citizen", "screen", ("slow",))
    assert len(ratings.reviews(ui_ctx.db)) == 1  # the admin's review task
    assert screen.thanks_timer.isActive()
    with qtbot.waitSignal(screen.finished) as finished:
        qtbot.mouseClick(screen.done_button, Qt.MouseButton.LeftButton)
    assert finished.args == ["rated"] and not screen.isVisible()


@pytest.fixture
def larger(qapp: QApplication, chinese_settings: Path) -> Iterator[None]:
    font = qapp.font()
    use_ui_font(qapp)
    apply_text_size(qapp, "larger")
    try:
        yield
    finally:
        restore_style(qapp, font)


@pytest.mark.usefixtures("larger")
def test_the_screen_fits_1024x768_in_extra_large_text(qtbot: Any, screen: Any) -> None:
    screen.showNormal()
    screen.setFixedSize(1024, 768)
    qtbot.mouseClick(screen.value_buttons["dissatisfied"], Qt.MouseButton.LeftButton)
    QCoreApplication.processEvents()
    assert layout_problems(screen) == []
    for page in (1, 2):
        screen.pages.setCurrentIndex(page)
        QCoreApplication.processEvents()
        assert layout_problems(screen) == [], page


def test_returned_slip_and_the_admins_review_from_the_workbench(
        qtbot: Any, ui_ctx: Any, consultation_id: str) -> None:
    from datetime import date, timedelta

    from workstation.ui.dialogs.ratings import ReturnedSlipDialog, ReviewsDialog
    from workstation.ui.pages.dashboard import DashboardPage

    page = DashboardPage(ui_ctx)
    qtbot.addWidget(page)
    assert page.reviews_button.isVisibleTo(page)  # the admin
    record = ratings.rated_record(ui_ctx.db, "consultation", consultation_id)

    dialog = ReturnedSlipDialog(ui_ctx, page)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.number.setText(record.number)
    dialog.save()  # no value chosen: refused, nothing saved
    settle(ui_ctx)
    qtbot.waitUntil(lambda: dialog.error.isVisible())
    assert "请选择" in dialog.error.text()
    dialog.value.setCurrentIndex(dialog.value.findData("dissatisfied"))
    dialog.reasons.boxes["slow"].setChecked(True)
    dialog.rated_on.set_value(date.today() - timedelta(days=1))
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.save()
        settle(ui_ctx)
    (info,) = ratings.ratings_of(ui_ctx.db, "consultation", consultation_id)
    assert (info.method_label, info.value_label, info.reason_labels) == (
        "回收评价单", "不满意", "等待时间长")

    reviews = ReviewsDialog(ui_ctx, page)
    qtbot.addWidget(reviews)
    reviews.show()
    settle(ui_ctx)
    qtbot.waitUntil(lambda: reviews.model.rowCount() == 1)
    assert reviews.model.item_at(0).number == record.number
    reviews.reason.setPlainText("等候时间过长")
    reviews.close_review()  # the action and the contact are missing
    settle(ui_ctx)
    qtbot.waitUntil(lambda: reviews.error.isVisible())
    assert "请填写采取的措施" in reviews.error.text()
    reviews.action.setPlainText("高峰时段增加一名接待人员")
    reviews.contacted_on.set_value(date.today())
    reviews.contact_method.setText("电话")
    reviews.close_review()
    settle(ui_ctx)
    qtbot.waitUntil(lambda: reviews.empty.isVisible())
    assert ratings.reviews(ui_ctx.db) == []
    (closed,) = ratings.reviews(ui_ctx.db, open_only=False)
    assert closed.action_taken == "高峰时段增加一名接待人员"


@pytest.mark.usefixtures("larger")
def test_the_rating_dialogs_fit_a_small_screen_in_extra_large_text(
        qtbot: Any, ui_ctx: Any, consultation_id: str) -> None:
    from tests.ui.test_dialog_fit import fit_problems
    from workstation.ui.dialogs.ratings import ReturnedSlipDialog, ReviewsDialog

    ratings.record_rating(ui_ctx.db, ui_ctx.actor, record_type="consultation",
                          record_id=consultation_id, value="dissatisfied", source="citizen",
                          method="screen", reasons=["slow", "unclear", "unsolved"])
    assert fit_problems(qtbot, ReturnedSlipDialog(ui_ctx)) == []
    reviews = ReviewsDialog(ui_ctx)
    settle(ui_ctx)
    qtbot.waitUntil(lambda: reviews.model.rowCount() == 1)
    assert fit_problems(qtbot, reviews) == []


def test_the_consultation_shows_its_ratings_with_their_sources(
        qtbot: Any, ui_ctx: Any, consultation_id: str) -> None:
    from workstation.services.records import load_consultation
    from workstation.ui.pages.consultations import ConsultationView

    view = ConsultationView(ui_ctx)
    qtbot.addWidget(view)
    view.show_detail(load_consultation(ui_ctx.db, consultation_id))
    settle(ui_ctx)
    assert view.values["satisfaction"].text() == "—"
    assert view.rate_button.isEnabled()
    ratings.record_rating(ui_ctx.db, ui_ctx.actor, record_type="consultation",
                          record_id=consultation_id, value="fairly", source="citizen",
                          method="screen", reasons=["quick"])
    ui_ctx.signals.records_changed.emit("rating")  # as the rating screen does
    settle(ui_ctx)
    qtbot.waitUntil(lambda: "基本满意（群众自评·评价屏" in view.values["satisfaction"].text())
    assert view.values["satisfaction"].text().endswith("：办理及时")


def test_cases_and_aid_applications_show_their_ratings(qtbot: Any, ui_ctx: Any,
                                                       ui_make_person: Any) -> None:
    from tests.ui.test_screen_fit import station_records
    from workstation.ui.aid.view import ReferralView
    from workstation.ui.mediation.case_view import CaseView

    case_id, referral_id = station_records(ui_ctx, ui_make_person)
    ratings.record_rating(ui_ctx.db, ui_ctx.actor, record_type="aid_referral",
                          record_id=referral_id, value="satisfied", source="citizen",
                          method="screen", reasons=["friendly"])
    aid_view = ReferralView(ui_ctx)
    case_view = CaseView(ui_ctx)
    for widget in (aid_view, case_view):
        qtbot.addWidget(widget)
    aid_view.load(referral_id)
    case_view.load(case_id)
    settle(ui_ctx)
    qtbot.waitUntil(lambda: aid_view.ratings.text().startswith("满意（群众自评·评价屏"))
    assert aid_view.rate_button.isEnabled()
    qtbot.waitUntil(lambda: case_view.case is not None)
    assert case_view.ratings.text() == "—"
    assert case_view.rate_button.isHidden()  # offered once the case is concluded


def test_the_citizen_gets_the_second_monitor_when_there_is_one() -> None:
    from workstation.ui.rating_screen import citizen_screen

    main, second, third = object(), object(), object()
    assert citizen_screen([main], main) is main  # one monitor: the PC is turned round
    assert citizen_screen([main, second], main) is second
    assert citizen_screen([second, main], main) is second
    assert citizen_screen([main, second, third], second) is main
