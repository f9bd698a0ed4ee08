"""Voiding (作废) in the record views: the red banner of a voided record, and the admin's
作废… button with its dialog asking for the mandatory reason.

The button is shown to station admins only; the service refuses anyone else anyway
(``services.voiding.void_record``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..context import AppContext
from ..models.record_table import VOIDED_COLOR
from .forms import ErrorLabel, error_message


def record_caption(detail: Any) -> str:
    """"number name" of a loaded record (consultation, case, referral, person), to say in a
    dialog or menu which record an action acts on."""
    if detail is None:
        return ""
    number = str(getattr(detail, "number", "") or "")
    name = getattr(detail, "person_name", None)
    if name is None:
        applicant = getattr(detail, "applicant", None)
        name = getattr(applicant, "name", None) if applicant is not None else None
    if name is None:
        name = getattr(detail, "title", None) or getattr(detail, "name", None)
    return " ".join(str(x) for x in (number, name) if x)


def strike_item(item: QTreeWidgetItem) -> None:
    """Show a voided record's row of a tree or list struck through and grey."""
    for column in range(item.columnCount()):
        font = item.font(column)
        font.setStrikeOut(True)
        item.setFont(column, font)
        item.setForeground(column, QBrush(VOIDED_COLOR))


class VoidBanner(QLabel):
    """"已作废：… 原因：…" above a voided record; hidden for a valid one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("void_banner")
        self.setProperty("role", "voided")
        self.setWordWrap(True)
        self.hide()

    def show_void(self, void: Any) -> None:
        """``void`` is a ``services.voiding.VoidInfo`` or None."""
        self.setText(void.text if void is not None else "")
        self.setVisible(void is not None)


class VoidDialog(QDialog):
    """Asks why; runs the void in the background; stays open with the refusal if any."""

    #: The record was voided.
    voided = Signal()

    def __init__(self, ctx: AppContext, record_type: str, record_id: str, label: str,
                 parent: QWidget | None = None, caption: str = "") -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.record_type, self.record_id = record_type, record_id
        self.setObjectName("void_dialog")
        self.setWindowTitle(self.tr("Void %1").replace("%1", f"{label} {caption}".strip()))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "A voided record is kept, marked as voided, and left out of lists, counts, "
            "deadlines and statistics. Nothing more can be done with it and nothing can be "
            "printed from it. Voiding cannot be undone and is recorded in the audit log."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(QLabel(self.tr("* Reason for voiding")))
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("void_reason")
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText(self.tr("e.g. registered twice by mistake; see number ..."))
        self.reason.setMaximumHeight(self.fontMetrics().lineSpacing() * 5 + 14)
        layout.addWidget(self.reason)
        self.error = ErrorLabel()
        self.error.setObjectName("dialog_error")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Void"))
        self.ok_button.setObjectName("confirm_void")
        self.ok_button.setEnabled(False)
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("Cancel"))
        # Voiding cannot be undone: Enter is the safe answer (作废 is pressed on purpose).
        self.ok_button.setAutoDefault(False)
        cancel.setDefault(True)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.reason.textChanged.connect(
            lambda: self.ok_button.setEnabled(bool(self.reason.toPlainText().strip())))
        self._busy = False

    def submit(self) -> None:
        from workstation.services.voiding import void_record

        reason = self.reason.toPlainText()
        if self._busy or not reason.strip():
            return
        self._busy = True
        self.ok_button.setEnabled(False)
        self.error.show_message(None)
        ctx, record_type, record_id = self.ctx, self.record_type, self.record_id
        ctx.runner.run(lambda: void_record(ctx.db, ctx.actor, record_type, record_id, reason),
                       write=True, on_done=self._done, on_error=self._failed)

    def _done(self, _result: object) -> None:
        self._busy = False
        self.voided.emit()
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        self.ok_button.setEnabled(True)
        self.error.show_message(error_message(error))


class VoidButton(QPushButton):
    """作废… for one record: admins only, hidden once the record is voided."""

    #: The record was voided (after the dialog closed).
    voided = Signal(str)

    def __init__(self, ctx: AppContext, record_type: str, label: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.record_type, self.label = record_type, label
        self.record_id: str | None = None
        #: "number name" of the record, said in the dialog's title.
        self.caption = ""
        self.dialog: VoidDialog | None = None
        self.setObjectName("void_record")
        self.setText(self.tr("Void..."))
        self.setToolTip(self.tr("Void this record with a reason (station admins only)"))
        self.setMinimumHeight(34)
        self.clicked.connect(self.start)
        self.hide()

    def set_record(self, record_id: str | None, voided: bool, caption: str = "") -> None:
        self.record_id = record_id
        self.caption = caption
        self.setVisible(record_id is not None and not voided and self.ctx.actor.is_admin)

    def start(self) -> VoidDialog | None:
        if self.record_id is None:
            return None
        dialog = VoidDialog(self.ctx, self.record_type, self.record_id, self.label,
                            self.window(), self.caption)
        record_id = self.record_id
        dialog.voided.connect(lambda: self._voided(record_id))
        dialog.finished.connect(lambda *_: self._closed(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _closed(self, dialog: VoidDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _voided(self, record_id: str) -> None:
        self.ctx.signals.records_changed.emit(self.record_type)
        self.ctx.signals.status_message.emit(self.tr("Voided; the record is kept and marked."))
        self.voided.emit(record_id)

