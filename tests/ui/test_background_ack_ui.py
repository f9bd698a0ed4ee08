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


def test_a_real_background_upload_brings_a_conflict_to_the_page_and_the_note(
        qtbot: Any, ui_ctx: Any, ui_make_person: Any, tmp_path: Path) -> None:
    """No fakes: the real uploader against the test receiver in front of a county that holds
    the station's person differently."""
    from datetime import date

    from tests.sync.helpers import link, make_county, touch_person
    from tests.sync.upload_support import Receiver
    from tests.ui.test_sync_conflicts_ui import _change_county
    from workstation.county.importer import import_bundle
    from workstation.domain.inputs import CaseInput, PartyInput
    from workstation.services.mediation import open_case
    from workstation.sync import station as sync
    from workstation.sync.uploader import Uploader, save_settings

    open_case(ui_ctx.db, ui_ctx.actor, CaseInput(
        source="application", dispute_type="neighbour", facts="邻里之间因排水沟发生纠纷。",
        registered_on=date(2026, 11, 2),
        parties=(PartyInput(role="applicant", person=ui_make_person("张三", 1)),
                 PartyInput(role="respondent", person=ui_make_person("李四", 2, "female")))))
    county = make_county(tmp_path / "county.db")
    folder = tmp_path / "receiver"
    folder.mkdir()
    server = Receiver(county, folder)
    try:
        link(ui_ctx.db, county)
        usb = tmp_path / "usb"
        usb.mkdir()
        [first] = sync.export(ui_ctx.db, usb)
        import_bundle(county, first)  # by USB; its acknowledgement stays at the county
        person_id = touch_person(ui_ctx.db, "13911112222")
        _change_county(county, "person", person_id, 1, name="张叁")
        server.start()
        save_settings(ui_ctx.db, ui_ctx.actor, enabled=True, url=server.url)

        page = _page(qtbot, ui_ctx)
        assert page.conflicts_panel.isHidden()
        shown = make_window(qtbot, ui_ctx, Uploader(ui_ctx.db))
        shown.background.start()
        qtbot.waitUntil(lambda: shown.label.text().endswith(" · 1 条记录待核对"),
                        timeout=30_000)
        assert shown.label.text().startswith("已同步 ")
        qtbot.waitUntil(lambda: page.conflicts_panel.isVisible(), timeout=20_000)
        assert page.conflicts_panel.open_count == 1
        assert [s.path for s in server.seen if s.method == "POST"] == ["/v1/bundles"]
        shown.window.close()
        ui_ctx.runner.wait()
    finally:
        server.stop()
        county.dispose()
