"""A void (作废) travels to the county like any change; the county keeps the record, counts it
apart and decides nothing on it; a decision that comes back for a voided referral is
skipped at the station."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from workstation.county import service
from workstation.county.db import RECORDS, CountyDatabase
from workstation.county.importer import import_bundle
from workstation.services.context import Actor
from workstation.services.voiding import void_record
from workstation.storage.engine import Database
from workstation.storage.models import AidReferral
from workstation.sync import station as sync
from workstation.sync.errors import SyncError


def _forwarded(db: Database, skip: int = 0) -> AidReferral:
    with db.read() as s:
        rows = s.scalars(select(AidReferral).where(
            AidReferral.status.in_(["forwarded", "received"]))  # type: ignore[attr-defined]
            .order_by(AidReferral.id)).all()
    return rows[skip]


def _county_data(county: CountyDatabase, rid: str) -> dict:
    t = RECORDS["aid_referral"]
    with county.engine.connect() as conn:
        return json.loads(conn.execute(select(t.c.data).where(t.c.id == rid)).scalar_one())


def test_void_reaches_the_county_which_counts_it_and_refuses_to_decide(
        demo_station: Database, actor: Actor, county: CountyDatabase, usb: Path) -> None:
    db = demo_station
    [first] = sync.export(db, usb)
    import_bundle(county, first)
    assert service.stats(county)["voided"] == {}
    referral = _forwarded(db)
    void_record(db, actor, "aid_referral", referral.id, "同一申请重复录入")

    [second] = sync.export(db, usb)
    summary = import_bundle(county, second)
    assert summary.tables["aid_referral"].updated == 1
    data = _county_data(county, referral.id)
    assert data["void_reason"] == "同一申请重复录入"
    assert data["voided_by"] == actor.operator_id and data["voided_at"]
    stats = service.stats(county)
    assert stats["voided"] == {"aid_referral": 1}
    [st] = stats["stations"]
    assert st["voided"] == {"aid_referral": 1}
    with pytest.raises(SyncError, match="已被站点作废"):
        service.decide(county, referral.id, "denied", reason="不符合条件")


def test_a_decision_for_a_referral_voided_meanwhile_is_skipped(
        demo_station: Database, actor: Actor, county: CountyDatabase, usb: Path) -> None:
    db = demo_station
    [bundle] = sync.export(db, usb)
    import_bundle(county, bundle)
    referral = _forwarded(db)
    service.decide(county, referral.id, "granted", "李明律师", "符合条件")
    void_record(db, actor, "aid_referral", referral.id, "申请人撤回后重复录入")

    ack = import_bundle(county, bundle).ack_path  # a replay acknowledges with the decision
    assert ack is not None
    result = sync.import_ack(db, ack)
    assert result.decisions_applied == 0
    assert any("已作废" in line for line in result.decisions_skipped)
    with db.read() as s:
        kept = s.get_one(AidReferral, referral.id)
    assert kept.decision is None and kept.status in ("forwarded", "received")
