"""One legal aid referral: applicant, matter, urgency, eligibility guidance, materials
checklist with the one-time notice, timeline, and the next steps its status allows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.enums import AidStatus
from workstation.domain.errors import ValidationError
from workstation.domain.wording import EMPTY

from ..appearance import set_role
from ..context import AppContext
from ..printing.print_menu import PrintButton
from ..rating_screen import RateButton, RatingsLabel
from ..widgets.corrections import CorrectButton, CorrectionInfoLabel
from ..widgets.forms import show_error
from ..widgets.layout import scrolling_columns
from ..widgets.responsibility import ResponsibilityPanel
from ..widgets.shortcuts import shortcut
from ..widgets.voiding import VoidBanner, VoidButton, record_caption
from .common import (
    MaterialsChecklist,
    UrgentBanner,
    aid_center_name,
)
from .dialogs import (
    ActionDialog,
    CloseDialog,
    DecisionDialog,
    ForwardDialog,
    ReceiptDialog,
    ToldDialog,
)
from .form import ReferralForm

A = AidStatus
MATERIALS_SAVE_DELAY_MS = 500
#: The colour (a ``chip`` tone of the style layer) of each status.
STATUS_TONES = {
    A.DRAFT: "amber", A.FORWARDED: "blue", A.RECEIVED: "blue",
    A.GRANTED: "green", A.DENIED: "red", A.CLOSED: "grey",
}


def error_text(error: BaseException) -> str:
    """A refusal as the user reads it: services' Chinese messages as they are."""
    from workstation.services.context import ServiceError
    from workstation.storage.engine import DatabaseError

    if isinstance(error, ServiceError | ValidationError | DatabaseError):
        return str(error)
    return QCoreApplication.translate("Errors", "An unexpected error occurred: %1").replace(
        "%1", str(error))


def _fmt_date(value: date | None) -> str:
    return value.isoformat() if value else EMPTY


def _yuan(fen: int | None) -> str:
    if fen is None:
        return EMPTY
    return f"{fen / 100:,.2f}"


class _Info(QLabel):
    """A wrapped, selectable value label."""

    def __init__(self, name: str = "") -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if name:
            self.setObjectName(name)


class _Rows(QGridLayout):
    """Caption and value rows like a form layout, but a grid: it gives a wrapped value the
    height it needs at the width it gets (a QFormLayout cut the facts to 1.5 lines)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setColumnStretch(1, 1)
        self.setHorizontalSpacing(12)

    def addRow(self, label: QWidget, field: QWidget | None = None) -> None:  # type: ignore[override]
        row = self.rowCount() if self.count() else 0
        if field is None:
            self.addWidget(label, row, 0, 1, 2)
        else:
            self.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            self.addWidget(field, row, 1)


class ReferralView(QWidget):
    """Shows one referral and runs its next steps through the aid service."""

    #: Go back to the list.
    back_requested = Signal()
    #: The referral was loaded (tests and the page title): its id.
    loaded = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.detail: Any = None
        self.referral_id: str | None = None
        self.default_center = ""
        self.dialog: ActionDialog | None = None
        self.confirm_box: QMessageBox | None = None
        self._materials_dirty = False
        self._generation = 0

        shortcut(Qt.Key.Key_Escape, self, self.back_requested.emit)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.back_button = QPushButton(self.tr("Back to list (Esc)"))
        self.back_button.setObjectName("back")
        self.back_button.clicked.connect(self.back_requested)
        top.addWidget(self.back_button)
        self.title = QLabel()
        self.title.setObjectName("referral_title")
        self.title.setProperty("role", "heading")
        top.addWidget(self.title, 1)
        self.status_label = QLabel()
        self.status_label.setObjectName("referral_status")
        top.addWidget(self.status_label)
        outer.addLayout(top)

        self.void_banner = VoidBanner()
        outer.addWidget(self.void_banner)
        # The applicant rates the service once the application is taken (its own row: the
        # action bar below is full at 特大 on 1024×768).
        rate_row = QHBoxLayout()
        rate_row.addStretch(1)
        self.rate_button = RateButton(ctx, "aid_referral", self)
        rate_row.addWidget(self.rate_button)
        outer.addLayout(rate_row)
        self.correction_info = CorrectionInfoLabel()
        outer.addWidget(self.correction_info)
        self.correction_notes = QLabel()
        self.correction_notes.setObjectName("correction_notes")
        self.correction_notes.setWordWrap(True)
        self.correction_notes.setTextFormat(Qt.TextFormat.PlainText)
        self.correction_notes.setProperty("role", "notice")
        self.correction_notes.hide()
        outer.addWidget(self.correction_notes)
        self.urgent_banner = UrgentBanner()
        outer.addWidget(self.urgent_banner)
        self.due_label = QLabel()
        self.due_label.setObjectName("referral_due")
        outer.addWidget(self.due_label)

        actions = QHBoxLayout()
        self.forward_button = QPushButton(self.tr("Forward to the aid center..."))
        self.forward_button.setObjectName("action_forward")
        self.forward_button.clicked.connect(self.start_forward)
        self.receipt_button = QPushButton(self.tr("Center received..."))
        self.receipt_button.setObjectName("action_received")
        self.receipt_button.clicked.connect(self.start_receipt)
        self.decision_button = QPushButton(self.tr("Record the center's decision..."))
        self.decision_button.setObjectName("action_decision")
        self.decision_button.clicked.connect(self.start_decision)
        self.told_button = QPushButton(self.tr("Applicant told..."))
        self.told_button.setObjectName("action_told")
        self.told_button.clicked.connect(self.start_told)
        self.close_button = QPushButton(self.tr("Close..."))
        self.close_button.setObjectName("action_close")
        self.close_button.clicked.connect(self.start_close)
        self.action_buttons = {
            "forward": self.forward_button, "received": self.receipt_button,
            "decision": self.decision_button, "told": self.told_button,
            "close": self.close_button,
        }
        for button in self.action_buttons.values():
            button.setMinimumHeight(34)
            actions.addWidget(button)
            button.hide()
        for button in (self.forward_button, self.decision_button):
            button.setProperty("role", "strong")
        actions.addStretch(1)
        self.print_button = PrintButton(ctx, "aid_referral", self)
        actions.addWidget(self.print_button)
        self.correct_button = CorrectButton(ctx, "aid_referral",
                                            self.tr("legal aid application"),
                                            lambda: ReferralForm(ctx), self)
        self.correct_button.corrected.connect(self.load)
        actions.addWidget(self.correct_button)
        self.void_button = VoidButton(ctx, "aid_referral", self.tr("legal aid application"),
                                      self)
        self.void_button.voided.connect(self.load)
        actions.addWidget(self.void_button)
        outer.addLayout(actions)

        left, right = scrolling_columns(outer)
        # 首问负责: first receiver, handler, hand-overs, the consultation it came from.
        self.responsibility = ResponsibilityPanel(ctx, self)
        self.responsibility.changed.connect(lambda: self.referral_id and self.load(
            self.referral_id))
        left.addWidget(self.responsibility)

        applicant_box = QGroupBox(self.tr("Applicant"))
        self.applicant_form = _Rows(applicant_box)
        self.v_applicant = self._row(self.applicant_form, self.tr("Applicant"), "v_applicant")
        self.v_id = self._row(self.applicant_form, self.tr("ID number"), "v_id")
        self.v_contact = self._row(self.applicant_form, self.tr("Phone and address"))
        self.v_groups = self._row(self.applicant_form, self.tr("Special groups"), "v_groups")
        self.v_agent = self._row(self.applicant_form, self.tr("Agent"), "v_agent")
        left.addWidget(applicant_box)

        matter_box = QGroupBox(self.tr("Matter"))
        matter_form = _Rows(matter_box)
        self.v_matter = self._row(matter_form, self.tr("Matter applied for"), "v_matter")
        self.v_case = self._row(matter_form, self.tr("Cause, role and stage"))
        self.v_aid_form = self._row(matter_form, self.tr("Form of aid"), "v_aid_form")
        self.v_opposing = self._row(matter_form, self.tr("Opposing party"), "v_opposing")
        self.v_facts = self._row(matter_form, self.tr("Summary of facts"), "v_facts")
        self.v_request = self._row(matter_form, self.tr("Request and reasons"))
        self.v_dates = self._row(matter_form, self.tr("Applied / deadline"), "v_dates")
        left.addWidget(matter_box)

        progress_box = QGroupBox(self.tr("Forwarding and decision"))
        progress_form = _Rows(progress_box)
        self.v_forwarded = self._row(progress_form, self.tr("Forwarded"), "v_forwarded")
        self.v_received = self._row(progress_form, self.tr("Center received"))
        self.v_decision = self._row(progress_form, self.tr("Decision"), "v_decision")
        self.v_closed = self._row(progress_form, self.tr("Closed"))
        left.addWidget(progress_box)

        timeline_box = QGroupBox(self.tr("History"))
        timeline_layout = QVBoxLayout(timeline_box)
        self.timeline = _Info("v_timeline")
        timeline_layout.addWidget(self.timeline)
        left.addWidget(timeline_box)
        ratings_box = QGroupBox(self.tr("Ratings"))
        ratings_layout = QVBoxLayout(ratings_box)
        self.ratings = RatingsLabel(ctx, "aid_referral")
        ratings_layout.addWidget(self.ratings)
        left.addWidget(ratings_box)
        left.addStretch(1)

        means_box = QGroupBox(self.tr("Economic hardship"))
        means_form = _Rows(means_box)
        self.v_route = self._row(means_form, self.tr("How hardship is established"), "v_route")
        self.guidance = _Info("eligibility_guidance")
        self.guidance.setProperty("role", "guidance")
        means_form.addRow(self.guidance)
        self.v_household = self._row(means_form, self.tr("Household size"), "v_household")
        self.v_income = self._row(means_form, self.tr("Monthly income (yuan)"), "v_income")
        self.v_property = self._row(means_form, self.tr("Property"), "v_property")
        right.addWidget(means_box)

        materials_box = QGroupBox(self.tr("Materials received"))
        materials_layout = QVBoxLayout(materials_box)
        self.materials = MaterialsChecklist()
        self.materials.setObjectName("materials")
        self.materials.changed.connect(self._materials_changed)
        materials_layout.addWidget(self.materials)
        self.materials_status = QLabel()
        self.materials_status.setObjectName("materials_status")
        materials_layout.addWidget(self.materials_status)
        right.addWidget(materials_box)
        right.addStretch(1)

        self._materials_timer = QTimer(self, singleShot=True, interval=MATERIALS_SAVE_DELAY_MS)
        self._materials_timer.timeout.connect(self.save_materials)

    def _row(self, form: _Rows, label: str, name: str = "") -> _Info:
        info = _Info(name)
        form.addRow(QLabel(label), info)
        return info

    # -- loading --------------------------------------------------------------------------------

    def load(self, referral_id: str) -> None:
        """Load (or reload) ``referral_id`` in the background."""
        from workstation.services.records import load_referral
        from workstation.services.stations import get_station

        if referral_id != self.referral_id:
            self.flush_materials()
            self.detail = None
        self.referral_id = referral_id
        self._generation += 1
        generation = self._generation
        db = self.ctx.db

        def fetch() -> tuple[Any, str]:
            return load_referral(db, referral_id), get_station(db).county_center

        self.ctx.runner.run(fetch, on_done=lambda r: self._show(generation, r),
                            on_error=lambda exc: self._load_failed(generation, exc))

    def _load_failed(self, generation: int, error: BaseException) -> None:
        if generation == self._generation:
            show_error(self, self.tr("Could not open the application"), error)

    def _show(self, generation: int, result: tuple[Any, str]) -> None:
        if generation != self._generation:
            return
        d, county_center = result
        self.detail = d
        self.responsibility.set_record("aid_referral", d.id)
        self.default_center = aid_center_name(county_center)
        self.title.setText(f"{d.number}　{d.applicant.name}")
        self.status_label.setText(d.status_label)
        set_role(self.status_label, "chip", STATUS_TONES.get(d.status, "grey"))
        # Art. 44 matters until the center has decided.
        self.urgent_banner.setVisible(d.urgent and d.void is None
                                      and d.status in (A.DRAFT, A.FORWARDED, A.RECEIVED))
        self.void_banner.show_void(d.void)
        self._show_due(d)

        p = d.applicant
        self.v_applicant.setText("　".join(x for x in (p.name, p.sex_label,
                                                      _fmt_date(p.birth_date)) if x))
        self.v_id.setText(f"{p.id_type_label}　{p.id_number_masked or EMPTY}")
        self.v_contact.setText("　".join(x for x in (p.phone, p.address) if x) or EMPTY)
        self.v_groups.setText("、".join(p.special_group_labels) or self.tr("None"))
        if d.agent_name:
            self.v_agent.setText("　".join(x for x in (d.agent_name, d.agent_relation,
                                                      d.agent_phone, d.agent_id_number_masked)
                                          if x))
        else:
            self.v_agent.setText(self.tr("None"))
        matter = d.matter_label + (f"（{d.matter_detail}）" if d.matter_detail else "")
        self.v_matter.setText(matter)
        self.v_case.setText("　".join(x for x in (d.cause_of_action, d.procedural_role_label,
                                                 d.stage_label) if x) or EMPTY)
        self.v_aid_form.setText(d.aid_form_label or EMPTY)
        self.v_opposing.setText(d.opposing_party or EMPTY)
        self.v_facts.setText(d.facts)
        self.v_request.setText(d.request)
        self.v_dates.setText(self.tr("Applied %1; deadline %2")
                             .replace("%1", _fmt_date(d.applied_on))
                             .replace("%2", _fmt_date(d.limitation_deadline)))
        self.v_forwarded.setText(
            f"{_fmt_date(d.forwarded_on)}　{d.forwarded_to}" if d.forwarded_on else EMPTY)
        self.v_received.setText(_fmt_date(d.center_received_on))
        if d.decision:
            parts = [d.decision_label, _fmt_date(d.decision_on)]
            if d.assigned_lawyer:
                parts.append(self.tr("lawyer: %1").replace("%1", d.assigned_lawyer))
            if d.decision_note:
                parts.append(d.decision_note)
            parts.append(self.tr("applicant told %1").replace("%1", _fmt_date(d.decision_told_on))
                         if d.decision_told_on else self.tr("applicant not yet told"))
            self.v_decision.setText("　".join(parts))
        else:
            self.v_decision.setText(EMPTY)
        self.v_closed.setText(_fmt_date(d.closed_on))
        self._show_timeline(d)

        self.v_route.setText(d.hardship_route_label)
        self.guidance.setText(self._guidance_text(d))
        household = (self.tr("%1 persons").replace("%1", str(d.household_size))
                     if d.household_size else EMPTY)
        self.v_household.setText(household)
        self.v_income.setText(_yuan(d.monthly_income_fen))
        self.v_property.setText(d.property_note or EMPTY)

        from workstation.domain.eligibility import MATERIAL_LABELS, Material

        editable = d.status == A.DRAFT and d.void is None
        self.materials.set_required(
            [Material(m.code, MATERIAL_LABELS.get(m.code, m.label)) for m in d.materials])
        if not self._materials_dirty:
            self.materials.set_received(m.code for m in d.materials if m.received)
        self.materials.set_applicant_name(p.name)
        self.materials.set_editable(editable)
        if d.void is not None:
            self.materials_status.setText(self.tr("The application is voided; the list can no "
                                                  "longer change."))
        elif not editable:
            self.materials_status.setText(self.tr("The list can no longer change once the "
                                                  "application is forwarded."))
        elif not self._materials_dirty:
            self.materials_status.setText(self.tr("Tick what the applicant handed in; the list "
                                                  "is saved at once."))
        self._show_actions(d)
        self.print_button.set_record(d.id, d)
        self.rate_button.set_record(d.id, d.void is None)
        self.ratings.set_record(d.id)
        self.void_button.set_record(d.id, d.void is not None, record_caption(d))
        self.correction_info.show_detail(d)
        self.correct_button.set_detail(d)
        notes = d.correction_note.strip()
        self.correction_notes.setText(self.tr("Correction notes (the application was "
                                              "forwarded as it stands above):") + "\n" + notes
                                      if notes else "")
        self.correction_notes.setVisible(bool(notes))
        self.loaded.emit(d.id)

    def _show_due(self, d: Any) -> None:
        if d.due is None:
            self.due_label.hide()
            return
        what = (self.tr("Forward by %1 (%2)") if d.status == A.DRAFT
                else self.tr("Center decision expected by %1 (%2)"))
        self.due_label.setText(what.replace("%1", d.due.due.isoformat())
                               .replace("%2", d.due.label))
        set_role(self.due_label, "alert" if d.due.overdue or d.due.days_left <= 1 else None)
        self.due_label.show()

    def _guidance_text(self, d: Any) -> str:
        if d.eligibility is None:
            return ""
        lines = [self.tr("Suggestion: %1").replace("%1", d.eligibility.route.label)]
        lines += list(d.eligibility.reasons)
        if not d.route_matches_suggestion:
            lines.append(self.tr("The recorded way differs from the suggestion; please make "
                                 "sure it is right."))
        return "\n".join(lines)

    def _show_timeline(self, d: Any) -> None:
        lines = []
        for entry in d.timeline:
            when = entry.at.astimezone().strftime("%Y-%m-%d %H:%M")
            step = (f"{entry.from_label} → {entry.to_label}" if entry.from_status
                    else entry.to_label)
            parts = [when, step, entry.operator_name]
            if entry.reason:
                parts.append(self.tr("reason: %1").replace("%1", entry.reason))
            lines.append("　".join(x for x in parts if x))
        self.timeline.setText("\n".join(lines) or EMPTY)

    def _show_actions(self, d: Any) -> None:
        allowed = {option.code for option in d.allowed_next}
        self.forward_button.setVisible(A.FORWARDED in allowed)
        self.receipt_button.setVisible(A.RECEIVED in allowed)
        self.decision_button.setVisible(bool(allowed & {A.GRANTED, A.DENIED}))
        self.told_button.setVisible(d.status in (A.GRANTED, A.DENIED)
                                    and d.decision_told_on is None and d.void is None)
        self.close_button.setVisible(A.CLOSED in allowed)

    def visible_actions(self) -> set[str]:
        """Names of the action buttons offered now ("forward", "received", ...)."""
        return {name for name, button in self.action_buttons.items()
                if not button.isHidden()}

    # -- materials ------------------------------------------------------------------------------

    def _materials_changed(self) -> None:
        self._materials_dirty = True
        self.materials_status.setText(self.tr("Saving..."))
        self._materials_timer.start()

    def flush_materials(self) -> None:
        """Save pending checklist edits now (queued before any later write)."""
        if self._materials_dirty:
            self._materials_timer.stop()
            self.save_materials()

    def save_materials(self) -> None:
        from workstation.services.aid import update_materials

        if not self._materials_dirty or self.referral_id is None:
            return
        self._materials_dirty = False
        ctx, referral_id, codes = self.ctx, self.referral_id, self.materials.received()

        def done(_: object) -> None:
            if referral_id == self.referral_id and not self._materials_dirty:
                self.materials_status.setText(self.tr("Materials list saved."))
            ctx.signals.records_changed.emit("aid_referral")

        def failed(exc: BaseException) -> None:
            if referral_id == self.referral_id:
                self.materials_status.setText(str(exc))
            show_error(self, self.tr("Could not save"), exc)

        ctx.runner.run(lambda: update_materials(ctx.db, ctx.actor, referral_id, codes),
                       write=True, on_done=done, on_error=failed)

    # -- actions --------------------------------------------------------------------------------

    def _open_dialog(self, dialog: ActionDialog, work: Callable[[], Callable[[], None]]) -> None:
        """Show ``dialog``; on OK run ``work()`` (which reads the dialog and returns the
        background call) as a write, then reload."""
        self.dialog = dialog
        dialog.submitted.connect(lambda: self._run_action(dialog, work()))
        dialog.finished.connect(lambda *_: setattr(self, "dialog", None)
                                if self.dialog is dialog else None)
        dialog.open()

    def _run_action(self, dialog: ActionDialog, call: Callable[[], None],
                    on_refused: Callable[[BaseException], bool] | None = None) -> None:
        self.flush_materials()
        referral_id = self.referral_id

        def done(_: object) -> None:
            dialog.done_ok()
            self.ctx.signals.records_changed.emit("aid_referral")
            if referral_id == self.referral_id and referral_id is not None:
                self.load(referral_id)

        def failed(exc: BaseException) -> None:
            if on_refused is not None and on_refused(exc):
                return
            dialog.failed(error_text(exc))

        self.ctx.runner.run(call, write=True, on_done=done, on_error=failed)

    def start_forward(self) -> None:
        from workstation.services.aid import forward_referral

        d = self.detail
        if d is None:
            return
        dialog = ForwardDialog(d.forwarded_to or self.default_center, d.applied_on, self)
        ctx, referral_id = self.ctx, d.id

        def call(allow: bool) -> Callable[[], None]:
            center, day = dialog.values()
            return lambda: forward_referral(ctx.db, ctx.actor, referral_id, forwarded_to=center,
                                            forwarded_on=day, allow_incomplete=allow)

        def refused(exc: BaseException) -> bool:
            from workstation.services.context import NotFound, ServiceError

            incomplete = bool(self.materials.missing()) and not d.urgent
            if incomplete and isinstance(exc, ServiceError) and not isinstance(exc, NotFound):
                self._offer_incomplete(dialog, str(exc), call)
                return True
            return False

        self.dialog = dialog
        dialog.submitted.connect(lambda: self._run_action(dialog, call(False), refused))
        dialog.finished.connect(lambda *_: setattr(self, "dialog", None)
                                if self.dialog is dialog else None)
        dialog.open()

    def _offer_incomplete(self, dialog: ForwardDialog, message: str,
                          call: Callable[[bool], Callable[[], None]]) -> None:
        """The service refused an incomplete application: say why, and forward anyway only
        after an explicit confirmation."""
        dialog.failed(message)
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Materials incomplete"),
                          message, parent=dialog)
        box.setInformativeText(self.tr("Normally the applicant first hands in what is "
                                       "missing. Forward the incomplete application anyway?"))
        anyway = box.addButton(self.tr("Forward anyway"), QMessageBox.ButtonRole.AcceptRole)
        anyway.setObjectName("forward_anyway")
        keep = box.addButton(self.tr("Do not forward"), QMessageBox.ButtonRole.RejectRole)
        keep.setObjectName("do_not_forward")
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        self.confirm_box = box

        def answered(*_: object) -> None:
            self.confirm_box = None
            if box.clickedButton() is anyway:
                dialog.error.show_message(None)
                dialog.ok_button.setEnabled(False)
                self._run_action(dialog, call(True))

        box.finished.connect(answered)
        box.open()

    def start_receipt(self) -> None:
        from workstation.services.aid import record_center_receipt

        d = self.detail
        if d is None:
            return
        dialog = ReceiptDialog(d.forwarded_on, self)
        ctx, referral_id = self.ctx, d.id

        def work() -> Callable[[], None]:
            day = dialog.value()
            return lambda: record_center_receipt(ctx.db, ctx.actor, referral_id, day)

        self._open_dialog(dialog, work)

    def start_decision(self) -> None:
        from workstation.services.aid import record_decision

        d = self.detail
        if d is None:
            return
        dialog = DecisionDialog(d.forwarded_on, self)
        ctx, referral_id = self.ctx, d.id

        def work() -> Callable[[], None]:
            decision, day, note, lawyer = dialog.values()
            told_on = dialog.told_value()
            return lambda: record_decision(ctx.db, ctx.actor, referral_id, decision=decision,
                                           decided_on=day, note=note, lawyer=lawyer,
                                           told_on=told_on)

        self._open_dialog(dialog, work)

    def start_told(self) -> None:
        from workstation.services.aid import record_decision_told

        d = self.detail
        if d is None:
            return
        dialog = ToldDialog(d.decision_on, self)
        ctx, referral_id = self.ctx, d.id

        def work() -> Callable[[], None]:
            day = dialog.value()
            return lambda: record_decision_told(ctx.db, ctx.actor, referral_id, day)

        self._open_dialog(dialog, work)

    def start_close(self) -> None:
        from workstation.services.aid import close_referral

        d = self.detail
        if d is None:
            return
        earliest = d.decision_on or d.center_received_on or d.forwarded_on or d.applied_on
        dialog = CloseDialog(d.status == A.DRAFT, earliest, self)
        ctx, referral_id = self.ctx, d.id

        def work() -> Callable[[], None]:
            day, reason = dialog.values()
            return lambda: close_referral(ctx.db, ctx.actor, referral_id, day, reason)

        self._open_dialog(dialog, work)

    def stop(self) -> None:
        self.flush_materials()
