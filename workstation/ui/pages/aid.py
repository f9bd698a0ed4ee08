"""Legal aid (法律援助): the list of referrals, the application form and the referral view.

The station does not decide legal aid: it helps the citizen apply, checks the materials,
tells them in one go what is missing, forwards the application to the county legal aid
center and records the center's decision.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from workstation.domain.enums import AidMatter, AidStatus

from ..aid.form import ReferralForm
from ..aid.view import ReferralView
from ..context import AppContext
from ..widgets.record_list import RecordList
from ..work_orders.form import FOR_ORDER_PREFIX, load_order_for
from .base import Page

RECORD_TYPE = "aid_referral"


class AidPage(Page):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack)

        self.list = RecordList(ctx, "referrals", status_enum=AidStatus, type_enum=AidMatter,
                               new_label=self.tr("New aid application"))
        self.list.new_requested.connect(self.new_record)
        self.list.record_activated.connect(self.show_referral)
        self.stack.addWidget(self.list)

        self.form = ReferralForm(ctx)
        self.form.saved.connect(self._saved)
        self.form.cancelled.connect(self._form_cancelled)
        self.stack.addWidget(self.form)

        self.view = ReferralView(ctx)
        self.view.back_requested.connect(self.show_list)
        self.stack.addWidget(self.view)
        self.view.print_button.install_shortcut(self)

    # -- navigation -----------------------------------------------------------------------------

    def activated(self) -> None:
        self.list.load()

    def show_list(self) -> None:
        self.view.flush_materials()
        self.stack.setCurrentWidget(self.list)
        self.list.load()
        self.list.view.setFocus()

    def show_form(self, person_id: str | None = None, display_name: str = "", *,
                  from_consultation: str | None = None) -> None:
        """The empty form (or the half-filled one the user left), optionally with an
        applicant chosen (and the consultation the application comes from)."""
        if person_id is not None or from_consultation or not self.form.has_input():
            self.form.reset(person_id, display_name)
            self.form.from_consultation = from_consultation
        self.stack.setCurrentWidget(self.form)
        self.form.picker.setFocus()

    def show_referral(self, referral_id: str) -> None:
        self.view.load(referral_id)
        self.stack.setCurrentWidget(self.view)
        self.list.show_record(referral_id)  # back in the list, its row is the highlighted one
        self.view.print_button.focus_when_ready()  # the focus on a visible control

    def new_record(self) -> None:
        self.show_form()

    def open_record(self, record_type: str, record_id: str) -> bool:
        if record_type != RECORD_TYPE:
            return False
        if record_id == "new":
            self.show_form()
        elif record_id.startswith(FOR_ORDER_PREFIX):
            self.form.reset()
            self.show_form()
            load_order_for(self.ctx, record_id.removeprefix(FOR_ORDER_PREFIX),
                           self.form.prefill_from_order, self)
        elif record_id.startswith("new:"):
            # "new:<person>@<consultation>" (``consultations.new_record_id``).
            person_id, _, consultation_id = record_id.removeprefix("new:").partition("@")
            self.show_form(person_id or None, from_consultation=consultation_id or None)
        else:
            self.show_referral(record_id)
        return True

    def restore_draft(self, form_key: str, payload: dict[str, Any]) -> bool:
        if form_key != ReferralForm.form_key:
            return False
        self.form.reset()
        self.form.restore(payload)
        self.stack.setCurrentWidget(self.form)
        return True

    # -- form outcomes --------------------------------------------------------------------------

    def _saved(self, referral_id: str) -> None:
        self.form.reset()
        self.ctx.signals.status_message.emit(self.tr("Legal aid application saved."))
        self.show_referral(referral_id)

    def _form_cancelled(self) -> None:
        self.form.save_draft()
        self.show_list()

    def shutdown(self) -> None:
        self.form.save_draft()
        self.form.stop()
        self.view.stop()
