"""录入决定: the county's decision on one forwarded application — granted or denied, the
date, the assigned lawyer (required when granted), the reason (required when denied) —
checked as typed, saved in the background. The application's facts show above for reading.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from workstation.county.referrals import MAX_LAWYER, DecisionInput, PendingReferral
from workstation.domain.enums import AidDecision
from workstation.domain.errors import ValidationError

from ..widgets.date_field import DateField
from ..widgets.forms import (
    VALIDATE_DEBOUNCE_MS,
    ErrorLabel,
    FieldErrors,
    field_row,
    focus_first_error,
    qdate_to_date,
    typed_date_errors,
)
from ..window_fit import ContentScroll, cap_to_screen
from .common import day_text, hint
from .context import CountyContext


class DecisionDialog(QDialog):
    #: The referral's number, once the decision is recorded.
    decided = Signal(str)

    def __init__(self, ctx: CountyContext, referral: PendingReferral,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.referral = referral
        self.saving = False
        self.touched = False
        caption = self.tr("Record the decision")
        self.setWindowTitle(caption)
        self.setModal(True)
        self.setMinimumWidth(600)
        layout = QVBoxLayout(self)
        title = QLabel(f"{referral.number}　{caption}")
        title.setProperty("role", "subheading")
        layout.addWidget(title)
        # The application and the fields scroll when the screen is too small for them
        # (特大 text on 1024×768); title and buttons stay in view.
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addWidget(self._application_box())
        layout.addWidget(ContentScroll(body), 1)

        form = QFormLayout()
        self.general_error = ErrorLabel()
        self.general_error.setObjectName("dialog_error")
        self._opened_hint = 0  # the size hint when first shown (see _fit)
        self.errors = FieldErrors(self.general_error, left=self._left)

        choice = QWidget()
        row = QHBoxLayout(choice)
        row.setContentsMargins(0, 0, 0, 0)
        self.group = QButtonGroup(self)
        self.choices: dict[str, QRadioButton] = {}
        for code, label in AidDecision.choices():
            button = QRadioButton(label)
            button.setObjectName(f"decision_{code}")
            self.group.addButton(button)
            self.choices[code] = button
            row.addWidget(button)
            button.toggled.connect(self._changed)
        row.addStretch(1)
        field_row(form, self.tr("Decision"), choice, self.errors, "decision", required=True)

        # Typed (20261207, 12-07; F4 for a calendar); not before forwarding (said by the
        # field), not after today (said by the domain).
        self.decided_on = DateField()
        self.decided_on.setObjectName("decided_on")
        self.decided_on.error_field = "decided_on"
        self.decided_on.minimum = referral.forwarded_on
        self.decided_on.set_value(date.today())
        self.decided_on.changed.connect(self._changed)
        field_row(form, self.tr("Decision date"), self.decided_on, self.errors, "decided_on",
                  required=True)

        self.lawyer = QLineEdit()
        self.lawyer.setObjectName("lawyer")
        self.lawyer.setMaxLength(MAX_LAWYER)
        self.lawyer.setPlaceholderText(self.tr("Name and law firm; required when aid is "
                                               "granted"))
        self.lawyer.textChanged.connect(self._changed)
        field_row(form, self.tr("Assigned lawyer"), self.lawyer, self.errors, "lawyer")

        self.reason = QPlainTextEdit()
        self.reason.setObjectName("reason")
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(self.reason.fontMetrics().lineSpacing() * 3 + 14)
        self.reason.setPlaceholderText(self.tr("Required when aid is denied"))
        self.reason.textChanged.connect(self._changed)
        field_row(form, self.tr("Reason"), self.reason, self.errors, "reason")
        body_layout.addLayout(form)
        body_layout.addWidget(hint(self.tr(
            "The decision travels back in the next acknowledgement file for the station, which "
            "then tells the applicant. Acknowledgements are not encrypted: keep ID numbers and "
            "other personal details out of the reason.")))
        layout.addWidget(self.general_error)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("Save"))
        self.save_button.setObjectName("dialog_save")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._timer = QTimer(self, singleShot=True, interval=VALIDATE_DEBOUNCE_MS)
        self._timer.timeout.connect(self.validate)

    def _application_box(self) -> QGroupBox:
        r = self.referral
        box = QGroupBox(self.tr("The application"))
        grid = QFormLayout(box)
        grid.addRow(self.tr("Station:"), QLabel(f"{r.division_code} {r.station_name}".strip()))
        grid.addRow(self.tr("Applicant:"), QLabel(
            f"{r.applicant_name}　{r.applicant_id_masked}".strip()))
        matter = QLabel(r.matter_label)
        matter.setWordWrap(True)
        grid.addRow(self.tr("Matter:"), matter)
        dates = self.tr("forwarded %1").replace("%1", day_text(r.forwarded_on))
        if r.received_on:
            dates += self.tr(", received by the center %1").replace(
                "%1", day_text(r.received_on))
        grid.addRow(self.tr("Dates:"), QLabel(dates))
        if r.limitation_deadline:
            deadline = QLabel(day_text(r.limitation_deadline) + (
                self.tr(" (urgent)") if r.urgent else ""))
            if r.urgent:
                deadline.setProperty("role", "alert")
            grid.addRow(self.tr("Limitation period ends:"), deadline)
        for label, text in ((self.tr("Facts:"), r.facts), (self.tr("Request:"), r.request)):
            body = QLabel(text)
            body.setWordWrap(True)
            scroll = QScrollArea()
            scroll.setWidget(body)
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QScrollArea.Shape.NoFrame)
            scroll.setMaximumHeight(body.fontMetrics().lineSpacing() * 4 + 8)
            grid.addRow(label, scroll)
        return box

    # -- input -------------------------------------------------------------------------------

    def decision(self) -> str | None:
        return next((code for code, b in self.choices.items() if b.isChecked()), None)

    def build_input(self) -> DecisionInput:
        return DecisionInput(self.referral.referral_id, self.decision(),
                             qdate_to_date(self.decided_on.date()), self.lawyer.text(),
                             self.reason.toPlainText())

    def _changed(self, *_: object) -> None:
        self.touched = True
        self._timer.start()

    def _left(self) -> None:
        if not self.saving:
            self._timer.stop()
            self.validate()

    def validate(self) -> DecisionInput | None:
        typed = typed_date_errors(self)  # text that is no date: said first, under its field
        try:
            data = self.build_input().validated(date.today())
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

    # -- saving ------------------------------------------------------------------------------

    def accept(self) -> None:
        if self.saving:
            return
        self._timer.stop()
        self.errors.reveal_all()
        data = self.validate()
        if data is None:
            focus_first_error(self.errors)
            return
        from workstation.county.referrals import record_decision

        db, actor = self.ctx.db, self.ctx.actor
        self.saving = True
        self.setEnabled(False)
        self.general_error.show_message(None)
        self.ctx.runner.run(lambda: record_decision(db, data, actor=actor), write=True,
                            on_done=self._saved, on_error=self._failed)

    def _saved(self, number: Any) -> None:
        self.saving = False
        self.setEnabled(True)
        self.decided.emit(str(number))
        super().accept()

    def _failed(self, error: BaseException) -> None:
        self.saving = False
        self.setEnabled(True)
        if isinstance(error, ValidationError):
            self.errors.show(error.errors)
        else:
            self.general_error.show_message(str(error))
        self._fit()

    def done(self, result: int) -> None:
        self._timer.stop()
        super().done(result)
