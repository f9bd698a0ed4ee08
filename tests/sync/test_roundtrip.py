"""Station → county → acknowledgement → station, on a small demo station."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import select, text

from workstation.county import service
from workstation.county.db import RECORDS, CountyDatabase, county_key
from workstation.county.importer import import_bundle
from workstation.storage.engine import Database
from workstation.storage.models import SYNCED_TABLES, AidReferral, Person, SyncBundle
from workstation.sync import station as sync
from workstation.sync.errors import BundleRefused, SyncError

from .helpers import fingerprint, link, one_chinese_line, same_keys


def _count(db: Database, table: str, where: str = "") -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table} {where}")).scalar_one())


def _county_count(county: CountyDatabase, table: str) -> int:
    with county.engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM rec_{table}")).scalar_one())


def _county_data(county: CountyDatabase, table: str, rid: str) -> dict:
    t = RECORDS[table]
    with county.engine.connect() as conn:
        row = conn.execute(select(t.c.version, t.c.data).where(t.c.id == rid)).one()
    return {"version": row.version, **json.loads(row.data)}


def _touch_person(db: Database, phone: str) -> str:
    with db.write_session() as s:
        person = s.scalars(select(Person).order_by(Person.id)).first()
        assert person is not None
        person.phone = phone
        s.commit()
        return person.id


def test_round_trip_then_second_bundle(demo_station: Database, county: CountyDatabase,
                                       usb: Path) -> None:
    db = demo_station
    [first] = sync.export(db, usb)
    assert first.name == "130302100000-000001.wsb"
    assert not [p for p in usb.iterdir() if p.name.endswith(".tmp")]

    summary = import_bundle(county, first)
    assert summary.status == "imported"
    for table in SYNCED_TABLES:
        assert _county_count(county, table) == _count(db, table), table
        imported = summary.tables[table].imported if table in summary.tables else 0
        assert imported == _count(db, table), table  # a table without rows is not listed
    assert summary.total("updated") == summary.total("conflicts") == 0
    # Secrets stay at the station.
    with county.engine.connect() as conn:
        assert "password_hash" not in conn.execute(
            text("SELECT data FROM rec_operator LIMIT 1")).scalar_one()

    assert summary.ack_path is not None and summary.ack_path.exists()
    result = sync.import_ack(db, summary.ack_path)
    assert (result.bundle_seq, result.newly_acked) == (1, 1)
    assert sync.unacknowledged_changes(db) == 0
    assert sync.export(db, usb) == []  # nothing new

    person_id = _touch_person(db, "13911112222")
    [second] = sync.export(db, usb)
    assert second.name == "130302100000-000002.wsb"
    summary2 = import_bundle(county, second)
    assert summary2.status == "imported"
    assert summary2.tables["person"].updated == 1
    assert summary2.total("imported") == 0
    data = _county_data(county, "person", person_id)
    assert data["phone"] == "13911112222"
    assert data["version"] == 2
    sync.import_ack(db, summary2.ack_path)
    bundles = sync.list_bundles(db)
    assert [(b.seq, b.acked_at is not None) for b in bundles] == [(1, True), (2, True)]


def test_replay_is_a_no_op(demo_station: Database, county: CountyDatabase, usb: Path) -> None:
    [bundle] = sync.export(demo_station, usb)
    import_bundle(county, bundle)
    before = fingerprint(county)
    again = import_bundle(county, bundle)
    assert again.status == "replay"
    assert again.total("imported") == again.total("updated") == 0
    assert fingerprint(county) == before
    assert again.ack_path is not None  # a lost acknowledgement can be made again


def test_dry_run_changes_nothing(demo_station: Database, county: CountyDatabase,
                                 usb: Path) -> None:
    [bundle] = sync.export(demo_station, usb)
    before = fingerprint(county)
    summary = import_bundle(county, bundle, dry_run=True)
    assert summary.status == "dry_run"
    assert summary.total("imported") > 1000
    assert summary.ack_path is None
    assert fingerprint(county) == before


def test_re_export_before_ack_covers_the_same_range(demo_station: Database,
                                                    county: CountyDatabase,
                                                    usb: Path) -> None:
    db = demo_station
    [one] = sync.export(db, usb)
    [two] = sync.export(db, usb)  # no acknowledgement yet: same changes, next seq
    with db.read() as s:
        b1, b2 = s.scalars(select(SyncBundle).order_by(SyncBundle.seq)).all()
    assert b1.from_seq == b2.from_seq
    assert b2.seq == 2
    # The same record changes; bundle 2 also carries the audit entry of export 1.
    with db.read() as s:
        later = s.execute(text("SELECT table_name FROM change_log WHERE seq > :a AND seq <= :b"),
                          {"a": b1.to_seq, "b": b2.to_seq}).scalars().all()
    assert later == ["audit_entry"]
    # Bundle 1 lost on the way: bundle 2 carries everything, so it is accepted.
    summary = import_bundle(county, two)
    assert summary.status == "imported"
    # Bundle 1 turning up later changes nothing.
    late = import_bundle(county, one)
    assert late.status == "superseded"


def test_out_of_order_is_refused_naming_the_missing_seq(
        demo_station: Database, county: CountyDatabase, usb: Path,
        county_factory: Callable[[], CountyDatabase]) -> None:
    db = demo_station
    [one] = sync.export(db, usb)
    sync.import_ack(db, import_bundle(county, one).ack_path)
    _touch_person(db, "13700001111")
    [two] = sync.export(db, usb)

    # Another county database with the same keys that has seen nothing yet.
    other = county_factory()
    same_keys(county, other)
    link(db, other)
    before = fingerprint(other)
    with pytest.raises(BundleRefused) as info:
        import_bundle(other, two)
    assert "第 1 号" in str(info.value)
    assert one_chinese_line(str(info.value))
    assert fingerprint(other) == before
    assert import_bundle(other, one).status == "imported"
    assert import_bundle(other, two).status == "imported"


def test_concurrent_imports_of_one_bundle(demo_station: Database, county: CountyDatabase,
                                          usb: Path, tmp_path: Path) -> None:
    """Two importers at once: the station row lock (FOR UPDATE / BEGIN IMMEDIATE) makes
    one import and the other see a replay; nothing is written twice."""
    [bundle] = sync.export(demo_station, usb)
    start = threading.Barrier(2)

    def run(n: int) -> str:
        (tmp_path / f"acks{n}").mkdir()
        start.wait()
        return import_bundle(county, bundle, ack_dir=tmp_path / f"acks{n}").status

    with ThreadPoolExecutor(2) as pool:
        statuses = sorted(pool.map(run, range(2)))
    assert statuses == ["imported", "replay"]
    assert _county_count(county, "person") == _count(demo_station, "person")
    with county.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM bundle")).scalar_one() == 1


def test_stats_count_per_station_and_kind(demo_station: Database, county: CountyDatabase,
                                          usb: Path) -> None:
    empty = service.stats(county)
    assert empty["totals"] == {} and empty["decisions"] == 0
    assert [s["last_seq"] for s in empty["stations"]] == [0]
    [bundle] = sync.export(demo_station, usb)
    import_bundle(county, bundle)
    service.decide(county, _forwarded_referral(demo_station).id, "denied", reason="不符合条件")
    result = service.stats(county)
    [st] = result["stations"]
    assert (st["division_code"], st["last_seq"], st["revoked"]) == ("130302100000", 1, False)
    for table in SYNCED_TABLES:
        assert st["records"].get(table, 0) == _count(demo_station, table), table
        assert result["totals"].get(table, 0) == _count(demo_station, table), table
    assert result["decisions"] == 1
    json.dumps(result, ensure_ascii=False)  # what `county stats --json` prints


def test_county_types_are_native_on_each_backend(county: CountyDatabase,
                                                 county_backend: str) -> None:
    with county.engine.connect() as conn:
        if county_backend == "postgresql":
            kinds = dict(conn.execute(text(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_name = 'rec_person' AND table_schema = current_schema()")).all())
            assert kinds == {"id": "uuid", "station_id": "uuid", "version": "integer",
                             "data": "json", "imported_at": "timestamp with time zone"}
        created = conn.execute(select(county_key.c.created_at)).scalar_one()
    assert isinstance(created, str) and created.endswith("+00:00")


def _forwarded_referral(db: Database) -> AidReferral:
    with db.read() as s:
        referral = s.scalars(select(AidReferral).where(
            AidReferral.status.in_(["forwarded", "received"]))  # type: ignore[attr-defined]
            .order_by(AidReferral.id)).first()
    assert referral is not None
    return referral


def test_decision_flows_back_to_the_station(demo_station: Database, county: CountyDatabase,
                                            usb: Path) -> None:
    db = demo_station
    [bundle] = sync.export(db, usb)
    sync.import_ack(db, import_bundle(county, bundle).ack_path)
    referral = _forwarded_referral(db)

    with pytest.raises(SyncError):
        service.decide(county, referral.id, "granted")  # a lawyer is required
    service.decide(county, referral.id, "granted", "李明律师", "符合经济困难标准")
    with county.engine.connect() as conn:
        assert len(service.pending_decisions(conn, referral.station_id)) == 1

    ack = import_bundle(county, bundle).ack_path  # a replay still acknowledges
    assert ack is not None
    result = sync.import_ack(db, ack)
    assert result.decisions_applied == 1
    with db.read() as s:
        updated = s.get_one(AidReferral, referral.id)
    assert (updated.status, updated.decision, updated.assigned_lawyer) == (
        "granted", "granted", "李明律师")
    assert updated.decision_note == "符合经济困难标准"
    with db.engine.connect() as conn:
        audit = conn.execute(text("SELECT count(*) FROM audit_entry WHERE action = "
                                  "'sync.decision' AND record_id = :id"),
                             {"id": referral.id}).scalar_one()
    assert audit == 1
    # Applying the same acknowledgement again changes nothing.
    assert sync.import_ack(db, ack).decisions_applied == 0

    # The station's change goes up; the decision is then no longer pending.
    [second] = sync.export(db, usb)
    import_bundle(county, second)
    with county.engine.connect() as conn:
        assert service.pending_decisions(conn, referral.station_id) == []
    assert _county_data(county, "aid_referral", referral.id)["decision"] == "granted"
    with pytest.raises(SyncError, match="已记录了决定"):
        service.decide(county, referral.id, "denied", reason="改判")


def test_ack_signed_by_another_county_is_refused(demo_station: Database,
                                                 county: CountyDatabase, usb: Path,
                                                 tmp_path: Path) -> None:
    [bundle] = sync.export(demo_station, usb)
    ack = import_bundle(county, bundle).ack_path
    assert ack is not None
    forged = json.loads(ack.read_text("utf-8"))
    body = json.loads(forged["body"])
    body["bundle_seq"] = 99
    forged["body"] = json.dumps(body)
    ack.write_text(json.dumps(forged), "utf-8")
    with pytest.raises(BundleRefused) as info:
        sync.import_ack(demo_station, ack)
    assert "签名无效" in str(info.value)
    assert sync.unacknowledged_changes(demo_station) > 0
