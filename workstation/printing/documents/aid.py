"""Legal aid forms of the station (A4): 法律援助申请表, 个人诚信承诺书, 补充材料通知书,
法律援助转交函 and the materials checklist.

A township station does not decide legal aid (法律援助法): it helps the citizen fill in the
application, takes the materials, tells the citizen in one go what is missing (一次性告知) and
forwards the application to the county legal aid center with a letter. Each document is a
``build_<key>(data)`` function plus its ``register`` call at the end of its own section; the
shared pieces (tick boxes, the applicant grid, the center's name) are the helpers at the top.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from workstation.domain.enums import AidStatus, DocumentType, HardshipRoute, SpecialGroup
from workstation.domain.wording import EMPTY

from ..layout import (
    A4_TEXT_WIDTH,
    cn_date,
    data_table,
    field_grid,
    para,
    rule,
    seal_area,
    section_table,
    signature_block,
    styles,
    title_block,
    yuan,
)
from ..registry import DocumentData, DocumentSpec, agent_key, register

RECORD_TYPE = "aid_referral"
CHECKED, UNCHECKED = "☑", "□"
STATION_SEAL = "（工作站印章）"
HOTLINE = "12348"

# --- shared helpers ---------------------------------------------------------------------


def tick(label: str, on: bool) -> str:
    return f"{CHECKED if on else UNCHECKED}{label}"


def ticks(options: list[tuple[str, str]], chosen: set[str] | str | None, *,
          per_line: int = 0) -> str:
    """``□残疾人　☑老年人 …``: every option, the recorded ones ticked; ``per_line`` options
    to a line (so that no option is broken between lines)."""
    held = {chosen} if isinstance(chosen, str) else set(chosen or ())
    items = [tick(label, code in held) for code, label in options]
    step = per_line or len(items)
    return "\n".join("　".join(items[i:i + step]) for i in range(0, len(items), step))


#: The special groups of the paper form, in its order (低保/特困 shortened as on the form).
GROUP_OPTIONS = [
    (SpecialGroup.DISABLED.value, "残疾人"),
    (SpecialGroup.ELDERLY.value, "老年人"),
    (SpecialGroup.MINOR.value, "未成年人"),
    (SpecialGroup.WOMEN.value, "妇女"),
    (SpecialGroup.MIGRANT_WORKER.value, "农民工"),
    (SpecialGroup.VETERAN.value, "退役军人"),
    (SpecialGroup.SOCIAL_ASSISTANCE.value, "低保/特困"),
    (SpecialGroup.SPECIAL_CARE.value, "优抚对象"),
    (SpecialGroup.DOMESTIC_VIOLENCE_VICTIM.value, "家庭暴力受害人"),
    (SpecialGroup.HERO_RELATIVE.value, "英雄烈士近亲属"),
    (SpecialGroup.BRAVE_ACT.value, "见义勇为人员"),
    (SpecialGroup.JUDICIAL_ASSISTANCE.value, "司法救助对象"),
]
ROUTE_OPTIONS = [(r.value, r.label) for r in HardshipRoute]


def aid_center(d: Any, county_center: str) -> str:
    """Where the application goes: the recorded center, else the legal aid center named after
    the station's county center (海港区公共法律服务中心 → 海港区法律援助中心)."""
    if d.forwarded_to.strip():
        return d.forwarded_to.strip()
    name = county_center.strip()
    if name.endswith("法律援助中心"):
        return name
    for suffix in ("公共法律服务中心", "法律服务中心", "司法局"):
        if name.endswith(suffix):
            return name[: -len(suffix)] + "法律援助中心"
    return (name or "县") + "法律援助中心"


def id_label(person: Any) -> str:
    if not person.id_type or person.id_type == DocumentType.RESIDENT_ID.value:
        return "身份证号码"
    return f"证件号码\n（{person.id_type_label}）"


def id_number(person: Any, data: DocumentData) -> str:
    """The applicant's full document number, as the official form has it.

    Documents registered with ``full_ids=True`` get the full numbers from ``render`` (the print
    itself is audited); anything else falls back to the masked number.
    """
    if not person.has_id:
        return ""
    return data.full_id_numbers.get(person.id) or person.id_number_masked


def matter_text(d: Any) -> str:
    return f"{d.matter_label}（{d.matter_detail}）" if d.matter_detail.strip() else d.matter_label


def income_text(d: Any) -> str:
    return yuan(d.monthly_income_fen) if d.monthly_income_fen is not None else ""


def household_text(d: Any) -> str:
    return f"{d.household_size}人" if d.household_size else ""


def per_capita(d: Any) -> str:
    if d.monthly_income_fen is None or not d.household_size:
        return ""
    return yuan(round(d.monthly_income_fen / d.household_size))


def urgent_text(d: Any) -> str:
    if d.urgent:
        until = f"（期限届满日：{cn_date(d.limitation_deadline)}）" if d.limitation_deadline else ""
        return f"是{until}"
    if d.limitation_deadline:
        return f"否（时效/期限届满日：{cn_date(d.limitation_deadline)}）"
    return "否"


def bold(page_style: ParagraphStyle) -> ParagraphStyle:
    """The body style in the Hei face (reportlab has no bold CJK; Hei is how forms stress)."""
    title_font = styles().title.fontName
    return ParagraphStyle(f"{page_style.name}-hei", parent=page_style, fontName=title_font)


def applicant_grid(d: Any, data: DocumentData) -> Flowable:
    p = d.applicant
    return field_grid([
        [("姓名", p.name), ("性别", p.sex_label if p.sex else ""),
         ("出生日期", cn_date(p.birth_date, ""))],
        [("民族", p.ethnicity), ("职业", p.occupation), ("联系电话", p.phone)],
        [(id_label(p), id_number(p, data))],
        [("户籍所在地", p.household_registration)],
        [("工作单位", p.employer)],
        [("住所地", p.address)],
        [("特殊群体", ticks(GROUP_OPTIONS, set(p.special_groups), per_line=5))],
    ], side_label="申请人")


def station_contact(data: DocumentData) -> str:
    phone = data.station.phone or f"{HOTLINE}（公共法律服务热线）"
    line = f"联系人：{data.operator_name or '＿＿＿＿＿＿'}　　联系电话：{phone}"
    if data.station.address:
        line += f"\n地址：{data.station.address}"
    return line


def plain(text: str, style: ParagraphStyle) -> list[Flowable]:
    """Lines of ``text`` as paragraphs without the first-line indent (contact lines)."""
    flat = ParagraphStyle(f"{style.name}-flat", parent=style, firstLineIndent=0)
    return [para(line, flat) for line in text.splitlines() if line.strip()]


# --- 法律援助申请表 ---------------------------------------------------------------------

APPLICATION_PROMISE = (
    "本人保证以上所填内容及所提交的材料真实、完整，如有隐瞒或者虚假，愿承担相应的法律责任。"
)


def build_aid_application(data: DocumentData) -> list[Flowable]:
    d = data.detail
    s = styles()
    story: list[Flowable] = [*title_block(data, show_date=True, day=d.applied_on)]
    story += [applicant_grid(d, data), Spacer(1, 2 * mm)]
    agent_id = (data.full_id_numbers.get(agent_key(d.id)) or d.agent_id_number_masked
                if d.agent_name else "")
    story.append(field_grid([
        [("姓名", d.agent_name), ("与申请人\n关系", d.agent_relation),
         ("联系电话", d.agent_phone)],
        [("证件号码", agent_id)],
    ], side_label="代理人"))
    story.append(Spacer(1, 2 * mm))
    story.append(field_grid([
        [("诉讼地位", d.procedural_role_label if d.procedural_role else ""),
         ("案件阶段", d.stage_label if d.stage else "")],
        [("案由", d.cause_of_action)],
        [("申请援助\n事项", matter_text(d))],
        [("申请援助\n形式", d.aid_form_label)],
        [("对方当事人", d.opposing_party)],
        [("是否紧急", urgent_text(d))],
    ], side_label="申请事项"))
    story.append(Spacer(1, 2 * mm))
    body: list[Any] = [line for line in d.facts.splitlines() if line.strip()]
    request = [line for line in d.request.splitlines() if line.strip()]
    if request:
        body.append(para("申请理由及请求：", s.heading))
        body += request
    story += [section_table("案情及申请理由", body), Spacer(1, 2 * mm)]
    story.append(field_grid([
        [("家庭人口", household_text(d)), ("家庭月收入", income_text(d))],
        [("财产状况", d.property_note)],
        [("经济困难\n认定方式", ticks(ROUTE_OPTIONS, d.hardship_route, per_line=2))],
    ], side_label="经济状况"))
    story.append(Spacer(1, 3 * mm))
    sign: list[Flowable] = [para(APPLICATION_PROMISE, s.body), Spacer(1, 4 * mm),
                            signature_block("申请人", d.applicant.name, caption="签名（按指印）",
                                            day=d.applied_on)]
    if d.agent_name.strip():
        sign += [Spacer(1, 3 * mm),
                 signature_block("代理人", d.agent_name, fingerprint=False, caption="签名",
                                 day=d.applied_on)]
    story.append(KeepTogether(sign))
    story.append(Spacer(1, 5 * mm))
    story.append(KeepTogether(section_table("以下由受理机构填写", [
        "收件人：＿＿＿＿＿＿＿＿＿＿　　收件日期：　　　　年　　月　　日",
        "材料份数：＿＿＿＿＿＿　　　　备注：＿＿＿＿＿＿＿＿＿＿＿＿＿＿",
    ])))
    return story


register(DocumentSpec(
    key="aid_application", title="法律援助申请表", record_type=RECORD_TYPE, page="A4",
    build=build_aid_application, full_ids=True,
))


# --- 个人诚信承诺书 (法律援助法第四十一条) --------------------------------------------

COMMITMENT_ITEMS = (
    "一、本人及共同生活的家庭成员的经济状况如上所填，内容真实、准确、完整，本人经济困难状况属实。",
    "二、本人知悉法律援助机构有权对本人的经济困难状况进行核查，本人将如实说明情况并配合核查，"
    "同意有关部门、单位和个人向法律援助机构提供相关信息。",
    "三、如有隐瞒或者虚假，本人愿意承担相应的法律责任；法律援助机构可以决定不予法律援助或者"
    "终止法律援助，并依法追回已经支出的法律援助费用（法律援助法第四十八条、第六十四条）。",
    "四、本人经济状况在法律援助期间发生变化的，将及时告知法律援助机构。",
)


def commitment_accepts(detail: Any) -> str | None:
    if detail.hardship_route != HardshipRoute.COMMITMENT.value:
        return f"该申请无需个人诚信承诺书（{detail.hardship_route_label}）"
    return None


def build_aid_commitment(data: DocumentData) -> list[Flowable]:
    d = data.detail
    p = d.applicant
    s = styles()
    story: list[Flowable] = [*title_block(data)]
    story.append(field_grid([
        [("姓名", p.name), ("性别", p.sex_label if p.sex else ""), ("联系电话", p.phone)],
        [(id_label(p), id_number(p, data))],
        [("住所地", p.address)],
        [("家庭人口", household_text(d)), ("家庭月收入", income_text(d)),
         ("人均月收入", per_capita(d))],
        [("财产状况", d.property_note)],
    ], side_label="承诺人"))
    story.append(Spacer(1, 4 * mm))
    story.append(para(
        f"本人因“{matter_text(d)}”事项申请法律援助。根据《中华人民共和国法律援助法》"
        "第四十一条的规定，本人就家庭经济困难状况郑重承诺如下：", s.body))
    story += [para(item, s.body) for item in COMMITMENT_ITEMS]
    story.append(Spacer(1, 8 * mm))
    story.append(KeepTogether([
        signature_block("承诺人", p.name, caption="签名（按指印）", day=None),
    ]))
    return story


register(DocumentSpec(
    key="aid_commitment", title="个人诚信承诺书", record_type=RECORD_TYPE, page="A4",
    build=build_aid_commitment, accepts=commitment_accepts, full_ids=True,
))


# --- 补充材料通知书（一次性告知） --------------------------------------------------------


def supplement_accepts(detail: Any) -> str | None:
    if not detail.missing:
        return "申请材料已齐全，无需补充材料通知"
    return None


def build_aid_supplement_notice(data: DocumentData) -> list[Flowable]:
    d = data.detail
    s = styles()
    center = aid_center(d, data.station.county_center)
    flat = ParagraphStyle("notice-flat", parent=s.body, firstLineIndent=0)
    story: list[Flowable] = [*title_block(data)]
    story.append(para(f"{d.applicant.name}：", flat))
    story.append(para(
        f"您于{cn_date(d.applied_on)}向本站提出的法律援助申请（申请事项：{matter_text(d)}），"
        f"经核对，申请材料尚不齐全。根据《中华人民共和国法律援助法》第四十三条和一次性告知制度，"
        f"现一次性告知您需补充以下{len(d.missing)}项材料：", s.body))
    story.append(Spacer(1, 2 * mm))
    rows = [[str(i), m.label, ""] for i, m in enumerate(d.missing, start=1)]
    story.append(data_table(["序号", "需补充的材料", "备注"], rows,
                            [14 * mm, A4_TEXT_WIDTH - 54 * mm, 40 * mm]))
    story.append(Spacer(1, 3 * mm))
    story += [
        para(f"请您备齐上述材料后一并交回本站，本站将及时转交{center}。", s.body),
        para("补充材料期间不计入法律援助机构的审查期限。申请人未按要求补充材料或者作出说明的，"
             "视为撤回申请。", s.body),
        para(f"如有疑问，请与本站联系，或拨打{HOTLINE}公共法律服务热线。", s.body),
        Spacer(1, 2 * mm),
        *plain(station_contact(data), s.body),
        Spacer(1, 4 * mm),
        seal_area(data.station.name, data.today, caption=STATION_SEAL),
        Spacer(1, 6 * mm),
    ]
    receipt = [
        rule(A4_TEXT_WIDTH),
        para("（沿此线剪下，由本站留存）", s.small),
        Spacer(1, 2 * mm),
        para(f"回　执　　{data.number}", styles().center, role=None),
        Spacer(1, 2 * mm),
        para(f"本人已收到{data.station.name}出具的补充材料通知书，"
             f"知悉需补充的{len(d.missing)}项材料。", s.body),
        Spacer(1, 4 * mm),
        para("申请人签收：＿＿＿＿＿＿＿＿＿＿　　日期：＿＿＿＿＿＿＿＿＿＿", flat),
    ]
    story.append(KeepTogether(receipt))
    return story


register(DocumentSpec(
    key="aid_supplement_notice", title="补充材料通知书", record_type=RECORD_TYPE, page="A4",
    build=build_aid_supplement_notice, accepts=supplement_accepts,
))


# --- 法律援助转交函 ---------------------------------------------------------------------

FORWARDABLE = (AidStatus.DRAFT.value, AidStatus.FORWARDED.value, AidStatus.RECEIVED.value)


def forwarding_accepts(detail: Any) -> str | None:
    if detail.status not in FORWARDABLE:
        return f"该申请已{detail.status_label}，无需转交函"
    return None


def build_aid_forwarding_letter(data: DocumentData) -> list[Flowable]:
    d = data.detail
    p = d.applicant
    s = styles()
    center = aid_center(d, data.station.county_center)
    day = d.forwarded_on or data.today
    flat = ParagraphStyle("letter-flat", parent=s.body, firstLineIndent=0)
    who = p.name + (f"（{id_label(p).splitlines()[0]}：{id_number(p, data)}）" if p.has_id else "")
    facts = [x for x in (p.sex_label if p.sex else "",
                         f"{cn_date(p.birth_date)}出生" if p.birth_date else "",
                         f"住{p.address}" if p.address else "",
                         f"联系电话{p.phone}" if p.phone else "") if x]
    story: list[Flowable] = [*title_block(data)]
    story.append(para(f"{center}：", flat))
    story.append(para(
        f"现将申请人{who}申请法律援助的材料转交你中心，请依法审查。", s.body))
    if facts:
        story.append(para(f"申请人{p.name}，{'，'.join(facts)}。"
                          f"申请人于{cn_date(d.applied_on)}向本站提出法律援助申请。", s.body))
    details = [f"申请事项：{matter_text(d)}"]
    if d.cause_of_action.strip():
        details.append(f"案由：{d.cause_of_action.strip()}")
    if d.procedural_role or d.stage:
        role = d.procedural_role_label if d.procedural_role else EMPTY
        stage = d.stage_label if d.stage else EMPTY
        details.append(f"诉讼地位：{role}，案件阶段：{stage}")
    if d.aid_form_label:
        details.append(f"申请援助形式：{d.aid_form_label}")
    if d.opposing_party.strip():
        details.append(f"对方当事人：{d.opposing_party.strip()}")
    details.append(f"经济困难认定方式：{d.hardship_route_label}")
    details.append(f"是否紧急（法律援助法第四十四条）：{urgent_text(d)}")
    story.append(para("；".join(details) + "。", s.body))
    if d.urgent:
        until = cn_date(d.limitation_deadline) if d.limitation_deadline else "见申请材料"
        story.append(para(f"本案期限紧迫（期限届满日：{until}），请优先审查。", bold(s.body)))
    if d.missing:
        names = "、".join(m.label for m in d.missing)
        story.append(para(f"尚缺材料：{names}。本站已一次性告知申请人补充，收到后另行转交。",
                          s.body))
    story.append(para("审查决定作出后，请将结果告知本站，以便本站及时告知申请人。", s.body))
    story.append(Spacer(1, 3 * mm))
    story.append(para("附：转交材料清单", s.heading))
    received = [m for m in d.materials if m.received]
    rows = [[str(i), m.label, "", ""] for i, m in enumerate(received, start=1)]
    rows += [[str(len(rows) + i), "", "", ""] for i in range(1, 3)]  # for materials by hand
    story.append(data_table(["序号", "材料名称", "份数", "页数"], rows,
                            [14 * mm, A4_TEXT_WIDTH - 54 * mm, 20 * mm, 20 * mm]))
    story.append(Spacer(1, 4 * mm))
    story += plain(station_contact(data), s.body)
    story.append(Spacer(1, 4 * mm))
    story.append(seal_area(data.station.name, day, caption=STATION_SEAL))
    return story


register(DocumentSpec(
    key="aid_forwarding_letter", title="法律援助转交函", record_type=RECORD_TYPE, page="A4",
    build=build_aid_forwarding_letter, accepts=forwarding_accepts, full_ids=True,
))


# --- 法律援助申请材料清单 ---------------------------------------------------------------


def build_aid_materials_checklist(data: DocumentData) -> list[Flowable]:
    d = data.detail
    s = styles()
    story: list[Flowable] = [*title_block(data)]
    story.append(field_grid([
        [("申请人", d.applicant.name), ("申请日期", cn_date(d.applied_on))],
        [("申请事项", matter_text(d))],
        [("经济困难\n认定方式", d.hardship_route_label)],
    ]))
    story.append(Spacer(1, 3 * mm))
    rows = [[str(i), m.label, tick("已收", True) if m.received else tick("待补", False), ""]
            for i, m in enumerate(d.materials, start=1)]
    story.append(data_table(["序号", "材料名称", "接收情况", "备注"], rows,
                            [14 * mm, A4_TEXT_WIDTH - 74 * mm, 28 * mm, 32 * mm]))
    got = sum(1 for m in d.materials if m.received)
    story.append(Spacer(1, 2 * mm))
    story.append(para(f"共需材料{len(d.materials)}项，已收{got}项，尚缺{len(d.missing)}项。"
                      f"（{CHECKED}已收　{UNCHECKED}待补）", s.cell))
    story.append(Spacer(1, 3 * mm))
    notice = [line for line in d.one_time_notice.splitlines() if line.strip()]
    story.append(KeepTogether(section_table("一次性告知", notice)))
    story.append(Spacer(1, 6 * mm))
    story.append(KeepTogether([
        signature_block("经办人", data.operator_name, fingerprint=False, caption="签名",
                        day=data.today),
        Spacer(1, 3 * mm),
        signature_block("申请人", d.applicant.name, fingerprint=False, caption="签名确认",
                        day=None),
    ]))
    return story


register(DocumentSpec(
    key="aid_materials_checklist", title="法律援助申请材料清单", record_type=RECORD_TYPE,
    page="A4", build=build_aid_materials_checklist,
))
