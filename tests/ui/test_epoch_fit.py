"""The 同步 page with its epoch notice shown (after a restore) fits the office screens, in
标准 and 特大, like every page (tests/ui/test_screen_fit.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.ui.test_dialog_fit import fit_problems, larger  # noqa: F401
from tests.ui.test_epoch_notice import _mark_restored
from tests.ui.test_screen_fit import (  # noqa: F401  (the text_size fixture)
    COMBINATIONS,
    check,
    report,
    settle,
    text_size,
    window_size,
)
from workstation.sync import station as sync
from workstation.ui.sync.epoch_notice import EpochNotice


@pytest.mark.parametrize(("screen", "text_size"), COMBINATIONS, indirect=["text_size"],
                         ids=[f"{w}x{h}-{t}" for (w, h), t in COMBINATIONS])
def test_sync_page_with_the_epoch_notice_fits(qtbot: Any, ui_ctx: Any,
                                              screen: tuple[int, int],
                                              text_size: str) -> None:  # noqa: F811
    from workstation.ui.main_window import MainWindow
    from workstation.ui.pages.registry import default_pages

    sync.ensure_state(ui_ctx.db)
    _mark_restored(ui_ctx.db)
    window = MainWindow(ui_ctx, default_pages(ui_ctx.actor), idle_timeout_ms=0)
    qtbot.addWidget(window)
    size = window_size(screen)
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(*size)
    window.show()
    found: dict[str, list[str]] = {}
    try:
        window.show_page("sync")
        settle(ui_ctx, qtbot)
        notice = window.findChild(EpochNotice, "epoch_notice")
        assert notice is not None and notice.isVisible() and "第 2 轮" in notice.text()
        check(window, size, "sync with epoch notice", found)
    finally:
        window.session_lock.stop()
        window.close()
        ui_ctx.runner.wait()
    assert not found, report(found)


def test_restore_confirmation_with_the_sync_warning_fits(
        qtbot: Any, ui_ctx: Any, larger: None, tmp_path: Path, make: Any) -> None:  # noqa: F811
    from tests.sync.helpers import make_county
    from workstation.county.service import county_public_key
    from workstation.services import aid
    from workstation.services import backup as service
    from workstation.ui.dialogs.restore import RestoreConfirmDialog

    aid.create_referral(ui_ctx.db, ui_ctx.actor, make.referral())
    made = service.backup_now(ui_ctx.db, ui_ctx.actor, tmp_path).path
    county = make_county(tmp_path / "county.db")
    try:
        sync.set_county_key(ui_ctx.db, ui_ctx.actor, county_public_key(county))
    finally:
        county.dispose()
    sync.export(ui_ctx.db, tmp_path)
    prepared = service.prepare_restore(ui_ctx.db.path, ui_ctx.db.key, ui_ctx.actor, made)
    try:
        dialog = RestoreConfirmDialog(prepared, "")
    finally:
        prepared.discard()
    assert "已向县级中心发送过 1 个数据包" in dialog.sync_warning.text()
    assert fit_problems(qtbot, dialog) == []
