"""The form of a 12348 work order (12348工单): new or opened for editing, then its handling
and the reply back to the platform.

The order's own fields come first (its number as the platform gives it, the channel, the
day received and the day the platform wants the reply by, who asked and what). Once saved,
the station's handling is linked by its number (a consultation, a mediation case, an aid
referral), and the reply back is recorded (when, how, what; the replier is the operator
logged in). State and overdue are shown above the reply; who answers for the order
(首问责任人, 当前承办人) and its hand-overs in the responsibility panel under its handling.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.enums import Channel
from workstation.domain.work_orders import (
    ORDER_CHANNELS,
    HandlingKind,
    ReplyInput,
    ReplyMethod,
    WorkOrderInput,
)

from ..appearance import set_role
from ..context import AppContext
from ..printing.print_menu import PrintButton
from ..widgets.date_field import DateField
from ..widgets.flow_layout import FlowLayout
from ..widgets.forms import (
    ValidatedForm,
    combo_for,
    combo_value,
    date_to_qdate,
    qdate_to_date,
    set_combo_value,
    show_error,
)
from ..widgets.responsibility import ResponsibilityPanel

RECORD_TYPE = "work_order"
NEW_KEY = "work_order:new"
#: Days the platform usually allows (the due day proposed for a new order).
DEFAULT_DUE_DAYS = 7


def channel_combo() -> QComboBox:
    """The two 12348 channels (the other consultation channels are no order's source)."""
    box = combo_for(Channel, optional=True)
    allowed = {c.value for c in ORDER_CHANNELS}
    for index in range(box.count() - 1, 0, -1):
        if box.itemData(index) not in allowed:
            box.removeItem(index)
    return box


@dataclass(frozen=True)
class _ReplyCheck:
    """What the reply fields hold, for the background save."""

    order_id: str
    reply: ReplyInput


class WorkOrderForm(ValidatedForm):
    """Register a 12348 work order, or edit one opened from the list; link its handling and
    record its reply."""

    form_key = NEW_KEY
    record_type = RECORD_TYPE
    #: The handling or the reply changed (the page reloads the order).
    changed = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.order_id: str | None = None
        self.version = 0
        self.detail: Any = None
        self._snapshot: tuple[Any, ...] = ()
        outer = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName("order_heading")
        self.heading.setProperty("role", "heading")
        self.heading.setWordWrap(True)  # a long platform number goes under the title
        outer.addWidget(self.heading)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.order_no = QLineEdit()
        self.order_no.setObjectName("order_no")
        self.order_no.setPlaceholderText(self.tr("As the 12348 platform gives it"))
        self.channel = channel_combo()
        self.channel.setObjectName("channel")
        self.received_on = DateField()
        self.received_on.setObjectName("received_on")
        self.received_on.error_field = "received_on"
        self.due_on = DateField()
        self.due_on.setObjectName("due_on")
        self.due_on.error_field = "due_on"
        self.caller_name = QLineEdit()
        self.caller_name.setObjectName("caller_name")
        self.caller_phone = QLineEdit()
        self.caller_phone.setObjectName("caller_phone")
        self.request = QPlainTextEdit()
        self.request.setObjectName("request")
        self.request.setTabChangesFocus(True)
        self.request.setMaximumHeight(80)
        self.add_row(form, self.tr("Order number"), self.order_no, "order_no", required=True)
        self.add_row(form, self.tr("Source"), self.channel, "channel", required=True)
        self.add_row(form, self.tr("Received on"), self.received_on, "received_on",
                     required=True)
        self.add_row(form, self.tr("Reply due by"), self.due_on, "due_on", required=True)
        self.add_row(form, self.tr("Caller"), self.caller_name, "caller_name")
        self.add_row(form, self.tr("Phone"), self.caller_phone, "caller_phone")
        self.add_row(form, self.tr("Request"), self.request, "request", required=True)
        outer.addLayout(form)
        outer.addWidget(self.general_error)
        buttons = QHBoxLayout()
        self.save_button = QPushButton(self.tr("Save (Ctrl+S)"))
        self.save_button.setObjectName("save")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.new_button = QPushButton(self.tr("New order"))
        self.new_button.setObjectName("new_order")
        self.new_button.clicked.connect(self.cancel)
        self.print_button = PrintButton(ctx, RECORD_TYPE, self)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        outer.addLayout(buttons)

        # -- handling and reply (a saved order only) --
        self.after = QWidget()
        self.after.setObjectName("order_handling")
        after = QVBoxLayout(self.after)
        after.setContentsMargins(0, 0, 0, 0)
        self.state = QLabel()
        self.state.setObjectName("order_state")
        self.state.setProperty("role", "heading")
        self.state.setWordWrap(True)
        after.addWidget(self.state)
        self.handling = QLabel()
        self.handling.setObjectName("order_links")
        self.handling.setWordWrap(True)
        after.addWidget(self.handling)
        link_row = QHBoxLayout()
        self.link_kind = combo_for(HandlingKind, searchable=False)
        self.link_kind.setObjectName("link_kind")
        self.link_number = QLineEdit()
        self.link_number.setObjectName("link_number")
        self.link_number.setPlaceholderText(self.tr("Number of the record"))
        self.link_button = QPushButton(self.tr("Link"))
        self.link_button.setObjectName("link")
        self.link_button.clicked.connect(self.link)
        for widget in (self.link_kind, self.link_number, self.link_button):
            link_row.addWidget(widget)
        link_row.setStretch(1, 1)
        after.addLayout(link_row)
        self.consult_button = QPushButton(self.tr("New consultation for this order"))
        self.consult_button.setObjectName("new_consultation")
        self.consult_button.setToolTip(self.tr(
            "Opens the consultation form with the order's source and request filled in; "
            "the saved consultation is linked to this order"))
        self.consult_button.clicked.connect(self.new_consultation)
        self.case_button = QPushButton(self.tr("New mediation case"))
        self.case_button.setObjectName("new_case")
        self.case_button.clicked.connect(lambda: self._new_handling("mediation_case"))
        self.referral_button = QPushButton(self.tr("New aid application"))
        self.referral_button.setObjectName("new_referral")
        self.referral_button.clicked.connect(lambda: self._new_handling("aid_referral"))
        consult_row = FlowLayout()  # wraps onto more rows on a narrow screen or large text
        for button in (self.consult_button, self.case_button, self.referral_button):
            consult_row.addWidget(button)
        after.addLayout(consult_row)
        # 首问责任人 / 当前承办人 and hand-overs: an order is handled like any other matter.
        self.responsibility = ResponsibilityPanel(ctx, self.after)
        self.responsibility.changed.connect(
            lambda: self.order_id is not None and self.changed.emit(self.order_id))
        after.addWidget(self.responsibility)

        reply_title = QLabel(self.tr("Reply to the 12348 platform"))
        reply_title.setProperty("role", "heading")
        after.addWidget(reply_title)
        reply = QFormLayout()
        reply.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.replied_on = DateField()
        self.replied_on.setObjectName("replied_on")
        self.reply_method = combo_for(ReplyMethod, optional=True)
        self.reply_method.setObjectName("reply_method")
        self.reply_content = QPlainTextEdit()
        self.reply_content.setObjectName("reply_content")
        self.reply_content.setTabChangesFocus(True)
        self.reply_content.setMaximumHeight(80)
        reply.addRow(self.tr("Replied on"), self.replied_on)
        reply.addRow(self.tr("How"), self.reply_method)
        reply.addRow(self.tr("Reply"), self.reply_content)
        after.addLayout(reply)
        self.reply_error = QLabel()
        self.reply_error.setObjectName("reply_error")
        self.reply_error.setProperty("role", "error")
        self.reply_error.setWordWrap(True)
        after.addWidget(self.reply_error)
        reply_buttons = QHBoxLayout()
        self.reply_button = QPushButton(self.tr("Record reply"))
        self.reply_button.setObjectName("record_reply")
        self.reply_button.clicked.connect(self.record_reply)
        reply_buttons.addWidget(self.reply_button)
        reply_buttons.addStretch(1)
        after.addLayout(reply_buttons)
        outer.addWidget(self.after)
        outer.addStretch(1)
        self.reset()

    # -- loading --------------------------------------------------------------------------------

    def reset(self) -> None:
        """An empty form for a new order (received today, due a week on)."""
        self._loading = True
        try:
            self.order_id, self.version, self.detail = None, 0, None
            self.order_no.clear()
            self.channel.setCurrentIndex(0)
            self.received_on.setDate(QDate.currentDate())
            self.due_on.setDate(QDate.currentDate().addDays(DEFAULT_DUE_DAYS))
            self.caller_name.clear()
            self.caller_phone.clear()
            self.request.clear()
        finally:
            self._loading = False
        self._dirty = False
        self._validate_timer.stop()
        self.errors.reset()
        self._set_valid(False)
        self._show_after()

    def load_detail(self, detail: Any) -> None:
        """Fill the form with a saved order (``services.work_orders.WorkOrderDetail``)."""
        self._loading = True
        try:
            self.order_id, self.version, self.detail = detail.id, detail.version, detail
            self.order_no.setText(detail.order_no)
            set_combo_value(self.channel, detail.channel)
            self.received_on.setDate(date_to_qdate(detail.received_on))
            self.due_on.setDate(date_to_qdate(detail.due_on))
            self.caller_name.setText(detail.caller_name)
            self.caller_phone.setText(detail.caller_phone)
            self.request.setPlainText(detail.request)
        finally:
            self._loading = False
        self._dirty = False
        self._show_after()
        self.validate()

    def _show_after(self) -> None:
        d = self.detail
        self.after.setVisible(d is not None)
        self.print_button.set_record(d.id if d is not None else None, d)
        self.reply_error.clear()
        if d is None:
            self.heading.setText(self.tr("New 12348 work order"))
            return
        self.heading.setText(self.tr("12348 work order %1").replace("%1", d.order_no))
        self.responsibility.set_record(RECORD_TYPE, d.id)
        received = self.tr("Received by %1").replace("%1", d.received_by)
        # The receiver on a line of their own: wrapped, the name broke in the middle.
        self.state.setText(f"{d.state_label}　{d.due_label}\n{received}")
        set_role(self.state, "error" if d.overdue else "heading")
        if d.handling:
            self.handling.setText(self.tr("Handled as: %1").replace(
                "%1", "；".join(f"{h.kind_label} {h.number}" for h in d.handling)))
        else:
            self.handling.setText(self.tr("No handling linked yet"))
        self.link_number.clear()
        linked = {h.kind for h in d.handling}
        for button, kind in ((self.consult_button, HandlingKind.CONSULTATION),
                             (self.case_button, HandlingKind.MEDIATION_CASE),
                             (self.referral_button, HandlingKind.AID_REFERRAL)):
            button.setEnabled(kind.value not in linked)
        if d.replied_on is not None:
            self.replied_on.setDate(date_to_qdate(d.replied_on))
            set_combo_value(self.reply_method, d.reply_method)
            self.reply_content.setPlainText(d.reply_content)
            self.reply_button.setText(self.tr("Correct reply"))
        else:
            self.replied_on.setDate(QDate.currentDate())
            self.reply_method.setCurrentIndex(0)
            self.reply_content.clear()
            self.reply_button.setText(self.tr("Record reply"))

    @property
    def editing(self) -> bool:
        return self.order_id is not None

    def has_changes(self) -> bool:
        return self.dirty

    # -- handling and reply ---------------------------------------------------------------------

    def link(self) -> None:
        from workstation.services.printing import resolve_record
        from workstation.services.work_orders import link_handling

        if self.order_id is None:
            return
        kind = combo_value(self.link_kind) or HandlingKind.CONSULTATION.value
        number = self.link_number.text().strip()
        if not number:
            self.reply_error.setText(self.tr("Type the number of the record to link."))
            self.link_number.setFocus()
            return
        ctx, order_id = self.ctx, self.order_id

        def work() -> str:
            link_handling(ctx.db, ctx.actor, order_id, kind,
                          resolve_record(ctx.db, kind, number))
            return order_id

        ctx.runner.run(work, write=True, on_done=self._after_change,
                       on_error=lambda exc: show_error(self, self.tr("Could not link"), exc))

    def new_consultation(self) -> None:
        self._new_handling("consultation")

    def _new_handling(self, record_type: str) -> None:
        """Open the page of ``record_type`` with a new record prefilled from this order."""
        if self.order_id is not None:
            self.ctx.signals.open_record.emit(record_type, f"new:order:{self.order_id}")

    def record_reply(self) -> None:
        from workstation.domain.errors import ValidationError
        from workstation.services.work_orders import record_reply

        if self.order_id is None or self.detail is None:
            return
        check = _ReplyCheck(self.order_id, ReplyInput(
            replied_on=qdate_to_date(self.replied_on.date()),
            content=self.reply_content.toPlainText(),
            method=combo_value(self.reply_method) or ""))
        try:
            check.reply.validated(self.detail.received_on, date.today())
        except ValidationError as exc:
            self.reply_error.setText("\n".join(e.message for e in exc.errors))
            return
        self.reply_error.clear()
        ctx = self.ctx

        def work() -> str:
            record_reply(ctx.db, ctx.actor, check.order_id, check.reply)
            return check.order_id

        ctx.runner.run(work, write=True, on_done=self._after_change,
                       on_error=lambda exc: show_error(self, self.tr("Could not save"), exc))

    def _after_change(self, order_id: str) -> None:
        self.ctx.signals.records_changed.emit(RECORD_TYPE)
        self.changed.emit(order_id)

    # -- ValidatedForm --------------------------------------------------------------------------

    def build_input(self) -> WorkOrderInput:
        return WorkOrderInput(
            order_no=self.order_no.text(), channel=combo_value(self.channel) or "",
            received_on=qdate_to_date(self.received_on.date()),
            due_on=qdate_to_date(self.due_on.date()), request=self.request.toPlainText(),
            caller_name=self.caller_name.text(), caller_phone=self.caller_phone.text())

    def save(self) -> None:
        self._snapshot = (self.order_id, self.version)
        super().save()

    def submit(self, data: WorkOrderInput) -> str:
        from workstation.services import work_orders

        order_id, version = self._snapshot
        if order_id is None:
            return work_orders.register_order(self.ctx.db, self.ctx.actor, data)
        work_orders.update_order(self.ctx.db, self.ctx.actor, order_id, data,
                                 expected_version=version)
        return str(order_id)

    def save_draft(self) -> None:
        if not self.editing:
            super().save_draft()

    def payload(self) -> dict[str, Any]:
        return {
            "order_no": self.order_no.text(), "channel": combo_value(self.channel),
            "received_on": self.received_on.date().toString(Qt.DateFormat.ISODate),
            "due_on": self.due_on.date().toString(Qt.DateFormat.ISODate),
            "caller_name": self.caller_name.text(), "caller_phone": self.caller_phone.text(),
            "request": self.request.toPlainText(),
        }

    def load_payload(self, payload: dict[str, Any]) -> None:
        self.order_no.setText(str(payload.get("order_no") or ""))
        set_combo_value(self.channel, payload.get("channel"))
        for field, widget, fallback in (
                ("received_on", self.received_on, QDate.currentDate()),
                ("due_on", self.due_on, QDate.currentDate().addDays(DEFAULT_DUE_DAYS))):
            day = QDate.fromString(str(payload.get(field) or ""), Qt.DateFormat.ISODate)
            widget.setDate(day if day.isValid() else fallback)
        self.caller_name.setText(str(payload.get("caller_name") or ""))
        self.caller_phone.setText(str(payload.get("caller_phone") or ""))
        self.request.setPlainText(str(payload.get("request") or ""))

    def draft_title(self) -> str:
        number = self.order_no.text().strip()
        title = self.tr("New 12348 work order")
        return f"{title} - {number}" if number else title


#: ``open_record`` id asking a page for a new record handling a 12348 order.
FOR_ORDER_PREFIX = "new:order:"


def load_order_for(ctx: AppContext, order_id: str, fill: Any, owner: QWidget) -> None:
    """Load the order in the background and hand it to ``fill`` (prefilling a form)."""
    from workstation.services.work_orders import load_order

    db = ctx.db
    title = QCoreApplication.translate("WorkOrderForm", "Could not open the order")
    ctx.runner.run(lambda: load_order(db, order_id), on_done=fill,
                   on_error=lambda exc: show_error(owner, title, exc))
