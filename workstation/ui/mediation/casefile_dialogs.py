"""Dialogs for the case-file steps of a mediation case: the notice of rights and duties given,
an investigation, the court's judicial-confirmation result, supervision of performance and the
feedback letter to the referring body. Built on ``StepDialog`` (validated as typed, errors next
to their fields, saved in the background); dates are typed in ``DateField``s.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QLineEdit, QWidget

from workstation.domain.casefile import (
    FeedbackInput,
    InvestigationInput,
    JudicialResult,
    JudicialResultInput,
    NoticeManner,
    RightsNoticeInput,
    SupervisionInput,
    SupervisionManner,
)
from workstation.domain.enums import Performance
from workstation.domain.errors import FieldError, ValidationError

from ..context import AppContext
from ..widgets.date_field import DateField
from ..widgets.forms import combo_for, combo_value
from .dialogs import StepDialog, WithExtraErrors, _text_box


def date_field(name: str, value: date | None = None) -> DateField:
    """A typed date field, today by default (the error of bad text is under ``name``)."""
    field = DateField()
    field.setObjectName(name)
    field.error_field = name
    field.set_value(value or date.today())
    return field


def date_errors(*fields: DateField) -> list[FieldError]:
    """Errors of date fields whose text is no date (in Chinese, under their domain field)."""
    return [FieldError(f.error_field, f.error_text()) for f in fields if f.error_text()]


class Dated(WithExtraErrors):
    """An input read from a dialog with date fields: a date that is no date is reported as
    such (not as "please fill in the date" from the domain)."""

    def validated(self) -> Any:
        try:
            return super().validated()
        except ValidationError as exc:
            extra = {e.field for e in self.extra}
            raise ValidationError(list(self.extra) + [e for e in exc.errors
                                                      if e.field not in extra]) from None


class RightsNoticeDialog(StepDialog):
    """The notice of rights and duties was given: 书面/口头, on a day, to whom."""

    def __init__(self, ctx: AppContext, case: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctx, case, self.tr("Rights and duties notified"), parent)
        self.add_note(self.tr("Print the notice of rights and duties from the print menu, "
                              "give it to the parties (or read it to them) and record it "
                              "here; the intake register then shows it as given."))
        self.given_on = date_field("given_on")
        self.manner = combo_for(NoticeManner, optional=True)
        self.recipients = QLineEdit("、".join(p.name for p in case.parties))
        self.add_row(self.tr("Given on"), self.given_on, "given_on", required=True)
        self.add_row(self.tr("How"), self.manner, "manner", required=True)
        self.add_row(self.tr("Given to"), self.recipients, "recipients", required=True)

    def build_input(self) -> Dated:
        return Dated(RightsNoticeInput(
            self.given_on.date_value(), combo_value(self.manner) or "",
            self.recipients.text()), date_errors(self.given_on))

    def submit(self, data: RightsNoticeInput) -> str:
        from workstation.services.casefile import record_rights_notice

        return record_rights_notice(self.ctx.db, self.ctx.actor, self.case.id, data)


class InvestigationDialog(StepDialog):
    """调查记录: who investigated, when, where, who was asked and what was found."""

    def __init__(self, ctx: AppContext, case: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctx, case, self.tr("Record an investigation"), parent)
        self.done_on = date_field("done_on")
        self.investigators = QLineEdit(ctx.actor.name if ctx.actor else "")
        self.place = QLineEdit()
        self.place.setPlaceholderText(self.tr("e.g. at the respondent's home"))
        self.interviewees = QLineEdit()
        self.interviewees.setPlaceholderText(self.tr("Parties, witnesses, village cadres"))
        self.findings = _text_box(6)
        self.findings.setPlaceholderText(self.tr("What was seen and what each person said"))
        self.add_row(self.tr("Date"), self.done_on, "done_on", required=True)
        self.add_row(self.tr("Investigators"), self.investigators, "investigators",
                     required=True)
        self.add_row(self.tr("Place"), self.place, "place", required=True)
        self.add_row(self.tr("Persons asked"), self.interviewees, "interviewees", required=True)
        self.add_row(self.tr("Findings"), self.findings, "findings", required=True)

    def build_input(self) -> Dated:
        return Dated(InvestigationInput(
            self.done_on.date_value(), self.investigators.text(), self.place.text(),
            self.interviewees.text(), self.findings.toPlainText()), date_errors(self.done_on))

    def submit(self, data: InvestigationInput) -> str:
        from workstation.services.casefile import record_investigation

        return record_investigation(self.ctx.db, self.ctx.actor, self.case.id, data)


class JudicialResultDialog(StepDialog):
    """The court's result on the joint application for judicial confirmation."""

    def __init__(self, ctx: AppContext, case: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctx, case, self.tr("Result of judicial confirmation"), parent)
        agreement = case.agreement
        if agreement is not None and agreement.judicial_confirmation_on is not None:
            self.add_note(self.tr("Applied on %1.").replace(
                "%1", agreement.judicial_confirmation_on.isoformat()))
        self.result = combo_for(JudicialResult, optional=True)
        self.decided_on = date_field("decided_on")
        self.court = QLineEdit()
        self.court.setPlaceholderText(self.tr("e.g. Haigang District People's Court"))
        self.ruling_number = QLineEdit()
        self.add_row(self.tr("Result"), self.result, "result", required=True)
        self.add_row(self.tr("Date"), self.decided_on, "decided_on", required=True)
        self.add_row(self.tr("Court"), self.court, "court", required=True)
        self.add_row(self.tr("Ruling number"), self.ruling_number, "ruling_number")

    def build_input(self) -> Dated:
        return Dated(JudicialResultInput(
            combo_value(self.result) or "", self.decided_on.date_value(), self.court.text(),
            self.ruling_number.text()), date_errors(self.decided_on))

    def submit(self, data: JudicialResultInput) -> None:
        from workstation.services.casefile import record_judicial_result

        record_judicial_result(self.ctx.db, self.ctx.actor, self.case.id, data)


class SupervisionDialog(StepDialog):
    """督促履行 (art. 31): when, how, what was done, the performance found afterwards."""

    def __init__(self, ctx: AppContext, case: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctx, case, self.tr("Supervise performance"), parent)
        agreement = case.agreement
        if agreement is not None:
            self.add_note(self.tr("Performance so far: %1").replace(
                "%1", agreement.performance_status_label))
        self.done_on = date_field("done_on")
        self.manner = combo_for(SupervisionManner, optional=True)
        self.content = _text_box(4)
        self.content.setPlaceholderText(self.tr("Whom you urged and what they said"))
        self.performance = combo_for(Performance, optional=True)
        self.add_row(self.tr("Date"), self.done_on, "done_on", required=True)
        self.add_row(self.tr("How"), self.manner, "manner", required=True)
        self.add_row(self.tr("What was done"), self.content, "content", required=True)
        self.add_row(self.tr("Performance afterwards"), self.performance, "performance",
                     required=True)

    def build_input(self) -> Dated:
        return Dated(SupervisionInput(
            self.done_on.date_value(), combo_value(self.manner) or "",
            self.content.toPlainText(), combo_value(self.performance) or ""),
            date_errors(self.done_on))

    def submit(self, data: SupervisionInput) -> str:
        from workstation.services.casefile import record_supervision

        return record_supervision(self.ctx.db, self.ctx.actor, self.case.id, data)


class FeedbackDialog(StepDialog):
    """The feedback letter (反馈函) to the body that referred the case was sent."""

    def __init__(self, ctx: AppContext, case: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctx, case, self.tr("Feedback letter sent"), parent)
        self.add_note(self.tr("Print the feedback letter from the print menu, seal it and "
                              "send it to the referring body; then record it here."))
        self.sent_on = date_field("sent_on")
        self.recipient = QLineEdit(case.referring_body)
        self.content = _text_box(3)
        self.content.setPlaceholderText(self.tr("Anything the letter adds (optional)"))
        self.add_row(self.tr("Sent on"), self.sent_on, "sent_on", required=True)
        self.add_row(self.tr("Sent to"), self.recipient, "recipient", required=True)
        self.add_row(self.tr("Additional content"), self.content, "content")

    def build_input(self) -> Dated:
        return Dated(FeedbackInput(
            self.sent_on.date_value(), self.recipient.text(), self.content.toPlainText()),
            date_errors(self.sent_on))

    def submit(self, data: FeedbackInput) -> str:
        from workstation.services.casefile import record_feedback

        return record_feedback(self.ctx.db, self.ctx.actor, self.case.id, data)


#: Case-file step key → (dialog, English menu text for ``tr``).
CASEFILE_DIALOGS: dict[str, type[StepDialog]] = {
    "rights_notice": RightsNoticeDialog,
    "investigation": InvestigationDialog,
    "judicial_result": JudicialResultDialog,
    "supervision": SupervisionDialog,
    "feedback": FeedbackDialog,
}
