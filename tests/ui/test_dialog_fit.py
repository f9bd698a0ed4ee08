"""The dialogs a clerk opens on a small office screen (1024×768) with 特大 text: each fits
the screen, nothing in it lies outside, no text is cut off, long content scrolls."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QDialog

from tests.ui.layout_check import layout_problems, restore_style
from tests.ui.test_screen_fit import LONG_FACTS, SHORT_FACTS, TASK_BAR, TITLE_BAR, use_ui_font
from workstation.domain.inputs import (
    AgreementInput,
    CaseInput,
    PartyInput,
    ReferralInput,
    SessionInput,
)
from workstation.ui.appearance import apply_text_size

#: The room a dialog has on a 1024×768 screen (less the task bar and its own title bar).
ROOM = (1024, 768 - TASK_BAR - TITLE_BAR)
REGISTERED = date(2025, 3, 3)


@pytest.fixture
def larger(qapp: QApplication, chinese_settings: Path) -> Iterator[None]:
    """The app at 特大 with its style sheet and its CJK font; restored after."""
    font = qapp.font()
    use_ui_font(qapp)
    apply_text_size(qapp, "larger")
    try:
        yield
    finally:
        restore_style(qapp, font)


def fit_problems(qtbot: Any, dialog: QDialog) -> list[str]:
    """Show ``dialog`` as a small screen would hold it: its size capped to the room; what
    does not fit or cannot be read is returned."""
    qtbot.addWidget(dialog)
    dialog.show()
    for _ in range(3):
        QCoreApplication.processEvents()
    dialog.resize(min(dialog.width(), ROOM[0]), min(dialog.height(), ROOM[1]))
    for _ in range(3):
        QCoreApplication.processEvents()
    problems = []
    if dialog.width() > ROOM[0] or dialog.height() > ROOM[1]:
        problems.append(f"larger than the screen: {dialog.width()}×{dialog.height()}")
    problems += layout_problems(dialog)
    dialog.hide()
    return problems


def a_case(ctx: Any, make_person: Any) -> Any:
    """A case with an agreement (every step dialog can open on it), loaded as the view
    loads it."""
    from workstation.services.mediation import (
        accept_case,
        open_case,
        record_agreement,
        record_session,
    )
    from workstation.services.records import load_case

    case_id = open_case(ctx.db, ctx.actor, CaseInput(
        source="application", dispute_type="neighbour", facts=LONG_FACTS,
        registered_on=REGISTERED,
        parties=(PartyInput(role="applicant", person=make_person("欧阳春花", 1, "female")),
                 PartyInput(role="respondent", person=make_person("司马建国", 2)))))
    accept_case(ctx.db, ctx.actor, case_id, REGISTERED + timedelta(days=1))
    record_session(ctx.db, ctx.actor, case_id, SessionInput(
        held_at=datetime(2025, 3, 5, 9, 30, tzinfo=UTC), place="调解室", attendees="双方",
        record="双方陈述事实。"))
    record_agreement(ctx.db, ctx.actor, case_id, AgreementInput(
        form="written", terms="司马建国于五日内疏通排水沟。", performance_manner="自行疏通",
        effective_on=REGISTERED + timedelta(days=5)))
    return load_case(ctx.db, case_id)


def step_dialogs(ctx: Any, case: Any) -> dict[str, Callable[[], QDialog]]:
    from workstation.ui.mediation import dialogs as d

    return {
        "受理": lambda: d.AcceptDialog(ctx, case),
        "记录调解": lambda: d.SessionDialog(ctx, case),
        "调解协议": lambda: d.AgreementDialog(ctx, case),
        "终止调解": lambda: d.StatusDialog(ctx, case, "terminated", "终止调解",
                                       "终止调解需要填写原因，并告知当事人。"),
        "回访": lambda: d.FollowUpDialog(ctx, case),
        "延长期限": lambda: d.ExtendDialog(ctx, case),
        "司法确认": lambda: d.JudicialDialog(ctx, case),
    }


def aid_dialogs() -> dict[str, Callable[[], QDialog]]:
    from workstation.ui.aid import dialogs as d

    forwarded = date(2025, 3, 10)
    return {
        "转交": lambda: d.ForwardDialog("海港区法律援助中心", date(2025, 3, 8)),
        "中心已接收": lambda: d.ReceiptDialog(forwarded),
        "录入中心决定": lambda: d.DecisionDialog(forwarded),
        "办结": lambda: d.CloseDialog(True, forwarded),
    }


def test_station_dialogs_fit_a_small_screen_in_extra_large_text(
        qtbot: Any, ui_ctx: Any, ui_make_person: Any, larger: None) -> None:
    from workstation.services import aid
    from workstation.ui.dialogs.personal_data import PersonalDataDialog
    from workstation.ui.mediation.case_view import CaseView
    from workstation.ui.widgets.corrections import CorrectionDialog

    case = a_case(ui_ctx, ui_make_person)
    aid.create_referral(ui_ctx.db, ui_ctx.actor, ReferralInput(
        matter="wages", facts=SHORT_FACTS, request="请求支付拖欠的劳动报酬三万六千元。",
        hardship_route="commitment", household_size=4, applied_on=REGISTERED,
        applicant=ui_make_person("欧阳春花", 1, "female")))
    person_id = case.parties[0].person.id
    makers = {**step_dialogs(ui_ctx, case), **aid_dialogs(),
              "个人信息查询": lambda: PersonalDataDialog(ui_ctx, person_id)}
    found: dict[str, list[str]] = {}
    for name, make in makers.items():
        dialog = make()
        ui_ctx.runner.wait()
        QCoreApplication.processEvents()
        if problems := fit_problems(qtbot, dialog):
            found[name] = problems

    view = CaseView(ui_ctx)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=5000):
        view.load(case.id)
    correction = view.correct_button.start()
    assert isinstance(correction, CorrectionDialog)
    ui_ctx.runner.wait()
    if problems := fit_problems(qtbot, correction):
        found["更正"] = problems
    correction.form.stop()
    correction.done(0)
    ui_ctx.runner.wait()
    assert not found, "\n".join(f"{k}: " + "\n  ".join(v[:8]) for k, v in found.items())


def test_county_dialogs_fit_a_small_screen_in_extra_large_text(
        qtbot: Any, tmp_path: Path, larger: None) -> None:
    from workstation.county.records import RecordDetails
    from workstation.county.referrals import PendingReferral
    from workstation.ui.county.decision_dialog import DecisionDialog
    from workstation.ui.county.record_dialog import RecordDialog

    referral = PendingReferral(
        referral_id="r1", station_id="s1", division_code="130302100000",
        station_name="海港镇公共法律服务工作站", number="海援转〔2025〕12号",
        applicant_name="欧阳春花", applicant_id_masked="130302********0021",
        matter="wages", status="forwarded", urgent=True, applied_on=date(2025, 3, 8),
        forwarded_on=date(2025, 3, 10), received_on=date(2025, 3, 11),
        limitation_deadline=date(2025, 3, 20), facts=LONG_FACTS, request=LONG_FACTS)
    fields = tuple((f"字段{i}", LONG_FACTS if i % 3 == 0 else f"内容{i}") for i in range(24))
    details = RecordDetails("mediation_case", "m1", "海调〔2025〕7号", "海港镇公共法律服务工作站",
                            (("基本情况", fields[:12]), ("调解经过", fields[12:])))
    found: dict[str, list[str]] = {}
    for name, dialog in (("录入决定", DecisionDialog(None, referral)),  # type: ignore[arg-type]
                         ("记录详情", RecordDialog(details))):
        if problems := fit_problems(qtbot, dialog):
            found[name] = problems
    assert not found, "\n".join(f"{k}: " + "\n  ".join(v[:8]) for k, v in found.items())



# -- table cells cut at 1024 wide: the whole text in the tooltip -----------------------------


def test_list_cells_carry_their_whole_text_as_tooltip(qtbot: Any, ui_ctx: Any,
                                                      ui_make_person: Any) -> None:
    from PySide6.QtCore import Qt

    from workstation.domain.enums import AidMatter
    from workstation.services import aid
    from workstation.ui.widgets.record_list import RecordList

    matter = max(AidMatter.choices(), key=lambda choice: len(choice[1]))
    aid.create_referral(ui_ctx.db, ui_ctx.actor, ReferralInput(
        matter=matter[0], facts=SHORT_FACTS, request="请求依法给付。",
        hardship_route="commitment", household_size=4, applied_on=REGISTERED,
        applicant=ui_make_person("欧阳春花", 1, "female")))
    listing = RecordList(ui_ctx, "referrals", status_enum=None, type_enum=None)
    qtbot.addWidget(listing)
    listing.resize(ROOM[0] - 200, 400)  # the list beside the navigation at 1024 wide
    listing.show()
    with qtbot.waitSignal(listing.model.loaded, timeout=5000):
        listing.load()
    model = listing.model
    column = next(i for i, c in enumerate(model.columns) if c.key == "type_label")
    index = model.index(0, column)
    assert model.data(index) == matter[1]
    assert model.data(index, Qt.ItemDataRole.ToolTipRole) == matter[1]
    listing.view.setColumnWidth(column, 40)  # cut (elided) on screen; the tooltip is whole
    assert model.data(index, Qt.ItemDataRole.ToolTipRole) == matter[1]
    ui_ctx.runner.wait()


def test_county_gaps_and_matters_carry_their_whole_text_as_tooltip(qtbot: Any) -> None:
    from PySide6.QtCore import Qt

    from workstation.county.overview import Refusal, StationOverview
    from workstation.ui.county.stations import StationTableModel

    now = datetime(2025, 3, 20, 8, 0, tzinfo=UTC)
    station = StationOverview(
        division_code="130302100000", name="海港镇公共法律服务工作站", station_id="s1",
        revoked=False, registered_at=now - timedelta(days=90), key_fingerprint="ab" * 32,
        last_seq=40, bundles_received=31, last_received_at=now - timedelta(days=1),
        skipped=(3, 4), needed=tuple(range(10, 30, 2)),
        refused=(Refusal(33, "海港镇-33.wsb", "签名与登记的密钥不符", now),),
        changes_this_month=12, pending_referrals=1)
    model = StationTableModel()
    model.set_state([station], now, 14)
    index = model.index(0, model.GAPS)
    shown = model.data(index)
    tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert shown and "10" in shown and "28" in shown
    assert tip.startswith(shown)  # the whole 缺号 text
    assert "签名与登记的密钥不符" in tip  # and why a bundle was refused
    name = model.data(model.index(0, model.NAME), Qt.ItemDataRole.ToolTipRole)
    assert name == "海港镇公共法律服务工作站"
