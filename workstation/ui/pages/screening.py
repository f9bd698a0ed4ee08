"""矛盾排查: the dispute screening register — the list beside (or above) the form.

Opening a row loads the screening into the form for editing; 登记排查 / Ctrl+N starts a new
one. The cases a found dispute may be linked to are loaded in the background when the page
is first shown (and again after a case is saved).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFrame, QScrollArea, QSplitter, QVBoxLayout, QWidget

from workstation.domain.screening import ScreeningKind

from ..context import AppContext
from ..screening.form import NEW_KEY, RECORD_TYPE, ScreeningForm
from ..widgets.forms import show_error
from ..widgets.record_list import RecordList
from ..widgets.shortcuts import confirm, shortcut
from ..window_fit import ListBesideForm
from .base import Page


class ScreeningPage(ListBesideForm, Page):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.list = RecordList(ctx, "screenings", status_enum=None, type_enum=ScreeningKind,
                               new_label=self.tr("New screening"),
                               all_types=self.tr("All kinds of screening"))
        self.list.record_activated.connect(lambda rid: self.open_record(RECORD_TYPE, rid))
        self.list.current_changed.connect(self._current_changed)
        self.list.new_requested.connect(self.new_record)
        self.list.model.loaded.connect(lambda *_: self.list.view.resizeColumnToContents(0))
        self.splitter.addWidget(self.list)
        self.form = ScreeningForm(ctx)
        self.form.setObjectName("screening_form")
        self.form.saved.connect(self._saved)
        self.form.reviewed.connect(self._reviewed)
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
        self._cases_loaded = False
        ctx.signals.records_changed.connect(self._records_changed)
        shortcut(QKeySequence.StandardKey.New, self, self.new_record)

    # -- Page ---------------------------------------------------------------------------------

    def activated(self) -> None:
        self.list.load()
        if not self._cases_loaded:
            self.load_cases()

    def load_cases(self) -> None:
        from workstation.services.screening import linkable_cases

        db = self.ctx.db
        self._cases_loaded = True
        self.ctx.runner.run(lambda: linkable_cases(db), on_done=self.form.set_cases,
                            on_error=lambda exc: setattr(self, "_cases_loaded", False))

    def _records_changed(self, record_type: str) -> None:
        if record_type == "mediation_case":
            self._cases_loaded = False
            if self.isVisible():
                self.load_cases()

    def new_record(self) -> None:
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
        if record_id != self.form.screening_id and not self._may_discard():
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
        from workstation.services.screening import load_screening

        db = self.ctx.db
        self._opening = record_id
        self.ctx.runner.run(lambda: load_screening(db, record_id),
                            on_done=lambda detail: self._show(record_id, detail),
                            on_error=lambda exc: show_error(self, self.tr("Could not open"),
                                                            exc))

    def _show(self, record_id: str, detail: Any) -> None:
        if self._opening != record_id:
            return
        self.form.load_detail(detail)
        self.list.show_record(record_id)

    def _current_changed(self, record_id: str) -> None:
        self.open_record(RECORD_TYPE, record_id)
        if self._opening != record_id:
            self.list.show_record(self.form.screening_id)

    def _may_discard(self) -> bool:
        if not self.form.has_changes():
            return True
        if not confirm(self, self.tr("Unsaved changes"),
                       self.tr("Discard what was entered for this screening?")):
            return False
        if not self.form.editing:
            self.form._discard_draft()
        return True

    def _saved(self, record_id: str) -> None:
        self.ctx.signals.status_message.emit(self.tr("Dispute screening saved."))
        self._load(record_id)

    def _reviewed(self, record_id: str) -> None:
        self.ctx.signals.status_message.emit(self.tr("Marked reviewed today."))
        self._load(record_id)

    def _new_requested(self) -> None:
        if not self._may_discard():
            return
        self.form.reset()
        self.list.show_record(None)
        self.form.place.setFocus()
