"""Bad bundles get one clear Chinese error and change nothing in the county database."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from workstation.county import service
from workstation.county.db import CountyDatabase
from workstation.county.importer import import_bundle
from workstation.demo.generator import generate_demo
from workstation.services.printing import first_admin
from workstation.services.stations import StationSetup, init_station
from workstation.storage.engine import Database, open_database
from workstation.storage.models import Person
from workstation.sync import format as fmt
from workstation.sync import keys
from workstation.sync import station as sync
from workstation.sync.errors import BundleRefused

from .helpers import (
    BACKENDS,
    CountyMaker,
    fingerprint,
    link,
    members,
    one_chinese_line,
    rezip,
)


@dataclass
class World:
    db: Database
    county: CountyDatabase
    bundle: bytes
    dir: Path
    before: dict
    maker: CountyMaker


@pytest.fixture(scope="module", params=BACKENDS)
def world(request: pytest.FixtureRequest,
          tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    base = tmp_path_factory.mktemp("bad")
    server = request.getfixturevalue("pg_server") if request.param == "postgresql" else None
    maker = CountyMaker(request.param, base, server)
    db = open_database(base / "station.db", create=True)
    init_station(db, StationSetup(
        station_name="海港镇公共法律服务工作站", division_code="130302100000",
        county_center="海港区公共法律服务中心", case_prefix="海调", admin_username="admin",
        admin_name="王管理", admin_password="correct-horse-1"))
    generate_demo(db, 120, seed=3)
    county = maker.new()
    link(db, county)
    out = base / "usb"
    out.mkdir()
    [path] = sync.export(db, out)
    try:
        yield World(db, county, path.read_bytes(), base, fingerprint(county), maker)
    finally:
        maker.close()
        db.dispose()


def _refused(world: World, data: bytes, name: str = "130302100000-000001.wsb",
             county: CountyDatabase | None = None) -> str:
    path = world.dir / "in" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    target = county or world.county
    before = fingerprint(target)
    with pytest.raises(BundleRefused) as info:
        import_bundle(target, path)
    message = str(info.value)
    assert one_chinese_line(message), message
    assert fingerprint(target) == before
    assert not list(path.parent.glob("*.wsa"))
    return message


def _flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1:]


def _region_names(world: World) -> list[str]:
    return [m.name for m in members(world.bundle)]


@pytest.mark.parametrize("where", ["start", "middle", "end"])
def test_flipped_byte_in_every_member_is_refused(world: World, where: str) -> None:
    for member in members(world.bundle):
        at = {"start": member.start, "middle": (member.start + member.end) // 2,
              "end": member.end - 1}[where]
        _refused(world, _flip(world.bundle, at))


def test_altered_members_in_a_well_formed_zip_are_refused(world: World) -> None:
    """Same tampering, but with a valid zip (CRCs recomputed): our own checks catch it."""
    originals = [(m.name, m.data) for m in members(world.bundle)]
    expected = {fmt.MANIFEST: "签名无效", fmt.SIGNATURE: "签名无效", fmt.KEY: "key.bin"}
    for index, (name, data) in enumerate(originals):
        for at in (0, len(data) // 2, len(data) - 1):
            entries = list(originals)
            entries[index] = (name, _flip(data, at))
            message = _refused(world, rezip(entries))
            if name in expected:
                assert expected[name] in message or "清单" in message, message
            else:
                assert name in message, message


def test_truncated_files_are_refused(world: World) -> None:
    size = len(world.bundle)
    offsets = sorted({0, 1, 10, 100, size // 3, size // 2, size - 200, size - 22, size - 1,
                      *range(0, size, max(1, size // 25))})
    for cut in offsets:
        _refused(world, world.bundle[:cut])


def test_zip_slip_names_are_refused(world: World) -> None:
    originals = [(m.name, m.data) for m in members(world.bundle)]
    for evil in ("../evil.txt", "/etc/passwd", "records/../../x", "C:\\x", "records\\x"):
        message = _refused(world, rezip([*originals, (evil, b"x")]))
        assert "不安全" in message or "未列出" in message


def test_member_not_in_manifest_is_refused(world: World) -> None:
    originals = [(m.name, m.data) for m in members(world.bundle)]
    message = _refused(world, rezip([*originals, ("records/extra.jsonl.enc", b"x")]))
    assert "未列出" in message


def test_oversized_members_are_refused_while_reading(world: World) -> None:
    originals = [(m.name, m.data) for m in members(world.bundle)]
    bomb = b"\0" * (20 << 20)  # compresses to ~20 KB
    part = fmt.part_name("person")
    entries = [(n, bomb if n == part else d) for n, d in originals]
    assert "经过压缩" in _refused(world, rezip(entries, zipfile.ZIP_DEFLATED))
    assert "大小与清单不符" in _refused(world, rezip(entries))
    entries = [(n, b"{" + bomb if n == fmt.MANIFEST else d) for n, d in originals]
    assert "经过压缩" in _refused(world, rezip(entries, zipfile.ZIP_DEFLATED))
    assert "超过大小上限" in _refused(world, rezip(entries))


def _resigned(world: World, edit_manifest=None, payload_edit=None) -> bytes:
    """A bundle re-made with the station's real key (a compromised or buggy station)."""
    state = sync.ensure_state(world.db)
    originals = {m.name: m.data for m in members(world.bundle)}
    manifest = json.loads(originals[fmt.MANIFEST])
    key = keys.load_signing_private(state.station_private_key)
    county_keys = service.load_keys(world.county)
    if payload_edit is not None:
        raw = fmt.RawBundle("x", originals[fmt.MANIFEST], manifest, originals[fmt.SIGNATURE],
                            originals[fmt.KEY], {n: d for n, d in originals.items()
                                                 if n.startswith("records/")})
        plain = fmt.decrypt_parts(raw, county_keys.box)
        plain = payload_edit(plain)
        data, _ = fmt.build_bundle(
            station=fmt.StationIdentity(**manifest["station"]), seq=manifest["seq"],
            prev_sha256=None, from_seq=manifest["changes"]["from_seq"],
            to_seq=manifest["changes"]["to_seq"], created_at=manifest["created_at"],
            payload=plain, counts={t: p.count(b"\n") for t, p in plain.items()},
            county=county_keys.public(), signer=key)
        return data
    assert edit_manifest is not None
    edit_manifest(manifest)
    body = json.dumps(manifest).encode()
    entries = [(fmt.MANIFEST, body), (fmt.SIGNATURE, key.sign(body))]
    entries += [(n, d) for n, d in originals.items() if n not in (fmt.MANIFEST, fmt.SIGNATURE)]
    return rezip(entries)


def test_unknown_format_version_is_refused(world: World) -> None:
    message = _refused(world, _resigned(world, lambda m: m.update(format_version=2)))
    assert "格式版本" in message


def test_records_of_another_station_are_refused(world: World) -> None:
    other = "00000000-0000-4000-8000-000000000000"

    def swap(plain: dict[str, bytes]) -> dict[str, bytes]:
        lines = plain["person"].splitlines()
        rec = json.loads(lines[0])
        rec["data"]["station_id"] = other
        lines[0] = json.dumps(rec, ensure_ascii=False).encode()
        return {**plain, "person": b"\n".join(lines) + b"\n"}

    assert "其他站点" in _refused(world, _resigned(world, payload_edit=swap))


def test_malformed_json_line_is_refused(world: World) -> None:
    def break_it(plain: dict[str, bytes]) -> dict[str, bytes]:
        return {**plain, "person": b"{not json\n" + plain["person"]}

    assert "不是有效的 JSON" in _refused(world, _resigned(world, payload_edit=break_it))


def test_unknown_table_is_refused(world: World) -> None:
    def rename(plain: dict[str, bytes]) -> dict[str, bytes]:
        lines = plain["person"].splitlines()
        rec = json.loads(lines[0])
        rec["table"] = "secret_table"
        lines[0] = json.dumps(rec, ensure_ascii=False).encode()
        return {**plain, "person": b"\n".join(lines) + b"\n"}

    assert "未知" in _refused(world, _resigned(world, payload_edit=rename))


def test_wrong_county_key_is_refused(world: World) -> None:
    other = world.maker.new()
    try:
        link(world.db, other)  # registers the station there too (station key unchanged)
        # The bundle was encrypted for world.county: the other county cannot open it.
        message = _refused(world, world.bundle, county=other)
        assert "公钥" in message or "私钥" in message
    finally:
        sync.set_county_key(world.db, first_admin(world.db),
                            service.county_public_key(world.county))


def test_unknown_and_revoked_stations_are_refused(world: World) -> None:
    other = world.maker.new()
    assert "未登记" in _refused(world, world.bundle, county=other)
    service.register_station(other, "130302100000", sync.station_public_key(world.db))
    service.revoke_station(other, "130302100000")
    assert "撤销" in _refused(world, world.bundle, county=other)


def test_bundle_signed_by_another_key_is_refused(world: World) -> None:
    originals = [(m.name, m.data) for m in members(world.bundle)]
    manifest = originals[0][1]
    forged = keys.new_signing_key().sign(manifest)
    entries = [(n, forged if n == fmt.SIGNATURE else d) for n, d in originals]
    assert "签名无效" in _refused(world, rezip(entries))


def test_no_personal_data_is_readable_in_the_bundle(world: World) -> None:
    with world.db.read() as s:
        people = s.scalars(select(Person).where(Person.id_number.is_not(None))  # type: ignore[union-attr]
                           .limit(20)).all()
    assert people
    for person in people:
        assert person.name.encode("utf-8") not in world.bundle
        assert person.id_number is not None
        assert person.id_number.encode("ascii") not in world.bundle
        assert person.phone.encode("ascii") not in world.bundle or not person.phone
    # ... while the county, with its private key, reads them.
    originals = {m.name: m.data for m in members(world.bundle)}
    raw = fmt.RawBundle("x", originals[fmt.MANIFEST], json.loads(originals[fmt.MANIFEST]),
                        originals[fmt.SIGNATURE], originals[fmt.KEY],
                        {n: d for n, d in originals.items() if n.startswith("records/")})
    plain = fmt.decrypt_parts(raw, service.load_keys(world.county).box)
    assert people[0].name.encode("utf-8") in plain["person"]


def test_the_untouched_bundle_still_imports_after_all_that(world: World) -> None:
    path = world.dir / "good.wsb"
    path.write_bytes(world.bundle)
    assert fingerprint(world.county) == world.before
    assert import_bundle(world.county, path).status == "imported"
