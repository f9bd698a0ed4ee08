"""在线上传: the settings box on the 同步 page and the background uploader's status-bar note."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMainWindow

from workstation.sync.uploader import Attempt, UploadState, load_state
from workstation.ui.sync.background import BackgroundUploader
from workstation.ui.sync.upload_settings import UploadSettingsBox

DONE = datetime(2026, 12, 1, 8, 5, tzinfo=UTC)


@pytest.fixture(autouse=True)
def upload_settings(chinese_settings: Path) -> Path:
    return chinese_settings


def _hhmm(value: datetime) -> str:
    return value.astimezone().strftime("%H:%M")


def make_box(qtbot: Any, ctx: Any) -> UploadSettingsBox:
    box = UploadSettingsBox(ctx)
    qtbot.addWidget(box)
    box.show()
    box.refresh()
    qtbot.waitUntil(lambda: box.save_button.isEnabled(), timeout=20_000)
    return box


def test_settings_are_saved_checked_and_shown_again(qtbot: Any, ui_ctx: Any) -> None:
    box = make_box(qtbot, ui_ctx)
    assert box.title() == "在线上传"
    assert not box.enabled_box.isChecked() and box.url_edit.text() == ""
    changed: list[bool] = []
    ui_ctx.signals.sync_upload_changed.connect(lambda: changed.append(True))

    box.enabled_box.setChecked(True)
    box.url_edit.setText("ftp://县级中心")
    qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: box.save_button.isEnabled() and box.result_label.text() != "",
                    timeout=20_000)
    assert "https://" in box.result_label.text() and box.result_label.property("role") == "error"
    assert not load_state(ui_ctx.db).enabled  # nothing half-saved
    assert changed == []

    box.url_edit.setText("https://10.0.0.5:8443/")
    box.pin_edit.setText("AB:" * 31 + "AB")
    qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: changed == [True], timeout=20_000)
    assert box.result_label.text() == "设置已保存，自动上传已开启。"
    state = load_state(ui_ctx.db)
    assert (state.enabled, state.url, state.pin_sha256) == (True, "https://10.0.0.5:8443",
                                                            "ab" * 32)
    assert box.url_edit.text() == "https://10.0.0.5:8443"

    again = make_box(qtbot, ui_ctx)
    assert again.enabled_box.isChecked() and again.pin_edit.text() == "ab" * 32


def test_fingerprint_from_a_certificate_file(qtbot: Any, ui_ctx: Any, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.sync.upload_support import _self_signed
    from workstation.sync.client import certificate_fingerprint

    cert, _key = _self_signed(tmp_path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(cert), ""))
    box = make_box(qtbot, ui_ctx)
    qtbot.mouseClick(box.cert_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: box.pin_edit.text() != "", timeout=20_000)
    assert box.pin_edit.text() == certificate_fingerprint(cert.read_bytes())

    bad = tmp_path / "not-a-cert.pem"
    bad.write_text("hello")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    qtbot.mouseClick(box.cert_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "证书" in box.result_label.text() and box.cert_button.isEnabled(),
                    timeout=20_000)
    assert box.result_label.property("role") == "error"


def test_upload_now_summary(qtbot: Any, ui_ctx: Any) -> None:
    box = make_box(qtbot, ui_ctx)
    ok = Attempt("ok", uploaded=2, acked_bundle_seq=5, decisions_applied=1,
                 state=UploadState(enabled=True, url="http://x"))
    first, second = box.summary(ok).splitlines()
    assert first == "已上传 2 个数据包；县级中心已确认第 5 号及之前的数据包。"
    assert second == "已更新县级中心对法律援助申请的决定：1 件"
    refused = Attempt("refused", "县级中心拒收：数据包链不符",
                      state=UploadState(enabled=True, url="http://x"))
    text = box.summary(refused)
    assert text.startswith("县级中心拒收：数据包链不符") and "联系县级中心" in text
    down = Attempt("network", "无法连接县级中心",
                   state=UploadState(enabled=True, url="http://x", next_attempt_at=DONE))
    assert f"下次自动重试：{_hhmm(DONE)}" in box.summary(down)


def test_upload_now_without_an_address_says_so(qtbot: Any, ui_ctx: Any) -> None:
    box = make_box(qtbot, ui_ctx)
    qtbot.mouseClick(box.upload_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: box.upload_button.isEnabled() and "地址" in box.result_label.text(),
                    timeout=20_000)
    assert box.result_label.property("role") == "error"


# --- the status bar -----------------------------------------------------------------------------


class FakeUploader:
    """Stands in for ``sync.uploader.Uploader``: hands out prepared attempts."""

    def __init__(self, *attempts: Attempt) -> None:
        self.attempts = list(attempts)
        self.runs = 0

    def due(self) -> bool:
        return True

    def wanted(self) -> bool:
        return bool(self.attempts)

    def run(self, *, check: Any = None, **_: Any) -> Attempt:
        self.runs += 1
        if check is not None:
            check()
        return self.attempts.pop(0)


def make_window(qtbot: Any, ctx: Any, uploader: Any) -> SimpleNamespace:
    window = QMainWindow()
    qtbot.addWidget(window)
    background = BackgroundUploader(ctx, window, uploader=uploader)
    window.show()
    return SimpleNamespace(window=window, background=background, label=background.label)


ENABLED = UploadState(enabled=True, url="http://county.test")


@pytest.mark.parametrize(("state", "text", "role"), [
    (replace(ENABLED, last_result="ok", last_success_at=DONE), f"已同步 {_hhmm(DONE)}", "ok"),
    (replace(ENABLED, last_result="network", failures=2, next_attempt_at=DONE,
             last_error="无法连接县级中心（网络不通，或县级中心未开机）"),
     f"等待网络，下次重试 {_hhmm(DONE)}", "warning"),
    (replace(ENABLED, last_result="refused", last_error="县级中心拒收：数据包链不符"),
     "县级中心拒收：数据包链不符", "alert"),
    (replace(ENABLED, last_result="retry", next_attempt_at=DONE),
     f"县级中心繁忙，下次重试 {_hhmm(DONE)}", "warning"),
    (replace(ENABLED, last_result="error", next_attempt_at=DONE, last_error="县级中心密钥不符"),
     f"上传失败，下次重试 {_hhmm(DONE)}", "alert"),
])
def test_status_bar_words(qtbot: Any, ui_ctx: Any, state: UploadState, text: str,
                          role: str) -> None:
    shown = make_window(qtbot, ui_ctx, FakeUploader())
    shown.background.show_state(state)
    assert shown.label.text() == text
    assert shown.label.property("role") == role
    assert shown.label.toolTip() == state.last_error
    assert shown.label.isVisible()


def test_status_bar_hidden_while_upload_is_not_set_up(qtbot: Any, ui_ctx: Any) -> None:
    shown = make_window(qtbot, ui_ctx, FakeUploader())
    shown.background.show_state(UploadState())
    assert not shown.label.isVisible()


def test_background_attempt_runs_off_the_gui_thread_and_shows_its_outcome(
        qtbot: Any, ui_ctx: Any) -> None:
    import threading

    threads: list[Any] = []

    class Recording(FakeUploader):
        def run(self, **kw: Any) -> Attempt:
            threads.append(threading.current_thread())
            return super().run(**kw)

    failed = Attempt("network", "无法连接县级中心", state=replace(
        ENABLED, last_result="network", failures=1, next_attempt_at=DONE,
        last_error="无法连接县级中心"))
    fake = Recording(failed)
    shown = make_window(qtbot, ui_ctx, fake)
    shown.background.show_state(ENABLED)
    shown.background.attempt()
    assert shown.label.text() == "正在上传……"
    qtbot.waitUntil(lambda: not shown.background.running, timeout=20_000)
    assert shown.label.text() == f"等待网络，下次重试 {_hhmm(DONE)}"
    assert threads and threads[0] is not threading.main_thread()

    # A save while idle schedules the next attempt; closing the window stops everything.
    shown.background.show_state(ENABLED)
    ui_ctx.signals.records_changed.emit("person")
    assert shown.background.idle.isActive()
    shown.window.close()
    assert shown.background.stopped and not shown.background.idle.isActive()
    shown.background.attempt()
    assert not shown.background.running  # no attempt after the window closed


def test_disabled_upload_never_starts(qtbot: Any, ui_ctx: Any) -> None:
    fake = FakeUploader(Attempt("ok", state=ENABLED))
    shown = make_window(qtbot, ui_ctx, fake)
    shown.background.show_state(replace(ENABLED, enabled=False))
    shown.background.attempt()
    ui_ctx.signals.records_changed.emit("person")
    assert not shown.background.running and not shown.background.idle.isActive()
    assert fake.runs == 0


def test_the_sync_page_shows_the_box_to_admins_only(qtbot: Any, ui_ctx: Any) -> None:
    from workstation.services.context import Actor
    from workstation.ui.pages.sync import SyncPage

    page = SyncPage(ui_ctx)
    qtbot.addWidget(page)
    assert isinstance(page.upload_box, UploadSettingsBox)
    clerk = replace(ui_ctx, actor=Actor(ui_ctx.actor.operator_id, ui_ctx.actor.station_id,
                                        "clerk", "办事员", "clerk"))
    other = SyncPage(clerk)
    qtbot.addWidget(other)
    assert other.upload_box is None


def test_test_connection_and_upload_now_against_a_county(qtbot: Any, ui_ctx: Any,
                                                         tmp_path: Path) -> None:
    from sqlalchemy import text

    from tests.sync.helpers import link, make_county
    from tests.sync.upload_support import Receiver

    county = make_county(tmp_path / "county.db")
    folder = tmp_path / "receiver"
    folder.mkdir()
    server = Receiver(county, folder).start()
    try:
        link(ui_ctx.db, county)
        box = make_box(qtbot, ui_ctx)
        box.url_edit.setText(server.url)
        qtbot.mouseClick(box.test_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: box.test_button.isEnabled() and "连接" in
                        box.result_label.text() and "正在" not in box.result_label.text(),
                        timeout=20_000)
        assert box.result_label.text().startswith("连接正常"), box.result_label.text()
        assert box.result_label.property("role") == "ok"

        qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: load_state(ui_ctx.db).url == server.url, timeout=20_000)
        qtbot.waitUntil(lambda: box.upload_button.isEnabled(), timeout=20_000)
        qtbot.mouseClick(box.upload_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: box.upload_button.isEnabled() and "上传" in
                        box.result_label.text() and "正在" not in box.result_label.text(),
                        timeout=30_000)
        assert box.result_label.text().startswith("已上传 1 个数据包"), box.result_label.text()
        with county.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM bundle")).scalar_one() == 1
    finally:
        server.stop()
        county.dispose()
