"""Small dialogs of the referral's next steps: forward, center receipt, decision, close.

Each dialog stays open while its service call runs; a refusal is shown inside the dialog so
nothing typed is lost. ``submitted`` asks the view to run the call.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.enums import AidDecision

from ..widgets.date_field import DateField
from ..widgets.forms import ErrorLabel, qdate_to_date


def _date_edit(value: date | None = None, name: str = "") -> DateField:
    """A typed date (one Tab stop, F4 for a calendar), not after today."""
    edit = DateField()
    edit.maximum = edit.clock().date()
    edit.set_value(value or edit.maximum)
    if name:
        edit.setObjectName(name)
    return edit


class ActionDialog(QDialog):
    """A form with OK/Cancel; OK emits ``submitted`` and waits for ``done`` or ``failed``."""

    submitted = Signal()

    def __init__(self, title: str, intro: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        if intro:
            label = QLabel(intro)
            label.setWordWrap(True)
            layout.addWidget(label)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.error = ErrorLabel()
        self.error.setObjectName("dialog_error")
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("OK"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _submit(self) -> None:
        # A date typed that is no date (or out of range): said here, nothing is sent.
        for field in self.findChildren(DateField):
            message = field.error_text()
            if message and field.isEnabled():
                self.error.show_message(message)
                field.setFocus()
                field.selectAll()
                return
        self.error.show_message(None)
        self.ok_button.setEnabled(False)
        self.submitted.emit()

    def failed(self, message: str) -> None:
        self.ok_button.setEnabled(True)
        self.error.show_message(message)
        self.adjustSize()

    def done_ok(self) -> None:
        self.ok_button.setEnabled(True)
        self.accept()


class ForwardDialog(ActionDialog):
    """转交: which legal aid center, and when."""

    def __init__(self, default_center: str, applied_on: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Forward to the legal aid center"),
                         self.tr("Send the application and its materials to the county legal "
                                 "aid center, which reviews and decides."), parent)
        self.center = QLineEdit(default_center)
        self.center.setObjectName("forwarded_to")
        self.center.setMinimumWidth(300)
        self.form.addRow(self.tr("* Receiving legal aid center"), self.center)
        self.forwarded_on = _date_edit(name="forwarded_on")
        self.forwarded_on.minimum = applied_on
        self.form.addRow(self.tr("* Forwarded on"), self.forwarded_on)

    def values(self) -> tuple[str, date]:
        return self.center.text(), qdate_to_date(self.forwarded_on.date())


class ReceiptDialog(ActionDialog):
    """中心已接收: the day the center confirmed receipt."""

    def __init__(self, forwarded_on: date | None, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Center received the application"), "", parent)
        self.received_on = _date_edit(name="received_on")
        if forwarded_on:
            self.received_on.minimum = forwarded_on
        self.form.addRow(self.tr("* Received on"), self.received_on)

    def value(self) -> date:
        return qdate_to_date(self.received_on.date())


class DecisionDialog(ActionDialog):
    """录入中心决定: granted or denied, when, note and the assigned lawyer."""

    def __init__(self, forwarded_on: date | None, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Record the center's decision"),
                         self.tr("Enter the decision as the legal aid center sent it back, "
                                 "then tell the applicant."), parent)
        choice = QWidget()
        row = QVBoxLayout(choice)
        row.setContentsMargins(0, 0, 0, 0)
        self.group = QButtonGroup(self)
        self.choices: dict[str, QRadioButton] = {}
        for code, label in AidDecision.choices():
            button = QRadioButton(label)
            button.setObjectName(f"decision_{code}")
            self.group.addButton(button)
            self.choices[code] = button
            row.addWidget(button)
            button.toggled.connect(self._refresh)
        self.form.addRow(self.tr("* Decision"), choice)
        self.decided_on = _date_edit(name="decided_on")
        if forwarded_on:
            self.decided_on.minimum = forwarded_on
        self.form.addRow(self.tr("* Decision date"), self.decided_on)
        self.lawyer = QLineEdit()
        self.lawyer.setObjectName("assigned_lawyer")
        self.lawyer.setPlaceholderText(self.tr("Name and law firm, if aid was granted"))
        self.form.addRow(self.tr("Assigned lawyer"), self.lawyer)
        self.note = QPlainTextEdit()
        self.note.setObjectName("decision_note")
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(80)
        self.note.setPlaceholderText(self.tr("e.g. reasons for a denial"))
        self.form.addRow(self.tr("Note"), self.note)
        told = QWidget()
        told_row = QHBoxLayout(told)
        told_row.setContentsMargins(0, 0, 0, 0)
        self.told = QCheckBox(self.tr("Already told"))
        self.told.setObjectName("decision_told")
        self.told_on = _date_edit(name="decision_told_on")
        self.told_on.setEnabled(False)
        self.told.toggled.connect(self.told_on.setEnabled)
        told_row.addWidget(self.told)
        told_row.addWidget(self.told_on, 1)
        self.form.addRow(self.tr("Applicant told on"), told)
        self._refresh()

    def _refresh(self, *_: object) -> None:
        self.ok_button.setEnabled(self.decision() is not None)

    def told_value(self) -> date | None:
        """The day the applicant was told of the decision, if already."""
        return qdate_to_date(self.told_on.date()) if self.told.isChecked() else None

    def decision(self) -> str | None:
        for code, button in self.choices.items():
            if button.isChecked():
                return code
        return None

    def values(self) -> tuple[str, date, str, str]:
        return (self.decision() or "", qdate_to_date(self.decided_on.date()),
                self.note.toPlainText(), self.lawyer.text())


class ToldDialog(ActionDialog):
    """告知申请人: the day the applicant was told of the center's decision."""

    def __init__(self, decided_on: date | None, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Applicant told of the decision"),
                         self.tr("The day the applicant was told of the legal aid center's "
                                 "decision."), parent)
        self.told_on = _date_edit(name="decision_told_on")
        if decided_on:
            self.told_on.minimum = decided_on
        self.form.addRow(self.tr("* Told on"), self.told_on)

    def value(self) -> date:
        return qdate_to_date(self.told_on.date())


class CloseDialog(ActionDialog):
    """办结: the day, and a reason when closing before forwarding (e.g. withdrawn)."""

    def __init__(self, reason_required: bool, earliest: date | None,
                 parent: QWidget | None = None) -> None:
        intro = (self.tr("The application was not forwarded. Closing it now needs a reason, "
                         "e.g. the applicant withdrew it.") if reason_required
                 else self.tr("Close the referral once the applicant has been told of the "
                              "decision."))
        super().__init__(self.tr("Close the referral"), intro, parent)
        self.closed_on = _date_edit(name="closed_on")
        if earliest:
            self.closed_on.minimum = earliest
        self.form.addRow(self.tr("* Closed on"), self.closed_on)
        self.reason = QLineEdit()
        self.reason.setObjectName("close_reason")
        self.form.addRow((self.tr("* Reason") if reason_required else self.tr("Reason")),
                         self.reason)

    def values(self) -> tuple[date, str]:
        return qdate_to_date(self.closed_on.date()), self.reason.text()
