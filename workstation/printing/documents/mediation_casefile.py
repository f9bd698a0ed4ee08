"""The case-file papers of a mediation case beyond the application, register, records and
agreement (``mediation``): 人民调解权利义务告知书, 调查记录, 不予受理告知书, 终止调解告知书,
司法确认申请书, 督促履行记录 and the 反馈函 to a referring body.

The issuer is ``data.station.committee`` as on every mediation document (one place to change).
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer

from workstation.domain.casefile import StepKind
from workstation.domain.enums import AgreementForm, CaseSource, MediationStatus, PartyRole
from workstation.domain.wording import EMPTY

from ..layout import (
    cn_date,
    field_grid,
    para,
    seal_area,
    section_table,
    signature_block,
    styles,
    title_block,
)
from ..registry import DocumentData, DocumentSpec, register
from .mediation import (
    RECORD_TYPE,
    age_on,
    dispute_cause,
    intake_decision,
    mediators_of,
    parties_in_order,
    party_signatures,
    role_rows,
)

S = MediationStatus
LAW = "《中华人民共和国人民调解法》"
REMEDIES = "当事人可以依法通过仲裁、行政、司法等途径维护自己的权利。"


def party_names(detail: Any, role: str | None = None) -> str:
    return "、".join(p.name for p in parties_in_order(detail) if role in (None, p.role))


def case_cause(detail: Any) -> str:
    """``张三与李四邻里纠纷``: the parties and the cause, as mediation names a case (the
    case's title, ``domain.committees.case_title``)."""
    return str(detail.title)


def _status_entry(detail: Any, targets: set[str]) -> Any:
    for entry in reversed(detail.timeline):
        if entry.to_status in targets:
            return entry
    return None


# --- 人民调解权利义务告知书 (人民调解法 art. 23, 24) ----------------------------------------

RIGHTS = (
    "（一）选择或者接受人民调解员；",
    "（二）接受调解、拒绝调解或者要求终止调解；",
    "（三）要求调解公开进行或者不公开进行；",
    "（四）自主表达意愿、自愿达成调解协议。",
)
DUTIES = (
    "（一）如实陈述纠纷事实；",
    "（二）遵守调解现场秩序，尊重人民调解员；",
    "（三）尊重对方当事人行使权利。",
)
PRINCIPLES = (
    "人民调解委员会调解民间纠纷，在当事人自愿、平等的基础上进行，不违背法律、法规和国家政策，"
    "尊重当事人的权利，不因调解而阻止当事人依法通过仲裁、行政、司法等途径维护自己的权利。"
    "人民调解委员会调解民间纠纷，不收取任何费用。"
)
NOTICE_RECEIVED = "以上权利义务已告知本人，本人已知悉。"


def build_rights_notice(data: DocumentData) -> list[Flowable]:
    detail = data.detail
    s = styles()
    given = detail.steps_of(StepKind.RIGHTS_NOTICE.value)
    day = given[-1].done_on if given else None
    story: list[Flowable] = [*title_block(data)]
    story.append(para(f"{party_names(detail)}：", s.cell))
    story.append(Spacer(1, 2 * mm))
    story.append(para(
        f"你们之间的{dispute_cause(detail)}，已由本委员会登记（案号{detail.number}）。根据{LAW}"
        "第二十三条、第二十四条的规定，现将当事人在人民调解活动中享有的权利和承担的义务告知如下：",
        s.body))
    story.append(para("一、当事人享有下列权利：", s.heading))
    story += [para(line, s.body) for line in RIGHTS]
    story.append(para("二、当事人应当履行下列义务：", s.heading))
    story += [para(line, s.body) for line in DUTIES]
    story.append(para("三、" + PRINCIPLES, s.body))
    story.append(Spacer(1, 2 * mm))
    lines = [f"{cn_date(g.done_on)}　{g.manner_label}　被告知人：{g.people}"
             + (f"　告知人：{g.staff}" if g.staff else "") for g in given]
    closing: list[Flowable] = []
    if lines:
        closing.append(para("告知情况：" + "；".join(lines), s.cell))
    closing += [para(NOTICE_RECEIVED, s.body), Spacer(1, 1 * mm)]
    closing += party_signatures(detail, day)
    closing += [seal_area(data.station.committee, day)]
    story.append(KeepTogether(closing))
    return story


register(DocumentSpec(
    key="mediation_rights_notice", title="人民调解权利义务告知书", record_type=RECORD_TYPE,
    page="A4", build=build_rights_notice,
))


# --- 调查记录 ---------------------------------------------------------------------------

INVESTIGATION_CONFIRMATION = "以上记录已向我宣读/经我阅看，与我所说一致。"


def investigation_accepts(detail: Any) -> str | None:
    return None if detail.steps_of(StepKind.INVESTIGATION.value) else "该案件尚无调查记录"


def build_investigation_record(data: DocumentData) -> list[Flowable]:
    detail = data.detail
    s = styles()
    story: list[Flowable] = []
    visits = detail.steps_of(StepKind.INVESTIGATION.value)
    for n, step in enumerate(visits, start=1):
        if n > 1:
            story.append(PageBreak())
        story += title_block(data)
        story.append(para(f"第{n}次调查（共{len(visits)}次）", s.heading))
        story.append(field_grid([
            [("案号", detail.number), ("案由", dispute_cause(detail))],
            [("调查时间", cn_date(step.done_on)), ("调查地点", step.place)],
            [("调查人", step.staff), ("记录人", step.operator_name)],
            [("被调查人", step.people)],
        ]))
        story += [Spacer(1, 3 * mm), section_table("调查情况", step.content), Spacer(1, 4 * mm)]
        story.append(KeepTogether([
            para(INVESTIGATION_CONFIRMATION, s.body), Spacer(1, 4 * mm),
            signature_block("被调查人", step.people, caption="签名（按指印）", day=step.done_on),
            Spacer(1, 2 * mm),
            signature_block("调查人", step.staff, fingerprint=False, caption="签名",
                            day=step.done_on),
        ]))
    return story


register(DocumentSpec(
    key="mediation_investigation_record", title="人民调解调查记录", record_type=RECORD_TYPE,
    page="A4", build=build_investigation_record, accepts=investigation_accepts,
))


# --- 不予受理告知书 / 终止调解告知书 ------------------------------------------------------

def rejection_accepts(detail: Any) -> str | None:
    return None if intake_decision(detail) == "不予受理" else "该案件未作不予受理决定"


def _notice(data: DocumentData, addressees: str, text: str, reason: str, day: Any
            ) -> list[Flowable]:
    s = styles()
    return [
        *title_block(data),
        para(f"{addressees}：", s.cell), Spacer(1, 2 * mm),
        para(text, s.body),
        Spacer(1, 2 * mm),
        field_grid([[("理由", reason or EMPTY)]], label_width=24 * mm),
        Spacer(1, 3 * mm),
        para(REMEDIES, s.body),
        para("特此告知。", s.body),
        Spacer(1, 8 * mm),
        KeepTogether([seal_area(data.station.committee, day), Spacer(1, 4 * mm),
                      signature_block("当事人签收", "", caption="签名（按指印）", day=None)]),
    ]


def build_rejection_notice(data: DocumentData) -> list[Flowable]:
    detail = data.detail
    entry = _status_entry(detail, {S.TERMINATED.value})
    day = entry.at.astimezone().date() if entry else detail.concluded_on
    applicants = party_names(detail, PartyRole.APPLICANT.value) or party_names(detail)
    verb = "申请调解" if detail.source == CaseSource.APPLICATION.value else "登记"
    text = (f"你（单位）于{cn_date(detail.registered_on)}{verb}的{case_cause(detail)}"
            f"（登记号{detail.number}），经审查，本委员会决定不予受理。")
    return _notice(data, applicants, text, detail.status_reason, day)


register(DocumentSpec(
    key="mediation_rejection_notice", title="不予受理告知书", record_type=RECORD_TYPE,
    page="A4", build=build_rejection_notice, accepts=rejection_accepts,
))


def termination_accepts(detail: Any) -> str | None:
    ended = _status_entry(detail, {S.TERMINATED.value, S.FAILED.value})
    if ended is None or intake_decision(detail) == "不予受理":
        return "该案件未终止调解"
    return None


def build_termination_notice(data: DocumentData) -> list[Flowable]:
    detail = data.detail
    entry = _status_entry(detail, {S.TERMINATED.value, S.FAILED.value})
    day = detail.concluded_on or (entry.at.astimezone().date() if entry else None)
    failed = entry is not None and entry.to_status == S.FAILED.value
    text = (f"本委员会于{cn_date(detail.accepted_on, '')}受理的{case_cause(detail)}"
            f"（案号{detail.number}），"
            + ("经调解，各方当事人未能达成调解协议。" if failed else "")
            + f"依据{LAW}第二十六条的规定，本委员会决定于{cn_date(day, '')}终止调解。")
    reason = entry.reason if entry is not None and entry.reason else detail.status_reason
    return _notice(data, party_names(detail), text, reason, day)


register(DocumentSpec(
    key="mediation_termination_notice", title="终止人民调解告知书", record_type=RECORD_TYPE,
    page="A4", build=build_termination_notice, accepts=termination_accepts,
))


# --- 司法确认申请书 (人民调解法 art. 33) ---------------------------------------------------

JUDICIAL_PLEDGE = (
    "（一）申请人出于解决纠纷的目的自愿达成调解协议，没有恶意串通、规避法律的行为；",
    "（二）如果因为该协议内容而给他人造成损害的，愿意承担相应的民事责任和其他法律责任。",
)
COURT_BLANK = "＿＿＿＿＿＿＿＿人民法院"


def judicial_application_accepts(detail: Any) -> str | None:
    agreement = detail.agreement
    if agreement is None:
        return "该案件尚无调解协议"
    if agreement.form == AgreementForm.ORAL.value:
        return "口头协议不能申请司法确认，请先制作书面调解协议"
    return None


def _applicant_rows(party: Any, data: DocumentData) -> list[list[tuple[str, str]]]:
    if party.is_organisation or party.person is None:
        return [[("名称", party.org_name or party.name)],
                [("法定代表人", party.org_representative), ("住所", party.org_address)]]
    p = party.person
    full = data.full_id_numbers.get(p.id, "") or p.id_number_masked
    return [
        [("姓名", p.name), ("性别", p.sex_label if p.sex else ""),
         ("年龄", age_on(p.birth_date, data.today))],
        [("民族", p.ethnicity), ("联系电话", p.phone)],
        [("身份证件号码", full)],
        [("住所", p.address)],
    ]


def build_judicial_application(data: DocumentData) -> list[Flowable]:
    detail = data.detail
    agreement = detail.agreement
    s = styles()
    court = agreement.judicial_court or COURT_BLANK
    story: list[Flowable] = [*title_block(data)]
    for n, party in enumerate(parties_in_order(detail), start=1):
        story += [field_grid(_applicant_rows(party, data), side_label=f"申请人{n}",
                             label_width=26 * mm), Spacer(1, 2 * mm)]
    story.append(section_table("请求事项", [
        f"请求人民法院确认申请人于{cn_date(agreement.effective_on)}经{data.station.committee}"
        "主持调解达成的人民调解协议有效。"]))
    story.append(Spacer(1, 3 * mm))
    story.append(section_table("事实和理由", [
        f"申请人之间因{dispute_cause(detail)}，经{data.station.committee}调解（案号"
        f"{detail.number}），于{cn_date(agreement.effective_on)}自愿达成人民调解协议。"
        f"根据{LAW}第三十三条的规定，申请人在调解协议生效之日起三十日内共同向人民法院申请"
        "司法确认。",
        "申请人承诺：", *JUDICIAL_PLEDGE]))
    story.append(Spacer(1, 3 * mm))
    story.append(para("附：1．人民调解协议书；2．申请人身份证明；3．与调解协议相关的证明材料。",
                      s.cell))
    story.append(Spacer(1, 3 * mm))
    closing: list[Flowable] = [para("此致", s.cell), para(court, s.cell), Spacer(1, 4 * mm)]
    closing += party_signatures(detail, agreement.judicial_confirmation_on)
    story.append(KeepTogether(closing))
    if agreement.judicial_result:
        story += [Spacer(1, 3 * mm), field_grid([
            [("法院处理结果", agreement.judicial_result_label),
             ("日期", cn_date(agreement.judicial_result_on, ""))],
            [("法院", agreement.judicial_court), ("文号", agreement.judicial_ruling_number)],
        ], label_width=24 * mm)]
    return story


register(DocumentSpec(
    key="mediation_judicial_application", title="司法确认申请书", record_type=RECORD_TYPE,
    page="A4", build=build_judicial_application, accepts=judicial_application_accepts,
    full_ids=True,
))


# --- 督促履行记录 (人民调解法 art. 31) ------------------------------------------------------

def supervision_accepts(detail: Any) -> str | None:
    return None if detail.steps_of(StepKind.SUPERVISION.value) else "该案件尚无督促履行记录"


def build_supervision_record(data: DocumentData) -> list[Flowable]:
    detail = data.detail
    agreement = detail.agreement
    s = styles()
    story: list[Flowable] = [*title_block(data)]
    story.append(field_grid([
        [("案号", detail.number), ("案由", dispute_cause(detail))],
        *role_rows(detail),
        [("协议生效日期", cn_date(agreement.effective_on) if agreement else ""),
         ("履行期限", (cn_date(agreement.performance_deadline, "") or "即时履行")
          if agreement else "")],
        [("当前履行情况", agreement.performance_status_label if agreement else "")],
    ], label_width=26 * mm))
    story += [Spacer(1, 3 * mm),
              section_table("调解协议内容", agreement.terms if agreement else ""),
              Spacer(1, 3 * mm)]
    for n, step in enumerate(detail.steps_of(StepKind.SUPERVISION.value), start=1):
        story.append(KeepTogether([
            para(f"第{n}次督促履行", s.heading),
            field_grid([
                [("督促日期", cn_date(step.done_on)), ("督促方式", step.manner_label)],
                [("督促情况", step.content)],
                [("督促后履行情况", step.result_label)],
            ], label_width=32 * mm),
            Spacer(1, 3 * mm),
            signature_block("督促人", step.staff or step.operator_name, fingerprint=False,
                            caption="签名", day=step.done_on),
            Spacer(1, 4 * mm),
        ]))
    return story


register(DocumentSpec(
    key="mediation_supervision_record", title="人民调解协议督促履行记录",
    record_type=RECORD_TYPE, page="A4", build=build_supervision_record,
    accepts=supervision_accepts,
))


# --- 反馈函 (to the body that referred the case) ------------------------------------------

CONCLUDED = {S.AGREED.value, S.FAILED.value, S.TERMINATED.value, S.FOLLOWED_UP.value,
             S.ARCHIVED.value}


def feedback_accepts(detail: Any) -> str | None:
    if detail.source != CaseSource.REFERRED.value:
        return "该案件不是接受委托移送的案件，无需反馈函"
    if detail.status not in CONCLUDED or detail.concluded_on is None:
        return "该案件尚未结案"
    return None


def outcome_sentence(detail: Any) -> str:
    agreement = detail.agreement
    if agreement is not None:
        text = (f"经调解，各方当事人于{cn_date(agreement.effective_on)}自愿达成"
                f"{agreement.form_label}。")
        if agreement.judicial_result:
            text += f"人民法院已{agreement.judicial_result_label}。"
        return text
    ended = _status_entry(detail, {S.FAILED.value, S.TERMINATED.value})
    reason = ended.reason if ended is not None and ended.reason else detail.status_reason
    return f"经调解，未能达成调解协议，本委员会已终止调解（{reason or '调解不成'}）。"


def build_feedback_letter(data: DocumentData) -> list[Flowable]:
    detail = data.detail
    s = styles()
    sent = detail.steps_of(StepKind.FEEDBACK.value)
    recipient = sent[-1].people if sent else detail.referring_body
    day = sent[-1].done_on if sent else None
    story: list[Flowable] = [*title_block(data)]
    story.append(para(f"{recipient or '＿＿＿＿＿＿'}：", s.cell))
    story.append(Spacer(1, 2 * mm))
    story.append(para(
        f"你单位委托移送本委员会调解的{case_cause(detail)}，本委员会于"
        f"{cn_date(detail.accepted_on, '')}受理（案号{detail.number}），由人民调解员"
        f"{mediators_of(detail)}主持调解。{outcome_sentence(detail)}", s.body))
    if sent and sent[-1].content:
        story.append(para(sent[-1].content, s.body))
    story.append(para("特此函告。", s.body))
    story.append(Spacer(1, 4 * mm))
    story.append(para("联系人：" + (detail.mediator_name or "")
                      + (f"　联系电话：{data.station.phone}" if data.station.phone else ""),
                      s.cell))
    story.append(Spacer(1, 6 * mm))
    story.append(seal_area(data.station.committee, day))
    return story


register(DocumentSpec(
    key="mediation_feedback_letter", title="人民调解案件反馈函", record_type=RECORD_TYPE,
    page="A4", build=build_feedback_letter, accepts=feedback_accepts,
))

