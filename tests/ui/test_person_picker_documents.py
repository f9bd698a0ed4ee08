"""The person picker fills birth date and sex from an HMT residence permit and from the
18-digit foreign permanent residence card, as from a resident ID number."""

from __future__ import annotations

from datetime import date

import pytest

from workstation.domain.identity import check_char, make_resident_id
from workstation.ui.widgets.forms import set_combo_value
from workstation.ui.widgets.person_picker import PersonPicker

FOREIGN17 = "911840" + "19800506" + "014"


@pytest.mark.parametrize(("doc_type", "number", "birth", "sex"), [
    ("hmt_permit", make_resident_id("810000", date(1992, 3, 8), 40, "female"),
     "1992-03-08", "female"),
    ("hmt_permit", make_resident_id("830000", date(1971, 12, 1), 41, "male"),
     "1971-12-01", "male"),
    ("foreign_permanent", FOREIGN17 + check_char(FOREIGN17), "1980-05-06", "female"),
])
def test_permits_fill_birth_date_and_sex(qtbot, ui_ctx, doc_type, number, birth, sex) -> None:
    picker = PersonPicker(ui_ctx)
    qtbot.addWidget(picker)
    picker.show()
    picker.search_edit.setText("陈美玲")
    picker.new_button.click()
    set_combo_value(picker.id_type_box, doc_type)
    picker.id_number_edit.setText(number)
    assert picker.birth_edit.text() == birth
    assert picker.sex_box.currentData() == sex
    _, data = picker.person_ref()
    valid = data.validated(date(2026, 3, 1))
    assert (valid.birth_date.isoformat(), valid.sex, valid.id_number) == (birth, sex, number)


def test_a_passport_number_fills_nothing(qtbot, ui_ctx) -> None:
    picker = PersonPicker(ui_ctx)
    qtbot.addWidget(picker)
    picker.show()
    picker.search_edit.setText("John")
    picker.new_button.click()
    set_combo_value(picker.id_type_box, "passport")
    before = picker.birth_edit.text()
    picker.id_number_edit.setText("E12345678")
    assert picker.birth_edit.text() == before
