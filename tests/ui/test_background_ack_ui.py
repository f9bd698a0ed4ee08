"""An acknowledgement applied by the background uploader shows on the 同步 page (version
notice, conflicts panel) and in the status-bar note, as one imported from a USB stick does."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from sqlalchemy import update

from tests.ui.test_upload_ui import DONE, ENABLED, FakeUploader, _hhmm, make_window
from workstation.storage.models import SyncConflict
from workstation.sync.station import AckResult
from workstation.sync.uploader import Attempt
from workstation.ui.pages.sync import SyncPage
from workstation.ui.sync.version_notice import SETTING_NOTICE, remembered_notice
from workstation.version import program_version

NOTICE = {"newest_version": "99.0", "text": "请到县中心领取安装程序"}
SYNCED = replace(ENABLED, last_result="ok", last_success_at=DONE)


@pytest.fixture(autouse=True)
def settings(chinese_settings: Path) -> Path:
    return chinese_settings


def _store_conflicts(db: Any, count: int) -> None:
    """What ``apply_ack`` stores when an acknowledgement lists conflicts."""
    with db.write_session() as s:
        for n in range(count):
            s.add(SyncConflict(table_name="person", record_id=str(uuid.uuid4()),
                               reason="same_version", county_version=2, station_version=2,
                               bundle_seq=1, detected_at="2026-12-01T08:00:00+00:00",
                               label=f"当事人{n}"))
        s.commit()


class ApplyingUploader(FakeUploader):
    """Each attempt first does what applying its acknowledgement does to the database."""

    def __init__(self, *steps: tuple[Attempt, int]) -> None:
        super().__init__(*(attempt for attempt, _ in steps))
        self.conflicts = [count for _, count in steps]
        self.db: Any = None

    def run(self, **kw: Any) -> Attempt:
        count = self.conflicts.pop(0)
        if count:
            _store_conflicts(self.db, count)
        return super().run(**kw)


def _page(qtbot: Any, ctx: Any) -> SyncPage:
    page = SyncPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    ctx.runner.wait()
    qtbot.waitUntil(lambda: page.status is not None, timeout=20_000)
    return page


def _attempt(qtbot: Any, shown: Any) -> None:
    shown.background.show_state(SYNCED)
    shown.background.attempt()
    qtbot.waitUntil(lambda: not shown.background.running, timeout=20_000)


def test_background_ack_shows_its_notice_and_conflicts(qtbot: Any, ui_ctx: Any) -> None:
    page = _page(qtbot, ui_ctx)
    assert page.version_notice.isHidden() and page.conflicts_panel.isHidden()
    ack = AckResult(bundle_seq=1, newly_acked=1, conflicts_open=2, version_notice=NOTICE)
    fake = ApplyingUploader((Attempt("ok", uploaded=1, acked_bundle_seq=1, state=SYNCED,
                                     ack=ack), 2))
    fake.db = ui_ctx.db
    messages: list[str] = []
    ui_ctx.signals.status_message.connect(messages.append)
    shown = make_window(qtbot, ui_ctx, fake)

    _attempt(qtbot, shown)
    line = (f"县级中心提示：有新版本 99.0（本站为 {program_version()}），请安排升级。"
            "请到县中心领取安装程序")
    assert page.version_notice.isVisible() and page.version_notice.text() == line
    assert remembered_notice() == NOTICE  # a page opened later shows it too
    qtbot.waitUntil(lambda: page.conflicts_panel.isVisible(), timeout=20_000)
    assert "2" in page.conflicts_panel.count_label.text()
    assert shown.label.text() == f"已同步 {_hhmm(DONE)} · 2 条记录待核对"
    assert shown.label.property("role") == "warning"
    assert messages == ["县级中心报告 2 条记录与本站不同，请到“同步”页面核对"]

    # Both settled (the dialog saves and says records changed): the note drops the count.
    with ui_ctx.db.write_session() as s:
        s.execute(update(SyncConflict).values(resolved_at=datetime.now(UTC),
                                              resolution="station"))
        s.commit()
    ui_ctx.signals.records_changed.emit("person")
    qtbot.waitUntil(lambda: shown.label.text() == f"已同步 {_hhmm(DONE)}", timeout=20_000)
    assert shown.label.property("role") == "ok"
    shown.window.close()


def test_background_ack_without_a_notice_clears_it_and_a_failure_changes_nothing(
        qtbot: Any, ui_ctx: Any) -> None:
    import json

    QSettings().setValue(SETTING_NOTICE, json.dumps(NOTICE, ensure_ascii=False))
    page = _page(qtbot, ui_ctx)
    assert page.version_notice.isVisible()
    down = Attempt("network", "无法连接县级中心", state=replace(
        ENABLED, last_result="network", failures=1, next_attempt_at=DONE))
    fake = ApplyingUploader(
        (down, 0),
        (Attempt("ok", state=SYNCED, ack=AckResult(bundle_seq=3)), 0))
    fake.db = ui_ctx.db
    shown = make_window(qtbot, ui_ctx, fake)

    _attempt(qtbot, shown)  # no acknowledgement came: the notice stays
    assert page.version_notice.isVisible() and remembered_notice() == NOTICE
    assert shown.label.text() == f"等待网络，下次重试 {_hhmm(DONE)}"

    _attempt(qtbot, shown)  # an acknowledgement without a notice: the box goes
    assert page.version_notice.isHidden() and remembered_notice() is None
    assert shown.label.text() == f"已同步 {_hhmm(DONE)}"
    assert page.conflicts_panel.isHidden()
    shown.window.close()


def test_the_note_counts_conflicts_already_waiting_at_start(qtbot: Any, ui_ctx: Any) -> None:
    """After a restart the note reads the open conflicts with the upload state."""
    from workstation.services.printing import first_admin
    from workstation.sync.uploader import save_settings

    _store_conflicts(ui_ctx.db, 1)
    save_settings(ui_ctx.db, first_admin(ui_ctx.db), enabled=True,
                  url="http://county.test")
    shown = make_window(qtbot, ui_ctx, FakeUploader())
    shown.background.reload()
    qtbot.waitUntil(lambda: shown.background.state is not None, timeout=20_000)
    assert shown.background.conflicts == 1
    assert shown.label.text().endswith(" · 1 条记录待核对") and shown.label.isVisible()
    # An acknowledgement imported from a USB stick brings another (the page then says
    # records changed): the note counts again.
    _store_conflicts(ui_ctx.db, 1)
    ui_ctx.signals.records_changed.emit("aid_referral")
    qtbot.waitUntil(lambda: shown.label.text().endswith(" · 2 条记录待核对"), timeout=20_000)
    shown.window.close()
