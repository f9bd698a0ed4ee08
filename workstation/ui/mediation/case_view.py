"""One mediation case: header with number, status and deadline; parties, timeline, sessions,
agreement and follow-ups; buttons for the steps allowed in the current status only."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.enums import MediationStatus
from workstation.domain.wording import EMPTY

from ..appearance import set_role
from ..context import AppContext
from ..printing.print_menu import PrintButton
from ..rating_screen import RateButton, RatingsLabel
from ..widgets.corrections import CorrectButton, CorrectionInfoLabel
from ..widgets.forms import show_error
from ..widgets.responsibility import ResponsibilityPanel
from ..widgets.voiding import VoidBanner, VoidButton, record_caption
from .case_form import CaseForm
from .casefile_dialogs import CASEFILE_DIALOGS
from .dialogs import (
    AcceptDialog,
    AgreementDialog,
    ExtendDialog,
    FollowUpDialog,
    JudicialDialog,
    SessionDialog,
    StatusDialog,
    StepDialog,
    fen_to_text,
)

S = MediationStatus


def _when(value: datetime) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M")


def _plain(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _clear(layout: Any) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget()
        if widget is not None:
            widget.deleteLater()
        elif item.layout() is not None:
            _clear(item.layout())


class CaseView(QWidget):
    """Shows a case loaded with ``services.records.load_case``; steps open dialogs."""

    back_requested = Signal()
    #: The case was changed by a step (after the view reloaded).
    case_changed = Signal(str)
    #: A load finished (for tests and status bars).
    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.case: Any = None
        self.case_id: str | None = None
        self.dialog: StepDialog | None = None
        self._generation = 0
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)

        head = QHBoxLayout()
        self.back_button = QPushButton(self.tr("Back to list"))
        self.back_button.clicked.connect(self.back_requested)
        head.addWidget(self.back_button)
        self.number_label = QLabel()
        self.number_label.setObjectName("case_number")
        self.number_label.setProperty("role", "heading")
        head.addWidget(self.number_label)
        self.status_label = QLabel()
        self.status_label.setObjectName("case_status")
        self.status_label.setProperty("role", "status")
        head.addWidget(self.status_label)
        head.addStretch(1)
        self.deadline_label = QLabel()
        self.deadline_label.setObjectName("case_deadline")
        head.addWidget(self.deadline_label)
        outer.addLayout(head)
        self.title_label = _plain("")
        self.title_label.setProperty("role", "lead")
        outer.addWidget(self.title_label)
        self.void_banner = VoidBanner()
        outer.addWidget(self.void_banner)
        self.correction_info = CorrectionInfoLabel()
        outer.addWidget(self.correction_info)

        self.actions_bar = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text, handler in self._action_specs():
            button = QPushButton(text)
            button.setObjectName(f"action_{key}")
            button.setMinimumHeight(34)
            button.setProperty("role", "action")
            button.clicked.connect(handler)
            button.hide()
            self.buttons[key] = button
            self.actions_bar.addWidget(button)
        # The case-file steps (告知, 调查, 司法确认结果, 督促履行, 反馈函) in one menu button:
        # only the steps the case allows now are in it, and it hides when none is.
        self.casefile_button = QPushButton(self.tr("Case file steps"))
        self.casefile_button.setObjectName("action_casefile")
        self.casefile_button.setMinimumHeight(34)
        self.casefile_button.setProperty("role", "action")
        self.casefile_menu = QMenu(self.casefile_button)
        self.casefile_button.setMenu(self.casefile_menu)
        self.casefile_actions: dict[str, QAction] = {}
        for key, text in self._casefile_specs():
            action = self.casefile_menu.addAction(text)
            action.setObjectName(f"casefile_{key}")
            action.triggered.connect(lambda _=False, k=key: self.open_casefile_step(k))
            self.casefile_actions[key] = action
        self.casefile_button.hide()
        self.actions_bar.addWidget(self.casefile_button)
        self.actions_bar.addStretch(1)
        self.print_button = PrintButton(ctx, "mediation_case", self)
        self.actions_bar.addWidget(self.print_button)
        # Shown once the case is concluded (the step that closes it hands over to the citizen).
        self.rate_button = RateButton(ctx, "mediation_case", self)
        self.actions_bar.addWidget(self.rate_button)
        self.correct_button = CorrectButton(ctx, "mediation_case", self.tr("mediation case"),
                                            lambda: CaseForm(ctx), self)
        self.correct_button.corrected.connect(lambda _rid: self._step_saved())
        self.actions_bar.addWidget(self.correct_button)
        self.void_button = VoidButton(ctx, "mediation_case", self.tr("mediation case"), self)
        self.void_button.voided.connect(lambda _rid: self.reload())
        self.actions_bar.addWidget(self.void_button)
        outer.addLayout(self.actions_bar)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        self.body = QVBoxLayout(body)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        # 首问负责: first receiver, handler, hand-overs (replacing the mediator), links.
        self.responsibility = ResponsibilityPanel(ctx, body)
        self.responsibility.changed.connect(self.reload)
        self.body.addWidget(self.responsibility)
        self.info_box, self.info = self._section(self.tr("Case"), form=True)
        self.parties_box, self.parties = self._section(self.tr("Parties"))
        self.timeline_box, self.timeline = self._section(self.tr("Progress"))
        self.sessions_box, self.sessions = self._section(self.tr("Mediation sessions"))
        self.agreement_box, self.agreement = self._section(self.tr("Agreement"), form=True)
        self.follow_box, self.follow_ups = self._section(self.tr("Follow-up visits"))
        self.ratings_box, ratings_layout = self._section(self.tr("Ratings"))
        self.ratings = RatingsLabel(ctx, "mediation_case")
        ratings_layout.addWidget(self.ratings)
        self.steps_box, self.steps = self._section(self.tr("Case file records"))
        self.prevention_box, self.prevention = self._section(self.tr("Kept from escalating"))
        self.body.addStretch(1)

    def _section(self, title: str, *, form: bool = False) -> tuple[QGroupBox, Any]:
        box = QGroupBox(title)
        layout: Any = QFormLayout(box) if form else QVBoxLayout(box)
        self.body.addWidget(box)
        return box, layout

    def _action_specs(self) -> list[tuple[str, str, Callable[[], None]]]:
        return [
            ("accept", self.tr("Accept"), lambda: self._open(AcceptDialog)),
            ("session", self.tr("Record session"), lambda: self._open(SessionDialog)),
            ("agreement", self.tr("Agreement reached"), lambda: self._open(AgreementDialog)),
            ("failed", self.tr("Mediation failed"), lambda: self._status(S.FAILED)),
            ("terminated", self.tr("Terminate"), lambda: self._status(S.TERMINATED)),
            ("follow_up", self.tr("Follow-up visit"), lambda: self._open(FollowUpDialog)),
            ("archived", self.tr("Archive"), lambda: self._status(S.ARCHIVED)),
            ("extend", self.tr("Extend deadline"), lambda: self._open(ExtendDialog)),
            ("judicial", self.tr("Judicial confirmation"), lambda: self._open(JudicialDialog)),
        ]

    def _casefile_specs(self) -> list[tuple[str, str]]:
        return [
            ("rights_notice", self.tr("Rights and duties notified...")),
            ("investigation", self.tr("Investigation...")),
            ("judicial_result", self.tr("Result of judicial confirmation...")),
            ("supervision", self.tr("Supervise performance...")),
            ("feedback", self.tr("Feedback letter sent...")),
        ]

    def open_casefile_step(self, key: str) -> None:
        """Open the dialog of a case-file step (only offered when the case allows it)."""
        if self.case is None or key not in self.available_casefile_steps(self.case):
            return
        self._open(CASEFILE_DIALOGS[key])

    @staticmethod
    def available_casefile_steps(case: Any) -> list[str]:
        if getattr(case, "void", None) is not None:
            return []
        return list(getattr(case, "allowed_steps", []))

    def visible_casefile_steps(self) -> list[str]:
        if self.casefile_button.isHidden():
            return []
        return [k for k, a in self.casefile_actions.items() if a.isVisible()]

    # -- loading ----------------------------------------------------------------------------

    def load(self, case_id: str) -> None:
        from workstation.services.records import load_case

        self.case_id = case_id
        self._generation += 1
        generation = self._generation
        db = self.ctx.db
        self.ctx.runner.run(lambda: load_case(db, case_id),
                            on_done=lambda detail: self._show(generation, detail),
                            on_error=lambda exc: self._failed(generation, exc))

    def reload(self) -> None:
        if self.case_id is not None:
            self.load(self.case_id)

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation == self._generation:
            show_error(self, self.tr("Could not open the case"), error)

    def _show(self, generation: int, case: Any) -> None:
        if generation != self._generation:
            return
        self.case = case
        self.responsibility.set_record("mediation_case", case.id)
        self.number_label.setText(case.number)
        self.status_label.setText(case.status_label)
        self.title_label.setText(case.title)
        self._show_deadline(case)
        self._show_actions(case)
        self._show_info(case)
        self._show_parties(case)
        self._show_timeline(case)
        self._show_sessions(case)
        self._show_agreement(case)
        self._show_follow_ups(case)
        self._show_steps(case)
        self.print_button.set_record(case.id, case)
        self.rate_button.set_record(case.id, case.void is None)
        self.rate_button.setVisible(case.concluded_on is not None)
        self.ratings.set_record(case.id)
        self.void_banner.show_void(case.void)
        self.void_button.set_record(case.id, case.void is not None,
                                    record_caption(case))
        self.correction_info.show_detail(case)
        self.correct_button.set_detail(case)
        self.loaded.emit()

    def _show_deadline(self, case: Any) -> None:
        due = case.due
        if due is None:
            if case.deadline is not None and case.concluded_on is not None:
                self.deadline_label.setText(self.tr("Concluded on %1").replace(
                    "%1", case.concluded_on.isoformat()))
            else:
                self.deadline_label.clear()
            set_role(self.deadline_label, None)
            return
        self.deadline_label.setText(self.tr("Deadline %1 (%2)").replace(
            "%1", due.due.isoformat()).replace("%2", due.label))
        set_role(self.deadline_label,
                 "alert" if due.overdue else "caution" if due.due_soon else None)

    def available_actions(self, case: Any) -> list[str]:
        """Keys of the steps offered for ``case`` in its current status (none once voided)."""
        if getattr(case, "void", None) is not None:
            return []
        allowed = {option.code for option in case.allowed_next}
        status = case.status
        keys: list[str] = []
        if S.ACCEPTED in allowed:
            keys.append("accept")
        if S.MEDIATING in allowed or status == S.MEDIATING:
            keys.append("session")
        if S.AGREED in allowed:
            keys.append("agreement")
        if S.FAILED in allowed:
            keys.append("failed")
        if S.TERMINATED in allowed:
            keys.append("terminated")
        if S.FOLLOWED_UP in allowed or status == S.FOLLOWED_UP:
            keys.append("follow_up")
        if S.ARCHIVED in allowed:
            keys.append("archived")
        if status in (S.ACCEPTED, S.MEDIATING) and case.accepted_on is not None:
            keys.append("extend")
        agreement = case.agreement
        if (agreement is not None and status != S.ARCHIVED
                and not getattr(agreement, "judicial_result", "")
                and (not agreement.judicial_confirmation_applied
                     or agreement.judicial_confirmation_on is None)):
            keys.append("judicial")
        return keys

    def _show_actions(self, case: Any) -> None:
        keys = set(self.available_actions(case))
        for key, button in self.buttons.items():
            button.setVisible(key in keys)
        steps = set(self.available_casefile_steps(case))
        for key, action in self.casefile_actions.items():
            action.setVisible(key in steps)
        self.casefile_button.setVisible(bool(steps))

    def visible_actions(self) -> list[str]:
        return [key for key, button in self.buttons.items() if not button.isHidden()]

    def _show_info(self, case: Any) -> None:
        _clear(self.info)
        rows = [
            (self.tr("Source"), case.source_label
             + (f"（{case.referring_body_kind_label}：{case.referring_body}）"
                if case.referring_body and case.referring_body_kind_label
                else f"（{case.referring_body}）" if case.referring_body else "")),
            (self.tr("Dispute type"), case.dispute_type_label),
            (self.tr("Registered on"), case.registered_on.isoformat()),
        ]
        if case.accepted_on is not None:
            rows.append((self.tr("Accepted on"), case.accepted_on.isoformat()))
        if case.deadline is not None:
            text = case.deadline.isoformat()
            if case.extension_days:
                text += self.tr(" (extended by %1 days: %2)").replace(
                    "%1", str(case.extension_days)).replace("%2", case.extension_reason)
            rows.append((self.tr("Deadline"), text))
        rows += [
            (self.tr("Mediation committee"), case.committee_name or EMPTY),
            (self.tr("Mediator"), case.mediator_name),
        ]
        if case.co_mediators:
            rows.append((self.tr("Assisting mediators"), case.co_mediators))
        rows += [
            (self.tr("Amount involved"), self.tr("%1 yuan").replace(
                "%1", fen_to_text(case.amount_involved_fen)) if case.amount_involved_fen
             else EMPTY),  # nothing entered: not "0.00 元"
            (self.tr("Facts of the dispute"), case.facts),
        ]
        if case.claims:
            rows.append((self.tr("Claims"), case.claims))
        if case.status_reason:
            rows.append((self.tr("Reason"), case.status_reason))
        for label, value in rows:
            self.info.addRow(QLabel(label), _plain(value))
        self._show_prevention(case)

    def _show_prevention(self, case: Any) -> None:
        """The case's prevention indicator (防止……, counted in the report), with a button to
        set it while the case is not voided."""
        from workstation.domain.screening import PreventionKind

        _clear(self.prevention)
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        text = (f"{PreventionKind.label_of(case.prevention_kind)}"
                f"（{case.prevention_persons}人）" if case.prevention_kind else EMPTY)
        value = _plain(text)
        value.setObjectName("prevention")
        line.addWidget(value, 1)
        if getattr(case, "void", None) is None:
            button = QPushButton(self.tr("Record…"))
            button.setObjectName("set_prevention")
            button.clicked.connect(self._open_prevention)
            line.addWidget(button)
        self.prevention.addWidget(row)

    def _open_prevention(self) -> None:
        from ..screening.prevention import PreventionDialog

        self._open(PreventionDialog)

    def _show_parties(self, case: Any) -> None:
        _clear(self.parties)
        for party in case.parties:
            if party.is_organisation or party.person is None:
                details = [party.org_name]
                if party.org_representative:
                    details.append(self.tr("legal representative %1").replace(
                        "%1", party.org_representative))
                if party.org_address:
                    details.append(party.org_address)
            else:
                person = party.person
                details = [person.name]
                details += [x for x in (person.sex_label, person.id_number_masked, person.phone,
                                        person.address) if x]
            label = _plain(f"{party.role_label}：" + "　".join(details))
            label.setObjectName("party_line")
            self.parties.addWidget(label)

    def _show_timeline(self, case: Any) -> None:
        _clear(self.timeline)
        for entry in case.timeline:
            text = f"{_when(entry.at)}　{entry.to_label}"
            if entry.from_label:
                text = f"{_when(entry.at)}　{entry.from_label} → {entry.to_label}"
            if entry.operator_name:
                text += f"　{entry.operator_name}"
            if entry.reason:
                text += "　" + self.tr("Reason: %1").replace("%1", entry.reason)
            self.timeline.addWidget(_plain(text))

    def _show_sessions(self, case: Any) -> None:
        _clear(self.sessions)
        self.sessions_box.setVisible(bool(case.sessions))
        for number, s in enumerate(case.sessions, 1):
            head = QLabel(self.tr("Session %1: %2, %3").replace("%1", str(number)).replace(
                "%2", _when(s.held_at)).replace("%3", s.place))
            head.setTextFormat(Qt.TextFormat.PlainText)
            head.setProperty("role", "strong")
            self.sessions.addWidget(head)
            self.sessions.addWidget(_plain(self.tr("Attendees: %1").replace("%1", s.attendees)))
            if s.recorder:
                self.sessions.addWidget(_plain(self.tr("Recorded by: %1").replace(
                    "%1", s.recorder)))
            self.sessions.addWidget(_plain(s.record))

    def _show_agreement(self, case: Any) -> None:
        _clear(self.agreement)
        a = case.agreement
        self.agreement_box.setVisible(a is not None)
        if a is None:
            return
        rows = [
            (self.tr("Form"), a.form_label),
            (self.tr("Effective on"), a.effective_on.isoformat()),
            (self.tr("Agreed terms"), a.terms),
        ]
        if a.responsibility:
            rows.append((self.tr("Responsibility of each party"), a.responsibility))
        if a.performance_manner:
            rows.append((self.tr("Manner of performance"), a.performance_manner))
        if a.performance_place:
            rows.append((self.tr("Place of performance"), a.performance_place))
        if a.performance_deadline:
            rows.append((self.tr("Performance deadline"), a.performance_deadline.isoformat()))
        if a.amount_agreed_fen:
            rows.append((self.tr("Amount agreed"), self.tr("%1 yuan").replace(
                "%1", fen_to_text(a.amount_agreed_fen))))
        rows.append((self.tr("Copies"), str(a.copies)))
        if a.judicial_confirmation_applied:
            judicial = self.tr("Applied")
            if a.judicial_confirmation_on:
                judicial += f"（{a.judicial_confirmation_on.isoformat()}）"
            if a.judicial_result:
                judicial += f"；{a.judicial_result_label}"
                judicial += "".join(f"　{x}" for x in (
                    a.judicial_result_on.isoformat() if a.judicial_result_on else "",
                    a.judicial_court, a.judicial_ruling_number) if x)
        else:
            judicial = self.tr("Not applied (possible until %1)").replace(
                "%1", a.judicial_confirmation_deadline.isoformat())
        rows.append((self.tr("Judicial confirmation"), judicial))
        rows.append((self.tr("Performance"), a.performance_status_label))
        if case.status == S.AGREED:
            rows.append((self.tr("Follow-up due"), a.follow_up_due.isoformat()))
        for label, value in rows:
            self.agreement.addRow(QLabel(label), _plain(value))

    def _show_follow_ups(self, case: Any) -> None:
        _clear(self.follow_ups)
        self.follow_box.setVisible(bool(case.follow_ups))
        for v in case.follow_ups:
            parts = [v.visited_on.isoformat()]
            if v.method_label:
                parts.append(v.method_label)
            if v.visitee:
                parts.append(self.tr("visited: %1").replace("%1", v.visitee))
            parts.append(v.performance_label)
            if v.satisfaction_label:
                parts.append(self.tr("satisfaction: %1").replace("%1", v.satisfaction_label))
            if v.operator_name:
                parts.append(v.operator_name)
            self.follow_ups.addWidget(_plain("　".join(parts)))
            if v.notes:
                self.follow_ups.addWidget(_plain(v.notes))

    def _show_steps(self, case: Any) -> None:
        _clear(self.steps)
        self.steps_box.setVisible(bool(case.steps))
        for step in case.steps:
            parts = [step.done_on.isoformat(), step.kind_label]
            parts += [x for x in (step.manner_label, step.staff, step.place, step.people,
                                  step.result_label) if x]
            label = _plain("　".join(parts))
            label.setObjectName("step_line")
            self.steps.addWidget(label)
            if step.content:
                self.steps.addWidget(_plain(step.content))

    # -- steps ------------------------------------------------------------------------------

    def _open(self, dialog_class: type[StepDialog]) -> None:
        if self.case is None:
            return
        self._show_dialog(dialog_class(self.ctx, self.case, self))  # type: ignore[call-arg]

    def _status(self, target: S) -> None:
        if self.case is None:
            return
        notes = {
            S.FAILED: (self.tr("Mediation failed"),
                       self.tr("Record why no agreement could be reached. Tell the parties they "
                               "may seek other remedies (court, arbitration, administrative)."
                               )),
            S.TERMINATED: (self.tr("Terminate mediation"),
                           self.tr("Record why mediation ends (e.g. a party refuses mediation "
                                   "or has gone to court).")),
            S.ARCHIVED: (self.tr("Archive the case"),
                         self.tr("Archive when the case file is complete. An archived case "
                                 "can no longer be changed.")),
        }
        title, note = notes[target]
        self._show_dialog(StatusDialog(self.ctx, self.case, target.value, title, note, self))

    def _show_dialog(self, dialog: StepDialog) -> None:
        self.dialog = dialog
        dialog.saved.connect(self._step_saved)
        dialog.finished.connect(lambda *_: self._dialog_closed(dialog))
        dialog.open()

    def _dialog_closed(self, dialog: StepDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _step_saved(self) -> None:
        self.ctx.signals.records_changed.emit("mediation_case")
        self.ctx.signals.status_message.emit(self.tr("Saved"))
        self.reload()
        if self.case_id is not None:
            self.case_changed.emit(self.case_id)
