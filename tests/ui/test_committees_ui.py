"""Mediation committees in the desk application: the 设置 editor, the case form's choice,
and the confirmation an admin is asked for after the upgrade made the first committee."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import text, update

from tests.ui.test_mediation import fill_case, fill_new_person, new_form, save_form
from workstation.domain.committees import CommitteeInput
from workstation.services.committees import create_committee, list_committees
from workstation.storage.models import Station

pytestmark = pytest.mark.usefixtures("qtbot")


def _rows(db: Any, sql: str, **params: Any) -> list[Any]:
    with db.engine.connect() as conn:
        return list(conn.execute(text(sql), params).all())


def _village(ctx: Any) -> str:
    return create_committee(ctx.db, ctx.actor, CommitteeInput(
        name="东港村人民调解委员会", kind="village", division_code="130302100201"))


@pytest.fixture
def page(qtbot: Any, ui_ctx: Any) -> Any:
    from workstation.ui.pages.mediation import MediationPage

    widget = MediationPage(ui_ctx)
    qtbot.addWidget(widget)
    widget.resize(1100, 800)
    widget.show()
    widget.activated()
    yield widget
    widget.shutdown()
    ui_ctx.runner.wait()


def test_one_committee_asks_nothing(page: Any, qtbot: Any, ui_ctx: Any) -> None:
    form = new_form(page, qtbot)
    qtbot.waitUntil(lambda: form.committee.count() == 1)
    assert not form.committee.isVisible()
    assert form.committee.currentText() == "海港镇人民调解委员会"


def test_case_form_offers_the_committees_default_first(page: Any, qtbot: Any,
                                                        ui_ctx: Any) -> None:
    village = _village(ui_ctx)
    form = new_form(page, qtbot)
    qtbot.waitUntil(lambda: form.committee.count() == 2)
    assert form.committee.isVisible()
    assert form.committee.currentText() == "海港镇人民调解委员会"  # the default
    form.committee.setCurrentIndex(form.committee.findData(village))
    fill_new_person(form.rows[0].picker, "王建国", 11)
    fill_new_person(form.rows[1].picker, "刘桂兰", 12, "female")
    fill_case(form)
    case_id = save_form(page, form, qtbot)
    assert _rows(ui_ctx.db, "SELECT committee_id FROM mediation_case WHERE id = :i",
                 i=case_id) == [(village,)]
    assert page.view.case.committee_name == "东港村人民调解委员会"
    shown = [page.view.info.itemAt(i).widget().text() for i in range(page.view.info.count())
             if page.view.info.itemAt(i).widget() is not None]
    assert "东港村人民调解委员会" in shown


def test_settings_editor_adds_edits_and_deactivates(qtbot: Any, ui_ctx: Any,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from workstation.ui.pages.settings import SettingsPage

    settings = SettingsPage(ui_ctx)
    qtbot.addWidget(settings)
    settings.show()
    qtbot.waitUntil(lambda: settings.committees_summary.text() == "海港镇人民调解委员会")
    assert settings.committees_button.isVisible()
    settings.committees_button.click()
    dialog = settings.committees_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.list.count() == 1)
    assert not dialog.confirm_button.isVisible()  # nothing to confirm on a new station

    dialog.add_button.click()
    editor = dialog.editor
    assert editor is not None
    assert editor.division_code.text() == "130302100000"
    qtbot.waitUntil(lambda: editor.mediators.count() == 1)
    editor.name.setText("东港村调委会")
    editor.kind.setCurrentIndex(editor.kind.findData("village"))
    editor.division_code.setText("130302100201")
    editor.mediators.item(0).setCheckState(Qt.CheckState.Checked)
    editor.other_mediators.setText("王德顺")
    editor.save_button.click()
    qtbot.waitUntil(lambda: "人民调解委员会" in editor.error.text())  # refused, stays open
    editor.name.setText("东港村人民调解委员会")
    with qtbot.waitSignal(editor.accepted, timeout=5000):
        editor.save_button.click()
    qtbot.waitUntil(lambda: dialog.list.count() == 2)
    village = next(c for c in list_committees(ui_ctx.db) if c.name == "东港村人民调解委员会")
    assert (village.kind, village.division_code, village.operator_ids,
            village.other_mediators) == ("village", "130302100201",
                                         (ui_ctx.actor.operator_id,), "王德顺")
    qtbot.waitUntil(lambda: "东港村人民调解委员会" in settings.committees_summary.text())

    row = next(i for i in range(dialog.list.count())
               if dialog.list.item(i).text().startswith("东港村"))
    dialog.list.setCurrentRow(row)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    dialog.deactivate_button.click()
    qtbot.waitUntil(lambda: not next(c for c in list_committees(ui_ctx.db)
                                     if c.name == "东港村人民调解委员会").active)
    deactivated = dialog.tr("deactivated")  # 已停用 with the translations installed
    qtbot.waitUntil(lambda: any(deactivated in dialog.list.item(i).text()
                                for i in range(dialog.list.count())))
    dialog.accept()


def test_upgraded_station_asks_the_admin_to_confirm(qtbot: Any, ui_ctx: Any) -> None:
    from workstation.ui.main_window import MainWindow
    from workstation.ui.pages.registry import default_pages

    with ui_ctx.db.write_session() as s:  # as migration 0009_committees leaves it
        s.execute(update(Station).values(committees_unconfirmed=True))
        s.commit()
    window = MainWindow(ui_ctx, default_pages(ui_ctx.actor))
    qtbot.addWidget(window)
    window.show()
    banner = window.committee_banner
    qtbot.waitUntil(banner.isVisible)
    banner.open_button.click()
    dialog = banner.dialog
    assert dialog is not None
    assert dialog.notice.isVisible() and dialog.confirm_button.isVisible()
    qtbot.waitUntil(lambda: dialog.list.count() == 1)
    dialog.confirm_button.click()
    qtbot.waitUntil(lambda: not banner.isVisible())
    assert _rows(ui_ctx.db, "SELECT committees_unconfirmed FROM station") == [(0,)]
    dialog.accept()
    window.close()
    ui_ctx.runner.wait()


# -- small screens, large text ---------------------------------------------------------------

@pytest.fixture
def extra_large(qapp: Any, chinese_settings: Any) -> Any:
    """The app in 特大 text with its style sheet (restored after)."""
    from tests.ui.layout_check import restore_style
    from tests.ui.test_screen_fit import use_ui_font
    from workstation.ui.appearance import apply_text_size

    font = qapp.font()
    use_ui_font(qapp)
    apply_text_size(qapp, "larger")
    try:
        yield
    finally:
        restore_style(qapp, font)


@pytest.mark.usefixtures("extra_large")
def test_committee_dialogs_fit_1024x768_in_extra_large_text(qtbot: Any, ui_ctx: Any) -> None:
    from tests.ui.layout_check import layout_problems
    from tests.ui.test_screen_fit import settle, window_size
    from workstation.ui.dialogs.committees import CommitteesDialog

    _village(ui_ctx)
    width, height = window_size((1024, 768))
    dialog = CommitteesDialog(ui_ctx, confirming=True)
    qtbot.addWidget(dialog)
    dialog.show()
    settle(ui_ctx, qtbot)

    def fits(each: Any) -> None:
        hint = each.sizeHint()
        assert hint.width() <= width and hint.height() <= height, (type(each), hint)
        each.resize(max(hint.width(), each.minimumWidth()), hint.height())
        settle(ui_ctx, qtbot)
        assert layout_problems(each) == [], type(each)

    fits(dialog)
    dialog.add_button.click()
    editor = dialog.editor
    assert editor is not None
    settle(ui_ctx, qtbot)
    editor.setParent(None, editor.windowFlags())  # measured on its own
    qtbot.addWidget(editor)
    editor.show()
    fits(editor)
    editor.reject()
    dialog.accept()
