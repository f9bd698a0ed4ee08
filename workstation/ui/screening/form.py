"""The form of a dispute screening (矛盾纠纷排查): new or opened for editing.

The screening's own fields, then the disputes it found: a short table (one row each) and,
under it, the fields of the dispute chosen in the table (what is typed there changes that
row at once). A mediated dispute is linked to its case, a referred one names the body it
went to; a prevention indicator (防止……) takes how many people it concerned. A saved
watched dispute can be marked reviewed today (its dashboard reminder starts over).
"""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.enums import DisputeType
from workstation.domain.screening import (
    MAX_PREVENTION_PERSONS,
    DisputeOutcome,
    FoundDisputeInput,
    PreventionKind,
    RiskLevel,
    ScreeningInput,
    ScreeningKind,
)

from ..context import AppContext
from ..widgets.date_field import DateField
from ..widgets.forms import (
    ValidatedForm,
    combo_for,
    combo_value,
    date_to_qdate,
    qdate_to_date,
    set_combo_value,
    show_error,
)
from ..widgets.searchable_combo import make_searchable

RECORD_TYPE = "screening"
NEW_KEY = "screening:new"


def _new_dispute() -> FoundDisputeInput:
    return FoundDisputeInput(parties="", dispute_type=DisputeType.NEIGHBOUR.value)


class DisputeTable(QTableWidget):
    """The disputes of the screening, one row each (read only; edited below it)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 4, parent)
        self.setObjectName("disputes")
        self.setHorizontalHeaderLabels([self.tr("Parties"), self.tr("Type"),
                                        self.tr("Risk"), self.tr("Outcome")])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.setMinimumHeight(90)
        self.setMaximumHeight(150)

    def show_row(self, row: int, d: FoundDisputeInput) -> None:
        texts = (d.parties or self.tr("(parties not entered)"),
                 DisputeType.label_of(d.dispute_type), RiskLevel.label_of(d.risk_level),
                 DisputeOutcome.label_of(d.outcome))
        for column, text in enumerate(texts):
            item = self.item(row, column)
            if item is None:
                item = QTableWidgetItem()
                self.setItem(row, column, item)
            item.setText(text)


class ScreeningForm(ValidatedForm):
    """Register a screening with the disputes it found, or edit one opened from the list."""

    form_key = NEW_KEY
    record_type = RECORD_TYPE
    #: A watched dispute was marked reviewed (the page reloads the screening).
    reviewed = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.screening_id: str | None = None
        self.version = 0
        self.number = ""
        self._snapshot: tuple[Any, ...] = ()
        self.disputes: list[FoundDisputeInput] = []
        self._cases: list[Any] = []
        self._filling = False
        outer = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName("screening_heading")
        self.heading.setProperty("role", "heading")
        outer.addWidget(self.heading)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)

        self.held_on = DateField()
        self.held_on.setObjectName("held_on")
        self.held_on.error_field = "held_on"
        self.held_on.setDate(QDate.currentDate())
        self.kind = combo_for(ScreeningKind, optional=True)
        self.kind.setObjectName("kind")
        self.place = QLineEdit()
        self.place.setObjectName("place")
        self.place.setPlaceholderText(self.tr("e.g. East village, groups 1-3"))
        self.participants = QLineEdit()
        self.participants.setObjectName("participants")
        self.participants.setPlaceholderText(self.tr("e.g. mediator Wang, village director Li"))
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(60)
        self.add_row(form, self.tr("Date"), self.held_on, "held_on", required=True)
        self.add_row(form, self.tr("Kind"), self.kind, "kind", required=True)
        self.add_row(form, self.tr("Place"), self.place, "place", required=True)
        self.add_row(form, self.tr("Taking part"), self.participants, "participants",
                     required=True)
        self.add_row(form, self.tr("Notes"), self.notes, "notes")
        outer.addLayout(form)

        found = QLabel(self.tr("Disputes found"))
        found.setProperty("role", "heading")
        outer.addWidget(found)
        self.table = DisputeTable()
        self.table.currentCellChanged.connect(lambda row, *_: self._show_dispute(row))
        outer.addWidget(self.table)
        row_buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add dispute"))
        self.add_button.setObjectName("add_dispute")
        self.add_button.clicked.connect(self.add_dispute)
        self.remove_button = QPushButton(self.tr("Remove dispute"))
        self.remove_button.setObjectName("remove_dispute")
        self.remove_button.clicked.connect(self.remove_dispute)
        self.review_button = QPushButton(self.tr("Reviewed today"))
        self.review_button.setObjectName("review_dispute")
        self.review_button.setToolTip(self.tr(
            "The watched dispute was looked at again today: its reminder starts over"))
        self.review_button.clicked.connect(self._review)
        for button in (self.add_button, self.remove_button, self.review_button):
            row_buttons.addWidget(button)
        row_buttons.addStretch(1)
        outer.addLayout(row_buttons)

        self.editor = QWidget()
        self.editor.setObjectName("dispute_editor")
        edit = QFormLayout(self.editor)
        edit.setContentsMargins(0, 0, 0, 0)
        edit.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.d_parties = QLineEdit()
        self.d_parties.setObjectName("dispute_parties")
        self.d_parties.setPlaceholderText(self.tr("e.g. Zhang San and Li Si"))
        self.d_type = combo_for(DisputeType)
        self.d_type.setObjectName("dispute_type")
        self.d_risk = combo_for(RiskLevel)
        self.d_risk.setObjectName("risk_level")
        self.d_outcome = combo_for(DisputeOutcome)
        self.d_outcome.setObjectName("outcome")
        self.d_case = combo_for_cases()
        self.d_case.setObjectName("case")
        self.d_referred = QLineEdit()
        self.d_referred.setObjectName("referred_to")
        self.d_referred.setPlaceholderText(self.tr("e.g. Haigang police station"))
        self.d_prevention = combo_for(PreventionKind, optional=True,
                                      placeholder=self.tr("(none)"))
        self.d_prevention.setObjectName("prevention_kind")
        self.d_persons = QSpinBox()
        self.d_persons.setObjectName("prevention_persons")
        self.d_persons.setRange(0, MAX_PREVENTION_PERSONS)
        self.d_persons.setSuffix(self.tr(" people"))
        prevention = QWidget()
        prevention_row = QHBoxLayout(prevention)
        prevention_row.setContentsMargins(0, 0, 0, 0)
        prevention_row.addWidget(self.d_prevention, 1)
        prevention_row.addWidget(self.d_persons)
        self.d_summary = QLineEdit()
        self.d_summary.setObjectName("summary")
        kinds = QWidget()
        kinds_row = QHBoxLayout(kinds)
        kinds_row.setContentsMargins(0, 0, 0, 0)
        kinds_row.addWidget(self.d_type, 1)
        kinds_row.addWidget(QLabel(self.tr("Risk")))
        kinds_row.addWidget(self.d_risk)
        edit.addRow(self.tr("Parties"), self.d_parties)
        edit.addRow(self.tr("Type"), kinds)
        edit.addRow(self.tr("Outcome"), self.d_outcome)
        edit.addRow(self.tr("Case"), self.d_case)
        edit.addRow(self.tr("Referred to"), self.d_referred)
        edit.addRow(self.tr("Prevented"), prevention)
        edit.addRow(self.tr("Summary"), self.d_summary)
        for widget in (self.d_parties, self.d_type, self.d_risk, self.d_outcome, self.d_case,
                       self.d_referred, self.d_prevention, self.d_persons, self.d_summary):
            self.watch(widget)
        for signal in (self.d_parties.textChanged, self.d_type.currentIndexChanged,
                       self.d_risk.currentIndexChanged, self.d_outcome.currentIndexChanged,
                       self.d_case.currentIndexChanged, self.d_referred.textChanged,
                       self.d_prevention.currentIndexChanged, self.d_persons.valueChanged,
                       self.d_summary.textChanged):
            signal.connect(self._dispute_edited)
        outer.addWidget(self.editor)
        outer.addWidget(self.general_error)

        buttons = QHBoxLayout()
        self.save_button = QPushButton(self.tr("Save (Ctrl+S)"))
        self.save_button.setObjectName("save")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.new_button = QPushButton(self.tr("New screening"))
        self.new_button.setObjectName("new_screening")
        self.new_button.clicked.connect(self.cancel)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        outer.addLayout(buttons)
        outer.addStretch(1)
        self.reset()

    # -- the disputes ---------------------------------------------------------------------------

    def set_cases(self, cases: list[Any]) -> None:
        """The cases a dispute may be linked to (``services.screening.CaseChoice``)."""
        self._cases = list(cases)
        self._fill_cases()
        self._show_dispute(self.table.currentRow())

    def _fill_cases(self, extra: dict[str, str] | None = None) -> None:
        self._filling = True
        try:
            current = combo_value(self.d_case)
            self.d_case.clear()
            self.d_case.addItem(self.tr("(choose the case)"), None)
            seen = set()
            for case in self._cases:
                self.d_case.addItem(case.label, case.id)
                seen.add(case.id)
            for case_id, number in (extra or {}).items():
                if case_id not in seen:
                    self.d_case.addItem(number, case_id)
            set_combo_value(self.d_case, current)
        finally:
            self._filling = False

    def add_dispute(self) -> None:
        self.disputes.append(_new_dispute())
        self.table.setRowCount(len(self.disputes))
        self.table.show_row(len(self.disputes) - 1, self.disputes[-1])
        self.table.setCurrentCell(len(self.disputes) - 1, 0)
        self._changed()
        self.d_parties.setFocus()

    def remove_dispute(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.disputes):
            return
        del self.disputes[row]
        self.table.removeRow(row)
        self._changed()
        self._show_dispute(self.table.currentRow())

    def _show_dispute(self, row: int) -> None:
        valid = 0 <= row < len(self.disputes)
        self.editor.setEnabled(valid)
        self.remove_button.setEnabled(valid)
        d = self.disputes[row] if valid else _new_dispute()
        self._filling = True
        try:
            self.d_parties.setText(d.parties)
            set_combo_value(self.d_type, d.dispute_type)
            set_combo_value(self.d_risk, d.risk_level)
            set_combo_value(self.d_outcome, d.outcome)
            set_combo_value(self.d_case, d.case_id)
            self.d_referred.setText(d.referred_to)
            set_combo_value(self.d_prevention, d.prevention_kind or None)
            self.d_persons.setValue(d.prevention_persons)
            self.d_summary.setText(d.summary)
        finally:
            self._filling = False
        self._enable_dispute_fields()

    def _enable_dispute_fields(self) -> None:
        outcome = combo_value(self.d_outcome)
        self.d_case.setEnabled(outcome == DisputeOutcome.MEDIATED)
        self.d_referred.setEnabled(outcome == DisputeOutcome.REFERRED)
        self.d_persons.setEnabled(combo_value(self.d_prevention) is not None)
        row = self.table.currentRow()
        saved_watched = (self.screening_id is not None and 0 <= row < len(self.disputes)
                         and self.disputes[row].id is not None
                         and self.disputes[row].outcome == DisputeOutcome.WATCHED)
        self.review_button.setEnabled(saved_watched and not self.dirty)

    def _dispute_edited(self, *_: object) -> None:
        if self._filling or self._loading:
            return
        row = self.table.currentRow()
        if not 0 <= row < len(self.disputes):
            return
        prevention = combo_value(self.d_prevention) or ""
        if prevention and self.d_persons.value() == 0:
            self.d_persons.setValue(1)  # at least the one party at risk
        self.disputes[row] = replace(
            self.disputes[row], parties=self.d_parties.text(),
            dispute_type=combo_value(self.d_type) or "", risk_level=combo_value(self.d_risk) or "",
            outcome=combo_value(self.d_outcome) or "", case_id=combo_value(self.d_case),
            referred_to=self.d_referred.text(), prevention_kind=prevention,
            prevention_persons=self.d_persons.value() if prevention else 0,
            summary=self.d_summary.text())
        self.table.show_row(row, self.disputes[row])
        self._enable_dispute_fields()

    def _review(self) -> None:
        from workstation.services.screening import review_dispute

        row = self.table.currentRow()
        if self.screening_id is None or not 0 <= row < len(self.disputes):
            return
        dispute_id = self.disputes[row].id
        if dispute_id is None:
            return
        ctx, screening_id = self.ctx, self.screening_id
        today = date.today()
        self.ctx.runner.run(
            lambda: review_dispute(ctx.db, ctx.actor, dispute_id, today), write=True,
            on_done=lambda _r: self._reviewed(screening_id),
            on_error=lambda exc: show_error(self, self.tr("Could not save"), exc))

    def _reviewed(self, screening_id: str) -> None:
        self.ctx.signals.records_changed.emit(RECORD_TYPE)
        self.reviewed.emit(screening_id)

    # -- loading --------------------------------------------------------------------------------

    def _set_disputes(self, disputes: list[FoundDisputeInput]) -> None:
        self.disputes = list(disputes)
        self.table.setRowCount(len(self.disputes))
        for row, d in enumerate(self.disputes):
            self.table.show_row(row, d)
        if self.disputes:
            self.table.setCurrentCell(0, 0)
        self._show_dispute(0 if self.disputes else -1)

    def reset(self) -> None:
        """An empty form for a new screening (today, no disputes yet)."""
        self._loading = True
        try:
            self.screening_id, self.version, self.number = None, 0, ""
            self.held_on.setDate(QDate.currentDate())
            self.kind.setCurrentIndex(0)
            self.place.clear()
            self.participants.setText(self.ctx.actor.name)
            self.notes.clear()
            self._fill_cases()
            self._set_disputes([])
        finally:
            self._loading = False
        self._dirty = False
        self._validate_timer.stop()
        self.errors.reset()
        self._set_valid(False)
        self._show_heading()

    def load_detail(self, detail: Any) -> None:
        """Fill the form with a saved screening (``services.screening.ScreeningDetail``)."""
        self._loading = True
        try:
            self.screening_id, self.version, self.number = (detail.id, detail.version,
                                                            detail.number)
            self.held_on.setDate(date_to_qdate(detail.held_on))
            set_combo_value(self.kind, detail.kind)
            self.place.setText(detail.place)
            self.participants.setText(detail.participants)
            self.notes.setPlainText(detail.notes)
            self._fill_cases({d.case_id: d.case_number for d in detail.disputes if d.case_id})
            self._set_disputes([d.as_input() for d in detail.disputes])
        finally:
            self._loading = False
        self._dirty = False
        self._show_heading()
        self._enable_dispute_fields()
        self.validate()

    def _show_heading(self) -> None:
        if self.screening_id is None:
            self.heading.setText(self.tr("New dispute screening"))
        else:
            self.heading.setText(self.tr("Dispute screening %1").replace("%1", self.number))

    @property
    def editing(self) -> bool:
        return self.screening_id is not None

    def has_changes(self) -> bool:
        return self.dirty

    # -- ValidatedForm --------------------------------------------------------------------------

    def build_input(self) -> ScreeningInput:
        return ScreeningInput(
            held_on=qdate_to_date(self.held_on.date()), place=self.place.text(),
            kind=combo_value(self.kind) or "", participants=self.participants.text(),
            notes=self.notes.toPlainText(), disputes=tuple(self.disputes))

    def save(self) -> None:
        self._snapshot = (self.screening_id, self.version)
        super().save()

    def submit(self, data: ScreeningInput) -> str:
        from workstation.services import screening

        screening_id, version = self._snapshot
        if screening_id is None:
            return screening.create_screening(self.ctx.db, self.ctx.actor, data)
        screening.update_screening(self.ctx.db, self.ctx.actor, screening_id, data,
                                   expected_version=version)
        return str(screening_id)

    def save_draft(self) -> None:
        if not self.editing:
            super().save_draft()

    def payload(self) -> dict[str, Any]:
        return {
            "held_on": self.held_on.date().toString(Qt.DateFormat.ISODate),
            "kind": combo_value(self.kind), "place": self.place.text(),
            "participants": self.participants.text(), "notes": self.notes.toPlainText(),
            "disputes": [asdict(d) for d in self.disputes],
        }

    def load_payload(self, payload: dict[str, Any]) -> None:
        held = QDate.fromString(str(payload.get("held_on") or ""), Qt.DateFormat.ISODate)
        self.held_on.setDate(held if held.isValid() else QDate.currentDate())
        set_combo_value(self.kind, payload.get("kind"))
        self.place.setText(str(payload.get("place") or ""))
        self.participants.setText(str(payload.get("participants") or ""))
        self.notes.setPlainText(str(payload.get("notes") or ""))
        disputes = []
        fields = set(FoundDisputeInput.__dataclass_fields__)
        for raw in payload.get("disputes") or []:
            if isinstance(raw, dict) and raw.get("dispute_type"):
                values = {k: v for k, v in raw.items() if k in fields}
                values["id"] = None  # a draft of a new screening: every dispute is new
                try:
                    disputes.append(FoundDisputeInput(**values))
                except TypeError:
                    continue
        self._set_disputes(disputes)

    def draft_title(self) -> str:
        place = self.place.text().strip()
        title = self.tr("New dispute screening")
        return f"{title} - {place}" if place else title


def combo_for_cases() -> QComboBox:
    """The chooser of the case a mediated dispute became (typing finds a number or a name)."""
    box = QComboBox()
    make_searchable(box)
    return box
