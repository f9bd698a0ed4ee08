"""The form of a legal publicity activity (法治宣传活动): new or opened for editing.

It shows what the domain checks as the user types, saves in the background (a new activity,
or an edit of the version it showed, with its photos added and removed in the same
transaction) and keeps a draft of a new activity's text every few seconds (photos are not
in drafts: they are files the operator picks again).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.errors import FieldError, ValidationError
from workstation.domain.publicity import (
    MAX_AUDIENCE,
    MAX_MATERIALS,
    ActivityInput,
    PublicityForm,
    PublicityPlace,
)

from ..context import AppContext
from ..widgets.date_field import DateField
from ..widgets.forms import (
    ErrorLabel,
    ValidatedForm,
    combo_for,
    combo_value,
    date_to_qdate,
    field_row,
    on_valid,
    qdate_to_date,
    set_combo_value,
)
from .photos import PhotoStrip

RECORD_TYPE = "publicity_activity"
NEW_KEY = "publicity_activity:new"


class OperatorChecklist(QListWidget):
    """The station's operators with a check box each (who took part)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("operators")
        self.setMaximumHeight(64)
        self.setFlow(QListWidget.Flow.LeftToRight)
        self.setWrapping(True)
        self.setSpacing(4)
        self.itemChanged.connect(lambda *_: self.changed.emit())
        self._wanted: tuple[str, ...] = ()

    def set_operators(self, operators: list[Any], extra: dict[str, str] | None = None) -> None:
        """Offer ``operators`` (id, name) plus ``extra`` (id → name: inactive ones already on
        the activity), keeping the checked ones."""
        checked = self.checked_ids() or self._wanted
        self.blockSignals(True)
        self.clear()
        names = {o.id: o.name for o in operators}
        names.update({k: v for k, v in (extra or {}).items() if k not in names})
        for operator_id, name in names.items():
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, operator_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if operator_id in checked
                               else Qt.CheckState.Unchecked)
            self.addItem(item)
        self.blockSignals(False)

    def set_checked(self, ids: tuple[str, ...]) -> None:
        self._wanted = tuple(ids)
        self.blockSignals(True)
        for row in range(self.count()):
            item = self.item(row)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole)
                               in ids else Qt.CheckState.Unchecked)
        self.blockSignals(False)
        self.changed.emit()

    def checked_ids(self) -> tuple[str, ...]:
        ids = []
        for row in range(self.count()):
            item = self.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                ids.append(str(item.data(Qt.ItemDataRole.UserRole)))
        # The one responsible first when still checked (the order is kept when saving).
        order = {i: n for n, i in enumerate(self._wanted)}
        return tuple(sorted(ids, key=lambda i: order.get(i, len(order))))


class ActivityForm(ValidatedForm):
    """Register a publicity activity, or edit one opened from the list."""

    form_key = NEW_KEY
    record_type = RECORD_TYPE

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.activity_id: str | None = None
        self.version = 0
        self.number = ""
        self._snapshot: tuple[Any, ...] = ()
        self._operators: list[Any] = []
        outer = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName("activity_heading")
        self.heading.setProperty("role", "heading")
        outer.addWidget(self.heading)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)

        self.held_on = DateField()  # typed: 20261207, 12-07 ...; F4 opens a calendar
        self.held_on.setObjectName("held_on")
        self.held_on.error_field = "held_on"
        self.held_on.setDate(QDate.currentDate())
        self.place_kind = combo_for(PublicityPlace, optional=True)
        self.place_kind.setObjectName("place_kind")
        self.place = QLineEdit()
        self.place.setObjectName("place")
        self.place.setPlaceholderText(self.tr("e.g. East village committee square"))
        self.form = combo_for(PublicityForm, optional=True)
        self.form.setObjectName("form")
        self.theme = QLineEdit()
        self.theme.setObjectName("theme")
        self.theme.setPlaceholderText(self.tr("e.g. The Civil Code in every home"))
        self.audience = QSpinBox()
        self.audience.setObjectName("audience")
        self.audience.setRange(0, MAX_AUDIENCE)
        self.audience.setSuffix(self.tr(" people"))
        self.materials = QSpinBox()
        self.materials.setObjectName("materials")
        self.materials.setRange(0, MAX_MATERIALS)
        self.materials.setSuffix(self.tr(" copies"))
        self.operators = OperatorChecklist()
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setMinimumHeight(70)
        self.notes.setMaximumHeight(120)
        self.notes.setPlaceholderText(self.tr("What was done, questions answered, partners"))
        self.photos = PhotoStrip(ctx)
        self.photos.setObjectName("photos")

        self.add_row(form, self.tr("Date"), self.held_on, "held_on", required=True)
        self.add_row(form, self.tr("Kind of place"), self.place_kind, "place_kind",
                     required=True)
        self.add_row(form, self.tr("Place"), self.place, "place", required=True)
        self.add_row(form, self.tr("Form"), self.form, "form", required=True)
        self.add_row(form, self.tr("Theme"), self.theme, "theme", required=True)
        counts = QWidget()
        counts_row = QHBoxLayout(counts)
        counts_row.setContentsMargins(0, 0, 0, 0)
        counts_row.addWidget(self.audience, 1)
        counts_row.addSpacing(12)
        counts_row.addWidget(QLabel(self.tr("Materials handed out")))
        counts_row.addWidget(self.materials, 1)
        self.watch(self.materials)
        field_row(form, self.tr("Audience"), counts, self.errors, None)
        self.watch(self.audience)
        for field in ("audience", "materials"):
            label = ErrorLabel()
            self.errors.register(field, label)
            form.addRow("", label)
        self.add_row(form, self.tr("Staff taking part"), self.operators, "operator_ids",
                     required=True)
        self.add_row(form, self.tr("Notes"), self.notes, "notes")
        self.add_row(form, self.tr("Photos"), self.photos, "photos")
        outer.addLayout(form)
        outer.addWidget(self.general_error)

        buttons = QHBoxLayout()
        self.save_button = QPushButton(self.tr("Save (Ctrl+S)"))
        self.save_button.setObjectName("save")
        self.save_button.setDefault(True)
        self.save_button.setMinimumHeight(36)
        self.save_button.clicked.connect(self.save)
        on_valid(self, self.save_button)
        self.new_button = QPushButton(self.tr("New activity"))
        self.new_button.setObjectName("new_activity")
        self.new_button.clicked.connect(self.cancel)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        outer.addLayout(buttons)
        outer.addStretch(1)
        self._show_heading()
        self.reset()

    # -- loading --------------------------------------------------------------------------------

    def set_operators(self, operators: list[Any]) -> None:
        """The operators to offer (``services.records.OperatorInfo``), loaded by the page."""
        self._operators = list(operators)
        self.operators.set_operators(operators)

    def reset(self) -> None:
        """An empty form for a new activity (today, the operator taking part)."""
        self._loading = True
        try:
            self.activity_id, self.version, self.number = None, 0, ""
            self.held_on.setDate(QDate.currentDate())
            self.place_kind.setCurrentIndex(0)
            self.place.clear()
            self.form.setCurrentIndex(0)
            self.theme.clear()
            self.audience.setValue(0)
            self.materials.setValue(0)
            self.notes.clear()
            self.operators.set_checked((self.ctx.actor.operator_id,))
            self.photos.clear()
        finally:
            self._loading = False
        self._dirty = False
        self._validate_timer.stop()
        self.errors.reset()  # a fresh form shows no error
        self._set_valid(False)
        self._show_heading()

    def load_detail(self, detail: Any) -> None:
        """Fill the form with a saved activity (``services.publicity.ActivityDetail``)."""
        self._loading = True
        try:
            self.activity_id, self.version, self.number = detail.id, detail.version, \
                detail.number
            self.held_on.setDate(date_to_qdate(detail.held_on))
            set_combo_value(self.place_kind, detail.place_kind)
            self.place.setText(detail.place)
            set_combo_value(self.form, detail.form)
            self.theme.setText(detail.theme)
            self.audience.setValue(detail.audience)
            self.materials.setValue(detail.materials)
            self.notes.setPlainText(detail.notes)
            extra = {o.id: o.name for o in detail.operators}
            self.operators.set_operators(self._operators, extra)
            self.operators.set_checked(detail.operator_ids)
            self.photos.set_saved(detail.photos)
        finally:
            self._loading = False
        self._dirty = False
        self._show_heading()
        self.validate()

    def _show_heading(self) -> None:
        if self.activity_id is None:
            self.heading.setText(self.tr("New publicity activity"))
        else:
            self.heading.setText(self.tr("Publicity activity %1").replace("%1", self.number))

    @property
    def editing(self) -> bool:
        return self.activity_id is not None

    def has_changes(self) -> bool:
        return self.dirty or bool(self.photos.pending()) or bool(self.photos.removed_ids())

    # -- ValidatedForm --------------------------------------------------------------------------

    def build_input(self) -> ActivityInput:
        data = ActivityInput(
            held_on=qdate_to_date(self.held_on.date()),
            place_kind=combo_value(self.place_kind) or "",
            place=self.place.text(),
            form=combo_value(self.form) or "",
            theme=self.theme.text(),
            audience=self.audience.value(),
            materials=self.materials.value(),
            notes=self.notes.toPlainText(),
            operator_ids=self.operators.checked_ids(),
        )
        if not data.operator_ids:
            errors: list[FieldError] = [FieldError("operator_ids", self.tr(
                "Tick at least one member of staff who took part."))]
            try:
                data.validated()
            except ValidationError as exc:
                errors += exc.errors
            raise ValidationError(errors)
        return data

    def save(self) -> None:
        # What the worker saves, taken on the GUI thread (it must not read widgets).
        self._snapshot = (self.activity_id, self.version, tuple(self.photos.pending()),
                          tuple(self.photos.removed_ids()))
        super().save()

    def submit(self, data: ActivityInput) -> str:
        from workstation.services import publicity

        activity_id, version, added, removed = self._snapshot
        if activity_id is None:
            return publicity.create_activity(self.ctx.db, self.ctx.actor, data, added)
        publicity.update_activity(self.ctx.db, self.ctx.actor, activity_id, data,
                                  expected_version=version, add_photos=added,
                                  remove_photo_ids=removed)
        return str(activity_id)

    def save_draft(self) -> None:
        if not self.editing:  # an edit is short: no draft (its photos cannot be kept anyway)
            super().save_draft()

    def payload(self) -> dict[str, Any]:
        return {
            "held_on": self.held_on.date().toString(Qt.DateFormat.ISODate),
            "place_kind": combo_value(self.place_kind), "place": self.place.text(),
            "form": combo_value(self.form), "theme": self.theme.text(),
            "audience": self.audience.value(), "materials": self.materials.value(),
            "notes": self.notes.toPlainText(), "operator_ids": list(self.operators.checked_ids()),
        }

    def load_payload(self, payload: dict[str, Any]) -> None:
        held = QDate.fromString(str(payload.get("held_on") or ""), Qt.DateFormat.ISODate)
        self.held_on.setDate(held if held.isValid() else QDate.currentDate())
        set_combo_value(self.place_kind, payload.get("place_kind"))
        self.place.setText(str(payload.get("place") or ""))
        set_combo_value(self.form, payload.get("form"))
        self.theme.setText(str(payload.get("theme") or ""))
        for box, key in ((self.audience, "audience"), (self.materials, "materials")):
            try:
                box.setValue(int(payload.get(key) or 0))
            except (TypeError, ValueError):
                box.setValue(0)
        self.notes.setPlainText(str(payload.get("notes") or ""))
        ids = payload.get("operator_ids")
        if isinstance(ids, list):
            self.operators.set_checked(tuple(str(i) for i in ids))

    def draft_title(self) -> str:
        theme = self.theme.text().strip()
        title = self.tr("New publicity activity")
        return f"{title} - {theme}" if theme else title
