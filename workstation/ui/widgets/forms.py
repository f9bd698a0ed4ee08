"""Validated forms: errors next to each field, Save blocked while invalid, Ctrl+S / Esc,
background saving, and drafts saved every few seconds.

Calm forms: a field's error shows once the user has left the field (or tried to save), not
on a new, empty form; from then on it follows what they type. Each error line keeps its
space while empty, so nothing below it moves when an error comes or goes.

A concrete form subclasses ``ValidatedForm`` and implements ``build_input`` (widgets → domain
input), ``submit`` (input → service call, runs in the background), ``payload`` /
``load_payload`` (for drafts). Validation itself is the domain's: the form only shows it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QDateTime,
    QEvent,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFocusEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.enums import LabeledEnum
from workstation.domain.errors import FieldError, ValidationError
from workstation.domain.wording import CHOOSE

from ..context import AppContext
from ..tasks import alive
from .date_field import DateField
from .searchable_combo import make_searchable
from .shortcuts import shortcut

AUTOSAVE_MS = 4000
VALIDATE_DEBOUNCE_MS = 150


class ErrorLabel(QLabel):
    """Red text under a field; hidden while there is nothing to say, but its line stays
    reserved (one line of its font), so the widgets below never shift."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "error")
        self.setWordWrap(True)
        policy = self.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.setSizePolicy(policy)
        self._reserve()
        self.hide()

    def _reserve(self) -> None:
        self.setMinimumHeight(self.fontMetrics().lineSpacing())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._reserve()  # a new text size: a line of the new size
        super().changeEvent(event)

    def show_message(self, message: str | None) -> None:
        self.setText(message or "")
        self.setVisible(bool(message))


class _LeaveWatcher(QObject):
    """Calls ``left`` when the watched widget (or a child of it) loses the keyboard focus
    to another widget (not to a popup of its own or another window)."""

    def __init__(self, widget: QWidget, left: Callable[[], None]) -> None:
        super().__init__(widget)
        self._widget = widget
        self._left = left
        for each in (widget, *widget.findChildren(QWidget)):
            each.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut and isinstance(event, QFocusEvent) \
                and event.reason() not in (Qt.FocusReason.PopupFocusReason,
                                           Qt.FocusReason.ActiveWindowFocusReason):
            now = QApplication.focusWidget()  # already the widget that takes the focus
            root = self._widget
            if now is None or not (now is root or root.isAncestorOf(now)):
                self._left()
        return False


def combo_for(enum: type[LabeledEnum], *, optional: bool = False,
              placeholder: str = CHOOSE, searchable: bool = True) -> QComboBox:
    """A combo box of an enum's Chinese labels with the codes as item data (an optional
    one starts with the placeholder of a choice not made yet); typing finds an item by label
    or pinyin initials (``searchable_combo``)."""
    box = QComboBox()
    if optional:
        box.addItem(placeholder, None)
    for code, label in enum.choices():
        box.addItem(label, code)
    if searchable:
        make_searchable(box)
    return box


def combo_value(box: QComboBox) -> str | None:
    value = box.currentData()
    return None if value in (None, "") else str(value)


def set_combo_value(box: QComboBox, value: str | None) -> None:
    index = box.findData(value)
    box.setCurrentIndex(max(index, 0))


def qdate_to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def date_to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def widget_changed_signal(widget: QWidget) -> Any:
    """The signal that fires when the user edits ``widget``.

    Composite widgets (such as the person picker) expose a ``changed`` signal of their own.
    """
    custom = getattr(widget, "changed", None)
    if custom is not None and hasattr(custom, "connect"):
        return custom
    if isinstance(widget, QLineEdit):
        return widget.textChanged
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        return widget.textChanged
    if isinstance(widget, QComboBox):
        return widget.currentIndexChanged
    if isinstance(widget, QDateTimeEdit):  # (DateField is the desk's date input; kept so that a
        # Qt date editor, e.g. in code written before it, is still watched)
        return widget.dateTimeChanged
    if isinstance(widget, QSpinBox):
        return widget.valueChanged
    if isinstance(widget, QAbstractButton):
        return widget.toggled
    raise TypeError(f"cannot watch {type(widget).__name__}")


def typed_date_errors(root: QWidget) -> list[FieldError]:
    """The errors of the date fields under ``root`` whose text is no date (each under its
    ``error_field``; hidden or disabled fields do not count)."""
    return [FieldError(field.error_field, field.error_text())
            for field in root.findChildren(DateField)
            if field.error_field and field.isVisibleTo(root) and field.isEnabledTo(root)
            and field.error_text()]


def field_row(layout: QFormLayout, label: str, widget: QWidget, errors: FieldErrors,
              field: str | None, *, required: bool = False) -> QWidget:
    """Add ``widget`` under a caption, with an error label registered for a domain field."""
    container = QWidget()
    box = QVBoxLayout(container)
    box.setContentsMargins(0, 0, 0, 0)
    box.setSpacing(2)
    box.addWidget(widget)
    if field is not None:
        error = ErrorLabel()
        box.addWidget(error)
        errors.register(field, error, widget)
    caption = QLabel(("* " if required else "") + label)
    caption.setBuddy(widget)
    layout.addRow(caption, container)
    return container


class FieldErrors:
    """Maps domain field names to error labels; unknown fields go to a form-level label.

    ``show`` is given every error of the current input; a field's error is displayed only
    once the field was left (``register`` with its widget watches that) or after
    ``reveal_all`` (a save attempt). ``left`` is called when a field is left, so the form
    can validate at once (the errors then are fresh).
    """

    def __init__(self, general: ErrorLabel, left: Callable[[], None] | None = None) -> None:
        self._labels: dict[str, ErrorLabel] = {}
        self._widgets: dict[str, QWidget] = {}
        self._general = general
        self._left = left
        self._revealed: set[str] = set()
        self._all = False
        self._errors: list[FieldError] = []
        self._displayed: list[str] = []

    def register(self, field: str, label: ErrorLabel, widget: QWidget | None = None) -> None:
        self._labels[field] = label
        if widget is not None and self._widgets.get(field) is not widget:
            self._widgets[field] = widget
            _LeaveWatcher(widget, lambda: self.reveal(field))

    def set_left_callback(self, left: Callable[[], None] | None) -> None:
        self._left = left

    # -- what is displayed ------------------------------------------------------------------

    def reveal(self, field: str) -> None:
        """The user left ``field``: its error shows from now on."""
        self._revealed.add(field)
        if self._left is None:
            self._display()
        elif alive(self._left):  # not a form being destroyed (its fields lose the focus then)
            self._left()  # validates: calls ``show`` with fresh errors

    def reveal_all(self) -> None:
        """A save attempt: every error shows from now on."""
        self._all = True
        self._display()

    def reset(self) -> None:
        """A fresh form: nothing revealed, nothing shown."""
        self._revealed.clear()
        self._all = False
        self.show([])

    @property
    def revealed_all(self) -> bool:
        return self._all

    def show(self, errors: list[FieldError]) -> None:
        self._errors = list(errors)
        self._display()

    def _display(self) -> None:
        by_field: dict[str, str] = {}
        for error in self._errors:
            by_field.setdefault(error.field, error.message)
        self._displayed = []
        for name, label in self._labels.items():
            message = by_field.pop(name, None)
            if message and (self._all or name in self._revealed):
                self._displayed.append(name)
            else:
                message = None
            label.show_message(message)
        leftovers = list(dict.fromkeys(by_field.values()))
        self._general.show_message("；".join(leftovers) if self._all else "")

    def message_for(self, field: str) -> str:
        label = self._labels.get(field)
        return label.text() if label is not None and label.isVisible() else ""

    def first_invalid_widget(self) -> QWidget | None:
        """The widget of the first field (in registration order) that shows an error."""
        for name in self._displayed:
            if name in self._widgets:
                return self._widgets[name]
        return None


class ValidatedForm(QWidget):
    """Base of every record form."""

    #: Emitted with the saved record's id after a successful save.
    saved = Signal(str)
    #: The user pressed Esc or Cancel.
    cancelled = Signal()
    #: Whether the current input is valid (Save enabled).
    validity_changed = Signal(bool)

    #: Drafts of this form are stored under this key (``kind:new`` or ``kind:<id>``).
    form_key = "form:new"
    #: Record type told to ``records_changed`` after saving.
    record_type = ""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.general_error = ErrorLabel()
        self.errors = FieldErrors(self.general_error, left=self._field_left)
        self._valid = False
        self._dirty = False
        self._saving = False
        self._loading = False
        self._validate_timer = QTimer(self, singleShot=True, interval=VALIDATE_DEBOUNCE_MS)
        self._validate_timer.timeout.connect(self.validate)
        self._autosave = QTimer(self, interval=AUTOSAVE_MS)
        self._autosave.timeout.connect(self.save_draft)
        self._autosave.start()
        shortcut(QKeySequence.StandardKey.Save, self, self.save)
        shortcut(Qt.Key.Key_Escape, self, self.cancel)

    # -- building ---------------------------------------------------------------------------

    def add_row(self, layout: QFormLayout, label: str, widget: QWidget,
                field: str | None = None, *, required: bool = False) -> QWidget:
        """Add ``widget`` with its label and, for a domain field, an error label under it."""
        container = field_row(layout, label, widget, self.errors, field, required=required)
        self.watch(widget)
        return container

    def watch(self, *widgets: QWidget) -> None:
        """Revalidate (debounced) and mark dirty whenever one of ``widgets`` is edited."""
        for widget in widgets:
            widget_changed_signal(widget).connect(self._changed)

    def _changed(self, *_: object) -> None:
        if self._loading:
            return
        self._dirty = True
        self._validate_timer.start()

    def _field_left(self) -> None:
        if not shiboken6.isValid(self._validate_timer):
            return  # the form is being torn down with the focus in one of its fields
        if not self._saving:
            self._validate_timer.stop()
            self.validate()

    # -- to override ------------------------------------------------------------------------

    def build_input(self) -> Any:
        """Read the widgets into the domain input (may raise ValidationError)."""
        raise NotImplementedError

    def submit(self, data: Any) -> str:
        """Save validated ``data`` through a service; runs on a worker thread. Returns an id."""
        raise NotImplementedError

    def payload(self) -> dict[str, Any]:
        """The form's contents as JSON-able data, for drafts."""
        raise NotImplementedError

    def load_payload(self, payload: dict[str, Any]) -> None:
        """Fill the widgets from a draft payload."""
        raise NotImplementedError

    def draft_title(self) -> str:
        return self.windowTitle() or self.tr("Unsaved form")

    # -- validation -------------------------------------------------------------------------

    @property
    def is_valid(self) -> bool:
        return self._valid

    def validate(self) -> Any | None:
        """Validate now; show errors; return the validated input or None."""
        # Dates typed in a DateField that are no dates: said first, under their field.
        typed = typed_date_errors(self)
        try:
            data = self.build_input().validated()
        except ValidationError as exc:
            self.errors.show([*typed, *exc.errors])
            self._set_valid(False)
            return None
        if typed:
            self.errors.show(typed)
            self._set_valid(False)
            return None
        self.errors.show([])
        self._set_valid(True)
        return data

    def _set_valid(self, valid: bool) -> None:
        if valid != self._valid:
            self._valid = valid
            self.validity_changed.emit(valid)

    # -- saving -----------------------------------------------------------------------------

    def save(self) -> None:
        """Validate and save in the background; nothing is saved while invalid."""
        if self._saving:
            return
        self.errors.reveal_all()
        data = self.validate()
        if data is None:
            focus_first_error(self.errors)
            return
        self._saving = True
        self.setEnabled(False)
        self.ctx.runner.run(lambda: self.submit(data), write=True,
                            on_done=self._on_saved, on_error=self._on_save_failed)

    def _on_saved(self, record_id: str) -> None:
        self._saving = False
        self._dirty = False
        self.setEnabled(True)
        self._discard_draft()
        if self.record_type:
            self.ctx.signals.records_changed.emit(self.record_type)
        self.saved.emit(record_id)

    def _on_save_failed(self, error: BaseException) -> None:
        self._saving = False
        self.setEnabled(True)
        if isinstance(error, ValidationError):
            self.errors.reveal_all()
            self.errors.show(error.errors)
            self._set_valid(False)
            return
        show_error(self, self.tr("Could not save"), error)

    def cancel(self) -> None:
        self.cancelled.emit()

    # -- drafts -----------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        return self._dirty

    def save_draft(self) -> None:
        """Store the form as a draft if it changed since the last save (background write)."""
        if not self._dirty or self._saving:
            return
        from workstation.services.drafts import save_draft

        payload, title, key = self.payload(), self.draft_title(), self.form_key
        ctx = self.ctx
        self._dirty = False
        ctx.runner.run(lambda: save_draft(ctx.db, ctx.actor, key, title, payload), write=True,
                       on_error=lambda exc: setattr(self, "_dirty", True))

    def _discard_draft(self) -> None:
        from workstation.services.drafts import discard_draft

        ctx, key = self.ctx, self.form_key
        ctx.runner.run(lambda: discard_draft(ctx.db, ctx.actor, key), write=True)

    def restore(self, payload: dict[str, Any]) -> None:
        """Fill the form from a draft without marking it as a fresh edit."""
        self._loading = True
        try:
            self.load_payload(payload)
        finally:
            self._loading = False
        self._dirty = False
        self.validate()

    def stop(self) -> None:
        """Stop timers (the form is being closed)."""
        self._autosave.stop()
        self._validate_timer.stop()


def focus_first_error(errors: FieldErrors) -> None:
    """Put the cursor in the first field that shows an error (after a save attempt)."""
    widget = errors.first_invalid_widget()
    if widget is not None and widget.isEnabled():
        widget.setFocus(Qt.FocusReason.OtherFocusReason)


def error_message(error: BaseException) -> str:
    """What a user reads about a failure: services' Chinese messages as they are."""
    from workstation.services.context import ServiceError
    from workstation.storage.engine import DatabaseError

    if isinstance(error, ServiceError | DatabaseError | ValidationError):
        return str(error)
    return QCoreApplication.translate("Errors", "An unexpected error occurred: %1").replace(
        "%1", str(error))


def show_error(parent: QWidget, title: str, error: BaseException) -> None:
    """A message box for a failure; service errors carry Chinese text already."""
    QMessageBox.warning(parent, title, error_message(error))


def now_qdatetime() -> QDateTime:
    return QDateTime.currentDateTime()


def on_valid(form: ValidatedForm, button: QAbstractButton) -> None:
    """Keep ``button`` enabled only while ``form`` is valid; while it is not, its tooltip
    says why (the errors themselves show as fields are left, or with Ctrl+S)."""
    hint = QCoreApplication.translate(
        "ValidatedForm", "Fill in the fields marked * first. Ctrl+S shows what is missing.")

    def follow(valid: bool) -> None:
        button.setEnabled(valid)
        button.setToolTip("" if valid else hint)

    follow(form.is_valid)
    form.validity_changed.connect(follow)


def checked_codes(boxes: dict[str, QCheckBox]) -> tuple[str, ...]:
    return tuple(code for code, box in boxes.items() if box.isChecked())


Callback = Callable[[], None]
