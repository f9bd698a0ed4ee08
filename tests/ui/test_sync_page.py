"""The 同步 page: county key, export to a USB folder in the background, the bundles table,
acknowledgements (with county decisions flowing back), bad files, cancelling an export."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QSettings, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QPushButton

from tests.sync.helpers import make_county
from workstation.county.db import CountyDatabase
from workstation.county.importer import import_bundle
from workstation.county.service import county_public_key, decide, register_station
from workstation.services import aid
from workstation.services.stations import get_station
from workstation.sync import station as sync
from workstation.ui.pages.sync import BundleRow, BundleTableModel, SyncPage


@pytest.fixture(autouse=True)
def sync_settings(chinese_settings: Path) -> Path:
    """Every test here runs with isolated QSettings and the Chinese translation."""
    return chinese_settings


@pytest.fixture
def county(tmp_path: Path) -> Iterator[CountyDatabase]:
    c = make_county(tmp_path / "county.db")
    try:
        yield c
    finally:
        c.dispose()


@pytest.fixture
def sql(ui_ctx: Any) -> Any:
    """Raw counts on the page's own database (shadows the root ``sql`` fixture)."""
    from tests.conftest import Sql

    return Sql(ui_ctx.db)


@pytest.fixture
def usb(tmp_path: Path) -> Path:
    path = tmp_path / "usb"
    path.mkdir()
    return path


@pytest.fixture
def county_key_file(tmp_path: Path, county: CountyDatabase) -> Path:
    path = tmp_path / "county-key.pem"
    path.write_text(county_public_key(county), encoding="ascii")
    return path


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    """What the page told the user (QMessageBox statics replaced, so nothing blocks)."""
    shown = SimpleNamespace(info=[], warnings=[])
    monkeypatch.setattr(QMessageBox, "information",
                        lambda parent, title, text, *a: shown.info.append(text))
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text, *a: shown.warnings.append(text))
    return shown


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    """Set ``dialogs.folder`` / ``dialogs.file`` to what the user "chooses" next."""
    chosen = SimpleNamespace(folder="", file="", asked=[])

    def folder(parent: Any, caption: str, start: str = "", *a: Any) -> str:
        chosen.asked.append(("folder", start))
        return str(chosen.folder)

    def open_file(parent: Any, caption: str, start: str = "", *a: Any) -> tuple[str, str]:
        chosen.asked.append(("file", start))
        return str(chosen.file), ""

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", folder)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", open_file)
    return chosen


def make_page(qtbot: Any, ctx: Any) -> SyncPage:
    page = SyncPage(ctx)
    qtbot.addWidget(page)
    page.resize(1000, 760)
    page.show()
    page.activated()
    qtbot.waitUntil(lambda: page.status is not None, timeout=20_000)
    return page


def reload(qtbot: Any, page: SyncPage) -> None:
    """Wait for a fresh status (after whatever is queued on the write thread)."""
    page.status = None
    page.refresh()
    qtbot.waitUntil(lambda: page.status is not None and not page.busy, timeout=20_000)


def import_county_key_via_ui(qtbot: Any, page: SyncPage, dialogs: SimpleNamespace,
                             key: Path, messages: SimpleNamespace) -> None:
    dialogs.file = key
    qtbot.mouseClick(page.county_key_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.export_button.isEnabled(), timeout=20_000)
    assert messages.info and "县级中心公钥已导入" in messages.info[-1]


def register(ctx: Any, county: CountyDatabase) -> None:
    register_station(county, get_station(ctx.db).division_code,
                     sync.station_public_key(ctx.db))


def export_via_ui(qtbot: Any, page: SyncPage, dialogs: SimpleNamespace, folder: Path,
                  messages: SimpleNamespace) -> str:
    before = len(messages.info)
    dialogs.folder = folder
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(messages.info) > before, timeout=30_000)
    reload(qtbot, page)
    return str(messages.info[-1])


def import_ack_via_ui(qtbot: Any, page: SyncPage, dialogs: SimpleNamespace, ack: Path,
                      messages: SimpleNamespace) -> None:
    before = (len(messages.info), len(messages.warnings))
    dialogs.file = ack
    qtbot.mouseClick(page.ack_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: (len(messages.info), len(messages.warnings)) != before,
                    timeout=30_000)
    reload(qtbot, page)


def table_texts(page: SyncPage) -> list[list[str]]:
    model = page.table.model()
    return [[str(model.index(r, c).data() or "") for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def forwarded_referral(ctx: Any, make: SimpleNamespace) -> str:
    referral_id = aid.create_referral(ctx.db, ctx.actor, make.referral())
    aid.forward_referral(ctx.db, ctx.actor, referral_id, forwarded_to="海港区法律援助中心",
                         forwarded_on=date.today(), allow_incomplete=True)
    return referral_id


def referral_row(ctx: Any, referral_id: str) -> Any:
    from workstation.storage.models import AidReferral

    with ctx.db.read() as session:
        return session.get_one(AidReferral, referral_id)


# -- tests ---------------------------------------------------------------------------------


def test_export_is_disabled_until_the_county_key_is_imported(
        qtbot: Any, ui_ctx: Any, dialogs: SimpleNamespace, messages: SimpleNamespace,
        county_key_file: Path) -> None:
    page = make_page(qtbot, ui_ctx)
    assert not page.export_button.isEnabled()
    assert not page.ack_button.isEnabled()
    assert page.needs_key_label.isVisible()
    assert "请先导入县级中心公钥" in page.needs_key_label.text()
    assert "请先导入县级中心公钥" in page.export_button.toolTip()
    assert page.county_key_label.text() == "尚未导入"
    # The station key pair exists now; its fingerprint is shown as the CLI prints it.
    from workstation.sync import keys

    fingerprint = keys.fingerprint(keys.load_station_public(sync.station_public_key(ui_ctx.db)))
    assert fingerprint[:16] in page.station_key_label.text()
    assert page.unsynced_label.text().startswith("未同步的更改：")

    page.copy_key_button.click()
    assert QApplication.clipboard().text() == sync.station_public_key(ui_ctx.db)

    import_county_key_via_ui(qtbot, page, dialogs, county_key_file, messages)
    reload(qtbot, page)
    assert not page.needs_key_label.isVisible()
    assert page.county_key_label.text().startswith("已导入")
    assert page.ack_button.isEnabled()
    assert messages.warnings == []


def test_a_bad_county_key_file_shows_a_chinese_error(
        qtbot: Any, ui_ctx: Any, dialogs: SimpleNamespace, messages: SimpleNamespace,
        tmp_path: Path) -> None:
    page = make_page(qtbot, ui_ctx)
    bad = tmp_path / "not-a-key.pem"
    bad.write_text("hello", encoding="ascii")
    dialogs.file = bad
    page.county_key_button.click()
    qtbot.waitUntil(lambda: bool(messages.warnings), timeout=20_000)
    [message] = messages.warnings
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message) and "\n" not in message
    reload(qtbot, page)
    assert page.status is not None and page.status.county_fingerprint is None
    assert not page.export_button.isEnabled()


def test_export_then_acknowledgement_round_trip(
        qtbot: Any, ui_ctx: Any, dialogs: SimpleNamespace, messages: SimpleNamespace,
        county: CountyDatabase, county_key_file: Path, usb: Path, make: SimpleNamespace,
        sql: Any) -> None:
    page = make_page(qtbot, ui_ctx)
    import_county_key_via_ui(qtbot, page, dialogs, county_key_file, messages)
    register(ui_ctx, county)
    aid.create_referral(ui_ctx.db, ui_ctx.actor, make.referral())
    reload(qtbot, page)
    unsynced = page.status.unsynced
    assert unsynced > 0
    assert page.unsynced_label.text() == f"未同步的更改：{unsynced} 条"
    assert page.last_export_label.text() == "上次导出：还没有导出过数据包"
    assert page.model.rowCount() == 0 and page.empty_label.isVisible()

    text = export_via_ui(qtbot, page, dialogs, usb, messages)
    [bundle] = usb.glob("*.wsb")
    assert bundle.name == "130302100000-000001.wsb"
    assert str(bundle) in text and "请将U盘交给县公共法律服务中心" in text
    assert QSettings().value("sync/export_dir") == str(usb)
    rows = table_texts(page)
    assert len(rows) == 1
    assert rows[0][0] == "1" and rows[0][1] == bundle.name and rows[0][5] == "未确认"
    assert "第 1 号数据包" in page.last_export_label.text()
    assert page.status.unsynced == unsynced  # not acknowledged yet

    summary = import_bundle(county, bundle)
    assert summary.status == "imported" and summary.ack_path is not None
    changed: list[str] = []
    ui_ctx.signals.records_changed.connect(changed.append)
    import_ack_via_ui(qtbot, page, dialogs, summary.ack_path, messages)
    assert messages.warnings == []
    assert "已导入第 1 号数据包的回执" in messages.info[-1]
    assert "本次确认的数据包：1 个" in messages.info[-1]
    assert changed == ["aid_referral"]
    assert page.unsynced_label.text() == "未同步的更改：0 条"
    assert table_texts(page)[0][5].startswith("已确认")
    assert page.last_ack_label.text().startswith("上次回执：20")
    assert sql.count("sync_bundle", "acked_at IS NOT NULL") == 1
    # The export and the acknowledgement are audited under the operator who made them.
    for action in ("sync.export", "sync.ack"):
        assert sql.count("audit_entry", "action = :a AND operator_id = :o", a=action,
                         o=ui_ctx.actor.operator_id) == 1, action

    # Nothing new: the page says so and writes nothing.
    text = export_via_ui(qtbot, page, dialogs, usb, messages)
    assert text == "没有需要同步的新更改。"
    assert len(list(usb.glob("*.wsb"))) == 1
    # The chooser opens at the remembered folder next time.
    assert ("folder", str(usb)) in dialogs.asked


def test_a_county_decision_flows_back_through_the_acknowledgement(
        qtbot: Any, ui_ctx: Any, dialogs: SimpleNamespace, messages: SimpleNamespace,
        county: CountyDatabase, county_key_file: Path, usb: Path, make: SimpleNamespace,
        sql: Any) -> None:
    referral_id = forwarded_referral(ui_ctx, make)
    page = make_page(qtbot, ui_ctx)
    import_county_key_via_ui(qtbot, page, dialogs, county_key_file, messages)
    register(ui_ctx, county)
    export_via_ui(qtbot, page, dialogs, usb, messages)
    [bundle] = usb.glob("*.wsb")
    import_bundle(county, bundle)
    decide(county, referral_id, "granted", "李明律师", "符合经济困难标准")
    ack = import_bundle(county, bundle).ack_path  # a replay acknowledges again, with it
    assert ack is not None

    changed: list[str] = []
    ui_ctx.signals.records_changed.connect(changed.append)
    import_ack_via_ui(qtbot, page, dialogs, ack, messages)
    assert messages.warnings == []
    assert "已更新县级中心对法律援助申请的决定：1 件" in messages.info[-1]
    assert changed == ["aid_referral"]
    referral = referral_row(ui_ctx, referral_id)
    assert (referral.status, referral.decision, referral.assigned_lawyer) == (
        "granted", "granted", "李明律师")
    assert sql.count("audit_entry", "action = 'sync.decision'") == 1


def test_a_bad_acknowledgement_shows_one_chinese_error_and_changes_nothing(
        qtbot: Any, ui_ctx: Any, dialogs: SimpleNamespace, messages: SimpleNamespace,
        county: CountyDatabase, county_key_file: Path, usb: Path, make: SimpleNamespace,
        sql: Any, tmp_path: Path) -> None:
    forwarded_referral(ui_ctx, make)
    page = make_page(qtbot, ui_ctx)
    import_county_key_via_ui(qtbot, page, dialogs, county_key_file, messages)
    register(ui_ctx, county)
    export_via_ui(qtbot, page, dialogs, usb, messages)
    [bundle] = usb.glob("*.wsb")
    ack = import_bundle(county, bundle).ack_path
    assert ack is not None
    tampered = tmp_path / "tampered.wsa"
    data = bytearray(ack.read_bytes())
    data[len(data) // 2] ^= 0x01
    tampered.write_bytes(bytes(data))
    before = sql.counts("sync_bundle", "audit_entry", "status_change")
    unsynced = page.status.unsynced
    infos = len(messages.info)

    for bad in (tampered, tmp_path / "missing.wsa"):
        messages.warnings.clear()
        import_ack_via_ui(qtbot, page, dialogs, bad, messages)
        [message] = messages.warnings
        assert any("\u4e00" <= ch <= "\u9fff" for ch in message) and "\n" not in message
        assert "确认文件" in message
    assert len(messages.info) == infos
    assert sql.counts("sync_bundle", "audit_entry", "status_change") == before
    assert sql.count("sync_bundle", "acked_at IS NOT NULL") == 0
    assert page.status.unsynced == unsynced
    assert table_texts(page)[0][5] == "未确认"
    assert page.ack_button.isEnabled() and page.export_button.isEnabled()


def test_cancelling_an_export_writes_nothing(
        qtbot: Any, ui_ctx: Any, dialogs: SimpleNamespace, messages: SimpleNamespace,
        county_key_file: Path, usb: Path, make: SimpleNamespace, sql: Any) -> None:
    aid.create_referral(ui_ctx.db, ui_ctx.actor, make.referral())
    page = make_page(qtbot, ui_ctx)
    import_county_key_via_ui(qtbot, page, dialogs, county_key_file, messages)
    reload(qtbot, page)
    status: list[str] = []
    ui_ctx.signals.status_message.connect(status.append)
    # Hold the write thread so the export is still queued when the user cancels.
    gate = threading.Event()
    ui_ctx.runner.run(lambda: gate.wait(20), write=True)
    dialogs.folder = usb
    page.export_button.click()
    progress = page.progress_dialog
    assert progress is not None
    qtbot.waitUntil(lambda: progress.visible, timeout=20_000)  # after a short delay
    assert not page.export_button.isEnabled()  # one export at a time
    assert progress.dialog is not None
    [cancel] = progress.dialog.findChildren(QPushButton)
    assert cancel.text() == "取消"
    cancel.click()
    gate.set()
    qtbot.waitUntil(lambda: page.progress_dialog is None and not page.busy, timeout=20_000)
    assert status == ["导出已取消，没有写入任何文件"]
    assert messages.warnings == [] and len(messages.info) == 1  # only the key import
    assert list(usb.iterdir()) == []
    assert sql.count("sync_bundle") == 0
    reload(qtbot, page)
    assert page.export_button.isEnabled()


def test_export_progress_hook(ui_ctx: Any, county_key_file: Path, usb: Path,
                              make: SimpleNamespace) -> None:
    """``station.export(progress=...)``: steps up to total; False before recording cancels."""
    db = ui_ctx.db
    sync.set_county_key(db, ui_ctx.actor, county_key_file.read_bytes())
    aid.create_referral(db, ui_ctx.actor, make.referral())
    calls: list[tuple[int, int]] = []
    with pytest.raises(sync.ExportCancelled):
        sync.export(db, usb, progress=lambda done, total: calls.append((done, total)) or
                    done < 3)
    assert calls[-1][0] == 3 and list(usb.iterdir()) == [] and sync.list_bundles(db) == []
    calls.clear()
    [path] = sync.export(db, usb, progress=lambda done, total: calls.append((done, total)))
    assert path.exists()
    total = calls[0][1]
    assert [c[0] for c in calls] == list(range(1, total + 1))
    # Cancelling a re-export at its first step leaves the first bundle alone.
    with pytest.raises(sync.ExportCancelled):
        sync.export(db, usb, progress=lambda done, total: False)
    assert list(usb.iterdir()) == [path]
    assert [b.seq for b in sync.list_bundles(db)] == [1]


def test_export_to_a_missing_folder_is_refused_in_chinese(
        qtbot: Any, ui_ctx: Any, dialogs: SimpleNamespace, messages: SimpleNamespace,
        county_key_file: Path, tmp_path: Path) -> None:
    page = make_page(qtbot, ui_ctx)
    import_county_key_via_ui(qtbot, page, dialogs, county_key_file, messages)
    dialogs.folder = tmp_path / "gone"
    page.export_button.click()
    qtbot.waitUntil(lambda: bool(messages.warnings), timeout=20_000)
    assert messages.warnings[0].startswith("导出目录不存在")
    qtbot.waitUntil(lambda: page.progress_dialog is None and page.export_button.isEnabled(),
                    timeout=20_000)


def test_bundle_table_model(qtmodeltester: Any) -> None:
    model = BundleTableModel()
    now = datetime(2026, 11, 26, 13, 55, tzinfo=UTC)
    model.set_rows([
        BundleRow(1, "130302100000-000001.wsb", 1, 1600, 1500, now, now),
        BundleRow(2, "130302100000-000002.wsb", 1601, 1620, 12, now, None),
    ])
    qtmodeltester.check(model)
    assert model.rowCount() == 2 and model.columnCount() == 6
    assert model.index(0, 0).data() == "2"  # newest first
    assert model.index(0, BundleTableModel.ACKED).data(
        Qt.ItemDataRole.BackgroundRole) is not None
    assert model.index(1, BundleTableModel.ACKED).data(
        Qt.ItemDataRole.BackgroundRole) is None
    assert model.rowCount(model.index(0, 0)) == 0
    assert model.data(QModelIndex()) is None
    model.set_rows([])
    qtmodeltester.check(model)
