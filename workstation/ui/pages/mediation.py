"""People's mediation page: the list of cases, the new-case form and the case view."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMessageBox, QStackedWidget, QVBoxLayout, QWidget

from workstation.domain.enums import DisputeType, MediationStatus

from ..context import AppContext
from ..mediation.case_form import CaseForm
from ..mediation.case_view import CaseView
from ..widgets.record_list import RecordList
from ..work_orders.form import FOR_ORDER_PREFIX, load_order_for
from .base import Page

RECORD_TYPE = "mediation_case"
FORM_KEY = "mediation_case:new"


class MediationPage(Page):
    """List → new-case form or case view, in one stack."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack)
        self.list = RecordList(ctx, "mediations", status_enum=MediationStatus,
                               type_enum=DisputeType, new_label=self.tr("New case"))
        self.list.record_activated.connect(self.show_case)
        self.list.new_requested.connect(self.new_record)
        self.stack.addWidget(self.list)
        self.view = CaseView(ctx)
        self.view.back_requested.connect(self.show_list)
        self.stack.addWidget(self.view)
        self.view.print_button.install_shortcut(self)
        self.form: CaseForm | None = None

    # -- Page -------------------------------------------------------------------------------

    def activated(self) -> None:
        self.list.load()

    def open_record(self, record_type: str, record_id: str) -> bool:
        if record_type != RECORD_TYPE:
            return False
        if record_id == "new":
            self.new_record()
        elif record_id.startswith(FOR_ORDER_PREFIX):
            form = self._fresh_form()
            load_order_for(self.ctx, record_id.removeprefix(FOR_ORDER_PREFIX),
                           form.prefill_from_order, self)
        elif record_id.startswith("new:"):
            # "new:<person>@<consultation>" (``consultations.new_record_id``).
            person_id, _, consultation_id = record_id.removeprefix("new:").partition("@")
            form = self._fresh_form()
            if person_id:
                form.prefill_applicant(person_id)
            form.from_consultation = consultation_id or None
        else:
            self.show_case(record_id)
        return True

    def restore_draft(self, form_key: str, payload: dict[str, Any]) -> bool:
        if form_key != FORM_KEY:
            return False
        self._fresh_form().restore(payload)
        return True

    def new_record(self) -> None:
        """Show the new-case form (the one being filled in, if any)."""
        if self.form is None:
            self._fresh_form()
        else:
            self.stack.setCurrentWidget(self.form)
            self.form.source.setFocus()

    def shutdown(self) -> None:
        if self.form is not None:
            self.form.save_draft()
            self.form.stop()

    # -- navigation -------------------------------------------------------------------------

    def show_list(self) -> None:
        self.list.load()
        self.stack.setCurrentWidget(self.list)
        self.list.view.setFocus()

    def show_case(self, case_id: str) -> None:
        self.view.load(case_id)
        self.stack.setCurrentWidget(self.view)
        self.list.show_record(case_id)  # back in the list, its row is the highlighted one
        self.view.print_button.focus_when_ready()  # the focus on a visible control

    def _fresh_form(self) -> CaseForm:
        self._drop_form()
        form = CaseForm(self.ctx)
        form.saved.connect(self._form_saved)
        form.cancelled.connect(self._form_cancelled)
        form.back_requested.connect(self.show_list)
        self.stack.addWidget(form)
        self.stack.setCurrentWidget(form)
        self.form = form
        form.source.setFocus()
        return form

    def _drop_form(self) -> None:
        form, self.form = self.form, None
        if form is None:
            return
        if form.dirty:
            form.save_draft()
        form.stop()
        self.stack.removeWidget(form)
        form.deleteLater()

    def _form_saved(self, case_id: str) -> None:
        form, self.form = self.form, None
        if form is not None:
            form.stop()
            self.stack.removeWidget(form)
            form.deleteLater()
        self.ctx.signals.status_message.emit(self.tr("Case registered"))
        self.show_case(case_id)

    def _form_cancelled(self) -> None:
        form = self.form
        if form is None:
            return
        if form.dirty or form.payload_has_content():
            answer = QMessageBox.question(
                self, self.tr("Discard the new case?"),
                self.tr("What you entered in this form will be lost."),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Discard:
                return
        form.stop()
        form.discard()
        self.form = None
        self.stack.removeWidget(form)
        form.deleteLater()
        self.show_list()
