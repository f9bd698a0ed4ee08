"""The person picker: find by pinyin / ID digits, new person input, errors, history."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from workstation.domain.errors import FieldError, ValidationError
from workstation.domain.identity import make_resident_id
from workstation.domain.inputs import ConsultationInput, PersonInput, ReferralInput
from workstation.services.consultations import register_consultation
from workstation.services.persons import find_persons
from workstation.ui.widgets.forms import ErrorLabel, FieldErrors
from workstation.ui.widgets.person_picker import PersonPicker, is_searchable


def seed_person(ctx, name="张三", seq=7, sex="male"):
    from workstation.domain.identity import make_resident_id as _rid

    person = PersonInput(name=name, id_number=_rid("130302", date(1980, 5, 17), seq, sex),
                         phone="13800138000", address="海港镇东村1号")
    data = ConsultationInput(
        occurred_at=datetime.now(UTC) - timedelta(hours=2), channel="walk_in", topic="wages",
        question="老板拖欠三个月工资怎么办？", handling_result="answered",
        answer="可以申请劳动仲裁。", person=person)
    register_consultation(ctx.db, ctx.actor, data)
    return find_persons(ctx.db, person.id_number)[0].id, person


def make_picker(qtbot, ctx, **kwargs) -> PersonPicker:
    picker = PersonPicker(ctx, **kwargs)
    qtbot.addWidget(picker)
    picker.resize(640, 420)
    picker.show()
    return picker


def test_is_searchable() -> None:
    assert is_searchable("zs")
    assert is_searchable("张三")
    assert not is_searchable("张")
    assert is_searchable("1234")
    assert not is_searchable("123")
    assert is_searchable("123x")


def test_finds_person_by_pinyin_initials(qtbot, ui_ctx) -> None:
    person_id, _ = seed_person(ui_ctx)
    seed_person(ui_ctx, "李四", 8, "female")
    picker = make_picker(qtbot, ui_ctx)
    picker.search_edit.setText("zs")
    qtbot.waitUntil(lambda: picker.matches.count() == 1, timeout=3000)
    assert "张三" in picker.matches.item(0).text()
    assert "130302********" in picker.matches.item(0).text()  # masked ID in the list
    with qtbot.waitSignal(picker.person_selected, timeout=1000) as blocker:
        qtbot.keyClick(picker.search_edit, Qt.Key.Key_Return)
    assert blocker.args == [person_id]
    assert picker.person_ref() == (person_id, None)
    assert picker.selected_person_id() == person_id
    assert picker.card.isVisible() and not picker.search_panel.isVisible()


def test_finds_person_by_last_id_digits(qtbot, ui_ctx) -> None:
    person_id, person = seed_person(ui_ctx)
    picker = make_picker(qtbot, ui_ctx)
    qtbot.keyClicks(picker.search_edit, person.id_number[-4:])
    qtbot.waitUntil(lambda: picker.matches.count() == 1, timeout=3000)
    picker.matches.itemActivated.emit(picker.matches.item(0))
    assert picker.person_ref() == (person_id, None)


def test_history_shows_after_selection(qtbot, ui_ctx) -> None:
    person_id, _ = seed_person(ui_ctx)
    picker = make_picker(qtbot, ui_ctx)
    picker.set_person_id(person_id, "张三")
    qtbot.waitUntil(lambda: picker.history.count() == 1, timeout=3000)
    line = picker.history.item(0).text()
    assert "咨询人" in line and "劳动报酬" in line
    assert picker.card_name.text() == "张三"
    assert "********" in picker.card_details.text()


def test_new_person_mode_returns_valid_input(qtbot, ui_ctx) -> None:
    picker = make_picker(qtbot, ui_ctx)
    changes: list[int] = []
    picker.changed.connect(lambda: changes.append(1))
    picker.search_edit.setText("王小明")
    picker.new_button.click()
    assert picker.mode == "new" and picker.name_edit.text() == "王小明"
    number = make_resident_id("130302", date(1958, 3, 9), 12, "female")
    picker.id_number_edit.setText(number)
    # Birth date and sex come from the ID number at once.
    assert picker.birth_edit.text() == "1958-03-09"
    assert picker.sex_box.currentData() == "female"
    picker.phone_edit.setText("13912345678")
    picker.group_boxes["elderly"].setChecked(True)
    picker.ethnicity_box.setCurrentText("回族")
    person_id, data = picker.person_ref()
    assert person_id is None and isinstance(data, PersonInput)
    valid = data.validated()
    assert valid.name == "王小明" and valid.id_number == number
    assert valid.sex == "female" and valid.birth_date == date(1958, 3, 9)
    assert valid.special_groups == ("elderly",) and valid.ethnicity == "回族"
    assert changes
    # Back to search and clear empties the picker.
    picker.clear()
    assert picker.person_ref() == (None, None)


def test_new_person_with_registered_id_offers_existing(qtbot, ui_ctx) -> None:
    person_id, person = seed_person(ui_ctx)
    picker = make_picker(qtbot, ui_ctx)
    picker.new_button.click()
    picker.name_edit.setText("张三")
    picker.id_number_edit.setText(person.id_number)
    qtbot.waitUntil(lambda: picker.existing_banner.isVisible(), timeout=3000)
    assert "张三" in picker.existing_label.text()
    picker.use_existing_button.click()
    assert picker.person_ref() == (person_id, None)


def test_errors_show_next_to_fields_by_prefix(qtbot, ui_ctx) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    layout = QVBoxLayout(host)
    general = ErrorLabel()
    layout.addWidget(general)
    errors = FieldErrors(general)
    picker = PersonPicker(ui_ctx, require_id=True)
    layout.addWidget(picker)
    picker.register_errors(errors, "applicant.")
    host.show()
    picker.new_button.click()
    picker.name_edit.setText("")
    picker.id_number_edit.setText("130302198005171235")  # bad check digit
    _, applicant = picker.person_ref()
    data = ReferralInput(matter="wages", facts="欠薪", request="支付工资",
                         hardship_route="commitment", household_size=3,
                         applied_on=date.today(), applicant=applicant)
    errors.reveal_all()  # as a save attempt does
    try:
        data.validated()
    except ValidationError as exc:
        errors.show(exc.errors)
    else:  # pragma: no cover
        raise AssertionError("expected errors")
    assert picker._labels["name"].isVisible()
    assert picker._labels["name"].text() == "请填写姓名"
    assert "校验位" in picker._labels["id_number"].text()
    assert errors.message_for("applicant.name") == "请填写姓名"
    assert not general.isVisible()
    # In search mode the same name error shows at the top of the picker.
    picker.back_to_search()
    assert picker.general_error.isVisible() and "请填写姓名" in picker.general_error.text()
    # Mediation parties use an index prefix.
    picker2 = PersonPicker(ui_ctx)
    layout.addWidget(picker2)
    picker2.register_errors(errors, "parties[1].")
    picker2.start_new()
    errors.show([FieldError("parties[1].phone", "手机号码应为11位")])
    assert picker2._labels["phone"].text() == "手机号码应为11位"
    assert not picker2._labels["phone"].isHidden()


def test_anonymous_and_payload_roundtrip(qtbot, ui_ctx) -> None:
    person_id, _ = seed_person(ui_ctx)
    picker = make_picker(qtbot, ui_ctx, allow_anonymous=True)
    assert picker.anonymous_box.isVisible()
    picker.anonymous_box.setChecked(True)
    assert picker.is_anonymous() and picker.person_ref() == (None, None)
    assert not picker.search_edit.isEnabled() and not picker.new_button.isEnabled()
    picker.anonymous_box.setChecked(False)
    assert picker.search_edit.isEnabled()

    picker.start_new()
    picker.name_edit.setText("赵六")
    picker.address_edit.setText("海港镇西村")
    saved = picker.payload()
    other = make_picker(qtbot, ui_ctx)
    other.load_payload(saved)
    assert other.mode == "new"
    assert other.person_input() == picker.person_input()

    picker.set_person_id(person_id, "张三")
    third = make_picker(qtbot, ui_ctx)
    third.load_payload(picker.payload())
    assert third.person_ref() == (person_id, None)
    qtbot.waitUntil(lambda: third.history.count() == 1, timeout=3000)


def test_anonymous_hidden_without_option(qtbot, ui_ctx) -> None:
    picker = make_picker(qtbot, ui_ctx)
    assert not picker.anonymous_box.isVisible()
    assert not picker.is_anonymous()
