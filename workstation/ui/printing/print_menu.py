"""The 打印 button of a record: a menu of the documents registered for its kind.

Documents that do not fit the record (``spec.accepts(detail)`` gives a reason) are listed
disabled with the reason as tooltip. Choosing one makes the PDF in the background (audited by
``services.printing.print_document``), warns about characters no font can draw, then opens
the preview.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QMenu,
    QMessageBox,
    QToolButton,
    QWidget,
)

from ..context import AppContext
from ..widgets.forms import show_error
from ..widgets.progress import TaskProgress
from ..widgets.shortcuts import shortcut
from ..widgets.voiding import record_caption

#: What Ctrl+P (and the bold first entry of the menu) prints for each kind of record.
DEFAULT_DOCUMENT = {
    "consultation": "consultation_receipt",
    "mediation_case": "mediation_receipt",
    "aid_referral": "aid_receipt",
    "work_order": "work_order_reply",
}


@dataclass(frozen=True)
class DocumentChoice:
    """One entry of the menu: a registered document and whether this record fits it."""

    key: str
    title: str
    page: str
    #: None when the record fits, else the Chinese reason it does not.
    reason: str | None


def document_choices(record_type: str, detail: Any) -> list[DocumentChoice]:
    """Every document registered for ``record_type``, with ``accepts(detail)``'s verdict."""
    from workstation.printing.registry import refusal
    from workstation.services.printing import list_documents

    choices: list[DocumentChoice] = []
    for spec in list_documents(record_type):
        try:
            reason = refusal(spec, detail) if detail is not None else None
        except Exception as exc:  # a document's check must not break the menu
            reason = str(exc) or type(exc).__name__
        choices.append(DocumentChoice(spec.key, spec.title, spec.page, reason or None))
    return choices


def audit_saved_copies(ctx: AppContext, dialog: Any, doc: Any) -> None:
    """Record in the audit trail every PDF file the preview ``dialog`` saves of ``doc``."""
    from workstation.services.printing import record_saved_copy

    def saved(path: str) -> None:
        ctx.runner.run(lambda: record_saved_copy(ctx.db, ctx.actor, doc, path), write=True,
                       on_error=lambda exc: ctx.signals.status_message.emit(str(exc)))

    dialog.saved.connect(saved)


def missing_chars_text(chars: tuple[str, ...] | list[str]) -> str:
    """``“𠮷”（U+20BB7）、“䶮”（U+4DAE）`` for the warning."""
    return "、".join(f"“{ch}”（U+{ord(ch):04X}）" for ch in chars)


class PrintButton(QToolButton):
    """打印 ▾ for one record; call ``set_record`` whenever the record (re)loads."""

    #: The menu was rebuilt for the current record (tests).
    menu_ready = Signal()
    #: A document was made and audited: its ``RenderedDocument``.
    document_ready = Signal(object)
    #: The preview opened (the ``PreviewDialog``).
    preview_opened = Signal(object)

    def __init__(self, ctx: AppContext, record_type: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.record_type = record_type
        self.record_id: str | None = None
        self.detail: Any = None
        self.choices: list[DocumentChoice] = []
        self.busy: TaskProgress | None = None
        self.missing_box: QMessageBox | None = None
        self.preview: Any = None
        self._generation = 0
        self.setObjectName("print_button")
        self.setText(self.tr("Print"))
        self.setToolTip(self.tr("Print or save a form or receipt of this record"))
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setMinimumHeight(34)
        self.setProperty("role", "action")
        self.menu_ = QMenu(self)
        self.menu_.setToolTipsVisible(True)
        self.setMenu(self.menu_)
        self.setEnabled(False)
        self._focus_pending = False
        self.menu_ready.connect(self._take_pending_focus)

    # -- the menu ---------------------------------------------------------------------------

    def set_record(self, record_id: str | None, detail: Any = None) -> None:
        """Show the documents for this record (computed in the background)."""
        if record_id != self.record_id:
            # Another record: nothing of the previous one's menu may stay offered meanwhile.
            self.choices = []
            self.menu_.clear()
            self.menu_.setTitle("")
            self.setEnabled(False)
        self.record_id = record_id
        self.detail = detail
        self._generation += 1
        generation = self._generation
        if record_id is None:
            self.choices = []
            self.menu_.clear()
            self.setEnabled(False)
            return
        record_type = self.record_type
        # Listing imports the document modules (reportlab): not on the GUI thread.
        self.ctx.runner.run(lambda: document_choices(record_type, detail),
                            on_done=lambda choices: self._fill(generation, choices),
                            on_error=lambda exc: self._fill(generation, []))

    def _fill(self, generation: int, choices: list[DocumentChoice]) -> None:
        # The lambda that delivers here escapes the runner's check for a deleted owner: a
        # page closed while the menu was being computed must not be touched.
        if not shiboken6.isValid(self.menu_) or generation != self._generation:
            return
        self.choices = choices
        self.menu_.clear()
        caption = record_caption(self.detail)
        self.menu_.setTitle(caption)
        if caption:
            # Say which record is printed: the one shown, by number and name.
            self.menu_.addSection(self.tr("Print %1").replace("%1", caption))
        default_key = DEFAULT_DOCUMENT.get(self.record_type)
        for choice in choices:
            text = choice.title
            if choice.page == "receipt80":
                text = self.tr("%1 (receipt printer)").replace("%1", choice.title)
            action = QAction(text, self.menu_)
            action.setData(choice.key)
            action.setObjectName(f"print_{choice.key}")
            if choice.reason:
                action.setEnabled(False)
                action.setToolTip(choice.reason)
                action.setStatusTip(choice.reason)
            action.triggered.connect(lambda _=False, key=choice.key: self.print_document(key))
            self.menu_.addAction(action)
            if choice.key == default_key:
                text = self.tr("%1 (Ctrl+P)").replace("%1", text)
                action.setText(text)
                self.menu_.setDefaultAction(action)
        self.setEnabled(bool(choices) and self.busy is None)
        self.menu_ready.emit()

    def actions_by_key(self) -> dict[str, QAction]:
        return {str(a.data()): a for a in self.menu_.actions() if a.data()}

    def default_key(self) -> str | None:
        """The document Ctrl+P prints for the current record, None when it cannot print."""
        key = DEFAULT_DOCUMENT.get(self.record_type)
        choice = next((c for c in self.choices if c.key == key and c.reason is None), None)
        return choice.key if choice is not None else None

    def print_default(self) -> bool:
        """Ctrl+P: make the default document of the record shown and preview it."""
        key = self.default_key()
        if key is None or not self.isVisible() or not self.isEnabled():
            return False
        self.print_document(key)
        return True

    def install_shortcut(self, scope: QWidget) -> None:
        """Ctrl+P anywhere inside ``scope`` (a page) prints the record this button shows."""
        shortcut(QKeySequence.StandardKey.Print, scope, self.print_default)

    def focus_when_ready(self) -> None:
        """Take the keyboard focus now, or as soon as the menu for the record is ready."""
        if self.isEnabled() and self.isVisible():
            self.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self._focus_pending = True

    def _take_pending_focus(self) -> None:
        if self._focus_pending:
            self._focus_pending = False
            if self.isEnabled() and self.isVisible():
                self.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- printing ---------------------------------------------------------------------------

    def print_document(self, key: str) -> None:
        """Make the PDF of ``key`` for the current record in the background, then preview."""
        if self.record_id is None or self.busy is not None:
            return
        from workstation.services.printing import print_document

        db, actor, record_id = self.ctx.db, self.ctx.actor, self.record_id
        choice = next((c for c in self.choices if c.key == key), None)
        title = choice.title if choice else key
        # The PDF is made in one go: a busy bar without Cancel.
        self.busy = TaskProgress(self, self.tr("Preparing %1...").replace("%1", title),
                                 title=self.tr("Print"), delay_ms=300)
        self.setEnabled(False)
        QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        self.busy.run(self.ctx.runner, lambda c: print_document(db, actor, key, record_id),
                      write=True, on_done=self._made, on_error=self._failed)

    def _end_busy(self) -> None:
        QApplication.restoreOverrideCursor()
        busy, self.busy = self.busy, None
        if busy is not None:
            busy.close()
        self.setEnabled(bool(self.choices))

    def _failed(self, error: BaseException) -> None:
        self._end_busy()
        show_error(self, self.tr("Could not print"), error)

    def _made(self, doc: Any) -> None:
        self._end_busy()
        self.ctx.signals.status_message.emit(
            self.tr("%1 is ready (recorded in the audit trail)").replace("%1", doc.title))
        self.document_ready.emit(doc)
        if doc.missing_chars:
            self._warn_missing(doc)
        else:
            self.open_preview(doc)

    def _warn_missing(self, doc: Any) -> None:
        text = self.tr("The following characters have no available font and will print as "
                       "〓: %1").replace("%1", missing_chars_text(doc.missing_chars))
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Characters without a font"), text,
                          QMessageBox.StandardButton.NoButton, self)
        box.setInformativeText(self.tr("Check the spelling in the record, or write these "
                                       "characters in by hand after printing."))
        go_on = box.addButton(self.tr("Continue"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(go_on)
        self.missing_box = box

        def answered(*_: object) -> None:
            self.missing_box = None
            box.deleteLater()
            if box.clickedButton() is go_on:
                self.open_preview(doc)

        box.finished.connect(answered)
        box.open()

    def open_preview(self, doc: Any) -> Any:
        from workstation.printing.registry import get_spec

        from .preview import PreviewDialog

        dialog = PreviewDialog(doc, get_spec(doc.key).page, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        audit_saved_copies(self.ctx, dialog, doc)
        self.preview = dialog
        dialog.finished.connect(lambda *_: self._preview_closed(dialog))
        dialog.open()
        self.preview_opened.emit(dialog)
        return dialog

    def _preview_closed(self, dialog: Any) -> None:
        if self.preview is dialog:
            self.preview = None
