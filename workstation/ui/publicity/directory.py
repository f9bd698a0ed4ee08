"""The referral directory's table model and the form of one provider (服务指引名录)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.referral import ProviderInput, ProviderKind

from ..context import AppContext
from ..models.item_table import ItemTableModel
from ..widgets.forms import ValidatedForm, combo_for, combo_value, on_valid, set_combo_value

RECORD_TYPE = "referral_provider"
INACTIVE_COLOR = QColor("#999999")


class ProviderTableModel(ItemTableModel):
    """Rows are ``services.providers.ProviderInfo``."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__((self.tr("Name"), self.tr("Kind"), self.tr("Phone"),
                          self.tr("Address"), self.tr("Office hours"), self.tr("Status")),
                         parent)
        self._in_use, self._not_in_use = self.tr("In use"), self.tr("Not in use")

    def cell(self, item: Any, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (item.name, item.kind_label, item.phone, item.address, item.hours,
                    self._in_use if item.active else self._not_in_use)[column]
        if role == Qt.ItemDataRole.ToolTipRole and column in (0, 3) and item.services:
            return item.services
        if role == Qt.ItemDataRole.ForegroundRole and not item.active:
            return QBrush(INACTIVE_COLOR)
        if role == Qt.ItemDataRole.UserRole:
            return item.id
        return None


def _text_box(height: int = 60) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setMinimumHeight(height)
    box.setMaximumHeight(height + 30)
    return box


class ProviderForm(ValidatedForm):
    """Add or change one provider (station admins only: others see it read-only)."""

    form_key = "referral_provider:edit"
    record_type = RECORD_TYPE

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.provider_id: str | None = None
        self.version = 0
        self._snapshot: tuple[str | None, int] = (None, 0)
        outer = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName("provider_heading")
        self.heading.setProperty("role", "heading")
        outer.addWidget(self.heading)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.kind = combo_for(ProviderKind, optional=True)
        self.kind.setObjectName("kind")
        self.address = QLineEdit()
        self.address.setObjectName("address")
        self.phone = QLineEdit()
        self.phone.setObjectName("phone")
        self.phone.setPlaceholderText(self.tr("e.g. 0335-3012345; several separated by 、"))
        self.hours = QLineEdit()
        self.hours.setObjectName("hours")
        self.hours.setPlaceholderText(self.tr("e.g. Workdays 8:30-17:30"))
        self.services = _text_box()
        self.services.setObjectName("services")
        self.notes = _text_box()
        self.notes.setObjectName("notes")
        self.notes.setPlaceholderText(self.tr("e.g. Call ahead for an appointment"))
        self.active = QCheckBox(self.tr("Offer this provider when referring citizens"))
        self.active.setObjectName("active")
        self.add_row(form, self.tr("Name"), self.name, "name", required=True)
        self.add_row(form, self.tr("Kind"), self.kind, "kind", required=True)
        self.add_row(form, self.tr("Address"), self.address, "address")
        self.add_row(form, self.tr("Phone"), self.phone, "phone")
        self.add_row(form, self.tr("Office hours"), self.hours, "hours")
        self.add_row(form, self.tr("Services"), self.services, "services")
        self.add_row(form, self.tr("Notes"), self.notes, "notes")
        self.add_row(form, self.tr("In use"), self.active, "active")
        outer.addLayout(form)
        outer.addWidget(self.general_error)
        buttons = QHBoxLayout()
        self.save_button = QPushButton(self.tr("Save (Ctrl+S)"))
        self.save_button.setObjectName("save")
        self.save_button.clicked.connect(self.save)
        on_valid(self, self.save_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        outer.addLayout(buttons)
        self.admin_note = QLabel(self.tr("Only the station admin can change the directory."))
        self.admin_note.setObjectName("admin_note")
        self.admin_note.setProperty("role", "hint")
        self.admin_note.setWordWrap(True)
        outer.addWidget(self.admin_note)
        outer.addStretch(1)
        self.admin_note.setVisible(not ctx.actor.is_admin)
        for widget in (self.name, self.kind, self.address, self.phone, self.hours,
                       self.services, self.notes, self.active, self.save_button):
            widget.setEnabled(ctx.actor.is_admin)
        if not ctx.actor.is_admin:
            self.save_button.hide()
        self.reset()

    def reset(self) -> None:
        """Empty, for a new provider."""
        self._fill(None, ProviderInput(name="", kind="", active=True), 0)
        self.heading.setText(self.tr("New provider"))
        self._set_valid(False)

    def load(self, provider: Any) -> None:
        """Show a provider of the directory (``ProviderInfo``) for editing."""
        self._fill(provider.id, provider.as_input(), provider.version)
        self.heading.setText(provider.name)
        self.validate()

    def _fill(self, provider_id: str | None, data: ProviderInput, version: int) -> None:
        self._loading = True
        try:
            self.provider_id, self.version = provider_id, version
            self.name.setText(data.name)
            set_combo_value(self.kind, data.kind or None)
            self.address.setText(data.address)
            self.phone.setText(data.phone)
            self.hours.setText(data.hours)
            self.services.setPlainText(data.services)
            self.notes.setPlainText(data.notes)
            self.active.setChecked(data.active)
        finally:
            self._loading = False
        self._dirty = False
        self._validate_timer.stop()
        self.errors.reset()  # a fresh form shows no error

    def build_input(self) -> ProviderInput:
        return ProviderInput(
            name=self.name.text(), kind=combo_value(self.kind) or "",
            address=self.address.text(), phone=self.phone.text(), hours=self.hours.text(),
            services=self.services.toPlainText(), notes=self.notes.toPlainText(),
            active=self.active.isChecked())

    def save(self) -> None:
        if not self.ctx.actor.is_admin:
            return
        self._snapshot = (self.provider_id, self.version)
        super().save()

    def submit(self, data: ProviderInput) -> str:
        from workstation.services import providers

        provider_id, version = self._snapshot
        if provider_id is None:
            return providers.create_provider(self.ctx.db, self.ctx.actor, data)
        providers.update_provider(self.ctx.db, self.ctx.actor, provider_id, data,
                                  expected_version=version)
        return provider_id

    def save_draft(self) -> None:
        """Directory entries are short: no drafts."""

    def payload(self) -> dict[str, Any]:
        return {}

    def load_payload(self, payload: dict[str, Any]) -> None:
        """Never called: the form keeps no drafts."""
