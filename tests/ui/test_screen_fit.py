"""Every page of the station and county consoles on the office screens the app meets:
1024×768 and 1366×768, in 标准 and 特大 text. Nothing may lie outside the window, no text may
be cut off or elided, no layout squeezed (overlapping widgets), no page scroll sideways."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QLabel

from tests.ui.layout_check import layout_problems, restore_style
from workstation.domain.inputs import CaseInput, PartyInput, ReferralInput
from workstation.ui.appearance import (
    TEXT_SIZES,
    apply_text_size,
    register_bundled_fonts,
    role_point_size,
    ui_font_family,
)

#: Task bar and title bar of a maximised window on Windows.
TASK_BAR, TITLE_BAR = 40, 32
#: 大 (the middle size) only at 1024×768, the tightest screen: it lies between the others.
COMBINATIONS = [((1024, 768), "normal"), ((1024, 768), "large"), ((1024, 768), "larger"),
                ((1366, 768), "normal"), ((1366, 768), "larger")]
#: Two lines at 标准 in the aid view (once cut to 1.5 lines there).
SHORT_FACTS = "申请人王雪梅系残疾人，与兄弟姐妹因父母遗产继承发生纠纷，无力委托律师，申请法律援助。"
LONG_FACTS = ("申请人在某建筑工地务工八个月，包工头以工程款未结算为由拖欠工资共计三万六千元，"
              "多次讨要未果；申请人家庭困难，需赡养两位老人，无力聘请律师。") * 2


@pytest.fixture
def text_size(request: Any, qapp: QApplication, chinese_settings: Path) -> Iterator[str]:
    """The app at the text size ``request.param`` with its style sheet; restored after."""
    font = qapp.font()
    use_ui_font(qapp)
    apply_text_size(qapp, request.param)
    try:
        yield request.param
    finally:
        restore_style(qapp, font)


def use_ui_font(qapp: QApplication) -> None:
    """The font the app shows (the bundled CJK face when no Chinese font is installed), so
    that text is measured as a user sees it and not in boxes of a missing glyph."""
    font = QFont()
    font.setFamilies(ui_font_family(register_bundled_fonts()))
    qapp.setFont(font)


def window_size(screen: tuple[int, int]) -> tuple[int, int]:
    return screen[0], screen[1] - TASK_BAR - TITLE_BAR


def settle(ctx: Any, qtbot: Any) -> None:
    for _ in range(3):
        ctx.runner.wait()
        QCoreApplication.processEvents()
    qtbot.wait(30)


def check(window: Any, size: tuple[int, int], where: str, found: dict[str, list[str]]) -> None:
    assert (window.width(), window.height()) == size, f"{where}: the window grew"
    problems = layout_problems(window)
    if problems:
        found[where] = problems


def report(found: dict[str, list[str]]) -> str:
    return "\n".join(f"{where}:\n  " + "\n  ".join(problems[:12])
                     for where, problems in found.items())


def station_records(ctx: Any, make_person: Any) -> tuple[str, str]:
    from workstation.services import aid
    from workstation.services.mediation import open_case

    case_id = open_case(ctx.db, ctx.actor, CaseInput(
        source="application", dispute_type="neighbour", facts=LONG_FACTS,
        registered_on=date.today() - timedelta(days=3),
        parties=(PartyInput(role="applicant", person=make_person("张三", 1)),
                 PartyInput(role="respondent", person=make_person("李四", 2, "female")))))
    referral_id = aid.create_referral(ctx.db, ctx.actor, ReferralInput(
        matter="wages", facts=SHORT_FACTS, request="请求支付拖欠的劳动报酬三万六千元。",
        hardship_route="commitment", household_size=4, applied_on=date.today(),
        applicant=make_person("赵五", 30), limitation_deadline=date.today() + timedelta(days=5)))
    return case_id, referral_id


def _work_order(ctx: Any, case_id: str) -> str:
    """A replied 12348 order with its handling linked (the order form at its longest)."""
    from datetime import date, timedelta

    from workstation.domain.work_orders import ReplyInput, WorkOrderInput
    from workstation.services import work_orders

    today = date.today()
    order_id = work_orders.register_order(ctx.db, ctx.actor, WorkOrderInput(
        order_no="GD20261208000123456", channel="platform_12348",
        received_on=today - timedelta(days=5), due_on=today + timedelta(days=2),
        request="网民留言：邻居在宅基地上加盖房屋，挡住采光通道，多次协商无果，请求上门调解。",
        caller_name="欧阳建国", caller_phone="13800138000"))
    work_orders.link_handling(ctx.db, ctx.actor, order_id, "mediation_case", case_id)
    work_orders.record_reply(ctx.db, ctx.actor, order_id, ReplyInput(
        replied_on=today, method="platform",
        content="已受理为人民调解案件，调解员已上门了解情况，双方同意调解。"))
    return order_id


def _linked_consultation(ctx: Any, order_id: str, case_id: str, referral_id: str) -> str:
    """A consultation that a 12348 order names and that led to a case and an application:
    three link buttons on its responsibility panel (once one row, wider than the view)."""
    from tests.conftest import consultation_input
    from workstation.services import work_orders
    from workstation.services.consultations import register_consultation
    from workstation.services.context import UnitOfWork
    from workstation.services.responsibility import link_consultation

    cid = register_consultation(ctx.db, ctx.actor, consultation_input(
        handling_result="to_mediation", answer=""))
    work_orders.link_handling(ctx.db, ctx.actor, order_id, "consultation", cid)
    with UnitOfWork(ctx.db, ctx.actor) as uow:
        link_consultation(uow, cid, "mediation_case", case_id)
        link_consultation(uow, cid, "aid_referral", referral_id)
        uow.commit()
    return cid


@pytest.mark.parametrize(("screen", "text_size"), COMBINATIONS, indirect=["text_size"],
                         ids=[f"{w}x{h}-{t}" for (w, h), t in COMBINATIONS])
def test_station_pages_fit(qtbot: Any, ui_ctx: Any, ui_make_person: Any,
                           screen: tuple[int, int], text_size: str) -> None:
    from workstation.ui.main_window import MainWindow
    from workstation.ui.pages.registry import default_pages

    case_id, referral_id = station_records(ui_ctx, ui_make_person)
    order_id = _work_order(ui_ctx, case_id)
    consultation_id = _linked_consultation(ui_ctx, order_id, case_id, referral_id)
    window = MainWindow(ui_ctx, default_pages(ui_ctx.actor), idle_timeout_ms=0)
    qtbot.addWidget(window)
    size = window_size(screen)
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(*size)
    window.show()
    found: dict[str, list[str]] = {}
    try:
        # Records first, on pages built for them (the order a clerk often takes, and the one
        # that once left the aid view's facts cut), then every page, then the new forms.
        for record_type, record_id in (("mediation_case", case_id),
                                       ("aid_referral", referral_id),
                                       ("work_order", order_id),
                                       ("consultation", consultation_id)):
            window.open_record(record_type, record_id)
            settle(ui_ctx, qtbot)
            check(window, size, f"{record_type} {record_id[:8]}", found)
        for spec in window.specs:
            if spec.in_nav:
                window.show_page(spec.key)
                settle(ui_ctx, qtbot)
                check(window, size, spec.key, found)
        for record_type in ("consultation", "mediation_case", "aid_referral",
                            "publicity_activity", "screening", "work_order"):
            window.open_record(record_type, "new")
            settle(ui_ctx, qtbot)
            check(window, size, f"{record_type} new", found)
        window.search_box.setText("张三")
        window.run_search()
        settle(ui_ctx, qtbot)
        check(window, size, "search", found)
    finally:
        window.session_lock.stop()
        window.close()
        ui_ctx.runner.wait()
    assert not found, report(found)


@pytest.mark.parametrize(("screen", "text_size"), COMBINATIONS, indirect=["text_size"],
                         ids=[f"{w}x{h}-{t}" for (w, h), t in COMBINATIONS])
def test_county_pages_fit(qtbot: Any, tmp_path: Path, screen: tuple[int, int],
                          text_size: str) -> None:
    from tests.sync.helpers import make_county
    from workstation.ui.county.context import CountyContext
    from workstation.ui.county.window import CountyWindow
    from workstation.ui.tasks import TaskRunner

    county = make_county(tmp_path / "county.db")
    runner = TaskRunner()
    ctx = CountyContext(db=county, runner=runner, label=str(tmp_path / "county.db"),
                        key_fingerprint="0123456789abcdef" * 4)
    window = CountyWindow(ctx)
    qtbot.addWidget(window)
    size = window_size(screen)
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(*size)
    window.show()
    found: dict[str, list[str]] = {}
    try:
        for spec in window.specs:
            window.show_page(spec.key)
            settle(ctx, qtbot)
            check(window, size, spec.key, found)
    finally:
        window.close()
        runner.wait()
        QCoreApplication.processEvents()
        county.dispose()
    assert not found, report(found)


def test_switching_the_text_size_restyles_an_open_page(qtbot: Any, ui_ctx: Any,
                                                       qapp: QApplication,
                                                       chinese_settings: Path) -> None:
    """A page built at 标准 grows at once when 特大 is chosen in 设置: its heading, its grey
    help text and its tab labels."""
    from workstation.ui.pages.consultations import ConsultationsPage
    from workstation.ui.pages.settings import SettingsPage

    font = qapp.font()
    use_ui_font(qapp)
    apply_text_size(qapp, "normal")
    try:
        page = ConsultationsPage(ui_ctx)
        qtbot.addWidget(page)
        page.show()
        heading = next(w for w in page.findChildren(QLabel) if w.property("role") == "heading")
        hint = next(w for w in page.findChildren(QLabel) if w.property("role") == "hint")
        tab_bar = page.tabs.tabBar()
        assert heading.font().pointSizeF() == role_point_size("heading", "normal")
        assert hint.font().pointSizeF() == TEXT_SIZES["normal"]
        before = (heading.sizeHint().height(), tab_bar.sizeHint().height(),
                  hint.font().pointSizeF())

        settings = SettingsPage(ui_ctx)
        qtbot.addWidget(settings)
        settings.size_buttons["larger"].click()  # 特大

        qtbot.waitUntil(lambda: heading.font().pointSizeF()
                        == role_point_size("heading", "larger"), timeout=3000)
        assert heading.font().pointSizeF() > role_point_size("heading", "normal")
        assert hint.font().pointSizeF() == TEXT_SIZES["larger"]
        assert tab_bar.font().pointSizeF() == TEXT_SIZES["larger"]
        after = (heading.sizeHint().height(), tab_bar.sizeHint().height(),
                 hint.font().pointSizeF())
        assert all(a > b for a, b in zip(after, before, strict=True)), (before, after)
        assert heading.property("role") == "heading"  # still styled by its role
    finally:
        restore_style(qapp, font)


def test_extra_large_text_never_grows_the_window(qtbot: Any, ui_ctx: Any, qapp: QApplication,
                                                 chinese_settings: Path) -> None:
    """特大 chosen in 设置 on a 1024×768 screen: the window keeps its size, the pages built
    before the switch still fit it (they scroll down instead), the navigation's titles fit."""
    from workstation.ui.main_window import MainWindow
    from workstation.ui.pages.registry import default_pages

    font = qapp.font()
    use_ui_font(qapp)
    apply_text_size(qapp, "normal")
    window = MainWindow(ui_ctx, default_pages(ui_ctx.actor), idle_timeout_ms=0)
    qtbot.addWidget(window)
    size = window_size((1024, 768))
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(*size)
    window.show()
    try:
        for spec in window.specs:  # every page built at 标准
            window.show_page(spec.key)
            settle(ui_ctx, qtbot)
        window.show_page("settings")
        buttons = window.pages["settings"].size_buttons
        for size_key in ("larger", "large", "normal", "larger"):  # back and forth, all open
            buttons[size_key].click()
            settle(ui_ctx, qtbot)
        assert (window.width(), window.height()) == size
        metrics = window.nav.fontMetrics()
        assert metrics.height() > 20  # 特大
        assert all(metrics.horizontalAdvance(window.nav.item(i).text()) + 12
                   <= window.nav.viewport().width() for i in range(window.nav.count()))
        found: dict[str, list[str]] = {}
        for key in ("settings", "dashboard", "aid", "statistics"):
            window.show_page(key)
            settle(ui_ctx, qtbot)
            check(window, size, key, found)
        assert not found, report(found)
    finally:
        window.session_lock.stop()
        window.close()
        ui_ctx.runner.wait()
        restore_style(qapp, font)
