"""Choose an existing person or enter a new one, inside a record form.

One search line finds registered persons by name, pinyin initials (``zs``), ID or phone digits
in the background; choosing one shows a compact card and the person's earlier records. The
"New person" mode shows the details of a new citizen (birth date and sex are read from a
resident ID number); a number that is already registered offers the existing person instead.

Validation is the domain's: ``person_ref()`` hands back the raw ``PersonInput`` and the
containing input (consultation, case, referral) validates it under its own prefix; the errors
come back through the labels registered by ``register_errors``.
"""

from __future__ import annotations

from datetime import date
from itertools import pairwise
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.enums import DocumentType, Sex, SpecialGroup
from workstation.domain.identity import document_info, normalize_id_number
from workstation.domain.inputs import PersonInput

from ..context import AppContext
from .check_group import CheckGroup
from .date_field import DateField
from .forms import (
    ErrorLabel,
    FieldErrors,
    checked_codes,
    combo_for,
    combo_value,
    set_combo_value,
)
from .searchable_combo import make_searchable

SEARCH_DEBOUNCE_MS = 250
MAX_MATCHES = 30

#: The 56 ethnic groups as recorded on forms (data, stored as written).
ETHNIC_GROUPS = (
    "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族",
    "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族",
    "佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族",
    "土族", "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族",
    "阿昌族", "普米族", "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族",
    "保安族", "裕固族", "京族", "塔塔尔族", "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族",
    "基诺族",
)

MODE_SEARCH, MODE_SELECTED, MODE_NEW = "search", "selected", "new"


def is_searchable(text: str) -> bool:
    """Worth a lookup: 2+ characters (names, pinyin initials) or 4+ ID/phone digits."""
    text = text.strip()
    if not text:
        return False
    digits = normalize_id_number(text)
    if digits[:-1].isdigit() or digits.isdigit():
        return len(digits) >= 4
    return len(text) >= 2


def lookup_persons(db: Any, text: str, limit: int = MAX_MATCHES) -> list[Any]:
    """Persons matching ``text`` (runs on a worker thread): ``PersonSummary`` rows.

    Matching is the search service's (names, pinyin keys, ID and phone digits); the rows
    are the persons service's summaries (name, sex, birth date, masked ID, phone).
    """
    from workstation.services.context import NotFound
    from workstation.services.persons import find_persons, get_person, summarize

    try:
        from workstation.services.search import search
    except ImportError:  # pragma: no cover - older tree without the search service
        return find_persons(db, text, limit=limit)
    rows = []
    for hit in search(db, text, kinds={"person"}, limit=limit):
        try:
            rows.append(summarize(get_person(db, hit.record_id)))
        except NotFound:  # deleted meanwhile
            continue
    return rows


def _alive(widget: QObject) -> bool:
    try:
        from shiboken6 import isValid
    except ImportError:  # pragma: no cover
        return True
    return bool(isValid(widget))


class _ErrorSlot(ErrorLabel):
    """An error label never placed in a layout: the picker shows its message where it fits
    the current mode (the name field, or the line at the top)."""

    def __init__(self, picker: PersonPicker) -> None:
        super().__init__(picker)
        self._picker = picker
        self._message = ""

    def show_message(self, message: str | None) -> None:
        self._message = message or ""
        if _alive(self._picker):
            self._picker._refresh_errors()

    def text(self) -> str:
        return self._message

    def isVisible(self) -> bool:
        return bool(self._message)


class PersonPicker(QWidget):
    """Pick an existing person, enter a new one, or (``allow_anonymous``) record none."""

    #: The selection or any typed detail changed.
    changed = Signal()
    #: An existing person was chosen: their id.
    person_selected = Signal(str)

    def __init__(self, ctx: AppContext, *, allow_anonymous: bool = False,
                 require_id: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.allow_anonymous = allow_anonymous
        self.require_id = require_id
        self._mode = MODE_SEARCH
        self._person_id: str | None = None
        self._display_name = ""
        self._search_generation = 0
        self._history_generation = 0
        self._id_generation = 0
        self._existing_match: Any = None
        self._loading = False
        self._name_slot = _ErrorSlot(self)
        self._whole_slot = _ErrorSlot(self)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(4)

        # -- search row ----------------------------------------------------------------------
        self.search_panel = QWidget()
        search_layout = QVBoxLayout(self.search_panel)
        search_layout.setContentsMargins(0, 0, 0, 0)
        search_layout.setSpacing(2)
        row = QHBoxLayout()
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("person_search")
        self.search_edit.setPlaceholderText(
            self.tr("Name, pinyin initials (zs), last 4 ID digits or phone"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(260)
        self.search_edit.installEventFilter(self)
        row.addWidget(self.search_edit, 1)
        self.new_button = QPushButton(self.tr("New person"))
        self.new_button.setObjectName("person_new")
        self.new_button.setToolTip(self.tr("The citizen is not registered yet: enter details"))
        self.new_button.clicked.connect(self.start_new)
        row.addWidget(self.new_button)
        self.anonymous_box = QCheckBox(self.tr("Anonymous consultation"))
        self.anonymous_box.setObjectName("person_anonymous")
        self.anonymous_box.setToolTip(
            self.tr("The citizen does not want to leave a name: no personal details are kept"))
        self.anonymous_box.setVisible(allow_anonymous)
        self.anonymous_box.toggled.connect(self._anonymous_toggled)
        row.addWidget(self.anonymous_box)
        search_layout.addLayout(row)
        self.search_status = QLabel()
        self.search_status.setObjectName("person_search_status")
        self.search_status.setProperty("role", "hint")
        self.search_status.hide()
        search_layout.addWidget(self.search_status)
        self.matches = QListWidget()
        self.matches.setObjectName("person_matches")
        self.matches.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.matches.itemActivated.connect(self._choose_item)
        self.matches.itemClicked.connect(self._choose_item)
        self.matches.installEventFilter(self)
        self.matches.hide()
        search_layout.addWidget(self.matches)
        outer.addWidget(self.search_panel)

        self.general_error = ErrorLabel()
        self.general_error.setObjectName("person_error")
        outer.addWidget(self.general_error)

        # -- card of the selected person -----------------------------------------------------
        self.card = QFrame()
        self.card.setObjectName("person_card")
        self.card.setFrameShape(QFrame.Shape.StyledPanel)
        self.card.setProperty("role", "card")
        card_layout = QVBoxLayout(self.card)
        card_layout.setContentsMargins(8, 6, 8, 6)
        card_layout.setSpacing(3)
        top = QHBoxLayout()
        self.card_name = QLabel()
        self.card_name.setObjectName("person_card_name")
        self.card_name.setProperty("role", "name")
        top.addWidget(self.card_name)
        self.card_details = QLabel()
        self.card_details.setObjectName("person_card_details")
        self.card_details.setWordWrap(True)
        top.addWidget(self.card_details, 1)
        self.change_button = QPushButton(self.tr("Change"))
        self.change_button.setObjectName("person_change")
        self.change_button.setToolTip(self.tr("Choose another person"))
        self.change_button.clicked.connect(self.clear)
        top.addWidget(self.change_button)
        card_layout.addLayout(top)
        self.card_note = QLabel()
        self.card_note.setWordWrap(True)
        self.card_note.setProperty("role", "hint")
        card_layout.addWidget(self.card_note)
        self.history_caption = QLabel(self.tr("Earlier records"))
        self.history_caption.setProperty("role", "hint")
        card_layout.addWidget(self.history_caption)
        self.history = QListWidget()
        self.history.setObjectName("person_history")
        self.history.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.history.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.history.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        card_layout.addWidget(self.history)
        self.card.hide()
        outer.addWidget(self.card)

        # -- new person ----------------------------------------------------------------------
        self.new_panel = QFrame()
        self.new_panel.setObjectName("person_new_panel")
        self.new_panel.setFrameShape(QFrame.Shape.StyledPanel)
        new_layout = QVBoxLayout(self.new_panel)
        new_layout.setContentsMargins(8, 6, 8, 6)
        new_layout.setSpacing(4)
        head = QHBoxLayout()
        title = QLabel(self.tr("New person"))
        title.setProperty("role", "strong")
        head.addWidget(title)
        head.addStretch(1)
        self.back_button = QPushButton(self.tr("Find a registered person instead"))
        self.back_button.setObjectName("person_back_to_search")
        self.back_button.clicked.connect(self.back_to_search)
        head.addWidget(self.back_button)
        new_layout.addLayout(head)

        self.existing_banner = QFrame()
        self.existing_banner.setObjectName("person_existing_banner")
        self.existing_banner.setProperty("role", "banner_conflict")
        banner = QHBoxLayout(self.existing_banner)
        banner.setContentsMargins(6, 4, 6, 4)
        self.existing_label = QLabel()
        self.existing_label.setWordWrap(True)
        banner.addWidget(self.existing_label, 1)
        self.use_existing_button = QPushButton(self.tr("Use the registered person"))
        self.use_existing_button.setObjectName("person_use_existing")
        self.use_existing_button.clicked.connect(self._use_existing)
        banner.addWidget(self.use_existing_button)
        self.existing_banner.hide()
        new_layout.addWidget(self.existing_banner)

        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setVerticalSpacing(4)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._labels: dict[str, ErrorLabel] = {}
        #: The input of each field: leaving it shows the field's error.
        self._field_widgets: dict[str, QWidget] = {}
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("person_name")
        self.name_edit.setMaxLength(50)
        self._add_field(form, self.tr("Name"), self.name_edit, "name", required=True)
        self.id_type_box = combo_for(DocumentType)
        self.id_type_box.setObjectName("person_id_type")
        self._add_field(form, self.tr("Document type"), self.id_type_box, "id_type")
        self.id_number_edit = QLineEdit()
        self.id_number_edit.setObjectName("person_id_number")
        self.id_number_edit.setMaxLength(30)
        self.id_number_edit.setPlaceholderText(
            self.tr("18 digits; birth date and sex are filled in from it"))
        self._add_field(form, self.tr("ID number"), self.id_number_edit, "id_number",
                        required=require_id)
        pair = QWidget()
        pair_layout = QHBoxLayout(pair)
        pair_layout.setContentsMargins(0, 0, 0, 0)
        self.sex_box = combo_for(Sex, optional=True, placeholder=self.tr("Not given"))
        self.sex_box.setObjectName("person_sex")
        self.birth_edit = DateField(optional=True)
        self.birth_edit.setObjectName("person_birth_date")
        self.birth_edit.maximum = self.birth_edit.clock().date()
        self.birth_edit.setPlaceholderText(self.tr("e.g. 19660606; filled in from the ID"))
        self.ethnicity_box = QComboBox()
        self.ethnicity_box.setObjectName("person_ethnicity")
        self.ethnicity_box.addItem("")
        self.ethnicity_box.addItems(ETHNIC_GROUPS)
        # Found by typing (hz → 回族, 汉族 …); a group not listed is kept as written.
        make_searchable(self.ethnicity_box, free_text=True)
        sex_caption = QLabel(self.tr("Sex"))
        sex_caption.setBuddy(self.sex_box)
        birth_caption = QLabel(self.tr("Birth date"))
        birth_caption.setBuddy(self.birth_edit)
        eth_caption = QLabel(self.tr("Ethnicity"))
        eth_caption.setBuddy(self.ethnicity_box)
        sex_col = self._with_error(self.sex_box, "sex")
        birth_col = self._with_error(self.birth_edit, "birth_date")
        eth_col = self._with_error(self.ethnicity_box, "ethnicity")
        pair_layout.addWidget(sex_col)
        pair_layout.addWidget(birth_caption)
        pair_layout.addWidget(birth_col)
        pair_layout.addWidget(eth_caption)
        pair_layout.addWidget(eth_col, 1)
        form.addRow(sex_caption, pair)
        self.phone_edit = QLineEdit()
        self.phone_edit.setObjectName("person_phone")
        self.phone_edit.setMaxLength(20)
        self.phone_edit.setPlaceholderText(self.tr("Mobile (11 digits) or landline"))
        self._add_field(form, self.tr("Phone"), self.phone_edit, "phone")
        self.address_edit = QLineEdit()
        self.address_edit.setObjectName("person_address")
        self.address_edit.setMaxLength(200)
        self._add_field(form, self.tr("Address"), self.address_edit, "address")
        # One Tab stop: arrows move between the boxes, Space ticks.
        self.groups = CheckGroup(SpecialGroup.choices(), columns=3, name_prefix="person_group_")
        self.groups.setObjectName("person_groups")
        self.group_boxes: dict[str, QCheckBox] = self.groups.boxes
        self.groups.changed.connect(self._field_changed)
        self._add_field(form, self.tr("Special groups"), self.groups, "special_groups")
        new_layout.addLayout(form)
        self.new_panel.hide()
        outer.addWidget(self.new_panel)
        outer.addStretch(1)

        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DEBOUNCE_MS)
        self._search_timer.timeout.connect(self._run_search)
        self.search_edit.textChanged.connect(self._search_text_changed)
        for widget in (self.name_edit, self.phone_edit, self.address_edit):
            widget.textChanged.connect(self._field_changed)
        self.id_number_edit.textChanged.connect(self._id_number_changed)
        self.id_type_box.currentIndexChanged.connect(self._id_number_changed)
        self.sex_box.currentIndexChanged.connect(self._field_changed)
        self.birth_edit.changed.connect(self._field_changed)
        self.ethnicity_box.currentTextChanged.connect(self._field_changed)
        chain = [self.search_edit, self.new_button, self.anonymous_box, self.matches,
                 self.change_button, self.name_edit, self.id_type_box, self.id_number_edit,
                 self.use_existing_button, self.sex_box, self.birth_edit, self.ethnicity_box,
                 self.phone_edit, self.address_edit, *self.groups.chain(), self.back_button]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
        self.setFocusProxy(self.search_edit)
        self._apply_mode()

    # -- building helpers --------------------------------------------------------------------

    def _with_error(self, widget: QWidget, field: str) -> QWidget:
        column = QWidget()
        box = QVBoxLayout(column)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(1)
        box.addWidget(widget)
        error = ErrorLabel()
        error.setObjectName(f"person_error_{field}")
        box.addWidget(error)
        self._labels[field] = error
        self._field_widgets[field] = widget
        return column

    def _add_field(self, form: QFormLayout, label: str, widget: QWidget, field: str, *,
                   required: bool = False) -> None:
        caption = QLabel(("* " if required else "") + label)
        caption.setBuddy(widget)
        form.addRow(caption, self._with_error(widget, field))

    # -- public API --------------------------------------------------------------------------

    def person_ref(self) -> tuple[str | None, PersonInput | None]:
        """``(id, None)`` for a chosen person, ``(None, input)`` for a new one (not yet
        validated: the containing input validates it under its prefix), ``(None, None)``
        when empty or anonymous."""
        if self.is_anonymous():
            return None, None
        if self._mode == MODE_SELECTED and self._person_id:
            return self._person_id, None
        if self._mode == MODE_NEW:
            return None, self.person_input()
        return None, None

    def person_input(self) -> PersonInput:
        """The new person's details as typed."""
        return PersonInput(
            name=self.name_edit.text(),
            sex=combo_value(self.sex_box),
            birth_date=self.birth_edit.date_value(),
            ethnicity=self.ethnicity_box.currentText().strip(),
            id_type=combo_value(self.id_type_box) or DocumentType.RESIDENT_ID.value,
            id_number=self.id_number_edit.text().strip() or None,
            phone=self.phone_edit.text().strip(),
            address=self.address_edit.text().strip(),
            special_groups=checked_codes(self.group_boxes),
        )

    def selected_person_id(self) -> str | None:
        if self.is_anonymous() or self._mode != MODE_SELECTED:
            return None
        return self._person_id

    def set_person_id(self, person_id: str, display_name: str = "") -> None:
        """Show ``person_id`` as the chosen person (details and history load in the
        background)."""
        self._person_id = person_id
        self._display_name = display_name
        self.card_name.setText(display_name)
        self.card_details.setText(self.tr("Loading..."))
        self.card_note.clear()
        self.history.clear()
        self._set_mode(MODE_SELECTED)
        self._load_history(person_id)
        self.person_selected.emit(person_id)
        self._emit_changed()

    def register_errors(self, errors: FieldErrors, prefix: str) -> None:
        """Show domain errors for ``prefix + field`` next to this picker's fields (and
        ``prefix`` without its dot, e.g. "applicant", at the top)."""
        for field, label in self._labels.items():
            if field == "name":
                continue
            errors.register(prefix + field, label, self._field_widgets.get(field))
        self.birth_edit.error_field = prefix + "birth_date"
        errors.register(prefix + "name", self._name_slot, self._field_widgets.get("name"))
        whole = prefix.rstrip(".")
        if whole:
            errors.register(whole, self._whole_slot, self)  # shown once the picker is left

    def payload(self) -> dict[str, Any]:
        birth = self.birth_edit.date_value()
        return {
            "mode": self._mode,
            "anonymous": self.is_anonymous(),
            "person_id": self._person_id if self._mode == MODE_SELECTED else None,
            "display_name": self._display_name if self._mode == MODE_SELECTED else "",
            "search": self.search_edit.text(),
            "fields": {
                "name": self.name_edit.text(),
                "id_type": combo_value(self.id_type_box),
                "id_number": self.id_number_edit.text(),
                "sex": combo_value(self.sex_box),
                "birth_date": birth.isoformat() if birth else None,
                "ethnicity": self.ethnicity_box.currentText(),
                "phone": self.phone_edit.text(),
                "address": self.address_edit.text(),
                "special_groups": list(checked_codes(self.group_boxes)),
            },
        }

    def load_payload(self, payload: dict[str, Any]) -> None:
        self._loading = True
        try:
            self.clear()
            fields = payload.get("fields") or {}
            self.name_edit.setText(fields.get("name", ""))
            set_combo_value(self.id_type_box, fields.get("id_type")
                            or DocumentType.RESIDENT_ID.value)
            self.id_number_edit.setText(fields.get("id_number", ""))
            set_combo_value(self.sex_box, fields.get("sex"))
            birth = fields.get("birth_date")
            self.birth_edit.set_value(date.fromisoformat(birth) if birth else None)
            self.ethnicity_box.setCurrentText(fields.get("ethnicity", ""))
            self.phone_edit.setText(fields.get("phone", ""))
            self.address_edit.setText(fields.get("address", ""))
            chosen = set(fields.get("special_groups") or ())
            for code, box in self.group_boxes.items():
                box.setChecked(code in chosen)
            mode = payload.get("mode", MODE_SEARCH)
            if mode == MODE_SELECTED and payload.get("person_id"):
                self.set_person_id(payload["person_id"], payload.get("display_name", ""))
            elif mode == MODE_NEW:
                self._set_mode(MODE_NEW)
            else:
                self.search_edit.setText(payload.get("search", ""))
            self.anonymous_box.setChecked(bool(payload.get("anonymous")) and
                                          self.allow_anonymous)
        finally:
            self._loading = False
        self._emit_changed()

    def clear(self) -> None:
        """Back to an empty search line; typed new-person details are discarded."""
        was_loading = self._loading
        self._loading = True
        try:
            self._person_id = None
            self._display_name = ""
            self._existing_match = None
            self._search_generation += 1
            self._history_generation += 1
            self._id_generation += 1
            self._search_timer.stop()
            self.search_edit.clear()
            self.matches.clear()
            self.search_status.hide()
            for edit in (self.name_edit, self.id_number_edit, self.phone_edit,
                         self.address_edit):
                edit.clear()
            set_combo_value(self.id_type_box, DocumentType.RESIDENT_ID.value)
            self.sex_box.setCurrentIndex(0)
            self.birth_edit.clear()
            self.ethnicity_box.setCurrentText("")
            for box in self.group_boxes.values():
                box.setChecked(False)
            self.anonymous_box.setChecked(False)
            self.existing_banner.hide()
            self._set_mode(MODE_SEARCH)
        finally:
            self._loading = was_loading
        self._emit_changed()
        if self.isVisible():
            self.search_edit.setFocus()

    def is_anonymous(self) -> bool:
        return self.allow_anonymous and self.anonymous_box.isChecked()

    @property
    def mode(self) -> str:
        """"search", "selected" or "new"."""
        return self._mode

    # -- modes -------------------------------------------------------------------------------

    def start_new(self) -> None:
        """Enter a new person, taking what was typed in the search line as name or number."""
        text = self.search_edit.text().strip()
        if text and not self.name_edit.text() and not self.id_number_edit.text():
            number = normalize_id_number(text)
            if len(number) in (15, 18) and number[:17].isdigit():
                self.id_number_edit.setText(number)
            elif not text.isascii():
                self.name_edit.setText(text)
        self._set_mode(MODE_NEW)
        self._emit_changed()
        (self.id_number_edit if self.name_edit.text() else self.name_edit).setFocus()

    def back_to_search(self) -> None:
        self._set_mode(MODE_SEARCH)
        self._emit_changed()
        self.search_edit.setFocus()

    def _set_mode(self, mode: str) -> None:
        self._mode = mode
        self._apply_mode()

    def _apply_mode(self) -> None:
        anonymous = self.is_anonymous()
        if anonymous and self._mode != MODE_SEARCH:
            self._mode = MODE_SEARCH
        self.search_panel.setVisible(self._mode == MODE_SEARCH)
        self.search_edit.setEnabled(not anonymous)
        self.new_button.setEnabled(not anonymous)
        self.card.setVisible(self._mode == MODE_SELECTED)
        self.new_panel.setVisible(self._mode == MODE_NEW)
        if self._mode != MODE_SEARCH or anonymous:
            self.matches.hide()
            self.search_status.hide()
        elif self.matches.count():
            self.matches.show()
            self.search_status.show()
        self._refresh_errors()

    def _anonymous_toggled(self, _on: bool) -> None:
        self._apply_mode()
        self._emit_changed()

    def _refresh_errors(self) -> None:
        name_msg = self._name_slot.text()
        whole_msg = self._whole_slot.text()
        in_new = self._mode == MODE_NEW and not self.is_anonymous()
        self._labels["name"].show_message(name_msg if in_new else None)
        top = [m for m in (whole_msg, "" if in_new else name_msg) if m]
        self.general_error.show_message("；".join(dict.fromkeys(top)))

    def _emit_changed(self) -> None:
        if not self._loading:
            self.changed.emit()

    def _field_changed(self, *_: object) -> None:
        if self._mode == MODE_NEW:
            self._emit_changed()

    # -- search ------------------------------------------------------------------------------

    def _search_text_changed(self, text: str) -> None:
        self._search_generation += 1
        if is_searchable(text):
            self._search_timer.start()
        else:
            self._search_timer.stop()
            self.matches.clear()
            self.matches.hide()
            self.search_status.hide()

    def _run_search(self) -> None:
        text = self.search_edit.text().strip()
        if not is_searchable(text):
            return
        self._search_generation += 1
        generation = self._search_generation
        db = self.ctx.db
        self.search_status.setText(self.tr("Searching..."))
        self.search_status.show()
        self.ctx.runner.run(
            lambda: lookup_persons(db, text),
            on_done=lambda rows: self._show_matches(generation, rows),
            on_error=lambda exc: self._search_failed(generation, exc),
        )

    def _search_failed(self, generation: int, error: BaseException) -> None:
        if not _alive(self) or generation != self._search_generation:
            return
        self.search_status.setText(self.tr("Search failed: %1").replace("%1", str(error)))
        self.search_status.show()

    def _show_matches(self, generation: int, rows: list[Any]) -> None:
        if not _alive(self) or generation != self._search_generation:
            return
        self.matches.clear()
        for summary in rows:
            item = QListWidgetItem(self._summary_text(summary))
            item.setData(Qt.ItemDataRole.UserRole, summary.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, summary.name)
            self.matches.addItem(item)
        if rows:
            self.search_status.setText(
                self.tr("%1 registered persons found: choose one, or press New person")
                .replace("%1", str(len(rows))))
            self.matches.setCurrentRow(0)
        else:
            self.search_status.setText(
                self.tr("No registered person found. Press Enter or New person to enter the "
                        "details."))
        self.search_status.show()
        rows_shown = min(max(len(rows), 1), 5)
        self.matches.setFixedHeight(rows_shown * self.matches.sizeHintForRow(0) + 6
                                    if rows else 0)
        self.matches.setVisible(bool(rows) and self._mode == MODE_SEARCH
                                and not self.is_anonymous())

    def _summary_text(self, summary: Any) -> str:
        parts = [summary.name, Sex.label_of(summary.sex)]
        if summary.birth_date:
            parts.append(self.tr("born %1").replace("%1", str(summary.birth_date.year)))
        parts.append(summary.id_number_masked or self.tr("no ID number"))
        if summary.phone:
            parts.append(summary.phone)
        return "   ".join(p for p in parts if p)

    def _choose_item(self, item: QListWidgetItem) -> None:
        person_id = item.data(Qt.ItemDataRole.UserRole)
        if person_id:
            self.set_person_id(str(person_id), str(item.data(Qt.ItemDataRole.UserRole + 1)))

    def choose_match(self, row: int = 0) -> bool:
        """Choose the ``row``-th search match (keyboard and tests); False if there is none."""
        item = self.matches.item(row)
        if item is None:
            return False
        self._choose_item(item)
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if watched is self.search_edit:
                if key == Qt.Key.Key_Down and self.matches.isVisible() and self.matches.count():
                    self.matches.setFocus()
                    if self.matches.currentRow() < 0:
                        self.matches.setCurrentRow(0)
                    return True
                if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    if self.matches.isVisible() and self.matches.count():
                        self.choose_match(max(self.matches.currentRow(), 0))
                    elif (self.search_edit.text().strip() and self.new_button.isEnabled()
                          and not self._search_timer.isActive()):
                        # Nobody listed for what was typed: Enter starts a new person with it
                        # (as the 新登记 button does).
                        self.start_new()
                    return True
            elif (watched is self.matches and key == Qt.Key.Key_Up
                  and self.matches.currentRow() <= 0):
                self.search_edit.setFocus()
                return True
        return super().eventFilter(watched, event)

    # -- history of the chosen person ----------------------------------------------------------

    def _load_history(self, person_id: str) -> None:
        from workstation.services.person_history import person_history

        self._history_generation += 1
        generation = self._history_generation
        db = self.ctx.db
        self.ctx.runner.run(
            lambda: person_history(db, person_id),
            on_done=lambda result: self._show_history(generation, result),
            on_error=lambda exc: self._history_failed(generation, exc),
        )

    def _history_failed(self, generation: int, error: BaseException) -> None:
        if not _alive(self) or generation != self._history_generation:
            return
        self.card_details.setText(str(error))

    def _show_history(self, generation: int, result: Any) -> None:
        if not _alive(self) or generation != self._history_generation:
            return
        info = result.person
        self._display_name = info.name
        self.card_name.setText(info.name)
        parts = [info.sex_label]
        if info.birth_date:
            parts.append(info.birth_date.isoformat())
        parts.append(info.id_number_masked or self.tr("no ID number"))
        if info.phone:
            parts.append(info.phone)
        self.card_details.setText("   ".join(p for p in parts if p))
        notes = []
        if info.address:
            notes.append(info.address)
        if info.special_group_labels:
            notes.append("、".join(info.special_group_labels))
        if self.require_id and not info.has_id:
            notes.append(self.tr("This person has no ID number on record; it is required "
                                 "here. Enter the person as new with the ID number."))
        self.card_note.setText("；".join(notes))
        self.card_note.setVisible(bool(notes))
        self.history.clear()
        for entry in result.items:
            item = QListWidgetItem(history_line(entry))
            item.setData(Qt.ItemDataRole.UserRole, (entry.record_type, entry.record_id))
            item.setToolTip(entry.summary)
            self.history.addItem(item)
        if result.items:
            self.history_caption.setText(
                self.tr("Earlier records (%1)").replace("%1", str(len(result.items))))
        else:
            self.history_caption.setText(self.tr("No earlier records"))
        if result.items:
            shown = min(len(result.items), 4)
            self.history.setFixedHeight(shown * self.history.sizeHintForRow(0) + 6)
        self.history.setVisible(bool(result.items))

    def history_count(self) -> int:
        return self.history.count()

    # -- ID number: fill birth date and sex, offer a registered person -------------------------

    def _id_number_changed(self, *_: object) -> None:
        self._existing_match = None
        self.existing_banner.hide()
        self._id_generation += 1
        number = normalize_id_number(self.id_number_edit.text())
        doc_type = combo_value(self.id_type_box)
        if number:
            info = document_info(doc_type, number)
            if info is not None:
                was_loading = self._loading
                self._loading = True
                try:
                    self.birth_edit.set_value(info.birth_date)
                    set_combo_value(self.sex_box, info.sex)
                finally:
                    self._loading = was_loading
                self._check_existing(info.number18 if doc_type == DocumentType.RESIDENT_ID
                                     else info.number)
        self._field_changed()

    def _check_existing(self, number: str) -> None:
        generation = self._id_generation
        db = self.ctx.db
        self.ctx.runner.run(
            lambda: lookup_persons(db, number, limit=5),
            on_done=lambda rows: self._offer_existing(generation, rows),
        )

    def _offer_existing(self, generation: int, rows: list[Any]) -> None:
        if not _alive(self) or generation != self._id_generation or not rows:
            return
        match = rows[0]
        self._existing_match = match
        self.existing_label.setText(
            self.tr("This ID number is already registered: %1 (%2). Use the registered "
                    "person to keep the records together.")
            .replace("%1", match.name).replace("%2", Sex.label_of(match.sex) or "-"))
        self.existing_banner.show()

    def _use_existing(self) -> None:
        match = self._existing_match
        if match is not None:
            self.set_person_id(match.id, match.name)


def history_line(entry: Any) -> str:
    """One line of a person's history: date, service, number, role, status, summary."""
    kind = record_type_label(entry.record_type)
    return "  ".join(p for p in (entry.date.isoformat(), kind, entry.number, entry.role_label,
                                 entry.status_label, entry.summary) if p)


def record_type_label(record_type: str) -> str:
    from PySide6.QtCore import QCoreApplication

    labels = {
        "person": QCoreApplication.translate("RecordTypes", "Person"),
        "consultation": QCoreApplication.translate("RecordTypes", "Legal consultation"),
        "mediation_case": QCoreApplication.translate("RecordTypes", "People's mediation"),
        "aid_referral": QCoreApplication.translate("RecordTypes", "Legal aid"),
    }
    return labels.get(record_type, record_type)
