"""People's mediation forms (A4): 人民调解协议书, and more to come.

Each document is a ``build_<key>(data) -> list[Flowable]`` function plus its ``register`` call
at the end of its own section; shared pieces (party grids, the signature and seal part) are the
helpers at the top. To add a form, append a section with a builder and a ``register(...)``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from workstation.domain.enums import AgreementForm, PartyRole

from ..layout import (
    cn_date,
    field_grid,
    para,
    seal_area,
    section_table,
    signature_block,
    styles,
    title_block,
    yuan,
)
from ..registry import DocumentData, DocumentSpec, register

RECORD_TYPE = "mediation_case"

# --- shared helpers ---------------------------------------------------------------------


def age_on(birth: date | None, day: date) -> str:
    """Age in full years on ``day`` as printed (``45岁``); empty when the birth date is unknown."""
    if birth is None:
        return ""
    years = day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
    return f"{years}岁" if years >= 0 else ""


def party_grid(party: Any, day: date) -> Flowable:
    """One party's basic details (People's Mediation Law art. 29): a natural person's name,
    sex, age, ethnicity, occupation, employer and address; an organisation's name, legal
    representative and address."""
    side = party.role_label or "当事人"
    if party.is_organisation or party.person is None:
        rows = [
            [("单位名称", party.org_name or party.name)],
            [("法定代表人\n（负责人）", party.org_representative), ("住所", party.org_address)],
        ]
        return field_grid(rows, side_label=side)
    p = party.person
    rows = [
        [("姓名", p.name), ("性别", p.sex_label if p.sex else ""),
         ("年龄", age_on(p.birth_date, day))],
        [("民族", p.ethnicity), ("职业", p.occupation), ("联系电话", p.phone)],
        [("工作单位", p.employer)],
        [("住所", p.address)],
    ]
    return field_grid(rows, side_label=side)


def parties_in_order(detail: Any) -> list[Any]:
    order = {PartyRole.APPLICANT.value: 0, PartyRole.RESPONDENT.value: 1}
    return sorted(detail.parties, key=lambda p: (order.get(p.role, 2), p.position))


def signer_name(party: Any) -> str:
    if party.is_organisation or party.person is None:
        name = party.org_name or party.name
        return f"{name}（法定代表人：{party.org_representative}）" if party.org_representative \
            else name
    return party.name


def signatures(detail: Any, day: date | None, station_committee: str) -> list[Flowable]:
    """A signature and fingerprint block per party, the mediator's, and the committee seal."""
    out: list[Flowable] = []
    for party in parties_in_order(detail):
        organisation = party.is_organisation or party.person is None
        out.append(signature_block(
            party.role_label or "当事人", signer_name(party), fingerprint=not organisation,
            caption="签名（盖章）" if organisation else "签名（盖章/按指印）",
        ))
        out.append(Spacer(1, 3 * mm))
    mediators = "、".join(x for x in [detail.mediator_name, detail.co_mediators] if x)
    out.append(signature_block("人民调解员", mediators, fingerprint=False, caption="签名"))
    out.append(Spacer(1, 4 * mm))
    out.append(seal_area(station_committee, day))
    return out


# --- 人民调解协议书 (People's Mediation Law art. 29) -------------------------------------

AGREEMENT_EFFECT = (
    "本协议自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起生效。"
)
AGREEMENT_BINDING = (
    "经人民调解委员会调解达成的调解协议，具有法律约束力，当事人应当按照约定履行。"
    "人民调解委员会对调解协议的履行情况进行监督。"
    "当事人可以自本协议生效之日起三十日内共同向人民法院申请司法确认。"
)


def agreement_accepts(detail: Any) -> str | None:
    agreement = detail.agreement
    if agreement is None:
        return "该案件尚无调解协议"
    if agreement.form == AgreementForm.ORAL:
        return "该案件为口头协议，请打印口头协议登记表"
    return None


def copies_sentence(copies: int) -> str:
    return f"本协议一式{copies}份，当事人各执一份，人民调解委员会留存一份。"


def build_mediation_agreement(data: DocumentData) -> list[Flowable]:
    detail = data.detail
    agreement = detail.agreement
    s = styles()
    day = agreement.effective_on
    story: list[Flowable] = [*title_block(data)]
    story.append(para("当事人基本情况", s.heading))
    for party in parties_in_order(detail):
        story += [party_grid(party, day), Spacer(1, 2 * mm)]

    facts: list[Any] = [line for line in detail.facts.splitlines() if line.strip()]
    kind = detail.dispute_type_label
    facts.append(f"纠纷类型：{kind if kind.endswith(('纠纷', '争议')) else kind + '纠纷'}。")
    if detail.claims.strip():
        facts.append(f"争议事项：{detail.claims.strip()}")
    story += [Spacer(1, 2 * mm),
              section_table("一、纠纷的主要事实、争议事项", facts), Spacer(1, 3 * mm)]
    story += [section_table("二、各方当事人的责任", agreement.responsibility),
              Spacer(1, 3 * mm)]
    terms: list[Any] = [line for line in agreement.terms.splitlines() if line.strip()]
    if agreement.amount_agreed_fen:
        terms.append(f"协议涉及金额：人民币{yuan(agreement.amount_agreed_fen)}。")
    story += [section_table("三、经人民调解委员会主持调解，各方当事人自愿达成如下协议", terms),
              Spacer(1, 3 * mm)]
    story.append(CondPageBreak(40 * mm))
    story.append(para("四、履行方式、地点和期限", s.heading))
    story.append(field_grid([
        [("履行方式", agreement.performance_manner)],
        [("履行地点", agreement.performance_place)],
        [("履行期限", cn_date(agreement.performance_deadline, "") or "即时履行")],
    ]))
    story.append(Spacer(1, 4 * mm))
    story.append(para(AGREEMENT_EFFECT + copies_sentence(agreement.copies), s.body))
    story.append(para(AGREEMENT_BINDING, s.body))
    story.append(Spacer(1, 6 * mm))
    story.append(KeepTogether(signatures(detail, day, data.station.committee)))
    return story


register(DocumentSpec(
    key="mediation_agreement", title="人民调解协议书", record_type=RECORD_TYPE, page="A4",
    build=build_mediation_agreement, accepts=agreement_accepts,
))
