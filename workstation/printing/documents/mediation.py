"""People's mediation forms (A4): 人民调解协议书, 人民调解申请书, 受理登记表, 调解记录,
口头协议登记表 and 回访记录 (the case-file cover and contents are in ``mediation_file``).

Each document is a ``build_<key>(data) -> list[Flowable]`` function plus its ``register`` call
at the end of its own section; shared pieces (party grids, the signature and seal part) are the
helpers at the top. To add a form, append a section with a builder and a ``register(...)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer

from workstation.domain.committees import parties_by_role
from workstation.domain.enums import (
    AgreementForm,
    CaseSource,
    MediationStatus,
    PartyRole,
    Performance,
    Satisfaction,
)
from workstation.domain.wording import EMPTY

from ..layout import (
    A4_TEXT_WIDTH,
    cn_date,
    data_table,
    field_grid,
    para,
    seal_area,
    section_table,
    signature_block,
    styles,
    table_style,
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


def role_rows(detail: Any) -> list[list[tuple[str, str]]]:
    """One grid row per party role: 申请人 / 被申请人 / 第三人 and their names."""
    return [[pair] for pair in parties_by_role((p.role, p.name)
                                               for p in parties_in_order(detail))]


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


# --- shared helpers of the case-file forms ----------------------------------------------

#: Ticked and empty ballot boxes (U+2611, U+2610: one font draws both at the same size).
CHECKED, UNCHECKED = "☑", "☐"
BLANK = "＿＿＿＿＿＿"


def local_time(value: datetime) -> str:
    """A stored (UTC) time as the station's local ``2026年5月3日 14:30``."""
    t = value.astimezone()
    return f"{cn_date(t.date())} {t.hour:02d}:{t.minute:02d}"


def checkboxes(options: Sequence[str], chosen: str | None) -> str:
    """``☑受理　☐不予受理``: every option with a box, the chosen one ticked."""
    return "　".join(f"{CHECKED if o == chosen else UNCHECKED}{o}" for o in options)


def dispute_cause(detail: Any) -> str:
    """案由: the dispute type as a cause (``邻里纠纷``; ``劳动争议`` stays as it is)."""
    kind = detail.dispute_type_label or "其他"
    return kind if kind.endswith(("纠纷", "争议")) else kind + "纠纷"


def mediators_of(detail: Any) -> str:
    return "、".join(x for x in [detail.mediator_name, detail.co_mediators] if x)


def id_text(person: Any) -> str:
    """The (masked) ID number as the form prints it, with the document type unless it is the
    resident ID card."""
    if not person.has_id:
        return ""
    if person.id_type and person.id_type != "resident_id":
        return f"{person.id_type_label} {person.id_number_masked}"
    return person.id_number_masked


def party_full_grid(party: Any, day: date) -> Flowable:
    """A party's details as an application lists them: name, sex, birth date and age,
    ethnicity, occupation, phone, ID number, employer and address (organisations: name, legal
    representative, address)."""
    side = party.role_label or "当事人"
    if party.is_organisation or party.person is None:
        return party_grid(party, day)
    p = party.person
    born = cn_date(p.birth_date, "")
    if born:
        born += f"（{age_on(p.birth_date, day)}）"
    rows = [
        [("姓名", p.name), ("性别", p.sex_label if p.sex else ""), ("民族", p.ethnicity)],
        [("出生日期", born), ("联系电话", p.phone)],
        [("职业", p.occupation), ("工作单位", p.employer)],
        [("身份证件\n号码", id_text(p))],
        [("住所", p.address)],
    ]
    return field_grid(rows, side_label=side)


def parties_table(detail: Any, day: date) -> Flowable:
    """All parties in one bordered table (registers): role, name, sex, age, ethnicity,
    occupation, phone, address; an organisation shows its legal representative across the
    sex..occupation columns."""
    rows = []
    for party in parties_in_order(detail):
        if party.is_organisation or party.person is None:
            rep = f"法定代表人：{party.org_representative}" if party.org_representative else ""
            rows.append([party.role_label, party.org_name or party.name, rep, "", "", "",
                         "", party.org_address])
            continue
        p = party.person
        rows.append([party.role_label, p.name, p.sex_label if p.sex else "",
                     age_on(p.birth_date, day), p.ethnicity, p.occupation, p.phone, p.address])
    widths = [19 * mm, 24 * mm, 11 * mm, 12 * mm, 12 * mm, 17 * mm, 26 * mm]
    widths.append(A4_TEXT_WIDTH - sum(widths))
    header = ["当事人", "姓名或名称", "性别", "年龄", "民族", "职业", "联系电话", "住所"]
    table = data_table(header, rows, widths)
    spans = [("SPAN", (2, r), (6, r)) for r, party in enumerate(parties_in_order(detail), 1)
             if party.is_organisation or party.person is None]
    if spans:
        table.setStyle(table_style(spans))
    return table


def party_signatures(detail: Any, day: date | None) -> list[Flowable]:
    """A signature (and, for people, fingerprint) block per party."""
    out: list[Flowable] = []
    for party in parties_in_order(detail):
        organisation = party.is_organisation or party.person is None
        out += [signature_block(
            party.role_label or "当事人", signer_name(party), fingerprint=not organisation,
            caption="签名（盖章）" if organisation else "签名（按指印）", day=day),
            Spacer(1, 2 * mm)]
    return out


# --- 人民调解申请书 --------------------------------------------------------------------

APPLICATION_PLEDGE = "本人自愿申请人民调解委员会调解，并保证所提供的情况真实。"


def application_accepts(detail: Any) -> str | None:
    if detail.source != CaseSource.APPLICATION.value:
        return f"该案件来源为“{detail.source_label}”，不是当事人申请调解，无人民调解申请书"
    return None


def build_mediation_application(data: DocumentData) -> list[Flowable]:
    detail = data.detail
    s = styles()
    day = detail.registered_on
    story: list[Flowable] = [*title_block(data, day=day, show_date=True)]
    story += [para(f"{data.station.committee}：", s.cell), Spacer(1, 2 * mm)]
    parties = parties_in_order(detail)
    for role, heading in ((PartyRole.APPLICANT.value, "申请人"),
                          (PartyRole.RESPONDENT.value, "被申请人"),
                          (PartyRole.THIRD_PARTY.value, "第三人")):
        group = [p for p in parties if p.role == role]
        if not group:
            continue
        story.append(para(f"{heading}基本情况", s.heading))
        for party in group:
            story += [party_full_grid(party, day), Spacer(1, 2 * mm)]
    story += [Spacer(1, 2 * mm), section_table("申请事项", detail.claims, empty=EMPTY),
              Spacer(1, 3 * mm),
              section_table("事实和理由", detail.facts, empty=EMPTY), Spacer(1, 4 * mm)]
    applicants = [p for p in parties if p.role == PartyRole.APPLICANT.value] or parties[:1]
    closing: list[Flowable] = [para(APPLICATION_PLEDGE, s.body), Spacer(1, 6 * mm)]
    for party in applicants:
        organisation = party.is_organisation or party.person is None
        closing += [signature_block(
            "申请人", signer_name(party), fingerprint=not organisation,
            caption="签名（盖章）" if organisation else "签名（按指印）", day=day),
            Spacer(1, 2 * mm)]
    story.append(KeepTogether(closing))
    return story


register(DocumentSpec(
    key="mediation_application", title="人民调解申请书", record_type=RECORD_TYPE, page="A4",
    build=build_mediation_application, accepts=application_accepts,
))


# --- 人民调解受理登记表 ----------------------------------------------------------------

RIGHTS_NOTICE = (
    "已告知当事人权利义务（人民调解的性质、原则和效力，当事人在调解活动中享有的权利和"
    "承担的义务，人民调解法第二十三条、第二十四条）"
)


def intake_decision(detail: Any) -> str | None:
    """受理 / 不予受理 / None (not decided yet)."""
    if detail.accepted_on is not None:
        return "受理"
    if detail.status == MediationStatus.TERMINATED.value:
        return "不予受理"
    return None


def registrar_name(detail: Any) -> str:
    """Who registered the case: the operator of the first status change (registration)."""
    for entry in detail.timeline:
        if entry.to_status == MediationStatus.REGISTERED.value and entry.operator_name:
            return entry.operator_name
    return detail.timeline[0].operator_name if detail.timeline else ""


def build_mediation_intake_register(data: DocumentData) -> list[Flowable]:
    detail = data.detail
    s = styles()
    story: list[Flowable] = [*title_block(data)]
    referred = detail.source == CaseSource.REFERRED.value
    story.append(field_grid([
        [("案号", detail.number), ("纠纷类型", dispute_cause(detail))],
        [("登记日期", cn_date(detail.registered_on)),
         ("受理日期", cn_date(detail.accepted_on, ""))],
        [("案件来源", detail.source_label),
         ("移送单位", detail.referring_body if referred else EMPTY)],
        [("涉及金额", yuan(detail.amount_involved_fen) if detail.amount_involved_fen else EMPTY),
         ("办结期限", cn_date(detail.deadline, ""))],
        [("调解员", detail.mediator_name), ("协助调解员", detail.co_mediators or EMPTY)],
    ], label_width=24 * mm))
    story += [Spacer(1, 3 * mm), para("当事人", s.heading),
              parties_table(detail, detail.registered_on),
              Spacer(1, 3 * mm),
              section_table("纠纷简要情况", detail.facts, empty=EMPTY), Spacer(1, 3 * mm),
              section_table("申请事项", detail.claims, empty=EMPTY), Spacer(1, 3 * mm)]
    decision = intake_decision(detail)
    opinion = [checkboxes(["受理", "不予受理"], decision)]
    if decision == "不予受理" and detail.status_reason:
        opinion.append(f"不予受理理由：{detail.status_reason}")
    notice = f"{CHECKED if decision == '受理' else UNCHECKED}{RIGHTS_NOTICE}"
    block: list[Flowable] = [
        field_grid([[("受理意见", "\n".join(opinion))], [("权利义务\n告知", notice)]],
                   label_width=24 * mm),
        Spacer(1, 8 * mm),
        signature_block("登记人", registrar_name(detail), fingerprint=False, caption="签名",
                        day=detail.registered_on),
    ]
    story.append(KeepTogether(block))
    return story


register(DocumentSpec(
    key="mediation_intake_register", title="人民调解受理登记表", record_type=RECORD_TYPE,
    page="A4", build=build_mediation_intake_register,
))


# --- 人民调解记录 (People's Mediation Law art. 27) -------------------------------------

RECORD_CONFIRMATION = "以上记录已向我宣读/经我阅看，与我所说一致。"


def session_record_accepts(detail: Any) -> str | None:
    return None if detail.sessions else "该案件尚无调解记录"


def build_mediation_session_record(data: DocumentData) -> list[Flowable]:
    detail = data.detail
    s = styles()
    story: list[Flowable] = []
    total = len(detail.sessions)
    for n, session in enumerate(detail.sessions, start=1):
        if n > 1:
            story.append(PageBreak())
        day = session.held_at.astimezone().date()
        story += title_block(data)
        story.append(para(f"第{n}次调解（共{total}次）", s.heading))
        story.append(field_grid([
            [("案号", detail.number), ("案由", dispute_cause(detail))],
            [("时间", local_time(session.held_at)), ("地点", session.place)],
            [("调解员", session.mediator_name or detail.mediator_name),
             ("记录人", "")],
            *role_rows(detail),
            [("参加人员", session.attendees)],
        ]))
        story += [Spacer(1, 3 * mm),
                  section_table("调解记录", session.record, empty="（无记录内容）"),
                  Spacer(1, 4 * mm)]
        signed: list[Flowable] = [para(RECORD_CONFIRMATION, s.body), Spacer(1, 4 * mm)]
        signed += party_signatures(detail, day)
        signed += [signature_block("人民调解员", session.mediator_name or detail.mediator_name,
                                   fingerprint=False, caption="签名", day=day),
                   Spacer(1, 2 * mm),
                   signature_block("记录人", "", fingerprint=False, caption="签名", day=day)]
        story.append(KeepTogether(signed))
    return story


register(DocumentSpec(
    key="mediation_session_record", title="人民调解记录", record_type=RECORD_TYPE,
    page="A4", build=build_mediation_session_record, accepts=session_record_accepts,
))


# --- 口头协议登记表 (People's Mediation Law art. 28) -----------------------------------

ORAL_CONFIRMATION = "以上口头调解协议内容已向我宣读，与各方当事人达成的协议一致。"


def oral_agreement_accepts(detail: Any) -> str | None:
    agreement = detail.agreement
    if agreement is None:
        return "该案件尚无调解协议"
    if agreement.form != AgreementForm.ORAL.value:
        return "该案件为书面协议，请打印人民调解协议书"
    return None


def build_oral_agreement_register(data: DocumentData) -> list[Flowable]:
    detail = data.detail
    agreement = detail.agreement
    s = styles()
    day = agreement.effective_on
    story: list[Flowable] = [*title_block(data)]
    story.append(field_grid([
        [("案号", detail.number), ("案由", dispute_cause(detail))],
        [("达成日期", cn_date(day)), ("人民调解员", mediators_of(detail))],
    ]))
    story += [Spacer(1, 3 * mm), para("当事人基本情况", s.heading),
              parties_table(detail, day), Spacer(1, 2 * mm)]
    facts: list[Any] = [line for line in detail.facts.splitlines() if line.strip()]
    if detail.claims.strip():
        facts.append(f"争议事项：{detail.claims.strip()}")
    if agreement.responsibility.strip():
        facts.append(f"各方责任：{agreement.responsibility.strip()}")
    story += [Spacer(1, 2 * mm), section_table("纠纷事实及争议事项", facts), Spacer(1, 3 * mm)]
    terms: list[Any] = [line for line in agreement.terms.splitlines() if line.strip()]
    if agreement.amount_agreed_fen:
        terms.append(f"协议涉及金额：人民币{yuan(agreement.amount_agreed_fen)}。")
    story += [section_table("口头协议内容", terms), Spacer(1, 3 * mm)]
    story.append(CondPageBreak(40 * mm))
    story.append(field_grid([
        [("履行方式", agreement.performance_manner)],
        [("履行地点", agreement.performance_place)],
        [("履行期限", cn_date(agreement.performance_deadline, "") or "即时履行")],
        [("登记人", detail.mediator_name), ("登记日期", cn_date(day))],
    ]))
    story.append(Spacer(1, 5 * mm))
    signed: list[Flowable] = [Spacer(1, 2 * mm),
                              para("当事人确认：" + ORAL_CONFIRMATION, s.body),
                              Spacer(1, 4 * mm)]
    signed += party_signatures(detail, day)
    signed.append(signature_block("登记人（人民调解员）", detail.mediator_name,
                                  fingerprint=False, caption="签名", day=day))
    story.append(KeepTogether(signed))
    return story


register(DocumentSpec(
    key="oral_agreement_register", title="口头协议登记表", record_type=RECORD_TYPE,
    page="A4", build=build_oral_agreement_register, accepts=oral_agreement_accepts,
))


# --- 人民调解回访记录 (People's Mediation Law art. 31) ---------------------------------

VISIT_MANNERS = ("上门", "电话")


def follow_up_accepts(detail: Any) -> str | None:
    return None if detail.follow_ups else "该案件尚无回访记录"


def build_mediation_follow_up_record(data: DocumentData) -> list[Flowable]:
    detail = data.detail
    agreement = detail.agreement
    s = styles()
    story: list[Flowable] = [*title_block(data)]
    rows: list[list[tuple[str, str]]] = [
        [("案号", detail.number), ("案由", dispute_cause(detail))],
        *role_rows(detail),
        [("人民调解员", mediators_of(detail)),
         ("结案日期", cn_date(detail.concluded_on, ""))],
    ]
    if agreement is not None:
        rows.append([("协议形式", agreement.form_label),
                     ("生效日期", cn_date(agreement.effective_on))])
        rows.append([("履行期限", cn_date(agreement.performance_deadline, "") or "即时履行"),
                     ("涉及金额", yuan(agreement.amount_agreed_fen)
                      if agreement.amount_agreed_fen else EMPTY)])
    story.append(field_grid(rows, label_width=24 * mm))
    story.append(Spacer(1, 3 * mm))
    summary = agreement.terms if agreement is not None else "（该案件未达成调解协议）"
    story += [section_table("调解协议内容摘要", summary), Spacer(1, 3 * mm)]
    performances = [p.label for p in Performance]
    satisfactions = [x.label for x in Satisfaction]
    for n, visit in enumerate(detail.follow_ups, start=1):
        manner = getattr(visit, "manner_label", "") or ""
        block: list[Flowable] = [
            para(f"第{n}次回访", s.heading),
            field_grid([
                [("回访日期", cn_date(visit.visited_on)),
                 ("回访方式", checkboxes(VISIT_MANNERS, manner or None)
                  if not manner or manner in VISIT_MANNERS else manner)],
                [("履行情况", checkboxes(performances, visit.performance_label))],
                [("当事人\n满意度", checkboxes(satisfactions, visit.satisfaction_label or None))],
                [("回访情况", visit.notes or "")],
            ], label_width=24 * mm),
            Spacer(1, 4 * mm),
            signature_block("回访人", visit.operator_name, fingerprint=False, caption="签名",
                            day=visit.visited_on),
            Spacer(1, 2 * mm),
            signature_block("被回访人", "", fingerprint=False, caption="签名",
                            day=visit.visited_on),
            Spacer(1, 4 * mm),
        ]
        story.append(KeepTogether(block))
    return story


register(DocumentSpec(
    key="mediation_follow_up_record", title="人民调解回访记录", record_type=RECORD_TYPE,
    page="A4", build=build_mediation_follow_up_record, accepts=follow_up_accepts,
))
