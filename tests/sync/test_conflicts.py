"""Conflicts come back: the county keeps each one, the acknowledgement lists it (the county's
data sealed for the station), the station settles it, and the next bundle resolves it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text, update

from workstation.county import conflicts as county_conflicts
from workstation.county.db import RECORDS, CountyDatabase, conflict, station
from workstation.county.importer import import_bundle
from workstation.services.context import Actor, ServiceError
from workstation.storage.engine import Database
from workstation.sync import conflicts, keys
from workstation.sync import station as sync
from workstation.sync import station_conflicts as resolve
from workstation.sync.ack import decode_ack

OTHER_STATION = "0f0e0d0c-0b0a-4909-8807-060504030201"


def _first(db: Database, table: str, where: str = "") -> str:
    with db.engine.connect() as conn:
        return str(conn.execute(text(
            f"SELECT id FROM {table} {where} ORDER BY id LIMIT 1")).scalar_one())


def _county_row(county: CountyDatabase, table: str, rid: str) -> tuple[int, dict[str, Any]]:
    rec = RECORDS[table]
    with county.engine.connect() as conn:
        version, data = conn.execute(select(rec.c.version, rec.c.data)
                                     .where(rec.c.id == rid)).one()
    return int(version), json.loads(data)


def _set_county_row(county: CountyDatabase, table: str, rid: str, *, version: int | None = None,
                    station_id: str | None = None, **changes: Any) -> None:
    """What a restore or another station leaves at the county: a different copy."""
    _old, data = _county_row(county, table, rid)
    data.update(changes)
    values: dict[str, Any] = {}
    if version is not None:
        data["version"] = values["version"] = version
    if station_id is not None:
        values["station_id"] = station_id
    values["data"] = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    rec = RECORDS[table]
    with county.write() as conn:
        conn.execute(update(rec).where(rec.c.id == rid).values(**values))


def _conflict_rows(county: CountyDatabase) -> dict[str, Any]:
    with county.engine.connect() as conn:
        return {str(r.record_id): r for r in conn.execute(select(conflict))}


def _local_version(db: Database, table: str, rid: str) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(text(f"SELECT version FROM {table} WHERE id = :id"),
                                {"id": rid}).scalar_one())


@pytest.fixture
def conflicted(demo_station: Database, county: CountyDatabase, usb: Path
               ) -> dict[str, Any]:
    """Bundle 1 imported (its acknowledgement not taken back), the county's copies changed
    so that bundle 2, which carries the same records again, meets one conflict of each
    reason."""
    db = demo_station
    [first] = sync.export(db, usb)
    import_bundle(county, first)
    ids = {"person": _first(db, "person"),
           "consultation": _first(db, "consultation"),
           "aid_referral": _first(db, "aid_referral")}
    person_v, _ = _county_row(county, "person", ids["person"])
    _set_county_row(county, "person", ids["person"], name="县级中心改过的名字")
    cons_v, _ = _county_row(county, "consultation", ids["consultation"])
    _set_county_row(county, "consultation", ids["consultation"], version=cons_v + 2,
                    topic="县级中心较新的咨询事项")
    _set_county_row(county, "aid_referral", ids["aid_referral"], station_id=OTHER_STATION)
    [second] = sync.export(db, usb)
    summary = import_bundle(county, second)
    return {"db": db, "ids": ids, "summary": summary, "person_v": person_v,
            "cons_v": cons_v, "usb": usb}


def test_each_reason_is_kept_and_acknowledged(conflicted: dict[str, Any],
                                              county: CountyDatabase) -> None:
    ids, summary = conflicted["ids"], conflicted["summary"]
    assert summary.status == "imported"
    assert summary.total("conflicts") == 3
    assert summary.tables["person"].conflicts == 1
    rows = _conflict_rows(county)
    assert {rid: (r.table_name, r.reason) for rid, r in rows.items()} == {
        ids["person"]: ("person", conflicts.SAME_VERSION),
        ids["consultation"]: ("consultation", conflicts.COUNTY_NEWER),
        ids["aid_referral"]: ("aid_referral", conflicts.FOREIGN),
    }
    cons = rows[ids["consultation"]]
    assert (cons.county_version, cons.station_version) == (
        conflicted["cons_v"] + 2, conflicted["cons_v"])
    assert json.loads(cons.station_data)["topic"] != "县级中心较新的咨询事项"
    assert all(r.resolved_at is None and r.bundle_seq == 2 for r in rows.values())

    db: Database = conflicted["db"]
    body = sync.verified_ack(db, summary.ack_path.read_bytes(), "ack")
    assert body["conflicts_total"] == 3
    listed = {c["record_id"]: c for c in body["conflicts"]}
    assert set(listed) == set(ids.values())
    assert listed[ids["person"]]["reason_text"] == conflicts.REASONS[conflicts.SAME_VERSION]
    assert listed[ids["consultation"]]["county_version"] == conflicted["cons_v"] + 2
    # Personal data only sealed: not in the acknowledgement's bytes.
    raw = summary.ack_path.read_bytes().decode("utf-8")
    for secret in ("县级中心改过的名字", "县级中心较新的咨询事项"):
        assert secret not in raw and json.dumps(secret) not in raw
    with county.engine.connect() as conn:
        assert conn.execute(select(station.c.box_key)).scalar() == sync.ensure_box_key(db)


def _county_signing(db: Database) -> Any:
    state = sync.ensure_state(db)
    return keys.load_county_public(state.county_public_key or "").signing


def test_county_data_opens_only_with_the_station_box_key(conflicted: dict[str, Any]) -> None:
    db: Database = conflicted["db"]
    body = sync.verified_ack(db, conflicted["summary"].ack_path.read_bytes(), "ack")
    state = sync.ensure_state(db)
    station_id = body["station_id"]
    assert conflicts.unseal(body["sealed"], keys.new_box_key(), station_id,
                            body["bundle_seq"]) is None
    assert conflicts.unseal(body["sealed"], keys.load_box_private(state.box_private_key or ""),
                            OTHER_STATION, body["bundle_seq"]) is None  # bound to the station
    payload = conflicts.unseal(body["sealed"],
                               keys.load_box_private(state.box_private_key or ""),
                               station_id, body["bundle_seq"])
    assert payload is not None
    ids = conflicted["ids"]
    person = payload[conflicts.entry_key("person", ids["person"])]
    assert person["data"]["name"] == "县级中心改过的名字"
    cons = payload[conflicts.entry_key("consultation", ids["consultation"])]
    assert cons["county_version"] == conflicted["cons_v"] + 2
    # Another station's record: never its data.
    assert "data" not in payload[conflicts.entry_key("aid_referral", ids["aid_referral"])]


def test_replay_and_re_export_do_not_duplicate(conflicted: dict[str, Any],
                                               county: CountyDatabase) -> None:
    before = {rid: tuple(r) for rid, r in _conflict_rows(county).items()}
    again = import_bundle(county, conflicted["summary"].ack_path.with_suffix(".wsb"))
    assert again.status == "replay"
    [third] = sync.export(conflicted["db"], conflicted["usb"])  # the same records once more
    summary = import_bundle(county, third)
    assert summary.total("conflicts") == 3
    assert {rid: tuple(r) for rid, r in _conflict_rows(county).items()} == before


def test_both_resolutions_end_to_end(conflicted: dict[str, Any], county: CountyDatabase,
                                     actor: Actor) -> None:
    db: Database = conflicted["db"]
    ids = conflicted["ids"]
    result = sync.import_ack(db, conflicted["summary"].ack_path)
    assert result.conflicts_open == 3
    views = {v.record_id: v for v in resolve.list_conflicts(db)}
    assert views[ids["person"]].can_take_county and views[ids["person"]].label
    assert not views[ids["aid_referral"]].can_keep_station
    with pytest.raises(ServiceError, match="另一个站点"):
        resolve.resolve(db, actor, ids["aid_referral"], "station")

    kept = resolve.resolve(db, actor, ids["person"], "station")
    assert kept.resolution == "station"
    assert _local_version(db, "person", ids["person"]) == conflicted["person_v"] + 1
    taken = resolve.resolve(db, actor, ids["consultation"], "county")
    assert taken.resolution == "county"
    assert _local_version(db, "consultation", ids["consultation"]) == conflicted["cons_v"] + 2
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT topic FROM consultation WHERE id = :id"),
                            {"id": ids["consultation"]}).scalar() == "县级中心较新的咨询事项"
        actions = {r[0] for r in conn.execute(text(
            "SELECT action FROM audit_entry WHERE action LIKE 'sync.conflict.%'"))}
    assert actions == {"sync.conflict.station", "sync.conflict.county"}
    with pytest.raises(ServiceError, match="已经处理"):
        resolve.resolve(db, actor, ids["person"], "county")

    [bundle] = sync.export(db, conflicted["usb"])
    summary = import_bundle(county, bundle)
    assert summary.total("conflicts") == 0  # only the two settled records travel again
    person_v, person = _county_row(county, "person", ids["person"])
    assert person_v == conflicted["person_v"] + 1 and person["name"] != "县级中心改过的名字"
    cons_v, cons = _county_row(county, "consultation", ids["consultation"])
    assert (cons_v, cons["topic"]) == (conflicted["cons_v"] + 2, "县级中心较新的咨询事项")
    rows = _conflict_rows(county)
    assert (rows[ids["person"]].resolution, rows[ids["consultation"]].resolution) == (
        "station", "county")
    from workstation.county import audit  # the settled conflicts in the county's trail

    [settled] = audit.fetch_entries(county, audit.CountyAuditQuery(action="conflict.resolved"))
    assert settled.target == f"{bundle.name}（第 3 号）" and settled.detail.startswith("2 条")
    assert ids["person"] in settled.detail and ids["consultation"] in settled.detail
    assert rows[ids["aid_referral"]].resolved_at is None
    with county.engine.connect() as conn:
        assert county_conflicts.open_counts(conn) == {"130302100000": 1}
        [listed] = county_conflicts.list_conflicts(conn, "130302100000")
    assert listed.reason == conflicts.FOREIGN and "另一个站点" in listed.reason_text
    with db.engine.connect() as conn:  # the console names the record by its number
        assert listed.label == conn.execute(text("SELECT number FROM aid_referral WHERE id = :id"),
                                            {"id": ids["aid_referral"]}).scalar()
    from workstation.county.overview import station_overview

    [overview] = station_overview(county)
    assert overview.open_conflicts == 1

    result = sync.import_ack(db, summary.ack_path)
    assert result.conflicts_open == 1
    assert [v.record_id for v in resolve.list_conflicts(db)] == [ids["aid_referral"]]


def test_older_version_with_the_county_content_is_ignored(
        demo_station: Database, county: CountyDatabase, usb: Path) -> None:
    [first] = sync.export(demo_station, usb)
    import_bundle(county, first)
    rid = _first(demo_station, "person")
    version, _ = _county_row(county, "person", rid)
    _set_county_row(county, "person", rid, version=version + 1, updated_at="2030-01-01T00:00:00")
    [second] = sync.export(demo_station, usb)
    summary = import_bundle(county, second)
    assert summary.total("conflicts") == 0
    assert summary.tables["person"].ignored >= 1
    assert _conflict_rows(county) == {}


def test_cli_lists_and_resolves(conflicted: dict[str, Any], county: CountyDatabase,
                                db_path: Path) -> None:
    from tests.cli_support import run_workstation

    db: Database = conflicted["db"]
    sync.import_ack(db, conflicted["summary"].ack_path)
    db.dispose()
    ids = conflicted["ids"]
    env = _cli_env(db_path)
    listed = run_workstation(["sync", "conflicts", "--db", str(db_path), "--json"], env=env)
    assert listed.returncode == 0, listed.stderr
    rows = {r["record_id"]: r for r in json.loads(listed.stdout)}
    assert set(rows) == set(ids.values())
    assert rows[ids["person"]]["reason"] == conflicts.SAME_VERSION
    assert rows[ids["person"]]["county_data"] is True

    done = run_workstation(["sync", "resolve", "--db", str(db_path), "--record",
                            ids["consultation"], "--keep", "county"], env=env)
    assert done.returncode == 0, done.stderr
    assert "已采用县级中心版本" in done.stdout
    refused = run_workstation(["sync", "resolve", "--db", str(db_path), "--record",
                               ids["aid_referral"], "--keep", "station"], env=env)
    assert refused.returncode != 0 and "另一个站点" in refused.stderr
    text_list = run_workstation(["sync", "conflicts", "--db", str(db_path)], env=env)
    assert ids["consultation"] not in text_list.stdout
    assert "县级中心版本" in text_list.stdout


def _cli_env(db_path: Path) -> dict[str, str]:
    import os

    from tests.conftest import ADMIN_PASSWORD

    env = {k: v for k, v in os.environ.items() if k != "WORKSTATION_DB"}
    env.update(WORKSTATION_DATA_DIR=str(db_path.parent), WORKSTATION_USER="admin",
               WORKSTATION_PASSWORD=ADMIN_PASSWORD, PYTHONIOENCODING="utf-8")
    return env


@pytest.mark.parametrize("bad", [
    {"conflicts": [{"table": "person"}]},
    {"conflicts": [{"table": "nope", "record_id": OTHER_STATION, "reason": "x",
                    "county_version": 1, "station_version": 1, "detected_at": "",
                    "bundle_seq": 1}]},
    {"conflicts": "x"},
    {"conflicts": [], "conflicts_total": -1},
    {"sealed": {"key": "a" * 96, "nonce": "b" * 16, "data": "c" * (3 << 20)}},
    {"sealed": {"key": "a", "nonce": "b" * 16, "data": ""}},
])
def test_ack_with_bad_conflict_fields_is_refused(tmp_path: Path, bad: dict[str, Any]) -> None:
    from workstation.sync.ack import encode_ack
    from workstation.sync.errors import BundleRefused

    signer = keys.new_signing_key()
    body = {"station_id": OTHER_STATION, "bundle_seq": 1, "change_seq": 1, "decisions": [],
            **bad}
    with pytest.raises(BundleRefused, match="被拒绝"):
        decode_ack(encode_ack(body, signer), signer.public_key(), "x.wsa")
    good = {k: v for k, v in body.items() if k not in bad}
    assert decode_ack(encode_ack(good, signer), signer.public_key(), "x.wsa")["bundle_seq"] == 1


def test_an_acknowledgement_without_conflict_fields_closes_nothing(
        conflicted: dict[str, Any], county: CountyDatabase) -> None:
    from workstation.county.service import load_keys
    from workstation.sync.ack import encode_ack

    db: Database = conflicted["db"]
    ack = conflicted["summary"].ack_path
    assert sync.import_ack(db, ack).conflicts_open == 3
    body = sync.verified_ack(db, ack.read_bytes(), "ack")
    old_style = {k: v for k, v in body.items()
                 if k not in ("conflicts", "conflicts_total", "sealed", "format_version")}
    result = sync.apply_ack(db, encode_ack(old_style, load_keys(county).signing), "old.wsa")
    assert result.conflicts_open == 3
    assert len(resolve.list_conflicts(db)) == 3
