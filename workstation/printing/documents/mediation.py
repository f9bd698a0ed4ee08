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

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer

from workstation.domain.casefile import StepKind
from workstation.domain.committees import parties_by_role
from workstation.domain.enums import (
    AgreementForm,
    CaseSource,
    MediationStatus,
    PartyRole,
    Performance,
    Satisfaction,
    VisitMethod,
)
from workstation.domain.numerals import capital_amount, cn_number
from workstation.domain.wording import EMPTY

from ..layout import (
    A4_TEXT_WIDTH,
    PageMark,
    build_a4,
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


def party_grid(party: Any, day: date, id_number: str | None = None) -> Flowable:
    """One party's basic details (People's Mediation Law art. 29): a natural person's name,
    sex, age, ethnicity, occupation, employer and address (and, where ``id_number`` is given,
    the identity document: the agreement carries it in full, courts expect it); an
    organisation's name, legal representative and address."""
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
    ]
    if id_number is not None:
        rows.append([id_row(p, id_number)])
    rows += [[("工作单位", p.employer)], [("住所", p.address)]]
    return field_grid(rows, side_label=side)


def id_row(person: Any, number: str) -> tuple[str, str]:
    """The label and value of a person's identity document line: 公民身份号码 for the resident
    ID card, else 证件号码 with the document's kind."""
    if person.id_type and person.id_type != "resident_id":
        return "证件号码", f"{person.id_type_label} {number}" if number else ""
    return "公民身份\n号码", number


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


def copies_sentence(copies: int, parties: int | None = None) -> str:
    """本协议一式三份 ...: the count in words, as the form writes it; the committee keeps what
    is left when each of ``parties`` has one."""
    kept = copies - parties if parties is not None and copies > parties else 1
    return (f"本协议一式{cn_number(copies, measure=True)}份，当事人各执一份，"
            f"人民调解委员会留存{cn_number(kept, measure=True)}份。")


def agreed_amount_line(fen: int) -> str:
    """The amount in words, the figures after it: 协议涉及金额：人民币壹仟伍佰元整（1500元）."""
    return f"协议涉及金额：{capital_amount(fen)}（{yuan(fen)}）。"


def full_id_number(person: Any, data: DocumentData) -> str:
    """The full document number ``render`` looked up for a form registered with ``full_ids``
    (the print is audited); the masked number otherwise."""
    if not person.has_id:
        return ""
    return data.full_id_numbers.get(person.id) or person.id_number_masked


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _cell(item: Any, style: ParagraphStyle) -> list[Flowable]:
    """A section row (text or flowables) as a list of flowables."""
    return item if isinstance(item, list) else [para(item, style)]


#: Closes a page left part-empty where the last terms moved on with the signatures (nothing
#: can be added in the space below).
BLANK_BELOW = "（本页以下空白）"


def _agreement_story(data: DocumentData, tail: int, marks: dict[str, list[int]],
                     blank_note: bool = False) -> list[Flowable]:
    """The agreement; its last ``tail`` terms (0: none) start the block kept together with the
    performance, effect and signature parts, so that a page never holds the signatures alone.
    ``marks`` receives the pages the last term, the end of the other terms, the kept block and
    the signatures land on; ``blank_note`` ends the other terms with 本页以下空白."""
    detail = data.detail
    agreement = detail.agreement
    s = styles()
    day = agreement.effective_on
    story: list[Flowable] = [*title_block(data)]
    story.append(para("当事人基本情况", s.heading))
    for party in parties_in_order(detail):
        person = None if party.is_organisation else party.person
        number = full_id_number(person, data) if person is not None else None
        story += [party_grid(party, day, number), Spacer(1, 2 * mm)]

    sections = iter(cn_number(n) + "、" for n in range(1, 10))
    facts: list[Any] = _lines(detail.facts)
    facts.append(f"纠纷类型：{dispute_cause(detail)}。")
    if detail.claims.strip():
        facts.append(f"争议事项：{detail.claims.strip()}")
    heading = "纠纷的主要事实、争议事项"
    if agreement.responsibility.strip():
        heading = "纠纷的主要事实、争议事项及各方当事人的责任"
        facts.append(f"各方当事人的责任：{agreement.responsibility.strip()}")
    story += [Spacer(1, 2 * mm), CondPageBreak(25 * mm),
              section_table(next(sections) + heading, facts), Spacer(1, 3 * mm)]

    terms: list[Any] = _lines(agreement.terms) or [""]
    # The mark is on the last term itself (the amount line after it is no term).
    terms[-1] = [para(terms[-1], s.body), PageMark(marks.setdefault("term", []))]
    if agreement.amount_agreed_fen:
        terms.append(agreed_amount_line(agreement.amount_agreed_fen))
        tail += 1 if tail else 0  # the amount line goes with the last term
    tail = min(len(terms), tail)
    terms_heading = next(sections) + "经人民调解委员会主持调解，各方当事人自愿达成如下协议"
    head, kept = terms[:len(terms) - tail], terms[len(terms) - tail:]
    if head and kept:
        head[-1] = [*_cell(head[-1], s.body), PageMark(marks.setdefault("head_end", []))]
        if blank_note:
            head.append(para(BLANK_BELOW, ParagraphStyle(
                "blank-below", parent=s.small, alignment=TA_RIGHT)))
    if head:
        # A section heading never ends a page on its own.
        story += [CondPageBreak(25 * mm), section_table(terms_heading, head), Spacer(1, 3 * mm)]
    closing: list[Flowable] = []
    if kept:
        kept[0] = [PageMark(marks.setdefault("kept", [])), *_cell(kept[0], s.body)]
        closing += [section_table(terms_heading, kept), Spacer(1, 3 * mm)]
    else:
        story.append(CondPageBreak(40 * mm))
    closing.append(para(next(sections) + "履行方式、地点和期限", s.heading))
    closing.append(field_grid([
        [("履行方式", agreement.performance_manner)],
        [("履行地点", agreement.performance_place)],
        [("履行期限", cn_date(agreement.performance_deadline, "") or "即时履行")],
    ]))
    closing.append(Spacer(1, 4 * mm))
    copies = copies_sentence(agreement.copies, len(detail.parties))
    closing.append(para(AGREEMENT_EFFECT + copies, s.body))
    closing.append(para(AGREEMENT_BINDING, s.body))
    closing.append(Spacer(1, 6 * mm))
    signed = signatures(detail, day, data.station.committee)
    closing.append(KeepTogether([PageMark(marks.setdefault("signed", [])), *signed]))
    story.append(KeepTogether(closing) if kept else closing[0])
    if not kept:
        story += closing[1:]
    return story


def build_mediation_agreement(data: DocumentData) -> list[Flowable]:
    """The agreement, laid out once on trial: when the signatures would begin a page without
    any term on it, the last term(s) are kept together with the closing part (a page with
    nothing but signatures could be put behind other terms)."""
    for tail in (0, 1, 2):
        marks: dict[str, list[int]] = {}
        build_a4(_agreement_story(data, tail, marks, blank_note=tail > 0), data)
        if marks.get("term") and marks.get("signed") and marks["term"][-1] >= \
                marks["signed"][0]:
            break
    # The note only where the kept block did begin a new page (without it the block still fits
    # where it was: the layout does not change).
    moved = bool(marks.get("head_end") and marks.get("kept")
                 and marks["head_end"][-1] < marks["kept"][0])
    return _agreement_story(data, tail, {}, blank_note=moved)


register(DocumentSpec(
    key="mediation_agreement", title="人民调解协议书", record_type=RECORD_TYPE, page="A4",
    build=build_mediation_agreement, accepts=agreement_accepts, full_ids=True,
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


def rights_notified(detail: Any) -> str:
    """How and when the rights and duties were given ("" until a notice is recorded)."""
    given = [s for s in getattr(detail, "steps", ()) if s.kind == StepKind.RIGHTS_NOTICE.value]
    return "；".join(f"{cn_date(s.done_on)}{s.manner_label}{s.people}" for s in given)


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
    given = rights_notified(detail)
    notice = f"{CHECKED if given else UNCHECKED}{RIGHTS_NOTICE}"
    if given:
        notice += f"\n告知情况：{given}"
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
             ("记录人", session.recorder)],
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
                   signature_block("记录人", session.recorder, fingerprint=False,
                                   caption="签名", day=day)]
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

VISIT_MANNERS = tuple(m.label for m in VisitMethod)


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
        manner = visit.method_label
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
            signature_block("被回访人", visit.visitee, fingerprint=False, caption="签名",
                            day=visit.visited_on),
            Spacer(1, 4 * mm),
        ]
        story.append(KeepTogether(block))
    return story


register(DocumentSpec(
    key="mediation_follow_up_record", title="人民调解回访记录", record_type=RECORD_TYPE,
    page="A4", build=build_mediation_follow_up_record, accepts=follow_up_accepts,
))
