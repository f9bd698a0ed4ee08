"""设置: the admin chooses whether urgent legal aid applications are forwarded the same day or
the next working day; a mediator sees the choice but cannot change it."""

from __future__ import annotations

from typing import Any

from workstation.services.aid import urgent_forward_days
from workstation.services.auth import add_operator
from workstation.services.context import Actor


def _page(qtbot: Any, ctx: Any) -> Any:
    from workstation.ui.pages.settings import SettingsPage

    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    return page


def test_the_admin_sets_the_urgent_promise(qtbot: Any, ui_ctx: Any) -> None:
    page = _page(qtbot, ui_ctx)
    qtbot.waitUntil(lambda: page.urgent_days.isEnabled(), timeout=5000)
    assert page.urgent_days.currentData() == 1
    assert page.urgent_days.currentText() == page.tr("the next working day")
    page.urgent_days.setCurrentIndex(page.urgent_days.findData(0))
    page.urgent_save.click()
    qtbot.waitUntil(lambda: page.urgent_note.text() == page.tr("Saved."), timeout=5000)
    assert urgent_forward_days(ui_ctx.db) == 0


def test_a_mediator_cannot_change_the_urgent_promise(qtbot: Any, ui_ctx: Any) -> None:
    from workstation.ui.context import AppContext

    op_id = add_operator(ui_ctx.db, ui_ctx.actor, username="tiaojie", name="李调解",
                         password="mediator-pw-1")
    ctx = AppContext(db=ui_ctx.db, actor=Actor(op_id, ui_ctx.actor.station_id, "tiaojie",
                                               "李调解", "mediator"),
                     runner=ui_ctx.runner, station_name=ui_ctx.station_name)
    page = _page(qtbot, ctx)
    ui_ctx.runner.wait()
    qtbot.waitUntil(lambda: bool(page.urgent_note.text()), timeout=5000)
    assert not page.urgent_days.isEnabled() and not page.urgent_save.isEnabled()
    assert page.urgent_note.text() == page.tr("Only the station admin can change this.")
