"""The legal aid application form (法律援助申请): applicant, matter, hardship route with the
eligibility guidance, and the materials checklist with the one-time notice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.deadlines import is_urgent
from workstation.domain.eligibility import assess, required_materials
from workstation.domain.enums import (
    AidForm,
    AidMatter,
    CaseStage,
    DocumentType,
    HardshipRoute,
    ProceduralRole,
    SpecialGroup,
)
from workstation.domain.errors import FieldError, ValidationError
from workstation.domain.inputs import ReferralInput
from workstation.domain.validators import validate_amount_yuan

from ..context import AppContext
from ..widgets.date_field import DateField
from ..widgets.forms import (
    ValidatedForm,
    combo_for,
    combo_value,
    date_to_qdate,
    on_valid,
    qdate_to_date,
    set_combo_value,
)
from ..widgets.layout import scrolling_columns
from ..widgets.person_picker import PersonPicker
from ..widgets.shortcuts import confirm
from .common import MaterialsChecklist, UrgentBanner

_KNOWN_GROUPS = {g.value for g in SpecialGroup}


@dataclass(frozen=True)
class _FormInput:
    """The referral input plus errors found while reading the widgets (the income amount)."""

    data: ReferralInput
    extra: tuple[FieldError, ...] = ()

    def validated(self) -> ReferralInput:
        errors = list(self.extra)
        result: ReferralInput | None = None
        try:
            result = self.data.validated()
        except ValidationError as exc:
            errors += exc.errors
        if errors or result is None:
            raise ValidationError(errors)
        return result


class _DeadlineField(QWidget):
    """An optional date: a checkbox "there is a deadline" and the date."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.has_deadline = QCheckBox()
        self.has_deadline.setObjectName("has_deadline")
        self.deadline = DateField()
        self.deadline.setObjectName("limitation_deadline")
        self.deadline.error_field = "limitation_deadline"
        self.deadline.setDate(QDate.currentDate().addDays(30))
        self.deadline.setEnabled(False)
        layout.addWidget(self.has_deadline)
        layout.addWidget(self.deadline, 1)
        self.has_deadline.toggled.connect(self.deadline.setEnabled)
        self.has_deadline.toggled.connect(self.changed)
        self.deadline.dateChanged.connect(self.changed)


class _AgentDocumentField(QWidget):
    """The agent's identity document: its type and number on one line."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.id_type = combo_for(DocumentType)
        self.id_type.setObjectName("agent_id_type")
        self.number = QLineEdit()
        self.number.setObjectName("agent_id_number")
        layout.addWidget(self.id_type)
        layout.addWidget(self.number, 1)
        self.id_type.currentIndexChanged.connect(self.changed)
        self.number.textChanged.connect(self.changed)


def _text(edit: QLineEdit | QPlainTextEdit) -> str:
    return edit.text() if isinstance(edit, QLineEdit) else edit.toPlainText()


class ReferralForm(ValidatedForm):
    """A new legal aid application taken at the station."""

    form_key = "aid_referral:new"
    record_type = "aid_referral"
    #: The referral being corrected (更正, before forwarding), or None for a new one.
    correcting: str | None = None
    correction_reason = ""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setWindowTitle(self.tr("New legal aid application"))
        #: Applicant's special groups; None while an existing person's groups are loading.
        self._groups: tuple[str, ...] | None = ()
        self._applicant_name = ""
        self._groups_person: str | None = None
        #: (matter, groups) the hardship route was last pre-selected for.
        self._suggest_key: tuple[str, tuple[str, ...]] | None = None
        self._suggested_route: str | None = None
        self._reasons: tuple[str, ...] = ()

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        header = QHBoxLayout()
        title = QLabel(self.tr("New legal aid application"))
        title.setProperty("role", "heading")
        header.addWidget(title)
        self.title_label = title
        header.addStretch(1)
        outer.addLayout(header)
        self.urgent_banner = UrgentBanner()
        outer.addWidget(self.urgent_banner)

        left, right = scrolling_columns(outer)

        # -- applicant and agent ----------------------------------------------------------------
        applicant_box = QGroupBox(self.tr("Applicant"))
        applicant_form = QFormLayout(applicant_box)
        self.picker = PersonPicker(ctx, require_id=True)
        self.picker.setObjectName("applicant_picker")
        self.add_row(applicant_form, self.tr("Applicant"), self.picker, required=True)
        self.picker.register_errors(self.errors, "applicant.")
        self.picker.changed.connect(self._applicant_changed)
        self.picker.person_selected.connect(lambda _id: self._applicant_changed())
        self.agent_name = QLineEdit()
        self.agent_name.setObjectName("agent_name")
        self.agent_name.setPlaceholderText(self.tr("Only if someone applies on the applicant's "
                                                   "behalf"))
        self.agent_relation = QLineEdit()
        self.agent_relation.setObjectName("agent_relation")
        self.agent_relation.setPlaceholderText(self.tr("e.g. son, daughter, guardian"))
        self.agent_phone = QLineEdit()
        self.agent_phone.setObjectName("agent_phone")
        self.add_row(applicant_form, self.tr("Agent"), self.agent_name, "agent_name")
        self.add_row(applicant_form, self.tr("Agent's relation"), self.agent_relation,
                     "agent_relation")
        self.add_row(applicant_form, self.tr("Agent's phone"), self.agent_phone, "agent_phone")
        agent_id_row = _AgentDocumentField()
        self.agent_id_type = agent_id_row.id_type
        self.agent_id_number = agent_id_row.number
        self.add_row(applicant_form, self.tr("Agent's ID"), agent_id_row, "agent_id_number")
        self.agent_name.textChanged.connect(self._refresh_materials)
        left.addWidget(applicant_box)

        # -- the matter -------------------------------------------------------------------------
        matter_box = QGroupBox(self.tr("Matter"))
        matter_form = QFormLayout(matter_box)
        self._matter_form = matter_form
        self.matter = combo_for(AidMatter, optional=True)
        self.matter.setObjectName("matter")
        self.add_row(matter_form, self.tr("Matter applied for"), self.matter, "matter",
                     required=True)
        self.matter_detail = QLineEdit()
        self.matter_detail.setObjectName("matter_detail")
        self._matter_detail_row = self.add_row(matter_form, self.tr("Details of the matter"),
                                               self.matter_detail, "matter_detail",
                                               required=True)
        self.cause_of_action = QLineEdit()
        self.cause_of_action.setObjectName("cause_of_action")
        self.cause_of_action.setPlaceholderText(self.tr("e.g. labour remuneration dispute"))
        self.add_row(matter_form, self.tr("Cause of action"), self.cause_of_action,
                     "cause_of_action")
        self.procedural_role = combo_for(ProceduralRole, optional=True)
        self.procedural_role.setObjectName("procedural_role")
        self.add_row(matter_form, self.tr("Procedural role"), self.procedural_role,
                     "procedural_role")
        self.stage = combo_for(CaseStage, optional=True)
        self.stage.setObjectName("stage")
        self.add_row(matter_form, self.tr("Case stage"), self.stage, "stage")
        self.aid_form = combo_for(AidForm, optional=True)
        self.aid_form.setObjectName("aid_form")
        self.add_row(matter_form, self.tr("Form of aid"), self.aid_form, "aid_form")
        self.opposing_party = QLineEdit()
        self.opposing_party.setObjectName("opposing_party")
        self.opposing_party.setPlaceholderText(self.tr("Name of the other side, if any"))
        self.add_row(matter_form, self.tr("Opposing party"), self.opposing_party,
                     "opposing_party")
        self.facts = QPlainTextEdit()
        self.facts.setObjectName("facts")
        self.facts.setTabChangesFocus(True)
        self.facts.setMinimumHeight(90)
        self.facts.setMaximumHeight(160)
        self.add_row(matter_form, self.tr("Summary of facts"), self.facts, "facts", required=True)
        self.request = QPlainTextEdit()
        self.request.setObjectName("request")
        self.request.setTabChangesFocus(True)
        self.request.setMinimumHeight(70)
        self.request.setMaximumHeight(120)
        self.add_row(matter_form, self.tr("Request and reasons"), self.request, "request",
                     required=True)
        self.applied_on = DateField()  # typed: 20261207, 12-07 ...; F4 opens a calendar
        self.applied_on.setObjectName("applied_on")
        self.applied_on.error_field = "applied_on"
        self.applied_on.setDate(QDate.currentDate())
        self.add_row(matter_form, self.tr("Application date"), self.applied_on, "applied_on",
                     required=True)
        deadline_row = _DeadlineField()
        self.has_deadline = deadline_row.has_deadline
        self.has_deadline.setText(self.tr("There is a deadline"))
        self.deadline = deadline_row.deadline
        self.add_row(matter_form, self.tr("Limitation / deadline expires"), deadline_row,
                     "limitation_deadline")
        self.has_deadline.toggled.connect(self._refresh_urgent)
        self.deadline.dateChanged.connect(self._refresh_urgent)
        left.addWidget(matter_box)
        left.addStretch(1)

        # -- economic situation -----------------------------------------------------------------
        means_box = QGroupBox(self.tr("Economic hardship"))
        means_form = QFormLayout(means_box)
        self.route = combo_for(HardshipRoute, optional=True)
        self.route.setObjectName("hardship_route")
        self.add_row(means_form, self.tr("How hardship is established"), self.route,
                     "hardship_route", required=True)
        self.guidance = QLabel()
        self.guidance.setObjectName("eligibility_guidance")
        self.guidance.setWordWrap(True)
        self.guidance.setProperty("role", "guidance")
        self.guidance.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        means_form.addRow(self.guidance)
        self.household_size = QSpinBox()
        self.household_size.setObjectName("household_size")
        self.household_size.setRange(0, 30)
        self.household_size.setSpecialValueText(self.tr("(not stated)"))
        self.add_row(means_form, self.tr("Household size"), self.household_size,
                     "household_size")
        self.income = QLineEdit()
        self.income.setObjectName("monthly_income")
        self.income.setPlaceholderText(self.tr("e.g. 1500"))
        self.add_row(means_form, self.tr("Monthly income (yuan)"), self.income,
                     "monthly_income_fen")
        self.property_note = QLineEdit()
        self.property_note.setObjectName("property_note")
        self.property_note.setPlaceholderText(self.tr("e.g. house, vehicle, savings"))
        self.add_row(means_form, self.tr("Property"), self.property_note, "property_note")
        right.addWidget(means_box)

        materials_box = QGroupBox(self.tr("Materials received"))
        materials_layout = QVBoxLayout(materials_box)
        self.materials = MaterialsChecklist()
        self.materials.setObjectName("materials")
        self.materials.changed.connect(self._changed)
        materials_layout.addWidget(self.materials)
        right.addWidget(materials_box)
        right.addStretch(1)
        self.materials_box = materials_box

        self.matter.currentIndexChanged.connect(self._matter_changed)
        self.route.currentIndexChanged.connect(self._route_changed)

        # -- buttons ----------------------------------------------------------------------------
        outer.addWidget(self.general_error)
        buttons = QHBoxLayout()
        self.clear_button = QPushButton(self.tr("Start over"))
        self.clear_button.setObjectName("clear_form")
        self.clear_button.clicked.connect(self.start_over)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        self.cancel_button = QPushButton(self.tr("Back (Esc)"))
        self.cancel_button.setObjectName("cancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.save_button = QPushButton(self.tr("Save application (Ctrl+S)"))
        self.save_button.setObjectName("save")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        on_valid(self, self.save_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        outer.addLayout(buttons)

        self._matter_changed()
        self._refresh_urgent()

    # -- reading the widgets --------------------------------------------------------------------

    def _income(self) -> tuple[int | None, tuple[FieldError, ...]]:
        text = self.income.text().strip()
        if not text:
            return None, ()
        try:
            return validate_amount_yuan(text, "monthly_income_fen", "月收入"), ()
        except ValidationError as exc:
            return None, tuple(exc.errors)

    def _deadline(self) -> date | None:
        return qdate_to_date(self.deadline.date()) if self.has_deadline.isChecked() else None

    def build_input(self) -> _FormInput:
        applicant_id, applicant = self.picker.person_ref()
        income, income_errors = self._income()
        size = self.household_size.value()
        data = ReferralInput(
            matter=combo_value(self.matter) or "",
            facts=self.facts.toPlainText(),
            request=self.request.toPlainText(),
            hardship_route=combo_value(self.route) or "",
            applied_on=qdate_to_date(self.applied_on.date()),
            applicant_id=applicant_id,
            applicant=applicant,
            agent_name=self.agent_name.text(),
            agent_relation=self.agent_relation.text(),
            agent_phone=self.agent_phone.text(),
            matter_detail=self.matter_detail.text() if self._is_other() else "",
            procedural_role=combo_value(self.procedural_role) or "",
            stage=combo_value(self.stage) or "",
            cause_of_action=self.cause_of_action.text(),
            household_size=size or None,
            monthly_income_fen=income,
            property_note=self.property_note.text(),
            limitation_deadline=self._deadline(),
            materials_received=self.materials.received(),
            aid_form=combo_value(self.aid_form) or "",
            opposing_party=self.opposing_party.text(),
            agent_id_type=combo_value(self.agent_id_type) or "",
            agent_id_number=self.agent_id_number.text(),
        )
        return _FormInput(data, income_errors)

    def submit(self, data: Any) -> str:
        if self.correcting is not None:
            from workstation.services.corrections import correct_referral

            return correct_referral(self.ctx.db, self.ctx.actor, self.correcting, data,
                                    self.correction_reason)
        from workstation.services.aid import create_referral

        # Saved and linked to the 12348 order it was opened for in one transaction.
        return create_referral(self.ctx.db, self.ctx.actor, data,
                               consultation_id=getattr(self, "from_consultation", None),
                               work_order_id=self.for_order)

    #: The 12348 work order this new application handles (linked once it is saved).
    for_order: str | None = None

    def prefill_from_order(self, order: Any) -> None:
        """Start from a 12348 work order: its request as the facts; saving links the
        application."""
        if not self.facts.toPlainText().strip():
            self.facts.setPlainText(order.request)
        self.for_order = order.id

    def begin_correction(self, d: Any) -> None:
        """Correct the referral ``d`` (a ``ReferralDetail``, not yet forwarded): fill the form
        from it; the materials keep their own checklist on the referral's page; saving goes
        through ``services.corrections``."""
        self.correcting = d.id
        self.form_key = f"aid_referral:correct:{d.id}"
        title = self.tr("Correct legal aid application %1").replace("%1", d.number)
        self.setWindowTitle(title)
        self.title_label.setText(title)
        self.materials_box.hide()
        for button in (self.clear_button, self.cancel_button, self.save_button):
            button.hide()
        groups = tuple(sorted(g for g in d.applicant.special_groups if g in _KNOWN_GROUPS))
        self._loading = True
        try:
            self.picker.set_person_id(d.applicant.id, d.applicant.name)
            self.agent_name.setText(d.agent_name)
            self.agent_relation.setText(d.agent_relation)
            self.agent_phone.setText(d.agent_phone)
            set_combo_value(self.matter, d.matter)
            self.matter_detail.setText(d.matter_detail)
            self.cause_of_action.setText(d.cause_of_action)
            set_combo_value(self.procedural_role, d.procedural_role or None)
            set_combo_value(self.stage, d.stage or None)
            set_combo_value(self.aid_form, d.aid_form or None)
            self.opposing_party.setText(d.opposing_party)
            set_combo_value(self.agent_id_type, d.agent_id_type or DocumentType.RESIDENT_ID.value)
            # the full number is not shown: left empty, the recorded one is kept
            self.agent_id_number.setText("")
            self.agent_id_number.setPlaceholderText(
                self.tr("%1 (leave empty to keep it)").replace("%1", d.agent_id_number_masked)
                if d.agent_id_number_masked else "")
            self.facts.setPlainText(d.facts)
            self.request.setPlainText(d.request)
            self.applied_on.setDate(date_to_qdate(d.applied_on))
            self.has_deadline.setChecked(d.limitation_deadline is not None)
            if d.limitation_deadline is not None:
                self.deadline.setDate(date_to_qdate(d.limitation_deadline))
            # The recorded route stays: no suggestion overrides it for these groups.
            self._suggest_key = (d.matter, groups)
            set_combo_value(self.route, d.hardship_route)
            self.household_size.setValue(d.household_size or 0)
            self.income.setText(f"{d.monthly_income_fen / 100:.2f}"
                                if d.monthly_income_fen is not None else "")
            self.property_note.setText(d.property_note)
            self._matter_changed()
            self._refresh_urgent()
        finally:
            self._loading = False
        self._dirty = False

    # -- live guidance --------------------------------------------------------------------------

    def _is_other(self) -> bool:
        return combo_value(self.matter) == AidMatter.OTHER.value

    def _matter_changed(self, *_: object) -> None:
        self._matter_form.setRowVisible(self._matter_detail_row, self._is_other())
        self._update_eligibility()
        self._refresh_materials()

    def _route_changed(self, *_: object) -> None:
        self._update_guidance()
        self._refresh_materials()

    def _applicant_changed(self) -> None:
        applicant_id, applicant = self.picker.person_ref()
        if applicant is not None:
            self._groups_person = None
            self._groups = tuple(g for g in applicant.special_groups if g in _KNOWN_GROUPS)
            self._applicant_name = applicant.name.strip()
        elif applicant_id is not None:
            if applicant_id != self._groups_person:
                self._groups_person = applicant_id
                self._groups = None
                self._load_person(applicant_id)
        else:
            self._groups_person = None
            self._groups = ()
            self._applicant_name = ""
        self.materials.set_applicant_name(self._applicant_name)
        self._update_eligibility()

    def _load_person(self, person_id: str) -> None:
        from workstation.services.persons import get_person

        db = self.ctx.db

        def load() -> tuple[str, tuple[str, ...]]:
            person = get_person(db, person_id)
            return person.name, tuple(person.special_groups or ())

        def done(result: tuple[str, tuple[str, ...]]) -> None:
            if self._groups_person != person_id:
                return  # the user picked someone else meanwhile
            name, groups = result
            self._applicant_name = name
            self._groups = tuple(g for g in groups if g in _KNOWN_GROUPS)
            self.materials.set_applicant_name(name)
            self._update_eligibility()

        def failed(_exc: BaseException) -> None:
            if self._groups_person == person_id:
                self._groups = ()
                self._update_eligibility()

        self.ctx.runner.run(load, on_done=done, on_error=failed)

    def _update_eligibility(self) -> None:
        """Pre-select the hardship route when the matter or the applicant's groups change."""
        matter = combo_value(self.matter)
        if matter is None or self._groups is None:
            self._suggested_route = None
            self._update_guidance()
            return
        result = assess(matter, self._groups)
        key = (matter, tuple(sorted(self._groups)))
        self._suggested_route = result.route.value
        self._reasons = result.reasons
        if key != self._suggest_key:
            self._suggest_key = key
            if not self._loading:
                set_combo_value(self.route, result.route.value)
        self._update_guidance()

    def _update_guidance(self) -> None:
        if self._groups is None:
            self.guidance.setText(self.tr("Looking up the applicant..."))
            return
        if self._suggested_route is None:
            self.guidance.setText(self.tr("Choose the matter first; the suggested way to "
                                          "establish hardship then appears here."))
            return
        lines = [self.tr("Suggestion: %1").replace("%1",
                                                   HardshipRoute(self._suggested_route).label)]
        lines += list(self._reasons)
        chosen = combo_value(self.route)
        if chosen and chosen != self._suggested_route:
            lines.append(self.tr("You chose a different way than suggested; please make sure "
                                 "it is right."))
        self.guidance.setText("\n".join(lines))

    def _refresh_materials(self, *_: object) -> None:
        matter, route = combo_value(self.matter), combo_value(self.route)
        if matter is None or route is None:
            self.materials.set_required(
                [], self.tr("Choose the matter and the hardship route to see the checklist."))
            return
        has_agent = bool(self.agent_name.text().strip())
        self.materials.set_required(required_materials(matter, route, has_agent=has_agent))

    def _refresh_urgent(self, *_: object) -> None:
        self.urgent_banner.setVisible(is_urgent(self._deadline(), date.today()))

    # -- drafts ---------------------------------------------------------------------------------

    def draft_title(self) -> str:
        name = self._applicant_name
        base = self.tr("Legal aid application")
        return f"{base}：{name}" if name else base

    def payload(self) -> dict[str, Any]:
        deadline = self._deadline()
        return {
            "applicant": self.picker.payload(),
            "agent_name": self.agent_name.text(),
            "agent_relation": self.agent_relation.text(),
            "agent_phone": self.agent_phone.text(),
            "matter": combo_value(self.matter),
            "matter_detail": self.matter_detail.text(),
            "cause_of_action": self.cause_of_action.text(),
            "procedural_role": combo_value(self.procedural_role),
            "stage": combo_value(self.stage),
            "aid_form": combo_value(self.aid_form),
            "opposing_party": self.opposing_party.text(),
            "agent_id_type": combo_value(self.agent_id_type),
            "agent_id_number": self.agent_id_number.text(),
            "facts": self.facts.toPlainText(),
            "request": self.request.toPlainText(),
            "applied_on": qdate_to_date(self.applied_on.date()).isoformat(),
            "limitation_deadline": deadline.isoformat() if deadline else None,
            "hardship_route": combo_value(self.route),
            "suggest_key": [self._suggest_key[0], list(self._suggest_key[1])]
            if self._suggest_key else None,
            "household_size": self.household_size.value(),
            "monthly_income": self.income.text(),
            "property_note": self.property_note.text(),
            "materials_received": list(self.materials.received()),
        }

    def load_payload(self, payload: dict[str, Any]) -> None:
        self.picker.load_payload(payload.get("applicant") or {})
        self.agent_name.setText(payload.get("agent_name", ""))
        self.agent_relation.setText(payload.get("agent_relation", ""))
        self.agent_phone.setText(payload.get("agent_phone", ""))
        set_combo_value(self.matter, payload.get("matter"))
        self.matter_detail.setText(payload.get("matter_detail", ""))
        self.cause_of_action.setText(payload.get("cause_of_action", ""))
        set_combo_value(self.procedural_role, payload.get("procedural_role"))
        set_combo_value(self.stage, payload.get("stage"))
        set_combo_value(self.aid_form, payload.get("aid_form"))
        self.opposing_party.setText(payload.get("opposing_party", ""))
        set_combo_value(self.agent_id_type,
                        payload.get("agent_id_type") or DocumentType.RESIDENT_ID.value)
        self.agent_id_number.setText(payload.get("agent_id_number", ""))
        self.facts.setPlainText(payload.get("facts", ""))
        self.request.setPlainText(payload.get("request", ""))
        applied = payload.get("applied_on")
        self.applied_on.setDate(date_to_qdate(date.fromisoformat(applied)) if applied
                                else QDate.currentDate())
        deadline = payload.get("limitation_deadline")
        self.has_deadline.setChecked(bool(deadline))
        if deadline:
            self.deadline.setDate(date_to_qdate(date.fromisoformat(deadline)))
        key = payload.get("suggest_key")
        self._suggest_key = (key[0], tuple(key[1])) if key else None
        self._applicant_changed()
        set_combo_value(self.route, payload.get("hardship_route"))
        self.household_size.setValue(int(payload.get("household_size") or 0))
        self.income.setText(payload.get("monthly_income", ""))
        self.property_note.setText(payload.get("property_note", ""))
        self._matter_changed()
        self._refresh_materials()
        self.materials.set_received(payload.get("materials_received") or ())
        self._refresh_urgent()

    def has_input(self) -> bool:
        """Whether anything was entered (the form is then kept when the user comes back)."""
        applicant_id, applicant = self.picker.person_ref()
        texts = (self.agent_name, self.agent_relation, self.matter_detail, self.opposing_party,
                 self.cause_of_action, self.income, self.property_note, self.facts,
                 self.request)
        return (applicant_id is not None or applicant is not None
                or bool(self.picker.search_edit.text().strip())
                or combo_value(self.matter) is not None
                or any(_text(edit).strip() for edit in texts))

    # -- resetting ------------------------------------------------------------------------------

    def reset(self, person_id: str | None = None, display_name: str = "") -> None:
        """Empty the form (optionally with an applicant chosen) without touching drafts."""
        self.for_order = None
        #: The consultation the application comes from (the link is stored on saving).
        self.from_consultation: str | None = None
        self._loading = True
        try:
            self.picker.clear()
            for edit in (self.agent_name, self.agent_relation, self.agent_phone,
                         self.agent_id_number, self.opposing_party,
                         self.matter_detail, self.cause_of_action, self.income,
                         self.property_note):
                edit.clear()
            set_combo_value(self.agent_id_type, DocumentType.RESIDENT_ID.value)
            self.facts.clear()
            self.request.clear()
            for box in (self.matter, self.procedural_role, self.stage, self.route, self.aid_form):
                box.setCurrentIndex(0)
            self.applied_on.setDate(QDate.currentDate())
            self.has_deadline.setChecked(False)
            self.deadline.setDate(QDate.currentDate().addDays(30))
            self.household_size.setValue(0)
            self._suggest_key = None
            self.materials.set_received(())
            if person_id:
                self.picker.set_person_id(person_id, display_name)
            self._applicant_changed()
            self._matter_changed()
        finally:
            self._loading = False
        self._dirty = False
        self.errors.reset()  # a fresh form shows no error
        self._set_valid(False)
        self._validate_timer.stop()

    def start_over(self) -> None:
        """Throw the half-filled form away (and its draft) after asking."""
        if confirm(self, self.tr("Start over"),
                   self.tr("Clear everything entered in this application?")):
            self.reset()
            self._discard_draft()
