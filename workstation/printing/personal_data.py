"""个人信息查询结果: what the station holds about one citizen, printed for them on request
(Personal Information Protection Law art. 45: a person may consult and copy their data).

Not a document of a record, so it is not in the registry: it lists the person's details and
every consultation, mediation case and aid application naming them (voided ones too, marked).
The ID number is masked unless the citizen is at the counter and their ID document was
checked (``full_id_number`` given).
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from . import fonts
from .layout import (
    A4_TEXT_WIDTH,
    data_table,
    field_grid,
    para,
    signature_block,
    styles,
    title_block,
    verification_code,
)
from .registry import DocumentData
from .render import RenderedDocument, station_info

KEY = "personal_data_report"
TITLE = "个人信息查询结果"
RECORD_TYPE = "person"
SERVICE_NAMES = {"consultation": "法律咨询", "mediation_case": "人民调解",
                 "aid_referral": "法律援助"}


def _person_rows(p: Any, id_text: str) -> list[list[tuple[str, str]]]:
    return [
        [("姓名", p.name), ("性别", p.sex_label),
         ("出生日期", p.birth_date.isoformat() if p.birth_date else "")],
        [("民族", p.ethnicity), ("特殊群体", "、".join(p.special_group_labels))],
        [("证件类型", p.id_type_label if p.has_id else ""), ("证件号码", id_text)],
        [("联系电话", p.phone), ("职业", p.occupation)],
        [("住址", p.address)],
        [("户籍", p.household_registration), ("工作单位", p.employer)],
    ]


def build_personal_data_report(data: DocumentData) -> list[Flowable]:
    history = data.detail
    p = history.person
    s = styles()
    full = data.full_id_numbers.get(p.id, "")
    id_text = full or p.id_number_masked
    story: list[Flowable] = [*title_block(data, show_date=True)]
    story.append(para(
        f"应{p.name}本人申请，现将{data.station.name}保存的有关其本人的个人信息及办理记录"
        "列示如下。", s.body))
    story.append(Spacer(1, 3 * mm))
    story.append(para("一、个人基本信息", s.heading))
    story.append(Spacer(1, 1.5 * mm))
    story.append(field_grid(_person_rows(p, id_text)))
    story.append(Spacer(1, 4 * mm))
    items = history.items
    story.append(para(f"二、办理记录（共{len(items)}条）", s.heading))
    story.append(Spacer(1, 1.5 * mm))
    if items:
        rows = [
            [i.date.isoformat(), SERVICE_NAMES.get(i.record_type, i.record_type), i.number,
             i.role_label, i.status_label + ("（已作废）" if i.voided else ""), i.summary]
            for i in items
        ]
        widths = [23 * mm, 20 * mm, 36 * mm, 22 * mm, 20 * mm]
        widths.append(A4_TEXT_WIDTH - sum(widths))
        story.append(data_table(["日期", "业务", "编号", "身份", "状态", "摘要"], rows, widths))
    else:
        story.append(para("本站没有涉及本人的办理记录。", s.body))
    story.append(Spacer(1, 4 * mm))
    notes = [
        "说明：",
        ("1. 申请人本人持证件到场，已核验身份，证件号码完整列示。" if full else
         "1. 为保护个人信息，证件号码已作部分隐藏。"),
        "2. 已作废的记录仍依法保留，在状态中注明“已作废”。",
        "3. 如认为上述信息不准确或不完整，可向本站申请更正、补充。",
        "4. 本查询结果仅供申请人本人使用，请妥善保管。",
    ]
    story += [para(n, s.small) for n in notes]
    story.append(Spacer(1, 5 * mm))
    story.append(KeepTogether([
        signature_block("申请人", p.name, fingerprint=False, caption="签收", day=data.today),
        Spacer(1, 3 * mm),
        signature_block("经办人", data.operator_name, fingerprint=False, caption="签名",
                        day=data.today),
    ]))
    return story


def render_personal_data_report(history: Any, *, station: Any, operator_name: str,
                                today: date | None = None,
                                full_id_number: str = "") -> RenderedDocument:
    """The report of ``history`` (``services.person_history.PersonHistory``) as a PDF."""
    from .layout import build_a4

    day = today or date.today()
    person = history.person
    info = station_info(station)
    state = "|".join(f"{i.record_id}:{i.voided}" for i in history.items)
    version = int(hashlib.sha256(state.encode()).hexdigest()[:6], 16)
    data = DocumentData(
        key=KEY, title=TITLE, record_type=RECORD_TYPE, record_id=person.id, number="",
        detail=history, station=info, operator_name=operator_name, today=day,
        version=version, verification=verification_code(KEY, person.id, "", version),
        full_id_numbers={person.id: full_id_number} if full_id_number else {},
    )
    with fonts.collect_missing() as missing:
        pdf, pages = build_a4(build_personal_data_report(data), data)
    return RenderedDocument(
        key=KEY, title=TITLE, record_type=RECORD_TYPE, record_id=person.id, number="",
        pdf=pdf, sha256=hashlib.sha256(pdf).hexdigest(), pages=pages,
        missing_chars=tuple(sorted(missing)),
    )
