"""Services behind the county console, on SQLite and PostgreSQL: station overview with chain
gaps and refusals, importing a folder of bundles, referrals awaiting a decision, recording a
decision that flows back to the station."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from workstation.county import batch, overview, referrals, service
from workstation.county.db import CountyDatabase, CountyNotFound, open_county
from workstation.county.importer import import_bundle
from workstation.domain.errors import ValidationError
from workstation.services.printing import first_admin
from workstation.storage.engine import Database
from workstation.sync import station as sync
from workstation.sync.errors import BundleRefused, SyncError

from .helpers import link, members, new_station, reopen, rezip, same_keys, touch_person

SECOND = "130302101000"


@pytest.fixture
def second_station(tmp_path: Path, county: CountyDatabase) -> Iterator[Database]:
    db = new_station(tmp_path / "second.db", SECOND, "西港镇公共法律服务工作站",
                     records=200, seed=9, county=county)
    try:
        yield db
    finally:
        db.dispose()


def _station_sql(db: Database, sql: str) -> list[tuple]:
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql))]


def _undecided_forwarded(db: Database) -> set[str]:
    return {r[0] for r in _station_sql(
        db, "SELECT id FROM aid_referral WHERE status IN ('forwarded', 'received') "
            "AND decision IS NULL")}


def _records(db: Database) -> int:
    """Rows of every synced record table: what the first bundle carries."""
    from workstation.storage.models import SYNCED_TABLES

    return sum(_station_sql(db, f"SELECT count(*) FROM {t}")[0][0] for t in SYNCED_TABLES)


def test_overview_of_two_stations(demo_station: Database, second_station: Database,
                                  county: CountyDatabase, usb: Path) -> None:
    [none_yet] = [s for s in overview.station_overview(county) if s.division_code == SECOND]
    assert (none_yet.last_seq, none_yet.bundles_received, none_yet.last_received_at) == (
        0, 0, None)
    assert none_yet.name == "" and none_yet.pending_referrals == 0
    for db in (demo_station, second_station):
        for path in sync.export(db, usb):
            import_bundle(county, path)
    rows = {s.division_code: s for s in overview.station_overview(county)}
    assert list(rows) == ["130302100000", SECOND]
    for code, db in (("130302100000", demo_station), (SECOND, second_station)):
        s = rows[code]
        assert (s.last_seq, s.bundles_received, s.revoked) == (1, 1, False)
        assert s.last_received_at is not None
        assert (datetime.now(UTC) - s.last_received_at) < timedelta(minutes=5)
        assert (s.skipped, s.needed, s.refused, s.has_gap) == ((), (), (), False)
        assert s.changes_this_month == _records(db)
        assert s.pending_referrals == len(_undecided_forwarded(db)) > 0
        assert len(s.key_fingerprint) == 64
    assert rows[SECOND].name == "西港镇公共法律服务工作站"

    [received] = overview.station_bundles(county, SECOND)
    assert (received.seq, received.imported, received.updated) == (1, _records(second_station), 0)

    now = datetime.now(UTC)
    assert not rows[SECOND].is_quiet(now, 30)
    assert rows[SECOND].is_quiet(now + timedelta(days=31), 30)
    assert rows[SECOND].days_quiet(now + timedelta(days=31)) == 31
    service.revoke_station(county, SECOND)
    [revoked] = [s for s in overview.station_overview(county) if s.division_code == SECOND]
    assert revoked.revoked and not revoked.is_quiet(now + timedelta(days=99), 30)


def test_changes_this_month_count_only_this_months_bundles(
        demo_station: Database, county: CountyDatabase, usb: Path) -> None:
    [path] = sync.export(demo_station, usb)
    import_bundle(county, path)
    [row] = overview.station_overview(county)
    assert row.changes_this_month > 0
    next_month = overview.month_start(datetime.now(UTC)) + timedelta(days=40)
    [later] = overview.station_overview(county, now=next_month)
    assert later.changes_this_month == 0
    assert later.days_quiet(next_month) >= 9


def test_a_lost_bundle_superseded_by_the_next_is_a_harmless_gap(
        demo_station: Database, county: CountyDatabase, usb: Path, tmp_path: Path) -> None:
    db = demo_station
    [one] = sync.export(db, usb)
    sync.import_ack(db, import_bundle(county, one).ack_path)
    touch_person(db, "13700001111")
    [two] = sync.export(db, usb)
    two.unlink()  # lost on the way
    touch_person(db, "13700002222")
    [three] = sync.export(db, usb)
    assert import_bundle(county, three).status == "imported"
    [row] = overview.station_overview(county)
    assert (row.last_seq, row.bundles_received) == (3, 2)
    assert row.skipped == (2,) and row.needed == () and row.refused == ()
    assert not row.has_gap


def test_a_refused_bundle_shows_the_missing_numbers_until_they_arrive(
        demo_station: Database, county: CountyDatabase, usb: Path,
        county_factory: Callable[[], CountyDatabase]) -> None:
    db = demo_station
    [one] = sync.export(db, usb)
    sync.import_ack(db, import_bundle(county, one).ack_path)
    touch_person(db, "13700001111")
    [two] = sync.export(db, usb)
    # A county database restored from a backup older than bundle 1.
    other = county_factory()
    same_keys(county, other)
    link(db, other)
    with pytest.raises(BundleRefused):
        import_bundle(other, two)
    [row] = overview.station_overview(other)
    assert row.last_seq == 0 and row.needed == (1,) and row.has_gap
    [refusal] = row.refused
    assert refusal.seq == 2 and refusal.file_name == two.name and "第 1 号" in refusal.reason

    assert import_bundle(other, one).status == "imported"
    [row] = overview.station_overview(other)
    assert row.needed == () and [r.seq for r in row.refused] == [2]
    assert import_bundle(other, two).status == "imported"
    [row] = overview.station_overview(other)
    assert (row.skipped, row.needed, row.refused, row.last_seq) == ((), (), (), 2)


def test_only_authentic_refusals_are_recorded(demo_station: Database, county: CountyDatabase,
                                             usb: Path, tmp_path: Path) -> None:
    db = demo_station
    [one] = sync.export(db, usb)
    # The signed manifest intact, a part's ciphertext altered (in a well-formed zip).
    entries = [(m.name, m.data) for m in members(one.read_bytes())]
    entries = [(n, d[:20] + bytes([d[20] ^ 1]) + d[21:] if n.startswith("records/") else d)
               for n, d in entries]
    one.write_bytes(rezip(entries))
    stranger = new_station(tmp_path / "stranger.db", "130302109000", "未登记站点")
    sync.set_county_key(stranger, first_admin(stranger), service.county_public_key(county))
    [foreign] = sync.export(stranger, tmp_path)
    stranger.dispose()

    def refusals() -> list[tuple]:
        with county.engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(
                "SELECT division_code, seq, file_name FROM bundle_refusal"))]

    for path, dry_run in ((one, True), (foreign, False)):
        with pytest.raises(BundleRefused):
            import_bundle(county, path, dry_run=dry_run)
    assert refusals() == []
    with pytest.raises(BundleRefused) as info:
        import_bundle(county, one)
    assert refusals() == [("130302100000", 1, one.name)]
    [row] = overview.station_overview(county)
    [refusal] = row.refused
    assert refusal.reason == str(info.value) and row.has_gap


def test_chain_gaps_rules() -> None:
    when = datetime(2026, 11, 1, tzinfo=UTC)
    r5 = overview.Refusal(5, "x-000005.wsb", "缺少第 4 号数据包", when)
    r2 = overview.Refusal(2, "x-000002.wsb", "已损坏", when)
    assert overview.chain_gaps(0, set(), {}) == ((), (), ())
    assert overview.chain_gaps(3, {1, 3}, {}) == ((2,), (), ())
    assert overview.chain_gaps(3, {1, 3}, {5: r5, 2: r2}) == ((2,), (4,), (r5,))
    assert overview.chain_gaps(6, {1, 2, 3, 4, 5, 6}, {5: r5}) == ((), (), ())


def test_import_a_folder_of_two_stations(demo_station: Database, second_station: Database,
                                         county: CountyDatabase, usb: Path,
                                         tmp_path: Path) -> None:
    first = sync.export(demo_station, usb)
    second = sync.export(second_station, usb)
    (usb / "notes.txt").write_text("not a bundle", encoding="utf-8")
    (usb / "000000000000-000001.wsb").write_bytes(b"PK\x03\x04 broken")
    acks = tmp_path / "acks"
    acks.mkdir()

    files = batch.find_bundles([usb])
    assert [p.name for p in files] == ["000000000000-000001.wsb", *[p.name for p in first],
                                       *[p.name for p in second]]
    calls: list[tuple[int, int]] = []
    result = batch.import_bundles(county, files, ack_dir=acks,
                                  progress=lambda d, t: calls.append((d, t)))
    assert calls == [(0, 3), (1, 3), (2, 3), (3, 3)]
    assert not result.cancelled
    broken, one, two = result.results
    assert broken.status == "refused" and "损坏" in broken.message
    assert "\n" not in broken.message
    assert (one.status, one.station_name, one.seq) == ("imported", "海港镇公共法律服务工作站", 1)
    assert one.imported == _records(demo_station) and one.updated == one.unchanged == 0
    assert two.station_name == "西港镇公共法律服务工作站"
    assert sorted(p.name for p in acks.iterdir()) == [
        "130302100000-000001.wsa", f"{SECOND}-000001.wsa"]
    assert result.ack_paths == [acks / "130302100000-000001.wsa", acks / f"{SECOND}-000001.wsa"]
    assert sync.import_ack(demo_station, one.ack_path).bundle_seq == 1

    # The same folder again: duplicates are skipped, nothing changes.
    again = batch.import_bundles(county, files, ack_dir=acks)
    assert [r.status for r in again.results] == ["refused", "replay", "replay"]
    assert again.skipped == 2 and again.count("imported") == 0


def test_import_can_be_cancelled_between_bundles(demo_station: Database,
                                                 second_station: Database,
                                                 county: CountyDatabase, usb: Path) -> None:
    sync.export(demo_station, usb)
    sync.export(second_station, usb)
    files = batch.find_bundles([usb])
    result = batch.import_bundles(county, files, progress=lambda done, total: done < 1)
    assert result.cancelled and result.not_started == 1
    assert [r.status for r in result.results] == ["imported"]
    assert result.results[0].ack_path == usb / "130302100000-000001.wsa"  # beside the bundle
    rows = {s.division_code: s.last_seq for s in overview.station_overview(county)}
    assert rows == {"130302100000": 1, SECOND: 0}


def test_import_refuses_bad_choices_before_touching_anything(
        county: CountyDatabase, usb: Path, tmp_path: Path) -> None:
    with pytest.raises(SyncError, match="没有数据包"):
        batch.find_bundles([usb])
    with pytest.raises(SyncError, match="找不到"):
        batch.find_bundles([tmp_path / "gone"])
    with pytest.raises(SyncError, match="回执文件夹不存在"):
        batch.import_bundles(county, [usb / "a.wsb"], ack_dir=tmp_path / "gone")


def test_an_unwritable_ack_folder_still_reports_the_import(
        demo_station: Database, county: CountyDatabase, usb: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    [path] = sync.export(demo_station, usb)
    import workstation.county.importer as importer

    def fail(*_a: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(importer, "write_atomically", fail)
    [result] = batch.import_bundles(county, [path]).results
    assert result.status == "imported" and result.ack_path is None
    assert "已导入，但无法写入确认文件" in result.message


def test_pending_referrals_across_stations(demo_station: Database, second_station: Database,
                                           county: CountyDatabase, usb: Path) -> None:
    for db in (demo_station, second_station):
        for path in sync.export(db, usb):
            import_bundle(county, path)
    today = date.today()
    pending = referrals.pending_referrals(county, today=today)
    expected = _undecided_forwarded(demo_station) | _undecided_forwarded(second_station)
    assert {p.referral_id for p in pending} == expected
    assert {p.division_code for p in pending} == {"130302100000", SECOND}
    keys = [(not p.urgent, -p.days_waiting(today)) for p in pending]
    assert keys == sorted(keys)
    for p in pending:
        assert p.applicant_name and p.number and p.matter_label
        assert "*" in p.applicant_id_masked and len(p.applicant_id_masked) == 18
        assert p.status in ("forwarded", "received") and p.forwarded_on is not None
        assert p.decision_due is not None and p.decision_due > p.forwarded_on
    full = dict(_station_sql(
        demo_station, "SELECT p.name, p.id_number FROM person p JOIN aid_referral r "
                      "ON r.applicant_id = p.id"))
    some = next(p for p in pending if p.division_code == "130302100000")
    number = full[some.applicant_name]
    assert some.applicant_id_masked == number[:6] + "********" + number[-4:]


def test_recording_a_decision_validates_each_field(demo_station: Database,
                                                   county: CountyDatabase, usb: Path) -> None:
    [path] = sync.export(demo_station, usb)
    import_bundle(county, path)
    p = referrals.pending_referrals(county)[0]
    today = date.today()

    def errors(**values: object) -> dict[str, str]:
        data = referrals.DecisionInput(**{"referral_id": p.referral_id, "decision": None,
                                          "decided_on": today, **values})
        with pytest.raises(ValidationError) as info:
            referrals.record_decision(county, data)
        return info.value.by_field

    assert set(errors()) == {"decision"}
    assert set(errors(decision="granted")) == {"lawyer"}
    assert set(errors(decision="denied", lawyer="  ")) == {"reason"}
    assert set(errors(decision="granted", lawyer="李明",
                      decided_on=today + timedelta(days=1))) == {"decided_on"}
    assert set(errors(decision="denied", reason="x" * 501)) == {"reason"}
    assert p.forwarded_on is not None
    early = errors(decision="granted", lawyer="李明", decided_on=p.forwarded_on
                   - timedelta(days=1))
    assert set(early) == {"decided_on"} and "转交日期" in early["decided_on"]
    with county.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM decision")).scalar_one() == 0


def test_a_decision_leaves_the_list_and_flows_back_to_the_station(
        demo_station: Database, county: CountyDatabase, usb: Path) -> None:
    db = demo_station
    [path] = sync.export(db, usb)
    sync.import_ack(db, import_bundle(county, path).ack_path)
    before = referrals.pending_referrals(county)
    p = before[-1]
    number = referrals.record_decision(county, referrals.DecisionInput(
        p.referral_id, "denied", date.today(), reason="经审查不符合经济困难标准"))
    assert number == p.number
    after = referrals.pending_referrals(county)
    assert [x.referral_id for x in after] == [x.referral_id for x in before[:-1]]
    [awaiting] = referrals.decided_awaiting_station(county)
    assert (awaiting.number, awaiting.decision_label, awaiting.reason) == (
        p.number, "不予法律援助", "经审查不符合经济困难标准")
    assert awaiting.applicant_name == p.applicant_name
    [row] = [s for s in overview.station_overview(county)]
    assert row.pending_referrals == len(after)

    # The next acknowledgement (a replay of the same bundle here) carries the decision.
    ack = batch.import_bundles(county, [path]).results[0].ack_path
    assert ack is not None
    body = sync.verified_ack(db, ack.read_bytes(), ack.name)
    assert [d["referral_id"] for d in body["decisions"]] == [p.referral_id]
    result = sync.import_ack(db, ack)
    assert result.decisions_applied == 1
    assert _station_sql(db, f"SELECT status, decision, decision_note FROM aid_referral "
                            f"WHERE id = '{p.referral_id}'") == [
        ("denied", "denied", "经审查不符合经济困难标准")]
    # Once the station's change comes up, the county no longer waits for it.
    [second] = sync.export(db, usb)
    import_bundle(county, second)
    assert referrals.decided_awaiting_station(county) == []
    with pytest.raises(SyncError, match="已记录了决定"):
        referrals.record_decision(county, referrals.DecisionInput(
            p.referral_id, "granted", date.today(), lawyer="李明"))


def test_only_forwarded_referrals_can_be_decided(demo_station: Database,
                                                 county: CountyDatabase, usb: Path) -> None:
    [path] = sync.export(demo_station, usb)
    import_bundle(county, path)
    [(draft,)] = _station_sql(demo_station, "SELECT id FROM aid_referral WHERE status = "
                                            "'draft' ORDER BY id LIMIT 1")
    with pytest.raises(SyncError, match="只有已转交的申请才能决定"):
        service.decide(county, draft, "denied", reason="不符合")


def test_missing_county_database_is_told_apart(tmp_path: Path) -> None:
    with pytest.raises(CountyNotFound, match="找不到县级数据库"):
        open_county(tmp_path / "nothing.db")
    station_db = tmp_path / "station.db"
    station_db.write_bytes(b"")
    with pytest.raises(SyncError) as info:
        open_county(station_db)
    assert not isinstance(info.value, CountyNotFound)
    assert "不是县级数据库" in str(info.value)


def test_a_county_made_before_refusals_were_recorded_gets_the_table(
        county: CountyDatabase) -> None:
    with county.write() as conn:
        conn.execute(text("DROP TABLE bundle_refusal"))
    again = reopen(county)
    try:
        with again.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM bundle_refusal")).scalar_one() == 0
    finally:
        again.dispose()
