"""Tests for workstation.domain.identity (resident ID numbers and other documents)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workstation.domain.errors import ValidationError
from workstation.domain.identity import (
    PROVINCE_CODES,
    IdInfo,
    check_char,
    make_resident_id,
    mask_id_number,
    normalize_id_number,
    parse_resident_id,
    upgrade_15_to_18,
    validate_document_number,
)

TODAY = date(2025, 6, 1)
REGIONS = ["130302", "110105", "440524", "310115", "652801", "130321", "500101", "810000"]

regions = st.sampled_from(REGIONS)
births = st.dates(min_value=date(1895, 6, 2), max_value=TODAY)
seqs = st.integers(min_value=0, max_value=499)
sexes = st.sampled_from(["male", "female"])


def _message(raw: str, today: date = TODAY) -> str:
    with pytest.raises(ValidationError) as info:
        parse_resident_id(raw, today=today)
    assert list(info.value.by_field) == ["id_number"]
    return str(info.value)


# --- check character --------------------------------------------------------------------------


def test_check_char_examples_of_the_standard() -> None:
    # The two worked examples printed in GB 11643-1999.
    assert check_char("11010519491231002") == "X"
    assert check_char("44052418800101001") == "4"


def test_check_char_matches_weighted_sum() -> None:
    weights = [2 ** (17 - i) % 11 for i in range(17)]
    assert weights == [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    first17 = "13030219850714247"
    total = sum(int(d) * w for d, w in zip(first17, weights, strict=True))
    # Check value v satisfies (total + v) % 11 == 1, with 10 written as X.
    value = (1 - total) % 11
    assert check_char(first17) == ("X" if value == 10 else str(value))


@pytest.mark.parametrize("bad", ["", "1234567890123456", "123456789012345678", "1303021985071424X"])
def test_check_char_rejects_non_17_digits(bad: str) -> None:
    with pytest.raises(ValueError):
        check_char(bad)


# --- parsing ----------------------------------------------------------------------------------


def test_parse_standard_example() -> None:
    info = parse_resident_id("11010519491231002X", today=TODAY)
    assert info == IdInfo("11010519491231002X", date(1949, 12, 31), "female", "110105")
    assert info.number18 == info.number
    assert info.age_on(date(2025, 12, 30)) == 75
    assert info.age_on(date(2025, 12, 31)) == 76


def test_parse_accepts_lower_case_x_spaces_and_full_width() -> None:
    assert parse_resident_id("110105 1949 1231 002x", today=TODAY).number == "11010519491231002X"
    full_width = "１１０１０５１９４９１２３１００２Ｘ"
    assert parse_resident_id(full_width, today=TODAY).number == "11010519491231002X"
    assert parse_resident_id("\u3000110105194912310 02X\t", today=TODAY).sex == "female"


def test_standard_example_born_1880_is_too_old_now_but_valid_in_1990() -> None:
    assert "130年" in _message("440524188001010014")
    info = parse_resident_id("440524188001010014", today=date(1990, 1, 1))
    assert info.birth_date == date(1880, 1, 1)
    assert info.sex == "male"


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("", "请填写身份证号码"),
        ("   ", "请填写身份证号码"),
        ("1301", "应为18位（旧号码为15位），现为4位"),
        ("1301021985071424761", "现为19位"),
        ("13030219850714247A", "前17位应为数字"),
        ("1303021985071424-6", "前17位应为数字"),
        ("13030285071424X", "15位旧身份证号码应全部为数字"),
        ("990302198507142476", "前两位不是有效的省级行政区划代码"),
        ("000000198507142476", "前两位不是有效的省级行政区划代码"),
        ("130302198502302476", "出生日期（19850230）不存在"),
        ("130302198513012476", "出生日期（19851301）不存在"),
        ("130302850230247", "出生日期（850230）不存在"),
        ("130302202601012476", "出生日期晚于今天"),
        ("130302180001012476", "距今超过130年"),
        ("13030219850714247X", "校验位错误，请核对最后一位"),
    ],
)
def test_parse_errors(raw: str, fragment: str) -> None:
    assert fragment in _message(raw)


def test_birth_date_limits() -> None:
    assert parse_resident_id(make_resident_id("130302", TODAY, 1, "male"), today=TODAY)
    oldest = date(1895, 6, 1)
    assert parse_resident_id(make_resident_id("130302", oldest, 1, "male"), today=TODAY)
    assert "130年" in _message(make_resident_id("130302", date(1895, 5, 31), 1, "male"))
    # 29 February: 130 years earlier is 28 February (1894 is not a leap year).
    leap = date(2024, 2, 29)
    assert parse_resident_id(make_resident_id("130302", date(1894, 2, 28), 1, "male"), today=leap)
    assert "130年" in _message(make_resident_id("130302", date(1894, 2, 27), 1, "male"), leap)


def test_hmt_residence_permit_prefix_accepted() -> None:
    number = make_resident_id("830000", date(1990, 1, 1), 5, "female")
    assert parse_resident_id(number, today=TODAY).region_code == "830000"


def test_province_list_is_gb_t_2260() -> None:
    expected = (
        [str(c) for c in range(11, 16)]
        + ["21", "22", "23"]
        + [str(c) for c in range(31, 38)]
        + [str(c) for c in range(41, 47)]
        + [str(c) for c in range(50, 55)]
        + [str(c) for c in range(61, 66)]
        + ["71", "81", "82"]
    )
    assert sorted(PROVINCE_CODES) == expected


# --- properties -------------------------------------------------------------------------------


@given(regions, births, seqs, sexes)
def test_generated_numbers_round_trip(region: str, birth: date, seq: int, sex: str) -> None:
    number = make_resident_id(region, birth, seq, sex)
    assert len(number) == 18
    info = parse_resident_id(number, today=TODAY)
    assert info == IdInfo(number, birth, sex, region)
    assert int(number[14:17]) == 2 * seq + (sex == "male")


@given(regions, births, seqs, sexes, st.integers(0, 16), st.integers(1, 9))
def test_any_single_digit_change_is_detected(
    region: str, birth: date, seq: int, sex: str, position: int, delta: int
) -> None:
    number = make_resident_id(region, birth, seq, sex)
    digit = (int(number[position]) + delta) % 10
    first17 = number[:position] + str(digit) + number[position + 1 : 17]
    assert check_char(first17) != number[17]
    with pytest.raises(ValidationError):
        parse_resident_id(first17 + number[17], today=TODAY)


@given(regions, births, seqs, sexes, st.sampled_from("0123456789X"))
def test_wrong_check_character_is_reported(
    region: str, birth: date, seq: int, sex: str, check: str
) -> None:
    number = make_resident_id(region, birth, seq, sex)
    if check == number[17]:
        return
    assert "校验位错误" in _message(number[:17] + check)


@given(regions, births, seqs, sexes, st.integers(0, 15))
def test_adjacent_transposition_is_detected(
    region: str, birth: date, seq: int, sex: str, position: int
) -> None:
    number = make_resident_id(region, birth, seq, sex)
    a, b = number[position], number[position + 1]
    if a == b:
        return
    swapped = number[:position] + b + a + number[position + 2 : 17]
    assert check_char(swapped) != number[17]


@given(
    regions,
    st.dates(min_value=date(1900, 1, 1), max_value=date(1999, 12, 31)),
    seqs,
    sexes,
)
def test_upgrade_15_to_18_round_trip(region: str, birth: date, seq: int, sex: str) -> None:
    number18 = make_resident_id(region, birth, seq, sex)
    number15 = number18[:6] + number18[8:17]
    assert upgrade_15_to_18(number15) == number18
    info = parse_resident_id(number15, today=TODAY)
    assert (info.number, info.birth_date, info.sex, info.region_code) == (
        number15,
        birth,
        sex,
        region,
    )
    assert info.number18 == number18


def test_upgrade_example_and_errors() -> None:
    assert upgrade_15_to_18("130302850714247") == "130302198507142476"
    with pytest.raises(ValidationError, match="不是15位"):
        upgrade_15_to_18("130302198507142476")
    with pytest.raises(ValidationError, match="不存在"):
        upgrade_15_to_18("130302851314247")


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (("13030", date(1990, 1, 1), 1, "male"), "region"),
        (("990302", date(1990, 1, 1), 1, "male"), "province"),
        (("130302", date(1990, 1, 1), 500, "male"), "seq"),
        (("130302", date(1990, 1, 1), -1, "male"), "seq"),
        (("130302", date(1990, 1, 1), 1, "男"), "sex"),
    ],
)
def test_make_resident_id_rejects_bad_arguments(args: tuple, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        make_resident_id(*args)


# --- normalizing and masking ------------------------------------------------------------------


def test_normalize_id_number() -> None:
    assert normalize_id_number(" １３０３０２\u3000198507142476 ") == "130302198507142476"
    assert normalize_id_number("e12345678") == "E12345678"
    assert normalize_id_number("") == ""


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("130302198507141234", "130302********1234"),
        ("13030219850714123x", "130302********123X"),
        ("130302850714123", "130302*****4123"),
        ("E12345678", "E12****78"),
        ("12345678", "123***78"),
        ("H1234", "H***4"),
        ("ab", "**"),
        ("", ""),
    ],
)
def test_mask_id_number(number: str, masked: str) -> None:
    assert mask_id_number(number) == masked


@given(regions, births, seqs, sexes)
def test_mask_keeps_length_and_hides_birth_date(
    region: str, birth: date, seq: int, sex: str
) -> None:
    number = make_resident_id(region, birth, seq, sex)
    masked = mask_id_number(number)
    assert len(masked) == 18
    assert masked[:6] == number[:6] and masked[-4:] == number[-4:]
    assert set(masked[6:14]) == {"*"}


# --- other documents --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("doc_type", "number", "expected"),
    [
        ("resident_id", "11010519491231002x", "11010519491231002X"),
        ("passport", "e 1234 5678", "E12345678"),
        ("passport", "EA1234567", "EA1234567"),
        ("hmt_permit", "H12345678", "H12345678"),
        ("hmt_permit", "12345678", "12345678"),
        ("hmt_permit", "830000199001010055", "830000199001010055"),
        ("foreign_permanent", "USA110079060708", "USA110079060708"),
        ("other", "南字第123456号", "南字第123456号"),
        ("other", "军（2019）-12", "军(2019)-12"),
    ],
)
def test_validate_document_number_accepts(doc_type: str, number: str, expected: str) -> None:
    assert validate_document_number(doc_type, number, today=TODAY) == expected


@pytest.mark.parametrize(
    ("doc_type", "number", "field", "fragment"),
    [
        ("resident_id", "13030219850714247X", "id_number", "校验位错误"),
        ("passport", "", "id_number", "请填写护照号码"),
        ("passport", "E12", "id_number", "5至20位"),
        ("passport", "E1234567-8", "id_number", "只能包含字母和数字"),
        ("passport", "E" * 21, "id_number", "现为21位"),
        ("hmt_permit", "83000019900101005X", "id_number", "居住证号码"),
        ("foreign_permanent", "张三", "id_number", "以9开头的18位数字"),
        ("other", "", "id_number", "请填写证件号码"),
        ("other", "a/b", "id_number", "只能包含"),
        ("unknown", "123456", "document_type", "请选择证件类型"),
    ],
)
def test_validate_document_number_rejects(
    doc_type: str, number: str, field: str, fragment: str
) -> None:
    with pytest.raises(ValidationError) as info:
        validate_document_number(doc_type, number, today=TODAY)
    assert fragment in info.value.by_field[field]
