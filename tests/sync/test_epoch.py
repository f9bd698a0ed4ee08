"""Recovery after a restore or rollback: a new chain epoch, end to end with the real CLI.

The station restored from an older backup (or switched back to an older copy of its
database) starts a new chain epoch; its next bundle carries every record, the county merges
it record by record (nothing it holds is lost or downgraded), and bundles of the old epoch
are refused from then on. County on SQLite and PostgreSQL (``county_backend``).
"""

from __future__ import annotations

import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.cli.test_cli import INIT, PASSWORD, Cli
from workstation.county.db import RECORDS, CountyDatabase, bundle, station
from workstation.county.overview import station_bundles, station_overview
from workstation.storage.engine import connect_raw
from workstation.storage.keyslots import KeyFile, keyfile_path, operator_label
from workstation.sync import keys
from workstation.sync.format import (
    AUDIT_TABLE,
    TABLES,
    StationIdentity,
    build_bundle,
    read_bundle,
)

CODE = "130302100000"

#: The synced record tables (the audit trail is checked by tests/sync/test_audit_chain.py).
RECORD_TABLES = tuple(t for t in TABLES if t != AUDIT_TABLE)


class Station(Cli):
    """A station on the command line, linked to ``county`` (its URL)."""

    def __init__(self, data_dir: Path, county: CountyDatabase) -> None:
        super().__init__(data_dir)
        self.county = county
        self.usb = data_dir.parent / "usb"
        self.usb.mkdir(exist_ok=True)
        self.env["WORKSTATION_USER"] = "admin"
        self.env["WORKSTATION_PASSWORD"] = PASSWORD.strip()
        self.env["WORKSTATION_BACKUP_PASSWORD"] = PASSWORD.strip()

    def ok(self, *args: str) -> str:
        result = self(*args)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        return result.stdout

    def setup(self) -> None:
        assert self(*INIT, stdin=PASSWORD).returncode == 0
        self.ok("demo", "--records", "6")
        (self.data_dir / "st.pem").write_text(self.ok("sync", "station-key"))
        (self.data_dir / "county.pem").write_text(
            self.ok("county", "key", "--db", self.county.url))
        self.ok("sync", "set-county-key", "--key", "county.pem")
        self.ok("county", "register-station", "--db", self.county.url, "--division-code",
                CODE, "--key", "st.pem")

    def export(self) -> Path:
        [line] = self.ok("sync", "export", "--out", str(self.usb)).split()
        return Path(line)

    def county_import(self, bundle_path: Path) -> dict[str, object]:
        [summary] = json.loads(self.ok("county", "import", "--db", self.county.url, "--json",
                                       str(bundle_path)))
        return summary  # type: ignore[no-any-return]

    def refused(self, bundle_path: Path) -> str:
        result = self("county", "import", "--db", self.county.url, str(bundle_path))
        assert result.returncode != 0
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
        return lines[0]

    def ack(self, summary: dict[str, object]) -> str:
        return self.ok("sync", "import-ack", str(summary["ack"]))

    def key(self) -> bytes:
        return KeyFile.load(keyfile_path(self.db)).slots[operator_label("admin")].open(
            PASSWORD.strip())

    def versions(self) -> dict[str, int]:
        """Every synced record of the station: id → version."""
        conn = connect_raw(self.db, self.key())
        try:
            return {rid: int(v) for t in RECORD_TABLES
                    for rid, v in conn.execute(f"SELECT id, version FROM {t}")}
        finally:
            conn.close()


def county_versions(county: CountyDatabase) -> dict[str, int]:
    with county.engine.connect() as conn:
        return {str(r.id): int(r.version) for t in RECORD_TABLES
                for r in conn.execute(select(RECORDS[t].c.id, RECORDS[t].c.version))}


@pytest.fixture
def linked(tmp_path: Path, county: CountyDatabase) -> Station:
    (tmp_path / "data").mkdir()
    st = Station(tmp_path / "data", county)
    st.setup()
    return st


def usb_file(st: Station, seq: int) -> Path:
    return st.usb / f"{CODE}-{seq:06d}.wsb"


def _manifest(path: Path) -> dict[str, object]:
    with zipfile.ZipFile(path) as zf:
        return json.loads(zf.read("manifest.json"))  # type: ignore[no-any-return]


def test_restore_and_continue(linked: Station, county: CountyDatabase) -> None:
    st = linked
    first = st.county_import(st.export())
    st.ack(first)
    backup = Path(st.ok("backup", "--out", str(st.usb)).strip())

    st.ok("demo", "--records", "4", "--seed", "7")  # after the backup: sent and acknowledged
    second = st.county_import(st.export())
    st.ack(second)
    st.ok("demo", "--records", "3", "--seed", "8")  # sent, imported, never acknowledged
    st.county_import(st.export())
    st.ok("demo", "--records", "2", "--seed", "11")  # sent, never imported (old epoch)
    stray = st.export()
    before_restore = st.versions()
    at_county = county_versions(county)
    assert set(before_restore) - set(at_county)  # the stray bundle's records are not there

    restored = st("restore", str(backup), "--yes")
    assert restored.returncode == 0, restored.stderr
    assert "本站已向县级中心发送过 4 个数据包" in restored.stdout
    assert f"{CODE}-000004.wsb" in restored.stdout and "备份中只记录到第 1 号" in restored.stdout
    assert "下次导出将开始第 2 轮同步" in restored.stdout
    assert set(st.versions()) < set(before_restore)

    st.ok("demo", "--records", "3", "--seed", "9")  # made after the restore
    after_restore = st.versions()
    epoch_bundle = st.export()
    assert epoch_bundle.name == f"{CODE}-e2-000002.wsb"
    manifest = _manifest(epoch_bundle)
    epoch = manifest["epoch"]
    assert isinstance(epoch, dict)
    assert epoch["number"] == 2 and epoch["reason"] == "restore" and epoch["full_state"]
    assert epoch["first_seq"] == 2 and manifest["prev_sha256"] is None
    assert epoch["previous"]["bundle_seq"] == 4  # what the replaced database last sent
    assert sum(n for t, n in manifest["counts"].items()  # type: ignore[union-attr]
               if t != AUDIT_TABLE) == len(after_restore)

    summary = st.county_import(epoch_bundle)
    assert summary["status"] == "imported" and summary["epoch_started"] is True
    assert summary["epoch"] == 2
    merged = county_versions(county)
    # Nothing the county held is lost or downgraded; everything the station has arrived.
    assert all(merged[rid] >= v for rid, v in at_county.items())
    assert all(merged.get(rid, 0) >= v for rid, v in after_restore.items())
    assert set(after_restore) - set(at_county) <= set(merged)
    assert Path(str(summary["ack"])).name == f"{CODE}-e2-000002.wsa"

    # The old epoch's bundle arriving now is refused, clearly; the county is unchanged. One
    # it imported before is a replay, as ever.
    message = st.refused(stray)
    assert "第 1 轮" in message and "第 2 轮" in message and "不再导入" in message
    assert st.county_import(usb_file(st, 1))["status"] == "replay"
    assert county_versions(county) == merged

    # The acknowledgement closes the epoch change; the next bundle is a plain delta again.
    st.ack(summary)
    assert "上一轮同步" in st.ack(second)  # an old epoch's: its decisions only
    st.ok("demo", "--records", "2", "--seed", "10")
    delta = st.export()
    assert delta.name == f"{CODE}-e2-000003.wsb"
    assert _manifest(delta)["epoch"]["full_state"] is False  # type: ignore[index]
    delta_summary = st.county_import(delta)
    assert delta_summary["status"] == "imported"
    final = county_versions(county)
    assert all(final.get(rid, 0) >= v for rid, v in st.versions().items())

    [ov] = station_overview(county)
    assert (ov.epoch, ov.epoch_reason, ov.last_seq) == (2, "restore", 3)
    # The audit entries written after the backup are gone from the station: the county,
    # which received them, says so once (and keeps them), then follows the new chain.
    assert ov.audit_chain is not None
    assert [b.kind for b, _at in ov.audit_chain.breaks] == ["missing"]
    assert summary["audit_breaks"] and delta_summary["audit_breaks"] == []
    assert ov.epoch_started_at is not None and ov.epoch_first_seq == 2
    assert not ov.has_gap and ov.skipped == ()  # gap detection restarted in epoch 2
    assert [(b.epoch, b.seq) for b in station_bundles(county, CODE)][:2] == [(2, 3), (2, 2)]
    with county.engine.connect() as conn:
        assert conn.execute(select(station.c.epoch)).scalar() == 2
        assert sorted((r.epoch, r.seq) for r in conn.execute(
            select(bundle.c.epoch, bundle.c.seq))) == [(1, 1), (1, 2), (1, 3), (2, 2), (2, 3)]


def test_epoch_start_lost_then_exported_again(linked: Station, county: CountyDatabase) -> None:
    """Until the county acknowledges a bundle of the new epoch every export carries every
    record, so a lost first bundle of the epoch costs nothing."""
    st = linked
    st.ack(st.county_import(st.export()))
    backup = Path(st.ok("backup", "--out", str(st.usb)).strip())
    st.ok("demo", "--records", "2", "--seed", "7")
    st.ack(st.county_import(st.export()))
    assert st("restore", str(backup), "--yes").returncode == 0
    lost = st.export()
    st.ok("demo", "--records", "1", "--seed", "9")
    again = st.export()
    assert _manifest(again)["epoch"]["full_state"] is True  # type: ignore[index]
    assert _manifest(again)["prev_sha256"] == read_bundle(lost).bundle_hash
    summary = st.county_import(again)
    assert summary["epoch_started"] is True
    assert st.county_import(lost)["status"] == "superseded"
    assert all(county_versions(county).get(r, 0) >= v for r, v in st.versions().items())


def test_rollback_revealed_by_an_acknowledgement(linked: Station,
                                                  county: CountyDatabase) -> None:
    """A PC switched back to an older copy of its database (no restore recorded): the next
    acknowledgement names a bundle it does not have; it is refused and a new epoch starts."""
    st = linked
    st.ack(st.county_import(st.export()))
    old = st.data_dir.parent / "old-copy"
    old.mkdir()
    files = [st.db, keyfile_path(st.db)]
    for path in files:
        shutil.copy2(path, old / path.name)
    st.ok("demo", "--records", "2", "--seed", "7")
    latest = st.county_import(st.export())
    for path in files:  # the old copy comes back
        shutil.copy2(old / path.name, path)
    Path(f"{st.db}-wal").unlink(missing_ok=True)
    Path(f"{st.db}-shm").unlink(missing_ok=True)

    result = st("sync", "import-ack", str(latest["ack"]))
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "本站没有与之相符" in result.stderr and "第 2 轮" in result.stderr
    st.ok("demo", "--records", "1", "--seed", "9")
    epoch_bundle = st.export()
    epoch = _manifest(epoch_bundle)["epoch"]
    assert isinstance(epoch, dict)
    assert (epoch["number"], epoch["reason"], epoch["full_state"]) == (2, "rollback", True)
    assert st.county_import(epoch_bundle)["epoch_started"] is True
    assert all(county_versions(county).get(r, 0) >= v for r, v in st.versions().items())


def test_epoch_change_signed_by_another_key_is_refused(
        linked: Station, county: CountyDatabase, tmp_path: Path) -> None:
    st = linked
    st.ack(st.county_import(st.export()))
    before = county_versions(county)
    with county.engine.connect() as conn:
        station_id = conn.execute(select(station.c.station_id)).scalar_one()
    public = keys.load_county_public((st.data_dir / "county.pem").read_text())
    line = json.dumps({"table": "person", "id": "00000000-0000-4000-8000-000000000001",
                       "version": 9, "schema_version": 3,
                       "data": {"id": "00000000-0000-4000-8000-000000000001",
                                "station_id": station_id, "version": 9}}).encode() + b"\n"
    data, _ = build_bundle(
        station=StationIdentity(station_id, CODE, "海港镇公共法律服务工作站"), seq=9,
        prev_sha256=None, from_seq=1, to_seq=999, created_at="2026-12-08T00:00:00+00:00",
        payload={"person": line}, counts={"person": 1}, county=public,
        signer=keys.new_signing_key(),
        epoch={"number": 5, "reason": "restore", "started_at": "2026-12-08T00:00:00+00:00",
               "first_seq": 9, "full_state": True,
               "previous": {"number": 1, "bundle_seq": 1, "bundle_sha256": None,
                            "acked_bundle_seq": 1}})
    forged = tmp_path / f"{CODE}-e5-000009.wsb"
    forged.write_bytes(data)
    assert "站点签名无效" in st.refused(forged)
    assert county_versions(county) == before
    [ov] = station_overview(county)
    assert ov.epoch == 1


def test_next_bundle_of_an_epoch_without_its_start_is_refused(
        linked: Station, county: CountyDatabase, county_factory: Callable[[], CountyDatabase]
) -> None:
    st = linked
    st.ack(st.county_import(st.export()))
    backup = Path(st.ok("backup", "--out", str(st.usb)).strip())
    st.ok("demo", "--records", "1", "--seed", "7")
    st.ack(st.county_import(st.export()))
    assert st("restore", str(backup), "--yes").returncode == 0
    start = st.export()
    st.ack(st.county_import(start))
    st.ok("demo", "--records", "1", "--seed", "9")
    follow = st.export()
    # A county that never saw the epoch's first bundle refuses the next one, naming it.
    other = county_factory()
    st.county = other
    (st.data_dir / "st.pem").write_text(st.ok("sync", "station-key"))
    st.ok("county", "register-station", "--db", other.url, "--division-code", CODE,
          "--key", "st.pem")
    message = st.refused(follow)
    assert "第 2 轮" in message and "第 2 号" in message and "请先导入它" in message


def test_restoring_a_backup_from_before_sync_keeps_the_station_key(
        tmp_path: Path, county: CountyDatabase) -> None:
    """The backup predates the station key: the restore keeps the key the county knows
    (from the database it replaces), so the new epoch is accepted."""
    (tmp_path / "data").mkdir()
    st = Station(tmp_path / "data", county)
    assert st(*INIT, stdin=PASSWORD).returncode == 0
    st.ok("demo", "--records", "3")
    backup = Path(st.ok("backup", "--out", str(st.usb)).strip())
    (st.data_dir / "st.pem").write_text(st.ok("sync", "station-key"))
    (st.data_dir / "county.pem").write_text(st.ok("county", "key", "--db", county.url))
    st.ok("sync", "set-county-key", "--key", "county.pem")
    st.ok("county", "register-station", "--db", county.url, "--division-code", CODE,
          "--key", "st.pem")
    st.ack(st.county_import(st.export()))
    held = county_versions(county)

    restored = st("restore", str(backup), "--yes")
    assert restored.returncode == 0, restored.stderr
    assert "发送过 1 个数据包" in restored.stdout
    assert st.ok("sync", "station-key") == (st.data_dir / "st.pem").read_text()
    st.ok("demo", "--records", "1", "--seed", "9")
    epoch_bundle = st.export()
    assert epoch_bundle.name == f"{CODE}-e2-000001.wsb"
    assert st.county_import(epoch_bundle)["epoch_started"] is True
    merged = county_versions(county)
    assert all(merged[r] >= v for r, v in held.items())
    assert all(merged.get(r, 0) >= v for r, v in st.versions().items())


def test_a_restore_on_a_station_that_never_sent_anything_starts_no_epoch(
        tmp_path: Path, county: CountyDatabase) -> None:
    (tmp_path / "data").mkdir()
    st = Station(tmp_path / "data", county)
    st.setup()  # keys made, nothing exported
    backup = Path(st.ok("backup", "--out", str(st.usb)).strip())
    restored = st("restore", str(backup), "--yes")
    assert restored.returncode == 0 and "数据包" not in restored.stdout
    assert st.export().name == f"{CODE}-000001.wsb"


def test_a_copy_from_before_an_epoch_change_recovers_through_the_latest_ack(
        linked: Station, county: CountyDatabase) -> None:
    """The database goes back to a copy that had not yet sent its new epoch: its epoch 2 is
    not new to the county, which refuses it; the county's latest acknowledgement (written
    again by re-importing the epoch's bundle) reveals the rollback, and epoch 3 merges."""
    st = linked
    st.ack(st.county_import(st.export()))
    backup = Path(st.ok("backup", "--out", str(st.usb)).strip())
    st.ok("demo", "--records", "1", "--seed", "7")
    st.ack(st.county_import(st.export()))
    assert st("restore", str(backup), "--yes").returncode == 0
    old = st.data_dir.parent / "old-copy"
    old.mkdir()
    files = [st.db, keyfile_path(st.db)]
    for path in files:
        shutil.copy2(path, old / path.name)
    accepted = st.export()
    st.ack(st.county_import(accepted))
    accepted = accepted.rename(accepted.with_name("kept-" + accepted.name))
    for path in files:
        shutil.copy2(old / path.name, path)
    Path(f"{st.db}-wal").unlink(missing_ok=True)
    Path(f"{st.db}-shm").unlink(missing_ok=True)

    st.ok("demo", "--records", "1", "--seed", "9")
    clash = st.export()
    assert "kept-" + clash.name == accepted.name  # the same epoch and number, other content
    assert "内容不同" in st.refused(clash)
    latest = st.county_import(accepted)  # a replay writes the latest acknowledgement again
    assert latest["status"] == "replay"
    result = st("sync", "import-ack", str(latest["ack"]))
    assert result.returncode != 0 and "第 3 轮" in result.stderr
    third = st.export()
    assert third.name.startswith(f"{CODE}-e3-")
    assert st.county_import(third)["epoch_started"] is True
    assert all(county_versions(county).get(r, 0) >= v for r, v in st.versions().items())


EPOCH = {"number": 2, "reason": "restore", "started_at": "2026-12-08T09:12:44+00:00",
         "first_seq": 4, "full_state": True,
         "previous": {"number": 1, "bundle_seq": 6, "bundle_sha256": None,
                      "acked_bundle_seq": 5}}


def _epoch_manifest(epoch: object) -> dict[str, object]:
    from tests.sync.test_format_docs import _bundle

    manifest, _lines = _bundle()
    manifest["seq"] = 4
    manifest["epoch"] = epoch
    return manifest


def test_the_epoch_object_matches_its_schema_and_is_checked() -> None:
    from tests.sync.test_format_docs import SCHEMAS, _check
    from workstation.sync.errors import BundleRefused
    from workstation.sync.format import check_manifest

    schema = json.loads((SCHEMAS / "manifest.schema.json").read_text("utf-8"))
    good = _epoch_manifest(EPOCH)
    _check(schema, good)
    check_manifest(good, "x.wsb")
    bad_ones = [
        {**EPOCH, "number": 1},  # epoch 1 declares none
        {**EPOCH, "number": True},
        {**EPOCH, "reason": "whim"},
        {**EPOCH, "first_seq": 5},  # after this bundle
        {**EPOCH, "full_state": "yes"},
        {**EPOCH, "extra": 1},
        {k: v for k, v in EPOCH.items() if k != "previous"},
        {**EPOCH, "previous": {**EPOCH["previous"], "number": 2}},  # type: ignore[dict-item]
        {**EPOCH, "previous": {**EPOCH["previous"], "bundle_sha256": "zz"}},  # type: ignore[dict-item]
        [2],
    ]
    for bad in bad_ones:
        with pytest.raises(BundleRefused, match="清单格式不正确（epoch）"):
            check_manifest(_epoch_manifest(bad), "x.wsb")


def test_a_folder_import_takes_the_old_epoch_first(linked: Station,
                                                   county: CountyDatabase) -> None:
    """A USB stick holding a bundle sent before the restore (never imported) and the new
    epoch's first bundle: the old one is imported first, so its records are not lost."""
    from workstation.county.batch import find_bundles, import_bundles

    st = linked
    st.ack(st.county_import(st.export()))
    backup = Path(st.ok("backup", "--out", str(st.usb)).strip())
    st.ok("demo", "--records", "2", "--seed", "7")
    st.export()  # 000002: never imported before the restore
    sent_before = st.versions()
    assert st("restore", str(backup), "--yes").returncode == 0
    st.ok("demo", "--records", "1", "--seed", "9")
    st.export()  # e2-000002
    batch = import_bundles(county, find_bundles([st.usb]))
    assert [(r.file_name, r.status) for r in batch.results] == [
        (f"{CODE}-000001.wsb", "replay"), (f"{CODE}-000002.wsb", "imported"),
        (f"{CODE}-e2-000002.wsb", "imported")]
    assert "第 2 轮同步" in batch.results[2].message
    merged = county_versions(county)
    assert all(merged.get(r, 0) >= v for r, v in sent_before.items())
    assert all(merged.get(r, 0) >= v for r, v in st.versions().items())
