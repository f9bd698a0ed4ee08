"""法律咨询: the list of consultations and a quick form to register a walk-in consultation.

The list and the form sit side by side (a splitter), so each is one click away; Ctrl+N starts
a new consultation. Consultations are registered once: opening a saved one shows it read-only.

Cross-page convention for ``ctx.signals.open_record(record_type, record_id)``:
``record_id == "new"`` asks the page owning ``record_type`` to show an empty form for a new
record; ``record_id == "new:<person_id>"`` does the same with that person already filled in
(used here to hand a consultation over to 人民调解 / 法律援助 for the same citizen);
``"new:order:<order_id>"`` fills in a 12348 work order's channel and request, and the saved
consultation is linked to the order as its handling.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QDateTime, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.enums import Channel, ConsultationTopic, HandlingResult, Satisfaction
from workstation.domain.errors import FieldError, ValidationError
from workstation.domain.inputs import ConsultationInput
from workstation.domain.referral import is_referral, suggested_kinds
from workstation.domain.wording import EMPTY

from ..context import AppContext
from ..printing.print_menu import DEFAULT_DOCUMENT, PrintButton
from ..rating_screen import RateButton, RatingsLabel
from ..widgets.corrections import CorrectButton, CorrectionInfoLabel
from ..widgets.date_field import DateField
from ..widgets.flow_layout import FlowLayout
from ..widgets.forms import (
    ErrorLabel,
    ValidatedForm,
    combo_for,
    combo_value,
    on_valid,
    set_combo_value,
    show_error,
)
from ..widgets.person_picker import PersonPicker
from ..widgets.record_list import RecordList
from ..widgets.responsibility import ResponsibilityPanel
from ..widgets.searchable_combo import make_searchable
from ..widgets.shortcuts import confirm, shortcut
from ..widgets.voiding import VoidBanner, VoidButton, record_caption
from ..work_orders.form import FOR_ORDER_PREFIX, load_order_for
from .base import Page

RECORD_TYPE = "consultation"
NEW_KEY = "consultation:new"
#: Handling results that hand the citizen over to another service of the station.
HANDOVER = {
    HandlingResult.TO_MEDIATION.value: "mediation_case",
    HandlingResult.TO_LEGAL_AID.value: "aid_referral",
}


def new_record_id(person_id: str | None, consultation_id: str | None = None) -> str:
    """The ``open_record`` id asking for a new record, for ``person_id`` when known, coming
    from the consultation ``consultation_id`` ("new:<person>@<consultation>": the new record
    stores the link, ``services.responsibility``)."""
    if consultation_id:
        return f"new:{person_id or ''}@{consultation_id}"
    return f"new:{person_id}" if person_id else "new"



def person_name(picker: PersonPicker) -> str:
    """The name typed into (or picked in) ``picker``, "" when none."""
    _, person = picker.person_ref()
    return (person.name or "").strip() if person is not None else ""


def _multiline(height: int = 70) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setMinimumHeight(height)
    edit.setMaximumHeight(height + 40)
    return edit


class ConsultationForm(ValidatedForm):
    """Register one consultation (咨询登记), quickly, then reset for the next citizen."""

    form_key = NEW_KEY
    record_type = RECORD_TYPE
    #: The consultation being corrected (更正), or None for a new one.
    correcting: str | None = None
    correction_reason = ""
    #: The 12348 work order this new consultation handles (linked once it is saved).
    for_order: str | None = None

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setWindowTitle(self.tr("New consultation"))
        outer = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.layout_form = form

        # One field: "2026-12-07 14:30", "20261207 1430", "12-07" (time now when left out).
        self.when = DateField(with_time=True)
        self.when.setObjectName("occurred_at")
        self.when.error_field = "occurred_at"
        self.when.set_value(self.when.clock())
        self.channel = combo_for(Channel)
        self.channel.setObjectName("channel")
        self.person = PersonPicker(ctx, allow_anonymous=True)
        self.person.setObjectName("person")
        self.topic = combo_for(ConsultationTopic, optional=True)
        self.topic.setObjectName("topic")
        self.question = _multiline(80)
        self.question.setObjectName("question")
        self.question.setPlaceholderText(self.tr("What the citizen asked about, in brief"))
        self.answer = _multiline(64)
        self.answer.setObjectName("answer")
        self.answer.setPlaceholderText(self.tr("The advice given"))
        self.result = combo_for(HandlingResult)
        self.result.setObjectName("handling_result")
        self.referred_to = QLineEdit()
        self.referred_to.setObjectName("referred_to")
        self.referred_to.setPlaceholderText(self.tr("e.g. township labour office"))
        self.minutes = QSpinBox()
        self.minutes.setObjectName("minutes_spent")
        self.minutes.setRange(0, 600)
        self.minutes.setSpecialValueText(self.tr("not recorded"))
        self.satisfaction = combo_for(Satisfaction, optional=True,
                                      placeholder=self.tr("not asked"))
        self.satisfaction.setObjectName("satisfaction")

        self.add_pair(form, (self.tr("Consultation time"), self.when, "occurred_at", True),
                      (self.tr("Channel"), self.channel, "channel", True))
        self.add_row(form, self.tr("Consulting person"), self.person, required=True)
        self.person.register_errors(self.errors, "person.")
        self.add_row(form, self.tr("Topic"), self.topic, "topic", required=True)
        self.add_row(form, self.tr("Question"), self.question, "question", required=True)
        self.answer_row = self.add_row(form, self.tr("Answer given"), self.answer, "answer")
        self.add_row(form, self.tr("Handling result"), self.result, "handling_result",
                     required=True)
        self.referred_row = self.add_row(form, self.tr("Referred to"), self.referred_to,
                                         "referred_to", required=True)
        self.provider = QComboBox()
        self.provider.setObjectName("provider")
        make_searchable(self.provider)  # found by typing: name or pinyin initials
        self.provider.setToolTip(self.tr("The provider from the service directory; a guidance "
                                         "slip can be printed for the citizen"))
        self.provider_row = self.add_row(form, self.tr("Guided to"), self.provider,
                                         "provider_id")
        self._providers: list[Any] = []
        self._wanted_provider: str | None = None
        # Ticked by the operator, it is kept as 工作人员代录 (the citizen's own rating is the
        # rating screen's or a returned slip's).
        staff_rated = self.tr("Satisfaction (entered by staff)")
        self.add_pair(form, (self.tr("Minutes spent"), self.minutes, "minutes_spent", False),
                      (staff_rated, self.satisfaction, "satisfaction", False))
        outer.addLayout(form)
        outer.addWidget(self.general_error)

        buttons = QHBoxLayout()
        self.save_button = QPushButton(self.tr("Save (Ctrl+S)"))
        self.save_button.setObjectName("save")
        self.save_button.setDefault(True)
        self.save_button.setMinimumHeight(36)
        self.save_button.clicked.connect(self.save)
        on_valid(self, self.save_button)
        self.clear_button = QPushButton(self.tr("Clear"))
        self.clear_button.setObjectName("clear")
        self.clear_button.clicked.connect(self.cancel)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        outer.addLayout(buttons)
        outer.addStretch(1)

        self.result.currentIndexChanged.connect(self._result_changed)
        self._result_changed()
        ctx.signals.records_changed.connect(self._maybe_reload_providers)
        self.load_providers()

    # -- the referral directory ----------------------------------------------------------------

    def load_providers(self) -> None:
        """Fetch the directory's providers in use (in the background) for the picker."""
        from workstation.services.providers import list_providers

        db = self.ctx.db
        self.ctx.runner.run(lambda: list_providers(db, active_only=True),
                            on_done=self._providers_loaded)

    def _maybe_reload_providers(self, record_type: str) -> None:
        if record_type == "referral_provider":
            self.load_providers()

    def _providers_loaded(self, providers: list[Any]) -> None:
        self._providers = providers
        self._fill_providers()

    def _fill_providers(self) -> None:
        """Providers of the kinds that fit the handling result first, then the others."""
        wanted = combo_value(self.provider) or self._wanted_provider
        kinds = [k.value for k in suggested_kinds(combo_value(self.result))]
        fitting = [p for p in self._providers if p.kind in kinds]
        others = [p for p in self._providers if p.kind not in kinds]
        self.provider.blockSignals(True)
        self.provider.clear()
        self.provider.addItem(self.tr("- not chosen -") if self._providers
                              else self.tr("- the service directory is empty -"), None)
        for group in (fitting, others):
            if group and self.provider.count() > 1:
                self.provider.insertSeparator(self.provider.count())
            for p in group:
                label = f"{p.name}（{p.kind_label}）"
                self.provider.addItem(label, p.id)
        index = self.provider.findData(wanted) if wanted else -1
        self.provider.setCurrentIndex(max(index, 0))
        if index >= 0:
            self._wanted_provider = None
        self.provider.blockSignals(False)

    def add_pair(self, layout: QFormLayout, first: tuple[str, QWidget, str, bool],
                 second: tuple[str, QWidget, str, bool]) -> None:
        """Two short fields on one row (label, widget, domain field, required), each with its
        error label under it, so the whole form fits without scrolling."""
        row = QWidget()
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        captions: list[QLabel] = []
        for label, widget, field, required in (first, second):
            column = QWidget()
            column_box = QVBoxLayout(column)
            column_box.setContentsMargins(0, 0, 0, 0)
            column_box.setSpacing(2)
            column_box.addWidget(widget)
            error = ErrorLabel()
            column_box.addWidget(error)
            self.errors.register(field, error)
            self.watch(widget)
            caption = QLabel(("* " if required else "") + label)
            caption.setBuddy(widget)
            if captions:
                caption.setFixedHeight(widget.sizeHint().height())
                caption.setAlignment(Qt.AlignmentFlag.AlignVCenter)
                box.addSpacing(16)
                box.addWidget(caption, 0, Qt.AlignmentFlag.AlignTop)
            captions.append(caption)
            box.addWidget(column, 1)
        layout.addRow(captions[0], row)

    # -- behaviour ---------------------------------------------------------------------------

    def _result_changed(self, *_: object) -> None:
        """转至 is asked for (and required) only when handing over to another department."""
        other = combo_value(self.result) == HandlingResult.TO_OTHER_DEPARTMENT.value
        self.layout_form.setRowVisible(self.referred_row, other)
        self.layout_form.setRowVisible(self.provider_row, is_referral(combo_value(self.result)))
        self._fill_providers()
        answered = combo_value(self.result) == HandlingResult.ANSWERED.value
        caption = self.layout_form.labelForField(self.answer_row)
        if isinstance(caption, QLabel):
            caption.setText(("* " if answered else "") + self.tr("Answer given"))

    def reset(self) -> None:
        """Empty the form for the next citizen (time set to now, walk-in, answered)."""
        self._loading = True
        try:
            self.when.set_value(self.when.clock())
            self.channel.setCurrentIndex(0)
            self.person.clear()
            self.topic.setCurrentIndex(0)
            self.question.clear()
            self.answer.clear()
            self.result.setCurrentIndex(0)
            self.referred_to.clear()
            self.minutes.setValue(0)
            self.satisfaction.setCurrentIndex(0)
            self.provider.setCurrentIndex(0)
            self._wanted_provider = None
            self.for_order = None
        finally:
            self._loading = False
        self._dirty = False
        self._validate_timer.stop()
        self.errors.reset()  # a fresh form shows no error
        self._set_valid(False)
        self._result_changed()

    def refresh_time(self) -> None:
        """An untouched form shows the current time (it may have waited since the last save)."""
        if not self.dirty:
            self._loading = True
            try:
                self.when.set_value(self.when.clock())
            finally:
                self._loading = False

    def focus_first(self) -> None:
        """Put the cursor where the operator starts typing: the person's name."""
        self.person.setFocus()  # its focus proxy is the search line

    # -- ValidatedForm -----------------------------------------------------------------------

    def build_input(self) -> ConsultationInput:
        person_id, person = self.person.person_ref()
        satisfaction = combo_value(self.satisfaction)
        referral = is_referral(combo_value(self.result))
        data = ConsultationInput(
            occurred_at=(self.when.datetime_value() or self.when.clock()).astimezone(),
            channel=combo_value(self.channel) or "",
            topic=combo_value(self.topic) or "",
            question=self.question.toPlainText(),
            handling_result=combo_value(self.result) or "",
            answer=self.answer.toPlainText(),
            referred_to=(self.referred_to.text()
                         if combo_value(self.result) == HandlingResult.TO_OTHER_DEPARTMENT.value
                         else ""),
            person_id=person_id,
            person=person,
            minutes_spent=self.minutes.value() or None,
            satisfaction=satisfaction,
            provider_id=combo_value(self.provider) if referral else None,
        )
        if person_id is None and person is None and not self.person.is_anonymous():
            # Nobody entered and not marked anonymous: ask, rather than silently saving an
            # anonymous consultation. Domain errors are shown alongside.
            errors: list[FieldError] = []
            try:
                data.validated()
            except ValidationError as exc:
                errors = list(exc.errors)
            errors.insert(0, FieldError("person", self.tr(
                "Find or enter the person, or tick anonymous consultation.")))
            raise ValidationError(errors)
        return data

    def submit(self, data: ConsultationInput) -> str:
        if self.correcting is not None:
            from workstation.services.corrections import correct_consultation

            return correct_consultation(self.ctx.db, self.ctx.actor, self.correcting, data,
                                        self.correction_reason)
        from workstation.services.consultations import register_consultation

        # Saved and linked to the 12348 order it was opened for in one transaction.
        return register_consultation(self.ctx.db, self.ctx.actor, data,
                                     work_order_id=self.for_order)

    def prefill_from_order(self, order: Any) -> None:
        """Start from a 12348 work order (``services.work_orders.WorkOrderDetail``): its
        channel and request; saving links the consultation to it."""
        set_combo_value(self.channel, order.channel)
        if not self.question.toPlainText().strip():
            self.question.setPlainText(order.request)
        self.for_order = order.id

    def begin_correction(self, detail: Any) -> None:
        """Correct the saved consultation ``detail`` (a ``ConsultationDetail``): fill the form
        from it; saving goes through ``services.corrections`` (``widgets.corrections``)."""
        self.correcting = detail.id
        self.form_key = f"{RECORD_TYPE}:correct:{detail.id}"
        self.setWindowTitle(self.tr("Correct consultation %1").replace("%1", detail.number))
        self.save_button.hide()
        self.clear_button.hide()
        self._loading = True
        try:
            local = detail.occurred_at.astimezone()
            self.when.setDateTime(QDateTime.fromSecsSinceEpoch(int(local.timestamp())))
            set_combo_value(self.channel, detail.channel)
            if detail.person is not None:
                self.person.set_person_id(detail.person.id, detail.person.name)
            else:
                self.person.anonymous_box.setChecked(True)
            set_combo_value(self.topic, detail.topic)
            self.question.setPlainText(detail.question)
            self.answer.setPlainText(detail.answer)
            set_combo_value(self.result, detail.handling_result)
            self.referred_to.setText(detail.referred_to)
            self.minutes.setValue(detail.minutes_spent or 0)
            set_combo_value(self.satisfaction, detail.satisfaction)
            self._wanted_provider = detail.provider.id if detail.provider else None
            self._result_changed()
        finally:
            self._loading = False
        self._dirty = False

    def payload(self) -> dict[str, Any]:
        return {
            "occurred_at": self.when.text(),
            "channel": combo_value(self.channel),
            "person": self.person.payload(),
            "topic": combo_value(self.topic),
            "question": self.question.toPlainText(),
            "answer": self.answer.toPlainText(),
            "handling_result": combo_value(self.result),
            "referred_to": self.referred_to.text(),
            "minutes_spent": self.minutes.value(),
            "satisfaction": combo_value(self.satisfaction),
            "provider_id": combo_value(self.provider),
        }

    def load_payload(self, payload: dict[str, Any]) -> None:
        self.when.setText(str(payload.get("occurred_at") or ""))
        self.when.tidy()  # older drafts hold ISO text (2026-12-07T14:30:00)
        set_combo_value(self.channel, payload.get("channel"))
        person = payload.get("person")
        if isinstance(person, dict):
            self.person.load_payload(person)
        else:
            self.person.clear()
        set_combo_value(self.topic, payload.get("topic"))
        self.question.setPlainText(str(payload.get("question") or ""))
        self.answer.setPlainText(str(payload.get("answer") or ""))
        set_combo_value(self.result, payload.get("handling_result"))
        self.referred_to.setText(str(payload.get("referred_to") or ""))
        try:
            self.minutes.setValue(int(payload.get("minutes_spent") or 0))
        except (TypeError, ValueError):
            self.minutes.setValue(0)
        set_combo_value(self.satisfaction, payload.get("satisfaction"))
        provider = payload.get("provider_id")
        self._wanted_provider = str(provider) if provider else None
        self.provider.setCurrentIndex(0)
        self._result_changed()

    def draft_title(self) -> str:
        title = self.tr("New consultation")
        name = person_name(self.person)
        return f"{title} - {name}" if name else title


class ConsultationView(QWidget):
    """A saved consultation, read-only, with a hand-over button when it was referred on."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.detail: Any = None
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName("detail_heading")
        self.heading.setProperty("role", "heading")
        self.heading.setWordWrap(True)  # 咨询记录 and its number: wider than the view at 特大
        layout.addWidget(self.heading)
        self.void_banner = VoidBanner()
        layout.addWidget(self.void_banner)
        self.correction_info = CorrectionInfoLabel()
        layout.addWidget(self.correction_info)
        note = QLabel(self.tr("A saved consultation can be corrected by whoever registered it "
                              "or an admin; every correction is kept in the audit log."))
        note.setProperty("role", "hint")
        note.setWordWrap(True)
        layout.addWidget(note)
        grid = QFormLayout()
        grid.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.values: dict[str, QLabel] = {}
        for key, caption in (
            ("occurred_at", self.tr("Consultation time")),
            ("channel", self.tr("Channel")),
            ("person", self.tr("Consulting person")),
            ("topic", self.tr("Topic")),
            ("question", self.tr("Question")),
            ("answer", self.tr("Answer given")),
            ("handling_result", self.tr("Handling result")),
            ("referred_to", self.tr("Referred to")),
            ("provider", self.tr("Guided to")),
            ("minutes_spent", self.tr("Minutes spent")),
            ("satisfaction", self.tr("Ratings")),
            ("operator", self.tr("Registered by")),
        ):
            value = RatingsLabel(ctx, RECORD_TYPE) if key == "satisfaction" else QLabel()
            value.setObjectName(f"value_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            self.values[key] = value
            grid.addRow(caption, value)
        self.ratings = self.values["satisfaction"]
        layout.addLayout(grid)
        # 首问负责: first receiver, handler, hand-overs, the case / application it led to.
        self.responsibility = ResponsibilityPanel(ctx, self)
        layout.addWidget(self.responsibility)
        # Wraps onto a second row: six buttons in one row were wider than the view beside the
        # list, which then scrolled sideways (even at 1366×768 标准).
        buttons = FlowLayout()
        self.handover_button = QPushButton()
        self.handover_button.setObjectName("handover")
        self.handover_button.setMinimumHeight(36)
        self.handover_button.clicked.connect(self.hand_over)
        self.handover_button.hide()
        self.new_button = QPushButton(self.tr("New consultation (Ctrl+N)"))
        self.new_button.setObjectName("back_to_form")
        buttons.addWidget(self.handover_button)
        buttons.addWidget(self.new_button)
        self.print_button = PrintButton(ctx, "consultation", self)
        buttons.addWidget(self.print_button)
        self.rate_button = RateButton(ctx, RECORD_TYPE, self)
        buttons.addWidget(self.rate_button)
        self.correct_button = CorrectButton(ctx, RECORD_TYPE, self.tr("consultation"),
                                            lambda: ConsultationForm(ctx), self)
        buttons.addWidget(self.correct_button)
        self.void_button = VoidButton(ctx, "consultation", self.tr("consultation"), self)
        buttons.addWidget(self.void_button)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def show_detail(self, detail: Any) -> None:
        self.detail = detail
        self.responsibility.set_record(RECORD_TYPE, detail.id)
        self.heading.setText(self.tr("Consultation %1").replace("%1", detail.number))
        when = detail.occurred_at.astimezone()
        person = detail.person
        if person is None:
            who = self.tr("Anonymous")
        else:
            parts = [person.name, person.id_number_masked, person.phone]
            who = "  ".join(p for p in parts if p)
        values = {
            "occurred_at": when.strftime("%Y-%m-%d %H:%M"),
            "channel": detail.channel_label,
            "person": who,
            "topic": detail.topic_label,
            "question": detail.question,
            "answer": detail.answer or EMPTY,
            "handling_result": detail.handling_result_label,
            "referred_to": detail.referred_to or EMPTY,
            "provider": provider_text(detail.provider),
            "minutes_spent": str(detail.minutes_spent) if detail.minutes_spent else EMPTY,
            "operator": detail.operator_name,
        }
        for key, text in values.items():
            self.values[key].setText(text)
        text = handover_text(detail) if detail.void is None else ""
        self.handover_button.setText(text)
        self.handover_button.setVisible(bool(text))
        self.print_button.set_record(detail.id, detail)
        self.rate_button.set_record(detail.id, detail.void is None)
        self.ratings.set_record(detail.id)
        self.void_banner.show_void(detail.void)
        self.void_button.set_record(detail.id, detail.void is not None,
                                    record_caption(detail))
        self.correction_info.show_detail(detail)
        self.correct_button.set_detail(detail)

    def hand_over(self) -> None:
        if self.detail is not None:
            emit_handover(self.ctx, self.detail)

    def focus_first(self) -> None:
        """Focus 打印 (once its menu is ready), so that Enter / Space opens it."""
        self.print_button.focus_when_ready()


def provider_text(provider: Any) -> str:
    """The guided-to provider in one line: name, kind, phone and address."""
    if provider is None:
        return EMPTY
    details = "，".join(x for x in (provider.kind_label, provider.phone, provider.address) if x)
    return f"{provider.name}（{details}）" if details else provider.name


def handover_text(detail: Any) -> str:
    """Caption of the hand-over button for ``detail``, or "" when it was not handed over."""
    target = HANDOVER.get(detail.handling_result)
    if target is None:
        return ""
    name = detail.person.name if detail.person is not None else ""
    if target == "mediation_case":
        text = (QCoreApplication.translate("Consultations", "Register a mediation case for %1")
                if name else
                QCoreApplication.translate("Consultations", "Register a mediation case"))
    else:
        text = (QCoreApplication.translate("Consultations",
                                           "Start a legal aid application for %1")
                if name else
                QCoreApplication.translate("Consultations", "Start a legal aid application"))
    return text.replace("%1", name)


def emit_handover(ctx: AppContext, detail: Any) -> None:
    """Open the mediation / legal-aid page's new form for the consultation's person."""
    target = HANDOVER.get(detail.handling_result)
    if target is not None:
        person_id = detail.person.id if detail.person is not None else None
        ctx.signals.open_record.emit(target, new_record_id(person_id, detail.id))


class ConsultationsPage(Page):
    """法律咨询: two tabs, one click apart — the new-consultation form (full width, for speed)
    and the list of consultations with the opened one shown read-only beside it."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("consultation_tabs")
        self.tabs.setProperty("role", "page_tabs")

        # -- tab 1: the form -----------------------------------------------------------------
        form_tab = QWidget()
        form_layout = QVBoxLayout(form_tab)
        self.banner = self._build_banner()
        form_layout.addWidget(self.banner)
        self.form = ConsultationForm(ctx)
        self.form.setObjectName("consultation_form")
        self.form.saved.connect(self._saved)
        self.form.cancelled.connect(self._clear_requested)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.form)
        form_layout.addWidget(scroll, 1)
        self.tabs.addTab(form_tab, self.tr("New consultation (Ctrl+N)"))

        # -- tab 2: the list and the opened record -------------------------------------------
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.list = RecordList(ctx, "consultations", status_enum=HandlingResult,
                               type_enum=ConsultationTopic, new_label=self.tr("New consultation"))
        self.list.record_activated.connect(self._open_and_focus)
        self.list.current_changed.connect(self._open_current)
        self.list.new_requested.connect(self.new_record)
        self.list.model.loaded.connect(lambda *_: self.list.view.resizeColumnToContents(0))
        self.splitter.addWidget(self.list)
        self.view = ConsultationView(ctx)
        self.view.new_button.clicked.connect(self.new_record)
        self.view.void_button.voided.connect(lambda rid: self.open_record(RECORD_TYPE, rid))
        self.view.correct_button.corrected.connect(
            lambda rid: self.open_record(RECORD_TYPE, rid))
        self.view_scroll = QScrollArea()
        self.view_scroll.setWidgetResizable(True)
        self.view_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.view_scroll.setWidget(self.view)
        self.view_scroll.setMinimumWidth(380)
        self.view_scroll.hide()  # until a record is opened
        self.splitter.addWidget(self.view_scroll)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.tabs.addTab(self.splitter, self.tr("Consultation records"))
        self._form_tab, self._list_tab = form_tab, self.splitter
        self.tabs.currentChanged.connect(self._tab_changed)
        layout.addWidget(self.tabs)

        self._last_saved: Any = None
        self._opening: str | None = None
        shortcut(QKeySequence.StandardKey.New, self, self.new_record)
        shortcut(QKeySequence.StandardKey.Print, self, self.print_shown)

    def showing_form(self) -> bool:
        return self.tabs.currentWidget() is self._form_tab

    def showing_record(self) -> bool:
        """The list tab is current and a saved consultation is shown beside the list."""
        return self.tabs.currentWidget() is self._list_tab and not self.view_scroll.isHidden()

    def _build_banner(self) -> QFrame:
        banner = QFrame()
        banner.setObjectName("saved_banner")
        banner.setProperty("role", "banner_saved")
        row = QHBoxLayout(banner)
        self.banner_text = QLabel()
        self.banner_text.setObjectName("saved_text")
        self.banner_text.setWordWrap(True)
        row.addWidget(self.banner_text, 1)
        # 打印回执 is the default: Enter on it prints the receipt (print preview).
        self.banner_print = QPushButton(self.tr("Print receipt"))
        self.banner_print.setObjectName("print_saved")
        self.banner_print.setToolTip(self.tr("Print the consultation receipt for the citizen "
                                             "(Ctrl+P)"))
        self.banner_print.setDefault(True)
        self.banner_print.clicked.connect(self.print_last_saved)
        self.banner_continue = QPushButton(self.tr("Continue registering"))
        self.banner_continue.setObjectName("continue_saved")
        self.banner_continue.setToolTip(self.tr("Start the next consultation"))
        self.banner_continue.clicked.connect(self.continue_registering)
        self.banner_open = QPushButton(self.tr("Open"))
        self.banner_open.setObjectName("open_saved")
        self.banner_open.clicked.connect(self._open_last_saved)
        self.banner_handover = QPushButton()
        self.banner_handover.setObjectName("saved_handover")
        self.banner_handover.clicked.connect(self._hand_over_last_saved)
        self.banner_rate = RateButton(self.ctx, RECORD_TYPE)
        self.banner_rate.setObjectName("saved_rate")
        for button in (self.banner_print, self.banner_rate, self.banner_continue,
                       self.banner_open, self.banner_handover):
            button.setAutoDefault(True)  # Enter presses the focused button
            row.addWidget(button)
        # Makes the receipt of the saved consultation (not shown: the button above asks it).
        self.receipt_printer = PrintButton(self.ctx, RECORD_TYPE, banner)
        self.receipt_printer.setObjectName("saved_receipt_printer")
        self.receipt_printer.hide()
        banner.hide()
        return banner

    # -- Page --------------------------------------------------------------------------------

    def activated(self) -> None:
        self.list.load()
        self.form.refresh_time()

    def new_record(self) -> None:
        self.tabs.setCurrentWidget(self._form_tab)
        self.form.refresh_time()
        self.form.focus_first()

    def open_record(self, record_type: str, record_id: str) -> bool:
        """Show the record (or a new form); the keyboard focus moves to the record shown."""
        return self._open(record_type, record_id, focus=True)

    def _open_and_focus(self, record_id: str) -> None:
        self._open(RECORD_TYPE, record_id, focus=True)

    def _open_current(self, record_id: str) -> None:
        """The list's current row moved (click, arrows): show it, the focus stays in the list."""
        self._open(RECORD_TYPE, record_id, focus=False)

    def _open(self, record_type: str, record_id: str, *, focus: bool) -> bool:
        if record_type != RECORD_TYPE:
            return False
        if record_id.startswith(FOR_ORDER_PREFIX):
            self.new_record()
            load_order_for(self.ctx, record_id.removeprefix(FOR_ORDER_PREFIX),
                           self.form.prefill_from_order, self)
            return True
        if record_id == "new" or record_id.startswith("new:"):
            person_id = record_id.partition(":")[2]
            if person_id and not self.form.dirty:
                self.form.person.set_person_id(person_id)
            self.new_record()
            return True
        from workstation.services.records import load_consultation

        db = self.ctx.db
        self._opening = record_id
        self.ctx.runner.run(lambda: load_consultation(db, record_id),
                            on_done=lambda detail: self._show_detail(record_id, detail,
                                                                     focus),
                            on_error=lambda exc: show_error(self, self.tr("Could not open"), exc))
        return True

    def restore_draft(self, form_key: str, payload: dict[str, Any]) -> bool:
        if form_key != NEW_KEY:
            return False
        self.form.restore(payload)
        self.tabs.setCurrentWidget(self._form_tab)
        return True

    def shutdown(self) -> None:
        self.form.save_draft()
        self.form.stop()

    # -- internals ---------------------------------------------------------------------------

    def _tab_changed(self, _index: int) -> None:
        if self.showing_form():
            self.form.refresh_time()
        else:
            self.list.load()

    def _show_detail(self, record_id: str, detail: Any, focus: bool = False) -> None:
        if self._opening != record_id:
            return  # the user opened another record meanwhile
        self.view.show_detail(detail)
        if self.view_scroll.isHidden():
            # Shown the first time: the list had the whole width; give the record its share
            # (3 : 2, as the stretch factors), not just its least width beside a half-empty list.
            self.view_scroll.show()
            total = sum(self.splitter.sizes())
            self.splitter.setSizes([total * 3 // 5, total - total * 3 // 5])
        self.tabs.setCurrentWidget(self._list_tab)
        self.list.show_record(record_id)
        if focus:
            self.view.focus_first()

    def _saved(self, record_id: str) -> None:
        self.form.reset()
        self.form.focus_first()
        from workstation.services.records import load_consultation

        db = self.ctx.db
        self.ctx.runner.run(lambda: load_consultation(db, record_id),
                            on_done=self._show_saved,
                            on_error=lambda exc: self.ctx.signals.status_message.emit(
                                self.tr("Consultation saved.")))

    def _show_saved(self, detail: Any) -> None:
        self._last_saved = detail
        message = self.tr("Consultation %1 saved.").replace("%1", detail.number)
        self.ctx.signals.status_message.emit(message)
        self.banner_text.setText(self.tr("Saved: %1 (%2). The form is ready for the next "
                                         "citizen.").replace("%1", detail.number)
                                 .replace("%2", detail.person_name if detail.person
                                          else self.tr("Anonymous")))
        text = handover_text(detail)
        self.banner_handover.setText(text)
        self.banner_handover.setVisible(bool(text))
        self.receipt_printer.set_record(detail.id, detail)
        self.banner_rate.set_record(detail.id)
        self.banner.show()
        if self.showing_form() and not self.form.dirty:
            # Nothing typed for the next citizen yet: Enter prints this one's receipt.
            self.banner_print.setFocus(Qt.FocusReason.OtherFocusReason)

    def print_last_saved(self) -> None:
        """打印回执: the receipt of the consultation just saved, to the print preview."""
        if self._last_saved is not None:
            self.receipt_printer.print_document(DEFAULT_DOCUMENT[RECORD_TYPE])

    def continue_registering(self) -> None:
        """继续登记: the empty form, the cursor in its first field."""
        self.banner.hide()
        self.new_record()

    def print_shown(self) -> None:
        """Ctrl+P: the record shown beside the list, or on the form the one just saved."""
        if self.showing_record():
            self.view.print_button.print_default()
        elif self.showing_form() and self.banner.isVisible():
            self.print_last_saved()

    def _open_last_saved(self) -> None:
        if self._last_saved is not None:
            self.open_record(RECORD_TYPE, self._last_saved.id)

    def _hand_over_last_saved(self) -> None:
        if self._last_saved is not None:
            emit_handover(self.ctx, self._last_saved)

    def _clear_requested(self) -> None:
        """Esc / Clear: empty the form, after asking when something was typed."""
        if self.form.dirty or self._has_content():
            if not confirm(self, self.tr("Clear the form"),
                           self.tr("Discard what was entered for this consultation?")):
                return
            self.form._discard_draft()
        self.form.reset()
        self.banner.hide()
        self.form.focus_first()

    def _has_content(self) -> bool:
        return bool(self.form.question.toPlainText().strip()
                    or self.form.answer.toPlainText().strip()
                    or self.form.person.selected_person_id()
                    or person_name(self.form.person))

