"""Chinese numerals for counts (一式三份), amounts in words (大写) and the amounts an
agreement's terms state, compared with its amount field."""

from __future__ import annotations

import pytest

from workstation.domain.numerals import (
    amount_disagreement,
    capital_amount,
    cn_number,
    money_mentions,
    parse_cn_numeral,
    terms_total,
)


@pytest.mark.parametrize(("n", "words"), [
    (0, "零"), (1, "一"), (2, "二"), (3, "三"), (4, "四"), (10, "十"), (11, "十一"), (12, "十二"),
    (20, "二十"), (21, "二十一"), (100, "一百"), (101, "一百零一"), (105, "一百零五"),
    (110, "一百一十"), (1005, "一千零五"), (1050, "一千零五十"), (10000, "一万"),
    (10050, "一万零五十"), (100000, "十万"), (120000, "十二万"), (1000005, "一百万零五"),
    (10001000, "一千万一千"), (100010000, "一亿零一万"),
])
def test_counts_in_lower_case_numerals(n: int, words: str) -> None:
    assert cn_number(n) == words
    assert parse_cn_numeral(words) == n


def test_two_before_a_measure_word() -> None:
    assert cn_number(2, measure=True) == "两"
    assert cn_number(12, measure=True) == "十二"
    assert cn_number(3, measure=True) == "三"


def test_negative_counts_and_amounts_are_refused() -> None:
    with pytest.raises(ValueError):
        cn_number(-1)
    with pytest.raises(ValueError):
        capital_amount(-100)


@pytest.mark.parametrize(("fen", "words"), [
    (1_200_000, "人民币壹万贰仟元整"),
    (150_000, "人民币壹仟伍佰元整"),
    (100_500, "人民币壹仟零伍元整"),
    (1_005_000, "人民币壹万零伍拾元整"),
    (10_000_000, "人民币壹拾万元整"),
    (10_005_000, "人民币壹拾万零伍拾元整"),
    (100_000_500, "人民币壹佰万零伍元整"),
    (1_000_005_000, "人民币壹仟万零伍拾元整"),
    (10_050, "人民币壹佰元零伍角"),
    (12_350, "人民币壹佰贰拾叁元伍角"),
    (100_005, "人民币壹仟元零伍分"),
    (168_032, "人民币壹仟陆佰捌拾元零叁角贰分"),
    (123_456_789, "人民币壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分"),
    (50, "人民币伍角"),
    (5, "人民币伍分"),
    (0, "人民币零元整"),
])
def test_amounts_in_words(fen: int, words: str) -> None:
    assert capital_amount(fen) == words
    assert capital_amount(fen, prefix="") == words.removeprefix("人民币")


@pytest.mark.parametrize(("text", "value"), [
    ("一万二千", 12000), ("壹佰零伍", 105), ("十五", 15), ("两千", 2000), ("伍仟", 5000),
    ("壹拾万零伍拾", 100050), ("三亿零五万", 300050000), ("零", 0),
    ("", None), ("一二", None), ("五元", None), ("abc", None),
])
def test_parse_chinese_numerals(text: str, value: int | None) -> None:
    assert parse_cn_numeral(text) == value


@pytest.mark.parametrize(("terms", "fen"), [
    ("被申请人赔偿申请人医疗费3000元。", 300_000),
    ("赔偿医疗费3000元、误工费1.2万元。", 1_500_000),
    ("一次性支付人民币伍仟元整。", 500_000),
    ("赔偿损失五百元。", 50_000),
    ("支付工程款12,500.50元。", 1_250_050),
    ("支付¥800。", 80_000),
    ("支付一万二千元。", 1_200_000),
    ("赔偿人民币伍仟元（5000元）。", 500_000),
    ("赔偿5000元（大写：人民币伍仟元整）。", 500_000),
    ("共计赔偿8000元，其中医疗费3000元，误工费5000元。", 800_000),
    ("医疗费3000元，误工费5000元，合计8000元。", 800_000),
    ("于2026年5月3日前支付3000元，余款2000元于6月1日前付清。", 500_000),
    ("伍佰元叁角", 50_030),
])
def test_amounts_stated_in_terms(terms: str, fen: int) -> None:
    assert terms_total(terms) == fen


def test_mentions_keep_their_text_and_place() -> None:
    terms = "一、赔偿医疗费3000元；二、赔偿误工费1.2万元。"
    [first, second] = money_mentions(terms)
    assert (first.text, first.fen) == ("3000元", 300_000)
    assert (second.text, second.fen) == ("1.2万元", 1_200_000)
    assert terms[first.start:first.end] == "3000元"
    assert not first.periodic and not first.total


@pytest.mark.parametrize("terms", [
    "被申请人每月支付赡养费500元。", "按月支付生活费800元。", "租金为600元/月。",
    "十日内疏通排水沟；申请人不再追究。", "于十五日内赔礼道歉。", "二〇二六年元旦前搬离。",
    "3单元的住户共同维修。",
])
def test_no_comparable_sum(terms: str) -> None:
    assert terms_total(terms) is None


def test_disagreement_messages() -> None:
    assert amount_disagreement("赔偿医疗费3000元。", 300_000) is None
    assert amount_disagreement("赔礼道歉。", 0) is None
    assert amount_disagreement("每月支付赡养费500元。", 600_000) is None  # cannot be compared
    assert amount_disagreement("赔偿医疗费3000元、误工费1.2万元。", 300_000) == (
        "协议内容中写明的金额（3000元、1.2万元）合计15000元，与协议金额3000元不一致。")
    assert amount_disagreement("赔偿医疗费3000元。", 0) == (
        "协议内容中写明的金额（3000元）合计3000元，但协议金额未填写。")
    assert "没有写明金额" in (amount_disagreement("赔礼道歉。", 12_550) or "")
    assert "125.50元" in (amount_disagreement("赔礼道歉。", 12_550) or "")


def test_agreement_warnings_name_the_amount_and_the_copies() -> None:
    from datetime import date

    from workstation.domain.inputs import AgreementInput

    agreed = AgreementInput(form="written", terms="赔偿医疗费3000元。",
                            effective_on=date(2026, 5, 3), performance_manner="现金",
                            amount_agreed_fen=300_000, copies=3)
    assert agreed.warnings(2) == []
    assert agreed.warnings() == []
    [copies] = agreed.warnings(3)
    assert copies == "协议份数为3份，少于当事人各执一份、人民调解委员会留存一份所需的4份。"
    from dataclasses import replace

    [amount] = replace(agreed, amount_agreed_fen=500_000).warnings(2)
    assert "与协议金额5000元不一致" in amount
    assert replace(agreed, form="oral", copies=1).warnings(3) == []
