"""首问负责 on screen: the panel a record page shows (首问责任人 / 当前承办人, hand-over
history, linked records, 移交……), its dialogs, and the workbench's "我负责的未结事项" with
the hand-overs waiting for the operator (``services.responsibility``).

Every read and write runs on ``ctx.runner``; results come back through ``tasks.alive``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from functools import partial
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.responsibility import (
    HandoverTarget,
    handover_sentence,
)

from .. import tasks
from ..aid.dialogs import ActionDialog
from ..context import AppContext
from ..models.item_table import ItemTableModel
from .date_field import DateField
from .flow_layout import FlowLayout
from .forms import combo_for, combo_value
from .shortcuts import shortcut

EMPTY = "—"


def _when(value: Any) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value is not None else ""


def handover_line(h: Any) -> str:
    """One hand-over in a sentence: when, from whom to whom, why, and its outcome."""
    return handover_sentence(
        handed_at=h.handed_at, from_name=h.from_name, to_name=h.to_name, target=h.target,
        reason=h.reason, status=h.status, decided_by=h.confirmed_by or h.decided_by_name,
        decided_at=h.decided_at, decline_reason=h.decline_reason)


class HandoverDialog(ActionDialog):
    """移交: to whom (an operator, another station, the county center, an agency of the
    directory) and why."""

    def __init__(self, choices: Any, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Hand over"),
                         self.tr("You stay responsible until the receiver accepts."), parent)
        self.choices = choices
        self.target = combo_for(HandoverTarget, searchable=False)
        self.target.setObjectName("handover_target")
        self.form.addRow(self.tr("* Hand over to"), self.target)
        self.operator = QComboBox()
        self.operator.setObjectName("handover_operator")
        for c in choices.operators:
            self.operator.addItem(c.name, c.id)
        self.agency = QComboBox()
        self.agency.setObjectName("handover_agency")
        self.agency.addItem(self.tr("(type the name below)"), None)
        for c in choices.agencies:
            self.agency.addItem(c.name, c.id)
        self.name = QLineEdit()
        self.name.setObjectName("handover_name")
        self.form.addRow(self.tr("Receiving colleague"), self.operator)
        self.form.addRow(self.tr("Agency of the directory"), self.agency)
        self.form.addRow(self.tr("Receiver's name"), self.name)
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("handover_reason")
        self.reason.setFixedHeight(70)
        self.reason.setTabChangesFocus(True)
        self.form.addRow(self.tr("* Reason"), self.reason)
        self.target.currentIndexChanged.connect(self._target_changed)
        self._target_changed()

    def _target_changed(self, *_: object) -> None:
        target = combo_value(self.target)
        for widget, shown in ((self.operator, target == HandoverTarget.OPERATOR),
                              (self.agency, target == HandoverTarget.AGENCY),
                              (self.name, target != HandoverTarget.OPERATOR)):
            widget.setVisible(shown)
            label = self.form.labelForField(widget)
            if label is not None:
                label.setVisible(shown)
        if target == HandoverTarget.COUNTY and not self.name.text():
            self.name.setText(self.choices.county_center)

    def values(self) -> dict[str, Any]:
        target = combo_value(self.target) or ""
        return {"target": target, "reason": self.reason.toPlainText(),
                "to_operator_id": self.operator.currentData()
                if target == HandoverTarget.OPERATOR else None,
                "provider_id": self.agency.currentData()
                if target == HandoverTarget.AGENCY else None,
                "to_name": self.name.text()}


class ConfirmDialog(ActionDialog):
    """登记对方确认: who at the receiving station / center / agency confirmed, and when (or
    that they refused)."""

    def __init__(self, handover: Any, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Record the receiver's confirmation"),
                         handover_line(handover), parent)
        self.confirmed_by = QLineEdit()
        self.confirmed_by.setObjectName("confirmed_by")
        self.form.addRow(self.tr("* Confirmed by"), self.confirmed_by)
        self.confirmed_at = DateField(with_time=True)
        self.confirmed_at.setObjectName("confirmed_at")
        self.confirmed_at.set_value(self.confirmed_at.clock())
        self.form.addRow(self.tr("* Confirmed at"), self.confirmed_at)
        self.outcome = QComboBox()
        self.outcome.setObjectName("confirm_outcome")
        self.outcome.addItem(self.tr("Accepted"), False)
        self.outcome.addItem(self.tr("Refused"), True)
        self.form.addRow(self.tr("Answer"), self.outcome)
        self.reason = QLineEdit()
        self.reason.setObjectName("confirm_reason")
        self.form.addRow(self.tr("Reason for refusing"), self.reason)

    def values(self) -> dict[str, Any]:
        return {"confirmed_by": self.confirmed_by.text(),
                "confirmed_at": self.confirmed_at.dateTime().toPython().astimezone(),
                "declined": bool(self.outcome.currentData()), "reason": self.reason.text()}


class DeclineDialog(ActionDialog):
    def __init__(self, handover: Any, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Decline the hand-over"), handover_line(handover), parent)
        self.reason = QLineEdit()
        self.reason.setObjectName("decline_reason")
        self.form.addRow(self.tr("* Reason"), self.reason)


class SettleDialog(ActionDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Record the answer"),
                         self.tr("How and when the citizen was answered."), parent)
        self.note = QLineEdit()
        self.note.setObjectName("settle_note")
        self.form.addRow(self.tr("* Answer given"), self.note)
        self.on = DateField()
        self.on.setObjectName("settled_on")
        self.on.maximum = self.on.clock().date()
        self.on.set_value(self.on.maximum)
        self.form.addRow(self.tr("* Answered on"), self.on)

    def values(self) -> tuple[str, date]:
        return self.note.text(), self.on.date().toPython()


def _run_dialog(ctx: AppContext, dialog: ActionDialog, read: Callable[[], Any],
                work: Callable[[Any], Any], done: Callable[[], None]) -> None:
    """When the dialog is submitted: ``read()`` its values (GUI thread), then run
    ``work(values)`` in the background; keep the dialog open with the message when it is
    refused, close it and call ``done()`` when it worked."""

    def submitted() -> None:
        values = read()

        def call() -> Any:
            return work(values)
        def finished(_result: Any) -> None:
            dialog.done_ok()
            done()

        def refused(exc: BaseException) -> None:
            if tasks.alive(dialog.failed):
                dialog.failed(str(exc))

        ctx.runner.run(call, write=True, on_done=lambda r: finished(r)
                       if tasks.alive(dialog.done_ok) else None, on_error=refused)

    dialog.submitted.connect(submitted)
    dialog.open()


def _with_order(view: Any, db: Any) -> Any:
    """``view`` with the 12348 order the record handles (if any) first among its links, so
    that a consultation, case or aid application names and opens the order it answers."""
    from workstation.domain.work_orders import HandlingKind
    from workstation.services.responsibility import KINDS, WORK_ORDER, LinkView
    from workstation.services.work_orders import order_of

    if view.record_type not in {k.value for k in HandlingKind}:
        return view
    order = order_of(db, view.record_type, view.record_id)
    if order is None:
        return view
    link = LinkView(WORK_ORDER, order[0], order[1], KINDS[WORK_ORDER].label)
    return replace(view, links=[link, *view.links])


class ResponsibilityPanel(QFrame):
    """首问责任人 / 当前承办人, the hand-overs, the linked records and the actions, for the
    record ``set_record`` names."""

    #: Emitted after a hand-over changed something (the page reloads its record).
    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("responsibility_panel")
        self.setProperty("role", "card")
        self.record: tuple[str, str] | None = None
        self.view: Any = None
        self._generation = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        top = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setObjectName("responsibility_summary")
        self.summary.setWordWrap(True)
        top.addWidget(self.summary, 1)
        self.handover_button = QPushButton(self.tr("Hand over……"))
        self.handover_button.setObjectName("handover_record")
        self.handover_button.clicked.connect(self.hand_over)
        top.addWidget(self.handover_button)
        self.confirm_button = QPushButton(self.tr("Record confirmation……"))
        self.confirm_button.setObjectName("confirm_handover")
        self.confirm_button.clicked.connect(self.confirm)
        top.addWidget(self.confirm_button)
        self.settle_button = QPushButton(self.tr("Record answer……"))
        self.settle_button.setObjectName("settle_consultation")
        self.settle_button.clicked.connect(self.settle)
        top.addWidget(self.settle_button)
        layout.addLayout(top)
        self.history = QLabel()
        self.history.setObjectName("handover_history")
        self.history.setProperty("role", "hint")
        self.history.setWordWrap(True)
        self.history.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.history)
        # The links wrap onto more rows: an order, a case and an application side by side
        # are wider than a form beside its list (1024×768, 特大), which then scrolled sideways.
        self.links_row = FlowLayout()
        self.links_caption = QLabel(self.tr("Linked records:"))
        self.links_row.addWidget(self.links_caption)
        self.link_buttons: list[QPushButton] = []
        layout.addLayout(self.links_row)
        for widget in (self.confirm_button, self.settle_button, self.links_caption):
            widget.hide()

    # -- loading -------------------------------------------------------------------------

    def set_record(self, record_type: str, record_id: str) -> None:
        self.record = (record_type, record_id)
        self.reload()

    def reload(self) -> None:
        if self.record is None:
            return
        from workstation.services.responsibility import load_responsibility

        self._generation += 1
        generation, db, (record_type, record_id) = self._generation, self.ctx.db, self.record
        self.ctx.runner.run(lambda: _with_order(load_responsibility(db, record_type, record_id),
                                                db),
                            on_done=partial(self._loaded, generation))

    def _loaded(self, generation: int, view: Any) -> None:
        if generation != self._generation:
            return
        self.view = view
        handler = view.handler_name or EMPTY
        # One fact a line: in one wrapped line a name or a caption broke in the middle
        # (当前承 / 办人) where the panel is narrow (a form beside its list).
        facts = [self.tr("First receiver: %1").replace("%1", view.first_receiver_name or EMPTY),
                 self.tr("Current handler: %1").replace("%1", handler)]
        pending = view.pending
        if pending is not None:
            facts.append(self.tr("Hand-over to %1 waiting for acceptance").replace(
                "%1", pending.to_name))
        if view.settled_on is not None:
            facts.append(self.tr("Answered on %1: %2").replace(
                "%1", view.settled_on.isoformat()).replace("%2", view.settled_note))
        self.summary.setText("\n".join(facts))
        lines = [handover_line(h) for h in view.handovers]
        self.history.setText("\n".join(lines))
        self.history.setVisible(bool(lines))
        actor = self.ctx.actor
        may_act = view.handler_id is not None and (
            view.handler_id == actor.operator_id or actor.is_admin)
        self.handover_button.setVisible(may_act and pending is None)
        self.confirm_button.setVisible(
            pending is not None and pending.target != HandoverTarget.OPERATOR)
        self.settle_button.setVisible(
            may_act and view.record_type == "consultation" and view.settled_on is None)
        for button in self.link_buttons:
            self.links_row.removeWidget(button)
            button.deleteLater()
        self.link_buttons = []
        for i, link in enumerate(view.links):
            # Kind over number: one line (法律援助申请 〔2026〕海援转字第0001号) is wider than
            # a record shown beside its list at 特大 text.
            button = QPushButton(f"{link.label}\n{link.number}")
            button.setObjectName(f"linked_record_{i}")
            button.setProperty("role", "link")
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.clicked.connect(lambda _=False, t=link.record_type, r=link.record_id:
                                   self.ctx.signals.open_record.emit(t, r))
            self.links_row.addWidget(button)  # after the caption and the links before
            self.link_buttons.append(button)
        self.links_caption.setVisible(bool(view.links))

    # -- actions ---------------------------------------------------------------------------

    def _after_change(self) -> None:
        self.reload()
        self.changed.emit()
        if self.record is not None:
            self.ctx.signals.records_changed.emit(self.record[0])

    def hand_over(self) -> None:
        if self.record is None:
            return
        from workstation.services.responsibility import handover_choices

        db, actor = self.ctx.db, self.ctx.actor
        self.ctx.runner.run(lambda: handover_choices(db, actor),
                            on_done=self._show_handover)

    def _show_handover(self, choices: Any) -> None:
        if self.record is None:
            return
        from workstation.services.responsibility import hand_over

        db, actor = self.ctx.db, self.ctx.actor
        record_type, record_id = self.record
        dialog = HandoverDialog(choices, self)
        _run_dialog(self.ctx, dialog, dialog.values,
                    lambda v: hand_over(db, actor, record_type, record_id, **v),
                    self._after_change)
        self.dialog = dialog

    def confirm(self) -> None:
        pending = self.view.pending if self.view is not None else None
        if pending is None:
            return
        from workstation.services.responsibility import confirm_handover

        db, actor = self.ctx.db, self.ctx.actor
        dialog = ConfirmDialog(pending, self)
        _run_dialog(self.ctx, dialog, dialog.values,
                    lambda v: confirm_handover(db, actor, pending.id, **v),
                    self._after_change)
        self.dialog = dialog

    def settle(self) -> None:
        if self.record is None:
            return
        from workstation.services.responsibility import settle_consultation

        db, actor, record_id = self.ctx.db, self.ctx.actor, self.record[1]
        dialog = SettleDialog(self)
        _run_dialog(self.ctx, dialog, dialog.values,
                    lambda v: settle_consultation(db, actor, record_id, v[0], v[1]),
                    self._after_change)
        self.dialog = dialog


# --- the workbench ------------------------------------------------------------------------


class OpenItemModel(ItemTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__((self.tr("Matter"), self.tr("Number"), self.tr("Parties / applicant"),
                          self.tr("Due date"), self.tr("Note")), parent)

    def cell(self, item: Any, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (item.kind_label, item.number, item.title,
                    item.due.isoformat() if item.due else "", item.note)[column]
        return None


class IncomingModel(ItemTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__((self.tr("Handed over at"), self.tr("From"), self.tr("Matter"),
                          self.tr("Reason")), parent)

    def cell(self, item: Any, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (_when(item.handed_at), item.from_name, item.record_label,
                    item.reason)[column]
        return None


def _table(name: str, model: ItemTableModel) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setTabKeyNavigation(False)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setResizeContentsPrecision(0)
    header.setStretchLastSection(True)
    return view


class MyWorkPanel(QTabWidget):
    """工作台: 我负责的未结事项 and 待我接收的移交 (accept, or decline with a reason)."""

    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("my_work")
        self._generation = 0
        self.work: Any = None
        self.open_model = OpenItemModel(self)
        self.open_view = _table("my_open_items", self.open_model)
        self.open_view.doubleClicked.connect(lambda index: self.open_row(index.row()))
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut(key, self.open_view,
                     lambda: self.open_row(self.open_view.currentIndex().row()),
                     Qt.ShortcutContext.WidgetShortcut)
        self.addTab(self.open_view, "")
        incoming = QWidget()
        box = QVBoxLayout(incoming)
        box.setContentsMargins(0, 0, 0, 0)
        self.incoming_model = IncomingModel(self)
        self.incoming_view = _table("incoming_handovers", self.incoming_model)
        self.incoming_view.doubleClicked.connect(self._open_incoming)
        box.addWidget(self.incoming_view, 1)
        row = QHBoxLayout()
        self.accept_button = QPushButton(self.tr("Accept"))
        self.accept_button.setObjectName("accept_handover")
        self.accept_button.clicked.connect(self.accept_selected)
        self.decline_button = QPushButton(self.tr("Decline……"))
        self.decline_button.setObjectName("decline_handover")
        self.decline_button.clicked.connect(self.decline_selected)
        row.addWidget(self.accept_button)
        row.addWidget(self.decline_button)
        row.addStretch(1)
        box.addLayout(row)
        self.addTab(incoming, "")
        self._titles(0, 0)
        ctx.signals.records_changed.connect(lambda _t: self.reload())

    def _titles(self, mine: int, incoming: int) -> None:
        self.setTabText(0, self.tr("My open matters (%1)").replace("%1", str(mine)))
        self.setTabText(1, self.tr("Hand-overs to me (%1)").replace("%1", str(incoming)))

    def reload(self) -> None:
        from workstation.services.responsibility import my_work

        self._generation += 1
        generation, db, actor = self._generation, self.ctx.db, self.ctx.actor
        self.ctx.runner.run(lambda: my_work(db, actor),
                            on_done=partial(self._loaded, generation))

    def _loaded(self, generation: int, work: Any) -> None:
        if generation != self._generation:
            return
        self.work = work
        self.open_model.set_items(work.open_items)
        self.incoming_model.set_items(work.incoming)
        self._titles(len(work.open_items), len(work.incoming))
        if work.incoming:
            self.incoming_view.selectRow(0)
        self.accept_button.setEnabled(bool(work.incoming))
        self.decline_button.setEnabled(bool(work.incoming))
        self.loaded.emit()

    def open_row(self, row: int) -> None:
        item = self.open_model.item_at(row)
        if item is not None:
            self.ctx.signals.open_record.emit(item.record_type, item.record_id)

    def _open_incoming(self, index: Any) -> None:
        item = self.incoming_model.item_at(index.row())
        if item is not None:
            self.ctx.signals.open_record.emit(item.record_type, item.record_id)

    def _selected(self) -> Any:
        rows = self.incoming_view.selectionModel().selectedRows()
        return self.incoming_model.item_at(rows[0].row()) if rows else None

    def accept_selected(self) -> None:
        item = self._selected()
        if item is None:
            return
        from workstation.services.responsibility import accept_handover

        db, actor, hid = self.ctx.db, self.ctx.actor, item.id
        self.ctx.runner.run(
            lambda: accept_handover(db, actor, hid), write=True,
            on_done=partial(self._changed, item.record_type),
            on_error=self._refused)

    def decline_selected(self) -> None:
        item = self._selected()
        if item is None:
            return
        from workstation.services.responsibility import decline_handover

        db, actor, hid = self.ctx.db, self.ctx.actor, item.id
        dialog = DeclineDialog(item, self)
        _run_dialog(self.ctx, dialog, dialog.reason.text,
                    lambda r: decline_handover(db, actor, hid, r),
                    lambda: self._changed(item.record_type))
        self.dialog = dialog

    def _changed(self, record_type: str, _result: Any = None) -> None:
        self.ctx.signals.records_changed.emit(record_type)

    def _refused(self, exc: BaseException) -> None:
        self.ctx.signals.status_message.emit(str(exc))


class ConsultationDaysField(QWidget):
    """设置: the working days a consultation not answered on the spot may take (admin only;
    ``services.responsibility.set_consultation_days``)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        from PySide6.QtWidgets import QSpinBox

        from workstation.domain.responsibility import (
            MAX_CONSULTATION_DAYS,
            MIN_CONSULTATION_DAYS,
        )

        super().__init__(parent)
        self.ctx = ctx
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.days = QSpinBox()
        self.days.setObjectName("consultation_days")
        self.days.setRange(MIN_CONSULTATION_DAYS, MAX_CONSULTATION_DAYS)
        self.days.setSuffix(self.tr(" working days"))
        self.days.setEnabled(False)  # until loaded
        self.days.setToolTip(self.tr("A consultation not answered on the spot is to be "
                                     "answered or handed over within this time; later it "
                                     "shows among the overdue matters on the workbench."))
        row.addWidget(self.days)
        self.apply_button = QPushButton(self.tr("Apply"))
        self.apply_button.setObjectName("consultation_days_apply")
        self.apply_button.setEnabled(False)
        self.apply_button.clicked.connect(self.save)
        row.addWidget(self.apply_button)
        self.note = QLabel()
        self.note.setObjectName("consultation_days_note")
        self.note.setProperty("role", "hint")
        row.addWidget(self.note, 1)
        from workstation.services.responsibility import consultation_days

        db = ctx.db
        ctx.runner.run(lambda: consultation_days(db), on_done=self._loaded)

    def _loaded(self, days: int) -> None:
        self.days.setValue(days)
        admin = self.ctx.actor.is_admin
        self.days.setEnabled(admin)
        self.apply_button.setEnabled(admin)

    def save(self) -> None:
        from workstation.services.responsibility import set_consultation_days

        db, actor, days = self.ctx.db, self.ctx.actor, self.days.value()
        self.apply_button.setEnabled(False)
        self.ctx.runner.run(lambda: set_consultation_days(db, actor, days), write=True,
                            on_done=self._saved, on_error=self._failed)

    def _saved(self, _result: Any) -> None:
        self.apply_button.setEnabled(True)
        self.note.setText(self.tr("Saved."))
        self.ctx.signals.records_changed.emit("consultation")

    def _failed(self, error: BaseException) -> None:
        self.apply_button.setEnabled(True)
        self.note.setText(str(error))
