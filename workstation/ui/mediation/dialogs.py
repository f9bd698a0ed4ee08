"""Dialogs for the steps of a mediation case: accept, session, agreement, follow-up, status
changes (fail, terminate, archive), deadline extension and judicial confirmation.

Each dialog reads its widgets into an input whose ``validated()`` raises the domain's
``ValidationError``; errors show next to their fields as the user types and all at once when
Save is pressed. Saving runs in the background (``write=True``); the dialog closes when the
service call succeeded and ``saved`` is emitted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QDateTime, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.enums import (
    AgreementForm,
    MediationStatus,
    Performance,
    Satisfaction,
    VisitMethod,
)
from workstation.domain.errors import FieldError, ValidationError
from workstation.domain.inputs import (
    AgreementInput,
    FollowUpInput,
    SessionInput,
    require_visit_details,
)
from workstation.domain.transitions import check_mediation_transition
from workstation.domain.validators import validate_amount_yuan

from ..context import AppContext
from ..widgets.date_field import DateField
from ..widgets.forms import (
    VALIDATE_DEBOUNCE_MS,
    ErrorLabel,
    FieldErrors,
    combo_for,
    combo_value,
    field_row,
    focus_first_error,
    qdate_to_date,
    show_error,
    typed_date_errors,
    widget_changed_signal,
)
from ..widgets.shortcuts import confirm
from ..window_fit import ContentScroll, cap_to_screen

S = MediationStatus


# -- helpers shared with the case form -----------------------------------------------------


def amount_to_fen(text: str, field_name: str, label: str,
                  errors: list[FieldError]) -> int:
    """Yuan text → fen; an empty box is 0; a bad amount adds its error to ``errors``."""
    if not text.strip():
        return 0
    try:
        return validate_amount_yuan(text, field_name, label)
    except ValidationError as exc:
        errors.extend(exc.errors)
        return 0


def fen_to_text(fen: int) -> str:
    """1234550 → "12,345.50"."""
    return f"{fen / 100:,.2f}"


@dataclass(frozen=True)
class WithExtraErrors:
    """A domain input plus errors found while reading the widgets (e.g. a bad amount)."""

    data: Any
    extra: list[FieldError] = field(default_factory=list)

    def validated(self) -> Any:
        errors: list[FieldError] = []
        result = None
        try:
            result = self.data.validated()
        except ValidationError as exc:
            errors = list(exc.errors)
        errors += [e for e in self.extra if e.field not in {x.field for x in errors}]
        if errors:
            raise ValidationError(errors)
        return result


def _date_edit(value: date | None = None) -> DateField:
    """A typed date (one Tab stop, F4 for a calendar), today unless ``value`` is given."""
    edit = DateField()
    edit.set_value(value or date.today())
    return edit


def _text_box(lines: int = 4) -> QPlainTextEdit:
    """A text box about ``lines`` lines high (it scrolls beyond that)."""
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    height = box.fontMetrics().lineSpacing() * lines + 14
    box.setMinimumHeight(height)
    box.setMaximumHeight(height)
    return box


def qdatetime_to_aware(value: QDateTime) -> datetime:
    """A QDateTime (local time) as a timezone-aware datetime."""
    return value.toPython().astimezone()  # type: ignore[union-attr, no-any-return]


# -- small inputs for steps that have no domain input class ---------------------------------


def _not_future(value: date, name: str, label: str, errors: list[FieldError]) -> None:
    if value > date.today():
        errors.append(FieldError(name, f"{label}不能晚于今天"))


@dataclass(frozen=True)
class AcceptInput:
    accepted_on: date
    registered_on: date

    def validated(self) -> AcceptInput:
        errors: list[FieldError] = []
        _not_future(self.accepted_on, "accepted_on", "受理日期", errors)
        if self.accepted_on < self.registered_on:
            errors.append(FieldError("accepted_on", "受理日期不能早于登记日期"))
        if errors:
            raise ValidationError(errors)
        return self


@dataclass(frozen=True)
class StatusChangeInput:
    current: str
    target: str
    reason: str

    def validated(self) -> StatusChangeInput:
        check_mediation_transition(self.current, self.target, self.reason)
        return StatusChangeInput(self.current, self.target, self.reason.strip())


@dataclass(frozen=True)
class ExtensionInput:
    days: int
    reason: str

    def validated(self) -> ExtensionInput:
        errors: list[FieldError] = []
        if not 1 <= self.days <= 90:
            errors.append(FieldError("extension_days", "延长天数应在1至90天之间"))
        if not self.reason.strip():
            errors.append(FieldError("extension_reason", "延长调解期限需要填写原因"))
        if errors:
            raise ValidationError(errors)
        return ExtensionInput(self.days, self.reason.strip())


@dataclass(frozen=True)
class JudicialInput:
    applied_on: date
    effective_on: date

    def validated(self) -> JudicialInput:
        errors: list[FieldError] = []
        _not_future(self.applied_on, "judicial_confirmation_on", "申请日期", errors)
        if self.applied_on < self.effective_on:
            errors.append(FieldError("judicial_confirmation_on", "申请日期不能早于协议生效日期"))
        if errors:
            raise ValidationError(errors)
        return self


# -- the dialog base ------------------------------------------------------------------------


class StepDialog(QDialog):
    """One step of a case: fields with errors next to them, Save in the background."""

    #: The step was saved; the case view reloads.
    saved = Signal()

    def __init__(self, ctx: AppContext, case: Any, title: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.case = case
        self.setWindowTitle(title)
        self.setModal(True)
        self.setMinimumWidth(520)
        self._saving = False
        self._touched = False
        outer = QVBoxLayout(self)
        heading = QLabel(f"{case.number}　{title}")
        heading.setProperty("role", "subheading")
        outer.addWidget(heading)
        fields = QWidget()
        self.form = QFormLayout(fields)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        # The fields scroll when the screen is too small for them (特大 text on 1024×768).
        self.fields_scroll = ContentScroll(fields)
        outer.addWidget(self.fields_scroll, 1)
        self.general_error = ErrorLabel()
        self._opened_hint = 0  # the size hint when first shown (see _fit)
        self.errors = FieldErrors(self.general_error, left=self._left)
        outer.addWidget(self.general_error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("Save"))
        self.save_button.setObjectName("dialog_save")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        self._timer = QTimer(self, singleShot=True, interval=VALIDATE_DEBOUNCE_MS)
        self._timer.timeout.connect(self.validate)

    def add_row(self, label: str, widget: QWidget, field_name: str | None = None, *,
                required: bool = False, watch: bool = True) -> QWidget:
        container = field_row(self.form, label, widget, self.errors, field_name,
                              required=required)
        if isinstance(widget, DateField) and field_name and not widget.error_field:
            widget.error_field = field_name  # bad text is said under this field
        if watch:
            widget_changed_signal(widget).connect(self._changed)
        return container

    def add_note(self, text: str) -> QLabel:
        note = QLabel(text)
        note.setWordWrap(True)
        note.setProperty("role", "hint")
        self.form.addRow(note)
        return note

    def _changed(self, *_: object) -> None:
        self._touched = True
        self._timer.start()

    def _left(self) -> None:
        if not self._saving:
            self._timer.stop()
            self.validate()

    # -- to override ------------------------------------------------------------------------

    def build_input(self) -> Any:
        raise NotImplementedError

    def submit(self, data: Any) -> Any:
        """Runs on the write thread."""
        raise NotImplementedError

    # -- validate and save ------------------------------------------------------------------

    def validate(self) -> Any | None:
        typed = typed_date_errors(self)  # text that is no date: said first, under its field
        try:
            data = self.build_input().validated()
        except ValidationError as exc:
            self.errors.show([*typed, *exc.errors])
            self._fit()
            return None
        self.errors.show(typed)
        if typed:
            self._fit()
            return None
        return data

    def _fit(self) -> None:
        """Grow only when an error needs more room than the dialog had when it opened (a
        message of several lines): error lines are reserved, so usually nothing changes."""
        layout = self.layout()
        if layout is not None:
            layout.activate()
        wanted = self.sizeHint().height()
        if wanted > max(self.height(), self._opened_hint):
            self.resize(self.width(), wanted)
            cap_to_screen(self)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._opened_hint:
            self._opened_hint = self.sizeHint().height()
            cap_to_screen(self)

    def accept(self) -> None:
        if self._saving:
            return
        self._timer.stop()
        self.errors.reveal_all()
        data = self.validate()
        if data is None:
            focus_first_error(self.errors)
            return
        self._saving = True
        self.setEnabled(False)
        self.ctx.runner.run(lambda: self.submit(data), write=True,
                            on_done=self._on_saved, on_error=self._on_failed)

    def _on_saved(self, _result: object) -> None:
        self._saving = False
        self.setEnabled(True)
        self.saved.emit()
        super().accept()

    def _on_failed(self, error: BaseException) -> None:
        self._saving = False
        self.setEnabled(True)
        if isinstance(error, ValidationError):
            self.errors.show(error.errors)
            self._fit()
            return
        show_error(self, self.tr("Could not save"), error)

    def done(self, result: int) -> None:
        self._timer.stop()
        super().done(result)


# -- the steps ------------------------------------------------------------------------------


class AcceptDialog(StepDialog):
    def __init__(self, ctx: AppContext, case: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctx, case, self.tr("Accept the case"), parent)
        self.add_note(self.tr("Mediation should normally be concluded within one month of "
                              "acceptance."))
        self.accepted_on = _date_edit()
        self.accepted_on.setObjectName("accepted_on")
        self.add_row(self.tr("Accepted on"), self.accepted_on, "accepted_on", required=True)

    def build_input(self) -> AcceptInput:
        return AcceptInput(qdate_to_date(self.accepted_on.date()), self.case.registered_on)

    def submit(self, data: AcceptInput) -> None:
        from workstation.services.mediation import accept_case

        accept_case(self.ctx.db, self.ctx.actor, self.case.id, data.accepted_on)


class SessionDialog(StepDialog):
    def __init__(self, ctx: AppContext, case: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctx, case, self.tr("Record a mediation session"), parent)
        self.held_at = DateField(with_time=True)
        self.held_at.set_value(datetime.now().replace(second=0, microsecond=0))
        self.place = QLineEdit()
        self.place.setPlaceholderText(self.tr("e.g. mediation room of the station"))
        self.attendees = _text_box(2)
        names = [p.name for p in case.parties]
        if case.mediator_name:
            names.append(case.mediator_name)
        self.attendees.setPlainText("、".join(names))
        self.record = _text_box(8)
        self.record.setPlaceholderText(self.tr("What each party said, the mediator's work and "
                                               "the outcome of this session"))
        self.recorder = QLineEdit(ctx.actor.name if ctx.actor else "")  # 记录人
        self.add_row(self.tr("Time"), self.held_at, "held_at", required=True)
        self.add_row(self.tr("Place"), self.place, "place", required=True)
        self.add_row(self.tr("Attendees"), self.attendees, "attendees", required=True)
        self.add_row(self.tr("Record"), self.record, "record", required=True)
        self.add_row(self.tr("Recorded by"), self.recorder, "recorder")

    def build_input(self) -> SessionInput:
        return SessionInput(held_at=qdatetime_to_aware(self.held_at.dateTime()),
                            place=self.place.text(), attendees=self.attendees.toPlainText(),
                            record=self.record.toPlainText(), recorder=self.recorder.text())

    def submit(self, data: SessionInput) -> str:
        from workstation.services.mediation import record_session

        return record_session(self.ctx.db, self.ctx.actor, self.case.id, data)


class AgreementDialog(StepDialog):
    def __init__(self, ctx: AppContext, case: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctx, case, self.tr("Record the agreement"), parent)
        self.setMinimumWidth(620)
        self.form_box = combo_for(AgreementForm)
        self.terms = _text_box(5)
        self.responsibility = _text_box(2)
        self.responsibility.setPlaceholderText(self.tr(
            "Written by the mediator; leave empty where responsibility is not apportioned "
            "(e.g. family disputes): the agreement then leaves the line out"))
        self.manner = QLineEdit()
        self.manner.setPlaceholderText(self.tr("e.g. pay in cash in one sum"))
        self.place = QLineEdit()
        self.use_deadline = QCheckBox(self.tr("Has a performance deadline"))
        self.deadline = _date_edit()
        self.deadline.error_field = "performance_deadline"
        self.deadline.setEnabled(False)
        self.use_deadline.toggled.connect(self.deadline.setEnabled)
        self.effective_on = _date_edit()
        self.amount = QLineEdit()
        self.amount.setPlaceholderText(self.tr("0.00"))
        self.copies = QSpinBox()
        self.copies.setRange(1, 20)
        self.copies.setValue(len(case.parties) + 1)
        self.judicial = QCheckBox(self.tr("The parties applied for judicial confirmation"))
        self.add_row(self.tr("Form"), self.form_box, "form", required=True)
        self.add_row(self.tr("Agreed terms"), self.terms, "terms", required=True)
        self.add_row(self.tr("Responsibility of each party"), self.responsibility,
                     "responsibility")
        self.add_row(self.tr("Manner of performance"), self.manner, "performance_manner")
        self.add_row(self.tr("Place of performance"), self.place, "performance_place")
        deadline_row = QWidget()
        row = QVBoxLayout(deadline_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.use_deadline)
        row.addWidget(self.deadline)
        self.watch_extra(self.deadline)
        self.add_row(self.tr("Performance deadline"), deadline_row, "performance_deadline",
                     watch=False)
        self.use_deadline.toggled.connect(self._changed)
        self.add_row(self.tr("Effective on"), self.effective_on, "effective_on", required=True)
        self.add_row(self.tr("Amount agreed (yuan)"), self.amount, "amount_agreed_fen")
        self.add_row(self.tr("Copies"), self.copies, "copies")
        self.add_row("", self.judicial)
        self.add_note(self.tr("A written agreement takes effect when every party and the "
                              "mediator have signed and the committee's seal is affixed. The "
                              "parties may apply to the court for judicial confirmation within "
                              "30 days."))

    def watch_extra(self, widget: QWidget) -> None:
        widget_changed_signal(widget).connect(self._changed)

    def build_input(self) -> WithExtraErrors:
        extra: list[FieldError] = []
        fen = amount_to_fen(self.amount.text(), "amount_agreed_fen", "协议金额", extra)
        data = AgreementInput(
            form=combo_value(self.form_box) or "", terms=self.terms.toPlainText(),
            effective_on=qdate_to_date(self.effective_on.date()),
            responsibility=self.responsibility.toPlainText().strip(),
            performance_manner=self.manner.text(), performance_place=self.place.text(),
            performance_deadline=(qdate_to_date(self.deadline.date())
                                  if self.use_deadline.isChecked() else None),
            amount_agreed_fen=fen, copies=self.copies.value(),
            judicial_confirmation_applied=self.judicial.isChecked(),
        )
        return WithExtraErrors(data, extra)

    def accept(self) -> None:
        """Save, after the mediator confirmed any warning (the amount field disagreeing with
        the amounts in the terms); the safe answer goes back to the form, at the amount."""
        if self._saving:
            return
        data = self.validate()
        if data is not None:
            problems = data.warnings(len(self.case.parties))
            if problems and not confirm(
                    self, self.tr("Check the agreement"),
                    "\n".join(problems) + "\n\n" + self.tr("Save the agreement as it is?")):
                self.amount.setFocus()
                self.amount.selectAll()
                return
        super().accept()

    def submit(self, data: AgreementInput) -> str:
        from workstation.services.mediation import record_agreement

        return record_agreement(self.ctx.db, self.ctx.actor, self.case.id, data)


class StatusDialog(StepDialog):
    """Fail, terminate or archive a case: a reason (required for fail and terminate)."""

    def __init__(self, ctx: AppContext, case: Any, target: str, title: str, note: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, case, title, parent)
        self.target = target
        if note:
            self.add_note(note)
        self.reason = _text_box(3)
        required = target in (S.FAILED, S.TERMINATED)
        self.add_row(self.tr("Reason") if required else self.tr("Note"), self.reason, "reason",
                     required=required)
        self.errors.register("status", self.general_error)

    def build_input(self) -> StatusChangeInput:
        return StatusChangeInput(self.case.status, self.target, self.reason.toPlainText())

    def submit(self, data: StatusChangeInput) -> None:
        from workstation.services.mediation import change_status

        change_status(self.ctx.db, self.ctx.actor, self.case.id, data.target,
                      reason=data.reason)


class FollowUpDialog(StepDialog):
    def __init__(self, ctx: AppContext, case: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctx, case, self.tr("Record a follow-up visit"), parent)
        self.visited_on = _date_edit()
        self.method = combo_for(VisitMethod, optional=True)  # 回访方式
        self.visitee = QLineEdit()  # 被回访人
        self.performance = combo_for(Performance, optional=True)
        self.satisfaction = combo_for(Satisfaction, optional=True,
                                      placeholder=self.tr("Not asked"))
        self.notes = _text_box(4)
        self.add_row(self.tr("Visited on"), self.visited_on, "visited_on", required=True)
        self.add_row(self.tr("Visit method"), self.method, "method", required=True)
        self.add_row(self.tr("Person visited"), self.visitee, "visitee", required=True)
        self.add_row(self.tr("Performance"), self.performance, "performance", required=True)
        self.add_row(self.tr("Satisfaction"), self.satisfaction, "satisfaction")
        self.add_row(self.tr("Notes"), self.notes, "notes")

    def build_input(self) -> WithExtraErrors:
        data = FollowUpInput(visited_on=qdate_to_date(self.visited_on.date()),
                             performance=combo_value(self.performance) or "",
                             satisfaction=combo_value(self.satisfaction),
                             notes=self.notes.toPlainText(),
                             method=combo_value(self.method) or "", visitee=self.visitee.text())
        return WithExtraErrors(data, require_visit_details(data))

    def submit(self, data: FollowUpInput) -> str:
        from workstation.services.mediation import record_follow_up

        return record_follow_up(self.ctx.db, self.ctx.actor, self.case.id, data)


class ExtendDialog(StepDialog):
    def __init__(self, ctx: AppContext, case: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctx, case, self.tr("Extend the deadline"), parent)
        if case.deadline is not None:
            self.add_note(self.tr("Current deadline: %1").replace(
                "%1", case.deadline.isoformat()))
        self.days = QSpinBox()
        self.days.setRange(0, 90)
        self.days.setValue(15)
        self.days.setSuffix(self.tr(" days"))
        self.reason = _text_box(3)
        self.add_row(self.tr("Extend by"), self.days, "extension_days", required=True)
        self.add_row(self.tr("Reason"), self.reason, "extension_reason", required=True)

    def build_input(self) -> ExtensionInput:
        return ExtensionInput(self.days.value(), self.reason.toPlainText())

    def submit(self, data: ExtensionInput) -> date:
        from workstation.services.mediation import extend_deadline

        return extend_deadline(self.ctx.db, self.ctx.actor, self.case.id, data.days,
                               data.reason)


class JudicialDialog(StepDialog):
    def __init__(self, ctx: AppContext, case: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctx, case, self.tr("Judicial confirmation applied"), parent)
        agreement = case.agreement
        self.add_note(self.tr("The parties apply jointly to the court within 30 days of the "
                              "agreement taking effect (by %1).").replace(
            "%1", agreement.judicial_confirmation_deadline.isoformat()))
        self.applied_on = _date_edit()
        self.add_row(self.tr("Applied on"), self.applied_on, "judicial_confirmation_on",
                     required=True)

    def build_input(self) -> JudicialInput:
        return JudicialInput(qdate_to_date(self.applied_on.date()),
                             self.case.agreement.effective_on)

    def submit(self, data: JudicialInput) -> None:
        from workstation.services.mediation import set_judicial_confirmation

        set_judicial_confirmation(self.ctx.db, self.ctx.actor, self.case.id, data.applied_on)
