"""The program version: named in every bundle manifest, kept by the county per station (its
console shows it), and the newest version the county distributes carried back in every
acknowledgement, so a station running an older one is told. SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, select, text

from workstation.county import migrations, service
from workstation.county.db import CountyDatabase, station
from workstation.county.importer import import_bundle
from workstation.county.overview import station_overview
from workstation.services.stations import get_station
from workstation.storage.engine import Database
from workstation.sync import ack as sync_ack
from workstation.sync import format as fmt
from workstation.sync import keys
from workstation.sync import station as sync
from workstation.sync.errors import BundleRefused, SyncError
from workstation.version import is_newer, program_version

from .helpers import members, reopen, rezip, touch_person


@pytest.mark.parametrize(("candidate", "running", "newer"), [
    ("0.2.0", "0.1.0", True),
    ("0.10.0", "0.9.0", True),  # not a string comparison
    ("1.0.0", "1.0.0rc1", True),
    ("0.2.0rc1", "0.1.9", True),
    ("0.1.0", "0.1.0", False),
    ("1.0", "1.0.0", False),
    ("0.1.0", "0.2.0", False),
    ("新版", "0.1.0", False),  # not versions: never a notice
    ("0.2.0", "unknown", False),
])
def test_versions_compare_as_versions(candidate: str, running: str, newer: bool) -> None:
    assert is_newer(candidate, running) is newer


def test_the_program_version_is_the_installed_distributions() -> None:
    from importlib.metadata import version

    assert program_version() == version("workstation")


def _manifest() -> dict[str, Any]:
    county = keys.CountyPublic(keys.new_signing_key().public_key(),
                               keys.new_box_key().public_key())
    data, _ = fmt.build_bundle(
        station=fmt.StationIdentity("0ad1d209-31dd-4fba-a19f-1aabebc5bf0b", "130302100000",
                                    "站"),
        seq=1, prev_sha256=None, from_seq=1, to_seq=1, created_at="2026-01-01T00:00:00+00:00",
        payload={"person": b'{"x":1}\n'}, counts={"person": 1}, county=county,
        signer=keys.new_signing_key(), program="0.3.1")
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return dict(json.loads(zf.read(fmt.MANIFEST)))


def test_manifest_program_field_is_optional_but_checked() -> None:
    manifest = _manifest()
    assert manifest["program"] == {"version": "0.3.1"}
    fmt.check_manifest(manifest, "x.wsb")
    assert fmt.manifest_program_version(manifest) == "0.3.1"
    older = {k: v for k, v in manifest.items() if k != "program"}  # an older program's bundle
    fmt.check_manifest(older, "x.wsb")
    assert fmt.manifest_program_version(older) is None
    for bad in ("0.3.1", {}, {"version": ""}, {"version": 3}, {"version": "1\n2"},
                {"version": "9" * 65}):
        with pytest.raises(BundleRefused, match=r"清单格式不正确（program）"):
            fmt.check_manifest({**manifest, "program": bad}, "x.wsb")


def _export(db: Database, folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    [path] = sync.export(db, folder)
    return path


def _version_at_county(county: CountyDatabase, db: Database) -> str | None:
    code = get_station(db).division_code
    with county.engine.connect() as conn:
        return conn.execute(select(station.c.program_version)
                            .where(station.c.division_code == code)).scalar_one()


def _without_program(db: Database, path: Path) -> Path:
    """The same bundle as an older program writes it (no ``program``), re-signed by the
    station."""
    parts = {m.name: m.data for m in members(path.read_bytes())}
    manifest = json.loads(parts[fmt.MANIFEST])
    del manifest["program"]
    body = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
    signer = keys.load_signing_private(sync.ensure_state(db).station_private_key)
    entries = [(fmt.MANIFEST, body), (fmt.SIGNATURE, signer.sign(body))]
    entries += [(n, d) for n, d in parts.items() if n not in (fmt.MANIFEST, fmt.SIGNATURE)]
    path.write_bytes(rezip(entries))
    return path


def test_the_county_keeps_the_version_of_each_stations_newest_bundle(
        demo_station: Database, county: CountyDatabase, usb: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    first = _export(demo_station, usb / "1")
    assert fmt.read_bundle(first).manifest["program"] == {"version": program_version()}
    import_bundle(county, first)
    assert _version_at_county(county, demo_station) == program_version()
    [shown] = station_overview(county)
    assert shown.program_version == program_version() and shown.newer_version is None

    # The station runs an older release (a bundle names what wrote it).
    touch_person(demo_station, "13900000001")
    monkeypatch.setattr(fmt, "program_version", lambda: "0.0.9")
    summary = import_bundle(county, _export(demo_station, usb / "2"))
    assert summary.status == "imported"
    assert _version_at_county(county, demo_station) == "0.0.9"
    service.set_notice(county, "0.1.0")
    [shown] = station_overview(county)
    assert (shown.program_version, shown.newer_version) == ("0.0.9", "0.1.0")

    # A replay changes nothing; a bundle of a program before the field: version unknown.
    assert import_bundle(county, summary_path(usb / "2")).status == "replay"
    assert _version_at_county(county, demo_station) == "0.0.9"
    touch_person(demo_station, "13900000002")
    import_bundle(county, _without_program(demo_station, _export(demo_station, usb / "3")))
    assert _version_at_county(county, demo_station) is None
    [shown] = station_overview(county)
    assert shown.program_version is None and shown.newer_version is None


def summary_path(folder: Path) -> Path:
    [path] = folder.glob("*.wsb")
    return path


def _ack_body(db: Database, path: Path) -> dict[str, Any]:
    return sync.verified_ack(db, path.read_bytes(), path.name)


def test_acknowledgements_carry_the_newest_version_notice(
        demo_station: Database, county: CountyDatabase, usb: Path) -> None:
    with pytest.raises(SyncError, match="不是有效的程序版本号"):
        service.set_notice(county, "下一版")
    with pytest.raises(SyncError, match="说明只能是一行文字"):
        service.set_notice(county, "9.0.0", "第一行\n第二行")
    with pytest.raises(SyncError, match="说明不能超过"):
        service.set_notice(county, "9.0.0", "长" * (sync_ack.MAX_NOTICE_TEXT + 1))

    summary = import_bundle(county, _export(demo_station, usb / "1"))
    assert "notice" not in _ack_body(demo_station, summary.ack_path)  # none set: none carried
    result = sync.import_ack(demo_station, summary.ack_path)
    assert result.notice is None and result.version_notice is None

    assert service.set_notice(county, " 9.1.0 ", "请到县级中心领取安装程序") == "9.1.0"
    summary = import_bundle(county, summary.ack_path.with_suffix(".wsb"))  # a replay
    assert _ack_body(demo_station, summary.ack_path)["notice"] == {"newest_version": "9.1.0",
                                                     "text": "请到县级中心领取安装程序"}
    result = sync.import_ack(demo_station, summary.ack_path)
    assert result.notice == (f"县级中心提示：有新版本 9.1.0（本站为 {program_version()}），"
                             "请安排升级。请到县级中心领取安装程序")
    assert result.version_notice == {"newest_version": "9.1.0", "text": "请到县级中心领取安装程序"}

    # The station already runs it (or a newer one): nothing to say.
    service.set_notice(county, program_version())
    summary = import_bundle(county, summary.ack_path.with_suffix(".wsb"))
    assert sync.import_ack(demo_station, summary.ack_path).notice is None
    service.clear_notice(county)
    summary = import_bundle(county, summary.ack_path.with_suffix(".wsb"))
    assert "notice" not in _ack_body(demo_station, summary.ack_path)


def test_a_malformed_notice_refuses_the_acknowledgement() -> None:
    signer = keys.new_signing_key()
    body = {"station_id": "0ad1d209-31dd-4fba-a19f-1aabebc5bf0b", "bundle_seq": 1,
            "change_seq": 1, "decisions": []}
    good = sync_ack.encode_ack({**body, "notice": {"newest_version": "1.0", "text": ""}},
                               signer)
    assert sync_ack.decode_ack(good, signer.public_key(), "a.wsa")["notice"]["newest_version"] \
        == "1.0"
    assert sync_ack.notice_message({"notice": {"newest_version": "1.0"}}, "0.9") == \
        "县级中心提示：有新版本 1.0（本站为 0.9），请安排升级。"
    for notice in ("1.0", {"text": "x"}, {"newest_version": ""}, {"newest_version": 1},
                   {"newest_version": "1.0", "text": 5}):
        data = sync_ack.encode_ack({**body, "notice": notice}, signer)
        with pytest.raises(BundleRefused, match="版本提示格式不正确"):
            sync_ack.decode_ack(data, signer.public_key(), "a.wsa")


def test_an_older_county_database_gains_the_station_version_column(
        county: CountyDatabase) -> None:
    service.register_station(county, "130302100000",
                             keys.public_pem(keys.new_signing_key().public_key()))
    with county.write() as conn:  # as a county database made before the column
        conn.execute(text("ALTER TABLE station DROP COLUMN program_version"))
        conn.execute(migrations.county_meta.delete())
    assert "program_version" not in {c["name"] for c in
                                     inspect(county.engine).get_columns("station")}
    county.dispose()
    again = reopen(county)
    try:
        columns = {c["name"]: c for c in inspect(again.engine).get_columns("station")}
        assert "program_version" in columns and columns["program_version"]["nullable"]
        with again.engine.connect() as conn:
            assert migrations.read_version(conn) == migrations.SCHEMA_VERSION
            rows = conn.execute(select(station.c.division_code,
                                       station.c.program_version)).all()
        assert [tuple(r) for r in rows] == [("130302100000", None)]
    finally:
        again.dispose()


def test_set_notice_and_import_ack_on_the_command_line(tmp_path: Path) -> None:
    from .test_cli_sync import INIT, ok, run

    st, cty = "st.db", "county.db"
    ok(tmp_path, *INIT, "--db", st, stdin="secret-pass-1\n")
    ok(tmp_path, "demo", "--db", st, "--records", "20")
    (tmp_path / "st.pem").write_text(ok(tmp_path, "sync", "station-key", "--db", st))
    ok(tmp_path, "county", "init", "--db", cty)
    (tmp_path / "county.pem").write_text(ok(tmp_path, "county", "key", "--db", cty))
    ok(tmp_path, "sync", "set-county-key", "--db", st, "--key", "county.pem")
    ok(tmp_path, "county", "register-station", "--db", cty, "--division-code",
       "130302100000", "--key", "st.pem")
    bad = run(tmp_path, "county", "set-notice", "--db", cty, "--version", "最新版")
    assert bad.returncode != 0 and "不是有效的程序版本号" in bad.stderr
    assert "Traceback" not in bad.stderr
    assert "已发布最新版本 99.0" in ok(tmp_path, "county", "set-notice", "--db", cty,
                                       "--version", "99.0", "--text", "请到县级中心领取安装程序")
    (tmp_path / "usb").mkdir()
    [bundle] = ok(tmp_path, "sync", "export", "--db", st, "--out", "usb").split()
    [summary] = json.loads(ok(tmp_path, "county", "import", "--db", cty, "--json", bundle))
    out = ok(tmp_path, "sync", "import-ack", "--db", st, summary["ack"])
    assert (f"县级中心提示：有新版本 99.0（本站为 {program_version()}），请安排升级。"
            "请到县级中心领取安装程序") in out.splitlines()
    stations = service_stats(tmp_path / cty)
    assert stations[0]["program_version"] == program_version()

    assert "已取消新版本提示" in ok(tmp_path, "county", "set-notice", "--db", cty, "--clear")
    [summary] = json.loads(ok(tmp_path, "county", "import", "--db", cty, "--json", bundle))
    assert "县级中心提示" not in ok(tmp_path, "sync", "import-ack", "--db", st, summary["ack"])


def service_stats(path: Path) -> list[dict[str, Any]]:
    county = reopen(path)
    try:
        return list(service.stats(county)["stations"])
    finally:
        county.dispose()
