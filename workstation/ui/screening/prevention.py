"""The prevention indicator of a mediation case (防止民间纠纷引起自杀 / 转化为刑事案件 /
群体性上访 / 群体性械斗, and how many people), set from the case view."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QSpinBox, QWidget

from workstation.domain.screening import MAX_PREVENTION_PERSONS, PreventionInput, PreventionKind

from ..context import AppContext
from ..mediation.dialogs import StepDialog
from ..widgets.forms import combo_for, combo_value, set_combo_value


class PreventionDialog(StepDialog):
    def __init__(self, ctx: AppContext, case: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctx, case, self.tr("Dispute kept from escalating"), parent)
        self.add_note(self.tr("Counted in the monthly report (cases and people). A dispute "
                              "found by a screening and linked to this case is counted there "
                              "instead."))
        self.kind = combo_for(PreventionKind, optional=True, placeholder=self.tr("(none)"))
        self.kind.setObjectName("prevention_kind")
        set_combo_value(self.kind, case.prevention_kind or None)
        self.persons = QSpinBox()
        self.persons.setObjectName("prevention_persons")
        self.persons.setRange(0, MAX_PREVENTION_PERSONS)
        self.persons.setSuffix(self.tr(" people"))
        self.persons.setValue(case.prevention_persons)
        self.add_row(self.tr("Prevented"), self.kind, "prevention_kind")
        self.add_row(self.tr("People concerned"), self.persons, "prevention_persons")

    def build_input(self) -> PreventionInput:
        kind = combo_value(self.kind) or ""
        return PreventionInput(kind, self.persons.value() if kind else 0)

    def submit(self, data: PreventionInput) -> None:
        from workstation.services.screening import set_case_prevention

        set_case_prevention(self.ctx.db, self.ctx.actor, self.case.id, data.kind, data.persons)
