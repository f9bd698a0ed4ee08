"""Corrections (更正) in the record views: the 更正… button (the recording operator and admins
only), the dialog that hosts the record's own form prefilled with a 更正原因 field, the
"已更正 N 次" line, and, for a referral already with the legal aid center, the dialog that
only adds a correction note (更正说明).

The form is the record's registration form (a ``ValidatedForm``) switched to correction mode
by its ``begin_correction(detail)``: it then fills itself from the detail, hides its own
buttons and saves through ``services.corrections`` (in the background, like any save). Drafts
are not kept for a correction (the record itself is saved; closing the dialog drops the
edit). The service checks the permission again (hiding a button is not a permission).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..context import AppContext
from .forms import ErrorLabel, ValidatedForm, error_message
from .shortcuts import shortcut


def may_correct(ctx: AppContext, detail: Any) -> bool:
    """Whether the 更正 button is offered for ``detail``: not voided, and the logged-in
    operator recorded it (or owns it) or is an admin."""
    info = getattr(detail, "corrections", None)
    return (detail is not None and getattr(detail, "void", None) is None
            and info is not None and info.allows(ctx.actor))


class CorrectionInfoLabel(QLabel):
    """"已更正 N 次，最近一次：<time> <operator>" under a record's heading; hidden before the
    first correction."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("correction_info")
        self.setProperty("role", "status")
        self.setWordWrap(True)
        self.setToolTip(self.tr("Every correction, with the old and new values and the "
                                "reason, is in the audit log."))
        self.hide()

    def show_detail(self, detail: Any) -> None:
        info = getattr(detail, "corrections", None)
        text = info.text if info is not None else ""
        self.setText(text)
        self.setVisible(bool(text))


class CorrectionDialog(QDialog):
    """The record's form, prefilled, with the reason for the correction; saves through the
    form (background) and closes once saved."""

    #: The record was corrected: its id.
    corrected = Signal(str)

    def __init__(self, ctx: AppContext, form: ValidatedForm, detail: Any, title: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.form = form
        self.setObjectName("correction_dialog")
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        notice = QLabel(self.tr(
            "Change what was recorded wrongly and give the reason. The record keeps its "
            "number; the old and new values and the reason are kept in the audit log, and "
            "the corrected record is sent to the county with the next sync."))
        notice.setObjectName("correction_notice")
        notice.setWordWrap(True)
        notice.setProperty("role", "notice")
        layout.addWidget(notice)

        form.begin_correction(detail)  # type: ignore[attr-defined]
        form._autosave.stop()  # no drafts of a correction: the record itself is saved
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(form)
        layout.addWidget(scroll, 1)

        reason_form = QFormLayout()
        self.reason = QLineEdit()
        self.reason.setObjectName("correction_reason")
        self.reason.setMaxLength(200)
        self.reason.setPlaceholderText(self.tr("e.g. wrong month typed in the question"))
        reason_box = QWidget()
        reason_column = QVBoxLayout(reason_box)
        reason_column.setContentsMargins(0, 0, 0, 0)
        reason_column.setSpacing(2)
        reason_column.addWidget(self.reason)
        self.reason_error = ErrorLabel()
        self.reason_error.setObjectName("correction_reason_error")
        reason_column.addWidget(self.reason_error)
        form.errors.register("correction_reason", self.reason_error)
        caption = QLabel("* " + self.tr("Reason for the correction"))
        caption.setBuddy(self.reason)
        reason_form.addRow(caption, reason_box)
        layout.addLayout(reason_form)

        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(self.tr("Save correction (Ctrl+S)"),
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("save_correction")
        cancel = buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("cancel_correction")
        self.save_button.clicked.connect(self.save)
        cancel.clicked.connect(self.reject)
        layout.addWidget(buttons)

        form.validity_changed.connect(lambda _valid: self._update_button())
        self.reason.textChanged.connect(self._update_button)
        self.reason.textChanged.connect(lambda text: setattr(form, "correction_reason", text))
        # In the reason field (the form has its own Ctrl+S).
        shortcut(QKeySequence.StandardKey.Save, self.reason, self.save,
                 Qt.ShortcutContext.WidgetShortcut)
        form.saved.connect(self._saved)
        form.cancelled.connect(self.reject)
        self.finished.connect(lambda *_: form.stop())
        form.validate()
        self._update_button()
        self._fit_screen()

    def _fit_screen(self) -> None:
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        area = screen.availableGeometry()
        self.resize(min(1100, int(area.width() * 0.9)), min(820, int(area.height() * 0.9)))

    def _update_button(self, *_: object) -> None:
        self.save_button.setEnabled(self.form.is_valid and bool(self.reason.text().strip()))

    def save(self) -> None:
        """Save through the form (Ctrl+S in the form does the same); the service refuses an
        empty reason with a field error."""
        self.form.save()

    def _saved(self, record_id: str) -> None:
        self._done = True
        self.corrected.emit(record_id)
        self.accept()

    def reject(self) -> None:
        """Cancel / Esc: drop the edit, after asking when something was changed (the safe
        answer, keep editing, is the default)."""
        if not getattr(self, "_done", False) and (self.form.dirty
                                                   or self.reason.text().strip()):
            answer = QMessageBox.question(
                self, self.tr("Discard the correction"),
                self.tr("Discard the changes made in this correction?"),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()


class NoteDialog(QDialog):
    """A correction note (更正说明) for a referral already with the legal aid center."""

    noted = Signal(str)

    def __init__(self, ctx: AppContext, referral_id: str, number: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.referral_id = ctx, referral_id
        self.setObjectName("correction_note_dialog")
        self.setWindowTitle(self.tr("Correction note for %1").replace("%1", number))
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "This application has already been forwarded to the legal aid center, so its "
            "contents stay as they were forwarded and cannot be changed. You can add a "
            "correction note instead: it is shown on the application and sent to the county "
            "with the next sync. Please also tell the center."))
        intro.setObjectName("correction_note_intro")
        intro.setWordWrap(True)
        intro.setProperty("role", "notice")
        layout.addWidget(intro)
        layout.addWidget(QLabel("* " + self.tr("Correction note")))
        self.note = QPlainTextEdit()
        self.note.setObjectName("correction_note")
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText(self.tr("What is wrong and what is right, e.g. the "
                                             "household has 6 members, not 5"))
        self.note.setMaximumHeight(self.fontMetrics().lineSpacing() * 5 + 14)
        layout.addWidget(self.note)
        self.error = ErrorLabel()
        self.error.setObjectName("dialog_error")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(self.tr("Add correction note"),
                                           QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("save_note")
        self.ok_button.setEnabled(False)
        cancel = buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.ok_button.clicked.connect(self.submit)
        cancel.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.note.textChanged.connect(
            lambda: self.ok_button.setEnabled(bool(self.note.toPlainText().strip())
                                              and not self._busy))
        self._busy = False

    def submit(self) -> None:
        from workstation.services.corrections import annotate_referral

        note = self.note.toPlainText()
        if self._busy or not note.strip():
            return
        self._busy = True
        self.ok_button.setEnabled(False)
        self.error.show_message(None)
        ctx, referral_id = self.ctx, self.referral_id
        ctx.runner.run(lambda: annotate_referral(ctx.db, ctx.actor, referral_id, note),
                       write=True, on_done=self._done, on_error=self._failed)

    def _done(self, _line: object) -> None:
        self._busy = False
        self.noted.emit(self.referral_id)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        self.ok_button.setEnabled(True)
        self.error.show_message(error_message(error))


class CorrectButton(QPushButton):
    """更正… for the record shown: the recording operator and admins only, not once voided.

    ``make_form`` builds a fresh form of the record's kind (put into correction mode by the
    dialog). For a referral already with the center (``detail.annotation_only``) the button
    opens the correction-note dialog instead.
    """

    #: The record was corrected (or annotated): its id.
    corrected = Signal(str)

    def __init__(self, ctx: AppContext, record_type: str, label: str,
                 make_form: Callable[[], ValidatedForm] | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.record_type, self.label = record_type, label
        self.make_form = make_form
        self.detail: Any = None
        self.dialog: QDialog | None = None
        self.setObjectName("correct_record")
        self.setText(self.tr("Correct..."))
        self.setToolTip(self.tr("Correct what was recorded wrongly (whoever registered the "
                                "record, or an admin); recorded in the audit log"))
        self.setMinimumHeight(34)
        self.clicked.connect(self.start)
        self.hide()

    def set_detail(self, detail: Any) -> None:
        self.detail = detail
        annotate = bool(getattr(detail, "annotation_only", False))
        self.setText(self.tr("Add correction note...") if annotate else self.tr("Correct..."))
        self.setVisible(may_correct(self.ctx, detail))

    def start(self) -> QDialog | None:
        detail = self.detail
        if detail is None or not may_correct(self.ctx, detail):
            return None
        dialog: QDialog
        if getattr(detail, "annotation_only", False):
            note = NoteDialog(self.ctx, detail.id, detail.number, self.window())
            note.noted.connect(self._done)
            dialog = note
        else:
            assert self.make_form is not None
            title = self.tr("Correct %1 %2").replace("%1", self.label).replace(
                "%2", detail.number)
            correction = CorrectionDialog(self.ctx, self.make_form(), detail, title,
                                          self.window())
            correction.corrected.connect(self._done)
            dialog = correction
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.finished.connect(lambda *_: self._closed(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _done(self, record_id: str) -> None:
        self.ctx.signals.records_changed.emit(self.record_type)
        self.ctx.signals.status_message.emit(self.tr("Correction saved."))
        self.corrected.emit(record_id)
