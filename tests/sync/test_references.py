"""Every reference in a bundle stays inside its station: each foreign key of each record names
a record of the same station, in the bundle or already at the county; otherwise the whole
bundle is refused, naming the record. SQLite and PostgreSQL."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, select, text
from sqlmodel import SQLModel

from tests.cli_support import run_workstation
from workstation.county import service
from workstation.county.db import RECORDS, CountyDatabase, bundle_refusal, station
from workstation.county.importer import import_bundle
from workstation.storage.engine import Database
from workstation.storage.models import SYNCED_TABLES
from workstation.sync import format as fmt
from workstation.sync import keys
from workstation.sync import station as sync
from workstation.sync.errors import BundleRefused

from .helpers import BACKENDS, CountyMaker, fingerprint, new_station, one_chinese_line

HARBOUR, WEST = "130302100000", "130302200000"
FK_CASES = [(table, column, target) for table, columns in fmt.FOREIGN_KEYS.items()
            for column, target in columns]


def test_the_frozen_foreign_keys_are_the_station_models() -> None:
    """``format.FOREIGN_KEYS`` is every foreign key of a synced table that points at another
    synced table: a model that gains (or loses) one fails here until the map follows."""
    found: set[tuple[str, str, str]] = set()
    assert set(fmt.TABLES) == {*SYNCED_TABLES, fmt.AUDIT_TABLE}
    for table in fmt.TABLES:  # the synced tables and the audit trail
        for column in SQLModel.metadata.tables[table].columns:
            for fk in column.foreign_keys:
                target = fk.column.table.name
                if target in SYNCED_TABLES:
                    assert fk.column.name == "id", (table, column.name)
                    found.add((table, column.name, target))
                else:  # the station row: checked as every line's station_id
                    assert (column.name, target) == ("station_id", "station"), (table, column)
    assert set(FK_CASES) == found
    assert len(FK_CASES) == len(found)  # no column listed twice
    assert set(fmt.FOREIGN_KEYS) <= set(fmt.TABLES)


@dataclass
class World:
    county: CountyDatabase
    harbour: Database
    west: Database
    dir: Path
    harbour_id: str
    west_id: str
    first_bundle: Path


@pytest.fixture(scope="module", params=BACKENDS)
def world(request: pytest.FixtureRequest,
          tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    base = tmp_path_factory.mktemp("refs")
    server = request.getfixturevalue("pg_server") if request.param == "postgresql" else None
    maker = CountyMaker(request.param, base, server)
    county = maker.new()
    harbour = new_station(base / "harbour.db", HARBOUR, "海港镇公共法律服务工作站",
                          records=60, seed=1, county=county)
    west = new_station(base / "west.db", WEST, "西山乡公共法律服务工作站", records=60, seed=2,
                       county=county)
    usb = base / "usb"
    usb.mkdir()
    first = None
    for db in (harbour, west):
        [path] = sync.export(db, usb)
        summary = import_bundle(county, path)
        assert summary.status == "imported"
        sync.import_ack(db, summary.ack_path)
        first = first or path
    ids = {}
    with county.engine.connect() as conn:
        for code, sid in conn.execute(select(station.c.division_code, station.c.station_id)):
            ids[code] = str(sid)
    try:
        yield World(county, harbour, west, base, ids[HARBOUR], ids[WEST], first)
    finally:
        maker.close()
        harbour.dispose()
        west.dispose()


def _line(table: str, data: dict[str, Any], *, rid: str | None = None,
          version: int = 1) -> dict[str, Any]:
    rid = rid or str(uuid.uuid4())
    return {"table": table, "id": rid, "version": version, "schema_version": fmt.SCHEMA_VERSION,
            "data": {**data, "id": rid, "version": version}}


def _forge(world: World, lines: list[dict[str, Any]], *, program: str | None = None) -> Path:
    """The harbour station's next bundle in the county's chain, signed with its real key,
    carrying exactly ``lines`` (a buggy or compromised station)."""
    with world.county.engine.connect() as conn:
        st = conn.execute(select(station).where(station.c.division_code == HARBOUR)).one()
    payload: dict[str, bytes] = {}
    counts: dict[str, int] = {}
    for line in lines:
        line["data"].setdefault("station_id", world.harbour_id)
        encoded = json.dumps(line, ensure_ascii=False, separators=(",", ":")).encode()
        payload[line["table"]] = payload.get(line["table"], b"") + encoded + b"\n"
        counts[line["table"]] = counts.get(line["table"], 0) + 1
    seq = int(st.last_seq) + 1
    data, _ = fmt.build_bundle(
        station=fmt.StationIdentity(world.harbour_id, HARBOUR, st.name), seq=seq,
        prev_sha256=st.last_sha256, from_seq=int(st.last_change_seq) + 1,
        to_seq=int(st.last_change_seq) + 1, created_at="2026-12-01T08:00:00+00:00",
        payload=payload, counts=counts, county=service.load_keys(world.county).public(),
        signer=keys.load_signing_private(sync.ensure_state(world.harbour).station_private_key),
        program=program)
    folder = world.dir / "forged"
    folder.mkdir(exist_ok=True)
    path = folder / fmt.bundle_file_name(HARBOUR, seq)
    path.write_bytes(data)
    return path


def _plant(world: World, table: str, station_id: str) -> str:
    """A record of ``table`` held by the county for ``station_id``."""
    rid = str(uuid.uuid4())
    with world.county.write() as conn:
        conn.execute(insert(RECORDS[table]).values(
            id=rid, station_id=station_id, version=1,
            data=json.dumps({"id": rid, "station_id": station_id, "version": 1}),
            imported_at=service.now_iso()))
    return rid


def _refused(world: World, path: Path, *, dry_run: bool = True) -> str:
    before = fingerprint(world.county)
    with pytest.raises(BundleRefused) as info:
        import_bundle(world.county, path, dry_run=dry_run)
    message = str(info.value)
    assert one_chinese_line(message), message
    assert fingerprint(world.county) == before
    return message


def _accepted(world: World, path: Path) -> None:
    assert import_bundle(world.county, path, dry_run=True).status == "dry_run"


@pytest.mark.parametrize(("table", "column", "target"), FK_CASES,
                         ids=[f"{t}.{c}" for t, c, _ in FK_CASES])
def test_each_foreign_key_must_stay_inside_the_station(world: World, table: str, column: str,
                                                       target: str) -> None:
    # Into another station's record at the county: refused, naming record, column and target.
    other = _plant(world, target, world.west_id)
    forged = _line(table, {column: other})
    message = _refused(world, _forge(world, [forged]))
    assert f"（{table}）记录 {forged['id']} 的 {column} 指向" in message
    assert f"（{target}）记录 {other}，它属于其他站点" in message
    # To a record nobody sent: refused.
    nowhere = str(uuid.uuid4())
    message = _refused(world, _forge(world, [_line(table, {column: nowhere})]))
    assert nowhere in message and "县级中心和本数据包中都没有这条记录" in message
    # Not an id at all: refused.
    message = _refused(world, _forge(world, [_line(table, {column: "../x"})]))
    assert f"的 {column} 不是有效的记录 ID" in message
    # To the station's own record already at the county, to one in the same bundle, or
    # none at all: accepted.
    _accepted(world, _forge(world, [_line(table, {column: _plant(world, target,
                                                                 world.harbour_id)})]))
    parent = _line(target, {})
    _accepted(world, _forge(world, [parent, _line(table, {column: parent["id"]})]))
    _accepted(world, _forge(world, [_line(table, {column: None})]))


def test_a_copy_of_another_stations_record_in_the_bundle_does_not_make_it_its_own(
        world: World) -> None:
    """The bundle carries another station's case id as if it were its own (the county keeps
    the other station's case: a conflict) and a party pointing at it: refused."""
    with world.county.engine.connect() as conn:
        west_case = str(conn.execute(select(RECORDS["mediation_case"].c.id).where(
            RECORDS["mediation_case"].c.station_id == world.west_id)).scalars().first())
    copy = _line("mediation_case", {}, rid=west_case, version=99)
    party = _line("mediation_party", {"case_id": west_case})
    message = _refused(world, _forge(world, [copy, party]))
    assert f"记录 {party['id']} 的 case_id" in message and "它属于其他站点" in message


def _real_party_line(world: World) -> dict[str, Any]:
    """One of the harbour station's mediation parties as its first bundle carried it."""
    raw = fmt.read_bundle(world.first_bundle)
    plain = fmt.decrypt_parts(raw, service.load_keys(world.county).box)
    return json.loads(plain["mediation_party"].splitlines()[0])


def test_forged_bundle_moving_a_party_into_another_stations_case_is_refused_by_the_cli(
        world: World) -> None:
    """End to end: the station's own mediation party, a new version signed with its
    registered key, now in the other station's case; ``county import`` refuses the bundle,
    says why in Chinese, logs the refusal and changes no record."""
    party = _real_party_line(world)
    case_table = RECORDS["mediation_case"]
    with world.county.engine.connect() as conn:
        west_case = str(conn.execute(select(case_table.c.id).where(
            case_table.c.station_id == world.west_id)).scalars().first())
    moved = _line("mediation_party", {**party["data"], "case_id": west_case},
                  rid=party["id"], version=party["version"] + 1)
    path = _forge(world, [moved])
    before = fingerprint(world.county)
    result = run_workstation(["county", "import", "--db", world.county.url, str(path)])
    assert result.returncode != 0
    [line] = result.stderr.strip().splitlines()
    assert (f"调解当事人（mediation_party）记录 {party['id']} 的 case_id 指向调解案件"
            f"（mediation_case）记录 {west_case}，它属于其他站点") in line
    assert fingerprint(world.county) == before
    assert not list(path.parent.glob("*.wsa"))
    parties = RECORDS["mediation_party"]
    with world.county.engine.connect() as conn:
        kept = conn.execute(select(parties.c.version, parties.c.data)
                            .where(parties.c.id == party["id"])).one()
        refusals = conn.execute(select(bundle_refusal.c.seq, bundle_refusal.c.reason).where(
            bundle_refusal.c.division_code == HARBOUR)).all()
    assert kept.version == party["version"]
    assert json.loads(kept.data)["case_id"] == party["data"]["case_id"]
    assert [r.seq for r in refusals] == [int(path.stem.rsplit("-", 1)[1])]
    assert "它属于其他站点" in refusals[0].reason


def test_a_real_change_referring_to_records_already_at_the_county_is_imported(
        world: World) -> None:
    """The station changes a party of an existing case (the case, its person: sent before,
    not in this bundle): the references resolve at the county and the bundle imports."""
    party = _real_party_line(world)
    with world.harbour.engine.connect() as conn, conn.begin():
        conn.execute(text("UPDATE mediation_party SET org_name = '更正后的单位', "
                          "version = version + 1, updated_at = :now WHERE id = :id"),
                     {"id": party["id"], "now": datetime.now(UTC).isoformat()})
    out = world.dir / "usb2"
    out.mkdir(exist_ok=True)
    [path] = sync.export(world.harbour, out)
    raw = fmt.read_bundle(path)
    assert set(raw.manifest["counts"]) - {fmt.AUDIT_TABLE} == {"mediation_party"}  # no case
    summary = import_bundle(world.county, path)
    assert summary.status == "imported"
    assert summary.tables["mediation_party"].updated == 1
    sync.import_ack(world.harbour, summary.ack_path)
