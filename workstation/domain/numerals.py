"""Chinese numerals on forms, and the money amounts written in an agreement's terms.

- ``cn_number(3)`` → ``三``: counts written in words ("本协议一式三份", "共十二页").
- ``capital_amount(1_200_000)`` → ``人民币壹万贰仟元整``: an amount in words (大写), by the rules of
  the People's Bank for bills (元 is followed by 整 when there are no 角/分; 分 never is;
  a gap of zeros inside the number is read as one 零: 壹仟零伍元, 壹拾万零伍拾元).
- ``money_mentions(terms)`` finds the amounts a text states ("赔偿医疗费3000元", "1.2万元",
  "人民币伍仟元整", "五百元"), and ``terms_total`` / ``amount_disagreement`` compare them with the
  agreement's amount field: a warning the mediator may confirm, never a hard rule (terms may
  state instalments, earlier payments or amounts in kind).

All amounts are integer fen (分), like every amount in the data model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

__all__ = [
    "MoneyMention",
    "amount_disagreement",
    "capital_amount",
    "cn_number",
    "money_mentions",
    "parse_cn_numeral",
    "terms_total",
]

_SMALL = "零一二三四五六七八九"
_CAPITAL = "零壹贰叁肆伍陆柒捌玖"


def _four_digits(n: int, digits: str, units: tuple[str, str, str], *, lead: bool) -> str:
    """0 < n < 10000 in words; a gap of zeros inside is one 零, trailing zeros are not read.
    ``lead``: the group begins the number (lower-case style shortens 一十 to 十 there)."""
    out: list[str] = []
    zero = False
    for value, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        d = n // value % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out.append(digits[0])
            zero = False
        if lead and not out and value == 10 and d == 1 and digits == _SMALL:
            out.append(unit)
        else:
            out.append(digits[d] + unit)
    return "".join(out)


def _integer_words(n: int, digits: str, units: tuple[str, str, str]) -> str:
    """n > 0 in words with 万/亿 groups of four digits."""
    groups: list[int] = []
    while n:
        n, rest = divmod(n, 10000)
        groups.append(rest)
    big = ["", "万", "亿", "万亿"]
    out = ""
    gap = False
    for i in range(len(groups) - 1, -1, -1):
        g = groups[i]
        if g == 0:
            gap = bool(out)
            continue
        if out and (gap or g < 1000):
            out += digits[0]
        out += _four_digits(g, digits, units, lead=not out) + big[i]
        gap = False
    return out


def cn_number(n: int, *, measure: bool = False) -> str:
    """A number in lower-case Chinese numerals: 0 → 零, 3 → 三, 10 → 十, 12 → 十二,
    105 → 一百零五. ``measure``: a count before a measure word, where two alone is 两 (两份)."""
    if n < 0:
        raise ValueError("negative count")
    if measure and n == 2:
        return "两"
    if n == 0:
        return _SMALL[0]
    return _integer_words(n, _SMALL, ("十", "百", "千"))


def capital_amount(fen: int, *, prefix: str = "人民币") -> str:
    """An amount in words (大写): 1_200_000 fen → 人民币壹万贰仟元整; 10_050 → 人民币壹佰元零伍角;
    100_005 → 人民币壹仟元零伍分; 0 → 人民币零元整."""
    if fen < 0:
        raise ValueError("negative amount")
    yuan, rest = divmod(int(fen), 100)
    jiao, cents = divmod(rest, 10)
    words = _integer_words(yuan, _CAPITAL, ("拾", "佰", "仟")) if yuan else ""
    if yuan:
        words += "元"
    if not jiao and not cents:
        return prefix + (words or "零元") + "整"
    if jiao:
        if yuan and yuan % 10 == 0:
            words += "零"
        words += _CAPITAL[jiao] + "角"
    if cents:
        if yuan and not jiao:
            words += "零"
        words += _CAPITAL[cents] + "分"
    return prefix + words


# --- reading amounts in text ------------------------------------------------------------

_DIGIT_VALUES = {**{c: i for i, c in enumerate(_SMALL)}, **{c: i for i, c in enumerate(_CAPITAL)},
                 "〇": 0, "两": 2}
_UNIT_VALUES = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG_VALUES = {"万": 10_000, "亿": 100_000_000}
_NUMERAL_CHARS = "".join(_DIGIT_VALUES) + "".join(_UNIT_VALUES) + "".join(_BIG_VALUES)


def parse_cn_numeral(text: str) -> int | None:
    """An integer written in Chinese numerals (either style): 一万二千 → 12000, 壹佰零伍 → 105,
    十五 → 15, 两千 → 2000; None when ``text`` is not one."""
    if not text or any(c not in _NUMERAL_CHARS for c in text):
        return None
    yi = wan = section = 0
    digit: int | None = None
    for c in text:
        if c in _DIGIT_VALUES:
            value = _DIGIT_VALUES[c]
            if digit and value:
                return None  # two digits in a row (一二): not a number as forms write one
            digit = value
        elif c in _UNIT_VALUES:
            section += (1 if digit is None else digit) * _UNIT_VALUES[c]
            digit = None
        elif c == "万":
            wan += (section + (digit or 0)) * 10_000
            section, digit = 0, None
        else:  # 亿
            yi += (wan + section + (digit or 0)) * 100_000_000
            wan = section = 0
            digit = None
    value = yi + wan + section + (digit or 0)
    return value or (0 if set(text) <= set("零〇") else None)


@dataclass(frozen=True)
class MoneyMention:
    """One amount stated in a text."""

    fen: int
    start: int
    end: int
    text: str
    #: Per month / year / ... (赡养费每月500元): not a sum that can be compared.
    periodic: bool = False
    #: Introduced as a total (共计, 合计, 总计 ...): the items beside it are parts of it.
    total: bool = False


_ARABIC = (r"(?<![\d.])(?P<num>\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
           r"\s*(?P<mult>[千万亿]?)\s*元")
_CHINESE = (rf"(?P<cn>[{_NUMERAL_CHARS}]+)元"
            rf"(?:(?P<jiao>[{_SMALL}{_CAPITAL}])角)?(?:(?P<fen>[{_SMALL}{_CAPITAL}])分)?")
_YEN = r"[¥￥]\s*(?P<yen>\d+(?:\.\d+)?)"
_MONEY = re.compile(f"{_ARABIC}|{_CHINESE}|{_YEN}")
_MULTIPLIERS = {"": 1, "千": 1000, "万": 10_000, "亿": 100_000_000}
_CLAUSE_END = "，。；;,\n：:！？、"
#: A rate, not a sum: 每月500元, 按月支付500元, 500元/月, 5元每斤.
_PERIODIC_BEFORE = re.compile(r"每|按(月|年|季|日|天|周|期|亩|人)")
_PERIODIC_AFTER = re.compile(r"^\s*(/|每)")
_TOTAL_BEFORE = re.compile(r"共计|合计|总计|总共|一共|总额|总金额|总价款|共(?!同)")
#: What may stand between an amount in figures and the same amount in words (or back).
_RESTATEMENT_GAP = re.compile(r"^[\s（(：:，,）)大写小写即人民币]*$")


def _clause_before(text: str, start: int, width: int = 12) -> str:
    window = text[max(0, start - width):start]
    cut = max(window.rfind(c) for c in _CLAUSE_END)
    return window[cut + 1:]


def _fen_of(match: re.Match[str]) -> int | None:
    try:
        if match.group("num") is not None:
            raw = match.group("num").replace(",", "").replace("，", "")
            value = Decimal(raw) * _MULTIPLIERS[match.group("mult")]
            return int((value * 100).to_integral_value())
        if match.group("yen") is not None:
            return int((Decimal(match.group("yen")) * 100).to_integral_value())
    except InvalidOperation:
        return None
    words = match.group("cn")
    yuan = parse_cn_numeral(words.lstrip("零〇")) if words.strip("零〇") else 0
    if yuan is None:
        return None
    jiao = _DIGIT_VALUES.get(match.group("jiao") or "零", 0)
    cents = _DIGIT_VALUES.get(match.group("fen") or "零", 0)
    return yuan * 100 + jiao * 10 + cents


def money_mentions(text: str) -> list[MoneyMention]:
    """Every amount ``text`` states, in order. An amount restated at once in the other style
    ("5000元（大写：伍仟元整）", "人民币伍仟元（5000元）") is one mention."""
    found: list[MoneyMention] = []
    for match in _MONEY.finditer(text):
        fen = _fen_of(match)
        if fen is None:
            continue
        start, end = match.span()
        if match.group("cn") is not None:
            start += len(match.group("cn")) - len(match.group("cn").lstrip("零〇"))
        before = _clause_before(text, start)
        after = text[end:end + 6]
        if end < len(text) and text[end] in "整正":
            end += 1
        mention = MoneyMention(
            fen=fen, start=start, end=end, text=text[start:end],
            periodic=bool(_PERIODIC_BEFORE.search(before) or _PERIODIC_AFTER.match(after)),
            total=bool(_TOTAL_BEFORE.search(before)),
        )
        if found and found[-1].fen == fen and _RESTATEMENT_GAP.match(
                text[found[-1].end:start]):
            continue
        found.append(mention)
    return found


def terms_total(text: str) -> int | None:
    """The sum of money the terms state, in fen: the amounts named as totals (共计…) if any,
    else every amount. None when the terms state no amount or a periodic one (每月…元), which
    cannot be summed."""
    mentions = money_mentions(text)
    if not mentions or any(m.periodic for m in mentions):
        return None
    totals = [m.fen for m in mentions if m.total]
    return sum(totals) if totals else sum(m.fen for m in mentions)


def _yuan(fen: int) -> str:
    whole, cents = divmod(fen, 100)
    return f"{whole}元" if cents == 0 else f"{whole}.{cents:02d}元"


def amount_disagreement(terms: str, agreed_fen: int) -> str | None:
    """Why the agreement's amount field does not match the amounts its terms state (Chinese),
    or None when they agree or cannot be compared (periodic payments)."""
    mentions = money_mentions(terms)
    if any(m.periodic for m in mentions):
        return None
    total = terms_total(terms)
    if total is None:
        if agreed_fen:
            return (f"协议金额填写为{_yuan(agreed_fen)}，但协议内容中没有写明金额。"
                    "协议书应在协议内容中写明给付的金额。")
        return None
    if total == agreed_fen:
        return None
    listed = "、".join(m.text for m in mentions)
    if not agreed_fen:
        return f"协议内容中写明的金额（{listed}）合计{_yuan(total)}，但协议金额未填写。"
    return (f"协议内容中写明的金额（{listed}）合计{_yuan(total)}，"
            f"与协议金额{_yuan(agreed_fen)}不一致。")
