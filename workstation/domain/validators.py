"""Field validators: phone numbers, required text, dates, division codes and money amounts.

Every validator returns the cleaned value or raises ``ValidationError`` with a Chinese message.
Use ``ErrorCollector`` to run several validators and report all problems at once::

    with ErrorCollector() as errors:
        name = errors.check(require_text, form.name, "name", "姓名", max_len=50)
        phone = errors.check(validate_phone, form.phone)
    # leaving the block raises ValidationError if any check failed
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from types import TracebackType
from typing import ParamSpec, TypeVar

from workstation.domain.errors import FieldError, ValidationError
from workstation.domain.identity import PROVINCE_CODES

__all__ = [
    "DIVISION_LEVELS",
    "MAX_AMOUNT_YUAN",
    "PHONE_FORMAT_MESSAGE",
    "ErrorCollector",
    "check_encodable",
    "ensure_no_errors",
    "normalize_phone",
    "require_text",
    "validate_amount_yuan",
    "validate_date_order",
    "validate_division_code",
    "validate_past_or_today",
    "validate_phone",
]

P = ParamSpec("P")
T = TypeVar("T")

# Full-width digits, letters and the punctuation people type in numbers, to half-width.
_HALF_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−"), "-")


def _to_half_width(text: str) -> str:
    return "".join(text.split()).translate(_HALF_WIDTH).translate(_DASHES)


# --- phone numbers -----------------------------------------------------------------------------

PHONE_FORMAT_MESSAGE = "电话号码格式不正确：手机号为11位数字，座机请带区号，如 0335-1234567"

_MOBILE = re.compile(r"(?:\+?86-?|0086-?)?(1[3-9]\d)-?(\d{4})-?(\d{4})")
_HOTLINE = re.compile(r"([48]00)-?(\d{3})-?(\d{4})")
_SERVICE = re.compile(r"11[02049]|12[02]|1[0-2]\d{3}|9[56]\d{3,4}")
_EXTENSION = r"(?:(?:-|转|分机|EXT\.?|X|#)(?P<ext>\d{1,6}))?"
_LANDLINE = re.compile(
    r"(?:\((?P<a1>0\d{2,3})\)-?(?P<l1>\d{7,8})"
    r"|(?P<a2>0\d{2,3})-(?P<l2>\d{7,8})"
    r"|(?P<joined>0\d{9,11}))" + _EXTENSION
)


def normalize_phone(raw: str | None) -> str:
    """Clean characters only: drop whitespace, full-width to half-width, unify dashes."""
    if not raw:
        return ""
    return _to_half_width(raw).upper()


def _area_code_length(area_or_number: str) -> int:
    """Area codes 010 and 02x have 3 digits; all others have 4."""
    return 3 if area_or_number[1] in "12" else 4


def validate_phone(raw: str | None, field: str = "phone") -> str:
    """Validate a phone number and return it in a canonical form.

    Mobile → "13812345678"; landline → "0335-1234567" (extension → "0335-1234567-123");
    400/800 → "4001234567"; service numbers such as "12348" as they are.
    """
    text = normalize_phone(raw)
    if not text:
        raise ValidationError.single(field, "请填写联系电话")

    if m := _MOBILE.fullmatch(text):
        return "".join(m.groups())
    if m := _HOTLINE.fullmatch(text):
        return "".join(m.groups())
    if _SERVICE.fullmatch(text):
        return text
    if m := _LANDLINE.fullmatch(text):
        extension = m.group("ext")
        if joined := m.group("joined"):
            size = _area_code_length(joined)
            area, local = joined[:size], joined[size:]
        else:
            area = m.group("a1") or m.group("a2")
            local = m.group("l1") or m.group("l2")
        # 3-digit area codes (010, 02x) have 8-digit local numbers; others 7 or 8.
        local_ok = len(local) == 8 or (len(local) == 7 and len(area) == 4)
        if len(area) == _area_code_length(area) and local_ok and local[0] != "0":
            return f"{area}-{local}" + (f"-{extension}" if extension else "")
    if text.isdigit() and text.startswith("1") and len(text) in (10, 12):
        raise ValidationError.single(field, f"手机号应为11位数字，现为{len(text)}位")
    raise ValidationError.single(field, PHONE_FORMAT_MESSAGE)


# --- text and dates ----------------------------------------------------------------------------


def require_text(value: str | None, field: str, label: str, *, max_len: int | None = None) -> str:
    """Stripped non-empty text of at most ``max_len`` characters (code points, so 𠮷 counts 1)."""
    text = (value or "").strip()
    if not text:
        raise ValidationError.single(field, f"请填写{label}")
    if max_len is not None and len(text) > max_len:
        raise ValidationError.single(field, f"{label}不能超过{max_len}个字")
    check_encodable(text, field, label)
    return text


def check_encodable(text: str, field: str, label: str) -> None:
    """Refuse text that cannot be stored (a lone UTF-16 surrogate from a broken paste)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError.single(
            field, f"{label}中有无法识别的字符，请删除后重新输入") from None


def _chinese_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _as_date(d: date) -> date:
    return d.date() if isinstance(d, datetime) else d


def validate_past_or_today(
    d: date | None,
    field: str,
    label: str,
    *,
    today: date | None = None,
    earliest: date | None = None,
) -> date:
    """A date that is not in the future and, if given, not before ``earliest``."""
    if d is None:
        raise ValidationError.single(field, f"请填写{label}")
    day = _as_date(d)
    if day > _as_date(today or date.today()):
        raise ValidationError.single(field, f"{label}不能晚于今天")
    if earliest is not None and day < _as_date(earliest):
        raise ValidationError.single(field, f"{label}不能早于{_chinese_date(earliest)}")
    return d


def validate_date_order(first: date | None, second: date | None, field: str, message: str) -> None:
    """Fail with ``message`` on ``field`` if ``second`` is before ``first`` (equal is fine).

    Missing dates are not checked here (use ``validate_past_or_today`` or a required check).
    """
    if first is None or second is None:
        return
    if _as_date(second) < _as_date(first):
        raise ValidationError.single(field, message)


# --- administrative division codes -------------------------------------------------------------

#: Levels of a 12-digit statistical division code and their segments' end positions.
DIVISION_LEVELS: dict[str, int] = {
    "province": 2,
    "city": 4,
    "county": 6,
    "township": 9,
    "village": 12,
}
_LEVEL_NAMES = {
    "province": "省级",
    "city": "地市级",
    "county": "县级",
    "township": "乡镇（街道）级",
    "village": "村（社区）级",
}


def _division_level(code: str) -> str:
    """Deepest level with a non-zero segment."""
    level = "province"
    start = 0
    for name, end in DIVISION_LEVELS.items():
        if int(code[start:end]):
            level = name
        start = end
    return level


def validate_division_code(
    code: str | None, *, field: str = "division_code", min_level: str = "township"
) -> str:
    """A 12-digit statistical division code at ``min_level`` or below (default: township).

    Township codes are 9 digits padded with "000"; village codes use all 12 digits. The first two
    digits must be a GB/T 2260 province code and a zero segment may not have non-zero below it.
    """
    if min_level not in DIVISION_LEVELS:
        raise ValueError(f"unknown division level {min_level!r}")
    text = _to_half_width(code or "")
    if not text:
        raise ValidationError.single(field, "请填写区划代码")
    if not (text.isascii() and text.isdigit()):
        raise ValidationError.single(field, "区划代码只能包含数字")
    if len(text) == 6:
        raise ValidationError.single(
            field, "请填写12位区划代码（乡镇为9位加3个0，村为12位），现为6位县级代码"
        )
    if len(text) == 9:
        raise ValidationError.single(field, "请填写12位区划代码：乡镇（街道）的9位代码后补3个0")
    if len(text) != 12:
        raise ValidationError.single(field, f"区划代码应为12位数字，现为{len(text)}位")
    if text[:2] not in PROVINCE_CODES:
        raise ValidationError.single(field, "区划代码前两位不是有效的省级代码，请核对")
    seen_zero = False
    start = 0
    for end in DIVISION_LEVELS.values():
        segment_zero = not int(text[start:end])
        if seen_zero and not segment_zero:
            raise ValidationError.single(field, "区划代码层级不连续，请核对")
        seen_zero = seen_zero or segment_zero
        start = end
    level = _division_level(text)
    if DIVISION_LEVELS[level] < DIVISION_LEVELS[min_level]:
        raise ValidationError.single(
            field,
            f"请填写{_LEVEL_NAMES[min_level]}或以下的区划代码，该代码为{_LEVEL_NAMES[level]}代码",
        )
    return text


# --- money ---------------------------------------------------------------------------------------

#: Amounts above this many yuan are treated as typing errors.
MAX_AMOUNT_YUAN = Decimal(10) ** 11

_AMOUNT = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")


def validate_amount_yuan(text: str | Decimal | int | float | None, field: str, label: str) -> int:
    """Parse an amount in yuan ("1,234.5", "¥1234.50", 1234) and return it in fen (int)."""
    format_error = ValidationError.single(field, f"{label}格式不正确，请填写数字，如 1234.50")
    if text is None:
        raise ValidationError.single(field, f"请填写{label}")
    if isinstance(text, bool):
        raise format_error
    if isinstance(text, Decimal):
        amount = text
    elif isinstance(text, int):
        amount = Decimal(text)
    elif isinstance(text, float):
        amount = Decimal(repr(text))
    else:
        cleaned = _to_half_width(str(text)).lstrip("¥￥").removesuffix("元")
        if not cleaned:
            raise ValidationError.single(field, f"请填写{label}")
        if not _AMOUNT.fullmatch(cleaned):
            raise format_error
        try:
            amount = Decimal(cleaned.replace(",", ""))
        except InvalidOperation:
            raise format_error from None
    if not amount.is_finite():
        raise format_error
    if amount < 0:
        raise ValidationError.single(field, f"{label}不能为负数")
    if amount > MAX_AMOUNT_YUAN:
        raise ValidationError.single(field, f"{label}数额过大，请核对")
    fen = amount * 100
    if fen != fen.to_integral_value():
        raise ValidationError.single(field, f"{label}最多保留两位小数（精确到分）")
    return int(fen)


# --- collecting errors -------------------------------------------------------------------------


def ensure_no_errors(errors: list[FieldError]) -> None:
    """Raise ``ValidationError`` carrying ``errors`` if there are any."""
    if errors:
        raise ValidationError(errors)


class ErrorCollector:
    """Run several validators and gather all their field errors instead of stopping at the first.

    As a context manager it raises ``ValidationError`` on leaving the block if anything failed
    (unless another exception is already propagating).
    """

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def check(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T | None:
        """Return ``fn(*args, **kwargs)``, or record its ``ValidationError`` and return None."""
        try:
            return fn(*args, **kwargs)
        except ValidationError as exc:
            self.errors.extend(exc.errors)
            return None

    def add(self, field: str, message: str) -> None:
        """Record an error found by the caller's own logic."""
        self.errors.append(FieldError(field, message))

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)

    def has_error(self, field: str) -> bool:
        """Whether ``field`` already failed (to skip dependent checks)."""
        return any(error.field == field for error in self.errors)

    def raise_if_any(self) -> None:
        ensure_no_errors(self.errors)

    def __enter__(self) -> ErrorCollector:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.raise_if_any()
