"""Tests for workstation.domain.validators and workstation.domain.errors."""

from __future__ import annotations

import pickle
from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workstation.domain.errors import FieldError, ValidationError
from workstation.domain.validators import (
    PHONE_FORMAT_MESSAGE,
    ErrorCollector,
    ensure_no_errors,
    normalize_phone,
    require_text,
    validate_amount_yuan,
    validate_date_order,
    validate_division_code,
    validate_past_or_today,
    validate_phone,
)

TODAY = date(2025, 6, 1)


def _error(fn, *args, **kwargs) -> ValidationError:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as info:
        fn(*args, **kwargs)
    return info.value


# --- errors -------------------------------------------------------------------------------------


def test_validation_error_basics() -> None:
    error = ValidationError(
        [
            FieldError("name", "请填写姓名"),
            FieldError("phone", "电话号码格式不正确"),
            FieldError("name", "姓名不能超过50个字"),
        ]
    )
    assert isinstance(error, ValueError)
    assert str(error) == "请填写姓名；电话号码格式不正确；姓名不能超过50个字"
    assert error.by_field == {"name": "请填写姓名", "phone": "电话号码格式不正确"}
    assert error.messages[-1] == "姓名不能超过50个字"
    single = ValidationError.single("phone", "请填写联系电话")
    assert single.errors == [FieldError("phone", "请填写联系电话")]
    assert str(single) == "请填写联系电话"


def test_validation_error_pickles() -> None:
    error = ValidationError.single("phone", "请填写联系电话")
    copy = pickle.loads(pickle.dumps(error))
    assert copy.errors == error.errors


def test_field_error_is_frozen() -> None:
    with pytest.raises(AttributeError):
        FieldError("a", "b").field = "c"  # type: ignore[misc]


# --- phones -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("008613812345678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("19912345678", "19912345678"),
        ("0335-1234567", "0335-1234567"),
        ("0335 1234567", "0335-1234567"),
        ("03351234567", "0335-1234567"),
        ("(0335)1234567", "0335-1234567"),
        ("（0335）1234567", "0335-1234567"),
        ("0335－１２３４５６７", "0335-1234567"),
        ("0335—1234567", "0335-1234567"),
        ("0335-12345678", "0335-12345678"),
        ("010-12345678", "010-12345678"),
        ("01012345678", "010-12345678"),
        ("02112345678", "021-12345678"),
        ("0335-1234567-123", "0335-1234567-123"),
        ("0335-1234567转8", "0335-1234567-8"),
        ("010-12345678 ext 99", "010-12345678-99"),
        ("400-123-4567", "4001234567"),
        ("4001234567", "4001234567"),
        ("800 123 4567", "8001234567"),
        ("12348", "12348"),
        ("12345", "12345"),
        ("110", "110"),
        ("95588", "95588"),
    ],
)
def test_valid_phones(raw: str, expected: str) -> None:
    assert validate_phone(raw) == expected
    assert validate_phone(expected) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "请填写联系电话"),
        (None, "请填写联系电话"),
        ("   ", "请填写联系电话"),
        ("1381234567", "手机号应为11位数字，现为10位"),
        ("138123456789", "手机号应为11位数字，现为12位"),
        ("12812345678", PHONE_FORMAT_MESSAGE),
        ("1234567", PHONE_FORMAT_MESSAGE),
        ("12345678", PHONE_FORMAT_MESSAGE),
        ("035-1234567", PHONE_FORMAT_MESSAGE),
        ("0335-123456", PHONE_FORMAT_MESSAGE),
        ("0335-0234567", PHONE_FORMAT_MESSAGE),
        ("010-1234567", PHONE_FORMAT_MESSAGE),
        ("03351234", PHONE_FORMAT_MESSAGE),
        ("13812345678/0335-1234567", PHONE_FORMAT_MESSAGE),
        ("电话13812345678", PHONE_FORMAT_MESSAGE),
        ("abc", PHONE_FORMAT_MESSAGE),
    ],
)
def test_invalid_phones(raw: str | None, message: str) -> None:
    error = _error(validate_phone, raw, field="contact_phone")
    assert error.by_field == {"contact_phone": message}


def test_phone_message_text() -> None:
    assert PHONE_FORMAT_MESSAGE == (
        "电话号码格式不正确：手机号为11位数字，座机请带区号，如 0335-1234567"
    )


def test_normalize_phone() -> None:
    assert normalize_phone(" （０３３５）\u3000１２３４５６７ ") == "(0335)1234567"
    assert normalize_phone(None) == ""


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_any_mobile_is_valid(number: str) -> None:
    assert validate_phone(number) == number
    assert validate_phone(f"{number[:3]} {number[3:7]} {number[7:]}") == number


@given(
    st.sampled_from(["0335", "0311", "0755", "0898", "010", "021", "029"]),
    st.from_regex(r"[2-9][0-9]{6,7}", fullmatch=True),
)
def test_landlines_are_canonical(area: str, local: str) -> None:
    if len(area) == 3 and len(local) == 7:
        assert _error(validate_phone, area + local)
        return
    canonical = f"{area}-{local}"
    assert validate_phone(area + local) == canonical
    assert validate_phone(f"({area}){local}") == canonical
    assert validate_phone(canonical) == canonical


# --- text and dates -----------------------------------------------------------------------------


def test_require_text() -> None:
    assert require_text("  张三 ", "name", "姓名") == "张三"
    assert require_text("𠮷䶮", "name", "姓名", max_len=2) == "𠮷䶮"
    assert _error(require_text, None, "name", "姓名").by_field == {"name": "请填写姓名"}
    assert _error(require_text, " \u3000", "name", "姓名").by_field == {"name": "请填写姓名"}
    too_long = _error(require_text, "一二三", "name", "姓名", max_len=2)
    assert too_long.by_field == {"name": "姓名不能超过2个字"}


def test_validate_past_or_today() -> None:
    assert validate_past_or_today(TODAY, "d", "受理日期", today=TODAY) == TODAY
    assert validate_past_or_today(date(2000, 1, 1), "d", "受理日期", today=TODAY)
    future = _error(validate_past_or_today, date(2025, 6, 2), "d", "受理日期", today=TODAY)
    assert future.by_field == {"d": "受理日期不能晚于今天"}
    early = _error(
        validate_past_or_today,
        date(2010, 1, 1),
        "d",
        "受理日期",
        today=TODAY,
        earliest=date(2011, 1, 1),
    )
    assert early.by_field == {"d": "受理日期不能早于2011年1月1日"}
    assert _error(validate_past_or_today, None, "d", "受理日期").by_field == {"d": "请填写受理日期"}
    moment = datetime(2025, 6, 1, 23, 59)
    assert validate_past_or_today(moment, "d", "受理时间", today=TODAY) == moment


def test_validate_past_or_today_defaults_to_real_today() -> None:
    assert validate_past_or_today(date.today(), "d", "日期") == date.today()
    assert _error(validate_past_or_today, date(9999, 1, 1), "d", "日期")


def test_validate_date_order() -> None:
    validate_date_order(date(2025, 1, 1), date(2025, 1, 1), "end", "结束日期不能早于开始日期")
    validate_date_order(date(2025, 1, 1), date(2025, 1, 2), "end", "结束日期不能早于开始日期")
    validate_date_order(None, date(2025, 1, 2), "end", "x")
    error = _error(
        validate_date_order, date(2025, 1, 2), date(2025, 1, 1), "end", "结束日期不能早于开始日期"
    )
    assert error.by_field == {"end": "结束日期不能早于开始日期"}


# --- division codes -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("130302001000", "130302001000"),
        ("130302001201", "130302001201"),
        (" 130302 001 201 ", "130302001201"),
        ("１３０３０２００１０００", "130302001000"),
        ("110105010000", "110105010000"),
    ],
)
def test_valid_division_codes(code: str, expected: str) -> None:
    assert validate_division_code(code) == expected


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("", "请填写区划代码"),
        ("130302", "请填写12位区划代码（乡镇为9位加3个0，村为12位）"),
        ("130302001", "9位代码后补3个0"),
        ("13030200100", "应为12位数字，现为11位"),
        ("13030200100A", "只能包含数字"),
        ("990302001000", "前两位不是有效的省级代码"),
        ("830302001000", "前两位不是有效的省级代码"),
        ("130302000000", "该代码为县级代码"),
        ("130000000000", "该代码为省级代码"),
        ("130302000201", "层级不连续"),
        ("130002001000", "层级不连续"),
    ],
)
def test_invalid_division_codes(code: str, fragment: str) -> None:
    error = _error(validate_division_code, code)
    assert fragment in error.by_field["division_code"]


def test_division_code_levels() -> None:
    assert validate_division_code("130302000000", min_level="county") == "130302000000"
    assert validate_division_code("130302001201", min_level="village") == "130302001201"
    village_only = _error(validate_division_code, "130302001000", min_level="village")
    assert "村（社区）级" in str(village_only)
    error = _error(validate_division_code, "1303", field="station_division")
    assert list(error.by_field) == ["station_division"]
    with pytest.raises(ValueError):
        validate_division_code("130302001000", min_level="street")


# --- amounts ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "fen"),
    [
        ("1,234.5", 123450),
        ("1234.50", 123450),
        ("1234", 123400),
        ("0", 0),
        ("0.01", 1),
        (" 12 345.6 ", 1234560),
        ("¥1,000", 100000),
        ("￥88.8元", 8880),
        ("１２３．４５", 12345),
        ("1，234", 123400),
        ("1.500", 150),
        ("100000000000", 10_000_000_000_000),
        (Decimal("12.34"), 1234),
        (12, 1200),
        (12.5, 1250),
        (0.1, 10),
    ],
)
def test_valid_amounts(value: str | Decimal | int | float, fen: int) -> None:
    assert validate_amount_yuan(value, "fee", "费用") == fen


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "请填写费用"),
        (None, "请填写费用"),
        ("-1", "费用不能为负数"),
        (-5, "费用不能为负数"),
        (Decimal("-0.01"), "费用不能为负数"),
        ("1.234", "费用最多保留两位小数（精确到分）"),
        (Decimal("0.001"), "费用最多保留两位小数（精确到分）"),
        ("100000000000.01", "费用数额过大，请核对"),
        (1e12, "费用数额过大，请核对"),
        ("abc", "费用格式不正确，请填写数字，如 1234.50"),
        ("1e3", "费用格式不正确，请填写数字，如 1234.50"),
        ("12,34", "费用格式不正确，请填写数字，如 1234.50"),
        ("1.2.3", "费用格式不正确，请填写数字，如 1234.50"),
        (".5", "费用格式不正确，请填写数字，如 1234.50"),
        ("NaN", "费用格式不正确，请填写数字，如 1234.50"),
        (float("inf"), "费用格式不正确，请填写数字，如 1234.50"),
        (Decimal("NaN"), "费用格式不正确，请填写数字，如 1234.50"),
        (True, "费用格式不正确，请填写数字，如 1234.50"),
    ],
)
def test_invalid_amounts(value: object, message: str) -> None:
    error = _error(validate_amount_yuan, value, "fee", "费用")
    assert error.by_field == {"fee": message}


@given(st.integers(min_value=0, max_value=10**13))
def test_amount_text_round_trip(fen: int) -> None:
    yuan, cents = divmod(fen, 100)
    assert validate_amount_yuan(f"{yuan}.{cents:02d}", "fee", "费用") == fen
    assert validate_amount_yuan(f"{yuan:,}.{cents:02d}", "fee", "费用") == fen
    assert validate_amount_yuan(Decimal(fen) / 100, "fee", "费用") == fen


# --- collecting ---------------------------------------------------------------------------------


def test_ensure_no_errors() -> None:
    ensure_no_errors([])
    error = _error(ensure_no_errors, [FieldError("a", "甲"), FieldError("b", "乙")])
    assert str(error) == "甲；乙"


def test_error_collector_gathers_all_errors() -> None:
    with pytest.raises(ValidationError) as info, ErrorCollector() as errors:
        name = errors.check(require_text, "", "name", "姓名")
        phone = errors.check(validate_phone, "0335-1234567")
        fee = errors.check(validate_amount_yuan, "-1", "fee", "费用")
        assert errors.has_error("name") and not errors.has_error("phone")
        errors.add("id_number", "请填写身份证号码")
    assert (name, phone, fee) == (None, "0335-1234567", None)
    assert info.value.by_field == {
        "name": "请填写姓名",
        "fee": "费用不能为负数",
        "id_number": "请填写身份证号码",
    }


def test_error_collector_passes_when_clean_and_lets_other_exceptions_through() -> None:
    with ErrorCollector() as errors:
        assert errors.check(validate_phone, "12348") == "12348"
    assert not errors.has_errors
    errors.raise_if_any()

    with pytest.raises(KeyError), ErrorCollector() as errors:
        errors.add("name", "请填写姓名")
        raise KeyError("boom")


def test_error_collector_does_not_swallow_other_errors_from_checks() -> None:
    collector = ErrorCollector()
    with pytest.raises(ValueError, match="unknown division level"):
        collector.check(validate_division_code, "130302001000", min_level="street")
    assert not collector.has_errors
