"""Identity document numbers: resident ID numbers (GB 11643-1999) and other documents.

Resident ID number layout (18 characters): 6-digit address code, birth date YYYYMMDD, 3-digit
sequence (odd = male, even = female) and a check character (ISO 7064 MOD 11-2). Old 15-digit
numbers have a YYMMDD birth date (19YY) and no check character.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from workstation.domain.enums import DocumentType
from workstation.domain.errors import ValidationError

__all__ = [
    "DOCUMENT_TYPES",
    "ID_NUMBER_PREFIXES",
    "MAX_AGE_YEARS",
    "PROVINCE_CODES",
    "IdInfo",
    "check_char",
    "document_info",
    "make_resident_id",
    "mask_id_number",
    "normalize_id_number",
    "parse_resident_id",
    "upgrade_15_to_18",
    "validate_document_number",
]

#: Province-level codes of GB/T 2260 (first two digits of an address or division code).
PROVINCE_CODES: dict[str, str] = {
    "11": "北京市",
    "12": "天津市",
    "13": "河北省",
    "14": "山西省",
    "15": "内蒙古自治区",
    "21": "辽宁省",
    "22": "吉林省",
    "23": "黑龙江省",
    "31": "上海市",
    "32": "江苏省",
    "33": "浙江省",
    "34": "安徽省",
    "35": "福建省",
    "36": "江西省",
    "37": "山东省",
    "41": "河南省",
    "42": "湖北省",
    "43": "湖南省",
    "44": "广东省",
    "45": "广西壮族自治区",
    "46": "海南省",
    "50": "重庆市",
    "51": "四川省",
    "52": "贵州省",
    "53": "云南省",
    "54": "西藏自治区",
    "61": "陕西省",
    "62": "甘肃省",
    "63": "青海省",
    "64": "宁夏回族自治区",
    "65": "新疆维吾尔自治区",
    "71": "台湾省",
    "81": "香港特别行政区",
    "82": "澳门特别行政区",
}

#: Accepted first two digits of an 18-digit ID-format number. Residence permits for Hong Kong,
#: Macao and Taiwan residents share the format with prefixes 810000/820000/830000; "83" is not a
#: GB/T 2260 code but is used by Taiwan residents' permits.
ID_NUMBER_PREFIXES: frozenset[str] = frozenset(PROVINCE_CODES) | {"83"}

#: Birth dates further back than this are treated as typing errors.
MAX_AGE_YEARS = 130

#: Document type codes accepted by ``validate_document_number`` (see ``enums.DocumentType``).
DOCUMENT_TYPES: tuple[str, ...] = (
    "resident_id",
    "passport",
    "hmt_permit",
    "foreign_permanent",
    "other",
)

_FIELD = "id_number"
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"

# Full-width digits/letters (U+FF10-FF19, U+FF21-FF3A, U+FF41-FF5A) to half-width.
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B))}
_FULLWIDTH.update({cp: cp - 0xFEE0 for cp in range(0xFF41, 0xFF5B)})

_FULLWIDTH_PUNCT = {0xFF08: "(", 0xFF09: ")", 0xFF0D: "-"}

_ALNUM = re.compile(r"[0-9A-Z]+")
_OTHER_DOC = re.compile(r"[0-9A-Z\u3400-\u9fff\-()]+")


@dataclass(frozen=True)
class IdInfo:
    """What a valid resident ID number tells: birth date, sex and address code."""

    number: str  # normalized, as entered (15 or 18 characters)
    birth_date: date
    sex: str  # "male" / "female"
    region_code: str  # 6-digit address code where the number was first issued

    @property
    def number18(self) -> str:
        """The 18-character form (old 15-digit numbers upgraded)."""
        return self.number if len(self.number) == 18 else upgrade_15_to_18(self.number)

    def age_on(self, day: date) -> int:
        """Age in full years on ``day``."""
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years


def normalize_id_number(raw: str) -> str:
    """Remove all whitespace (incl. full-width), convert full-width digits/letters, upper-case."""
    if not raw:
        return ""
    return "".join(raw.split()).translate(_FULLWIDTH).upper()


def check_char(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character for the first 17 digits of an ID number."""
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise ValueError(f"expected 17 ASCII digits, got {first17!r}")
    total = sum(int(digit) * weight for digit, weight in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _fail(message: str) -> ValidationError:
    return ValidationError.single(_FIELD, message)


def _parse(raw: str, today: date | None, prefixes: frozenset[str]) -> IdInfo:
    number = normalize_id_number(raw)
    if not number:
        raise _fail("请填写身份证号码")
    length = len(number)
    if length not in (15, 18):
        raise _fail(f"身份证号码应为18位（旧号码为15位），现为{length}位")
    is_ascii_digits = number.isascii() and number.isdigit()
    if length == 18:
        body = number[:17]
        if not (body.isascii() and body.isdigit()) or not (
            number[17].isdigit() or number[17] == "X"
        ):
            raise _fail("身份证号码前17位应为数字，最后一位为数字或X")
    elif not is_ascii_digits:
        raise _fail("15位旧身份证号码应全部为数字")
    if number[:2] not in prefixes:
        raise _fail("身份证号码前两位不是有效的省级行政区划代码，请核对")

    if length == 18:
        year, month, day_of_month = int(number[6:10]), int(number[10:12]), int(number[12:14])
        date_text = number[6:14]
        sequence = number[14:17]
    else:
        year, month, day_of_month = 1900 + int(number[6:8]), int(number[8:10]), int(number[10:12])
        date_text = number[6:12]
        sequence = number[12:15]
    try:
        birth = date(year, month, day_of_month)
    except ValueError:
        raise _fail(f"身份证号码中的出生日期（{date_text}）不存在，请核对") from None
    today = today or date.today()
    if birth > today:
        raise _fail("身份证号码中的出生日期晚于今天，请核对")
    if birth < _years_before(today, MAX_AGE_YEARS):
        raise _fail(f"身份证号码中的出生日期距今超过{MAX_AGE_YEARS}年，请核对")

    if length == 18 and check_char(number[:17]) != number[17]:
        raise _fail("身份证号码校验位错误，请核对最后一位")

    sex = "male" if int(sequence[-1]) % 2 == 1 else "female"
    return IdInfo(number=number, birth_date=birth, sex=sex, region_code=number[:6])


def parse_resident_id(raw: str, *, today: date | None = None) -> IdInfo:
    """Validate a resident ID number (18, or old 15 digits) and read birth date, sex and region.

    Raises ``ValidationError`` on field "id_number" with a Chinese message.
    """
    return _parse(raw, today, ID_NUMBER_PREFIXES)


def upgrade_15_to_18(raw15: str) -> str:
    """Convert an old 15-digit number to 18 digits (insert "19", append the check character)."""
    number = normalize_id_number(raw15)
    if len(number) != 15:
        raise _fail(f"不是15位旧身份证号码（现为{len(number)}位）")
    _parse(number, None, ID_NUMBER_PREFIXES)
    first17 = number[:6] + "19" + number[6:]
    return first17 + check_char(first17)


def mask_id_number(number: str) -> str:
    """Mask a document number for display: 18/15 chars keep first 6 and last 4.

    Shorter numbers keep the first 3 and last 2 (8+ chars) or first and last (3-7 chars);
    1-2 characters are fully masked.
    """
    value = normalize_id_number(number)
    length = len(value)
    if length == 0:
        return ""
    if length >= 15:
        head, tail = 6, 4
    elif length >= 8:
        head, tail = 3, 2
    elif length >= 3:
        head, tail = 1, 1
    else:
        head, tail = 0, 0
    return value[:head] + "*" * (length - head - tail) + value[length - tail :]


def make_resident_id(region: str, birth: date, seq: int, sex: str) -> str:
    """Build a valid 18-digit number (demo data, tests).

    ``seq`` 0..499 becomes sequence code ``2*seq + 1`` for "male" and ``2*seq`` for "female".
    """
    if len(region) != 6 or not (region.isascii() and region.isdigit()):
        raise ValueError(f"region must be 6 digits, got {region!r}")
    if region[:2] not in ID_NUMBER_PREFIXES:
        raise ValueError(f"region {region!r} has no valid province prefix")
    if not 0 <= seq <= 499:
        raise ValueError(f"seq must be 0..499, got {seq}")
    if sex not in ("male", "female"):
        raise ValueError(f"sex must be 'male' or 'female', got {sex!r}")
    if not 1000 <= birth.year <= 9999:
        raise ValueError(f"birth year out of range: {birth.year}")
    sequence = 2 * seq + (1 if sex == "male" else 0)
    first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return first17 + check_char(first17)


_HMT_PREFIXES = frozenset({"81", "82", "83"})
_FOREIGN_OLD = re.compile(r"[A-Z]{3}[0-9]{12}")


def _foreign_permanent(number: str, today: date | None) -> IdInfo:
    """The 18-digit foreign permanent residence ID card (2023 edition): "9", the 2-digit
    province of the issuing office, a 3-digit nationality code, birth date YYYYMMDD, a 3-digit
    sequence (odd = male) and an ISO 7064 MOD 11-2 check character, as on resident ID cards."""
    if number[0] != "9":
        raise _fail("外国人永久居留身份证号码（新版）应以9开头")
    if number[1:3] not in PROVINCE_CODES:
        raise _fail("外国人永久居留身份证号码第2、3位不是有效的省级行政区划代码，请核对")
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise _fail(f"永久居留身份证号码中的出生日期（{number[6:14]}）不存在，请核对") from None
    today = today or date.today()
    if birth > today or birth < _years_before(today, MAX_AGE_YEARS):
        raise _fail("永久居留身份证号码中的出生日期不合理，请核对")
    if check_char(number[:17]) != number[17]:
        raise _fail("永久居留身份证号码校验位错误，请核对最后一位")
    sex = "male" if int(number[16]) % 2 == 1 else "female"
    return IdInfo(number=number, birth_date=birth, sex=sex, region_code=number[1:3] + "0000")


def _id_format(number: str) -> bool:
    """18 characters: 17 digits and a digit or X (the layout of resident IDs and permits)."""
    return (len(number) == 18 and number[:17].isascii() and number[:17].isdigit()
            and (number[17].isdigit() or number[17] == "X"))


def _recognised_type(number: str, today: date | None) -> str | None:
    """The document type a valid 18-character number belongs to, or None."""
    if not _id_format(number):
        return None
    try:
        if number[0] == "9":
            _foreign_permanent(number, today)
            return "foreign_permanent"
        _parse(number, today, ID_NUMBER_PREFIXES)
    except ValidationError:
        return None
    return "hmt_permit" if number[:2] in _HMT_PREFIXES else "resident_id"


def _wrong_type(number: str, typed_as: str, today: date | None) -> ValidationError | None:
    """A message naming the right document type when ``number`` is a valid number of another."""
    actual = _recognised_type(number, today)
    if actual is None or actual == typed_as:
        return None
    label = DocumentType(actual).label
    return _fail(f"这是{label}号码，请将证件类型选为“{label}”")


def document_info(doc_type: str, number: str, *, today: date | None = None) -> IdInfo | None:
    """Birth date and sex read from a valid number of a document that carries them: the
    resident ID card, the residence permit of Hong Kong, Macao and Taiwan residents (same layout)
    and the 18-digit foreign permanent residence ID card. None for other documents or numbers
    that do not validate."""
    value = normalize_id_number(number)
    try:
        if doc_type == "resident_id":
            return parse_resident_id(value, today=today)
        if doc_type == "hmt_permit" and _id_format(value) and value[:2] in _HMT_PREFIXES:
            return _parse(value, today, _HMT_PREFIXES)
        if doc_type == "foreign_permanent" and _id_format(value):
            return _foreign_permanent(value, today)
    except ValidationError:
        return None
    return None


def _generic_number(number: str, label: str) -> str:
    value = normalize_id_number(number)
    if not value:
        raise _fail(f"请填写{label}号码")
    if not _ALNUM.fullmatch(value):
        raise _fail(f"{label}号码只能包含字母和数字")
    if not 5 <= len(value) <= 20:
        raise _fail(f"{label}号码应为5至20位字母或数字，现为{len(value)}位")
    return value


def validate_document_number(doc_type: str, number: str, *, today: date | None = None) -> str:
    """Validate a document number of the given type and return it normalized.

    ``doc_type``: "resident_id", "passport", "hmt_permit", "foreign_permanent" or "other".
    A valid number of another document type typed under this one is refused with a message
    that names the right type. Raises ``ValidationError`` on field "id_number" (or
    "document_type" for an unknown type).
    """
    value = normalize_id_number(number)
    if doc_type in ("resident_id", "passport", "hmt_permit", "foreign_permanent"):
        wrong = _wrong_type(value, doc_type, today)
        if wrong is not None:
            raise wrong
    if doc_type == "resident_id":
        if _id_format(value) and value[0] == "9":
            label = DocumentType.FOREIGN_PERMANENT.label
            raise _fail(f"以9开头的18位号码是{label}号码，请将证件类型选为“{label}”")
        return parse_resident_id(value, today=today).number
    if doc_type == "passport":
        return _generic_number(value, "护照")
    if doc_type == "hmt_permit":
        if len(value) == 18 and value[:2] in _HMT_PREFIXES:
            # Residence permit: same layout and check character as a resident ID number.
            try:
                return _parse(value, today, _HMT_PREFIXES).number
            except ValidationError as exc:
                message = exc.errors[0].message.replace("身份证号码", "居住证号码")
                raise _fail(message) from None
        return _generic_number(value, "港澳台证件")
    if doc_type == "foreign_permanent":
        if not value:
            raise _fail("请填写永久居留身份证号码")
        if len(value) == 18:
            if not _id_format(value):
                raise _fail("永久居留身份证号码（新版）前17位应为数字，最后一位为数字或X")
            return _foreign_permanent(value, today).number
        if not _FOREIGN_OLD.fullmatch(value):
            raise _fail("外国人永久居留身份证号码应为以9开头的18位数字（新版），"
                        "或3位字母加12位数字（旧版），请核对")
        return value
    if doc_type == "other":
        value = value.translate(_FULLWIDTH_PUNCT)
        if not value:
            raise _fail("请填写证件号码")
        if not _OTHER_DOC.fullmatch(value):
            raise _fail("证件号码只能包含汉字、字母、数字、短横线和括号")
        if not 2 <= len(value) <= 30:
            raise _fail(f"证件号码应为2至30个字符，现为{len(value)}个")
        return value
    raise ValidationError.single("document_type", "请选择证件类型")
