"""The 同步 page explains a new chain epoch: pending after a restore, begun and waiting for
the county, gone once the county acknowledged it; and a rollback revealed by an
acknowledgement shows it too. The restore confirmation warns of bundles already sent."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import text

from tests.ui.test_sync_page import (  # noqa: F401  (fixtures)
    county,
    county_key_file,
    dialogs,
    export_via_ui,
    import_ack_via_ui,
    import_county_key_via_ui,
    make_page,
    messages,
    register,
    reload,
    sync_settings,
    usb,
)
from workstation.county.db import CountyDatabase
from workstation.county.importer import import_bundle
from workstation.services import aid
from workstation.services.context import UnitOfWork
from workstation.storage.models import SyncState
from workstation.storage.sync_epoch import RESTORE, mark_values
from workstation.sync.station import EpochStatus
from workstation.ui.sync.epoch_notice import EpochNotice


def _mark_restored(db: Any) -> None:
    """What a restore records in the restored database (storage.sync_epoch)."""
    with UnitOfWork(db, None) as uow:
        state = uow.session.get_one(SyncState, 1)
        for column, value in mark_values(RESTORE, 2, {
                "number": 1, "bundle_seq": 1, "bundle_sha256": None, "acked_bundle_seq": 1},
                datetime(2026, 12, 1, 8, 30, tzinfo=UTC)).items():
            setattr(state, column, value)
        uow.commit()


def _notice(qtbot: Any, page: Any, visible: bool) -> str:
    qtbot.waitUntil(lambda: page.epoch_notice.isVisible() is visible, timeout=20_000)
    return str(page.epoch_notice.text())


def test_the_notice_follows_the_epoch_change(
        qtbot: Any, ui_ctx: Any, dialogs: SimpleNamespace,  # noqa: F811
        messages: SimpleNamespace, county: CountyDatabase,  # noqa: F811
        county_key_file: Path, usb: Path, make: SimpleNamespace) -> None:  # noqa: F811
    page = make_page(qtbot, ui_ctx)
    import_county_key_via_ui(qtbot, page, dialogs, county_key_file, messages)
    register(ui_ctx, county)
    aid.create_referral(ui_ctx.db, ui_ctx.actor, make.referral())
    export_via_ui(qtbot, page, dialogs, usb, messages)
    [first] = usb.glob("*.wsb")
    ack = import_bundle(county, first).ack_path
    assert ack is not None
    import_ack_via_ui(qtbot, page, dialogs, ack, messages)
    _notice(qtbot, page, False)

    _mark_restored(ui_ctx.db)
    reload(qtbot, page)
    said = _notice(qtbot, page, True)
    assert "本站数据曾从备份恢复" in said and "第 2 轮" in said and "发送全部记录" in said
    assert page.epoch_notice.property("role") == "notice"

    text_written = export_via_ui(qtbot, page, dialogs, usb, messages)
    assert "130302100000-e2-000002.wsb" in text_written
    said = _notice(qtbot, page, True)
    assert "已于" in said and "开始第 2 轮" in said and "确认" in said

    summary = import_bundle(county, usb / "130302100000-e2-000002.wsb")
    assert summary.epoch_started and summary.ack_path is not None
    import_ack_via_ui(qtbot, page, dialogs, summary.ack_path, messages)
    assert messages.warnings == []
    _notice(qtbot, page, False)

    # The county acknowledges a bundle this station no longer has: refused, explained, and
    # the next export will start chain 3.
    aid.create_referral(ui_ctx.db, ui_ctx.actor, make.referral())
    export_via_ui(qtbot, page, dialogs, usb, messages)
    later = import_bundle(county, usb / "130302100000-e2-000003.wsb").ack_path
    assert later is not None
    with ui_ctx.db.engine.begin() as conn:  # as if the database went back to before it
        conn.execute(text("DELETE FROM sync_bundle WHERE seq = 3"))
        conn.execute(text("UPDATE sync_state SET next_bundle_seq = 3"))
    import_ack_via_ui(qtbot, page, dialogs, later, messages)
    assert "本站没有与之相符的记录" in messages.warnings[-1]
    said = _notice(qtbot, page, True)
    assert "回退" in said and "第 3 轮" in said


@pytest.mark.parametrize(("status", "expected"), [
    (EpochStatus(1, None, None, None, None, False), ""),
    (EpochStatus(2, None, "restore", None, datetime(2026, 12, 1, tzinfo=UTC), False), ""),
    (EpochStatus(1, 2, "rollback", datetime(2026, 12, 1, tzinfo=UTC), None, False),
     "县级中心的确认文件显示"),
])
def test_what_the_notice_says(qtbot: Any, ui_ctx: Any, status: EpochStatus,
                              expected: str) -> None:
    notice = EpochNotice(ui_ctx)
    qtbot.addWidget(notice)
    said = notice.explain(status)
    assert said.startswith(expected) and bool(said) is bool(expected)


def test_restore_confirmation_warns_of_bundles_already_sent(
        qtbot: Any, ui_ctx: Any, county: CountyDatabase, make: SimpleNamespace,  # noqa: F811
        tmp_path: Path) -> None:
    from workstation.county.service import county_public_key
    from workstation.services import backup as service
    from workstation.sync import station as sync
    from workstation.ui.dialogs.restore import RestoreConfirmDialog

    aid.create_referral(ui_ctx.db, ui_ctx.actor, make.referral())
    made = service.backup_now(ui_ctx.db, ui_ctx.actor, tmp_path).path

    def confirmation() -> RestoreConfirmDialog:
        prepared = service.prepare_restore(ui_ctx.db.path, ui_ctx.db.key, ui_ctx.actor, made)
        try:
            dialog = RestoreConfirmDialog(prepared, "")
        finally:
            prepared.discard()
        qtbot.addWidget(dialog)
        return dialog

    assert confirmation().sync_warning.text() == ""  # never sent anything: no warning
    sync.set_county_key(ui_ctx.db, ui_ctx.actor, county_public_key(county))
    assert len(sync.export(ui_ctx.db, tmp_path)) == 1
    aid.create_referral(ui_ctx.db, ui_ctx.actor, make.referral())
    [two] = sync.export(ui_ctx.db, tmp_path)
    dialog = confirmation()
    said = dialog.sync_warning.text()
    assert "已向县级中心发送过 2 个数据包" in said and two.name in said
    assert "下次导出将开始新一轮同步" in said and "发送全部记录" in said
    assert "它们仍保存在原数据库的副本里" in said  # what happens to the unsent ones
    assert dialog.sync_warning.property("role") == "notice"
