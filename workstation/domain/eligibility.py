"""Legal aid eligibility guidance and the materials checklist (法律援助法 arts. 31, 32, 42).

A station does not decide legal aid; it helps the citizen choose the right hardship route and
hand in a complete application. These rules compute that guidance from the matter and the
applicant's special groups.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .enums import (
    AidForm,
    AidMatter,
    CaseStage,
    HardshipRoute,
    ProceduralRole,
    Sex,
    SpecialGroup,
)
from .identity import document_info

#: Art. 32: matters with no economic-hardship condition.
NO_HARDSHIP_MATTERS = frozenset({
    AidMatter.HERO_HONOUR,
    AidMatter.BRAVERY,
    AidMatter.RETRIAL_COMPENSATION,
    AidMatter.ABUSE_VICTIM,
})
#: Art. 32: applicants free of the economic-hardship condition for any matter they apply for
#: (victims of abuse, abandonment or domestic violence; close relatives of heroes and martyrs;
#: people who acted bravely).
NO_HARDSHIP_GROUPS = frozenset({
    SpecialGroup.DOMESTIC_VIOLENCE_VICTIM,
    SpecialGroup.HERO_RELATIVE,
    SpecialGroup.BRAVE_ACT,
})

#: Art. 42 (2): recipients of social assistance, judicial assistance or special care are exempt
#: from the means review outright.
EXEMPT_GROUPS = frozenset({
    SpecialGroup.SOCIAL_ASSISTANCE, SpecialGroup.JUDICIAL_ASSISTANCE, SpecialGroup.SPECIAL_CARE,
})
#: Art. 42 (1): minors, elderly and disabled people are exempt when they have no fixed income
#: (the station confirms it).
EXEMPT_WITHOUT_INCOME = frozenset({SpecialGroup.MINOR, SpecialGroup.ELDERLY, SpecialGroup.DISABLED})
#: Art. 42 (3): migrant workers claiming wages are exempt.
MIGRANT_MATTERS = frozenset({AidMatter.WAGES})
#: Art. 42 (3): migrant workers claiming work-injury damages are exempt; the matter "personal
#: injury" also covers traffic, food, drug and medical injuries, which are not, so the station
#: confirms that the injury is a work injury.
MIGRANT_INJURY_MATTERS = frozenset({AidMatter.PERSONAL_INJURY})


@dataclass(frozen=True)
class Eligibility:
    """Suggested hardship route and the reasons, in Chinese, to show the operator."""

    route: HardshipRoute
    reasons: tuple[str, ...]
    needs_confirmation: bool = False


def _ordered(groups: Iterable[SpecialGroup]) -> str:
    return "、".join(g.label for g in sorted(groups, key=list(SpecialGroup).index))


def assess(matter: str, groups: Iterable[str]) -> Eligibility:
    """Suggest the hardship route for ``matter`` and an applicant in ``groups``."""
    m = AidMatter(matter)
    held = {SpecialGroup(g) for g in groups}
    if m in NO_HARDSHIP_MATTERS:
        return Eligibility(
            HardshipRoute.NO_HARDSHIP_MATTER,
            (f"“{m.label}”不受经济困难条件限制（法律援助法第三十二条）。",),
        )
    free = held & NO_HARDSHIP_GROUPS
    if free:
        return Eligibility(
            HardshipRoute.NO_HARDSHIP_MATTER,
            (f"申请人属于{_ordered(free)}，申请法律援助不受经济困难条件限制"
             "（法律援助法第三十二条）。",),
        )
    exempt = held & EXEMPT_GROUPS
    if exempt:
        return Eligibility(
            HardshipRoute.EXEMPT_GROUP,
            (f"申请人属于{_ordered(exempt)}，免予核查经济困难状况（第四十二条）。",),
        )
    if SpecialGroup.MIGRANT_WORKER in held and m in MIGRANT_MATTERS:
        return Eligibility(
            HardshipRoute.EXEMPT_GROUP,
            ("农民工申请支付劳动报酬，免予核查经济困难状况（第四十二条）。",),
        )
    reasons: list[str] = []
    if SpecialGroup.MIGRANT_WORKER in held and m in MIGRANT_INJURY_MATTERS:
        reasons += [
            "农民工请求工伤事故人身损害赔偿的，免予核查经济困难状况（第四十二条）；",
            "交通事故、医疗事故等其他人身损害赔偿不在此列，请改为由申请人签署个人诚信承诺书。",
        ]
    no_income = held & EXEMPT_WITHOUT_INCOME
    if no_income:
        reasons += [
            f"申请人属于{_ordered(no_income)}：如无固定生活来源，免予核查经济困难状况（第四十二条）；",
            "如有固定收入，请改为由申请人签署个人诚信承诺书。",
        ]
    if reasons:
        return Eligibility(HardshipRoute.EXEMPT_GROUP, tuple(reasons), needs_confirmation=True)
    return Eligibility(
        HardshipRoute.COMMITMENT,
        ("需由申请人如实说明经济困难状况，并签署个人诚信承诺书。",),
    )


@dataclass(frozen=True)
class Material:
    code: str
    label: str


_ID = Material("identity", "申请人身份证明（居民身份证或户口簿）")
_FORM = Material("application_form", "法律援助申请表")
_COMMITMENT = Material("commitment", "经济困难状况个人诚信承诺书")
_GROUP_PROOF = Material("group_proof", "特定群体证明（低保证、特困供养证、残疾证、优抚证明等）")
_MATTER_PROOF = Material("matter_evidence", "与所申请法律援助事项有关的证据材料")
_AGENT_ID = Material("agent_identity", "代理人身份证明及代理关系证明")
_BRAVERY_PROOF = Material("bravery_proof", "见义勇为或英雄烈士近亲属关系证明")
_LABOUR_PROOF = Material("labour_proof", "劳动关系证明（工资条、考勤、工作证等）")

ALL_MATERIALS: tuple[Material, ...] = (
    _ID, _FORM, _COMMITMENT, _GROUP_PROOF, _MATTER_PROOF, _AGENT_ID, _BRAVERY_PROOF, _LABOUR_PROOF,
)
MATERIAL_LABELS = {m.code: m.label for m in ALL_MATERIALS}


def required_materials(matter: str, route: str, *, has_agent: bool) -> tuple[Material, ...]:
    """Materials a complete application needs, in checklist order."""
    m, r = AidMatter(matter), HardshipRoute(route)
    items = [_ID, _FORM]
    if r is HardshipRoute.COMMITMENT:
        items.append(_COMMITMENT)
    elif r is HardshipRoute.EXEMPT_GROUP:
        items.append(_GROUP_PROOF)
    if m in (AidMatter.BRAVERY, AidMatter.HERO_HONOUR):
        items.append(_BRAVERY_PROOF)
    if m is AidMatter.WAGES:
        items.append(_LABOUR_PROOF)
    items.append(_MATTER_PROOF)
    if has_agent:
        items.append(_AGENT_ID)
    return tuple(items)


def missing_materials(
    matter: str, route: str, received: Iterable[str], *, has_agent: bool
) -> tuple[Material, ...]:
    """Required materials not yet received."""
    got = set(received)
    return tuple(
        m for m in required_materials(matter, route, has_agent=has_agent) if m.code not in got
    )


def one_time_notice(applicant_name: str, missing: Iterable[Material]) -> str:
    """The one-time notification (一次性告知) text listing everything still missing."""
    items = list(missing)
    if not items:
        return f"{applicant_name}：您的法律援助申请材料已齐全，本站将及时转交县法律援助中心。"
    lines = [f"{applicant_name}：", "您申请法律援助还需补充以下材料，请一次性备齐后交回本站："]
    lines += [f"{i}. {m.label}" for i, m in enumerate(items, start=1)]
    lines.append("补充材料期间不计入审查期限。如有疑问，请拨打12348公共法律服务热线。")
    return "\n".join(lines)


# --- consistency of the procedural role, stage, matter and form of aid ------------------------

_CRIMINAL_ROLES = frozenset({ProceduralRole.SUSPECT, ProceduralRole.VICTIM})
_COMPENSATION = frozenset({AidMatter.STATE_COMPENSATION, AidMatter.RETRIAL_COMPENSATION})
_CRIMINAL_FORMS = frozenset({AidForm.DEFENCE, AidForm.CRIMINAL_REPRESENTATION})


def inconsistencies(matter: str, procedural_role: str = "", stage: str = "",
                    aid_form: str = "") -> list[tuple[str, str]]:
    """(field, Chinese message) for each contradiction between the matter, the applicant's
    procedural role, the stage of the case and the form of aid; empty values are not judged.
    Unknown codes are left to the choice checks."""
    try:
        m = AidMatter(matter)
        role = ProceduralRole(procedural_role) if procedural_role else None
        st = CaseStage(stage) if stage else None
        form = AidForm(aid_form) if aid_form else None
    except ValueError:
        return []
    out: list[tuple[str, str]] = []
    criminal = m is AidMatter.CRIMINAL
    if role is not None:
        if criminal and role not in (*_CRIMINAL_ROLES, ProceduralRole.OTHER):
            out.append(("procedural_role",
                        f"刑事案件的申请人应为犯罪嫌疑人/被告人或被害人，不是“{role.label}”"))
        if not criminal and role in _CRIMINAL_ROLES:
            out.append(("procedural_role",
                        f"“{role.label}”只出现在刑事案件中，请核对申请事项或诉讼地位"))
        if m in _COMPENSATION and role is ProceduralRole.DEFENDANT:
            out.append(("procedural_role", "请求国家赔偿的申请人不能是被告/被申请人"))
    if st is not None:
        if criminal and st is CaseStage.ARBITRATION:
            out.append(("stage", "刑事案件没有仲裁阶段，请核对案件阶段"))
        if not criminal and st is CaseStage.INVESTIGATION:
            out.append(("stage", "“侦查/审查起诉”只出现在刑事案件中，请核对案件阶段"))
    if form is not None:
        if form in _CRIMINAL_FORMS and not criminal:
            out.append(("aid_form", f"“{form.label}”只适用于刑事案件"))
        if form is AidForm.DEFENCE and role is not None and role is not ProceduralRole.SUSPECT:
            out.append(("aid_form", "刑事辩护只能为犯罪嫌疑人/被告人提供"))
        if (form is AidForm.CRIMINAL_REPRESENTATION and role is ProceduralRole.SUSPECT):
            out.append(("aid_form", "犯罪嫌疑人/被告人应申请刑事辩护，而不是刑事代理"))
        if form is AidForm.REPRESENTATION and criminal:
            out.append(("aid_form", "刑事案件请选择刑事辩护或刑事代理"))
        if form is AidForm.LABOUR_ARBITRATION and (criminal or st in (
                CaseStage.SECOND_INSTANCE, CaseStage.ENFORCEMENT)):
            out.append(("aid_form", "劳动争议调解与仲裁代理只适用于诉前或仲裁阶段的民事事项"))
    return out


# --- the applicant's groups, for the aid statistics ------------------------------------------

#: Age from which an applicant counts as elderly (老年人权益保障法 art. 2) and below which as a
#: minor.
ELDERLY_AGE = 60
ADULT_AGE = 18
#: Rows of the breakdown by applicant group, in the order of the aid sheet.
GROUP_ORDER: tuple[SpecialGroup, ...] = (
    SpecialGroup.MIGRANT_WORKER, SpecialGroup.ELDERLY, SpecialGroup.MINOR,
    SpecialGroup.DISABLED, SpecialGroup.WOMEN, SpecialGroup.VETERAN,
    *(g for g in SpecialGroup if g not in (
        SpecialGroup.MIGRANT_WORKER, SpecialGroup.ELDERLY, SpecialGroup.MINOR,
        SpecialGroup.DISABLED, SpecialGroup.WOMEN, SpecialGroup.VETERAN)),
)


def _age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def applicant_groups(declared: Iterable[str], *, on: date, birth_date: date | None = None,
                     sex: str | None = None, id_type: str = "", id_number: str = ""
                     ) -> tuple[str, ...]:
    """The groups an applicant belongs to on ``on`` (the application day), in
    ``GROUP_ORDER``: the declared ones (农民工, 残疾人, 退役军人, …) plus 老年人 (60 or older)
    and 未成年人 (under 18) from the age, read from the identity document when it carries the
    birth date (else the recorded birth date), and 妇女 from the sex. Unknown codes are
    dropped; an age or sex that is unknown adds nothing (a declared group stays)."""
    held = {g for g in declared if g in SpecialGroup._value2member_map_}
    info = document_info(id_type, id_number, today=on) if id_number else None
    birth = info.birth_date if info is not None else birth_date
    sex = info.sex if info is not None else sex
    if birth is not None and birth <= on:
        age = _age_on(birth, on)
        if age >= ELDERLY_AGE:
            held.add(SpecialGroup.ELDERLY.value)
        elif age < ADULT_AGE:
            held.add(SpecialGroup.MINOR.value)
    if sex == Sex.FEMALE:
        held.add(SpecialGroup.WOMEN.value)
    return tuple(g.value for g in GROUP_ORDER if g.value in held)
