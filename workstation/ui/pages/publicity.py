"""普法宣传: the station's legal publicity activities — the list beside the form.

Opening a row loads the activity into the form for editing (photos as thumbnails); 登记宣传活动
/ Ctrl+N starts a new one. Everything that touches the database or a photo file runs on the
task runner.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFrame, QScrollArea, QSplitter, QVBoxLayout, QWidget

from workstation.domain.publicity import PublicityForm, PublicityPlace

from ..context import AppContext
from ..publicity.form import NEW_KEY, RECORD_TYPE, ActivityForm
from ..widgets.forms import show_error
from ..widgets.record_list import RecordList
from ..widgets.shortcuts import confirm, shortcut
from ..window_fit import ListBesideForm
from .base import Page


class PublicityPage(ListBesideForm, Page):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.list = RecordList(ctx, "activities", status_enum=PublicityForm,
                               type_enum=PublicityPlace,
                               new_label=self.tr("New publicity activity"),
                               all_statuses=self.tr("All forms"),
                               all_types=self.tr("All kinds of place"))
        self.list.record_activated.connect(lambda rid: self.open_record(RECORD_TYPE, rid))
        self.list.current_changed.connect(self._current_changed)
        self.list.new_requested.connect(self.new_record)
        self.list.model.loaded.connect(lambda *_: self.list.view.resizeColumnToContents(0))
        self.splitter.addWidget(self.list)
        self.form = ActivityForm(ctx)
        self.form.setObjectName("activity_form")
        self.form.saved.connect(self._saved)
        self.form.cancelled.connect(self._new_requested)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.form)
        self.form_scroll = scroll
        self.splitter.addWidget(scroll)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout.addWidget(self.splitter)
        self._opening: str | None = None
        self._operators_loaded = False
        shortcut(QKeySequence.StandardKey.New, self, self.new_record)

    # -- Page ---------------------------------------------------------------------------------

    def activated(self) -> None:
        self.list.load()
        if not self._operators_loaded:
            self._load_operators()

    def _load_operators(self) -> None:
        from workstation.services.records import operators

        db = self.ctx.db
        self._operators_loaded = True
        self.ctx.runner.run(lambda: operators(db), on_done=self.form.set_operators,
                            on_error=lambda exc: setattr(self, "_operators_loaded", False))

    def new_record(self) -> None:
        """The form for a new activity (a new one being typed is kept as it is)."""
        if self.form.editing:
            if not self._may_discard():
                return
            self.form.reset()
        self.list.show_record(None)
        self.form.place.setFocus()

    def open_record(self, record_type: str, record_id: str) -> bool:
        if record_type != RECORD_TYPE:
            return False
        if record_id == "new" or record_id.startswith("new:"):
            self.new_record()
            return True
        if record_id != self.form.activity_id and not self._may_discard():
            return True
        self._load(record_id)
        return True

    def restore_draft(self, form_key: str, payload: dict[str, Any]) -> bool:
        if form_key != NEW_KEY:
            return False
        self.form.reset()
        self.form.restore(payload)
        return True

    def shutdown(self) -> None:
        self.form.save_draft()
        self.form.stop()

    # -- internals --------------------------------------------------------------------------------

    def _load(self, record_id: str) -> None:
        from workstation.services.publicity import load_activity

        db = self.ctx.db
        self._opening = record_id
        self.ctx.runner.run(lambda: load_activity(db, record_id),
                            on_done=lambda detail: self._show(record_id, detail),
                            on_error=lambda exc: show_error(self, self.tr("Could not open"),
                                                            exc))

    def _show(self, record_id: str, detail: Any) -> None:
        if self._opening != record_id:
            return  # another activity was opened meanwhile
        self.form.load_detail(detail)
        self.list.show_record(record_id)

    def _current_changed(self, record_id: str) -> None:
        """A click or arrow key on a row: show that activity (asking first when the form has
        unsaved changes; kept, the highlight goes back to the activity shown)."""
        self.open_record(RECORD_TYPE, record_id)
        if self._opening != record_id:
            self.list.show_record(self.form.activity_id)

    def _may_discard(self) -> bool:
        """True when the form may be replaced (nothing unsaved, or the user agrees)."""
        if not self.form.has_changes():
            return True
        if not confirm(self, self.tr("Unsaved changes"),
                       self.tr("Discard what was entered for this activity?")):
            return False
        if not self.form.editing:
            self.form._discard_draft()
        return True

    def _saved(self, record_id: str) -> None:
        self.ctx.signals.status_message.emit(self.tr("Publicity activity saved."))
        self._load(record_id)

    def _new_requested(self) -> None:
        """Esc / 新建活动: an empty form (asking first when something is unsaved)."""
        if not self._may_discard():
            return
        self.form.reset()
        self.list.show_record(None)
        self.form.place.setFocus()
