"""服务指引 → 从县级中心更新: the county's directory fetched over the network (the stdlib
receiver of tests/sync/upload_support.py in front of a real county database), asked first
when it changes entries this station has (No by default), admins only, only with an online
address; the page fits 1024×768 in 特大 with the button shown."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.sync.helpers import link, make_county, new_station
from tests.sync.upload_support import Receiver
from tests.ui.layout_check import layout_problems, restore_style
from workstation.county.importer import import_bundle
from workstation.domain.referral import ProviderInput
from workstation.services.context import Actor
from workstation.services.printing import first_admin
from workstation.services.providers import create_provider, list_providers
from workstation.sync import station as sync
from workstation.sync.uploader import save_settings
from workstation.ui.pages.providers import ProvidersPage


@pytest.fixture(autouse=True)
def settings(chinese_settings: Path) -> Path:
    return chinese_settings


def _provider(name: str, **kw: str) -> ProviderInput:
    values = {"name": name, "kind": "law_firm", "address": "海港区文化路88号",
              "phone": "0335-3012345", "hours": "工作日 9:00-17:00"}
    values.update(kw)
    return ProviderInput(**values)  # type: ignore[arg-type]


@pytest.fixture
def receiver(ui_ctx: Any, tmp_path: Path) -> Iterator[Receiver]:
    """A county whose directory has two providers (from another station), linked to the
    station of ``ui_ctx``, behind a receiver on 127.0.0.1."""
    county = make_county(tmp_path / "county.db")
    donor = new_station(tmp_path / "donor.db", "130302100009", "九号站", county=county)
    folder = tmp_path / "receiver"
    folder.mkdir()
    server = Receiver(county, folder)
    try:
        create_provider(donor, first_admin(donor), _provider("河北海港律师事务所",
                                                             phone="0335-3099999"))
        create_provider(donor, first_admin(donor), _provider("海港区公证处", kind="notary"))
        for path in sync.export(donor, tmp_path):
            import_bundle(county, path, ack_dir=tmp_path)
        link(ui_ctx.db, county)
        yield server.start()
    finally:
        server.stop()
        donor.dispose()
        county.dispose()


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    """Message boxes answered without a person: questions get ``answer`` (No at first)."""
    seen = SimpleNamespace(questions=[], info=[], warnings=[],
                           answer=QMessageBox.StandardButton.No)

    def question(_parent: Any, _title: str, text: str, *_a: Any) -> Any:
        seen.questions.append(text)
        return seen.answer

    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QMessageBox, "information",
                        lambda _p, _t, text, *_a: seen.info.append(text))
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda _p, _t, text, *_a: seen.warnings.append(text))
    return seen


def _page(qtbot: Any, ctx: Any) -> ProvidersPage:
    page = ProvidersPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.activated()
    ctx.runner.wait()
    QCoreApplication.processEvents()
    return page


def _click(qtbot: Any, page: ProvidersPage, boxes: SimpleNamespace) -> None:
    before = (len(boxes.questions), len(boxes.info), len(boxes.warnings))
    qtbot.mouseClick(page.county_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.county_button.isEnabled() and (
        len(boxes.questions), len(boxes.info), len(boxes.warnings)) != before,
        timeout=20_000)
    page.ctx.runner.wait()
    QCoreApplication.processEvents()


def _phones(ctx: Any) -> dict[str, str]:
    return {p.name: p.phone for p in list_providers(ctx.db)}


def test_update_from_the_county_asks_before_changing_entries(
        qtbot: Any, ui_ctx: Any, receiver: Receiver, boxes: SimpleNamespace) -> None:
    create_provider(ui_ctx.db, ui_ctx.actor, _provider("河北海港律师事务所"))
    page = _page(qtbot, ui_ctx)
    assert page.county_button.isHidden()  # no online address yet

    save_settings(ui_ctx.db, ui_ctx.actor, enabled=False, url=receiver.url)
    ui_ctx.signals.sync_upload_changed.emit()
    qtbot.waitUntil(lambda: page.county_button.isVisible(), timeout=20_000)
    assert page.county_button.text() == "从县级中心更新"

    # It would change the firm this station has: asked; No (the default) changes nothing.
    messages: list[str] = []
    ui_ctx.signals.status_message.connect(messages.append)
    _click(qtbot, page, boxes)
    assert boxes.questions == ["县级中心的名录将更改本站已有的 1 家机构（本站填写的信息将被"
                               "县级中心的替换），并新增 1 家。是否更新名录？"]
    assert _phones(ui_ctx) == {"河北海港律师事务所": "0335-3012345"}
    assert messages == ["名录未更新。"] and not boxes.info

    boxes.answer = QMessageBox.StandardButton.Yes
    _click(qtbot, page, boxes)
    assert boxes.info == ["已从县级中心更新名录：新增 1 家，更新 1 家，未变 0 家。"]
    assert _phones(ui_ctx) == {"河北海港律师事务所": "0335-3099999",
                               "海港区公证处": "0335-3012345"}
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=20_000)

    # Nothing new: said so, nothing asked.
    _click(qtbot, page, boxes)
    assert boxes.info[-1] == "本站名录已与县级中心一致（共 2 家机构）。"
    assert len(boxes.questions) == 2 and not boxes.warnings
    assert [s.path for s in receiver.seen].count("/v1/directory") == 3


def test_only_new_entries_are_added_without_asking_and_failures_are_shown(
        qtbot: Any, ui_ctx: Any, receiver: Receiver, boxes: SimpleNamespace) -> None:
    save_settings(ui_ctx.db, ui_ctx.actor, enabled=False, url=receiver.url)
    page = _page(qtbot, ui_ctx)
    assert page.county_button.isVisible()
    _click(qtbot, page, boxes)
    assert boxes.questions == []
    assert boxes.info == ["已从县级中心更新名录：新增 2 家，更新 0 家，未变 0 家。"]

    receiver.stop()  # the county out of reach
    _click(qtbot, page, boxes)
    assert boxes.warnings and "无法连接县级中心" in boxes.warnings[-1]
    assert len(list_providers(ui_ctx.db)) == 2


def test_clerks_never_see_the_button(qtbot: Any, ui_ctx: Any, receiver: Receiver) -> None:
    save_settings(ui_ctx.db, ui_ctx.actor, enabled=False, url=receiver.url)
    clerk = replace(ui_ctx, actor=Actor(ui_ctx.actor.operator_id, ui_ctx.actor.station_id,
                                        "clerk", "办事员", "clerk"))
    page = _page(qtbot, clerk)
    assert page.county_button.isHidden()


def test_providers_page_with_the_button_fits_1024x768_in_the_largest_text(
        qtbot: Any, ui_ctx: Any, qapp: QApplication) -> None:
    from workstation.ui.appearance import apply_text_size, register_bundled_fonts, ui_font_family
    from workstation.ui.main_window import MainWindow
    from workstation.ui.pages.registry import default_pages

    save_settings(ui_ctx.db, ui_ctx.actor, enabled=False, url="http://127.0.0.1:9")
    font = qapp.font()
    face = QFont()
    face.setFamilies(ui_font_family(register_bundled_fonts()))
    qapp.setFont(face)
    apply_text_size(qapp, "larger")
    window = MainWindow(ui_ctx, default_pages(ui_ctx.actor), idle_timeout_ms=0)
    qtbot.addWidget(window)
    try:
        window.setWindowState(Qt.WindowState.WindowNoState)
        window.resize(1024, 768 - 40 - 32)
        window.show()
        page = window.show_page("providers")
        for _ in range(3):
            ui_ctx.runner.wait()
            QCoreApplication.processEvents()
        qtbot.wait(30)
        assert page.county_button.isVisible()
        assert layout_problems(window) == []
    finally:
        window.session_lock.stop()
        window.close()
        ui_ctx.runner.wait()
        restore_style(qapp, font)
