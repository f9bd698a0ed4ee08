"""Demo 12348 work orders, hand-overs and consultation links, over the records already
written (so that 12348工单, 我负责的未结事项, 待我接收的移交, the record pages' links and the
hand-over statistics all show something with ``--demo``).

Written after the generated records, with its own random stream (the other demo records stay
as they were for a seed). What it makes, when the records allow:

- 12348 orders, most answering a consultation that came by a 12348 channel, replied on
  time; one replied late; one open and due within days (its handler, a mediator, has handed
  it to the station admin — the demo login — who sees it to accept); one open order handed
  by the admin to a mediator, who accepted it.
- A consultation sent on to a department and handed over to the county center (confirmed).
- Consultations linked to the mediation case and the aid application they led to (the
  consultation was the case's party's or the applicant's, shortly before).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, and_, insert, select, update
from sqlmodel import SQLModel

from workstation.domain.enums import (
    AidMatter,
    Channel,
    ConsultationTopic,
    DisputeType,
    HandlingResult,
    PartyRole,
)
from workstation.domain.responsibility import HandoverStatus, HandoverTarget

from .people import CST, at

#: Days the platform allows for the reply in the demo orders (as its dispatch notes say).
REPLY_DAYS = 7
#: Requests of the orders that do not answer a consultation of the station.
_REQUESTS = (
    "来电人反映邻居在其承包地边界处建房，占用其耕地约半分，多次协商无果，请求调解。",
    "来电人称在镇上一家超市做工三个月，老板拖欠工资4200元，询问如何维权。",
    "网民留言：父亲去世后兄妹对老宅继承有争议，咨询农村宅基地上房屋能否继承。",
    "来电人反映小区物业未经业主同意将公共绿地改为停车位收费，请求协调处理。",
    "网民留言：被电动车撞伤住院，对方无力赔偿，咨询能否申请法律援助。",
)
_REPLIES = (
    "已电话联系当事人，当场解答相关法律规定，当事人表示满意。",
    "已转人民调解委员会受理，经调解双方达成协议。",
    "已告知当事人申请法律援助的条件和所需材料，并协助其提交申请。",
    "已约见双方当事人了解情况，告知可通过诉讼途径解决，当事人表示理解。",
)


def _t(name: str) -> Any:
    return SQLModel.metadata.tables[name]


def order_count(records: int) -> int:
    """Orders made for ``records`` demo records (a few even for a small demo)."""
    return max(6, min(40, records // 40))


def write_handling(conn: Connection, *, rng: random.Random, station_id: str, today: date,
                   admin_id: str, mediators: list[str], county_center: str,
                   uid: Callable[[], str], count: int) -> dict[str, int]:
    """Write the orders, hand-overs and links (one transaction of the caller); returns how
    many of each were made."""
    last_day = today - timedelta(days=1)
    colleague = next((m for m in mediators if m != admin_id), None)
    made = {"orders": 0, "handovers": 0, "links": 0}
    rows: dict[str, list[dict[str, Any]]] = {
        "work_order": [], "responsibility": [], "handover": [], "record_link": []}
    w = _t("work_order")
    numbers: set[str] = set(conn.execute(select(w.c.order_no)).scalars())

    def record(moment: datetime) -> dict[str, Any]:
        return {"id": uid(), "station_id": station_id, "created_at": moment,
                "updated_at": moment, "version": 1}

    def order_no(received: date) -> str:
        while True:
            number = f"GD{received:%Y%m%d}{rng.randint(0, 99999):05d}"
            if number not in numbers:
                numbers.add(number)
                return number

    def add_order(received: date, *, operator: str, handler: str | None = None,
                  consultation: Any = None, replied_on: date | None = None,
                  due_on: date | None = None, request: str = "",
                  channel: str = Channel.HOTLINE_12348.value) -> dict[str, Any]:
        row = record(at(received, rng.randint(8 * 60 + 30, 16 * 60 + 30)))
        row.update({
            "order_no": order_no(received), "channel": channel, "received_on": received,
            "due_on": due_on or received + timedelta(days=REPLY_DAYS),
            "request": request or rng.choice(_REQUESTS),
            "caller_name": consultation.name if consultation is not None and
            consultation.name else "", "caller_phone": "",
            "operator_id": operator,
            "consultation_id": consultation.id if consultation is not None else None,
            "case_id": None, "referral_id": None, "replied_on": replied_on,
            "reply_content": rng.choice(_REPLIES) if replied_on else "",
            "reply_method": rng.choice(("platform", "platform", "phone")) if replied_on else "",
            "replied_by": operator if replied_on else None,
        })
        rows["work_order"].append(row)
        rows["responsibility"].append({
            **record(row["created_at"]), "record_type": "work_order", "record_id": row["id"],
            "first_receiver_id": operator, "handler_id": handler or operator,
            "handler_name": "", "settled_on": None, "settled_note": ""})
        made["orders"] += 1
        return row

    def add_handover(record_type: str, record_id: str, *, from_id: str, target: str,
                     handed: datetime, reason: str, status: str, to_id: str | None = None,
                     to_name: str = "", decided: datetime | None = None,
                     confirmed_by: str = "") -> None:
        rows["handover"].append({
            **record(handed), "record_type": record_type, "record_id": record_id,
            "from_operator_id": from_id, "target": target, "to_operator_id": to_id,
            "to_name": to_name, "provider_id": None, "reason": reason, "handed_at": handed,
            "status": status, "decided_at": decided,
            "decided_by": (to_id if target == HandoverTarget.OPERATOR else from_id)
            if decided else None,
            "confirmed_by": confirmed_by, "decline_reason": ""})
        made["handovers"] += 1

    c, p = _t("consultation"), _t("person")
    # The orders replied: most answer a consultation of at least two weeks ago (its reply is
    # in) that came by a 12348 channel and has no order yet.
    hotline = (Channel.HOTLINE_12348.value, Channel.PLATFORM_12348.value)
    answered = select(w.c.consultation_id).where(w.c.consultation_id.is_not(None))
    candidates = list(conn.execute(
        select(c.c.id, c.c.occurred_at, c.c.channel, c.c.question, c.c.operator_id, p.c.name)
        .outerjoin(p, p.c.id == c.c.person_id)
        .where(c.c.channel.in_(hotline), c.c.voided_at.is_(None), c.c.id.not_in(answered),
               c.c.occurred_at < at(last_day - timedelta(days=14), 0))
        .order_by(c.c.occurred_at.desc(), c.c.id).limit(count * 10)))
    rng.shuffle(candidates)
    wanted = max(2, count - 2)
    chosen: list[Any] = sorted(candidates[:wanted], key=lambda r: (r.occurred_at, r.id))
    # Too few such consultations (a small demo): orders of their own, handled by telephone.
    for k in range(wanted - len(chosen)):
        chosen.append(last_day - timedelta(days=20 + 9 * k))
    for i, consultation in enumerate(chosen):
        late = i == len(chosen) // 2  # one reply came two days after the due day
        if isinstance(consultation, date):
            received, operator, request = consultation, admin_id, ""
            channel, consultation = Channel.HOTLINE_12348.value, None
        else:
            received = consultation.occurred_at.astimezone(CST).date()
            operator, request = consultation.operator_id, consultation.question
            channel = consultation.channel
        due = received + timedelta(days=REPLY_DAYS)
        replied = due + timedelta(days=2) if late else received + timedelta(
            days=rng.randint(1, REPLY_DAYS))
        add_order(received, operator=operator, consultation=consultation,
                  replied_on=min(replied, last_day), due_on=due, request=request,
                  channel=channel)

    # Open, due soon: registered by a mediator, handed to the admin (pending).
    sender = colleague or admin_id
    received = last_day - timedelta(days=3)
    soon = add_order(received, operator=sender, due_on=today + timedelta(days=2),
                     channel=Channel.PLATFORM_12348.value)
    if sender != admin_id:
        add_handover("work_order", soon["id"], from_id=sender,
                     target=HandoverTarget.OPERATOR.value, to_id=admin_id,
                     to_name=_name(conn, admin_id), reason="本人下周参加县里培训，请站长接办",
                     handed=at(last_day, 10 * 60 + 15), status=HandoverStatus.PENDING.value)
    # Open, handed by the admin to a mediator who accepted it.
    if colleague is not None:
        received = last_day - timedelta(days=2)
        taken = add_order(received, operator=admin_id, handler=colleague,
                          due_on=today + timedelta(days=REPLY_DAYS - 2))
        add_handover("work_order", taken["id"], from_id=admin_id,
                     target=HandoverTarget.OPERATOR.value, to_id=colleague,
                     to_name=_name(conn, colleague), reason="涉及其所在村的邻里纠纷，由其就近办理",
                     handed=at(received, 15 * 60), status=HandoverStatus.ACCEPTED.value,
                     decided=at(received, 16 * 60 + 20))

    # A consultation sent on to a department, handed over to the county center (confirmed).
    county = conn.execute(
        select(c.c.id, c.c.occurred_at, c.c.operator_id)
        .where(c.c.handling_result == HandlingResult.TO_OTHER_DEPARTMENT.value,
               c.c.voided_at.is_(None))
        .order_by(c.c.occurred_at.desc(), c.c.id).limit(1)).first()
    if county is not None:
        handed = county.occurred_at + timedelta(hours=1)
        add_handover("consultation", county.id, from_id=county.operator_id,
                     target=HandoverTarget.COUNTY.value, to_name=county_center or "县级中心",
                     reason="涉及县直部门职责，需县级中心协调", handed=handed,
                     status=HandoverStatus.ACCEPTED.value, decided=handed + timedelta(days=1),
                     confirmed_by="刘科员")
        r = _t("responsibility")
        conn.execute(update(r).where(and_(r.c.record_type == "consultation",
                                          r.c.record_id == county.id))
                     .values(handler_id=None, handler_name=county_center or "县级中心",
                             version=r.c.version + 1, updated_at=handed + timedelta(days=1)))

    for table in ("work_order", "responsibility", "handover"):
        if rows[table]:
            conn.execute(insert(_t(table)), rows[table])
    made["links"] = _links(conn, record=record)
    return made


def _name(conn: Connection, operator_id: str) -> str:
    o = _t("operator")
    return str(conn.execute(select(o.c.name).where(o.c.id == operator_id)).scalar_one())


T = ConsultationTopic
#: What a consultation that led to a case of each dispute type, or to an aid application of each
#: matter, was about: a demo link joins only a consultation on a matching topic.
LINKED_TOPICS: dict[str, frozenset[str]] = {
    **{k.value: frozenset(t.value for t in v) for k, v in {
        DisputeType.MARRIAGE_FAMILY: (T.MARRIAGE_FAMILY, T.INHERITANCE),
        DisputeType.NEIGHBOUR: (T.NEIGHBOUR,),
        DisputeType.HOUSING_HOMESTEAD: (T.LAND_HOUSING,),
        DisputeType.CONTRACT: (T.CONTRACT_DEBT,),
        DisputeType.PRODUCTION_BUSINESS: (T.CONTRACT_DEBT,),
        DisputeType.DAMAGES: (T.INJURY,),
        DisputeType.FOREST_LAND: (T.LAND_HOUSING,),
        DisputeType.LAND_REQUISITION: (T.LAND_HOUSING,),
        DisputeType.LABOUR: (T.LABOUR, T.WAGES),
        DisputeType.CONSUMER: (T.CONSUMER,),
        DisputeType.MEDICAL: (T.INJURY,),
        DisputeType.TRAFFIC: (T.TRAFFIC,),
    }.items()},
    **{f"aid:{k.value}": frozenset(t.value for t in v) for k, v in {
        AidMatter.STATE_COMPENSATION: (T.ADMINISTRATIVE, T.CRIMINAL),
        AidMatter.SOCIAL_BENEFITS: (T.SOCIAL_SECURITY,),
        AidMatter.PENSION_BEREAVED: (T.SOCIAL_SECURITY,),
        AidMatter.MAINTENANCE: (T.MARRIAGE_FAMILY,),
        AidMatter.WAGES: (T.WAGES, T.LABOUR),
        AidMatter.PERSONAL_INJURY: (T.INJURY,),
        AidMatter.RETRIAL_COMPENSATION: (T.CRIMINAL,),
        AidMatter.ABUSE_VICTIM: (T.MARRIAGE_FAMILY,),
        AidMatter.CRIMINAL: (T.CRIMINAL,),
    }.items()},
}


def _links(conn: Connection, *, record: Callable[[datetime], dict[str, Any]]) -> int:
    """Link up to three consultations to the mediation case and three to the aid application
    they led to: a consultation sent on (转人民调解 / 转法律援助) within the 30 days before,
    neither end linked yet, on a topic that fits the case's dispute type or the application's
    matter (``LINKED_TOPICS``). The consultation is made the case's applicant's or the aid
    applicant's, asking about that very dispute or matter (``_asked``; a logged edit)."""
    c, m, party, a, rl = (_t("consultation"), _t("mediation_case"), _t("mediation_party"),
                          _t("aid_referral"), _t("record_link"))
    linked_from = set(conn.execute(select(rl.c.from_id)).scalars())
    linked_to = set(conn.execute(select(rl.c.to_id)).scalars())
    links: list[dict[str, Any]] = []
    for to_type, result, targets in (
        ("mediation_case", HandlingResult.TO_MEDIATION.value, conn.execute(
            select(m.c.id, m.c.registered_on.label("day"), party.c.person_id,
                   m.c.mediator_id.label("operator_id"), m.c.dispute_type.label("kind"))
            .join(party, party.c.case_id == m.c.id)
            .where(m.c.voided_at.is_(None), party.c.person_id.is_not(None),
                   party.c.role == PartyRole.APPLICANT.value)
            .order_by(m.c.registered_on.desc(), m.c.id, party.c.id).limit(200)).all()),
        ("aid_referral", HandlingResult.TO_LEGAL_AID.value, conn.execute(
            select(a.c.id, a.c.applied_on.label("day"), a.c.applicant_id.label("person_id"),
                   a.c.operator_id, ("aid:" + a.c.matter).label("kind"))
            .where(a.c.voided_at.is_(None)).order_by(a.c.applied_on.desc(), a.c.id)
            .limit(200)).all()),
    ):
        made = 0
        for target in targets:
            if made == 3:
                break
            topics = LINKED_TOPICS.get(target.kind)
            if target.id in linked_to or not topics:
                continue
            found = [f for f in conn.execute(
                select(c.c.id, c.c.person_id, c.c.occurred_at, c.c.version, c.c.topic)
                .where(c.c.handling_result == result, c.c.voided_at.is_(None),
                       c.c.topic.in_(sorted(topics)),
                       c.c.occurred_at >= at(target.day - timedelta(days=30), 0),
                       c.c.occurred_at < at(target.day + timedelta(days=1), 0))
                .order_by((c.c.person_id == target.person_id).desc(),
                          c.c.occurred_at.desc(), c.c.id)) if f.id not in linked_from]
            if not found:
                continue
            consultation = found[0]
            question, answer = _asked(conn, to_type, target, consultation.topic)
            conn.execute(update(c).where(c.c.id == consultation.id).values(
                person_id=target.person_id, question=question, answer=answer,
                version=consultation.version + 1))
            linked_from.add(consultation.id)
            linked_to.add(target.id)
            made += 1
            links.append({**record(consultation.occurred_at + timedelta(hours=2)),
                          "from_type": "consultation", "from_id": consultation.id,
                          "to_type": to_type, "to_id": target.id,
                          "operator_id": target.operator_id})
    if links:
        conn.execute(insert(rl), links)
    return len(links)


#: The law a consultation's answer cites, by topic.
TOPIC_LAWS: dict[str, str] = {
    T.MARRIAGE_FAMILY.value: "依据民法典婚姻家庭编", T.INHERITANCE.value: "依据民法典继承编",
    T.NEIGHBOUR.value: "依据民法典相邻关系的规定", T.LAND_HOUSING.value: "依据土地管理法和民法典",
    T.CONTRACT_DEBT.value: "依据民法典合同编", T.LABOUR.value: "依据劳动合同法",
    T.WAGES.value: "依据劳动合同法和保障农民工工资支付条例，拖欠的工资应当支付",
    T.INJURY.value: "依据民法典侵权责任编", T.TRAFFIC.value: "依据道路交通安全法",
    T.CONSUMER.value: "依据消费者权益保护法", T.SOCIAL_SECURITY.value: "依据社会保险法",
    T.ADMINISTRATIVE.value: "依据行政复议法和国家赔偿法", T.CRIMINAL.value: "依据刑事诉讼法",
}


def _asked(conn: Connection, to_type: str, target: Any, topic: str) -> tuple[str, str]:
    """The question and answer of a consultation on ``topic`` that led to ``target`` (a case:
    against its respondent, of its dispute type; an aid application: of its matter), so that
    the two records tell one story."""
    law = TOPIC_LAWS.get(topic, "依据民法典")
    if to_type == "aid_referral":
        matter = AidMatter.label_of(target.kind.removeprefix("aid:"))
        return (f"想申请法律援助（{matter}），需要什么条件、带哪些材料？",
                f"{law}，可以依法主张权利；属于法律援助事项范围，告知经济困难条件和所需材料，"
                "已指导填写申请，由本站转交法律援助中心审查决定。")
    party, person = _t("mediation_party"), _t("person")
    other = conn.execute(
        select(person.c.name).join(party, party.c.person_id == person.c.id)
        .where(party.c.case_id == target.id, party.c.role == PartyRole.RESPONDENT.value)
        .order_by(party.c.position)).scalars().first()
    against = f"与{other}" if other else "与对方"
    return (f"{against}发生{DisputeType.label_of(target.kind)}纠纷，协商不成，想请调解委员会"
            "调解，怎么申请？",
            f"{law}，双方可以协商解决，也可以申请人民调解；告知人民调解自愿、免费，达成的"
            "协议有法律约束力，可申请司法确认。经本人同意，已转本站人民调解委员会。")
