"""Persons: the registry of citizens, one person's details and their history.

The ID number is masked; the full number is shown only after the "Show full ID number" button,
which goes through the audited ``person_history.full_id_number`` and is kept for this view only.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..context import AppContext
from ..widgets.person_picker import record_type_label
from ..widgets.record_list import RecordList
from ..widgets.shortcuts import shortcut
from ..widgets.voiding import VoidBanner, VoidButton, strike_item
from .base import Page


def _alive(widget: QWidget) -> bool:
    from shiboken6 import isValid

    return bool(isValid(widget))


class PersonDetail(QWidget):
    """One person's details, the full-ID button and their history across the services."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.person_id: str | None = None
        self._generation = 0
        self._full_shown = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        self.heading = QLabel(self.tr("Choose a person in the list"))
        self.heading.setObjectName("person_heading")
        self.heading.setProperty("role", "heading")
        layout.addWidget(self.heading)
        self.void_banner = VoidBanner()
        layout.addWidget(self.void_banner)
        actions = QHBoxLayout()
        self.data_request_button = QPushButton(self.tr("Personal data request..."))
        self.data_request_button.setObjectName("personal_data_request")
        self.data_request_button.setToolTip(self.tr(
            "List everything the station holds about this person and print it for them"))
        self.data_request_button.clicked.connect(self.open_data_request)
        self.data_request_button.hide()
        actions.addWidget(self.data_request_button)
        actions.addStretch(1)
        self.void_button = VoidButton(ctx, "person", self.tr("person"), self)
        self.void_button.voided.connect(lambda _pid: self.reload())
        actions.addWidget(self.void_button)
        layout.addLayout(actions)
        self.data_dialog: Any = None
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setProperty("role", "hint")
        layout.addWidget(self.message)

        self.details = QWidget()
        form = QFormLayout(self.details)
        form.setContentsMargins(0, 4, 0, 4)
        form.setVerticalSpacing(6)
        self.values: dict[str, QLabel] = {}

        def value(key: str) -> QLabel:
            label = QLabel()
            label.setObjectName(f"person_{key}")
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[key] = label
            return label

        form.addRow(self.tr("Sex"), value("sex"))
        form.addRow(self.tr("Birth date"), value("birth_date"))
        form.addRow(self.tr("Ethnicity"), value("ethnicity"))
        form.addRow(self.tr("Document type"), value("id_type"))
        id_row = QWidget()
        id_layout = QHBoxLayout(id_row)
        id_layout.setContentsMargins(0, 0, 0, 0)
        id_layout.addWidget(value("id_number"))
        self.full_id_button = QPushButton(self.tr("Show full ID number"))
        self.full_id_button.setObjectName("show_full_id")
        self.full_id_button.setToolTip(self.tr("Every viewing of a full ID number is recorded "
                                               "in the audit log"))
        self.full_id_button.clicked.connect(self.show_full_id)
        id_layout.addWidget(self.full_id_button)
        id_layout.addStretch(1)
        form.addRow(self.tr("ID number"), id_row)
        form.addRow(self.tr("Phone"), value("phone"))
        form.addRow(self.tr("Address"), value("address"))
        form.addRow(self.tr("Household registration"), value("household_registration"))
        form.addRow(self.tr("Occupation"), value("occupation"))
        form.addRow(self.tr("Employer"), value("employer"))
        form.addRow(self.tr("Special groups"), value("special_groups"))
        layout.addWidget(self.details)

        self.history_caption = QLabel(self.tr("History"))
        self.history_caption.setProperty("role", "section")
        layout.addWidget(self.history_caption)
        self.history = QTreeWidget()
        self.history.setObjectName("person_history_table")
        self.history.setRootIsDecorated(False)
        self.history.setAlternatingRowColors(True)
        self.history.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.history.setHeaderLabels([self.tr("Date"), self.tr("Service"), self.tr("Number"),
                                      self.tr("Role"), self.tr("Status"), self.tr("Summary")])
        self.history.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.history.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(40)
        self.history.itemActivated.connect(self._open_item)
        self.history.setToolTip(self.tr("Double-click or press Enter to open the record"))
        layout.addWidget(self.history, 1)
        self._set_empty(True)

    def _set_empty(self, empty: bool) -> None:
        self.data_request_button.setVisible(not empty)
        self.details.setVisible(not empty)
        self.history_caption.setVisible(not empty)
        self.history.setVisible(not empty)

    def show_person(self, person_id: str) -> None:
        """Load and show ``person_id`` (in the background)."""
        from workstation.services.person_history import person_history

        self.person_id = person_id
        self._full_shown = False
        self._generation += 1
        generation = self._generation
        db = self.ctx.db
        self.message.setText(self.tr("Loading..."))
        self.ctx.runner.run(lambda: person_history(db, person_id),
                            on_done=lambda result: self._show(generation, result),
                            on_error=lambda exc: self._failed(generation, exc))

    def reload(self) -> None:
        if self.person_id:
            self.show_person(self.person_id)

    def _failed(self, generation: int, error: BaseException) -> None:
        if _alive(self) and generation == self._generation:
            self.message.setText(str(error))

    def _show(self, generation: int, result: Any) -> None:
        if not _alive(self) or generation != self._generation:
            return
        info = result.person
        self.message.clear()
        self.heading.setText(info.name)
        none = self.tr("(not recorded)")
        texts = {
            "sex": info.sex_label,
            "birth_date": info.birth_date.isoformat() if info.birth_date else "",
            "ethnicity": info.ethnicity,
            "id_type": info.id_type_label,
            "id_number": info.id_number_masked,
            "phone": info.phone,
            "address": info.address,
            "household_registration": info.household_registration,
            "occupation": info.occupation,
            "employer": info.employer,
            "special_groups": "、".join(info.special_group_labels),
        }
        for key, text in texts.items():
            self.values[key].setText(text or none)
        self.full_id_button.setEnabled(info.has_id)
        self.full_id_button.setVisible(info.has_id)
        self.void_banner.show_void(result.void)
        self.void_button.set_record(self.person_id, result.void is not None, info.name)
        self.history.clear()
        voided = self.tr("(voided)")
        for entry in result.items:
            status = entry.status_label + (voided if entry.voided else "")
            item = QTreeWidgetItem([entry.date.isoformat(), record_type_label(entry.record_type),
                                    entry.number, entry.role_label, status, entry.summary])
            item.setData(0, Qt.ItemDataRole.UserRole, (entry.record_type, entry.record_id))
            item.setToolTip(5, entry.summary)
            if entry.voided:
                strike_item(item)
            self.history.addTopLevelItem(item)
        self.history_caption.setText(
            self.tr("History (%1)").replace("%1", str(len(result.items))) if result.items
            else self.tr("History: no records yet"))
        if result.items:
            self.history.setCurrentItem(self.history.topLevelItem(0))
        self._set_empty(False)

    def show_full_id(self) -> None:
        """Fetch the full number through the audited service; show it until another person
        is shown."""
        from workstation.services.person_history import full_id_number

        if not self.person_id:
            return
        person_id, generation = self.person_id, self._generation
        db, actor = self.ctx.db, self.ctx.actor
        self.full_id_button.setEnabled(False)
        self.ctx.runner.run(lambda: full_id_number(db, actor, person_id), write=True,
                            on_done=lambda number: self._full_id(generation, number),
                            on_error=lambda exc: self._full_id_failed(generation, exc))

    def _full_id(self, generation: int, number: str) -> None:
        if not _alive(self) or generation != self._generation:
            return
        self._full_shown = True
        self.values["id_number"].setText(number or self.tr("(not recorded)"))
        self.full_id_button.hide()

    def _full_id_failed(self, generation: int, error: BaseException) -> None:
        if not _alive(self) or generation != self._generation:
            return
        self.full_id_button.setEnabled(True)
        self.message.setText(str(error))

    def open_data_request(self) -> Any:
        """The 个人信息查询 dialog of the shown person."""
        from ..dialogs.personal_data import PersonalDataDialog

        if not self.person_id:
            return None
        dialog = PersonalDataDialog(self.ctx, self.person_id, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.data_dialog = dialog
        dialog.finished.connect(lambda *_: setattr(self, "data_dialog", None))
        dialog.open()
        return dialog

    @property
    def full_id_shown(self) -> bool:
        return self._full_shown

    def _open_item(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        data = item.data(0, Qt.ItemDataRole.UserRole)
        if data:
            record_type, record_id = data
            self.ctx.signals.open_record.emit(record_type, record_id)


class PersonsPage(Page):
    """The list of registered persons beside the chosen person's details and history."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("Persons"))
        title.setProperty("role", "heading")
        layout.addWidget(title)
        hint = QLabel(self.tr("Everyone registered at this station. Use the search box at the "
                              "top to find a person by name, pinyin initials or ID digits."))
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        layout.addWidget(hint)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.list = RecordList(ctx, "persons", status_enum=None, type_enum=None)
        self.list.record_activated.connect(self.show_person)
        self.list.current_changed.connect(self.show_person)
        splitter.addWidget(self.list)
        self.detail = PersonDetail(ctx)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.detail)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([580, 560])
        self.list.model.loaded.connect(lambda _total: self.list.view.resizeColumnToContents(0))
        layout.addWidget(splitter, 1)
        shortcut(Qt.Key.Key_F5, self, self.refresh)
        ctx.signals.records_changed.connect(self._records_changed)

    def show_person(self, person_id: str) -> None:
        self.detail.show_person(person_id)
        self.list.show_record(person_id)

    def refresh(self) -> None:
        self.list.model.reload()
        self.detail.reload()

    def _records_changed(self, _record_type: str) -> None:
        # A new record may add to the shown person's history (keeps a shown full ID hidden).
        if self.isVisible():
            self.detail.reload()

    def activated(self) -> None:
        self.list.load()

    def open_record(self, record_type: str, record_id: str) -> bool:
        if record_type != "person":
            return False
        self.list.load()
        self.show_person(record_id)
        return True
