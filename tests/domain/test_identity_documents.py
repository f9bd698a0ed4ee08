"""Every document type: check digits, birth date and sex read from permits, and numbers typed
under the wrong document type refused with a message naming the right one."""

from __future__ import annotations

from datetime import date

import pytest

from workstation.domain.errors import ValidationError
from workstation.domain.identity import (
    check_char,
    document_info,
    make_resident_id,
    validate_document_number,
)
from workstation.domain.inputs import PersonInput

TODAY = date(2025, 6, 1)
RESIDENT = make_resident_id("130302", date(1985, 7, 14), 123, "male")
HK_PERMIT = make_resident_id("810000", date(1992, 3, 8), 40, "female")
MACAO_PERMIT = make_resident_id("820000", date(1970, 12, 31), 7, "male")
TAIWAN_PERMIT = make_resident_id("830000", date(2001, 2, 28), 250, "female")


def _foreign(province: str = "11", nation: str = "840", birth: str = "19800506",
             seq: str = "013") -> str:
    first17 = f"9{province}{nation}{birth}{seq}"
    return first17 + check_char(first17)


FOREIGN = _foreign()


def _message(doc_type: str, number: str) -> str:
    with pytest.raises(ValidationError) as info:
        validate_document_number(doc_type, number, today=TODAY)
    return info.value.by_field["id_number"]


# --- foreign permanent residence ID card ----------------------------------------------------


def test_foreign_permanent_18_digits_with_a_good_check_digit_is_accepted() -> None:
    assert FOREIGN[0] == "9" and len(FOREIGN) == 18
    assert validate_document_number("foreign_permanent", FOREIGN, today=TODAY) == FOREIGN
    # full-width digits and spaces are normalised
    spaced = " ".join(FOREIGN[i:i + 6] for i in range(0, 18, 6))
    assert validate_document_number("foreign_permanent", spaced, today=TODAY) == FOREIGN


def test_foreign_permanent_bad_check_digit_is_refused() -> None:
    wrong = FOREIGN[:17] + ("0" if FOREIGN[17] != "0" else "1")
    assert "校验位错误" in _message("foreign_permanent", wrong)


@pytest.mark.parametrize(("number", "fragment"), [
    (_foreign(province="99"), "省级行政区划代码"),
    (_foreign(birth="19800231"), "出生日期（19800231）不存在"),
    (_foreign(birth="20300101"), "出生日期不合理"),
    ("9" * 17 + "Y", "前17位应为数字"),
    ("USA11007906070", "3位字母加12位数字"),
    ("", "请填写永久居留身份证号码"),
])
def test_foreign_permanent_bad_numbers(number: str, fragment: str) -> None:
    assert fragment in _message("foreign_permanent", number)


def test_foreign_permanent_old_15_character_format_still_accepted() -> None:
    assert validate_document_number("foreign_permanent", "usa110079060708",
                                    today=TODAY) == "USA110079060708"


def test_foreign_permanent_gives_birth_date_and_sex() -> None:
    info = document_info("foreign_permanent", FOREIGN, today=TODAY)
    assert info is not None
    assert info.birth_date == date(1980, 5, 6) and info.sex == "male"
    female = document_info("foreign_permanent", _foreign(seq="014"), today=TODAY)
    assert female is not None and female.sex == "female"
    assert document_info("foreign_permanent", "USA110079060708", today=TODAY) is None


# --- Hong Kong / Macao / Taiwan residence permits -----------------------------------------------


@pytest.mark.parametrize(("number", "birth", "sex"), [
    (HK_PERMIT, date(1992, 3, 8), "female"),
    (MACAO_PERMIT, date(1970, 12, 31), "male"),
    (TAIWAN_PERMIT, date(2001, 2, 28), "female"),
])
def test_residence_permits_fill_birth_date_and_sex(number: str, birth: date, sex: str) -> None:
    info = document_info("hmt_permit", number, today=TODAY)
    assert info is not None and (info.birth_date, info.sex) == (birth, sex)
    person = PersonInput(name="陈美玲", id_type="hmt_permit", id_number=number).validated(TODAY)
    assert (person.birth_date, person.sex, person.id_number) == (birth, sex, number)


def test_residence_permit_contradicting_sex_is_refused() -> None:
    with pytest.raises(ValidationError) as info:
        PersonInput(name="陈美玲", id_type="hmt_permit", id_number=HK_PERMIT,
                    sex="male").validated(TODAY)
    assert "与证件号码不符" in info.value.by_field["sex"]


def test_travel_permit_numbers_give_nothing_to_fill() -> None:
    assert document_info("hmt_permit", "H12345678", today=TODAY) is None
    person = PersonInput(name="陈美玲", id_type="hmt_permit",
                         id_number="H12345678").validated(TODAY)
    assert person.birth_date is None and person.sex is None


def test_foreign_person_birth_date_filled() -> None:
    person = PersonInput(name="John Smith", id_type="foreign_permanent",
                         id_number=FOREIGN).validated(TODAY)
    assert person.birth_date == date(1980, 5, 6) and person.sex == "male"


def test_resident_id_still_fills_and_upgrades() -> None:
    person = PersonInput(name="张三", id_number=RESIDENT).validated(TODAY)
    assert person.birth_date == date(1985, 7, 14) and person.sex == "male"
    assert document_info("resident_id", "not a number") is None
    assert document_info("passport", "E12345678") is None
    assert document_info("other", RESIDENT) is None


# --- the wrong document type ---------------------------------------------------------------------


@pytest.mark.parametrize(("typed_as", "number", "right"), [
    ("resident_id", FOREIGN, "外国人永久居留身份证"),
    ("resident_id", HK_PERMIT, "港澳台居民居住证/通行证"),
    ("resident_id", TAIWAN_PERMIT, "港澳台居民居住证/通行证"),
    ("foreign_permanent", RESIDENT, "居民身份证"),
    ("foreign_permanent", MACAO_PERMIT, "港澳台居民居住证/通行证"),
    ("hmt_permit", RESIDENT, "居民身份证"),
    ("hmt_permit", FOREIGN, "外国人永久居留身份证"),
    ("passport", RESIDENT, "居民身份证"),
    ("passport", FOREIGN, "外国人永久居留身份证"),
])
def test_number_under_the_wrong_type_names_the_right_type(typed_as: str, number: str,
                                                         right: str) -> None:
    message = _message(typed_as, number)
    assert f"请将证件类型选为“{right}”" in message
    assert "省级行政区划代码" not in message


def test_foreign_number_with_bad_check_digit_under_resident_id_still_names_the_type() -> None:
    wrong = FOREIGN[:17] + ("0" if FOREIGN[17] != "0" else "1")
    message = _message("resident_id", wrong)
    assert "外国人永久居留身份证" in message and "省级行政区划代码" not in message


def test_the_message_reaches_the_person_form_field() -> None:
    with pytest.raises(ValidationError) as info:
        PersonInput(name="张三", id_number=FOREIGN).validated(TODAY)
    assert "外国人永久居留身份证" in info.value.by_field["id_number"]


def test_other_documents_are_not_second_guessed() -> None:
    assert validate_document_number("other", RESIDENT, today=TODAY) == RESIDENT
