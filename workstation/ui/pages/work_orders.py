"""12348工单: the 12348 work orders the platform dispatched — the list beside (or above) the
form of the order chosen, its handling and its reply.

Opening a row loads the order into the form; 登记工单 / Ctrl+N starts a new one. An overdue
order (past its due day without a reply) is marked in the list and on the workbench.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFrame, QScrollArea, QSplitter, QVBoxLayout, QWidget

from workstation.domain.work_orders import OrderState

from ..context import AppContext
from ..widgets.forms import show_error
from ..widgets.record_list import RecordList
from ..widgets.shortcuts import confirm, shortcut
from ..window_fit import ListBesideForm
from ..work_orders.form import NEW_KEY, RECORD_TYPE, WorkOrderForm
from .base import Page


class WorkOrdersPage(ListBesideForm, Page):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.list = RecordList(ctx, "orders", status_enum=OrderState, type_enum=None,
                               new_label=self.tr("New order"),
                               all_statuses=self.tr("All orders"))
        self.list.show_voided.setVisible(False)  # orders are never voided
        self.list.record_activated.connect(lambda rid: self.open_record(RECORD_TYPE, rid))
        self.list.current_changed.connect(self._current_changed)
        self.list.new_requested.connect(self.new_record)
        self.list.model.loaded.connect(lambda *_: self.list.view.resizeColumnToContents(0))
        self.splitter.addWidget(self.list)
        self.form = WorkOrderForm(ctx)
        self.form.setObjectName("work_order_form")
        self.form.saved.connect(self._saved)
        self.form.changed.connect(self._load)
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
        ctx.signals.records_changed.connect(self._records_changed)
        shortcut(QKeySequence.StandardKey.New, self, self.new_record)
        self.form.print_button.install_shortcut(self)

    # -- Page ---------------------------------------------------------------------------------

    def activated(self) -> None:
        self.list.load()

    def new_record(self) -> None:
        if self.form.editing:
            if not self._may_discard():
                return
            self.form.reset()
        self.list.show_record(None)
        self.form.order_no.setFocus()

    def open_record(self, record_type: str, record_id: str) -> bool:
        if record_type != RECORD_TYPE:
            return False
        if record_id == "new" or record_id.startswith("new:"):
            self.new_record()
            return True
        if record_id != self.form.order_id and not self._may_discard():
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
        from workstation.services.work_orders import load_order

        db = self.ctx.db
        self._opening = record_id
        self.ctx.runner.run(lambda: load_order(db, record_id),
                            on_done=lambda detail: self._show(record_id, detail),
                            on_error=lambda exc: show_error(self, self.tr("Could not open"),
                                                            exc))

    def _show(self, record_id: str, detail: Any) -> None:
        if self._opening != record_id:
            return
        self.form.load_detail(detail)
        self.list.show_record(record_id)

    def _records_changed(self, record_type: str) -> None:
        # A consultation made for the order shown was linked to it: show the new state.
        if (record_type == "consultation" and self.form.order_id is not None
                and not self.form.dirty):
            self._load(self.form.order_id)

    def _current_changed(self, record_id: str) -> None:
        self.open_record(RECORD_TYPE, record_id)
        if self._opening != record_id:
            self.list.show_record(self.form.order_id)

    def _may_discard(self) -> bool:
        if not self.form.has_changes():
            return True
        if not confirm(self, self.tr("Unsaved changes"),
                       self.tr("Discard what was entered for this order?")):
            return False
        if not self.form.editing:
            self.form._discard_draft()
        return True

    def _saved(self, record_id: str) -> None:
        self.ctx.signals.status_message.emit(self.tr("12348 work order saved."))
        self._load(record_id)

    def _new_requested(self) -> None:
        if not self._may_discard():
            return
        self.form.reset()
        self.list.show_record(None)
        self.form.order_no.setFocus()
