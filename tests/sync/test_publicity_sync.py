"""Publicity activities (with photos), the referral directory and the provider of a
consultation travel to the county in bundles (schema version 2); version 1 still imports."""

from __future__ import annotations

import base64
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import select, text

from workstation.county.db import RECORDS, CountyDatabase
from workstation.county.importer import import_bundle
from workstation.domain.publicity import ActivityInput
from workstation.domain.referral import ProviderInput
from workstation.services import publicity as pub
from workstation.services.consultations import register_consultation
from workstation.services.context import Actor
from workstation.services.photos import prepare_photo
from workstation.services.providers import create_provider
from workstation.storage.engine import Database
from workstation.sync import format as fmt
from workstation.sync import station as sync
from workstation.sync.errors import BundleRefused, SyncError

from .helpers import link, reopen


def _jpeg(width: int, height: int, color: tuple[int, int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def _records(county: CountyDatabase, table: str) -> dict[str, dict[str, Any]]:
    t = RECORDS[table]
    with county.engine.connect() as conn:
        return {str(r.id): {"version": r.version, **json.loads(r.data)}
                for r in conn.execute(select(t.c.id, t.c.version, t.c.data))}


@pytest.fixture
def station(db: Database, actor: Actor, county: CountyDatabase) -> Database:
    link(db, county)
    return db


def _activity(db: Database, actor: Actor) -> str:
    photos = [prepare_photo(_jpeg(3200, 2400, (180, 40, 40)), "横幅.jpg"),
              prepare_photo(_jpeg(900, 1200, (40, 90, 160)), "现场.png")]
    return pub.create_activity(db, actor, ActivityInput(
        held_on=date.today(), place_kind="school", place="海港镇中心小学", form="lecture",
        theme="未成年人保护法进校园", audience=320, materials=400), photos)


def test_bundle_carries_activities_photos_and_the_directory(
        station: Database, actor: Actor, county: CountyDatabase, usb: Path, make: Any) -> None:
    db = station
    activity_id = _activity(db, actor)
    provider_id = create_provider(db, actor, ProviderInput(
        name="海港区公证处", kind="notary", phone="0335-3056789", hours="工作日"))
    consultation_id = register_consultation(db, actor, make.consultation(
        handling_result="to_notary", answer="", provider_id=provider_id))

    [bundle] = sync.export(db, usb)
    raw = fmt.read_bundle(bundle)
    assert raw.manifest["schema_version"] == fmt.SCHEMA_VERSION >= 2
    assert {"publicity_activity": 1, "publicity_operator": 1, "publicity_photo": 2,
            "referral_provider": 1}.items() <= raw.manifest["counts"].items()
    # Photos are inside the encrypted part: no JPEG bytes in clear anywhere in the file.
    with db.engine.connect() as conn:
        stored = {r.id: (bytes(r.data), bytes(r.thumbnail), r.width, r.height) for r in
                  conn.execute(text("SELECT id, data, thumbnail, width, height "
                                    "FROM publicity_photo"))}
    file_bytes = bundle.read_bytes()
    assert all(data[:4096] not in file_bytes for data, *_ in stored.values())

    summary = import_bundle(county, bundle)
    assert summary.status == "imported"
    assert summary.tables["publicity_photo"].imported == 2
    photos = _records(county, "publicity_photo")
    assert set(photos) == set(stored)
    for photo_id, record in photos.items():
        data, thumbnail, width, height = stored[photo_id]
        assert base64.b64decode(record["data"]) == data
        assert base64.b64decode(record["thumbnail"]) == thumbnail
        assert Image.open(io.BytesIO(data)).size == (width, height) == (record["width"],
                                                                          record["height"])
    assert {(p["width"], p["height"]) for p in photos.values()} == {(1600, 1200), (900, 1200)}
    [activity] = _records(county, "publicity_activity").values()
    assert (activity["id"], activity["theme"], activity["audience"]) == (
        activity_id, "未成年人保护法进校园", 320)
    [link_row] = _records(county, "publicity_operator").values()
    assert link_row["operator_id"] == actor.operator_id  # counted per operator at the county
    assert _records(county, "consultation")[consultation_id]["provider_id"] == provider_id
    assert _records(county, "referral_provider")[provider_id]["name"] == "海港区公证处"

    # An edit (one photo removed) travels as a newer version; its bytes are not sent again.
    sync.import_ack(db, summary.ack_path)
    detail = pub.load_activity(db, activity_id)
    pub.update_activity(db, actor, activity_id, detail.as_input(),
                        expected_version=detail.version,
                        remove_photo_ids=[detail.photos[0].id])
    [second] = sync.export(db, usb)
    summary2 = import_bundle(county, second)
    assert summary2.tables["publicity_photo"].updated == 1
    assert summary2.tables["publicity_activity"].updated == 1
    removed = _records(county, "publicity_photo")[detail.photos[0].id]
    assert removed["removed"] is True and removed["data"] == "" and removed["version"] == 2


def test_version_1_bundles_still_import(station: Database, actor: Actor, county: CountyDatabase,
                                        usb: Path, monkeypatch: pytest.MonkeyPatch,
                                        make: Any) -> None:
    register_consultation(station, actor, make.consultation())
    monkeypatch.setattr(fmt, "SCHEMA_VERSION", 1)
    monkeypatch.setattr(sync, "SCHEMA_VERSION", 1)
    [bundle] = sync.export(station, usb)
    assert fmt.read_bundle(bundle).manifest["schema_version"] == 1
    assert import_bundle(county, bundle).tables["consultation"].imported == 1


def test_unknown_schema_version_is_refused(station: Database, actor: Actor,
                                           county: CountyDatabase, usb: Path,
                                           monkeypatch: pytest.MonkeyPatch, make: Any) -> None:
    register_consultation(station, actor, make.consultation())
    unknown = max(fmt.SUPPORTED_SCHEMA_VERSIONS) + 1
    monkeypatch.setattr(fmt, "SCHEMA_VERSION", unknown)
    [bundle] = sync.export(station, usb)
    monkeypatch.undo()
    with pytest.raises(BundleRefused, match=f"不支持的记录结构版本 {unknown}，请升级程序"):
        import_bundle(county, bundle)


def test_older_county_database_gets_the_new_record_tables(
        db: Database, actor: Actor, tmp_path: Path, usb: Path) -> None:
    from .helpers import make_county

    path = tmp_path / "old-county.db"
    county = make_county(path)
    with county.engine.begin() as conn:
        for table in ("publicity_activity", "publicity_operator", "publicity_photo",
                      "referral_provider"):
            conn.execute(text(f"DROP TABLE rec_{table}"))
    county.dispose()
    county = reopen(path)
    try:
        link(db, county)
        _activity(db, actor)
        [bundle] = sync.export(db, usb)
        assert import_bundle(county, bundle).tables["publicity_photo"].imported == 2
    finally:
        county.dispose()


def test_export_refuses_a_bundle_over_the_size_limit(
        station: Database, actor: Actor, usb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _activity(station, actor)
    monkeypatch.setattr(sync, "MAX_PART", 4 * 1024)
    with pytest.raises(SyncError, match="待同步的更改过多（publicity_photo 部分"):
        sync.export(station, usb)
    assert list(usb.iterdir()) == []
    assert sync.list_bundles(station) == []
