"""普法宣传 and 服务指引 pages, and the provider picker of the consultation form, driven with
qtbot: activities with photos saved and edited, the directory edited and imported, a
guidance slip printed from a referred consultation."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from sqlalchemy import text

from workstation.domain.referral import ProviderInput
from workstation.services import providers as dirsvc
from workstation.services import publicity as pub
from workstation.services.auth import add_operator, authenticate
from workstation.ui.widgets.forms import set_combo_value


def rows(ctx: Any, sql: str, **params: Any) -> list[Any]:
    with ctx.db.engine.connect() as conn:
        return list(conn.execute(text(sql), params).all())


def settle(ctx: Any, qtbot: Any) -> None:
    ctx.runner.wait()
    qtbot.wait(10)


@pytest.fixture(autouse=True)
def settings(chinese_settings: Path) -> Path:
    return chinese_settings


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    """Message boxes answered without showing them; what they said is kept."""
    seen = SimpleNamespace(warning=[], information=[], question=[], answer=QMessageBox.
                           StandardButton.Yes)

    def record(kind: str):  # type: ignore[no-untyped-def]
        def show(_parent: Any, title: str, body: str, *args: Any, **kwargs: Any) -> Any:
            getattr(seen, kind).append(f"{title}: {body}")
            return seen.answer if kind == "question" else QMessageBox.StandardButton.Ok
        return show

    for kind in ("warning", "information", "question"):
        monkeypatch.setattr(QMessageBox, kind, record(kind))
    return seen


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    """``dialogs.files`` / ``dialogs.file`` / ``dialogs.save`` are what the user picks next."""
    chosen = SimpleNamespace(files=[], file="", save="")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        lambda *a, **k: (list(chosen.files), ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (chosen.file, ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (chosen.save, ""))
    return chosen


def picture(path: Path, size: tuple[int, int], fmt: str = "JPEG") -> Path:
    image = Image.new("RGB", size, (30, 120, 200))
    image.save(path, fmt)
    return path


@pytest.fixture
def page(ui_ctx: Any, qtbot: Any) -> Any:
    from workstation.ui.pages.publicity import PublicityPage

    widget = PublicityPage(ui_ctx)
    qtbot.addWidget(widget)
    widget.resize(1300, 850)
    widget.show()
    widget.activated()
    qtbot.waitUntil(lambda: widget.form.operators.count() > 0, timeout=5000)
    yield widget
    widget.shutdown()
    ui_ctx.runner.wait()
    QApplication.processEvents()


def fill_activity(form: Any) -> None:
    set_combo_value(form.place_kind, "school")
    form.place.setText("海港镇中心小学")
    set_combo_value(form.form, "lecture")
    form.theme.setText("未成年人保护法进校园")
    form.audience.setValue(320)
    form.materials.setValue(400)
    form.notes.setPlainText("邀请律师讲解校园欺凌典型案例。")


def add_photos(qtbot: Any, form: Any, dialogs: SimpleNamespace, paths: list[Path]) -> None:
    dialogs.files = [str(p) for p in paths]
    with qtbot.waitSignal(form.photos.loaded, timeout=20_000):
        qtbot.mouseClick(form.photos.add_button, Qt.MouseButton.LeftButton)


def test_register_an_activity_with_photos(page: Any, ui_ctx: Any, qtbot: Any,
                                          dialogs: SimpleNamespace, messages: SimpleNamespace,
                                          tmp_path: Path) -> None:
    form = page.form
    assert form.heading.text() == "登记普法宣传活动"
    assert form.operators.checked_ids() == (ui_ctx.actor.operator_id,)
    fill_activity(form)
    notes = tmp_path / "通知.txt"
    notes.write_text("不是图片", encoding="utf-8")
    add_photos(qtbot, form, dialogs, [picture(tmp_path / "IMG_1.jpg", (4000, 3000)), notes,
                                      picture(tmp_path / "现场.png", (800, 600), "PNG")])
    assert form.photos.list.count() == 2
    assert len(messages.warning) == 1 and "通知.txt" in messages.warning[0]
    assert form.photos.count_label.text() == "2 张（最多 12 张）"

    qtbot.waitUntil(lambda: form.save_button.isEnabled(), timeout=5000)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.editing and "海宣字第0001号" in form.heading.text(),
                    timeout=10_000)

    [activity] = rows(ui_ctx, "SELECT id, theme, place_kind, form, audience, materials, "
                              "version FROM publicity_activity")
    assert (activity.theme, activity.place_kind, activity.form) == (
        "未成年人保护法进校园", "school", "lecture")
    assert (activity.audience, activity.materials, activity.version) == (320, 400, 1)
    photos = rows(ui_ctx, "SELECT file_name, width, height FROM publicity_photo "
                          "ORDER BY position")
    assert [tuple(p) for p in photos] == [("IMG_1.jpg", 1600, 1200), ("现场.png", 800, 600)]
    assert rows(ui_ctx, "SELECT operator_id FROM publicity_operator") == [
        (ui_ctx.actor.operator_id,)]
    qtbot.waitUntil(lambda: page.list.model.total == 1, timeout=5000)
    assert page.list.model.rows[0].extra == "320人（照片2张）"
    assert form.photos.list.count() == 2 and form.photos.pending() == []


def test_edit_an_activity_remove_a_photo_and_add_a_colleague(
        page: Any, ui_ctx: Any, qtbot: Any, dialogs: SimpleNamespace, tmp_path: Path,
        messages: SimpleNamespace) -> None:
    from workstation.domain.publicity import ActivityInput
    from workstation.services.photos import read_photo_file

    colleague = add_operator(ui_ctx.db, ui_ctx.actor, username="lidj", name="李调解",
                             password="mediator-pass-1")
    page._operators_loaded = False
    page.activated()
    qtbot.waitUntil(lambda: page.form.operators.count() == 2, timeout=5000)
    photos = [read_photo_file(picture(tmp_path / f"{i}.jpg", (1200, 900))) for i in (1, 2)]
    activity_id = pub.create_activity(ui_ctx.db, ui_ctx.actor, ActivityInput(
        held_on=date.today(), place_kind="market", place="海港镇大集",
        form="stall", theme="民法典进万家", audience=150), photos)
    page.list.model.reload()
    qtbot.waitUntil(lambda: page.list.model.total == 1, timeout=5000)
    page.list.view.doubleClicked.emit(page.list.model.index(0, 0))
    form = page.form
    qtbot.waitUntil(lambda: form.activity_id == activity_id, timeout=5000)
    assert form.theme.text() == "民法典进万家" and form.photos.list.count() == 2

    form.photos.list.item(0).setSelected(True)
    qtbot.mouseClick(form.photos.remove_button, Qt.MouseButton.LeftButton)
    form.theme.setText("民法典进万家（第二场）")
    for row in range(form.operators.count()):
        item = form.operators.item(row)
        if item.data(Qt.ItemDataRole.UserRole) == colleague:
            item.setCheckState(Qt.CheckState.Checked)
    qtbot.waitUntil(lambda: form.save_button.isEnabled(), timeout=5000)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.version == 2, timeout=10_000)

    detail = pub.load_activity(ui_ctx.db, activity_id)
    assert detail.theme == "民法典进万家（第二场）" and len(detail.photos) == 1
    assert detail.operator_ids == (ui_ctx.actor.operator_id, colleague)
    assert rows(ui_ctx, "SELECT count(*) FROM publicity_photo WHERE removed") == [(1,)]
    assert messages.warning == []


def test_an_edit_of_an_old_version_is_refused(page: Any, ui_ctx: Any, qtbot: Any,
                                              messages: SimpleNamespace) -> None:
    from workstation.domain.publicity import ActivityInput

    data = ActivityInput(held_on=date.today(), place_kind="village",
                         place="东港村村委会", form="visit", theme="反家庭暴力法宣传")
    activity_id = pub.create_activity(ui_ctx.db, ui_ctx.actor, data)
    page.open_record("publicity_activity", activity_id)
    form = page.form
    qtbot.waitUntil(lambda: form.activity_id == activity_id, timeout=5000)
    pub.update_activity(ui_ctx.db, ui_ctx.actor, activity_id,
                        ActivityInput(**{**data.__dict__, "audience": 40}), expected_version=1)
    form.theme.setText("别人改过之后的主题")
    qtbot.waitUntil(lambda: form.save_button.isEnabled(), timeout=5000)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(messages.warning), timeout=10_000)
    assert "已被修改" in messages.warning[0]
    assert pub.load_activity(ui_ctx.db, activity_id).theme == "反家庭暴力法宣传"


# -- the directory -----------------------------------------------------------------------------


@pytest.fixture
def directory(ui_ctx: Any, qtbot: Any) -> Any:
    from workstation.ui.pages.providers import ProvidersPage

    widget = ProvidersPage(ui_ctx)
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    widget.show()
    widget.activated()
    settle(ui_ctx, qtbot)
    yield widget
    widget.shutdown()
    ui_ctx.runner.wait()
    QApplication.processEvents()


def test_admin_edits_imports_and_exports_the_directory(
        directory: Any, ui_ctx: Any, qtbot: Any, dialogs: SimpleNamespace,
        messages: SimpleNamespace, tmp_path: Path) -> None:
    form = directory.form
    qtbot.mouseClick(directory.new_button, Qt.MouseButton.LeftButton)
    form.name.setText("海港区法律援助中心")
    set_combo_value(form.kind, "legal_aid")
    form.phone.setText("0335-3012348")
    form.hours.setText("工作日 8:30-17:30")
    qtbot.waitUntil(lambda: form.save_button.isEnabled(), timeout=5000)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: directory.model.rowCount() == 1, timeout=5000)
    assert directory.model.item_at(0).kind_label == "法律援助中心"

    source = tmp_path / "县名录.csv"
    source.write_bytes("名称,类别,电话\n海港区公证处,公证处,0335-3056789\n海港区人民法院,法院,12368\n"
                       .encode("gbk"))
    dialogs.file = str(source)
    qtbot.mouseClick(directory.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: directory.model.rowCount() == 3, timeout=10_000)
    assert messages.information == ["导入服务指引名录: 已导入2家机构：新增2家，更新0家，未变0家"]
    assert [directory.model.item_at(r).name for r in range(3)] == [
        "海港区公证处", "海港区法律援助中心", "海港区人民法院"]

    bad = tmp_path / "bad.csv"
    bad.write_text("名称,类别\n甲律所,律所\n乙,银行\n", encoding="utf-8-sig")
    dialogs.file = str(bad)
    qtbot.mouseClick(directory.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(messages.warning), timeout=10_000)
    assert "第3行" in messages.warning[0] and "银行" in messages.warning[0]
    assert rows(ui_ctx, "SELECT count(*) FROM referral_provider") == [(3,)]

    dialogs.save = str(tmp_path / "导出.csv")
    qtbot.mouseClick(directory.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: Path(dialogs.save).exists(), timeout=10_000)
    settle(ui_ctx, qtbot)
    assert Path(dialogs.save).read_bytes().startswith("\ufeff名称".encode())

    # Deactivated providers are hidden unless asked for.
    directory.table.selectRow(0)
    qtbot.waitUntil(lambda: form.name.text() == "海港区公证处", timeout=5000)
    form.active.setChecked(False)
    qtbot.waitUntil(lambda: form.save_button.isEnabled(), timeout=5000)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: directory.model.rowCount() == 2, timeout=10_000)
    directory.inactive_box.setChecked(True)
    assert directory.model.rowCount() == 3


def test_other_operators_only_read_the_directory(ui_ctx: Any, qtbot: Any) -> None:
    from workstation.ui.pages.providers import ProvidersPage

    dirsvc.create_provider(ui_ctx.db, ui_ctx.actor, ProviderInput(name="海港区信访局",
                                                                  kind="petition"))
    add_operator(ui_ctx.db, ui_ctx.actor, username="lidj", name="李调解",
                 password="mediator-pass-1")
    mediator = authenticate(ui_ctx.db, "lidj", "mediator-pass-1")
    ctx = SimpleNamespace(**{**ui_ctx.__dict__, "actor": mediator})
    widget = ProvidersPage(ctx)  # type: ignore[arg-type]
    qtbot.addWidget(widget)
    widget.show()
    widget.activated()
    qtbot.waitUntil(lambda: widget.model.rowCount() == 1, timeout=5000)
    assert widget.new_button.isHidden() and widget.import_button.isHidden()
    assert not widget.export_button.isHidden()
    widget.table.selectRow(0)
    assert widget.form.name.text() == "海港区信访局"
    assert not widget.form.name.isEnabled() and widget.form.save_button.isHidden()
    assert widget.form.admin_note.isVisible()
    widget.shutdown()
    ui_ctx.runner.wait()


# -- the consultation form's provider and the guidance slip ----------------------------------


def test_referred_consultation_names_the_provider_and_prints_a_slip(
        ui_ctx: Any, qtbot: Any, make: SimpleNamespace) -> None:
    from workstation.ui.pages.consultations import ConsultationsPage

    dirsvc.create_provider(ui_ctx.db, ui_ctx.actor, ProviderInput(
        name="河北海港律师事务所", kind="law_firm", phone="0335-3012345"))
    notary = dirsvc.create_provider(ui_ctx.db, ui_ctx.actor, ProviderInput(
        name="秦皇岛市海港区公证处", kind="notary", phone="0335-3056789",
        address="海港区建设大街12号", hours="工作日 9:00-17:00"))
    page = ConsultationsPage(ui_ctx)
    qtbot.addWidget(page)
    page.resize(1300, 850)
    page.show()
    page.activated()
    form = page.form
    qtbot.waitUntil(lambda: form.provider.count() > 1, timeout=5000)
    assert form.layout_form.isRowVisible(form.provider_row) is False
    form.person.anonymous_box.setChecked(True)
    set_combo_value(form.topic, "inheritance")
    form.question.setPlainText("父亲去世后房产如何过户？")
    set_combo_value(form.result, "to_notary")
    assert form.layout_form.isRowVisible(form.provider_row)
    # The notary's office is offered first (it fits 引导至公证).
    assert form.provider.itemData(1) == notary
    set_combo_value(form.provider, notary)
    qtbot.waitUntil(lambda: form.save_button.isEnabled(), timeout=5000)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.banner.isVisible(), timeout=10_000)
    [saved] = rows(ui_ctx, "SELECT id, number, provider_id, referred_to FROM consultation")
    assert (saved.provider_id, saved.referred_to) == (notary, "秦皇岛市海港区公证处")

    page.open_record("consultation", saved.id)
    qtbot.waitUntil(lambda: page.showing_record(), timeout=5000)
    assert "秦皇岛市海港区公证处" in page.view.values["provider"].text()
    button = page.view.print_button
    qtbot.waitUntil(lambda: "guidance_slip" in button.actions_by_key(), timeout=20_000)
    actions = button.actions_by_key()
    assert actions["guidance_slip"].isEnabled()
    assert actions["guidance_slip_receipt"].isEnabled()
    with qtbot.waitSignal(button.document_ready, timeout=30_000) as made:
        actions["guidance_slip_receipt"].trigger()
    doc = made.args[0]
    from pypdf import PdfReader

    body = "".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(doc.pdf)).pages)
    flat = "".join(body.split())
    assert "秦皇岛市海港区公证处" in flat and saved.number in flat
    qtbot.waitUntil(lambda: button.preview is not None, timeout=10_000)
    button.preview.close()
    page.shutdown()
    ui_ctx.runner.wait()
    QApplication.processEvents()


def test_photo_opens_full_size_and_a_new_activity_survives_as_a_draft(
        page: Any, ui_ctx: Any, qtbot: Any, dialogs: SimpleNamespace, tmp_path: Path) -> None:
    form = page.form
    fill_activity(form)
    add_photos(qtbot, form, dialogs, [picture(tmp_path / "IMG_2.jpg", (3000, 2000))])
    form.photos.list.itemDoubleClicked.emit(form.photos.list.item(0))
    qtbot.waitUntil(lambda: form.photos.viewer is not None, timeout=5000)
    shown = form.photos.viewer.image.pixmap()
    assert not shown.isNull() and shown.width() / shown.height() == pytest.approx(1.5, 0.01)
    form.photos.viewer.close()

    form.save_draft()
    settle(ui_ctx, qtbot)
    [draft] = rows(ui_ctx, "SELECT form_key, payload FROM draft")
    assert draft.form_key == "publicity_activity:new" and "未成年人保护法进校园" in draft.payload

    from workstation.services.drafts import list_drafts
    from workstation.ui.pages.publicity import PublicityPage

    other = PublicityPage(ui_ctx)
    qtbot.addWidget(other)
    [saved] = list_drafts(ui_ctx.db, ui_ctx.actor)
    assert other.restore_draft(saved.form_key, saved.payload)
    assert other.form.theme.text() == "未成年人保护法进校园"
    assert other.form.audience.value() == 320 and other.form.place.text() == "海港镇中心小学"
    other.shutdown()
