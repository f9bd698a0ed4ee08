"""Legal service guidance (法律服务指引): the providers a station sends citizens to, and
what a citizen should bring to each.

When a consultation is handed on (handling result 引导至律师 / 公证 / 司法鉴定 / 法院, 转法律援助,
转其他部门), the operator picks a provider from the station's directory and prints a
guidance slip (法律服务指引单) naming where to go, the phone, the hours and the materials to bring.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .enums import ConsultationTopic, HandlingResult, LabeledEnum
from .validators import ErrorCollector, check_encodable, require_text, validate_phone


class ProviderKind(LabeledEnum):
    LAW_FIRM = "law_firm", "律师事务所"
    NOTARY = "notary", "公证机构"
    APPRAISAL = "appraisal", "司法鉴定机构"
    LEGAL_AID = "legal_aid", "法律援助中心"
    COURT = "court", "人民法院"
    ARBITRATION = "arbitration", "仲裁委员会"
    PETITION = "petition", "信访部门"
    OTHER = "other", "其他"


#: Handling results that send the citizen to a provider, with the kinds that fit each
#: (the first is suggested; any provider may still be picked).
REFERRAL_KINDS: dict[str, tuple[ProviderKind, ...]] = {
    HandlingResult.TO_LEGAL_AID.value: (ProviderKind.LEGAL_AID,),
    HandlingResult.TO_LAWYER.value: (ProviderKind.LAW_FIRM,),
    HandlingResult.TO_NOTARY.value: (ProviderKind.NOTARY,),
    HandlingResult.TO_APPRAISAL.value: (ProviderKind.APPRAISAL,),
    HandlingResult.TO_COURT.value: (ProviderKind.COURT,),
    HandlingResult.TO_OTHER_DEPARTMENT.value: (
        ProviderKind.ARBITRATION, ProviderKind.PETITION, ProviderKind.OTHER),
}


_KIND_WORDS: dict[str, ProviderKind] = {
    "律所": ProviderKind.LAW_FIRM, "律师": ProviderKind.LAW_FIRM,
    "律师事务所": ProviderKind.LAW_FIRM,
    "公证": ProviderKind.NOTARY, "公证处": ProviderKind.NOTARY,
    "司法鉴定": ProviderKind.APPRAISAL, "鉴定机构": ProviderKind.APPRAISAL,
    "司法鉴定所": ProviderKind.APPRAISAL,
    "法律援助": ProviderKind.LEGAL_AID, "法援中心": ProviderKind.LEGAL_AID,
    "法院": ProviderKind.COURT, "人民法庭": ProviderKind.COURT,
    "仲裁": ProviderKind.ARBITRATION, "仲裁委": ProviderKind.ARBITRATION,
    "劳动人事争议仲裁委员会": ProviderKind.ARBITRATION,
    "信访": ProviderKind.PETITION, "信访局": ProviderKind.PETITION,
    "信访办": ProviderKind.PETITION,
}


def parse_kind(text: str | None) -> ProviderKind | None:
    """A provider kind from its code, its label or a common short name (律所, 法院, 信访局);
    None when nothing matches."""
    value = (text or "").strip()
    if not value:
        return None
    for kind in ProviderKind:
        if value in (kind.value, kind.label):
            return kind
    return _KIND_WORDS.get(value)


def is_referral(handling_result: str | None) -> bool:
    """Whether a consultation with this result sends the citizen to an outside provider."""
    return (handling_result or "") in REFERRAL_KINDS


def suggested_kinds(handling_result: str | None) -> tuple[ProviderKind, ...]:
    return REFERRAL_KINDS.get(handling_result or "", ())


# --- what to bring ----------------------------------------------------------------------------

IDENTITY = "本人居民身份证（原件及复印件）；委托他人办理的，另带授权委托书和受托人身份证"
SLIP = "本指引单"

_BY_KIND: dict[ProviderKind, tuple[str, ...]] = {
    ProviderKind.LAW_FIRM: (
        "与纠纷有关的合同、借条、票据、聊天记录、照片等证据材料",
        "对方当事人的姓名（名称）、住址和联系方式",
    ),
    ProviderKind.NOTARY: (
        "户口簿",
        "需要公证的文书或证件原件（如合同、房产证、学历证书等）",
    ),
    ProviderKind.APPRAISAL: (
        "委托鉴定的书面材料（由法院等办案机关委托的，带委托书）",
        "与鉴定事项有关的材料（如病历、诊断证明、影像资料、检材等）",
    ),
    ProviderKind.LEGAL_AID: (
        "户口簿或居住证",
        "经济困难状况说明或个人诚信承诺书（可在法律援助中心现场填写）",
        "与申请事项有关的证据材料",
    ),
    ProviderKind.COURT: (
        "起诉状（按被告人数提交副本）",
        "证据材料及证据清单",
        "被告的姓名（名称）、住址等身份信息",
    ),
    ProviderKind.ARBITRATION: (
        "仲裁申请书（按被申请人数提交副本）",
        "证明劳动关系或合同关系的材料及其他证据",
    ),
    ProviderKind.PETITION: (
        "写明诉求、事实和理由的书面材料",
        "与信访事项有关的证明材料",
    ),
    ProviderKind.OTHER: ("与办理事项有关的证明材料",),
}

_BY_TOPIC: dict[str, tuple[str, ...]] = {
    ConsultationTopic.MARRIAGE_FAMILY.value: ("结婚证或离婚证、户口簿",),
    ConsultationTopic.INHERITANCE.value: (
        "被继承人死亡证明", "亲属关系证明", "遗产权属证明（如房产证、存款凭证）"),
    ConsultationTopic.LAND_HOUSING.value: (
        "土地承包合同、宅基地使用证或不动产权证书等权属材料",),
    ConsultationTopic.CONTRACT_DEBT.value: ("合同、借条、转账或付款记录",),
    ConsultationTopic.LABOUR.value: ("劳动合同、工作证、考勤记录等证明劳动关系的材料",),
    ConsultationTopic.WAGES.value: (
        "劳动合同或工作证、考勤记录", "工资条、银行流水或欠薪条"),
    ConsultationTopic.INJURY.value: ("病历、诊断证明、医疗费票据",),
    ConsultationTopic.TRAFFIC.value: ("交通事故认定书", "病历、诊断证明、医疗费票据"),
    ConsultationTopic.CONSUMER.value: ("购物凭证或发票、商品及问题的照片",),
    ConsultationTopic.SOCIAL_SECURITY.value: ("社会保障卡、参保缴费记录",),
}


def materials_to_bring(kind: str | None, topic: str | None = None) -> list[str]:
    """What a citizen sent to a provider of ``kind`` about ``topic`` should bring (the
    identity document first, this slip last; no item twice)."""
    try:
        provider_kind = ProviderKind(kind or ProviderKind.OTHER)
    except ValueError:
        provider_kind = ProviderKind.OTHER
    items = [IDENTITY, *_BY_KIND[provider_kind], *_BY_TOPIC.get(topic or "", ()), SLIP]
    return list(dict.fromkeys(items))


# --- the directory entry ----------------------------------------------------------------------


@dataclass(frozen=True)
class ProviderInput:
    """One entry of the station's directory of legal service providers."""

    name: str
    kind: str
    address: str = ""
    phone: str = ""
    hours: str = ""
    services: str = ""
    notes: str = ""
    active: bool = True

    def validated(self) -> ProviderInput:
        errors = ErrorCollector()
        name = errors.check(require_text, self.name, "name", "机构名称", max_len=100)
        if not self.kind:
            errors.add("kind", "请选择机构类别")
        else:
            try:
                ProviderKind(self.kind)
            except ValueError:
                errors.add("kind", f"机构类别的取值“{self.kind}”无效")
        phone = _phones(errors, self.phone)
        texts = {}
        for field, label, limit in (("address", "地址", 200), ("hours", "办公时间", 200),
                                    ("services", "服务内容", 1000), ("notes", "备注", 1000)):
            value = (getattr(self, field) or "").strip()
            if len(value) > limit:
                errors.add(field, f"{label}不能超过{limit}个字")
            errors.check(check_encodable, value, field, label)
            texts[field] = value
        errors.raise_if_any()
        return replace(self, name=name or "", phone=phone, active=bool(self.active), **texts)


_PHONE_SEPARATORS = re.compile(r"[、,，;；/]+")


def _phones(errors: ErrorCollector, raw: str | None) -> str:
    """One or more phone numbers ("0335-3012345、12348"), each validated, joined by "、"."""
    parts = [p.strip() for p in _PHONE_SEPARATORS.split(raw or "") if p.strip()]
    cleaned = []
    for part in parts:
        number = errors.check(validate_phone, part, "phone")
        cleaned.append(number or part)
    return "、".join(cleaned)
