"""A correction (更正) travels to the county as the newer version of a record the county
already holds: the county shows the corrected value; a forwarded referral's correction note
reaches it too."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from sqlalchemy import select

from workstation.county.db import RECORDS, CountyDatabase
from workstation.county.importer import import_bundle
from workstation.county.records import record_details
from workstation.domain.inputs import ConsultationInput
from workstation.services.context import Actor
from workstation.services.corrections import annotate_referral, correct_consultation
from workstation.storage.engine import Database
from workstation.storage.models import AidReferral, Consultation
from workstation.sync import station as sync


def _county_row(county: CountyDatabase, table: str, rid: str) -> tuple[int, dict]:
    t = RECORDS[table]
    with county.engine.connect() as conn:
        version, data = conn.execute(select(t.c.version, t.c.data).where(t.c.id == rid)).one()
    return version, json.loads(data)


def _as_input(c: Consultation) -> ConsultationInput:
    return ConsultationInput(
        occurred_at=c.occurred_at, channel=c.channel, topic=c.topic, question=c.question,
        handling_result=c.handling_result, answer=c.answer, referred_to=c.referred_to,
        person_id=c.person_id, minutes_spent=c.minutes_spent, satisfaction=c.satisfaction,
        provider_id=c.provider_id)


def test_a_corrected_record_reaches_the_county_as_the_newer_version(
        demo_station: Database, actor: Actor, county: CountyDatabase, usb: Path) -> None:
    db = demo_station
    [first] = sync.export(db, usb)
    import_bundle(county, first)
    with db.read() as s:
        consultation = s.scalars(select(Consultation).where(
            Consultation.voided_at.is_(None), Consultation.handling_result == "answered")
            .order_by(Consultation.id)).first()
        referral = s.scalars(select(AidReferral).where(
            AidReferral.voided_at.is_(None),
            AidReferral.status.in_(["forwarded", "received"]))  # type: ignore[attr-defined]
            .order_by(AidReferral.id)).first()
    assert consultation is not None and referral is not None
    old_version, old = _county_row(county, "consultation", consultation.id)
    assert old["question"] == consultation.question

    correct_consultation(db, actor, consultation.id,
                         replace(_as_input(consultation), question="更正后的咨询内容"),
                         "咨询内容录入有误")
    annotate_referral(db, actor, referral.id, "申请人电话已变更为13900139000")

    [second] = sync.export(db, usb)
    summary = import_bundle(county, second)
    assert summary.tables["consultation"].updated == 1
    assert summary.tables["aid_referral"].updated == 1
    version, data = _county_row(county, "consultation", consultation.id)
    assert version == old_version + 1 and data["version"] == version
    assert data["question"] == "更正后的咨询内容"
    _, referral_data = _county_row(county, "aid_referral", referral.id)
    assert referral_data["correction_note"].endswith("申请人电话已变更为13900139000")
    details = record_details(county, "aid_referral", referral.id)
    assert details is not None
    fields = dict(field for _heading, rows in details.sections for field in rows)
    assert fields["更正说明"].endswith("申请人电话已变更为13900139000")
    shown = record_details(county, "consultation", consultation.id)
    assert shown is not None
    assert ("咨询内容", "更正后的咨询内容") in [f for _h, rows in shown.sections for f in rows]
