"""The form that registers a new mediation case (人民调解受理登记), with its parties."""

from __future__ import annotations

import contextlib
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QCompleter,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.enums import CaseSource, DisputeType, PartyRole, ReferringBodyKind
from workstation.domain.errors import FieldError
from workstation.domain.inputs import CaseInput, PartyInput

from ..context import AppContext
from ..widgets.date_field import DateField
from ..widgets.forms import (
    ErrorLabel,
    FieldErrors,
    ValidatedForm,
    combo_for,
    combo_value,
    date_to_qdate,
    on_valid,
    qdate_to_date,
    set_combo_value,
)
from ..widgets.person_picker import PersonPicker
from ..widgets.searchable_combo import make_searchable
from .dialogs import WithExtraErrors, amount_to_fen, fen_to_text

CONFLICT_DEBOUNCE_MS = 300


class PartyErrors(FieldErrors):
    """Field errors whose party rows come and go: a removed row's labels are forgotten."""

    def forget(self, prefix: str) -> None:
        for name in [n for n in self._labels if n.startswith(prefix)]:
            del self._labels[name]


class PartyRow(QFrame):
    """One party: role, and either a person (picker) or an organisation."""

    changed = Signal()
    remove_requested = Signal(object)

    def __init__(self, ctx: AppContext, role: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("party_row")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        top = QHBoxLayout()
        self.caption = QLabel()
        self.caption.setProperty("role", "strong")
        top.addWidget(self.caption)
        self.role_box = combo_for(PartyRole)
        self.role_box.setObjectName("party_role")
        set_combo_value(self.role_box, role)
        top.addWidget(self.role_box)
        self.person_radio = QRadioButton(self.tr("Person"))
        self.org_radio = QRadioButton(self.tr("Organisation"))
        self.person_radio.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.person_radio)
        group.addButton(self.org_radio)
        top.addSpacing(12)
        top.addWidget(self.person_radio)
        top.addWidget(self.org_radio)
        top.addStretch(1)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setObjectName("remove_party")
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))
        top.addWidget(self.remove_button)
        layout.addLayout(top)
        self.role_error = ErrorLabel()
        layout.addWidget(self.role_error)

        self.stack = QStackedWidget()
        self.picker = PersonPicker(ctx)
        self.stack.addWidget(self.picker)
        org = QWidget()
        org_form = QFormLayout(org)
        org_form.setContentsMargins(0, 0, 0, 0)
        self.org_name = QLineEdit()
        self.org_name.setObjectName("org_name")
        self.org_rep = QLineEdit()
        self.org_rep.setObjectName("org_representative")
        self.org_address = QLineEdit()
        self.org_address.setObjectName("org_address")
        self.org_name_error = ErrorLabel()
        self.org_rep_error = ErrorLabel()
        self.org_address_error = ErrorLabel()
        for label, edit, error, required in (
            (self.tr("Organisation name"), self.org_name, self.org_name_error, True),
            (self.tr("Legal representative"), self.org_rep, self.org_rep_error, True),
            (self.tr("Address"), self.org_address, self.org_address_error, False),
        ):
            box = QWidget()
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(edit)
            column.addWidget(error)
            caption = QLabel(("* " if required else "") + label)
            caption.setBuddy(edit)
            org_form.addRow(caption, box)
            edit.textChanged.connect(self.changed)
        self.stack.addWidget(org)
        layout.addWidget(self.stack)

        self.role_box.currentIndexChanged.connect(self.changed)
        self.picker.changed.connect(self.changed)
        self.org_radio.toggled.connect(self._kind_changed)
        self._errors: FieldErrors | None = None
        self._prefix = ""

    # -- kind and errors --------------------------------------------------------------------

    def is_organisation(self) -> bool:
        return self.org_radio.isChecked()

    def set_organisation(self, on: bool) -> None:
        (self.org_radio if on else self.person_radio).setChecked(True)

    def _kind_changed(self, org: bool) -> None:
        self.stack.setCurrentIndex(1 if org else 0)
        self._register()
        self.changed.emit()

    def set_index(self, index: int, errors: FieldErrors) -> None:
        """Number this row and register its error labels as ``parties[index].``."""
        self.caption.setText(self.tr("Party %1").replace("%1", str(index + 1)))
        self._errors = errors
        self._prefix = f"parties[{index}]."
        self._register()

    def _register(self) -> None:
        if self._errors is None:
            return
        errors, prefix = self._errors, self._prefix
        errors.register(prefix + "role", self.role_error)
        if self.is_organisation():
            errors.register(prefix + "name", self.org_name_error)
            errors.register(prefix + "org_name", self.org_name_error)
            errors.register(prefix + "org_representative", self.org_rep_error)
            errors.register(prefix + "org_address", self.org_address_error)
        else:
            self.picker.register_errors(errors, prefix)

    # -- data -------------------------------------------------------------------------------

    def role(self) -> str:
        return combo_value(self.role_box) or ""

    def person_id(self) -> str | None:
        return None if self.is_organisation() else self.picker.selected_person_id()

    def party_input(self) -> PartyInput:
        if self.is_organisation():
            return PartyInput(role=self.role(), org_name=self.org_name.text().strip(),
                              org_representative=self.org_rep.text().strip(),
                              org_address=self.org_address.text().strip())
        person_id, person = self.picker.person_ref()
        return PartyInput(role=self.role(), person_id=person_id, person=person)

    def display_name(self) -> str:
        payload = self.picker.payload()
        if payload.get("display_name"):
            return str(payload["display_name"])
        if payload.get("mode") == "new":
            return str((payload.get("fields") or {}).get("name", "")).strip()
        return ""

    def payload(self) -> dict[str, Any]:
        return {
            "role": self.role(), "organisation": self.is_organisation(),
            "person": self.picker.payload(), "org_name": self.org_name.text(),
            "org_representative": self.org_rep.text(), "org_address": self.org_address.text(),
        }

    def load_payload(self, payload: dict[str, Any]) -> None:
        set_combo_value(self.role_box, payload.get("role") or PartyRole.APPLICANT.value)
        self.set_organisation(bool(payload.get("organisation")))
        person = payload.get("person")
        if isinstance(person, dict):
            self.picker.load_payload(person)
        self.org_name.setText(str(payload.get("org_name", "")))
        self.org_rep.setText(str(payload.get("org_representative", "")))
        self.org_address.setText(str(payload.get("org_address", "")))


class CaseForm(ValidatedForm):
    """Register a mediation case: source, type, parties, facts, claims, amount, mediators."""

    form_key = "mediation_case:new"
    record_type = "mediation_case"
    #: The case being corrected (更正), or None for a new one.
    correcting: str | None = None
    correction_reason = ""
    #: The stored parties of a case being corrected (a correction never changes them).
    _fixed_parties: tuple[PartyInput, ...] = ()
    #: The user asked to go back to the list (the form keeps its contents).
    back_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.errors = PartyErrors(self.general_error, left=self._field_left)
        self.setWindowTitle(self.tr("New mediation case"))
        self.rows: list[PartyRow] = []
        self._pending_mediator: str | None = ctx.actor.operator_id
        self._conflict_key: tuple[tuple[str, str], ...] = ()
        self._conflict_generation = 0

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        title = QLabel(self.tr("New mediation case"))
        title.setProperty("role", "heading")
        outer.addWidget(title)
        self.title_label = title
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        column = QVBoxLayout(body)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        # -- the case -----------------------------------------------------------------------
        top = QFormLayout()
        top.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.source = combo_for(CaseSource)
        self.source.setObjectName("source")
        self.referring_body = QLineEdit()
        self.referring_body.setObjectName("referring_body")
        self.referring_body.setPlaceholderText(self.tr("e.g. Haigang District People's Court"))
        self.referring_kind = combo_for(ReferringBodyKind, optional=True)
        self.referring_kind.setObjectName("referring_body_kind")
        self.dispute_type = combo_for(DisputeType, optional=True)
        self.dispute_type.setObjectName("dispute_type")
        self.registered_on = DateField()  # typed: 20261207, 12-07 ...; F4 opens a calendar
        self.registered_on.setDate(date_to_qdate(date.today()))
        self.registered_on.setObjectName("registered_on")
        self.registered_on.error_field = "registered_on"
        self.add_row(top, self.tr("Source"), self.source, "source", required=True)
        self._referring_kind_row = self.add_row(top, self.tr("Kind of referring body"),
                                                self.referring_kind, "referring_body_kind",
                                                required=True)
        self._referring_row = self.add_row(top, self.tr("Referred by"), self.referring_body,
                                           "referring_body", required=True)
        self.add_row(top, self.tr("Dispute type"), self.dispute_type, "dispute_type",
                     required=True)
        self.add_row(top, self.tr("Registered on"), self.registered_on, "registered_on",
                     required=True)
        # The committee that mediates (and issues the documents): asked only when the
        # station has more than one; preset to the station's default committee.
        self.committee = QComboBox()
        self.committee.setObjectName("committee")
        self._pending_committee: str | None = None
        self._pending_committee_name = ""
        self._committee_row = self.add_row(top, self.tr("Mediation committee"), self.committee,
                                           "committee_id")
        top.setRowVisible(self._committee_row, False)
        self._top_form = top
        column.addLayout(top)
        self.source.currentIndexChanged.connect(self._source_changed)

        # -- parties ------------------------------------------------------------------------
        parties_box = QGroupBox(self.tr("Parties"))
        parties_layout = QVBoxLayout(parties_box)
        self.conflict_banner = QFrame()
        self.conflict_banner.setObjectName("conflict_banner")
        self.conflict_banner.setProperty("role", "banner_conflict")
        banner_layout = QVBoxLayout(self.conflict_banner)
        self.conflict_label = QLabel()
        self.conflict_label.setObjectName("conflict_text")
        self.conflict_label.setWordWrap(True)
        self.conflict_label.setTextFormat(Qt.TextFormat.PlainText)
        banner_layout.addWidget(self.conflict_label)
        self.conflict_banner.hide()
        parties_layout.addWidget(self.conflict_banner)
        self.parties_error = ErrorLabel()
        self.parties_error.setObjectName("parties_error")
        self.errors.register("parties", self.parties_error)
        parties_layout.addWidget(self.parties_error)
        self.rows_layout = QVBoxLayout()
        parties_layout.addLayout(self.rows_layout)
        add_bar = QHBoxLayout()
        self.add_party_button = QPushButton(self.tr("Add party"))
        self.add_party_button.setObjectName("add_party")
        self.add_party_button.clicked.connect(lambda: self.add_party(PartyRole.THIRD_PARTY))
        add_bar.addWidget(self.add_party_button)
        add_bar.addStretch(1)
        parties_layout.addLayout(add_bar)
        column.addWidget(parties_box)
        self.parties_box = parties_box

        # -- the dispute --------------------------------------------------------------------
        bottom = QFormLayout()
        bottom.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.facts = QPlainTextEdit()
        self.facts.setObjectName("facts")
        self.facts.setTabChangesFocus(True)
        line = self.facts.fontMetrics().lineSpacing()
        self.facts.setMinimumHeight(line * 5 + 14)
        self.facts.setMaximumHeight(line * 8 + 14)
        self.facts.setPlaceholderText(self.tr("What happened, between whom, since when"))
        self.claims = QPlainTextEdit()
        self.claims.setObjectName("claims")
        self.claims.setTabChangesFocus(True)
        self.claims.setMinimumHeight(line * 3 + 14)
        self.claims.setMaximumHeight(line * 5 + 14)
        self.claims.setPlaceholderText(self.tr("What the applicant asks for"))
        self.amount = QLineEdit()
        self.amount.setObjectName("amount")
        self.amount.setPlaceholderText(self.tr("0.00 (leave empty if none)"))
        self.mediator = QComboBox()
        self.mediator.setObjectName("mediator")
        make_searchable(self.mediator)  # found by typing: name or pinyin initials
        self.co_mediators = QLineEdit()
        self.co_mediators.setObjectName("co_mediators")
        self.co_mediators.setPlaceholderText(self.tr("Names, separated by 、"))
        self.add_row(bottom, self.tr("Facts of the dispute"), self.facts, "facts", required=True)
        self.add_row(bottom, self.tr("Claims"), self.claims, "claims")
        self.add_row(bottom, self.tr("Amount involved (yuan)"), self.amount,
                     "amount_involved_fen")
        self.add_row(bottom, self.tr("Mediator"), self.mediator, "mediator_id")
        self.add_row(bottom, self.tr("Assisting mediators"), self.co_mediators, "co_mediators")
        column.addLayout(bottom)
        column.addWidget(self.general_error)
        column.addStretch(1)

        # -- buttons ------------------------------------------------------------------------
        bar = QHBoxLayout()
        self.back_button = QPushButton(self.tr("Back to list"))
        self.back_button.clicked.connect(self.back_requested)
        self.cancel_button = QPushButton(self.tr("Discard"))
        self.cancel_button.setObjectName("discard")
        self.cancel_button.clicked.connect(self.cancel)
        self.save_button = QPushButton(self.tr("Save (Ctrl+S)"))
        self.save_button.setObjectName("save")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        on_valid(self, self.save_button)
        bar.addWidget(self.back_button)
        bar.addStretch(1)
        bar.addWidget(self.cancel_button)
        bar.addWidget(self.save_button)
        outer.addLayout(bar)

        self._conflict_timer = QTimer(self, singleShot=True, interval=CONFLICT_DEBOUNCE_MS)
        self._conflict_timer.timeout.connect(self.check_conflicts)

        self.add_party(PartyRole.APPLICANT)
        self.add_party(PartyRole.RESPONDENT)
        self._source_changed()
        self._load_operators()
        self._load_committees()

    # -- parties ----------------------------------------------------------------------------

    def add_party(self, role: str) -> PartyRow:
        row = PartyRow(self.ctx, str(role))
        row.changed.connect(self._changed)
        row.changed.connect(self._conflict_timer.start)
        row.remove_requested.connect(self.remove_party)
        self.rows.append(row)
        self.rows_layout.addWidget(row)
        self._renumber()
        if not self._loading:
            self._changed()
        return row

    def remove_party(self, row: PartyRow) -> None:
        if row not in self.rows:
            return
        self.rows.remove(row)
        self.rows_layout.removeWidget(row)
        row.hide()
        row.deleteLater()
        self._renumber()
        self._changed()
        self.errors.reveal("parties")  # removing one may leave none: say so at once
        self._conflict_timer.start()

    def _renumber(self) -> None:
        errors = self.errors
        assert isinstance(errors, PartyErrors)
        errors.forget("parties[")
        for index, row in enumerate(self.rows):
            row.set_index(index, errors)
            row.remove_button.setEnabled(len(self.rows) > 1)

    # -- widgets ↔ input --------------------------------------------------------------------

    def _source_changed(self, *_: object) -> None:
        referred = combo_value(self.source) == CaseSource.REFERRED
        self._top_form.setRowVisible(self._referring_row, referred)
        self._top_form.setRowVisible(self._referring_kind_row, referred)

    def build_input(self) -> WithExtraErrors:
        extra: list[FieldError] = []
        fen = amount_to_fen(self.amount.text(), "amount_involved_fen", "涉及金额", extra)
        source = combo_value(self.source) or ""
        data = CaseInput(
            source=source, dispute_type=combo_value(self.dispute_type) or "",
            facts=self.facts.toPlainText(),
            parties=self._fixed_parties if self.correcting is not None
            else tuple(row.party_input() for row in self.rows),
            registered_on=qdate_to_date(self.registered_on.date()),
            claims=self.claims.toPlainText(),
            referring_body=self.referring_body.text() if source == CaseSource.REFERRED else "",
            referring_body_kind=(combo_value(self.referring_kind) or "")
            if source == CaseSource.REFERRED else "",
            amount_involved_fen=fen, mediator_id=self.mediator.currentData() or None,
            co_mediators=self.co_mediators.text().strip(),
            committee_id=self.committee.currentData() or None,
        )
        if source == CaseSource.REFERRED and not data.referring_body_kind:
            # The form asks for the kind (the domain's 其他 default is for older callers).
            extra.append(FieldError("referring_body_kind", "请选择移送单位类别"))
        return WithExtraErrors(data, extra)

    def submit(self, data: CaseInput) -> str:
        if self.correcting is not None:
            from workstation.services.corrections import correct_case

            return correct_case(self.ctx.db, self.ctx.actor, self.correcting, data,
                                self.correction_reason)
        from workstation.services.mediation import open_case

        # Saved and linked to the 12348 order it was opened for in one transaction.
        return open_case(self.ctx.db, self.ctx.actor, data,
                         consultation_id=getattr(self, "from_consultation", None),
                         work_order_id=self.for_order)

    #: The 12348 work order this new case handles (linked once it is saved).
    for_order: str | None = None

    def prefill_from_order(self, order: Any) -> None:
        """Start from a 12348 work order: its request as the facts; saving links the case."""
        if not self.facts.toPlainText().strip():
            self.facts.setPlainText(order.request)
        self.for_order = order.id

    def begin_correction(self, case: Any) -> None:
        """Correct the intake fields of the saved case ``case`` (a ``CaseDetail``): fill the
        form from it; the parties and the mediator stay (parties' details are the persons',
        status and steps have their own buttons); saving goes through
        ``services.corrections``."""
        self.correcting = case.id
        self.form_key = f"mediation_case:correct:{case.id}"
        title = self.tr("Correct mediation case %1").replace("%1", case.number)
        self.setWindowTitle(title)
        self.title_label.setText(title)
        self.parties_box.hide()
        for button in (self.back_button, self.cancel_button, self.save_button):
            button.hide()
        self._fixed_parties = tuple(
            PartyInput(role=p.role, person_id=p.person.id) if p.person is not None
            else PartyInput(role=p.role, org_name=p.org_name,
                            org_representative=p.org_representative, org_address=p.org_address)
            for p in case.parties)
        self._loading = True
        try:
            set_combo_value(self.source, case.source)
            self.referring_body.setText(case.referring_body)
            set_combo_value(self.referring_kind, case.referring_body_kind or None)
            set_combo_value(self.dispute_type, case.dispute_type)
            self.registered_on.setDate(date_to_qdate(case.registered_on))
            self.facts.setPlainText(case.facts)
            self.claims.setPlainText(case.claims)
            self.amount.setText(fen_to_text(case.amount_involved_fen)
                                if case.amount_involved_fen else "")
            self.co_mediators.setText(case.co_mediators)
            self._pending_committee = case.committee_id or None
            self._pending_committee_name = case.committee_name
            self._select_committee()
            self._pending_mediator = case.mediator_id
            self._select_mediator()
            self.mediator.setEnabled(False)
            self.mediator.setToolTip(self.tr("The responsible mediator is not changed by a "
                                             "correction."))
            self._source_changed()
        finally:
            self._loading = False
        self._dirty = False

    def payload(self) -> dict[str, Any]:
        return {
            "source": combo_value(self.source), "referring_body": self.referring_body.text(),
            "referring_body_kind": combo_value(self.referring_kind),
            "dispute_type": combo_value(self.dispute_type),
            "registered_on": qdate_to_date(self.registered_on.date()).isoformat(),
            "parties": [row.payload() for row in self.rows],
            "facts": self.facts.toPlainText(), "claims": self.claims.toPlainText(),
            "amount": self.amount.text(), "mediator_id": self.mediator.currentData(),
            "co_mediators": self.co_mediators.text(),
            "committee_id": self.committee.currentData(),
        }

    def load_payload(self, payload: dict[str, Any]) -> None:
        set_combo_value(self.source, payload.get("source"))
        self.referring_body.setText(str(payload.get("referring_body", "")))
        set_combo_value(self.referring_kind, payload.get("referring_body_kind"))
        set_combo_value(self.dispute_type, payload.get("dispute_type"))
        with contextlib.suppress(ValueError):
            self.registered_on.setDate(date_to_qdate(
                date.fromisoformat(str(payload.get("registered_on")))))
        parties = [p for p in payload.get("parties") or [] if isinstance(p, dict)]
        if parties:
            for row in list(self.rows):
                self.remove_party(row)
            for party in parties:
                self.add_party(str(party.get("role") or PartyRole.APPLICANT.value)
                               ).load_payload(party)
        self.facts.setPlainText(str(payload.get("facts", "")))
        self.claims.setPlainText(str(payload.get("claims", "")))
        self.amount.setText(str(payload.get("amount", "")))
        self.co_mediators.setText(str(payload.get("co_mediators", "")))
        mediator = payload.get("mediator_id")
        if mediator:
            self._pending_mediator = str(mediator)
            self._select_mediator()
        committee = payload.get("committee_id")
        if committee:
            self._pending_committee = str(committee)
            self._select_committee()
        self._source_changed()
        self._conflict_timer.start()

    def prefill_applicant(self, person_id: str, display_name: str = "") -> None:
        """Put an existing person as the first applicant (opened from a person's page)."""
        row = next((r for r in self.rows if r.role() == PartyRole.APPLICANT), self.rows[0])
        row.set_organisation(False)
        row.picker.set_person_id(person_id, display_name)
        self._conflict_timer.start()

    def payload_has_content(self) -> bool:
        """Whether the user typed anything worth a question before discarding."""
        if self.facts.toPlainText().strip() or self.claims.toPlainText().strip():
            return True
        return any(r.org_name.text().strip() or r.picker.selected_person_id()
                   or r.picker.person_ref()[1] is not None for r in self.rows)

    def discard(self) -> None:
        """Throw the form away, with its draft."""
        self._dirty = False
        self._discard_draft()

    def draft_title(self) -> str:
        names = [r.org_name.text().strip() if r.is_organisation() else r.display_name()
                 for r in self.rows]
        names = [n for n in names if n]
        base = self.tr("New mediation case")
        return f"{base}：{'、'.join(names)}" if names else base

    # -- committees -------------------------------------------------------------------------

    def _load_committees(self) -> None:
        from workstation.services.committees import list_committees

        db = self.ctx.db
        self.ctx.runner.run(lambda: list_committees(db, active_only=True),
                            on_done=self._show_committees)

    def _show_committees(self, items: list[Any]) -> None:
        self._loading, was_loading = True, self._loading
        try:
            self.committee.clear()
            for c in items:  # the default first
                self.committee.addItem(c.name, c.id)
            self._select_committee()
        finally:
            self._loading = was_loading
        self._top_form.setRowVisible(self._committee_row, self.committee.count() > 1)

    def _select_committee(self) -> None:
        """Select the pending committee; one no longer active (a case corrected later) is
        added so the case keeps it."""
        if self._pending_committee is None:
            return
        index = self.committee.findData(self._pending_committee)
        if index < 0 and self._pending_committee_name:
            self.committee.addItem(self._pending_committee_name, self._pending_committee)
            index = self.committee.count() - 1
        if index >= 0:
            self.committee.setCurrentIndex(index)
            self._top_form.setRowVisible(self._committee_row, self.committee.count() > 1)

    # -- operators --------------------------------------------------------------------------

    def _load_operators(self) -> None:
        from workstation.services.records import operators

        db = self.ctx.db
        self.ctx.runner.run(lambda: operators(db), on_done=self._show_operators)

    def _show_operators(self, items: list[Any]) -> None:
        self._loading, was_loading = True, self._loading
        try:
            self.mediator.clear()
            for op in items:
                self.mediator.addItem(op.name, op.id)
            self._select_mediator()
        finally:
            self._loading = was_loading
        completer = QCompleter([op.name for op in items], self.co_mediators)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.co_mediators.setCompleter(completer)

    def _select_mediator(self) -> None:
        if self._pending_mediator is None:
            return
        index = self.mediator.findData(self._pending_mediator)
        if index >= 0:
            self.mediator.setCurrentIndex(index)

    # -- conflicts --------------------------------------------------------------------------

    def check_conflicts(self) -> None:
        """Look up open cases the chosen persons are already parties to (background)."""
        pairs = tuple((pid, row.role()) for row in self.rows
                      if (pid := row.person_id()) is not None)
        if pairs == self._conflict_key:
            return
        self._conflict_key = pairs
        self._conflict_generation += 1
        generation = self._conflict_generation
        if not pairs:
            self._show_conflicts(generation, [])
            return
        from workstation.services.person_history import conflicts

        db = self.ctx.db
        ids, roles = [p for p, _ in pairs], [r for _, r in pairs]
        self.ctx.runner.run(lambda: conflicts(db, ids, roles),
                            on_done=lambda found: self._show_conflicts(generation, found))

    def _show_conflicts(self, generation: int, found: list[Any]) -> None:
        if generation != self._conflict_generation:
            return
        if not found:
            self.conflict_banner.hide()
            self.conflict_label.clear()
            return
        lines = [self.tr("Please check: these parties already are in open mediation cases "
                         "(a reminder only; you can still save).")]
        lines += [("⚠ " if c.opposite_side else "• ") + c.message for c in found]
        self.conflict_label.setText("\n".join(lines))
        self.conflict_banner.show()

    @property
    def conflicts_shown(self) -> bool:
        return not self.conflict_banner.isHidden()

    def stop(self) -> None:
        self._conflict_timer.stop()
        super().stop()
